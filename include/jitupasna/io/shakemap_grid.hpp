#pragma once

#include <map>
#include <string>
#include <vector>

#include "jitupasna/core/raster_sampling.hpp"

namespace jitupasna::io {

// A USGS/BMKG ShakeMap grid.xml (<shakemap_grid>) read as a raster of one field.
struct ShakemapGrid {
    core::GridSpec grid;                       // north-up; points are cell centres
    std::vector<std::string> fields;           // field names in file order (LON, LAT, PGA, ...)
    std::string field;                         // the field read, spelt as in the file
    std::string units;                         // its units
    std::vector<double> values;                // grid.cols * grid.rows, row-major from the north
    std::map<std::string, std::string> event;  // event and grid attributes for run_info
};

// Streams the file through expat (memory: the grid plus a small buffer). `field` is matched
// case-insensitively against the <grid_field> names. The grid has nlon x nlat cells centred on
// the grid points: cell_width = (lon_max - lon_min) / (nlon - 1) (nominal_lon_spacing when
// nlon is 1), likewise in latitude; each <grid_data> row is placed by its own LON/LAT, and
// every cell must get exactly one row. `event` holds every <event> attribute plus event_id,
// shakemap_id, shakemap_version, process_timestamp, shakemap_originator, map_status and
// shakemap_event_type of <shakemap_grid>, trailing blanks trimmed.
// Throws DataError naming the file (and the data row and line where it helps).
// The file is refused before the grid is allocated when it is not a regular file, or when it
// is too small for the points its <grid_specification> declares (grid_claim_min_bytes).
ShakemapGrid read_shakemap_grid(const std::string& path, const std::string& field);

// The fewest bytes of <grid_data> that nlon x nlat points of `fields` values each can take.
double grid_claim_min_bytes(long nlon, long nlat, std::size_t fields);

}  // namespace jitupasna::io
