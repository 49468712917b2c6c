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
With a vulnerability (ref_damage.py) each piece (a structure, or a part of a divisible feature
in one raster cell / hazard zone) is assessed at its own intensity and its key gains the
damage state: count and measures are multiplied by the state's fraction, kerusakan_rp is the
money of that state. Keys are (admin code, exposure, asset type, hazard class, damage state
or None). Population pieces also add ITB fatalities (people x rate(value)) per admin code.
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
    """Sums of measures per key (admin code, exposure, asset, class, damage state)."""

    def __init__(self, model):
        self.model = model  # ref_damage.DamageModel
        self.rows = defaultdict(lambda: defaultdict(float))
        self.kind_of = {}  # exposure name -> MEASURES key
        self.korban = defaultdict(float)  # admin code -> expected fatalities (ITB)

    def add(self, key, **measures):
        row = self.rows[key + (None,)] if len(key) == 4 else self.rows[key]
        for name, value in measures.items():
            row[name] += value

    def piece(self, key, value, units, measures, basis=None):
        """One asset (or piece of one) at intensity `value` (None: no hazard value)."""
        damage = self.model.by_exposure.get(key[1])
        parts = damage.assess(key[2], value, units, basis or {}) if damage else None
        if parts is None:
            self.add(key, count=units, **measures)
            return
        for cat, fraction, u, money in parts:
            row = self.rows[key + (cat,)]
            row["count"] += u
            row["kerusakan_rp"] += money
            for name, v in measures.items():
                row[name] += v * fraction


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


def field_number(f, field):
    """A feature's numeric field (value_field); None when NULL or not a number."""
    if f.GetFieldIndex(field) < 0:
        raise UsageError(f"no field {field!r} (value_field) in the exposure")
    v = f.GetField(field)
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def count_structures(ctx, spec, tally, stats):
    name = spec["name"]
    sampling = spec.get("sampling", "max")
    if sampling not in ("centroid", "max", "mean", "majority"):
        raise UsageError(f"exposure {name}: sampling must be centroid, max, mean or majority")
    _ds, lyr, srs = open_layer(ctx.base, spec, f"exposure {name}",
                               fields=("type_field", "number_field"))
    to_hazard, to_admin = Reprojector(srs, ctx.hazard.srs), Reprojector(srs, ctx.admin.srs)
    to_lonlat = Reprojector(srs, WGS84)
    damage = tally.model.by_exposure.get(name)
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
            tally.piece((OUTSIDE, name, asset, NOT_EXPOSED), None, number, {},
                        structure_basis(damage, asset, f, None))
            continue
        hz = to_hazard.ogr(g)
        if hz.geom_type not in ("Point", "MultiPoint", "Polygon", "MultiPolygon"):
            raise UsageError(f"exposure {name}: unsupported geometry {hz.geom_type}")
        if not hz.is_valid:
            stats[f"{name}: invalid footprint (repaired for overlaps)"] += 1
        value, label = ctx.hazard.sample(hz, sampling, stats)
        code = ctx.admin.locate.assign(to_admin.ogr(g), stats)
        tally.piece((code, name, asset, label), value, number, {},
                    structure_basis(damage, asset, f, lambda: to_lonlat.ogr(g)))
    if n != lyr.GetFeatureCount():
        raise RuntimeError(f"internal error: read {n} of {lyr.GetFeatureCount()} features")
    return n, total


