// The parts of the HTML report on their own: Indonesian numbers, HTML escaping, the YAML
// comment reader behind the assumptions table, and the SVG choropleth (classes, legend, scale
// bar, north arrow, simplification).

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "format.hpp"
#include "map.hpp"
#include "words.hpp"
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

TEST(ReportYamlNotes, TheFileHeaderIsNoKeysComment) {
    // A scenario's English header runs straight into its first key: it is no note on it.
    const std::string text =
        "# The 2009 Padang earthquake (houses: 4 persons per house, an ASSUMPTION)\n"
        "#\n"
        "# over all 514 kabupaten/kota.\n"
        "version: 1\n"
        "people:\n"
        "  # share displaced\n"
        "  displacement_rates: {tinggi: 0.3}   # ASSUMPTION\n";
    const auto entries = yaml_entries(text);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].path, "version");
    EXPECT_EQ(entries[0].comment, "");
    EXPECT_FALSE(entries[0].assumption());
    EXPECT_EQ(entries[2].path, "people.displacement_rates");
    EXPECT_EQ(entries[2].comment, "share displaced ASSUMPTION");
    EXPECT_TRUE(entries[2].assumption());
    EXPECT_EQ(without_header(text),
              "version: 1\npeople:\n  # share displaced\n  displacement_rates: {tinggi: 0.3}   "
              "# ASSUMPTION\n");
    // The comment above a key and the one after it, apart and together.
    const auto both = yaml_entries("x: 1\n# source\nf: 2  # own\ng: 3\n");
    ASSERT_EQ(both.size(), 3u);
    EXPECT_EQ(both[1].comment, "source own");
    EXPECT_EQ(both[1].comment_above, "source");
    EXPECT_EQ(both[1].comment_after, "own");
    EXPECT_EQ(both[2].comment_above, "");
    // A header, a blank line, then a key's own comment: the key keeps it.
    const auto split = yaml_entries("# header\n\n# thresholds (Permen PU)\nt: 1\n");
    ASSERT_EQ(split.size(), 1u);
    EXPECT_EQ(split[0].comment, "thresholds (Permen PU)");
    EXPECT_EQ(without_header("a: 1\n"), "a: 1\n");
}

TEST(ReportWords, EveryCommentOfTheShippedDefaultsIsInIndonesian) {
    std::ifstream in(std::string(JITUPASNA_SOURCE_DIR) + "/data/defaults/jitupasna_defaults.yaml");
    ASSERT_TRUE(in) << "data/defaults/jitupasna_defaults.yaml";
    std::stringstream text;
    text << in.rdbuf();
    std::size_t commented = 0;
    for (const auto& e : yaml_entries(text.str())) {
        if (e.comment.empty()) continue;
        ++commented;
        EXPECT_TRUE(indonesian_note(e.comment).has_value())
            << e.path << ": no Indonesian text for \"" << e.comment << "\"";
        // A vulnerability function's group source (the block above the group's first function)
        // and its own note are shown apart, each in Bahasa Indonesia.
        if (e.depth == 1 && e.path.rfind("vulnerability.", 0) == 0) {
            for (const std::string& part : {e.comment_above, e.comment_after}) {
                EXPECT_TRUE(part.empty() || indonesian_note(part).has_value())
                    << e.path << ": no Indonesian text for \"" << part << "\"";
            }
        }
    }
    EXPECT_GT(commented, 20u);
    EXPECT_EQ(indonesian_note("a province's own note"), std::nullopt);
}

// Facts about the hazard and the run's warnings are told in Bahasa Indonesia where the report
// describes them; the warnings themselves stay verbatim (they are searched for as printed).
TEST(ReportWords, HazardFactsAndWarningTopicsInIndonesian) {
    EXPECT_EQ(hazard_fact_value("grid", "638 x 649 cells of 0.000452288 x 0.000452288"),
              "638 × 649 sel berukuran 0,000452288 × 0,000452288");
    EXPECT_EQ(hazard_fact_value("grid", "something else"), "something else");
    EXPECT_EQ(hazard_fact_value("realizations", "12 (every band)"), "12 (semua pita)");
    EXPECT_EQ(hazard_fact_value("nodata", "-9999"), "-9999");
    EXPECT_EQ(hazard_fact_label("nodata"), "nilai nodata");
    EXPECT_EQ(hazard_form_name("vector (classes)"), "vektor (kelas)");
    EXPECT_EQ(hazard_form_name("raster"), "raster");
    EXPECT_EQ(hazard_fact_label("event.magnitude"), "magnitudo");
    EXPECT_EQ(hazard_fact_label("event.unknown_attribute"), "event.unknown_attribute");
    EXPECT_EQ(warning_topic("admin: 1 invalid polygon(s) repaired"), "Batas wilayah");
    EXPECT_EQ(warning_topic("admin.sublevel: 4 pair(s) of units overlap"),
              "Batas wilayah (tingkat bawah)");
    EXPECT_EQ(warning_topic("exposure 'bangunan': 2 of 7689 features lie outside"),
              "Paparan bangunan");
    EXPECT_EQ(warning_topic("hazard: 2.1 % of the admin area lies outside"), "Bahaya");
    EXPECT_EQ(warning_topic("no subject here"), "Proses");
}

