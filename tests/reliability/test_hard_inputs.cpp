// Hard and broken inputs, each run through the real binary on tiny files written here with
// GDAL, with every expected number worked out by hand from the counting rules (README.md).
//
// The world, in UTM 48S local metres (reliability_support.hpp): a hazard grid of 10 x 4 cells
// of 10 m, x 0-100, y 0-40, whose value depends on the column only, repeating every 4 columns:
//
//   column (x)   0-10  10-20  20-30  30-40  40-50  50-60  60-70  70-80  80-90  90-100
//   value        0.3   1.0    2.0    0.05   0.3    1.0    2.0    0.05   0.3    1.0
//   class        rendah sedang tinggi  n_a    rendah sedang tinggi  n_a   rendah sedang
//
// Classes (as in the demo): tinggi (1.5, +inf), sedang (0.7, 1.5], rendah (0.1, 0.7];
// n_a = not_affected. Points are kept off cell edges and admin borders.

#include <fmt/format.h>

#include <regex>

#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

const char* kClasses = R"(  classes:
    - {name: tinggi, min: 1.5}
    - {name: sedang, min: 0.7, max: 1.5}
    - {name: rendah, min: 0.1, max: 0.7}
)";

struct Expected {
    std::string id;
    std::string admin;  // "" = outside every unit (admin_code NULL)
    std::string hazard_class;
};

class ReliabilityInputs : public ::testing::Test {
  protected:
    TempDir dir;

    void write_grid(int cols = 10) {
        RasterSpec r;
        r.x0 = X0;
        r.y0 = Y0 + 40;
        r.cell = 10;
        r.cols = cols;
        r.rows = 4;
        const double pattern[4] = {0.3, 1.0, 2.0, 0.05};
        for (int row = 0; row < r.rows; ++row)
            for (int c = 0; c < cols; ++c) r.values.push_back(pattern[c % 4]);
        r.nodata = ND;
        r.crs = "EPSG:32748";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", r));
    }

    // Admin units (code, WKT in real coordinates) named "Unit <code>".
    void write_admin(const std::vector<std::pair<std::string, std::string>>& units,
                     OGRwkbGeometryType type = wkbMultiPolygon,
                     const std::string& file = "wilayah.gpkg") {
        std::vector<FeatureSpec> features;
        for (const auto& [code, wkt] : units) features.push_back({wkt, {code, "Unit " + code}});
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / file, "GPKG", "wilayah", "EPSG:32748", type,
                                             {{"kode"}, {"nama"}}, features));
    }

    // A layer of features (id, WKT in real coordinates).
    void write_assets(const std::string& file, OGRwkbGeometryType type,
                      const std::vector<std::pair<std::string, std::string>>& items,
                      const std::string& driver = "GPKG") {
        std::vector<FeatureSpec> features;
        for (const auto& [id, wkt] : items) features.push_back({wkt, {id}});
        const std::string layer = fs::path(file).stem().string();
        ASSERT_NO_FATAL_FAILURE(
            write_vector(dir / file, driver, layer, "EPSG:32748", type, {{"id"}}, features));
    }

    // A: a bow-tie; B: a ring touching itself at (50, 0) around an inner loop (see below).
    void write_invalid_admin() {
        const std::string bow_tie = ring_wkt({{0, 0}, {40, 40}, {40, 0}, {0, 40}, {0, 0}});
        const std::string self_touching = ring_wkt({{50, 0},
                                                    {90, 0},
                                                    {90, 40},
                                                    {50, 40},
                                                    {50, 0},
                                                    {60, 15},
                                                    {80, 15},
                                                    {80, 25},
                                                    {60, 25},
                                                    {50, 0}});
        ASSERT_NO_FATAL_FAILURE(write_admin({{"A", bow_tie}, {"B", self_touching}}, wkbPolygon));
    }

    static std::string header(const std::string& classes = kClasses,
                              const std::string& admin_source = "wilayah.gpkg") {
        return "version: 1\nname: uji keandalan\nhazard_type: flood\n"
               "admin:\n  source: " +
               admin_source +
               "\n  code_field: kode\n  name_field: nama\n"
               "hazard:\n  source: bahaya.tif\n" +
               classes + "exposures:\n";
    }

    fs::path write_scenario(const std::string& text, const std::string& name = "skenario.yaml") {
        const fs::path path = dir / name;
        write_text(path, text);
        return path;
    }

    fs::path out() const { return dir / "hasil.gpkg"; }

    // Runs the scenario (not quiet, so warnings show on stderr) into hasil.gpkg.
    CommandResult run(const fs::path& scenario) {
        return run_cli(
            {"run", scenario.string(), "-o", out().string(), "--overwrite", "--no-report"});
    }
};

void expect_features(const fs::path& gpkg, const std::string& layer,
                     const std::vector<Expected>& expected) {
    const auto rows = rows_by(gpkg, layer, "id");
    EXPECT_EQ(rows.size(), expected.size()) << layer;
    for (const auto& e : expected) {
        SCOPED_TRACE(layer + " feature " + e.id);
        ASSERT_EQ(rows.count(e.id), 1u);
        const Row& row = rows.at(e.id);
        if (e.admin.empty()) {
            EXPECT_TRUE(row.null("admin_code")) << row.str("admin_code");
        } else {
            EXPECT_EQ(row.str("admin_code"), e.admin);
        }
        EXPECT_EQ(row.str("hazard_class"), e.hazard_class);
    }
}

