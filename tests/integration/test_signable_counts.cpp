// Numbers a planner can sign: overlapping admin units never move a count that belongs to a
// unit, a population raster's unit (count or density) is explicit and implausible densities
// are told, and "affected" agrees with damage with or without hazard classes. Every expected
// value is worked out by hand (or by a closed formula) on inputs written here with GDAL.

#include <cmath>
#include <regex>

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

constexpr double X0 = 700000.0;  // local metres -> EPSG:32748, as in test_rules.cpp
constexpr double Y0 = 9300000.0;
constexpr double ND = -9999.0;

std::string sq(double x0, double y0, double x1, double y1) {
    return box_wkt(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}
std::string pt(double x, double y) { return point_wkt(X0 + x, Y0 + y); }

// The area of a lon/lat rectangle on the WGS 84 ellipsoid, in km2, from the authalic-latitude
// closed form (the tool measures a geodesic polygon instead).
double quadrangle_km2(double lon0, double lat0, double lon1, double lat1) {
    const double a = 6378137.0, f = 1 / 298.257223563;
    const double e2 = f * (2 - f), e = std::sqrt(e2);
    auto q = [&](double lat_deg) {
        const double s = std::sin(lat_deg * M_PI / 180);
        return s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    return std::fabs(a * a * (1 - e2) * (lon1 - lon0) * M_PI / 180 / 2 * (q(lat1) - q(lat0))) / 1e6;
}

std::map<std::string, Row> units_by_code(const fs::path& out) {
    return rows_by(out, "admin_summary", "admin_code");
}

// The run's warnings (run_info warning.N; `run -q` prints none) that contain `part`, joined.
std::string warnings_with(const fs::path& out, const std::string& part) {
    std::string found;
    for (const auto& [key, value] : run_info(out))
        if (key.rfind("warning.", 0) == 0 && value.find(part) != std::string::npos)
            found += value + "\n";
    return found;
}

class SignableCounts : public ::testing::Test {
  protected:
    TempDir dir;

    fs::path write_scenario(const std::string& text) {
        const fs::path path = dir / "skenario.yaml";
        write_text(path, text);
        return path;
    }
    // bahaya.tif: one cell of `size` metres at the origin, depth 1.0 m (class sedang).
    void write_one_cell_hazard(double size) {
        RasterSpec hazard;
        hazard.x0 = X0;
        hazard.y0 = Y0 + size;
        hazard.cell = size;
        hazard.cols = hazard.rows = 1;
        hazard.values = {1.0};
        hazard.crs = "EPSG:32748";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", hazard));
    }
};

// Kab. Agam and Kota Bukittinggi in miniature (EPSG:32748, local metres):
//   A1 "Agam"  [0,3000] x [0,4000]      area 12 km2, first in layer order
//   B2 "Bukit" [2000,4000] x [1000,3000] area 4 km2
// They share [2000,3000] x [1000,3000]: 2 km2 in the plane, 2 / k^2 on the ellipsoid (UTM scale
// k = 1.00009 at 200 km from the central meridian): 1.9996 km2.
TEST_F(SignableCounts, OverlappingUnitsAreToldAndKeepTheirOwnCounts) {
    ASSERT_NO_FATAL_FAILURE(write_one_cell_hazard(5000));  // over everything: class sedang
    ASSERT_NO_FATAL_FAILURE(write_vector(
        dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:32748", wkbMultiPolygon,
        {{"kode"}, {"nama"}},
        {{sq(0, 0, 3000, 4000), {"A1", "Agam"}}, {sq(2000, 1000, 4000, 3000), {"B2", "Bukit"}}}));
    // Counts per polygon: each unit's own polygon with its official total, and a polygon that
    // straddles both: [1000,4000] x [1500,2500] (3 km2; 2/3 in A1, 2/3 in B2, wholly in
    // neither): A1, first in layer order, takes x 1000-3000 (2 km2 -> 200 of 300), B2 the rest.
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "jumlah.gpkg", "GPKG", "jumlah", "EPSG:32748",
                                         wkbMultiPolygon, {{"id"}, {"jumlah", OFTReal}},
                                         {{sq(0, 0, 3000, 4000), {"agam", "1200"}},
                                          {sq(2000, 1000, 4000, 3000), {"bukit", "400"}},
                                          {sq(1000, 1500, 4000, 2500), {"lintas", "300"}}}));
    // Points: one in the overlap (counted once, in A1: first in layer order), one in B2 only.
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "titik.gpkg", "GPKG", "titik", "EPSG:32748",
                                         wkbPoint, {{"id"}},
                                         {{pt(2500, 2000), {"p1"}}, {pt(3500, 2000), {"p2"}}}));
    const fs::path scenario = write_scenario(R"(version: 1
name: uji tumpang tindih
hazard_type: flood
admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}
hazard:
  source: bahaya.tif
  classes:
    - {name: tinggi, min: 1.5}
    - {name: sedang, min: 0.7, max: 1.5}
