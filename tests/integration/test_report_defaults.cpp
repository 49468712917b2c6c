// The report's table of defaults ("Nilai bawaan yang dipakai dan sumbernya") lists exactly the
// defaults the run used: every vulnerability function an exposure names (one per asset type
// too, with or without a comment of its own in the defaults file), no other; the displacement
// rates by severity only when a hazard class has no rate of its own in
// people.displacement_rates. Inputs are written here; the report is the one `run` writes.

#include <regex>
#include <set>

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

class ReportDefaults : public ::testing::Test {
  protected:
    TempDir dir;

    // Two admin units side by side over a 2 x 1 depth grid (EPSG:4326, cells of 0.01 degree):
    // west 2.0 m (tinggi), east 0.5 m (rendah); one house, one shop, one bridge in each cell,
    // and a population grid of 100 people per cell.
    void write_inputs() {
        RasterSpec depth;
        depth.x0 = 106.00;
        depth.y0 = -6.00;
        depth.cell = 0.01;
        depth.cols = 2;
        depth.rows = 1;
        depth.values = {2.0, 0.5};
        depth.crs = "EPSG:4326";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "kedalaman.tif", depth));
        RasterSpec people = depth;
        people.values = {100, 100};
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "penduduk.tif", people));
        ASSERT_NO_FATAL_FAILURE(
            write_vector(dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:4326", wkbMultiPolygon,
                         {{"kode"}, {"nama"}},
                         {{box_wkt(106.00, -6.01, 106.01, -6.00), {"U1", "Barat"}},
                          {box_wkt(106.01, -6.01, 106.02, -6.00), {"U2", "Timur"}}}));
        std::vector<FeatureSpec> buildings;
        for (const double lon : {106.002, 106.012})
            for (const auto& [offset, type] : std::vector<std::pair<double, std::string>>{
                     {0.0, "Rumah"}, {0.002, "Toko"}, {0.004, "Jembatan"}})
                buildings.push_back(
                    {box_wkt(lon + offset, -6.006, lon + offset + 0.001, -6.005), {type}});
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan", "EPSG:4326",
                                             wkbPolygon, {{"jenis"}}, buildings));
    }

    // A scenario whose buildings use `vulnerability` (per type) and with `people` settings.
    fs::path scenario(const std::string& vulnerability, const std::string& people) {
        const fs::path path = dir / "skenario.yaml";
        write_text(path,
                   "version: 1\nname: uji nilai bawaan\nhazard_type: flood\n"
                   "admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}\n"
                   "hazard:\n  source: kedalaman.tif\n  unit: m\n  classes:\n"
                   "    - {name: tinggi, min: 1.5}\n    - {name: rendah, min: 0.1, max: 1.5}\n"
                   "exposures:\n"
                   "  - name: bangunan\n    kind: structure\n    source: bangunan.gpkg\n"
                   "    type_field: jenis\n"
                   "    types: {rumah: [Rumah], toko: [Toko], jembatan: [Jembatan]}\n"
                   "    vulnerability: " +
                       vulnerability +
                       "\n    value: {toko: {cost_per_m2: 1000000}, jembatan: {cost_per_m2: "
                       "2000000}}\n"
                       "  - {name: penduduk, kind: population, source: penduduk.tif}\n" +
                       people);
        return path;
    }

    // The rows of the defaults table of the report `run` wrote: parameter -> note.
    std::map<std::string, std::string> defaults_listed(const fs::path& scenario_path) {
        const fs::path out = dir / "hasil.gpkg";
        fs::remove(out);
        fs::remove(dir / "hasil.html");
        const auto result = run_scenario(scenario_path, out);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        const std::string html = read_text(dir / "hasil.html");
        const auto start = html.find("Nilai bawaan yang dipakai dan sumbernya");
        EXPECT_NE(start, std::string::npos) << "no table of the defaults used";
        if (start == std::string::npos) return {};
        const std::string table = html.substr(start, html.find("</table>", start) - start);
        std::map<std::string, std::string> rows;
        const std::regex row(R"(<tr[^>]*><td><code>([^<]+)</code></td>(.*?)</tr>)");
        for (auto it = std::sregex_iterator(table.begin(), table.end(), row);
             it != std::sregex_iterator(); ++it)
            rows[(*it)[1]] = (*it)[2];
        return rows;
    }
};

std::set<std::string> functions_in(const std::map<std::string, std::string>& rows) {
    std::set<std::string> out;
    for (const auto& [path, note] : rows)
        if (path.rfind("vulnerability.", 0) == 0) out.insert(path);
    return out;
}

}  // namespace

TEST_F(ReportDefaults, EveryFunctionNamedPerTypeIsListedAndNoOther) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    // Every class has its own displacement rate: the rates by severity are not used.
    auto rows = defaults_listed(scenario(
        "{rumah: jrc_asia_residential, toko: jrc_asia_commercial, jembatan: jrc_asia_transport}",
        "people:\n  displacement_rates: {tinggi: 0.8, rendah: 0.2}\n"));
    EXPECT_EQ(functions_in(rows), (std::set<std::string>{"vulnerability.jrc_asia_commercial",
                                                         "vulnerability.jrc_asia_residential",
                                                         "vulnerability.jrc_asia_transport"}));
    EXPECT_EQ(rows.count("people.displacement_rates_by_severity"), 0u);
    // The JRC source is written above the first curve of the group only: the first listed
    // carries it (in Bahasa Indonesia), the others point to it.
    EXPECT_NE(rows["vulnerability.jrc_asia_residential"].find("JRC"), std::string::npos)
        << rows["vulnerability.jrc_asia_residential"];
    for (const char* other :
         {"vulnerability.jrc_asia_commercial", "vulnerability.jrc_asia_transport"})
        EXPECT_NE(rows[other].find("Sumber sama dengan <code>vulnerability.jrc_asia_residential"),
                  std::string::npos)
            << other << ": " << rows[other];
    // The defaults table is the run's: what the run used from the defaults is there.
    EXPECT_EQ(rows.count("people.household_size"), 1u);
}

TEST_F(ReportDefaults, RatesBySeverityListedWhenTheScenarioGivesNoRates) {
    ASSERT_NO_FATAL_FAILURE(write_inputs());
    // No displacement_rates by class (a partial one is refused): the classes take the
    // defaults' rates by severity. jembatan takes no damage (`none`).
    auto rows = defaults_listed(
        scenario("{rumah: jrc_asia_commercial, toko: jrc_asia_transport, jembatan: none}", ""));
    EXPECT_EQ(rows.count("people.displacement_rates_by_severity"), 1u);
    // Without the first curve of the JRC group, the first one used carries the source itself.
    EXPECT_EQ(functions_in(rows), (std::set<std::string>{"vulnerability.jrc_asia_commercial",
                                                         "vulnerability.jrc_asia_transport"}));
    EXPECT_NE(rows["vulnerability.jrc_asia_commercial"].find("JRC"), std::string::npos)
        << rows["vulnerability.jrc_asia_commercial"];
}
