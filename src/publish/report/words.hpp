#pragma once
// The report's words: hazards, exposure kinds, admin levels, classes and needs as a reader
// reads them, and numbers from the scenario written the Indonesian way.

#include <yaml-cpp/yaml.h>

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

}  // namespace jitupasna::publish::report