exposures:
  - {name: rumah, kind: aggregate, source: jumlah.gpkg, count_field: jumlah}
  - {name: titik, kind: structure, source: titik.gpkg}
)");
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;

    // One warning naming the pair with codes and names, and the area.
    const std::string warning = warnings_with(out, "overlap");
    std::smatch m;
    const std::regex pattern(
        R"(^admin: 1 pair\(s\) of units overlap .*A1 Agam and B2 Bukit: ([0-9.]+) km2)");
    ASSERT_TRUE(std::regex_search(warning, m, pattern)) << warning;
    EXPECT_NEAR(std::stod(m[1].str()), 2.0 / (1.00009 * 1.00009), 0.001);

    const auto units = units_by_code(out);
    ASSERT_EQ(units.size(), 2u);
    // Agam: its own 1200 and 200 of the straddling 300; Bukit: its own 400 (not 400 - 200 as
    // when Agam took the overlap) and 100. Shares are by geodesic area, equal to the planar
    // shares here to 1e-5.
    EXPECT_NEAR(units.at("A1").num("rumah_total"), 1200 + 200, 0.01);
    EXPECT_NEAR(units.at("B2").num("rumah_total"), 400 + 100, 0.01);
    EXPECT_NEAR(units.at("A1").num("rumah_total") + units.at("B2").num("rumah_total"),
                1200 + 400 + 300, 1e-6);
    EXPECT_EQ(units.at("A1").num("titik_total"), 1);
    EXPECT_EQ(units.at("B2").num("titik_total"), 1);
}

TEST_F(SignableCounts, UnitsThatOnlyShareABorderAreNotAnOverlap) {
    ASSERT_NO_FATAL_FAILURE(write_one_cell_hazard(100));
    ASSERT_NO_FATAL_FAILURE(write_vector(
        dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:32748", wkbMultiPolygon,
        {{"kode"}, {"nama"}},
        {{sq(0, 0, 50, 100), {"A1", "Barat"}}, {sq(50, 0, 100, 100), {"B2", "Timur"}}}));
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "titik.gpkg", "GPKG", "titik", "EPSG:32748",
                                         wkbPoint, {{"id"}}, {{pt(25, 50), {"p1"}}}));
    const fs::path scenario = write_scenario(R"(version: 1
name: uji batas
hazard_type: flood
admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}
hazard: {source: bahaya.tif, classes: [{name: ada, min: 0}]}
exposures:
  - {name: titik, kind: structure, source: titik.gpkg}
)");
    const auto result = run_scenario(scenario, dir / "hasil.gpkg");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(warnings_with(dir / "hasil.gpkg", "overlap"), "");
}

