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

std::optional<double> sample_max(RasterWindowReader& reader, const GeosContext& ctx,
                                 const GEOSGeometry* geom) {
    if (is_empty(ctx, geom)) return std::nullopt;
    if (is_point(ctx, geom)) return sample_centroid(reader, ctx, geom);

    const GridSpec& grid = reader.grid();
    const Envelope env = envelope(ctx, geom);
    const CellWindow window = cells_overlapping(grid, env);
    if (window.empty()) return std::nullopt;

    std::vector<double> values;
    reader.read(window, values);

    // Candidate cells with a value, highest first: the first whose area the geometry really
    // intersects is the answer, so most footprints need one or two GEOS predicates.
    std::vector<std::size_t> order;
    order.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isnan(values[i])) order.push_back(i);
    if (order.empty()) return std::nullopt;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });

    auto* h = ctx.handle();
    struct Box {
        double x0, y0, x1, y1;
    };
    auto cell_bounds = [&](std::size_t i) {
        const int col = window.col0 + static_cast<int>(i % window.cols);
        const int row = window.row0 + static_cast<int>(i / window.cols);
        const double xa = grid.origin_x + col * grid.cell_width;
        const double ya = grid.origin_y + row * grid.cell_height;
        const double xb = xa + grid.cell_width, yb = ya + grid.cell_height;
        return Box{std::min(xa, xb), std::min(ya, yb), std::max(xa, xb), std::max(ya, yb)};
    };
    double area = 0;
    if (GEOSArea_r(h, geom, &area) && area > 0) {
        // A footprint with an area overlaps a cell's interior when its part inside the cell has
        // an area. Clipping by a rectangle is far cheaper than the relate behind "touches",
        // and a footprint within one cell (most footprints) needs no geometry work at all.
        for (std::size_t i : order) {
            const Box b = cell_bounds(i);
            if (env.xmin >= b.x0 && env.xmax <= b.x1 && env.ymin >= b.y0 && env.ymax <= b.y1)
                return values[i];
            GeomPtr inside = geos_ptr(h, GEOSClipByRect_r(h, geom, b.x0, b.y0, b.x1, b.y1));
            double inside_area = 0;
            if (!inside) {
                // An invalid footprint clipping cannot handle: the exact predicates instead.
                GeomPtr cell = geos_ptr(h, GEOSGeom_createRectangle_r(h, b.x0, b.y0, b.x1, b.y1));
                if (GEOSIntersects_r(h, geom, cell.get()) == 1 &&
                    GEOSTouches_r(h, geom, cell.get()) != 1)
                    return values[i];
            } else if (GEOSArea_r(h, inside.get(), &inside_area) && inside_area > 0) {
                return values[i];
            }
        }
        return std::nullopt;  // a real footprint over nodata stays without a value
    }
    // A degenerate footprint (zero area, e.g. a line) has no interior overlap with any cell:
    // only then does any contact count.
    PreparedPtr prepared = prepared_ptr(h, GEOSPrepare_r(h, geom));
    for (std::size_t i : order) {
        const Box b = cell_bounds(i);
        GeomPtr cell = geos_ptr(h, GEOSGeom_createRectangle_r(h, b.x0, b.y0, b.x1, b.y1));
        if (GEOSPreparedIntersects_r(h, prepared.get(), cell.get()) == 1) return values[i];
    }
    return std::nullopt;
}

}  // namespace jitupasna::core
