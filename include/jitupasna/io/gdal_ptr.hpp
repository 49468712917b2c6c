#pragma once

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>

namespace jitupasna::io {

// Every GDAL/OGR object the tool creates is owned by one of these.
struct DatasetDeleter {
    void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
struct FeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
struct GeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
struct SpatialRefDeleter {
    void operator()(OGRSpatialReference* srs) const { srs->Release(); }
};
struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* ct) const {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};

using DatasetPtr = std::unique_ptr<GDALDataset, DatasetDeleter>;
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;
using SpatialRefPtr = std::unique_ptr<OGRSpatialReference, SpatialRefDeleter>;
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

}  // namespace jitupasna::io