// A 2 x 2 population grid in EPSG:4326, cells of 0.01 degree from lon 106.00 and lat -6.00
// down, values (rows from the top) 1000 2000 / 3000 4000. Units: U1 "Barat" the west column
// (lon 106.00-106.01), U2 "Timur" the west half of the east column (lon 106.01-106.015), so
// half of each east cell is in U2 and half outside every unit.
class PopulationUnit : public SignableCounts {
  protected:
    void write_inputs(const std::vector<double>& people) {
        RasterSpec grid;
        grid.x0 = 106.00;
        grid.y0 = -6.00;
        grid.cell = 0.01;
        grid.cols = grid.rows = 2;
        grid.values = people;
        grid.crs = "EPSG:4326";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "penduduk.tif", grid));
        RasterSpec hazard = grid;  // 1.0 everywhere
        hazard.values = {1.0, 1.0, 1.0, 1.0};
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", hazard));
        ASSERT_NO_FATAL_FAILURE(
            write_vector(dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:4326", wkbMultiPolygon,
                         {{"kode"}, {"nama"}},
                         {{box_wkt(106.00, -6.02, 106.01, -6.00), {"U1", "Barat"}},
                          {box_wkt(106.01, -6.02, 106.015, -6.00), {"U2", "Timur"}}}));
    }
    static std::string scenario_text(const std::string& exposures) {
        return "version: 1\nname: uji satuan penduduk\nhazard_type: flood\n"
               "admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}\n"
               "hazard: {source: bahaya.tif, classes: [{name: ada, min: 0}]}\nexposures:\n" +
               exposures;
    }
};

