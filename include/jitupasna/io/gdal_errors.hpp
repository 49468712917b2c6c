#pragma once

#include <string>
#include <vector>

namespace jitupasna::io {

// Routes GDAL's own messages into the tool: errors are kept per thread so that a failing call
// can be reported with GDAL's reason; warnings are collected for run_info.
void install_gdal_error_handler();

// The last GDAL error message on this thread (empty when none), and clears it.
std::string take_last_gdal_error();

// Warnings GDAL reported so far (deduplicated, in order of first appearance).
std::vector<std::string> gdal_warnings();

}  // namespace jitupasna::io