// impact_summary counts of one exposure per (admin or <outside>, class).
std::map<std::pair<std::string, std::string>, double> counts_by_admin_class(
    const fs::path& gpkg, const std::string& exposure) {
    std::map<std::pair<std::string, std::string>, double> out;
    for (const auto& [key, count] : summary_counts(gpkg))
        if (std::get<1>(key) == exposure) out[{std::get<0>(key), std::get<3>(key)}] += count;
    return out;
}

double sum_field(const fs::path& gpkg, const std::string& layer, const std::string& exposure,
                 const std::string& field, const std::string& admin = "*") {
    double total = 0;
    for (const auto& row : read_rows(gpkg, layer)) {
        if (row.str("exposure") != exposure) continue;
        const std::string code = row.null("admin_code") ? kOutside : row.str("admin_code");
        if (admin != "*" && code != admin) continue;
        if (!row.null(field)) total += row.num(field);
    }
    return total;
}

}  // namespace

// A bow-tie (ring crossing itself at (20, 20)) and a ring touching itself at (50, 0) around an
// inner loop. GEOS MakeValid keeps what an even-odd reading of the rings encloses (also the
// ESRI reading of an "inverted hole"):
//   A = bow-tie: the left triangle (0,0)-(20,20)-(0,40) and the right one (40,0)-(20,20)-(40,40),
//       area 2 x 400 = 800 m2; the bottom and top triangles are in no unit;
//   B = the box x 50-90, y 0-40 minus the loop (50,0)-(60,15)-(80,15)-(80,25)-(60,25), whose
//       area is 250 m2 (shoelace): 1600 - 250 = 1350 m2.
TEST_F(ReliabilityInputs, InvalidAdminPolygonsAreRepairedCountedAndConserveTotals) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_invalid_admin());
    // Points: p1, p2 in the bow-tie's triangles; p3, p4 in its missing bottom/top triangles;
    // p5, p6 in B; p7 in B's loop; p8 in the wedge of the loop near the touching vertex
    // (at x = 53 the loop spans y 4.5 - 7.5).
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint,
                                         {{"p1", pt(5, 20)},
                                          {"p2", pt(35, 20)},
                                          {"p3", pt(21, 5)},
                                          {"p4", pt(21, 35)},
                                          {"p5", pt(55, 35)},
                                          {"p6", pt(85, 5)},
                                          {"p7", pt(70, 20)},
                                          {"p8", pt(53, 6)}}));
    const fs::path scenario = write_scenario(
        header() + "  - {name: titik, kind: structure, source: titik.gpkg, sampling: max}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_features(out(), "impact_titik",
                    {{"p1", "A", "rendah"},
                     {"p2", "A", "not_affected"},
                     {"p3", "", "tinggi"},
                     {"p4", "", "tinggi"},
                     {"p5", "B", "sedang"},
                     {"p6", "B", "rendah"},
                     {"p7", "", "not_affected"},
                     {"p8", "", "sedang"}});
    const auto counts = summary_counts(out());
    EXPECT_DOUBLE_EQ(exposure_total(counts, "titik"), 8.0);

    const auto info = run_info(out());
    EXPECT_EQ(info.count("input.admin.repaired_geometries")
                  ? info.at("input.admin.repaired_geometries")
                  : "missing",
              "2");
    bool warned = false;
    for (const auto& [key, value] : info)
        if (key.rfind("warning.", 0) == 0 && value.find("repaired") != std::string::npos)
            warned = true;
    EXPECT_TRUE(warned) << "no warning about repaired admin polygons in run_info";
    EXPECT_NE(result.err.find("2 invalid polygon(s) repaired"), std::string::npos) << result.err;
}

// admin_summary (the layer QGIS maps) carries the repaired polygons the counts were made with,
// not the invalid ones as read (where QGIS would see the bow-tie as 0 m2 and B as 1850 m2, its
// loop added instead of cut out): A 800 m2, B 1350 m2, worked out by hand.
TEST_F(ReliabilityInputs, AdminSummaryCarriesTheRepairedPolygons) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_invalid_admin());
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint, {{"p1", pt(5, 20)}}));
    const fs::path scenario =
        write_scenario(header() + "  - {name: titik, kind: structure, source: titik.gpkg}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    Dataset ds = open_vector(out());
    ASSERT_NE(ds, nullptr);
    OGRLayer* layer = ds->GetLayerByName("admin_summary");
    ASSERT_NE(layer, nullptr);
    std::map<std::string, double> area;
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        ASSERT_NE(g, nullptr);
        const std::string code = feature->GetFieldAsString("admin_code");
        EXPECT_TRUE(g->IsValid()) << code << " written invalid: " << g->exportToWkt();
        area[code] = OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g)));
    }
    EXPECT_NEAR(area["A"], 800.0, 1e-6);
    EXPECT_NEAR(area["B"], 1350.0, 1e-6);
}

