// The national layer as published: all 514 kabupaten/kota of ../shared/data (124 of them invalid
// polygons), buildings scattered inside every unit, a hazard raster over Indonesia that leaves
// the east uncovered. The run must repair the polygons, count every building exactly once, and
// put each one in a unit whose (repaired) polygon really holds it, checked here with OGR's own
// geometry predicates, not the tool's R-tree and GEOS code.

#include <ogr_geometry.h>

#include <map>
#include <random>

#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

constexpr int kPerUnit = 30;  // buildings placed inside each kabupaten/kota

struct Unit {
    std::string code;
    std::unique_ptr<OGRGeometry> valid;  // OGR's MakeValid of the published polygon
    OGRPreparedGeometryUniquePtr prepared;
};

struct NationalInputs {
    std::vector<Unit> units;
    int invalid = 0;                    // published polygons OGR finds invalid
    long long buildings = 0;            // written
    long long east_of_130 = 0;          // of which outside the hazard raster
    std::map<std::string, int> placed;  // unit code -> buildings placed inside it
};

// Reads the 514 units, repairs them with OGR (GEOS underneath, but called through GDAL's API),
// and writes kPerUnit points inside each, found by rejection sampling in its envelope.
void make_national_inputs(const fs::path& admin, const fs::path& buildings, NationalInputs& in) {
    Dataset src = open_vector(admin);
    ASSERT_NE(src, nullptr) << admin;
    OGRLayer* layer = src->GetLayerByName("kabkota");
    ASSERT_NE(layer, nullptr);
    CPLPushErrorHandler(CPLQuietErrorHandler);  // IsValid warns about each invalid polygon
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        ASSERT_NE(g, nullptr);
        Unit unit;
        unit.code = feature->GetFieldAsString("kode");
        if (!g->IsValid()) ++in.invalid;
        unit.valid.reset(g->IsValid() ? g->clone() : g->MakeValid());
        ASSERT_NE(unit.valid, nullptr) << unit.code;
        unit.prepared.reset(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(unit.valid.get())));
        in.units.push_back(std::move(unit));
    }
    CPLPopErrorHandler();

    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    Dataset ds(driver->Create(buildings.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(ds, nullptr);
    const OGRSpatialReference wgs84 = make_srs("EPSG:4326");
    OGRLayer* out =
        ds->CreateLayer("bangunan", const_cast<OGRSpatialReference*>(&wgs84), wkbPoint, nullptr);
    OGRFieldDefn home("unit_asal", OFTString);
    ASSERT_EQ(out->CreateField(&home), OGRERR_NONE);
    std::mt19937_64 rng(514);
    ASSERT_EQ(ds->StartTransaction(), OGRERR_NONE);
    for (const Unit& unit : in.units) {
        OGREnvelope env;
        unit.valid->getEnvelope(&env);
        std::uniform_real_distribution<double> x(env.MinX, env.MaxX), y(env.MinY, env.MaxY);
        int placed = 0;
        for (int attempt = 0; placed < kPerUnit && attempt < 200000; ++attempt) {
            OGRPoint p(x(rng), y(rng));
            if (!OGRPreparedGeometryContains(unit.prepared.get(), OGRGeometry::ToHandle(&p)))
                continue;
            OGRFeature feature(out->GetLayerDefn());
            feature.SetField(0, unit.code.c_str());
            feature.SetGeometry(&p);
            ASSERT_EQ(out->CreateFeature(&feature), OGRERR_NONE);
            ++placed;
            if (p.getX() >= 130.0) ++in.east_of_130;
        }
        in.placed[unit.code] = placed;
        in.buildings += placed;
    }
    ASSERT_EQ(ds->CommitTransaction(), OGRERR_NONE);
}

}  // namespace

