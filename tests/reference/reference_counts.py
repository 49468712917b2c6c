#!/usr/bin/python3
"""Independent reference implementation of jitupasna's counting rules.

Usage: reference_counts.py SCENARIO.yaml [--csv OUT.csv] [--compare OUTPUT.gpkg]

Deliberately simple and slow-but-obvious (GDAL/OGR for reading, shapely for geometry,
pyproj.Geod for geodesic measures): it shares no code or algorithm with the C++ tool, so
agreement between the two is meaningful. Modules:
  ref_io.py        opening inputs, CRSs, reprojection, repair, geodesic length/area
  ref_admin.py     admin levels: locating structures, splitting lines/polygons, parents
  ref_hazard.py    raster / ShakeMap grid.xml / vector hazards: sampling and splitting
  ref_exposure.py  structure, road, area, aggregate, population (polygons or raster)
Rules (see README.md "Counting rules" and docs/scenario.md):
  * raster sampling in the raster's CRS: `centroid` = cell containing the centroid; `max` =
    highest value over cells whose AREA the footprint intersects; `mean` = area-weighted
    mean over covered cells with a value; `majority` = class covering the largest covered
    area (ties: the more severe); nodata/NaN/outside = no value; a point on a cell edge
    belongs to the cell to its east/south;
  * vector hazards (in the admin CRS, repaired): where polygons overlap the most severe
    wins (class order; higher value first); NULL/empty class values are no hazard;
  * class = first class with min < v <= max, else not_affected; no value -> not_exposed;
  * structures: admin unit = first unit covering the centroid, else the largest overlap,
    else outside (NULL code);
  * roads/areas/aggregates/population polygons are split at admin-unit and hazard
    boundaries (each unit/zone in order takes what it covers of what is left) and
    measured geodesically on WGS 84; counts are shares of the feature's measure;
  * with admin.sublevel, assets are located in the finer units and the main level is
    their roll-up through each finer unit's parent.
Exit codes: 0 ok / match, 1 mismatch, 2 usage or input error.
"""
import argparse
import csv
import os
import sys
import time
from collections import Counter, defaultdict

import yaml

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
from ref_admin import AdminModel  # noqa: E402
from ref_exposure import MEASURES, UNCHECKED, Tally, count_exposure  # noqa: E402
from ref_hazard import load_hazard  # noqa: E402
from ref_io import UsageError, open_dataset  # noqa: E402

MEASURE_NAMES = ("count", "length_m", "area_m2", "population")


class Context:
    def __init__(self, base, admin, hazard):
        self.base, self.admin, self.hazard = base, admin, hazard


def run(scenario_path):
    """-> ({table name: {key: {measure: value}}}, {exposure: kind}, totals, stats)."""
    try:
        with open(scenario_path) as fh:
            sc = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as e:
        raise UsageError(f"cannot read scenario {scenario_path}: {e}")
    if not isinstance(sc, dict):
        raise UsageError("scenario must be a YAML mapping")
    for key in ("admin", "hazard", "exposures"):
        if key not in sc:
            raise UsageError(f"scenario: '{key}' is required")
    base = os.path.dirname(os.path.abspath(scenario_path))
    stats = Counter()
    admin = AdminModel(base, sc["admin"], stats)
    ctx = Context(base, admin, load_hazard(base, sc["hazard"], admin.srs, stats))
    tally, totals = Tally(), {}
    for spec in sc["exposures"]:
        t0 = time.time()
        totals[spec.get("name")] = count_exposure(ctx, spec, tally, stats) + (time.time() - t0,)

    tables = {}
    if admin.sub is None:
        tables["impact_summary"] = dict(tally.rows)
    else:  # the finer level as counted, the main level as its roll-up
        sub, main = {}, defaultdict(lambda: defaultdict(float))
        for (code, exp, asset, hc), m in tally.rows.items():
            parent = admin.parent_of.get(code) if code is not None else None
            sub[(code, parent, exp, asset, hc)] = m
            for name, v in m.items():
                main[(parent, exp, asset, hc)][name] += v
        tables["impact_summary"] = dict(main)
        tables[f"impact_summary_{admin.sub_name}"] = sub
    return tables, tally.kind_of, totals, stats


# ---------------------------------------------------------------- comparison with the tool

def read_tool_table(path, name, with_parent):
    """({key: {measure: value}}, problems); rows None when the table is missing."""
    ds = open_dataset("", {"source": path}, "--compare")[0]
    lyr = ds.GetLayerByName(name)
    if lyr is None:
        return None, [f"{path} has no table {name}"]
    defn = lyr.GetLayerDefn()
    cols = ["admin_code"] + (["parent_code"] if with_parent else []) + \
        ["exposure", "asset_type", "hazard_class"]
    problems = []
    for col in cols + list(MEASURE_NAMES):
        if defn.GetFieldIndex(col) < 0:
            raise UsageError(f"{path}: {name} has no column {col!r}")
    if defn.GetFieldDefn(defn.GetFieldIndex("admin_code")).GetType() != 4:  # OFTString
        problems.append(f"{name}.admin_code is not a TEXT column")
    rows = {}
    for f in lyr:
        key = tuple(f.GetField(c) for c in cols)
        if key in rows:
            problems.append(f"{name}: duplicate key {key}")
        rows[key] = {m: f.GetField(m) for m in MEASURE_NAMES}
    return rows, problems