// Empty and missing geometries of assets: each such asset is counted once, outside every unit
// and not_exposed (it has no place, so no hazard).
TEST_F(ReliabilityInputs, EmptyGeometriesAreCountedOnceAsOutsideAndNotExposed) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"U1", sq(0, 0, 40, 40)}, {"U2", sq(40, 0, 80, 40)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint,
                                         {{"t1", pt(5, 5)}, {"t2", "POINT EMPTY"}, {"t3", ""}}));
    ASSERT_NO_FATAL_FAILURE(
        write_assets("bangun.gpkg", wkbMultiPolygon,
                     {{"b1", sq(12, 12, 18, 18)}, {"b2", "MULTIPOLYGON EMPTY"}, {"b3", ""}}));
    // GeoJSON writes an empty geometry as null or as an empty coordinates array.
    ASSERT_NO_FATAL_FAILURE(write_assets("titik_json.geojson", wkbPoint,
                                         {{"j1", pt(25, 5)}, {"j2", "POINT EMPTY"}, {"j3", ""}},
                                         "GeoJSON"));
    const fs::path scenario =
        write_scenario(header() +
                       "  - {name: titik, kind: structure, source: titik.gpkg}\n"
                       "  - {name: bangun, kind: structure, source: bangun.gpkg, sampling: max}\n"
                       "  - {name: json, kind: structure, source: titik_json.geojson}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_features(out(), "impact_titik",
                    {{"t1", "U1", "rendah"}, {"t2", "", "not_exposed"}, {"t3", "", "not_exposed"}});
    expect_features(out(), "impact_bangun",
                    {{"b1", "U1", "sedang"}, {"b2", "", "not_exposed"}, {"b3", "", "not_exposed"}});
    expect_features(out(), "impact_json",
                    {{"j1", "U1", "tinggi"}, {"j2", "", "not_exposed"}, {"j3", "", "not_exposed"}});
    const auto counts = summary_counts(out());
    for (const std::string exposure : {"titik", "bangun", "json"})
        EXPECT_DOUBLE_EQ(exposure_total(counts, exposure), 3.0) << exposure;
    // Told apart from "outside": which features have no place at all (FIDs 2 and 3 of each).
    for (const std::string exposure : {"titik", "bangun", "json"})
        EXPECT_NE(result.err.find("exposure '" + exposure + "': 2 feature(s) of"),
                  std::string::npos)
            << result.err;
    EXPECT_NE(result.err.find("have no geometry (NULL or empty; FIDs 2, 3)"), std::string::npos)
        << result.err;
}

// A CSV of points whose X or Y is NaN or infinite: GDAL gives those features no geometry. They
// are named (FIDs), not only counted as outside every unit.
TEST_F(ReliabilityInputs, CsvPointsWithNonFiniteCoordinatesAreNamed) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"U1", sq(0, 0, 40, 40)}, {"U2", sq(40, 0, 80, 40)}}));
    write_text(dir / "titik.csv", fmt::format("id,x,y\nt1,{},{}\nt2,nan,{}\nt3,{},inf\n", X0 + 5,
                                              Y0 + 5, Y0 + 5, X0 + 5));
    const fs::path scenario =
        write_scenario(header() +
                       "  - name: titik\n    kind: structure\n    source: titik.csv\n"
                       "    crs: EPSG:32748\n"
                       "    open_options: [X_POSSIBLE_NAMES=x, Y_POSSIBLE_NAMES=y]\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("exposure 'titik': 2 feature(s) of"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("FIDs 2, 3"), std::string::npos) << result.err;
    EXPECT_DOUBLE_EQ(exposure_total(summary_counts(out()), "titik"), 3.0);
}

