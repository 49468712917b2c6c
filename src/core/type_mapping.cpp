#include "jitupasna/core/type_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace jitupasna::core {

AssetTypeMapper::AssetTypeMapper(const AssetTypeList& types, std::string other_type) {
    for (const auto& [name, raw_values] : types) {
        if (std::find(labels_.begin(), labels_.end(), name) != labels_.end())
            throw std::invalid_argument(fmt::format("asset type '{}' is listed twice", name));
        const std::size_t index = labels_.size();
        labels_.push_back(name);
        for (const auto& raw : raw_values) {
            auto [it, inserted] = index_of_raw_.emplace(raw, index);
            if (!inserted)
                throw std::invalid_argument(
                    fmt::format("value '{}' is listed under both '{}' and '{}'", raw,
                                labels_[it->second], name));
        }
    }
    auto other = std::find(labels_.begin(), labels_.end(), other_type);
    other_index_ = static_cast<std::size_t>(other - labels_.begin());
    if (other == labels_.end()) labels_.push_back(std::move(other_type));
}

std::size_t AssetTypeMapper::type_of(std::optional<std::string_view> raw_value) const {
    if (!raw_value) return other_index_;
    auto it = index_of_raw_.find(std::string(*raw_value));
    return it == index_of_raw_.end() ? other_index_ : it->second;
}

}  // namespace jitupasna::core
