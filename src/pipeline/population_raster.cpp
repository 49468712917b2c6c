// A population raster: every cell's people (its value, or a density times the cell's geodesic
// area), weighted by the exact share of the cell in each admin unit, in the hazard class at the
// cell's centre.

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "exposure.hpp"
#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/damage_model.hpp"
#include "jitupasna/core/geodesic.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/core/raster_sampling.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/pipeline/progress.hpp"
#include "ordered_pipeline.hpp"

namespace jitupasna::pipeline {

namespace {

// People per square metre of one unit of a cell's value (0: the value is a count).
double density_per_m2(core::PopulationUnit unit) {
    switch (unit) {
        case core::PopulationUnit::count:
            return 0;
        case core::PopulationUnit::per_km2:
            return 1e-6;
        case core::PopulationUnit::per_ha:
            return 1e-4;
    }
    return 0;
}

// A block of population cells, processed by one thread.
struct CellBlock {
    explicit CellBlock(const ExposureResult& shape)
        : summary(shape.summary.admin_units(), 1, shape.summary.hazard_classes()) {}
    core::CellWindow window;
    core::ImpactSummary summary;
    long long cells = 0;
    long long outside_cells = 0;
};

struct PopulationWorker {
    core::GeosContext ctx;
    core::AdminLocator locator;
    std::unique_ptr<ThreadHazard> hazard;
    std::unique_ptr<core::RasterWindowReader> reader;
    std::unique_ptr<io::OgrPointTransform> to_admin, to_hazard, to_lonlat;
    std::vector<double> values;
    std::vector<std::pair<std::size_t, double>> shares;

    bool fatality_itb = false;
    std::size_t class_count = 0;
    double scale = 1;         // count_scale
    double per_m2 = 0;        // density unit per square metre; 0: cells hold counts
    bool geographic = false;  // cells of one row have one area: computed once per row
    double cached_row_y = NAN, cached_row_area = 0;

    PopulationWorker(const RunContext& run, const io::RasterSource& source,
                     const core::ExposureConfig& config,
                     const OGRCoordinateTransformation* pop_to_admin,
                     const OGRCoordinateTransformation* pop_to_hazard,
                     const OGRCoordinateTransformation* pop_to_lonlat)
        : locator(*run.admin.index, ctx),
          hazard(run.hazard.for_thread(ctx)),
          reader(source.open_reader()),
          to_admin(io::clone_for_thread(pop_to_admin)),
          to_hazard(io::clone_for_thread(pop_to_hazard)),
          to_lonlat(io::clone_for_thread(pop_to_lonlat)),
          fatality_itb(run.damage.people.fatality_itb),
          class_count(run.classifier.class_count()),
          scale(config.count_scale),
          per_m2(density_per_m2(config.population_unit)),
          geographic(source.crs().IsGeographic()) {}

    // The geodesic area of a cell on the WGS 84 ellipsoid, in square metres.
    double cell_area_m2(const core::GridSpec& grid, double x0, double y0) {
        if (geographic && y0 == cached_row_y) return cached_row_area;
        core::GeomPtr lonlat = core::cell_polygon(ctx, x0, y0, x0 + grid.cell_width,
                                                  y0 + grid.cell_height, to_lonlat.get());
        const double area = lonlat ? core::geodesic_area_m2(ctx, lonlat.get()) : 0.0;
        cached_row_y = y0;
        cached_row_area = area;
        return area;
    }

    // A rectangle of the population grid as a polygon in the admin CRS (nullptr when GEOS
    // refuses it, e.g. corners the transformation cannot move).
    core::GeomPtr rectangle(double x0, double y0, double x1, double y1) {
        return core::cell_polygon(ctx, x0, y0, x1, y1, to_admin.get());
    }