TEST_F(PopulationUnit, DensitiesAreMultipliedByTheGeodesicAreaOfTheCoveredPart) {
    ASSERT_NO_FATAL_FAILURE(write_inputs({1000, 2000, 3000, 4000}));
    const fs::path scenario = write_scenario(scenario_text(R"(  - name: jumlah
    kind: population
    source: penduduk.tif
  - name: per_km
    kind: population
    source: penduduk.tif
    unit: per_km2
  - name: per_hektar
    kind: population
    source: penduduk.tif
    unit: per_ha
    count_scale: 0.01
)"));
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(warnings_with(out, "people per km2"), "");

    // Cell areas by row (they do not depend on longitude): top lat -6.01..-6.00, bottom
    // -6.02..-6.01, each about 1.22 km2.
    const double top = quadrangle_km2(106.00, -6.01, 106.01, -6.00);
    const double bottom = quadrangle_km2(106.00, -6.02, 106.01, -6.01);
    const auto units = units_by_code(out);
    // count: people per cell as they are.
    EXPECT_NEAR(units.at("U1").num("jumlah_total"), 1000 + 3000, 1e-6);
    EXPECT_NEAR(units.at("U2").num("jumlah_total"), 0.5 * (2000 + 4000), 1e-6);
    // per_km2: value x the area of the part of the cell in the unit.
    const double u1 = 1000 * top + 3000 * bottom;
    const double u2 = 0.5 * (2000 * top + 4000 * bottom);
    EXPECT_NEAR(units.at("U1").num("per_km_total"), u1, 1e-5 * u1);
    EXPECT_NEAR(units.at("U2").num("per_km_total"), u2, 1e-5 * u2);
    // per_ha with count_scale 0.01: value x 100 per km2 x 0.01 = the same people.
    EXPECT_NEAR(units.at("U1").num("per_hektar_total"), u1, 1e-5 * u1);
    EXPECT_NEAR(units.at("U2").num("per_hektar_total"), u2, 1e-5 * u2);
    EXPECT_EQ(run_info(out).at("input.exposure.per_km.unit"), "per_km2");
}

TEST_F(PopulationUnit, ImplausibleDensityIsToldWithTheUnitAndTheKey) {
    // The same grid x 100 read as counts: U1 holds 400,000 people on 2.44 km2 (164,000 per
    // km2), U2 300,000 on 0.61 km2 (490,000 per km2): both beyond 100,000, U2 the densest.
    ASSERT_NO_FATAL_FAILURE(write_inputs({100000, 200000, 300000, 400000}));
    const fs::path scenario = write_scenario(scenario_text(R"(  - name: padat
    kind: population
    source: penduduk.tif
)"));
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string warning = warnings_with(out, "people per km2");
    std::smatch m;
    const std::regex pattern(
        R"(^exposure 'padat': unit: count gives 2 admin unit\(s\) more than 100000 people per km2.*\(U2 Timur: ([0-9]+) per km2; U1 Barat: ([0-9]+) per km2\).*`unit: per_km2`)");
    ASSERT_TRUE(std::regex_search(warning, m, pattern)) << warning;
    const double top = quadrangle_km2(106.00, -6.01, 106.01, -6.00);
    const double bottom = quadrangle_km2(106.00, -6.02, 106.01, -6.01);
    const double u2 = 300000 / (0.5 * (top + bottom));
    const double u1 = 400000 / (top + bottom);
    EXPECT_NEAR(std::stod(m[1].str()), u2, 1);
    EXPECT_NEAR(std::stod(m[2].str()), u1, 1);
}

TEST_F(PopulationUnit, AnUnknownUnitOrAUnitOnPolygonsIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_inputs({1, 2, 3, 4}));
    for (const std::string& command : {std::string("run"), std::string("check")}) {
        SCOPED_TRACE(command);
        const fs::path scenario = write_scenario(scenario_text(R"(  - name: penduduk
    kind: population
    source: penduduk.tif
    unit: orang
)"));
        const auto result = command == "run" ? run_scenario(scenario, dir / "hasil.gpkg")
                                             : run_cli({"check", scenario.string()});
        EXPECT_EQ(result.exit_code, 2) << result.err;
        EXPECT_NE(result.err.find(".unit"), std::string::npos) << result.err;
        EXPECT_NE(result.err.find("'orang'"), std::string::npos) << result.err;
        EXPECT_NE(result.err.find("per_km2"), std::string::npos) << result.err;
    }
    const fs::path polygons = write_scenario(scenario_text(R"(  - name: penduduk
    kind: population
    source: wilayah.gpkg
    count_field: kode
    unit: per_km2
)"));
    const auto result = run_cli({"check", polygons.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find(".unit"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("count_field"), std::string::npos) << result.err;
}

// Four buildings (points) on a 2 x 2 grid of 10 m cells in EPSG:32748, one unit over it all:
//   b1 in a cell of 0.0 m, b2 in 0.05 m, b3 in 0.5 m, b4 in nodata.
// The curve [[0, 0], [1, 1]] damages b2 (ratio 0.05: rusak ringan) and b3 (0.5: rusak berat).
class Affected : public SignableCounts {
  protected:
    // The 2 x 2 grid and the one unit over it.
    void write_grid_and_unit() {
        RasterSpec grid;
        grid.x0 = X0;
        grid.y0 = Y0 + 20;
        grid.cell = 10;
        grid.cols = grid.rows = 2;
        grid.values = {0.0, 0.05, 0.5, ND};
        grid.nodata = ND;
        grid.crs = "EPSG:32748";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", grid));
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:32748",
                                             wkbMultiPolygon, {{"kode"}, {"nama"}},
                                             {{sq(0, 0, 20, 20), {"A1", "Alpha"}}}));
    }
    void write_inputs() {
        ASSERT_NO_FATAL_FAILURE(write_grid_and_unit());
        ASSERT_NO_FATAL_FAILURE(write_vector(
            dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748", wkbPoint, {{"id"}},
            {{pt(5, 15), {"b1"}}, {pt(15, 15), {"b2"}}, {pt(5, 5), {"b3"}}, {pt(15, 5), {"b4"}}}));
    }
    Row run_with(const std::string& classes) {
        const fs::path scenario = write_scenario(R"(version: 1
name: uji terdampak
hazard_type: flood
admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}
hazard:
  source: bahaya.tif
)" + classes + R"(vulnerability:
  kurva_uji: {kind: curve, points: [[0, 0], [1, 1]]}
exposures:
  - {name: rusak, kind: structure, source: bangunan.gpkg, vulnerability: kurva_uji}
  - {name: tanpa, kind: structure, source: bangunan.gpkg}
)");
        const fs::path out = dir / "hasil.gpkg";
        fs::remove(out);
        const auto result = run_scenario(scenario, out);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return units_by_code(out).at("A1");
    }
};

TEST_F(Affected, WithoutClassesAffectedIsAHazardValueAboveZero) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    const Row unit = run_with("");
    // b2 and b3 have a depth above 0 (and damage); b1 (0.0 m) and b4 (nodata) do not.
    EXPECT_EQ(unit.num("rusak_affected"), 2);
    EXPECT_EQ(unit.num("rusak_rusak_ringan"), 1);
    EXPECT_EQ(unit.num("rusak_rusak_berat"), 1);
    EXPECT_EQ(unit.num("tanpa_affected"), 2);  // no damage model: the same rule
    EXPECT_EQ(unit.num("rusak_total"), 4);
    // The report does not call the three with a value "not affected" beside 2 affected.
    const std::string report = read_text(dir / "hasil.html");
    EXPECT_NE(report.find("Rusak: Ada nilai bahaya (tanpa kelas)"), std::string::npos);
    EXPECT_EQ(report.find("Rusak: Tidak terdampak"), std::string::npos);
    EXPECT_NE(report.find("tidak menetapkan kelas bahaya"), std::string::npos);
}

TEST_F(Affected, WithClassesAffectedIsInAClassOrDamaged) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    const Row unit = run_with("  classes:\n    - {name: tinggi, min: 0.3}\n");
    // b3 is in tinggi; b2 (0.05 m) is in no class but damaged (rusak ringan): affected too.
    EXPECT_EQ(unit.num("rusak_tinggi"), 1);
    EXPECT_EQ(unit.num("rusak_not_affected"), 2);  // b1, b2
    EXPECT_EQ(unit.num("rusak_not_exposed"), 1);   // b4
    EXPECT_EQ(unit.num("rusak_affected"), 2);
    EXPECT_EQ(unit.num("rusak_rusak_ringan"), 1);
    // Without a damage model only the class counts.
    EXPECT_EQ(unit.num("tanpa_affected"), 1);
}

