#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jitupasna::core {

// What a path is when it is not a regular file ("a FIFO (named pipe)", "a character device",
// "a folder", ...), following symbolic links; nullopt for a regular file or a path that does
// not exist (callers report "not found" themselves). Reading a FIFO blocks for good and a
// device such as /dev/zero never ends, so inputs are checked before they are opened.
std::optional<std::string> not_a_regular_file(const std::string& path);

// Throws ConfigError "<what>: <path> is <kind>, not a regular file" when not_a_regular_file():
// the path the scenario gives is wrong (exit 2), as for a missing file.
void require_regular_file(const std::string& path, const std::string& what);

// The files beside a dataset that GDAL (or SQLite) may also read or write, which exist (of any
// type): the .shx/.dbf/.prj/.cpg of a shapefile, the .prj/.hdr/.tfw/.aux.xml/.ovr of a raster,
// the .csvt of a CSV, the -wal/-shm/-journal of a GeoPackage. Filesystem only: never opens.
std::vector<std::string> sidecar_files(const std::string& path);

// require_regular_file() for the path and each of its sidecar_files(): a FIFO .dbf beside a
// shapefile blocks GDAL's open for good, a .prj linked to /dev/zero is read until memory ends.
void require_regular_files(const std::string& path, const std::string& what);

}  // namespace jitupasna::core
