#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/core/structure_impact.hpp"
#include "jitupasna/core/summary.hpp"
#include "memory_raster.hpp"

namespace {

using jitupasna::core::AdminIndex;
using jitupasna::core::AdminLocator;
using jitupasna::core::assess_structure;
using jitupasna::core::GeosContext;
using jitupasna::core::HazardClassifier;
using jitupasna::core::ImpactSummary;
using jitupasna::core::sample_hazard;
using jitupasna::core::Sampling;
using jitupasna::core::StructureImpact;
using jitupasna::test::admin_unit;
using jitupasna::test::grid_3x3;
using jitupasna::test::hazard_class;
using jitupasna::test::kNoData;
using jitupasna::test::MemoryRaster;
using jitupasna::test::rect_wkt;
using jitupasna::test::wkt;
using jitupasna::test::wkt_to_wkb;

// Hazard grid_3x3 with values
//   1 2 3
//   4 5 6
//   7 8 9
// classes 0 tinggi (6, inf), 1 sedang (3, 6], 2 rendah (1, 3]; 3 not_affected; 4 not_exposed.
// Admin: unit 0 = [0, 1.5] x [0, 3], unit 1 = [1.5, 3] x [0, 3]; shared border x = 1.5.
class StructureImpactTest : public ::testing::Test {
  protected:
    StructureImpactTest()
        : hazard(grid_3x3(), {1, 2, 3, 4, 5, 6, 7, 8, 9}),
          classifier({hazard_class("tinggi", 6.0, std::nullopt), hazard_class("sedang", 3.0, 6.0),
                      hazard_class("rendah", 1.0, 3.0)}),
          admins({admin_unit("A", "West", wkt_to_wkb(ctx, rect_wkt(0, 0, 1.5, 3))),
                  admin_unit("B", "East", wkt_to_wkb(ctx, rect_wkt(1.5, 0, 3, 3)))}),
          locator(admins, ctx) {}

    StructureImpact assess(const std::string& footprint, Sampling sampling) {
        auto geom = wkt(ctx, footprint);
        return assess_structure(locator, hazard, classifier, ctx, geom.get(), geom.get(), sampling);
    }