// An admin unit with an empty or NULL geometry is not fatal: the run goes on with a warning
// naming the unit and feature, and the unit is in admin_summary with zero counts.
TEST_F(ReliabilityInputs, AdminUnitsWithoutGeometryAreReportedNotFatal) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(
        write_admin({{"U1", sq(0, 0, 40, 40)}, {"U2", "MULTIPOLYGON EMPTY"}, {"U3", ""}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint, {{"t1", pt(5, 5)}}));
    const fs::path scenario =
        write_scenario(header() + "  - {name: titik, kind: structure, source: titik.gpkg}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto units = rows_by(out(), "admin_summary", "admin_code");
    ASSERT_EQ(units.size(), 3u);
    EXPECT_DOUBLE_EQ(units.at("U1").num("titik_total"), 1.0);
    EXPECT_DOUBLE_EQ(units.at("U2").num("titik_total"), 0.0);
    EXPECT_DOUBLE_EQ(units.at("U3").num("titik_total"), 0.0);
    EXPECT_NE(result.err.find("unit U2 (feature 2) has no geometry"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("unit U3 (feature 3) has no geometry"), std::string::npos)
        << result.err;
}

// Divisible kinds: an empty or missing road is still one input feature, so it must still add
// 1 to the count column (README: "per exposure the count column of impact_summary adds up to
// the input's feature count"), outside and not_exposed, with length 0.
TEST_F(ReliabilityInputs, EmptyRoadsAndAreasAreCountedOnce) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"U1", sq(0, 0, 40, 40)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("jalan.gpkg", wkbLineString,
                                         {{"r1", "LINESTRING (" + coords({{2, 5}, {8, 5}}) + ")"},
                                          {"r2", "LINESTRING EMPTY"},
                                          {"r3", ""}}));
    ASSERT_NO_FATAL_FAILURE(
        write_assets("lahan.gpkg", wkbMultiPolygon,
                     {{"a1", sq(2, 2, 8, 8)}, {"a2", "MULTIPOLYGON EMPTY"}, {"a3", ""}}));
    const fs::path scenario = write_scenario(header() +
                                             "  - {name: jalan, kind: road, source: jalan.gpkg}\n"
                                             "  - {name: lahan, kind: area, source: lahan.gpkg}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto counts = counts_by_admin_class(out(), "jalan");
    EXPECT_NEAR(exposure_total(summary_counts(out()), "jalan"), 3.0, 1e-9);
    EXPECT_NEAR(counts.count({"U1", "rendah"}) ? counts.at({"U1", "rendah"}) : 0.0, 1.0, 1e-9);
    EXPECT_NEAR(
        counts.count({kOutside, "not_exposed"}) ? counts.at({kOutside, "not_exposed"}) : 0.0, 2.0,
        1e-9);
    EXPECT_NEAR(exposure_total(summary_counts(out()), "lahan"), 3.0, 1e-9);
}

// The same assets and admin units in 2D, Z, M and ZM: Z and M are ignored, so every count,
// class and length is that of 2D.
TEST_F(ReliabilityInputs, ZAndMCoordinatesGiveTheSameResultsAs2D) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    struct Variant {
        std::string name, tag, z;  // WKT tag ("", " Z", " M", " ZM") and extra ordinates
        OGRwkbGeometryType point, polygon, line;
    };
    const std::vector<Variant> variants = {
        {"2d", "", "", wkbPoint, wkbMultiPolygon, wkbLineString},
        {"z", " Z", " 17.5", wkbPoint25D, wkbMultiPolygon25D, wkbLineString25D},
        {"m", " M", " 3", wkbPointM, wkbMultiPolygonM, wkbLineStringM},
        {"zm", " ZM", " 17.5 3", wkbPointZM, wkbMultiPolygonZM, wkbLineStringZM}};
    std::map<std::string, std::map<SummaryKey, double>> results;
    std::map<std::string, double> lengths;
    for (const auto& v : variants) {
        SCOPED_TRACE(v.name);
        auto box = [&](double x0, double y0, double x1, double y1) {
            return "POLYGON" + v.tag + " ((" +
                   coords({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, v.z) + "))";
        };
        auto point = [&](double x, double y) {
            return "POINT" + v.tag + " (" + coords({{x, y}}, v.z) + ")";
        };
        ASSERT_NO_FATAL_FAILURE(
            write_admin({{"W", box(0, 0, 20, 40)}, {"E", box(20, 0, 40, 40)}}, v.polygon));
        ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", v.point,
                                             {{"p1", point(5, 5)},
                                              {"p2", point(15, 25)},
                                              {"p3", point(25, 35)},
                                              {"p4", point(35, 15)}}));
        // q2 spans columns 1 and 2: max 2.0; its centroid (19.5, 5) is in W.
        ASSERT_NO_FATAL_FAILURE(write_assets("bangun.gpkg", v.polygon,
                                             {{"q1", box(2, 2, 8, 8)}, {"q2", box(16, 2, 23, 8)}}));
        ASSERT_NO_FATAL_FAILURE(write_assets(
            "jalan.gpkg", v.line,
            {{"r1", "LINESTRING" + v.tag + " (" + coords({{2, 5}, {38, 5}}, v.z) + ")"}}));
        const fs::path scenario = write_scenario(
            header() +
            "  - {name: titik, kind: structure, source: titik.gpkg}\n"
            "  - {name: bangun, kind: structure, source: bangun.gpkg, sampling: max}\n"
            "  - {name: jalan, kind: road, source: jalan.gpkg}\n");
        const auto result = run(scenario);
        ASSERT_EQ(result.exit_code, 0) << result.err;
        expect_features(out(), "impact_titik",
                        {{"p1", "W", "rendah"},
                         {"p2", "W", "sedang"},
                         {"p3", "E", "tinggi"},
                         {"p4", "E", "not_affected"}});
        expect_features(out(), "impact_bangun", {{"q1", "W", "rendah"}, {"q2", "W", "tinggi"}});
        results[v.name] = summary_counts(out());
        lengths[v.name] = sum_field(out(), "impact_summary", "jalan", "length_m");
        fs::remove(out());
    }
    for (const auto& v : variants) {
        EXPECT_EQ(results[v.name], results["2d"]) << v.name;
        EXPECT_DOUBLE_EQ(lengths[v.name], lengths["2d"]) << v.name;
    }
    // 36 m of road, measured geodesically (UTM scale factor near x = 700 km is ~0.99996).
    EXPECT_NEAR(lengths["2d"], 36.0, 0.05);
}

