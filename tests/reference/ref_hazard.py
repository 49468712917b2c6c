"""Hazard layers for the reference: a raster (GDAL or a ShakeMap grid.xml read here with
xml.etree) or classified/valued vector polygons.

Every hazard answers, for geometries in its own CRS (`srs`):
  sample(geom, sampling, stats) -> (value or None, class label)   for structures
  classes_at(xs, ys)            -> label indices (numpy)           for population cells
  split(geom, dim)              -> [(class label, part)]           for roads and polygons
  split_valued(geom, dim)       -> [(value or None, label, part)]  the same with the value
  values_at(xs, ys)             -> values (numpy, NaN: none)       for population cells
"""
import math
import xml.etree.ElementTree as ET
from collections import defaultdict

import numpy as np
from shapely import vectorized
from shapely.geometry import MultiLineString, Polygon, box
from shapely.geometry.polygon import orient
from shapely.prepared import prep

from ref_admin import make_tree
from ref_io import (UsageError, WGS84, Reprojector, open_dataset, open_layer, parts_of_dim,
                    repair, resolve, srs_of, to_text)

NOT_AFFECTED, NOT_EXPOSED = "not_affected", "not_exposed"


class Classes:
    """The scenario's hazard classes, most severe first, plus the two reserved labels."""

    def __init__(self, spec_classes, by_values):
        self.classes = []
        for c in spec_classes or []:
            if not isinstance(c, dict) or "name" not in c:
                raise UsageError(f"hazard class without a name: {c!r}")
            item = {"name": str(c["name"])}
            if by_values:
                item["values"] = {to_text(v) for v in c.get("values") or []}
            else:
                for k in ("min", "max"):
                    if c.get(k) is not None:
                        item[k] = float(c[k])
            self.classes.append(item)
        self.labels = [c["name"] for c in self.classes] + [NOT_AFFECTED, NOT_EXPOSED]
        self.bounds = [c[k] for c in self.classes for k in ("min", "max") if k in c]

    def of_value(self, v):
        """Class of a numeric value: the first with min < v <= max."""
        if v is None:
            return NOT_EXPOSED
        for c in self.classes:
            lo, hi = c.get("min"), c.get("max")
            if (lo is None or lo < v) and (hi is None or v <= hi):
                return c["name"]
        return NOT_AFFECTED

    def of_values(self, values):
        """Label indices (into self.labels) of an array of values; NaN -> not_exposed."""
        out = np.full(values.shape, self.labels.index(NOT_EXPOSED))
        todo = ~np.isnan(values)
        for i, c in enumerate(self.classes):
            hit = todo.copy()
            if "min" in c:
                hit &= values > c["min"]
            if "max" in c:
                hit &= values <= c["max"]
            out[hit] = i
            todo &= ~hit
        out[todo] = self.labels.index(NOT_AFFECTED)
        return out

    def of_text(self, text):
        """Class of a class_field value (already known to be non-empty)."""
        for c in self.classes:
            if text in c["values"]:
                return c["name"]
        return NOT_AFFECTED

    def rank(self, label):
        """0 for the most severe class, ..., then not_affected, then not_exposed."""
        return self.labels.index(label)

    def precision_note(self, v, stats):
        if v is not None and any(v == float(np.float32(b)) != b for b in self.bounds):
            # float32 raster value == float32(bound) but != the bound as a double:
            # the class depends on the precision the comparison is done in
            stats["value equals float32(class bound), precision-sensitive"] += 1


def summarize(weighted, classes, sampling):
    """(value, label): mean / majority over [(value or None, label, area)], ignoring
    not_exposed parts."""
    covered = [(v, lab, a) for v, lab, a in weighted if lab != NOT_EXPOSED and a > 0]
    if not covered:
        return None, NOT_EXPOSED
    if sampling == "mean":
        valued = [(v, a) for v, _, a in covered if v is not None]
        if valued:
            v = sum(v * a for v, a in valued) / sum(a for _, a in valued)
            return v, classes.of_value(v)
    by_label = defaultdict(float)
    for _, lab, a in covered:
        by_label[lab] += a
    # largest area; ties go to the more severe class
    label = min(by_label, key=lambda lab: (-by_label[lab], classes.rank(lab)))
    # its intensity (for damage): the value covering the largest area within that class
    # (ties: the higher value)
    by_value = defaultdict(float)
    for v, lab, a in covered:
        if lab == label and v is not None:
            by_value[v] += a
    value = max(by_value, key=lambda v: (by_value[v], v)) if by_value else None
    return value, label


