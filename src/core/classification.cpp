#include "jitupasna/core/classification.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

namespace jitupasna::core {

HazardClassifier::HazardClassifier(std::vector<HazardClass> classes)
    : classes_(std::move(classes)) {
    std::set<std::string> seen;
    for (const auto& cls : classes_) {
        if (cls.name.empty()) throw std::invalid_argument("a hazard class has an empty name");
        if (cls.name == kNotAffected || cls.name == kNotExposed)
            throw std::invalid_argument(fmt::format(
                "hazard class name '{}' is reserved for unclassified values", cls.name));
        if (!seen.insert(cls.name).second)
            throw std::invalid_argument(fmt::format("hazard class '{}' is listed twice", cls.name));
        if (cls.min && cls.max && !(*cls.min < *cls.max))
            throw std::invalid_argument(
                fmt::format("hazard class '{}': min ({}) must be less than max ({})", cls.name,
                            *cls.min, *cls.max));
        for (const auto& raw : cls.values)
            if (!class_of_raw_.emplace(raw, labels_.size()).second)
                throw std::invalid_argument(
                    fmt::format("hazard value '{}' is listed in two classes", raw));
        labels_.push_back(cls.name);
    }
    check_order();
    labels_.emplace_back(kNotAffected);
    labels_.emplace_back(kNotExposed);
}

namespace {

std::string interval_text(const HazardClass& c) {
    return fmt::format("({}, {}]", c.min ? fmt::format("{}", *c.min) : "-inf",
                       c.max ? fmt::format("{}", *c.max) : "+inf");
}

}  // namespace

// Numeric classes must be listed most severe (highest values) first and must not overlap:
// classification takes the first match, so an overlap or a reversed list silently moves
// values between classes.
void HazardClassifier::check_order() const {
    const double inf = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i + 1 < classes_.size(); ++i) {
        const HazardClass& upper = classes_[i];
        const HazardClass& lower = classes_[i + 1];
        if ((!upper.min && !upper.max) || (!lower.min && !lower.max)) continue;  // by value
        const double upper_lo = upper.min.value_or(-inf);
        const double upper_hi = upper.max.value_or(inf);
        const double lower_lo = lower.min.value_or(-inf);
        const double lower_hi = lower.max.value_or(inf);
        if (lower_hi <= upper_lo) continue;
        if (lower_lo >= upper_hi)
            throw std::invalid_argument(fmt::format(
                "hazard classes '{}' {} and '{}' {} are out of order: list the most severe "
                "(highest values) first, so '{}' before '{}'",
                upper.name, interval_text(upper), lower.name, interval_text(lower), lower.name,
                upper.name));
        throw std::invalid_argument(fmt::format(
            "hazard classes '{}' {} and '{}' {} overlap on ({}, {}]; a value there would go to "
            "'{}' only. Make '{}' end where '{}' begins (max: {})",
            upper.name, interval_text(upper), lower.name, interval_text(lower),
            std::max(upper_lo, lower_lo), std::min(upper_hi, lower_hi), upper.name, lower.name,
            upper.name, upper.min ? fmt::format("{}", *upper.min) : std::string("-inf")));
    }
}

std::size_t HazardClassifier::classify(std::optional<double> value) const {
    if (!value || !std::isfinite(*value)) return not_exposed_index();
    for (std::size_t i = 0; i < classes_.size(); ++i) {
        if (classes_[i].contains(*value)) return i;
    }
    return not_affected_index();
}

std::size_t HazardClassifier::classify_raw(std::optional<std::string_view> raw) const {
    if (!raw || raw->empty()) return not_exposed_index();
    auto it = class_of_raw_.find(std::string(*raw));
    return it == class_of_raw_.end() ? not_affected_index() : it->second;
}

}  // namespace jitupasna::core
