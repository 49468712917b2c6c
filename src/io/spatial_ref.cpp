#include "jitupasna/io/spatial_ref.hpp"

#include <fmt/format.h>

#include <mutex>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_errors.hpp"

namespace jitupasna::io {

SpatialRefPtr resolve_crs(const OGRSpatialReference* from_dataset,
                          const std::optional<std::string>& override_crs, const std::string& what) {
    SpatialRefPtr srs(new OGRSpatialReference());
    if (from_dataset != nullptr && !from_dataset->IsEmpty()) {
        srs.reset(from_dataset->Clone());
    } else if (override_crs) {
        if (srs->SetFromUserInput(override_crs->c_str()) != OGRERR_NONE)
            throw ConfigError(fmt::format("{}: crs '{}' is not a CRS GDAL understands ({})", what,
                                          *override_crs, take_last_gdal_error()));
    } else {
        throw DataError(fmt::format(
            "{} has no CRS; add `crs:` (e.g. crs: EPSG:4326) for this input in the scenario",
            what));
    }
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

std::string describe_crs(const OGRSpatialReference& srs) {
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    const char* name = srs.GetName();
    if (authority && code) return fmt::format("{}:{} ({})", authority, code, name ? name : "");
    return name ? name : "unknown CRS";
}

TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to,
                            const std::string& what) {
    if (from.IsSame(&to)) return nullptr;
    TransformPtr ct(OGRCreateCoordinateTransformation(&from, &to));
    if (!ct)
        throw DataError(fmt::format("{}: cannot transform from {} to {} ({})", what,
                                    describe_crs(from), describe_crs(to), take_last_gdal_error()));
    return ct;
}

std::unique_ptr<OgrPointTransform> clone_for_thread(const OGRCoordinateTransformation* ct) {
    if (!ct) return nullptr;
    // Cloning reads the shared source object: one thread at a time.
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    TransformPtr copy(ct->Clone());
    if (!copy) throw DataError("cannot copy a coordinate transformation for a worker thread");
    return std::make_unique<OgrPointTransform>(std::move(copy));
}

SpatialRefPtr wgs84() {
    SpatialRefPtr srs(new OGRSpatialReference());
    srs->importFromEPSG(4326);
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

}  // namespace jitupasna::io
