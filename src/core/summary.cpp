#include "jitupasna/core/summary.hpp"

#include <numeric>
#include <stdexcept>

namespace jitupasna::core {

ImpactSummary::ImpactSummary(std::size_t admin_units, std::size_t asset_types,
                             std::size_t hazard_classes)
    : admin_units_(admin_units),
      asset_types_(asset_types),
      hazard_classes_(hazard_classes),
      // one extra admin row for "outside"
      counts_((admin_units + 1) * asset_types * hazard_classes, 0.0) {}

std::size_t ImpactSummary::slot(std::optional<std::size_t> admin, std::size_t asset_type,
                                std::size_t hazard_class) const {
    const std::size_t row = admin ? *admin : admin_units_;
    if (row > admin_units_ || asset_type >= asset_types_ || hazard_class >= hazard_classes_)
        throw std::out_of_range("ImpactSummary: index out of range");
    return (row * asset_types_ + asset_type) * hazard_classes_ + hazard_class;
}

void ImpactSummary::add(std::optional<std::size_t> admin, std::size_t asset_type,
                        std::size_t hazard_class, double count) {
    counts_[slot(admin, asset_type, hazard_class)] += count;
}

void ImpactSummary::merge(const ImpactSummary& other) {
    if (other.counts_.size() != counts_.size())
        throw std::invalid_argument("ImpactSummary: merging summaries of different shapes");
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

double ImpactSummary::count(std::optional<std::size_t> admin, std::size_t asset_type,
                            std::size_t hazard_class) const {
    return counts_[slot(admin, asset_type, hazard_class)];
}

double ImpactSummary::count_by_class(std::optional<std::size_t> admin,
                                     std::size_t hazard_class) const {
    double sum = 0;
    for (std::size_t t = 0; t < asset_types_; ++t) sum += count(admin, t, hazard_class);
    return sum;
}

double ImpactSummary::total() const { return std::accumulate(counts_.begin(), counts_.end(), 0.0); }

}  // namespace jitupasna::core