// Multipart structures and geometry collections are one asset each: the admin unit of the
// (area-weighted) centroid, the most severe hazard under any part (sampling: max).
//   m1: parts in column 0 (0.3, W) and column 3 (0.05, E): centroid x = (5*36 + 33*4)/40 = 7.8
//       -> W, rendah;
//   m2: parts in column 1 (1.0) and columns 2-3 (2.0, 0.05): centroid x = (13*4 + 30*100)/104
//       = 29.3 -> E, tinggi;
//   g1: a polygon in column 2 plus a point in column 0: the centroid of the polygon (the
//       highest dimension), (25, 25) -> E; max(2.0, 0.3) -> tinggi;
//   mp: points in column 0 (0.3) and column 2 (2.0): centroid (15, 5) -> W; max -> tinggi;
//   ge: an empty collection -> outside, not_exposed.
// Roads: a two-part line, 16 m in W (column 0-1) and 16 m in E (columns 2-3): half a road in
// each unit.
TEST_F(ReliabilityInputs, MultipartAndCollectionAssetsAreCountedOnce) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"W", sq(0, 0, 20, 40)}, {"E", sq(20, 0, 40, 40)}}));
    auto inner = [](const std::string& polygon) {  // "((ring))" of "POLYGON ((ring))"
        return polygon.substr(std::string("POLYGON ").size());
    };
    ASSERT_NO_FATAL_FAILURE(write_assets(
        "campur.gpkg", wkbUnknown,
        {{"m1", "MULTIPOLYGON (" + inner(sq(2, 2, 8, 8)) + ", " + inner(sq(32, 2, 34, 4)) + ")"},
         {"m2",
          "MULTIPOLYGON (" + inner(sq(12, 12, 14, 14)) + ", " + inner(sq(25, 25, 35, 35)) + ")"},
         {"g1", "GEOMETRYCOLLECTION (" + sq(22, 22, 28, 28) + ", " + pt(5, 5) + ")"},
         {"mp", "MULTIPOINT (" + coords({{5, 5}, {25, 5}}) + ")"},
         {"ge", "GEOMETRYCOLLECTION EMPTY"}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("jalan.gpkg", wkbMultiLineString,
                                         {{"r1", "MULTILINESTRING ((" + coords({{2, 5}, {18, 5}}) +
                                                     "), (" + coords({{22, 5}, {38, 5}}) + "))"}}));
    const fs::path scenario =
        write_scenario(header() +
                       "  - {name: campur, kind: structure, source: campur.gpkg, sampling: max}\n"
                       "  - {name: jalan, kind: road, source: jalan.gpkg}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_features(out(), "impact_campur",
                    {{"m1", "W", "rendah"},
                     {"m2", "E", "tinggi"},
                     {"g1", "E", "tinggi"},
                     {"mp", "W", "tinggi"},
                     {"ge", "", "not_exposed"}});
    EXPECT_DOUBLE_EQ(exposure_total(summary_counts(out()), "campur"), 5.0);
    // Equal lengths on the grid; on the ellipsoid they differ by the change of the UTM scale
    // factor over 20 m (~1e-7).
    EXPECT_NEAR(sum_field(out(), "impact_summary", "jalan", "count", "W"), 0.5, 1e-6);
    EXPECT_NEAR(sum_field(out(), "impact_summary", "jalan", "count", "E"), 0.5, 1e-6);
    EXPECT_NEAR(exposure_total(summary_counts(out()), "jalan"), 1.0, 1e-12);
}

// Two features with the same code, not next to each other: exit 1, naming the code, both
// features (GeoPackage FIDs 1 and 3) and the file, for `check` and `run`.
TEST_F(ReliabilityInputs, DuplicateAdminCodesNameBothFeatures) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin(
        {{"99.01", sq(0, 0, 10, 40)}, {"99.02", sq(10, 0, 20, 40)}, {"99.01", sq(20, 0, 30, 40)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint, {{"p1", pt(5, 5)}}));
    const fs::path scenario =
        write_scenario(header() + "  - {name: titik, kind: structure, source: titik.gpkg}\n");
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command);
        const auto result = command == "check" ? run_cli({"check", scenario.string()})
                                               : run_scenario(scenario, out());
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_one_line_error(result);
        EXPECT_NE(result.err.find("'99.01'"), std::string::npos) << result.err;
        EXPECT_TRUE(std::regex_search(result.err, std::regex("\\b1\\b.*\\b3\\b")))
            << "both features (1 and 3) should be named: " << result.err;
        EXPECT_NE(result.err.find("wilayah.gpkg"), std::string::npos) << result.err;
        EXPECT_FALSE(fs::exists(out()));
    }
}