// Every warning the pipeline gives has a reading in Bahasa Indonesia, its numbers written the
// Indonesian way; the messages below follow the pipeline's format strings.
TEST(ReportWords, WarningsAreReadInIndonesian) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"admin: 124 invalid polygon(s) repaired with GEOS MakeValid",
         "124 poligon tidak valid diperbaiki otomatis"},
        {"admin: 935 pair(s) of units overlap (6593.572 km2 in all); largest: 96.01 A and 96.04 "
         "B: 5009.042 km2; and 934 more. A count in an overlap goes to one unit only",
         "935 pasang wilayah saling bertampalan (seluruhnya 6.593,572 km²)"},
        {"admin: unit 31.71 (feature 12) has no geometry", "Wilayah 31.71 (fitur 12)"},
        {"hazard: 83.5 % of the admin area lies outside the hazard's extent; assets there are "
         "not_exposed",
         "83,5 % luas wilayah kajian berada di luar cakupan data bahaya"},
        {"exposure 'bangunan': 2 of 7,689 features lie wholly or partly outside every admin unit "
         "(admin_code NULL)",
         "2 dari 7.689 fitur terletak"},
        {"exposure 'penduduk': 40 of 1,200 populated cells lie wholly or partly outside every "
         "admin unit (admin_code NULL)",
         "40 dari 1.200 sel berpenduduk"},
        {"exposure 'bangunan': asset type(s) 'masjid' have a vulnerability function but no value "
         "(no `costs.<type>` in the scenario or the defaults, no `value:` on the exposure): their "
         "kerusakan is Rp 0",
         "Jenis aset 'masjid' memiliki fungsi kerentanan tetapi tidak memiliki harga satuan"},
        {"exposure 'rumah': column 'rumah' of pop.csv is empty on 3 row(s): 4, 9, 12; features "
         "joined to them count as missing (0)",
         "Kolom 'rumah' tabel gabungan kosong pada 3 baris"},
        {"exposure 'rumah': the join matched 1,234 of 2,000 features (61.7 %): 766 feature(s) "
         "without a match ('11.10', ...) count 0; check the keys",
         "Tabel gabungan hanya cocok dengan 1.234 dari 2.000 fitur (61,7 %)"},
        {"exposure 'bangunan': 1,204 feature(s) have asset type 'lainnya' (type_field 'jenis' "
         "values not listed under `types:`), which has no function in its vulnerability map "
         "(rumah: padang2009_urm_metal_roof, sekolah: none); 345 of them lie in the hazard; they "
         "get no damage and Rp 0. Give `lainnya` a function, or write `lainnya: none` if they "
         "take no damage",
         "1.204 fitur berjenis aset 'lainnya' (nilai yang tidak terdaftar pada types) tidak "
         "memiliki fungsi kerentanan: fitur itu tidak dihitung rusak dan nilai kerusakannya Rp 0; "
         "345 di antaranya berada di daerah bahaya."},
        {"exposure 'bangunan': 7 feature(s) have asset type 'lainnya' (type_field 'jenis' values "
         "not listed under `types:`), which has no function in its vulnerability map (rumah: "
         "x); `run` tells how many lie in the hazard; they get no damage and Rp 0. Give "
         "`lainnya` a function, or write `lainnya: none` if they take no damage",
         "7 fitur berjenis aset 'lainnya' (nilai yang tidak terdaftar pada types) tidak memiliki "
         "fungsi kerentanan: fitur itu tidak dihitung rusak dan nilai kerusakannya Rp 0."},
        {"exposure 'bangunan': 12 feature(s) have no number_field value (jumlah; counted as 1)",
         "12 fitur tidak memiliki nilai jumlah; masing-masing dihitung 1."},
        {"exposure 'bangunan': value_field 'nilai' is NULL on 5 feature(s) (FIDs 1, 2, 3, 4, 5): "
         "their kerusakan counts as Rp 0",
         "Nilai aset kosong pada 5 fitur: nilai kerusakannya Rp 0."},
        {"exposure 'bangunan': exposures.bangunan.types.rumah lists 'residential', which no "
         "feature has in type_field 'building'; did you mean 'Residential' (6,120 features)? "
         "values there that are not listed (now lainnya): 'Residential' (6,120)",
         "Nilai 'residential' pada kunci exposures.bangunan.types.rumah tidak dimiliki fitur "
         "mana pun di type_field 'building'"},
        {"exposure 'penduduk': unit: count gives 3 admin unit(s) more than 100000 people per km2, "
         "beyond any real density (A 356,000/km2); the raster probably holds densities",
         "3 wilayah berkepadatan lebih dari 100.000 jiwa per km²"},
        {"exposure 'titik': 2 feature(s) of titik.csv layer titik have no geometry (NULL or "
         "empty; FIDs 3, 7): each is counted once, in no admin unit and as not_exposed",
         "2 fitur tidak memiliki geometri (kosong; FID 3, 7)"},
        {"GDAL: something odd", "Peringatan dari pustaka GDAL"},
    };
    for (const auto& [message, reading] : cases) {
        const auto read = warning_reading(message);
        ASSERT_TRUE(read.has_value()) << message;
        EXPECT_NE(read->find(reading), std::string::npos) << *read;
    }
    EXPECT_EQ(warning_reading("a message of a shape nobody wrote"), std::nullopt);
}

