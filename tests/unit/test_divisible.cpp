// split_divisible (roads, land-use polygons, census polygons cut at admin and hazard
// boundaries and measured on the ellipsoid), structures lying exactly on a class boundary,
// and seeded property tests over random rasters.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/geodesic.hpp"
#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/hazard.hpp"
#include "jitupasna/core/memory_raster.hpp"
#include "jitupasna/core/structure_impact.hpp"

namespace {

using jitupasna::core::AdminIndex;
using jitupasna::core::AdminLocator;
using jitupasna::core::AdminUnit;
using jitupasna::core::DivisiblePiece;
using jitupasna::core::Envelope;
using jitupasna::core::GeomPtr;
using jitupasna::core::GeosContext;
using jitupasna::core::GridSpec;
using jitupasna::core::HazardClass;
using jitupasna::core::HazardClassifier;
using jitupasna::core::HazardPiece;
using jitupasna::core::HazardSample;
using jitupasna::core::HazardZone;
using jitupasna::core::HazardZoneIndex;
using jitupasna::core::MemoryRaster;
using jitupasna::core::RasterHazardSampler;
using jitupasna::core::Sampling;
using jitupasna::core::StructureImpact;
using jitupasna::core::VectorHazardSampler;

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kPi = 3.14159265358979323846;

// Exact decimal text of a double (17 significant digits read back to the same double).
std::string num(double v) {
    std::ostringstream out;
    out.precision(17);
    out << v;
    return out.str();
}

std::string rect(double x0, double y0, double x1, double y1) {
    return "POLYGON((" + num(x0) + " " + num(y0) + ", " + num(x1) + " " + num(y0) + ", " + num(x1) +
           " " + num(y1) + ", " + num(x0) + " " + num(y1) + ", " + num(x0) + " " + num(y0) + "))";
}

std::string line(const std::vector<std::pair<double, double>>& points) {
    std::string s = "LINESTRING(";
    for (std::size_t i = 0; i < points.size(); ++i)
        s += (i ? ", " : "") + num(points[i].first) + " " + num(points[i].second);
    return s + ")";
}

GeomPtr geom(const GeosContext& ctx, const std::string& text) {
    GeomPtr g = jitupasna::core::geom_from_wkt(ctx, text);
    EXPECT_NE(g, nullptr) << "unreadable WKT: " << text;
    return g;
}

std::string wkb(const GeosContext& ctx, const std::string& text) {
    GeomPtr g = geom(ctx, text);
    return g ? jitupasna::core::geom_to_wkb(ctx, g.get()) : std::string();
}

double area_of(const GeosContext& ctx, const GEOSGeometry* g) {
    double a = 0;
    GEOSArea_r(ctx.handle(), g, &a);
    return a;
}

double length_of(const GeosContext& ctx, const GEOSGeometry* g) {
    double l = 0;
    GEOSLength_r(ctx.handle(), g, &l);
    return l;
}

HazardClass numeric(std::string name, std::optional<double> min, std::optional<double> max) {
    HazardClass c;
    c.name = std::move(name);
    c.min = min;
    c.max = max;
    return c;
}

AdminUnit unit(const GeosContext& ctx, std::string code, const std::string& wkt_text) {
    AdminUnit u;
    u.code = code;
    u.name = "Unit " + code;
    u.wkb = wkb(ctx, wkt_text);
    return u;
}

// Classes 0 tinggi (6, inf), 1 sedang (3, 6], 2 rendah (1, 3]; 3 not_affected, 4 not_exposed.
HazardClassifier classes() {
    return HazardClassifier({numeric("tinggi", 6.0, std::nullopt), numeric("sedang", 3.0, 6.0),
                             numeric("rendah", 1.0, 3.0)});
}
constexpr std::size_t kTinggi = 0, kSedang = 1, kNotExposed = 4;

// WGS 84, for the independent area formula below.
const double kA = 6378137.0;
const double kF = 1 / 298.257223563;
const double kE2 = kF * (2 - kF);

// Area on the WGS 84 ellipsoid between the equator and latitude phi, per radian of longitude
// (the authalic-latitude formula for a zone bounded by parallels):
//   S(phi) = b^2 / 2 * (sin(phi) / (1 - e^2 sin^2(phi)) + atanh(e sin(phi)) / e)
// A lon/lat box's area is dlambda * (S(phi2) - S(phi1)). Its north edge is a parallel, while a
// geodesic polygon's edge bulges poleward: for the small boxes below (0.012 deg wide at
// 0.002 deg) that changes the area by ~(2/3)(dlambda^3 / 8) sin(phi) R^2 ~ 1e-3 m^2 out of
// ~3e5 m^2, i.e. < 1e-8 relative.
double zone_area(double phi_deg) {
    const double b = kA * (1 - kF);
    const double e = std::sqrt(kE2);
    const double s = std::sin(phi_deg * kPi / 180);
    return b * b / 2 * (s / (1 - kE2 * s * s) + std::atanh(e * s) / e);
}

double box_area(double lon0, double lat0, double lon1, double lat1) {
    return (lon1 - lon0) * kPi / 180 * (zone_area(lat1) - zone_area(lat0));
}

// ---------------------------------------------------------------------------------------------
// A road crossing two hazard classes and two admin units, in lon/lat degrees at the equator
// (work CRS = WGS 84, work_to_lonlat = nullptr).
//
// Let u = 1/512 degree (exact in binary). Hazard raster: origin (100, 0.01), cells u*2 wide
// (1/256 degree), 4 x 4; columns 0 and 1 hold 7 (tinggi), columns 2 and 3 hold 5 (sedang).
// Column edges at 100 + 0, 2u, 4u, 6u, 8u; row edges at 0.01 - k/256 (none at latitude 0).
// Admin A = [100, 100 + 5u] x [-0.01, 0.02], B = [100 + 5u, 100 + 10u] x [-0.01, 0.02].
class DivisibleEquator : public ::testing::Test {
  protected:
    static constexpr double u = 1.0 / 512;