// Without a population exposure the run knows no population: penduduk and terdampak are NULL
// (shown as "–"), not 0 people beside displaced families; so is damage per capita.
TEST_F(Affected, WithoutAPopulationLayerPeopleAreUnknownNotZero) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    const Row unit = run_with("");
    for (const char* field : {"penduduk", "terdampak", "prioritas_kerusakan_per_kapita"})
        EXPECT_TRUE(unit.null(field)) << field << " = " << unit.str(field);
    EXPECT_FALSE(unit.null("pengungsi"));
    const auto needs = rows_by(dir / "hasil.gpkg", "population_needs", "admin_code");
    EXPECT_TRUE(needs.at("A1").null("penduduk"));
    EXPECT_TRUE(needs.at("A1").null("terdampak"));
}

// An asset type a per-type vulnerability map leaves out got no damage without a word (123
// clinics rusak berat 0, Rp 0). The Affected grid, the buildings typed by `jenis`:
//   b1 'R' rumah (0.0 m), b2 'K' kesehatan (0.05 m), b3 'X' unlisted (0.5 m: class tinggi),
//   b4 'Y' unlisted (nodata: not exposed). b3 and b4 fall into lainnya.
class UnassessedTypes : public Affected {
  protected:
    void write_inputs() {
        ASSERT_NO_FATAL_FAILURE(write_grid_and_unit());
        ASSERT_NO_FATAL_FAILURE(write_vector(
            dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748", wkbPoint, {{"jenis"}},
            {{pt(5, 15), {"R"}}, {pt(15, 15), {"K"}}, {pt(5, 5), {"X"}}, {pt(15, 5), {"Y"}}}));
    }
    // The exposure's vulnerability map and value rules as written in the scenario.
    fs::path scenario_with(const std::string& vulnerability, const std::string& value = "") {
        return write_scenario(R"(version: 1
name: uji peta kerentanan
hazard_type: flood
admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}
hazard:
  source: bahaya.tif
  classes:
    - {name: tinggi, min: 0.3}
vulnerability:
  kurva_uji: {kind: curve, points: [[0, 0], [1, 1]]}
costs:
  rumah: {unit_cost: {rusak_berat: 50000000, rusak_sedang: 25000000, rusak_ringan: 10000000}}
exposures:
  - name: bangunan
    kind: structure
    source: bangunan.gpkg
    type_field: jenis
    types: {rumah: [R], kesehatan: [K]}
    vulnerability: )" + vulnerability +
                              "\n" + value);
    }
};

