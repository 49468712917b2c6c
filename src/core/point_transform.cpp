#include "jitupasna/core/point_transform.hpp"

namespace jitupasna::core {

namespace {
int apply_transform(double* x, double* y, void* user_data) {
    return static_cast<PointTransform*>(user_data)->apply(*x, *y) ? 1 : 0;
}
}  // namespace

GeomPtr transform_geometry(const GeosContext& ctx, const GEOSGeometry* geom,
                           PointTransform* transform) {
    auto* h = ctx.handle();
    if (!transform) return geos_ptr(h, GEOSGeom_clone_r(h, geom));
    return geos_ptr(h, GEOSGeom_transformXY_r(h, geom, apply_transform, transform));
}

}  // namespace jitupasna::core
