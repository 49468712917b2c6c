#!/usr/bin/python3
"""Generate small SYNTHETIC demo data for jitupasna.

Everything written here is made up: province "99", its kabupaten/kota, the
flood depths, the building footprints and the facilities describe no real
place or event. Fixed seeds make the output deterministic: re-running gives
the same features, coordinates and values.

Usage: scripts/make_demo_data.py [--out DIR] [--buildings N]
Run with Debian's /usr/bin/python3 (needs python3-gdal and numpy).
"""
import argparse
import math
import random
from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()
# GeoPackage metadata otherwise carries the current time; pin it.
gdal.SetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z")

SEED = 20240101
LON0, LON1, LAT0, LAT1 = 106.00, 106.30, -6.60, -6.30  # building area
ADMIN_EAST = 106.27        # admin units stop here: east strip is in no unit
RASTER_NORTH_GAP = 1500.0  # metres of the northern strip left off the raster
CELL = 30.0
NODATA = -9999.0
MAX_DEPTH = 3.5
UNITS = [("99.01", "Kabupaten Sintetis Barat"), ("99.02", "Kabupaten Sintetis Timur"),
         ("99.03", "Kabupaten Sintetis Selatan"), ("99.71", "Kota Sintetis")]
JENIS = [("Rumah", 80), ("Sekolah", 4), ("Puskesmas", 2), ("Rumah Sakit", 1),
         ("Kantor", 5), ("Toko", 6), ("Masjid", 2)]
FASILITAS_JENIS = [("Sekolah", 5), ("Puskesmas", 2), ("Kantor Desa", 3)]


def make_srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # always x=lon
    return srs


WGS84, UTM = make_srs(4326), make_srs(32748)
TO_UTM = osr.CoordinateTransformation(WGS84, UTM)
TO_GEO = osr.CoordinateTransformation(UTM, WGS84)


def rng_for(name):
    # One independent stream per product, so e.g. --buildings does not move borders.
    return random.Random(f"{SEED}-{name}")


def bridge(rng, n, step):
    """Random walk of n values pinned to 0 at both ends (jagged border offsets)."""
    w = [0.0]
    for _ in range(n - 1):
        w.append(w[-1] + rng.gauss(0.0, step))
    return [v - w[-1] * i / (n - 1) for i, v in enumerate(w)]


def lerp(a, b, n):
    return [a + (b - a) * i / (n - 1) for i in range(n)]


def multipolygon(*rings):
    """One-part MultiPolygon from rings given as [(x, y), ...] (auto-closed)."""
    poly = ogr.Geometry(ogr.wkbPolygon)
    for points in rings:
        r = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in points:
            r.AddPoint_2D(x, y)
        r.CloseRings()
        poly.AddGeometry(r)
    multi = ogr.Geometry(ogr.wkbMultiPolygon)
    multi.AddGeometry(poly)
    return multi


def make_admin():
    """Four units whose jagged borders are built from the same vertex lists,
    so neighbours share borders exactly (no gaps, no overlaps)."""
    rng = rng_for("admin")
    r6 = lambda p: (round(p[0], 6), round(p[1], 6))
    n = 40
    ys = lerp(LAT0, LAT1, n)
    east = [r6((ADMIN_EAST + d, y)) for d, y in zip(bridge(rng, n, 0.0015), ys)]
    k = 17                                  # east vertex where the south border ends
    hx = lerp(LON0, east[k][0], 45)
    south_border = [r6((x, east[k][1] + d)) for x, d in zip(hx, bridge(rng, 45, 0.0015))]
    j = 22                                  # south-border vertex where west/east split
    x0, y0 = south_border[j]
    mid = [r6((x0 + d, y)) for d, y in zip(bridge(rng, 30, 0.0015), lerp(y0, LAT1, 30))]
    # Kota: a lumpy blob inside Timur, which gets it as a hole (like Kota Bogor).
    cx, cy, m = 106.215, -6.385, 32
    radii = [0.017 * (1 + d) for d in bridge(rng, m + 1, 0.03)][:m]
    kota = [r6((cx + r * math.cos(2 * math.pi * i / m), cy + r * math.sin(2 * math.pi * i / m)))
            for i, r in enumerate(radii)]
    barat = south_border[:j + 1] + mid[1:] + [(LON0, LAT1)]
    timur = south_border[j:] + east[k + 1:] + mid[::-1]
    selatan = [(LON0, LAT0)] + east[:k + 1] + south_border[-2::-1]
    geoms = [multipolygon(barat), multipolygon(timur, kota),
             multipolygon(selatan), multipolygon(kota)]
    for g in geoms:
        assert g.IsValid(), "admin polygon invalid; change the seed"
    return geoms, [south_border, mid, kota + kota[:1]]


