// core/geos_ops: the polygons the pipeline builds (grid cells, boxes), the merge of a split
// feature's pieces, and areas. The refusals must come back as nullptr with nothing leaked
// (LeakSanitizer checks that in the sanitizer build).

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/geos_ops.hpp"

namespace {

using jitupasna::core::area;
using jitupasna::core::box_polygon;
using jitupasna::core::cell_polygon;
using jitupasna::core::Envelope;
using jitupasna::core::geom_from_wkt;
using jitupasna::core::GeomPtr;
using jitupasna::core::GeosContext;
using jitupasna::core::intersection_area;
using jitupasna::core::is_valid;
using jitupasna::core::merge_touching_parts;
using jitupasna::core::PointTransform;
using jitupasna::core::ring_polygon;
using jitupasna::core::XY;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Shifts every point, or fails to move it (leaving NaN, as a failed projection would).
class Shift final : public PointTransform {
  public:
    Shift(double dx, double dy, bool fail = false) : dx_(dx), dy_(dy), fail_(fail) {}
    bool apply(double& x, double& y) override {
        if (fail_) {
            x = y = kNaN;
            return false;
        }
        x += dx_;
        y += dy_;
        return true;
    }

  private:
    double dx_, dy_;
    bool fail_;
};

TEST(GeosOps, BoxPolygonHasTheBoxArea) {
    GeosContext ctx;
    const GeomPtr box = box_polygon(ctx, Envelope{0, 0, 4, 2});
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(is_valid(ctx, box.get()));
    EXPECT_DOUBLE_EQ(*area(ctx, box.get()), 8.0);
}

TEST(GeosOps, RingPolygonFromAClosedRing) {
    GeosContext ctx;
    const GeomPtr polygon = ring_polygon(ctx, {{0, 0}, {3, 0}, {3, 3}, {0, 3}, {0, 0}});
    ASSERT_NE(polygon, nullptr);
    EXPECT_DOUBLE_EQ(*area(ctx, polygon.get()), 9.0);
}

TEST(GeosOps, RingPolygonWithTooFewPointsIsRefusedCleanly) {
    GeosContext ctx;
    // GEOS 3.11 accepts a closed ring of 3 points; 2 it refuses.
    EXPECT_EQ(ring_polygon(ctx, {{0, 0}, {0, 0}}), nullptr);
    EXPECT_FALSE(ctx.last_error().empty());
}

TEST(GeosOps, RingPolygonThatIsNotClosedIsRefusedCleanly) {
    GeosContext ctx;
    EXPECT_EQ(ring_polygon(ctx, {{0, 0}, {1, 0}, {1, 1}, {0, 1}}), nullptr);
    EXPECT_FALSE(ctx.last_error().empty());
}

TEST(GeosOps, RingPolygonWithNonFiniteCoordinatesIsRefusedCleanly) {
    GeosContext ctx;
    // NaN never equals itself: the ring cannot be closed, so GEOS refuses it.
    EXPECT_EQ(ring_polygon(ctx, {{kNaN, kNaN}, {1, 0}, {1, 1}, {0, 1}, {kNaN, kNaN}}), nullptr);
    EXPECT_FALSE(ctx.last_error().empty());
}

TEST(GeosOps, CellPolygonWithoutTransformIsTheRectangle) {
    GeosContext ctx;
    // A north-up grid: y falls from the cell's origin corner.
    const GeomPtr cell = cell_polygon(ctx, 10, 20, 12, 19, nullptr);
    ASSERT_NE(cell, nullptr);
    EXPECT_DOUBLE_EQ(*area(ctx, cell.get()), 2.0);
    const Envelope e = jitupasna::core::envelope(ctx, cell.get());
    EXPECT_DOUBLE_EQ(e.xmin, 10);
    EXPECT_DOUBLE_EQ(e.ymin, 19);
    EXPECT_DOUBLE_EQ(e.xmax, 12);
    EXPECT_DOUBLE_EQ(e.ymax, 20);
}

TEST(GeosOps, CellPolygonMovesEveryCorner) {
    GeosContext ctx;
    Shift shift(100, -50);
    const GeomPtr cell = cell_polygon(ctx, 0, 0, 1, 1, &shift);
    ASSERT_NE(cell, nullptr);
    EXPECT_DOUBLE_EQ(*area(ctx, cell.get()), 1.0);
    const Envelope e = jitupasna::core::envelope(ctx, cell.get());
    EXPECT_DOUBLE_EQ(e.xmin, 100);
    EXPECT_DOUBLE_EQ(e.ymin, -50);
}

TEST(GeosOps, CellPolygonWhoseCornersCannotBeMovedIsRefusedCleanly) {
    GeosContext ctx;
    Shift broken(0, 0, true);
    EXPECT_EQ(cell_polygon(ctx, 0, 0, 1, 1, &broken), nullptr);
    EXPECT_FALSE(ctx.last_error().empty());
}

// Two pieces given as WKT, merged.
GeomPtr merge_two(const GeosContext& ctx, const std::string& a, const std::string& b,
                  int dimension) {
    const GeomPtr first = geom_from_wkt(ctx, a);
    const GeomPtr second = geom_from_wkt(ctx, b);
    return merge_touching_parts(ctx, {first.get(), second.get()}, dimension);
}

TEST(GeosOps, MergeTouchingPolygonsIsOnePolygon) {
    GeosContext ctx;
    const GeomPtr merged = merge_two(ctx, "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))",
                                     "POLYGON((1 0, 2 0, 2 1, 1 1, 1 0))", 2);
    ASSERT_NE(merged, nullptr);
    EXPECT_EQ(GEOSGeomTypeId_r(ctx.handle(), merged.get()), GEOS_POLYGON);
    EXPECT_DOUBLE_EQ(*area(ctx, merged.get()), 2.0);
}

TEST(GeosOps, MergeTouchingLinesIsOneLine) {
    GeosContext ctx;
    const GeomPtr merged = merge_two(ctx, "LINESTRING(0 0, 1 0)", "LINESTRING(1 0, 2 0)", 1);
    ASSERT_NE(merged, nullptr);
    double length = 0;
    GEOSLength_r(ctx.handle(), merged.get(), &length);
    EXPECT_DOUBLE_EQ(length, 2.0);
    EXPECT_EQ(GEOSGetNumGeometries_r(ctx.handle(), merged.get()), 1);
}

TEST(GeosOps, IntersectionAreaWithABox) {
    GeosContext ctx;
    const GeomPtr square = geom_from_wkt(ctx, "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))");
    const GeomPtr box = box_polygon(ctx, Envelope{2, 2, 10, 10});
    EXPECT_DOUBLE_EQ(*intersection_area(ctx, square.get(), box.get()), 4.0);
    const GeomPtr far = box_polygon(ctx, Envelope{20, 20, 30, 30});
    EXPECT_DOUBLE_EQ(*intersection_area(ctx, square.get(), far.get()), 0.0);
    EXPECT_FALSE(area(ctx, nullptr).has_value());
}

TEST(GeosOps, InvalidGeometryIsNotValid) {
    GeosContext ctx;
    const GeomPtr bowtie = geom_from_wkt(ctx, "POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))");
    ASSERT_NE(bowtie, nullptr);
    EXPECT_FALSE(is_valid(ctx, bowtie.get()));
}

}  // namespace