    GeosContext ctx;
    MemoryRaster hazard;
    HazardClassifier classifier;
    AdminIndex admins;
    AdminLocator locator;
};

TEST_F(StructureImpactTest, SampleHazardUsesTheChosenMethod) {
    // [0.5, 1.4] x [0.5, 1.4]: centroid (0.95, 0.95) -> cell (0, 2) = 7; it overlaps cells
    // (0,1)=4 (1,1)=5 (0,2)=7 (1,2)=8 -> max 8.
    auto geom = wkt(ctx, rect_wkt(0.5, 0.5, 1.4, 1.4));
    EXPECT_EQ(sample_hazard(hazard, ctx, geom.get(), Sampling::centroid), 7.0);
    EXPECT_EQ(sample_hazard(hazard, ctx, geom.get(), Sampling::max), 8.0);
}

TEST_F(StructureImpactTest, BuildingInsideAUnitAndTheRaster) {
    // [0.2, 0.8] x [1.2, 1.8]: centroid (0.5, 1.5) in unit 0; cell (0,1) = 4 -> sedang.
    const StructureImpact a = assess(rect_wkt(0.2, 1.2, 0.8, 1.8), Sampling::max);
    EXPECT_EQ(a.admin, 0u);
    EXPECT_EQ(a.hazard_value, 4.0);
    EXPECT_EQ(a.hazard_class, 1u);
    // [2.2, 2.8] x [0.2, 0.8]: unit 1, cell (2,2) = 9 -> tinggi.
    const StructureImpact b = assess(rect_wkt(2.2, 0.2, 2.8, 0.8), Sampling::centroid);
    EXPECT_EQ(b.admin, 1u);
    EXPECT_EQ(b.hazard_value, 9.0);
    EXPECT_EQ(b.hazard_class, 0u);
}

TEST_F(StructureImpactTest, SamplingChangesTheClass) {
    // [0.2, 1.4] x [2.2, 2.8]: centroid (0.8, 2.5) -> (0,0) = 1, not above rendah's min
    // -> not_affected; max over (0,0)=1 and (1,0)=2 -> 2 -> rendah. Unit 0 either way.
    const StructureImpact c = assess(rect_wkt(0.2, 2.2, 1.4, 2.8), Sampling::centroid);
    EXPECT_EQ(c.hazard_value, 1.0);
    EXPECT_EQ(c.hazard_class, 3u);
    const StructureImpact m = assess(rect_wkt(0.2, 2.2, 1.4, 2.8), Sampling::max);
    EXPECT_EQ(m.hazard_value, 2.0);
    EXPECT_EQ(m.hazard_class, 2u);
    EXPECT_EQ(c.admin, 0u);
    EXPECT_EQ(m.admin, 0u);
}

TEST_F(StructureImpactTest, NodataAndOutsideTheRasterAreNotExposed) {
    hazard.set(0, 1, kNoData);
    const StructureImpact a = assess(rect_wkt(0.2, 1.2, 0.8, 1.8), Sampling::max);
    EXPECT_EQ(a.admin, 0u);
    EXPECT_EQ(a.hazard_value, std::nullopt);
    EXPECT_EQ(a.hazard_class, 4u);
    // Outside both the raster and every unit.
    const StructureImpact b = assess(rect_wkt(5, 5, 6, 6), Sampling::max);
    EXPECT_EQ(b.admin, std::nullopt);
    EXPECT_EQ(b.hazard_value, std::nullopt);
    EXPECT_EQ(b.hazard_class, 4u);
}

TEST_F(StructureImpactTest, AdminAndHazardUseTheirOwnGeometry) {
    // The same footprint in two CRSs: here two different rectangles stand for them. The admin
    // copy [2.2, 2.8] x [2.2, 2.8] is in unit 1; the hazard copy [0.2, 0.8] x [0.2, 0.8]
    // is over cell (0,2) = 7.
    auto in_admin = wkt(ctx, rect_wkt(2.2, 2.2, 2.8, 2.8));
    auto in_hazard = wkt(ctx, rect_wkt(0.2, 0.2, 0.8, 0.8));
    const StructureImpact s = assess_structure(locator, hazard, classifier, ctx, in_admin.get(),
                                               in_hazard.get(), Sampling::max);
    EXPECT_EQ(s.admin, 1u);
    EXPECT_EQ(s.hazard_value, 7.0);
    EXPECT_EQ(s.hazard_class, 0u);
}

TEST(SamplingName, NamesMatchTheScenarioSpelling) {
    EXPECT_STREQ(jitupasna::core::sampling_name(Sampling::centroid), "centroid");
    EXPECT_STREQ(jitupasna::core::sampling_name(Sampling::max), "max");
}

// Length of the overlap of [a0, a1] and [b0, b1] (0 when they are apart or only touch).
double overlap(double a0, double a1, double b0, double b1) {
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

// Property: random rectangles on a quarter lattice over [-1, 4]^2 each land in exactly one of
// unit 0 / unit 1 / outside, and the per-unit counts in an ImpactSummary equal a brute force
// that uses only coordinate arithmetic against the straight border x = 1.5:
//   centroid (cx, cy) in [0,3]^2       -> unit 0 if cx <= 1.5 (border: first unit), else 1
//   otherwise the larger overlap area   -> unit 1 if a1 > a0, unit 0 if a0 >= a1 > 0
//   no overlap area                    -> outside
// The hazard value is checked against the max over cells the rectangle overlaps by area
// (nullopt when none, including rectangles that only touch the grid from outside).
TEST_F(StructureImpactTest, PropertyAdminTotalsAreConserved) {
    std::mt19937 rng(4242);
    std::uniform_int_distribution<int> quarter(-4, 16);
    const int n = 500;
    ImpactSummary summary(2, 1, classifier.labels().size());
    std::vector<int> expected_per_row(3, 0);  // unit 0, unit 1, outside
    for (int i = 0; i < n; ++i) {
        double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
        while (x0 == x1 || y0 == y1) {
            x0 = quarter(rng) / 4.0;
            x1 = quarter(rng) / 4.0;
            y0 = quarter(rng) / 4.0;
            y1 = quarter(rng) / 4.0;
        }
        if (x0 > x1) std::swap(x0, x1);
        if (y0 > y1) std::swap(y0, y1);

        const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        int expected_row = 2;
        if (cx >= 0 && cx <= 3 && cy >= 0 && cy <= 3) {
            expected_row = cx <= 1.5 ? 0 : 1;
        } else {
            const double dy = overlap(y0, y1, 0, 3);
            const double a0 = overlap(x0, x1, 0, 1.5) * dy;
            const double a1 = overlap(x0, x1, 1.5, 3) * dy;
            if (a1 > a0)
                expected_row = 1;
            else if (a0 > 0)
                expected_row = 0;
        }
        ++expected_per_row[static_cast<std::size_t>(expected_row)];

        const StructureImpact s = assess(rect_wkt(x0, y0, x1, y1), Sampling::max);
        const int row = s.admin ? static_cast<int>(*s.admin) : 2;
        ASSERT_TRUE(row >= 0 && row <= 2);
        ASSERT_EQ(row, expected_row) << "rect " << x0 << " " << y0 << " " << x1 << " " << y1;
        summary.add(s.admin, 0, s.hazard_class, 1.0);

        // Hazard: max over cells (c, r) = [c, c+1] x [2-r, 3-r] overlapped by area.
        std::optional<double> value;
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c) {
                const double area = overlap(x0, x1, c, c + 1) * overlap(y0, y1, 2 - r, 3 - r);
                const double v = hazard.at(c, r);
                if (area > 0 && (!value || v > *value)) value = v;
            }
        ASSERT_EQ(s.hazard_value, value) << "rect " << x0 << " " << y0 << " " << x1 << " " << y1;
        ASSERT_EQ(s.hazard_class, classifier.classify(value));
    }
    // Exactly one row each: the rows add up to the number of buildings.
    EXPECT_EQ(summary.total(), static_cast<double>(n));
    const std::optional<std::size_t> rows[3] = {0u, 1u, std::nullopt};
    for (std::size_t r = 0; r < 3; ++r) {
        double counted = 0;
        for (std::size_t c = 0; c < classifier.labels().size(); ++c)
            counted += summary.count_by_class(rows[r], c);
        EXPECT_EQ(counted, static_cast<double>(expected_per_row[r])) << "row " << r;
    }
    // Every row was exercised.
    EXPECT_GT(expected_per_row[0], 0);
    EXPECT_GT(expected_per_row[1], 0);
    EXPECT_GT(expected_per_row[2], 0);
}

}  // namespace
