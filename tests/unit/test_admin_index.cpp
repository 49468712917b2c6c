#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/geos_context.hpp"
#include "memory_raster.hpp"

namespace {

using jitupasna::core::AdminIndex;
using jitupasna::core::AdminLocator;
using jitupasna::core::AdminUnit;
using jitupasna::core::Envelope;
using jitupasna::core::GeosContext;
using jitupasna::test::admin_unit;
using jitupasna::test::rect_wkt;
using jitupasna::test::wkt;
using jitupasna::test::wkt_to_wkb;

std::vector<AdminUnit> units_from_wkt(const GeosContext& ctx,
                                      const std::vector<std::string>& wkts) {
    std::vector<AdminUnit> units;
    for (std::size_t i = 0; i < wkts.size(); ++i)
        units.push_back(admin_unit("U" + std::to_string(i), "Unit " + std::to_string(i),
                                   wkt_to_wkb(ctx, wkts[i])));
    return units;
}

class AdminLocate : public ::testing::Test {
  protected:
    std::optional<std::size_t> locate(const std::vector<std::string>& unit_wkts,
                                      const std::string& feature) {
        AdminIndex index(units_from_wkt(ctx, unit_wkts));
        AdminLocator locator(index, ctx);
        auto geom = wkt(ctx, feature);
        return geom ? locator.locate(geom.get()) : std::nullopt;
    }
    GeosContext ctx;
};

// Two units side by side: west [0,1]x[0,1], east [1,3]x[0,1]; shared border x = 1.
const std::vector<std::string> kWestEast = {rect_wkt(0, 0, 1, 1), rect_wkt(1, 0, 3, 1)};

TEST_F(AdminLocate, CentroidInsideAUnit) {
    EXPECT_EQ(locate(kWestEast, rect_wkt(0.2, 0.2, 0.4, 0.4)), 0u);
    EXPECT_EQ(locate(kWestEast, rect_wkt(2.0, 0.5, 2.5, 0.8)), 1u);
    EXPECT_EQ(locate(kWestEast, "POINT(2.9 0.1)"), 1u);
}

TEST_F(AdminLocate, StraddlingBuildingGoesToTheUnitHoldingItsCentroid) {
    // [0.8, 1.6] x [0.2, 0.6]: centroid x = 1.2 -> east.
    EXPECT_EQ(locate(kWestEast, rect_wkt(0.8, 0.2, 1.6, 0.6)), 1u);
    // An L whose larger part by area is in the west unit but whose centroid is in the east:
    //   bottom strip [0.5, 2.9] x [0, 0.2]: area 0.48, centroid x 1.7
    //   upright      [0.5, 1.0] x [0.2, 0.8]: area 0.30, centroid x 0.75
    //   centroid x = (0.48*1.7 + 0.30*0.75) / 0.78 = 1.041 / 0.78 = 1.33 -> east,
    //   while the overlaps are west [0.5,1]x[0,0.8] = 0.40 > east [1,2.9]x[0,0.2] = 0.38.
    EXPECT_EQ(locate(kWestEast, "POLYGON((0.5 0, 2.9 0, 2.9 0.2, 1 0.2, 1 0.8, 0.5 0.8, 0.5 0))"),
              1u);
}

// Unit 0 is a C open to the east: [0,4]x[0,4] minus the notch (1,4)x(1,3). Unit 1 is
// [4,6]x[0,4] and closes the notch. Nothing covers the notch.
const std::vector<std::string> kCShape = {"POLYGON((0 0, 4 0, 4 1, 1 1, 1 3, 4 3, 4 4, 0 4, 0 0))",
                                          rect_wkt(4, 0, 6, 4)};

TEST_F(AdminLocate, CentroidInNoUnitGoesToTheLargestOverlap) {
    // [0.5, 5] x [1.5, 2.5]: centroid (2.75, 2) is in the notch. Overlaps: unit 0 only its
    // spine x [0.5, 1] -> 0.5 x 1 = 0.5; unit 1 x [4, 5] -> 1 x 1 = 1.0. -> unit 1.
    EXPECT_EQ(locate(kCShape, rect_wkt(0.5, 1.5, 5, 2.5)), 1u);
    // [0.2, 4.5] x [1.5, 2.5]: centroid (2.35, 2) in the notch. Overlaps: unit 0 x [0.2, 1]
    // -> 0.8; unit 1 x [4, 4.5] -> 0.5. -> unit 0.
    EXPECT_EQ(locate(kCShape, rect_wkt(0.2, 1.5, 4.5, 2.5)), 0u);
    // The same with the units listed the other way round: the larger overlap still wins.
    const std::vector<std::string> reversed = {kCShape[1], kCShape[0]};
    EXPECT_EQ(locate(reversed, rect_wkt(0.5, 1.5, 5, 2.5)), 0u);
    EXPECT_EQ(locate(reversed, rect_wkt(0.2, 1.5, 4.5, 2.5)), 1u);
}

TEST_F(AdminLocate, CentroidInTheNotchOverlappingOneUnitOnly) {
    // [1.5, 4.5] x [1.5, 2.5]: centroid (3, 2) in the notch; only unit 1 overlaps (x [4, 4.5]).
    EXPECT_EQ(locate(kCShape, rect_wkt(1.5, 1.5, 4.5, 2.5)), 1u);
    // Entirely inside the notch, touching the C's inner edges only: no overlap -> outside.
    EXPECT_EQ(locate(kCShape, rect_wkt(1, 1, 3, 3)), std::nullopt);
}

TEST_F(AdminLocate, FeatureOutsideAllUnitsIsNullopt) {
    EXPECT_EQ(locate(kWestEast, rect_wkt(5, 5, 6, 6)), std::nullopt);
    EXPECT_EQ(locate(kWestEast, "POINT(-1 -1)"), std::nullopt);
    // Touching the west unit along its west edge from outside: zero overlap area.
    EXPECT_EQ(locate(kWestEast, rect_wkt(-1, 0.2, 0, 0.8)), std::nullopt);
}

TEST_F(AdminLocate, CentroidOnASharedBorderGoesToTheFirstUnit) {
    // [0.5, 1.5] x [0.25, 0.75]: centroid (1, 0.5) lies on the border x = 1.
    EXPECT_EQ(locate(kWestEast, rect_wkt(0.5, 0.25, 1.5, 0.75)), 0u);
    EXPECT_EQ(locate(kWestEast, "POINT(1 0.5)"), 0u);
    // Listed east first, the east unit is now first in layer order.
    const std::vector<std::string> east_first = {kWestEast[1], kWestEast[0]};
    EXPECT_EQ(locate(east_first, rect_wkt(0.5, 0.25, 1.5, 0.75)), 0u);
    EXPECT_EQ(locate(east_first, "POINT(1 0.5)"), 0u);
}

TEST_F(AdminLocate, CentroidOnTheOuterBoundaryStillFindsTheUnit) {
    // [-0.5, 0.5] x [0.2, 0.4]: centroid (0, 0.3) on the west unit's outer edge.
    EXPECT_EQ(locate(kWestEast, rect_wkt(-0.5, 0.2, 0.5, 0.4)), 0u);
}

TEST_F(AdminLocate, OverlappingUnitsGoToTheFirstThatHoldsTheCentroid) {
    // Unit 0 [0,2]x[0,2] and unit 1 [1,3]x[0,2] overlap on [1,2]x[0,2].
    const std::vector<std::string> overlapping = {rect_wkt(0, 0, 2, 2), rect_wkt(1, 0, 3, 2)};
    EXPECT_EQ(locate(overlapping, rect_wkt(1.2, 0.2, 1.8, 0.8)), 0u);
    EXPECT_EQ(locate(overlapping, rect_wkt(2.2, 0.2, 2.8, 0.8)), 1u);
}

TEST_F(AdminLocate, EmptyGeometryIsNullopt) {
    EXPECT_EQ(locate(kWestEast, "POLYGON EMPTY"), std::nullopt);
    EXPECT_EQ(locate(kWestEast, "GEOMETRYCOLLECTION EMPTY"), std::nullopt);
    AdminIndex index(units_from_wkt(ctx, kWestEast));
    AdminLocator locator(index, ctx);
    EXPECT_EQ(locator.locate(nullptr), std::nullopt);
}

TEST_F(AdminLocate, LocatorGivesTheSameAnswerOnRepeatedUse) {
    AdminIndex index(units_from_wkt(ctx, kCShape));
    AdminLocator locator(index, ctx);
    auto a = wkt(ctx, rect_wkt(0.5, 1.5, 5, 2.5));    // largest overlap: unit 1
    auto b = wkt(ctx, rect_wkt(0.2, 0.2, 0.8, 0.8));  // centroid in unit 0
    auto c = wkt(ctx, rect_wkt(10, 10, 11, 11));      // outside
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(locator.locate(a.get()), 1u);
        EXPECT_EQ(locator.locate(b.get()), 0u);
        EXPECT_EQ(locator.locate(c.get()), std::nullopt);
    }
}