// Overlapping units A (x 0-30) and B (x 10-40): a structure whose centroid is in both goes to
// the first in layer order (A); a road or area in the overlap is split once, not twice.
//   points: (5,5) A; (15,5) A; (25,35) A; (35,5) B; building x 28-34: centroid 31 -> B.
//   road y = 20 from x 2 to 38: A takes x 2-30 (28 m), B x 30-38 (8 m): counts 28/36, 8/36.
//   area x 5-35, y 30-38: A takes x 5-30 (25/30), B x 30-35 (5/30).
TEST_F(ReliabilityInputs, OverlappingAdminUnitsCountEachAssetOnce) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"A", sq(0, 0, 30, 40)}, {"B", sq(10, 0, 40, 40)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("campur.gpkg", wkbUnknown,
                                         {{"p1", pt(5, 5)},
                                          {"p2", pt(15, 5)},
                                          {"p3", pt(25, 35)},
                                          {"p4", pt(35, 5)},
                                          {"b1", sq(28, 10, 34, 16)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets(
        "jalan.gpkg", wkbLineString, {{"r1", "LINESTRING (" + coords({{2, 20}, {38, 20}}) + ")"}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("lahan.gpkg", wkbPolygon, {{"a1", sq(5, 30, 35, 38)}}));
    const fs::path scenario = write_scenario(
        header() +
        "  - {name: campur, kind: structure, source: campur.gpkg, sampling: centroid}\n"
        "  - {name: jalan, kind: road, source: jalan.gpkg}\n"
        "  - {name: lahan, kind: area, source: lahan.gpkg}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_features(out(), "impact_campur",
                    {{"p1", "A", "rendah"},
                     {"p2", "A", "sedang"},
                     {"p3", "A", "tinggi"},
                     {"p4", "B", "not_affected"},
                     {"b1", "B", "not_affected"}});
    const auto counts = summary_counts(out());
    EXPECT_DOUBLE_EQ(exposure_total(counts, "campur"), 5.0);
    const auto units = rows_by(out(), "admin_summary", "admin_code");
    EXPECT_DOUBLE_EQ(units.at("A").num("campur_total") + units.at("B").num("campur_total"), 5.0);

    EXPECT_NEAR(exposure_total(counts, "jalan"), 1.0, 1e-9);
    EXPECT_NEAR(sum_field(out(), "impact_summary", "jalan", "count", "A"), 28.0 / 36.0, 1e-6);
    EXPECT_NEAR(sum_field(out(), "impact_summary", "jalan", "count", "B"), 8.0 / 36.0, 1e-6);
    const double road_m = sum_field(out(), "impact_summary", "jalan", "length_m");
    EXPECT_NEAR(road_m, 36.0, 0.05) << "the overlap must not be measured twice";
    EXPECT_NEAR(exposure_total(counts, "lahan"), 1.0, 1e-9);
    EXPECT_NEAR(sum_field(out(), "impact_summary", "lahan", "count", "A"), 25.0 / 30.0, 1e-6);
    EXPECT_NEAR(sum_field(out(), "impact_summary", "lahan", "area_m2"), 240.0, 0.5);
}

// The hazard grid covers x 0-40 of a unit spanning x 0-80: the run works, assets beyond the
// grid are not_exposed.
TEST_F(ReliabilityInputs, HazardCoveringPartOfTheAdminAreaRuns) {
    ASSERT_NO_FATAL_FAILURE(write_grid(4));
    ASSERT_NO_FATAL_FAILURE(write_admin({{"U", sq(0, 0, 80, 40)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint,
                                         {{"p1", pt(5, 5)},
                                          {"p2", pt(15, 5)},
                                          {"p3", pt(25, 5)},
                                          {"p4", pt(35, 5)},
                                          {"p5", pt(45, 5)},
                                          {"p6", pt(55, 5)},
                                          {"p7", pt(65, 5)},
                                          {"p8", pt(75, 5)}}));
    const fs::path scenario =
        write_scenario(header() + "  - {name: titik, kind: structure, source: titik.gpkg}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_features(out(), "impact_titik",
                    {{"p1", "U", "rendah"},
                     {"p2", "U", "sedang"},
                     {"p3", "U", "tinggi"},
                     {"p4", "U", "not_affected"},
                     {"p5", "U", "not_exposed"},
                     {"p6", "U", "not_exposed"},
                     {"p7", "U", "not_exposed"},
                     {"p8", "U", "not_exposed"}});
    EXPECT_DOUBLE_EQ(exposure_total(summary_counts(out()), "titik"), 8.0);
}

// The analyst must be told that the hazard covers only half the admin area, since every asset
// in the other half becomes not_exposed: a warning on stderr and in run_info giving the share
// of the admin area (50 % here) the hazard leaves uncovered.
TEST_F(ReliabilityInputs, HazardCoveringPartOfTheAdminAreaWarnsOfTheUncoveredShare) {
    ASSERT_NO_FATAL_FAILURE(write_grid(4));
    ASSERT_NO_FATAL_FAILURE(write_admin({{"U", sq(0, 0, 80, 40)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint, {{"p1", pt(5, 5)}}));
    const fs::path scenario =
        write_scenario(header() + "  - {name: titik, kind: structure, source: titik.gpkg}\n");
    const auto result = run(scenario);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // One warning line giving the share (50 %) and saying it is not covered.
    const std::regex share("(^|\\n)warning: [^\\n]*\\b50(\\.0+)? ?%[^\\n]*");
    const std::regex uncovered("uncovered|not covered|does not cover|outside the hazard",
                               std::regex::icase);
    std::smatch line;
    ASSERT_TRUE(std::regex_search(result.err, line, share)) << result.err;
    EXPECT_TRUE(std::regex_search(line.str(), uncovered)) << line.str();
    bool in_run_info = false;
    for (const auto& [key, value] : run_info(out()))
        if (key.rfind("warning.", 0) == 0 && std::regex_search(value, uncovered))
            in_run_info = true;
    EXPECT_TRUE(in_run_info) << "the warning should be kept in run_info";
}

// An exposure (or a hazard) whose extent does not overlap the admin extent at all is almost
// certainly the wrong file or a wrong CRS: exit 1 with one line naming the input and saying it
// does not meet the admin units, before any work, for `check` as for `run`. (Otherwise assets
// 50 km away are all counted "outside" and the run looks successful.)
TEST_F(ReliabilityInputs, InputsNotOverlappingTheAdminAreaAreAnError) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"U", sq(0, 0, 40, 40)}}));
    ASSERT_NO_FATAL_FAILURE(
        write_assets("titik.gpkg", wkbPoint, {{"p1", pt(50005, 5)}, {"p2", pt(50015, 25)}}));
    const fs::path scenario =
        write_scenario(header() + "  - {name: titik, kind: structure, source: titik.gpkg}\n");
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command);
        const auto result = command == "check" ? run_cli({"check", scenario.string()})
                                               : run_scenario(scenario, out());
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_one_line_error(result);
        EXPECT_NE(result.err.find("titik"), std::string::npos) << result.err;
        EXPECT_TRUE(std::regex_search(result.err, std::regex("overlap|outside"))) << result.err;
        EXPECT_FALSE(fs::exists(out()));
    }
    // The assets back in place, the hazard grid 50 km away.
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint, {{"p1", pt(5, 5)}}));
    RasterSpec r;
    r.x0 = X0 + 50000;
    r.y0 = Y0 + 40;
    r.cell = 10;
    r.cols = 4;
    r.rows = 4;
    r.values.assign(16, 1.0);
    r.crs = "EPSG:32748";
    ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", r));
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command + " (hazard far away)");
        const auto result = command == "check" ? run_cli({"check", scenario.string()})
                                               : run_scenario(scenario, out());
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_one_line_error(result);
        EXPECT_NE(result.err.find("hazard"), std::string::npos) << result.err;
        EXPECT_TRUE(std::regex_search(result.err, std::regex("overlap|outside"))) << result.err;
        EXPECT_FALSE(fs::exists(out()));
    }
}

