// Geodesic lengths and areas on the WGS 84 ellipsoid, checked against published values and
// independent formulas.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "jitupasna/core/geodesic.hpp"
#include "jitupasna/core/geos_context.hpp"

namespace {

using jitupasna::core::geodesic_area_m2;
using jitupasna::core::geodesic_length_m;
using jitupasna::core::GeomPtr;
using jitupasna::core::GeosContext;

const double kPi = 3.14159265358979323846;
const double kA = 6378137.0;  // WGS 84 semi-major axis
const double kF = 1 / 298.257223563;

GeomPtr geom(const GeosContext& ctx, const std::string& text) {
    GeomPtr g = jitupasna::core::geom_from_wkt(ctx, text);
    EXPECT_NE(g, nullptr) << "unreadable WKT: " << text;
    return g;
}

double length(const GeosContext& ctx, const std::string& text) {
    GeomPtr g = geom(ctx, text);
    return geodesic_length_m(ctx, g.get());
}

double area(const GeosContext& ctx, const std::string& text) {
    GeomPtr g = geom(ctx, text);
    return geodesic_area_m2(ctx, g.get());
}

// Area between the equator and latitude phi per radian of longitude, for a zone bounded by
// parallels: b^2/2 (sin phi / (1 - e^2 sin^2 phi) + atanh(e sin phi) / e).
double zone_area(double phi_deg) {
    const double e2 = kF * (2 - kF);
    const double e = std::sqrt(e2);
    const double b = kA * (1 - kF);
    const double s = std::sin(phi_deg * kPi / 180);
    return b * b / 2 * (s / (1 - e2 * s * s) + std::atanh(e * s) / e);
}

const char* kCell = "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))";  // counter-clockwise

TEST(Geodesic, OneDegreeOfMeridianAtTheEquator) {
    // The meridian arc from 0 to 1 degree of latitude on WGS 84 is 110574.3886 m (the standard
    // table value; `geod +ellps=WGS84 -I` gives 110574.389 too).
    GeosContext ctx;
    EXPECT_NEAR(length(ctx, "LINESTRING(0 0, 0 1)"), 110574.4, 0.1);
    // The same going south, and at another longitude.
    EXPECT_NEAR(length(ctx, "LINESTRING(106.8 0, 106.8 -1)"), 110574.4, 0.1);
}

TEST(Geodesic, OneDegreeAlongTheEquator) {
    // The equator is a geodesic: a * pi / 180 = 6378137 * 0.0174532925 = 111319.4908 m.
    GeosContext ctx;
    EXPECT_NEAR(length(ctx, "LINESTRING(0 0, 1 0)"), 111319.49, 0.01);
    EXPECT_NEAR(length(ctx, "LINESTRING(0 0, 1 0)"), kA * kPi / 180, 1e-6);
    // Several parts add up: a multilinestring of two such segments and a three-point line.
    EXPECT_NEAR(length(ctx, "MULTILINESTRING((0 0, 1 0), (5 0, 6 0))"), 2 * kA * kPi / 180, 2e-6);
    EXPECT_NEAR(length(ctx, "LINESTRING(0 0, 1 0, 3 0)"), 3 * kA * kPi / 180, 3e-6);
}

TEST(Geodesic, OneDegreeCellAtTheEquator) {
    // Area of the geodesic polygon (0,0) (1,0) (1,1) (0,1) on WGS 84: 12308778361 m^2, as
    // GeographicLib's Planimeter (Karney, "Algorithms for geodesics", 2013) computes it.
    GeosContext ctx;
    const double a = area(ctx, kCell);
    EXPECT_NEAR(a, 12308778361.0, 0.001 * 12308778361.0);
    // Independent check: the zone between parallels 0 and 1 degree, 1 degree wide, is
    // (pi / 180) * zone_area(1) = 12308463894 m^2; the geodesic north edge bulges poleward
    // and adds ~(2/3)(dlambda^3 / 8) sin(1 deg) R^2 = 3.1e5 m^2 (2.6e-5 relative).
    const double zone = kPi / 180 * zone_area(1.0);
    EXPECT_NEAR(zone, 12308463894.0, 1.0);
    EXPECT_GT(a, zone);
    EXPECT_NEAR(a - zone, 3.1e5, 0.2e5);
}

TEST(Geodesic, AreaDoesNotDependOnOrientation) {
    GeosContext ctx;
    const double ccw = area(ctx, kCell);
    const double cw = area(ctx, "POLYGON((0 0, 0 1, 1 1, 1 0, 0 0))");
    EXPECT_GT(ccw, 0);
    EXPECT_NEAR(cw, ccw, 1e-6 * ccw);
    // Starting at another vertex does not matter either.
    EXPECT_NEAR(area(ctx, "POLYGON((1 1, 0 1, 0 0, 1 0, 1 1))"), ccw, 1e-6 * ccw);
}

TEST(Geodesic, AreaIsSymmetricAboutTheEquatorAndInLongitude) {
    // The ellipsoid is symmetric: the cell reflected south or moved east has the same area.
    GeosContext ctx;
    const double north = area(ctx, kCell);
    EXPECT_NEAR(area(ctx, "POLYGON((0 0, 1 0, 1 -1, 0 -1, 0 0))"), north, 1e-6 * north);
    EXPECT_NEAR(area(ctx, "POLYGON((106 0, 107 0, 107 1, 106 1, 106 0))"), north, 1e-6 * north);
}

TEST(Geodesic, HolesAreSubtracted) {
    // The cell with a hole [0.25, 0.75]^2: its area is the cell's minus the hole's, whichever
    // way the hole's ring runs.
    GeosContext ctx;
    const double cell = area(ctx, kCell);
    const double hole =
        area(ctx, "POLYGON((0.25 0.25, 0.75 0.25, 0.75 0.75, 0.25 0.75, 0.25 0.25))");
    // The hole is about a quarter of the cell: zone formula, 0.5 degree wide, 0.25..0.75.
    const double hole_zone = 0.5 * kPi / 180 * (zone_area(0.75) - zone_area(0.25));
    EXPECT_NEAR(hole, hole_zone, 1e-4 * hole_zone);
    const double with_hole = area(ctx,
                                  "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0),"
                                  " (0.25 0.25, 0.25 0.75, 0.75 0.75, 0.75 0.25, 0.25 0.25))");
    EXPECT_NEAR(with_hole, cell - hole, 1e-6 * cell);
    const double hole_other_way = area(ctx,
                                       "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0),"
                                       " (0.25 0.25, 0.75 0.25, 0.75 0.75, 0.25 0.75, 0.25 0.25))");
    EXPECT_NEAR(hole_other_way, cell - hole, 1e-6 * cell);
}

TEST(Geodesic, MultipolygonsAreSummed) {
    // Two cells one degree apart in longitude: each has the cell's area (symmetry).
    GeosContext ctx;
    const double cell = area(ctx, kCell);
    EXPECT_NEAR(area(ctx, "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((2 0, 3 0, 3 1, 2 1, 2 0)))"),
                2 * cell, 1e-6 * cell);
    // A collection: the polygon's area, the line's length; neither counts for the other.
    const std::string mixed =
        "GEOMETRYCOLLECTION(POLYGON((0 0, 1 0, 1 1, 0 1, 0 0)), LINESTRING(5 0, 6 0), "
        "POINT(9 9))";
    EXPECT_NEAR(area(ctx, mixed), cell, 1e-6 * cell);
    EXPECT_NEAR(length(ctx, mixed), kA * kPi / 180, 1e-6);
}

TEST(Geodesic, LinesHaveNoAreaAndPolygonsNoLength) {
    GeosContext ctx;
    EXPECT_EQ(area(ctx, "LINESTRING(0 0, 1 0, 1 1, 0 0)"), 0.0);
    EXPECT_EQ(area(ctx, "MULTILINESTRING((0 0, 1 0), (0 1, 1 1))"), 0.0);
    EXPECT_EQ(length(ctx, kCell), 0.0);
    EXPECT_EQ(length(ctx, "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)))"), 0.0);
    // Points measure nothing; empty geometries neither.
    EXPECT_EQ(length(ctx, "POINT(1 1)"), 0.0);
    EXPECT_EQ(area(ctx, "MULTIPOINT((1 1), (2 2))"), 0.0);
    EXPECT_EQ(length(ctx, "LINESTRING EMPTY"), 0.0);
    EXPECT_EQ(area(ctx, "POLYGON EMPTY"), 0.0);
}

TEST(Geodesic, ALinearRingIsMeasuredAsALine) {
    // A closed ring's length is that of the same path as a linestring: along the equator
    // (1 degree), up the meridian at 1 degree east (1 degree of latitude) and back diagonally.
    GeosContext ctx;
    const double as_line = length(ctx, "LINESTRING(0 0, 1 0, 1 1, 0 0)");
    EXPECT_NEAR(length(ctx, "LINEARRING(0 0, 1 0, 1 1, 0 0)"), as_line, 1e-6);
    // The first two sides are known: 111319.49 + 110574.39; the diagonal is between 1 and
    // sqrt(2) degrees' worth.
    EXPECT_GT(as_line, 111319.49 + 110574.39 + 110574.39);
    EXPECT_LT(as_line, 111319.49 + 110574.39 + std::sqrt(2.0) * 111319.49);
}

TEST(Geodesic, SmallCellNearJakartaMatchesTheZoneFormula) {
    // 0.01 x 0.01 degree at 6.2 degrees south. The geodesic north and south edges both bulge
    // towards the south pole by almost the same amount, so the area of the geodesic polygon is
    // that of the zone between the parallels to well within 1e-6.
    GeosContext ctx;
    const double a = area(ctx,
                          "POLYGON((106.8 -6.21, 106.81 -6.21, 106.81 -6.2, 106.8 -6.2, "
                          "106.8 -6.21))");
    const double expected = 0.01 * kPi / 180 * std::fabs(zone_area(-6.2) - zone_area(-6.21));
    EXPECT_NEAR(a, expected, 1e-6 * expected);
    // By hand: 0.01 deg of longitude at 6.2 S is ~111319.5 * cos(6.2 deg) * 0.01 = 1106.7 m,
    // 0.01 deg of latitude ~1105.8 m: 1106.7 * 1105.8 = 1.2238e6 m^2.
    EXPECT_NEAR(a, 1.2238e6, 0.0005e6);
}

}  // namespace
