// Issue 13: max, mean, majority and split read a footprint's raster window in parts of at most
// N cells instead of all at once. Property: on random rasters and random footprints, every
// part size gives exactly the result of reading the whole window in one part (the reference is
// the same code with a part larger than the window, i.e. the old single read), and no read is
// larger than the part size asked for. Also the part iteration and the block cache themselves,
// against values computed directly from the raster.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/hazard.hpp"
#include "jitupasna/core/raster_sampling.hpp"
#include "memory_raster.hpp"

namespace {

using jitupasna::core::BlockCellCache;
using jitupasna::core::CellWindow;
using jitupasna::core::for_each_window_part;
using jitupasna::core::GeomPtr;
using jitupasna::core::GeosContext;
using jitupasna::core::GridSpec;
using jitupasna::core::HazardClass;
using jitupasna::core::HazardClassifier;
using jitupasna::core::HazardPiece;
using jitupasna::core::HazardSample;
using jitupasna::core::RasterHazardSampler;
using jitupasna::core::sample_max;
using jitupasna::core::Sampling;
using jitupasna::test::kNoData;
using jitupasna::test::MemoryRaster;

constexpr std::size_t kWhole = std::size_t{1} << 30;  // larger than any window here

// A MemoryRaster that remembers the largest read.
class CountingRaster : public MemoryRaster {
  public:
    using MemoryRaster::MemoryRaster;
    void read(const CellWindow& window, std::vector<double>& values) override {
        largest = std::max(largest, static_cast<std::size_t>(window.cols) * window.rows);
        MemoryRaster::read(window, values);
    }
    std::size_t largest = 0;
};

// 17 x 13 cells of 0.5 x 0.5 from (10, 20); values 0..10 in steps of 0.5 (ties are common),
// a fifth nodata.
CountingRaster random_raster(std::mt19937& rng) {
    const GridSpec grid{10.0, 20.0, 0.5, -0.5, 17, 13};
    std::uniform_int_distribution<int> step(0, 20), nodata(0, 4);
    std::vector<double> values(static_cast<std::size_t>(grid.cols * grid.rows));
    for (double& v : values) v = nodata(rng) == 0 ? kNoData : step(rng) * 0.5;
    return CountingRaster(grid, std::move(values));
}

// A random star-shaped polygon (often concave), a thin sliver, a multipolygon or a line,
// partly outside the grid at times.
std::string random_footprint(std::mt19937& rng, int kind) {
    std::uniform_real_distribution<double> cx(9.5, 19.0), cy(13.0, 20.5), radius(0.05, 3.0);
    const double x = cx(rng), y = cy(rng), r = radius(rng);
    auto star = [&](double ox, double oy, double rr, int n) {
        std::uniform_real_distribution<double> jitter(0.3, 1.0);
        std::string ring;
        std::string first;
        for (int i = 0; i < n; ++i) {
            const double a = 2 * M_PI * i / n, k = rr * jitter(rng);
            const std::string p =
                std::to_string(ox + k * std::cos(a)) + " " + std::to_string(oy + k * std::sin(a));
            if (i == 0) first = p;
            ring += p + ", ";
        }
        return "((" + ring + first + "))";
    };
    switch (kind % 4) {
        case 0:
            return "POLYGON " + star(x, y, r, 5 + static_cast<int>(rng() % 20));
        case 1:  // a sliver along a row
            return "POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + ", " +
                   std::to_string(x + 4 * r) + " " + std::to_string(y) + ", " +
                   std::to_string(x + 4 * r) + " " + std::to_string(y + 0.01) + ", " +
                   std::to_string(x) + " " + std::to_string(y) + "))";
        case 2:
            return "MULTIPOLYGON (" + star(x, y, r / 2, 7) + ", " + star(x + 2, y - 2, r / 3, 6) +
                   ")";
        default:
            return "LINESTRING (" + std::to_string(x) + " " + std::to_string(y) + ", " +
                   std::to_string(x + r * 2) + " " + std::to_string(y - r) + ", " +
                   std::to_string(x - r) + " " + std::to_string(y - 2 * r) + ")";
    }
}

HazardClass numeric(std::string name, std::optional<double> min, std::optional<double> max) {
    HazardClass c;
    c.name = std::move(name);
    c.min = min;
    c.max = max;
    return c;
}

HazardClassifier classes() {
    return HazardClassifier({numeric("tinggi", 6.0, std::nullopt), numeric("sedang", 3.0, 6.0),
                             numeric("rendah", 1.0, 3.0)});
}

bool same_sample(const HazardSample& a, const HazardSample& b) {
    return a.hazard_class == b.hazard_class && a.value == b.value;  // exactly, not nearly
}

TEST(TiledSampling, PartsCoverTheWindowInRowMajorOrder) {
    std::mt19937 rng(7);
    CountingRaster raster = random_raster(rng);
    const CellWindow window{2, 3, 11, 7};
    for (std::size_t max_cells : {1u, 2u, 5u, 10u, 11u, 12u, 23u, 77u, 1000u}) {
        SCOPED_TRACE(max_cells);
        raster.largest = 0;
        std::vector<double> seen;
        for_each_window_part(raster, window, max_cells,
                             [&](const CellWindow& part, const std::vector<double>& values) {
                                 EXPECT_EQ(values.size(),
                                           static_cast<std::size_t>(part.cols * part.rows));
                                 seen.insert(seen.end(), values.begin(), values.end());
                             });
        std::vector<double> expected;  // straight from the raster, row by row
        for (int r = window.row0; r < window.row0 + window.rows; ++r)
            for (int c = window.col0; c < window.col0 + window.cols; ++c)
                expected.push_back(raster.at(c, r));
        ASSERT_EQ(seen.size(), expected.size());
        for (std::size_t i = 0; i < seen.size(); ++i)
            EXPECT_TRUE(seen[i] == expected[i] || (std::isnan(seen[i]) && std::isnan(expected[i])))
                << "cell " << i;
        EXPECT_LE(raster.largest, max_cells);
    }
}

TEST(TiledSampling, BlockCacheGivesEveryCell) {
    std::mt19937 rng(11);
    CountingRaster raster = random_raster(rng);
    const CellWindow window{1, 2, 15, 10};
    BlockCellCache cache(raster, window, 4);
    std::uniform_int_distribution<int> col(1, 15), row(2, 11);
    for (int i = 0; i < 500; ++i) {
        const int c = col(rng), r = row(rng);
        const double got = cache.at(c, r), want = raster.at(c, r);
        EXPECT_TRUE(got == want || (std::isnan(got) && std::isnan(want))) << c << "," << r;
    }
    EXPECT_LE(raster.largest, 16u);
}

TEST(TiledSampling, EveryPartSizeGivesTheWholeWindowResult) {
    GeosContext ctx;
    const HazardClassifier classifier = classes();
    std::mt19937 rng(2024);
    int compared = 0, with_value = 0;
    for (int trial = 0; trial < 120; ++trial) {
        CountingRaster raster = random_raster(rng);
        const std::string text = random_footprint(rng, trial);
        SCOPED_TRACE(text);
        GeomPtr g = jitupasna::test::wkt(ctx, text);
        ASSERT_NE(g, nullptr);

        const std::optional<double> max_whole = sample_max(raster, ctx, g.get(), kWhole);
        RasterHazardSampler whole(raster, classifier, ctx);
        whole.set_max_cells_per_read(kWhole);
        const HazardSample mean_whole = whole.sample(g.get(), Sampling::mean);
        const HazardSample majority_whole = whole.sample(g.get(), Sampling::majority);
        std::vector<HazardPiece> pieces_whole;
        whole.split(g.get(), pieces_whole);
        if (max_whole) ++with_value;

        for (std::size_t max_cells : {1u, 2u, 3u, 7u, 16u, 40u}) {
            SCOPED_TRACE(max_cells);
            raster.largest = 0;
            EXPECT_EQ(sample_max(raster, ctx, g.get(), max_cells), max_whole);
            RasterHazardSampler tiled(raster, classifier, ctx);
            tiled.set_max_cells_per_read(max_cells);
            EXPECT_TRUE(same_sample(tiled.sample(g.get(), Sampling::mean), mean_whole));
            EXPECT_TRUE(same_sample(tiled.sample(g.get(), Sampling::majority), majority_whole));
            std::vector<HazardPiece> pieces;
            tiled.split(g.get(), pieces);
            ASSERT_EQ(pieces.size(), pieces_whole.size());
            for (std::size_t i = 0; i < pieces.size(); ++i) {
                EXPECT_TRUE(same_sample(pieces[i].sample, pieces_whole[i].sample)) << "piece " << i;
                EXPECT_EQ(GEOSEqualsExact_r(ctx.handle(), pieces[i].geometry.get(),
                                            pieces_whole[i].geometry.get(), 0.0),
                          1)
                    << "piece " << i;
            }
            // Lines are walked through blocks of 256 x 256 cells, bigger than this raster.
            if (GEOSGeom_getDimensions_r(ctx.handle(), g.get()) == 2) {
                EXPECT_LE(raster.largest, max_cells);
            }
            ++compared;
        }
    }
    EXPECT_EQ(compared, 120 * 6);
    EXPECT_GT(with_value, 40);  // the property is not vacuous: most footprints hit values
}

// A stop request ends a long sampling loop with "interrupted" rather than a partial answer.
TEST(TiledSampling, StopRequestInterruptsSampling) {
    GeosContext ctx;
    const HazardClassifier classifier = classes();
    std::mt19937 rng(3);
    CountingRaster raster = random_raster(rng);
    GeomPtr g = jitupasna::test::wkt(ctx, "POLYGON ((10 20, 18 20, 18 14, 10 14, 10 20))");
    RasterHazardSampler sampler(raster, classifier, ctx);
    jitupasna::core::interrupt_flag() = true;
    EXPECT_THROW(sampler.sample(g.get(), Sampling::mean), jitupasna::DataError);
    EXPECT_THROW(sample_max(raster, ctx, g.get()), jitupasna::DataError);
    jitupasna::core::interrupt_flag() = false;
    EXPECT_NO_THROW(sampler.sample(g.get(), Sampling::mean));
}

}  // namespace