// Nodata, NaN, +inf and -inf cells are "no value": not_exposed, hazard_value NULL, even though
// +inf would fall in tinggi (min 1.5, no max) and -inf in rendah (no min) if read as numbers.
// One row of 5 cells, x 0-50: ND, NaN, +inf, -inf, 1.0. With max sampling a footprint over
// no-value cells and the 1.0 cell takes 1.0; over no-value cells only it is not_exposed.
TEST_F(ReliabilityInputs, NoValueCellsAreNotExposed) {
    const double inf = std::numeric_limits<double>::infinity();
    const std::string classes = R"(  classes:
    - {name: tinggi, min: 1.5}
    - {name: sedang, min: 0.7, max: 1.5}
    - {name: rendah, max: 0.7}
)";
    ASSERT_NO_FATAL_FAILURE(write_admin({{"U", sq(0, 0, 50, 10)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("titik.gpkg", wkbPoint,
                                         {{"nd", pt(5, 5)},
                                          {"nan", pt(15, 5)},
                                          {"pinf", pt(25, 5)},
                                          {"minf", pt(35, 5)},
                                          {"one", pt(45, 5)}}));
    ASSERT_NO_FATAL_FAILURE(write_assets("bangun.gpkg", wkbPolygon,
                                         {{"none", sq(2, 2, 38, 8)}, {"some", sq(22, 2, 48, 8)}}));
    for (const GDALDataType type : {GDT_Float64, GDT_Float32}) {
        SCOPED_TRACE(GDALGetDataTypeName(type));
        RasterSpec r;
        r.x0 = X0;
        r.y0 = Y0 + 10;
        r.cell = 10;
        r.cols = 5;
        r.rows = 1;
        r.values = {ND, kNaN, inf, -inf, 1.0};
        r.nodata = ND;
        r.crs = "EPSG:32748";
        r.type = type;
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", r));
        const fs::path scenario = write_scenario(
            header(classes) +
            "  - {name: titik, kind: structure, source: titik.gpkg}\n"
            "  - {name: bangun, kind: structure, source: bangun.gpkg, sampling: max}\n");
        const auto result = run(scenario);
        ASSERT_EQ(result.exit_code, 0) << result.err;
        expect_features(out(), "impact_titik",
                        {{"nd", "U", "not_exposed"},
                         {"nan", "U", "not_exposed"},
                         {"pinf", "U", "not_exposed"},
                         {"minf", "U", "not_exposed"},
                         {"one", "U", "sedang"}});
        expect_features(out(), "impact_bangun",
                        {{"none", "U", "not_exposed"}, {"some", "U", "sedang"}});
        for (const auto& [id, row] : rows_by(out(), "impact_titik", "id"))
            EXPECT_EQ(row.null("hazard_value"), id != "one")
                << id << " " << row.str("hazard_value");
        EXPECT_DOUBLE_EQ(rows_by(out(), "impact_bangun", "id").at("some").num("hazard_value"), 1.0);
    }
}

// number_field naming a text field: a configuration error (exit 2) before any work, naming the
// field and key and listing the fields that could be meant.
TEST_F(ReliabilityInputs, TextNumberFieldIsAClearError) {
    ASSERT_NO_FATAL_FAILURE(write_grid());
    ASSERT_NO_FATAL_FAILURE(write_admin({{"U", sq(0, 0, 40, 40)}}));
    ASSERT_NO_FATAL_FAILURE(
        write_vector(dir / "titik.gpkg", "GPKG", "titik", "EPSG:32748", wkbPoint,
                     {{"id"}, {"jumlah"}, {"lantai", OFTInteger}},
                     {{pt(5, 5), {"p1", "3", "2"}}, {pt(15, 5), {"p2", "abc", "1"}}}));
    const fs::path scenario = write_scenario(
        header() +
        "  - {name: titik, kind: structure, source: titik.gpkg, number_field: jumlah}\n");
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command);
        const auto result = command == "check" ? run_cli({"check", scenario.string()})
                                               : run_scenario(scenario, out());
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_one_line_error(result);
        for (const std::string text : {"'jumlah'", "number_field", "titik.gpkg", "lantai"})
            EXPECT_NE(result.err.find(text), std::string::npos)
                << "no '" << text << "' in " << result.err;
        EXPECT_FALSE(fs::exists(out()));
    }
}