    DivisibleEquator()
        : raster(GridSpec{100.0, 0.01, 2 * u, -2 * u, 4, 4},
                 std::make_shared<const std::vector<double>>(
                     std::vector<double>{7, 7, 5, 5, 7, 7, 5, 5, 7, 7, 5, 5, 7, 7, 5, 5})),
          classifier(classes()),
          admins({unit(ctx, "A", rect(100, -0.01, 100 + 5 * u, 0.02)),
                  unit(ctx, "B", rect(100 + 5 * u, -0.01, 100 + 10 * u, 0.02))}),
          locator(admins, ctx),
          sampler(raster, classifier, ctx) {}

    std::vector<DivisiblePiece> split(const std::string& wkt_text) {
        GeomPtr g = geom(ctx, wkt_text);
        std::vector<DivisiblePiece> pieces;
        jitupasna::core::split_divisible(locator, sampler, ctx, g.get(), nullptr, pieces);
        return pieces;
    }

    // Sum of a measure per (admin, class); admin -1 is outside.
    template <typename Measure>
    static std::map<std::pair<int, std::size_t>, double> by_admin_class(
        const std::vector<DivisiblePiece>& pieces, Measure measure) {
        std::map<std::pair<int, std::size_t>, double> out;
        for (const auto& p : pieces)
            out[{p.admin ? static_cast<int>(*p.admin) : -1, p.hazard.hazard_class}] += measure(p);
        return out;
    }