def make_river():
    """Meandering centreline (UTM) flowing south->north, with a local half-width."""
    line, widths = [], []
    for t, w in zip(lerp(0.0, 1.0, 200), bridge(rng_for("river"), 200, 0.0008)):
        lon = 106.13 + 0.025 * math.sin(2 * math.pi * 2.3 * t + 0.7) \
            + 0.008 * math.sin(2 * math.pi * 5.1 * t) + w
        x, y, _ = TO_UTM.TransformPoint(lon, LAT0 - 0.02 + 0.34 * t)
        line.append((x, y))
        widths.append(700.0 + 350.0 * math.sin(2 * math.pi * 3 * t + 1.0))
    return line, widths


def utm_bounds():
    """UTM bounding box of the lon/lat building area (edges densified)."""
    pts = [TO_UTM.TransformPoint(lon, lat) for lon in lerp(LON0, LON1, 11)
           for lat in lerp(LAT0, LAT1, 11)]
    xs, ys, _ = zip(*pts)
    return min(xs), min(ys), max(xs), max(ys)


def make_settlements(river):
    """(x, y, sigma_m, angle_deg, weight) villages; most hug the river."""
    rng = rng_for("settlements")
    out = []
    for t in (0.08, 0.22, 0.37, 0.52, 0.66, 0.80, 0.95):
        i = min(int((t + rng.uniform(-0.02, 0.02)) * (len(river) - 1)), len(river) - 2)
        (xa, ya), (xb, yb) = river[i], river[i + 1]
        seg = math.hypot(xb - xa, yb - ya)
        off = rng.choice((-1, 1)) * rng.uniform(50, 600)  # perpendicular offset
        x, y = xa - (yb - ya) / seg * off, ya + (xb - xa) / seg * off
        out.append((x, y, rng.uniform(150, 400), rng.uniform(0, 90), rng.uniform(1, 2)))
    for lon, lat in ((106.285, -6.45), (106.03, -6.36), (106.05, -6.55)):  # dry villages
        x, y, _ = TO_UTM.TransformPoint(lon, lat)
        out.append((x, y, rng.uniform(150, 300), rng.uniform(0, 90), 0.6))
    return out


def nodata_patch(settlements):
    """A rectangle (UTM) over part of the third village, where depth is unknown."""
    x, y = settlements[2][:2]
    return x - 200, y - 300, x + 400, y + 150


