#pragma once

#include <cstddef>
#include <functional>
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

// At most this many cells are read from a raster at once (8 MB of doubles): a large footprint
// over a fine grid is read in parts, never its whole bounding box at once (issue 13).
inline constexpr std::size_t kMaxCellsPerRead = std::size_t{1} << 20;

// Reads `window` in consecutive parts of at most max_cells cells (whole rows while one fits,
// else pieces of one row) and calls visit(part, values) for each, in row-major order: the
// parts' values, one after another, are the whole window's values in the same order.
void for_each_window_part(
    RasterWindowReader& reader, const CellWindow& window, std::size_t max_cells,
    const std::function<void(const CellWindow& part, const std::vector<double>& values)>& visit);

// The value of any cell of a window, read through a small cache of square blocks: walking
// along a line touches few blocks, however large the line's bounding box (issue 13).
class BlockCellCache {
  public:
    BlockCellCache(RasterWindowReader& reader, const CellWindow& window, int block_side = 256);
    // Value of cell (col, row) of the grid, which lies inside the window; NaN for no value.
    double at(int col, int row);

  private:
    RasterWindowReader& reader_;
    CellWindow window_;
    int block_side_;
    CellWindow block_;  // the block held in values_ (empty: none yet)
    std::vector<double> values_;
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
// The window is read in parts of at most max_cells cells (tests force small parts).
std::optional<double> sample_max(RasterWindowReader& reader, const GeosContext& ctx,
                                 const GEOSGeometry* geom,
                                 std::size_t max_cells = kMaxCellsPerRead);

// Value of the cell under the geometry's centroid (a point: the point itself).
std::optional<double> sample_centroid(RasterWindowReader& reader, const GeosContext& ctx,
                                      const GEOSGeometry* geom);

}  // namespace jitupasna::core
