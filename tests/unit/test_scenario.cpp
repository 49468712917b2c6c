#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/scenario.hpp"

namespace {

using jitupasna::ConfigError;
using jitupasna::core::parse_scenario;
using jitupasna::core::Sampling;
using jitupasna::core::Scenario;

// The contract example; line numbers are given on the right for the error tests.
const std::string kExample =
    "version: 1\n"                                   // 1
    "name: Banjir Jakarta\n"                         // 2
    "hazard_type: flood\n"                           // 3
    "admin:\n"                                       // 4
    "  source: ../admin.shp\n"                       // 5
    "  layer: kabupaten_jakarta\n"                   // 6
    "  code_field: ID\n"                             // 7
    "  name_field: KAB_NAME\n"                       // 8
    "hazard:\n"                                      // 9
    "  source: depth.asc\n"                          // 10
    "  band: 1\n"                                    // 11
    "  unit: m\n"                                    // 12
    "  classes:\n"                                   // 13
    "    - {name: tinggi, min: 1.5}\n"               // 14
    "    - {name: sedang, min: 0.7, max: 1.5}\n"     // 15
    "    - {name: rendah, min: 0.1, max: 0.7}\n"     // 16
    "exposures:\n"                                   // 17
    "  - name: bangunan\n"                           // 18
    "    kind: structure\n"                          // 19
    "    source: b.gpkg\n"                           // 20
    "    type_field: TYPE\n"                         // 21
    "    types:\n"                                   // 22
    "      rumah: [Residential]\n"                   // 23
    "      sekolah: [School, University/College]\n"  // 24
    "    sampling: max\n"                            // 25
    "output: out/x.gpkg\n";                          // 26

Scenario parse(const std::string& text) { return parse_scenario(text, "s.yaml", "/base"); }

// The example with one exact piece of text replaced (which must occur exactly once).
std::string edited(const std::string& from, const std::string& to) {
    const std::size_t at = kExample.find(from);
    EXPECT_NE(at, std::string::npos) << "not in the example: " << from;
    EXPECT_EQ(kExample.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
    if (at == std::string::npos) return kExample;
    std::string text = kExample;
    text.replace(at, from.size(), to);
    return text;
}

// The ConfigError message for `text`, or a test failure when it parses.
std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const ConfigError& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a ConfigError: " << e.what();
        return {};
    }
    ADD_FAILURE() << "parsed without error:\n" << text;
    return {};
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

TEST(Scenario, ContractExampleParses) {
    const Scenario s = parse(kExample);
    EXPECT_EQ(s.file, "s.yaml");
    EXPECT_EQ(s.text, kExample);
    EXPECT_EQ(s.version, 1);
    EXPECT_EQ(s.name, "Banjir Jakarta");
    EXPECT_EQ(s.hazard_type, "flood");

    EXPECT_EQ(s.admin.input.key, "admin");
    EXPECT_EQ(s.admin.input.source, "../admin.shp");
    EXPECT_EQ(s.admin.input.path, "/admin.shp");  // /base/../admin.shp
    EXPECT_EQ(s.admin.input.layer, "kabupaten_jakarta");
    EXPECT_EQ(s.admin.input.crs, std::nullopt);
    EXPECT_EQ(s.admin.code_field, "ID");
    EXPECT_EQ(s.admin.name_field, "KAB_NAME");

    EXPECT_EQ(s.hazard.input.key, "hazard");
    EXPECT_EQ(s.hazard.input.source, "depth.asc");
    EXPECT_EQ(s.hazard.input.path, "/base/depth.asc");
    EXPECT_EQ(s.hazard.input.layer, std::nullopt);
    EXPECT_EQ(s.hazard.band, 1);
    EXPECT_EQ(s.hazard.unit, "m");
    ASSERT_EQ(s.hazard.classes.size(), 3u);
    EXPECT_EQ(s.hazard.classes[0].name, "tinggi");
    EXPECT_EQ(s.hazard.classes[0].min, 1.5);
    EXPECT_EQ(s.hazard.classes[0].max, std::nullopt);
    EXPECT_EQ(s.hazard.classes[1].name, "sedang");
    EXPECT_EQ(s.hazard.classes[1].min, 0.7);
    EXPECT_EQ(s.hazard.classes[1].max, 1.5);
    EXPECT_EQ(s.hazard.classes[2].name, "rendah");
    EXPECT_EQ(s.hazard.classes[2].min, 0.1);
    EXPECT_EQ(s.hazard.classes[2].max, 0.7);

    ASSERT_EQ(s.exposures.size(), 1u);
    const auto& e = s.exposures[0];
    EXPECT_EQ(e.name, "bangunan");
    EXPECT_EQ(e.kind, jitupasna::core::ExposureKind::structure);
    EXPECT_EQ(e.input.key, "exposures[0]");
    EXPECT_EQ(e.input.source, "b.gpkg");
    EXPECT_EQ(e.input.path, "/base/b.gpkg");
    EXPECT_EQ(e.type_field, "TYPE");
    const jitupasna::core::AssetTypeList types = {{"rumah", {"Residential"}},
                                                  {"sekolah", {"School", "University/College"}}};
    EXPECT_EQ(e.types, types);
    EXPECT_EQ(e.sampling, Sampling::max);

    EXPECT_EQ(s.output, "/base/out/x.gpkg");
}

TEST(Scenario, OptionalKeysTakeTheirDefaults) {
    std::string text = edited("  band: 1\n", "");
    text = text.replace(text.find("    sampling: max\n"), 18, "");
    text = text.replace(text.find("output: out/x.gpkg\n"), 19, "");
    text = text.replace(text.find("  unit: m\n"), 10, "");
    const Scenario s = parse(text);
    EXPECT_EQ(s.hazard.band, 1);
    EXPECT_EQ(s.hazard.unit, "");
    EXPECT_EQ(s.exposures[0].sampling, Sampling::max);
    EXPECT_EQ(s.output, std::nullopt);
}

TEST(Scenario, CentroidSamplingAndOtherValues) {
    std::string text = edited("    sampling: max\n", "    sampling: centroid\n");
    text = text.replace(text.find("  band: 1\n"), 10, "  band: 3\n  crs: EPSG:32748\n");
    const Scenario s = parse(text);
    EXPECT_EQ(s.exposures[0].sampling, Sampling::centroid);
    EXPECT_EQ(s.hazard.band, 3);
    EXPECT_EQ(s.hazard.input.crs, "EPSG:32748");
}

TEST(Scenario, ScalarTypeValueIsAOneItemList) {
    const Scenario s = parse(edited("rumah: [Residential]", "rumah: Residential"));
    EXPECT_EQ(s.exposures[0].types[0].second, std::vector<std::string>{"Residential"});
}

TEST(Scenario, PathsAreResolvedAgainstTheBaseFolder) {
    const auto path_of = [](const std::string& source) {
        return parse(edited("source: depth.asc", "source: " + source)).hazard.input.path;
    };
    EXPECT_EQ(path_of("../x.shp"), "/x.shp");
    EXPECT_EQ(path_of("sub/./x.tif"), "/base/sub/x.tif");
    EXPECT_EQ(path_of("/data/x.tif"), "/data/x.tif");  // absolute: unchanged
    // GDAL virtual paths: the wrapped relative path is resolved, absolute ones are kept.
    EXPECT_EQ(path_of("/vsizip/rel/a.zip/b.shp"), "/vsizip//base/rel/a.zip/b.shp");
    EXPECT_EQ(path_of("/vsizip//abs/a.zip/b.shp"), "/vsizip//abs/a.zip/b.shp");
    EXPECT_EQ(path_of("/vsigzip/x.asc.gz"), "/vsigzip//base/x.asc.gz");
    EXPECT_EQ(path_of("/vsicurl/https://example.org/x.tif"), "/vsicurl/https://example.org/x.tif");
    // The source is kept as written.
    EXPECT_EQ(parse(edited("source: depth.asc", "source: ../x.shp")).hazard.input.source,
              "../x.shp");
}

TEST(ScenarioErrors, UnknownKeySuggestsTheNearestKey) {
    // Line 7 "  code_feild: ID": the key starts at column 3.
    const std::string msg = error_of(edited("code_field: ID", "code_feild: ID"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:7:3: admin.code_feild:")) << msg;
    EXPECT_TRUE(contains(msg, "did you mean 'code_field'?")) << msg;
}

TEST(ScenarioErrors, UnknownKeyFarFromAnyKeyListsTheKeys) {
    // Line 2 "name: ..." becomes "zzzzzz: ...": no key within two edits.
    const std::string msg = error_of(edited("name: Banjir Jakarta", "zzzzzz: Banjir Jakarta"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:2:1: zzzzzz:")) << msg;
    EXPECT_TRUE(contains(msg, "hazard_type")) << msg;
    EXPECT_FALSE(contains(msg, "did you mean")) << msg;
}

TEST(ScenarioErrors, MissingRequiredKey) {
    // Without line 8 the admin mapping (which starts on line 5, column 3) lacks name_field.
    const std::string admin = error_of(edited("  name_field: KAB_NAME\n", ""));
    EXPECT_TRUE(starts_with(admin, "s.yaml:5:3: admin.name_field:")) << admin;
    EXPECT_TRUE(contains(admin, "missing")) << admin;
    // A top-level key: reported at the document's mapping, line 1.
    const std::string top = error_of(edited("hazard_type: flood\n", ""));
    EXPECT_TRUE(starts_with(top, "s.yaml:1:1: hazard_type:")) << top;
    EXPECT_TRUE(contains(top, "missing")) << top;
    // A required value left empty (null) counts as missing.
    const std::string null_value = error_of(edited("  code_field: ID\n", "  code_field:\n"));
    EXPECT_TRUE(starts_with(null_value, "s.yaml:5:3: admin.code_field:")) << null_value;
}

TEST(ScenarioErrors, NonNumberMin) {
    // Line 15 "    - {name: sedang, min: abc, max: 1.5}": "abc" starts at column 27
    // (4 spaces, "- " to 6, "{" 7, "name: " 8-13, "sedang" 14-19, ", " 20-21, "min: " 22-26).
    const std::string msg = error_of(edited("min: 0.7,", "min: abc,"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:15:27: hazard.classes[1].min:")) << msg;
    EXPECT_TRUE(contains(msg, "number")) << msg;
}

TEST(ScenarioErrors, ClassBoundsInTheWrongOrder) {
    // sedang min 1.6 > max 1.5: reported at the classes list, whose first item is on line 14.
    const std::string msg = error_of(edited("min: 0.7,", "min: 1.6,"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:14:")) << msg;
    EXPECT_TRUE(contains(msg, "hazard.classes")) << msg;
    EXPECT_TRUE(contains(msg, "sedang")) << msg;
}

TEST(ScenarioErrors, ClassWithoutBounds) {
    const std::string msg = error_of(edited("{name: tinggi, min: 1.5}", "{name: tinggi}"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:14:")) << msg;
    EXPECT_TRUE(contains(msg, "hazard.classes[0]")) << msg;
}

TEST(ScenarioErrors, BadSampling) {
    // Line 25 "    sampling: maximum": the value starts at column 15.
    const std::string msg = error_of(edited("sampling: max", "sampling: maximum"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:25:15: exposures[0].sampling:")) << msg;
    EXPECT_TRUE(contains(msg, "'maximum'")) << msg;
}

TEST(ScenarioErrors, BadHazardType) {
    // Line 3 "hazard_type: banjir": the value starts at column 14.
    const std::string msg = error_of(edited("hazard_type: flood", "hazard_type: banjir"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:3:14: hazard_type:")) << msg;
    EXPECT_TRUE(contains(msg, "'banjir'")) << msg;
}

TEST(ScenarioErrors, UnsupportedKind) {
    // Line 19 "    kind: bridge": the value starts at column 11.
    const std::string msg = error_of(edited("kind: structure", "kind: bridge"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:19:11: exposures[0].kind:")) << msg;
    EXPECT_TRUE(contains(msg, "'bridge'")) << msg;
}

TEST(ScenarioErrors, DuplicateExposureNames) {
    // A second exposure named bangunan on new lines 26-28, before output (now line 29).
    const std::string msg = error_of(edited("    sampling: max\n",
                                            "    sampling: max\n"
                                            "  - name: bangunan\n"
                                            "    kind: structure\n"
                                            "    source: c.gpkg\n"));
    // Line 26 "  - name: bangunan": the value starts at column 11.
    EXPECT_TRUE(starts_with(msg, "s.yaml:26:11: exposures[1].name:")) << msg;
    EXPECT_TRUE(contains(msg, "'bangunan'")) << msg;
}

TEST(ScenarioErrors, BadExposureName) {
    // Line 18 "  - name: Bangunan Baru": upper case and a space; the value starts at column 11.
    const std::string msg = error_of(edited("name: bangunan", "name: Bangunan Baru"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:18:11: exposures[0].name:")) << msg;
    const std::string digit = error_of(edited("name: bangunan", "name: 1bangunan"));
    EXPECT_TRUE(starts_with(digit, "s.yaml:18:11: exposures[0].name:")) << digit;
    // Allowed: lower case, digits and '_' after a letter.
    EXPECT_EQ(parse(edited("name: bangunan", "name: bangunan_2")).exposures[0].name, "bangunan_2");
}

TEST(ScenarioErrors, InvalidYamlSyntax) {
    // Line 23 "      rumah: [Residential]]": the flow sequence is closed twice; the stray ']'
    // is on line 23.
    const std::string msg = error_of(edited("rumah: [Residential]", "rumah: [Residential]]"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:23:")) << msg;
    EXPECT_TRUE(contains(msg, "invalid YAML")) << msg;
}

TEST(ScenarioErrors, UnsupportedVersion) {
    // Line 1 "version: 2": the value starts at column 10.
    const std::string msg = error_of(edited("version: 1", "version: 2"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:1:10: version:")) << msg;
    EXPECT_TRUE(contains(msg, "2")) << msg;
    const std::string text = error_of(edited("version: 1", "version: one"));
    EXPECT_TRUE(starts_with(text, "s.yaml:1:10: version:")) << text;
}

TEST(ScenarioErrors, TypesWithoutTypeField) {
    // Without line 21 ("type_field"), "types:" moves up to line 21 and its mapping starts at
    // "rumah" on line 22, column 7.
    const std::string msg = error_of(edited("    type_field: TYPE\n", ""));
    EXPECT_TRUE(contains(msg, "exposures[0].types")) << msg;
    EXPECT_TRUE(starts_with(msg, "s.yaml:22:7:")) << msg;
}

TEST(ScenarioErrors, RawValueUnderTwoTypes) {
    const std::string msg =
        error_of(edited("[School, University/College]", "[School, Residential]"));
    EXPECT_TRUE(contains(msg, "exposures[0].types")) << msg;
    EXPECT_TRUE(contains(msg, "Residential")) << msg;
}

TEST(ScenarioErrors, BadBand) {
    // Line 11 "  band: 0": the value starts at column 9.
    const std::string zero = error_of(edited("band: 1", "band: 0"));
    EXPECT_TRUE(starts_with(zero, "s.yaml:11:9: hazard.band:")) << zero;
    const std::string fraction = error_of(edited("band: 1", "band: 1.5"));
    EXPECT_TRUE(starts_with(fraction, "s.yaml:11:9: hazard.band:")) << fraction;
}

TEST(ScenarioErrors, NotAMapping) {
    const std::string msg = error_of("- just\n- a list\n");
    EXPECT_TRUE(starts_with(msg, "s.yaml:")) << msg;
    const std::string empty = error_of("");
    EXPECT_TRUE(starts_with(empty, "s.yaml:")) << empty;
}

TEST(ScenarioErrors, ExposuresMustBeANonEmptyList) {
    const std::string msg = error_of(kExample.substr(0, kExample.find("exposures:")) +
                                     "exposures: []\noutput: x.gpkg\n");
    EXPECT_TRUE(starts_with(msg, "s.yaml:17:12: exposures:")) << msg;
}

// Regression: a mapping key that is not a scalar used to escape as
// YAML::TypedBadConversion<std::string> (as<std::string>() on the key) instead of the documented
// ConfigError "file:line:column: ...". Here a complex key "? [a, b]" is appended as lines 27-28
// of the example.
TEST(ScenarioErrors, NonScalarTopLevelKeyIsAConfigError) {
    const std::string msg = error_of(kExample + "? [a, b]\n: 1\n");
    EXPECT_TRUE(starts_with(msg, "s.yaml:27:")) << msg;
}

// Regression (same cause): line 23 "      [rumah]: [Residential]", key at column 7.
TEST(ScenarioErrors, NonScalarTypeNameIsAConfigError) {
    const std::string msg = error_of(edited("rumah: [Residential]", "[rumah]: [Residential]"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:23:7:")) << msg;
}

// A key given twice in a free mapping (asset types here) is an error at the second one, on line
// 24 column 7, naming the full key; yaml-cpp would keep one silently.
TEST(ScenarioErrors, DuplicateKeyInAnyMapping) {
    const std::string msg = error_of(edited("      sekolah: [School, University/College]\n",
                                            "      rumah: [School, University/College]\n"));
    EXPECT_TRUE(starts_with(msg, "s.yaml:24:7: exposures[0].types.rumah:")) << msg;
    EXPECT_TRUE(contains(msg, "given twice")) << msg;
}

// The same inside a list item (a hazard class with two `max`): line 15, the second `max` at
// column 34 ("    - {name: sedang, min: 0.7, " is 33 characters).
TEST(ScenarioErrors, DuplicateKeyInsideAListItem) {
    const std::string msg = error_of(edited("min: 0.7, max: 1.5}", "min: 0.7, max: 1.5, max: 2}"));
    EXPECT_TRUE(contains(msg, "hazard.classes[1].max")) << msg;
    EXPECT_TRUE(contains(msg, "given twice")) << msg;
}

// YAML spells not-a-number and infinity several ways; none is a figure a planner means.
TEST(ScenarioErrors, NonFiniteNumbersInAnySpelling) {
    for (const char* spelling : {".nan", ".NaN", ".inf", "-.inf", "+.INF"}) {
        const std::string msg =
            error_of(edited("min: 0.7,", std::string("min: ") + spelling + ","));
        EXPECT_TRUE(starts_with(msg, "s.yaml:15:27: hazard.classes[1].min:")) << spelling << msg;
        EXPECT_TRUE(contains(msg, "not a finite number")) << spelling << msg;
        EXPECT_TRUE(contains(msg, spelling)) << spelling << msg;
    }
}

// Aliases name one node: a file that doubles an alias 40 times (2^40 paths) is checked for
// duplicate keys once per node, not once per path. The unknown top-level key is then reported.
TEST(ScenarioErrors, AliasBombIsCheckedOncePerNode) {
    std::string text = "a0: &a0 {k: 1}\n";
    for (int i = 1; i < 40; ++i)
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" +
                std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
    const std::string msg = error_of(text + "version: 1\n");
    EXPECT_TRUE(starts_with(msg, "s.yaml:1:1: a0: unknown key")) << msg;
}

}  // namespace

// A type field with no `types:` would put every feature in `lainnya`: refused, naming the key
// and the field.
TEST(ScenarioErrors, TypeFieldWithoutTypesIsRefused) {
    const std::string msg = error_of(
        "version: 1\nname: U\nhazard_type: flood\n"
        "admin: {source: a.gpkg, code_field: K, name_field: N}\n"
        "hazard: {source: h.tif}\n"
        "exposures:\n  - {name: jalan, kind: road, source: j.shp, type_field: TYPE}\n");
    EXPECT_NE(msg.find("exposures[0].type_field: 'TYPE' is given without `types:`"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("'lainnya'"), std::string::npos) << msg;
}
