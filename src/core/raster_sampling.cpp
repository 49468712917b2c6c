#include "jitupasna/core/raster_sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jitupasna::core {

namespace {

bool is_point(const GeosContext& ctx, const GEOSGeometry* geom) {
    return GEOSGeomTypeId_r(ctx.handle(), geom) == GEOS_POINT;
}

std::optional<std::pair<double, double>> centroid_xy(const GeosContext& ctx,
                                                     const GEOSGeometry* geom) {
    auto* h = ctx.handle();
    GeomPtr owned;
    const GEOSGeometry* point = geom;
    if (!is_point(ctx, geom)) {
        owned = geos_ptr(h, GEOSGetCentroid_r(h, geom));
        point = owned.get();
    }
    double x = 0, y = 0;
    if (is_empty(ctx, point) || !GEOSGeomGetX_r(h, point, &x) || !GEOSGeomGetY_r(h, point, &y))
        return std::nullopt;
    return std::make_pair(x, y);
}

double floor_index(double offset, double size) { return std::floor(offset / size); }

}  // namespace

std::optional<std::pair<int, int>> cell_at(const GridSpec& grid, double x, double y) {
    const double col = floor_index(x - grid.origin_x, grid.cell_width);
    const double row = floor_index(y - grid.origin_y, grid.cell_height);
    if (!(col >= 0 && col < grid.cols && row >= 0 && row < grid.rows)) return std::nullopt;
    return std::make_pair(static_cast<int>(col), static_cast<int>(row));
}

CellWindow cells_overlapping(const GridSpec& grid, const Envelope& env) {
    const double c0 = std::max(0.0, floor_index(env.xmin - grid.origin_x, grid.cell_width));
    const double c1 =
        std::min(grid.cols - 1.0, floor_index(env.xmax - grid.origin_x, grid.cell_width));
    // cell_height < 0: the top edge (ymax) gives the smallest row.
    const double r0 = std::max(0.0, floor_index(env.ymax - grid.origin_y, grid.cell_height));
    const double r1 =
        std::min(grid.rows - 1.0, floor_index(env.ymin - grid.origin_y, grid.cell_height));
    if (!(c0 <= c1 && r0 <= r1)) return {};
    return CellWindow{static_cast<int>(c0), static_cast<int>(r0), static_cast<int>(c1 - c0) + 1,
                      static_cast<int>(r1 - r0) + 1};
}

std::optional<double> sample_point(RasterWindowReader& reader, double x, double y) {
    const auto cell = cell_at(reader.grid(), x, y);
    if (!cell) return std::nullopt;
    std::vector<double> value;
    reader.read(CellWindow{cell->first, cell->second, 1, 1}, value);
    if (std::isnan(value[0])) return std::nullopt;
    return value[0];
}

std::optional<double> sample_centroid(RasterWindowReader& reader, const GeosContext& ctx,
                                      const GEOSGeometry* geom) {
    if (is_empty(ctx, geom)) return std::nullopt;
    const auto xy = centroid_xy(ctx, geom);
    if (!xy) return std::nullopt;
    return sample_point(reader, xy->first, xy->second);
}

void for_each_window_part(
    RasterWindowReader& reader, const CellWindow& window, std::size_t max_cells,
    const std::function<void(const CellWindow& part, const std::vector<double>& values)>& visit) {
    if (window.empty()) return;
    max_cells = std::max<std::size_t>(max_cells, 1);
    std::vector<double> values;
    const auto cols = static_cast<std::size_t>(window.cols);
    if (cols <= max_cells) {
        const int rows_per_part = static_cast<int>(
            std::min<std::size_t>(max_cells / cols, static_cast<std::size_t>(window.rows)));
        for (int row = window.row0; row < window.row0 + window.rows; row += rows_per_part) {
            const CellWindow part{window.col0, row, window.cols,
                                  std::min(rows_per_part, window.row0 + window.rows - row)};
            reader.read(part, values);
            visit(part, values);
        }
        return;
    }
    // A row wider than max_cells: pieces of one row, west to east.
    const int cols_per_part = static_cast<int>(max_cells);
    for (int row = window.row0; row < window.row0 + window.rows; ++row) {
        for (int col = window.col0; col < window.col0 + window.cols; col += cols_per_part) {
            const CellWindow part{col, row,
                                  std::min(cols_per_part, window.col0 + window.cols - col), 1};
            reader.read(part, values);
            visit(part, values);
        }
    }
}

BlockCellCache::BlockCellCache(RasterWindowReader& reader, const CellWindow& window, int block_side)
    : reader_(reader), window_(window), block_side_(std::max(block_side, 1)) {}