    GeosContext ctx;
    MemoryRaster raster;
    HazardClassifier classifier;
    AdminIndex admins;
    AdminLocator locator;
    RasterHazardSampler sampler;
};

TEST_F(DivisibleEquator, RoadAlongTheEquatorCrossingTwoClassesAndTwoUnits) {
    // Road (100 + u, 0) - (100 + 7u, 0). The equator is a geodesic, so a stretch of dlambda
    // radians is a * dlambda long: one u is 6378137 * (pi / 180) / 512 = 217.4209 m.
    //   A & tinggi: 100 + u .. 100 + 4u  = 3u   (cells 0 and 1)
    //   A & sedang: 100 + 4u .. 100 + 5u = 1u   (cell 2, west of the admin border)
    //   B & sedang: 100 + 5u .. 100 + 7u = 2u   (rest of cell 2 and cell 3)
    const double meters_per_u = kA * (kPi / 180) / 512;
    const auto pieces = split(line({{100 + u, 0}, {100 + 7 * u, 0}}));
    for (const auto& p : pieces) {
        ASSERT_TRUE(p.admin);
        EXPECT_EQ(p.area_m2, 0.0);
        EXPECT_NE(p.hazard.hazard_class, kNotExposed);
    }
    auto lengths = by_admin_class(pieces, [](const DivisiblePiece& p) { return p.length_m; });
    ASSERT_EQ(lengths.size(), 3u);
    EXPECT_NEAR((lengths[{0, kTinggi}]), 3 * meters_per_u, 1e-6);
    EXPECT_NEAR((lengths[{0, kSedang}]), 1 * meters_per_u, 1e-6);
    EXPECT_NEAR((lengths[{1, kSedang}]), 2 * meters_per_u, 1e-6);
    // The piece values: 7 for tinggi, 5 for sedang.
    for (const auto& p : pieces)
        EXPECT_EQ(p.hazard.value, p.hazard.hazard_class == kTinggi ? 7.0 : 5.0);
    // The pieces add up to the geodesic length of the whole road (6u = 1304.53 m).
    GeomPtr whole = geom(ctx, line({{100 + u, 0}, {100 + 7 * u, 0}}));
    double total = 0;
    for (const auto& p : pieces) total += p.length_m;
    EXPECT_NEAR(total, jitupasna::core::geodesic_length_m(ctx, whole.get()), 1e-9 * total);
    EXPECT_NEAR(total, 6 * meters_per_u, 1e-6);
}

TEST_F(DivisibleEquator, DiagonalRoadPiecesAddUpToTheWholeGeodesicLength) {
    // (100 + u, -0.003) - (100 + 7u, 0.004): longitude grows linearly along the line, so the
    // class/admin cuts at 100 + 4u and 100 + 5u fall at fractions 3/6 and 4/6 of it. Near
    // the equator the ground scale varies by < 1e-8 over 0.007 degree of latitude, so:
    //   A & tinggi = L / 2, A & sedang = L / 6, B & sedang = L / 3 (relative 1e-7).
    // The row edge crossings split pieces further but do not change these sums.
    const std::string road = line({{100 + u, -0.003}, {100 + 7 * u, 0.004}});
    const auto pieces = split(road);
    GeomPtr whole = geom(ctx, road);
    const double length = jitupasna::core::geodesic_length_m(ctx, whole.get());
    auto lengths = by_admin_class(pieces, [](const DivisiblePiece& p) { return p.length_m; });
    ASSERT_EQ(lengths.size(), 3u);
    EXPECT_NEAR((lengths[{0, kTinggi}]), length / 2, 1e-7 * length);
    EXPECT_NEAR((lengths[{0, kSedang}]), length / 6, 1e-7 * length);
    EXPECT_NEAR((lengths[{1, kSedang}]), length / 3, 1e-7 * length);
    double total = 0;
    for (const auto& p : pieces) total += p.length_m;
    EXPECT_NEAR(total, length, 1e-9 * length);
    // More pieces than (admin, class) pairs: the road crosses row edges too.
    EXPECT_GT(pieces.size(), 3u);
}

TEST_F(DivisibleEquator, PolygonOverTwoUnitsAndTwoClasses) {
    // [100 + u, 100 + 7u] x [0, 0.002] (inside raster row 2, which spans 0.0021875..-0.0017):
    //   A & tinggi 3u wide, A & sedang 1u, B & sedang 2u; areas by the zone formula above.
    const double lat1 = 0.002;
    const auto pieces = split(rect(100 + u, 0, 100 + 7 * u, lat1));
    auto areas = by_admin_class(pieces, [](const DivisiblePiece& p) { return p.area_m2; });
    ASSERT_EQ(areas.size(), 3u);
    const double a_tinggi = box_area(100 + u, 0, 100 + 4 * u, lat1);
    const double a_sedang = box_area(100 + 4 * u, 0, 100 + 5 * u, lat1);
    const double b_sedang = box_area(100 + 5 * u, 0, 100 + 7 * u, lat1);
    EXPECT_NEAR((areas[{0, kTinggi}]), a_tinggi, 1e-7 * a_tinggi);
    EXPECT_NEAR((areas[{0, kSedang}]), a_sedang, 1e-7 * a_sedang);
    EXPECT_NEAR((areas[{1, kSedang}]), b_sedang, 1e-7 * b_sedang);
    // Rough magnitude by hand: 6u = 1304.5 m wide x 0.002 deg = 221.1 m tall = 2.885e5 m^2.
    double total = 0;
    for (const auto& p : pieces) {
        total += p.area_m2;
        EXPECT_EQ(p.length_m, 0.0);
    }
    EXPECT_NEAR(total, 2.885e5, 0.001e5);
    // The pieces add up to the whole polygon's geodesic area (the only difference is the
    // bulge of the long north edge vs. its pieces, < 1e-8 relative, see zone_area).
    GeomPtr whole = geom(ctx, rect(100 + u, 0, 100 + 7 * u, lat1));
    EXPECT_NEAR(total, jitupasna::core::geodesic_area_m2(ctx, whole.get()), 1e-8 * total);
}

TEST_F(DivisibleEquator, PartsOutsideUnitsAndRasterAreOutsideAndNotExposed) {
    // (100 - 2u, 0) - (100 + u, 0): 2u west of unit A and of the raster -> outside &
    // not_exposed; u in A & tinggi.
    const double meters_per_u = kA * (kPi / 180) / 512;
    const auto pieces = split(line({{100 - 2 * u, 0}, {100 + u, 0}}));
    auto lengths = by_admin_class(pieces, [](const DivisiblePiece& p) { return p.length_m; });
    ASSERT_EQ(lengths.size(), 2u);
    EXPECT_NEAR((lengths[{-1, kNotExposed}]), 2 * meters_per_u, 1e-6);
    EXPECT_NEAR((lengths[{0, kTinggi}]), meters_per_u, 1e-6);
}

// ---------------------------------------------------------------------------------------------
// A polygon reaching north out of a raster grid at latitude 2, raster and work CRS the same
// (no transform: the case where the grid's border used to be a plain 4-corner box).
//
// u = 1/512 degree; grid origin (100, 2), cells u x u, 64 columns x 4 rows, all 7 (tinggi):
// [100, 100 + 64u = 100.125] x [2 - 4u, 2]. Polygon [100, 100.125] x [2 - 2u, 2.01] with a
// vertex every u along both parallels, so that it is a lon/lat box: an edge u long bulges
// 3e-5 m off its parallel (see below), < 1e-9 of the areas here. By the zone formula:
//   tinggi      = box_area(100, 2 - 2u, 100.125, 2)     (inside the grid, ~6.0e6 m^2)
//   not_exposed = box_area(100, 2, 100.125, 2.01)        (north of the grid, ~1.54e7 m^2)
// If the outside part were bounded by the grid's border as ONE geodesic, 100 -> 100.125 at
// latitude 2, it would bulge north of the parallel by (dlambda/2)^2 sin(phi) cos(phi) / 2 * R
// = (1.091e-3)^2 * 0.0349 / 2 * 6.37e6 m = 0.13 m at its middle, and not_exposed would lose
// ~2/3 * 13.9 km * 0.13 m = 1.2e3 m^2 (8e-5 of it): the pieces would no longer add up to the
// polygon.
std::string parallel_box(double lon0, double lat0, double lon1, double lat1, int steps) {
    std::vector<std::pair<double, double>> points;
    for (int i = 0; i <= steps; ++i) points.emplace_back(lon0 + (lon1 - lon0) * i / steps, lat0);
    for (int i = 0; i <= steps; ++i) points.emplace_back(lon1 - (lon1 - lon0) * i / steps, lat1);
    points.push_back(points.front());
    return "POLYGON(" + line(points).substr(std::string("LINESTRING").size()) + ")";
}

TEST(DivisibleGridBorder, PartOutsideTheGridFollowsTheParallelOfTheGridBorder) {
    constexpr double u = 1.0 / 512;
    GeosContext ctx;
    MemoryRaster raster(GridSpec{100.0, 2.0, u, -u, 64, 4},
                        std::make_shared<const std::vector<double>>(std::vector<double>(256, 7.0)));
    HazardClassifier classifier = classes();
    AdminIndex admins({unit(ctx, "A", rect(99, 1, 101, 3))});
    AdminLocator locator(admins, ctx);
    RasterHazardSampler sampler(raster, classifier, ctx);

    const std::string polygon = parallel_box(100, 2 - 2 * u, 100.125, 2.01, 64);
    GeomPtr g = geom(ctx, polygon);
    std::vector<DivisiblePiece> pieces;
    jitupasna::core::split_divisible(locator, sampler, ctx, g.get(), nullptr, pieces);

    std::map<std::size_t, double> area_by_class;
    for (const auto& p : pieces) {
        ASSERT_TRUE(p.admin);
        area_by_class[p.hazard.hazard_class] += p.area_m2;
    }
    ASSERT_EQ(area_by_class.size(), 2u);
    const double inside = box_area(100, 2 - 2 * u, 100.125, 2);
    const double outside = box_area(100, 2, 100.125, 2.01);
    EXPECT_NEAR(area_by_class[kTinggi], inside, 1e-7 * inside);
    EXPECT_NEAR(area_by_class[kNotExposed], outside, 1e-7 * outside);
    // Rough magnitudes by hand: 0.125 deg = 13.91 km wide at latitude 2, times 2u = 431.9 m
    // and 0.01 deg = 1105.7 m of meridian (110.57 km per degree).
    EXPECT_NEAR(inside, 6.007e6, 0.005e6);
    EXPECT_NEAR(outside, 1.538e7, 0.005e7);
    // The pieces add up to the polygon's geodesic area.
    EXPECT_NEAR(area_by_class[kTinggi] + area_by_class[kNotExposed],
                jitupasna::core::geodesic_area_m2(ctx, g.get()), 1e-8 * (inside + outside));
}

// ---------------------------------------------------------------------------------------------
// Structures exactly on a class boundary, on the 3 x 3 grid (origin (0, 3), 1 x 1 cells):
//   1 2 3
//   4 5 6     rows 0..2 from the north; 7 8 9 tinggi, 4 5 6 sedang
//   7 8 9
// Admin A = [0, 1.5] x [0, 3], B = [1.5, 3] x [0, 3].
class StructureOnBoundary : public ::testing::Test {
  protected:
    StructureOnBoundary()
        : raster(GridSpec{0.0, 3.0, 1.0, -1.0, 3, 3},
                 std::make_shared<const std::vector<double>>(
                     std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9})),
          classifier(classes()),
          admins({unit(ctx, "A", rect(0, 0, 1.5, 3)), unit(ctx, "B", rect(1.5, 0, 3, 3))}),
          locator(admins, ctx) {}

