"""Input helpers for the reference implementation: opening datasets, CRSs, reprojection,
geometry repair and geodesic measures (pyproj.Geod on WGS 84).

Nothing here is shared with (or ported from) the C++ tool.
"""
import os

from osgeo import gdal, ogr, osr
from pyproj import Geod
from shapely import wkb
from shapely.geometry import MultiLineString, MultiPolygon
from shapely.geometry.polygon import orient

try:
    from shapely.validation import make_valid
except ImportError:  # GEOS < 3.8
    make_valid = None

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

GEOD = Geod(ellps="WGS84")


class UsageError(Exception):
    pass


def to_text(value):
    """Field value -> text code; integral numbers print without '.0'."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def srs_from(text):
    srs = osr.SpatialReference()
    srs.SetFromUserInput(str(text))
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


WGS84 = srs_from("EPSG:4326")


def srs_of(native, override, what):
    """Dataset CRS, or the scenario's `crs` when the file has none; x=lon order."""
    if native is not None:
        srs = native.Clone()
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        return srs
    if override:
        return srs_from(override)
    raise UsageError(f"{what}: the file has no CRS and the scenario gives no 'crs'")


class Reprojector:
    """Moves geometries from one CRS to another (OGR/PROJ), returning shapely geometries."""

    def __init__(self, src, dst):
        self.ct = None if src.IsSame(dst) else osr.CoordinateTransformation(src, dst)

    def ogr(self, g):
        """ogr.Geometry -> shapely geometry in the target CRS."""
        g = g.Clone()
        if self.ct is not None:
            g.Transform(self.ct)
        return wkb.loads(bytes(g.ExportToIsoWkb()))

    def shp(self, geom):
        """shapely geometry -> shapely geometry in the target CRS."""
        if self.ct is None or geom.is_empty:
            return geom
        return self.ogr(ogr.CreateGeometryFromWkb(geom.wkb))

    def xy(self, x, y):
        if self.ct is None:
            return x, y
        p = self.ct.TransformPoint(x, y)
        return p[0], p[1]


def resolve(base, source):
    if source.startswith("/vsi") or os.path.isabs(source):
        return source
    return os.path.join(base, source)


def open_dataset(base, spec, what, raster=False):
    if not isinstance(spec, dict) or "source" not in spec:
        raise UsageError(f"{what}: 'source' is required")
    path = resolve(base, str(spec["source"]))
    flags = gdal.OF_RASTER if raster else gdal.OF_VECTOR
    try:
        ds = gdal.OpenEx(path, flags, open_options=[str(o) for o in spec.get("open_options") or []])
    except RuntimeError as e:
        raise UsageError(f"{what}: cannot open {path}: {e}")
    if ds is None:
        raise UsageError(f"{what}: cannot open {path}")
    return ds, path


def open_layer(base, spec, what, fields=(), need_crs=True):
    """(dataset, layer, srs) of a vector input; `fields` are scenario keys naming fields."""
    ds, path = open_dataset(base, spec, what)
    name = spec.get("layer")
    if name is None and ds.GetLayerCount() != 1:
        raise UsageError(f"{what}: {path} has {ds.GetLayerCount()} layers, give 'layer'")
    lyr = ds.GetLayerByName(str(name)) if name is not None else ds.GetLayer(0)
    if lyr is None:
        raise UsageError(f"{what}: no layer {name!r} in {path}")
    defn = lyr.GetLayerDefn()
    for key in fields:
        if key in spec and defn.GetFieldIndex(str(spec[key])) < 0:
            raise UsageError(f"{what}: no field {spec[key]!r} ({key}) in {path}")
    srs = srs_of(lyr.GetSpatialRef(), spec.get("crs"), what) if need_crs else None
    return ds, lyr, srs


def repair(geom):
    """Make a geometry valid without dropping area (bowties etc.)."""
    if geom.is_valid:
        return geom
    return make_valid(geom) if make_valid else geom.buffer(0)


def parts_of_dim(geom, dim):
    """The parts of `geom` of dimension `dim` (1 lines, 2 polygons) as one geometry, or None."""
    if geom is None or geom.is_empty:
        return None
    kinds = {1: ("LineString", "LinearRing"), 2: ("Polygon",)}[dim]
    parts = []

    def walk(g):
        if g.is_empty:
            return
        if g.geom_type.startswith("Multi") or g.geom_type == "GeometryCollection":
            for p in g.geoms:
                walk(p)
        elif g.geom_type in kinds:
            parts.append(g)
    walk(geom)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return MultiLineString(parts) if dim == 1 else MultiPolygon(parts)


def geodesic_length(lonlat_geom):
    return GEOD.geometry_length(lonlat_geom) if lonlat_geom is not None else 0.0


def geodesic_area(lonlat_geom):
    if lonlat_geom is None or lonlat_geom.is_empty:
        return 0.0
    polys = lonlat_geom.geoms if lonlat_geom.geom_type == "MultiPolygon" else [lonlat_geom]
    # geometry_area_perimeter adds the signed areas of the rings: orient each polygon
    # (exterior counter-clockwise, holes clockwise) so that holes are subtracted
    return sum(abs(GEOD.geometry_area_perimeter(orient(p, 1.0))[0]) for p in polys)

