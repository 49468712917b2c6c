#pragma once

#include <memory>
#include <string>

#include "jitupasna/core/raster_sampling.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

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
