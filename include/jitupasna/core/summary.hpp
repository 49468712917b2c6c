#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "jitupasna/core/vulnerability.hpp"

namespace jitupasna::core {

// What is counted for one (admin unit, asset type, hazard class). `count` is the number of
// features (structures), a feature's share by length or area (roads, areas), or the count a
// polygon carries (aggregates, population); the other measures apply to some kinds only.
struct Measures {
    double count = 0;
    double length_m = 0;
    double area_m2 = 0;
    double population = 0;
    double fatalities = 0;
    // With a vulnerability: expected units (or shares) per damage category, the same split of
    // length_m/area_m2 for roads and areas, and the value of the damage in Rupiah.
    CategoryArray damaged{};
    CategoryArray damaged_measure{};
    CategoryArray kerusakan{};

    Measures& operator+=(const Measures& other) {
        count += other.count;
        length_m += other.length_m;
        area_m2 += other.area_m2;
        population += other.population;
        fatalities += other.fatalities;
        for (std::size_t c = 0; c < kCategoryCount; ++c) {
            damaged[c] += other.damaged[c];
            damaged_measure[c] += other.damaged_measure[c];
            kerusakan[c] += other.kerusakan[c];
        }
        return *this;
    }
    bool empty() const { return count == 0 && length_m == 0 && area_m2 == 0 && population == 0; }
    // Every measure times factor (the part of a feature that is affected).
    Measures scaled(double factor) const;
};

// "Affected" (terdampak), one rule for every configuration: the share of a feature (or of a
// piece of one) that is affected. All of it when its hazard value falls in one of the
// scenario's classes or, without `classes:`, when it has a hazard value above 0; otherwise the
// share expected to be damaged (damaged_share: its fractions in the damage categories above
// tidak_rusak, 0 without a damage estimate), so that what is damaged is never "not affected"
// and houses a fragility barely touches below the lowest class do not all count.
// hazard_class indexes the classifier's labels: the class_count classes, then not_affected,
// then not_exposed.
double affected_share(std::size_t hazard_class, std::size_t class_count,
                      std::optional<double> hazard_value, double damaged_share);

// Measures per (admin unit or outside) x asset type x hazard class for one exposure, in a dense
// array: small (units x types x classes) and cheap to merge, and what of them is affected
// (affected_share) per (admin unit or outside) x asset type. Partial summaries are merged in a
// fixed order so that floating-point sums do not depend on the thread count.
class ImpactSummary {
  public:
    // hazard_classes: the classifier's labels (the scenario's classes, not_affected,
    // not_exposed).
    ImpactSummary(std::size_t admin_units, std::size_t asset_types, std::size_t hazard_classes);

    // Affected when hazard_class is one of the scenario's classes.
    void add(std::optional<std::size_t> admin, std::size_t asset_type, std::size_t hazard_class,
             const Measures& measures);
    // affected_part: the part of `measures` that is affected (0 to 1), from affected_share for
    // each piece of the feature.
    void add(std::optional<std::size_t> admin, std::size_t asset_type, std::size_t hazard_class,
             const Measures& measures, double affected_part);
    void add(std::optional<std::size_t> admin, std::size_t asset_type, std::size_t hazard_class,
             double count) {
        Measures m;
        m.count = count;
        add(admin, asset_type, hazard_class, m);
    }
    void merge(const ImpactSummary& other);

    const Measures& measures(std::optional<std::size_t> admin, std::size_t asset_type,
                             std::size_t hazard_class) const;
    double count(std::optional<std::size_t> admin, std::size_t asset_type,
                 std::size_t hazard_class) const {
        return measures(admin, asset_type, hazard_class).count;
    }
    // Sums over asset types.
    Measures by_class(std::optional<std::size_t> admin, std::size_t hazard_class) const;
    double count_by_class(std::optional<std::size_t> admin, std::size_t hazard_class) const {
        return by_class(admin, hazard_class).count;
    }
    // What is affected in a unit (or outside), summed over asset types.
    Measures affected(std::optional<std::size_t> admin) const;
    const Measures& affected(std::optional<std::size_t> admin, std::size_t asset_type) const;
    // Sum over everything.
    Measures totals() const;
    double total() const { return totals().count; }

    std::size_t admin_units() const { return admin_units_; }
    std::size_t asset_types() const { return asset_types_; }
    std::size_t hazard_classes() const { return hazard_classes_; }

  private:
    friend ImpactSummary roll_up(const ImpactSummary& finer,
                                 const std::vector<std::size_t>& parent_of,
                                 std::size_t parent_units);
    std::size_t slot(std::optional<std::size_t> admin, std::size_t asset_type,
                     std::size_t hazard_class) const;

    std::size_t affected_slot(std::optional<std::size_t> admin, std::size_t asset_type) const;

    std::size_t admin_units_, asset_types_, hazard_classes_;
    std::vector<Measures> cells_;
    std::vector<Measures> affected_;  // per (admin unit or outside) x asset type
};

// Rolls a summary over finer units (kecamatan) up to their parents (kabupaten/kota):
// parent_of[i] is the parent of finer unit i; "outside" stays outside. Totals are unchanged.
ImpactSummary roll_up(const ImpactSummary& finer, const std::vector<std::size_t>& parent_of,
                      std::size_t parent_units);

}  // namespace jitupasna::core
