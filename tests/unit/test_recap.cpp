// The Jitupasna recap per admin unit (build_recap): sector rows with kerusakan, kerugian and
// kebutuhan, displaced people and their minimum needs, and the recovery priority. The impact
// summaries are built by hand; every expected number is worked out in a comment.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/damage_model.hpp"
#include "jitupasna/core/recap.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/core/summary.hpp"

namespace {

using jitupasna::core::AdminRecap;
using jitupasna::core::build_recap;
using jitupasna::core::CategoryArray;
using jitupasna::core::ClusterOf;
using jitupasna::core::DamageCategory;
using jitupasna::core::DamageModel;
using jitupasna::core::ExposureConfig;
using jitupasna::core::ExposureKind;
using jitupasna::core::ExposureRecapInput;
using jitupasna::core::HazardClass;
using jitupasna::core::HazardClassifier;
using jitupasna::core::ImpactSummary;
using jitupasna::core::kCategoryCount;
using jitupasna::core::LossSettings;
using jitupasna::core::Measures;
using jitupasna::core::MinimumNeed;
using jitupasna::core::resolve_sector;
using jitupasna::core::SectorOf;
using jitupasna::core::SectorRecap;

constexpr std::size_t idx(DamageCategory c) { return static_cast<std::size_t>(c); }
constexpr std::size_t kNone = idx(DamageCategory::none);
constexpr std::size_t kBerat = idx(DamageCategory::berat);

constexpr double kJuta = 1e6;

// Classes tinggi (0), sedang (1), rendah (2); then not_affected (3) and not_exposed (4).
constexpr std::size_t kTinggi = 0, kSedangClass = 1, kRendah = 2, kNotAffected = 3, kNotExposed = 4;

HazardClassifier classifier() {
    return HazardClassifier({HazardClass{"tinggi", 1.5, std::nullopt, {}},
                             HazardClass{"sedang", 0.7, 1.5, {}},
                             HazardClass{"rendah", 0.1, 0.7, {}}});
}

const SectorOf kPerumahan{"permukiman", "perumahan"};
const SectorOf kPendidikan{"sosial", "pendidikan"};

// The defaults' values (data/defaults/jitupasna_defaults.yaml), set by hand.
DamageModel model() {
    DamageModel m;
    m.losses.allowance_per_household_month = 600000;
    m.losses.allowance_months = 6;
    m.losses.displacing = {DamageCategory::berat, DamageCategory::sedang};
    m.losses.households_per_house = 1;
    m.losses.debris_share = 0.05;
    m.needs.build_back_better = 1.1;
    m.needs.function_recovery = 1.0;
    m.people.displacement_by_severity = {1.0, 0.5, 0.1};
    m.people.household_size = 4;
    m.minimum_needs = {MinimumNeed{"beras", "kg", 2.8, "minggu"},
                       MinimumNeed{"air_minum", "liter", 17.5, "minggu"},
                       MinimumNeed{"air_bersih", "liter", 67, "minggu"},
                       MinimumNeed{"paket_keluarga", "paket", 0.2, "minggu"},
                       MinimumNeed{"jamban", "unit", 0.05, "sekali"}};
    m.priority_weights = {{"houses_rb_share", 0.3},
                          {"damage_per_capita", 0.3},
                          {"displaced", 0.2},
                          {"facilities_damaged", 0.2}};
    m.clusters["perumahan"] = ClusterOf{"Pemulihan", "Kementerian Dalam Negeri"};
    m.clusters["pendidikan"] = ClusterOf{"Pendidikan", "Kementerian Pendidikan Dasar dan Menengah"};
    return m;
}

Measures structures(double count, CategoryArray damaged, CategoryArray kerusakan) {
    Measures m;
    m.count = count;
    m.damaged = damaged;
    m.kerusakan = kerusakan;
    return m;
}

Measures people(double population, double fatalities = 0) {
    Measures m;
    m.count = population;
    m.population = population;
    m.fatalities = fatalities;
    return m;
}

// Houses (type 0, rumah) and schools (type 1, sekolah), priced at BNPB's 60 / 30 / 15 juta for
// houses and by hand for schools:
//   unit 0, rumah, tinggi:      10 houses: 2 none, 1 RR, 3 RS, 4 RB
//                               -> 15 + 90 + 240 = 345 juta
//   unit 0, rumah, sedang:      20 houses: 10 none, 4 RR, 4 RS, 2 RB
//                               -> 60 + 120 + 120 = 300 juta
//   unit 0, rumah, not_exposed:  5 houses, none damaged
//   unit 0, sekolah, tinggi:     2 schools: 1 RS (Rp 1 milyar), 1 RB (Rp 2 milyar)
//   unit 1, rumah, rendah:       8 houses: 6 none, 2 RR -> 30 juta
//   outside, rumah, tinggi:    100 houses RB, Rp 6 milyar (no unit's: left out)
ImpactSummary buildings() {
    ImpactSummary s(2, 2, 5);
    s.add(0, 0, kTinggi,
          structures(10, {2, 1, 3, 4, 0}, {0, 15 * kJuta, 90 * kJuta, 240 * kJuta, 0}));
    s.add(0, 0, kSedangClass,
          structures(20, {10, 4, 4, 2, 0}, {0, 60 * kJuta, 120 * kJuta, 120 * kJuta, 0}));
    s.add(0, 0, kNotExposed, structures(5, {5, 0, 0, 0, 0}, {}));
    s.add(0, 1, kTinggi, structures(2, {0, 0, 1, 1, 0}, {0, 0, 1e9, 2e9, 0}));
    s.add(1, 0, kRendah, structures(8, {6, 2, 0, 0, 0}, {0, 30 * kJuta, 0, 0, 0}));
    s.add(std::nullopt, 0, kTinggi, structures(100, {0, 0, 0, 100, 0}, {0, 0, 0, 6e9, 0}));
    return s;
}

// Population per class:
//   unit 0: tinggi 100 (1 fatality), sedang 200, rendah 300, not_affected 400, not_exposed 50
//   unit 1: rendah 1000
//   outside: tinggi 5000
ImpactSummary population() {
    ImpactSummary s(2, 1, 5);
    s.add(0, 0, kTinggi, people(100, 1));
    s.add(0, 0, kSedangClass, people(200));
    s.add(0, 0, kRendah, people(300));
    s.add(0, 0, kNotAffected, people(400));
    s.add(0, 0, kNotExposed, people(50));
    s.add(1, 0, kRendah, people(1000));
    s.add(std::nullopt, 0, kTinggi, people(5000, 10));
    return s;
}

ExposureRecapInput buildings_input(const ImpactSummary& summary) {
    ExposureRecapInput e;
    e.kind = ExposureKind::structure;
    e.has_vulnerability = true;
    e.type_labels = {"rumah", "sekolah"};
    e.sector_of_type = {kPerumahan, kPendidikan};
    e.summary = &summary;
    return e;
}

ExposureRecapInput population_input(const ImpactSummary& summary) {
    ExposureRecapInput e;
    e.kind = ExposureKind::population;
    e.has_vulnerability = false;
    e.type_labels = {"penduduk"};
    e.sector_of_type = {SectorOf{"sosial", "lembaga_sosial"}};
    e.summary = &summary;
    return e;
}

const SectorRecap* row(const AdminRecap& r, const std::string& sub_sector) {
    for (const auto& s : r.sectors)
        if (s.sector.sub_sector == sub_sector) return &s;
    return nullptr;
}

// Relative comparison for money.
void expect_money(double actual, double expected, const std::string& what = "") {
    EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

// ---------------------------------------------------------------------------------------------

TEST(Recap, ResolveSector) {
    DamageModel m;
    m.sectors["rumah"] = kPerumahan;
    ExposureConfig e;
    e.kind = ExposureKind::structure;
    e.sector_of_type["gedung"] = SectorOf{"sosial", "agama"};
    e.sector_of_type["rumah"] = SectorOf{"lintas_sektor", "pemerintahan"};
    // The exposure's own table first, then the scenario's, then by kind.
    EXPECT_EQ(resolve_sector(e, "gedung", m).sub_sector, "agama");
    EXPECT_EQ(resolve_sector(e, "rumah", m).sub_sector, "pemerintahan");
    e.sector_of_type.erase("rumah");
    EXPECT_EQ(resolve_sector(e, "rumah", m).sub_sector, "perumahan");
    EXPECT_EQ(resolve_sector(e, "pos_ronda", m).sector, "lintas_sektor");
    EXPECT_EQ(resolve_sector(e, "pos_ronda", m).sub_sector, "lainnya");
    e.kind = ExposureKind::road;
    EXPECT_EQ(resolve_sector(e, "jalan_desa", m).sector, "infrastruktur");
    EXPECT_EQ(resolve_sector(e, "jalan_desa", m).sub_sector, "transportasi");
    e.kind = ExposureKind::area;
    EXPECT_EQ(resolve_sector(e, "kebun", m).sub_sector, "pertanian");
    e.kind = ExposureKind::population;
    EXPECT_EQ(resolve_sector(e, "penduduk", m).sub_sector, "lembaga_sosial");
    e.kind = ExposureKind::aggregate;
    EXPECT_EQ(resolve_sector(e, "x", m).sub_sector, "lainnya");
}

TEST(Recap, SectorRowsOfTwoUnits) {
    const ImpactSummary b = buildings();
    DamageModel m = model();
    m.losses.lost_income["sekolah"] = LossSettings::LostIncome{1 * kJuta, 30};
    const auto recaps = build_recap({buildings_input(b)}, 2, classifier(), m);
    ASSERT_EQ(recaps.size(), 2u);

    // Unit 0: rows sorted by sector: permukiman/perumahan before sosial/pendidikan.
    const AdminRecap& r0 = recaps[0];
    ASSERT_EQ(r0.sectors.size(), 2u);
    EXPECT_EQ(r0.sectors[0].sector.sub_sector, "perumahan");
    EXPECT_EQ(r0.sectors[1].sector.sub_sector, "pendidikan");

    // Houses: damaged 17 none (2 + 10 + 5), 5 RR (1 + 4), 7 RS (3 + 4), 6 RB (4 + 2);
    // kerusakan 345 + 300 = 645 juta (check: 5 x 15 + 7 x 30 + 6 x 60 = 75 + 210 + 360).
    const SectorRecap& h = r0.sectors[0];
    EXPECT_EQ(h.cluster.cluster, "Pemulihan");
    EXPECT_EQ(h.cluster.lead, "Kementerian Dalam Negeri");
    EXPECT_EQ(h.damaged, (CategoryArray{17, 5, 7, 6, 0}));
    expect_money(h.kerusakan, 645 * kJuta, "kerusakan perumahan");
    // Dana tunggu hunian: (RB 6 + RS 7) houses x 1 household x Rp 600,000 x 6 months
    // = 13 x 3,600,000 = Rp 46,800,000.
    expect_money(h.dana_tunggu_hunian, 46.8 * kJuta, "dana tunggu hunian");
    // Debris: 5 % x 645 juta = 32.25 juta. No lost income for houses.
    expect_money(h.debris, 32.25 * kJuta, "debris");
    EXPECT_EQ(h.lost_income, 0.0);
    EXPECT_TRUE(h.has_damage());
    // Kebutuhan: 645 x 1.1 = 709.5 juta rebuilding + 46.8 aid + (32.25 + 0) x 1.0 recovery.
    expect_money(h.kebutuhan_pembangunan, 709.5 * kJuta, "pembangunan");
    expect_money(h.kebutuhan_bantuan, 46.8 * kJuta, "bantuan");
    expect_money(h.kebutuhan_pemulihan, 32.25 * kJuta, "pemulihan");
    expect_money(h.kerugian(), 79.05 * kJuta, "kerugian perumahan");     // 46.8 + 32.25
    expect_money(h.kebutuhan(), 788.55 * kJuta, "kebutuhan perumahan");  // 709.5 + 46.8 + 32.25

    // Schools: 1 RS + 1 RB, Rp 3 milyar; debris 150 juta; lost income: 2 damaged schools x
    // Rp 1 juta x 30 days = 60 juta; no waiting allowance.
    const SectorRecap& sch = r0.sectors[1];
    EXPECT_EQ(sch.cluster.cluster, "Pendidikan");
    EXPECT_EQ(sch.damaged, (CategoryArray{0, 0, 1, 1, 0}));
    expect_money(sch.kerusakan, 3e9);
    EXPECT_EQ(sch.dana_tunggu_hunian, 0.0);
    expect_money(sch.debris, 150 * kJuta);
    expect_money(sch.lost_income, 60 * kJuta);
    expect_money(sch.kebutuhan_pembangunan, 3.3e9);
    EXPECT_EQ(sch.kebutuhan_bantuan, 0.0);
    expect_money(sch.kebutuhan_pemulihan, 210 * kJuta);  // (150 + 60) x 1.0
    expect_money(sch.kerugian(), 210 * kJuta);
    expect_money(sch.kebutuhan(), 3.51e9);  // 3,300 + 0 + 210 juta

    // Unit 0 totals: kerusakan 645 juta + 3 milyar; kerugian 79.05 + 210 juta;
    // kebutuhan 788.55 juta + 3.51 milyar.
    expect_money(r0.kerusakan(), 3.645e9);
    expect_money(r0.kerugian(), 289.05 * kJuta);
    expect_money(r0.kebutuhan(), 4298.55 * kJuta);
    EXPECT_EQ(r0.houses, 35);  // 10 + 20 + 5, not-exposed houses included
    EXPECT_EQ(r0.houses_rb, 6);
    EXPECT_EQ(r0.displaced_households, 13);
    EXPECT_EQ(r0.facilities_damaged, 2);  // schools RB + RS

    // Unit 1: 8 houses, 2 RR, 30 juta; nobody displaced (no RB, no RS); debris 1.5 juta;
    // kebutuhan 33 + 0 + 1.5 = 34.5 juta. The outside houses are nobody's.
    const AdminRecap& r1 = recaps[1];
    const SectorRecap* h1 = row(r1, "perumahan");
    ASSERT_NE(h1, nullptr);
    EXPECT_EQ(h1->damaged, (CategoryArray{6, 2, 0, 0, 0}));
    expect_money(h1->kerusakan, 30 * kJuta);
    EXPECT_EQ(h1->dana_tunggu_hunian, 0.0);
    expect_money(h1->debris, 1.5 * kJuta);
    expect_money(h1->kebutuhan(), 34.5 * kJuta);
    if (const SectorRecap* s1 = row(r1, "pendidikan")) {  // a row with nothing in it, if any
        EXPECT_FALSE(s1->has_damage());
        EXPECT_EQ(s1->kerusakan, 0.0);
        EXPECT_EQ(s1->lost_income, 0.0);
    }
    expect_money(r1.kerusakan(), 30 * kJuta);
    EXPECT_EQ(r1.houses, 8);
    EXPECT_EQ(r1.houses_rb, 0);
    EXPECT_EQ(r1.displaced_households, 0);
}

TEST(Recap, DisplacedFromPopulationByClassRates) {
    const ImpactSummary b = buildings();
    const ImpactSummary p = population();
    const auto recaps =
        build_recap({buildings_input(b), population_input(p)}, 2, classifier(), model());
    // Unit 0: population 100 + 200 + 300 + 400 + 50 = 1050; affected (in a class) 600;
    // displaced 100 x 1.0 + 200 x 0.5 + 300 x 0.1 = 230.
    EXPECT_EQ(recaps[0].population, 1050);
    EXPECT_EQ(recaps[0].affected, 600);
    EXPECT_NEAR(recaps[0].displaced, 230, 1e-9);
    EXPECT_FALSE(recaps[0].displaced_from_houses);
    EXPECT_EQ(recaps[0].fatalities, 1);
    // Unit 1: 1000 in rendah: displaced 100. The outside 5000 are nobody's.
    EXPECT_EQ(recaps[1].population, 1000);
    EXPECT_EQ(recaps[1].affected, 1000);
    EXPECT_NEAR(recaps[1].displaced, 100, 1e-9);
    EXPECT_EQ(recaps[1].fatalities, 0);
    // The population exposure adds no sector rows and no money.
    EXPECT_EQ(recaps[0].sectors.size(), 2u);
    expect_money(recaps[0].kerusakan(), 3.645e9);

    // Minimum needs per displaced person (beras 2.8 kg, air minum 17.5 l, air bersih 67 l,
    // paket keluarga 0.2, jamban 0.05): 230 -> 644, 4025, 15410, 46, 11.5;
    // 100 -> 280, 1750, 6700, 20, 5.
    const std::vector<double> need0 = {644, 4025, 15410, 46, 11.5};
    const std::vector<double> need1 = {280, 1750, 6700, 20, 5};
    ASSERT_EQ(recaps[0].minimum_needs.size(), 5u);
    ASSERT_EQ(recaps[1].minimum_needs.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_NEAR(recaps[0].minimum_needs[i], need0[i], 1e-9) << i;
        EXPECT_NEAR(recaps[1].minimum_needs[i], need1[i], 1e-9) << i;
    }
}

TEST(Recap, DisplacementRateByClassName) {
    const ImpactSummary p = population();
    DamageModel m = model();
    m.people.displacement_by_class = {{"sedang", 0.8}};
    const auto recaps = build_recap({population_input(p)}, 2, classifier(), m);
    // 100 x 1.0 + 200 x 0.8 + 300 x 0.1 = 290.
    EXPECT_NEAR(recaps[0].displaced, 290, 1e-9);
    EXPECT_NEAR(recaps[1].displaced, 100, 1e-9);
    EXPECT_TRUE(recaps[0].sectors.empty());
}

TEST(Recap, DisplacedFromHousesWithoutPopulation) {
    const ImpactSummary b = buildings();
    const auto recaps = build_recap({buildings_input(b)}, 2, classifier(), model());
    // Unit 0: 13 displaced households (6 RB + 7 RS houses x 1) x 4 persons = 52.
    EXPECT_TRUE(recaps[0].displaced_from_houses);
    EXPECT_NEAR(recaps[0].displaced, 52, 1e-9);
    EXPECT_NEAR(recaps[0].minimum_needs[0], 145.6, 1e-9);  // 52 x 2.8 kg beras
    EXPECT_NEAR(recaps[0].minimum_needs[4], 2.6, 1e-9);    // 52 x 0.05 jamban
    EXPECT_EQ(recaps[0].population, 0);
    EXPECT_TRUE(recaps[1].displaced_from_houses);
    EXPECT_EQ(recaps[1].displaced, 0);

    // 2 households per house, only RB houses displace, 5 persons per household:
    // 6 x 2 x 5 = 60 people; allowance 6 x 2 x 600,000 x 6 = 43.2 juta.
    DamageModel m = model();
    m.losses.households_per_house = 2;
    m.losses.displacing = {DamageCategory::berat};
    m.people.household_size = 5;
    const auto other = build_recap({buildings_input(b)}, 2, classifier(), m);
    EXPECT_NEAR(other[0].displaced_households, 12, 1e-9);
    EXPECT_NEAR(other[0].displaced, 60, 1e-9);
    expect_money(row(other[0], "perumahan")->dana_tunggu_hunian, 43.2 * kJuta);
}

TEST(Recap, ExposureWithoutVulnerabilityAddsNoMoney) {
    const ImpactSummary b = buildings();
    ExposureRecapInput e = buildings_input(b);
    e.has_vulnerability = false;
    const auto recaps = build_recap({e}, 2, classifier(), model());
    for (const auto& r : recaps) {
        EXPECT_TRUE(r.sectors.empty());
        EXPECT_EQ(r.kerusakan(), 0.0);
        EXPECT_EQ(r.kerugian(), 0.0);
        EXPECT_EQ(r.kebutuhan(), 0.0);
        EXPECT_EQ(r.houses_rb, 0.0);  // nothing estimated as rusak berat
    }
    // Every house still counts in the denominator of the share rusak berat (35 and 8 houses,
    // the buildings() summary's rumah counts per unit).
    EXPECT_EQ(recaps[0].houses, 35);
    EXPECT_EQ(recaps[1].houses, 8);
}

TEST(Recap, TwoExposuresShareSectorRows) {
    // The same buildings twice (e.g. two layers of houses): one row per sector, sums doubled.
    const ImpactSummary b = buildings();
    const auto recaps =
        build_recap({buildings_input(b), buildings_input(b)}, 2, classifier(), model());
    ASSERT_EQ(recaps[0].sectors.size(), 2u);
    EXPECT_EQ(recaps[0].sectors[0].damaged, (CategoryArray{34, 10, 14, 12, 0}));
    expect_money(recaps[0].sectors[0].kerusakan, 1290 * kJuta);
    expect_money(recaps[0].sectors[0].dana_tunggu_hunian, 93.6 * kJuta);  // 26 x 3.6 juta
    EXPECT_EQ(recaps[0].houses, 70);
}

TEST(RecapPriority, ComponentsScoresAndRanks) {
    const ImpactSummary b = buildings();
    const ImpactSummary p = population();
    const auto recaps =
        build_recap({buildings_input(b), population_input(p)}, 2, classifier(), model());
    const auto& c0 = recaps[0].components;
    const auto& c1 = recaps[1].components;
    // Unit 0: RB share 6 / 35; damage per capita 3,645,000,000 / 1050 = 3,471,428.57;
    // displaced 230; facilities damaged 2.
    EXPECT_NEAR(c0.houses_rb_share, 6.0 / 35.0, 1e-15);
    EXPECT_NEAR(c0.damage_per_capita, 3471428.5714285714, 1e-6);
    EXPECT_NEAR(c0.displaced, 230, 1e-9);
    EXPECT_EQ(c0.facilities_damaged, 2);
    // Unit 1: RB share 0 / 8 = 0; 30,000,000 / 1000 = 30,000; displaced 100; no facilities.
    EXPECT_EQ(c1.houses_rb_share, 0.0);
    EXPECT_NEAR(c1.damage_per_capita, 30000, 1e-9);
    EXPECT_NEAR(c1.displaced, 100, 1e-9);
    EXPECT_EQ(c1.facilities_damaged, 0);
    // Unit 0 has the largest of every component: 0.3 + 0.3 + 0.2 + 0.2 = 1.
    // Unit 1: 0.3 x 0 + 0.3 x (30,000 / 3,471,428.57 = 0.0086419753) + 0.2 x (100 / 230
    // = 0.4347826087) + 0.2 x 0 = 0.0025925926 + 0.0869565217 = 0.0895491143.
    EXPECT_NEAR(recaps[0].priority_score, 1.0, 1e-12);
    EXPECT_NEAR(recaps[1].priority_score, 0.0895491143, 1e-10);
    EXPECT_EQ(recaps[0].priority_rank, 1);
    EXPECT_EQ(recaps[1].priority_rank, 2);
}

TEST(RecapPriority, WeightsDecideTheRank) {
    // Unit 1 has more displaced people (1000 x 0.1 = 100 vs 10 x 1.0 = 10) but unit 0 has all
    // the RB houses. Weighting only displacement puts unit 1 first; only RB share, unit 0.
    ImpactSummary b(2, 2, 5);
    b.add(0, 0, kTinggi, structures(10, {5, 0, 0, 5, 0}, {0, 0, 0, 300 * kJuta, 0}));
    b.add(1, 0, kRendah, structures(10, {8, 2, 0, 0, 0}, {0, 30 * kJuta, 0, 0, 0}));
    ImpactSummary p(2, 1, 5);
    p.add(0, 0, kTinggi, people(10));
    p.add(1, 0, kRendah, people(1000));
    DamageModel m = model();
    m.priority_weights = {{"displaced", 1.0}};
    auto recaps = build_recap({buildings_input(b), population_input(p)}, 2, classifier(), m);
    // Scores: unit 0 = 10 / 100 = 0.1, unit 1 = 1.
    EXPECT_NEAR(recaps[0].priority_score, 0.1, 1e-12);
    EXPECT_NEAR(recaps[1].priority_score, 1.0, 1e-12);
    EXPECT_EQ(recaps[0].priority_rank, 2);
    EXPECT_EQ(recaps[1].priority_rank, 1);
    m.priority_weights = {{"houses_rb_share", 2.0}, {"displaced", 0.5}};
    recaps = build_recap({buildings_input(b), population_input(p)}, 2, classifier(), m);
    // Unit 0 = 2 x (0.5 / 0.5) + 0.5 x 0.1 = 2.05; unit 1 = 2 x 0 + 0.5 x 1 = 0.5.
    EXPECT_NEAR(recaps[0].priority_score, 2.05, 1e-12);
    EXPECT_NEAR(recaps[1].priority_score, 0.5, 1e-12);
    EXPECT_EQ(recaps[0].priority_rank, 1);
    EXPECT_EQ(recaps[1].priority_rank, 2);
}

TEST(RecapPriority, TiesKeepTheUnitOrder) {
    // Three identical units: equal scores, ranks 1, 2, 3 in order. No weights at all: all
    // scores 0, same ranks.
    ImpactSummary b(3, 2, 5);
    for (std::size_t a = 0; a < 3; ++a)
        b.add(a, 0, kTinggi, structures(4, {2, 0, 0, 2, 0}, {0, 0, 0, 120 * kJuta, 0}));
    auto recaps = build_recap({buildings_input(b)}, 3, classifier(), model());
    for (std::size_t a = 0; a < 3; ++a) {
        EXPECT_NEAR(recaps[a].priority_score, recaps[0].priority_score, 1e-15);
        EXPECT_EQ(recaps[a].priority_rank, static_cast<int>(a + 1));
    }
    // Scores: RB share 1 -> 0.3; damage per capita 0 (no population); displaced 2 x 4 = 8 each
    // -> 0.2; facilities 0. Total 0.5.
    EXPECT_NEAR(recaps[0].priority_score, 0.5, 1e-12);
    DamageModel m = model();
    m.priority_weights.clear();
    recaps = build_recap({buildings_input(b)}, 3, classifier(), m);
    for (std::size_t a = 0; a < 3; ++a) {
        EXPECT_EQ(recaps[a].priority_score, 0.0);
        EXPECT_EQ(recaps[a].priority_rank, static_cast<int>(a + 1));
    }
    // A later unit with a higher score moves ahead; the tie between the others keeps order.
    b.add(2, 0, kTinggi, structures(0, {0, 0, 0, 0, 0}, {}));
    b.add(2, 1, kTinggi, structures(1, {0, 0, 0, 1, 0}, {0, 0, 0, 1e9, 0}));  // a school RB
    recaps = build_recap({buildings_input(b)}, 3, classifier(), model());
    EXPECT_EQ(recaps[2].priority_rank, 1);
    EXPECT_EQ(recaps[0].priority_rank, 2);
    EXPECT_EQ(recaps[1].priority_rank, 3);
}

TEST(Recap, NoUnits) {
    const ImpactSummary b(0, 2, 5);
    EXPECT_TRUE(build_recap({buildings_input(b)}, 0, classifier(), model()).empty());
}

// BUG: lost income counts every unit whose summary shows no "none" units, so assets that got no
// damage estimate at all (an asset type the exposure gives no vulnerability function, e.g.
// `vulnerability: {rumah: jrc_asia_residential}` with schools in the same layer) are charged
// lost income even when not exposed: build_recap uses m.count - m.damaged[none], and such cells
// have count > 0 and damaged all 0. Input: 3 schools, not_exposed, damaged {0,0,0,0,0},
// lost_income sekolah Rp 1 juta x 30 days: expected 0; jitupasna gives 3 x 30 juta = 90 juta
// (and counts it in kerugian and kebutuhan).
TEST(Recap, NoLostIncomeWithoutDamage) {
    ImpactSummary b(1, 2, 5);
    b.add(0, 1, kNotExposed, structures(3, {0, 0, 0, 0, 0}, {}));
    DamageModel m = model();
    m.losses.lost_income["sekolah"] = LossSettings::LostIncome{1 * kJuta, 30};
    const auto recaps = build_recap({buildings_input(b)}, 1, classifier(), m);
    EXPECT_EQ(recaps[0].kerugian(), 0.0);
    if (const SectorRecap* s = row(recaps[0], "pendidikan")) {
        EXPECT_EQ(s->lost_income, 0.0);
    }
}

// The same numbers with the model read from the real defaults file.
TEST(Recap, WithTheDefaultsFile) {
    const auto path =
        std::filesystem::path(JITUPASNA_SOURCE_DIR) / "data/defaults/jitupasna_defaults.yaml";
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    ASSERT_FALSE(text.str().empty()) << path;
    const auto scenario = jitupasna::core::parse_scenario(
        "version: 1\nname: Uji\nhazard_type: flood\n"
        "admin: {source: a.gpkg, code_field: K, name_field: N}\n"
        "hazard: {source: d.tif}\n"
        "exposures:\n  - {name: b, kind: structure, source: b.gpkg, vulnerability: "
        "jrc_asia_residential}\n",
        "s.yaml", "/base", text.str(), "defaults.yaml");
    const ImpactSummary b = buildings();
    const auto recaps = build_recap({buildings_input(b)}, 2, classifier(), scenario.damage);
    const SectorRecap* h = row(recaps[0], "perumahan");
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->cluster.cluster, "Pemulihan");
    expect_money(h->dana_tunggu_hunian, 46.8 * kJuta);
    expect_money(h->debris, 32.25 * kJuta);
    expect_money(h->kebutuhan(), 788.55 * kJuta);
    EXPECT_NEAR(recaps[0].displaced, 52, 1e-9);
    EXPECT_NEAR(recaps[0].minimum_needs[0], 145.6, 1e-9);
}

// ---------------------------------------------------------------------------------------------
// Property: money totals equal the sum of their parts, and the sector totals equal the money
// summed straight from the impact summaries.

struct TypeInfo {
    std::string label;
    SectorOf sector;
};

const std::vector<TypeInfo> kTypes = {{"rumah", {"permukiman", "perumahan"}},
                                      {"sekolah", {"sosial", "pendidikan"}},
                                      {"puskesmas", {"sosial", "kesehatan"}},
                                      {"toko", {"ekonomi_produktif", "perdagangan"}},
                                      {"rumah_panggung", {"permukiman", "perumahan"}}};

TEST(RecapProperty, MoneyTotalsEqualTheSumOfTheirParts) {
    std::mt19937 rng(424242);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int trial = 0; trial < 300; ++trial) {
        const std::size_t units = 1 + rng() % 4;
        const std::size_t classes = 1 + rng() % 3;
        std::vector<HazardClass> hc;
        for (std::size_t c = 0; c < classes; ++c)
            hc.push_back(HazardClass{"k" + std::to_string(c), std::nullopt, std::nullopt, {}});
        const HazardClassifier cls(hc);
        const std::size_t slots = classes + 2;

        DamageModel m;
        m.losses.allowance_per_household_month = 1e5 + u(rng) * 1e6;
        m.losses.allowance_months = 1 + static_cast<double>(rng() % 12);
        m.losses.households_per_house = 0.5 + u(rng) * 2;
        m.losses.debris_share = u(rng) * 0.2;
        for (DamageCategory d : {DamageCategory::ringan, DamageCategory::sedang,
                                 DamageCategory::berat, DamageCategory::hilang})
            if (u(rng) < 0.5) m.losses.displacing.push_back(d);
        m.needs.build_back_better = 1 + u(rng) * 0.5;
        m.needs.function_recovery = 0.5 + u(rng);
        for (const auto& t : kTypes)
            if (u(rng) < 0.4)
                m.losses.lost_income[t.label] =
                    LossSettings::LostIncome{u(rng) * 1e6, static_cast<double>(rng() % 60)};

        // One or two building exposures with random types, plus sometimes a population layer.
        const std::size_t exposure_count = 1 + rng() % 2;
        std::vector<ImpactSummary> summaries;
        std::vector<std::vector<TypeInfo>> exposure_types;
        for (std::size_t e = 0; e < exposure_count; ++e) {
            std::vector<TypeInfo> types;
            for (const auto& t : kTypes)
                if (u(rng) < 0.6) types.push_back(t);
            if (types.empty()) types.push_back(kTypes[0]);
            ImpactSummary s(units, types.size(), slots);
            for (std::size_t a = 0; a <= units; ++a) {
                const std::optional<std::size_t> admin =
                    a == units ? std::nullopt : std::optional<std::size_t>(a);
                for (std::size_t t = 0; t < types.size(); ++t)
                    for (std::size_t c = 0; c < slots; ++c) {
                        if (u(rng) < 0.3) continue;
                        Measures cell;
                        cell.count = std::floor(u(rng) * 50);
                        // Random category fractions summing to 1.
                        CategoryArray w{};
                        double wsum = 0;
                        for (double& x : w) wsum += (x = u(rng));
                        for (std::size_t k = 0; k < kCategoryCount; ++k) {
                            cell.damaged[k] = cell.count * w[k] / wsum;
                            cell.kerusakan[k] = k == kNone ? 0.0 : cell.damaged[k] * u(rng) * 1e8;
                        }
                        s.add(admin, t, c, cell);
                    }
            }
            summaries.push_back(std::move(s));
            exposure_types.push_back(std::move(types));
        }
        ImpactSummary pop(units, 1, slots);
        const bool with_population = u(rng) < 0.5;
        if (with_population)
            for (std::size_t a = 0; a < units; ++a)
                for (std::size_t c = 0; c < slots; ++c) pop.add(a, 0, c, people(u(rng) * 1000));

        std::vector<ExposureRecapInput> inputs;
        for (std::size_t e = 0; e < exposure_count; ++e) {
            ExposureRecapInput in;
            in.kind = ExposureKind::structure;
            in.has_vulnerability = true;
            for (const auto& t : exposure_types[e]) {
                in.type_labels.push_back(t.label);
                in.sector_of_type.push_back(t.sector);
            }
            in.summary = &summaries[e];
            inputs.push_back(std::move(in));
        }
        if (with_population) inputs.push_back(population_input(pop));

        const auto recaps = build_recap(inputs, units, cls, m);
        ASSERT_EQ(recaps.size(), units);
        const std::string where = "trial " + std::to_string(trial);
        double all_units_kerusakan = 0;
        for (std::size_t a = 0; a < units; ++a) {
            const AdminRecap& r = recaps[a];
            // Totals are the sums over sector rows.
            double k = 0, kerugian = 0, kebutuhan = 0;
            for (const auto& s : r.sectors) {
                k += s.kerusakan;
                kerugian += s.dana_tunggu_hunian + s.debris + s.lost_income;
                kebutuhan += s.kebutuhan_pembangunan + s.kebutuhan_bantuan + s.kebutuhan_pemulihan;
            }
            expect_money(r.kerusakan(), k, where + " kerusakan");
            expect_money(r.kerugian(), kerugian, where + " kerugian");
            expect_money(r.kebutuhan(), kebutuhan, where + " kebutuhan");
            all_units_kerusakan += r.kerusakan();

            // Straight from the summaries, per sector: kerusakan, damaged units, the waiting
            // allowance of displacing houses, lost income.
            std::map<std::pair<std::string, std::string>, double> kerusakan_of, dana_of, lost_of;
            std::map<std::pair<std::string, std::string>, CategoryArray> damaged_of;
            double houses = 0, houses_rb = 0;
            for (std::size_t e = 0; e < exposure_count; ++e)
                for (std::size_t t = 0; t < exposure_types[e].size(); ++t) {
                    const TypeInfo& type = exposure_types[e][t];
                    const auto key = std::make_pair(type.sector.sector, type.sector.sub_sector);
                    const bool housing = type.sector.sub_sector == "perumahan";
                    for (std::size_t c = 0; c < slots; ++c) {
                        const Measures& cell = summaries[e].measures(a, t, c);
                        for (std::size_t kk = 0; kk < kCategoryCount; ++kk) {
                            kerusakan_of[key] += cell.kerusakan[kk];
                            damaged_of[key][kk] += cell.damaged[kk];
                        }
                        if (housing) {
                            houses += cell.count;
                            houses_rb += cell.damaged[kBerat];
                            for (DamageCategory d : m.losses.displacing)
                                dana_of[key] += cell.damaged[idx(d)] *
                                                m.losses.households_per_house *
                                                m.losses.allowance_per_household_month *
                                                m.losses.allowance_months;
                        }
                        if (auto li = m.losses.lost_income.find(type.label);
                            li != m.losses.lost_income.end())
                            lost_of[key] += (cell.count - cell.damaged[kNone]) *
                                            li->second.per_unit_per_day * li->second.days;
                    }
                }
            EXPECT_EQ(r.sectors.size(), kerusakan_of.size()) << where;
            double expected_total = 0;
            for (const auto& [key, value] : kerusakan_of) {
                expected_total += value;
                const SectorRecap* s = nullptr;
                for (const auto& candidate : r.sectors)
                    if (candidate.sector.sector == key.first &&
                        candidate.sector.sub_sector == key.second)
                        s = &candidate;
                ASSERT_NE(s, nullptr) << where << " " << key.second;
                expect_money(s->kerusakan, value, where + " " + key.second);
                for (std::size_t kk = 0; kk < kCategoryCount; ++kk)
                    EXPECT_NEAR(s->damaged[kk], damaged_of[key][kk],
                                1e-9 * (1 + damaged_of[key][kk]))
                        << where;
                expect_money(s->dana_tunggu_hunian, dana_of[key], where + " dana");
                expect_money(s->lost_income, lost_of[key], where + " lost income");
                expect_money(s->debris, m.losses.debris_share * value, where + " debris");
                expect_money(
                    s->kebutuhan(),
                    value * m.needs.build_back_better + dana_of[key] +
                        (m.losses.debris_share * value + lost_of[key]) * m.needs.function_recovery,
                    where + " kebutuhan");
            }
            expect_money(r.kerusakan(), expected_total, where + " kerusakan from summaries");
            EXPECT_NEAR(r.houses, houses, 1e-9 * (1 + houses)) << where;
            EXPECT_NEAR(r.houses_rb, houses_rb, 1e-9 * (1 + houses_rb)) << where;
            // Sector rows are sorted by sector, then sub-sector.
            for (std::size_t i = 1; i < r.sectors.size(); ++i)
                EXPECT_LT(
                    std::make_pair(r.sectors[i - 1].sector.sector,
                                   r.sectors[i - 1].sector.sub_sector),
                    std::make_pair(r.sectors[i].sector.sector, r.sectors[i].sector.sub_sector))
                    << where;
            // Ranks are a permutation of 1..units, in order of falling score.
            for (std::size_t b2 = 0; b2 < units; ++b2)
                if (recaps[b2].priority_score > r.priority_score + 1e-12) {
                    EXPECT_LT(recaps[b2].priority_rank, r.priority_rank) << where;
                }
        }
        // All units together: everything in the summaries but what lies outside.
        double inside = 0;
        for (std::size_t e = 0; e < exposure_count; ++e) {
            const Measures t = summaries[e].totals();
            double outside = 0;
            for (std::size_t c = 0; c < slots; ++c) {
                const Measures o = summaries[e].by_class(std::nullopt, c);
                outside += std::accumulate(o.kerusakan.begin(), o.kerusakan.end(), 0.0);
            }
            inside += std::accumulate(t.kerusakan.begin(), t.kerusakan.end(), 0.0) - outside;
        }
        EXPECT_NEAR(all_units_kerusakan, inside, 1e-6 * (1 + inside)) << where;
        std::set<int> ranks;
        for (const auto& r : recaps) ranks.insert(r.priority_rank);
        EXPECT_EQ(ranks.size(), units) << where;
        EXPECT_EQ(*ranks.begin(), 1) << where;
        EXPECT_EQ(*ranks.rbegin(), static_cast<int>(units)) << where;
        if (HasFailure()) return;
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Units never mixed: roads in km per damage category, a row per satuan.

namespace {

// Roads in unit 0, class tinggi: type 0 "jalan" (transportasi), 3 features over 2,500 m,
// damaged shares RR 1, RS 1, RB 1 of lengths RR 500 m, RS 800 m, RB 1,200 m, Rp 10 juta;
// type 1 "gang" mapped to perumahan: 2 features over 400 m, RB 2 of length 400 m.
ImpactSummary roads() {
    ImpactSummary s(2, 2, 5);
    Measures jalan;
    jalan.count = 3;
    jalan.length_m = 2500;
    jalan.damaged = {0, 1, 1, 1, 0};
    jalan.damaged_measure = {0, 500, 800, 1200, 0};
    jalan.kerusakan = {0, 0, 0, 10 * kJuta, 0};
    s.add(0, 0, kTinggi, jalan);
    Measures gang;
    gang.count = 2;
    gang.length_m = 400;
    gang.damaged = {0, 0, 0, 2, 0};
    gang.damaged_measure = {0, 0, 0, 400, 0};
    s.add(0, 1, kTinggi, gang);
    return s;
}

ExposureRecapInput roads_input(const ImpactSummary& summary) {
    ExposureRecapInput e;
    e.kind = ExposureKind::road;
    e.has_vulnerability = true;
    e.type_labels = {"jalan", "gang"};
    e.sector_of_type = {SectorOf{"infrastruktur", "transportasi"}, kPerumahan};
    e.summary = &summary;
    return e;
}

const SectorRecap* row_in(const AdminRecap& r, const std::string& sub_sector,
                          const std::string& satuan) {
    for (const auto& s : r.sectors)
        if (s.sector.sub_sector == sub_sector && s.satuan == satuan) return &s;
    return nullptr;
}

}  // namespace

TEST(RecapUnits, RoadsAreCountedInKilometresPerCategory) {
    const ImpactSummary b = buildings(), r = roads();
    const auto recaps = build_recap({buildings_input(b), roads_input(r)}, 2, classifier(), model());
    const AdminRecap& unit = recaps[0];
    // Transportasi: RR 0.5 km, RS 0.8 km, RB 1.2 km (lengths, not the shares 1, 1, 1).
    const SectorRecap* jalan = row_in(unit, "transportasi", "km");
    ASSERT_NE(jalan, nullptr);
    EXPECT_DOUBLE_EQ(jalan->damaged[idx(DamageCategory::ringan)], 0.5);
    EXPECT_DOUBLE_EQ(jalan->damaged[idx(DamageCategory::sedang)], 0.8);
    EXPECT_DOUBLE_EQ(jalan->damaged[kBerat], 1.2);
    EXPECT_EQ(row_in(unit, "transportasi", "unit"), nullptr);
    // Perumahan has a row per satuan: houses RB 4 + 2 = 6 units, the gang RB 0.4 km.
    const SectorRecap* houses = row_in(unit, "perumahan", "unit");
    const SectorRecap* gang = row_in(unit, "perumahan", "km");
    ASSERT_NE(houses, nullptr);
    ASSERT_NE(gang, nullptr);
    EXPECT_DOUBLE_EQ(houses->damaged[kBerat], 6);
    EXPECT_DOUBLE_EQ(gang->damaged[kBerat], 0.4);
    // The gang's feature shares are not houses: the share rusak berat stays 6 of 35 houses.
    EXPECT_DOUBLE_EQ(unit.houses, 35);
    EXPECT_DOUBLE_EQ(unit.houses_rb, 6);
    // Rupiah still add: 345 + 300 juta houses, Rp 3 milyar schools, Rp 10 juta road.
    expect_money(unit.kerusakan(), 345 * kJuta + 300 * kJuta + 3e9 + 10 * kJuta);
}

TEST(RecapUnits, AreasAreCountedInHectares) {
    ImpactSummary s(1, 1, 5);
    Measures sawah;
    sawah.count = 1;
    sawah.area_m2 = 50000;
    sawah.damaged = {0, 0, 0.25, 0.75, 0};
    sawah.damaged_measure = {0, 0, 12500, 37500, 0};  // 1.25 ha RS, 3.75 ha RB
    s.add(0, 0, kTinggi, sawah);
    ExposureRecapInput e;
    e.kind = ExposureKind::area;
    e.has_vulnerability = true;
    e.type_labels = {"sawah"};
    e.sector_of_type = {SectorOf{"ekonomi_produktif", "pertanian"}};
    e.summary = &s;
    const auto recaps = build_recap({e}, 1, classifier(), model());
    const SectorRecap* row = row_in(recaps[0], "pertanian", "ha");
    ASSERT_NE(row, nullptr);
    EXPECT_DOUBLE_EQ(row->damaged[idx(DamageCategory::sedang)], 1.25);
    EXPECT_DOUBLE_EQ(row->damaged[kBerat], 3.75);
}

// ---------------------------------------------------------------------------------------------
// The terdampak threshold.

TEST(RecapTerdampak, HousesOrPeopleReachTheMinimum) {
    const ImpactSummary b = buildings(), p = population();
    DamageModel m = model();
    // Unit 0: houses damaged RB + RS + RR = (4 + 3 + 1) + (2 + 4 + 4) = 18; people in a class
    // 100 + 200 + 300 = 600. Unit 1: 2 houses RR; 1,000 people in rendah.
    m.terdampak = {3, 2000};
    auto recaps = build_recap({buildings_input(b), population_input(p)}, 2, classifier(), m);
    EXPECT_DOUBLE_EQ(recaps[0].houses_damaged, 18);
    EXPECT_DOUBLE_EQ(recaps[1].houses_damaged, 2);
    EXPECT_TRUE(recaps[0].terdampak);   // 18 >= 3
    EXPECT_FALSE(recaps[1].terdampak);  // 2 < 3 and 1,000 < 2,000
    m.terdampak = {3, 1000};            // reaching the minimum is enough
    recaps = build_recap({buildings_input(b), population_input(p)}, 2, classifier(), m);
    EXPECT_TRUE(recaps[1].terdampak);
    m.terdampak = {2, 5000};
    recaps = build_recap({buildings_input(b), population_input(p)}, 2, classifier(), m);
    EXPECT_TRUE(recaps[1].terdampak);  // 2 houses >= 2
}

TEST(RecapTerdampak, FarFromTheEventIsNotAffected) {
    // Kota Batam in the national Padang run: every house below the lowest class (MMI < 5), where
    // the fragility curve's tail still gives 110 houses rusak ringan; no one in a class.
    // Unit 1: 0.00001 houses rusak ringan in class rendah.
    ImpactSummary s(2, 1, 5);
    s.add(0, 0, kNotAffected, structures(335509, {335399, 110, 0, 0, 0}, {0, 1.65e9, 0, 0, 0}));
    s.add(1, 0, kRendah, structures(50000, {49999.99999, 0.00001, 0, 0, 0}, {0, 150, 0, 0, 0}));
    ExposureRecapInput e = buildings_input(s);
    e.type_labels = {"rumah"};
    e.sector_of_type = {kPerumahan};
    const auto recaps = build_recap({e}, 2, classifier(), model());  // defaults: 1 house, 100
    EXPECT_DOUBLE_EQ(recaps[0].houses_damaged, 0);                   // none in a hazard class
    EXPECT_FALSE(recaps[0].terdampak);
    EXPECT_FALSE(recaps[1].terdampak);  // 0.00001 < 1
    // Both keep their damage in the GeoPackage's tables.
    EXPECT_TRUE(recaps[0].sectors.front().has_damage());
    EXPECT_TRUE(recaps[1].sectors.front().has_damage());
    // The same 110 houses in class rendah would make the unit terdampak.
    ImpactSummary in_class(1, 1, 5);
    in_class.add(0, 0, kRendah, structures(335509, {335399, 110, 0, 0, 0}, {}));
    e.summary = &in_class;
    EXPECT_TRUE(build_recap({e}, 1, classifier(), model())[0].terdampak);
}

TEST(RecapTerdampak, WithoutHousesOrPeopleAnyDamageCounts) {
    // Roads only: no house, no person to measure by; a unit with any damage is terdampak.
    const ImpactSummary r = roads();
    const auto recaps = build_recap({roads_input(r)}, 2, classifier(), model());
    EXPECT_TRUE(recaps[0].terdampak);
    EXPECT_FALSE(recaps[1].terdampak);
}

TEST(RecapTerdampak, SchoolsWithPeopleButNoHousesCount) {
    // A tsunami over schools and a clinic with a population layer, no house: unit 0's damaged
    // school makes it terdampak though its 50 people in a class stay under 100.
    ImpactSummary s(2, 1, 5);
    s.add(0, 0, kTinggi, structures(2, {1, 0, 0, 1, 0}, {0, 0, 0, 5e8, 0}));
    s.add(1, 0, kNotAffected, structures(3, {3, 0, 0, 0, 0}, {}));
    ExposureRecapInput e = buildings_input(s);
    e.type_labels = {"sekolah"};
    e.sector_of_type = {SectorOf{"sosial", "pendidikan"}};
    ImpactSummary people(2, 1, 5);
    Measures tinggi;
    tinggi.population = 50;
    people.add(0, 0, kTinggi, tinggi);
    const auto recaps = build_recap({e, population_input(people)}, 2, classifier(), model());
    EXPECT_TRUE(recaps[0].terdampak);
    EXPECT_FALSE(recaps[1].terdampak);
}
