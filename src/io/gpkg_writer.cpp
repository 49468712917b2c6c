#include "jitupasna/io/gpkg_writer.hpp"

#include <cpl_string.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <random>
#include <system_error>

#include "gpkg_rtree.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/output_guard.hpp"

namespace jitupasna::io {

namespace fs = std::filesystem;

void UniqueFd::reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

namespace {

constexpr const char* kLockSuffix = ".lock";

bool ends_with(const std::string& text, std::string_view end) {
    return text.size() >= end.size() &&
           text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// The temporary's own files: itself and SQLite's -journal/-wal/-shm beside it.
void remove_partial(const fs::path& partial) {
    std::error_code ec;  // best effort
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
        fs::remove(fs::path(partial.string() + suffix), ec);
}

// A random part for the temporary's name, so that runs in different PID namespaces that share
// a folder (and may have the same PID) never pick the same name.
std::string random_tag() {
    std::random_device device;
    return fmt::format("{:08x}", static_cast<std::uint32_t>(device()));
}

// Creates and locks `path` (a new file). Empty when the name is taken, or when a clean-up in
// another process removed the file between its creation and our lock (then the caller picks
// another name): after the lock, the path must still lead to our file.
// Failures name `target`, the output the user asked for.
UniqueFd create_locked(const fs::path& path, const fs::path& target) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd) {
        if (errno == EEXIST) return {};
        const int saved = errno;
        throw DataError(describe_write_failure(
            target, saved,
            fmt::format("cannot create {}: {}", path.string(), std::strerror(saved))));
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) return {};  // a clean-up holds it: it goes
    struct stat opened {
    }, named{};
    if (::fstat(fd.get(), &opened) != 0 || ::stat(path.c_str(), &named) != 0 ||
        opened.st_dev != named.st_dev || opened.st_ino != named.st_ino)
        return {};
    return fd;
}

// The folders from `dir` up that do not exist yet, deepest first.
std::vector<fs::path> missing_folders(const fs::path& dir) {
    std::vector<fs::path> missing;
    std::error_code ec;
    for (fs::path folder = fs::absolute(dir, ec).lexically_normal(); !folder.empty();
         folder = folder.parent_path()) {
        if (fs::exists(folder, ec)) break;
        missing.push_back(folder);
        if (folder == folder.parent_path()) break;
    }
    return missing;
}

}  // namespace

int remove_stale_partials(const fs::path& dir, const std::string& target_name) {
    const std::string prefix = "." + target_name + ".partial-";
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0) names.push_back(std::move(name));
    }
    int removed = 0;
    auto remove = [&](const std::string& name) {
        if (fs::remove(dir / name, ec)) ++removed;
    };
    // The stems ".<target>.partial-<id>" of runs that hold their lock.
    std::vector<std::string> live;
    for (const auto& name : names) {
        if (!ends_with(name, kLockSuffix)) continue;
        const std::string stem = name.substr(0, name.size() - std::strlen(kLockSuffix));
        UniqueFd fd(::open((dir / name).c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) continue;
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
            live.push_back(stem);  // held: a run, in this namespace or another, is writing
            continue;
        }
        // Nobody holds it: its run died. Its files go first, the lock last, while we hold it
        // (a run that finds its lock file gone while it locks picks another name).
        for (const auto& other : names)
            if (other.rfind(stem, 0) == 0 && other != name) remove(other);
        remove(name);
    }
    // Files without a lock file: a live run makes its lock before its temporary and removes it
    // after, so these belong to a run that died (or to a version before locks). The lock is
    // looked for again now: one made while the folder was being listed may have been missed.
    for (const auto& name : names) {
        if (ends_with(name, kLockSuffix)) continue;
        const bool held = std::any_of(live.begin(), live.end(), [&](const std::string& stem) {
            return name.rfind(stem, 0) == 0;
        });
        const std::string id =
            name.substr(prefix.size(), name.find('.', prefix.size()) - prefix.size());
        if (held || fs::exists(dir / (prefix + id + kLockSuffix), ec)) continue;
        if (fs::exists(dir / name, ec)) remove(name);
    }
    return removed;
}

