#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "jitupasna/core/raster_sampling.hpp"
#include "memory_raster.hpp"

namespace {

using jitupasna::core::cell_at;
using jitupasna::core::cells_overlapping;
using jitupasna::core::CellWindow;
using jitupasna::core::Envelope;
using jitupasna::core::GridSpec;
using jitupasna::test::grid_3x3;

using Cell = std::optional<std::pair<int, int>>;
Cell cell(int col, int row) { return std::make_pair(col, row); }

// grid_3x3: origin (0, 3), cells 1 x -1. Columns: [0,1) [1,2) [2,3). Rows (by y):
// row 0 = (2,3], row 1 = (1,2], row 2 = (0,1].

TEST(CellAt, PointsInsideCells) {
    const GridSpec g = grid_3x3();
    EXPECT_EQ(cell_at(g, 0.5, 2.5), cell(0, 0));
    EXPECT_EQ(cell_at(g, 2.5, 2.5), cell(2, 0));
    EXPECT_EQ(cell_at(g, 0.5, 0.5), cell(0, 2));
    EXPECT_EQ(cell_at(g, 1.5, 1.5), cell(1, 1));
    EXPECT_EQ(cell_at(g, 2.999, 0.001), cell(2, 2));
}

TEST(CellAt, PointOnAnEdgeBelongsToTheCellEastOrSouth) {
    const GridSpec g = grid_3x3();
    EXPECT_EQ(cell_at(g, 1.0, 2.5), cell(1, 0));  // x = 1: edge between col 0 and col 1
    EXPECT_EQ(cell_at(g, 2.0, 2.5), cell(2, 0));
    EXPECT_EQ(cell_at(g, 0.5, 2.0), cell(0, 1));  // y = 2: edge between row 0 and row 1
    EXPECT_EQ(cell_at(g, 0.5, 1.0), cell(0, 2));
    EXPECT_EQ(cell_at(g, 1.0, 2.0), cell(1, 1));  // corner shared by four cells
    EXPECT_EQ(cell_at(g, 2.0, 1.0), cell(2, 2));
    // The grid's own west and north edges are inside it.
    EXPECT_EQ(cell_at(g, 0.0, 3.0), cell(0, 0));
    EXPECT_EQ(cell_at(g, 0.0, 1.5), cell(0, 1));
    EXPECT_EQ(cell_at(g, 1.5, 3.0), cell(1, 0));
}

TEST(CellAt, OutsideTheGridIsNullopt) {
    const GridSpec g = grid_3x3();
    // The east (x = 3) and south (y = 0) edges belong to cells beyond the grid.
    EXPECT_EQ(cell_at(g, 3.0, 1.5), std::nullopt);
    EXPECT_EQ(cell_at(g, 1.5, 0.0), std::nullopt);
    EXPECT_EQ(cell_at(g, 3.0, 0.0), std::nullopt);
    EXPECT_EQ(cell_at(g, -0.001, 1.5), std::nullopt);
    EXPECT_EQ(cell_at(g, 1.5, 3.001), std::nullopt);
    EXPECT_EQ(cell_at(g, 10.0, 10.0), std::nullopt);
    EXPECT_EQ(cell_at(g, -1e300, 1.5), std::nullopt);
    EXPECT_EQ(cell_at(g, std::numeric_limits<double>::quiet_NaN(), 1.5), std::nullopt);
}

TEST(CellAt, NonUnitCellsAndOffsetOrigin) {
    // origin (100, 50), cells 10 wide and 5 high, 4 cols x 2 rows: x in [100, 140), y in (40, 50].
    const GridSpec g{100.0, 50.0, 10.0, -5.0, 4, 2};
    EXPECT_EQ(cell_at(g, 100.0, 50.0), cell(0, 0));
    EXPECT_EQ(cell_at(g, 125.0, 42.5), cell(2, 1));  // (25/10, -7.5/-5) = (2.5, 1.5)
    EXPECT_EQ(cell_at(g, 130.0, 45.0), cell(3, 1));  // both on edges: east and south cell
    EXPECT_EQ(cell_at(g, 139.9, 45.1), cell(3, 0));
    EXPECT_EQ(cell_at(g, 140.0, 45.0), std::nullopt);
    EXPECT_EQ(cell_at(g, 120.0, 40.0), std::nullopt);
    EXPECT_EQ(cell_at(g, 99.0, 45.0), std::nullopt);
}

void expect_window(const CellWindow& w, int col0, int row0, int cols, int rows) {
    EXPECT_FALSE(w.empty());
    EXPECT_EQ(w.col0, col0);
    EXPECT_EQ(w.row0, row0);
    EXPECT_EQ(w.cols, cols);
    EXPECT_EQ(w.rows, rows);
}

TEST(CellsOverlapping, EnvelopeInsideTheGrid) {
    const GridSpec g = grid_3x3();
    // Inside cell (0, 0) only.
    expect_window(cells_overlapping(g, Envelope{0.2, 2.2, 0.8, 2.8}), 0, 0, 1, 1);
    // x [0.5, 1.5] -> cols 0..1; y [0.5, 1.5] -> rows 1 (1,2] and 2 (0,1].
    expect_window(cells_overlapping(g, Envelope{0.5, 0.5, 1.5, 1.5}), 0, 1, 2, 2);
    // x [1.2, 2.7] -> cols 1..2; y [2.1, 2.9] -> row 0.
    expect_window(cells_overlapping(g, Envelope{1.2, 2.1, 2.7, 2.9}), 1, 0, 2, 1);
    // A point-sized envelope: the cell under it.
    expect_window(cells_overlapping(g, Envelope{1.5, 0.5, 1.5, 0.5}), 1, 2, 1, 1);
}

TEST(CellsOverlapping, EnvelopeIsClippedToTheGrid) {
    const GridSpec g = grid_3x3();
    expect_window(cells_overlapping(g, Envelope{-5, -5, 10, 10}), 0, 0, 3, 3);
    // x [2.5, 7] -> col 2 only; y [-4, 0.5] -> row 2 only.
    expect_window(cells_overlapping(g, Envelope{2.5, -4, 7, 0.5}), 2, 2, 1, 1);
    // x [-1, 0.5] -> col 0; y [0.5, 4] -> rows 0..2.
    expect_window(cells_overlapping(g, Envelope{-1, 0.5, 0.5, 4}), 0, 0, 1, 3);
    // The grid's exact extent.
    const CellWindow exact = cells_overlapping(g, Envelope{0, 0, 3, 3});
    expect_window(exact, 0, 0, 3, 3);
}

TEST(CellsOverlapping, EnvelopeOutsideTheGridIsEmpty) {
    const GridSpec g = grid_3x3();
    EXPECT_TRUE(cells_overlapping(g, Envelope{4, 1, 5, 2}).empty());      // east
    EXPECT_TRUE(cells_overlapping(g, Envelope{-2, 1, -1, 2}).empty());    // west
    EXPECT_TRUE(cells_overlapping(g, Envelope{0.5, 4, 1, 5}).empty());    // north
    EXPECT_TRUE(cells_overlapping(g, Envelope{0.5, -3, 1, -1}).empty());  // south
    EXPECT_TRUE(cells_overlapping(g, Envelope{-3, -3, -1, -1}).empty());  // south-west
    EXPECT_TRUE(cells_overlapping(g, Envelope{3.5, 3.5, 9, 9}).empty());  // north-east
    EXPECT_TRUE(cells_overlapping(g, Envelope{1e9, 1, 2e9, 2}).empty());  // far away
}

TEST(CellsOverlapping, EmptyGridGivesEmptyWindow) {
    const GridSpec g{0.0, 3.0, 1.0, -1.0, 0, 0};
    EXPECT_TRUE(cells_overlapping(g, Envelope{0.5, 0.5, 1.5, 1.5}).empty());
    EXPECT_EQ(cell_at(g, 0.0, 3.0), std::nullopt);
}

TEST(CellWindow, EmptyWhenEitherSizeIsNotPositive) {
    EXPECT_TRUE((CellWindow{0, 0, 0, 3}).empty());
    EXPECT_TRUE((CellWindow{0, 0, 3, 0}).empty());
    EXPECT_TRUE((CellWindow{0, 0, -1, 2}).empty());
    EXPECT_FALSE((CellWindow{2, 2, 1, 1}).empty());
}

}  // namespace
