// The counting rules, each checked by running the real binary on tiny inputs written here with
// GDAL, so that every expected value below is worked out by hand.
//
// Most tests share one 4 x 4 hazard grid in EPSG:32748 (UTM 48S) with 10 m cells. Coordinates in
// the comments are LOCAL metres: real x = X0 + x, real y = Y0 + y. Values (Float64, so bounds
// compare exactly), rows from the top, ND = nodata (-9999):
//
//            x: 0-10   10-20   20-30   30-40
//   y 30-40   0.1     0.7     1.5     2.0
//   y 20-30   0.05    0.3     1.0     ND
//   y 10-20   0.0     NaN     3.0     0.8
//   y  0-10   0.69    0.71    1.49    1.51
//
// Classes (as in the demo): tinggi (1.5, +inf), sedang (0.7, 1.5], rendah (0.1, 0.7].

#include <cmath>

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

constexpr double X0 = 700000.0;
constexpr double Y0 = 9300000.0;
constexpr double ND = -9999.0;

// A local-coordinate rectangle as real-coordinate WKT.
std::string sq(double x0, double y0, double x1, double y1) {
    return box_wkt(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}
std::string pt(double x, double y) { return point_wkt(X0 + x, Y0 + y); }

const char* kClasses = R"(  classes:
    - {name: tinggi, min: 1.5}
    - {name: sedang, min: 0.7, max: 1.5}
    - {name: rendah, min: 0.1, max: 0.7}
)";

class RuleTest : public ::testing::Test {
  protected:
    TempDir dir;

    void write_grid(const std::string& crs = "EPSG:32748") {
        RasterSpec r;
        r.x0 = X0;
        r.y0 = Y0 + 40;
        r.cell = 10;
        r.cols = 4;
        r.rows = 4;
        r.values = {0.1,  0.7,  1.5,  2.0,  //
                    0.05, 0.3,  1.0,  ND,   //
                    0.0,  kNaN, 3.0,  0.8,  //
                    0.69, 0.71, 1.49, 1.51};
        r.nodata = ND;
        r.crs = crs;
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", r));
    }

    // Admin units as (code, name, local rectangle) in EPSG:32748.
    void write_admin(const std::vector<std::tuple<std::string, std::string, std::string>>& units) {
        std::vector<FeatureSpec> features;
        for (const auto& [code, name, wkt] : units) features.push_back({wkt, {code, name}});
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:32748",
                                             wkbMultiPolygon, {{"kode"}, {"nama"}}, features));
    }

    static std::string header(const std::string& admin_extra = "",
                              const std::string& hazard_extra = "") {
        return "version: 1\nname: uji aturan\nhazard_type: flood\n"
               "admin:\n  source: wilayah.gpkg\n  code_field: kode\n  name_field: nama\n" +
               admin_extra + "hazard:\n  source: bahaya.tif\n" + hazard_extra + kClasses +
               "exposures:\n";
    }

    fs::path write_scenario(const std::string& text) {
        const fs::path path = dir / "skenario.yaml";
        write_text(path, text);
        return path;
    }
};

// Expected (hazard_class, hazard_value or nullopt) of one feature.
struct Expect {
    std::string id;
    std::string hazard_class;
    std::optional<double> value;
};

void expect_hazard(const std::map<std::string, Row>& rows, const std::vector<Expect>& expected,
                   const std::string& what) {
    ASSERT_EQ(rows.size(), expected.size()) << what;
    for (const auto& e : expected) {
        SCOPED_TRACE(what + " feature " + e.id);
        ASSERT_EQ(rows.count(e.id), 1u);
        const Row& row = rows.at(e.id);
        EXPECT_EQ(row.str("hazard_class"), e.hazard_class);
        if (e.value) {
            ASSERT_FALSE(row.null("hazard_value"));
            EXPECT_DOUBLE_EQ(row.num("hazard_value"), *e.value);
        } else {
            EXPECT_TRUE(row.null("hazard_value")) << row.str("hazard_value");
        }
    }
}

}  // namespace

