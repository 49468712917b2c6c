// `check` and the error contract: exit 0 ok, 1 data/runtime error, 2 usage/config error; an
// error is one line on stderr starting "error: " that names the file, layer, field or key.

#include <algorithm>
#include <regex>

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

// The demo scenario (copied beside the demo data) with `from` replaced by `to`.
fs::path edited_demo(const fs::path& dir, const std::string& from, const std::string& to) {
    const fs::path scenario = copy_demo(dir);
    const std::string text = read_text(scenario);
    EXPECT_NE(text.find(from), std::string::npos) << "demo.yaml changed: no '" << from << "'";
    write_text(scenario, replace_all(text, from, to));
    return scenario;
}

// Both commands give the same one-line error and exit code, and `run` writes nothing.
void expect_error_from_check_and_run(const fs::path& scenario, int exit_code,
                                     const std::vector<std::string>& mentions) {
    const fs::path out = scenario.parent_path() / "hasil.gpkg";
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command);
        const auto result = command == "check" ? run_cli({"check", scenario.string()})
                                               : run_scenario(scenario, out);
        EXPECT_EQ(result.exit_code, exit_code) << result.err;
        expect_one_line_error(result);
        for (const auto& text : mentions)
            EXPECT_NE(result.err.find(text), std::string::npos)
                << "no '" << text << "' in " << result.err;
        EXPECT_FALSE(fs::exists(out));
    }
}

}  // namespace

