#pragma once

#include <optional>
#include <string>

#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

// The CRS of an input: the dataset's own, else the scenario's `crs:` override, else an error
// naming the input. Axis order is always x = easting/longitude, y = northing/latitude.
SpatialRefPtr resolve_crs(const OGRSpatialReference* from_dataset,
                          const std::optional<std::string>& override_crs, const std::string& what);

// A short human description: "EPSG:4326 (WGS 84)" or the CRS name.
std::string describe_crs(const OGRSpatialReference& srs);

// A transformation between two CRSs, or nullptr when they are the same.
TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to,
                            const std::string& what);

}  // namespace jitupasna::io