    StructureImpact assess(const std::string& wkt_text, Sampling sampling) {
        GeomPtr g = geom(ctx, wkt_text);
        return jitupasna::core::assess_structure(locator, raster, classifier, ctx, g.get(), g.get(),
                                                 sampling);
    }

    GeosContext ctx;
    MemoryRaster raster;
    HazardClassifier classifier;
    AdminIndex admins;
    AdminLocator locator;
};

TEST_F(StructureOnBoundary, MaxCountsOnlyClassesWhoseAreaItOverlaps) {
    // [0.5,1.5] x [1,1.5] overlaps cells 4 and 5 (sedang) and touches 7 and 8 (tinggi) along
    // y = 1: max = 5, sedang.
    StructureImpact s = assess(rect(0.5, 1, 1.5, 1.5), Sampling::max);
    EXPECT_EQ(s.hazard_value, 5.0);
    EXPECT_EQ(s.hazard_class, kSedang);
    // 0.1 lower, [0.5,1.5] x [0.9,1.4] overlaps 7 and 8 by 0.1 in y: max = 8, tinggi.
    s = assess(rect(0.5, 0.9, 1.5, 1.4), Sampling::max);
    EXPECT_EQ(s.hazard_value, 8.0);
    EXPECT_EQ(s.hazard_class, kTinggi);
    // Exactly cell 4, [0,1] x [1,2]: it touches 1, 2, 5, 7 and 8 but overlaps only 4.
    s = assess(rect(0, 1, 1, 2), Sampling::max);
    EXPECT_EQ(s.hazard_value, 4.0);
    EXPECT_EQ(s.admin, 0u);
}