TEST(CliCheck, DemoIsReady) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const auto result = run_cli({"check", scenario.string()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("ok: "), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("4 units"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("3000 features"), std::string::npos) << result.out;
    // Its one warning (the demo's hazard covers 95.7 % of the admin area) is on stderr, as
    // `run` prints it; stdout has no warning and says where to read it.
    EXPECT_EQ(result.err.rfind("warning: hazard: 4.3 % of the admin area", 0), 0u) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(result.out.find("warning: "), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("runs, but read the 1 warning(s) on stderr first"), std::string::npos)
        << result.out;
    // check writes nothing.
    EXPECT_EQ(files_containing(dir.path(), ".gpkg").size(), 2u);  // kabupaten, bangunan
}

TEST(CliErrors, MisspelledTypeFieldListsTheFields) {
    TempDir dir;
    const fs::path scenario = edited_demo(dir.path(), "type_field: jenis\n    types:\n      rumah",
                                          "type_field: jenys\n    types:\n      rumah");
    expect_error_from_check_and_run(scenario, 2,
                                    {"'jenys'", "exposures[0].type_field", "bangunan.gpkg",
                                     "fields are: id_bangunan, jenis, lantai"});
}

TEST(CliErrors, MisspelledAdminCodeFieldListsTheFields) {
    TempDir dir;
    const fs::path scenario = edited_demo(dir.path(), "code_field: kode", "code_field: kod");
    expect_error_from_check_and_run(scenario, 2,
                                    {"'kod'", "admin.code_field", "kabupaten.gpkg", "kode, nama"});
}

TEST(CliErrors, MissingLayerListsTheLayers) {
    TempDir dir;
    const fs::path scenario = edited_demo(dir.path(), "layer: kabkota", "layer: kabupaten");
    expect_error_from_check_and_run(scenario, 2, {"'kabupaten'", "kabupaten.gpkg", "kabkota"});
}

TEST(CliErrors, YamlSyntaxErrorGivesFileLineColumn) {
    TempDir dir;
    const fs::path scenario = dir / "rusak.yaml";
    // Line 6 is indented deeper than its sibling: "illegal map value" at 6:14.
    write_text(scenario,
               "version: 1\n"
               "name: rusak\n"
               "hazard_type: flood\n"
               "admin:\n"
               "  source: a.gpkg\n"
               "   code_field: kode\n");
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command);
        const auto result = command == "check" ? run_cli({"check", scenario.string()})
                                               : run_scenario(scenario, dir / "hasil.gpkg");
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_one_line_error(result);
        const std::regex where("^error: " + scenario.string() + ":6:[0-9]+: ");
        EXPECT_TRUE(std::regex_search(result.err, where)) << result.err;
    }

    // An unclosed flow mapping is reported where the parser notices it.
    write_text(scenario,
               "version: 1\n"
               "name: rusak\n"
               "hazard_type: flood\n"
               "admin: {source: a.gpkg, code_field: kode\n"
               "hazard:\n"
               "  source: b.tif\n");
    const auto result = run_cli({"check", scenario.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    EXPECT_TRUE(std::regex_search(result.err, std::regex(":[0-9]+:[0-9]+: invalid YAML")))
        << result.err;
}

TEST(CliErrors, UnknownKeyIsRejectedWithASuggestion) {
    TempDir dir;
    const fs::path scenario = edited_demo(dir.path(), "    sampling: max", "    samplng: max");
    const auto result = run_cli({"check", scenario.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    // demo.yaml line 31: "    samplng: max" (column 5).
    EXPECT_NE(result.err.find("demo.yaml:31:5: exposures[0].samplng"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("did you mean 'sampling'"), std::string::npos) << result.err;
}

// A path the scenario gives that does not exist is a mistake in the scenario: exit 2, as for a
// missing scenario or defaults file (README: exit codes).
TEST(CliErrors, MissingInputFileIsAConfigurationError) {
    TempDir dir;
    const fs::path scenario =
        edited_demo(dir.path(), "source: fasilitas.geojson", "source: fasilitas_hilang.geojson");
    expect_error_from_check_and_run(
        scenario, 2, {(dir.path() / "fasilitas_hilang.geojson").string() + " not found"});
}

TEST(CliErrors, DuplicateAdminCodesAreADataError) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "kabupaten.gpkg", "GPKG", "kabkota", "EPSG:4326",
                                         wkbMultiPolygon, {{"kode"}, {"nama"}},
                                         {{box_wkt(106.0, -6.6, 106.1, -6.3), {"99.01", "Satu"}},
                                          {box_wkt(106.1, -6.6, 106.2, -6.3), {"99.01", "Dua"}}}));
    const fs::path out = dir / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    expect_one_line_error(result);
    EXPECT_NE(result.err.find("'99.01'"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("kabupaten.gpkg"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(files_containing(dir.path(), ".partial").empty());
}

TEST(CliErrors, NoOutputIsAUsageError) {
    TempDir dir;
    const fs::path scenario = edited_demo(dir.path(), "output: ../../out/demo.gpkg\n", "");
    const auto result = run_cli({"run", scenario.string(), "-q"});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    EXPECT_NE(result.err.find("-o"), std::string::npos) << result.err;
}

TEST(CliErrors, BadCommandLineIsAUsageError) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    EXPECT_EQ(run_cli({"run", (dir / "tidak_ada.yaml").string()}).exit_code, 2);
    EXPECT_EQ(run_cli({"check", (dir / "tidak_ada.yaml").string()}).exit_code, 2);
    EXPECT_EQ(run_cli({"run", scenario.string(), "--threads", "0"}).exit_code, 2);
    EXPECT_EQ(run_cli({"run", scenario.string(), "--no-such-flag"}).exit_code, 2);
    EXPECT_EQ(run_cli({"frobnicate"}).exit_code, 2);
    EXPECT_TRUE(files_containing(dir.path(), "hasil").empty());
}

// Classes that overlap would silently hand the shared values to the first listed: `check`
// refuses them before reading any feature, naming the key, both classes and the interval.
TEST(CliErrors, OverlappingHazardClassesAreRefused) {
    TempDir dir;
    const fs::path scenario = edited_demo(dir.path(), "{name: sedang, min: 0.7, max: 1.5}",
                                          "{name: sedang, min: 0.7, max: 2.0}");
    expect_error_from_check_and_run(
        scenario, 2,
        {"hazard.classes", "'tinggi' (1.5, +inf] and 'sedang' (0.7, 2] overlap on (1.5, 2]"});
}

// Classes listed least severe first: refused with the order they must take.
TEST(CliErrors, HazardClassesInRisingOrderAreRefused) {
    TempDir dir;
    const fs::path scenario =
        edited_demo(dir.path(),
                    "    - {name: tinggi, min: 1.5}\n    - {name: sedang, min: 0.7, max: 1.5}\n"
                    "    - {name: rendah, min: 0.1, max: 0.7}\n",
                    "    - {name: rendah, min: 0.1, max: 0.7}\n"
                    "    - {name: sedang, min: 0.7, max: 1.5}\n    - {name: tinggi, min: 1.5}\n");
    expect_error_from_check_and_run(scenario, 2,
                                    {"hazard.classes", "out of order", "'sedang' before 'rendah'"});
}

// A fatality model that is not one: the message names the key, the value and the choices.
TEST(CliErrors, UnknownFatalityModelIsNamed) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const std::string text = read_text(scenario);
    write_text(scenario, text + "people: {fatality_model: itbb}\n");
    // The value's place: the appended line, after "people: {fatality_model: ".
    const auto line = std::count(text.begin(), text.end(), '\n') + 1;
    const std::string place = scenario.string() + ":" + std::to_string(line) + ":" +
                              std::to_string(std::string("people: {fatality_model: ").size() + 1);
    expect_error_from_check_and_run(scenario, 2,
                                    {place, "people.fatality_model", "'itbb'", "use none or itb"});
}

// Damage thresholds in the wrong order: the key, both values, the order they must take and
// where they are written.
TEST(CliErrors, DamageThresholdsOutOfOrderNameBothValues) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const std::string text = read_text(scenario);
    const std::string thresholds = "damage_thresholds: {rusak_ringan: 0.45, rusak_sedang: 0.3}\n";
    write_text(scenario, text + thresholds);
    const auto line = std::count(text.begin(), text.end(), '\n') + 1;
    // The place of a value written in the scenario (the section itself is merged with the
    // defaults'): rusak_sedang's 0.3.
    const std::string place = scenario.string() + ":" + std::to_string(line) + ":" +
                              std::to_string(thresholds.find("0.3}") + 1);
    expect_error_from_check_and_run(scenario, 2,
                                    {place, "damage_thresholds", "rusak_ringan 0.45",
                                     "rusak_sedang 0.3", "0 < rusak_ringan < rusak_sedang < 1"});
}

// A defaults file that is missing, empty or a folder would read as "no defaults" (a damage run
// with zero costs): each is refused, naming the file.
TEST(CliErrors, DefaultsFileMissingEmptyOrAFolder) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const std::string text = read_text(scenario);
    write_text(dir / "kosong.yaml", "\n  \n");
    fs::create_directories(dir / "folder.yaml");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"tidak-ada.yaml", "is not found"},
        {"kosong.yaml", "is empty"},
        {"folder.yaml", "is a folder, not a regular file"}};
    for (const auto& [file, problem] : cases) {
        SCOPED_TRACE(file);
        write_text(scenario, text + "defaults: " + file + "\n");
        expect_error_from_check_and_run(scenario, 2, {"defaults file", file, problem});
    }
}