TEST_F(UnassessedTypes, AListedTypeLeftOutOfTheMapIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    const fs::path scenario = scenario_with("{rumah: kurva_uji, lainnya: kurva_uji}",
                                            "    value: {kesehatan: {cost_per_m2: 6000000}}\n");
    for (const std::string& command : {std::string("run"), std::string("check")}) {
        SCOPED_TRACE(command);
        const auto result = command == "run" ? run_scenario(scenario, dir / "hasil.gpkg")
                                             : run_cli({"check", scenario.string()});
        EXPECT_EQ(result.exit_code, 2) << result.err;
        // The key, the type, the exposure and what the map has.
        EXPECT_NE(result.err.find("exposures[0].vulnerability"), std::string::npos) << result.err;
        EXPECT_NE(result.err.find("asset type 'kesehatan' of exposure 'bangunan'"),
                  std::string::npos)
            << result.err;
        EXPECT_NE(result.err.find("the map has: lainnya: kurva_uji, rumah: kurva_uji"),
                  std::string::npos)
            << result.err;
        EXPECT_NE(result.err.find("`kesehatan: none`"), std::string::npos) << result.err;
    }
    EXPECT_FALSE(fs::exists(dir / "hasil.gpkg"));
}

// lainnya is known only from the features, but a value rule for it says it is meant to be
// damaged: leaving it out of the map is an error as for a listed type.
TEST_F(UnassessedTypes, APricedLainnyaLeftOutOfTheMapIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    const fs::path scenario = scenario_with("{rumah: kurva_uji, kesehatan: kurva_uji}",
                                            "    value: {lainnya: {cost_per_m2: 4000000}}\n");
    const auto result = run_cli({"check", scenario.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("asset type 'lainnya' of exposure 'bangunan' has a value rule "
                              "(exposures[0].value.lainnya)"),
              std::string::npos)
        << result.err;
}

// `<type>: none` says on purpose that a type takes no damage: no error, no warning, and its
// building counts nothing. By hand: b3 (lainnya, 0.5 m) ratio 0.5 > 0.45: rusak berat; b2
// (kesehatan: none) would be rusak ringan (0.05) with a function, here nothing; b1 0.0 m: none.
TEST_F(UnassessedTypes, NoneSaysATypeTakesNoDamage) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    const fs::path scenario =
        scenario_with("{rumah: kurva_uji, kesehatan: none, lainnya: kurva_uji}");
    const auto check = run_cli({"check", scenario.string()});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(warnings_with(out, "vulnerability map"), "");
    const Row unit = units_by_code(out).at("A1");
    EXPECT_EQ(unit.num("bangunan_rusak_berat"), 1);
    EXPECT_EQ(unit.num("bangunan_rusak_ringan"), 0);
}

// Features that fall into lainnya when the map gives it no function: a warning naming the
// exposure, how many (b3, b4: 2) and how many lie in the hazard (b3 in tinggi: 1); `check`
// counts them from the type field alone.
TEST_F(UnassessedTypes, FeaturesInAnUnmappedLainnyaAreCounted) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    const fs::path scenario = scenario_with("{rumah: kurva_uji, kesehatan: kurva_uji}");
    const auto check = run_cli({"check", scenario.string()});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(check.err.find("warning: exposure 'bangunan': 2 feature(s) have asset type "
                             "'lainnya' (type_field 'jenis' values not listed"),
              std::string::npos)
        << check.err;
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string warning = warnings_with(out, "asset type 'lainnya'");
    EXPECT_NE(warning.find("exposure 'bangunan': 2 feature(s) have asset type 'lainnya'"),
              std::string::npos)
        << warning;
    EXPECT_NE(warning.find("(kesehatan: kurva_uji, rumah: kurva_uji)"), std::string::npos)
        << warning;
    EXPECT_NE(warning.find("1 of them lie in the hazard"), std::string::npos) << warning;
    // b2 (kesehatan, 0.05 m) is rusak ringan; b3 in lainnya gets nothing.
    const Row unit = units_by_code(out).at("A1");
    EXPECT_EQ(unit.num("bangunan_rusak_berat"), 0);
    EXPECT_EQ(unit.num("bangunan_rusak_ringan"), 1);
    // Said it takes no damage: no warning.
    const fs::path quiet = scenario_with("{rumah: kurva_uji, kesehatan: kurva_uji, lainnya: none}");
    const auto again = run_scenario(quiet, out, {"--overwrite"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(warnings_with(out, "asset type 'lainnya'"), "");
}

}  // namespace
