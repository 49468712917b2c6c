"""Exposure kinds for the reference. Each returns {(admin code, exposure, asset type, hazard
class): {measure: value}} at the level assets are located in (the sublevel when there is one).

  structure   indivisible points/polygons: count (number_field, NULL -> 1)
  road        lines split at admin and hazard boundaries: geodesic length_m; count = share
  area        polygons split the same way: geodesic area_m2; count = share of the area
  aggregate   polygons carrying a count (count_field or a joined table) x count_scale,
              split by geodesic area share; area_m2 too
  population  the same with the count also in `population`; without count_field, a
              population raster whose cells are split over admin units by exact area share
              and classed by the hazard at the cell centre
"""
import math
from collections import defaultdict

import numpy as np
from shapely.geometry import Polygon, box
from shapely.prepared import prep

from ref_admin import OUTSIDE
from ref_hazard import NOT_EXPOSED
from ref_io import (WGS84, Reprojector, UsageError, geodesic_area, geodesic_length,
                    open_dataset, open_layer, parts_of_dim, repair, srs_of, to_text)

OTHER_TYPE = "lainnya"

# measures each kind fills in impact_summary (the others must be NULL), and measures the
# reference does not check for that kind
MEASURES = {
    "structure": ("count",),
    "road": ("count", "length_m"),
    "area": ("count", "area_m2"),
    "aggregate": ("count", "area_m2"),
    "population": ("count", "area_m2", "population"),
    "population_raster": ("count", "population"),
}
UNCHECKED = {"population_raster": ("area_m2",)}


class Tally:
    """Sums of measures per key."""

    def __init__(self):
        self.rows = defaultdict(lambda: defaultdict(float))
        self.kind_of = {}  # exposure name -> MEASURES key

    def add(self, key, **measures):
        row = self.rows[key]
        for name, value in measures.items():
            row[name] += value


def asset_lookup(spec):
    lookup = {}
    for asset, raws in (spec.get("types") or {}).items():
        for raw in (raws if isinstance(raws, list) else [raws]):
            lookup[to_text(raw)] = str(asset)
    return lookup


def asset_of(spec, lookup, feature):
    if "type_field" not in spec:
        return str(spec["name"])
    return lookup.get(to_text(feature.GetField(str(spec["type_field"]))), OTHER_TYPE)


def count_structures(ctx, spec, tally, stats):
    name = spec["name"]
    sampling = spec.get("sampling", "max")
    if sampling not in ("centroid", "max", "mean", "majority"):
        raise UsageError(f"exposure {name}: sampling must be centroid, max, mean or majority")
    _ds, lyr, srs = open_layer(ctx.base, spec, f"exposure {name}",
                               fields=("type_field", "number_field"))
    to_hazard, to_admin = Reprojector(srs, ctx.hazard.srs), Reprojector(srs, ctx.admin.srs)
    lookup, n, total = asset_lookup(spec), 0, 0.0
    for f in lyr:
        n += 1
        asset = asset_of(spec, lookup, f)
        number = 1.0
        if "number_field" in spec:
            raw = f.GetField(str(spec["number_field"]))
            if raw is None:
                stats[f"{name}: NULL {spec['number_field']} (counted as 1)"] += 1
            else:
                number = float(raw)
        total += number
        g = f.GetGeometryRef()
        if g is None or g.IsEmpty():
            stats[f"{name}: feature without geometry"] += 1
            tally.add((OUTSIDE, name, asset, NOT_EXPOSED), count=number)
            continue
        hz = to_hazard.ogr(g)
        if hz.geom_type not in ("Point", "MultiPoint", "Polygon", "MultiPolygon"):
            raise UsageError(f"exposure {name}: unsupported geometry {hz.geom_type}")
        if not hz.is_valid:
            stats[f"{name}: invalid footprint (repaired for overlaps)"] += 1
        _value, label = ctx.hazard.sample(hz, sampling, stats)
        code = ctx.admin.locate.assign(to_admin.ogr(g), stats)
        tally.add((code, name, asset, label), count=number)
    if n != lyr.GetFeatureCount():
        raise RuntimeError(f"internal error: read {n} of {lyr.GetFeatureCount()} features")
    return n, total


