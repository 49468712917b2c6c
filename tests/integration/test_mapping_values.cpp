// Input VALUES that used to change the numbers silently: listed type and class values that match
// nothing, joins that match few rows, numbers written with thousands separators, negative or
// infinite counts, and settings that cannot apply. Each runs the real binary (`check` and
// `run`) on tiny files written here, and checks the message names the key and the value.
//
// The world, in EPSG:32748 local metres (real x = X0 + x, y = Y0 + y): one admin unit "01"
// over everything; a hazard grid of 2 x 1 cells of 10 m, x 0-10 = 2.0 (tinggi), x 10-20 = 0.3
// (rendah).

#include <regex>

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

constexpr double X0 = 700000.0;
constexpr double Y0 = 9300000.0;

std::string sq(double x0, double y0, double x1, double y1) {
    return box_wkt(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}

class MappingValues : public ::testing::Test {
  protected:
    TempDir dir;

    void SetUp() override {
        RasterSpec r;
        r.x0 = X0;
        r.y0 = Y0 + 10;
        r.cell = 10;
        r.cols = 2;
        r.rows = 1;
        r.values = {2.0, 0.3};
        r.nodata = -9999;
        r.crs = "EPSG:32748";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", r));
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:32748",
                                             wkbMultiPolygon, {{"kode"}, {"nama"}},
                                             {{sq(0, 0, 20, 10), {"01", "Satu"}}}));
    }

    static std::string header(const std::string& hazard =
                                  "  source: bahaya.tif\n"
                                  "  classes:\n"
                                  "    - {name: tinggi, min: 1.5}\n"
                                  "    - {name: rendah, min: 0.1, max: "
                                  "1.5}\n") {
        return "version: 1\nname: uji nilai\nhazard_type: flood\n"
               "admin:\n  source: wilayah.gpkg\n  code_field: kode\n  name_field: nama\n"
               "hazard:\n" +
               hazard + "exposures:\n";
    }

    fs::path scenario(const std::string& text) {
        const fs::path path = dir / "skenario.yaml";
        write_text(path, text);
        return path;
    }

    // Buildings: 3 "Rumah" in the tinggi cell, 2 "Sekolah" in the rendah cell, 1 "Masjid".
    void write_buildings() {
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan",
                                             "EPSG:32748", wkbMultiPolygon,
                                             {{"id"}, {"jenis"}, {"lantai"}},
                                             {{sq(1, 1, 2, 2), {"b1", "Rumah", "1"}},
                                              {sq(3, 3, 4, 4), {"b2", "Rumah", "2"}},
                                              {sq(5, 5, 6, 6), {"b3", "Rumah", "1"}},
                                              {sq(11, 1, 12, 2), {"b4", "Sekolah", "1"}},
                                              {sq(13, 3, 14, 4), {"b5", "Sekolah", "2"}},
                                              {sq(15, 5, 16, 6), {"b6", "Masjid", "1"}}}));
    }

    // Two kecamatan polygons, one per hazard cell, with codes; counts come from a CSV.
    void write_kecamatan(const std::string& code_a = "11.10", const std::string& code_b = "11.20") {
        ASSERT_NO_FATAL_FAILURE(write_vector(
            dir / "kecamatan.gpkg", "GPKG", "kecamatan", "EPSG:32748", wkbMultiPolygon, {{"kode"}},
            {{sq(0, 0, 10, 10), {code_a}}, {sq(10, 0, 20, 10), {code_b}}}));
    }

    static std::string join_exposure(const std::string& extra_join = "") {
        return "  - name: rumah\n    kind: aggregate\n    source: kecamatan.gpkg\n"
               "    count_field: total\n    join:\n      source: rumah.csv\n      key: kode\n" +
               extra_join;
    }

    CommandResult check(const fs::path& path) { return run_cli({"check", path.string()}); }
    CommandResult run(const fs::path& path) { return run_scenario(path, dir / "hasil.gpkg"); }

    // The warnings the run recorded in run_info, one per line.
    std::string recorded_warnings() {
        std::string out;
        for (const auto& [key, value] : run_info(dir / "hasil.gpkg"))
            if (key.rfind("warning.", 0) == 0) out += value + "\n";
        return out;
    }
    // `check` prints the parts, `run` records them as warnings and still counts `total`
    // houses (exposure rumah).
    void expect_told_and_counted(const fs::path& path, const std::vector<std::string>& parts,
                                 double total);
};

