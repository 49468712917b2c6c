#pragma once
// The GeoPackage R-tree spatial index of a finished layer, built at once.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>

namespace jitupasna::io {

// Builds rtree_<table>_<geometry> for the features already in `table`, packed
// sort-tile-recursive straight into SQLite's R-tree tables, with the triggers and the
// gpkg_rtree_index extension row of the GeoPackage specification. GDAL 3.6 instead inserts one
// feature at a time into SQLite's R*-tree, which took most of a national run (8 s of 17 s for
// a million buildings). Memory: one vertical slice of boxes (about sqrt(51 n) of them; SQLite
// sorts the features on disk) and one box per leaf node (n / 51).
void build_gpkg_rtree(GDALDataset& ds, const std::string& table, const std::string& geometry,
                      const std::string& fid);

}  // namespace jitupasna::io