def carried_counts(ctx, spec, lyr):
    """f -> the count a divisible polygon carries (count_field or joined table) x scale;
    a missing value carries 0."""
    scale = float(spec.get("count_scale", 1))
    field = str(spec["count_field"])
    if "join" not in spec:
        if lyr.GetLayerDefn().GetFieldIndex(field) < 0:
            raise UsageError(f"exposure {spec['name']}: no field {field!r} (count_field)")
        return lambda f: None if f.GetField(field) is None else float(f.GetField(field)) * scale
    join = spec["join"]
    what = f"exposure {spec['name']} join"
    _ds, table, _ = open_layer(ctx.base, join, what, need_crs=False)
    key = str(join["key"])
    mine = str(join.get("field", key))
    for col in (key, field):
        if table.GetLayerDefn().GetFieldIndex(col) < 0:
            raise UsageError(f"{what}: no column {col!r}")
    if lyr.GetLayerDefn().GetFieldIndex(mine) < 0:
        raise UsageError(f"{what}: no field {mine!r} (join.field) in the exposure")
    values = {}
    for row in table:
        k = to_text(row.GetField(key))
        if k is None:
            continue
        if k in values:
            raise UsageError(f"{what}: key {k!r} appears twice")
        v = row.GetField(field)
        values[k] = None if v in (None, "") else float(v)

    def carried(f):
        v = values.get(to_text(f.GetField(mine)))
        return None if v is None else v * scale
    return carried


def count_divisible(ctx, spec, tally, stats):
    """road, area, aggregate and population polygons."""
    name, kind = spec["name"], spec["kind"]
    dim = 1 if kind == "road" else 2
    _ds, lyr, srs = open_layer(ctx.base, spec, f"exposure {name}", fields=("type_field",))
    to_admin = Reprojector(srs, ctx.admin.srs)
    admin_to_hazard = Reprojector(ctx.admin.srs, ctx.hazard.srs)
    hazard_to_lonlat = Reprojector(ctx.hazard.srs, WGS84)
    measure = geodesic_length if dim == 1 else geodesic_area
    carried_of = carried_counts(ctx, spec, lyr) if kind in ("aggregate", "population") \
        else (lambda f: 1.0)
    lookup, n, total = asset_lookup(spec), 0, 0.0
    for f in lyr:
        n += 1
        asset = asset_of(spec, lookup, f)
        carried = carried_of(f)
        if carried is None or not math.isfinite(carried):
            stats[f"{name}: no count (carries 0)"] += 1
            carried = 0.0
        total += carried
        groups = defaultdict(float)  # (admin code, class) -> geodesic measure
        g = f.GetGeometryRef()
        if g is not None and not g.IsEmpty():
            if g.GetDimension() != dim:
                raise UsageError(f"exposure {name}: feature {f.GetFID()} is a "
                                 f"{g.GetGeometryName()}, kind {kind} needs "
                                 f"{'lines' if dim == 1 else 'polygons'}")
            geom = to_admin.ogr(g)
            if not geom.is_valid:
                stats[f"{name}: invalid geometry (repaired)"] += 1
                geom = parts_of_dim(repair(geom), dim)
            for code, part in (ctx.admin.locate.split(geom, dim) if geom is not None else []):
                for label, sub in ctx.hazard.split(admin_to_hazard.shp(part), dim):
                    groups[(code, label)] += measure(hazard_to_lonlat.shp(sub))
        # parts below 1e-9 of the feature are floating-point noise of the overlays (slivers
        # where nearly identical boundaries meet): dropped
        whole = sum(groups.values())
        groups = {k: m for k, m in groups.items() if m > 1e-9 * whole}
        if not groups:
            stats[f"{name}: feature without length/area (not_exposed, outside)"] += 1
            groups = {(OUTSIDE, NOT_EXPOSED): 0.0}
        feature_measure = sum(groups.values())
        for (code, label), m in groups.items():
            share = m / feature_measure if feature_measure > 0 else 1.0 / len(groups)
            key = (code, name, asset, label)
            if kind == "road":
                tally.add(key, count=share, length_m=m)
            elif kind == "population":
                tally.add(key, count=carried * share, area_m2=m, population=carried * share)
            elif kind == "aggregate":
                tally.add(key, count=carried * share, area_m2=m)
            else:
                tally.add(key, count=share, area_m2=m)
    return n, total


