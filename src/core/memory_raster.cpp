#include "jitupasna/core/memory_raster.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace jitupasna::core {

MemoryRaster::MemoryRaster(GridSpec grid, std::shared_ptr<const std::vector<double>> values)
    : grid_(grid), values_(std::move(values)) {
    if (!values_ || values_->size() != static_cast<std::size_t>(grid_.cols) * grid_.rows)
        throw std::invalid_argument("MemoryRaster: value count does not match the grid");
}

void MemoryRaster::read(const CellWindow& w, std::vector<double>& values) {
    values.resize(static_cast<std::size_t>(w.cols) * static_cast<std::size_t>(w.rows));
    for (int r = 0; r < w.rows; ++r) {
        for (int c = 0; c < w.cols; ++c) {
            const int col = w.col0 + c, row = w.row0 + r;
            double v = std::numeric_limits<double>::quiet_NaN();
            if (col >= 0 && col < grid_.cols && row >= 0 && row < grid_.rows)
                v = (*values_)[static_cast<std::size_t>(row) * grid_.cols + col];
            values[static_cast<std::size_t>(r) * w.cols + c] = std::isfinite(v) ? v : std::nan("");
        }
    }
}

MeanRaster::MeanRaster(std::vector<std::unique_ptr<RasterWindowReader>> realizations)
    : realizations_(std::move(realizations)) {
    if (realizations_.empty()) throw std::invalid_argument("MeanRaster: no realizations");
}

void MeanRaster::read(const CellWindow& window, std::vector<double>& values) {
    const std::size_t n =
        static_cast<std::size_t>(window.cols) * static_cast<std::size_t>(window.rows);
    std::vector<double> sums(n, 0.0), counts(n, 0.0);
    for (auto& realization : realizations_) {
        realization->read(window, buffer_);
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(buffer_[i])) continue;
            sums[i] += buffer_[i];
            counts[i] += 1;
        }
    }
    values.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        values[i] = counts[i] > 0 ? sums[i] / counts[i] : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace jitupasna::core
