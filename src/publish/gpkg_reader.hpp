#pragma once
// publish reads finished GeoPackages through io's reader (shared with `jitupasna forms`); its
// names here, so the report and workbook code keep calling them unqualified.

#include "jitupasna/io/gpkg_reader.hpp"

namespace jitupasna::publish {
using io::as_number;
using io::as_text;
using io::CellValue;
using io::GpkgReader;
using io::is_null;
using io::Table;
using io::WithGeometry;
}  // namespace jitupasna::publish