void expect_mentions(const std::string& text, const std::vector<std::string>& parts) {
    for (const auto& part : parts)
        EXPECT_NE(text.find(part), std::string::npos) << "no '" << part << "' in:\n" << text;
}

// `check` prints a warning on stderr, as `run` does, and none of it on stdout.
void expect_warned_on_stderr(const CommandResult& checked, const std::vector<std::string>& parts) {
    expect_mentions(checked.err, parts);
    EXPECT_NE(checked.err.find("warning: "), std::string::npos) << checked.err;
    EXPECT_EQ(checked.out.find("warning: "), std::string::npos) << checked.out;
}

void MappingValues::expect_told_and_counted(const fs::path& path,
                                            const std::vector<std::string>& parts, double total) {
    const auto checked = check(path);
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    expect_warned_on_stderr(checked, parts);
    const auto ran = run(path);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    expect_mentions(recorded_warnings(), parts);
    EXPECT_NEAR(exposure_total(summary_counts(dir / "hasil.gpkg"), "rumah"), total, 1e-6);
}

// The same one-line error from check and run (exit `code`), and no output written.
void expect_error(const fs::path& path, int code, const std::vector<std::string>& parts,
                  const fs::path& out) {
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command);
        const auto result =
            command == "check" ? run_cli({"check", path.string()}) : run_scenario(path, out);
        EXPECT_EQ(result.exit_code, code) << result.err;
        expect_one_line_error(result);
        expect_mentions(result.err, parts);
        EXPECT_FALSE(fs::exists(out));
    }
}

// Sum of the impact_summary counts of one exposure per hazard class.
std::map<std::string, double> count_by_class(const fs::path& gpkg, const std::string& exposure) {
    std::map<std::string, double> out;
    for (const auto& [key, count] : summary_counts(gpkg))
        if (std::get<1>(key) == exposure) out[std::get<3>(key)] += count;
    return out;
}

}  // namespace

// ---- values listed under types: ----

TEST_F(MappingValues, ListedTypeMatchingNoFeatureWarnsWithTheNearValue) {
    ASSERT_NO_FATAL_FAILURE(write_buildings());
    const fs::path path = scenario(header() +
                                   "  - name: bangunan\n    kind: structure\n"
                                   "    source: bangunan.gpkg\n    type_field: jenis\n"
                                   "    types:\n      rumah: [rumah]\n      sekolah: [Sekolah]\n");
    const std::vector<std::string> parts = {
        "exposure 'bangunan'", "exposures[0].types.rumah",           "'rumah'",
        "type_field 'jenis'",  "did you mean 'Rumah' (3 features)?", "'Masjid' (1)"};
    const auto checked = check(path);
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    expect_warned_on_stderr(checked, parts);
    const auto ran = run(path);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    expect_mentions(recorded_warnings(), parts);
    // The listed value that matches (Sekolah) draws no warning.
    EXPECT_EQ(recorded_warnings().find("types.sekolah"), std::string::npos);
    // Without -q the warning is on stderr too.
    const auto loud = run_cli({"run", path.string(), "-o", (dir / "lagi.gpkg").string()});
    ASSERT_EQ(loud.exit_code, 0) << loud.err;
    expect_mentions(loud.err, {"warning: exposure 'bangunan': exposures[0].types.rumah"});
}

TEST_F(MappingValues, NoListedTypeMatchingAnythingIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_buildings());
    const fs::path path = scenario(header() +
                                   "  - name: bangunan\n    kind: structure\n"
                                   "    source: bangunan.gpkg\n    type_field: jenis\n"
                                   "    types:\n      rumah: [rumah]\n      sekolah: [Scholah]\n");
    expect_error(path, 2,
                 {"exposure 'bangunan'", "exposures[0].types", "type_field 'jenis'",
                  "every one would be lainnya", "'rumah' (rumah; did you mean 'Rumah' (3",
                  "'Scholah' (sekolah; did you mean 'Sekolah' (2"},
                 dir / "hasil.gpkg");
}

// ---- classes of a classified vector hazard ----

