#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/raster_sampling.hpp"
#include "memory_raster.hpp"

namespace {

using jitupasna::core::GeosContext;
using jitupasna::core::GridSpec;
using jitupasna::core::sample_centroid;
using jitupasna::core::sample_max;
using jitupasna::core::sample_point;
using jitupasna::test::grid_3x3;
using jitupasna::test::kNoData;
using jitupasna::test::MemoryRaster;
using jitupasna::test::rect_wkt;
using jitupasna::test::wkt;

// grid_3x3: cell (col, row) covers x [col, col+1], y [2-row, 3-row]. Values by row:
//   y (2,3]:  1 2 3
//   y (1,2]:  4 5 6
//   y (0,1]:  7 8 9
MemoryRaster ascending() { return MemoryRaster(grid_3x3(), {1, 2, 3, 4, 5, 6, 7, 8, 9}); }

class Sampling : public ::testing::Test {
  protected:
    std::optional<double> max_of(MemoryRaster& r, const std::string& text) {
        auto g = wkt(ctx, text);
        return g ? sample_max(r, ctx, g.get()) : std::nullopt;
    }
    std::optional<double> centroid_of(MemoryRaster& r, const std::string& text) {
        auto g = wkt(ctx, text);
        return g ? sample_centroid(r, ctx, g.get()) : std::nullopt;
    }
    GeosContext ctx;
};

TEST_F(Sampling, PointReadsTheCellUnderIt) {
    MemoryRaster r = ascending();
    EXPECT_EQ(sample_point(r, 0.5, 2.5), 1.0);
    EXPECT_EQ(sample_point(r, 2.5, 0.5), 9.0);
    EXPECT_EQ(sample_point(r, 1.0, 2.0), 5.0);  // corner: the cell east and south, (1, 1)
    EXPECT_EQ(sample_point(r, 2.0, 2.5), 3.0);  // edge: the east cell, (2, 0)
    EXPECT_EQ(sample_point(r, 3.0, 2.5), std::nullopt);
    EXPECT_EQ(sample_point(r, 1.5, 0.0), std::nullopt);
    EXPECT_EQ(sample_point(r, -1.0, -1.0), std::nullopt);
}

TEST_F(Sampling, PointOnNodataIsNullopt) {
    MemoryRaster r = ascending();
    r.set(1, 1, kNoData);
    EXPECT_EQ(sample_point(r, 1.5, 1.5), std::nullopt);
    EXPECT_EQ(sample_point(r, 1.0, 2.0), std::nullopt);  // the corner belongs to (1, 1)
    EXPECT_EQ(sample_point(r, 0.999, 1.5), 4.0);
}

TEST_F(Sampling, ZeroAndNegativeValuesAreValues) {
    MemoryRaster r(grid_3x3(), {0, -2, 3, 4, 5, 6, 7, 8, 9});
    EXPECT_EQ(sample_point(r, 0.5, 2.5), 0.0);
    EXPECT_EQ(sample_point(r, 1.5, 2.5), -2.0);
    // Rectangle inside cells (0,0) and (1,0) only: max(0, -2) = 0.
    EXPECT_EQ(max_of(r, rect_wkt(0.5, 2.2, 1.5, 2.8)), 0.0);
    EXPECT_EQ(max_of(r, rect_wkt(1.2, 2.2, 1.5, 2.8)), -2.0);
}

TEST_F(Sampling, CentroidOfAPolygonReadsTheCellUnderTheCentroid) {
    MemoryRaster r = ascending();
    // Triangle (0,0.5) (2.7,0.5) (0,2.9): centroid = vertex mean = (0.9, 1.3) -> cell (0, 1)
    // = 4. (Its envelope centre (1.35, 1.7) would be cell (1, 1) = 5.)
    EXPECT_EQ(centroid_of(r, "POLYGON((0 0.5, 2.7 0.5, 0 2.9, 0 0.5))"), 4.0);
    // Rectangle [2.2, 2.8] x [0.2, 0.6]: centroid (2.5, 0.4) -> cell (2, 2) = 9.
    EXPECT_EQ(centroid_of(r, rect_wkt(2.2, 0.2, 2.8, 0.6)), 9.0);
    // A point is its own centroid.
    EXPECT_EQ(centroid_of(r, "POINT(2.5 2.5)"), 3.0);
}

TEST_F(Sampling, CentroidOnNodataOrOutsideOrEmptyIsNullopt) {
    MemoryRaster r = ascending();
    r.set(0, 1, kNoData);
    EXPECT_EQ(centroid_of(r, "POLYGON((0 0.5, 2.7 0.5, 0 2.9, 0 0.5))"), std::nullopt);
    // [2.5, 4.5] x [1, 2]: centroid (3.5, 1.5) is east of the grid although the footprint
    // overlaps cell (2, 1).
    EXPECT_EQ(centroid_of(r, rect_wkt(2.5, 1, 4.5, 2)), std::nullopt);
    EXPECT_EQ(centroid_of(r, "POLYGON EMPTY"), std::nullopt);
    EXPECT_EQ(centroid_of(r, "POINT EMPTY"), std::nullopt);
    EXPECT_EQ(sample_centroid(r, ctx, nullptr), std::nullopt);
}

TEST_F(Sampling, MaxOfAFootprintInsideOneCell) {
    MemoryRaster r = ascending();
    EXPECT_EQ(max_of(r, rect_wkt(1.2, 1.2, 1.8, 1.8)), 5.0);
    EXPECT_EQ(max_of(r, rect_wkt(0.1, 0.1, 0.9, 0.9)), 7.0);
}

TEST_F(Sampling, MaxOfAFootprintSpanningFourCells) {
    MemoryRaster r = ascending();
    // x [0.5, 1.5], y [0.5, 1.5] overlaps (0,1)=4 (1,1)=5 (0,2)=7 (1,2)=8 -> 8; the grid's
    // highest cell, (2,2)=9, is not under it.
    EXPECT_EQ(max_of(r, rect_wkt(0.5, 0.5, 1.5, 1.5)), 8.0);
    // The same cells with the highest at the top left.
    MemoryRaster s(grid_3x3(), {1, 2, 3, 6, 5, 4, 3, 2, 9});
    EXPECT_EQ(max_of(s, rect_wkt(0.5, 0.5, 1.5, 1.5)), 6.0);
}

TEST_F(Sampling, CellTouchedAlongAnEdgeDoesNotCount) {
    MemoryRaster r = ascending();
    // Inside (0,1)=4, its east side on x = 1 touches (1,1)=5.
    EXPECT_EQ(max_of(r, rect_wkt(0.2, 1.2, 1.0, 1.8)), 4.0);
    // Inside (1,1)=5, its south side on y = 1 touches (1,2)=8.
    EXPECT_EQ(max_of(r, rect_wkt(1.2, 1.0, 1.8, 1.8)), 5.0);
    // Exactly cell (1,1): touches all eight neighbours (up to 9) along edges and corners.
    EXPECT_EQ(max_of(r, rect_wkt(1, 1, 2, 2)), 5.0);
}

TEST_F(Sampling, CellTouchedAtACornerDoesNotCount) {
    MemoryRaster r = ascending();
    // Triangle inside (0,1)=4 with one vertex on the corner (1,1) shared with (1,1)=5,
    // (0,2)=7 and (1,2)=8.
    EXPECT_EQ(max_of(r, "POLYGON((0.2 1.8, 0.5 1.8, 1 1, 0.2 1.8))"), 4.0);
}

TEST_F(Sampling, FootprintPartlyOutsideTheGrid) {
    MemoryRaster r = ascending();
    // x [-1, 0.5], y [0.5, 4]: inside the grid only column 0 -> max(1, 4, 7) = 7.
    EXPECT_EQ(max_of(r, rect_wkt(-1, 0.5, 0.5, 4)), 7.0);
    // x [2.5, 4], y [1.5, 5]: column 2, rows 0..1 -> max(3, 6) = 6.
    EXPECT_EQ(max_of(r, rect_wkt(2.5, 1.5, 4, 5)), 6.0);
    // Covers the whole grid and more -> 9.
    EXPECT_EQ(max_of(r, rect_wkt(-10, -10, 10, 10)), 9.0);
}

TEST_F(Sampling, FootprintOutsideTheGridIsNullopt) {
    MemoryRaster r = ascending();
    EXPECT_EQ(max_of(r, rect_wkt(4, 1, 5, 2)), std::nullopt);
    EXPECT_EQ(max_of(r, rect_wkt(-3, -3, -1, -1)), std::nullopt);
    EXPECT_EQ(r.reads(), 0);  // nothing to read
}

TEST_F(Sampling, FootprintOverNodataOnly) {
    MemoryRaster r = ascending();
    r.set(1, 1, kNoData);
    EXPECT_EQ(max_of(r, rect_wkt(1.2, 1.2, 1.8, 1.8)), std::nullopt);
    // Over (0,1)=4 and nodata (1,1): the nodata cell is skipped.
    EXPECT_EQ(max_of(r, rect_wkt(0.5, 1.2, 1.5, 1.8)), 4.0);
    MemoryRaster all_nodata(grid_3x3(), std::vector<double>(9, kNoData));
    EXPECT_EQ(max_of(all_nodata, rect_wkt(0.5, 0.5, 2.5, 2.5)), std::nullopt);
}

// Regression: sample_max used to fall back to "any contact" whenever no cell with a value
// overlapped the footprint's interior, not only for zero-area footprints. A footprint that is
// exactly the nodata cell (1,1) only touches its neighbours along edges and corners, so by the
// header's contract the answer is nullopt (it used to return 9, the corner neighbour (2,2)).
TEST_F(Sampling, FootprintOverNodataTouchingValuedCellsIsNullopt) {
    MemoryRaster r = ascending();
    r.set(1, 1, kNoData);
    EXPECT_EQ(max_of(r, rect_wkt(1, 1, 2, 2)), std::nullopt);
}

// Regression (same cause): a footprint entirely west of the grid, sharing the grid's west edge
// with cell (0,0)=1, overlaps no cell's area: nullopt (it used to return 1).
TEST_F(Sampling, FootprintOutsideTouchingTheGridEdgeIsNullopt) {
    MemoryRaster r = ascending();
    EXPECT_EQ(max_of(r, rect_wkt(-1, 2.2, 0, 2.8)), std::nullopt);
}

TEST_F(Sampling, PointGeometryUsesTheCellUnderIt) {
    MemoryRaster r = ascending();
    EXPECT_EQ(max_of(r, "POINT(0.5 0.5)"), 7.0);
    // POINT(2 2) is the corner of (1,0)=2 (2,0)=3 (1,1)=100 (2,1)=6. Its own cell by the
    // floor rule: col floor(2) = 2, row floor((2 - 3) / -1) = 1 -> (2,1) = 6; the higher
    // cell it touches, (1,1), must not be used.
    r.set(1, 1, 100);
    EXPECT_EQ(max_of(r, "POINT(2 2)"), 6.0);
    EXPECT_EQ(max_of(r, "POINT(3 1)"), std::nullopt);  // east edge of the grid: outside
    r.set(2, 1, kNoData);
    EXPECT_EQ(max_of(r, "POINT(2 2)"), std::nullopt);
}

TEST_F(Sampling, LShapeDoesNotTakeACellOnlyItsEnvelopeCovers) {
    // Values with the highest at the top-right cell (2,0):
    //   1 2 9
    //   4 5 6
    //   7 8 3
    MemoryRaster r(grid_3x3(), {1, 2, 9, 4, 5, 6, 7, 8, 3});
    // L = [0.5,2.5]x[0.5,2.5] minus the notch [1.5,2.5]x[1.5,2.5]. Its envelope covers all
    // nine cells, but where x >= 2 the L has y <= 1.5 < 2, so it never reaches cell (2,0)
    // (x [2,3], y [2,3]). It does overlap the other eight: max(1,2,4,5,6,7,8,3) = 8.
    EXPECT_EQ(max_of(r,
                     "POLYGON((0.5 0.5, 2.5 0.5, 2.5 1.5, 1.5 1.5, 1.5 2.5, 0.5 2.5, "
                     "0.5 0.5))"),
              8.0);
}

TEST_F(Sampling, HoleOverAHighCellDoesNotTakeIt) {
    //   1 2 3
    //   4 9 6
    //   7 8 5
    MemoryRaster r(grid_3x3(), {1, 2, 3, 4, 9, 6, 7, 8, 5});
    // Square [0.5, 2.5]^2 with a hole that is exactly cell (1,1): the ring only touches
    // (1,1) along the hole's boundary -> max of the eight others = 8.
    EXPECT_EQ(max_of(r,
                     "POLYGON((0.5 0.5, 2.5 0.5, 2.5 2.5, 0.5 2.5, 0.5 0.5), "
                     "(1 1, 2 1, 2 2, 1 2, 1 1))"),
              8.0);
    // A hole smaller than the cell leaves part of (1,1) in the footprint -> 9.
    EXPECT_EQ(max_of(r,
                     "POLYGON((0.5 0.5, 2.5 0.5, 2.5 2.5, 0.5 2.5, 0.5 0.5), "
                     "(1.1 1.1, 1.9 1.1, 1.9 1.9, 1.1 1.9, 1.1 1.1))"),
              9.0);
}

TEST_F(Sampling, MultiPolygonSkipsCellsBetweenItsParts) {
    //   1 2 3
    //   4 9 6
    //   7 8 5
    MemoryRaster r(grid_3x3(), {1, 2, 3, 4, 9, 6, 7, 8, 5});
    // Parts inside (0,0)=1 and (2,2)=5; the envelope would include (1,1)=9.
    EXPECT_EQ(max_of(r,
                     "MULTIPOLYGON(((0.2 2.2, 0.8 2.2, 0.8 2.8, 0.2 2.8, 0.2 2.2)), "
                     "((2.2 0.2, 2.8 0.2, 2.8 0.8, 2.2 0.8, 2.2 0.2)))"),
              5.0);
}

TEST_F(Sampling, LineThroughCellInteriors) {
    //   1 2 3
    //   4 9 6
    //   7 8 5
    MemoryRaster r(grid_3x3(), {1, 2, 3, 4, 9, 6, 7, 8, 5});
    // Along y = 2.5 through row 0 -> max(1, 2, 3) = 3.
    EXPECT_EQ(max_of(r, "LINESTRING(0.5 2.5, 2.5 2.5)"), 3.0);
    // Diagonal through (0,2) (1,1) (2,0) -> 9.
    EXPECT_EQ(max_of(r, "LINESTRING(0.2 0.2, 2.8 2.8)"), 9.0);
}

TEST_F(Sampling, EmptyGeometryIsNullopt) {
    MemoryRaster r = ascending();
    EXPECT_EQ(max_of(r, "POLYGON EMPTY"), std::nullopt);
    EXPECT_EQ(max_of(r, "POINT EMPTY"), std::nullopt);
    EXPECT_EQ(sample_max(r, ctx, nullptr), std::nullopt);
}

// --- Property tests --------------------------------------------------------------------------

// A 4x4 grid with origin (0, 4): cell (c, r) covers x [c, c+1], y [3-r, 4-r].
GridSpec grid_4x4() { return GridSpec{0.0, 4.0, 1.0, -1.0, 4, 4}; }

// Random coordinates on a quarter-unit lattice, so that many rectangles have sides on cell
// edges and all the arithmetic is exact.
double lattice(std::mt19937& rng, int lo_quarters, int hi_quarters) {
    return std::uniform_int_distribution<int>(lo_quarters, hi_quarters)(rng) / 4.0;
}

struct Rect {
    double x0, y0, x1, y1;
};

Rect random_rect(std::mt19937& rng, int lo_quarters, int hi_quarters) {
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    while (x0 == x1) {
        x0 = lattice(rng, lo_quarters, hi_quarters);
        x1 = lattice(rng, lo_quarters, hi_quarters);
    }
    while (y0 == y1) {
        y0 = lattice(rng, lo_quarters, hi_quarters);
        y1 = lattice(rng, lo_quarters, hi_quarters);
    }
    return Rect{std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1)};
}

