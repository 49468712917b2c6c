// The parts of the HTML report on their own: Indonesian numbers, HTML escaping, the YAML
// comment reader behind the assumptions table, and the SVG choropleth (classes, legend, scale
// bar, north arrow, simplification).

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "format.hpp"
#include "map.hpp"
#include "yaml_notes.hpp"

namespace jitupasna::publish::report {
namespace {

TEST(ReportFormat, IndonesianNumbers) {
    EXPECT_EQ(format_number(0, 0), "0");
    EXPECT_EQ(format_number(999, 0), "999");
    EXPECT_EQ(format_number(1000, 0), "1.000");
    EXPECT_EQ(format_number(1234567.891, 2), "1.234.567,89");
    EXPECT_EQ(format_number(-1234.5, 1), "-1.234,5");
    EXPECT_EQ(format_number(-0.0001, 2), "0,00");  // never "-0"
    EXPECT_EQ(format_number(151787032253.0573, 0), "151.787.032.253");
    EXPECT_EQ(format_count(12), "12");
    EXPECT_EQ(format_count(12.345), "12,35");
    EXPECT_EQ(format_count(0.2), "0,20");
}

TEST(ReportFormat, Rupiah) {
    EXPECT_EQ(format_rupiah(1234567.4), "Rp 1.234.567");
    EXPECT_EQ(format_rupiah(0), "Rp 0");
    EXPECT_EQ(format_rupiah(-5000), "-Rp 5.000");
    EXPECT_EQ(format_rupiah_short(151787032253.0), "Rp 151,79 miliar");
    EXPECT_EQ(format_rupiah_short(2500000), "Rp 2,50 juta");
    EXPECT_EQ(format_rupiah_short(1.2e12), "Rp 1,20 triliun");
    EXPECT_EQ(format_rupiah_short(950000), "Rp 950.000");
}

TEST(ReportFormat, EscapesEverySpecialCharacter) {
    EXPECT_EQ(escape("Kota <b>\"Uji\"</b> & 'co'"),
              "Kota &lt;b&gt;&quot;Uji&quot;&lt;/b&gt; &amp; &#39;co&#39;");
    EXPECT_EQ(escape("Kabupaten Sintetis — Barat"), "Kabupaten Sintetis — Barat");
    EXPECT_EQ(title_case("ekonomi_produktif"), "Ekonomi Produktif");
}

TEST(ReportYamlNotes, CommentsValuesAndAssumptions) {
    const std::string text =
        "# header of the file\n"
        "\n"
        "# Damage ratio thresholds (Permen PU 45/2007)\n"
        "damage_thresholds: {rusak_ringan: 0.30, rusak_sedang: 0.45}\n"
        "losses:\n"
        "  waiting_allowance_months: 6   # ASSUMPTION: months until housing\n"
        "  plain: 1\n"
        "minimum_needs:\n"
        "- {name: beras, unit: kg}\n"
        "- {name: air, unit: liter}\n"
        "exposures:\n"
        "  - name: bangunan\n"
        "    value:\n"
        "      # ASSUMPTION for the demo: cost per m2\n"
        "      sekolah: {cost_per_m2: 4500000}\n"
        "      kantor: {cost_per_m2: 5000000}\n"
        "text: 'a # not a comment'\n";
    const auto entries = yaml_entries(text);
    auto find = [&](const std::string& path) -> const YamlEntry* {
        for (const auto& e : entries)
            if (e.path == path) return &e;
        return nullptr;
    };
    const YamlEntry* thresholds = find("damage_thresholds");
    ASSERT_TRUE(thresholds);
    EXPECT_EQ(thresholds->comment, "Damage ratio thresholds (Permen PU 45/2007)");
    EXPECT_EQ(thresholds->value, "{rusak_ringan: 0.30, rusak_sedang: 0.45}");
    EXPECT_FALSE(thresholds->assumption());
    const YamlEntry* months = find("losses.waiting_allowance_months");
    ASSERT_TRUE(months);
    EXPECT_EQ(months->value, "6");
    EXPECT_TRUE(months->assumption());
    EXPECT_EQ(months->depth, 1);
    const YamlEntry* losses = find("losses");
    ASSERT_TRUE(losses);
    EXPECT_TRUE(losses->section);
    EXPECT_TRUE(losses->commented_below);
    EXPECT_TRUE(find("losses.plain")->comment.empty());
    const YamlEntry* needs = find("minimum_needs");
    ASSERT_TRUE(needs);
    EXPECT_EQ(needs->value, "{name: beras, unit: kg}; {name: air, unit: liter}");
    const YamlEntry* sekolah = find("exposures.value.sekolah");
    ASSERT_TRUE(sekolah);
    EXPECT_TRUE(sekolah->assumption());
    EXPECT_TRUE(sekolah->first_child);
    ASSERT_GE(sekolah->parent, 0);
    EXPECT_EQ(entries[static_cast<std::size_t>(sekolah->parent)].path, "exposures.value");
    EXPECT_EQ(entries[static_cast<std::size_t>(sekolah->parent)].value,
              "sekolah: {cost_per_m2: 4500000}; kantor: {cost_per_m2: 5000000}");
    EXPECT_EQ(find("text")->value, "'a # not a comment'");
    EXPECT_EQ(find("text")->comment, "");
}

// A square of `side` degrees (or metres) at (x, y), with `extra` close vertices on one edge.
io::GeometryPtr square(double x, double y, double side, int extra = 0) {
    std::string wkt = "POLYGON ((" + std::to_string(x) + " " + std::to_string(y);
    for (int i = 1; i <= extra; ++i)
        wkt += ", " + std::to_string(x + side * i / (extra + 1)) + " " + std::to_string(y);
    wkt += ", " + std::to_string(x + side) + " " + std::to_string(y) + ", " +
           std::to_string(x + side) + " " + std::to_string(y + side) + ", " + std::to_string(x) +
           " " + std::to_string(y + side) + ", " + std::to_string(x) + " " + std::to_string(y) +
           "))";
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE);
    return io::GeometryPtr(g);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(ReportMap, ClassesLegendScaleBarAndNorthArrow) {
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<io::GeometryPtr> shapes;
    MapSpec spec;
    spec.id = "uji";
    spec.title = "Rumah rusak berat (unit)";
    spec.srs = &wgs84;
    const std::vector<std::optional<double>> values = {0.0, 5.0, 10.0, 20.0, std::nullopt, 40.0};
    for (std::size_t i = 0; i < values.size(); ++i) {
        shapes.push_back(square(106.0 + 0.1 * static_cast<double>(i), -6.5, 0.1));
        spec.units.push_back(
            {shapes.back().get(), "Kabupaten " + std::to_string(i) + " <&>", values[i]});
    }
    const std::string svg = render_map(spec);
    EXPECT_EQ(svg.rfind("<svg class=\"map\" id=\"uji\"", 0), 0u);
    EXPECT_EQ(count(svg, "</title></path>"), values.size());
    // Four non-zero values: four classes, plus zero and no data.
    EXPECT_NE(svg.find("<g class=\"legend\">"), std::string::npos);
    EXPECT_NE(svg.find(">0 (tidak ada)<"), std::string::npos);
    EXPECT_NE(svg.find(">Tanpa data<"), std::string::npos);
    EXPECT_NE(svg.find("fill=\"url(#uji-nodata)\""), std::string::npos);
    for (const char* label : {">5<", ">10<", ">20<", ">40<"})
        EXPECT_NE(svg.find(label), std::string::npos) << label;
    // Names are escaped in tooltips and labels.
    EXPECT_EQ(svg.find("<&>"), std::string::npos);
    EXPECT_NE(svg.find("<title>Kabupaten 1 &lt;&amp;&gt;: 5</title>"), std::string::npos);
    // 60 km across at 6.5 S: a bar of 10 or 20 km.
    EXPECT_NE(svg.find("<g class=\"scale-bar\""), std::string::npos);
    EXPECT_TRUE(std::regex_search(svg, std::regex(">(10|20) km<"))) << svg;
    EXPECT_NE(svg.find("<g class=\"north-arrow\""), std::string::npos);
    EXPECT_EQ(svg.find("http"), std::string::npos);
}

TEST(ReportMap, RanksDarkestFirstAndProjectedScaleInMetres) {
    OGRSpatialReference utm;
    utm.importFromEPSG(32748);
    std::vector<io::GeometryPtr> shapes;
    MapSpec spec;
    spec.id = "rank";
    spec.title = "Peringkat";
    spec.srs = &utm;
    spec.values = MapSpec::Values::rank;
    spec.palette = Palette::blue_green;
    for (int i = 0; i < 3; ++i) {
        shapes.push_back(square(500000 + 100.0 * i, 9300000, 100));
        spec.units.push_back(
            {shapes.back().get(), "Desa " + std::to_string(i), std::optional<double>(i + 1)});
    }
    const std::string svg = render_map(spec);
    // ColorBrewer YlGnBu, 3 classes: rank 1 the darkest.
    EXPECT_NE(svg.find("fill=\"#2c7fb8\"><title>Desa 0: peringkat 1</title>"), std::string::npos)
        << svg;
    EXPECT_NE(svg.find("fill=\"#edf8b1\"><title>Desa 2: peringkat 3</title>"), std::string::npos);
    EXPECT_NE(svg.find(">Peringkat 1<"), std::string::npos);
    EXPECT_TRUE(std::regex_search(svg, std::regex(">(50|100|200) m<"))) << svg;
}

TEST(ReportMap, DropsVerticesCloserThanHalfAPixel) {
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const io::GeometryPtr dense = square(106.0, -6.5, 0.5, 5000);  // 5000 vertices on one edge
    MapSpec spec;
    spec.id = "padat";
    spec.title = "Uji";
    spec.srs = &wgs84;
    spec.units.push_back({dense.get(), "Padat", 1.0});
    const std::string svg = render_map(spec);
    const auto start = svg.find("<path d=\"");
    const auto end = svg.find('"', start + 9);
    const std::string d = svg.substr(start + 9, end - start - 9);
    // The edge is at most ~500 px long: at most ~1000 vertices survive, at least its corners.
    const std::size_t points = count(d, ",");
    EXPECT_LT(points, 1100u);
    EXPECT_GE(points, 4u);
}

}  // namespace
}  // namespace jitupasna::publish::report
