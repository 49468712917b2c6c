#include "jitupasna/core/summary.hpp"

#include <stdexcept>

namespace jitupasna::core {

ImpactSummary::ImpactSummary(std::size_t admin_units, std::size_t asset_types,
                             std::size_t hazard_classes)
    : admin_units_(admin_units),
      asset_types_(asset_types),
      hazard_classes_(hazard_classes),
      // one extra admin row for "outside"
      cells_((admin_units + 1) * asset_types * hazard_classes) {}

std::size_t ImpactSummary::slot(std::optional<std::size_t> admin, std::size_t asset_type,
                                std::size_t hazard_class) const {
    const std::size_t row = admin ? *admin : admin_units_;
    if (row > admin_units_ || (admin && *admin >= admin_units_) || asset_type >= asset_types_ ||
        hazard_class >= hazard_classes_)
        throw std::out_of_range("ImpactSummary: index out of range");
    return (row * asset_types_ + asset_type) * hazard_classes_ + hazard_class;
}

void ImpactSummary::add(std::optional<std::size_t> admin, std::size_t asset_type,
                        std::size_t hazard_class, const Measures& measures) {
    cells_[slot(admin, asset_type, hazard_class)] += measures;
}

void ImpactSummary::merge(const ImpactSummary& other) {
    if (other.cells_.size() != cells_.size())
        throw std::invalid_argument("ImpactSummary: merging summaries of different shapes");
    for (std::size_t i = 0; i < cells_.size(); ++i) cells_[i] += other.cells_[i];
}

const Measures& ImpactSummary::measures(std::optional<std::size_t> admin, std::size_t asset_type,
                                        std::size_t hazard_class) const {
    return cells_[slot(admin, asset_type, hazard_class)];
}

Measures ImpactSummary::by_class(std::optional<std::size_t> admin, std::size_t hazard_class) const {
    Measures sum;
    for (std::size_t t = 0; t < asset_types_; ++t) sum += measures(admin, t, hazard_class);
    return sum;
}

Measures ImpactSummary::totals() const {
    Measures sum;
    for (const auto& cell : cells_) sum += cell;
    return sum;
}

ImpactSummary roll_up(const ImpactSummary& finer, const std::vector<std::size_t>& parent_of,
                      std::size_t parent_units) {
    if (parent_of.size() != finer.admin_units())
        throw std::invalid_argument("roll_up: one parent per unit is needed");
    ImpactSummary parents(parent_units, finer.asset_types(), finer.hazard_classes());
    for (std::size_t unit = 0; unit <= finer.admin_units(); ++unit) {
        const bool outside = unit == finer.admin_units();
        const std::optional<std::size_t> from = outside ? std::nullopt : std::optional(unit);
        const std::optional<std::size_t> to =
            outside ? std::nullopt : std::optional(parent_of[unit]);
        for (std::size_t t = 0; t < finer.asset_types(); ++t)
            for (std::size_t c = 0; c < finer.hazard_classes(); ++c)
                parents.add(to, t, c, finer.measures(from, t, c));
    }
    return parents;
}

}  // namespace jitupasna::core
