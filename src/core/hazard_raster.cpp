#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "jitupasna/core/hazard.hpp"

namespace jitupasna::core {

const char* sampling_name(Sampling sampling) {
    switch (sampling) {
        case Sampling::centroid:
            return "centroid";
        case Sampling::max:
            return "max";
        case Sampling::mean:
            return "mean";
        case Sampling::majority:
            return "majority";
    }
    return "?";
}

PieceSummary::PieceSummary(const HazardClassifier& classifier, Sampling sampling)
    : classifier_(classifier), sampling_(sampling) {}

void PieceSummary::add(const HazardSample& sample, double area) {
    if (sample.hazard_class == classifier_.not_exposed_index() || !(area > 0)) return;
    ClassSums& sums = by_class_[sample.hazard_class];
    sums.area += area;
    if (sample.value) {
        value_area_ += area;
        value_sum_ += *sample.value * area;
        sums.value_area += area;
        sums.value_sum += *sample.value * area;
    }
}

HazardSample PieceSummary::result() const {
    if (by_class_.empty()) return HazardSample{std::nullopt, classifier_.not_exposed_index()};
    if (sampling_ == Sampling::mean && value_area_ > 0) {
        const double mean = value_sum_ / value_area_;
        return HazardSample{mean, classifier_.classify(mean)};
    }
    // Majority (also the mean of a hazard that has classes but no numbers). Ties go to the more
    // severe class: the map is ordered by class index, most severe first.
    auto best = by_class_.begin();
    for (auto it = by_class_.begin(); it != by_class_.end(); ++it)
        if (it->second.area > best->second.area) best = it;
    HazardSample result{std::nullopt, best->first};
    if (best->second.value_area > 0)
        result.value = best->second.value_sum / best->second.value_area;
    return result;
}

HazardSample summarize_pieces(const std::vector<std::pair<HazardSample, double>>& weighted_pieces,
                              const HazardClassifier& classifier, Sampling sampling) {
    PieceSummary summary(classifier, sampling);
    for (const auto& [sample, area] : weighted_pieces) summary.add(sample, area);
    return summary.result();
}

RasterHazardSampler::RasterHazardSampler(RasterWindowReader& reader,
                                         const HazardClassifier& classifier, const GeosContext& ctx,
                                         PointTransform* work_to_raster,
                                         PointTransform* raster_to_work)
    : reader_(reader),
      classifier_(classifier),
      ctx_(ctx),
      work_to_raster_(work_to_raster),
      raster_to_work_(raster_to_work) {}

HazardSample RasterHazardSampler::from_value(std::optional<double> value) const {
    if (value && std::isnan(*value)) value.reset();
    return HazardSample{value, classifier_.classify(value)};
}

HazardSample RasterHazardSampler::sample(const GEOSGeometry* geom, Sampling sampling) {
    switch (sampling) {
        case Sampling::centroid:
            return from_value(sample_centroid(reader_, ctx_, geom));
        case Sampling::max:
            return from_value(sample_max(reader_, ctx_, geom));
        case Sampling::mean:
        case Sampling::majority:
            return weighted(geom, sampling);
    }
    return from_value(std::nullopt);
}

HazardSample RasterHazardSampler::sample_at(double x, double y) {
    return from_value(sample_point(reader_, x, y));
}

// Mean and majority weigh each cell by the exact area of the footprint inside it. The window is
// read in parts, in row-major order like the whole window, and each cell's piece is added as
// it is measured: memory stays bounded and the sums are the same.
HazardSample RasterHazardSampler::weighted(const GEOSGeometry* geom, Sampling sampling) {
    if (is_empty(ctx_, geom)) return from_value(std::nullopt);
    auto* h = ctx_.handle();
    if (GEOSGeom_getDimensions_r(h, geom) < 2)
        return from_value(sample_centroid(reader_, ctx_, geom));
    const GridSpec& grid = reader_.grid();
    const CellWindow window = cells_overlapping(grid, envelope(ctx_, geom));
    if (window.empty()) return from_value(std::nullopt);
    PieceSummary summary(classifier_, sampling);
    // Only the cells on the footprint's outline need an overlay: a prepared (indexed) footprint
    // tells the cells wholly inside (their whole area) and wholly outside (none) in about
    // log(vertices) each, so a large footprint over a fine grid is not one overlay per cell.
    const PreparedPtr prepared = prepared_ptr(h, GEOSPrepare_r(h, geom));
    for_each_window_part(
        reader_, window, max_cells_per_read_,
        [&](const CellWindow& part, const std::vector<double>& values) {
            for (int r = 0; r < part.rows; ++r) {
                for (int c = 0; c < part.cols; ++c) {
                    throw_if_interrupted();
                    const double x0 = grid.origin_x + (part.col0 + c) * grid.cell_width;
                    const double y0 = grid.origin_y + (part.row0 + r) * grid.cell_height;
                    GeomPtr cell =
                        geos_ptr(h, GEOSGeom_createRectangle_r(h, x0, y0 + grid.cell_height,
                                                               x0 + grid.cell_width, y0));
                    double area = 0;
                    bool measured = false;
                    if (prepared &&
                        GEOSPreparedContainsProperly_r(h, prepared.get(), cell.get()) == 1)
                        measured = GEOSArea_r(h, cell.get(), &area) == 1;
                    else if (prepared &&
                             GEOSPreparedIntersects_r(h, prepared.get(), cell.get()) == 0)
                        measured = true;  // area 0: no piece
                    if (!measured) {
                        GeomPtr overlap = geos_ptr(h, GEOSIntersection_r(h, geom, cell.get()));
                        if (!overlap) throw_if_interrupted();
                        if (!overlap || !GEOSArea_r(h, overlap.get(), &area)) area = 0;
                    }
                    if (area > 0) {
                        const double v = values[static_cast<std::size_t>(r * part.cols + c)];
                        summary.add(from_value(std::isnan(v) ? std::nullopt : std::optional(v)),
                                    area);
                    }
                }
            }
        });
    return summary.result();
}

GeomPtr RasterHazardSampler::cell_polygon(int col, int row, int cols, int rows) const {
    auto* h = ctx_.handle();
    const GridSpec& g = reader_.grid();
    const double x0 = g.origin_x + col * g.cell_width, x1 = x0 + cols * g.cell_width;
    const double y0 = g.origin_y + row * g.cell_height, y1 = y0 + rows * g.cell_height;
    if (!raster_to_work_ && cols == 1 && rows == 1)
        return geos_ptr(h, GEOSGeom_createRectangle_r(h, x0, y1, x1, y0));
    // A vertex at every cell corner along the outline, so that a window's outline and its
    // cells' outlines coincide: in another CRS a straight raster edge is no longer straight,
    // and pieces are measured with geodesic edges between vertices. Without the corners, the
    // part of a polygon outside the grid would get one long geodesic along the grid's border,
    // which bulges poleward of the parallel the cells inside follow: 1e-4 of a unit cut over
    // 0.7 degree at latitude 2.3 went missing from not_exposed.
    std::vector<std::pair<double, double>> ring;
    auto edge = [&](double ax, double ay, double bx, double by, int steps) {
        for (int i = 0; i < steps; ++i)
            ring.emplace_back(ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps);
    };
    edge(x0, y0, x1, y0, cols);
    edge(x1, y0, x1, y1, rows);
    edge(x1, y1, x0, y1, cols);
    edge(x0, y1, x0, y0, rows);
    ring.push_back(ring.front());
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
    for (std::size_t i = 0; i < ring.size(); ++i) {
        double x = ring[i].first, y = ring[i].second;
        if (raster_to_work_) raster_to_work_->apply(x, y);
        GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), x, y);
    }
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq);
    return geos_ptr(h, GEOSGeom_createPolygon_r(h, shell, nullptr, 0));
}