TEST_F(MappingValues, ListedHazardClassValueMatchingNoZone) {
    ASSERT_NO_FATAL_FAILURE(write_buildings());
    ASSERT_NO_FATAL_FAILURE(
        write_vector(dir / "zona.gpkg", "GPKG", "zona", "EPSG:32748", wkbMultiPolygon, {{"kelas"}},
                     {{sq(0, 0, 10, 10), {"TINGGI"}}, {sq(10, 0, 20, 10), {"RENDAH"}}}));
    const std::string exposure =
        "  - name: bangunan\n    kind: structure\n    source: bangunan.gpkg\n";
    // One listed value exists (TINGGI), one differs by case: a warning.
    fs::path path = scenario(header("  source: zona.gpkg\n  class_field: kelas\n  classes:\n"
                                    "    - {name: tinggi, values: [TINGGI]}\n"
                                    "    - {name: rendah, values: [Rendah]}\n") +
                             exposure);
    const std::vector<std::string> parts = {"hazard: hazard.classes[1].values",
                                            "'Rendah' (for rendah)", "class_field 'kelas'",
                                            "did you mean 'RENDAH' (1 polygon)?"};
    const auto checked = check(path);
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    expect_warned_on_stderr(checked, parts);
    const auto ran = run(path);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    expect_mentions(recorded_warnings(), parts);

    // No listed value exists: every zone would be not_affected.
    fs::remove(dir / "hasil.gpkg");
    fs::remove(dir / "hasil.html");  // run writes the report beside it
    path = scenario(header("  source: zona.gpkg\n  class_field: kelas\n  classes:\n"
                           "    - {name: tinggi, values: [tinggi]}\n") +
                    exposure);
    expect_error(path, 2,
                 {"hazard.classes", "class_field 'kelas'", "not_affected",
                  "'tinggi' (tinggi; did you mean 'TINGGI' (1 polygon)?)"},
                 dir / "hasil.gpkg");
}

// ---- join ----

// Codes compare as text: "11.10" in the CSV matches "11.10" on the layer (never 11.1), and
// the counts land in the right cells.
TEST_F(MappingValues, JoinKeysAreTextAndAllRowsMatch) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n11.10,120\n11.20,30\n");
    const fs::path path = scenario(header() + join_exposure());
    const auto checked = check(path);
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    EXPECT_EQ(checked.out.find("warning"), std::string::npos) << checked.out;
    EXPECT_EQ(checked.err.find("warning"), std::string::npos) << checked.err;
    const auto ran = run(path);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    EXPECT_EQ(recorded_warnings(), "");
    // run_info names each key once: the joined table's path among them.
    std::map<std::string, int> times;
    for (const auto& row : read_rows(dir / "hasil.gpkg", "run_info")) ++times[row.str("key")];
    for (const auto& [key, n] : times)
        EXPECT_EQ(n, 1) << key << " is in run_info " << n << " times";
    EXPECT_EQ(times["input.exposure.rumah.join.path"], 1);
    EXPECT_EQ(fs::path(run_info(dir / "hasil.gpkg")["input.exposure.rumah.join.path"]).filename(),
              "rumah.csv");
    const auto by_class = count_by_class(dir / "hasil.gpkg", "rumah");
    EXPECT_NEAR(by_class.at("tinggi"), 120, 1e-6);  // 11.10 lies in the 2.0 cell
    EXPECT_NEAR(by_class.at("rendah"), 30, 1e-6);
}

TEST_F(MappingValues, JoinMatchingSomeRowsWarnsWithTheShare) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    // 11.2 is the number 11.20 lost its zero to: it matches no feature, and 11.20 no row.
    write_text(dir / "rumah.csv", "kode,total\n11.10,120\n11.2,30\n");
    const fs::path path = scenario(header() + join_exposure());
    const std::vector<std::string> parts = {
        "exposure 'rumah'", "matched 1 of 2 features (50.0 %)", "'11.20'",
        "'11.2'",           "exposures[0].join.field 'kode'",   "join.key 'kode'",
        "rumah.csv"};
    expect_told_and_counted(path, parts, 120);
}

TEST_F(MappingValues, JoinMatchingNothingIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n1110,120\n1120,30\n");
    expect_error(scenario(header() + join_exposure()), 2,
                 {"exposure 'rumah'", "no feature's key matches", "join.field 'kode'",
                  "join.key 'kode'", "'11.10'", "'1110'"},
                 dir / "hasil.gpkg");
}