TEST_F(StructureOnBoundary, CentroidOnACellEdgeTakesTheCellEastOrSouth) {
    // [0.5,1.5] x [1.2,1.8]: centroid (1, 1.5) on the edge x = 1 -> east, cell (1,1) = 5.
    StructureImpact s = assess(rect(0.5, 1.2, 1.5, 1.8), Sampling::centroid);
    EXPECT_EQ(s.hazard_value, 5.0);
    EXPECT_EQ(s.hazard_class, kSedang);
    // [0.2,0.8] x [0.5,1.5]: centroid (0.5, 1) on the edge y = 1 -> south, cell (0,2) = 7.
    s = assess(rect(0.2, 0.5, 0.8, 1.5), Sampling::centroid);
    EXPECT_EQ(s.hazard_value, 7.0);
    EXPECT_EQ(s.hazard_class, kTinggi);
    // [0.5,1.5] x [0.5,1.5]: centroid (1, 1) on a corner -> east and south, cell (1,2) = 8.
    s = assess(rect(0.5, 0.5, 1.5, 1.5), Sampling::centroid);
    EXPECT_EQ(s.hazard_value, 8.0);
    // The admin unit: centroid (1, 1) is inside A.
    EXPECT_EQ(s.admin, 0u);
    // A building on the admin border x = 1.5: centroid (1.5, 2.5) is on both units' edges ->
    // the first unit, A. The hazard under it: x = 1.5 is inside column 1 -> cell (1,0) = 2.
    s = assess(rect(1.2, 2.2, 1.8, 2.8), Sampling::centroid);
    EXPECT_EQ(s.admin, 0u);
    EXPECT_EQ(s.hazard_value, 2.0);
}

TEST(StructureOnZoneBoundary, VectorZonesCountABoundaryForTheMoreSevereZone) {
    // Vector zones T tinggi (value 7) [0,1] x [0,1] and S sedang (value 5) [1,2] x [0,1].
    // Building [1,1.5] x [0.2,0.8] lies in S and touches T along x = 1.
    GeosContext ctx;
    const HazardClassifier c = classes();
    auto zone = [&](const std::string& w, double v) {
        HazardZone z;
        z.wkb = wkb(ctx, w);
        z.value = v;
        z.hazard_class = c.classify(v);
        return z;
    };
    HazardZoneIndex index({zone(rect(0, 0, 1, 1), 7), zone(rect(1, 0, 2, 1), 5)});
    VectorHazardSampler sampler(index, c, ctx);
    GeomPtr building = geom(ctx, rect(1, 0.2, 1.5, 0.8));
    // max: T has no area in common -> S.
    EXPECT_EQ(sampler.sample(building.get(), Sampling::max).hazard_class, kSedang);
    // A building straddling x = 1: [0.5,1.5] x [0.2,0.8] -> centroid (1, 0.5) is on both
    // zones' edges -> the more severe T (unlike the raster, whose edge rule picks the east).
    GeomPtr straddling = geom(ctx, rect(0.5, 0.2, 1.5, 0.8));
    EXPECT_EQ(sampler.sample(straddling.get(), Sampling::centroid).hazard_class, kTinggi);
}

// ---------------------------------------------------------------------------------------------
// Properties over random data (seeded).
//
// Grid: 4 x 4 cells of 1/1024 degree near Jakarta, origin (106.75, -6 + 4/1024); a point in
// "grid units" (gu, gv) is (106.75 + gu/1024, -6 + gv/1024), so the grid covers gu, gv in
// [0, 4]. Admin units: U0 = gu [-0.5, 2.5] x gv [-0.5, 4.5], U1 = gu [2.5, 4.5] x gv [-0.5, 3];
// the rest of [-1, 5]^2 is outside. A third of the coordinates are snapped to multiples of
// 0.5, so that many lines run along cell edges and the admin border.
class SplitProperty : public ::testing::Test {
  protected:
    static constexpr double kCell = 1.0 / 1024;
    static double X(double gu) { return 106.75 + gu * kCell; }
    static double Y(double gv) { return -6.0 + gv * kCell; }

    SplitProperty()
        : classifier(classes()),
          admins({unit(ctx, "U0", rect(X(-0.5), Y(-0.5), X(2.5), Y(4.5))),
                  unit(ctx, "U1", rect(X(2.5), Y(-0.5), X(4.5), Y(3)))}),
          locator(admins, ctx) {
        unit_geoms.push_back(geom(ctx, rect(X(-0.5), Y(-0.5), X(2.5), Y(4.5))));
        unit_geoms.push_back(geom(ctx, rect(X(2.5), Y(-0.5), X(4.5), Y(3))));
    }

    GridSpec grid() const { return GridSpec{X(0), Y(4), kCell, -kCell, 4, 4}; }

    std::vector<double> random_values() {
        std::uniform_real_distribution<double> value(0.5, 8.0);
        std::bernoulli_distribution nodata(0.1);
        std::vector<double> v(16);
        for (auto& x : v) x = nodata(rng) ? kNaN : value(rng);
        return v;
    }

    double coordinate() {
        std::uniform_real_distribution<double> any(-1.0, 5.0);
        std::bernoulli_distribution snap(1.0 / 3);
        const double c = any(rng);
        return snap(rng) ? std::round(c * 2) / 2 : c;
    }

    // An x-monotone polyline (no part of it overlaps another part) of 2..5 vertices.
    std::string random_line() {
        std::uniform_int_distribution<int> count(2, 5);
        std::vector<double> xs;
        const int n = count(rng);
        for (int i = 0; i < n; ++i) xs.push_back(coordinate());
        std::sort(xs.begin(), xs.end());
        xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
        if (xs.size() < 2) xs.push_back(xs.back() + 0.75);
        std::vector<std::pair<double, double>> points;
        for (double x : xs) points.emplace_back(X(x), Y(coordinate()));
        return line(points);
    }

