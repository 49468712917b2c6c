#pragma once

#include <optional>
#include <vector>

#include "jitupasna/core/geos_context.hpp"

namespace jitupasna::core {

// A north-up grid: cell (col, row) covers
// [origin_x + col*cell_width, origin_x + (col+1)*cell_width) in x and, with cell_height < 0,
// (origin_y + (row+1)*cell_height, origin_y + row*cell_height] in y.
struct GridSpec {
    double origin_x = 0;
    double origin_y = 0;
    double cell_width = 1;    // > 0
    double cell_height = -1;  // < 0 (north-up)
    int cols = 0;
    int rows = 0;
};

struct CellWindow {
    int col0 = 0;
    int row0 = 0;
    int cols = 0;
    int rows = 0;
    bool empty() const { return cols <= 0 || rows <= 0; }
};

// Reads blocks of cell values. Values that are nodata are returned as NaN.
// Each thread uses its own reader (GDAL datasets are not thread-safe).
class RasterWindowReader {
  public:
    virtual ~RasterWindowReader() = default;
    virtual const GridSpec& grid() const = 0;
    // Fills `values` row-major with window.cols * window.rows values; window lies inside the grid.
    virtual void read(const CellWindow& window, std::vector<double>& values) = 0;
};

// The cell containing (x, y), or nullopt outside the grid. A point on a cell edge belongs to
// the cell to its east / south (floor of the fractional index).
std::optional<std::pair<int, int>> cell_at(const GridSpec& grid, double x, double y);

// The cells overlapped by an envelope, clipped to the grid (empty when entirely outside).
CellWindow cells_overlapping(const GridSpec& grid, const Envelope& env);

// Value of the cell under (x, y); nullopt for nodata/NaN or outside the grid.
std::optional<double> sample_point(RasterWindowReader& reader, double x, double y);

// Highest value over every cell whose area the geometry's interior intersects (a cell only
// touched along an edge or at a corner does not count). Points sample the cell under them.
// nullopt when no such cell has a value.
std::optional<double> sample_max(RasterWindowReader& reader, const GeosContext& ctx,
                                 const GEOSGeometry* geom);

// Value of the cell under the geometry's centroid (a point: the point itself).
std::optional<double> sample_centroid(RasterWindowReader& reader, const GeosContext& ctx,
                                      const GEOSGeometry* geom);

}  // namespace jitupasna::core
