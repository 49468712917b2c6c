#!/usr/bin/python3
"""Independent reference implementation of jitupasna's building counting rules.

Usage: reference_counts.py SCENARIO.yaml [--csv OUT.csv] [--compare OUTPUT.gpkg]

Deliberately simple and slow-but-obvious: it shares no code or algorithm with the
C++ tool, so agreement between the two is meaningful.  Rules implemented:
  * hazard sampling in the raster's CRS: `centroid` = cell containing the
    footprint centroid; `max` = highest value over cells whose AREA intersects
    the footprint (edge/corner contact does not count); nodata/NaN/outside
    cells are "no value";
  * hazard class = first listed class with min < v <= max, else "not_affected";
    no value -> "not_exposed";
  * admin unit (in the admin CRS) = first unit covering the centroid, else the
    unit with the largest intersection area (> 0), else outside (NULL code).
Exit codes: 0 ok / match, 1 mismatch, 2 usage or input error.
"""
import argparse
import csv
import math
import os
import sys
import warnings
from collections import Counter

import numpy as np
import yaml
from osgeo import gdal, ogr, osr
from shapely import wkb
from shapely.geometry import box
from shapely.prepared import prep
from shapely.strtree import STRtree

try:
    from shapely.validation import make_valid
except ImportError:  # GEOS < 3.8
    make_valid = None

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

OUTSIDE = None          # admin code of buildings in no admin unit
OTHER_TYPE = "lainnya"


class UsageError(Exception):
    pass


def repair(geom):
    """Make a polygonal geometry valid without dropping area (bowties etc.)."""
    if geom.is_valid:
        return geom
    return make_valid(geom) if make_valid else geom.buffer(0)


def to_text(value):
    """Field value -> text code; integral numbers print without '.0'."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def srs_of(native, override, what):
    """Dataset CRS, or the scenario's `crs` when the file has none; x=lon order."""
    if native is not None:
        srs = native.Clone()
    elif override:
        srs = osr.SpatialReference()
        srs.SetFromUserInput(str(override))
    else:
        raise UsageError(f"{what}: the file has no CRS and the scenario gives no 'crs'")
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def transformer(src, dst):
    """Return f(ogr.Geometry) -> shapely geometry in dst."""
    ct = None if src.IsSame(dst) else osr.CoordinateTransformation(src, dst)

    def f(g):
        g = g.Clone()
        if ct is not None:
            g.Transform(ct)
        return wkb.loads(bytes(g.ExportToIsoWkb()))
    return f


def open_vector(path, what):
    try:
        ds = ogr.Open(path)
    except RuntimeError as e:
        raise UsageError(f"{what}: cannot open {path}: {e}")
    if ds is None:  # ogr.Open may return None instead of raising
        raise UsageError(f"{what}: cannot open {path}")
    return ds


def open_layer(base, spec, what):
    if not isinstance(spec, dict) or "source" not in spec:
        raise UsageError(f"{what}: 'source' is required")
    path = os.path.join(base, spec["source"])
    ds = open_vector(path, what)
    name = spec.get("layer")
    if name is None and ds.GetLayerCount() != 1:
        raise UsageError(f"{what}: {path} has {ds.GetLayerCount()} layers, give 'layer'")
    lyr = ds.GetLayerByName(str(name)) if name is not None else ds.GetLayer(0)
    if lyr is None:
        raise UsageError(f"{what}: no layer {name!r} in {path}")
    defn = lyr.GetLayerDefn()
    for key in ("code_field", "name_field", "type_field"):
        if key in spec and defn.GetFieldIndex(spec[key]) < 0:
            raise UsageError(f"{what}: no field {spec[key]!r} in {path}")
    return ds, lyr, srs_of(lyr.GetSpatialRef(), spec.get("crs"), what)


