#include "jitupasna/core/geos_ops.hpp"

#include <memory>

namespace jitupasna::core {

namespace {

struct CoordSeqDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSCoordSequence* seq) const { GEOSCoordSeq_destroy_r(context, seq); }
};
using CoordSeqPtr = std::unique_ptr<GEOSCoordSequence, CoordSeqDeleter>;

}  // namespace

GeomPtr box_polygon(const GeosContext& ctx, const Envelope& box) {
    auto* h = ctx.handle();
    return geos_ptr(h, GEOSGeom_createRectangle_r(h, box.xmin, box.ymin, box.xmax, box.ymax));
}

GeomPtr ring_polygon(const GeosContext& ctx, const std::vector<XY>& ring) {
    auto* h = ctx.handle();
    CoordSeqPtr seq{GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2), {h}};
    if (!seq) return nullptr;
    for (std::size_t i = 0; i < ring.size(); ++i)
        if (!GEOSCoordSeq_setXY_r(h, seq.get(), static_cast<unsigned>(i), ring[i].x, ring[i].y))
            return nullptr;
    // GEOS takes the sequence, and then the ring, whether it succeeds or not.
    GeomPtr shell = geos_ptr(h, GEOSGeom_createLinearRing_r(h, seq.release()));
    if (!shell) return nullptr;
    return geos_ptr(h, GEOSGeom_createPolygon_r(h, shell.release(), nullptr, 0));
}

GeomPtr cell_polygon(const GeosContext& ctx, double x0, double y0, double x1, double y1,
                     PointTransform* transform) {
    if (!transform) return box_polygon(ctx, Envelope{x0, y1, x1, y0});
    std::vector<XY> ring = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    for (XY& corner : ring) transform->apply(corner.x, corner.y);
    return ring_polygon(ctx, ring);
}

GeomPtr merge_touching_parts(const GeosContext& ctx, const std::vector<const GEOSGeometry*>& parts,
                             int dimension) {
    auto* h = ctx.handle();
    std::vector<GeomPtr> clones;
    for (const GEOSGeometry* part : parts) {
        clones.push_back(geos_ptr(h, GEOSGeom_clone_r(h, part)));
        if (!clones.back()) return nullptr;
    }
    // GEOS takes the parts with the collection.
    std::vector<GEOSGeometry*> raw;
    for (auto& clone : clones) raw.push_back(clone.release());
    GeomPtr collection =
        geos_ptr(h, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                static_cast<unsigned>(raw.size())));
    if (!collection) return nullptr;
    GeomPtr merged = geos_ptr(h, dimension == 2 ? GEOSCoverageUnion_r(h, collection.get())
                                                : GEOSLineMerge_r(h, collection.get()));
    if (!merged) merged = geos_ptr(h, GEOSUnaryUnion_r(h, collection.get()));
    return merged ? std::move(merged) : std::move(collection);
}

bool is_valid(const GeosContext& ctx, const GEOSGeometry* geom) {
    return GEOSisValid_r(ctx.handle(), geom) == 1;
}

std::optional<double> area(const GeosContext& ctx, const GEOSGeometry* geom) {
    double value = 0;
    if (!geom || !GEOSArea_r(ctx.handle(), geom, &value)) return std::nullopt;
    return value;
}

std::optional<double> intersection_area(const GeosContext& ctx, const GEOSGeometry* a,
                                        const GEOSGeometry* b) {
    auto* h = ctx.handle();
    const GeomPtr part = geos_ptr(h, GEOSIntersection_r(h, a, b));
    return area(ctx, part.get());
}

}  // namespace jitupasna::core