// A path that does not exist is "not found", not a file GDAL "cannot open"; exit 2 for every
// input alike (the scenario's and the defaults' own cases: EveryCommandSaysNotFoundTheSameWay,
// DefaultsFileMissingEmptyOrAFolder).
TEST(CliErrors, MissingInputIsNotFound) {
    TempDir dir;
    for (const auto& [from, to, role] : std::vector<std::array<std::string, 3>>{
             {"source: kabupaten.gpkg", "source: kabupatn.gpkg", "admin"},
             {"source: kedalaman_banjir.tif", "source: kedalaman.tif", "hazard"},
             // A ShakeMap grid.xml is read by its own reader: the same words, the same code.
             {"source: kedalaman_banjir.tif", "source: grid.xml", "hazard"},
             {"source: bangunan.gpkg", "source: bangunn.gpkg", "exposure 'bangunan'"}}) {
        SCOPED_TRACE(role);
        const fs::path scenario = edited_demo(dir.path(), from, to);
        const std::string missing = (dir.path() / to.substr(8)).string();
        expect_error_from_check_and_run(scenario, 2, {role + ": " + missing + " not found"});
    }
}

// A file named on the command line that is missing or a folder: every command says it in the
// same one line, naming the argument and the path.
TEST(CliErrors, EveryCommandSaysNotFoundTheSameWay) {
    TempDir dir;
    const std::string missing = (dir / "tidak_ada.gpkg").string();
    for (const auto& [args, role] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"run", missing}, "scenario"},
             {{"check", missing}, "scenario"},
             {{"export", missing, "--xlsx", (dir / "a.xlsx").string()}, "gpkg"},
             {{"report", missing, "-o", (dir / "a.html").string()}, "gpkg"}}) {
        SCOPED_TRACE(args[0]);
        const auto result = run_cli(args);
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_one_line_error(result);
        EXPECT_EQ(result.err, "error: " + role + ": " + missing + " not found\n");
    }
    const auto folder = run_cli({"export", dir.path().string(), "--csv", (dir / "csv").string()});
    EXPECT_EQ(folder.err, "error: gpkg: " + dir.path().string() + " is a folder, not a file\n");
    write_text(dir / "skenario.yaml", "version: 1\n");
    const auto unknown = run_cli({"run", (dir / "skenario.yaml").string(), "--no-such-flag"});
    EXPECT_EQ(unknown.exit_code, 2);
    expect_one_line_error(unknown);
    EXPECT_NE(unknown.err.find("--no-such-flag"), std::string::npos) << unknown.err;
}

