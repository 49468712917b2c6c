// Overlapping admin units: which unit a divisible feature's count goes to, that totals are
// conserved whatever the overlaps, and the overlaps themselves (for the run's warning).

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "memory_raster.hpp"

namespace {

using jitupasna::core::AdminIndex;
using jitupasna::core::AdminLocator;
using jitupasna::core::AdminOverlap;
using jitupasna::core::AdminUnit;
using jitupasna::core::GeomPtr;
using jitupasna::core::GeosContext;
using jitupasna::test::admin_unit;
using jitupasna::test::rect_wkt;
using jitupasna::test::wkt;
using jitupasna::test::wkt_to_wkb;

using Parts = std::vector<std::pair<std::optional<std::size_t>, GeomPtr>>;

class Overlaps : public ::testing::Test {
  protected:
    AdminIndex index_of(const std::vector<std::string>& wkts) {
        std::vector<AdminUnit> units;
        for (std::size_t i = 0; i < wkts.size(); ++i)
            units.push_back(admin_unit("U" + std::to_string(i), "Unit " + std::to_string(i),
                                       wkt_to_wkb(ctx, wkts[i])));
        return AdminIndex(std::move(units));
    }
    // (unit or nullopt, planar area) of each piece.
    std::vector<std::pair<std::optional<std::size_t>, double>> split(const AdminIndex& index,
                                                                     const std::string& feature) {
        AdminLocator locator(index, ctx);
        GeomPtr geom = wkt(ctx, feature);
        Parts parts;
        locator.split(geom.get(), parts);
        std::vector<std::pair<std::optional<std::size_t>, double>> out;
        for (auto& [unit, part] : parts)
            out.emplace_back(unit, jitupasna::core::area(ctx, part.get()).value_or(-1));
        return out;
    }
    GeosContext ctx;
};

// Agam and Bukittinggi in miniature: A = [0,3]x[0,4] (area 12), B = [2,4]x[1,3] (area 4);
// they share [2,3]x[1,3] (area 2). A comes first in layer order.
const std::vector<std::string> kAgamBukit = {rect_wkt(0, 0, 3, 4), rect_wkt(2, 1, 4, 3)};

TEST_F(Overlaps, APolygonThatIsAUnitGoesWhollyToThatUnit) {
    const AdminIndex index = index_of(kAgamBukit);
    // B's own polygon: half of it lies in A, which is first in layer order; it still goes
    // wholly to B (it used to lose the shared 2 to A).
    auto pieces = split(index, kAgamBukit[1]);
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_EQ(pieces[0].first, 1u);
    EXPECT_DOUBLE_EQ(pieces[0].second, 4.0);
    // A's own polygon goes wholly to A, although B overlaps 2 of its 12.
    pieces = split(index, kAgamBukit[0]);
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_EQ(pieces[0].first, 0u);
    EXPECT_DOUBLE_EQ(pieces[0].second, 12.0);
}

TEST_F(Overlaps, AStraddlingFeatureGivesTheOverlapToTheFirstUnitInLayerOrder) {
    const AdminIndex index = index_of(kAgamBukit);
    // [1,4]x[1.5,2.5] (area 3): 2/3 in A, 2/3 in B, wholly in neither. A (first) takes x 1-3
    // (area 2, the overlap included), B the rest, x 3-4 (area 1).
    const auto pieces = split(index, rect_wkt(1, 1.5, 4, 2.5));
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(pieces[0].first, 0u);
    EXPECT_NEAR(pieces[0].second, 2.0, 1e-12);
    EXPECT_EQ(pieces[1].first, 1u);
    EXPECT_NEAR(pieces[1].second, 1.0, 1e-12);
}

TEST_F(Overlaps, AUnitDrawnInsideAnotherWithoutAHoleKeepsItsFeature) {
    // A nested shell: K = [0,4]x[0,4] covers C = [1,2]x[1,2] (a kota inside its kabupaten,
    // drawn without the hole). C's polygon lies wholly in both: the smaller, C, gets it.
    const AdminIndex index = index_of({rect_wkt(0, 0, 4, 4), rect_wkt(1, 1, 2, 2)});
    auto pieces = split(index, rect_wkt(1, 1, 2, 2));
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_EQ(pieces[0].first, 1u);
    pieces = split(index, rect_wkt(0, 0, 4, 4));
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_EQ(pieces[0].first, 0u);
}

TEST_F(Overlaps, AlmostWhollyInsideIsWhollyInsideBeyondTheToleranceItIsSplit) {
    const AdminIndex index = index_of({rect_wkt(0, 0, 1, 1)});
    // [0.1, 1.0004] x [0.1, 0.9]: area 0.72032, of which 0.00032 (0.044 %) sticks out east:
    // under 0.1 %, so the whole feature (sliver included) is one piece in the unit.
    auto pieces = split(index, rect_wkt(0.1, 0.1, 1.0004, 0.9));
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_EQ(pieces[0].first, 0u);
    EXPECT_NEAR(pieces[0].second, 0.9004 * 0.8, 1e-12);
    // [0.1, 1.0091] x [0.1, 0.9]: 0.0091 of 0.9091 (1 %) sticks out: split, the rest outside.
    pieces = split(index, rect_wkt(0.1, 0.1, 1.0091, 0.9));
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(pieces[0].first, 0u);
    EXPECT_NEAR(pieces[0].second, 0.9 * 0.8, 1e-12);
    EXPECT_EQ(pieces[1].first, std::nullopt);
    EXPECT_NEAR(pieces[1].second, 0.0091 * 0.8, 1e-12);
}

TEST_F(Overlaps, ALineAlmostWhollyInsideGoesWhollyToTheUnit) {
    const AdminIndex index = index_of(kAgamBukit);
    AdminLocator locator(index, ctx);
    // From x 0.5 to 3.002 at y = 0.5 (only in A; B starts at y = 1): 0.002 of 2.502 (0.08 %)
    // lies east of A -> one piece in A, length 2.502.
    GeomPtr line = wkt(ctx, "LINESTRING(0.5 0.5, 3.002 0.5)");
    Parts parts;
    locator.split(line.get(), parts);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].first, 0u);
    double length = 0;
    GEOSLength_r(ctx.handle(), parts[0].second.get(), &length);
    EXPECT_NEAR(length, 2.502, 1e-12);
}

