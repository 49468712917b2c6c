// A population raster: every cell's people, weighted by the exact share of the cell in each
// admin unit, in the hazard class at the cell's centre.

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "exposure.hpp"
#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/damage_model.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/core/raster_sampling.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/pipeline/progress.hpp"
#include "ordered_pipeline.hpp"

namespace jitupasna::pipeline {

namespace {

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
    std::unique_ptr<io::OgrPointTransform> to_admin, to_hazard;
    std::vector<double> values;
    std::vector<std::pair<std::size_t, double>> shares;

    bool fatality_itb = false;

    PopulationWorker(const RunContext& run, const io::RasterSource& source,
                     const OGRCoordinateTransformation* pop_to_admin,
                     const OGRCoordinateTransformation* pop_to_hazard)
        : locator(*run.admin.index, ctx),
          hazard(run.hazard.for_thread(ctx)),
          reader(source.open_reader()),
          to_admin(io::clone_for_thread(pop_to_admin)),
          to_hazard(io::clone_for_thread(pop_to_hazard)),
          fatality_itb(run.damage.people.fatality_itb) {}

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
            block.summary.add(unit, 0, cls, people_measures(people * share));
            covered += share;
        }
        if (covered < 1 - 1e-12) {
            block.summary.add(std::nullopt, 0, cls, people_measures(people * (1 - covered)));
            ++block.outside_cells;
        }
    }

    void process(const core::GridSpec& grid, CellBlock& block) {
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
                        const double people = values[static_cast<std::size_t>(r) * w.cols + c];
                        if (!(people > 0)) continue;  // nodata (NaN), empty or negative cells
                        add_cell(grid, block, bx0 + c * grid.cell_width, by0 + r * grid.cell_height,
                                 people, tile_shares);
                    }
                }
            }
        }
    }
};

}  // namespace

ExposureResult run_population_raster(const core::ExposureConfig& config, const RunContext& run) {
    const io::RasterSource source(config.input, config.band,
                                  fmt::format("exposure '{}'", config.name));
    const core::GridSpec grid = source.grid();
    const io::TransformPtr to_admin =
        io::make_transform(source.crs(), run.admin_crs, "population to the admin CRS");
    const io::TransformPtr to_hazard =
        io::make_transform(source.crs(), run.hazard.crs(), "population to the hazard CRS");

    ExposureResult result(config, run.admin.index->size(), {config.name},
                          run.classifier.labels().size());
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
                worker = std::make_unique<PopulationWorker>(run, source, to_admin.get(),
                                                            to_hazard.get());
            worker->process(grid, block);
        },
        [&](CellBlock& block) {
            result.summary.merge(block.summary);
            result.features += block.cells;
            result.outside += block.outside_cells;
            progress.update(++done_blocks);
        });
    progress.finish();
    result.info.emplace_back("kind", "population (raster)");
    result.info.emplace_back("grid", fmt::format("{} x {} cells", grid.cols, grid.rows));
    return result;
}

}  // namespace jitupasna::pipeline