    // Adds one cell's people to the block's summary: share by admin unit, class at its centre.
    void add_cell(const core::GridSpec& grid, CellBlock& block, double x0, double y0, double people,
                  const std::optional<std::vector<std::pair<std::size_t, double>>>& tile_shares) {
        ++block.cells;
        double cx = x0 + grid.cell_width / 2, cy = y0 + grid.cell_height / 2;
        std::size_t cls = block.summary.hazard_classes() - 1;  // not_exposed
        std::optional<double> intensity;
        if (!to_hazard || to_hazard->apply(cx, cy)) {
            const core::HazardSample sample = hazard->sampler().sample_at(cx, cy);
            cls = sample.hazard_class;
            intensity = sample.value;
        }
        const double fatality_rate =
            fatality_itb && intensity ? core::itb_fatality_rate(*intensity) : 0.0;
        const double affected = core::affected_share(cls, class_count, intensity, 0.0);
        const std::vector<std::pair<std::size_t, double>>* cell_shares = &*tile_shares;
        if (!tile_shares) {
            shares.clear();
            core::GeomPtr cell = rectangle(x0, y0, x0 + grid.cell_width, y0 + grid.cell_height);
            locator.coverage(cell.get(), shares);
            cell_shares = &shares;
        }
        double covered = 0;
        auto people_measures = [&](double n) {
            core::Measures m;
            m.count = m.population = n;
            m.fatalities = n * fatality_rate;
            return m;
        };
        for (const auto& [unit, share] : *cell_shares) {
            block.summary.add(unit, 0, cls, people_measures(people * share), affected);
            covered += share;
        }
        if (covered < 1 - 1e-12) {
            block.summary.add(std::nullopt, 0, cls, people_measures(people * (1 - covered)),
                              affected);
            ++block.outside_cells;
        }
    }

    void process(const core::GridSpec& grid, CellBlock& block) {
        work_context::set_feature(
            static_cast<long long>(block.window.row0) * grid.cols + block.window.col0,
            "cell block starting at cell");
        const core::CellWindow& w = block.window;
        reader->read(w, values);
        const double bx0 = grid.origin_x + w.col0 * grid.cell_width;
        const double by0 = grid.origin_y + w.row0 * grid.cell_height;
        // A tile wholly inside one unit, or wholly outside every unit (most tiles away from
        // borders), shares that answer with all its cells: no per-cell geometry.
        constexpr int kTile = 16;
        for (int tr = 0; tr < w.rows; tr += kTile) {
            for (int tc = 0; tc < w.cols; tc += kTile) {
                const int rows = std::min(kTile, w.rows - tr), cols = std::min(kTile, w.cols - tc);
                const double tx0 = bx0 + tc * grid.cell_width, ty0 = by0 + tr * grid.cell_height;
                std::vector<std::pair<std::size_t, double>> tile;
                core::GeomPtr polygon = rectangle(tx0, ty0, tx0 + cols * grid.cell_width,
                                                  ty0 + rows * grid.cell_height);
                locator.coverage(polygon.get(), tile);
                std::optional<std::vector<std::pair<std::size_t, double>>> tile_shares;
                if (tile.empty() || (tile.size() == 1 && tile[0].second == 1.0)) tile_shares = tile;
                for (int r = tr; r < tr + rows; ++r) {
                    for (int c = tc; c < tc + cols; ++c) {
                        const double value = values[static_cast<std::size_t>(r) * w.cols + c];
                        if (!(value > 0)) continue;  // nodata (NaN), empty or negative cells
                        const double x0 = bx0 + c * grid.cell_width;
                        const double y0 = by0 + r * grid.cell_height;
                        // A density times the cell's area (the shares then take each unit's
                        // part of it); a count as it is.
                        const double people =
                            value * scale * (per_m2 > 0 ? per_m2 * cell_area_m2(grid, x0, y0) : 1);
                        add_cell(grid, block, x0, y0, people, tile_shares);
                    }
                }
            }
        }
    }
};

// People per km2 beyond any real kecamatan or kelurahan: the HKV Jakarta grid with the right
// unit gives Tambora, among the densest, 60,600. A density grid read as counts gives millions.
constexpr double kPlausibleDensityPerKm2 = 100000;

// One warning naming the units whose population from this raster is beyond any real density.
void warn_implausible_density(const core::ExposureConfig& config, const RunContext& run,
                              ExposureResult& result) {
    const AdminLevel& level = run.admin.finest();
    const io::SpatialRefPtr lonlat = io::wgs84();
    const io::TransformPtr transform =
        io::make_transform(run.admin_crs, *lonlat, "admin CRS to WGS 84");
    const auto to_lonlat = io::clone_for_thread(transform.get());
    core::GeosContext ctx;
    struct Dense {
        std::size_t unit;
        double per_km2;
    };
    std::vector<Dense> dense;
    for (std::size_t unit = 0; unit < level.units.size(); ++unit) {
        double people = 0;
        for (std::size_t c = 0; c < result.summary.hazard_classes(); ++c)
            people += result.summary.by_class(unit, c).population;
        if (!(people > 0) || level.units[unit].wkb.empty()) continue;
        const core::GeomPtr geom = core::geom_from_wkb(ctx, level.units[unit].wkb);
        const core::GeomPtr in_lonlat =
            geom ? core::transform_geometry(ctx, geom.get(), to_lonlat.get()) : nullptr;
        const double km2 = in_lonlat ? core::geodesic_area_m2(ctx, in_lonlat.get()) / 1e6 : 0.0;
        if (km2 > 0 && people / km2 > kPlausibleDensityPerKm2)
            dense.push_back({unit, people / km2});
    }
    if (dense.empty()) return;
    std::sort(dense.begin(), dense.end(),
              [](const Dense& a, const Dense& b) { return a.per_km2 > b.per_km2; });
    std::string listed;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, dense.size()); ++i) {
        const core::AdminUnit& unit = level.units[dense[i].unit];
        listed += fmt::format("{}{} {}: {:.0f} per km2", i ? "; " : "", unit.code, unit.name,
                              dense[i].per_km2);
    }
    const bool counts = config.population_unit == core::PopulationUnit::count;
    result.warnings.push_back(fmt::format(
        "exposure '{}': unit: {} gives {} admin unit(s) more than {:.0f} people per km2, beyond "
        "any real density ({}{}); {}",
        config.name, core::population_unit_name(config.population_unit), dense.size(),
        kPlausibleDensityPerKm2, listed,
        dense.size() > 3 ? fmt::format("; and {} more", dense.size() - 3) : std::string(),
        counts ? "the raster probably holds densities: set `unit: per_km2` or `unit: per_ha` "
                 "(and `count_scale` for another area)"
               : "check `unit:` and `count_scale` against the raster's documentation"));
}

}  // namespace

