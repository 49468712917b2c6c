#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jitupasna::core {

inline constexpr const char* kNotAffected = "not_affected";
inline constexpr const char* kNotExposed = "not_exposed";

// One hazard class: a value v belongs to it when min < v <= max; a missing bound is open.
struct HazardClass {
    std::string name;
    std::optional<double> min;
    std::optional<double> max;
    std::vector<std::string> values;  // classified vector hazards: raw values of this class

    bool contains(double value) const { return (!min || value > *min) && (!max || value <= *max); }
};

// Maps a sampled hazard value to a class index. Classes are listed most severe first and the
// first match wins; two fixed labels follow them: not_affected (a value in no class) and
// not_exposed (no value: nodata, NaN, outside the raster).
class HazardClassifier {
  public:
    // Throws std::invalid_argument on empty/duplicate/reserved names or min >= max.
    explicit HazardClassifier(std::vector<HazardClass> classes);

    std::size_t classify(std::optional<double> value) const;
    // Classified vector hazards: the class listing this raw value; not_exposed for a missing or
    // empty value (no hazard there); not_affected for a value no class lists.
    std::size_t classify_raw(std::optional<std::string_view> raw) const;

    // Class names in order, then not_affected, then not_exposed.
    const std::vector<std::string>& labels() const { return labels_; }
    std::size_t class_count() const { return classes_.size(); }
    std::size_t not_affected_index() const { return classes_.size(); }
    std::size_t not_exposed_index() const { return classes_.size() + 1; }
    const std::vector<HazardClass>& classes() const { return classes_; }

  private:
    void check_order() const;
    std::vector<HazardClass> classes_;
    std::vector<std::string> labels_;
    std::unordered_map<std::string, std::size_t> class_of_raw_;
};

}  // namespace jitupasna::core
