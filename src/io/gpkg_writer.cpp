#include "jitupasna/io/gpkg_writer.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "gpkg_rtree.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_errors.hpp"

namespace jitupasna::io {

namespace fs = std::filesystem;

namespace {

void remove_partial(const fs::path& partial) {
    std::error_code ec;  // best effort
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
        fs::remove(fs::path(partial.string() + suffix), ec);
}

// A run killed outright (SIGKILL, power loss) cannot clean up after itself: the next run for
// the same target removes temporaries whose process no longer exists.
void remove_stale_partials(const fs::path& dir, const std::string& target_name) {
    const std::string prefix = "." + target_name + ".partial-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            fs::remove(dir / name, ec);  // the temporary and its -journal/-wal, one by one
    }
}

}  // namespace

AtomicOutput::AtomicOutput(fs::path target, bool overwrite)
    : target_(std::move(target)), overwrite_(overwrite) {
    if (fs::exists(target_) && !overwrite_)
        throw ConfigError(fmt::format("output {} already exists; use --overwrite to replace it",
                                      target_.string()));
    const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw DataError(
            fmt::format("cannot create output folder {}: {}", dir.string(), ec.message()));
    remove_stale_partials(dir, target_.filename().string());
    // Same extension as the target, so that drivers that go by extension recognise it.
    temp_ = dir / fmt::format(".{}.partial-{}{}", target_.filename().string(), ::getpid(),
                              target_.extension().string());
    fs::remove(temp_, ec);
}

AtomicOutput::~AtomicOutput() {
    if (!committed_) remove_partial(temp_);  // never throws
}

void AtomicOutput::commit() {
    if (fs::exists(target_) && !overwrite_)
        throw DataError(
            fmt::format("output {} appeared during the run; not replacing it", target_.string()));
    std::error_code ec;
    fs::rename(temp_, target_, ec);  // atomic replace on POSIX
    if (ec)
        throw DataError(fmt::format("cannot move {} into place as {}: {}", temp_.string(),
                                    target_.string(), ec.message()));
    committed_ = true;
}

GpkgWriter::GpkgWriter(const fs::path& path) : path_(path.string()) {
    initialize_gdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw DataError("this GDAL has no GPKG driver");
    dataset_.reset(driver->Create(path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_)
        throw DataError(
            fmt::format("cannot create GeoPackage {}: {}", path_, take_last_gdal_error()));
}

OGRLayer& GpkgWriter::create_layer(const LayerSpec& spec) {
    CPLStringList options;
    if (!spec.description.empty()) options.SetNameValue("DESCRIPTION", spec.description.c_str());
    if (spec.geometry_type == wkbNone) options.SetNameValue("ASPATIAL_VARIANT", "GPKG_ATTRIBUTES");
    // The spatial index is built at once when the layer is complete (close()).
    if (spec.geometry_type != wkbNone) options.SetNameValue("SPATIAL_INDEX", "NO");
    // GDAL 3.6 takes a non-const CRS but only clones it.
    OGRLayer* layer =
        dataset_->CreateLayer(spec.name.c_str(), const_cast<OGRSpatialReference*>(spec.srs),
                              spec.geometry_type, options.List());
    if (!layer)
        throw DataError(fmt::format("{}: cannot create layer {}: {}", path_, spec.name,
                                    take_last_gdal_error()));
    for (const auto& field : spec.fields) {
        if (layer->CreateField(field.get()) != OGRERR_NONE)
            throw DataError(fmt::format("{}: cannot create field {} in layer {}: {}", path_,
                                        field->GetNameRef(), spec.name, take_last_gdal_error()));
    }
    if (spec.geometry_type != wkbNone)
        to_index_.push_back({spec.name, layer->GetGeometryColumn(), layer->GetFIDColumn()});
    return *layer;
}

void GpkgWriter::write(OGRLayer& layer, OGRFeature& feature) {
    if (layer.CreateFeature(&feature) != OGRERR_NONE)
        throw DataError(fmt::format("{}: cannot write a feature to layer {}: {}", path_,
                                    layer.GetName(), take_last_gdal_error()));
}

void GpkgWriter::begin_transaction() {
    if (dataset_->StartTransaction() != OGRERR_NONE)
        throw DataError(
            fmt::format("{}: cannot start a transaction: {}", path_, take_last_gdal_error()));
    in_transaction_ = true;
}

void GpkgWriter::commit_transaction() {
    in_transaction_ = false;
    if (dataset_->CommitTransaction() != OGRERR_NONE)
        throw DataError(
            fmt::format("{}: cannot write (commit) data: {}", path_, take_last_gdal_error()));
}

void GpkgWriter::execute_sql(const std::string& sql) {
    take_last_gdal_error();
    OGRLayer* result = dataset_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result) dataset_->ReleaseResultSet(result);
    const std::string error = take_last_gdal_error();
    if (!error.empty())
        throw DataError(fmt::format("{}: SQL failed: {} ({})", path_, error, sql.substr(0, 120)));
}

void GpkgWriter::close() {
    if (in_transaction_) commit_transaction();
    begin_transaction();
    for (const auto& layer : to_index_)
        build_gpkg_rtree(*dataset_, layer.table, layer.geometry, layer.fid);
    commit_transaction();
    take_last_gdal_error();
    dataset_.reset();  // GDAL 3.6's close reports failures only through the error handler
    const std::string error = take_last_gdal_error();
    if (!error.empty())
        throw DataError(fmt::format("{}: writing the GeoPackage failed: {}", path_, error));
}

}  // namespace jitupasna::io
