// What the PD forms build on (issue 14): every run has its own identity (run_info run_id, a
// UUID v4), and admin_summary tells where each unit's figures come from (sumber_data:
// "estimasi" after a run; `import` changes it), with a stored QGIS style that maps it.

#include <cpl_minixml.h>

#include <regex>
#include <set>

#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

const std::regex kUuidV4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
const std::string kSourceStyle = "Sumber data (estimasi / PD)";

struct XmlCloser {
    void operator()(CPLXMLNode* node) const { CPLDestroyXMLNode(node); }
};
using XmlPtr = std::unique_ptr<CPLXMLNode, XmlCloser>;

// The type of a field of a layer, or nullopt when the layer has no such field.
std::optional<OGRFieldType> field_type(const fs::path& gpkg, const std::string& layer_name,
                                       const std::string& field) {
    Dataset ds = open_vector(gpkg);
    if (!ds) {
        ADD_FAILURE() << "cannot open " << gpkg;
        return std::nullopt;
    }
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    if (!layer) {
        ADD_FAILURE() << "no layer " << layer_name << " in " << gpkg;
        return std::nullopt;
    }
    const int index = layer->GetLayerDefn()->GetFieldIndex(field.c_str());
    if (index < 0) return std::nullopt;
    return layer->GetLayerDefn()->GetFieldDefn(index)->GetType();
}

// A kabupaten level of two units over the demo area and four kecamatan under them (parents
// found from the codes); the scenario's admin changed to use both.
void add_sublevel(const fs::path& dir, const fs::path& scenario) {
    ASSERT_NO_FATAL_FAILURE(
        write_vector(dir / "kabupaten2.gpkg", "GPKG", "kabkota", "EPSG:4326", wkbMultiPolygon,
                     {{"kode"}, {"nama"}},
                     {{box_wkt(106.00, -6.60, 106.15, -6.30), {"99.01", "Barat"}},
                      {box_wkt(106.15, -6.60, 106.30, -6.30), {"99.02", "Timur"}}}));
    ASSERT_NO_FATAL_FAILURE(
        write_vector(dir / "kecamatan.gpkg", "GPKG", "kecamatan", "EPSG:4326", wkbMultiPolygon,
                     {{"kode"}, {"nama"}},
                     {{box_wkt(106.00, -6.60, 106.15, -6.45), {"99.01.01", "Barat Selatan"}},
                      {box_wkt(106.00, -6.45, 106.15, -6.30), {"99.01.02", "Barat Utara"}},
                      {box_wkt(106.15, -6.60, 106.30, -6.45), {"99.02.01", "Timur Selatan"}},
                      {box_wkt(106.15, -6.45, 106.30, -6.30), {"99.02.02", "Timur Utara"}}}));
    const std::string admin = "  source: kabupaten.gpkg\n  layer: kabkota\n";
    const std::string text = read_text(scenario);
    ASSERT_NE(text.find(admin), std::string::npos) << scenario << " changed";
    write_text(scenario, replace_all(text, admin,
                                     "  source: kabupaten2.gpkg\n  layer: kabkota\n"
                                     "  sublevel: {name: kecamatan, source: kecamatan.gpkg, "
                                     "code_field: kode, name_field: nama}\n"));
}

// The attribute `name` of an XML element, "" when absent.
std::string attribute(const CPLXMLNode* element, const char* name) {
    return CPLGetXMLValue(element, name, "");
}

}  // namespace

// Two runs of one scenario, even into the same file, get two different ids, each a UUID v4.
TEST(ReliabilityRunIdentity, EveryRunGetsItsOwnUuidV4) {
    TempDir dir;
    const fs::path scenario = copy_demo_scenario(dir.path(), "demo.yaml");
    const fs::path first = dir / "pertama.gpkg", second = dir / "kedua.gpkg";
    std::vector<std::string> ids;
    for (const auto& [out, extra] : std::vector<std::pair<fs::path, std::vector<std::string>>>{
             {first, {}}, {second, {}}, {first, {"--overwrite"}}}) {
        std::vector<std::string> args = extra;
        args.push_back("--no-report");
        const auto result = run_scenario(scenario, out, args);
        ASSERT_EQ(result.exit_code, 0) << result.err;
        const auto info = run_info(out);
        ASSERT_EQ(info.count("run_id"), 1u) << out << ": run_info has no run_id";
        const std::string id = info.at("run_id");
        EXPECT_TRUE(std::regex_match(id, kUuidV4)) << "not a UUID v4: '" << id << "'";
        ids.push_back(id);
    }
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size())
        << ids[0] << " " << ids[1] << " " << ids[2];
}

