#pragma once

#include <string>
#include <vector>

namespace jitupasna::io {

// Makes GDAL ready for the tool, once per process (later calls do nothing): registers its
// drivers, caps its raster block cache and routes its messages into the tool. Every entry
// point that opens a dataset calls it.
void initialize_gdal();

// The steps of initialize_gdal(), each on its own.
// Registers every GDAL/OGR driver.
void register_gdal_drivers();
// Caps GDAL's raster block cache at 256 MB unless the user set GDAL_CACHEMAX.
void cap_gdal_block_cache();
// Routes GDAL's own messages into the tool: errors are kept per thread so that a failing call
// can be reported with GDAL's reason; warnings are collected for run_info.
void install_gdal_message_handler();

// Throws ConfigError "<role>: <path> not found" when path is a plain file path that does not
// exist, so that a typo in a path is not reported as a file GDAL cannot read. GDAL's virtual
// paths (/vsizip/...) and connection strings (PG:...) are left to GDAL. A path that is neither
// a regular file nor a folder (a FIFO, /dev/zero), or that this user may not read, is refused
// (ConfigError naming the role). A path the scenario gives that is not a readable file is a
// mistake in the scenario, like a missing scenario or defaults file: exit 2, all alike.
void require_existing_path(const std::string& path, const std::string& role);

// The last GDAL error message on this thread (empty when none), and clears it.
std::string take_last_gdal_error();

// Warnings GDAL reported so far (deduplicated, in order of first appearance).
std::vector<std::string> gdal_warnings();

}  // namespace jitupasna::io