TEST(ReliabilityNational, AllKabupatenKotaWithInvalidPolygonsRunAndConserveTotals) {
    REQUIRE_SHARED_DATA(shared);
    const fs::path admin = shared / "admin" / "indonesia_kabkota.gpkg";
    if (!fs::exists(admin)) GTEST_SKIP() << admin << " is absent";
    TempDir dir;
    NationalInputs in;
    ASSERT_NO_FATAL_FAILURE(make_national_inputs(admin, dir / "bangunan.gpkg", in));
    ASSERT_EQ(in.units.size(), 514u);
    EXPECT_EQ(in.invalid, 124) << "the published layer has 124 invalid polygons";

    // 0.1 degree cells over Indonesia west of 130 E; value = column / 100 (depth grows
    // eastwards). Buildings east of 130 E are not_exposed.
    RasterSpec grid;
    grid.x0 = 94.9;
    grid.y0 = 6.2;
    grid.cell = 0.1;
    grid.cols = 351;  // to 130.0 E
    grid.rows = 174;
    grid.crs = "EPSG:4326";
    grid.nodata = ND;
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c) grid.values.push_back(c / 100.0);
    ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", grid));
    const fs::path scenario = dir / "nasional.yaml";
    write_text(scenario,
               "version: 1\nname: nasional\nhazard_type: flood\n"
               "admin: {source: " +
                   admin.string() +
                   ", layer: kabkota, code_field: kode, name_field: nama}\n"
                   "hazard:\n  source: bahaya.tif\n  classes:\n"
                   "    - {name: tinggi, min: 3}\n"
                   "    - {name: sedang, min: 1.5, max: 3}\n"
                   "    - {name: rendah, min: 0, max: 1.5}\n"
                   "exposures:\n  - {name: bangunan, kind: structure, source: bangunan.gpkg}\n");
    const fs::path out = dir / "nasional.gpkg";
    const auto result = run_scenario(scenario, out, {"--no-report"});
    ASSERT_EQ(result.exit_code, 0) << result.err;

    // The repairs are counted and reported.
    const auto info = run_info(out);
    EXPECT_EQ(info.at("input.admin.repaired_geometries"), std::to_string(in.invalid));
    std::string warnings;
    for (const auto& [key, value] : info)
        if (key.rfind("warning.", 0) == 0) warnings += value + "\n";
    EXPECT_NE(warnings.find(std::to_string(in.invalid) + " invalid polygon(s) repaired"),
              std::string::npos)
        << warnings;
    EXPECT_NE(warnings.find("outside the hazard"), std::string::npos)
        << "the uncovered east should be warned about: " << warnings;

    // Totals: every building once, none outside, and per unit the classes add up to the total.
    const auto counts = summary_counts(out);
    EXPECT_DOUBLE_EQ(exposure_total(counts, "bangunan"), static_cast<double>(in.buildings));
    for (const auto& [key, count] : counts)
        EXPECT_NE(std::get<0>(key), kOutside) << "a building inside a unit was counted outside";
    double not_exposed = 0;
    for (const auto& [key, count] : counts)
        if (std::get<3>(key) == "not_exposed") not_exposed += count;
    EXPECT_DOUBLE_EQ(not_exposed, static_cast<double>(in.east_of_130));
    double units_total = 0;
    for (const auto& row : read_rows(out, "admin_summary")) {
        double classes = 0;
        for (const char* c : {"tinggi", "sedang", "rendah", "not_affected", "not_exposed"})
            classes += row.num(std::string("bangunan_") + c);
        EXPECT_DOUBLE_EQ(classes, row.num("bangunan_total")) << row.str("admin_code");
        units_total += row.num("bangunan_total");
    }
    EXPECT_DOUBLE_EQ(units_total, static_cast<double>(in.buildings));

    // Each building lies in the repaired polygon of the unit it was counted in (where units
    // overlap, it may be counted in either, but in exactly one).
    std::map<std::string, const Unit*> by_code;
    for (const Unit& u : in.units) by_code[u.code] = &u;
    Dataset result_ds = open_vector(out);
    ASSERT_NE(result_ds, nullptr);
    OGRLayer* impact = result_ds->GetLayerByName("impact_bangunan");
    ASSERT_NE(impact, nullptr);
    long long checked = 0, elsewhere = 0;
    for (auto& feature : *impact) {
        const std::string code = feature->GetFieldAsString("admin_code");
        const auto unit = by_code.find(code);
        ASSERT_NE(unit, by_code.end()) << "unknown admin_code " << code;
        EXPECT_TRUE(
            OGRPreparedGeometryIntersects(unit->second->prepared.get(), feature->GetGeometryRef()))
            << feature->GetGeometryRef()->exportToWkt() << " counted in " << code
            << " which does not hold it";
        if (code != feature->GetFieldAsString("unit_asal")) ++elsewhere;
        ++checked;
    }
    EXPECT_EQ(checked, in.buildings);
    // Published kabupaten/kota overlap only along slivers: almost every building stays home.
    EXPECT_LT(elsewhere, in.buildings / 100) << elsewhere << " buildings counted in a neighbour";
}