// The labels of a map's legend, in order.
std::vector<std::string> legend_labels(const std::string& svg) {
    const auto start = svg.find("<g class=\"legend\">");
    const auto end = svg.find("</g>", start);
    const std::string legend = svg.substr(start, end - start);
    std::vector<std::string> labels;
    const std::regex entry("<rect [^>]*/><text [^>]*>([^<]*)</text>");
    for (auto it = std::sregex_iterator(legend.begin(), legend.end(), entry);
         it != std::sregex_iterator(); ++it)
        labels.push_back((*it)[1]);
    return labels;
}

double viewbox_width(const std::string& svg) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(svg, m, std::regex("viewBox=\"0 0 ([0-9.]+) ")));
    return std::stod(m[1]);
}

struct MapFixture {
    OGRSpatialReference wgs84;
    std::vector<io::GeometryPtr> shapes;
    MapSpec spec;
    MapFixture() {
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        spec.id = "uji";
        spec.title = "Rumah rusak berat (unit)";
        spec.srs = &wgs84;
    }
    void add(std::optional<double> value, const std::string& name = "Unit") {
        shapes.push_back(square(100.0 + 0.5 * static_cast<double>(shapes.size()), -1, 0.5));
        spec.units.push_back({shapes.back().get(), name, value});
    }
};

TEST(ReportMap, SmallValuesGetClassesThatReadApart) {
    // A national run: thousands of houses near the event, 0.00001 of a house far away. One
    // decimal would print the lower classes all as "0,0".
    MapFixture f;
    for (double v : {0.00001, 0.00002, 0.00004, 0.0003, 0.002, 0.004, 0.03, 0.5, 12.0, 1500.0})
        f.add(v);
    const auto labels = legend_labels(render_map(f.spec));
    ASSERT_EQ(labels.size(), 5u);
    EXPECT_EQ(std::set<std::string>(labels.begin(), labels.end()).size(), labels.size());
    // Two values per quantile class; the lowest reads as what it is.
    EXPECT_EQ(labels[0], "0,00001 – 0,00002");
    EXPECT_EQ(labels[1], "0,00004 – 0,0003");
    EXPECT_EQ(labels[4], "12 – 1.500");
    for (const auto& label : labels) EXPECT_EQ(label.find("0,0 "), std::string::npos) << label;
    EXPECT_EQ(map_value_label(0.0000001, MapSpec::Values::count), "< 0,000001");
    EXPECT_EQ(map_value_label(1234.4, MapSpec::Values::count), "1.234");
}

TEST(ReportMap, EqualValuesAreOneClassAndAlikeLabelsMerge) {
    MapFixture equal;
    for (int i = 0; i < 6; ++i) equal.add(7.0);
    EXPECT_EQ(legend_labels(render_map(equal.spec)), std::vector<std::string>{"7"});
    // 150.2 and 150.4 both print "150": one class, never two alike.
    MapFixture alike;
    for (double v : {150.2, 150.4, 300.0, 600.0}) alike.add(v);
    const auto labels = legend_labels(render_map(alike.spec));
    EXPECT_EQ(labels, (std::vector<std::string>{"150", "300", "600"}));
}