// `run` writes OUT.html beside OUT.gpkg: an existing report is refused before any work, like
// an existing GeoPackage, and replaced only with --overwrite.
TEST(CliErrors, RunRefusesToReplaceAReport) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const fs::path out = dir / "hasil.gpkg";
    const fs::path html = dir / "hasil.html";
    write_text(html, "laporan lama");
    const auto refused = run_scenario(scenario, out);
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    expect_one_line_error(refused);
    EXPECT_NE(refused.err.find(html.string() + " already exists"), std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("--overwrite"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(read_text(html), "laporan lama");

    const auto replaced = run_cli({"run", scenario.string(), "-o", out.string(), "--overwrite"});
    EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
    EXPECT_NE(read_text(html).find("<html"), std::string::npos);
}

// The run's summary on stderr is read by people: no e-notation, whatever the magnitude.
TEST(CliRun, SummaryHasNoENotation) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const auto result = run_cli({"run", scenario.string(), "-o", (dir / "hasil.gpkg").string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find(" features;"), std::string::npos) << result.err;
    EXPECT_FALSE(std::regex_search(result.err, std::regex("[0-9]e[-+]?[0-9]"))) << result.err;
}

// -q silences progress and the summary, never a warning: a warning names what may make a
// number wrong (here a listed type value no feature has).
TEST(CliRun, QuietStillPrintsWarnings) {
    TempDir dir;
    const fs::path scenario =
        edited_demo(dir.path(), "ibadah: [Masjid]", "ibadah: [Masjid, Gereja Tua]");
    const auto result = run_scenario(scenario, dir / "hasil.gpkg");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("warning: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("'Gereja Tua'"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(" features;"), std::string::npos) << result.err;  // no summary
}

// The demo with damage to its buildings by a curve of its own (`uji`), and `extra` appended.
fs::path damaging_demo(const fs::path& dir, const std::string& extra = "") {
    const fs::path scenario =
        edited_demo(dir, "    sampling: max\n  - name: fasilitas",
                    "    sampling: max\n    vulnerability: uji\n  - name: fasilitas");
    write_text(scenario, read_text(scenario) +
                             "vulnerability:\n  uji: {kind: curve, points: [[0, 0], [2, 1]]}\n" +
                             extra);
    return scenario;
}

// Damage without a price is kerusakan Rp 0: the damaged types without a value are named (the
// defaults price only `rumah`), and a defaults file without `costs` at all is refused.
TEST(CliErrors, DamageWithoutAPriceIsToldOrRefused) {
    TempDir dir;
    const fs::path scenario = damaging_demo(dir.path());
    const auto checked = run_cli({"check", scenario.string()});
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
    // Warnings are on stderr, as `run` prints them; stdout has none.
    const std::string told = checked.err;
    EXPECT_EQ(checked.out.find("warning: "), std::string::npos) << checked.out;
    for (const std::string part :
         {"exposure 'bangunan'", "'sekolah', 'kesehatan', 'ibadah', 'lainnya'", "Rp 0"})
        EXPECT_NE(told.find(part), std::string::npos) << "no '" << part << "' in " << told;
    EXPECT_EQ(told.find("'rumah'"), std::string::npos) << told;  // priced by the defaults
    // This one and the demo's hazard extent (4.3 % of the admin area outside it).
    EXPECT_NE(checked.out.find("runs, but read the 2 warning(s) on stderr first"),
              std::string::npos)
        << checked.out;

    // Every other section a damage run needs is there (empty: the file says so on purpose).
    write_text(dir / "tanpa-biaya.yaml",
               "damage_thresholds: {rusak_ringan: 0.3}\nsectors: {}\nclusters: {uji: {lainnya: "
               "{cluster: Uji}}}\nlosses: {}\n"
               "needs: {}\npeople: {}\nminimum_needs: []\n");
    write_text(scenario, read_text(scenario) + "defaults: tanpa-biaya.yaml\n");
    expect_error_from_check_and_run(
        scenario, 2,
        {"costs:", "tanpa-biaya.yaml", "has a `costs:` section", "every kerusakan would be Rp 0"});
}

// A defaults file that lacks a section a damage run needs would run with every asset in
// sub-sector lainnya, or without kerugian: each missing section is refused by name.
TEST(CliErrors, DefaultsLackingASectionAreRefused) {
    TempDir dir;
    const fs::path scenario = damaging_demo(dir.path(), "defaults: sebagian.yaml\n");
    const std::vector<std::string> sections = {"sectors", "clusters", "losses", "needs"};
    for (const auto& left_out : sections) {
        std::string text =
            "costs: {rumah: {unit_cost: {rusak_ringan: 1, rusak_sedang: 2, "
            "rusak_berat: 3}}}\npeople: {}\nminimum_needs: []\n";
        for (const auto& section : sections)
            if (section != left_out)
                text += section +
                        (section == "clusters" ? ": {uji: {lainnya: {cluster: Uji}}}\n" : ": {}\n");
        write_text(dir / "sebagian.yaml", text);
        expect_error_from_check_and_run(
            scenario, 2, {left_out + ":", "sebagian.yaml", "has a `" + left_out + ":` section"});
    }
}