    // A rectangle (snapped corners possible), a star-shaped polygon, or a rectangle with a hole.
    std::string random_polygon() {
        std::uniform_int_distribution<int> kind(0, 2);
        const int k = kind(rng);
        if (k == 1) {
            std::uniform_real_distribution<double> centre(0.0, 4.0), radius(0.2, 1.8);
            const double cx = centre(rng), cy = centre(rng);
            std::uniform_int_distribution<int> count(5, 10);
            const int n = count(rng);
            std::string s = "POLYGON((";
            std::string first;
            for (int i = 0; i < n; ++i) {
                const double angle = 2 * kPi * i / n;
                const double r = radius(rng);
                const std::string p =
                    num(X(cx + r * std::cos(angle))) + " " + num(Y(cy + r * std::sin(angle)));
                if (i == 0) first = p;
                s += p + ", ";
            }
            return s + first + "))";
        }
        double x0 = coordinate(), x1 = coordinate(), y0 = coordinate(), y1 = coordinate();
        if (x0 > x1) std::swap(x0, x1);
        if (y0 > y1) std::swap(y0, y1);
        if (x1 - x0 < 0.1) x1 = x0 + 0.6;
        if (y1 - y0 < 0.1) y1 = y0 + 0.6;
        const std::string outer = rect(X(x0), Y(y0), X(x1), Y(y1));
        if (k == 0) return outer;
        // A hole in the middle third.
        const double hx0 = x0 + (x1 - x0) / 3, hx1 = x1 - (x1 - x0) / 3;
        const double hy0 = y0 + (y1 - y0) / 3, hy1 = y1 - (y1 - y0) / 3;
        const std::string hole = rect(X(hx0), Y(hy0), X(hx1), Y(hy1));
        return outer.substr(0, outer.size() - 1) + ", " +
               hole.substr(std::string("POLYGON(").size());
    }

    double measure(const GEOSGeometry* g, bool polygon) {
        return polygon ? area_of(ctx, g) : length_of(ctx, g);
    }

