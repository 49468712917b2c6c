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
// The form of the hazard input (run_info input.hazard.form): "vector (classes)" -> "vektor
// (kelas)", "shakemap_grid" -> "grid.xml ShakeMap"; "raster" as is.
std::string hazard_form_name(const std::string& form);
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

// What a fact about the hazard input is called (run_info input.hazard.KEY): "nodata" ->
// "nilai nodata", "event.magnitude" -> "magnitudo"; a key without a name as is.
std::string hazard_fact_label(const std::string& key);
// A hazard fact's value as a planner reads it: the grid "638 x 649 cells of 0.5 x 0.5" ->
// "638 × 649 sel berukuran 0,5 × 0,5"; other values as is.
std::string hazard_fact_value(const std::string& key, const std::string& value);
// The topic of a warning of the run, by the subject it starts with ("admin.sublevel: ..." ->
// "Batas wilayah (tingkat bawah)", "exposure 'bangunan': ..." -> "Paparan bangunan").
std::string warning_topic(const std::string& warning);
// What a warning of the run means, in Bahasa Indonesia, with its numbers written the Indonesian
// way ("admin: 3 invalid polygon(s) repaired ..." -> "3 poligon tidak valid diperbaiki ...");
// nullopt for a message of a shape it does not know (the report then shows the message only).
std::optional<std::string> warning_reading(const std::string& warning);

}  // namespace jitupasna::publish::report