def close(measure, a, b):
    if measure in ("count", "population"):
        return abs(a - b) <= max(1e-6 * max(abs(a), abs(b)), 1e-6)
    return abs(a - b) <= max(1e-3 * max(abs(a), abs(b)), 0.01)  # 0.1 % or 0.01 m / m2


def compare_table(name, expected, actual, kind_of, exp_pos):
    """Mismatch messages for one table; exp_pos is the index of `exposure` in the key."""
    bad, notes, matched = [], Counter(), 0
    for key in sorted(set(expected) | set(actual), key=key_order):
        kind = kind_of.get(key[exp_pos])
        if kind is None:
            bad.append(f"{name} {key}: exposure not in the scenario")
            continue
        mine, theirs = expected.get(key, {}), actual.get(key)
        values = [abs(v) for v in mine.values()] + \
            [abs(v) for v in (theirs or {}).values() if v is not None]
        if max(values, default=0) < 1e-6:
            continue  # nothing on either side
        where = "" if theirs is not None else " (no such row in the tool output)"
        if theirs is None:  # compares as zeros (so noise-sized rows may be absent)
            theirs = {m: (0.0 if m in MEASURES[kind] else None) for m in MEASURE_NAMES}
        problems = []
        for m in MEASURE_NAMES:
            if m in UNCHECKED.get(kind, ()):
                if theirs[m] is not None:
                    notes[f"{name}: {m} of a {kind} exposure is {theirs[m]!r}, not NULL"] += 1
                continue
            if m not in MEASURES[kind]:
                if theirs[m] is not None:
                    problems.append(f"{m}: expected NULL, tool {theirs[m]!r}")
                continue
            a = mine.get(m, 0.0)  # a key only the tool has compares as zeros
            if theirs[m] is None:
                problems.append(f"{m}: reference {a!r}, tool NULL")
            elif not close(m, a, theirs[m]):
                problems.append(f"{m}: reference {a:.9g}, tool {theirs[m]:.9g} "
                                f"(diff {theirs[m] - a:+.6g})")
        if problems:
            bad.append(f"{name} {fmt_key(key)}{where}: " + "; ".join(problems))
        else:
            matched += 1
    return bad, notes, matched


def key_order(key):
    """Sort key; outside (NULL admin code) first."""
    return tuple("" if x is None else str(x) for x in key)


def fmt_key(key):
    return "(" + ", ".join("NULL" if k is None else str(k) for k in key) + ")"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--csv", metavar="OUT.csv", help="write the reference's tables (one CSV; "
                    "column `table` tells which)")
    ap.add_argument("--compare", metavar="OUTPUT.gpkg")
    args = ap.parse_args()  # argparse exits 2 on usage errors
    try:
        tables, kind_of, totals, stats = run(args.scenario)
        actual = {}
        if args.compare:
            for name in tables:
                actual[name] = read_tool_table(args.compare, name, name != "impact_summary")
    except UsageError as e:
        print(f"reference: error: {e}", file=sys.stderr)
        sys.exit(2)

    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["table", "admin_code", "parent_code", "exposure", "asset_type",
                        "hazard_class"] + list(MEASURE_NAMES))
            for name, rows in tables.items():
                for k, m in sorted(rows.items(), key=lambda kv: key_order(kv[0])):
                    k = k if len(k) == 5 else (k[0], None) + k[1:]
                    w.writerow([name] + ["" if x is None else x for x in k] +
                               ["" if x not in m else m[x] for x in MEASURE_NAMES])

    if all(kind == "structure" for kind in kind_of.values()):
        n = sum(t[1] for t in totals.values())
        print(f"reference: total {n:g} buildings")
    for exp, (features, total, seconds) in totals.items():
        print(f"reference: exposure {exp} ({kind_of[exp]}): {features} features/cells, "
              f"total count {total:.6f} ({seconds:.1f} s)")
    per_class = defaultdict(lambda: defaultdict(float))
    for k, m in tables["impact_summary"].items():
        for name, v in m.items():
            per_class[(k[1], k[3])][name] += v
    for (exp, hc), m in sorted(per_class.items()):
        print(f"  {exp:<12} {hc:<14} " + "  ".join(f"{n}={v:.6f}" for n, v in m.items()))
    for note, c in sorted(stats.items()):
        print(f"  note: {note}: {c}")

    if args.compare:
        failures = 0
        for name, expected in tables.items():
            rows, bad = actual[name]
            notes, matched = {}, 0
            if rows is not None:
                mismatches, notes, matched = compare_table(
                    name, expected, rows, kind_of, 2 if name != "impact_summary" else 1)
                bad += mismatches
            for line in bad:
                print(f"MISMATCH {line}")
            for note, c in sorted(notes.items()):
                print(f"  note: {note} ({c} rows)")
            if bad:
                print(f"reference: {name}: {len(bad)} mismatches, {matched} keys match")
                failures += len(bad)
            else:
                print(f"reference: {name}: {matched} keys match")
        if failures:
            print(f"reference: {failures} mismatches")
            sys.exit(1)
        print(f"reference: {sum(len(t) for t in tables.values())} rows; all keys match")


if __name__ == "__main__":
    main()
