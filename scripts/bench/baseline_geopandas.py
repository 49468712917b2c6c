#!/usr/bin/python3
"""The peer baseline: jitupasna's buildings job written the way a GIS analyst would write it in
Python with GeoPandas and rasterio (Debian 12: geopandas 0.12, shapely 1.8, fiona, rasterio 1.3),
vectorised as far as those libraries allow.

The job, with the same rules as jitupasna (README "Counting rules"):
  1. admin units: read, repair with make_valid;
  2. buildings: read; admin unit = the unit containing the centroid (on a shared border the
     first in layer order: sjoin, keep the lowest admin index), else the unit the footprint
     overlaps most by area, else none;
  3. hazard value: `max` = the highest valid value of the raster cells whose area the footprint
     intersects, or `centroid` = the cell under the centroid; nodata, NaN and cells outside
     the raster are "no value";
  4. class: tinggi > 1.5 >= sedang > 0.7 >= rendah > 0.1 (v in a class when min < v <= max,
     compared in double precision as jitupasna does), else not_affected; no value: not_exposed;
  5. count per kabupaten/kota x class; write the impact layer (every building with admin_code,
     admin_name, hazard_value, hazard_class) and admin_summary (admin polygons with a count per
     class) to a GeoPackage;
  6. print per-phase timings; --counts-json writes the counts for the benchmark's cross-check.

Hazard reads are grouped by raster block: each block a footprint needs is decompressed once
and values are gathered with numpy; only footprints whose bounding box spans more than one
cell (`max`) go through a per-feature loop (shapely intersection with each candidate cell).
Everything else is GeoPandas/pandas column operations.

Usage: scripts/bench/baseline_geopandas.py --admin ADMIN.gpkg --buildings B.gpkg
           --hazard DEPTH.tif --out OUT.gpkg [--sampling max|centroid] [--counts-json F]
"""
import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
from shapely.geometry import box
from rasterio.windows import Window

CLASSES = [("tinggi", 1.5, None), ("sedang", 0.7, 1.5), ("rendah", 0.1, 0.7)]  # most severe first
CLASS_NAMES = [c[0] for c in CLASSES] + ["not_affected", "not_exposed"]


class Phases:
    def __init__(self):
        self.t0 = self.last = time.perf_counter()
        self.laps = {}

    def lap(self, name):
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 3)
        print(f"baseline: {name}: {now - self.last:.2f} s", file=sys.stderr, flush=True)
        self.last = now