// With a damage model: sumber_data on admin_summary (a text column) reads "estimasi" on every
// unit; the finer level, whose figures the PDs do not report, has no such column. Without a
// damage model (no recap) the column is absent.
TEST(ReliabilityRunIdentity, AdminSummarySaysEveryUnitRestsOnEstimates) {
    TempDir dir;
    const fs::path damage = copy_demo_scenario(dir.path(), "demo-damage.yaml");
    ASSERT_NO_FATAL_FAILURE(add_sublevel(dir.path(), damage));
    const fs::path out = dir / "kerusakan.gpkg";
    auto result = run_scenario(damage, out, {"--no-report"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(field_type(out, "admin_summary", "sumber_data"), OFTString);
    const auto rows = read_rows(out, "admin_summary");
    ASSERT_EQ(static_cast<long long>(rows.size()), count_features(dir / "kabupaten2.gpkg"));
    for (const auto& row : rows) {
        ASSERT_FALSE(row.null("sumber_data")) << row.str("admin_code");
        EXPECT_EQ(row.str("sumber_data"), "estimasi") << row.str("admin_code");
    }
    EXPECT_EQ(read_rows(out, "admin_summary_kecamatan").size(), 4u);
    EXPECT_EQ(field_type(out, "admin_summary_kecamatan", "sumber_data"), std::nullopt);
    EXPECT_EQ(layer_names(out).count("jitupasna_sector"), 1u);

    const fs::path plain_scenario = copy_demo_scenario(dir.path(), "demo.yaml");
    const fs::path plain = dir / "tanpa-kerusakan.gpkg";
    result = run_scenario(plain_scenario, plain, {"--no-report"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(layer_names(plain).count("jitupasna_sector"), 0u);
    EXPECT_EQ(field_type(plain, "admin_summary", "sumber_data"), std::nullopt);
}

// The style of sumber_data is stored beside the default map, not instead of it: well-formed
// QML, categorised on sumber_data with the three values, a legend in Bahasa Indonesia, grey
// for estimates and blue, darker for all reported, for the PDs' figures.
TEST(ReliabilityRunIdentity, SourceStyleStoredBesideTheDefaultMap) {
    TempDir dir;
    const fs::path scenario = copy_demo_scenario(dir.path(), "demo-damage.yaml");
    const fs::path out = dir / "kerusakan.gpkg";
    const auto result = run_scenario(scenario, out, {"--no-report"});
    ASSERT_EQ(result.exit_code, 0) << result.err;

    std::map<std::string, Row> styles;  // styleName -> row, of admin_summary
    std::vector<std::string> defaults;
    for (auto& row : read_rows(out, "layer_styles")) {
        if (row.str("f_table_name") != "admin_summary") continue;
        if (row.num("useAsDefault") != 0) defaults.push_back(row.str("styleName"));
        const std::string name = row.str("styleName");
        styles.emplace(name, std::move(row));
    }
    ASSERT_EQ(defaults, std::vector<std::string>{"Peta dampak"});
    ASSERT_EQ(styles.count(kSourceStyle), 1u);
    EXPECT_LE(kSourceStyle.size(), 30u);  // layer_styles.styleName is TEXT(30)
    EXPECT_FALSE(styles.at(kSourceStyle).str("description").empty());

    const std::string qml = styles.at(kSourceStyle).str("styleQML");
    const XmlPtr document(CPLParseXMLString(qml.c_str()));
    ASSERT_NE(document, nullptr) << "not well-formed: " << CPLGetLastErrorMsg();
    const CPLXMLNode* qgis = CPLGetXMLNode(document.get(), "=qgis");
    ASSERT_NE(qgis, nullptr);
    const CPLXMLNode* renderer = CPLGetXMLNode(qgis, "renderer-v2");
    ASSERT_NE(renderer, nullptr);
    EXPECT_EQ(attribute(renderer, "type"), "categorizedSymbol");
    EXPECT_EQ(attribute(renderer, "attr"), "sumber_data");

    // value -> (legend label, symbol name)
    std::map<std::string, std::pair<std::string, std::string>> categories;
    const CPLXMLNode* category_list = CPLGetXMLNode(renderer, "categories");
    const CPLXMLNode* symbol_list = CPLGetXMLNode(renderer, "symbols");
    ASSERT_TRUE(category_list && symbol_list);
    for (const CPLXMLNode* c = category_list->psChild; c; c = c->psNext)
        if (c->eType == CXT_Element && std::string(c->pszValue) == "category")
            categories[attribute(c, "value")] = {attribute(c, "label"), attribute(c, "symbol")};
    ASSERT_EQ(categories.size(), 3u);
    ASSERT_EQ(
        categories.count("estimasi") + categories.count("sebagian PD") + categories.count("PD"),
        3u);
    EXPECT_EQ(categories.at("estimasi").first, "Estimasi model saja");
    EXPECT_EQ(categories.at("sebagian PD").first, "Sebagian dilaporkan Perangkat Daerah");
    EXPECT_EQ(categories.at("PD").first, "Dilaporkan Perangkat Daerah");

    // symbol name -> fill colour "r,g,b,a"
    std::map<std::string, std::array<int, 3>> colours;
    for (const CPLXMLNode* s = symbol_list->psChild; s; s = s->psNext) {
        if (s->eType != CXT_Element) continue;
        const CPLXMLNode* options = CPLGetXMLNode(s, "layer.Option");
        ASSERT_NE(options, nullptr);
        for (const CPLXMLNode* p = options->psChild; p; p = p->psNext)
            if (p->eType == CXT_Element && attribute(p, "name") == "color") {
                std::array<int, 3> rgb{};
                ASSERT_EQ(std::sscanf(attribute(p, "value").c_str(), "%d,%d,%d", &rgb[0], &rgb[1],
                                      &rgb[2]),
                          3);
                colours[attribute(s, "name")] = rgb;
            }
    }
    auto colour = [&](const std::string& value) { return colours.at(categories.at(value).second); };
    const auto grey = colour("estimasi"), light = colour("sebagian PD"), dark = colour("PD");
    EXPECT_TRUE(grey[0] == grey[1] && grey[1] == grey[2]) << "estimasi is not grey";
    for (const auto& blue : {light, dark})
        EXPECT_TRUE(blue[2] > blue[0] && blue[2] > blue[1]) << "not blue";
    EXPECT_LT(dark[0] + dark[1] + dark[2], light[0] + light[1] + light[2])
        << "PD should be darker than sebagian PD";
}
