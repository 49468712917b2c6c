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
    their roll-up through each finer unit's parent;
  * damage (ref_damage.py): each asset or piece is assessed at its own intensity; rows gain
    a damage_state and kerusakan_rp; the Jitupasna recap (ref_recap.py) per unit of each level:
    jitupasna_sector, jitupasna_cluster, population_needs and admin_summary's recap fields.
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
from ref_damage import DamageModel  # noqa: E402
from ref_exposure import MEASURES, UNCHECKED, Tally, count_exposure  # noqa: E402
from ref_hazard import load_hazard  # noqa: E402
from ref_io import UsageError, open_dataset  # noqa: E402
from ref_recap import RECAP_KEYS, recap_level  # noqa: E402

MEASURE_NAMES = ("count", "length_m", "area_m2", "population")
MONEY = "kerusakan_rp"


class Context:
    def __init__(self, base, admin, hazard):
        self.base, self.admin, self.hazard = base, admin, hazard


def run(scenario_path):
    """-> ({table name: {key: {measure: value}}}, {exposure: kind}, totals, stats,
    {recap table name: (key columns, {key: {field: value}})})."""
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
    model = DamageModel(base, sc)
    tally, totals = Tally(model), {}
    for spec in sc["exposures"]:
        t0 = time.time()
        totals[spec.get("name")] = count_exposure(ctx, spec, tally, stats) + (time.time() - t0,)

    tables, recap = {}, {}
    class_names = ctx.hazard.classes.labels[:-2]
    main_codes = [u.code for u in admin.main.units]
    if admin.sub is None:
        tables["impact_summary"] = dict(tally.rows)
        levels = [("", tally.rows, tally.korban, main_codes)]
    else:  # the finer level as counted, the main level as its roll-up
        sub, main = {}, defaultdict(lambda: defaultdict(float))
        for (code, exp, asset, hc, ds), m in tally.rows.items():
            parent = admin.parent_of.get(code) if code is not None else None
            sub[(code, parent, exp, asset, hc, ds)] = m
            for name, v in m.items():
                main[(parent, exp, asset, hc, ds)][name] += v
        korban = defaultdict(float)
        for code, v in tally.korban.items():
            korban[admin.parent_of.get(code) if code is not None else None] += v
        tables["impact_summary"] = dict(main)
        tables[f"impact_summary_{admin.sub_name}"] = sub
        levels = [("", main, korban, main_codes),
                  (f"_{admin.sub_name}", tally.rows, tally.korban,
                   [u.code for u in admin.sub.units])]
    if model.active:
        for suffix, rows, korban, codes in levels:
            for name, t in recap_level(rows, korban, model, tally.kind_of, class_names,
                                       codes).items():
                recap[name + suffix] = (RECAP_KEYS[name], t)
    return tables, tally.kind_of, totals, stats, recap, model


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
    has_state = defn.GetFieldIndex("damage_state") >= 0
    has_money = defn.GetFieldIndex(MONEY) >= 0
    rows = {}
    for f in lyr:
        key = tuple(f.GetField(c) for c in cols) + \
            ((f.GetField("damage_state") if has_state else None),)
        if key in rows:
            problems.append(f"{name}: duplicate key {key}")
        rows[key] = {m: f.GetField(m) for m in MEASURE_NAMES}
        rows[key][MONEY] = f.GetField(MONEY) if has_money else None
    return rows, problems


def close(measure, a, b):
    if measure in ("count", "population", MONEY):
        return abs(a - b) <= max(1e-6 * max(abs(a), abs(b)), 1e-6)
    return abs(a - b) <= max(1e-3 * max(abs(a), abs(b)), 0.01)  # 0.1 % or 0.01 m / m2


