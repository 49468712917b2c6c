#include "jitupasna/io/gdal_errors.hpp"

#include <cpl_error.h>
#include <gdal.h>

#include <algorithm>
#include <mutex>

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

void install_gdal_error_handler() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(handle_gdal_message);
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

}  // namespace jitupasna::io
