#pragma once

// Shared helpers for the core unit tests: an in-memory raster and WKT/WKB shortcuts.

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/raster_sampling.hpp"

namespace jitupasna::test {

inline constexpr double kNoData = std::numeric_limits<double>::quiet_NaN();

// A raster held in a row-major std::vector<double>; NaN is nodata. Every read is checked
// against the reader contract (the window must lie inside the grid).
class MemoryRaster : public core::RasterWindowReader {
  public:
    MemoryRaster(core::GridSpec grid, std::vector<double> values)
        : grid_(grid), values_(std::move(values)) {
        EXPECT_EQ(values_.size(), static_cast<std::size_t>(grid_.cols * grid_.rows))
            << "MemoryRaster: value count does not match the grid";
    }

    const core::GridSpec& grid() const override { return grid_; }

    void read(const core::CellWindow& window, std::vector<double>& values) override {
        ++reads_;
        const bool inside = window.col0 >= 0 && window.row0 >= 0 && window.cols > 0 &&
                            window.rows > 0 && window.col0 + window.cols <= grid_.cols &&
                            window.row0 + window.rows <= grid_.rows;
        EXPECT_TRUE(inside) << "read outside the grid: col0=" << window.col0
                            << " row0=" << window.row0 << " cols=" << window.cols
                            << " rows=" << window.rows;
        values.assign(static_cast<std::size_t>(window.cols * window.rows), kNoData);
        if (!inside) return;
        for (int r = 0; r < window.rows; ++r)
            for (int c = 0; c < window.cols; ++c)
                values[static_cast<std::size_t>(r * window.cols + c)] =
                    at(window.col0 + c, window.row0 + r);
    }

    double at(int col, int row) const {
        return values_[static_cast<std::size_t>(row * grid_.cols + col)];
    }
    void set(int col, int row, double value) {
        values_[static_cast<std::size_t>(row * grid_.cols + col)] = value;
    }
    int reads() const { return reads_; }

  private:
    core::GridSpec grid_;
    std::vector<double> values_;
    int reads_ = 0;
};

// The grid used by most tests: origin (0, 3), cells 1 x -1, so cell (col, row) covers
// x in [col, col + 1) and y in (2 - row, 3 - row].
inline core::GridSpec grid_3x3() { return core::GridSpec{0.0, 3.0, 1.0, -1.0, 3, 3}; }

// Parses WKT and fails the test (returning nullptr) when GEOS cannot read it.
inline core::GeomPtr wkt(const core::GeosContext& ctx, const std::string& text) {
    core::GeomPtr geom = core::geom_from_wkt(ctx, text);
    EXPECT_NE(geom, nullptr) << "unreadable WKT: " << text;
    return geom;
}

inline std::string wkt_to_wkb(const core::GeosContext& ctx, const std::string& text) {
    core::GeomPtr geom = wkt(ctx, text);
    return geom ? core::geom_to_wkb(ctx, geom.get()) : std::string();
}

// A hazard class with numeric bounds (named members, so that new fields keep their defaults).
inline core::HazardClass hazard_class(std::string name, std::optional<double> min,
                                      std::optional<double> max) {
    core::HazardClass cls;
    cls.name = std::move(name);
    cls.min = min;
    cls.max = max;
    return cls;
}

inline core::AdminUnit admin_unit(std::string code, std::string name, std::string wkb) {
    core::AdminUnit unit;
    unit.code = std::move(code);
    unit.name = std::move(name);
    unit.wkb = std::move(wkb);
    return unit;
}

// WKT of the axis-aligned rectangle [x0, x1] x [y0, y1].
inline std::string rect_wkt(double x0, double y0, double x1, double y1) {
    const auto s = [](double v) { return std::to_string(v); };
    return "POLYGON((" + s(x0) + " " + s(y0) + ", " + s(x1) + " " + s(y0) + ", " + s(x1) + " " +
           s(y1) + ", " + s(x0) + " " + s(y1) + ", " + s(x0) + " " + s(y0) + "))";
}

}  // namespace jitupasna::test