// A GeoPackage cut short (a copy interrupted, a full USB stick): exit 1 naming the file, never
// a run that silently counts fewer buildings.
TEST_F(ReliabilityInputs, TruncatedGeoPackageIsADataErrorNamingTheFile) {
    const fs::path scenario = copy_demo(dir.path());
    const fs::path buildings = dir / "bangunan.gpkg";
    const auto full_size = fs::file_size(buildings);
    const std::string original = read_text(buildings);
    for (const std::uintmax_t size :
         {full_size / 2, full_size * 3 / 4, std::uintmax_t{4096}, std::uintmax_t{100}}) {
        SCOPED_TRACE("truncated to " + std::to_string(size) + " of " + std::to_string(full_size));
        write_text(buildings, original.substr(0, size));
        for (const std::string command : {"check", "run"}) {
            SCOPED_TRACE(command);
            const auto result = command == "check" ? run_cli({"check", scenario.string()})
                                                   : run_scenario(scenario, out());
            EXPECT_EQ(result.exit_code, 1) << result.err;
            expect_one_line_error(result);
            EXPECT_NE(result.err.find("bangunan.gpkg"), std::string::npos) << result.err;
            EXPECT_FALSE(fs::exists(out()));
            EXPECT_TRUE(files_containing(dir.path(), ".partial").empty());
        }
    }
}

// Random bytes where a GeoPackage should be, and a GeoJSON with a syntax error: exit 1 naming
// the file.
TEST_F(ReliabilityInputs, CorruptVectorFilesAreDataErrorsNamingTheFile) {
    const fs::path scenario = copy_demo(dir.path());
    const std::string geojson = read_text(dir / "fasilitas.geojson");
    // Drop the first '}' after the middle: the JSON no longer parses.
    std::string broken = geojson;
    const auto at = broken.find('}', broken.size() / 2);
    ASSERT_NE(at, std::string::npos);
    broken.erase(at, 1);
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"fasilitas.geojson", broken, "missing brace"},
        {"fasilitas.geojson", geojson.substr(0, geojson.size() / 2), "cut in half"},
        {"fasilitas.geojson", "{\"type\": \"FeatureCollection\", \"features\": [", "no end"},
        {"bangunan.gpkg", std::string(8192, '\x5a'), "not SQLite at all"}};
    const std::string good_gpkg = read_text(dir / "bangunan.gpkg");
    for (const auto& [file, text, what] : cases) {
        SCOPED_TRACE(file + ": " + what);
        write_text(dir / "fasilitas.geojson", geojson);
        write_text(dir / "bangunan.gpkg", good_gpkg);
        write_text(dir / file, text);
        for (const std::string command : {"check", "run"}) {
            SCOPED_TRACE(command);
            const auto result = command == "check" ? run_cli({"check", scenario.string()})
                                                   : run_scenario(scenario, out());
            EXPECT_EQ(result.exit_code, 1) << result.err;
            expect_one_line_error(result);
            EXPECT_NE(result.err.find(file), std::string::npos) << result.err;
            EXPECT_FALSE(fs::exists(out()));
        }
    }
}

// Scenario mistakes: the error gives file:line:column and, for a misspelled key, the key meant.
TEST_F(ReliabilityInputs, ScenarioErrorsGiveLineColumnAndSuggestion) {
    const fs::path scenario = copy_demo(dir.path());
    const std::string demo = read_text(scenario);
    struct Case {
        std::string from, to, where, mention;
    };
    // Lines of data/demo/demo.yaml: 7 "admin:", 10 "  code_field: kode", 12 "hazard:",
    // 21 "  - name: bangunan".
    const std::vector<Case> cases = {
        {"\nhazard:\n", "\nhazzard:\n", ":12:1: ", "did you mean 'hazard'"},
        {"  code_field: kode", "  code_feild: kode", ":10:3: ", "did you mean 'code_field'"},
        {"  - name: bangunan\n    kind: structure", "  - name: bangunan\n    knd: structure",
         ":22:5: ", "did you mean 'kind'"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.to);
        ASSERT_NE(demo.find(c.from), std::string::npos) << "demo.yaml changed";
        write_text(scenario, replace_all(demo, c.from, c.to));
        const auto result = run_cli({"check", scenario.string()});
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_one_line_error(result);
        EXPECT_NE(result.err.find(scenario.string() + c.where), std::string::npos) << result.err;
        EXPECT_NE(result.err.find(c.mention), std::string::npos) << result.err;
    }
    // A tab where YAML wants spaces, and a wrong type (a list where a number is wanted).
    write_text(scenario, replace_all(demo, "  code_field: kode", "\tcode_field: kode"));
    auto result = run_cli({"check", scenario.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    EXPECT_TRUE(std::regex_search(result.err, std::regex(":[0-9]+:[0-9]+: "))) << result.err;
    write_text(scenario, replace_all(demo, "version: 1", "version: [1]"));
    result = run_cli({"check", scenario.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    EXPECT_NE(result.err.find(":4:10: "), std::string::npos) << result.err;
}