namespace {

// Appends every LineString inside geom (multi-geometries and collections unpacked).
void collect_lines(GEOSContextHandle_t h, const GEOSGeometry* geom,
                   std::vector<const GEOSGeometry*>& lines) {
    const int type = GEOSGeomTypeId_r(h, geom);
    if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
        lines.push_back(geom);
    } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(h, geom); ++i)
            collect_lines(h, GEOSGetGeometryN_r(h, geom, i), lines);
    }
}

}  // namespace

// Lines are walked through the grid segment by segment and cut exactly where they cross cell
// edges: each stretch belongs to the cell holding its midpoint (the same east/south rule as
// points), so a stretch running along a cell edge is counted once. Exact and much cheaper than
// an overlay per cell.
void RasterHazardSampler::split_lines(const GEOSGeometry* in_raster, const CellWindow& window,
                                      std::vector<HazardPiece>& pieces) {
    auto* h = ctx_.handle();
    const GridSpec& g = reader_.grid();
    // A long line's window can be huge; the walk reads only the blocks it passes through.
    BlockCellCache values(reader_, window);
    std::vector<const GEOSGeometry*> lines;
    collect_lines(h, in_raster, lines);

    std::vector<std::pair<double, double>> run;  // the stretch being built, in raster CRS
    long run_cell = -2;                          // -2: none yet; -1: outside the grid
    auto flush = [&]() {
        if (run.size() >= 2) {
            GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(run.size()), 2);
            for (std::size_t i = 0; i < run.size(); ++i)
                GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), run[i].first, run[i].second);
            GeomPtr piece = geos_ptr(h, GEOSGeom_createLineString_r(h, seq));
            if (raster_to_work_) piece = transform_geometry(ctx_, piece.get(), raster_to_work_);
            if (!piece) throw std::runtime_error("a road piece cannot be transformed back");
            std::optional<double> value;
            if (run_cell >= 0) {
                const double v = values.at(window.col0 + static_cast<int>(run_cell % window.cols),
                                           window.row0 + static_cast<int>(run_cell / window.cols));
                if (!std::isnan(v)) value = v;
            }
            pieces.push_back(HazardPiece{std::move(piece), from_value(value)});
        }
        run.clear();
    };
    std::vector<double> cuts;
    for (const GEOSGeometry* line : lines) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, line);
        unsigned int n = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 2) continue;
        run_cell = -2;
        double ax = 0, ay = 0;
        GEOSCoordSeq_getXY_r(h, seq, 0, &ax, &ay);
        for (unsigned int i = 1; i < n; ++i) {
            double bx = 0, by = 0;
            GEOSCoordSeq_getXY_r(h, seq, i, &bx, &by);
            if (ax == bx && ay == by) continue;
            // Where the segment crosses vertical and horizontal cell edges, as fractions t.
            cuts.assign({0.0, 1.0});
            auto add_crossings = [&](double a, double b, double origin, double size) {
                if (a == b) return;
                const double ka = (a - origin) / size, kb = (b - origin) / size;
                for (double k = std::floor(std::min(ka, kb)) + 1; k < std::max(ka, kb); ++k) {
                    const double t = (origin + k * size - a) / (b - a);
                    if (t > 0 && t < 1) cuts.push_back(t);
                }
            };
            add_crossings(ax, bx, g.origin_x, g.cell_width);
            add_crossings(ay, by, g.origin_y, g.cell_height);
            std::sort(cuts.begin(), cuts.end());
            cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
            auto at = [&](double t) {
                if (t == 1) return std::make_pair(bx, by);
                return std::make_pair(ax + t * (bx - ax), ay + t * (by - ay));
            };
            for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
                const auto mid = at((cuts[k] + cuts[k + 1]) / 2);
                long cell = -1;
                if (const auto c = cell_at(g, mid.first, mid.second);
                    c && c->first >= window.col0 && c->first < window.col0 + window.cols &&
                    c->second >= window.row0 && c->second < window.row0 + window.rows)
                    cell = static_cast<long>(c->second - window.row0) * window.cols +
                           (c->first - window.col0);
                if (cell != run_cell) {
                    flush();
                    run_cell = cell;
                    run.push_back(at(cuts[k]));
                }
                run.push_back(at(cuts[k + 1]));
            }
            ax = bx;
            ay = by;
        }
        throw_if_interrupted();
        flush();
    }
}

