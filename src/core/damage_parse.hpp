#pragma once
// Parsing of the damage model's scenario keys (internal to the core library).

#include "jitupasna/core/damage_model.hpp"
#include "yaml_reader.hpp"

namespace jitupasna::core {

// Top-level keys the damage model reads.
const std::vector<std::string>& damage_model_keys();

// The scenario's damage keys laid over the defaults, section by section: an entry a scenario
// gives (a function, an asset type's cost, a setting) replaces the default entry whole.
YAML::Node merge_over_defaults(const YAML::Node& defaults, const YAML::Node& scenario);

DamageModel parse_damage_model(const ScenarioReader& r, const YAML::Node& merged);

// An exposure's `value:` (asset type -> value rule).
std::map<std::string, ValueRule> parse_value_rules(const ScenarioReader& r, const YAML::Node& node,
                                                   const std::string& key);
std::map<std::string, SectorOf> parse_sectors(const ScenarioReader& r, const YAML::Node& node,
                                              const std::string& key);

}  // namespace jitupasna::core
