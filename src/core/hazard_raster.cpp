#include "jitupasna/core/hazard.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace jitupasna::core {

const char* sampling_name(Sampling sampling) {
    switch (sampling) {
        case Sampling::centroid: return "centroid";
        case Sampling::max: return "max";
        case Sampling::mean: return "mean";
        case Sampling::majority: return "majority";
    }
    return "?";
}

HazardSample summarize_pieces(const std::vector<std::pair<HazardSample, double>>& weighted_pieces,
                              const HazardClassifier& classifier, Sampling sampling) {
    const std::size_t not_exposed = classifier.not_exposed_index();
    double value_area = 0, value_sum = 0;
    std::map<std::size_t, double> area_by_class;
    for (const auto& [sample, area] : weighted_pieces) {
        if (sample.hazard_class == not_exposed || !(area > 0)) continue;
        area_by_class[sample.hazard_class] += area;
        if (sample.value) {
            value_area += area;
            value_sum += *sample.value * area;
        }
    }
    if (area_by_class.empty()) return HazardSample{std::nullopt, not_exposed};
    if (sampling == Sampling::mean && value_area > 0) {
        const double mean = value_sum / value_area;
        return HazardSample{mean, classifier.classify(mean)};
    }
    // Majority (also the mean of a hazard that has classes but no numbers). Ties go to the more
    // severe class: the map is ordered by class index, most severe first.
    auto best = area_by_class.begin();
    for (auto it = area_by_class.begin(); it != area_by_class.end(); ++it)
        if (it->second > best->second) best = it;
    double class_area = 0, class_sum = 0;
    for (const auto& [sample, area] : weighted_pieces) {
        if (sample.hazard_class == best->first && sample.value && area > 0) {
            class_area += area;
            class_sum += *sample.value * area;
        }
    }
    HazardSample result{std::nullopt, best->first};
    if (class_area > 0) result.value = class_sum / class_area;
    return result;
}

RasterHazardSampler::RasterHazardSampler(RasterWindowReader& reader,
                                         const HazardClassifier& classifier,
                                         const GeosContext& ctx, PointTransform* work_to_raster,
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
        case Sampling::centroid: return from_value(sample_centroid(reader_, ctx_, geom));
        case Sampling::max: return from_value(sample_max(reader_, ctx_, geom));
        case Sampling::mean:
        case Sampling::majority: return weighted(geom, sampling);
    }
    return from_value(std::nullopt);
}

HazardSample RasterHazardSampler::sample_at(double x, double y) {
    return from_value(sample_point(reader_, x, y));
}

// Mean and majority weigh each cell by the exact area of the footprint inside it.
HazardSample RasterHazardSampler::weighted(const GEOSGeometry* geom, Sampling sampling) {
    if (is_empty(ctx_, geom)) return from_value(std::nullopt);
    auto* h = ctx_.handle();
    if (GEOSGeom_getDimensions_r(h, geom) < 2) return from_value(sample_centroid(reader_, ctx_, geom));
    const GridSpec& grid = reader_.grid();
    const CellWindow window = cells_overlapping(grid, envelope(ctx_, geom));
    if (window.empty()) return from_value(std::nullopt);
    std::vector<double> values;
    reader_.read(window, values);
    std::vector<std::pair<HazardSample, double>> pieces;
    for (int r = 0; r < window.rows; ++r) {
        for (int c = 0; c < window.cols; ++c) {
            const double x0 = grid.origin_x + (window.col0 + c) * grid.cell_width;
            const double y0 = grid.origin_y + (window.row0 + r) * grid.cell_height;
            GeomPtr cell = geos_ptr(h, GEOSGeom_createRectangle_r(h, x0, y0 + grid.cell_height,
                                                                  x0 + grid.cell_width, y0));
            GeomPtr overlap = geos_ptr(h, GEOSIntersection_r(h, geom, cell.get()));
            double area = 0;
            if (overlap && GEOSArea_r(h, overlap.get(), &area) && area > 0) {
                const double v = values[static_cast<std::size_t>(r * window.cols + c)];
                pieces.emplace_back(from_value(std::isnan(v) ? std::nullopt : std::optional(v)),
                                    area);
            }
        }
    }
    return summarize_pieces(pieces, classifier_, sampling);
}

