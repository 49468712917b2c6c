#!/usr/bin/python3
"""Deterministic SYNTHETIC national-scale inputs for the jitupasna benchmark.

Writes into a work directory:
  - buildings: N small rectangles (6-20 m sides), each placed in a kabupaten/kota chosen with
    probability proportional to its 2025 population, uniformly inside that (repaired) polygon;
    GeoPackage, EPSG:4326, fields id_bangunan, jenis (Rumah, Toko, Sekolah, ...; a few NULL);
  - roads: polylines of 5 segments (40-120 m each), same density, field highway;
  - a flood-depth raster over all of Indonesia (default 0.0009 deg, about 100 m): a smooth
    field of seeded sinusoids and Gaussian bumps, in metres, with nodata patches and an
    eastern strip of nodata; Float32, DEFLATE, 256 x 256 tiles.

The admin boundaries are the REAL 514 kabupaten/kota (../shared/data/admin), used as they
are; only the buildings, roads and depths are made up. Fixed seeds: the same parameters give
the same features in the same order. Each product is written to a temporary name and renamed
when complete, with a .json sidecar of its parameters, so an interrupted run is never reused
and a later run with the same parameters reuses it.

Memory is bounded: vectors are generated kabupaten by kabupaten in chunks of at most
CHUNK features, the raster in strips of one tile row.

Run with Debian's /usr/bin/python3 (python3-gdal, python3-numpy, python3-shapely):
  scripts/bench/generate.py --work /tmp/jitupasna-bench --buildings 100000 --raster-res 0.01
"""
import argparse
import csv
import hashlib
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr
from shapely import wkb as shapely_wkb
from shapely.geometry import MultiPolygon
from shapely.prepared import prep
from shapely.validation import make_valid
import shapely.vectorized

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()
# GeoPackage metadata otherwise carries the current time; pin it for byte-stable files.
gdal.SetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z")
# A larger SQLite page cache (MB) speeds up building the R-tree of 10 M features.
gdal.SetConfigOption("OGR_SQLITE_CACHE", "512")
# GDAL's block cache holds written raster tiles until it is full (default: 5 % of RAM); one
# row of full-resolution tiles is about 50 MB, flushed after each row (make_raster).
gdal.SetCacheMax(128 * 1024 * 1024)

GENERATOR_VERSION = 2          # bump whenever a change here changes the generated data
REPO = Path(__file__).resolve().parents[2]
DEFAULT_ADMIN = REPO.parent / "shared" / "data" / "admin" / "indonesia_kabkota.gpkg"
DEFAULT_POPULATION = REPO.parent / "shared" / "data" / "admin" / "penduduk_kabkota_2025.csv"
DEFAULT_SEED = 20250101
CHUNK = 100_000                # features generated and written per step
COMMIT_EVERY = 1_000_000       # features per SQLite transaction

# Raster extent: all of Indonesia with a margin (the admin layer spans 94.97..141.02 E,
# -11.01..6.08 N).
BBOX = (94.9, -11.1, 141.1, 6.1)  # west, south, east, north
NODATA = -9999.0
EAST_NODATA_FROM = 140.6       # lon from which the "model domain" has no values
TILE = 256

JENIS = [("Rumah", 86.0), ("Toko", 5.0), ("Sekolah", 2.5), ("Masjid", 2.0), ("Kantor", 2.0),
         ("Puskesmas", 0.8), ("Rumah Sakit", 0.2), (None, 1.5)]
HIGHWAY = [("residential", 55.0), ("service", 15.0), ("unclassified", 8.0), ("tertiary", 10.0),
           ("secondary", 7.0), ("primary", 4.0), ("trunk", 1.0)]
ROAD_SEGMENTS = 5

WGS84 = osr.SpatialReference()
WGS84.ImportFromEPSG(4326)
WGS84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)

M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON_EQUATOR = 111_320.0

# Stream ids: one independent random stream per product, kabupaten and chunk, so changing
# e.g. the number of roads never moves a building.
STREAM_BUILDING_COUNTS, STREAM_ROAD_COUNTS, STREAM_BUILDINGS, STREAM_ROADS, STREAM_RASTER = range(5)