// The same footprints sampled with `centroid` and with `max` (two exposures, one source), and
// points (which are sampled where they are, whatever the method).
TEST_F(RuleTest, CentroidAndMaxSampling) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"01", "Satu", sq(-100, -100, 100, 100)}}));
    // id, footprint (local)                        centroid          | max
    const std::vector<FeatureSpec> buildings = {
        {sq(3, 33, 7, 37), {"b1"}},     // (5,35)   0.1  not_affected | 0.1 (== rendah min)
        {sq(13, 33, 17, 37), {"b2"}},   // (15,35)  0.7  rendah       | same (== rendah max)
        {sq(23, 33, 27, 37), {"b3"}},   // (25,35)  1.5  sedang       | same (== sedang max)
        {sq(33, 33, 37, 37), {"b4"}},   // (35,35)  2.0  tinggi       | same
        {sq(33, 23, 37, 27), {"b5"}},   // (35,25)  ND   not_exposed  | same
        {sq(13, 13, 17, 17), {"b6"}},   // (15,15)  NaN  not_exposed  | same
        {sq(3, 13, 7, 17), {"b7"}},     // (5,15)   0.0  not_affected | same
        {sq(20, 0, 30, 10), {"b8"}},    // exactly cell 1.49 sedang; neighbours 1.51 (right
                                        // edge) and 3.0 (top edge) only touch: max 1.49
        {sq(0, 0, 10, 10), {"b9"}},     // exactly cell 0.69 rendah; 0.71 touches (right edge),
                                        // NaN touches at a corner: max 0.69
        {sq(4, 12, 14, 24), {"b10"}},   // centroid (9,18) -> 0.0 not_affected | max over
                                        // {0.05, 0.3, 0.0, NaN} = 0.3 rendah
        {sq(21, 32, 33, 38), {"b11"}},  // centroid (27,35) -> 1.5 sedang | max 2.0 tinggi
        {sq(26, 22, 36, 28), {"b12"}},  // centroid (31,25) -> ND not_exposed | max 1.0 sedang
        {sq(36, 2, 46, 8), {"b13"}},    // centroid (41,5) off the grid | max 1.51 tinggi
        {sq(50, 2, 56, 8), {"b14"}},    // entirely off the grid: not_exposed both
        {sq(3, 23, 7, 27), {"b15"}},    // (5,25) 0.05: below every class -> not_affected
        {sq(40, 12, 46, 18), {"b16"}},  // off the grid, touching its east edge: not_exposed
        // b17: a ring x 15-35, y 5-25 whose hole is exactly the 3.0 cell (x 20-30, y 10-20).
        //      centroid (25,15) lies in the hole -> 3.0 tinggi | max: the hole's cell only
        //      touches the footprint; highest overlapped cell is 1.51 -> tinggi (value 1.51)
        {box_with_hole_wkt({X0 + 15, Y0 + 5, X0 + 35, Y0 + 25},
                           {X0 + 20, Y0 + 10, X0 + 30, Y0 + 20}),
         {"b17"}},
    };
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748",
                                         wkbMultiPolygon, {{"id"}}, buildings));
    const std::vector<FeatureSpec> points = {
        {pt(5, 35), {"p1"}},   // 0.1 not_affected
        {pt(25, 15), {"p2"}},  // 3.0 tinggi
        {pt(35, 25), {"p3"}},  // ND  not_exposed
        {pt(-5, 5), {"p4"}},   // off the grid: not_exposed
        {pt(15, 15), {"p5"}},  // NaN not_exposed
        {pt(15, 5), {"p6"}},   // 0.71 sedang
    };
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "titik.gpkg", "GPKG", "titik", "EPSG:32748",
                                         wkbPoint, {{"id"}}, points));
    const fs::path scenario = write_scenario(header() + R"(  - name: tengah
    kind: structure
    source: bangunan.gpkg
    sampling: centroid
  - name: maks
    kind: structure
    source: bangunan.gpkg
    sampling: max
  - name: titik
    kind: structure
    source: titik.gpkg
    sampling: max
)");
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;

    expect_hazard(rows_by(out, "impact_tengah", "id"),
                  {{"b1", "not_affected", 0.1},
                   {"b2", "rendah", 0.7},
                   {"b3", "sedang", 1.5},
                   {"b4", "tinggi", 2.0},
                   {"b5", "not_exposed", std::nullopt},
                   {"b6", "not_exposed", std::nullopt},
                   {"b7", "not_affected", 0.0},
                   {"b8", "sedang", 1.49},
                   {"b9", "rendah", 0.69},
                   {"b10", "not_affected", 0.0},
                   {"b11", "sedang", 1.5},
                   {"b12", "not_exposed", std::nullopt},
                   {"b13", "not_exposed", std::nullopt},
                   {"b14", "not_exposed", std::nullopt},
                   {"b15", "not_affected", 0.05},
                   {"b16", "not_exposed", std::nullopt},
                   {"b17", "tinggi", 3.0}},
                  "centroid");
    expect_hazard(rows_by(out, "impact_maks", "id"),
                  {{"b1", "not_affected", 0.1},
                   {"b2", "rendah", 0.7},
                   {"b3", "sedang", 1.5},
                   {"b4", "tinggi", 2.0},
                   {"b5", "not_exposed", std::nullopt},
                   {"b6", "not_exposed", std::nullopt},
                   {"b7", "not_affected", 0.0},
                   {"b8", "sedang", 1.49},
                   {"b9", "rendah", 0.69},
                   {"b10", "rendah", 0.3},
                   {"b11", "tinggi", 2.0},
                   {"b12", "sedang", 1.0},
                   {"b13", "tinggi", 1.51},
                   {"b14", "not_exposed", std::nullopt},
                   {"b15", "not_affected", 0.05},
                   {"b16", "not_exposed", std::nullopt},
                   {"b17", "tinggi", 1.51}},
                  "max");
    expect_hazard(rows_by(out, "impact_titik", "id"),
                  {{"p1", "not_affected", 0.1},
                   {"p2", "tinggi", 3.0},
                   {"p3", "not_exposed", std::nullopt},
                   {"p4", "not_exposed", std::nullopt},
                   {"p5", "not_exposed", std::nullopt},
                   {"p6", "sedang", 0.71}},
                  "points");

    // impact_summary: no type_field, so asset_type is the exposure's name; zero rows omitted.
    const auto counts = summary_counts(out);
    const std::map<SummaryKey, double> expected = {
        {{"01", "tengah", "tengah", "tinggi"}, 2},        // b4 b17
        {{"01", "tengah", "tengah", "sedang"}, 3},        // b3 b8 b11
        {{"01", "tengah", "tengah", "rendah"}, 2},        // b2 b9
        {{"01", "tengah", "tengah", "not_affected"}, 4},  // b1 b7 b10 b15
        {{"01", "tengah", "tengah", "not_exposed"}, 6},   // b5 b6 b12 b13 b14 b16
        {{"01", "maks", "maks", "tinggi"}, 4},            // b4 b11 b13 b17
        {{"01", "maks", "maks", "sedang"}, 3},            // b3 b8 b12
        {{"01", "maks", "maks", "rendah"}, 3},            // b2 b9 b10
        {{"01", "maks", "maks", "not_affected"}, 3},      // b1 b7 b15
        {{"01", "maks", "maks", "not_exposed"}, 4},       // b5 b6 b14 b16
        {{"01", "titik", "titik", "tinggi"}, 1},
        {{"01", "titik", "titik", "sedang"}, 1},
        {{"01", "titik", "titik", "not_affected"}, 1},
        {{"01", "titik", "titik", "not_exposed"}, 3},
    };
    EXPECT_EQ(counts, expected);
}

