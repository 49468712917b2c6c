#include "jitupasna/core/summary.hpp"

#include <algorithm>
#include <stdexcept>

namespace jitupasna::core {

Measures Measures::scaled(double factor) const {
    Measures m;
    m.count = count * factor;
    m.length_m = length_m * factor;
    m.area_m2 = area_m2 * factor;
    m.population = population * factor;
    m.fatalities = fatalities * factor;
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
        m.damaged[c] = damaged[c] * factor;
        m.damaged_measure[c] = damaged_measure[c] * factor;
        m.kerusakan[c] = kerusakan[c] * factor;
    }
    return m;
}

double affected_share(std::size_t hazard_class, std::size_t class_count,
                      std::optional<double> hazard_value, double damaged_share) {
    if (hazard_class < class_count) return 1;
    // Without classes every value is "in no class": a value above 0 is hazard present.
    if (class_count == 0 && hazard_class == class_count && hazard_value && *hazard_value > 0)
        return 1;
    return std::clamp(damaged_share, 0.0, 1.0);
}

ImpactSummary::ImpactSummary(std::size_t admin_units, std::size_t asset_types,
                             std::size_t hazard_classes)
    : admin_units_(admin_units),
      asset_types_(asset_types),
      hazard_classes_(hazard_classes),
      // one extra admin row for "outside"
      cells_((admin_units + 1) * asset_types * hazard_classes),
      affected_((admin_units + 1) * asset_types) {}

std::size_t ImpactSummary::affected_slot(std::optional<std::size_t> admin,
                                         std::size_t asset_type) const {
    return slot(admin, asset_type, 0) / hazard_classes_;
}

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
    // The labels end with not_affected and not_exposed; the scenario's classes come first.
    const std::size_t class_count = hazard_classes_ >= 2 ? hazard_classes_ - 2 : 0;
    add(admin, asset_type, hazard_class, measures, hazard_class < class_count ? 1.0 : 0.0);
}

void ImpactSummary::add(std::optional<std::size_t> admin, std::size_t asset_type,
                        std::size_t hazard_class, const Measures& measures, double affected_part) {
    cells_[slot(admin, asset_type, hazard_class)] += measures;
    if (affected_part >= 1) {
        affected_[affected_slot(admin, asset_type)] += measures;
    } else if (affected_part > 0) {
        affected_[affected_slot(admin, asset_type)] += measures.scaled(affected_part);
    }
}

void ImpactSummary::merge(const ImpactSummary& other) {
    if (other.cells_.size() != cells_.size())
        throw std::invalid_argument("ImpactSummary: merging summaries of different shapes");
    for (std::size_t i = 0; i < cells_.size(); ++i) cells_[i] += other.cells_[i];
    for (std::size_t i = 0; i < affected_.size(); ++i) affected_[i] += other.affected_[i];
}

const Measures& ImpactSummary::affected(std::optional<std::size_t> admin,
                                        std::size_t asset_type) const {
    return affected_[affected_slot(admin, asset_type)];
}

Measures ImpactSummary::affected(std::optional<std::size_t> admin) const {
    Measures sum;
    for (std::size_t t = 0; t < asset_types_; ++t) sum += affected(admin, t);
    return sum;
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
        for (std::size_t t = 0; t < finer.asset_types(); ++t) {
            for (std::size_t c = 0; c < finer.hazard_classes(); ++c)
                parents.cells_[parents.slot(to, t, c)] += finer.measures(from, t, c);
            parents.affected_[parents.affected_slot(to, t)] += finer.affected(from, t);
        }
    }
    return parents;
}

}  // namespace jitupasna::core