GeomPtr RasterHazardSampler::cell_polygon(int col, int row, int cols, int rows) const {
    auto* h = ctx_.handle();
    const GridSpec& g = reader_.grid();
    const double x0 = g.origin_x + col * g.cell_width, x1 = x0 + cols * g.cell_width;
    const double y0 = g.origin_y + row * g.cell_height, y1 = y0 + rows * g.cell_height;
    if (!raster_to_work_) return geos_ptr(h, GEOSGeom_createRectangle_r(h, x0, y1, x1, y0));
    // In another CRS the cell's edges bend: densify them before transforming.
    const int steps = std::max({1, std::min(cols, 64), std::min(rows, 64)});
    std::vector<std::pair<double, double>> ring;
    auto edge = [&](double ax, double ay, double bx, double by) {
        for (int i = 0; i < steps; ++i)
            ring.emplace_back(ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps);
    };
    edge(x0, y0, x1, y0);
    edge(x1, y0, x1, y1);
    edge(x1, y1, x0, y1);
    edge(x0, y1, x0, y0);
    ring.push_back(ring.front());
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
    for (std::size_t i = 0; i < ring.size(); ++i) {
        double x = ring[i].first, y = ring[i].second;
        raster_to_work_->apply(x, y);
        GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), x, y);
    }
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq);
    return geos_ptr(h, GEOSGeom_createPolygon_r(h, shell, nullptr, 0));
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
    if (dimension == 0) {
        GeomPtr in_raster = transform_geometry(ctx_, geom, work_to_raster_);
        keep(geos_ptr(h, GEOSGeom_clone_r(h, geom)),
             in_raster ? sample(in_raster.get(), Sampling::centroid) : from_value(std::nullopt));
        return;
    }
    GeomPtr in_raster = transform_geometry(ctx_, geom, work_to_raster_);
    const CellWindow window =
        in_raster ? cells_overlapping(reader_.grid(), envelope(ctx_, in_raster.get())) : CellWindow{};
    GeomPtr outside;
    if (window.empty()) {
        outside = geos_ptr(h, GEOSGeom_clone_r(h, geom));
    } else {
        std::vector<double> values;
        reader_.read(window, values);
        PreparedPtr prepared = prepared_ptr(h, GEOSPrepare_r(h, geom));
        // Lines are cut cell by cell from what remains, so a line running exactly along a cell
        // edge is counted once, not in both cells.
        GeomPtr remaining = dimension == 1 ? geos_ptr(h, GEOSGeom_clone_r(h, geom)) : nullptr;
        for (int r = 0; r < window.rows; ++r) {
            for (int c = 0; c < window.cols; ++c) {
                GeomPtr cell = cell_polygon(window.col0 + c, window.row0 + r);
                if (GEOSPreparedIntersects_r(h, prepared.get(), cell.get()) != 1) continue;
                const double v = values[static_cast<std::size_t>(r * window.cols + c)];
                const HazardSample sample =
                    from_value(std::isnan(v) ? std::nullopt : std::optional(v));
                if (dimension == 1) {
                    if (is_empty(ctx_, remaining.get())) continue;
                    keep(geos_ptr(h, GEOSIntersection_r(h, remaining.get(), cell.get())), sample);
                    remaining = geos_ptr(h, GEOSDifference_r(h, remaining.get(), cell.get()));
                    if (!remaining)
                        throw std::runtime_error("GEOS could not split a line by raster cells: " +
                                                 ctx_.last_error());
                } else if (GEOSPreparedContains_r(h, prepared.get(), cell.get()) == 1) {
                    keep(std::move(cell), sample);
                } else {
                    keep(geos_ptr(h, GEOSIntersection_r(h, geom, cell.get())), sample);
                }
            }
        }
        if (dimension == 1) {
            outside = std::move(remaining);
        } else {
            GeomPtr covered = cell_polygon(window.col0, window.row0, window.cols, window.rows);
            outside = geos_ptr(h, GEOSDifference_r(h, geom, covered.get()));
        }
    }
    keep(std::move(outside), from_value(std::nullopt));
}

}  // namespace jitupasna::core