// BUG: with `max`, a footprint whose area lies only in nodata cells takes the value of a
// neighbouring cell it merely touches along an edge. raster_sampling.cpp's sample_max falls back
// to "any contact" whenever no valued cell overlaps the footprint's interior; its comment says
// the fallback is meant for zero-area footprints only, but it also applies to a normal footprint
// over nodata. Here the building is exactly the ND cell (x 30-40, y 20-30); the only valued cell
// in the search window is 0.8 below it (shared edge y = 20), so the tool reports 0.8 / sedang.
// The rule (and tests/reference/reference_counts.py) says: no cell with a value overlaps the
// footprint's area -> no value -> not_exposed.
TEST_F(RuleTest, MaxIgnoresCellsThatOnlyTouchAFootprintOverNodata) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"01", "Satu", sq(-100, -100, 100, 100)}}));
    ASSERT_NO_FATAL_FAILURE(write_vector(
        dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748", wkbMultiPolygon, {{"id"}},
        {{sq(30, 20, 40, 30), {"nd_cell"}}, {sq(32, 22, 38, 28), {"inside_nd"}}}));
    const fs::path scenario = write_scenario(header() + R"(  - name: maks
    kind: structure
    source: bangunan.gpkg
    sampling: max
)");
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_hazard(
        rows_by(out, "impact_maks", "id"),
        {{"nd_cell", "not_exposed", std::nullopt}, {"inside_nd", "not_exposed", std::nullopt}},
        "max over nodata");
}