double BlockCellCache::at(int col, int row) {
    const bool held = col >= block_.col0 && col < block_.col0 + block_.cols && row >= block_.row0 &&
                      row < block_.row0 + block_.rows;
    if (!held) {
        // Blocks are aligned on the window's corner, so neighbouring cells share a block.
        const int bc = window_.col0 + (col - window_.col0) / block_side_ * block_side_;
        const int br = window_.row0 + (row - window_.row0) / block_side_ * block_side_;
        block_ = CellWindow{bc, br, std::min(block_side_, window_.col0 + window_.cols - bc),
                            std::min(block_side_, window_.row0 + window_.rows - br)};
        reader_.read(block_, values_);
    }
    return values_[static_cast<std::size_t>(row - block_.row0) * block_.cols +
                   static_cast<std::size_t>(col - block_.col0)];
}

std::optional<double> sample_max(RasterWindowReader& reader, const GeosContext& ctx,
                                 const GEOSGeometry* geom, std::size_t max_cells) {
    if (is_empty(ctx, geom)) return std::nullopt;
    if (is_point(ctx, geom)) return sample_centroid(reader, ctx, geom);

    const GridSpec& grid = reader.grid();
    const Envelope env = envelope(ctx, geom);
    const CellWindow window = cells_overlapping(grid, env);
    if (window.empty()) return std::nullopt;

    auto* h = ctx.handle();
    struct Box {
        double x0, y0, x1, y1;
    };
    auto cell_bounds = [&](int col, int row) {
        const double xa = grid.origin_x + col * grid.cell_width;
        const double ya = grid.origin_y + row * grid.cell_height;
        const double xb = xa + grid.cell_width, yb = ya + grid.cell_height;
        return Box{std::min(xa, xb), std::min(ya, yb), std::max(xa, xb), std::max(ya, yb)};
    };
    double area = 0;
    const bool has_area = GEOSArea_r(h, geom, &area) && area > 0;
    // A degenerate footprint (zero area, e.g. a line) has no interior overlap with any cell:
    // only then does any contact count.
    PreparedPtr prepared;
    if (!has_area) prepared = prepared_ptr(h, GEOSPrepare_r(h, geom));

    // Whether the geometry counts for the cell: its interior overlaps the cell's area.
    auto counts_for = [&](const Box& b) {
        if (!has_area) {
            GeomPtr cell = geos_ptr(h, GEOSGeom_createRectangle_r(h, b.x0, b.y0, b.x1, b.y1));
            return GEOSPreparedIntersects_r(h, prepared.get(), cell.get()) == 1;
        }
        // A footprint with an area overlaps a cell's interior when its part inside the cell has
        // an area. Clipping by a rectangle is far cheaper than the relate behind "touches",
        // and a footprint within one cell (most footprints) needs no geometry work at all.
        if (env.xmin >= b.x0 && env.xmax <= b.x1 && env.ymin >= b.y0 && env.ymax <= b.y1)
            return true;
        GeomPtr inside = geos_ptr(h, GEOSClipByRect_r(h, geom, b.x0, b.y0, b.x1, b.y1));
        if (!inside) {
            throw_if_interrupted();
            // An invalid footprint clipping cannot handle: the exact predicates instead.
            GeomPtr cell = geos_ptr(h, GEOSGeom_createRectangle_r(h, b.x0, b.y0, b.x1, b.y1));
            return GEOSIntersects_r(h, geom, cell.get()) == 1 &&
                   GEOSTouches_r(h, geom, cell.get()) != 1;
        }
        double inside_area = 0;
        return GEOSArea_r(h, inside.get(), &inside_area) && inside_area > 0;
    };

    // The window is read in parts. In each part, the candidate cells with a value higher than
    // the best found so far, highest first: the first the geometry really counts for is the
    // part's answer, so most footprints need one or two GEOS predicates. The highest over all
    // parts is the highest over the whole window.
    std::optional<double> best;
    std::vector<std::size_t> order;
    for_each_window_part(
        reader, window, max_cells, [&](const CellWindow& part, const std::vector<double>& values) {
            order.clear();
            for (std::size_t i = 0; i < values.size(); ++i)
                if (!std::isnan(values[i]) && (!best || values[i] > *best)) order.push_back(i);
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
            for (std::size_t i : order) {
                throw_if_interrupted();
                const int col = part.col0 + static_cast<int>(i % part.cols);
                const int row = part.row0 + static_cast<int>(i / part.cols);
                if (counts_for(cell_bounds(col, row))) {
                    best = values[i];
                    break;
                }
            }
        });
    // A real footprint over nodata stays without a value.
    throw_if_interrupted();
    return best;
}

}  // namespace jitupasna::core