// Rows no feature matched while every feature found its row are normal (a province's layer
// joined to the national table): told by check and kept in run_info, not a warning.
TEST_F(MappingValues, JoinTableRowsNoFeatureHasAreToldNotWarned) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n11.10,120\n11.20,30\n11.30,7\n");
    const fs::path path = scenario(header() + join_exposure());
    const std::string told =
        "2 of 2 features matched a row of rumah.csv layer rumah; 1 of its 3 rows matched no "
        "feature";
    const auto checked = check(path);
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    expect_mentions(checked.out, {"join: " + told});
    EXPECT_EQ(checked.out.find("warning"), std::string::npos) << checked.out;
    EXPECT_EQ(checked.err.find("warning"), std::string::npos) << checked.err;
    const auto ran = run(path);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    EXPECT_EQ(recorded_warnings(), "");
    EXPECT_EQ(run_info(dir / "hasil.gpkg")["input.exposure.rumah.join"], told);
}

// ---- numbers in the joined table ----

TEST_F(MappingValues, ThousandsSeparatorsWithoutNumberFormatAreAnError) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n11.10,120\n11.20,1.234.567\n");
    expect_error(scenario(header() + join_exposure()), 2,
                 {"rumah.csv", "line 3", "column 'total'", "'1.234.567'",
                  "it reads 1,234,567 with exposures[0].join.number_format: id"},
                 dir / "hasil.gpkg");
    // 12.500 looks like a plain decimal, but a count table means 12500: never 12.5 silently.
    write_text(dir / "rumah.csv", "kode,total\n11.10,12.500\n11.20,30\n");
    expect_error(scenario(header() + join_exposure()), 2, {"line 2", "column 'total'", "'12.500'"},
                 dir / "hasil.gpkg");
    write_text(dir / "rumah.csv", "kode,total\n11.10,\"12,500\"\n11.20,30\n");
    expect_error(scenario(header() + join_exposure()), 2,
                 {"line 2", "'12,500'",
                  "12.5 with exposures[0].join.number_format: id or 12,500 with "
                  "exposures[0].join.number_format: en"},
                 dir / "hasil.gpkg");
}

TEST_F(MappingValues, NumberFormatReadsIndonesianAndEnglishCounts) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n11.10,1.234.567\n11.20,\"2,5\"\n");
    auto ran = run(scenario(header() + join_exposure("      number_format: id\n")));
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    auto by_class = count_by_class(dir / "hasil.gpkg", "rumah");
    EXPECT_NEAR(by_class.at("tinggi"), 1234567, 1e-6);
    EXPECT_NEAR(by_class.at("rendah"), 2.5, 1e-9);

    fs::remove(dir / "hasil.gpkg");
    fs::remove(dir / "hasil.html");  // run writes the report beside it
    write_text(dir / "rumah.csv", "kode,total\n11.10,\"1,234,567.5\"\n11.20,12500\n");
    ran = run(scenario(header() + join_exposure("      number_format: en\n")));
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    by_class = count_by_class(dir / "hasil.gpkg", "rumah");
    EXPECT_NEAR(by_class.at("tinggi"), 1234567.5, 1e-6);
    EXPECT_NEAR(by_class.at("rendah"), 12500, 1e-9);

    // A format that is neither: an error naming the key and the value.
    const auto bad = check(scenario(header() + join_exposure("      number_format: de\n")));
    EXPECT_EQ(bad.exit_code, 2);
    expect_mentions(bad.err, {"exposures[0].join.number_format", "'de'"});
}

TEST_F(MappingValues, EmptyCountCellsWarnAndCountZero) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n11.10,120\n11.20,\n");
    const fs::path path = scenario(header() + join_exposure());
    const std::vector<std::string> parts = {"column 'total'", "rumah.csv", "empty on 1 row(s)",
                                            "line 3 (key '11.20')"};
    expect_told_and_counted(path, parts, 120);
}

TEST_F(MappingValues, NegativeCountInTheTableIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n11.10,120\n11.20,-30\n");
    expect_error(scenario(header() + join_exposure()), 1,
                 {"rumah.csv", "line 3", "column 'total'", "-30"}, dir / "hasil.gpkg");
}

// A .csvt typing the codes as Real would turn 11.10 into 11.1.
TEST_F(MappingValues, CodesReadAsDecimalNumbersAreAnError) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n11.10,120\n11.20,30\n");
    write_text(dir / "rumah.csvt", "\"Real\",\"String\"\n");
    expect_error(scenario(header() + join_exposure()), 2,
                 {"exposures[0].join.key 'kode'", "rumah.csv", "Real", "11.1"}, dir / "hasil.gpkg");
    // And counts typed by a .csvt are refused: GDAL would read 1.234.567 as 1.
    write_text(dir / "rumah.csvt", "\"String\",\"Integer\"\n");
    expect_error(scenario(header() + join_exposure()), 2,
                 {"count_field 'total'", "rumah.csv", "Integer"}, dir / "hasil.gpkg");
}