// Class bounds: min exclusive, max inclusive, open ends and gaps (overlapping classes are
// refused: CliErrors.OverlappingHazardClassesAreRefused). One row of cells, sampled at their
// centres by points.
TEST_F(RuleTest, ClassBoundsMinExclusiveMaxInclusive) {
    // Classes: berat (2.0, +inf); sedang (1.0, 2.0]; ringan (-inf, 0.5]. Gap (0.5, 1.0] ->
    // not_affected.
    const std::vector<std::pair<double, std::string>> cells = {
        {2.2, "berat"},
        {2.0, "sedang"},         // == berat min (exclusive), == sedang max (inclusive)
        {2.5, "berat"},
        {1.0, "not_affected"},   // == sedang min (exclusive), above ringan: in no class
        {1.000001, "sedang"},    // just above sedang min
        {0.75, "not_affected"},  // in the gap
        {0.5, "ringan"},         // == ringan max (inclusive)
        {-3.0, "ringan"},        // open lower end
        {0.0, "ringan"},
    };
    RasterSpec r;
    r.x0 = X0;
    r.y0 = Y0 + 10;
    r.cell = 10;
    r.cols = static_cast<int>(cells.size());
    r.rows = 1;
    r.crs = "EPSG:32748";
    std::vector<FeatureSpec> points;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        r.values.push_back(cells[i].first);
        points.push_back({pt(10.0 * static_cast<double>(i) + 5, 5), {std::to_string(i)}});
    }
    ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", r));
    ASSERT_NO_FATAL_FAILURE(write_admin({{"01", "Satu", sq(-100, -100, 200, 100)}}));
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "titik.gpkg", "GPKG", "titik", "EPSG:32748",
                                         wkbPoint, {{"id"}}, points));
    const fs::path scenario = write_scenario(R"(version: 1
name: batas kelas
hazard_type: generic
admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}
hazard:
  source: bahaya.tif
  classes:
    - {name: berat, min: 2.0}
    - {name: sedang, min: 1.0, max: 2.0}
    - {name: ringan, max: 0.5}
exposures:
  - {name: titik, kind: structure, source: titik.gpkg, sampling: centroid}
)");
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::vector<Expect> expected;
    for (std::size_t i = 0; i < cells.size(); ++i)
        expected.push_back({std::to_string(i), cells[i].second, cells[i].first});
    expect_hazard(rows_by(out, "impact_titik", "id"), expected, "class bounds");

    // admin_summary has one column per class, then not_affected, not_exposed, affected, total.
    const auto admin_rows = read_rows(out, "admin_summary");
    ASSERT_EQ(admin_rows.size(), 1u);
    const Row& unit = admin_rows[0];
    EXPECT_EQ(unit.num("titik_berat"), 2);
    EXPECT_EQ(unit.num("titik_sedang"), 2);
    EXPECT_EQ(unit.num("titik_ringan"), 3);
    EXPECT_EQ(unit.num("titik_not_affected"), 2);
    EXPECT_EQ(unit.num("titik_not_exposed"), 0);
    EXPECT_EQ(unit.num("titik_affected"), 7);
    EXPECT_EQ(unit.num("titik_total"), 9);
}

