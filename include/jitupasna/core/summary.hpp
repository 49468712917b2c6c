#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace jitupasna::core {

// Counts per (admin unit or outside) x asset type x hazard class for one exposure, in a dense
// array: small (units x types x classes) and cheap to merge. Partial summaries are merged in a
// fixed order so that floating-point sums do not depend on the thread count.
class ImpactSummary {
  public:
    ImpactSummary(std::size_t admin_units, std::size_t asset_types, std::size_t hazard_classes);

    void add(std::optional<std::size_t> admin, std::size_t asset_type, std::size_t hazard_class,
             double count);
    void merge(const ImpactSummary& other);

    double count(std::optional<std::size_t> admin, std::size_t asset_type,
                 std::size_t hazard_class) const;
    // Sum over asset types.
    double count_by_class(std::optional<std::size_t> admin, std::size_t hazard_class) const;
    double total() const;

    std::size_t admin_units() const { return admin_units_; }
    std::size_t asset_types() const { return asset_types_; }
    std::size_t hazard_classes() const { return hazard_classes_; }

  private:
    std::size_t slot(std::optional<std::size_t> admin, std::size_t asset_type,
                     std::size_t hazard_class) const;

    std::size_t admin_units_, asset_types_, hazard_classes_;
    std::vector<double> counts_;
};

}  // namespace jitupasna::core
