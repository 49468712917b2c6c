#pragma once

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

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

// The layer GDALDataset::ExecuteSQL returns: released through the dataset that made it.
struct ResultSetDeleter {
    GDALDataset* dataset = nullptr;
    void operator()(OGRLayer* layer) const {
        if (dataset) dataset->ReleaseResultSet(layer);
    }
};

using DatasetPtr = std::unique_ptr<GDALDataset, DatasetDeleter>;
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;
using SpatialRefPtr = std::unique_ptr<OGRSpatialReference, SpatialRefDeleter>;
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;
using ResultSetPtr = std::unique_ptr<OGRLayer, ResultSetDeleter>;

// Runs SQL on the dataset; the result set (null for statements without one) is owned.
inline ResultSetPtr execute_sql(GDALDataset& dataset, const std::string& sql) {
    return ResultSetPtr(dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr),
                        ResultSetDeleter{&dataset});
}

}  // namespace jitupasna::io
