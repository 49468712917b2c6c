#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "jitupasna/core/raster_sampling.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

// What a raster header may claim before anything is read (issue 13). Reading is windowed, so
// the grid's size costs nothing by itself, but a header of 10^6 x 10^6 cells is a broken or
// hostile file, and GDAL allocates one whole block to read any cell of it.
// Per band; a 30 m grid of all Indonesia has about 1e10 cells.
inline constexpr double kMaxRasterCells = 1e11;
// One block in the file's own data type.
inline constexpr std::int64_t kMaxRasterBlockBytes = std::int64_t{1} << 30;
inline constexpr int kMaxRasterBands = 65536;

// Throws DataError "<role>: <description> claims ...; the limit is ..." when a raster's header
// claims more than the limits above (or a size that is not positive).
void check_raster_claim(const std::string& role, const std::string& description, long long cols,
                        long long rows, long long bands, long long block_cols, long long block_rows,
                        int bytes_per_cell);

// A single band of a GDAL raster. The source checks the file once; each worker thread then
// opens its own reader (its own dataset handle) and reads only the windows it needs.
class RasterSource {
  public:
    RasterSource(const core::InputConfig& input, int band, std::string role);

    const core::GridSpec& grid() const { return grid_; }
    const OGRSpatialReference& crs() const { return *crs_; }
    const std::string& description() const { return description_; }
    std::optional<double> nodata() const { return nodata_; }

    int band_count() const { return band_count_; }
    // A reader of the configured band, or of another band (realizations).
    std::unique_ptr<core::RasterWindowReader> open_reader(std::optional<int> band = {}) const;
    // Readers of several bands sharing one dataset handle: a raster of hundreds of
    // realizations needs one file handle per thread, not one per band.
    std::vector<std::unique_ptr<core::RasterWindowReader>> open_readers(
        const std::vector<int>& bands) const;

  private:
    std::string path_;
    int band_;
    std::string role_;
    std::string description_;
    core::GridSpec grid_;
    SpatialRefPtr crs_;
    std::optional<double> nodata_;
    int band_count_ = 1;
};

}  // namespace jitupasna::io