// Admin unit: the unit containing the centroid, else the one overlapped most, else none. A
// straddling building is counted once; outside buildings have a NULL admin_code.
TEST_F(RuleTest, AdminUnitByCentroidThenLargestOverlapElseOutside) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    // A1 "Alpha" x 0-20, B2 "Beta" x 20-40, both y 0-40 (the grid's extent).
    ASSERT_NO_FATAL_FAILURE(
        write_admin({{"A1", "Alpha", sq(0, 0, 20, 40)}, {"B2", "Beta", sq(20, 0, 40, 40)}}));
    // Two parts: west x 0.5-2.5 (area 32, cx 1.5) in A1, east x 21-24 (area 48, cx 22.5) in B2.
    // Centroid x = (32 * 1.5 + 48 * 22.5) / 80 = 14.1, y = 20: inside A1, although B2 holds
    // more of the footprint (48 > 32). The centroid rule wins -> A1.
    const std::string two_parts = multi_box_wkt(
        {{X0 + 0.5, Y0 + 12, X0 + 2.5, Y0 + 28}, {X0 + 21, Y0 + 12, X0 + 24, Y0 + 28}});
    const std::vector<FeatureSpec> buildings = {
        // a1: inside A1. Cell 0.69 -> rendah.
        {sq(2, 2, 8, 8), {"a1", "Rumah"}},
        // a2: straddles, centroid (24,35) in B2 (overlap A1 6x8=48, B2 14x8=112) -> B2 only.
        //     Cells 0.7, 1.5, 2.0 -> tinggi.
        {sq(14, 31, 34, 39), {"a2", "Sekolah"}},
        // a3: the two-part footprint -> A1. Cells 0.05, 0.0 (west), 1.0, 3.0 (east) -> tinggi.
        {two_parts, {"a3", "Rumah"}},
        // a4: centroid (21,-2) is south of both units; overlap A1 x 12-20 y 0-2 = 16, B2 x 20-30
        //     y 0-2 = 20 -> B2. Cells 0.71, 1.49 (1.51 only touches at x = 30) -> sedang.
        {sq(12, -6, 30, 2), {"a4", "Rumah"}},
        // a5: far away: no unit, no value.
        {sq(50, 50, 55, 55), {"a5", std::nullopt}},
        // a6: east of B2 (which ends at x = 40), no overlap.
        {sq(41, 10, 47, 16), {"a6", "Rumah"}},
        // a7: touches B2's east edge (x = 40) from outside: zero-area overlap does not count.
        {sq(40, 20, 46, 26), {"a7", "Rumah"}},
        // a8: no geometry at all: no unit, no value.
        {"", {"a8", "Rumah"}},
    };
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748",
                                         wkbMultiPolygon, {{"id"}, {"jenis"}}, buildings));
    const fs::path scenario = write_scenario(header() + R"(  - name: bangunan
    kind: structure
    source: bangunan.gpkg
    type_field: jenis
    types:
      rumah: [Rumah]
    sampling: max
)");
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;

    const auto rows = rows_by(out, "impact_bangunan", "id");
    ASSERT_EQ(rows.size(), buildings.size());
    const std::map<std::string, std::optional<std::pair<std::string, std::string>>> admin = {
        {"a1", {{"A1", "Alpha"}}}, {"a2", {{"B2", "Beta"}}}, {"a3", {{"A1", "Alpha"}}},
        {"a4", {{"B2", "Beta"}}},  {"a5", std::nullopt},     {"a6", std::nullopt},
        {"a7", std::nullopt},      {"a8", std::nullopt}};
    for (const auto& [id, unit] : admin) {
        SCOPED_TRACE(id);
        const Row& row = rows.at(id);
        if (unit) {
            EXPECT_EQ(row.str("admin_code"), unit->first);
            EXPECT_EQ(row.str("admin_name"), unit->second);
        } else {
            EXPECT_TRUE(row.null("admin_code")) << row.str("admin_code");
            EXPECT_TRUE(row.null("admin_name")) << row.str("admin_name");
        }
    }
    // Input attributes are kept; unlisted (Sekolah) and NULL types become "lainnya".
    EXPECT_EQ(rows.at("a2").str("jenis"), "Sekolah");
    EXPECT_EQ(rows.at("a2").str("asset_type"), "lainnya");
    EXPECT_EQ(rows.at("a5").str("asset_type"), "lainnya");
    EXPECT_TRUE(rows.at("a5").null("jenis"));
    EXPECT_EQ(rows.at("a1").str("asset_type"), "rumah");
    EXPECT_EQ(rows.at("a3").str("hazard_class"), "tinggi");
    EXPECT_EQ(rows.at("a4").str("hazard_class"), "sedang");
    EXPECT_DOUBLE_EQ(rows.at("a4").num("hazard_value"), 1.49);

    const auto counts = summary_counts(out);
    const std::map<SummaryKey, double> expected = {
        {{"A1", "bangunan", "rumah", "tinggi"}, 1},             // a3
        {{"A1", "bangunan", "rumah", "rendah"}, 1},             // a1
        {{"B2", "bangunan", "rumah", "sedang"}, 1},             // a4
        {{"B2", "bangunan", "lainnya", "tinggi"}, 1},           // a2
        {{kOutside, "bangunan", "rumah", "not_exposed"}, 3},    // a6 a7 a8
        {{kOutside, "bangunan", "lainnya", "not_exposed"}, 1},  // a5
    };
    EXPECT_EQ(counts, expected);
    EXPECT_EQ(exposure_total(counts, "bangunan"), static_cast<double>(buildings.size()));

    // Outside rows really have a NULL admin_code (and admin_name).
    int outside_rows = 0;
    for (const auto& row : read_rows(out, "impact_summary")) {
        if (!row.null("admin_code")) continue;
        ++outside_rows;
        EXPECT_TRUE(row.null("admin_name"));
    }
    EXPECT_EQ(outside_rows, 2);

    // admin_summary: one row per unit, in layer order; outside is not a row.
    const auto units = read_rows(out, "admin_summary");
    ASSERT_EQ(units.size(), 2u);
    EXPECT_EQ(units[0].str("admin_code"), "A1");
    EXPECT_EQ(units[0].str("admin_name"), "Alpha");
    EXPECT_EQ(units[0].num("bangunan_tinggi"), 1);
    EXPECT_EQ(units[0].num("bangunan_sedang"), 0);
    EXPECT_EQ(units[0].num("bangunan_rendah"), 1);
    EXPECT_EQ(units[0].num("bangunan_not_affected"), 0);
    EXPECT_EQ(units[0].num("bangunan_not_exposed"), 0);
    EXPECT_EQ(units[0].num("bangunan_affected"), 2);
    EXPECT_EQ(units[0].num("bangunan_total"), 2);
    EXPECT_EQ(units[1].str("admin_code"), "B2");
    EXPECT_EQ(units[1].num("bangunan_tinggi"), 1);
    EXPECT_EQ(units[1].num("bangunan_sedang"), 1);
    EXPECT_EQ(units[1].num("bangunan_affected"), 2);
    EXPECT_EQ(units[1].num("bangunan_total"), 2);
}

