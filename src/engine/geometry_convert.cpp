#include "geometry_convert.hpp"

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_errors.hpp"

#include <fmt/format.h>

namespace jitupasna::engine {

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

io::GeometryPtr transformed_copy(const OGRGeometry& geometry, OGRCoordinateTransformation* ct,
                                 const std::string& role, GIntBig fid) {
    io::GeometryPtr copy(geometry.hasCurveGeometry() ? geometry.getLinearGeometry()
                                                     : geometry.clone());
    if (ct && copy->transform(ct) != OGRERR_NONE)
        throw DataError(fmt::format("{}: feature {} cannot be transformed to the target CRS: {}",
                                    role, fid, io::take_last_gdal_error()));
    return copy;
}

}  // namespace jitupasna::engine
