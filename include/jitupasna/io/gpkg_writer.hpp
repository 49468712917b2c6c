#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

// An output file that appears at its final path only when complete. Work happens on a hidden
// temporary file beside the target (same filesystem, so the final rename is atomic); if the
// run fails, the temporary is removed and any previous output is left untouched.
class AtomicOutput {
  public:
    // Throws ConfigError when target exists and overwrite is false.
    AtomicOutput(std::filesystem::path target, bool overwrite);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::filesystem::path& temp_path() const { return temp_; }
    const std::filesystem::path& target() const { return target_; }
    // Moves the finished temporary file into place. Call after the file is closed.
    void commit();

  private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    bool overwrite_;
    bool committed_ = false;
};

// Any output file (report, spreadsheet, CSV) under the same rules as the GeoPackage.
using AtomicFile = AtomicOutput;

struct LayerSpec {
    std::string name;
    std::string description;
    const OGRSpatialReference* srs = nullptr;  // nullptr with wkbNone: an attribute table
    OGRwkbGeometryType geometry_type = wkbNone;
    std::vector<std::unique_ptr<OGRFieldDefn>> fields;  // OGRFieldDefn is not copyable

    void add_field(const char* field_name, OGRFieldType type) {
        fields.push_back(std::make_unique<OGRFieldDefn>(field_name, type));
    }
    void add_field(const OGRFieldDefn& field) {
        fields.push_back(std::make_unique<OGRFieldDefn>(&field));
    }
};

// A GeoPackage being written: layers, features in large transactions, checked close.
class GpkgWriter {
  public:
    explicit GpkgWriter(const std::filesystem::path& path);

    OGRLayer& create_layer(const LayerSpec& spec);
    void write(OGRLayer& layer, OGRFeature& feature);
    void begin_transaction();
    void commit_transaction();
    // Runs an SQL statement on the GeoPackage (styles, metadata); throws DataError on failure.
    void execute_sql(const std::string& sql);
    // The dataset being written, for reading back through the same connection (it alone
    // sees everything written so far, before close).
    GDALDataset& dataset() { return *dataset_; }
    const std::string& path() const { return path_; }
    // Builds the spatial indexes, flushes and closes; throws DataError if anything could not
    // be written.
    void close();

  private:
    struct IndexedLayer {
        std::string table, geometry, fid;
    };
    std::string path_;
    DatasetPtr dataset_;
    bool in_transaction_ = false;
    std::vector<IndexedLayer> to_index_;  // geometry layers, indexed when closing
};

}  // namespace jitupasna::io
