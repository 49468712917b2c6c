#pragma once
// An existing GeoPackage changed all or nothing (`import` merging forms, `comments --gpkg`
// storing the matrix): an exclusive lock held on it for the whole change, so that a second
// change cannot write into a copy the first one's rename then throws away, and a copy beside
// it, written through GpkgWriter's Update mode and renamed over it at commit(). A failure or a
// kill before the rename leaves the GeoPackage as it was.

#include <filesystem>
#include <string>

#include "jitupasna/io/gpkg_writer.hpp"

namespace jitupasna::io {

// flock(LOCK_EX | LOCK_NB) on the GeoPackage itself. Throws DataError when it cannot be
// opened, ConfigError "GPKG: another import or comments run is changing it; wait for it to
// finish" when another holder has it.
class GpkgChangeLock {
  public:
    explicit GpkgChangeLock(const std::string& gpkg);

  private:
    UniqueFd fd_;
};

// The copy to write into: claimed beside the GeoPackage (AtomicOutput) and filled with its
// bytes. Throws DataError naming the GeoPackage when the copy fails.
class GpkgChangeCopy {
  public:
    explicit GpkgChangeCopy(const std::string& gpkg);
    const std::filesystem::path& path() const { return output_.temp_path(); }
    // Replaces the GeoPackage with the copy; call after the copy's writer is closed.
    void commit() { output_.commit(); }

  private:
    AtomicOutput output_;
};

}  // namespace jitupasna::io
