#!/usr/bin/python3
"""The raster part of the benchmark's I/O floor: how long GDAL alone needs to read and
decompress every raster block that the given vector layers touch, each block once.

1. (not timed) The bounding box of every feature, from each GeoPackage's R-tree table
   (rtree_<layer>_geom: float32 boxes rounded outwards), gives the blocks to read.
2. (timed) A fresh GDAL dataset reads those blocks in file order with ReadRaster.

Prints JSON: {"seconds", "blocks_read", "blocks_total", "bytes_uncompressed"}.
A lower bound on what any tool sampling those features must pay for the raster: the tool may
read a block more than once (cache evictions) or read neighbouring blocks for footprints
across block edges, never fewer.

Usage: scripts/bench/read_raster_blocks.py RASTER.tif LAYER.gpkg[:layer] ...
"""
import json
import sqlite3
import sys
import time

import numpy as np
from osgeo import gdal

gdal.UseExceptions()


def feature_boxes(spec, chunk=1_000_000):
    """Yield (n, 4) arrays of minx, maxx, miny, maxy, a million features at a time."""
    path, _, layer = spec.partition(":")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if not layer:
            layer = con.execute("SELECT table_name FROM gpkg_contents "
                                "WHERE data_type = 'features'").fetchone()[0]
        geom = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                           (layer,)).fetchone()[0]
        cursor = con.execute(f'SELECT minx, maxx, miny, maxy FROM "rtree_{layer}_{geom}"')
        while True:
            rows = cursor.fetchmany(chunk)
            if not rows:
                break
            yield np.array(rows, dtype=np.float64).reshape(-1, 4)
    finally:
        con.close()


def mark_blocks(touched, geotransform, size, block, boxes):
    """Set the blocks under each feature's box."""
    x0, dx, _, y0, _, dy = geotransform
    (ncols, nrows), (bw, bh) = size, block
    overlaps = ((boxes[:, 1] >= x0) & (boxes[:, 0] < x0 + ncols * dx)
                & (boxes[:, 3] >= y0 + nrows * dy) & (boxes[:, 2] < y0))
    boxes = boxes[overlaps]  # features off the raster need no block
    c0 = np.clip(np.floor((boxes[:, 0] - x0) / dx), 0, ncols - 1).astype(np.int64)
    c1 = np.clip(np.floor((boxes[:, 1] - x0) / dx), 0, ncols - 1).astype(np.int64)
    r0 = np.clip(np.floor((boxes[:, 3] - y0) / dy), 0, nrows - 1).astype(np.int64)  # maxy: top
    r1 = np.clip(np.floor((boxes[:, 2] - y0) / dy), 0, nrows - 1).astype(np.int64)
    # Features are far smaller than a block: their box spans at most 2 x 2 blocks, so its
    # corners' blocks are all the blocks it touches.
    for rows in (r0, r1):
        for cols in (c0, c1):
            touched[rows // bh, cols // bw] = True


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    raster, layers = sys.argv[1], sys.argv[2:]
    ds = gdal.Open(raster)
    size = (ds.RasterXSize, ds.RasterYSize)
    bw, bh = ds.GetRasterBand(1).GetBlockSize()
    touched = np.zeros(((size[1] + bh - 1) // bh, (size[0] + bw - 1) // bw), dtype=bool)
    for spec in layers:
        for boxes in feature_boxes(spec):
            mark_blocks(touched, ds.GetGeoTransform(), size, (bw, bh), boxes)
    ds = None

    t0 = time.perf_counter()
    ds = gdal.Open(raster)
    band = ds.GetRasterBand(1)
    nbytes = 0
    for by, bx in zip(*np.nonzero(touched)):  # row-major: file order for a tiled GeoTIFF
        xoff, yoff = int(bx) * bw, int(by) * bh
        w, h = min(bw, ds.RasterXSize - xoff), min(bh, ds.RasterYSize - yoff)
        nbytes += len(band.ReadRaster(xoff, yoff, w, h))
    ds = None
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": round(seconds, 3), "blocks_read": int(touched.sum()),
                      "blocks_total": int(touched.size), "bytes_uncompressed": nbytes}))


if __name__ == "__main__":
    main()