// Property: whatever the overlaps (random rectangles, some nested, some disjoint), the pieces
// of a feature cover it exactly once (their areas add up to its area), and a count spread by
// area share adds up to the count: the sum over units plus outside is the sum over features.
TEST_F(Overlaps, CountsAreConservedWhateverTheOverlaps) {
    std::mt19937 rng(20091930);
    std::uniform_real_distribution<double> coordinate(0, 10), size(0.5, 5);
    for (int round = 0; round < 20; ++round) {
        std::vector<std::string> units;
        for (int u = 0; u < 6; ++u) {
            const double x = coordinate(rng), y = coordinate(rng);
            units.push_back(rect_wkt(x, y, x + size(rng), y + size(rng)));
        }
        // Some features are exactly a unit (a count per unit joined from a table).
        std::vector<std::string> features = units;
        for (int f = 0; f < 30; ++f) {
            const double x = coordinate(rng), y = coordinate(rng);
            features.push_back(rect_wkt(x, y, x + size(rng), y + size(rng)));
        }
        const AdminIndex index = index_of(units);
        std::vector<double> per_unit(units.size() + 1, 0.0);  // last: outside
        double features_total = 0;
        for (std::size_t f = 0; f < features.size(); ++f) {
            SCOPED_TRACE(features[f]);
            const double count = 100.0 + static_cast<double>(f);  // what the feature carries
            features_total += count;
            const double feature_area =
                jitupasna::core::area(ctx, wkt(ctx, features[f]).get()).value();
            const auto pieces = split(index, features[f]);
            ASSERT_FALSE(pieces.empty());
            double pieces_area = 0;
            for (const auto& [unit, piece_area] : pieces) pieces_area += piece_area;
            EXPECT_NEAR(pieces_area, feature_area, 1e-9 * feature_area);
            for (const auto& [unit, piece_area] : pieces)
                per_unit[unit ? *unit : units.size()] += count * piece_area / pieces_area;
            // A feature that is a unit keeps its whole count in a unit that holds it all.
            if (f < units.size()) {
                ASSERT_EQ(pieces.size(), 1u);
                ASSERT_TRUE(pieces[0].first.has_value());
                EXPECT_EQ(units[*pieces[0].first], features[f]);
            }
        }
        double summed = 0;
        for (double v : per_unit) summed += v;
        EXPECT_NEAR(summed, features_total, 1e-9 * features_total) << "round " << round;
    }
}