def structure_basis(damage, asset, f, lonlat):
    """What a structure's money is computed from: its geodesic footprint, its value field."""
    if damage is None or damage.function(asset) is None:
        return {}
    basis = {}
    if damage.needs_footprint(asset) and lonlat is not None:
        shp = lonlat()
        basis["footprint_m2"] = geodesic_area(parts_of_dim(shp, 2)) if shp.area > 0 else 0.0
    field = damage.value_field(asset)
    if field is not None:
        basis["field_value"] = field_number(f, field)
    return basis


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
    damage = tally.model.by_exposure.get(name)
    lookup, n, total = asset_lookup(spec), 0, 0.0
    for f in lyr:
        n += 1
        asset = asset_of(spec, lookup, f)
        field = damage.value_field(asset) if damage is not None else None
        field_value = field_number(f, field) if field is not None else None
        carried = carried_of(f)
        if carried is None or not math.isfinite(carried):
            stats[f"{name}: no count (carries 0)"] += 1
            carried = 0.0
        total += carried
        groups = defaultdict(float)  # (admin code, class, value) -> geodesic measure
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
            for code, part in (ctx.admin.split(geom, dim) if geom is not None else []):
                for value, label, sub in ctx.hazard.split_valued(admin_to_hazard.shp(part), dim):
                    groups[(code, label, value)] += measure(hazard_to_lonlat.shp(sub))
        # parts below 1e-9 of the feature are floating-point noise of the overlays (slivers
        # where nearly identical boundaries meet): dropped
        whole = sum(groups.values())
        groups = {k: m for k, m in groups.items() if m > 1e-9 * whole}
        if not groups:
            stats[f"{name}: feature without length/area (not_exposed, outside)"] += 1
            groups = {(OUTSIDE, NOT_EXPOSED, None): 0.0}
        feature_measure = sum(groups.values())
        for (code, label, value), m in groups.items():
            share = m / feature_measure if feature_measure > 0 else 1.0 / len(groups)
            key = (code, name, asset, label)
            basis = {"footprint_m2": m, "length_m": m,
                     "field_value": None if field_value is None else field_value * share}
            if kind == "road":
                tally.piece(key, value, share, {"length_m": m}, basis)
            elif kind == "population":
                people = carried * share
                tally.piece(key, value, people, {"area_m2": m, "population": people}, basis)
                tally.korban[code] += people * tally.model.fatality_rate(value)
            elif kind == "aggregate":
                tally.piece(key, value, carried * share, {"area_m2": m}, basis)
            else:
                tally.piece(key, value, share, {"area_m2": m}, basis)
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
    people *= float(spec.get("count_scale", 1))
    unit = spec.get("unit", "count")
    if unit != "count":
        # a density: people = value x the cell's area on the ellipsoid (pyproj.Geod)
        per_m2 = {"per_km2": 1e-6, "per_ha": 1e-4}[unit]
        to_lonlat = Reprojector(srs, WGS84)
        nrows, ncols = people.shape
        for r in range(nrows):
            for c in range(ncols if not srs.IsGeographic() else 1):
                x0, y0 = ox + c * pw, oy + r * ph
                area = geodesic_area(to_lonlat.shp(box(x0, y0 + ph, x0 + pw, y0)))
                if srs.IsGeographic():
                    people[r, :] *= per_m2 * area
                else:
                    people[r, c] *= per_m2 * area

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
    killed = np.zeros(people.shape)  # people x ITB fatality rate at the cell centre's value
    if tally.model.itb:
        values = ctx.hazard.values_at(xs, ys)
        ok = ~np.isnan(values)
        rates = np.zeros(values.shape)
        rates[ok] = 10.0 ** (0.62275231 * values[ok] - 8.03314466)
        killed[rows, cols] = people[rows, cols] * rates

    covered = np.zeros(people.shape)  # share of each cell given to some unit
    sums = defaultdict(float)
    if Reprojector(srs, ctx.admin.srs).ct is None:
        by_strips(ctx.admin.locate, grid, people, valid, labels, names, covered, sums,
                  killed, tally.korban)
    else:
        by_cells(ctx.admin.locate, grid, Reprojector(srs, ctx.admin.srs), people, valid,
                 labels, names, covered, sums, killed, tally.korban)
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


def by_strips(level, grid, people, valid, labels, names, covered, sums, killed, korban):
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
            korban[code] += float(killed[r, full].sum())
            pstrip = prep(strip)
            for c in cols[ok & partial]:
                cell = box(ox + c * pw, min(ya, yb), ox + (c + 1) * pw, max(ya, yb))
                if not pstrip.intersects(cell):
                    continue
                share = strip.intersection(cell).area / cell_area
                if share > 0:
                    covered[r, c] += share
                    sums[(code, names[labels[r, c]])] += people[r, c] * share
                    korban[code] += killed[r, c] * share


def by_cells(level, grid, to_admin, people, valid, labels, names, covered, sums, killed,
             korban):
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
                korban[code] += killed[r, c] * share


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
