#pragma once

#include "jitupasna/core/geos_context.hpp"

namespace jitupasna::core {

// Lengths and areas on the WGS 84 ellipsoid (Karney's algorithms, as PROJ and QGIS use) for
// geometries in longitude/latitude degrees. Points count 0; mixed collections add up each
// part's own measure (lines have no area, polygons' length is not counted).
double geodesic_length_m(const GeosContext& ctx, const GEOSGeometry* lonlat);
double geodesic_area_m2(const GeosContext& ctx, const GEOSGeometry* lonlat);

}  // namespace jitupasna::core