    double union_measure(const std::vector<DivisiblePiece>& pieces, bool polygon) {
        auto* h = ctx.handle();
        std::vector<GEOSGeometry*> parts;
        for (const auto& p : pieces) parts.push_back(GEOSGeom_clone_r(h, p.geometry.get()));
        GeomPtr collection = jitupasna::core::geos_ptr(
            h, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                           static_cast<unsigned>(parts.size())));
        GeomPtr merged = jitupasna::core::geos_ptr(h, GEOSUnaryUnion_r(h, collection.get()));
        return measure(merged.get(), polygon);
    }

    // The classes a point may take: those of every cell whose closed box holds it, and
    // not_exposed for nodata, for points outside the grid and for points on its boundary.
    std::set<std::size_t> classes_at(const std::vector<double>& values, double x, double y) {
        std::set<std::size_t> out;
        const double gu = (x - X(0)) / kCell, gv = (Y(4) - y) / kCell;  // column, row units
        const double eps = 1e-9;
        for (int row = 0; row < 4; ++row)
            for (int col = 0; col < 4; ++col)
                if (gu >= col - eps && gu <= col + 1 + eps && gv >= row - eps &&
                    gv <= row + 1 + eps)
                    out.insert(
                        classifier.classify(std::isnan(values[row * 4 + col])
                                                ? std::nullopt
                                                : std::optional<double>(values[row * 4 + col])));
        if (out.empty() || gu < eps || gu > 4 - eps || gv < eps || gv > 4 - eps)
            out.insert(kNotExposed);
        return out;
    }

    // Checks of one split; returns the pieces.
    std::vector<DivisiblePiece> check_split(const std::vector<double>& values,
                                            const std::string& wkt_text, bool polygon) {
        MemoryRaster raster(grid(), std::make_shared<const std::vector<double>>(values));
        RasterHazardSampler sampler(raster, classifier, ctx);
        GeomPtr g = geom(ctx, wkt_text);
        std::vector<DivisiblePiece> pieces;
        jitupasna::core::split_divisible(locator, sampler, ctx, g.get(), nullptr, pieces);
        const double whole = measure(g.get(), polygon);
        // A feature lying (almost) wholly in one unit goes there whole (kWhollyInsideShare):
        // that unit holds all but at most 0.1 % of it, and its pieces may stick out by that.
        std::optional<std::size_t> wholly;
        if (!pieces.empty() && pieces.front().admin &&
            std::all_of(pieces.begin(), pieces.end(),
                        [&](const DivisiblePiece& p) { return p.admin == pieces.front().admin; })) {
            GeomPtr held = jitupasna::core::geos_ptr(
                ctx.handle(),
                GEOSIntersection_r(ctx.handle(), g.get(), unit_geoms[*pieces.front().admin].get()));
            if (measure(held.get(), polygon) < whole * (1 - 1e-9)) {
                EXPECT_GE(measure(held.get(), polygon), jitupasna::core::kWhollyInsideShare * whole)
                    << wkt_text;
                wholly = pieces.front().admin;
            }
        }
        double sum = 0, geodesic_sum = 0;
        for (const auto& p : pieces) {
            const double m = measure(p.geometry.get(), polygon);
            sum += m;
            geodesic_sum += polygon ? p.area_m2 : p.length_m;
            EXPECT_GT(m, 0.0) << wkt_text;
            EXPECT_LT(p.hazard.hazard_class, classifier.labels().size());
            // The admin: the piece lies in its unit, or outside both.
            if (p.admin) {
                EXPECT_LT(*p.admin, 2u);
                GeomPtr inside = jitupasna::core::geos_ptr(
                    ctx.handle(),
                    GEOSIntersection_r(ctx.handle(), p.geometry.get(), unit_geoms[*p.admin].get()));
                const double sticking_out = wholly ? 1 - jitupasna::core::kWhollyInsideShare : 0;
                EXPECT_NEAR(measure(inside.get(), polygon), m, (sticking_out + 1e-9) * whole)
                    << wkt_text;
            } else {
                for (const auto& u : unit_geoms) {
                    GeomPtr inside = jitupasna::core::geos_ptr(
                        ctx.handle(), GEOSIntersection_r(ctx.handle(), p.geometry.get(), u.get()));
                    EXPECT_NEAR(measure(inside.get(), polygon), 0.0, 1e-9 * whole) << wkt_text;
                }
            }
            // The class: that of a cell under a point of the piece.
            GeomPtr point = jitupasna::core::geos_ptr(
                ctx.handle(), GEOSPointOnSurface_r(ctx.handle(), p.geometry.get()));
            double px = 0, py = 0;
            GEOSGeomGetX_r(ctx.handle(), point.get(), &px);
            GEOSGeomGetY_r(ctx.handle(), point.get(), &py);
            const auto allowed = classes_at(values, px, py);
            EXPECT_TRUE(allowed.count(p.hazard.hazard_class))
                << wkt_text << " piece class " << p.hazard.hazard_class << " at " << num(px) << " "
                << num(py);
            // Its value: a number exactly when the class is not not_exposed.
            EXPECT_EQ(p.hazard.value.has_value(), p.hazard.hazard_class != kNotExposed);
        }
        EXPECT_NEAR(sum, whole, 1e-9 * whole) << wkt_text;
        EXPECT_NEAR(union_measure(pieces, polygon), whole, 1e-9 * whole) << wkt_text;
        // Geodesic: lengths within 1e-9 (a straight lon/lat line this short is a geodesic to
        // ~1e-12); areas within 1e-5 (the pieces' east-west edges bulge less than the whole's
        // long edges: ~dlambda sin(phi) / 12 ~ 1e-6 at 6 degrees south).
        const double geodesic_whole = polygon ? jitupasna::core::geodesic_area_m2(ctx, g.get())
                                              : jitupasna::core::geodesic_length_m(ctx, g.get());
        EXPECT_NEAR(geodesic_sum, geodesic_whole, (polygon ? 1e-5 : 1e-9) * geodesic_whole)
            << wkt_text;
        return pieces;
    }

    std::mt19937 rng{20240611};
    GeosContext ctx;
    HazardClassifier classifier;
    AdminIndex admins;
    AdminLocator locator;
    std::vector<GeomPtr> unit_geoms;
};

TEST_F(SplitProperty, RandomLinesAreCutIntoPiecesThatAddUpToTheWhole) {
    // The cases must exercise what they claim: pieces outside both units, not_exposed pieces,
    // both units, and lines lying along a cell edge (a vertical or horizontal piece at a whole
    // grid unit).
    int outside = 0, not_exposed = 0, in_u1 = 0, on_edge = 0;
    for (int i = 0; i < 300; ++i) {
        const auto values = random_values();
        for (const auto& p : check_split(values, random_line(), false)) {
            outside += !p.admin;
            in_u1 += p.admin == std::optional<std::size_t>(1);
            not_exposed += p.hazard.hazard_class == kNotExposed;
            const Envelope e = jitupasna::core::envelope(ctx, p.geometry.get());
            const double gu = (e.xmin - X(0)) / kCell, gv = (Y(4) - e.ymin) / kCell;
            on_edge += (e.xmin == e.xmax && gu == std::round(gu)) ||
                       (e.ymin == e.ymax && gv == std::round(gv));
        }
        if (::testing::Test::HasFailure()) break;
    }
    EXPECT_GT(outside, 20);
    EXPECT_GT(not_exposed, 20);
    EXPECT_GT(in_u1, 20);
    EXPECT_GT(on_edge, 5);
}

TEST_F(SplitProperty, RandomPolygonsAreCutIntoPiecesThatAddUpToTheWhole) {
    int outside = 0, not_exposed = 0, in_u1 = 0, whole_cells = 0;
    for (int i = 0; i < 300; ++i) {
        const auto values = random_values();
        for (const auto& p : check_split(values, random_polygon(), true)) {
            outside += !p.admin;
            in_u1 += p.admin == std::optional<std::size_t>(1);
            not_exposed += p.hazard.hazard_class == kNotExposed;
            whole_cells +=
                std::fabs(area_of(ctx, p.geometry.get()) - kCell * kCell) < 1e-9 * kCell * kCell;
        }
        if (::testing::Test::HasFailure()) break;
    }
    EXPECT_GT(outside, 20);
    EXPECT_GT(not_exposed, 20);
    EXPECT_GT(in_u1, 20);
    EXPECT_GT(whole_cells, 20);
}

