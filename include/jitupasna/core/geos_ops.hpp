#pragma once
// Geometry operations the pipeline needs, over the reentrant GEOS API: every intermediate
// GEOS object is owned (GeomPtr or an owned coordinate sequence) until GEOS takes it, so a
// refusal on any step leaks nothing. Failures return nullptr / nullopt; the reason is in the
// context's last_error().

#include <optional>
#include <vector>

#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/point_transform.hpp"

namespace jitupasna::core {

struct XY {
    double x = 0, y = 0;
};

// The rectangle [xmin, xmax] x [ymin, ymax] as a polygon.
GeomPtr box_polygon(const GeosContext& ctx, const Envelope& box);

// A polygon of one ring, given closed (first point == last) with at least 4 points; nullptr
// when GEOS refuses it (too few points, not closed, non-finite coordinates).
GeomPtr ring_polygon(const GeosContext& ctx, const std::vector<XY>& ring);

// The grid rectangle with corners (x0, y0) and (x1, y1), each corner moved by transform into
// another CRS (nullptr: the rectangle itself); nullptr when GEOS refuses the moved ring.
GeomPtr cell_polygon(const GeosContext& ctx, double x0, double y0, double x1, double y1,
                     PointTransform* transform);

// Pieces that touch but never overlap (the cells of one split feature) as one geometry: a
// coverage union of polygons (dimension 2) or a line merge (dimension 1), without a full
// overlay; a unary union when that fails; the plain collection when the union fails too.
// nullptr only when GEOS cannot build the collection.
GeomPtr merge_touching_parts(const GeosContext& ctx, const std::vector<const GEOSGeometry*>& parts,
                             int dimension);

bool is_valid(const GeosContext& ctx, const GEOSGeometry* geom);

// Planar area, in the units of the geometry's coordinates squared.
std::optional<double> area(const GeosContext& ctx, const GEOSGeometry* geom);
// Planar area of the intersection of two geometries.
std::optional<double> intersection_area(const GeosContext& ctx, const GEOSGeometry* a,
                                        const GEOSGeometry* b);

}  // namespace jitupasna::core
