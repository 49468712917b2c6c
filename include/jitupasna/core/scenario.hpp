#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/damage_model.hpp"
#include "jitupasna/core/hazard.hpp"
#include "jitupasna/core/type_mapping.hpp"

namespace jitupasna::core {

// A dataset the scenario reads. `path` is resolved against the scenario file's folder; `key`
// is where it sits in the scenario (e.g. "exposures[0]"), for error messages.
struct InputConfig {
    std::string key;
    std::string source;  // as written in the scenario
    std::string path;    // what GDAL opens
    std::optional<std::string> layer;
    std::optional<std::string> crs;         // used only when the dataset has no CRS of its own
    std::vector<std::string> open_options;  // GDAL open options, e.g. X_POSSIBLE_NAMES=lon
    std::optional<std::string> where;       // attribute filter, as ogr2ogr -where (vector inputs)
};

// A finer admin level under the main one (e.g. kecamatan under kabupaten/kota).
struct AdminSublevel {
    std::string name;  // e.g. "kecamatan"; names output columns and layers
    InputConfig input;
    std::string code_field;
    std::string name_field;
    // The field holding each unit's parent code; without it a unit's parent is the main unit
    // whose code prefixes its own ("36.01" for "36.01.05"), else the one holding its centroid.
    std::optional<std::string> parent_field;
};

struct AdminConfig {
    std::string level_name = "kabkota";  // name of the main level
    InputConfig input;
    std::string code_field;
    std::string name_field;
    std::optional<AdminSublevel> sublevel;
};

enum class HazardForm {
    raster,          // any GDAL raster, classified with min/max
    shakemap_grid,   // USGS/BMKG ShakeMap grid.xml, one field as a raster
    vector_classes,  // polygons whose class_field values map to classes
    vector_values,   // polygons with a numeric value_field, classified with min/max
};

struct HazardConfig {
    HazardForm form = HazardForm::raster;
    InputConfig input;
    int band = 1;
    // Every band is one realization of the same event (e.g. ground-motion fields): damage is
    // the mean over them, with its standard deviation; classes use the mean value.
    bool realizations_bands = false;
    std::string unit;
    std::string shakemap_field = "MMI";
    std::optional<std::string> class_field;
    std::optional<std::string> value_field;
    std::vector<HazardClass> classes;
};

enum class ExposureKind {
    structure,   // indivisible points/polygons, counted whole
    road,        // lines split at hazard and admin boundaries, geodesic length
    area,        // polygons split the same way, geodesic area
    population,  // a population raster (cells weighted by coverage) or polygons with counts
    aggregate,   // polygons carrying counts, split by area share
};

const char* kind_name(ExposureKind kind);

// A table joined to an exposure's polygons by code, for counts kept outside the geometry
// (e.g. houses per kecamatan in a CSV).
struct JoinConfig {
    InputConfig input;
    std::string key;    // field in the joined table
    std::string field;  // field in the exposure's polygons
    // How the table writes its counts when they are text (a CSV): plain, or with the
    // Indonesian or English thousands separators.
    NumberFormat number_format = NumberFormat::plain;
};

// What a population raster's cells hold: people per cell, or a density to multiply by the
// geodesic area of the covered part of the cell.
enum class PopulationUnit { count, per_km2, per_ha };
const char* population_unit_name(PopulationUnit unit);

// What a per-type vulnerability map gives a type that takes no damage: `kesehatan: none`.
inline constexpr const char* kNoDamageFunction = "none";

struct ExposureConfig {
    std::string name;
    ExposureKind kind = ExposureKind::structure;
    InputConfig input;
    std::optional<std::string> type_field;
    AssetTypeList types;
    Sampling sampling = Sampling::max;
    std::optional<std::string> number_field;  // structure: units a feature stands for
    std::optional<std::string> count_field;   // aggregate/population polygons
    double count_scale = 1;                   // e.g. 0.25 houses per person
    std::optional<JoinConfig> join;
    int band = 1;                                            // population raster
    PopulationUnit population_unit = PopulationUnit::count;  // population raster
    // Asset type -> vulnerability function name ("*": every type). Empty: no damage estimate.
    std::map<std::string, std::string> vulnerability_of_type;
    // Asset types the scenario says take no damage (`<type>: none` in a per-type map): they
    // get no function on purpose, and no error or warning says so.
    std::set<std::string> undamaged_types;
    std::map<std::string, ValueRule> value_of_type;  // overrides the scenario's `costs`
    std::map<std::string, SectorOf> sector_of_type;  // overrides the scenario's `sectors`

    bool is_raster() const { return kind == ExposureKind::population && !count_field; }
    bool has_vulnerability() const { return !vulnerability_of_type.empty(); }
    // The function for an asset type, or nullptr.
    const std::string* function_for(const std::string& asset_type) const;
    // A damage run's asset type with no function that the scenario did not mark `none`: its
    // features would get no damage without a word.
    bool lacks_function(const std::string& asset_type) const {
        return (has_vulnerability() || !undamaged_types.empty()) && !function_for(asset_type) &&
               !undamaged_types.count(asset_type);
    }
    // The per-type vulnerability map as written, for messages: "rumah: kurva, sekolah: none".
    std::string vulnerability_map_text() const;
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
    DamageModel damage;
    std::string defaults_file;  // where the damage model's defaults came from ("" if none)
    std::string defaults_text;  // those defaults as written, kept for provenance and the report
};

// Reads and validates a scenario file. Throws ConfigError with "file:line:column: key: problem".
// defaults_file: the damage model's defaults (data/defaults/jitupasna_defaults.yaml), unless
// the scenario names its own with `defaults:`; "" for none.
Scenario load_scenario(const std::string& path, const std::string& defaults_file = "");
// Same, from text; relative paths are resolved against base_dir.
Scenario parse_scenario(const std::string& text, const std::string& file_label,
                        const std::string& base_dir, const std::string& defaults_text = "",
                        const std::string& defaults_label = "");

}  // namespace jitupasna::core
