// A hazard given as several realizations (every band of a raster): damage is the mean over the
// realizations with its standard deviation, as OpenQuake's scenario damage reports it.

#include <cmath>
#include <numeric>

#include "integration/gis_fixtures.hpp"
#include "integration/test_support.hpp"

using namespace jitupasna::test;

namespace {

// OpenQuake NRML 0.5 continuous fragility, written out independently of the tool.
double poe(double x, double mean, double stddev) {
    const double sigma = std::sqrt(std::log(1 + stddev * stddev / (mean * mean)));
    const double median = mean * mean / std::sqrt(stddev * stddev + mean * mean);
    return 0.5 * std::erfc(-std::log(x / median) / sigma / std::sqrt(2.0));
}

}  // namespace

TEST(Realizations, MeanAndStddevOverBands) {
    TempDir dir;
    GDALAllRegister();
    // 2 x 1 cells of 1 degree, 3 bands (realizations) of PGA in g.
    const std::vector<std::vector<double>> bands = {{0.1, 0.3}, {0.2, 0.4}, {0.3, 0.2}};
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        Dataset ds(driver->Create((dir / "gmf.tif").c_str(), 2, 1, 3, GDT_Float64, nullptr));
        double gt[6] = {0, 1, 0, 1, 0, -1};
        ds->SetGeoTransform(gt);
        OGRSpatialReference srs = make_srs("EPSG:4326");
        ds->SetSpatialRef(&srs);
        for (int b = 0; b < 3; ++b) {
            std::vector<double> row = bands[static_cast<std::size_t>(b)];
            ASSERT_EQ(ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, 2, 1, row.data(), 2, 1,
                                                         GDT_Float64, 0, 0, nullptr),
                      CE_None);
        }
    }
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "admin.gpkg", "GPKG", "admin", "EPSG:4326",
                                         wkbPolygon, {{"kode"}, {"nama"}},
                                         {{box_wkt(0, 0, 2, 1), {"1", "A"}}}));
    ASSERT_NO_FATAL_FAILURE(write_vector(
        dir / "b.gpkg", "GPKG", "b", "EPSG:4326", wkbPoint, {{"taxonomy"}, {"number", OFTReal}},
        {{point_wkt(0.5, 0.5), {"RC", "10"}}, {point_wkt(1.5, 0.5), {"RC", "4"}}}));
    write_text(dir / "s.yaml", R"(version: 1
name: realizations
hazard_type: earthquake
admin: {source: admin.gpkg, code_field: kode, name_field: nama}
hazard: {source: gmf.tif, realizations: bands}
vulnerability:
  RC:
    kind: fragility
    format: continuous
    limit_states: [LS1, LS2]
    params: {LS1: {mean: 0.20, stddev: 0.05}, LS2: {mean: 0.35, stddev: 0.10}}
    categories: {LS1: rusak_ringan, LS2: rusak_berat}
exposures:
  - {name: bangunan, kind: structure, source: b.gpkg, type_field: taxonomy, types: {RC: [RC]},
     number_field: number, vulnerability: {RC: RC}}
)");
    const auto result = run_scenario(dir / "s.yaml", dir / "out.gpkg", {"--no-report"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto rows = read_rows(dir / "out.gpkg", "impact_bangunan");
    ASSERT_EQ(rows.size(), 2u);
    const double numbers[2] = {10, 4};
    for (std::size_t f = 0; f < 2; ++f) {
        // Expected number per state in each realization: n x [1 - P1, P1 - P2, P2].
        std::vector<std::vector<double>> states(3);
        for (const auto& band : bands) {
            const double x = band[f], p1 = poe(x, 0.20, 0.05), p2 = poe(x, 0.35, 0.10);
            states[0].push_back(numbers[f] * (1 - p1));
            states[1].push_back(numbers[f] * (p1 - p2));
            states[2].push_back(numbers[f] * p2);
        }
        const char* names[3] = {"ds_none", "ds_LS1", "ds_LS2"};
        for (std::size_t s = 0; s < 3; ++s) {
            const auto& v = states[s];
            const double mean = std::accumulate(v.begin(), v.end(), 0.0) / 3;
            double ss = 0;
            for (double x : v) ss += (x - mean) * (x - mean);
            const double stddev = std::sqrt(ss / 2);  // sample standard deviation (n - 1)
            EXPECT_NEAR(rows[f].num(names[s]), mean, 1e-9) << f << names[s];
            EXPECT_NEAR(rows[f].num(std::string(names[s]) + "_std"), stddev, 1e-9) << f << names[s];
        }
        // The hazard value is the mean of the realizations.
        EXPECT_NEAR(rows[f].num("hazard_value"), (bands[0][f] + bands[1][f] + bands[2][f]) / 3,
                    1e-12);
    }
}