def log(msg):
    print(f"generate: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- caching helpers

def sidecar(path):
    return Path(str(path) + ".json")


def is_current(path, params):
    """True when `path` exists and was written by this generator with the same parameters."""
    meta = sidecar(path)
    if not (Path(path).exists() and meta.exists()):
        return False
    try:
        # Through JSON both ways, so tuples and lists compare equal.
        return json.loads(meta.read_text())["params"] == json.loads(json.dumps(params))
    except (ValueError, KeyError):
        return False


def remove_dataset(path):
    for p in (Path(path), Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"),
              Path(f"{path}.aux.xml"), sidecar(path)):
        p.unlink(missing_ok=True)


def publish(tmp_path, path, params, info):
    """Rename a completed product into place and record what made it."""
    os.replace(tmp_path, path)
    sidecar(path).write_text(json.dumps({"params": params, "info": info}, indent=1) + "\n")


def source_signature(path):
    # Content, not mtime: shared/ may be laid anew with the same files.
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    return {"path": str(Path(path).resolve()), "sha256": digest}


# --------------------------------------------------------------------------- admin sampling

class KabkotaSampler:
    """Uniform random points inside one kabupaten/kota polygon.

    Rejection sampling from the polygon's bounding box wastes most draws on island
    regencies (Kepulauan Seribu covers 0.2 % of its box), so draws come from the cells of a
    coarse grid (at most GRID x GRID over the box) that the polygon touches, and each point is
    then tested exactly against the repaired polygon (GEOS, prepared, vectorised)."""

    GRID = 256

    def __init__(self, geom):
        self.geom = geom
        self.prepared = prep(geom)
        west, south, east, north = geom.bounds
        self.cell = max(east - west, north - south) / self.GRID
        self.west, self.north = west, north
        self.ncols = max(1, math.ceil((east - west) / self.cell))
        nrows = max(1, math.ceil((north - south) / self.cell))
        self.candidates = self._touched_cells(geom, nrows)
        # Expected share of draws inside; fixed (not learnt from draws) so that each call's
        # points depend on its own random stream only.
        self.acceptance = min(1.0, max(0.01, geom.area / (self.candidates.size * self.cell ** 2)))

    def _touched_cells(self, geom, nrows):
        mem = gdal.GetDriverByName("MEM").Create("", self.ncols, nrows, 1, gdal.GDT_Byte)
        mem.SetGeoTransform((self.west, self.cell, 0.0, self.north, 0.0, -self.cell))
        mem.SetProjection(WGS84.ExportToWkt())
        vds = ogr.GetDriverByName("Memory").CreateDataSource("")
        lyr = vds.CreateLayer("g", WGS84, ogr.wkbUnknown)
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetGeometry(ogr.CreateGeometryFromWkb(geom.wkb))
        lyr.CreateFeature(feat)
        gdal.RasterizeLayer(mem, [1], lyr, burn_values=[1], options=["ALL_TOUCHED=TRUE"])
        cells = np.flatnonzero(mem.GetRasterBand(1).ReadAsArray()).astype(np.int64)
        if cells.size == 0:  # a sliver thinner than a cell: fall back on the whole box
            cells = np.arange(self.ncols * nrows, dtype=np.int64)
        return cells

    def sample(self, rng, n):
        """n points (lon, lat arrays) uniformly inside the polygon."""
        xs, ys, have = [], [], 0
        while have < n:
            want = n - have
            draws = int(want / self.acceptance * 1.2) + 16
            cell = self.candidates[rng.integers(0, self.candidates.size, draws)]
            row, col = np.divmod(cell, self.ncols)
            x = self.west + (col + rng.random(draws)) * self.cell
            y = self.north - (row + rng.random(draws)) * self.cell
            inside = shapely.vectorized.contains(self.prepared, x, y)
            x, y = x[inside][:want], y[inside][:want]
            xs.append(x)
            ys.append(y)
            have += x.size
        return np.concatenate(xs), np.concatenate(ys)


def polygonal_part(geom):
    """The polygons of a MakeValid result (which may also hold lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = []
    for g in getattr(geom, "geoms", []):
        if g.geom_type == "Polygon":
            polys.append(g)
        elif g.geom_type == "MultiPolygon":
            polys.extend(g.geoms)
    return MultiPolygon(polys)


def load_kabkota(admin_path, population_path):
    """[(kode, population, repaired geometry)] in layer order."""
    with open(population_path, newline="", encoding="utf-8") as f:
        population = {row["kode"]: int(row["total"]) for row in csv.DictReader(f)}
    ds = ogr.Open(str(admin_path))
    out = []
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # IsValid() warnings for 124 invalid units
    try:
        for feat in ds.GetLayer(0):
            kode = feat.GetField("kode")
            if kode not in population:
                raise SystemExit(f"generate: kode {kode} of {admin_path} not in {population_path}")
            geom = shapely_wkb.loads(bytes(feat.GetGeometryRef().ExportToWkb()))
            if not geom.is_valid:
                geom = polygonal_part(make_valid(geom))
            out.append((kode, population[kode], geom))
    finally:
        gdal.PopErrorHandler()
    return out


def allocate(total, kabkota, rng):
    """How many features each kabupaten/kota gets: multinomial by population."""
    pop = np.array([p for _, p, _ in kabkota], dtype=np.float64)
    return rng.multinomial(total, pop / pop.sum())


# --------------------------------------------------------------------------- vector writing

def wkb_records(n, geom_type, npoints, nrings=None):
    """Fixed-layout little-endian ISO WKB records, filled in place by the caller."""
    fields = [("byte_order", "u1"), ("type", "<u4")]
    if nrings is not None:
        fields.append(("nrings", "<u4"))
    fields += [("npoints", "<u4"), ("coords", "<f8", (npoints * 2,))]
    rec = np.zeros(n, dtype=np.dtype(fields))  # packed: no padding, so bytes are valid WKB
    rec["byte_order"] = 1
    rec["type"] = geom_type
    if nrings is not None:
        rec["nrings"] = nrings
    rec["npoints"] = npoints
    return rec


def as_wkb_list(rec):
    return [bytes(v) for v in rec.view(np.dtype((np.void, rec.dtype.itemsize)))]


class LayerWriter:
    """A GeoPackage layer written in large transactions; spatial index built at the end
    (building it row by row while inserting is about 3x slower)."""

    def __init__(self, path, name, geom_type, fields):
        self.ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        self.layer = self.ds.CreateLayer(name, WGS84, geom_type,
                                         options=["SPATIAL_INDEX=NO", "FID=fid"])
        for fname, ftype in fields:
            self.layer.CreateField(ogr.FieldDefn(fname, ftype))
        # Typed setters skip the per-call type dispatch of Feature.SetField.
        self.setters = [ogr.Feature.SetFieldInteger64 if ftype == ogr.OFTInteger64
                        else ogr.Feature.SetFieldString for _, ftype in fields]
        self.defn = self.layer.GetLayerDefn()
        self.name = name
        self.in_transaction = 0
        self.count = 0
        self.ds.StartTransaction()

    def write(self, wkbs, columns):
        """wkbs: list of WKB bytes; columns: list of per-field value lists (None = NULL)."""
        defn, layer, setters = self.defn, self.layer, self.setters
        for i, g in enumerate(wkbs):
            f = ogr.Feature(defn)
            for j, col in enumerate(columns):
                v = col[i]
                if v is not None:
                    setters[j](f, j, v)
            f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(g))
            layer.CreateFeature(f)
        self.count += len(wkbs)
        self.in_transaction += len(wkbs)
        if self.in_transaction >= COMMIT_EVERY:
            self.ds.CommitTransaction()
            self.ds.StartTransaction()
            self.in_transaction = 0

    def close(self):
        self.ds.CommitTransaction()
        self.ds.ExecuteSQL(f"SELECT CreateSpatialIndex('{self.name}', 'geom')")
        self.ds = None


def building_chunk(rng, lon, lat):
    """Rotated rectangles of 6-20 m sides centred on (lon, lat), as WKB polygons."""
    n = lon.size
    half_w = rng.uniform(6.0, 20.0, n) / 2
    half_l = rng.uniform(6.0, 20.0, n) / 2
    angle = rng.uniform(0.0, math.pi / 2, n)
    ca, sa = np.cos(angle), np.sin(angle)
    m_lon = M_PER_DEG_LON_EQUATOR * np.cos(np.radians(lat))
    rec = wkb_records(n, 3, 5, nrings=1)  # Polygon, one ring of 5 points (closed)
    coords = rec["coords"]
    for k, (sx, sy) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))):
        dx, dy = sx * half_w, sy * half_l
        coords[:, 2 * k] = lon + (dx * ca - dy * sa) / m_lon
        coords[:, 2 * k + 1] = lat + (dx * sa + dy * ca) / M_PER_DEG_LAT
    names, weights = zip(*JENIS)
    weights = np.array(weights) / sum(weights)
    jenis = [names[i] for i in rng.choice(len(names), n, p=weights)]
    return as_wkb_list(rec), jenis


def road_chunk(rng, lon, lat):
    """Wiggly polylines of ROAD_SEGMENTS segments of 40-120 m starting at (lon, lat)."""
    n = lon.size
    npts = ROAD_SEGMENTS + 1
    rec = wkb_records(n, 2, npts)  # LineString
    coords = rec["coords"]
    heading = rng.uniform(0.0, 2 * math.pi, n)
    x, y = lon.copy(), lat.copy()
    m_lon = M_PER_DEG_LON_EQUATOR * np.cos(np.radians(lat))
    coords[:, 0], coords[:, 1] = x, y
    for k in range(1, npts):
        step = rng.uniform(40.0, 120.0, n)
        heading += rng.normal(0.0, 0.35, n)
        x = x + step * np.cos(heading) / m_lon
        y = y + step * np.sin(heading) / M_PER_DEG_LAT
        coords[:, 2 * k], coords[:, 2 * k + 1] = x, y
    names, weights = zip(*HIGHWAY)
    weights = np.array(weights) / sum(weights)
    highway = [names[i] for i in rng.choice(len(names), n, p=weights)]
    return as_wkb_list(rec), highway


def make_vectors(work, kabkota, buildings_path, buildings, roads_path, roads, seed):
    """Buildings (and roads, if roads > 0) in one pass over the kabupaten/kota, so each
    polygon's sampling grid is built once."""
    counts_b = allocate(buildings, kabkota, np.random.default_rng([seed, STREAM_BUILDING_COUNTS]))
    counts_r = (allocate(roads, kabkota, np.random.default_rng([seed, STREAM_ROAD_COUNTS]))
                if roads else np.zeros(len(kabkota), dtype=np.int64))
    tmp_b = buildings_path.with_name(".tmp-" + buildings_path.name) if buildings else None
    tmp_r = roads_path.with_name(".tmp-" + roads_path.name) if roads else None
    for tmp in (tmp_b, tmp_r):
        if tmp:
            remove_dataset(tmp)
    wb = (LayerWriter(tmp_b, "bangunan", ogr.wkbPolygon,
                      [("id_bangunan", ogr.OFTInteger64), ("jenis", ogr.OFTString)])
          if buildings else None)
    wr = (LayerWriter(tmp_r, "jalan", ogr.wkbLineString,
                      [("id_jalan", ogr.OFTInteger64), ("highway", ogr.OFTString)])
          if roads else None)
    t0 = time.time()
    next_b = next_r = 1
    done = 0
    last_report = t0
    for k, (kode, _, geom) in enumerate(kabkota):
        if counts_b[k] == 0 and counts_r[k] == 0:
            continue
        sampler = KabkotaSampler(geom)
        for stream, count, writer, make in ((STREAM_BUILDINGS, counts_b[k], wb, building_chunk),
                                            (STREAM_ROADS, counts_r[k], wr, road_chunk)):
            for chunk, start in enumerate(range(0, int(count), CHUNK)):
                n = min(CHUNK, int(count) - start)
                rng = np.random.default_rng([seed, stream, k, chunk])
                lon, lat = sampler.sample(rng, n)
                wkbs, kinds = make(rng, lon, lat)
                first = next_b if writer is wb else next_r
                ids = list(range(first, first + n))
                writer.write(wkbs, [ids, kinds])
                if writer is wb:
                    next_b += n
                else:
                    next_r += n
                done += n
        if time.time() - last_report > 10:
            last_report = time.time()
            rate = done / (last_report - t0)
            log(f"  vectors: {done:,} of {buildings + roads:,} features ({rate:,.0f}/s)")
    t_write = time.time() - t0
    for w in (wb, wr):
        if w:
            w.close()
    t_total = time.time() - t0
    log(f"  vectors: {buildings:,} buildings + {roads:,} roads in {t_total:.1f} s "
        f"(features {t_write:.1f} s, spatial indexes {t_total - t_write:.1f} s)")
    return tmp_b, tmp_r, {"seconds": round(t_total, 2), "seconds_features": round(t_write, 2)}


# --------------------------------------------------------------------------- raster

def raster_grid(res):
    west, south, east, north = BBOX
    ncols = math.ceil(round((east - west) / res, 6))
    nrows = math.ceil(round((north - south) / res, 6))
    return west, north, ncols, nrows


class DepthField:
    """A smooth synthetic flood depth (m): the positive part of a sum of plane waves, plus
    Gaussian bumps (deep local floods), rounded to cm; nodata where a second slow field is
    high and east of EAST_NODATA_FROM."""

    WAVES = 40
    BUMPS = 600
    NODATA_WAVES = 4

    def __init__(self, seed):
        rng = np.random.default_rng([seed, STREAM_RASTER])
        wavelength = np.exp(rng.uniform(math.log(0.1), math.log(4.0), self.WAVES))  # degrees
        direction = rng.uniform(0.0, math.pi, self.WAVES)
        k = 2 * math.pi / wavelength
        self.kx, self.ky = k * np.cos(direction), k * np.sin(direction)
        self.phase = rng.uniform(0.0, 2 * math.pi, self.WAVES)
        amp = wavelength ** 0.75  # long waves dominate: large floodplains, small ripples
        self.amp = amp / math.sqrt((amp ** 2).sum() / 2)  # unit variance of the sum
        self.bump_x = rng.uniform(BBOX[0], BBOX[2], self.BUMPS)
        self.bump_y = rng.uniform(BBOX[1], BBOX[3], self.BUMPS)
        self.bump_sigma = rng.uniform(0.02, 0.15, self.BUMPS)
        self.bump_amp = rng.uniform(0.5, 2.5, self.BUMPS)
        nd_wavelength = rng.uniform(1.0, 4.0, self.NODATA_WAVES)
        nd_direction = rng.uniform(0.0, math.pi, self.NODATA_WAVES)
        nk = 2 * math.pi / nd_wavelength
        self.nkx, self.nky = nk * np.cos(nd_direction), nk * np.sin(nd_direction)
        self.nphase = rng.uniform(0.0, 2 * math.pi, self.NODATA_WAVES)

    @staticmethod
    def _waves(x, y, kx, ky, phase, amp):
        # sum_i amp_i sin(kx_i x + ky_i y + phase_i), with sin(a + b) = sin a cos b + cos a sin b,
        # is one matrix product [amp cos b | amp sin b] (rows x 2W) @ [sin a ; cos a] (2W x cols):
        # BLAS instead of a sine per cell and wave.
        a = np.outer(kx, x)                          # waves x cols
        b = np.outer(y, ky) + phase[None, :]         # rows x waves
        left = np.hstack([amp * np.cos(b), amp * np.sin(b)]).astype(np.float32)
        right = np.vstack([np.sin(a), np.cos(a)]).astype(np.float32)
        return left @ right

    def strip(self, x, y):
        """Depths for cell centres x (columns) by y (rows), float32."""
        f = self._waves(x, y, self.kx, self.ky, self.phase, self.amp)
        res = x[1] - x[0] if x.size > 1 else 1.0
        ymin, ymax = y.min(), y.max()
        for bx, by, s, a in zip(self.bump_x, self.bump_y, self.bump_sigma, self.bump_amp):
            if by + 4 * s < ymin or by - 4 * s > ymax:
                continue
            c0 = max(0, int((bx - 4 * s - x[0]) / res))
            c1 = min(x.size, int((bx + 4 * s - x[0]) / res) + 1)
            if c0 >= c1:
                continue
            gx = np.exp(-0.5 * ((x[c0:c1] - bx) / s) ** 2).astype(np.float32)
            gy = (a * np.exp(-0.5 * ((y - by) / s) ** 2)).astype(np.float32)
            f[:, c0:c1] += gy[:, None] * gx[None, :]
        # About a quarter of the area wet: depth = 2 m per unit above 0.7, capped at 8 m.
        depth = np.clip(2.0 * (f - 0.7), 0.0, 8.0)
        depth = np.round(depth, 2).astype(np.float32)
        nd = self._waves(x, y, self.nkx, self.nky, self.nphase,
                         np.full(self.NODATA_WAVES, 1.0 / math.sqrt(self.NODATA_WAVES / 2)))
        depth[nd > 1.7] = NODATA
        depth[:, x >= EAST_NODATA_FROM] = NODATA
        return depth


def make_raster(path, res, seed):
    west, north, ncols, nrows = raster_grid(res)
    tmp = path.with_name(".tmp-" + path.name)
    remove_dataset(tmp)
    t0 = time.time()
    ds = gdal.GetDriverByName("GTiff").Create(
        str(tmp), ncols, nrows, 1, gdal.GDT_Float32,
        options=["TILED=YES", f"BLOCKXSIZE={TILE}", f"BLOCKYSIZE={TILE}", "COMPRESS=DEFLATE",
                 "PREDICTOR=3", "BIGTIFF=IF_SAFER", "NUM_THREADS=ALL_CPUS"])
    ds.SetGeoTransform((west, res, 0.0, north, 0.0, -res))
    ds.SetProjection(WGS84.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(NODATA)
    band.SetDescription("kedalaman_banjir (m), SYNTHETIC")
    field = DepthField(seed)
    x = west + res * (np.arange(ncols) + 0.5)
    for r0 in range(0, nrows, TILE):  # one row of tiles at a time: bounded memory
        r1 = min(nrows, r0 + TILE)
        y = north - res * (np.arange(r0, r1) + 0.5)
        band.WriteArray(field.strip(x, y), 0, r0)
        ds.FlushCache()  # tiles reach the file row by row: same bytes on every run
        if r0 // TILE % 10 == 0:
            log(f"  raster: row {r1:,} of {nrows:,} ({time.time() - t0:.0f} s)")
    ds.FlushCache()
    ds = None
    seconds = time.time() - t0
    log(f"  raster: {ncols:,} x {nrows:,} cells in {seconds:.1f} s")
    return tmp, {"seconds": round(seconds, 2), "cols": ncols, "rows": nrows}


# --------------------------------------------------------------------------- entry points

def vector_paths(work, buildings, roads, seed):
    b = work / f"bangunan_n{buildings}_s{seed}.gpkg"
    r = work / f"jalan_n{roads}_s{seed}.gpkg" if roads else None
    return b, r


def raster_path(work, res, seed):
    return work / f"banjir_r{res:g}_s{seed}.tif"


def ensure_inputs(work, buildings, roads, res, seed, admin, population):
    """Generate whatever is missing or stale; return the paths and generation timings."""
    work.mkdir(parents=True, exist_ok=True)
    b_path, r_path = vector_paths(work, buildings, roads, seed)
    t_path = raster_path(work, res, seed)
    base = {"version": GENERATOR_VERSION, "seed": seed, "admin": source_signature(admin),
            "population": source_signature(population)}
    b_params = dict(base, product="buildings", buildings=buildings)
    r_params = dict(base, product="roads", roads=roads)
    t_params = {"version": GENERATOR_VERSION, "seed": seed, "product": "raster", "res": res,
                "bbox": BBOX}
    timings = {}
    need_b = not is_current(b_path, b_params)
    need_r = bool(roads) and not is_current(r_path, r_params)
    if need_b or need_r:
        log(f"writing {buildings if need_b else 0:,} buildings and {roads if need_r else 0:,} "
            f"roads into {work}")
        t0 = time.time()
        kabkota = load_kabkota(admin, population)
        t_admin = time.time() - t0
        tmp_b, tmp_r, info = make_vectors(work, kabkota, b_path, buildings if need_b else 0,
                                          r_path, roads if need_r else 0, seed)
        info["seconds_admin"] = round(t_admin, 2)
        if need_b:
            remove_dataset(b_path)
            publish(tmp_b, b_path, b_params, info)
        if need_r:
            remove_dataset(r_path)
            publish(tmp_r, r_path, r_params, info)
        timings["vectors"] = info
    else:
        log(f"reusing {b_path.name}" + (f" and {r_path.name}" if roads else ""))
    if not is_current(t_path, t_params):
        log(f"writing the flood-depth raster at {res:g} deg into {work}")
        tmp, info = make_raster(t_path, res, seed)
        remove_dataset(t_path)
        publish(tmp, t_path, t_params, info)
        timings["raster"] = info
    else:
        log(f"reusing {t_path.name}")
    return {"buildings": b_path, "roads": r_path, "raster": t_path, "timings": timings}


def main():
    ap = argparse.ArgumentParser(description="Write SYNTHETIC national benchmark inputs.")
    ap.add_argument("--work", type=Path, default=Path("/tmp/jitupasna-bench"))
    ap.add_argument("--buildings", type=int, default=1_000_000)
    ap.add_argument("--roads", type=int, help="default: buildings / 10")
    ap.add_argument("--raster-res", type=float, default=0.0009, help="degrees (default 0.0009)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--admin", type=Path, default=DEFAULT_ADMIN)
    ap.add_argument("--population", type=Path, default=DEFAULT_POPULATION)
    args = ap.parse_args()
    roads = args.buildings // 10 if args.roads is None else args.roads
    out = ensure_inputs(args.work, args.buildings, roads, args.raster_res, args.seed,
                        args.admin, args.population)
    print(json.dumps({k: str(v) for k, v in out.items() if k != "timings"}, indent=1))


if __name__ == "__main__":
    main()
