#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

// An open file descriptor, closed when destroyed.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release() { return std::exchange(fd_, -1); }
    void reset(int fd = -1);

  private:
    int fd_ = -1;
};

// An output file that appears at its final path only when complete. Work happens on a hidden
// temporary file beside the target (same filesystem, so the final rename is atomic); if the
// run fails, the temporary is removed, any previous output is left untouched, and the folders
// made for the output are removed again if they are still empty.
//
// The temporary's name holds the process id and a random part (two containers sharing a
// folder may both run as PID 7); beside it, a lock file (".<target>.partial-<id>.lock") is held
// with flock for the object's whole life. A run killed outright (SIGKILL, power loss) cannot
// clean up: the next run for the same target removes the temporaries whose lock nobody holds,
// and never one whose lock is held, whichever PID namespace the holder lives in.
class AtomicOutput {
  public:
    // Throws ConfigError when target exists and overwrite is false.
    AtomicOutput(std::filesystem::path target, bool overwrite);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::filesystem::path& temp_path() const { return temp_; }
    const std::filesystem::path& target() const { return target_; }
    const std::filesystem::path& lock_path() const { return lock_path_; }
    // Moves the finished temporary file into place. Call after the file is closed.
    void commit();

  private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    std::filesystem::path lock_path_;
    UniqueFd lock_;
    std::vector<std::filesystem::path> created_folders_;  // deepest first
    bool overwrite_;
    bool committed_ = false;
};

// Removes the temporaries of `target_name` in `dir` left by runs that died: those whose lock
// file nobody holds (and those without a lock file: a live run makes its lock before its
// temporary and removes it after). Returns how many files were removed. Called by AtomicOutput;
// public for tests.
int remove_stale_partials(const std::filesystem::path& dir, const std::string& target_name);

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
    // `shown` names the file in messages (the final output, not the temporary being written);
    // empty: the path itself.
    explicit GpkgWriter(const std::filesystem::path& path, std::string shown = {});
    // Opens an existing GeoPackage for update (`import` writes into a copy of the run's).
    struct Update {};
    GpkgWriter(const std::filesystem::path& path, std::string shown, Update);

    OGRLayer& create_layer(const LayerSpec& spec);
    void write(OGRLayer& layer, OGRFeature& feature);
    void begin_transaction();
    void commit_transaction();
    // Runs an SQL statement on the GeoPackage (styles, metadata); throws DataError on failure.
    void execute_sql(const std::string& sql);
    // An existing layer, or nullptr.
    OGRLayer* layer(const std::string& name);
    // Removes a layer if it exists (a table rebuilt from scratch).
    void drop_layer(const std::string& name);
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
    // A DataError for a failed step: "no space left on device writing OUT" when the disk is
    // full, else "OUT: <what>: <GDAL's reason>".
    DataError failure(const std::string& what) const;  // GDAL's last error and errno
    // Throws failure(what) unless ok and GDAL reported no error.
    void check(bool ok, const std::string& what) const;
    DataError failure(const std::string& what, const std::string& reason, int saved_errno) const;

    std::string path_;
    std::string shown_;
    DatasetPtr dataset_;
    bool in_transaction_ = false;
    std::vector<IndexedLayer> to_index_;  // geometry layers, indexed when closing
};

}  // namespace jitupasna::io
