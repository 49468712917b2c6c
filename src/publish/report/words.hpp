#pragma once
// The report's words: hazards, exposure kinds, admin levels, classes and needs as a reader
// reads them, and numbers from the scenario written the Indonesian way.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "data.hpp"

namespace jitupasna::publish::report {

std::string hazard_name(const std::string& type);
std::string kind_name(const std::string& kind);
// The unit of an exposure's admin_summary columns.
std::string exposure_unit(const Exposure& e);
// Whole units (buildings, people) rather than lengths and areas.
bool counted(const Exposure& e);
std::string level_title(const std::string& name);
// A number from the scenario written the Indonesian way ("1.5" -> "1,5"); other text as is.
std::string yaml_number(const YAML::Node& node);
std::string basename(const std::string& path);
// A comment of the shipped defaults file (data/defaults/jitupasna_defaults.yaml) in Bahasa
// Indonesia, its ASSUMPTION marker left out (the report shows a badge); nullopt for a comment
// the file does not have (a province's own copy: shown as written).
std::optional<std::string> indonesian_note(const std::string& comment);

}  // namespace jitupasna::publish::report
