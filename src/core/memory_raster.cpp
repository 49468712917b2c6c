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

}  // namespace jitupasna::core