def line_parts(geom):
    if geom.geom_type == "LineString":
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if g.geom_type == "LineString"]


class RasterHazard:
    """A north-up grid of values; cells are [x0, x1) x (y1, y0]: a point on a cell edge
    belongs to the cell to its east/south."""

    def __init__(self, values, geotransform, srs, classes):
        self.values, self.srs, self.classes = values, srs, classes
        self.ox, self.pw, rx, self.oy, ry, self.ph = geotransform
        if rx != 0 or ry != 0:
            raise UsageError("hazard: rotated rasters are not supported")
        self.rows, self.cols = values.shape
        xs = (self.ox, self.ox + self.cols * self.pw)
        ys = (self.oy, self.oy + self.rows * self.ph)
        self.extent = box(min(xs), min(ys), max(xs), max(ys))
        self.border = self.outline()  # the same area, for cutting off what lies outside

    @classmethod
    def from_gdal(cls, base, spec, classes):
        ds, path = open_dataset(base, spec, "hazard", raster=True)
        band = ds.GetRasterBand(int(spec.get("band", 1)))
        srs = srs_of(ds.GetSpatialRef(), spec.get("crs"), "hazard")
        raw = band.ReadAsArray()
        nodata = band.GetNoDataValue()
        a = raw.astype(np.float64)
        valid = np.isfinite(a)
        if nodata is not None:
            # compare in the band's own precision (-9999 is stored as float32)
            valid &= raw != np.array(nodata).astype(raw.dtype)
        return cls(np.where(valid, a, np.nan), ds.GetGeoTransform(), srs, classes)

    @classmethod
    def from_shakemap(cls, base, spec, classes):
        """A ShakeMap grid.xml: points are cell centres of a regular lon/lat grid."""
        path = resolve(base, str(spec["source"]))
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            raise UsageError(f"hazard: cannot read {path}: {e}")

        def local(tag):
            return tag.rsplit("}", 1)[-1]
        grid, fields, data = None, {}, None
        for el in root:
            if local(el.tag) == "grid_specification":
                grid = el.attrib
            elif local(el.tag) == "grid_field":
                fields[el.attrib["name"].upper()] = int(el.attrib["index"]) - 1
            elif local(el.tag) == "grid_data":
                data = el.text or ""
        want = str(spec.get("field", "MMI")).upper()
        if grid is None or data is None or want not in fields or "LON" not in fields:
            raise UsageError(f"hazard: {path} is not a ShakeMap grid with field {want}")
        nlon, nlat = int(grid["nlon"]), int(grid["nlat"])
        lon_min, lon_max = float(grid["lon_min"]), float(grid["lon_max"])
        lat_min, lat_max = float(grid["lat_min"]), float(grid["lat_max"])
        dx, dy = (lon_max - lon_min) / (nlon - 1), (lat_max - lat_min) / (nlat - 1)
        table = np.array(data.split(), dtype=np.float64).reshape(-1, len(fields))
        values = np.full((nlat, nlon), np.nan)
        cols = np.rint((table[:, fields["LON"]] - lon_min) / dx).astype(int)
        rows = np.rint((lat_max - table[:, fields["LAT"]]) / dy).astype(int)
        values[rows, cols] = table[:, fields[want]]
        gt = (lon_min - dx / 2, dx, 0.0, lat_max + dy / 2, 0.0, -dy)
        return cls(values, gt, WGS84.Clone(), classes)

    def outline(self):
        """The grid's outer boundary as a polygon with a vertex at every cell corner on it.

        Pieces are measured with geodesic edges between vertices. The cells inside are measured
        cell by cell, so their outer edges follow the grid lines (the parallels of a lon/lat
        grid) to well under 1e-9; a plain 4-corner box would make the part outside the grid one
        long geodesic along the border instead, which bulges poleward of the parallel and loses
        a sliver: in Humbang Hasundutan (12.16) under the 2009 Padang ShakeMap, the 0.7 degree
        cut at latitude 2.29 lost 0.24 km2 (1e-4 of the unit, 13 persons) from not_exposed."""
        def x(c):
            return self.ox + c * self.pw

        def y(r):
            return self.oy + r * self.ph
        ring = ([(x(c), y(0)) for c in range(self.cols)]
                + [(x(self.cols), y(r)) for r in range(self.rows)]
                + [(x(c), y(self.rows)) for c in range(self.cols, 0, -1)]
                + [(x(0), y(r)) for r in range(self.rows, 0, -1)])
        return orient(Polygon(ring), 1.0)

    # --- cells
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

    def window(self, geom, clamp=True):
        """Row and column ranges of the cells geom's envelope may touch (one cell wider so that
        rounding in floor() never drops a candidate; area tests decide)."""
        minx, miny, maxx, maxy = geom.bounds
        (ra, ca), (rb, cb) = self.cell_of(minx, miny), self.cell_of(maxx, maxy)
        r0, r1 = min(ra, rb) - 1, max(ra, rb) + 1
        c0, c1 = min(ca, cb) - 1, max(ca, cb) + 1
        if clamp:
            r0, c0 = max(r0, 0), max(c0, 0)
            r1, c1 = min(r1, self.rows - 1), min(c1, self.cols - 1)
        return range(r0, r1 + 1), range(c0, c1 + 1)

    def label(self, r, c):
        return self.classes.of_value(self.value(r, c))

    def classes_at(self, xs, ys):
        """Label indices of the cells holding points (arrays of x, y)."""
        rows = np.floor((ys - self.oy) / self.ph).astype(np.int64)
        cols = np.floor((xs - self.ox) / self.pw).astype(np.int64)
        inside = (rows >= 0) & (rows < self.rows) & (cols >= 0) & (cols < self.cols)
        values = np.full(xs.shape, np.nan)
        values[inside] = self.values[rows[inside], cols[inside]]
        return self.classes.of_values(values)

    # --- structures
    def covered_cells(self, geom):
        """[(value, r, c, area)] of the cells whose area geom's area intersects."""
        out = []
        rows, cols = self.window(geom)
        for r in rows:
            for c in cols:
                a = self.cell_box(r, c).intersection(geom).area
                if a > 0:
                    out.append((self.value(r, c), r, c, a))
        return out

    def sample(self, geom, sampling, stats):
        if geom.geom_type == "Point" or sampling == "centroid":
            pt = geom if geom.geom_type == "Point" else geom.centroid
            v = self.value(*self.cell_of(pt.x, pt.y))
        elif geom.geom_type == "MultiPoint":
            vals = [self.value(*self.cell_of(p.x, p.y)) for p in geom.geoms]
            vals = [v for v in vals if v is not None]
            if sampling == "max":
                v = max(vals) if vals else None
            else:
                return summarize([(v, self.classes.of_value(v), 1.0) for v in vals],
                                 self.classes, sampling)
        elif sampling == "max":
            v = self.sample_max(repair(geom), stats)
        else:
            cells = self.covered_cells(repair(geom))
            return summarize([(v, self.classes.of_value(v), a) for v, _, _, a in cells],
                             self.classes, sampling)
        self.classes.precision_note(v, stats)
        return v, self.classes.of_value(v)

    def sample_max(self, geom, stats):
        rows, cols = self.window(geom)
        cands = [(self.value(r, c), r, c) for r in rows for c in cols]
        cands = sorted((x for x in cands if x[0] is not None), reverse=True)
        for v, r, c in cands:  # the first cell with a positive overlap holds the max
            area = self.cell_box(r, c).intersection(geom).area
            if area > 0:
                if area < 1e-9 * abs(self.pw * self.ph):
                    stats["max decided by a sliver overlap (<1e-9 cell)"] += 1
                return v
        return None

    # --- divisible features
    def split(self, geom, dim):
        return [(label, part) for _, label, part in self.split_valued(geom, dim)]

    def split_valued(self, geom, dim):
        """[(value or None, class label, part)]: each part lies in one cell (value None:
        nodata or outside the grid)."""
        return self.split_lines(geom) if dim == 1 else self.split_polygons(geom)

    def values_at(self, xs, ys):
        """Values of the cells holding points (arrays of x, y); NaN where there is none."""
        rows = np.floor((ys - self.oy) / self.ph).astype(np.int64)
        cols = np.floor((xs - self.ox) / self.pw).astype(np.int64)
        inside = (rows >= 0) & (rows < self.rows) & (cols >= 0) & (cols < self.cols)
        values = np.full(xs.shape, np.nan)
        values[inside] = self.values[rows[inside], cols[inside]]
        return values

    def split_lines(self, geom):
        """Cuts each segment where it crosses a grid line (in cell coordinates u, v); each
        sub-segment lies in one cell, found from its midpoint with the point rule (so a
        sub-segment running exactly along a cell edge is counted once, in the cell to its
        east/south)."""
        segments = defaultdict(list)
        for line in line_parts(geom):
            pts = list(line.coords)
            for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
                u0, u1 = (x0 - self.ox) / self.pw, (x1 - self.ox) / self.pw
                v0, v1 = (y0 - self.oy) / self.ph, (y1 - self.oy) / self.ph
                ts = {0.0, 1.0}
                for a, b in ((u0, u1), (v0, v1)):
                    if a != b:
                        lo, hi = min(a, b), max(a, b)
                        ts.update((k - a) / (b - a)
                                  for k in range(math.floor(lo) + 1, math.ceil(hi)))
                ts = sorted(t for t in ts if 0.0 <= t <= 1.0)
                for ta, tb in zip(ts, ts[1:]):
                    if tb <= ta:
                        continue
                    tm = (ta + tb) / 2
                    r = math.floor(v0 + tm * (v1 - v0))
                    c = math.floor(u0 + tm * (u1 - u0))
                    pa = (x0 + ta * (x1 - x0), y0 + ta * (y1 - y0))
                    pb = (x1, y1) if tb == 1.0 else (x0 + tb * (x1 - x0), y0 + tb * (y1 - y0))
                    if pa != pb:
                        segments[self.value(r, c)].append((pa, pb))
        return [(v, self.classes.of_value(v), MultiLineString(segs))
                for v, segs in segments.items()]

    def split_polygons(self, geom):
        """Intersects the polygon with each cell (row strip first, to keep the pieces cheap);
        what lies outside the grid is not_exposed."""
        out = []
        if self.extent.contains(geom):
            inside = geom
        else:
            inside = parts_of_dim(geom.intersection(self.extent), 2)
            outside = parts_of_dim(geom.difference(self.border), 2)
            if outside is not None:
                out.append((None, NOT_EXPOSED, outside))
        if inside is None:
            return out
        rows, cols = self.window(inside)
        x0, x1 = self.extent.bounds[0], self.extent.bounds[2]
        for r in rows:
            ya, yb = self.oy + r * self.ph, self.oy + (r + 1) * self.ph
            strip = parts_of_dim(inside.intersection(box(x0, min(ya, yb), x1, max(ya, yb))), 2)
            if strip is None:
                continue
            pstrip = prep(strip)
            for c in self.window(strip)[1]:
                cell = self.cell_box(r, c)
                if pstrip.contains(cell):
                    part = cell
                elif pstrip.intersects(cell):
                    part = parts_of_dim(strip.intersection(cell), 2)
                    if part is None:
                        continue
                else:
                    continue
                v = self.value(r, c)
                out.append((v, self.classes.of_value(v), part))
        return out