TEST_F(Sampling, PropertyMaxIsAtLeastCentroidForRectanglesInsideTheGrid) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> value_dist(0, 20);
    std::bernoulli_distribution nodata(0.2);
    int compared = 0;
    for (int trial = 0; trial < 400; ++trial) {
        std::vector<double> values(16);
        for (double& v : values) v = nodata(rng) ? kNoData : value_dist(rng);
        MemoryRaster r(grid_4x4(), values);
        const Rect q = random_rect(rng, 0, 16);
        auto geom = wkt(ctx, rect_wkt(q.x0, q.y0, q.x1, q.y1));
        ASSERT_NE(geom, nullptr);
        const auto mx = sample_max(r, ctx, geom.get());
        const auto ct = sample_centroid(r, ctx, geom.get());
        // The centroid of a rectangle lies in its interior, so the cell under it is always one
        // the rectangle overlaps: a centroid value implies a max value at least as high.
        if (ct) {
            ASSERT_TRUE(mx.has_value()) << "trial " << trial;
            ASSERT_GE(*mx, *ct) << "trial " << trial << " rect " << q.x0 << " " << q.y0 << " "
                                << q.x1 << " " << q.y1;
            ++compared;
        }
    }
    EXPECT_GT(compared, 200);  // the property was really exercised
}