def compare_table(name, expected, actual, kind_of, exp_pos):
    """Mismatch messages for one table; exp_pos is the index of `exposure` in the key, the
    damage state is the key's last item (None: no vulnerability, kerusakan_rp NULL)."""
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
            theirs[MONEY] = None if key[-1] is None else 0.0
        problems = []
        if key[-1] is None:
            if theirs.get(MONEY) is not None:
                problems.append(f"{MONEY}: expected NULL (no vulnerability), tool "
                                f"{theirs[MONEY]!r}")
        elif theirs.get(MONEY) is None:
            problems.append(f"{MONEY}: reference {mine.get(MONEY, 0.0)!r}, tool NULL")
        elif not close(MONEY, mine.get(MONEY, 0.0), theirs[MONEY]):
            a = mine.get(MONEY, 0.0)
            problems.append(f"{MONEY}: reference {a:.9g}, tool {theirs[MONEY]:.9g} "
                            f"(diff {theirs[MONEY] - a:+.6g})")
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


def read_recap_table(path, name, key_cols, fields):
    """({key: {field: value}}, problems) of a recap table; rows None when it is missing."""
    ds = open_dataset("", {"source": path}, "--compare")[0]
    lyr = ds.GetLayerByName(name)
    if lyr is None:
        return None, [f"{path} has no table {name}"]
    defn = lyr.GetLayerDefn()
    problems = []
    for col in key_cols:
        if defn.GetFieldIndex(col) < 0:
            raise UsageError(f"{path}: {name} has no column {col!r}")
    present = [f for f in sorted(fields) if defn.GetFieldIndex(f) >= 0]
    for f in sorted(set(fields) - set(present)):
        problems.append(f"{name}: no column {f!r}")
    rows = {}
    for feat in lyr:
        key = tuple(feat.GetField(c) for c in key_cols)
        if key in rows:
            problems.append(f"{name}: duplicate key {key}")
        rows[key] = {f: feat.GetField(f) for f in present}
    return (rows, set(present)), problems