AtomicOutput::AtomicOutput(fs::path target, bool overwrite)
    : target_(std::move(target)), overwrite_(overwrite) {
    if (fs::exists(target_) && !overwrite_)
        throw ConfigError(fmt::format("output {} already exists; use --overwrite to replace it",
                                      target_.string()));
    const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    std::error_code ec;
    std::vector<fs::path> missing = missing_folders(dir);
    fs::create_directories(dir, ec);
    if (ec) {
        const std::string cause = output_resource_failure(target_, ec.value(), ec.message());
        throw DataError(!cause.empty() ? cause
                                       : fmt::format("cannot create output folder {}: {}",
                                                     dir.string(), ec.message()));
    }
    created_folders_ = std::move(missing);
    try {
        remove_stale_partials(dir, target_.filename().string());
        for (int attempt = 0; !lock_ && attempt < 8; ++attempt) {
            const std::string stem = fmt::format(".{}.partial-{}-{}", target_.filename().string(),
                                                 ::getpid(), random_tag());
            lock_path_ = dir / (stem + kLockSuffix);
            lock_ = create_locked(lock_path_, target_);
            // Same extension as the target, so that drivers that go by extension recognise it.
            temp_ = dir / (stem + target_.extension().string());
        }
        if (!lock_)
            throw DataError(
                fmt::format("cannot make a locked temporary file beside {}", target_.string()));
    } catch (...) {
        lock_path_.clear();
        for (const auto& folder : created_folders_) fs::remove(folder, ec);
        throw;
    }
}

AtomicOutput::~AtomicOutput() {
    std::error_code ec;  // never throws
    if (!committed_) remove_partial(temp_);
    // The lock file goes after the temporary: a clean-up never sees a temporary whose run is
    // alive without its lock.
    if (!lock_path_.empty()) fs::remove(lock_path_, ec);
    lock_.reset();
    if (!committed_)
        for (const auto& folder : created_folders_) fs::remove(folder, ec);  // only if empty
}

void AtomicOutput::commit() {
    if (fs::exists(target_) && !overwrite_)
        throw DataError(
            fmt::format("output {} appeared during the run; not replacing it", target_.string()));
    std::error_code ec;
    fs::rename(temp_, target_, ec);  // atomic replace on POSIX
    if (ec) {
        const std::string cause = output_resource_failure(target_, ec.value(), ec.message());
        throw DataError(!cause.empty()
                            ? cause
                            : fmt::format("cannot move {} into place as {}: {}", temp_.string(),
                                          target_.string(), ec.message()));
    }
    committed_ = true;
}

