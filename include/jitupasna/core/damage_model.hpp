#pragma once
// What turns exposure into the Jitupasna numbers: vulnerability functions, money, sectors and
// clusters, people and their needs, recovery priority. Defaults come from
// data/defaults/jitupasna_defaults.yaml; a scenario overrides any of them.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/vulnerability.hpp"

namespace jitupasna::core {

// The value of an asset type, in Rupiah.
struct ValueRule {
    enum class Kind { none, unit_cost, cost_per_m2, cost_per_m, value_field };
    Kind kind = Kind::none;
    CategoryArray unit_cost{};  // per unit in each damage category (structures, aggregates)
    std::array<bool, kCategoryCount> priced{};  // unit_cost names the category
    double rate = 0;                            // per m2 of footprint or area, or per m of road
    std::string value_field;                    // replacement value of each feature
};

struct SectorOf {
    std::string sector;
    std::string sub_sector;
};

// Who answers for a sub-sector: its cluster, the PD (or ministry) that leads it and the ones
// that support it; the Perka 15/2011 sector it belongs to ("" when the scheme does not say).
struct ClusterOf {
    std::string cluster;
    std::string lead;
    std::vector<std::string> support = {};
    std::string sector = {};
};

struct LossSettings {
    double allowance_per_household_month = 0;
    double allowance_months = 0;
    std::vector<DamageCategory> displacing;  // houses whose families need the allowance
    double households_per_house = 1;
    double debris_share = 0;
    struct LostIncome {
        double per_unit_per_day = 0;
        double days = 0;
    };
    std::map<std::string, LostIncome> lost_income;  // by asset type
};

struct NeedsSettings {
    double build_back_better = 1;
    double function_recovery = 1;
};

struct MinimumNeed {
    std::string name;
    std::string unit;
    double per_person = 0;
    std::string period;
};

struct PeopleSettings {
    std::vector<double> displacement_by_severity;  // rate for class 0, 1, ... (most severe first)
    std::map<std::string, double> displacement_by_class;  // overrides by class name
    double household_size = 4;
    bool fatality_itb = false;
    double displacement_rate(std::size_t class_index, const std::string& class_name,
                             std::size_t class_count) const;
};

// When an admin unit counts as terdampak (affected) in the recap tables: its expected houses
// damaged in a hazard class (rusak berat + sedang + ringan of sub-sector perumahan) or its
// people in a hazard class reach a minimum. Below both, a unit is left out of the report's and the
// workbook's lists (its exact figures stay in the GeoPackage).
struct AffectedThreshold {
    double min_houses_damaged = 1;
    double min_people_exposed = 100;
};

// ITB earthquake fatality rate from MMI, as InaSAFE: 10^(0.62275231 * MMI - 8.03314466).
double itb_fatality_rate(double mmi);

struct DamageModel {
    CategoryThresholds thresholds;
    CategoryArray category_ratios{0, 0.15, 0.375, 0.725, 1};  // when a function has no ratio
    std::map<std::string, VulnerabilityFunction> functions;
    std::map<std::string, ValueRule> costs;   // by asset type
    std::map<std::string, SectorOf> sectors;  // by asset type
    std::string cluster_scheme;
    std::map<std::string, ClusterOf> clusters;  // of the chosen scheme, by sub-sector
    LossSettings losses;
    NeedsSettings needs;
    PeopleSettings people;
    std::vector<MinimumNeed> minimum_needs;
    std::map<std::string, double> priority_weights;
    AffectedThreshold terdampak;

    // The cluster of a sub-sector (a fallback "lainnya" entry, else the sub-sector itself).
    ClusterOf cluster_of(const std::string& sub_sector) const;
};

// One asset's damage: expected units per category and the value of the damage (kerusakan).
struct AssetDamage {
    DamageEstimate estimate;
    CategoryArray units{};      // number x category fraction
    CategoryArray kerusakan{};  // Rupiah per category
    double damage_ratio = 0;    // the function's, else from category_ratios
    double kerusakan_total() const;
};

// number: how many units the asset stands for (or, for a piece of a divisible feature, its
// share); measure: the footprint or area m2 (cost_per_m2) or length m (cost_per_m) of what is
// assessed; feature_value: the replacement value of what is assessed (a feature's value_field,
// times its share for a piece). rule may be null (no value known: kerusakan 0).

AssetDamage assess_damage(const VulnerabilityFunction& function, const DamageModel& model,
                          const ValueRule* rule, std::optional<double> intensity,
                          const std::string& hazard_class, double number, double measure,
                          std::optional<double> feature_value);

}  // namespace jitupasna::core