def compare_recap(name, expected, actual, columns):
    """Mismatch messages of a recap table: every field to 1e-6 relative (1e-6 absolute), a
    key missing on one side compares as zeros; peringkat_prioritas exactly, except that units
    whose scores tie (within 1e-9) may come in either order."""
    bad, matched = [], 0
    fields = sorted({f for row in expected.values() for f in row})
    tied = {}
    if any("peringkat_prioritas" in r for r in expected.values()):
        scores = {k: r["skor_prioritas"] for k, r in expected.items()}
        for k, r in expected.items():
            same = [kk for kk, v in scores.items()
                    if abs(v - scores[k]) <= 1e-9 * max(abs(v), abs(scores[k]), 1e-12)]
            ranks = [expected[kk]["peringkat_prioritas"] for kk in same]
            tied[k] = (min(ranks), max(ranks))
    for key in sorted(set(expected) | set(actual), key=key_order):
        mine, theirs = expected.get(key), actual.get(key)
        where = "" if theirs is not None else " (no such row in the tool output)"
        if mine is None:
            mine = {}
            where = " (no such row in the reference)"
        theirs = theirs or {}
        problems = []
        for f in fields:
            if f not in columns:
                continue  # reported once as a missing column
            a, b = mine.get(f, 0.0), theirs.get(f)
            if a is None:  # the reference expects NULL (a figure the run cannot know)
                if b is not None:
                    problems.append(f"{f}: reference NULL, tool {b:.9g}")
                continue
            if b is None:
                b = 0.0 if key not in actual else None
            if b is None:
                problems.append(f"{f}: reference {a:.9g}, tool NULL")
            elif f == "peringkat_prioritas" and key in tied:
                lo, hi = tied[key]
                if not lo <= b <= hi:
                    problems.append(f"{f}: reference {a:g}, tool {b:g}")
            elif not close("count", a, b):
                problems.append(f"{f}: reference {a:.9g}, tool {b:.9g} (diff {b - a:+.6g})")
        if problems:
            bad.append(f"{name} {fmt_key(key)}{where}: " + "; ".join(problems))
        else:
            matched += 1
    return bad, matched


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
    ap.add_argument("--recap-csv", metavar="OUT.csv", help="write the reference's recap tables "
                    "(long form: table, key, field, value)")
    ap.add_argument("--compare", metavar="OUTPUT.gpkg")
    args = ap.parse_args()  # argparse exits 2 on usage errors
    try:
        tables, kind_of, totals, stats, recap, model = run(args.scenario)
        actual, actual_recap = {}, {}
        if args.compare:
            for name in tables:
                actual[name] = read_tool_table(args.compare, name, name != "impact_summary")
            for name, (key_cols, rows) in recap.items():
                fields = {f for r in rows.values() for f in r}
                actual_recap[name] = read_recap_table(args.compare, name, key_cols, fields)
            if not recap:
                ds = open_dataset("", {"source": args.compare}, "--compare")[0]
                for i in range(ds.GetLayerCount()):
                    lname = ds.GetLayer(i).GetName()
                    if lname.startswith(("jitupasna_", "population_needs")):
                        actual_recap[lname] = (None, [f"the tool wrote {lname}, the reference "
                                                      "expects no recap (no vulnerability, "
                                                      "no population)"])
    except UsageError as e:
        print(f"reference: error: {e}", file=sys.stderr)
        sys.exit(2)

    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["table", "admin_code", "parent_code", "exposure", "asset_type",
                        "hazard_class", "damage_state"] + list(MEASURE_NAMES) + [MONEY])
            for name, rows in tables.items():
                for k, m in sorted(rows.items(), key=lambda kv: key_order(kv[0])):
                    k = k if len(k) == 6 else (k[0], None) + k[1:]
                    w.writerow([name] + ["" if x is None else x for x in k] +
                               ["" if x not in m else m[x] for x in MEASURE_NAMES + (MONEY,)])
    if args.recap_csv:
        with open(args.recap_csv, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["table", "key", "field", "value"])
            for name, (_cols, rows) in recap.items():
                for k, row in sorted(rows.items(), key=lambda kv: key_order(kv[0])):
                    for f, v in sorted(row.items()):
                        w.writerow([name, "|".join("" if x is None else str(x) for x in k), f, v])

    if all(kind == "structure" for kind in kind_of.values()):
        n = sum(t[1] for t in totals.values())
        print(f"reference: total {n:g} buildings")
    for exp, (features, total, seconds) in totals.items():
        print(f"reference: exposure {exp} ({kind_of[exp]}): {features} features/cells, "
              f"total count {total:.6f} ({seconds:.1f} s)")
    per_class = defaultdict(lambda: defaultdict(float))
    for k, m in tables["impact_summary"].items():
        for name, v in m.items():
            per_class[(k[1], k[3], k[4] or "")][name] += v
    for (exp, hc, ds), m in sorted(per_class.items()):
        print(f"  {exp:<12} {hc:<14} {ds:<13}" +
              "  ".join(f"{n}={v:.6f}" for n, v in m.items()))
    for name, (_cols, rows) in recap.items():
        if name == "admin_summary":
            tot = defaultdict(float)
            for row in rows.values():
                for f in ("kerusakan_rp", "kerugian_rp", "kebutuhan_rp", "penduduk",
                          "terdampak", "pengungsi", "korban_jiwa"):
                    tot[f] += row[f] or 0.0
            print("  recap: " + "  ".join(f"{f}={v:.6f}" for f, v in tot.items()))
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
        for name, (rows, bad) in actual_recap.items():
            matched = 0
            if rows is not None:
                mismatches, matched = compare_recap(name, recap[name][1], *rows)
                bad = bad + mismatches
            for line in bad:
                print(f"MISMATCH {line}")
            if bad:
                print(f"reference: {name}: {len(bad)} mismatches, {matched} keys match")
                failures += len(bad)
            else:
                print(f"reference: {name}: {matched} keys match")
        if failures:
            print(f"reference: {failures} mismatches")
            sys.exit(1)
        n = sum(len(t) for t in tables.values()) + sum(len(t) for _, t in recap.values())
        print(f"reference: {n} rows; all keys match")


if __name__ == "__main__":
    main()