// ---- numbers on the layer ----

TEST_F(MappingValues, NegativeOrInfiniteLayerCountsAreAnError) {
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "kecamatan.gpkg", "GPKG", "kecamatan", "EPSG:32748",
                                         wkbMultiPolygon, {{"kode"}, {"total", OFTReal}},
                                         {{sq(0, 0, 5, 10), {"a", "120"}},
                                          {sq(5, 0, 10, 10), {"b", "-9999"}},
                                          {sq(10, 0, 15, 10), {"c", "inf"}},
                                          {sq(15, 0, 20, 10), {"d", "-1"}}}));
    const fs::path path =
        scenario(header() +
                 "  - name: rumah\n    kind: aggregate\n    source: kecamatan.gpkg\n"
                 "    count_field: total\n");
    // FIDs 2 and 4 negative, 3 infinite (GeoPackage FIDs start at 1).
    expect_error(
        path, 1,
        {"exposure 'rumah'", "exposures[0].count_field 'total'",
         "negative on 2 feature(s), NaN or infinite on 1", "FIDs 2, 3, 4", "where: \"total >= 0\""},
        dir / "hasil.gpkg");
}

TEST_F(MappingValues, NegativeNumberFieldIsAnError) {
    ASSERT_NO_FATAL_FAILURE(
        write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748", wkbMultiPolygon,
                     {{"id"}, {"unit", OFTInteger}},
                     {{sq(1, 1, 2, 2), {"b1", "4"}}, {sq(3, 3, 4, 4), {"b2", "-2"}}}));
    expect_error(scenario(header() + "  - name: bangunan\n    kind: structure\n"
                                     "    source: bangunan.gpkg\n    number_field: unit\n"),
                 1, {"exposures[0].number_field 'unit'", "negative on 1 feature(s)", "FIDs 2"},
                 dir / "hasil.gpkg");
}

// Buildings priced by their own value (Rupiah): b1 in the tinggi cell with `nilai`, b2 beside
// it with `second` (NULL, negative, infinite or 0).
class ValueFieldValues : public MappingValues {
  protected:
    fs::path priced_buildings(std::optional<std::string> second) {
        write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:32748", wkbMultiPolygon,
                     {{"id"}, {"nilai", OFTReal}},
                     {{sq(1, 1, 2, 2), {"b1", "1000000"}}, {sq(3, 3, 4, 4), {"b2", second}}});
        return scenario(header() +
                        "  - name: bangunan\n    kind: structure\n    source: bangunan.gpkg\n"
                        "    vulnerability: banjir\n"
                        "vulnerability:\n  banjir:\n    kind: curve\n    points: [[0, 0], [3, "
                        "1]]\ncosts:\n  bangunan: {value_field: nilai}\n");
    }
    // kerusakan_rp of each building, by id.
    std::map<std::string, double> kerusakan_by_id() {
        std::map<std::string, double> out;
        for (const auto& row : read_rows(dir / "hasil.gpkg", "impact_bangunan"))
            out[row.str("id")] = row.num("kerusakan_rp");
        return out;
    }
};

TEST_F(ValueFieldValues, NegativeOrNanValueIsAnErrorNamingKeyFieldAndFeatures) {
    // (SQLite keeps no NaN, it stores NULL: infinity stands for the non-finite values here.)
    for (const std::string bad : {"-5000", "inf"}) {
        SCOPED_TRACE(bad);
        expect_error(priced_buildings(bad), 1,
                     {"costs.bangunan.value_field 'nilai'",
                      bad == "inf" ? "NaN or infinite on 1" : "negative on 1 feature(s)", "FIDs 2",
                      "Rupiah"},
                     dir / "hasil.gpkg");
    }
}