void RasterHazardSampler::split(const GEOSGeometry* geom, std::vector<HazardPiece>& pieces) {
    if (is_empty(ctx_, geom)) return;
    auto* h = ctx_.handle();
    const int dimension = GEOSGeom_getDimensions_r(h, geom);
    auto keep = [&](GeomPtr piece, HazardSample sample) {
        if (piece && !is_empty(ctx_, piece.get()) &&
            GEOSGeom_getDimensions_r(h, piece.get()) >= dimension)
            pieces.push_back(HazardPiece{std::move(piece), sample});
    };
    GeomPtr in_raster = transform_geometry(ctx_, geom, work_to_raster_);
    if (!in_raster) throw std::runtime_error("a geometry cannot be transformed to the hazard CRS");
    if (dimension == 0) {
        keep(geos_ptr(h, GEOSGeom_clone_r(h, geom)), sample(in_raster.get(), Sampling::centroid));
        return;
    }
    const CellWindow window = cells_overlapping(reader_.grid(), envelope(ctx_, in_raster.get()));
    if (dimension == 1) {
        split_lines(in_raster.get(), window, pieces);
        return;
    }
    if (window.empty()) {
        keep(geos_ptr(h, GEOSGeom_clone_r(h, geom)), from_value(std::nullopt));
        return;
    }
    PreparedPtr prepared = prepared_ptr(h, GEOSPrepare_r(h, geom));
    for_each_window_part(
        reader_, window, max_cells_per_read_,
        [&](const CellWindow& part, const std::vector<double>& values) {
            for (int r = 0; r < part.rows; ++r) {
                for (int c = 0; c < part.cols; ++c) {
                    throw_if_interrupted();
                    GeomPtr cell = cell_polygon(part.col0 + c, part.row0 + r);
                    if (GEOSPreparedIntersects_r(h, prepared.get(), cell.get()) != 1) continue;
                    const double v = values[static_cast<std::size_t>(r * part.cols + c)];
                    const HazardSample sample =
                        from_value(std::isnan(v) ? std::nullopt : std::optional(v));
                    if (GEOSPreparedContains_r(h, prepared.get(), cell.get()) == 1) {
                        keep(std::move(cell), sample);
                    } else {
                        GeomPtr inside = geos_ptr(h, GEOSIntersection_r(h, geom, cell.get()));
                        if (!inside) throw_if_interrupted();
                        keep(std::move(inside), sample);
                    }
                }
            }
        });
    GeomPtr covered = cell_polygon(window.col0, window.row0, window.cols, window.rows);
    GeomPtr outside = geos_ptr(h, GEOSDifference_r(h, geom, covered.get()));
    if (!outside) throw_if_interrupted();
    keep(std::move(outside), from_value(std::nullopt));
}

}  // namespace jitupasna::core
