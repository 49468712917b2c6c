#include "jitupasna/core/geodesic.hpp"

#include <geodesic.h>

#include <cmath>
#include <vector>

namespace jitupasna::core {

namespace {

const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic init{};
        geod_init(&init, 6378137.0, 1 / 298.257223563);
        return init;
    }();
    return g;
}

double line_length(const GeosContext& ctx, const GEOSGeometry* line) {
    auto* h = ctx.handle();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, line);
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 2) return 0;
    double length = 0, x0 = 0, y0 = 0;
    GEOSCoordSeq_getXY_r(h, seq, 0, &x0, &y0);
    for (unsigned int i = 1; i < n; ++i) {
        double x1 = 0, y1 = 0, s12 = 0;
        GEOSCoordSeq_getXY_r(h, seq, i, &x1, &y1);
        geod_inverse(&wgs84(), y0, x0, y1, x1, &s12, nullptr, nullptr);
        length += s12;
        x0 = x1;
        y0 = y1;
    }
    return length;
}

// Absolute area enclosed by a ring, whatever its orientation.
double ring_area(const GeosContext& ctx, const GEOSGeometry* ring) {
    auto* h = ctx.handle();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 4) return 0;
    std::vector<double> lats(n - 1), lons(n - 1);  // the closing point is implied
    for (unsigned int i = 0; i + 1 < n; ++i) GEOSCoordSeq_getXY_r(h, seq, i, &lons[i], &lats[i]);
    double area = 0;
    geod_polygonarea(&wgs84(), lats.data(), lons.data(), static_cast<int>(n - 1), &area, nullptr);
    return std::fabs(area);
}

double polygon_area(const GeosContext& ctx, const GEOSGeometry* polygon) {
    auto* h = ctx.handle();
    double area = ring_area(ctx, GEOSGetExteriorRing_r(h, polygon));
    const int holes = GEOSGetNumInteriorRings_r(h, polygon);
    for (int i = 0; i < holes; ++i) area -= ring_area(ctx, GEOSGetInteriorRingN_r(h, polygon, i));
    return area;
}

template <typename Measure>
double sum_parts(const GeosContext& ctx, const GEOSGeometry* geom, int wanted_type,
                 Measure measure) {
    auto* h = ctx.handle();
    if (!geom || GEOSisEmpty_r(h, geom)) return 0;
    const int type = GEOSGeomTypeId_r(h, geom);
    if (type == wanted_type || (wanted_type == GEOS_LINESTRING && type == GEOS_LINEARRING))
        return measure(ctx, geom);
    if (type == GEOS_MULTIPOINT || type == GEOS_POINT || type == GEOS_LINESTRING ||
        type == GEOS_LINEARRING || type == GEOS_POLYGON)
        return 0;
    double total = 0;
    const int parts = GEOSGetNumGeometries_r(h, geom);
    for (int i = 0; i < parts; ++i)
        total += sum_parts(ctx, GEOSGetGeometryN_r(h, geom, i), wanted_type, measure);
    return total;
}

}  // namespace

double geodesic_length_m(const GeosContext& ctx, const GEOSGeometry* lonlat) {
    return sum_parts(ctx, lonlat, GEOS_LINESTRING, line_length);
}

double geodesic_area_m2(const GeosContext& ctx, const GEOSGeometry* lonlat) {
    return sum_parts(ctx, lonlat, GEOS_POLYGON, polygon_area);
}

}  // namespace jitupasna::core