class Raster:
    def __init__(self, base, spec):
        if not isinstance(spec, dict) or "source" not in spec:
            raise UsageError("hazard: 'source' is required")
        path = os.path.join(base, spec["source"])
        try:
            self.ds = gdal.Open(path)
        except RuntimeError as e:
            raise UsageError(f"hazard: cannot open {path}: {e}")
        if self.ds is None:
            raise UsageError(f"hazard: cannot open {path}")
        band = self.ds.GetRasterBand(int(spec.get("band", 1)))
        self.srs = srs_of(self.ds.GetSpatialRef(), spec.get("crs"), "hazard")
        self.ox, self.pw, rx, self.oy, ry, self.ph = self.ds.GetGeoTransform()
        assert rx == 0 and ry == 0, "rotated rasters are not supported"
        raw = band.ReadAsArray()
        nodata = band.GetNoDataValue()
        a = raw.astype(np.float64)
        valid = ~np.isnan(a)
        if nodata is not None:
            # compare in the band's own precision (-9999 is stored as float32)
            valid &= raw != np.array(nodata).astype(raw.dtype)
        self.values = np.where(valid, a, np.nan)
        self.rows, self.cols = a.shape

    def value(self, r, c):
        """Cell value or None (outside the grid, nodata or NaN)."""
        if 0 <= r < self.rows and 0 <= c < self.cols:
            v = self.values[r, c]
            return None if math.isnan(v) else float(v)
        return None

    def cell_of(self, x, y):
        return math.floor((y - self.oy) / self.ph), math.floor((x - self.ox) / self.pw)

    def cell_box(self, r, c):
        x0, x1 = self.ox + c * self.pw, self.ox + (c + 1) * self.pw
        y0, y1 = self.oy + r * self.ph, self.oy + (r + 1) * self.ph
        return box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def sample_centroid(self, geom):
        pt = geom if geom.geom_type == "Point" else geom.centroid
        return self.value(*self.cell_of(pt.x, pt.y))

    def sample_max(self, geom, stats):
        if geom.geom_type == "Point":
            return self.value(*self.cell_of(geom.x, geom.y))
        if geom.geom_type == "MultiPoint":
            vals = [self.value(*self.cell_of(p.x, p.y)) for p in geom.geoms]
            vals = [v for v in vals if v is not None]
            return max(vals) if vals else None
        geom = repair(geom)
        minx, miny, maxx, maxy = geom.bounds
        (ra, ca), (rb, cb) = self.cell_of(minx, miny), self.cell_of(maxx, maxy)
        # widen by one cell so floating-point rounding in floor() can never
        # drop a candidate; the area test below decides membership
        cands = []
        for r in range(max(min(ra, rb) - 1, 0), min(max(ra, rb) + 1, self.rows - 1) + 1):
            for c in range(max(min(ca, cb) - 1, 0), min(max(ca, cb) + 1, self.cols - 1) + 1):
                v = self.value(r, c)
                if v is not None:
                    cands.append((v, r, c))
        cands.sort(reverse=True)  # the first cell with positive overlap is the max
        for v, r, c in cands:
            area = self.cell_box(r, c).intersection(geom).area
            if area > 0:
                if area < 1e-9 * abs(self.pw * self.ph):
                    stats["max decided by a sliver overlap (<1e-9 cell)"] += 1
                return v
        return None


def classify(v, classes):
    if v is None:
        return "not_exposed"
    for c in classes:
        lo, hi = c.get("min"), c.get("max")
        if (lo is None or lo < v) and (hi is None or v <= hi):
            return c["name"]
    return "not_affected"


class Admin:
    def __init__(self, base, spec):
        self.ds, lyr, self.srs = open_layer(base, spec, "admin")
        for key in ("code_field", "name_field"):
            if key not in spec:
                raise UsageError(f"admin: '{key}' is required")
        self.units = []   # (order, code, name, geometry, prepared)
        self.invalid = 0
        for i, f in enumerate(lyr):
            g = f.GetGeometryRef()
            if g is None or g.IsEmpty():
                continue
            shp = wkb.loads(bytes(g.ExportToIsoWkb()))
            if not shp.is_valid:
                self.invalid += 1
                shp = repair(shp)
            code = to_text(f.GetField(spec["code_field"]))
            if code is None:
                raise UsageError(f"admin: feature {f.GetFID()} has a NULL {spec['code_field']}")
            self.units.append((i, code, f.GetField(spec["name_field"]), shp, prep(shp)))
        with warnings.catch_warnings():  # shapely 1.8 warns about the 2.0 API change
            warnings.simplefilter("ignore")
            self.tree = STRtree([u[3] for u in self.units])
        self.by_id = {id(u[3]): u for u in self.units}

    def assign(self, geom, stats):
        """Admin code of a building geometry already in the admin CRS."""
        if geom is None or geom.is_empty:
            return OUTSIDE
        centroid = geom if geom.geom_type == "Point" else geom.centroid
        hits = sorted((self.by_id[id(g)] for g in self.tree.query(geom)), key=lambda u: u[0])
        covering = [u for u in hits if u[4].covers(centroid)]
        if len(covering) > 1:
            stats["centroid covered by >1 admin unit (first wins)"] += 1
        if covering:
            return covering[0][1]
        if geom.geom_type in ("Point", "MultiPoint"):
            return OUTSIDE
        stats["centroid in no admin unit (fell back to largest overlap)"] += 1
        best, best_area = OUTSIDE, 0.0
        for u in hits:  # layer order, strict '>' keeps the first on ties
            area = u[3].intersection(repair(geom)).area
            if area > best_area:
                best, best_area = u[1], area
        return best


