#include "jitupasna/io/ogr_geos.hpp"

#include <fmt/format.h>

#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_errors.hpp"

namespace jitupasna::io {

core::GeomPtr to_geos(const core::GeosContext& ctx, const OGRGeometry& geometry) {
    io::GeometryPtr flat;
    const OGRGeometry* source = &geometry;
    if (geometry.Is3D() || geometry.IsMeasured()) {
        flat.reset(geometry.clone());
        flat->flattenTo2D();
        source = flat.get();
    }
    std::string wkb(source->WkbSize(), '\0');
    source->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
    return core::geom_from_wkb(ctx, wkb);
}

io::GeometryPtr to_ogr(const core::GeosContext& ctx, const GEOSGeometry* geometry) {
    const std::string wkb = core::geom_to_wkb(ctx, geometry);
    OGRGeometry* out = nullptr;
    OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &out, wkb.size());
    return io::GeometryPtr(out);
}

namespace {
void collect_parts(const core::GeosContext& ctx, const GEOSGeometry* geom, int dimension,
                   std::vector<GEOSGeometry*>& parts) {
    auto* h = ctx.handle();
    const int type = GEOSGeomTypeId_r(h, geom);
    if (type == GEOS_LINESTRING || type == GEOS_LINEARRING || type == GEOS_POLYGON ||
        type == GEOS_POINT) {
        if (GEOSGeom_getDimensions_r(h, geom) == dimension && !GEOSisEmpty_r(h, geom))
            parts.push_back(GEOSGeom_clone_r(h, geom));
        return;
    }
    for (int i = 0; i < GEOSGetNumGeometries_r(h, geom); ++i)
        collect_parts(ctx, GEOSGetGeometryN_r(h, geom, i), dimension, parts);
}
}  // namespace

core::GeomPtr parts_of_dimension(const core::GeosContext& ctx, const GEOSGeometry* geom,
                                 int dimension) {
    auto* h = ctx.handle();
    std::vector<GEOSGeometry*> parts;
    collect_parts(ctx, geom, dimension, parts);
    const int type = dimension == 2 ? GEOS_MULTIPOLYGON : GEOS_MULTILINESTRING;
    return core::geos_ptr(
        h, GEOSGeom_createCollection_r(h, type, parts.data(), static_cast<unsigned>(parts.size())));
}

io::GeometryPtr transformed_copy(const OGRGeometry& geometry, OGRCoordinateTransformation* ct,
                                 const std::string& role, GIntBig fid) {
    io::GeometryPtr copy(geometry.hasCurveGeometry() ? geometry.getLinearGeometry()
                                                     : geometry.clone());
    if (ct && copy->transform(ct) != OGRERR_NONE)
        throw DataError(fmt::format("{}: feature {} cannot be transformed to the target CRS: {}",
                                    role, fid, io::take_last_gdal_error()));
    return copy;
}

}  // namespace jitupasna::io