// The geodesic area of a lon/lat rectangle on the WGS 84 ellipsoid, from the authalic-latitude
// closed form (a different method from the tool's geodesic polygon area).
double quadrangle_area_m2(double lon0, double lat0, double lon1, double lat1) {
    const double a = 6378137.0, f = 1 / 298.257223563;
    const double e2 = f * (2 - f), e = std::sqrt(e2);
    auto q = [&](double lat_deg) {
        const double s = std::sin(lat_deg * M_PI / 180);
        return s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    const double b2 = a * a * (1 - e2);
    return std::fabs(b2 * (lon1 - lon0) * M_PI / 180 / 2 * (q(lat1) - q(lat0)));
}

TEST_F(Overlaps, OverlapsWithLaterUnitsHaveTheirGeodesicArea) {
    // In degrees near Padang: A and B share lon 106.02-106.03 x lat -6.03..-6.01; C only
    // touches B along lon 106.04 (a border, not an overlap); D is far away.
    const AdminIndex index =
        index_of({rect_wkt(106.00, -6.04, 106.03, -6.00), rect_wkt(106.02, -6.03, 106.04, -6.01),
                  rect_wkt(106.04, -6.03, 106.05, -6.01), rect_wkt(107.00, -7.00, 107.01, -6.99)});
    AdminLocator locator(index, ctx);
    std::vector<AdminOverlap> overlaps;
    for (std::size_t unit = 0; unit < index.size(); ++unit)
        locator.overlaps_with_later(unit, nullptr, overlaps);
    ASSERT_EQ(overlaps.size(), 1u);
    EXPECT_EQ(overlaps[0].first, 0u);
    EXPECT_EQ(overlaps[0].second, 1u);
    const double expected = quadrangle_area_m2(106.02, -6.03, 106.03, -6.01);  // ~2.45 km2
    EXPECT_NEAR(overlaps[0].area_m2, expected, 1e-5 * expected);
}

}  // namespace

// Kecamatan that do not tile their kabupaten exactly (published levels are drawn from
// different sources): kabupaten A = [0,10]x[0,10] (area 100) and B = [10,20]x[0,10]; A's
// kecamatan A1 = [0,5]x[0,9.5] and A2 = [5,10.2]x[0,9.5] (A2 reaches 0.2 into B), B's B1 =
// [10.2,20]x[0,10]. A count given for A (its polygon) is split among A1 and A2 only: the strip
// [0,10]x[9.5,10] in no kecamatan (area 5) and nothing of B take a part. A1 holds 47.5 of the
// 95 kept, A2 47.5; so each gets half of A's count.
TEST_F(Overlaps, ACountOfAParentStaysInItsOwnSubunits) {
    const AdminIndex kecamatan =
        index_of({rect_wkt(0, 0, 5, 9.5), rect_wkt(5, 0, 10.2, 9.5), rect_wkt(10.2, 0, 20, 10)});
    const AdminIndex kabupaten = index_of({rect_wkt(0, 0, 10, 10), rect_wkt(10, 0, 20, 10)});
    const std::vector<std::size_t> parent_of = {0, 0, 1};
    AdminLocator locator(kecamatan, ctx, kabupaten, parent_of);
    GeomPtr a = wkt(ctx, rect_wkt(0, 0, 10, 10));
    Parts parts;
    locator.split(a.get(), parts);
    double in_a1 = 0, in_a2 = 0, elsewhere = 0;
    for (auto& [unit, part] : parts) {
        const double area = jitupasna::core::area(ctx, part.get()).value_or(-1);
        (unit == std::optional<std::size_t>(0)   ? in_a1
         : unit == std::optional<std::size_t>(1) ? in_a2
                                                 : elsewhere) += area;
    }
    EXPECT_NEAR(in_a1, 47.5, 1e-9);
    EXPECT_NEAR(in_a2, 47.5, 1e-9);  // [5,10]x[0,9.5]: A2's part inside A
    EXPECT_EQ(elsewhere, 0.0);

    // Without the parent level the strip falls outside every unit (area 5).
    Parts flat;
    AdminLocator(kecamatan, ctx).split(a.get(), flat);
    double outside = 0;
    for (auto& [unit, part] : flat)
        if (!unit) outside += jitupasna::core::area(ctx, part.get()).value_or(-1);
    EXPECT_NEAR(outside, 5.0, 1e-9);

    // A feature no parent holds (it straddles A and B) is split as before, strip included.
    GeomPtr straddling = wkt(ctx, rect_wkt(8, 0, 12, 10));
    Parts straddle;
    locator.split(straddling.get(), straddle);
    double straddle_outside = 0;
    for (auto& [unit, part] : straddle)
        if (!unit) straddle_outside += jitupasna::core::area(ctx, part.get()).value_or(-1);
    // A2 takes [8,10.2]x[0,9.5], B1 [10.2,12]x[0,10]: outside is [8,10.2]x[9.5,10] = 1.1.
    EXPECT_NEAR(straddle_outside, 1.1, 1e-9);
}