def count_population_raster(ctx, spec, tally, stats):
    """Each cell's people go to the admin units by the exact share of the cell's area in
    each (planar, in the admin CRS; overlaps go to the first unit in layer order, the rest
    of the cell is outside), in the hazard class at the cell centre."""
    name = spec["name"]
    ds, _path = open_dataset(ctx.base, spec, f"exposure {name}", raster=True)
    srs = srs_of(ds.GetSpatialRef(), spec.get("crs"), f"exposure {name}")
    band = ds.GetRasterBand(int(spec.get("band", 1)))
    raw = band.ReadAsArray()
    people = raw.astype(np.float64)
    valid = np.isfinite(people) & (people > 0)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        valid &= raw != np.array(nodata).astype(raw.dtype)
    people[~valid] = 0.0
    grid = ds.GetGeoTransform()
    ox, pw, rx, oy, ry, ph = grid
    if rx != 0 or ry != 0:
        raise UsageError(f"exposure {name}: rotated rasters are not supported")

    # hazard class at every valid cell centre
    rows, cols = np.nonzero(valid)
    xs, ys = ox + (cols + 0.5) * pw, oy + (rows + 0.5) * ph
    to_hazard = Reprojector(srs, ctx.hazard.srs)
    if to_hazard.ct is not None:
        pts = np.array(to_hazard.ct.TransformPoints(np.column_stack([xs, ys]).tolist()))
        xs, ys = pts[:, 0], pts[:, 1]
    labels = np.full(people.shape, -1)
    labels[rows, cols] = ctx.hazard.classes_at(xs, ys)
    names = ctx.hazard.classes.labels

    covered = np.zeros(people.shape)  # share of each cell given to some unit
    sums = defaultdict(float)
    if Reprojector(srs, ctx.admin.srs).ct is None:
        by_strips(ctx.admin.locate, grid, people, valid, labels, names, covered, sums)
    else:
        by_cells(ctx.admin.locate, grid, Reprojector(srs, ctx.admin.srs), people, valid,
                 labels, names, covered, sums)
    outside = people * np.clip(1.0 - covered, 0.0, 1.0)
    for li in np.unique(labels[valid]):
        v = float(outside[valid & (labels == li)].sum())
        if v > 0:
            sums[(OUTSIDE, names[li])] += v
    for (code, label), v in sums.items():
        tally.add((code, name, name, label), count=v, population=v)
    return int(valid.sum()), float(people.sum())


def disjoint_units(level):
    """[(code, geometry)]: each unit less the units before it (overlaps: first wins)."""
    out = []
    for u in level.units:
        g = u.geom
        for earlier in level.candidates(u.geom):
            if earlier.order < u.order and earlier.prepared.intersects(g):
                g = parts_of_dim(g.difference(earlier.geom), 2)
                if g is None:
                    break
        if g is not None:
            out.append((u.code, g))
    return out


