// The damage model: the value of damage per asset (assess_damage), the model's small rules
// (clusters, displacement rates, ITB fatalities) and the scenario keys that build it, laid over
// the defaults file. Expected values are worked out by hand in the comments.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "jitupasna/core/damage_model.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/core/vulnerability.hpp"

namespace {

using jitupasna::ConfigError;
using jitupasna::core::assess_damage;
using jitupasna::core::AssetDamage;
using jitupasna::core::CategoryArray;
using jitupasna::core::ClusterOf;
using jitupasna::core::DamageCategory;
using jitupasna::core::DamageModel;
using jitupasna::core::itb_fatality_rate;
using jitupasna::core::LognormalParams;
using jitupasna::core::parse_scenario;
using jitupasna::core::PeopleSettings;
using jitupasna::core::Scenario;
using jitupasna::core::ValueRule;
using jitupasna::core::VulnerabilityFunction;

constexpr std::size_t idx(DamageCategory c) { return static_cast<std::size_t>(c); }
constexpr std::size_t kNone = idx(DamageCategory::none);
constexpr std::size_t kRingan = idx(DamageCategory::ringan);
constexpr std::size_t kSedang = idx(DamageCategory::sedang);
constexpr std::size_t kBerat = idx(DamageCategory::berat);
constexpr std::size_t kHilang = idx(DamageCategory::hilang);

constexpr double kJuta = 1e6;

double total(const CategoryArray& a) { return std::accumulate(a.begin(), a.end(), 0.0); }

// BNPB stimulant aid per house since Dec 2022: RB / RS / RR = Rp 60 / 30 / 15 juta.
ValueRule bnpb_rule() {
    ValueRule rule;
    rule.kind = ValueRule::Kind::unit_cost;
    rule.unit_cost[kRingan] = 15 * kJuta;
    rule.unit_cost[kSedang] = 30 * kJuta;
    rule.unit_cost[kBerat] = 60 * kJuta;
    return rule;
}

ValueRule rate_rule(ValueRule::Kind kind, double rate) {
    ValueRule rule;
    rule.kind = kind;
    rule.rate = rate;
    return rule;
}

// Hazard class "tinggi": RR 0.1, RS 0.3, RB 0.2 (so 0.4 undamaged).
VulnerabilityFunction house_table() {
    return VulnerabilityFunction::class_table("rumah_tabel",
                                              {"rusak_ringan", "rusak_sedang", "rusak_berat"},
                                              {{"tinggi", {0.1, 0.3, 0.2}}}, {});
}

VulnerabilityFunction jrc_residential() {
    return VulnerabilityFunction::curve("jrc_asia_residential", {{0, 0},
                                                                 {0.5, 0.327},
                                                                 {1, 0.494},
                                                                 {1.5, 0.617},
                                                                 {2, 0.721},
                                                                 {3, 0.870},
                                                                 {4, 0.931},
                                                                 {5, 0.984},
                                                                 {6, 1}});
}

VulnerabilityFunction jrc_transport() {
    return VulnerabilityFunction::curve("jrc_asia_transport", {{0, 0},
                                                               {0.5, 0.358},
                                                               {1, 0.572},
                                                               {1.5, 0.733},
                                                               {2, 0.847},
                                                               {3, 1},
                                                               {4, 1},
                                                               {5, 1},
                                                               {6, 1}});
}

// Independent OpenQuake lognormal PoE (see test_vulnerability.cpp).
double oq_poe(double x, double mean, double stddev) {
    const double sigma = std::sqrt(std::log(1.0 + (stddev * stddev) / (mean * mean)));
    const double median = (mean * mean) / std::sqrt(stddev * stddev + mean * mean);
    return 0.5 * (1.0 + std::erf(std::log(x / median) / (sigma * std::sqrt(2.0))));
}

// ---------------------------------------------------------------------------------------------
// assess_damage

TEST(DamageModelAssess, UnitCostBnpbHouse) {
    const DamageModel model;
    const ValueRule rule = bnpb_rule();
    // One house, fractions RB 0.2, RS 0.3, RR 0.1:
    // Rp 0.2 x 60 + 0.3 x 30 + 0.1 x 15 juta = 12 + 9 + 1.5 = 22.5 juta.
    const AssetDamage d =
        assess_damage(house_table(), model, &rule, std::nullopt, "tinggi", 1, 0, std::nullopt);
    EXPECT_NEAR(d.kerusakan_total(), 22.5 * kJuta, 1e-6);
    EXPECT_NEAR(d.kerusakan[kRingan], 1.5 * kJuta, 1e-6);
    EXPECT_NEAR(d.kerusakan[kSedang], 9 * kJuta, 1e-6);
    EXPECT_NEAR(d.kerusakan[kBerat], 12 * kJuta, 1e-6);
    EXPECT_EQ(d.kerusakan[kNone], 0.0);
    // Units = number x fractions: 1 house -> 0.4 / 0.1 / 0.3 / 0.2.
    EXPECT_NEAR(d.units[kNone], 0.4, 1e-12);
    EXPECT_NEAR(d.units[kRingan], 0.1, 1e-12);
    EXPECT_NEAR(d.units[kSedang], 0.3, 1e-12);
    EXPECT_NEAR(d.units[kBerat], 0.2, 1e-12);
    // The table has no ratios: the default category ratios 0.15 / 0.375 / 0.725 apply:
    // 0.1 x 0.15 + 0.3 x 0.375 + 0.2 x 0.725 = 0.015 + 0.1125 + 0.145 = 0.2725.
    EXPECT_NEAR(d.damage_ratio, 0.2725, 1e-12);
}

TEST(DamageModelAssess, UnitCostScalesWithNumber) {
    const DamageModel model;
    const ValueRule rule = bnpb_rule();
    // 40 houses (a polygon's count): units 16 / 4 / 12 / 8; money 40 x 22.5 = 900 juta.
    const AssetDamage d =
        assess_damage(house_table(), model, &rule, std::nullopt, "tinggi", 40, 0, std::nullopt);
    EXPECT_NEAR(d.units[kNone], 16, 1e-9);
    EXPECT_NEAR(d.units[kRingan], 4, 1e-9);
    EXPECT_NEAR(d.units[kSedang], 12, 1e-9);
    EXPECT_NEAR(d.units[kBerat], 8, 1e-9);
    EXPECT_NEAR(total(d.units), 40, 1e-9);
    EXPECT_NEAR(d.kerusakan_total(), 900 * kJuta, 1e-3);
}

TEST(DamageModelAssess, UnitCostWithACurve) {
    const DamageModel model;
    const ValueRule rule = bnpb_rule();
    // 0.5 m: ratio 0.327, rusak sedang: Rp 30 juta per house; 3 houses = 90 juta.
    const AssetDamage d =
        assess_damage(jrc_residential(), model, &rule, 0.5, "", 3, 120, std::nullopt);
    EXPECT_NEAR(d.units[kSedang], 3, 1e-12);
    EXPECT_NEAR(d.kerusakan_total(), 90 * kJuta, 1e-6);
    EXPECT_NEAR(d.damage_ratio, 0.327, 1e-12);
    // 1.2 m: 0.494 + 0.123 x 0.4 = 0.5432, rusak berat: 60 juta.
    const AssetDamage b =
        assess_damage(jrc_residential(), model, &rule, 1.2, "", 1, 0, std::nullopt);
    EXPECT_NEAR(b.kerusakan[kBerat], 60 * kJuta, 1e-6);
    EXPECT_NEAR(b.damage_ratio, 0.5432, 1e-12);
}

TEST(DamageModelAssess, UnitCostHilang) {
    const DamageModel model;
    ValueRule rule = bnpb_rule();
    rule.unit_cost[kHilang] = 60 * kJuta;
    // Swept away with probability 0.5: 0.5 x 60 = 30 juta per house.
    const auto swept = VulnerabilityFunction::class_table("hanyut", {"hanyut"}, {{"tinggi", {0.5}}},
                                                          {{"hanyut", DamageCategory::hilang}});
    const AssetDamage d =
        assess_damage(swept, model, &rule, std::nullopt, "tinggi", 1, 0, std::nullopt);
    EXPECT_NEAR(d.units[kHilang], 0.5, 1e-12);
    EXPECT_NEAR(d.kerusakan[kHilang], 30 * kJuta, 1e-6);
    // Category ratio of hilang is 1: 0.5 x 1.
    EXPECT_NEAR(d.damage_ratio, 0.5, 1e-12);
}

TEST(DamageModelAssess, CostPerSquareMetreWithACurve) {
    const DamageModel model;
    const ValueRule rule = rate_rule(ValueRule::Kind::cost_per_m2, 4.5 * kJuta);
    // A school of 100 m2 at Rp 4.5 juta/m2 in 0.5 m of water (ratio 0.327):
    // 100 x 4,500,000 x 0.327 = Rp 147,150,000, all rusak sedang.
    const AssetDamage d =
        assess_damage(jrc_residential(), model, &rule, 0.5, "", 1, 100, std::nullopt);
    EXPECT_NEAR(d.kerusakan_total(), 147150000.0, 1e-3);
    EXPECT_NEAR(d.kerusakan[kSedang], 147150000.0, 1e-3);
    EXPECT_NEAR(d.units[kSedang], 1, 1e-12);
    // Dry (0 m): nothing.
    EXPECT_EQ(assess_damage(jrc_residential(), model, &rule, 0.0, "", 1, 100, std::nullopt)
                  .kerusakan_total(),
              0.0);
}

TEST(DamageModelAssess, CostPerMetreRoad) {
    const DamageModel model;
    const ValueRule rule = rate_rule(ValueRule::Kind::cost_per_m, 2 * kJuta);
    // 250 m of road at Rp 2 juta/m in 0.5 m of water (JRC transport 0.358):
    // 250 x 2,000,000 x 0.358 = Rp 179,000,000 (rusak sedang).
    const AssetDamage d =
        assess_damage(jrc_transport(), model, &rule, 0.5, "", 1, 250, std::nullopt);
    EXPECT_NEAR(d.kerusakan_total(), 179 * kJuta, 1e-3);
    EXPECT_NEAR(d.kerusakan[kSedang], 179 * kJuta, 1e-3);
}

// BUG: value-based costs (cost_per_m, cost_per_m2) are multiplied by `number` as well as by
// `measure`. The engine passes a divisible feature's pieces as number = the piece's share of
// the feature (piece length / feature length) and measure = the piece's own length
// (src/pipeline/vector_exposure.cpp, process_divisible), so a road's kerusakan shrinks with
// the number of pieces it is cut into. Input: a 1000 m road at Rp 2 juta/m entirely in 0.5 m
// of water (JRC transport 0.358): as one piece, 1000 x 2e6 x 0.358 = Rp 716 juta; as two
// 500 m pieces (number 0.5, measure 500 each), each piece is 500 x 2e6 x 0.358 = 358 juta, so
// 716 juta in all; jitupasna gives 0.5 x 500 x 2e6 x 0.358 = 179 juta per piece, 358 in all.
// (The header says measure is the footprint or length "of those units", so number should not
// multiply it again.)
TEST(DamageModelAssess, CostPerMetreIsAdditiveOverPieces) {
    const DamageModel model;
    const ValueRule rule = rate_rule(ValueRule::Kind::cost_per_m, 2 * kJuta);
    const double whole =
        assess_damage(jrc_transport(), model, &rule, 0.5, "", 1.0, 1000, std::nullopt)
            .kerusakan_total();
    const double half =
        assess_damage(jrc_transport(), model, &rule, 0.5, "", 0.5, 500, std::nullopt)
            .kerusakan_total();
    EXPECT_NEAR(whole, 716 * kJuta, 1e-3);
    EXPECT_NEAR(half, 358 * kJuta, 1e-3);
    EXPECT_NEAR(2 * half, whole, 1e-3);
}

TEST(DamageModelAssess, FragilityWithoutRatiosUsesCategoryRatios) {
    // The continuous fragility (LS1 0.20/0.05 -> ringan, LS2 0.35/0.10 -> berat), no
    // damage ratios; a building worth Rp 1 milyar (value_field).
    const auto f = VulnerabilityFunction::continuous(
        "rc", {"LS1", "LS2"}, {LognormalParams{0.20, 0.05}, LognormalParams{0.35, 0.10}},
        std::nullopt, {{"LS1", DamageCategory::ringan}, {"LS2", DamageCategory::berat}});
    ValueRule rule;
    rule.kind = ValueRule::Kind::value_field;
    rule.value_field = "NILAI";
    DamageModel model;
    for (double x : {0.15, 0.3, 0.5}) {
        const double p1 = oq_poe(x, 0.20, 0.05), p2 = oq_poe(x, 0.35, 0.10);
        // Ratio = (P1 - P2) x 0.15 + P2 x 0.725 (default category ratios).
        const double ratio = (p1 - p2) * 0.15 + p2 * 0.725;
        const AssetDamage d = assess_damage(f, model, &rule, x, "", 1, 0, 1e9);
        EXPECT_NEAR(d.damage_ratio, ratio, 1e-12) << x;
        EXPECT_NEAR(d.kerusakan[kRingan], 1e9 * (p1 - p2) * 0.15, 1e-3) << x;
        EXPECT_NEAR(d.kerusakan[kBerat], 1e9 * p2 * 0.725, 1e-3) << x;
        EXPECT_NEAR(d.kerusakan_total(), 1e9 * ratio, 1e-3) << x;
        EXPECT_NEAR(d.units[kNone], 1 - p1, 1e-12);
    }
    // Scenario category ratios change the result: ringan 0.1, berat 0.6.
    model.category_ratios = {0, 0.1, 0.4, 0.6, 1};
    const double p1 = oq_poe(0.3, 0.20, 0.05), p2 = oq_poe(0.3, 0.35, 0.10);
    EXPECT_NEAR(assess_damage(f, model, &rule, 0.3, "", 1, 0, 1e9).kerusakan_total(),
                1e9 * ((p1 - p2) * 0.1 + p2 * 0.6), 1e-3);
    // With the function's own ratios (LS1 0.2, LS2 0.8), category_ratios are not used.
    const auto g = VulnerabilityFunction::continuous(
        "rc2", {"LS1", "LS2"}, {LognormalParams{0.20, 0.05}, LognormalParams{0.35, 0.10}},
        std::nullopt, {{"LS1", DamageCategory::ringan}, {"LS2", DamageCategory::berat}},
        {{"LS1", 0.2}, {"LS2", 0.8}});
    const AssetDamage d = assess_damage(g, model, &rule, 0.3, "", 1, 0, 1e9);
    EXPECT_NEAR(d.damage_ratio, (p1 - p2) * 0.2 + p2 * 0.8, 1e-12);
    EXPECT_NEAR(d.kerusakan_total(), 1e9 * ((p1 - p2) * 0.2 + p2 * 0.8), 1e-3);
}

TEST(DamageModelAssess, ValueField) {
    const DamageModel model;
    ValueRule rule;
    rule.kind = ValueRule::Kind::value_field;
    rule.value_field = "NILAI";
    // A building worth Rp 2 milyar in 1 m of water: 0.494 x 2e9 = Rp 988 juta, rusak berat.
    const AssetDamage d = assess_damage(jrc_residential(), model, &rule, 1.0, "", 1, 0, 2e9);
    EXPECT_NEAR(d.kerusakan[kBerat], 988 * kJuta, 1e-3);
    EXPECT_NEAR(d.kerusakan_total(), 988 * kJuta, 1e-3);
    // The value is that of what is assessed, whatever number of units it stands for: the
    // pipeline passes a piece's share of the value (Rp 1 milyar for half) itself.
    EXPECT_NEAR(
        assess_damage(jrc_residential(), model, &rule, 1.0, "", 0.5, 0, 1e9).kerusakan_total(),
        494 * kJuta, 1e-3);
    EXPECT_NEAR(
        assess_damage(jrc_residential(), model, &rule, 1.0, "", 2, 0, 2e9).kerusakan_total(),
        988 * kJuta, 1e-3);

    // No value on the feature: no money, but the units are still counted.
    const AssetDamage none =
        assess_damage(jrc_residential(), model, &rule, 1.0, "", 1, 0, std::nullopt);
    EXPECT_EQ(none.kerusakan_total(), 0.0);
    EXPECT_NEAR(none.units[kBerat], 1, 1e-12);
}

TEST(DamageModelAssess, NoRuleMeansNoMoney) {
    const DamageModel model;
    const AssetDamage d =
        assess_damage(house_table(), model, nullptr, std::nullopt, "tinggi", 10, 0, 1e9);
    EXPECT_EQ(d.kerusakan, (CategoryArray{}));
    EXPECT_NEAR(d.units[kBerat], 2, 1e-12);  // 10 x 0.2
    EXPECT_NEAR(d.units[kNone], 4, 1e-12);   // 10 x 0.4
    const ValueRule none;                    // Kind::none
    EXPECT_EQ(assess_damage(house_table(), model, &none, std::nullopt, "tinggi", 10, 0, 1e9)
                  .kerusakan_total(),
              0.0);
}

TEST(DamageModelAssess, NoHazardMeansNoDamage) {
    const DamageModel model;
    const ValueRule rule = bnpb_rule();
    const AssetDamage d = assess_damage(jrc_residential(), model, &rule, std::nullopt,
                                        "not_exposed", 7, 0, std::nullopt);
    EXPECT_EQ(d.units, (CategoryArray{7, 0, 0, 0, 0}));
    EXPECT_EQ(d.kerusakan_total(), 0.0);
    EXPECT_EQ(d.damage_ratio, 0.0);
    // A class the table does not list.
    EXPECT_EQ(assess_damage(house_table(), model, &rule, 3.0, "rendah", 5, 0, std::nullopt).units,
              (CategoryArray{5, 0, 0, 0, 0}));
}

// ---------------------------------------------------------------------------------------------
// The model's small rules.

TEST(DamageModelRules, ClusterOfSubSector) {
    DamageModel model;
    model.clusters["perumahan"] = ClusterOf{"Pemulihan", "Kementerian Dalam Negeri"};
    model.clusters["kesehatan"] = ClusterOf{"Kesehatan", "Kementerian Kesehatan"};
    EXPECT_EQ(model.cluster_of("kesehatan").cluster, "Kesehatan");
    EXPECT_EQ(model.cluster_of("kesehatan").lead, "Kementerian Kesehatan");
    // No entry and no "lainnya": the sub-sector is its own cluster, with no lead.
    EXPECT_EQ(model.cluster_of("pariwisata").cluster, "pariwisata");
    EXPECT_EQ(model.cluster_of("pariwisata").lead, "");
    // With a "lainnya" entry, that one.
    model.clusters["lainnya"] = ClusterOf{"Pemulihan", "BPBD"};
    EXPECT_EQ(model.cluster_of("pariwisata").cluster, "Pemulihan");
    EXPECT_EQ(model.cluster_of("pariwisata").lead, "BPBD");
}

TEST(DamageModelRules, DisplacementRates) {
    PeopleSettings people;
    people.displacement_by_severity = {1.0, 0.5, 0.1};
    // Three classes tinggi, sedang, rendah, then not_affected (3) and not_exposed (4).
    EXPECT_EQ(people.displacement_rate(0, "tinggi", 3), 1.0);
    EXPECT_EQ(people.displacement_rate(1, "sedang", 3), 0.5);
    EXPECT_EQ(people.displacement_rate(2, "rendah", 3), 0.1);
    EXPECT_EQ(people.displacement_rate(3, "not_affected", 3), 0.0);
    EXPECT_EQ(people.displacement_rate(4, "not_exposed", 3), 0.0);
    // Four classes but three rates: the fourth gets none.
    EXPECT_EQ(people.displacement_rate(3, "sangat_rendah", 4), 0.0);
    // A rate by class name wins over the severity list, but never outside the classes.
    people.displacement_by_class = {{"sedang", 0.8}, {"not_affected", 0.3}};
    EXPECT_EQ(people.displacement_rate(1, "sedang", 3), 0.8);
    EXPECT_EQ(people.displacement_rate(0, "tinggi", 3), 1.0);
    EXPECT_EQ(people.displacement_rate(3, "not_affected", 3), 0.0);
}

TEST(DamageModelRules, ItbFatalityRate) {
    // 10^(0.62275231 x 8 - 8.03314466) = 10^(4.98201848 - 8.03314466) = 10^-3.05112618
    // = 8.8894e-4; at MMI 6: 10^(3.73651386 - 8.03314466) = 10^-4.2966308 = 5.0509e-5.
    EXPECT_NEAR(itb_fatality_rate(8), 8.8894e-4, 1e-8);
    EXPECT_NEAR(itb_fatality_rate(6), 5.0509e-5, 1e-9);
    EXPECT_LT(itb_fatality_rate(5), itb_fatality_rate(5.5));
}

// ---------------------------------------------------------------------------------------------
// Scenario keys of the damage model.

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const std::filesystem::path kDefaultsPath =
    std::filesystem::path(JITUPASNA_SOURCE_DIR) / "data/defaults/jitupasna_defaults.yaml";

const std::string& defaults_text() {
    static const std::string text = read_file(kDefaultsPath);
    return text;
}

// A small scenario: the exposure's vulnerability on line 13 (value from column 20); `extra`
// (top-level damage keys) from line 14.
std::string scenario_text(const std::string& vulnerability, const std::string& extra = "",
                          bool classes = true) {
    std::string text =
        "version: 1\n"                                                       // 1
        "name: Uji\n"                                                        // 2
        "hazard_type: flood\n"                                               // 3
        "admin: {source: admin.gpkg, code_field: KODE, name_field: NAMA}\n"  // 4
        "hazard:\n"                                                          // 5
        "  source: depth.tif\n";                                             // 6
    if (classes)
        text +=
            "  classes:\n"                       // 7
            "    - {name: tinggi, min: 1.5}\n";  // 8
    text +=
        "exposures:\n"                                                                 // 9
        "  - name: bangunan\n"                                                         // 10
        "    kind: structure\n"                                                        // 11
        "    source: b.gpkg\n";                                                        // 12
    if (!vulnerability.empty()) text += "    vulnerability: " + vulnerability + "\n";  // 13
    return text + extra;
}

Scenario with_defaults(const std::string& text) {
    return parse_scenario(text, "s.yaml", "/base", defaults_text(), "defaults.yaml");
}

Scenario without_defaults(const std::string& text) {
    return parse_scenario(text, "s.yaml", "/base");
}

// The ConfigError message, or a test failure when the text parses.
std::string error_of(const std::string& text, bool defaults = true) {
    try {
        defaults ? with_defaults(text) : without_defaults(text);
    } catch (const ConfigError& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a ConfigError: " << e.what();
        return {};
    }
    ADD_FAILURE() << "parsed without error:\n" << text;
    return {};
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

TEST(DamageScenario, RealDefaultsFile) {
    ASSERT_FALSE(defaults_text().empty()) << "cannot read " << kDefaultsPath;
    const Scenario s = with_defaults(scenario_text("jrc_asia_residential"));
    const DamageModel& m = s.damage;
    EXPECT_EQ(s.defaults_file, "defaults.yaml");

    // Six JRC Asia curves; their ratio at 0.5 m as published (DESIGN.md section 2), 1 at 6 m.
    const std::map<std::string, double> at_half_metre = {
        {"jrc_asia_residential", 0.327},    {"jrc_asia_commercial", 0.377},
        {"jrc_asia_industrial", 0.283},     {"jrc_asia_transport", 0.358},
        {"jrc_asia_infrastructure", 0.214}, {"jrc_asia_agriculture", 0.135}};
    // Nine 2009 Padang survey functions (Geoscience Australia / ITB), median and beta in MMI as
    // published: at the median the ratio is 1/2, one beta below it Phi(-1) = 0.158655254, two
    // below Phi(-2) = 0.0228, under InaSAFE's 10 % floor: no damage.
    const std::map<std::string, std::pair<double, double>> padang = {
        {"padang2009_urm_river_rock", {7.5, 0.11}},
        {"padang2009_urm_metal_roof", {8.3, 0.10}},
        {"padang2009_timber_masonry_infill", {8.8, 0.11}},
        {"padang2009_rc_midrise_infill", {8.4, 0.05}},
        {"padang2009_timber_stucco_infill", {9.2, 0.11}},
        {"padang2009_concrete_shear_wall", {9.7, 0.15}},
        {"padang2009_rc_lowrise_infill", {9.0, 0.08}},
        {"padang2009_confined_masonry", {8.9, 0.07}},
        {"padang2009_timber_residential", {10.5, 0.15}}};
    ASSERT_EQ(m.functions.size(), at_half_metre.size() + padang.size());
    for (const auto& [name, median_beta] : padang) {
        ASSERT_TRUE(m.functions.count(name)) << name;
        const auto [median, beta] = median_beta;
        const VulnerabilityFunction& f = m.functions.at(name);
        EXPECT_NEAR(*f.estimate(median, "").damage_ratio, 0.5, 1e-12) << name;
        EXPECT_NEAR(*f.estimate(median * std::exp(-beta), "").damage_ratio, 0.158655254, 1e-9)
            << name;
        EXPECT_EQ(*f.estimate(median * std::exp(-2 * beta), "").damage_ratio, 0.0) << name;
    }
    for (const auto& [name, ratio] : at_half_metre) {
        ASSERT_TRUE(m.functions.count(name)) << name;
        const VulnerabilityFunction& f = m.functions.at(name);
        EXPECT_EQ(f.kind(), VulnerabilityFunction::Kind::curve) << name;
        EXPECT_DOUBLE_EQ(*f.estimate(0.5, "").damage_ratio, ratio) << name;
        EXPECT_DOUBLE_EQ(*f.estimate(6.0, "").damage_ratio, 1.0) << name;
        EXPECT_DOUBLE_EQ(*f.estimate(0.0, "").damage_ratio, 0.0) << name;
    }
    // Residential 1 m = 0.494, transport 3 m = 1, agriculture 2 m = 0.558.
    EXPECT_DOUBLE_EQ(*m.functions.at("jrc_asia_residential").estimate(1.0, "").damage_ratio, 0.494);
    EXPECT_DOUBLE_EQ(*m.functions.at("jrc_asia_transport").estimate(3.0, "").damage_ratio, 1.0);
    EXPECT_DOUBLE_EQ(*m.functions.at("jrc_asia_agriculture").estimate(2.0, "").damage_ratio, 0.558);

    // Thresholds 30 % / 45 %; category ratios not in the file: the built-in ones.
    EXPECT_EQ(m.thresholds.ringan_max, 0.30);
    EXPECT_EQ(m.thresholds.sedang_max, 0.45);
    EXPECT_EQ(m.category_ratios, (CategoryArray{0, 0.15, 0.375, 0.725, 1}));

    // BNPB house costs: RB / RS / RR = 60 / 30 / 15 juta.
    ASSERT_TRUE(m.costs.count("rumah"));
    EXPECT_EQ(m.costs.at("rumah").kind, ValueRule::Kind::unit_cost);
    EXPECT_EQ(m.costs.at("rumah").unit_cost, (CategoryArray{0, 15e6, 30e6, 60e6, 0}));

    // Losses, needs, people, minimum needs (Perka BNPB 7/2008), priority weights.
    EXPECT_EQ(m.losses.allowance_per_household_month, 600000);
    EXPECT_EQ(m.losses.allowance_months, 6);
    EXPECT_EQ(m.losses.displacing,
              (std::vector<DamageCategory>{DamageCategory::berat, DamageCategory::sedang}));
    EXPECT_EQ(m.losses.households_per_house, 1);
    EXPECT_EQ(m.losses.debris_share, 0.05);
    EXPECT_TRUE(m.losses.lost_income.empty());
    EXPECT_EQ(m.needs.build_back_better, 1.1);
    EXPECT_EQ(m.needs.function_recovery, 1.0);
    EXPECT_EQ(m.people.displacement_by_severity, (std::vector<double>{1.0, 0.5, 0.1}));
    EXPECT_EQ(m.people.household_size, 4);
    EXPECT_FALSE(m.people.fatality_itb);
    ASSERT_EQ(m.minimum_needs.size(), 5u);
    EXPECT_EQ(m.minimum_needs[0].name, "beras");
    EXPECT_EQ(m.minimum_needs[0].unit, "kg");
    EXPECT_EQ(m.minimum_needs[0].per_person, 2.8);
    EXPECT_EQ(m.minimum_needs[0].period, "minggu");
    EXPECT_EQ(m.minimum_needs[1].per_person, 17.5);
    EXPECT_EQ(m.minimum_needs[2].per_person, 67);
    EXPECT_EQ(m.minimum_needs[3].per_person, 0.2);
    EXPECT_EQ(m.minimum_needs[4].name, "jamban");
    EXPECT_EQ(m.minimum_needs[4].per_person, 0.05);
    EXPECT_EQ(m.minimum_needs[4].period, "sekali");
    EXPECT_EQ(m.priority_weights, (std::map<std::string, double>{{"houses_rb_share", 0.3},
                                                                 {"damage_per_capita", 0.3},
                                                                 {"displaced", 0.2},
                                                                 {"facilities_damaged", 0.2}}));

    // Sectors (Perka BNPB 15/2011).
    EXPECT_EQ(m.sectors.at("rumah").sector, "permukiman");
    EXPECT_EQ(m.sectors.at("rumah").sub_sector, "perumahan");
    EXPECT_EQ(m.sectors.at("puskesmas").sub_sector, "kesehatan");
    EXPECT_EQ(m.sectors.at("jalan").sector, "infrastruktur");

    // The national cluster scheme by default (Kep. BNPB 308/2024).
    EXPECT_EQ(m.cluster_scheme, "nasional");
    EXPECT_EQ(m.clusters.size(),
              26u);  // 23 Perka 15/2011 sub-sectors, lainnya, pengungsi, logistik
    EXPECT_EQ(m.cluster_of("perumahan").cluster, "Pemulihan");
    EXPECT_EQ(m.cluster_of("perumahan").lead, "Kementerian Dalam Negeri");
    EXPECT_EQ(m.cluster_of("kesehatan").cluster, "Kesehatan");
    EXPECT_EQ(m.cluster_of("kesehatan").lead, "Kementerian Kesehatan");
    EXPECT_EQ(m.cluster_of("logistik").lead, "BNPB");
}

TEST(DamageScenario, BantenClusterScheme) {
    const Scenario s =
        with_defaults(scenario_text("jrc_asia_residential", "cluster_scheme: banten\n"));
    const DamageModel& m = s.damage;
    EXPECT_EQ(m.cluster_scheme, "banten");
    EXPECT_EQ(m.clusters.size(), 26u);
    EXPECT_EQ(m.cluster_of("perumahan").cluster, "Infrastruktur dan Pemulihan Layanan Dasar");
    EXPECT_EQ(m.cluster_of("perumahan").lead, "Dinas PUPR");
    EXPECT_EQ(m.cluster_of("kesehatan").lead, "Dinas Kesehatan");
    EXPECT_EQ(m.cluster_of("lembaga_sosial").cluster, "Pengungsian dan Perlindungan");
    EXPECT_EQ(m.cluster_of("lembaga_sosial").lead, "Dinas Sosial");
    EXPECT_EQ(m.cluster_of("logistik").lead, "BPBD");
    // An unknown scheme is an error naming it.
    const std::string e =
        error_of(scenario_text("jrc_asia_residential", "cluster_scheme: jabar\n"));
    EXPECT_TRUE(contains(e, "no cluster table 'jabar'")) << e;
}

// Every kind of function, from the scenario alone (no defaults).
const char* kAllKinds =
    "vulnerability:\n"
    "  kurva: {kind: curve, points: [[0, 0], [1, 0.6]]}\n"
    "  gempa_c:\n"
    "    kind: fragility\n"
    "    format: continuous\n"
    "    limit_states: [LS1, LS2]\n"
    "    params: {LS1: {mean: 0.20, stddev: 0.05}, LS2: {mean: 0.35, stddev: 0.10}}\n"
    "    no_damage_limit: 0.05\n"
    "    categories: {LS1: rusak_ringan, LS2: rusak_berat}\n"
    "    damage_ratios: {LS1: 0.1, LS2: 0.6}\n"
    "  gempa_d:\n"
    "    kind: fragility\n"
    "    format: discrete\n"
    "    limit_states: [LS1, LS2]\n"
    "    imls: [0.1, 0.2, 0.3, 0.5]\n"
    "    poes: {LS1: [0.0073, 0.35, 0.74, 0.99], LS2: [0.001, 0.02, 0.25, 0.72]}\n"
    "    categories: {LS1: rusak_ringan, LS2: rusak_berat}\n"
    "  kelas:\n"
    "    kind: class_table\n"
    "    states: [rusak_ringan, rusak_sedang, rusak_berat]\n"
    "    table: {tinggi: [0.1, 0.3, 0.5]}\n"
    "  rasio:\n"
    "    kind: class_table\n"
    "    ratios: {tinggi: 0.5, rendah: 0.2}\n"
    "    source: hand-made\n";

TEST(DamageScenario, EveryFunctionKind) {
    const Scenario s = without_defaults(scenario_text("kurva", kAllKinds));
    const auto& f = s.damage.functions;
    ASSERT_EQ(f.size(), 5u);
    using Kind = VulnerabilityFunction::Kind;
    EXPECT_EQ(f.at("kurva").kind(), Kind::curve);
    EXPECT_EQ(f.at("gempa_c").kind(), Kind::fragility_continuous);
    EXPECT_EQ(f.at("gempa_d").kind(), Kind::fragility_discrete);
    EXPECT_EQ(f.at("kelas").kind(), Kind::class_table);
    EXPECT_EQ(f.at("rasio").kind(), Kind::class_table);
    EXPECT_EQ(s.exposures[0].vulnerability_of_type.at("*"), "kurva");

    // kurva at 0.5: 0.3 -> rusak ringan (inclusive).
    EXPECT_NEAR(*f.at("kurva").estimate(0.5, "").damage_ratio, 0.3, 1e-15);
    EXPECT_EQ(f.at("kurva").estimate(0.5, "").category_fractions[kRingan], 1.0);
    // gempa_c: the OpenQuake formula, the limit 0.05, ratios 0.1 / 0.6.
    const double p1 = oq_poe(0.3, 0.20, 0.05), p2 = oq_poe(0.3, 0.35, 0.10);
    EXPECT_NEAR(f.at("gempa_c").poes(0.3)[0], p1, 1e-12);
    EXPECT_NEAR(f.at("gempa_c").poes(0.3)[1], p2, 1e-12);
    EXPECT_EQ(f.at("gempa_c").poes(0.04), (std::vector<double>{0, 0}));
    EXPECT_NEAR(*f.at("gempa_c").estimate(0.3, "").damage_ratio, 0.1 * (p1 - p2) + 0.6 * p2, 1e-12);
    // gempa_d at 0.25: LS1 0.545, LS2 0.135 -> [0.455, 0.41, 0.135].
    const auto d = f.at("gempa_d").estimate(0.25, "").state_fractions;
    EXPECT_NEAR(d[0], 0.455, 1e-12);
    EXPECT_NEAR(d[1], 0.41, 1e-12);
    EXPECT_NEAR(d[2], 0.135, 1e-12);
    // kelas, tinggi: none 0.1, ringan 0.1, sedang 0.3, berat 0.5.
    const auto k = f.at("kelas").estimate(std::nullopt, "tinggi").category_fractions;
    EXPECT_NEAR(k[kNone], 0.1, 1e-12);
    EXPECT_NEAR(k[kBerat], 0.5, 1e-12);
    // rasio: tinggi 0.5 -> berat, rendah 0.2 -> ringan.
    EXPECT_EQ(f.at("rasio").estimate(std::nullopt, "tinggi").category_fractions[kBerat], 1.0);
    EXPECT_EQ(f.at("rasio").estimate(std::nullopt, "rendah").category_fractions[kRingan], 1.0);
}

TEST(DamageScenario, ExposureNamesAnUnknownFunction) {
    // Line 13 is "    vulnerability: banjir_x"; the value starts at column 20.
    const std::string e = error_of(scenario_text("banjir_x"));
    EXPECT_EQ(e.rfind("s.yaml:13:20: exposures[0].vulnerability: ", 0), 0u) << e;
    EXPECT_TRUE(contains(e, "no vulnerability function 'banjir_x'")) << e;
    // It lists the known ones.
    for (const char* name :
         {"jrc_asia_residential", "jrc_asia_commercial", "jrc_asia_industrial",
          "jrc_asia_transport", "jrc_asia_infrastructure", "jrc_asia_agriculture"})
        EXPECT_TRUE(contains(e, name)) << e;
    // Without defaults and without functions: "(none)".
    const std::string none = error_of(scenario_text("banjir_x"), false);
    EXPECT_TRUE(contains(none, "no vulnerability function 'banjir_x'; defined: (none)")) << none;
    // Per asset type, one unknown among known ones.
    const std::string per_type =
        error_of(scenario_text("{rumah: jrc_asia_residential, sekolah: sekolah_x}"));
    EXPECT_TRUE(contains(per_type, "no vulnerability function 'sekolah_x'")) << per_type;
}

TEST(DamageScenario, ScenarioEntriesOverrideDefaults) {
    // The 2010-2022 house costs (50 / 25 / 10 juta) instead of the defaults' 60 / 30 / 15; a
    // cost for schools added; the defaults' residential curve replaced by a straight line.
    const Scenario s = with_defaults(
        scenario_text("jrc_asia_residential\n"
                      "    type_field: JENIS\n    types: {rumah: [R], sekolah: [S], toko: [T]}",
                      "costs:\n"
                      "  rumah: {unit_cost: {rusak_berat: 50000000, rusak_sedang: 25000000, "
                      "rusak_ringan: 10000000}}\n"
                      "  sekolah: {cost_per_m2: 4500000, source: hand}\n"
                      "vulnerability:\n"
                      "  jrc_asia_residential: {kind: curve, points: [[0, 0], [1, 1]]}\n"
                      "losses:\n"
                      "  waiting_allowance_months: 12\n"
                      "  lost_income: {toko: {per_unit_per_day: 150000, days: 30}}\n"
                      "people: {household_size: 3.5}\n"));
    const DamageModel& m = s.damage;
    EXPECT_EQ(m.costs.at("rumah").unit_cost, (CategoryArray{0, 10e6, 25e6, 50e6, 0}));
    EXPECT_EQ(m.costs.at("sekolah").kind, ValueRule::Kind::cost_per_m2);
    EXPECT_EQ(m.costs.at("sekolah").rate, 4.5e6);
    EXPECT_EQ(m.functions.size(), 15u);  // 6 JRC + 9 Padang: replaced, not added
    EXPECT_DOUBLE_EQ(*m.functions.at("jrc_asia_residential").estimate(0.5, "").damage_ratio, 0.5);
    EXPECT_DOUBLE_EQ(*m.functions.at("jrc_asia_commercial").estimate(0.5, "").damage_ratio, 0.377);
    // Settings merge key by key: the months change, the allowance stays.
    EXPECT_EQ(m.losses.allowance_months, 12);
    EXPECT_EQ(m.losses.allowance_per_household_month, 600000);
    EXPECT_EQ(m.losses.debris_share, 0.05);
    ASSERT_TRUE(m.losses.lost_income.count("toko"));
    EXPECT_EQ(m.losses.lost_income.at("toko").per_unit_per_day, 150000);
    EXPECT_EQ(m.losses.lost_income.at("toko").days, 30);
    EXPECT_EQ(m.people.household_size, 3.5);
    EXPECT_EQ(m.people.displacement_by_severity, (std::vector<double>{1.0, 0.5, 0.1}));
}

TEST(DamageScenario, ExposureValueAndSectors) {
    const Scenario s = with_defaults(
        scenario_text("jrc_asia_residential\n"
                      "    type_field: JENIS\n"
                      "    types: {rumah: [R], jalan: [J], gedung: [G]}\n"
                      "    value: {rumah: {cost_per_m2: 3000000}, gedung: {value_field: NILAI}}\n"
                      "    sectors: {gedung: {sector: sosial, sub_sector: agama}}"));
    const auto& e = s.exposures[0];
    EXPECT_EQ(e.value_of_type.at("rumah").kind, ValueRule::Kind::cost_per_m2);
    EXPECT_EQ(e.value_of_type.at("rumah").rate, 3e6);
    EXPECT_EQ(e.value_of_type.at("gedung").kind, ValueRule::Kind::value_field);
    EXPECT_EQ(e.value_of_type.at("gedung").value_field, "NILAI");
    EXPECT_EQ(e.sector_of_type.at("gedung").sub_sector, "agama");
    // The scenario-wide costs are untouched.
    EXPECT_EQ(s.damage.costs.at("rumah").kind, ValueRule::Kind::unit_cost);
    // Roads are priced per metre.
    std::string road = scenario_text(
        "jrc_asia_transport\n"
        "    type_field: JENIS\n"
        "    types: {jalan: [J]}\n"
        "    value: {jalan: {cost_per_m: 2000000}}");
    road.replace(road.find("kind: structure"), 15, "kind: road");
    const Scenario r = with_defaults(road);
    EXPECT_EQ(r.exposures[0].value_of_type.at("jalan").kind, ValueRule::Kind::cost_per_m);
    EXPECT_EQ(r.exposures[0].value_of_type.at("jalan").rate, 2e6);
}

// Every PD must be able to report what the model does not cover: both shipped schemes name, for
// every sub-sector of the five Perka BNPB 15/2011 sectors (DESIGN.md section 2), its sector and
// a lead; the Banten PDs named in the issue lead their clusters.
TEST(DamageScenario, ShippedSchemesCoverEverySubSectorOfPerka15) {
    const std::map<std::string, std::vector<std::string>> perka = {
        {"permukiman", {"perumahan", "prasarana_lingkungan"}},
        {"infrastruktur",
         {"transportasi", "sumber_daya_air", "energi", "air_minum", "telekomunikasi"}},
        {"ekonomi_produktif",
         {"pertanian", "perkebunan", "peternakan", "perikanan", "industri", "perdagangan", "umkm",
          "pariwisata"}},
        {"sosial", {"kesehatan", "pendidikan", "agama", "lembaga_sosial"}},
        {"lintas_sektor", {"pemerintahan", "lingkungan_hidup", "keuangan", "ketertiban"}}};
    for (const std::string scheme : {"nasional", "banten"}) {
        SCOPED_TRACE(scheme);
        const Scenario s = with_defaults(
            scenario_text("jrc_asia_residential", "cluster_scheme: " + scheme + "\n"));
        std::size_t listed = 0;
        for (const auto& [sector, subs] : perka)
            for (const auto& sub : subs) {
                ASSERT_TRUE(s.damage.clusters.count(sub)) << sub;
                const ClusterOf& c = s.damage.clusters.at(sub);
                EXPECT_EQ(c.sector, sector) << sub;
                EXPECT_FALSE(c.lead.empty()) << sub;
                ++listed;
            }
        EXPECT_EQ(listed, 23u);
        // Every lead and supporter is a whole agency: a name with commas split by a YAML flow
        // list ([A, B]) would give PDs called "Kecil" and "dan Menengah", each sent a form.
        for (const auto& [sub, c] : s.damage.clusters) {
            std::vector<std::string> names = c.support;
            names.push_back(c.lead);
            for (const auto& name : names) {
                const std::string first = name.substr(0, name.find(' '));
                EXPECT_TRUE(std::set<std::string>({"BNPB", "BPBD", "Badan", "Biro", "Dinas",
                                                   "Kementerian", "Kepolisian", "Satuan"})
                                .count(first))
                    << sub << ": '" << name << "' is not an agency's name";
            }
        }
    }
    const Scenario nasional =
        with_defaults(scenario_text("jrc_asia_residential", "cluster_scheme: nasional\n"));
    EXPECT_EQ(nasional.damage.clusters.at("umkm").support,
              std::vector<std::string>{"Kementerian Usaha Mikro, Kecil, dan Menengah"});
    const Scenario banten =
        with_defaults(scenario_text("jrc_asia_residential", "cluster_scheme: banten\n"));
    const auto& c = banten.damage.clusters;
    EXPECT_EQ(c.at("kesehatan").lead, "Dinas Kesehatan");
    EXPECT_EQ(c.at("lembaga_sosial").lead, "Dinas Sosial");
    EXPECT_EQ(c.at("pendidikan").lead, "Dinas Pendidikan dan Kebudayaan");
    EXPECT_EQ(c.at("transportasi").lead, "Dinas PUPR");
    EXPECT_EQ(c.at("transportasi").support, std::vector<std::string>{"Dinas Perhubungan"});
}

// A scheme's support list: names, none of them twice or the lead again.
TEST(DamageScenario, ClusterSupportIsAListOfOtherNames) {
    auto scheme = [](const std::string& entry) {
        return scenario_text("jrc_asia_residential",
                             "cluster_scheme: uji\nclusters:\n  uji:\n    perumahan: " + entry +
                                 "\n    lainnya: {cluster: Lain}\n    pengungsi: {cluster: "
                                 "Lain}\n");
    };
    const Scenario s = with_defaults(
        scheme("{cluster: Infra, lead: Dinas A, support: [Dinas B, Dinas C], sector: permukiman}"));
    EXPECT_EQ(s.damage.clusters.at("perumahan").support,
              (std::vector<std::string>{"Dinas B", "Dinas C"}));
    EXPECT_EQ(s.damage.clusters.at("perumahan").sector, "permukiman");
    const std::string not_list =
        error_of(scheme("{cluster: Infra, lead: Dinas A, support: Dinas B}"));
    EXPECT_TRUE(contains(not_list, "clusters.uji.perumahan.support")) << not_list;
    EXPECT_TRUE(contains(not_list, "expected a list")) << not_list;
    const std::string twice =
        error_of(scheme("{cluster: Infra, lead: Dinas A, support: [Dinas B, Dinas A]}"));
    EXPECT_TRUE(contains(twice, "'Dinas A' is listed twice")) << twice;
    const std::string typo = error_of(scheme("{cluster: Infra, lead: Dinas A, suport: [Dinas B]}"));
    EXPECT_TRUE(contains(typo, "did you mean 'support'?")) << typo;
}

// Names that refer to other names must exist: an asset type under an exposure's
// `vulnerability`, `value` or `sectors` that the exposure does not have would silently give no
// damage or no value. Line 13 holds the exposure's vulnerability, types on lines 14-15.
TEST(DamageScenario, UnknownAssetTypeNamesTheTypesThatExist) {
    const std::string types = "    type_field: JENIS\n    types: {rumah: [R], sekolah: [S]}\n";
    const std::string vulnerability = error_of(
        scenario_text("{rumah: jrc_asia_residential, rmah: jrc_asia_residential}\n" + types));
    EXPECT_TRUE(contains(vulnerability, "exposures[0].vulnerability.rmah:")) << vulnerability;
    EXPECT_TRUE(contains(vulnerability, "'rmah' is not an asset type of exposure 'bangunan'"))
        << vulnerability;
    EXPECT_TRUE(contains(vulnerability, "its types are: rumah, sekolah, lainnya")) << vulnerability;
    // "    value: {sekolh: ...}" on line 16: the key starts at column 13.
    const std::string value = error_of(
        scenario_text("jrc_asia_residential\n" + types + "    value: {sekolh: {cost_per_m2: 1}}"));
    EXPECT_EQ(value.rfind("s.yaml:16:13: exposures[0].value.sekolh: ", 0), 0u) << value;
    const std::string sectors =
        error_of(scenario_text("jrc_asia_residential\n" + types +
                               "    sectors: {Rumah: {sector: permukiman, sub_sector: rumah}}"));
    EXPECT_TRUE(contains(sectors, "exposures[0].sectors.Rumah:")) << sectors;
    // Without type_field, the one type is the exposure's own name.
    const std::string untyped =
        error_of(scenario_text("jrc_asia_residential\n    value: {rumah: {cost_per_m2: 1}}"));
    EXPECT_TRUE(contains(untyped, "its types are: bangunan")) << untyped;
}

// A per-type map that leaves out a listed type would give it no damage and Rp 0 without a
// word: an error naming the key, the type and what the map has, unless `<type>: none` says so.
TEST(DamageScenario, AListedTypeLeftOutOfTheVulnerabilityMapIsAnError) {
    const std::string types = "    type_field: JENIS\n    types: {rumah: [R], kesehatan: [K]}\n";
    const std::string missing = error_of(scenario_text("{rumah: jrc_asia_residential}\n" + types));
    EXPECT_TRUE(contains(missing, "exposures[0].vulnerability: ")) << missing;
    EXPECT_TRUE(contains(missing,
                         "asset type 'kesehatan' of exposure 'bangunan' is listed under "
                         "`types:` but has no vulnerability function"))
        << missing;
    EXPECT_TRUE(contains(missing, "the map has: rumah: jrc_asia_residential.")) << missing;
    // The implicit lainnya is left to the run (known from the features) unless it is priced,
    // here by the scenario's own costs.
    const Scenario none =
        with_defaults(scenario_text("{rumah: jrc_asia_residential, kesehatan: none}\n" + types));
    const jitupasna::core::ExposureConfig& e = none.exposures[0];
    EXPECT_EQ(e.vulnerability_of_type.size(), 1u);
    EXPECT_EQ(e.undamaged_types, std::set<std::string>{"kesehatan"});
    EXPECT_EQ(e.function_for("kesehatan"), nullptr);
    EXPECT_FALSE(e.lacks_function("kesehatan"));
    EXPECT_TRUE(e.lacks_function("lainnya"));
    const std::string priced =
        error_of(scenario_text("{rumah: jrc_asia_residential, kesehatan: none}\n" + types,
                               "costs:\n  lainnya: {cost_per_m2: 1000}\n"));
    EXPECT_TRUE(contains(priced,
                         "asset type 'lainnya' of exposure 'bangunan' has a cost "
                         "(costs.lainnya)"))
        << priced;
    EXPECT_TRUE(contains(priced, "kesehatan: none")) << priced;
    // A map of `none` alone is still a map: the types it leaves out are named.
    const std::string only_none = error_of(scenario_text("{kesehatan: none}\n" + types));
    EXPECT_TRUE(contains(only_none, "asset type 'rumah' of exposure 'bangunan'")) << only_none;
    // `none` for a type the exposure does not have is a misspelling like any other.
    const std::string typo = error_of(
        scenario_text("{rumah: jrc_asia_residential, kesehatan: none, kesehatn: none}\n" + types));
    EXPECT_TRUE(contains(typo, "exposures[0].vulnerability.kesehatn:")) << typo;
    // A function called `none` could never be named.
    const std::string reserved = error_of(
        scenario_text("jrc_asia_residential",
                      "vulnerability:\n  none: {kind: curve, points: [[0, 0], [1, 1]]}\n"));
    EXPECT_TRUE(contains(reserved, "vulnerability.none: 'none' is reserved")) << reserved;
}

// The scenario's own `costs:`, `sectors:` and `losses.lost_income` are keyed by asset type
// too: a misspelled type there prices, files or counts nothing. The defaults file may list types
// the scenario does not have.
TEST(DamageScenario, OwnCostsOrSectorsForNoAssetTypeAreRefused) {
    const std::string types = "    type_field: JENIS\n    types: {rumah: [R], sekolah: [S]}\n";
    const std::string costs = error_of(scenario_text("jrc_asia_residential\n" + types,
                                                     "costs:\n  sekola: {cost_per_m2: 1000000}\n"));
    // "  sekola:" on line 18 (16 is blank, 17 "costs:"), key at column 3.
    EXPECT_EQ(costs.rfind("s.yaml:18:3: costs.sekola: ", 0), 0u) << costs;
    EXPECT_TRUE(contains(costs, "'sekola' is not an asset type of any exposure")) << costs;
    EXPECT_TRUE(contains(costs, "did you mean 'sekolah'?")) << costs;
    EXPECT_TRUE(contains(costs, "the types are: rumah, sekolah, lainnya")) << costs;
    const std::string sectors =
        error_of(scenario_text("jrc_asia_residential\n" + types,
                               "sectors:\n  rumha: {sector: permukiman, sub_sector: perumahan}\n"));
    EXPECT_TRUE(contains(sectors, "sectors.rumha: 'rumha' is not an asset type")) << sectors;
    EXPECT_TRUE(contains(sectors, "did you mean 'rumah'?")) << sectors;
    const std::string income = error_of(
        scenario_text("jrc_asia_residential\n" + types,
                      "losses:\n  lost_income: {sekolahh: {per_unit_per_day: 1, days: 2}}\n"));
    EXPECT_TRUE(contains(income, "losses.lost_income.sekolahh: 'sekolahh' is not an asset type"))
        << income;
    // A correctly named type of the scenario passes, and the defaults' own types (listed in
    // the defaults file's costs for exposures the scenario lacks) are no error.
    EXPECT_NO_THROW(with_defaults(scenario_text("jrc_asia_residential\n" + types,
                                                "costs:\n  sekolah: {cost_per_m2: 1000000}\n")));
}

// A value rule must fit the exposure: a building priced per metre of length (or a road per m2)
// would be a number without meaning.
TEST(DamageScenario, ValueRuleThatCannotApplyIsRefused) {
    const std::string per_m = error_of(
        scenario_text("jrc_asia_residential\n    value: {bangunan: {cost_per_m: 2000000}}"));
    EXPECT_TRUE(contains(per_m,
                         "exposures[0].value.bangunan: cost_per_m prices roads by length; "
                         "exposure 'bangunan' is of kind structure"))
        << per_m;
    // The scenario-wide costs count too, for the types the exposure has.
    const std::string shared =
        error_of(scenario_text("jrc_asia_residential", "costs:\n  bangunan: {cost_per_m: 1}\n"));
    EXPECT_TRUE(contains(shared, "costs.bangunan: cost_per_m prices roads by length")) << shared;
    EXPECT_NO_THROW(with_defaults(
        scenario_text("jrc_asia_residential\n    value: {bangunan: {cost_per_m2: 2000000}}")));
}

// A class table and people.displacement_rates name hazard classes (here only `tinggi`).
TEST(DamageScenario, UnknownHazardClassNamesTheClassesThatExist) {
    const std::string table = error_of(scenario_text(
        "tabel\n", "vulnerability:\n  tabel: {kind: class_table, ratios: {tingi: 0.5}}\n"));
    EXPECT_TRUE(contains(table, "exposures[0].vulnerability.*")) << table;
    EXPECT_TRUE(contains(table, "class table 'tabel' names hazard class 'tingi'")) << table;
    EXPECT_TRUE(contains(table, "its classes are: tinggi")) << table;
    const std::string rates = error_of(
        scenario_text("jrc_asia_residential", "people:\n  displacement_rates: {tingi: 0.9}\n"));
    EXPECT_EQ(rates.rfind("s.yaml:15:24: people.displacement_rates.tingi: ", 0), 0u) << rates;
    EXPECT_TRUE(contains(rates, "its classes are: tinggi")) << rates;
    // Spelled right, both parse.
    EXPECT_NO_THROW(with_defaults(
        scenario_text("tabel\n",
                      "vulnerability:\n  tabel: {kind: class_table, ratios: {tinggi: 0.5}}\n"
                      "people:\n  displacement_rates: {tinggi: 0.9}\n")));
}

// A sub-sector the cluster scheme does not list would go to its `lainnya` cluster and lead
// agency without a word: refused, naming the type, the sub-sector and the scheme's sub-sectors.
TEST(DamageScenario, SubSectorWithoutAClusterIsRefused) {
    const std::string shared = error_of(
        scenario_text("jrc_asia_residential",
                      "sectors:\n  bangunan: {sector: permukiman, sub_sector: perumahn}\n"));
    EXPECT_TRUE(contains(shared,
                         "sectors.bangunan: sub-sector 'perumahn' of asset type "
                         "'bangunan' (exposure 'bangunan') has no cluster in "
                         "clusters.nasional"))
        << shared;
    EXPECT_TRUE(contains(shared, "perumahan")) << shared;  // what exists
    const std::string own = error_of(scenario_text(
        "jrc_asia_residential\n    sectors: {bangunan: {sector: sosial, sub_sector: kebudayaan}}"));
    EXPECT_TRUE(contains(own, "exposures[0].sectors.bangunan: sub-sector 'kebudayaan'")) << own;
    // Listed in the scheme, it parses.
    EXPECT_NO_THROW(with_defaults(scenario_text(
        "jrc_asia_residential\n    sectors: {bangunan: {sector: sosial, sub_sector: kebudayaan}}",
        "clusters:\n  nasional:\n    kebudayaan: {cluster: Pendidikan, lead: Dinas "
        "Kebudayaan}\n")));
}

// A table that leaves out part of what the damage needs would price, displace or file that
// part silently as nothing: a unit_cost without a category its function gives, displacement
// rates without a class, a scheme of the scenario's own naming a sub-sector that exists nowhere.
TEST(DamageScenario, IncompleteTablesAreRefused) {
    // The shipped curve gives ringan, sedang and berat by the thresholds: two are unpriced.
    const std::string cost = error_of(scenario_text(
        "jrc_asia_residential", "costs:\n  bangunan: {unit_cost: {rusak_berat: 60000000}}\n"));
    for (const std::string part :
         {"costs.bangunan.unit_cost", "no price for rusak_ringan, rusak_sedang",
          "asset type 'bangunan'", "'jrc_asia_residential'", "Rp 0"})
        EXPECT_TRUE(contains(cost, part)) << "no '" << part << "' in " << cost;
    EXPECT_NO_THROW(with_defaults(
        scenario_text("jrc_asia_residential",
                      "costs:\n  bangunan: {unit_cost: {rusak_berat: 6, rusak_sedang: 3, "
                      "rusak_ringan: 0}}\n")));

    const std::string people =
        "version: 1\nname: Uji\nhazard_type: flood\n"
        "admin: {source: admin.gpkg, code_field: KODE, name_field: NAMA}\n"
        "hazard:\n  source: depth.tif\n  classes:\n    - {name: tinggi, min: 1.5}\n"
        "    - {name: sedang, min: 0.7, max: 1.5}\n    - {name: rendah, min: 0.1, max: 0.7}\n"
        "exposures:\n  - {name: penduduk, kind: population, source: pop.tif}\n";
    const std::string by_class =
        error_of(people + "people:\n  displacement_rates: {tinggi: 0.3}\n");
    for (const std::string part :
         {"people.displacement_rates", "no rate for hazard class(es) sedang, rendah",
          "tinggi, sedang, rendah"})
        EXPECT_TRUE(contains(by_class, part)) << "no '" << part << "' in " << by_class;
    // A misspelled class is told as such (with the likely one), not as a class without a rate.
    const std::string typo = error_of(
        people + "people:\n  displacement_rates: {tingi: 0.5, sedang: 0.2, rendah: 0.05}\n");
    EXPECT_TRUE(contains(typo,
                         "people.displacement_rates.tingi: 'tingi' is not a hazard class "
                         "of the scenario; did you mean 'tinggi'?"))
        << typo;
    const std::string short_list =
        error_of(people + "people:\n  displacement_rates_by_severity: [0.3]\n");
    EXPECT_TRUE(contains(short_list,
                         "people.displacement_rates_by_severity: 1 rate(s) for 3 "
                         "hazard classes"))
        << short_list;
    const std::string long_list =
        error_of(people + "people:\n  displacement_rates_by_severity: [0.3, 0.2, 0.1, 0]\n");
    EXPECT_TRUE(contains(long_list, "4 rate(s) for 3 hazard classes")) << long_list;
    // Every class given, by name or by severity: it parses; the shipped list of three also
    // serves two classes (most severe first).
    EXPECT_NO_THROW(with_defaults(
        people + "people:\n  displacement_rates: {tinggi: 0.3, sedang: 0.1, rendah: 0}\n"));
    EXPECT_NO_THROW(with_defaults(people));
    // The same gap in a defaults file (whose section the scenario's text does not hold): refused
    // too, naming the key, not an unreadable "invalid node".
    std::string partial_defaults = defaults_text();
    const std::string anchor = "  displacement_rates_by_severity:";
    ASSERT_NE(partial_defaults.find(anchor), std::string::npos);
    partial_defaults.insert(partial_defaults.find(anchor), "  displacement_rates: {tinggi: 0.3}\n");
    try {
        parse_scenario(people, "s.yaml", "/base", partial_defaults, "defaults.yaml");
        ADD_FAILURE() << "a partial displacement_rates in the defaults was accepted";
    } catch (const ConfigError& e) {
        EXPECT_TRUE(contains(e.what(),
                             "people.displacement_rates: no rate for hazard class(es) "
                             "sedang, rendah"))
            << e.what();
    }

    const std::string scheme =
        error_of(scenario_text("jrc_asia_residential",
                               "cluster_scheme: mine\nclusters:\n  mine:\n"
                               "    perumahann: {cluster: Permukiman, lead: Dinas PUPR}\n"
                               "    lainnya: {cluster: Lainnya, lead: BPBD}\n"));
    for (const std::string part : {"clusters.mine.perumahann", "'perumahann' is not a sub-sector",
                                   "did you mean 'perumahan'?"})
        EXPECT_TRUE(contains(scheme, part)) << "no '" << part << "' in " << scheme;

    const std::string fatality =
        error_of(scenario_text("jrc_asia_residential", "people:\n  fatality_model: itbb\n"));
    EXPECT_TRUE(contains(fatality, "people.fatality_model: 'itbb' is not a fatality model"))
        << fatality;
}

// Every number in its domain: a negative cost or count, a rate or share outside [0, 1], a
// household of no one are refused, naming the key and the value, whether the scenario or the
// defaults give them.
TEST(DamageScenario, NumbersOutsideTheirDomainAreRefused) {
    struct Case {
        std::string extra, key, message;
    };
    const std::vector<Case> cases = {
        {"costs:\n  rumah: {unit_cost: {rusak_berat: -50000000}}\n",
         "costs.rumah.unit_cost.rusak_berat", "-50000000 must be 0 or more"},
        {"costs:\n  sekolah: {cost_per_m2: -1}\n", "costs.sekolah.cost_per_m2",
         "-1 must be 0 or more"},
        {"people:\n  displacement_rates: {tinggi: 1.5}\n", "people.displacement_rates.tinggi",
         "1.5 must be a share from 0 to 1"},
        {"people:\n  displacement_rates_by_severity: [1, -0.5]\n",
         "people.displacement_rates_by_severity", "-0.5 must be a share from 0 to 1"},
        {"people:\n  household_size: 0\n", "people.household_size", "0 must be more than 0"},
        {"needs:\n  build_back_better: -0.2\n", "needs.build_back_better",
         "-0.2 must be 0 or more"},
        {"losses:\n  debris_share_of_damage: 5\n", "losses.debris_share_of_damage",
         "5 must be a share from 0 to 1"},
        {"losses:\n  waiting_allowance_months: -6\n", "losses.waiting_allowance_months",
         "-6 must be 0 or more"},
        {"damage_thresholds: {rusak_ringan: 1.3}\n", "damage_thresholds.rusak_ringan",
         "1.3 must be a share from 0 to 1"},
        {"vulnerability:\n  gempa: {kind: curve, lognormal: {median: 0, beta: 0.1}}\n",
         "vulnerability.gempa.lognormal.median", "0 must be more than 0"},
        {"vulnerability:\n  gempa: {kind: curve, lognormal: {median: 8.3, beta: -0.1}}\n",
         "vulnerability.gempa.lognormal.beta", "-0.1 must be more than 0"},
        {"terdampak: {min_houses_damaged: -1}\n", "terdampak.min_houses_damaged",
         "-1 must be 0 or more"},
        {"terdampak: {min_people_exposed: -100}\n", "terdampak.min_people_exposed",
         "-100 must be 0 or more"},
    };
    for (const auto& c : cases) {
        const std::string e = error_of(scenario_text("jrc_asia_residential", c.extra));
        EXPECT_TRUE(contains(e, c.key + ": " + c.message)) << c.extra << " -> " << e;
        EXPECT_EQ(e.rfind("s.yaml:", 0), 0u) << e;  // the scenario, with its position
    }
    // The same value in the defaults file is reported under the defaults' name.
    const std::string in_defaults = [] {
        std::string defaults = defaults_text();
        const std::string from = "build_back_better: 1.1";
        const std::size_t at = defaults.find(from);
        if (at == std::string::npos) return std::string("the defaults changed: no " + from);
        defaults.replace(at, from.size(), "build_back_better: -1.1");
        try {
            parse_scenario(scenario_text("jrc_asia_residential"), "s.yaml", "/base", defaults,
                           "defaults.yaml");
        } catch (const ConfigError& error) {
            return std::string(error.what());
        }
        return std::string();
    }();
    EXPECT_EQ(in_defaults.rfind("defaults.yaml:", 0), 0u) << in_defaults;
    EXPECT_TRUE(contains(in_defaults, "needs.build_back_better: -1.1 must be 0 or more"))
        << in_defaults;
}

// The terdampak threshold: the defaults' 1 house / 100 people, a scenario's own values over
// them key by key, and a misspelled key named with what exists.
TEST(DamageScenario, TerdampakThreshold) {
    const Scenario plain = with_defaults(scenario_text("jrc_asia_residential"));
    EXPECT_EQ(plain.damage.terdampak.min_houses_damaged, 1);
    EXPECT_EQ(plain.damage.terdampak.min_people_exposed, 100);
    const Scenario own = with_defaults(
        scenario_text("jrc_asia_residential", "terdampak: {min_people_exposed: 500}\n"));
    EXPECT_EQ(own.damage.terdampak.min_houses_damaged, 1);  // kept from the defaults
    EXPECT_EQ(own.damage.terdampak.min_people_exposed, 500);
    const std::string typo =
        error_of(scenario_text("jrc_asia_residential", "terdampak: {min_house_damaged: 5}\n"));
    EXPECT_TRUE(contains(typo, "min_house_damaged")) << typo;
    EXPECT_TRUE(contains(typo, "min_houses_damaged")) << typo;
}

TEST(DamageScenario, PriorityWeights) {
    const Scenario s = with_defaults(
        scenario_text("jrc_asia_residential", "priority: {weights: {displaced: 1}}\n"));
    // The `weights` entry is replaced whole.
    EXPECT_EQ(s.damage.priority_weights, (std::map<std::string, double>{{"displaced", 1}}));
    const std::string unknown =
        error_of(scenario_text("jrc_asia_residential", "priority: {weights: {populasi: 0.5}}\n"));
    EXPECT_TRUE(contains(unknown, "'populasi' is not a priority component")) << unknown;
    EXPECT_TRUE(contains(unknown, "houses_rb_share")) << unknown;
    const std::string negative =
        error_of(scenario_text("jrc_asia_residential", "priority: {weights: {displaced: -1}}\n"));
    EXPECT_TRUE(contains(negative, "must not be negative")) << negative;
}

TEST(DamageScenario, Thresholds) {
    // 20 % / 35 %: JRC residential 0.5 m (0.327) is sedang, 0.75 m (0.4105) berat.
    const Scenario s = with_defaults(scenario_text(
        "jrc_asia_residential", "damage_thresholds: {rusak_ringan: 0.2, rusak_sedang: 0.35}\n"));
    EXPECT_EQ(s.damage.thresholds.ringan_max, 0.2);
    EXPECT_EQ(s.damage.thresholds.sedang_max, 0.35);
    const auto& f = s.damage.functions.at("jrc_asia_residential");
    EXPECT_EQ(f.estimate(0.5, "").category_fractions[kSedang], 1.0);
    EXPECT_EQ(f.estimate(0.75, "").category_fractions[kBerat], 1.0);
    // One threshold given: the other comes from the defaults (0.30).
    const Scenario one = with_defaults(
        scenario_text("jrc_asia_residential", "damage_thresholds: {rusak_sedang: 0.5}\n"));
    EXPECT_EQ(one.damage.thresholds.ringan_max, 0.30);
    EXPECT_EQ(one.damage.thresholds.sedang_max, 0.5);
    // Order errors.
    for (const char* bad : {"damage_thresholds: {rusak_ringan: 0.5, rusak_sedang: 0.4}\n",
                            "damage_thresholds: {rusak_ringan: 0.45, rusak_sedang: 0.45}\n",
                            "damage_thresholds: {rusak_ringan: 0, rusak_sedang: 0.45}\n",
                            "damage_thresholds: {rusak_ringan: 0.3, rusak_sedang: 1}\n"}) {
        const std::string e = error_of(scenario_text("jrc_asia_residential", bad));
        EXPECT_TRUE(contains(e, "need 0 < rusak_ringan < rusak_sedang < 1")) << bad << e;
    }
    const std::string typo =
        error_of(scenario_text("jrc_asia_residential", "damage_thresholds: {rusak_berat: 0.5}\n"));
    EXPECT_TRUE(contains(typo, "damage_thresholds.rusak_berat")) << typo;
}

TEST(DamageScenario, CategoryRatios) {
    const Scenario s = with_defaults(
        scenario_text("jrc_asia_residential", "category_ratios: {rusak_berat: 0.8}\n"));
    EXPECT_EQ(s.damage.category_ratios, (CategoryArray{0, 0.15, 0.375, 0.8, 1}));
    const std::string e =
        error_of(scenario_text("jrc_asia_residential", "category_ratios: {parah: 0.8}\n"));
    EXPECT_TRUE(contains(e, "'parah' is not a damage category")) << e;
}

TEST(DamageScenario, ClassesMayBeOmittedOnlyWithAVulnerability) {
    const Scenario s = with_defaults(scenario_text("jrc_asia_residential", "", false));
    EXPECT_TRUE(s.hazard.classes.empty());
    const std::string e = error_of(scenario_text("", "", false));
    EXPECT_TRUE(contains(e, "hazard.classes")) << e;
    EXPECT_TRUE(contains(e, "required key is missing")) << e;
    // With classes and no vulnerability, fine.
    EXPECT_NO_THROW(with_defaults(scenario_text("", "", true)));
}

TEST(DamageScenario, FunctionErrorsNameTheFunction) {
    struct Case {
        const char* yaml;
        const char* expected;
    };
    const Case cases[] = {
        {"vulnerability:\n  f: {kind: kurva}\n", "'kurva' is not a vulnerability kind"},
        {"vulnerability:\n  f: {kind: curve, points: [[0, 0.5], [1, 0.4]]}\n", "must not fall"},
        {"vulnerability:\n  f: {kind: curve, points: [[0, 0], [1, 0.5, 2]]}\n",
         "each point is [intensity, damage ratio]"},
        {"vulnerability:\n  f: {kind: fragility, format: lognormal, limit_states: [LS1]}\n",
         "'lognormal' is not a fragility format"},
        {"vulnerability:\n  f: {kind: fragility, format: continuous, limit_states: [LS1, LS2],"
         " params: {LS1: {mean: 0.2, stddev: 0.05}}, categories: {LS1: rusak_ringan,"
         " LS2: rusak_berat}}\n",
         "no parameters for limit state 'LS2'"},
        {"vulnerability:\n  f: {kind: fragility, format: discrete, limit_states: [LS1],"
         " imls: [0.1, 0.2, 0.3, 0.5], poes: {LS1: [0.1, 0.2, 0.3]},"
         " categories: {LS1: rusak_berat}}\n",
         "3 PoEs for 4 intensity levels"},
        {"vulnerability:\n  f: {kind: fragility, format: discrete, limit_states: [LS1, LS2],"
         " imls: [0.1, 0.2], poes: {LS1: [0.1, 0.2], LS2: [0.1, 0.3]},"
         " categories: {LS1: rusak_ringan, LS2: rusak_berat}}\n",
         "'LS2' is more likely than 'LS1'"},
        {"vulnerability:\n  f: {kind: fragility, format: discrete, limit_states: [LS1],"
         " imls: [0.1, 0.2], poes: {LS1: [0.1, 0.2]}}\n",
         "damage state 'LS1' has no Jitupasna category"},
        {"vulnerability:\n  f: {kind: fragility, format: discrete, limit_states: [LS1],"
         " imls: [0.1, 0.2], poes: {LS1: [0.1, 0.2]}, categories: {LS1: parah}}\n",
         "'parah' is not a damage category"},
        {"vulnerability:\n  f: {kind: class_table, states: [rusak_ringan, rusak_berat],"
         " table: {tinggi: [0.6, 0.5]}}\n",
         "more than 1"},
        {"vulnerability:\n  f: {kind: curve, point: [[0, 0], [1, 1]]}\n", "did you mean 'points'"},
    };
    for (const Case& c : cases) {
        const std::string e = error_of(scenario_text("f", c.yaml), false);
        EXPECT_TRUE(contains(e, c.expected)) << c.yaml << " -> " << e;
        EXPECT_TRUE(contains(e, "vulnerability.f")) << c.yaml << " -> " << e;
        EXPECT_EQ(e.rfind("s.yaml:", 0), 0u) << e;
    }
}

TEST(DamageScenario, ValueRuleErrors) {
    const std::string two = error_of(
        scenario_text("jrc_asia_residential", "costs: {rumah: {cost_per_m2: 1, cost_per_m: 2}}\n"));
    EXPECT_TRUE(contains(two, "give exactly one of")) << two;
    const std::string category = error_of(
        scenario_text("jrc_asia_residential", "costs: {rumah: {unit_cost: {tidak_rusak: 1}}}\n"));
    EXPECT_TRUE(contains(category, "costs.rumah.unit_cost.tidak_rusak")) << category;
}

// BUG: an error in an entry that comes from the defaults file is reported with the scenario's
// file name and the defaults file's line and column. Input: a defaults text whose line 3 holds a
// falling curve, a scenario without errors. Expected "defaults.yaml:3:..."; jitupasna says
// "s.yaml:3:10: vulnerability.kaput: ..." (line 3 of s.yaml is "hazard_type: flood").
TEST(DamageScenario, ErrorInDefaultsNamesTheDefaultsFile) {
    const std::string defaults =
        "# a province's copy\n"                                    // 1
        "vulnerability:\n"                                         // 2
        "  kaput: {kind: curve, points: [[0, 0.5], [1, 0.4]]}\n";  // 3
    try {
        parse_scenario(scenario_text("kaput"), "s.yaml", "/base", defaults, "defaults.yaml");
        ADD_FAILURE() << "parsed without error";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("defaults.yaml:3:", 0), 0u) << e.what();
    }
}

}  // namespace

// A class table that leaves out a hazard class would give that class no damage without a word.
TEST(DamageScenario, ClassTableMissingAClassIsRefused) {
    std::string text = scenario_text(
        "tabel\n", "vulnerability:\n  tabel: {kind: class_table, ratios: {tinggi: 0.5}}\n");
    const std::string one_class = "    - {name: tinggi, min: 1.5}\n";
    ASSERT_NE(text.find(one_class), std::string::npos);
    text.replace(text.find(one_class), one_class.size(),
                 one_class + "    - {name: rendah, min: 0.5, max: 1.5}\n");
    const std::string e = error_of(text);
    EXPECT_TRUE(contains(e, "class table 'tabel' has no row for hazard class 'rendah'")) << e;
    EXPECT_TRUE(contains(e, "exposures[0].vulnerability")) << e;
    const std::string complete = "ratios: {tinggi: 0.5, rendah: 0}";
    text.replace(text.find("ratios: {tinggi: 0.5}"), std::string("ratios: {tinggi: 0.5}").size(),
                 complete);
    EXPECT_NO_THROW(with_defaults(text));
}
