#pragma once

#include <memory>
#include <vector>

#include "jitupasna/core/raster_sampling.hpp"

namespace jitupasna::core {

// A raster held in memory (a parsed ShakeMap grid, test data). NaN is "no value". Readers
// share the values read-only, so one per thread costs nothing.
class MemoryRaster final : public RasterWindowReader {
  public:
    MemoryRaster(GridSpec grid, std::shared_ptr<const std::vector<double>> values);
    const GridSpec& grid() const override { return grid_; }
    void read(const CellWindow& window, std::vector<double>& values) override;

  private:
    GridSpec grid_;
    std::shared_ptr<const std::vector<double>> values_;
};

// The cell-by-cell mean of several realizations of one grid (bands of a multi-band hazard),
// ignoring the realizations without a value; NaN where none has one.
class MeanRaster final : public RasterWindowReader {
  public:
    explicit MeanRaster(std::vector<std::unique_ptr<RasterWindowReader>> realizations);
    const GridSpec& grid() const override { return realizations_.front()->grid(); }
    void read(const CellWindow& window, std::vector<double>& values) override;

  private:
    std::vector<std::unique_ptr<RasterWindowReader>> realizations_;
    std::vector<double> buffer_;
};

}  // namespace jitupasna::core