TEST_F(ValueFieldValues, NullValueIsToldAndPricedAsZero) {
    // The reference: the same run with b2 worth Rp 0 said outright.
    ASSERT_EQ(run(priced_buildings("0")).exit_code, 0);
    const std::map<std::string, double> worth_zero = kerusakan_by_id();
    fs::remove(dir / "hasil.gpkg");
    fs::remove(dir / "hasil.html");

    const fs::path path = priced_buildings(std::nullopt);
    const auto checked = check(path);
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    expect_mentions(checked.err, {"costs.bangunan.value_field 'nilai'", "NULL on 1 feature(s)",
                                  "FIDs 2", "Rp 0"});
    const auto ran = run(path);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    expect_mentions(recorded_warnings(), {"costs.bangunan.value_field 'nilai'", "NULL on 1"});
    const std::map<std::string, double> told = kerusakan_by_id();
    EXPECT_EQ(told, worth_zero);
    EXPECT_GT(told.at("b1"), 0);  // b1's own value is used
}

// ---- settings that cannot apply ----

TEST_F(MappingValues, ValueFieldOnATextColumnIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_buildings());
    const fs::path path =
        scenario(header() +
                 "  - name: bangunan\n    kind: structure\n    source: bangunan.gpkg\n"
                 "    vulnerability: banjir\n    value:\n      bangunan: {value_field: jenis}\n"
                 "vulnerability:\n  banjir:\n    kind: curve\n    points: [[0, 0], [3, 1]]\n");
    expect_error(path, 2,
                 {"'jenis'", "exposures[0].value.bangunan.value_field", "String", "not a number"},
                 dir / "hasil.gpkg");
}

TEST_F(MappingValues, PolygonLayerAsRoadIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    expect_error(
        scenario(header() + "  - name: jalan\n    kind: road\n    source: kecamatan.gpkg\n"), 2,
        {"exposure 'jalan'", "exposures[0].kind: road", "kecamatan.gpkg", "Multi Polygon",
         "need lines"},
        dir / "hasil.gpkg");
}

TEST_F(MappingValues, LineLayerAsAreaIsAnError) {
    ASSERT_NO_FATAL_FAILURE(
        write_vector(dir / "jalan.gpkg", "GPKG", "jalan", "EPSG:32748", wkbLineString, {{"id"}},
                     {{"LINESTRING (" + std::to_string(X0 + 1) + " " + std::to_string(Y0 + 5) +
                           ", " + std::to_string(X0 + 19) + " " + std::to_string(Y0 + 5) + ")",
                       {"j1"}}}));
    expect_error(scenario(header() + "  - name: lahan\n    kind: area\n    source: jalan.gpkg\n"),
                 2, {"exposure 'lahan'", "kind: area", "Line String", "polygons", "kind: road"},
                 dir / "hasil.gpkg");
}

TEST_F(MappingValues, HazardValueFieldOnATextColumnIsAnError) {
    ASSERT_NO_FATAL_FAILURE(write_buildings());
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "zona.gpkg", "GPKG", "zona", "EPSG:32748",
                                         wkbMultiPolygon, {{"kelas"}},
                                         {{sq(0, 0, 10, 10), {"2.0"}}}));
    expect_error(scenario(header("  source: zona.gpkg\n  value_field: kelas\n  classes:\n"
                                 "    - {name: tinggi, min: 1.5}\n") +
                          "  - name: bangunan\n    kind: structure\n    source: bangunan.gpkg\n"),
                 2, {"hazard", "value_field 'kelas'", "String", "not a number"},
                 dir / "hasil.gpkg");
}

// number_format: en on a table written the Indonesian way: every decimal value has exactly
// three digits after the point (1.250 = 1,250 houses), which would read as 1.25 and 12.5 (a
// thousand times too few): refused, naming the key, the file and an example.
TEST_F(MappingValues, EnglishFormatOnIndonesianThousandsIsRefused) {
    ASSERT_NO_FATAL_FAILURE(write_kecamatan());
    write_text(dir / "rumah.csv", "kode,total\n11.10,\"1.250\"\n11.20,\"12.500\"\n");
    expect_error(scenario(header() + join_exposure("      number_format: en\n")), 2,
                 {"column 'total'", "rumah.csv", "every decimal value (2", "'1.250' on line 2",
                  "join.number_format: en", "use number_format: id"},
                 dir / "hasil.gpkg");
    // One whole count beside them is no proof of the format either way: still refused.
    write_text(dir / "rumah.csv", "kode,total\n11.10,\"1.250\"\n11.20,\"12\"\n");
    expect_error(scenario(header() + join_exposure("      number_format: en\n")), 2,
                 {"every decimal value (1", "'1.250' on line 2"}, dir / "hasil.gpkg");
}
