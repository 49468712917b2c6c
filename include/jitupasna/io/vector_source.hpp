#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

// One OGR layer opened for streaming. Reads are sequential (GDAL datasets are not
// thread-safe); the pipeline hands batches of features to worker threads.
class VectorSource {
  public:
    enum class CrsRequired { yes, no };  // no: attribute tables (a CSV joined by code)

    // role names the input in messages ("admin", "exposure 'bangunan'").
    VectorSource(const core::InputConfig& input, std::string role,
                 CrsRequired crs_required = CrsRequired::yes);

    OGRLayer& layer() { return *layer_; }
    const OGRFeatureDefn& definition() const { return *layer_->GetLayerDefn(); }
    const OGRSpatialReference& crs() const { return *crs_; }
    // "jakarta_building.gpkg layer clipped_jakarta_building"
    const std::string& description() const { return description_; }
    const std::string& role() const { return role_; }
    // The GDAL driver's short name ("GPKG", "CSV", "ESRI Shapefile").
    std::string driver_name() const;

    // Index of a field, or a ConfigError that names the field, the key and the fields there are.
    int field_index(const std::string& field, const std::string& key) const;

    // Index of a numeric field (Integer, Integer64, Real), or a ConfigError naming the field's
    // type and the numeric fields there are.
    int numeric_field_index(const std::string& field, const std::string& key) const;

    // The layer's extent in its own CRS (nullopt when empty or unknown).
    std::optional<OGREnvelope> extent();

    // Feature count when the driver knows it cheaply, else -1 (for progress only).
    long long feature_count_hint();

    // Appends up to `max_features` features; false once the layer is exhausted. A coordinate
    // that is not finite or lies outside the CRS's range is a DataError naming the feature;
    // a stop asked for (core/interrupt.hpp) throws Interrupted.
    bool read_batch(std::size_t max_features, std::vector<FeaturePtr>& batch);

  private:
    // Keeps only the features `where` selects (OGR SQL); ConfigError when OGR cannot parse it
    // or when it selects nothing.
    void apply_filter(const std::string& where, const std::string& key);
    void audit_coordinates(const OGRFeature& feature) const;

    std::string role_;
    std::string description_;
    DatasetPtr dataset_;
    OGRLayer* layer_ = nullptr;  // owned by dataset_
    SpatialRefPtr crs_;
    bool audit_coordinates_ = false;  // not for attribute tables, whose geometry is unused
    bool geographic_ = false;
};

}  // namespace jitupasna::io
