// The same buildings in every format and CRS an analyst brings give the same counts: GDAL does
// the reading, the tool reprojects on the fly.

#include "integration/gis_fixtures.hpp"
#include "integration/test_support.hpp"

using namespace jitupasna::test;

namespace {

// The demo scenario with the buildings exposure read from another source.
fs::path demo_with_buildings(const fs::path& dir, const std::string& source_lines) {
    const fs::path scenario = copy_demo(dir);
    const std::string text = replace_all(
        read_text(scenario), "    source: bangunan.gpkg\n    layer: bangunan\n", source_lines);
    EXPECT_NE(text, read_text(scenario)) << "the demo scenario changed shape";
    write_text(scenario, text);
    return scenario;
}

void ogr2ogr(const std::string& arguments) {
    const auto r = run_shell("ogr2ogr " + arguments);
    ASSERT_EQ(r.exit_code, 0) << r.err;
}

// Counts per (admin, exposure, type, class) of the run on `scenario`.
std::map<SummaryKey, double> counts_of(const fs::path& scenario, const fs::path& out) {
    const auto result = run_scenario(scenario, out, {"--overwrite", "--no-report"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return summary_counts(out);
}

}  // namespace

TEST(FormatsAndCrs, EveryFormatGivesTheSameCounts) {
    TempDir dir;
    const auto baseline = counts_of(copy_demo(dir.path()), dir / "baseline.gpkg");
    ASSERT_FALSE(baseline.empty());
    const fs::path gpkg = dir / "bangunan.gpkg";

    ogr2ogr("-f FlatGeobuf " + shell_quote((dir / "bangunan.fgb").string()) + " " +
            shell_quote(gpkg.string()));
    EXPECT_EQ(
        counts_of(demo_with_buildings(dir.path(), "    source: bangunan.fgb\n"), dir / "fgb.gpkg"),
        baseline)
        << "FlatGeobuf";

    ogr2ogr("-f GeoJSON " + shell_quote((dir / "bangunan.geojson").string()) + " " +
            shell_quote(gpkg.string()));
    EXPECT_EQ(counts_of(demo_with_buildings(dir.path(), "    source: bangunan.geojson\n"),
                        dir / "geojson.gpkg"),
              baseline)
        << "GeoJSON";

    // A zipped shapefile read through /vsizip/, relative to the scenario file.
    fs::create_directories(dir / "shp");
    ogr2ogr("-f 'ESRI Shapefile' " + shell_quote((dir / "shp" / "bangunan.shp").string()) + " " +
            shell_quote(gpkg.string()));
    const auto zip = run_shell(
        "cd " + shell_quote((dir / "shp").string()) +
        " && /usr/bin/python3 -c \"import zipfile,glob; z=zipfile.ZipFile('../b.zip','w');"
        " [z.write(f) for f in glob.glob('bangunan.*')]\"");
    ASSERT_EQ(zip.exit_code, 0) << zip.err;
    EXPECT_EQ(counts_of(demo_with_buildings(dir.path(), "    source: /vsizip/b.zip/bangunan.shp\n"),
                        dir / "zip.gpkg"),
              baseline)
        << "/vsizip/ shapefile";

    // CSV with the footprints as WKT and no CRS of its own: `crs:` says what it is.
    ogr2ogr("-f CSV -lco GEOMETRY=AS_WKT " + shell_quote((dir / "bangunan.csv").string()) + " " +
            shell_quote(gpkg.string()));
    EXPECT_EQ(counts_of(demo_with_buildings(dir.path(),
                                            "    source: bangunan.csv\n    crs: EPSG:32748\n"),
                        dir / "csv.gpkg"),
              baseline)
        << "CSV";
}

TEST(FormatsAndCrs, MixedCrsNeedNoManualReprojection) {
    TempDir dir;
    const auto baseline = counts_of(copy_demo(dir.path()), dir / "baseline.gpkg");
    const fs::path gpkg = dir / "bangunan.gpkg";
    // Buildings in DGN95 / Indonesia TM-3 zone 48.1, admin units in Web Mercator.
    ogr2ogr("-t_srs EPSG:23833 -nln bangunan " + shell_quote((dir / "tm3.gpkg").string()) + " " +
            shell_quote(gpkg.string()));
    ogr2ogr("-t_srs EPSG:3857 " + shell_quote((dir / "admin3857.gpkg").string()) + " " +
            shell_quote((dir / "kabupaten.gpkg").string()));
    fs::path scenario = demo_with_buildings(dir.path(), "    source: tm3.gpkg\n");
    write_text(scenario, replace_all(read_text(scenario), "source: kabupaten.gpkg",
                                     "source: admin3857.gpkg"));
    const auto counts = counts_of(scenario, dir / "mixed.gpkg");
    // Every building is still counted exactly once.

    double total = 0, expected_total = 0;
    for (const auto& [key, n] : counts)
        if (std::get<1>(key) == "bangunan") total += n;
    for (const auto& [key, n] : baseline)
        if (std::get<1>(key) == "bangunan") expected_total += n;
    EXPECT_EQ(total, expected_total);
    // Admin borders are straight lines in their own CRS, so in Web Mercator a building right on
    // a border may change sides; per hazard class the counts agree within such a building or two.
    std::map<std::pair<std::string, std::string>, double> by_class, expected_by_class;
    for (const auto& [key, n] : counts) by_class[{std::get<1>(key), std::get<3>(key)}] += n;
    for (const auto& [key, n] : baseline)
        expected_by_class[{std::get<1>(key), std::get<3>(key)}] += n;
    for (const auto& [key, n] : expected_by_class)
        EXPECT_NEAR(by_class[key], n, 2) << key.first << " " << key.second;
}
