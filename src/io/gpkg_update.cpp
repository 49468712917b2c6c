#include "jitupasna/io/gpkg_update.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/output_guard.hpp"

namespace jitupasna::io {

GpkgChangeLock::GpkgChangeLock(const std::string& gpkg) {
    const auto running = [&] {
        return ConfigError(fmt::format(
            "{}: another import or comments run is changing it; wait for it to finish", gpkg));
    };
    // A change replaces the file by a rename, so a lock won on the file a change has just
    // replaced guards nothing: lock again until the locked file is the one the path names.
    for (int attempt = 0; attempt < 8; ++attempt) {
        UniqueFd fd(::open(gpkg.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) throw DataError(fmt::format("{}: cannot open: {}", gpkg, std::strerror(errno)));
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) throw running();
        struct stat locked {};
        struct stat named {};
        if (::fstat(fd.get(), &locked) == 0 && ::stat(gpkg.c_str(), &named) == 0 &&
            locked.st_dev == named.st_dev && locked.st_ino == named.st_ino) {
            fd_ = std::move(fd);
            return;
        }
    }
    throw running();
}

GpkgChangeCopy::GpkgChangeCopy(const std::string& gpkg) : output_(gpkg, true) {
    std::error_code ec;
    std::filesystem::copy_file(gpkg, output_.temp_path(),
                               std::filesystem::copy_options::overwrite_existing, ec);
    // A full disk or quota is told as for every output ("no space left on device writing ...").
    if (ec)
        throw DataError(fmt::format("{} (copying it to change)",
                                    describe_write_failure(gpkg, ec.value(), ec.message())));
}

}  // namespace jitupasna::io