ExposureResult run_population_raster(const core::ExposureConfig& config, const RunContext& run) {
    const io::RasterSource source(config.input, config.band,
                                  fmt::format("exposure '{}'", config.name));
    const core::GridSpec grid = source.grid();
    const io::TransformPtr to_admin =
        io::make_transform(source.crs(), run.admin_crs, "population to the admin CRS");
    const io::TransformPtr to_hazard =
        io::make_transform(source.crs(), run.hazard.crs(), "population to the hazard CRS");
    const io::SpatialRefPtr lonlat = io::wgs84();
    const io::TransformPtr to_lonlat =
        io::make_transform(source.crs(), *lonlat, "population to WGS 84");

    ExposureResult result(config, run.admin.index->size(), {config.name},
                          run.classifier.labels().size());
    work_context::set_input(fmt::format("exposure '{}': {}", config.name, source.description()));
    constexpr int kBlock = 256;
    const int blocks_x = (grid.cols + kBlock - 1) / kBlock;
    const int blocks_y = (grid.rows + kBlock - 1) / kBlock;
    const long long blocks = static_cast<long long>(blocks_x) * blocks_y;
    long long next_block = 0, done_blocks = 0;
    tbb::enumerable_thread_specific<std::unique_ptr<PopulationWorker>> workers;
    Progress progress(fmt::format("{}:", config.name), blocks, run.quiet);

    run_ordered_pipeline<CellBlock>(
        run.threads,
        [&]() -> std::unique_ptr<CellBlock> {
            if (next_block >= blocks) return nullptr;
            auto block = std::make_unique<CellBlock>(result);
            const int bx = static_cast<int>(next_block % blocks_x);
            const int by = static_cast<int>(next_block / blocks_x);
            ++next_block;
            block->window = core::CellWindow{bx * kBlock, by * kBlock,
                                             std::min(kBlock, grid.cols - bx * kBlock),
                                             std::min(kBlock, grid.rows - by * kBlock)};
            return block;
        },
        [&](CellBlock& block) {
            auto& worker = workers.local();
            if (!worker)
                worker = std::make_unique<PopulationWorker>(run, source, config, to_admin.get(),
                                                            to_hazard.get(), to_lonlat.get());
            worker->process(grid, block);
        },
        [&](CellBlock& block) {
            result.summary.merge(block.summary);
            result.features += block.cells;
            result.outside += block.outside_cells;
            progress.update(++done_blocks);
        });
    progress.finish();
    warn_implausible_density(config, run, result);
    result.info.emplace_back("kind", "population (raster)");
    result.info.emplace_back("unit", core::population_unit_name(config.population_unit));
    result.info.emplace_back("grid", fmt::format("{} x {} cells", grid.cols, grid.rows));
    return result;
}

}  // namespace jitupasna::pipeline