TEST_F(SplitProperty, ScalingTheHazardUpNeverLowersAPiecesClass) {
    // Classes are min < v <= max bands, most severe first and open above, so a larger value
    // is in the same or a more severe class (a smaller index); nodata stays not_exposed.
    std::uniform_real_distribution<double> factor(1.0, 3.0);
    for (int i = 0; i < 300; ++i) {
        const auto values = random_values();
        std::vector<double> scaled = values;
        const double k = factor(rng);
        for (auto& v : scaled) v *= k;
        const bool polygon = i % 2 == 1;
        const std::string g = polygon ? random_polygon() : random_line();
        const auto before = check_split(values, g, polygon);
        const auto after = check_split(scaled, g, polygon);
        ASSERT_EQ(before.size(), after.size()) << g;
        for (std::size_t j = 0; j < before.size(); ++j) {
            EXPECT_EQ(before[j].admin, after[j].admin);
            EXPECT_LE(after[j].hazard.hazard_class, before[j].hazard.hazard_class)
                << g << " x " << k;
            EXPECT_EQ(after[j].hazard.hazard_class == kNotExposed,
                      before[j].hazard.hazard_class == kNotExposed);
        }
        // Structures: centroid, max and mean are monotone too (majority need not be).
        MemoryRaster r0(grid(), std::make_shared<const std::vector<double>>(values));
        MemoryRaster r1(grid(), std::make_shared<const std::vector<double>>(scaled));
        RasterHazardSampler s0(r0, classifier, ctx), s1(r1, classifier, ctx);
        GeomPtr footprint = geom(ctx, random_polygon());
        for (Sampling m : {Sampling::centroid, Sampling::max, Sampling::mean}) {
            const HazardSample a = s0.sample(footprint.get(), m);
            const HazardSample b = s1.sample(footprint.get(), m);
            EXPECT_LE(b.hazard_class, a.hazard_class) << jitupasna::core::sampling_name(m);
        }
        if (::testing::Test::HasFailure()) break;
    }
}

TEST(SplitPropertyVector, RandomOverlappingZonesCoverEachPartOnce) {
    // Five random rectangles in random classes (overlapping freely) and random polygons and
    // lines over them: the pieces add up to the whole, and each piece's class is the most
    // severe class of the zones holding a point inside it.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> coord(0.0, 10.0);
    std::uniform_real_distribution<double> value(0.5, 8.0);
    GeosContext ctx;
    const HazardClassifier c = classes();
    for (int round = 0; round < 60; ++round) {
        std::vector<HazardZone> zones;
        std::vector<GeomPtr> zone_geoms;
        for (int z = 0; z < 5; ++z) {
            double x0 = coord(rng), x1 = coord(rng), y0 = coord(rng), y1 = coord(rng);
            if (x0 > x1) std::swap(x0, x1);
            if (y0 > y1) std::swap(y0, y1);
            const std::string w = rect(x0, y0, x1 + 0.5, y1 + 0.5);
            HazardZone zone;
            zone.wkb = wkb(ctx, w);
            zone.value = value(rng);
            zone.hazard_class = c.classify(zone.value);
            zones.push_back(zone);
            zone_geoms.push_back(geom(ctx, w));
        }
        HazardZoneIndex index(zones);
        VectorHazardSampler sampler(index, c, ctx);
        for (int k = 0; k < 5; ++k) {
            const bool polygon = k % 2 == 0;
            double x0 = coord(rng), x1 = coord(rng), y0 = coord(rng), y1 = coord(rng);
            if (x0 > x1) std::swap(x0, x1);
            const std::string w = polygon
                                      ? rect(x0, std::min(y0, y1), x1 + 0.3, std::max(y0, y1) + 0.3)
                                      : line({{x0, y0}, {x1 + 0.3, y1}});
            GeomPtr g = geom(ctx, w);
            std::vector<HazardPiece> pieces;
            sampler.split(g.get(), pieces);
            const double whole = polygon ? area_of(ctx, g.get()) : length_of(ctx, g.get());
            double sum = 0;
            for (const auto& p : pieces) {
                sum += polygon ? area_of(ctx, p.geometry.get()) : length_of(ctx, p.geometry.get());
                GeomPtr point = jitupasna::core::geos_ptr(
                    ctx.handle(), GEOSPointOnSurface_r(ctx.handle(), p.geometry.get()));
                // Most severe class among the zones covering that point (not_exposed if none);
                // a point on a zone's edge may also take the class of the zone beyond it.
                std::size_t best = c.not_exposed_index();
                std::size_t best_interior = c.not_exposed_index();
                for (std::size_t z = 0; z < zones.size(); ++z) {
                    if (GEOSIntersects_r(ctx.handle(), zone_geoms[z].get(), point.get()) == 1)
                        best = std::min(best, zones[z].hazard_class);
                    if (GEOSContains_r(ctx.handle(), zone_geoms[z].get(), point.get()) == 1)
                        best_interior = std::min(best_interior, zones[z].hazard_class);
                }
                EXPECT_TRUE(p.sample.hazard_class == best || p.sample.hazard_class == best_interior)
                    << w << " class " << p.sample.hazard_class;
            }
            EXPECT_NEAR(sum, whole, 1e-9 * whole) << w;
        }
    }
}

}  // namespace
