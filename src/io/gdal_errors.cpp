#include "jitupasna/io/gdal_errors.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/input_file.hpp"

namespace jitupasna::io {

namespace {
thread_local std::string last_error;
std::mutex warnings_mutex;
std::vector<std::string> warnings;

void CPL_STDCALL handle_gdal_message(CPLErr level, CPLErrorNum, const char* message) {
    if (level >= CE_Failure) {
        last_error = message;
    } else if (level == CE_Warning) {
        std::lock_guard lock(warnings_mutex);
        if (std::find(warnings.begin(), warnings.end(), message) == warnings.end())
            warnings.emplace_back(message);
    }
}
}  // namespace

constexpr GIntBig kRasterCacheBytes = 256LL * 1024 * 1024;

void register_gdal_drivers() { GDALAllRegister(); }

void cap_gdal_block_cache() {
    // GDAL caches raster blocks up to 5 % of RAM by default (1.2 GB on a 24 GB machine), and a
    // national raster fills it: cap it so memory stays bounded, unless the user chose a size
    // with GDAL_CACHEMAX.
    if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr)) GDALSetCacheMax64(kRasterCacheBytes);
}

void install_gdal_message_handler() { CPLSetErrorHandler(handle_gdal_message); }

void initialize_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        register_gdal_drivers();
        install_gdal_message_handler();
        cap_gdal_block_cache();
    });
}

std::string take_last_gdal_error() {
    std::string message;
    message.swap(last_error);
    return message;
}

std::vector<std::string> gdal_warnings() {
    std::lock_guard lock(warnings_mutex);
    return warnings;
}

void require_existing_path(const std::string& path, const std::string& role) {
    if (path.rfind("/vsi", 0) == 0) return;
    const auto colon = path.find(':');
    if (colon != std::string::npos && colon > 1 &&
        path.find_first_of("/\\") > colon)  // "PG:dbname=...", "GPKG:file.gpkg:layer"
        return;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw ConfigError(fmt::format("{}: {} not found", role, path));
    // A folder is a dataset for some drivers (a folder of shapefiles); a FIFO or a device is
    // never one, and reading it blocks or never ends.
    if (!std::filesystem::is_directory(path, ec)) core::require_regular_files(path, role);
    if (::access(path.c_str(), R_OK) != 0)
        throw ConfigError(
            fmt::format("{}: {} cannot be read ({})", role, path, std::strerror(errno)));
}

}  // namespace jitupasna::io
