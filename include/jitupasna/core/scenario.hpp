#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/structure_impact.hpp"
#include "jitupasna/core/type_mapping.hpp"

namespace jitupasna::core {

// A dataset the scenario reads. `path` is resolved against the scenario file's folder; `key`
// is where it sits in the scenario (e.g. "exposures[0]"), for error messages.
struct InputConfig {
    std::string key;
    std::string source;  // as written in the scenario
    std::string path;    // what GDAL opens
    std::optional<std::string> layer;
    std::optional<std::string> crs;  // used only when the dataset has no CRS of its own
    std::vector<std::string> open_options;  // GDAL open options, e.g. X_POSSIBLE_NAMES=lon
};

struct AdminConfig {
    InputConfig input;
    std::string code_field;
    std::string name_field;
};

struct HazardConfig {
    InputConfig input;
    int band = 1;
    std::string unit;
    std::vector<HazardClass> classes;
};

struct ExposureConfig {
    std::string name;
    std::string kind;  // "structure"
    InputConfig input;
    std::optional<std::string> type_field;
    AssetTypeList types;
    Sampling sampling = Sampling::max;
};

struct Scenario {
    std::string file;  // the scenario file as given, for messages
    std::string text;  // the scenario as written, kept for provenance
    int version = 1;
    std::string name;
    std::string hazard_type;
    AdminConfig admin;
    HazardConfig hazard;
    std::vector<ExposureConfig> exposures;
    std::optional<std::string> output;  // resolved against the scenario file's folder
};

// Reads and validates a scenario file. Throws ConfigError with "file:line:column: key: problem".
Scenario load_scenario(const std::string& path);
// Same, from text; relative paths are resolved against base_dir.
Scenario parse_scenario(const std::string& text, const std::string& file_label,
                        const std::string& base_dir);

const char* sampling_name(Sampling sampling);

}  // namespace jitupasna::core