// sample_max against a brute force on rectangle arithmetic: cell (c, r) counts when the open
// intervals overlap, x0 < c+1 && x1 > c && y0 < 4-r && y1 > 3-r, and it has a value. Grids with
// some nodata; rectangles over [-1, 5]^2, so that some lie partly or wholly outside the grid and
// some only touch it or its nodata cells.
TEST_F(Sampling, PropertyMaxEqualsBruteForceOverlap) {
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> value_dist(-5, 50);
    std::bernoulli_distribution nodata(0.25);
    for (int trial = 0; trial < 600; ++trial) {
        std::vector<double> values(16);
        for (double& v : values) v = nodata(rng) ? kNoData : value_dist(rng);
        MemoryRaster r(grid_4x4(), values);
        const Rect q = random_rect(rng, -4, 20);
        std::optional<double> expected;
        for (int row = 0; row < 4; ++row)
            for (int col = 0; col < 4; ++col) {
                const bool overlaps =
                    q.x0 < col + 1 && q.x1 > col && q.y0 < 4 - row && q.y1 > 3 - row;
                const double v = values[static_cast<std::size_t>(row * 4 + col)];
                if (overlaps && !std::isnan(v) && (!expected || v > *expected)) expected = v;
            }
        auto geom = wkt(ctx, rect_wkt(q.x0, q.y0, q.x1, q.y1));
        ASSERT_NE(geom, nullptr);
        ASSERT_EQ(sample_max(r, ctx, geom.get()), expected)
            << "trial " << trial << " rect " << q.x0 << " " << q.y0 << " " << q.x1 << " " << q.y1;
    }
}

}  // namespace
