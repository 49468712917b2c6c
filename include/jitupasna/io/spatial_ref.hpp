#pragma once

#include <optional>
#include <string>

#include "jitupasna/core/point_transform.hpp"
#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

// The CRS of an input: the dataset's own, else the scenario's `crs:` override, else an error
// naming the input. Axis order is always x = easting/longitude, y = northing/latitude.
SpatialRefPtr resolve_crs(const OGRSpatialReference* from_dataset,
                          const std::optional<std::string>& override_crs, const std::string& what);

// A short human description: "EPSG:4326 (WGS 84)" or the CRS name.
std::string describe_crs(const OGRSpatialReference& srs);

// A transformation between two CRSs, or nullptr when they are the same.
TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to,
                            const std::string& what);

// A core::PointTransform backed by its own OGRCoordinateTransformation (one per thread:
// transformations are not thread-safe).
class OgrPointTransform final : public core::PointTransform {
  public:
    explicit OgrPointTransform(TransformPtr ct) : ct_(std::move(ct)) {}
    bool apply(double& x, double& y) override { return ct_->Transform(1, &x, &y) == TRUE; }
    OGRCoordinateTransformation* ogr() const { return ct_.get(); }

  private:
    TransformPtr ct_;
};

// The OGR transformation behind an optional OgrPointTransform (nullptr: same CRS).
inline OGRCoordinateTransformation* ogr_of(const std::unique_ptr<OgrPointTransform>& t) {
    return t ? t->ogr() : nullptr;
}

// A private copy of a transformation for one thread; nullptr for nullptr (same CRS).
std::unique_ptr<OgrPointTransform> clone_for_thread(const OGRCoordinateTransformation* ct);

// WGS 84 longitude/latitude, for geodesic measures.
SpatialRefPtr wgs84();

}  // namespace jitupasna::io