def count_exposure(base, spec, admin, raster, stats):
    name = spec.get("name")
    if not name:
        raise UsageError("every exposure needs a 'name'")
    if spec.get("kind", "structure") != "structure":
        raise UsageError(f"exposure {name}: only kind 'structure' is supported")
    sampling = spec.get("sampling", "centroid")
    if sampling not in ("centroid", "max"):
        raise UsageError(f"exposure {name}: sampling must be centroid or max")
    _ds, lyr, srs = open_layer(base, spec, f"exposure {name}")
    to_raster, to_admin = transformer(srs, raster.srs), transformer(srs, admin.srs)
    lookup = {}
    for asset, raws in (spec.get("types") or {}).items():
        for raw in (raws if isinstance(raws, list) else [raws]):
            lookup[to_text(raw)] = asset
    counts, n = Counter(), 0
    for f in lyr:
        n += 1
        raw = to_text(f.GetField(spec["type_field"])) if "type_field" in spec else None
        asset = lookup.get(raw, OTHER_TYPE)
        g = f.GetGeometryRef()
        if g is None or g.IsEmpty():
            stats["building without geometry"] += 1
            counts[(OUTSIDE, name, asset, "not_exposed")] += 1
            continue
        hz = to_raster(g)
        if hz.geom_type not in ("Point", "MultiPoint", "Polygon", "MultiPolygon"):
            raise UsageError(f"exposure {name}: unsupported geometry {hz.geom_type}")
        if not hz.is_valid:
            stats["invalid building footprint (repaired for overlaps)"] += 1
        v = raster.sample_centroid(hz) if sampling == "centroid" else raster.sample_max(hz, stats)
        if v is not None and any(v == float(np.float32(b)) != b for b in raster.bounds):
            # float32 raster value == float32(bound) but != the bound as a double:
            # the class depends on the precision the comparison is done in
            stats["value equals float32(class bound), precision-sensitive"] += 1
        counts[(admin.assign(to_admin(g), stats), name, asset, classify(v, raster.classes))] += 1
    if sum(counts.values()) != n or n != lyr.GetFeatureCount():
        raise RuntimeError(f"internal error: counted {sum(counts.values())} of {n} features")
    return counts


def run(scenario_path):
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
    admin = Admin(base, sc["admin"])
    if admin.invalid:
        stats["invalid admin polygons (repaired)"] = admin.invalid
    raster = Raster(base, sc["hazard"])
    raster.classes = []
    for c in sc["hazard"].get("classes") or []:
        if not isinstance(c, dict) or "name" not in c:
            raise UsageError(f"hazard class without a name: {c!r}")
        raster.classes.append({k: (c[k] if k == "name" else float(c[k]))
                               for k in ("name", "min", "max") if c.get(k) is not None})
    raster.bounds = [c[k] for c in raster.classes for k in ("min", "max") if k in c]
    counts = Counter()
    for spec in sc["exposures"]:
        counts.update(count_exposure(base, spec, admin, raster, stats))
    return counts, stats


def read_tool_output(path):
    ds = open_vector(path, "--compare")
    lyr = ds.GetLayerByName("impact_summary")
    if lyr is None:
        raise UsageError(f"{path} has no table impact_summary")
    defn = lyr.GetLayerDefn()
    for col in ("admin_code", "exposure", "asset_type", "hazard_class", "count"):
        if defn.GetFieldIndex(col) < 0:
            raise UsageError(f"{path}: impact_summary has no column {col!r}")
    out, problems = Counter(), []
    if defn.GetFieldDefn(defn.GetFieldIndex("admin_code")).GetType() != ogr.OFTString:
        problems.append("impact_summary.admin_code is not a TEXT column")
    for f in lyr:
        key = (f.GetField("admin_code"), f.GetField("exposure"),
               f.GetField("asset_type"), f.GetField("hazard_class"))
        if key in out:
            problems.append(f"duplicate key in impact_summary: {key}")
        out[key] += f.GetField("count") or 0.0
    return out, problems


def key_order(key):
    """Sort key for (admin_code, exposure, asset_type, hazard_class); outside first."""
    return tuple("" if x is None else str(x) for x in key)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--csv", metavar="OUT.csv")
    ap.add_argument("--compare", metavar="OUTPUT.gpkg")
    args = ap.parse_args()  # argparse exits 2 on usage errors
    try:
        counts, stats = run(args.scenario)
        tool = read_tool_output(args.compare) if args.compare else None
    except UsageError as e:
        print(f"reference: error: {e}", file=sys.stderr)
        sys.exit(2)

    rows = sorted(counts.items(), key=lambda kv: key_order(kv[0]))
    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["admin_code", "exposure", "asset_type", "hazard_class", "count"])
            for k, c in rows:
                w.writerow(["" if k[0] is None else k[0], k[1], k[2], k[3], c])

    print(f"reference: total {sum(counts.values())} buildings")
    per_class = Counter()
    for k, c in counts.items():
        per_class[(k[1], k[3])] += c
    for (exp, hc), c in sorted(per_class.items()):
        print(f"  {exp:<12} {hc:<14} {c}")
    for note, c in sorted(stats.items()):
        print(f"  note: {note}: {c}")

    if tool is not None:
        theirs, bad = tool
        for k in sorted(set(counts) | set(theirs), key=key_order):
            a, b = counts.get(k, 0), theirs.get(k, 0.0)
            if (a or b) and abs(a - b) >= 1e-9:
                bad.append(f"MISMATCH {k}: reference {a}, tool {b}")
        for line in bad:
            print(line)
        if bad:
            print(f"reference: {len(bad)} mismatches")
            sys.exit(1)
        n = sum(1 for k in set(counts) | set(theirs) if counts.get(k) or theirs.get(k))
        print(f"reference: {n} keys match")


if __name__ == "__main__":
    main()
