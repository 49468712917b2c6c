#include "jitupasna/core/classification.hpp"

#include <fmt/format.h>

#include <cmath>
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
    labels_.emplace_back(kNotAffected);
    labels_.emplace_back(kNotExposed);
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