// Buildings in UTM 48S, admin units in EPSG:4326 and the hazard grid in EPSG:3857: everything is
// reprojected (to the admin CRS for units and output, to the hazard CRS for sampling). The
// layout is drawn in longitude/latitude, so the expected answers need no projection maths:
//   admin  N1: lon 106-107, lat -6.5..-6      S2: lon 106-107, lat -7..-6.5
//   hazard (Web Mercator, whose columns are meridians): west column lon 106-106.5 = 0.5
//          (rendah), east column lon 106.5-107 = 2.0 (tinggi), rows covering lat -5.9..-7.4.
TEST_F(RuleTest, InputsAreReprojected) {
    const OGRSpatialReference wgs84 = make_srs("EPSG:4326");
    const OGRSpatialReference utm = make_srs("EPSG:32748");
    const OGRSpatialReference mercator = make_srs("EPSG:3857");
    std::unique_ptr<OGRCoordinateTransformation> to_utm(
        OGRCreateCoordinateTransformation(&wgs84, &utm));
    std::unique_ptr<OGRCoordinateTransformation> to_mercator(
        OGRCreateCoordinateTransformation(&wgs84, &mercator));
    ASSERT_TRUE(to_utm && to_mercator);

    double west = 106.0, mid = 106.5, north = -5.9, y_mid = -6.5;
    ASSERT_TRUE(to_mercator->Transform(1, &west, &north));
    ASSERT_TRUE(to_mercator->Transform(1, &mid, &y_mid));
    RasterSpec r;
    r.x0 = west;
    r.y0 = north;
    r.cell = mid - west;  // half a degree of longitude, ~55.7 km
    r.cols = 2;
    r.rows = 3;  // ~167 km: down to about lat -7.4
    r.values = {0.5, 2.0, 0.5, 2.0, 0.5, 2.0};
    r.crs = "EPSG:3857";
    ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", r));

    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:4326",
                                         wkbMultiPolygon, {{"kode"}, {"nama"}},
                                         {{box_wkt(106, -6.5, 107, -6), {"N1", "Utara"}},
                                          {box_wkt(106, -7, 107, -6.5), {"S2", "Selatan"}}}));

    // 20 m squares in UTM around these lon/lat points.
    const std::vector<std::tuple<std::string, double, double>> places = {
        {"r1", 106.25, -6.25},  // N1 rendah
        {"r2", 106.75, -6.25},  // N1 tinggi
        {"r3", 106.25, -6.75},  // S2 rendah
        {"r4", 106.75, -6.75},  // S2 tinggi
        {"r5", 107.5, -6.25},   // east of everything: outside, not_exposed
    };
    std::vector<FeatureSpec> buildings;
    for (const auto& [id, lon, lat] : places) {
        double x = lon, y = lat;
        ASSERT_TRUE(to_utm->Transform(1, &x, &y));
        buildings.push_back({box_wkt(x - 10, y - 10, x + 10, y + 10), {id}});
    }
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748",
                                         wkbMultiPolygon, {{"id"}}, buildings));
    // Points in a GeoJSON file (always EPSG:4326).
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "fasilitas.geojson", "GeoJSON", "fasilitas",
                                         "EPSG:4326", wkbPoint, {{"id"}},
                                         {{point_wkt(106.4, -6.9), {"f1"}},     // S2 rendah
                                          {point_wkt(106.6, -6.1), {"f2"}}}));  // N1 tinggi

    const fs::path scenario = dir / "skenario.yaml";
    write_text(scenario, R"(version: 1
name: proyeksi
hazard_type: flood
admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}
hazard:
  source: bahaya.tif
)" + std::string(kClasses) + R"(exposures:
  - {name: bangunan, kind: structure, source: bangunan.gpkg, sampling: max}
  - {name: fasilitas, kind: structure, source: fasilitas.geojson, sampling: centroid}
)");
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;

    const std::map<SummaryKey, double> expected = {
        {{"N1", "bangunan", "bangunan", "tinggi"}, 1},
        {{"N1", "bangunan", "bangunan", "rendah"}, 1},
        {{"S2", "bangunan", "bangunan", "tinggi"}, 1},
        {{"S2", "bangunan", "bangunan", "rendah"}, 1},
        {{kOutside, "bangunan", "bangunan", "not_exposed"}, 1},
        {{"N1", "fasilitas", "fasilitas", "tinggi"}, 1},
        {{"S2", "fasilitas", "fasilitas", "rendah"}, 1},
    };
    EXPECT_EQ(summary_counts(out), expected);

    // The impact layer is in the admin CRS: its geometries are in degrees around the places.
    Dataset ds = open_vector(out);
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("impact_bangunan");
    ASSERT_NE(layer, nullptr);
    ASSERT_NE(layer->GetSpatialRef(), nullptr);
    EXPECT_TRUE(layer->GetSpatialRef()->IsSame(&wgs84));
    std::map<std::string, std::pair<double, double>> where;
    for (const auto& [id, lon, lat] : places) where[id] = {lon, lat};
    for (auto& feature : *layer) {
        const std::string id = feature->GetFieldAsString("id");
        OGRPoint centroid;
        ASSERT_EQ(feature->GetGeometryRef()->Centroid(&centroid), OGRERR_NONE);
        EXPECT_NEAR(centroid.getX(), where.at(id).first, 1e-6) << id;
        EXPECT_NEAR(centroid.getY(), where.at(id).second, 1e-6) << id;
        const std::string cls = feature->GetFieldAsString("hazard_class");
        EXPECT_EQ(cls,
                  id == "r5" ? "not_exposed" : (where.at(id).first < 106.5 ? "rendah" : "tinggi"))
            << id;
    }
}