def by_strips(level, grid, people, valid, labels, names, covered, sums):
    """Population and admin in one CRS: the cells are boxes. For each unit and grid row, the
    unit's strip of the row; cells away from every gap of the strip are wholly inside, the
    others are intersected exactly."""
    ox, pw, _, oy, _, ph = grid
    nrows, ncols = people.shape
    cell_area = abs(pw * ph)
    for code, g in disjoint_units(level):
        minx, miny, maxx, maxy = g.bounds
        c0 = max(math.floor((minx - ox) / pw) - 1, 0)
        c1 = min(math.floor((maxx - ox) / pw) + 1, ncols - 1)
        r0 = max(math.floor((maxy - oy) / ph) - 1, 0)
        r1 = min(math.floor((miny - oy) / ph) + 1, nrows - 1)
        if c0 > c1 or r0 > r1:
            continue
        cols = np.arange(c0, c1 + 1)
        x0s, x1s = ox + cols * pw, ox + (cols + 1) * pw
        pg = prep(g)
        for r in range(r0, r1 + 1):
            if not valid[r, c0:c1 + 1].any():
                continue
            ya, yb = oy + r * ph, oy + (r + 1) * ph
            row = box(x0s[0], min(ya, yb), x1s[-1], max(ya, yb))
            if not pg.intersects(row):
                continue
            strip = parts_of_dim(g.intersection(row), 2)
            if strip is None:
                continue
            partial = np.zeros(cols.shape, bool)
            gaps = parts_of_dim(row.difference(strip), 2)
            for gap in (getattr(gaps, "geoms", [gaps]) if gaps is not None else []):
                if gap.area > 1e-9 * cell_area:
                    gx0, _, gx1, _ = gap.bounds
                    partial |= (x0s < gx1) & (x1s > gx0)
            ok = valid[r, c0:c1 + 1]
            full = cols[ok & ~partial]
            covered[r, full] += 1.0
            per_label = np.bincount(labels[r, full], weights=people[r, full],
                                    minlength=len(names))
            for li in np.nonzero(per_label)[0]:
                sums[(code, names[li])] += per_label[li]
            pstrip = prep(strip)
            for c in cols[ok & partial]:
                cell = box(ox + c * pw, min(ya, yb), ox + (c + 1) * pw, max(ya, yb))
                if not pstrip.intersects(cell):
                    continue
                share = strip.intersection(cell).area / cell_area
                if share > 0:
                    covered[r, c] += share
                    sums[(code, names[labels[r, c]])] += people[r, c] * share


def by_cells(level, grid, to_admin, people, valid, labels, names, covered, sums):
    """Population in another CRS than the admin units: each cell as a polygon in the admin
    CRS, split over the units."""
    ox, pw, _, oy, _, ph = grid
    for r, c in zip(*np.nonzero(valid)):
        x0, x1, y0, y1 = ox + c * pw, ox + (c + 1) * pw, oy + r * ph, oy + (r + 1) * ph
        cell = to_admin.shp(Polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
        for code, part in level.split(cell, 2):
            if code is not OUTSIDE:
                share = part.area / cell.area
                covered[r, c] += share
                sums[(code, names[labels[r, c]])] += people[r, c] * share


def count_exposure(ctx, spec, tally, stats):
    if not spec.get("name"):
        raise UsageError("every exposure needs a 'name'")
    kind = spec.get("kind", "structure")
    if kind == "structure":
        tally.kind_of[spec["name"]] = kind
        return count_structures(ctx, spec, tally, stats)
    if kind in ("road", "area", "aggregate", "population"):
        if kind == "population" and "count_field" not in spec:
            tally.kind_of[spec["name"]] = "population_raster"
            return count_population_raster(ctx, spec, tally, stats)
        if kind == "aggregate" and "count_field" not in spec:
            raise UsageError(f"exposure {spec['name']}: aggregate needs count_field")
        tally.kind_of[spec["name"]] = kind
        return count_divisible(ctx, spec, tally, stats)
    raise UsageError(f"exposure {spec['name']}: unknown kind {kind!r}")
