#include "jitupasna/io/gpkg_update.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "jitupasna/core/errors.hpp"

namespace jitupasna::io {

GpkgChangeLock::GpkgChangeLock(const std::string& gpkg)
    : fd_(::open(gpkg.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (!fd_) throw DataError(fmt::format("{}: cannot open: {}", gpkg, std::strerror(errno)));
    if (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0)
        throw ConfigError(fmt::format(
            "{}: another import or comments run is changing it; wait for it to finish", gpkg));
}

GpkgChangeCopy::GpkgChangeCopy(const std::string& gpkg) : output_(gpkg, true) {
    std::error_code ec;
    std::filesystem::copy_file(gpkg, output_.temp_path(),
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) throw DataError(fmt::format("{}: cannot copy it to change: {}", gpkg, ec.message()));
}

}  // namespace jitupasna::io