// An input without a CRS is an error naming the file (exit 1), unless the scenario gives `crs:`
// for it; then it runs and the CRS is used.
TEST_F(RuleTest, InputWithoutCrsNeedsScenarioCrs) {
    ASSERT_NO_FATAL_FAILURE(write_grid(/*crs=*/""));  // a GeoTIFF without a CRS
    ASSERT_NO_FATAL_FAILURE(write_admin({{"01", "Satu", sq(0, 0, 40, 40)}}));
    // A shapefile written without a CRS has no .prj.
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "tanpa_crs.shp", "ESRI Shapefile", "tanpa_crs", "",
                                         wkbPolygon, {{"id"}},
                                         {{sq(33, 33, 37, 37), {"b4"}}}));  // 2.0 tinggi
    ASSERT_FALSE(fs::exists(dir / "tanpa_crs.prj"));
    const std::string exposure = R"(  - name: bangunan
    kind: structure
    source: tanpa_crs.shp
    sampling: max
)";
    const fs::path out = dir / "hasil.gpkg";

    // Only the raster lacks a CRS (the shapefile's is given in the scenario).
    {
        const fs::path scenario = write_scenario(header() + exposure + "    crs: EPSG:32748\n");
        for (const std::string command : {"run", "check"}) {
            SCOPED_TRACE(command);
            const auto result =
                command == "run" ? run_scenario(scenario, out) : run_cli({"check", scenario});
            EXPECT_EQ(result.exit_code, 1) << result.err;
            expect_one_line_error(result);
            EXPECT_NE(result.err.find("bahaya.tif"), std::string::npos) << result.err;
            EXPECT_NE(result.err.find("crs"), std::string::npos) << result.err;
            EXPECT_FALSE(fs::exists(out));
        }
    }
    // Only the shapefile lacks a CRS (the raster's is given in the scenario).
    {
        const fs::path scenario = write_scenario(header("", "  crs: EPSG:32748\n") + exposure);
        for (const std::string command : {"run", "check"}) {
            SCOPED_TRACE(command);
            const auto result =
                command == "run" ? run_scenario(scenario, out) : run_cli({"check", scenario});
            EXPECT_EQ(result.exit_code, 1) << result.err;
            expect_one_line_error(result);
            EXPECT_NE(result.err.find("tanpa_crs.shp"), std::string::npos) << result.err;
            EXPECT_NE(result.err.find("crs"), std::string::npos) << result.err;
            EXPECT_FALSE(fs::exists(out));
        }
    }
    // Both given: it runs, and the building is where the CRS says.
    {
        const fs::path scenario =
            write_scenario(header("", "  crs: EPSG:32748\n") + exposure + "    crs: EPSG:32748\n");
        const auto result = run_scenario(scenario, out);
        ASSERT_EQ(result.exit_code, 0) << result.err;
        const auto rows = rows_by(out, "impact_bangunan", "id");
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows.at("b4").str("admin_code"), "01");
        EXPECT_EQ(rows.at("b4").str("hazard_class"), "tinggi");
        EXPECT_DOUBLE_EQ(rows.at("b4").num("hazard_value"), 2.0);
    }
    // A CRS in the file wins over the scenario's `crs:` (which is only a fallback).
    {
        ASSERT_NO_FATAL_FAILURE(write_grid("EPSG:32748"));
        const fs::path scenario =
            write_scenario(header("  crs: EPSG:4326\n") + exposure + "    crs: EPSG:32748\n");
        const fs::path out2 = dir / "hasil2.gpkg";
        const auto result = run_scenario(scenario, out2);
        ASSERT_EQ(result.exit_code, 0) << result.err;
        EXPECT_EQ(rows_by(out2, "impact_bangunan", "id").at("b4").str("admin_code"), "01");
    }
}

