"""Administrative levels for the reference: locating structures, splitting divisible
geometries, and the parent of each unit of a finer level (sublevel).
"""
import warnings

from shapely.prepared import prep
from shapely.strtree import STRtree

from ref_io import Reprojector, UsageError, open_layer, parts_of_dim, repair, to_text

OUTSIDE = None  # admin code of whatever lies in no unit


class Unit:
    def __init__(self, order, code, name, geom):
        self.order, self.code, self.name, self.geom = order, code, name, geom
        self.prepared = prep(geom)
        self.parent = None


def make_tree(geoms):
    with warnings.catch_warnings():  # shapely 1.8 warns about the 2.0 API change
        warnings.simplefilter("ignore")
        return STRtree(geoms)


class Level:
    """One admin level: units in layer order, in the level's own CRS."""

    def __init__(self, base, spec, what, srs=None):
        """srs: the CRS to work in (default: the layer's own)."""
        for key in ("code_field", "name_field"):
            if key not in spec:
                raise UsageError(f"{what}: '{key}' is required")
        self.ds, lyr, own = open_layer(
            base, spec, what, fields=("code_field", "name_field", "parent_field"))
        self.srs = srs or own
        to_srs = Reprojector(own, self.srs)
        self.units, self.invalid, seen = [], 0, {}
        for f in lyr:
            g = f.GetGeometryRef()
            if g is None or g.IsEmpty():
                continue
            shp = to_srs.ogr(g)
            if not shp.is_valid:
                self.invalid += 1
                shp = parts_of_dim(repair(shp), 2)
            code = to_text(f.GetField(str(spec["code_field"])))
            if code is None:
                raise UsageError(f"{what}: feature {f.GetFID()} has a NULL {spec['code_field']}")
            if code in seen:
                raise UsageError(f"{what}: code {code!r} appears twice")
            seen[code] = True
            u = Unit(len(self.units), code, f.GetField(str(spec["name_field"])), shp)
            if spec.get("parent_field"):
                u.parent = to_text(f.GetField(str(spec["parent_field"])))
            self.units.append(u)
        self.tree = make_tree([u.geom for u in self.units])
        self.by_id = {id(u.geom): u for u in self.units}

    def candidates(self, geom):
        """Units whose envelope meets geom's, in layer order."""
        return sorted((self.by_id[id(g)] for g in self.tree.query(geom)), key=lambda u: u.order)

    def assign(self, geom, stats):
        """Code of the unit of a structure (geometry in this level's CRS)."""
        if geom is None or geom.is_empty:
            return OUTSIDE
        centroid = geom if geom.geom_type == "Point" else geom.centroid
        hits = self.candidates(geom)
        covering = [u for u in hits if u.prepared.covers(centroid)]
        if len(covering) > 1:
            stats["centroid covered by >1 admin unit (first wins)"] += 1
        if covering:
            return covering[0].code
        if geom.geom_type in ("Point", "MultiPoint"):
            return OUTSIDE
        stats["centroid in no admin unit (fell back to largest overlap)"] += 1
        best, best_area = OUTSIDE, 0.0
        for u in hits:  # layer order, strict '>' keeps the first on ties
            area = u.geom.intersection(repair(geom)).area
            if area > best_area:
                best, best_area = u.code, area
        return best

    def unit_at(self, point):
        """First unit (layer order) covering a point, or None."""
        for u in self.candidates(point):
            if u.prepared.covers(point):
                return u
        return None

    def holder(self, geom, dim):
        """The unit holding at least 99.9 % of a line or polygon (its length or area), the
        smallest when several do; or None."""
        measure = (lambda g: 0.0 if g is None else g.area) if dim == 2 \
            else (lambda g: 0.0 if g is None else g.length)
        whole = measure(geom)
        if whole <= 0:
            return None
        holders = [u for u in self.candidates(geom) if u.prepared.intersects(geom) and (
            u.prepared.contains(geom) or
            measure(parts_of_dim(geom.intersection(u.geom), dim)) >= 0.999 * whole)]
        return min(holders, key=lambda u: (u.geom.area, u.order)) if holders else None

    def split(self, geom, dim):
        """[(code, part)] of a line (dim 1) or polygon (dim 2) geometry: each unit in layer
        order takes what it covers of what is left (so a part on a shared border or in an
        overlap goes to the first unit); the rest is OUTSIDE. But a geometry lying at least
        99.9 % (of its area or length) in one unit goes wholly to it, to the smallest such
        unit when several hold it (a polygon that is a unit keeps its whole count)."""
        holder = self.holder(geom, dim)
        if holder is not None:
            return [(holder.code, geom)]
        out, rest = [], geom
        for u in self.candidates(geom):
            if rest is None:
                break
            if u.prepared.covers(rest):
                out.append((u.code, rest))
                rest = None
                break
            if not u.prepared.intersects(rest):
                continue
            part = parts_of_dim(rest.intersection(u.geom), dim)
            if part is not None:
                out.append((u.code, part))
                rest = parts_of_dim(rest.difference(u.geom), dim)
        if rest is not None:
            out.append((OUTSIDE, rest))
        return out


class AdminModel:
    """The main level and, optionally, a finer level in which assets are located."""

    def __init__(self, base, spec, stats):
        self.main = Level(base, spec, "admin")
        if self.main.invalid:
            stats["invalid admin polygons (repaired)"] += self.main.invalid
        self.sub, self.sub_name = None, None
        sub = spec.get("sublevel")
        if sub:
            if "name" not in sub:
                raise UsageError("admin.sublevel: 'name' is required")
            self.sub_name = str(sub["name"])
            self.sub = Level(base, sub, "admin.sublevel", srs=self.main.srs)
            if self.sub.invalid:
                stats["invalid sublevel polygons (repaired)"] += self.sub.invalid
            self._find_parents(stats)
        self.locate = self.sub or self.main  # the level assets are located in
        self.srs = self.main.srs  # everything is worked out in the admin layer's CRS

    def split(self, geom, dim):
        """Level.split at the level assets are located in; with a sublevel, a geometry one
        main unit holds (a count given per kabupaten) keeps only its parts in that unit's own
        sub-units, when it has any: the slivers where the two levels' boundaries differ go
        neither outside nor to a neighbour."""
        if self.sub is None or self.sub.holder(geom, dim) is not None:
            return self.locate.split(geom, dim)
        parts = self.sub.split(geom, dim)
        parent = self.main.holder(geom, dim)
        if parent is not None:
            own = [(c, p) for c, p in parts
                   if c is not OUTSIDE and self.parent_of[c] == parent.code]
            if own:
                return own
        return parts

    def _find_parents(self, stats):
        codes = {u.code for u in self.main.units}
        for u in self.sub.units:
            if u.parent is not None:  # parent_field
                if u.parent not in codes:
                    raise UsageError(f"admin.sublevel: unit {u.code}: parent {u.parent!r} "
                                     "is no code of the main level")
                continue
            prefixed = [m.code for m in self.main.units if u.code.startswith(m.code + ".")]
            if prefixed:
                u.parent = max(prefixed, key=len)
                stats["sublevel parents by code prefix"] += 1
                continue
            m = self.main.unit_at(u.geom.centroid)
            if m is None:
                raise UsageError(f"admin.sublevel: unit {u.code} has no parent (no prefix, "
                                 "centroid in no main unit)")
            u.parent = m.code
            stats["sublevel parents by centroid"] += 1
        self.parent_of = {u.code: u.parent for u in self.sub.units}