class VectorHazard:
    """Hazard polygons, reprojected to the admin CRS and repaired, in order of severity:
    where polygons overlap, the most severe wins."""

    def __init__(self, base, spec, classes, admin_srs, stats):
        self.classes, self.srs = classes, admin_srs
        self.by_class = "class_field" in spec
        field = str(spec["class_field"] if self.by_class else spec["value_field"])
        _ds, lyr, srs = open_layer(base, spec, "hazard", fields=("class_field", "value_field"))
        to_admin = Reprojector(srs, admin_srs)
        zones = []  # (severity key, value, label, geometry)
        for f in lyr:
            raw = f.GetField(field)
            g = f.GetGeometryRef()
            if g is None or g.IsEmpty():
                continue
            if self.by_class:
                text = to_text(raw)
                if text is None or text == "":
                    stats["hazard polygons with an empty class value (ignored)"] += 1
                    continue
                label, value = classes.of_text(text), None
                key = (classes.rank(label),)
            else:
                if raw is None or (isinstance(raw, str) and raw.strip() == ""):
                    stats["hazard polygons with an empty value (ignored)"] += 1
                    continue
                try:
                    value = float(raw)
                except ValueError:
                    raise UsageError(f"hazard: feature {f.GetFID()}: {field} {raw!r} "
                                     "is not a number")
                label, key = classes.of_value(value), (-value,)
            geom = to_admin.ogr(g)
            if not geom.is_valid:
                stats["invalid hazard polygons (repaired)"] += 1
                geom = repair(geom)
            geom = parts_of_dim(geom, 2)
            if geom is not None:
                zones.append((key + (f.GetFID(),), value, label, geom))
        zones.sort(key=lambda z: z[0])
        self.zones = [(value, label, geom, prep(geom)) for _, value, label, geom in zones]
        self.rank_of = {id(z[2]): i for i, z in enumerate(self.zones)}
        self.tree = make_tree([z[2] for z in self.zones])

    def candidates(self, geom):
        """[(index, zone)] of the zones whose envelope meets geom's, most severe first."""
        hits = self.tree.query(geom) if self.zones else []
        return [(i, self.zones[i]) for i in sorted(self.rank_of[id(g)] for g in hits)]

    def at_point(self, pt):
        """(zone index, value, label) of the most severe zone covering a point."""
        for i, (value, label, _, prepared) in self.candidates(pt):
            if prepared.covers(pt):
                return i, value, label
        return len(self.zones), None, NOT_EXPOSED

    def classes_at(self, xs, ys):
        """Label indices of the most severe zones covering points (arrays of x, y)."""
        out = np.full(xs.shape, self.classes.labels.index(NOT_EXPOSED))
        todo = np.ones(xs.shape, bool)
        for value, label, zone, _ in self.zones:
            minx, miny, maxx, maxy = zone.bounds
            near = todo & (xs >= minx) & (xs <= maxx) & (ys >= miny) & (ys <= maxy)
            if not near.any():
                continue
            x, y = xs[near], ys[near]
            hit = vectorized.contains(zone, x, y) | vectorized.touches(zone, x, y)  # covers
            idx = np.nonzero(near)[0][hit]
            out[idx] = self.classes.labels.index(label)
            todo[idx] = False
        return out

    def sample(self, geom, sampling, stats):
        if geom.geom_type == "Point" or sampling == "centroid":
            return self.at_point(geom if geom.geom_type == "Point" else geom.centroid)[1:]
        if geom.geom_type == "MultiPoint":
            hits = [self.at_point(p) for p in geom.geoms]
            if sampling == "max":
                return min(hits)[1:]
            return summarize([(v, lab, 1.0) for _, v, lab in hits], self.classes, sampling)
        geom = repair(geom)
        if sampling == "max":
            for _, (value, label, zone, prepared) in self.candidates(geom):
                if prepared.intersects(geom) and zone.intersection(geom).area > 0:
                    return value, label
            return None, NOT_EXPOSED
        weighted = [(v, lab, part.area) for v, lab, part in self.split_zones(geom, 2)]
        return summarize(weighted, self.classes, sampling)

    def split(self, geom, dim):
        return [(label, part) for _, label, part in self.split_zones(geom, dim)]

    def split_valued(self, geom, dim):
        return self.split_zones(geom, dim)

    def values_at(self, xs, ys):
        """Values of the most severe zones covering points; NaN where none (or by class)."""
        out = np.full(xs.shape, np.nan)
        todo = np.ones(xs.shape, bool)
        for value, _label, zone, _ in self.zones:
            minx, miny, maxx, maxy = zone.bounds
            near = todo & (xs >= minx) & (xs <= maxx) & (ys >= miny) & (ys <= maxy)
            if not near.any():
                continue
            x, y = xs[near], ys[near]
            hit = vectorized.contains(zone, x, y) | vectorized.touches(zone, x, y)
            idx = np.nonzero(near)[0][hit]
            out[idx] = np.nan if value is None else value
            todo[idx] = False
        return out

    def split_zones(self, geom, dim):
        """[(value, label, part)]: each zone, most severe first, takes what it covers of what
        is left; the rest is not_exposed."""
        out, rest = [], geom
        for _, (value, label, zone, prepared) in self.candidates(geom):
            if rest is None:
                break
            if not prepared.intersects(rest):
                continue
            if prepared.covers(rest):
                part, rest = rest, None
            else:
                part = parts_of_dim(rest.intersection(zone), dim)
                if part is None:
                    continue
                rest = parts_of_dim(rest.difference(zone), dim)
            out.append((value, label, part))
        if rest is not None:
            out.append((None, NOT_EXPOSED, rest))
        return out


def load_hazard(base, spec, admin_srs, stats):
    if not isinstance(spec, dict) or "source" not in spec:
        raise UsageError("hazard: 'source' is required")
    if spec.get("realizations"):
        raise UsageError("hazard.realizations is not implemented in the reference")
    vector = "class_field" in spec or "value_field" in spec
    classes = Classes(spec.get("classes"), "class_field" in spec)
    if vector:
        return VectorHazard(base, spec, classes, admin_srs, stats)
    fmt = spec.get("format")
    if fmt == "shakemap_grid" or (fmt is None and str(spec["source"]).lower().endswith(".xml")):
        return RasterHazard.from_shakemap(base, spec, classes)
    return RasterHazard.from_gdal(base, spec, classes)