// The impact layer keeps every input attribute; input fields named like the tool's own
// (admin_code, hazard_class ...) are kept with a src_ prefix instead of being overwritten.
TEST_F(RuleTest, InputAttributesAreKeptAndClashingNamesPrefixed) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"01", "Satu", sq(0, 0, 40, 40)}}));
    ASSERT_NO_FATAL_FAILURE(
        write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748", wkbMultiPolygon,
                     {{"id"}, {"admin_code"}, {"hazard_class"}, {"lantai", OFTInteger}},
                     {{sq(33, 33, 37, 37), {"b4", "lama", "lama_juga", "2"}}}));  // 2.0 tinggi
    const fs::path scenario = write_scenario(header() + R"(  - name: bangunan
    kind: structure
    source: bangunan.gpkg
)");
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto rows = read_rows(out, "impact_bangunan");
    ASSERT_EQ(rows.size(), 1u);
    const Row& row = rows[0];
    EXPECT_EQ(row.str("id"), "b4");
    EXPECT_EQ(row.str("src_admin_code"), "lama");
    EXPECT_EQ(row.str("src_hazard_class"), "lama_juga");
    EXPECT_EQ(row.str("lantai"), "2");
    EXPECT_EQ(row.str("admin_code"), "01");
    EXPECT_EQ(row.str("hazard_class"), "tinggi");
    EXPECT_EQ(row.str("asset_type"), "bangunan");
}

// A Float32 grid whose nodata value is not exactly representable in float32 (an ESRI ASCII grid
// with NODATA_value -9999.9, which GDAL reads as Float32): its nodata cells are still no value.
TEST_F(RuleTest, Float32AsciiGridNodataIsNoValue) {
    // Two 10 m cells, x 0-10 = nodata, x 10-20 = 2.5; no .prj, so the CRS is given below.
    write_text(dir / "bahaya.asc", "ncols 2\nnrows 1\nxllcorner " + num_text(X0) + "\nyllcorner " +
                                       num_text(Y0) +
                                       "\ncellsize 10\nNODATA_value -9999.9\n-9999.9 2.5\n");
    ASSERT_NO_FATAL_FAILURE(write_admin({{"01", "Satu", sq(-100, -100, 100, 100)}}));
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "titik.gpkg", "GPKG", "titik", "EPSG:32748",
                                         wkbPoint, {{"id"}},
                                         {{pt(5, 5), {"nodata"}}, {pt(15, 5), {"value"}}}));
    const fs::path scenario = write_scenario(
        replace_all(header("", "  crs: EPSG:32748\n"), "source: bahaya.tif", "source: bahaya.asc") +
        "  - {name: titik, kind: structure, source: titik.gpkg}\n");
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_hazard(rows_by(out, "impact_titik", "id"),
                  {{"nodata", "not_exposed", std::nullopt}, {"value", "tinggi", 2.5}},
                  "float32 nodata");
}