def locate_admin(buildings, admin):
    """Admin row index per building (-1: outside every unit)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "centroid in a geographic CRS": intended
        centroids = buildings.geometry.centroid
    points = gpd.GeoDataFrame({"bidx": np.arange(len(buildings))}, geometry=centroids,
                              crs=buildings.crs)
    hits = gpd.sjoin(points, admin[["geometry"]], how="inner", predicate="intersects")
    # A centroid on a shared border hits two units: the first in layer order wins.
    first = hits.groupby("bidx")["index_right"].min()
    unit = np.full(len(buildings), -1, dtype=np.int64)
    unit[first.index.to_numpy()] = first.to_numpy()

    # Centroid in no unit (e.g. a footprint across the coastline): the unit overlapped most.
    rest = np.flatnonzero(unit < 0)
    if rest.size:
        part = gpd.GeoDataFrame({"bidx": rest}, geometry=buildings.geometry.values[rest],
                                crs=buildings.crs)
        pairs = gpd.sjoin(part, admin[["geometry"]], how="inner", predicate="intersects")
        if len(pairs):
            left = gpd.GeoSeries(pairs.geometry.values, crs=buildings.crs)
            right = gpd.GeoSeries(admin.geometry.values[pairs["index_right"].to_numpy()],
                                  crs=buildings.crs)
            pairs = pairs.assign(area=left.intersection(right).area.to_numpy())
            pairs = pairs[pairs["area"] > 0]
            best = pairs.sort_values(["bidx", "area", "index_right"],
                                     ascending=[True, False, True]).drop_duplicates("bidx")
            unit[best["bidx"].to_numpy()] = best["index_right"].to_numpy()
    return unit


def gather_cells(src, rows, cols):
    """Values of cells (rows, cols) as float64, reading each raster block once; NaN for
    nodata and for cells outside the raster."""
    out = np.full(rows.size, np.nan)
    inside = (rows >= 0) & (rows < src.height) & (cols >= 0) & (cols < src.width)
    bh, bw = src.block_shapes[0]
    idx = np.flatnonzero(inside)
    if idx.size == 0:
        return out
    block = (rows[idx] // bh) * (src.width // bw + 1) + cols[idx] // bw
    order = np.argsort(block, kind="stable")
    idx, block = idx[order], block[order]
    starts = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
    ends = np.r_[starts[1:], idx.size]
    nodata = src.nodata
    for s, e in zip(starts, ends):
        sel = idx[s:e]
        r0, c0 = rows[sel[0]] // bh * bh, cols[sel[0]] // bw * bw
        data = src.read(1, window=Window(c0, r0, min(bw, src.width - c0), min(bh, src.height - r0)))
        vals = data[rows[sel] - r0, cols[sel] - c0].astype(np.float64)
        if nodata is not None:
            vals[vals == nodata] = np.nan
        out[sel] = vals
    out[~np.isfinite(out)] = np.nan
    return out


def sample_hazard(buildings, hazard_path, sampling):
    with rasterio.open(hazard_path) as src:
        x0, dx, _, y0, _, dy = src.transform.to_gdal()  # dy < 0 (north up)
        if sampling == "centroid":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                c = buildings.geometry.centroid
            cols = np.floor((c.x.to_numpy() - x0) / dx).astype(np.int64)
            rows = np.floor((c.y.to_numpy() - y0) / dy).astype(np.int64)
            return gather_cells(src, rows, cols)

        b = buildings.geometry.bounds
        c0 = np.floor((b["minx"].to_numpy() - x0) / dx).astype(np.int64)
        c1 = np.floor((b["maxx"].to_numpy() - x0) / dx).astype(np.int64)
        r0 = np.floor((b["maxy"].to_numpy() - y0) / dy).astype(np.int64)
        r1 = np.floor((b["miny"].to_numpy() - y0) / dy).astype(np.int64)
        # Footprints inside one cell (most of them): that cell's value, vectorised.
        values = gather_cells(src, r0, c0)
        multi = np.flatnonzero((c1 > c0) | (r1 > r0))
        # The others: the best valid cell of their bounding window whose area the footprint
        # intersects. (rasterio.features.geometry_mask(all_touched=True) would be the usual
        # tool, but GDAL burns nothing for a polygon smaller than a cell that covers no cell
        # centre, so footprints across a cell edge would get no value.)
        nodata = src.nodata
        geoms = buildings.geometry.values
        for i in multi:
            wr0, wc0 = max(r0[i], 0), max(c0[i], 0)
            wr1, wc1 = min(r1[i], src.height - 1), min(c1[i], src.width - 1)
            values[i] = np.nan
            if wr0 > wr1 or wc0 > wc1:
                continue
            data = src.read(1, window=Window(wc0, wr0, wc1 - wc0 + 1, wr1 - wr0 + 1))
            data = data.astype(np.float64)
            ok = np.isfinite(data)
            if nodata is not None:
                ok &= data != nodata
            for k in np.argsort(np.where(ok, data, -np.inf), axis=None)[::-1]:
                rr, cc = divmod(int(k), data.shape[1])
                if not ok[rr, cc]:
                    break
                row, col = wr0 + rr, wc0 + cc
                cell = box(x0 + col * dx, y0 + (row + 1) * dy, x0 + (col + 1) * dx, y0 + row * dy)
                if geoms[i].intersection(cell).area > 0:
                    values[i] = data[rr, cc]
                    break
        return values


def classify(values):
    v = np.asarray(values, dtype=np.float64)
    out = np.full(v.size, "not_affected", dtype=object)
    todo = np.ones(v.size, dtype=bool)
    for name, lo, hi in CLASSES:
        hit = todo & (v > lo) & (True if hi is None else v <= hi)
        out[hit] = name
        todo &= ~hit
    out[np.isnan(v)] = "not_exposed"
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--admin", required=True)
    ap.add_argument("--admin-layer", default="kabkota")
    ap.add_argument("--code-field", default="kode")
    ap.add_argument("--name-field", default="nama")
    ap.add_argument("--buildings", required=True)
    ap.add_argument("--hazard", required=True)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--sampling", choices=["max", "centroid"], default="max")
    ap.add_argument("--counts-json", type=Path)
    args = ap.parse_args()

    t = Phases()
    admin = gpd.read_file(args.admin, layer=args.admin_layer)
    repaired = int((~admin.is_valid).sum())
    admin["geometry"] = admin.geometry.make_valid()
    t.lap(f"read admin, make_valid ({repaired} repaired)")

    buildings = gpd.read_file(args.buildings)
    t.lap(f"read {len(buildings):,} buildings")

    unit = locate_admin(buildings, admin)
    codes = admin[args.code_field].to_numpy(dtype=object)
    names = admin[args.name_field].to_numpy(dtype=object)
    buildings["admin_code"] = np.where(unit >= 0, codes[np.maximum(unit, 0)], None)
    buildings["admin_name"] = np.where(unit >= 0, names[np.maximum(unit, 0)], None)
    t.lap("admin unit per building (sjoin)")

    values = sample_hazard(buildings, args.hazard, args.sampling)
    buildings["hazard_value"] = values
    buildings["hazard_class"] = classify(values)
    t.lap(f"hazard sampling ({args.sampling}) and classes")

    counts = (buildings.groupby(["admin_code", "hazard_class"], dropna=False).size()
              .rename("count").reset_index())
    table = counts.pivot_table(index="admin_code", columns="hazard_class", values="count",
                               fill_value=0, aggfunc="sum")
    table = table.reindex(columns=CLASS_NAMES, fill_value=0).add_prefix("bangunan_")
    summary = admin[[args.code_field, args.name_field, "geometry"]].merge(
        table, left_on=args.code_field, right_index=True, how="left").fillna(0)
    t.lap("counts per kabupaten/kota x class")

    for stale in (args.out, Path(f"{args.out}-wal"), Path(f"{args.out}-shm")):
        stale.unlink(missing_ok=True)
    buildings.to_file(args.out, layer="impact_bangunan", driver="GPKG")
    summary.to_file(args.out, layer="admin_summary", driver="GPKG")
    t.lap("write GeoPackage (impact_bangunan, admin_summary)")

    total = round(time.perf_counter() - t.t0, 3)
    print(f"baseline: total {total:.2f} s for {len(buildings):,} buildings", file=sys.stderr)
    if args.counts_json:
        rows = [{"admin_code": None if pd.isna(r.admin_code) else r.admin_code,
                 "hazard_class": r.hazard_class, "count": int(r.count)}
                for r in counts.itertuples(index=False)]
        args.counts_json.write_text(json.dumps(
            {"features": len(buildings), "sampling": args.sampling, "seconds": total,
             "phases": t.laps, "counts": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