GpkgWriter::GpkgWriter(const fs::path& path, std::string shown)
    : path_(path.string()), shown_(shown.empty() ? path.string() : std::move(shown)) {
    initialize_gdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw DataError("this GDAL has no GPKG driver");
    take_last_gdal_error();
    dataset_.reset(driver->Create(path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    check(dataset_ != nullptr, "cannot create the GeoPackage");
}

GpkgWriter::GpkgWriter(const fs::path& path, std::string shown, Update)
    : path_(path.string()), shown_(shown.empty() ? path.string() : std::move(shown)) {
    initialize_gdal();
    take_last_gdal_error();
    const char* const drivers[] = {"GPKG", nullptr};
    dataset_.reset(GDALDataset::Open(path_.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers,
                                     nullptr, nullptr));
    check(dataset_ != nullptr, "cannot open the GeoPackage for update");
}

OGRLayer* GpkgWriter::layer(const std::string& name) {
    return dataset_->GetLayerByName(name.c_str());
}

void GpkgWriter::drop_layer(const std::string& name) {
    for (int i = 0; i < dataset_->GetLayerCount(); ++i) {
        if (name != dataset_->GetLayer(i)->GetName()) continue;
        take_last_gdal_error();
        check(dataset_->DeleteLayer(i) == OGRERR_NONE, "cannot remove layer " + name);
        return;
    }
}

// GDAL may report a failed write (a full disk) and still return a dataset or a layer: an error
// left on the thread would then surface later as if an input could not be read. So every step
// fails on GDAL's error too, and the caller cleared it before the step.
void GpkgWriter::check(bool ok, const std::string& what) const {
    const int saved_errno = errno;
    std::string reason = take_last_gdal_error();
    if (ok && reason.empty()) return;
    throw failure(what, reason, saved_errno);
}

DataError GpkgWriter::failure(const std::string& what) const {
    const int saved_errno = errno;
    return failure(what, take_last_gdal_error(), saved_errno);
}

DataError GpkgWriter::failure(const std::string& what, const std::string& reason,
                              int saved_errno) const {
    // A full disk or too many open files is the output's trouble: say so, naming the output.
    const std::string cause = output_resource_failure(shown_, saved_errno, reason);
    if (!cause.empty()) return DataError(cause);
    if (what.empty()) return DataError(fmt::format("{}: {}", shown_, reason));
    return DataError(fmt::format("{}: {}: {}", shown_, what, reason));
}

OGRLayer& GpkgWriter::create_layer(const LayerSpec& spec) {
    CPLStringList options;
    if (!spec.description.empty()) options.SetNameValue("DESCRIPTION", spec.description.c_str());
    if (spec.geometry_type == wkbNone) options.SetNameValue("ASPATIAL_VARIANT", "GPKG_ATTRIBUTES");
    // The spatial index is built at once when the layer is complete (close()).
    if (spec.geometry_type != wkbNone) options.SetNameValue("SPATIAL_INDEX", "NO");
    // GDAL 3.6 takes a non-const CRS but only clones it.
    take_last_gdal_error();
    OGRLayer* layer =
        dataset_->CreateLayer(spec.name.c_str(), const_cast<OGRSpatialReference*>(spec.srs),
                              spec.geometry_type, options.List());
    check(layer != nullptr, "cannot create layer " + spec.name);
    for (const auto& field : spec.fields)
        check(layer->CreateField(field.get()) == OGRERR_NONE,
              fmt::format("cannot create field {} in layer {}", field->GetNameRef(), spec.name));
    if (spec.geometry_type != wkbNone)
        to_index_.push_back({spec.name, layer->GetGeometryColumn(), layer->GetFIDColumn()});
    return *layer;
}

void GpkgWriter::write(OGRLayer& layer, OGRFeature& feature) {
    take_last_gdal_error();
    const bool written = layer.CreateFeature(&feature) == OGRERR_NONE;
    const int saved_errno = errno;
    std::string reason = take_last_gdal_error();
    if (!written || !reason.empty())
        throw failure(fmt::format("cannot write a feature to layer {}", layer.GetName()), reason,
                      saved_errno);
}

void GpkgWriter::begin_transaction() {
    if (dataset_->StartTransaction() != OGRERR_NONE) throw failure("cannot start a transaction");
    in_transaction_ = true;
}

void GpkgWriter::commit_transaction() {
    in_transaction_ = false;
    if (dataset_->CommitTransaction() != OGRERR_NONE) throw failure("cannot write (commit) data");
}

void GpkgWriter::execute_sql(const std::string& sql) {
    take_last_gdal_error();
    OGRLayer* result = dataset_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result) dataset_->ReleaseResultSet(result);
    const std::string error = take_last_gdal_error();
    if (!error.empty()) {
        throw failure(fmt::format("SQL failed ({})", sql.substr(0, 120)), error, errno);
    }
}

void GpkgWriter::close() {
    if (in_transaction_) commit_transaction();
    begin_transaction();
    for (const auto& layer : to_index_) {
        try {
            build_gpkg_rtree(*dataset_, layer.table, layer.geometry, layer.fid);
        } catch (const DataError& e) {
            throw failure("", e.what(), errno);  // e.what() says "building the spatial index"
        }
    }
    commit_transaction();
    take_last_gdal_error();
    dataset_.reset();  // GDAL 3.6's close reports failures only through the error handler
    const int saved_errno = errno;
    const std::string error = take_last_gdal_error();
    if (!error.empty()) throw failure("writing the GeoPackage failed", error, saved_errno);
}

}  // namespace jitupasna::io
