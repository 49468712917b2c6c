#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jitupasna::core {

inline constexpr const char* kOtherAssetType = "lainnya";

// Asset type name and the raw attribute values that map to it, in the order the user listed them.
using AssetTypeList = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Maps raw attribute values to asset types; unlisted or missing values become "lainnya".
class AssetTypeMapper {
  public:
    // Throws std::invalid_argument when a raw value is listed under two types. Unlisted values
    // map to other_type.
    explicit AssetTypeMapper(const AssetTypeList& types, std::string other_type = kOtherAssetType);

    std::size_t type_of(std::optional<std::string_view> raw_value) const;
    // Type names in the listed order, then other_type (unless the user listed it already).
    const std::vector<std::string>& labels() const { return labels_; }

  private:
    std::vector<std::string> labels_;
    std::unordered_map<std::string, std::size_t> index_of_raw_;
    std::size_t other_index_;
};

}  // namespace jitupasna::core