def write_depth(path, river, widths, patch):
    xmin, ymin, xmax, ymax = utm_bounds()
    xmin, ymin = math.floor(xmin / CELL) * CELL, math.floor(ymin / CELL) * CELL
    xmax = math.ceil(xmax / CELL) * CELL
    ymax = math.ceil((ymax - RASTER_NORTH_GAP) / CELL) * CELL
    nx, ny = int((xmax - xmin) / CELL), int((ymax - ymin) / CELL)
    X = xmin + CELL * (np.arange(nx) + 0.5)[None, :]
    Y = ymax - CELL * (np.arange(ny) + 0.5)[:, None]
    dist = np.full((ny, nx), np.inf)
    half = np.zeros((ny, nx))
    for (x0, y0), (x1, y1), w in zip(river[:-1], river[1:], widths):
        dx, dy = x1 - x0, y1 - y0
        t = np.clip(((X - x0) * dx + (Y - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
        d = np.hypot(X - x0 - t * dx, Y - y0 - t * dy)
        closer = d < dist
        dist[closer], half[closer] = d[closer], w
    # Deepest in the channel, fading to 0 at the edge of the floodplain.
    depth = MAX_DEPTH * np.clip(1.0 - dist / half, 0.0, 1.0) ** 1.5
    depth = np.round(depth, 2).astype(np.float32)
    px0, py0, px1, py1 = patch
    depth[(X >= px0) & (X <= px1) & (Y >= py0) & (Y <= py1)] = NODATA
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), nx, ny, 1, gdal.GDT_Float32,
        options=["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3"])
    ds.SetGeoTransform((xmin, CELL, 0.0, ymax, 0.0, -CELL))
    ds.SetProjection(UTM.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(NODATA)
    band.SetDescription("kedalaman_banjir (m)")
    band.WriteArray(depth)
    ds = None
    print(f"wrote {path}")


def footprint(x, y, w, l, angle_deg):
    a = math.radians(angle_deg)
    ca, sa = math.cos(a), math.sin(a)
    return [(round(x + dx * ca - dy * sa, 2), round(y + dx * sa + dy * ca, 2))
            for dx, dy in ((-w / 2, -l / 2), (w / 2, -l / 2), (w / 2, l / 2), (-w / 2, l / 2))]


def in_area(x, y, margin=0.0002):  # ~20 m, keeps whole footprints inside
    lon, lat, _ = TO_GEO.TransformPoint(x, y)
    return LON0 + margin < lon < LON1 - margin and LAT0 + margin < lat < LAT1 - margin


def make_buildings(n, settlements, borders):
    """Footprints: a few straddling admin borders, then villages and scattered."""
    rng = rng_for("buildings")
    taken = {}  # 30 m grid cell -> centres; 29 m spacing > 2 x half-diagonal of 20x20 m

    def free(x, y):
        cx, cy = int(x // 30), int(y // 30)
        return all(math.hypot(x - px, y - py) >= 29.0 for i in (-1, 0, 1) for k in (-1, 0, 1)
                   for px, py in taken.get((cx + i, cy + k), ()))

    def add(x, y, angle):
        taken.setdefault((int(x // 30), int(y // 30)), []).append((x, y))
        return footprint(x, y, rng.uniform(6, 20), rng.uniform(6, 20), angle)

    rings = []
    for line in borders:  # centred on a unit border, so they must straddle it
        for i in rng.sample(range(2, len(line) - 3), 3):
            (xa, ya), (xb, yb) = line[i], line[i + 1]
            x, y, _ = TO_UTM.TransformPoint((xa + xb) / 2, (ya + yb) / 2)
            rings.append(add(x, y, rng.uniform(0, 90)))
    rings = rings[:n]
    xmin, ymin, xmax, ymax = utm_bounds()
    weights = [s[4] for s in settlements]
    while len(rings) < n:  # rejection sampling: 3/4 in villages, 1/4 scattered
        if rng.random() < 0.75:
            sx, sy, sigma, angle, _ = rng.choices(settlements, weights)[0]
            x, y, angle = rng.gauss(sx, sigma), rng.gauss(sy, sigma), angle + rng.gauss(0, 8)
        else:
            x, y, angle = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax), rng.uniform(0, 90)
        if in_area(x, y) and free(x, y):
            rings.append(add(x, y, angle))
    rng.shuffle(rings)  # ids should not reveal how a footprint was made
    names, wts = zip(*JENIS)
    attrs = [(None if rng.random() < 0.005 else rng.choices(names, wts)[0],
              rng.choices((1, 2, 3), (70, 25, 5))[0]) for _ in rings]
    return rings, attrs


def make_fasilitas(settlements, count=60):
    rng = rng_for("fasilitas")
    names, wts = zip(*FASILITAS_JENIS)
    out = []
    for i in range(1, count + 1):
        sx, sy, sigma = rng.choice(settlements)[:3]
        lon, lat, _ = TO_GEO.TransformPoint(rng.gauss(sx, sigma), rng.gauss(sy, sigma))
        if rng.random() < 0.3 or not (LON0 < lon < LON1 and LAT0 < lat < LAT1):
            lon, lat = rng.uniform(LON0, LON1), rng.uniform(LAT0, LAT1)  # a remote one
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(round(lon, 6), round(lat, 6))
        out.append((pt, {"nama": f"Fasilitas Sintetis {i}", "jenis": rng.choices(names, wts)[0]}))
    return out


def write_layer(path, driver, name, srs, gtype, fields, rows, options=()):
    """rows: (geometry, {field: value}) in output order."""
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    lyr = ds.CreateLayer(name, srs, gtype, options=list(options))
    for fname, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    for geom, values in rows:
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetGeometry(geom)
        for fname, value in values.items():
            feat.SetField(fname, value)  # None -> NULL
        lyr.CreateFeature(feat)
    ds = None
    print(f"wrote {path}")


README = """# Demo data (SYNTHETIC)

Everything in this directory is **synthetic and made up**: province "99", its
kabupaten/kota, flood depths, buildings and facilities describe no real place
or event. Generated by `scripts/make_demo_data.py` (deterministic: fixed seeds,
re-running gives the same features, coordinates and values). Regenerate with:

    /usr/bin/python3 scripts/make_demo_data.py [--out DIR] [--buildings N]

| File | Layer | CRS | Geometry | Fields |
|---|---|---|---|---|
| `kabupaten.gpkg` | `kabkota` | EPSG:4326 | MultiPolygon | `kode` (String, e.g. "99.01"), `nama` (String) |
| `kedalaman_banjir.tif` | band 1 | EPSG:32748 (UTM 48S) | Float32 raster, 30 m | flood depth in metres, NoData = -9999 |
| `bangunan.gpkg` | `bangunan` | EPSG:32748 (UTM 48S) | MultiPolygon | `id_bangunan` (Integer 1..N), `jenis` (String, may be NULL), `lantai` (Integer 1-3) |
| `fasilitas.geojson` | `fasilitas` | EPSG:4326 (RFC 7946) | Point | `nama` (String), `jenis` (String) |

This run: {n} buildings. Deliberate edge cases: the admin units (99.01, 99.02,
99.03 and the kota 99.71, an enclave in 99.02) do not cover the eastern strip
(east of about 106.27 E), so some buildings fall outside every unit; a few
buildings straddle unit borders; the raster leaves off a northern strip
of buildings and has a rectangular NoData patch over part of one village.
"""


def main():
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description="Write SYNTHETIC demo data.")
    ap.add_argument("--out", type=Path, default=repo / "data" / "demo")
    ap.add_argument("--buildings", type=int, default=3000)
    args = ap.parse_args()
    if args.buildings < 1:
        ap.error("--buildings must be >= 1")
    args.out.mkdir(parents=True, exist_ok=True)
    paths = {k: args.out / k for k in ("kabupaten.gpkg", "kedalaman_banjir.tif", "bangunan.gpkg",
                                  "fasilitas.geojson", "README.md")}
    for p in paths.values():  # overwrite: drivers refuse to create over files
        for stale in (p, Path(f"{p}-wal"), Path(f"{p}-shm"), Path(f"{p}.aux.xml")):
            stale.unlink(missing_ok=True)

    admin, borders = make_admin()
    write_layer(paths["kabupaten.gpkg"], "GPKG", "kabkota", WGS84, ogr.wkbMultiPolygon,
                [("kode", ogr.OFTString), ("nama", ogr.OFTString)],
                [(g, {"kode": k, "nama": nm}) for g, (k, nm) in zip(admin, UNITS)])
    river, widths = make_river()
    settlements = make_settlements(river)
    write_depth(paths["kedalaman_banjir.tif"], river, widths, nodata_patch(settlements))
    rings, attrs = make_buildings(args.buildings, settlements, borders)
    write_layer(paths["bangunan.gpkg"], "GPKG", "bangunan", UTM, ogr.wkbMultiPolygon,
                [("id_bangunan", ogr.OFTInteger), ("jenis", ogr.OFTString),
                 ("lantai", ogr.OFTInteger)],
                [(multipolygon(r), {"id_bangunan": i, "jenis": j, "lantai": lt})
                 for i, (r, (j, lt)) in enumerate(zip(rings, attrs), start=1)])
    write_layer(paths["fasilitas.geojson"], "GeoJSON", "fasilitas", WGS84, ogr.wkbPoint,
                [("nama", ogr.OFTString), ("jenis", ogr.OFTString)],
                make_fasilitas(settlements), options=["RFC7946=YES"])
    paths["README.md"].write_text(README.format(n=args.buildings), encoding="utf-8")
    print(f"wrote {paths['README.md']}")


if __name__ == "__main__":
    main()