TEST(ReportMap, TheLegendIsAsWideAsItsLongestLabel) {
    MapFixture f;
    f.spec.values = MapSpec::Values::category;
    const std::string longest = "Tidak terpapar (di luar data bahaya, tanpa nilai)";
    f.spec.categories = {{"Tinggi", "#a50f15"}, {longest, "#c9d3da"}};
    f.add(0.0);
    f.add(1.0);
    const std::string svg = render_map(f.spec);
    EXPECT_EQ(legend_labels(svg), (std::vector<std::string>{"Tinggi", longest}));
    // 49 characters of 11 px type are well over 250 px in any sans-serif face; the legend
    // starts at x = 538 + 30.
    EXPECT_GT(viewbox_width(svg), 538 + 30 + 250);
    EXPECT_NE(svg.find("fill=\"#a50f15\"><title>Unit: Tinggi</title>"), std::string::npos);
    // A short legend keeps the usual width.
    MapFixture plain;
    plain.add(1.0);
    EXPECT_EQ(viewbox_width(render_map(plain.spec)), 720.0);
}

TEST(ReportMap, NamesDoNotOverlap) {
    // A row of narrow units with long names: each name that is drawn has room of its own.
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<io::GeometryPtr> shapes;
    MapSpec spec;
    spec.id = "nama";
    spec.title = "Uji";
    spec.srs = &wgs84;
    for (int i = 0; i < 12; ++i) {
        shapes.push_back(square(100.0 + 0.1 * i, 0, 0.1));
        spec.units.push_back(
            {shapes.back().get(), "Kabupaten Nama Sangat Panjang " + std::to_string(i), 1.0 + i});
    }
    const std::string svg = render_map(spec);
    const std::regex text_re(
        "<text x=\"([0-9.]+)\" y=\"([0-9.]+)\"( font-size=\"([0-9]+)\")?>(.*?)</text>");
    struct Box {
        double x0, y0, x1, y1;
    };
    std::vector<Box> boxes;
    const auto labels_start = svg.find("<g class=\"labels\"");
    const std::string labels =
        svg.substr(labels_start, svg.find("</g>", labels_start) - labels_start);
    for (auto it = std::sregex_iterator(labels.begin(), labels.end(), text_re);
         it != std::sregex_iterator(); ++it) {
        const double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
        const double font = (*it)[4].matched ? std::stod((*it)[4]) : 10.0;
        const std::string body = (*it)[5];
        // Each tspan is a line; the widest line at 0.6 em a character (an average glyph).
        std::size_t widest = 0, lines = 0;
        const std::regex tspan(">([^<]*)</tspan>");
        for (auto t = std::sregex_iterator(body.begin(), body.end(), tspan);
             t != std::sregex_iterator(); ++t, ++lines)
            widest = std::max<std::size_t>(widest, (*t)[1].length());
        const double w = static_cast<double>(widest) * font * 0.6;
        const double h = static_cast<double>(lines) * font * 1.2;
        boxes.push_back({x - w / 2, y - font, x + w / 2, y - font + h});
    }
    ASSERT_FALSE(boxes.empty()) << svg;
    for (std::size_t a = 0; a < boxes.size(); ++a)
        for (std::size_t b = a + 1; b < boxes.size(); ++b) {
            const bool overlap = boxes[a].x0 < boxes[b].x1 && boxes[b].x0 < boxes[a].x1 &&
                                 boxes[a].y0 < boxes[b].y1 && boxes[b].y0 < boxes[a].y1;
            EXPECT_FALSE(overlap) << "labels " << a << " and " << b << " overlap";
        }
    // Every unit is still drawn, with its name in the tooltip.
    EXPECT_EQ(count(svg, "</title></path>"), 12u);
}

TEST(ReportMap, PathsAreRelativeOnATenthPixelGrid) {
    MapFixture f;
    f.add(1.0);
    const std::string svg = render_map(f.spec);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(svg, m, std::regex("<path d=\"(M[^\"]*)\" fill")));
    // A square: one absolute move, three relative steps that close on the start.
    const std::string d = m[1];
    EXPECT_TRUE(std::regex_match(d, std::regex("M-?[0-9.]+,-?[0-9.]+l(-?[0-9.]+,-?[0-9.]+ ?){3}z")))
        << d;
    double x = 0, y = 0;
    const std::regex step("(-?[0-9.]+),(-?[0-9.]+)");
    const std::string steps = d.substr(d.find('l') + 1);
    for (auto it = std::sregex_iterator(steps.begin(), steps.end(), step);
         it != std::sregex_iterator(); ++it) {
        x += std::stod((*it)[1]);
        y += std::stod((*it)[2]);
    }
    // The three steps of a closed square add up to minus its last side: back along one axis.
    EXPECT_TRUE(std::fabs(x) < 1e-9 || std::fabs(y) < 1e-9) << d;
}

}  // namespace
}  // namespace jitupasna::publish::report
