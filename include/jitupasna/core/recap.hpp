#pragma once
// The Jitupasna recap per admin unit: damage (kerusakan), losses (kerugian) and needs
// (kebutuhan) per sector and sub-sector, people and their minimum needs, and the recovery
// priority score and rank. Pure arithmetic over the impact summaries: no GDAL, no geometry.

#include <map>
#include <string>
#include <vector>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/damage_model.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/core/summary.hpp"

namespace jitupasna::core {

struct ExposureRecapInput {
    ExposureKind kind = ExposureKind::structure;
    bool has_vulnerability = false;
    std::vector<std::string> type_labels;
    std::vector<SectorOf> sector_of_type;  // resolved for every type
    const ImpactSummary* summary = nullptr;
};

// The sector of an asset type: the exposure's own table, the scenario's, else by kind.
SectorOf resolve_sector(const ExposureConfig& exposure, const std::string& asset_type,
                        const DamageModel& model);

struct SectorRecap {
    SectorOf sector;
    ClusterOf cluster;
    // What `damaged` counts: "unit" (structures, houses), "km" (road length), "ha" (area). A
    // sub-sector with assets of two kinds (buildings and roads) has a row per satuan, so that
    // no sum adds buildings to kilometres.
    std::string satuan = "unit";
    CategoryArray damaged{};  // expected quantity per damage category, in satuan
    double kerusakan = 0;
    double dana_tunggu_hunian = 0;     // kerugian: waiting allowance of displaced families
    double debris = 0;                 // kerugian: debris removal
    double lost_income = 0;            // kerugian: lost income or production
    double kebutuhan_pembangunan = 0;  // kebutuhan: rebuilding (kerusakan x build back better)
    double kebutuhan_bantuan = 0;      // kebutuhan: aid (the waiting allowance)
    double kebutuhan_pemulihan = 0;    // kebutuhan: restoring functions
    double kerugian() const { return dana_tunggu_hunian + debris + lost_income; }
    double kebutuhan() const {
        return kebutuhan_pembangunan + kebutuhan_bantuan + kebutuhan_pemulihan;
    }
    // Something to report: damaged units or money (assets with no damage are left out).
    bool has_damage() const;
};

struct PriorityComponents {
    double houses_rb_share = 0;
    double damage_per_capita = 0;
    double displaced = 0;
    double facilities_damaged = 0;
};

struct AdminRecap {
    std::vector<SectorRecap> sectors;  // sorted by sector, then sub-sector
    double population = 0;             // from population exposures
    double affected = 0;               // population in a hazard class
    double displaced = 0;
    bool displaced_from_houses = false;  // no population exposure: families of displacing houses
    double fatalities = 0;
    double houses = 0, houses_rb = 0, displaced_households = 0, facilities_damaged = 0;
    // Expected houses rusak berat + sedang + ringan in a hazard class (all of them when the
    // scenario has no classes).
    double houses_damaged = 0;
    // Reaches the model's AffectedThreshold: houses_damaged or affected people at their
    // minimum (a run with neither houses nor people: any damage at all).
    bool terdampak = false;
    std::vector<double> minimum_needs;  // per DamageModel::minimum_needs entry
    PriorityComponents components;
    double priority_score = 0;
    int priority_rank = 0;
    double kerusakan() const;
    double kerugian() const;
    double kebutuhan() const;
};

// One recap per admin unit (what lies outside every unit is not a unit's and is left out).
// Road damage is counted in km and area damage in ha per category (the damaged length or area),
// structures in units.
std::vector<AdminRecap> build_recap(const std::vector<ExposureRecapInput>& exposures,
                                    std::size_t admin_units, const HazardClassifier& classifier,
                                    const DamageModel& model);

}  // namespace jitupasna::core