TEST(AdminIndex, UnitsAreKeptInOrder) {
    GeosContext ctx;
    AdminIndex index(units_from_wkt(ctx, kWestEast));
    ASSERT_EQ(index.size(), 2u);
    EXPECT_EQ(index.units()[0].code, "U0");
    EXPECT_EQ(index.units()[1].name, "Unit 1");
}

TEST(AdminIndex, CandidatesAreUnitsWhoseEnvelopeIntersectsInAscendingOrder) {
    GeosContext ctx;
    // Four unit squares in a row, listed 0..3 from west to east, plus a big one last.
    AdminIndex index(
        units_from_wkt(ctx, {rect_wkt(0, 0, 1, 1), rect_wkt(1, 0, 2, 1), rect_wkt(2, 0, 3, 1),
                             rect_wkt(3, 0, 4, 1), rect_wkt(-10, 5, 10, 6)}));
    EXPECT_EQ(index.candidates(Envelope{1.5, 0.2, 2.5, 0.4}), (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(index.candidates(Envelope{0.5, 0.5, 3.5, 5.5}),
              (std::vector<std::size_t>{0, 1, 2, 3, 4}));
    EXPECT_EQ(index.candidates(Envelope{20, 20, 21, 21}), (std::vector<std::size_t>{}));
}

TEST(AdminIndex, UnreadableGeometryIsAnError) {
    GeosContext ctx;
    std::vector<AdminUnit> units = units_from_wkt(ctx, kWestEast);
    units.push_back(admin_unit("BAD", "Bad", "not wkb"));
    EXPECT_THROW(AdminIndex{units}, std::invalid_argument);
}

TEST(AdminIndex, EmptyUnitIsNeverChosen) {
    GeosContext ctx;
    AdminIndex index(units_from_wkt(ctx, {"POLYGON EMPTY", rect_wkt(0, 0, 1, 1)}));
    AdminLocator locator(index, ctx);
    auto inside = wkt(ctx, rect_wkt(0.2, 0.2, 0.4, 0.4));
    EXPECT_EQ(locator.locate(inside.get()), 1u);
    EXPECT_TRUE(index.candidates(Envelope{-100, -100, 100, 100}) == (std::vector<std::size_t>{1}));
}

}  // namespace
