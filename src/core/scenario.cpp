#include "jitupasna/core/scenario.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "damage_parse.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/input_file.hpp"
#include "jitupasna/core/recap.hpp"
#include "jitupasna/core/type_mapping.hpp"
#include "yaml_reader.hpp"

namespace jitupasna::core {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kHazardTypes = {"flood",   "earthquake", "tsunami",
                                               "volcano", "landslide",  "generic"};

AdminConfig parse_admin(const ScenarioReader& r, const YAML::Node& node) {
    r.expect_map(node, "admin");
    r.check_keys(node, "admin",
                 {"source", "layer", "crs", "open_options", "where", "code_field", "name_field",
                  "level_name", "sublevel"});
    AdminConfig admin;
    admin.input = r.input(node, "admin");
    admin.code_field = r.required_string(node, "admin", "code_field");
    admin.name_field = r.required_string(node, "admin", "name_field");
    if (auto level = r.optional_string(node, "admin", "level_name")) {
        r.identifier(node["level_name"], "admin.level_name", *level);
        admin.level_name = *level;
    }
    if (const YAML::Node sub = node["sublevel"]; sub && !sub.IsNull()) {
        const std::string key = "admin.sublevel";
        r.expect_map(sub, key);
        r.check_keys(sub, key,
                     {"name", "source", "layer", "crs", "open_options", "where", "code_field",
                      "name_field", "parent_field"});
        AdminSublevel level;
        level.name = r.required_string(sub, key, "name");
        r.identifier(sub["name"], key + ".name", level.name);
        if (level.name == admin.level_name)
            r.fail(sub["name"], key + ".name", "must differ from admin.level_name");
        level.input = r.input(sub, key);
        level.code_field = r.required_string(sub, key, "code_field");
        level.name_field = r.required_string(sub, key, "name_field");
        level.parent_field = r.optional_string(sub, key, "parent_field");
        admin.sublevel = std::move(level);
    }
    return admin;
}

std::vector<HazardClass> parse_classes(const ScenarioReader& r, const YAML::Node& node,
                                       bool by_values) {
    if (!node.IsSequence() || node.size() == 0)
        r.fail(node, "hazard.classes", "expected a list of classes, most severe first");
    std::vector<HazardClass> classes;
    std::set<std::string> seen_values;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string key = fmt::format("hazard.classes[{}]", i);
        const YAML::Node item = node[i];
        r.expect_map(item, key);
        r.check_keys(item, key, {"name", "min", "max", "values"});
        HazardClass cls;
        cls.name = r.required_string(item, key, "name");
        if (by_values) {
            if (item["min"] || item["max"])
                r.fail(item, key, "with class_field, classes list `values`, not min/max");
            const YAML::Node values = r.required(item, key, "values");
            if (!values.IsSequence() || values.size() == 0)
                r.fail(values, key + ".values", "expected a list of attribute values");
            for (const auto& v : values) {
                std::string text = r.string_value(v, key + ".values");
                if (!seen_values.insert(text).second)
                    r.fail(v, key + ".values", fmt::format("'{}' is listed in two classes", text));
                cls.values.push_back(std::move(text));
            }
        } else {
            if (item["values"])
                r.fail(item["values"], key + ".values",
                       "`values` needs hazard.class_field (a classified vector hazard)");
            if (item["min"] && !item["min"].IsNull()) cls.min = r.number(item["min"], key + ".min");
            if (item["max"] && !item["max"].IsNull()) cls.max = r.number(item["max"], key + ".max");
            if (!cls.min && !cls.max) r.fail(item, key, "give min, max or both");
        }
        classes.push_back(std::move(cls));
    }
    try {
        HazardClassifier check(classes);
    } catch (const std::invalid_argument& e) {
        r.fail(node, "hazard.classes", e.what());
    }
    return classes;
}

bool ends_with(const std::string& text, const std::string& suffix) {
    if (text.size() < suffix.size()) return false;
    // Case-insensitive: suffix is given in lower case.
    return std::equal(suffix.rbegin(), suffix.rend(), text.rbegin(), [](char s, char t) {
        return s == std::tolower(static_cast<unsigned char>(t));
    });
}

HazardConfig parse_hazard(const ScenarioReader& r, const YAML::Node& node) {
    r.expect_map(node, "hazard");
    r.check_keys(node, "hazard",
                 {"source", "layer", "crs", "open_options", "band", "unit", "classes", "format",
                  "field", "class_field", "value_field", "realizations"});
    HazardConfig hazard;
    hazard.input = r.input(node, "hazard");
    if (node["band"]) {
        const long band = r.integer(node["band"], "hazard.band");
        if (band < 1) r.fail(node["band"], "hazard.band", "bands are numbered from 1");
        hazard.band = static_cast<int>(band);
    }
    hazard.unit = r.optional_string(node, "hazard", "unit").value_or("");
    hazard.class_field = r.optional_string(node, "hazard", "class_field");
    hazard.value_field = r.optional_string(node, "hazard", "value_field");
    if (hazard.class_field && hazard.value_field)
        r.fail(node, "hazard", "give class_field or value_field, not both");
    const auto format = r.optional_string(node, "hazard", "format");
    if (format && *format != "shakemap_grid" && *format != "raster" && *format != "vector")
        r.fail(node["format"], "hazard.format",
               fmt::format("'{}' is not a hazard format; use raster, vector or shakemap_grid",
                           *format));
    if (hazard.class_field) {
        hazard.form = HazardForm::vector_classes;
    } else if (hazard.value_field) {
        hazard.form = HazardForm::vector_values;
    } else if (format == std::optional<std::string>("vector")) {
        r.fail(node, "hazard", "a vector hazard needs class_field or value_field");
    } else if (format == std::optional<std::string>("shakemap_grid") ||
               (!format && ends_with(hazard.input.source, ".xml"))) {
        hazard.form = HazardForm::shakemap_grid;
    }
    if (auto realizations = r.optional_string(node, "hazard", "realizations")) {
        if (*realizations != "bands")
            r.fail(node["realizations"], "hazard.realizations",
                   "use `realizations: bands` (every band of the raster is one realization)");
        if (hazard.form != HazardForm::raster)
            r.fail(node["realizations"], "hazard.realizations", "applies to raster hazards only");
        if (node["band"])
            r.fail(node["band"], "hazard.band", "give band or realizations, not both");
        hazard.realizations_bands = true;
    }
    if (auto field = r.optional_string(node, "hazard", "field")) {
        if (hazard.form != HazardForm::shakemap_grid)
            r.fail(node["field"], "hazard.field", "`field` selects a ShakeMap grid.xml field");
        hazard.shakemap_field = *field;
    }
    if (node["classes"] && !node["classes"].IsNull())
        hazard.classes =
            parse_classes(r, node["classes"], hazard.form == HazardForm::vector_classes);
    return hazard;
}

AssetTypeList parse_types(const ScenarioReader& r, const YAML::Node& node, const std::string& key) {
    r.expect_map(node, key);
    AssetTypeList types;
    for (const auto& entry : node) {
        const std::string name = entry.first.as<std::string>();
        const std::string type_key = key + "." + name;
        std::vector<std::string> raw_values;
        if (entry.second.IsScalar()) {
            raw_values.push_back(entry.second.as<std::string>());
        } else if (entry.second.IsSequence()) {
            for (const auto& raw : entry.second)
                raw_values.push_back(r.string_value(raw, type_key));
        } else {
            r.fail(entry.second, type_key, "expected a list of attribute values");
        }
        types.emplace_back(name, std::move(raw_values));
    }
    try {
        AssetTypeMapper check(types);
    } catch (const std::invalid_argument& e) {
        r.fail(node, key, e.what());
    }
    return types;
}

ExposureKind parse_kind(const ScenarioReader& r, const YAML::Node& node, const std::string& key) {
    const std::string kind = r.string_value(node, key);
    for (ExposureKind k : {ExposureKind::structure, ExposureKind::road, ExposureKind::area,
                           ExposureKind::population, ExposureKind::aggregate})
        if (kind == kind_name(k)) return k;
    r.fail(node, key,
           fmt::format("'{}' is not an exposure kind; use structure, road, area, population or "
                       "aggregate",
                       kind));
}

Sampling parse_sampling(const ScenarioReader& r, const YAML::Node& node, const std::string& key) {
    const std::string sampling = r.string_value(node, key);
    for (Sampling s : {Sampling::centroid, Sampling::max, Sampling::mean, Sampling::majority})
        if (sampling == sampling_name(s)) return s;
    r.fail(node, key,
           fmt::format("'{}' is not a sampling method; use centroid, max, mean or majority",
                       sampling));
}

PopulationUnit parse_population_unit(const ScenarioReader& r, const YAML::Node& node,
                                     const std::string& key) {
    const std::string unit = r.string_value(node, key);
    for (PopulationUnit u :
         {PopulationUnit::count, PopulationUnit::per_km2, PopulationUnit::per_ha})
        if (unit == population_unit_name(u)) return u;
    r.fail(node, key,
           fmt::format("'{}' is not a population raster unit; use count (people per cell), "
                       "per_km2 or per_ha (people per km2 / per hectare)",
                       unit));
}

ExposureConfig parse_exposure(const ScenarioReader& r, const YAML::Node& node,
                              const std::string& key) {
    r.expect_map(node, key);
    r.check_keys(node, key,
                 {"name", "kind", "source", "layer", "crs", "open_options", "where", "type_field",
                  "types", "sampling", "number_field", "count_field", "count_scale", "join", "band",
                  "unit", "vulnerability", "value", "sectors"});
    ExposureConfig exposure;
    exposure.name = r.required_string(node, key, "name");
    r.identifier(node["name"], key + ".name", exposure.name);
    exposure.kind = parse_kind(r, r.required(node, key, "kind"), key + ".kind");
    exposure.input = r.input(node, key);
    exposure.type_field = r.optional_string(node, key, "type_field");
    if (node["types"]) {
        if (!exposure.type_field) r.fail(node["types"], key + ".types", "needs type_field");
        exposure.types = parse_types(r, node["types"], key + ".types");
    }
    // A type field with no types would put every feature in `lainnya` without a word.
    if (exposure.type_field && exposure.types.empty() && exposure.kind != ExposureKind::population)
        r.fail(node["type_field"], key + ".type_field",
               fmt::format("'{}' is given without `types:`, so every feature would be '{}'; list "
                           "the asset types and their values (types: {{rumah: [Residential]}}) "
                           "or leave type_field out",
                           *exposure.type_field, kOtherAssetType));
    auto only_for = [&](const char* name, std::initializer_list<ExposureKind> kinds) {
        if (!node[name]) return;
        if (std::find(kinds.begin(), kinds.end(), exposure.kind) == kinds.end())
            r.fail(node[name], key + "." + name,
                   fmt::format("does not apply to kind {}", kind_name(exposure.kind)));
    };
    only_for("sampling", {ExposureKind::structure});
    only_for("number_field", {ExposureKind::structure});
    only_for("count_field", {ExposureKind::aggregate, ExposureKind::population});
    only_for("count_scale", {ExposureKind::aggregate, ExposureKind::population});
    only_for("join", {ExposureKind::aggregate, ExposureKind::population});
    only_for("band", {ExposureKind::population});
    if (node["sampling"])
        exposure.sampling = parse_sampling(r, node["sampling"], key + ".sampling");
    exposure.number_field = r.optional_string(node, key, "number_field");
    exposure.count_field = r.optional_string(node, key, "count_field");
    if (exposure.kind == ExposureKind::aggregate && !exposure.count_field)
        r.fail(node, key + ".count_field", "an aggregate exposure needs count_field");
    if (node["count_scale"]) {
        exposure.count_scale = r.number(node["count_scale"], key + ".count_scale");
        if (!(exposure.count_scale > 0))
            r.fail(node["count_scale"], key + ".count_scale", "must be greater than 0");
    }
    if (node["band"]) {
        const long band = r.integer(node["band"], key + ".band");
        if (band < 1) r.fail(node["band"], key + ".band", "bands are numbered from 1");
        exposure.band = static_cast<int>(band);
    }
    only_for("unit", {ExposureKind::population});
    if (node["unit"]) {
        if (exposure.count_field)
            r.fail(node["unit"], key + ".unit",
                   "applies to a population raster only; polygons carry counts (count_field)");
        exposure.population_unit = parse_population_unit(r, node["unit"], key + ".unit");
    }
    if (const YAML::Node join = node["join"]; join && !join.IsNull()) {
        const std::string join_key = key + ".join";
        r.expect_map(join, join_key);
        r.check_keys(join, join_key,
                     {"source", "layer", "crs", "open_options", "key", "field", "number_format"});
        JoinConfig config;
        config.input = r.input(join, join_key);
        config.key = r.required_string(join, join_key, "key");
        config.field = r.optional_string(join, join_key, "field").value_or(config.key);
        if (auto format = r.optional_string(join, join_key, "number_format")) {
            if (*format == "id")
                config.number_format = NumberFormat::id;
            else if (*format == "en")
                config.number_format = NumberFormat::en;
            else
                r.fail(join["number_format"], join_key + ".number_format",
                       fmt::format("'{}' is not a number format; use id (1.234.567,89) or en "
                                   "(1,234,567.89)",
                                   *format));
        }
        if (!exposure.count_field)
            r.fail(join, join_key, "needs count_field (the joined table's count column)");
        exposure.join = std::move(config);
    }
    if (exposure.kind == ExposureKind::population && exposure.type_field)
        r.fail(node["type_field"], key + ".type_field", "population has no asset types");
    if (const YAML::Node v = node["vulnerability"]; v && !v.IsNull()) {
        if (exposure.kind == ExposureKind::population)
            r.fail(v, key + ".vulnerability", "population has no vulnerability; see `people`");
        if (v.IsScalar()) {
            exposure.vulnerability_of_type["*"] = v.as<std::string>();
        } else {
            r.expect_map(v, key + ".vulnerability");
            for (const auto& entry : v) {
                const std::string type = entry.first.as<std::string>();
                std::string function = r.string_value(entry.second, key + ".vulnerability." + type);
                // `<type>: none`: the type takes no damage, said on purpose.
                if (function == kNoDamageFunction)
                    exposure.undamaged_types.insert(type);
                else
                    exposure.vulnerability_of_type[type] = std::move(function);
            }
        }
    }
    exposure.value_of_type = parse_value_rules(r, node["value"], key + ".value");
    exposure.sector_of_type = parse_sectors(r, node["sectors"], key + ".sectors");
    return exposure;
}

}  // namespace

const char* population_unit_name(PopulationUnit unit) {
    switch (unit) {
        case PopulationUnit::count:
            return "count";
        case PopulationUnit::per_km2:
            return "per_km2";
        case PopulationUnit::per_ha:
            return "per_ha";
    }
    return "?";
}

const char* kind_name(ExposureKind kind) {
    switch (kind) {
        case ExposureKind::structure:
            return "structure";
        case ExposureKind::road:
            return "road";
        case ExposureKind::area:
            return "area";
        case ExposureKind::population:
            return "population";
        case ExposureKind::aggregate:
            return "aggregate";
    }
    return "?";
}

namespace {
Scenario read_scenario(const ScenarioReader& r, const YAML::Node& root, const std::string& text,
                       const std::string& file_label, const std::string& defaults_text,
                       const std::string& defaults_label);
}  // namespace

std::string ExposureConfig::vulnerability_map_text() const {
    std::string text;
    for (const auto& [type, function] : vulnerability_of_type)
        text += fmt::format("{}{}: {}", text.empty() ? "" : ", ", type, function);
    for (const auto& type : undamaged_types)
        text += fmt::format("{}{}: {}", text.empty() ? "" : ", ", type, kNoDamageFunction);
    return text;
}

const std::string* ExposureConfig::function_for(const std::string& asset_type) const {
    if (undamaged_types.count(asset_type)) return nullptr;  // `<type>: none` beside a "*"
    if (auto it = vulnerability_of_type.find(asset_type); it != vulnerability_of_type.end())
        return &it->second;
    if (auto it = vulnerability_of_type.find("*"); it != vulnerability_of_type.end())
        return &it->second;
    return nullptr;
}

Scenario parse_scenario(const std::string& text, const std::string& file_label,
                        const std::string& base_dir, const std::string& defaults_text,
                        const std::string& defaults_label) {
    ScenarioReader r(file_label, base_dir);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw ConfigError(fmt::format("{}:{}:{}: invalid YAML: {}", file_label, e.mark.line + 1,
                                      e.mark.column + 1, e.msg));
    }
    if (!root.IsMap()) throw ConfigError(fmt::format("{}: expected a YAML mapping", file_label));
    r.check_unique_keys(root, "");
    try {
        return read_scenario(r, root, text, file_label, defaults_text, defaults_label);
    } catch (const YAML::Exception& e) {
        // A value of the wrong shape somewhere (a list where a name belongs, ...).
        throw ConfigError(fmt::format("{}:{}:{}: unexpected value: {}", file_label, e.mark.line + 1,
                                      e.mark.column + 1, e.msg));
    }
}

namespace {

// The key node of `name` in a mapping (for an error's position), else the mapping itself.
YAML::Node key_node(const YAML::Node& map, const std::string& name) {
    if (map && map.IsMap())
        for (const auto& entry : map)
            if (entry.first.IsScalar() && entry.first.Scalar() == name) return entry.first;
    return map;
}

// "did you mean 'sekolah'? " when a candidate is a likely typo of name, else "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
    const auto best = closest_name(name, candidates);
    return best ? fmt::format("did you mean '{}'? ", *best) : std::string();
}

// Whether the run counts people (displacement rates, minimum needs apply).
bool has_population_exposure(const Scenario& s) {
    return std::any_of(s.exposures.begin(), s.exposures.end(),
                       [](const ExposureConfig& e) { return e.kind == ExposureKind::population; });
}

// The asset types an exposure's features can have: the listed types and lainnya, or, without
// type_field, the exposure's own name.
std::vector<std::string> asset_types_of(const ExposureConfig& e) {
    if (!e.type_field) return {e.name};
    std::vector<std::string> types;
    for (const auto& [type, raw] : e.types) types.push_back(type);
    if (std::find(types.begin(), types.end(), kOtherAssetType) == types.end())
        types.emplace_back(kOtherAssetType);
    return types;
}

// A per-type vulnerability map must say what each asset type gets: a type it leaves out would
// get no damage and no kerusakan without a word (123 clinics rusak berat 0, Rp 0). Listed
// types, and the implicit lainnya when a value rule prices it, need a function or `none`;
// features falling into an unpriced lainnya are only known when read (`run` warns).
void check_damaged_types(const ScenarioReader& r, const YAML::Node& root, const Scenario& s,
                         std::size_t i) {
    const ExposureConfig& e = s.exposures[i];
    if (!e.has_vulnerability() && e.undamaged_types.empty()) return;
    const YAML::Node exposure = root["exposures"][i];
    const YAML::Node own_costs = root["costs"];
    for (const auto& type : asset_types_of(e)) {
        if (!e.lacks_function(type)) continue;
        const bool listed =
            !e.type_field || std::any_of(e.types.begin(), e.types.end(),
                                         [&](const auto& entry) { return entry.first == type; });
        const bool own_value = e.value_of_type.count(type) > 0;
        const bool scenario_cost = own_costs && own_costs.IsMap() && own_costs[type];
        if (!listed && !own_value && !scenario_cost) continue;
        const std::string why =
            listed      ? fmt::format("is {}",
                                 e.type_field ? "listed under `types:`" : "the exposure's own type")
            : own_value ? fmt::format("has a value rule (exposures[{}].value.{})", i, type)
                        : fmt::format("has a cost (costs.{})", type);
        r.fail(key_node(exposure, "vulnerability"), fmt::format("exposures[{}].vulnerability", i),
               fmt::format("asset type '{}' of exposure '{}' {} but has no vulnerability "
                           "function, so its features would get no damage and Rp 0; the map "
                           "has: {}. Give it a function, or write `{}: {}` if it takes no "
                           "damage",
                           type, e.name, why, e.vulnerability_map_text(), type, kNoDamageFunction));
    }
}

// Every name that refers to another name must exist: a misspelled asset type or hazard class
// would otherwise silently compute nothing (no damage, no value, a default rate).
void check_references(const ScenarioReader& r, const YAML::Node& root, const Scenario& s) {
    std::vector<std::string> class_names;
    for (const auto& c : s.hazard.classes) class_names.push_back(c.name);
    const YAML::Node exposures = root["exposures"];
    for (std::size_t i = 0; i < s.exposures.size(); ++i) {
        const ExposureConfig& e = s.exposures[i];
        const std::vector<std::string> types = asset_types_of(e);
        const std::string key = fmt::format("exposures[{}]", i);
        auto check_types = [&](const char* what, const auto& by_type) {
            for (const auto& entry : by_type) {
                const std::string& type = entry.first;
                if (type == "*" || std::find(types.begin(), types.end(), type) != types.end())
                    continue;
                r.fail(
                    key_node(exposures[i][what], type), key + "." + what + "." + type,
                    fmt::format("'{}' is not an asset type of exposure '{}'; {}its types are: {}",
                                type, e.name, did_you_mean(type, types), join(types)));
            }
        };
        check_types("vulnerability", e.vulnerability_of_type);
        std::map<std::string, bool> undamaged;
        for (const auto& type : e.undamaged_types) undamaged[type] = true;
        check_types("vulnerability", undamaged);
        check_damaged_types(r, root, s, i);
        check_types("value", e.value_of_type);
        check_types("sectors", e.sector_of_type);
        // Each damaged type's sub-sector needs a cluster: a sub-sector the scheme does not list
        // would silently go to the scheme's `lainnya` cluster and its lead agency.
        if (e.has_vulnerability() && !s.damage.clusters.empty())
            for (const auto& type : types) {
                const SectorOf sector = resolve_sector(e, type, s.damage);
                if (const auto c = s.damage.clusters.find(sector.sub_sector);
                    c != s.damage.clusters.end()) {
                    // Two sectors for one sub-sector would split its figures across sectors.
                    const std::string& expected = c->second.sector;
                    if (!expected.empty() && !sector.sector.empty() && sector.sector != expected) {
                        const bool own = e.sector_of_type.count(type) > 0;
                        r.fail(own ? key_node(exposures[i]["sectors"], type)
                                   : key_node(root["sectors"], type),
                               own ? key + ".sectors." + type : std::string("sectors.") + type,
                               fmt::format("asset type '{}' puts sub-sector '{}' in sector '{}'; "
                                           "clusters.{} puts it in sector '{}'",
                                           type, sector.sub_sector, sector.sector,
                                           s.damage.cluster_scheme, expected));
                    }
                    continue;
                }
                std::vector<std::string> listed;
                for (const auto& entry : s.damage.clusters) listed.push_back(entry.first);
                const bool own = e.sector_of_type.count(type) > 0;
                const YAML::Node node = own               ? key_node(exposures[i]["sectors"], type)
                                        : root["sectors"] ? key_node(root["sectors"], type)
                                                          : root["cluster_scheme"];
                r.fail(node, own ? key + ".sectors." + type : std::string("sectors.") + type,
                       fmt::format("sub-sector '{}' of asset type '{}' (exposure '{}') has no "
                                   "cluster in clusters.{}; its sub-sectors are: {}",
                                   sector.sub_sector, type, e.name, s.damage.cluster_scheme,
                                   join(listed)));
            }
        // A value rule must fit the kind: metres price roads, square metres footprints and areas.
        if (e.has_vulnerability())
            for (const auto& type : types) {
                const auto own = e.value_of_type.find(type);
                const bool is_own = own != e.value_of_type.end();
                const auto shared = s.damage.costs.find(type);
                if (!is_own && shared == s.damage.costs.end()) continue;
                const ValueRule& rule = is_own ? own->second : shared->second;
                const char* unfit = nullptr;
                if (rule.kind == ValueRule::Kind::cost_per_m && e.kind != ExposureKind::road)
                    unfit = "cost_per_m prices roads by length";
                if (rule.kind == ValueRule::Kind::cost_per_m2 && e.kind == ExposureKind::road)
                    unfit = "cost_per_m2 prices footprints and areas, not roads";
                const std::string where =
                    is_own ? key + ".value." + type : std::string("costs.") + type;
                const YAML::Node node =
                    is_own ? key_node(exposures[i]["value"], type) : key_node(root["costs"], type);
                if (unfit)
                    r.fail(node, where,
                           fmt::format("{}; exposure '{}' is of kind {}", unfit, e.name,
                                       kind_name(e.kind)));
                // A unit cost left out of a category the function gives prices it at Rp 0.
                const std::string* function_name = e.function_for(type);
                const auto function = function_name ? s.damage.functions.find(*function_name)
                                                    : s.damage.functions.end();
                if (rule.kind != ValueRule::Kind::unit_cost || function == s.damage.functions.end())
                    continue;
                std::vector<std::string> missing;
                for (const DamageCategory c : function->second.categories())
                    if (!rule.priced[static_cast<std::size_t>(c)])
                        missing.emplace_back(kCategoryNames[static_cast<std::size_t>(c)]);
                if (!missing.empty())
                    r.fail(node, where + ".unit_cost",
                           fmt::format("no price for {} (asset type '{}' of exposure '{}'), which "
                                       "its function '{}' gives: they would be worth Rp 0; give "
                                       "each a unit_cost (0 if it truly costs nothing)",
                                       join(missing), type, e.name, *function_name));
            }
        // A class table names hazard classes: each must be one of the scenario's.
        if (class_names.empty()) continue;
        for (const auto& [type, function_name] : e.vulnerability_of_type) {
            const auto function = s.damage.functions.find(function_name);
            if (function == s.damage.functions.end()) continue;  // reported by the caller
            for (const auto& table_class : function->second.table_classes())
                if (std::find(class_names.begin(), class_names.end(), table_class) ==
                    class_names.end())
                    r.fail(key_node(exposures[i]["vulnerability"], type),
                           key + ".vulnerability." + type,
                           fmt::format("class table '{}' names hazard class '{}', which the "
                                       "scenario does not have; its classes are: {}",
                                       function_name, table_class, join(class_names)));
            // A class the table leaves out would get no damage without a word.
            const std::vector<std::string> listed = function->second.table_classes();
            if (function->second.kind() != VulnerabilityFunction::Kind::class_table) continue;
            for (const auto& class_name : class_names)
                if (std::find(listed.begin(), listed.end(), class_name) == listed.end())
                    r.fail(key_node(exposures[i]["vulnerability"], type),
                           key + ".vulnerability." + type,
                           fmt::format("class table '{}' has no row for hazard class '{}'; give "
                                       "every class a row (zeros where it does no damage): {}",
                                       function_name, class_name, join(class_names)));
        }
    }
    // The scenario's own costs, sectors and lost incomes are keyed by asset type: a typo
    // prices, files or counts nothing. (The defaults file lists types a scenario need not have.)
    std::vector<std::string> all_types;
    for (const auto& e : s.exposures)
        for (auto& type : asset_types_of(e))
            if (std::find(all_types.begin(), all_types.end(), type) == all_types.end())
                all_types.push_back(std::move(type));
    const YAML::Node losses = root["losses"];
    const std::pair<std::string, YAML::Node> by_type[] = {
        {"costs", root["costs"]},
        {"sectors", root["sectors"]},
        {"losses.lost_income", losses && losses.IsMap() ? losses["lost_income"] : YAML::Node()}};
    for (const auto& [section, own] : by_type) {
        if (!own || !own.IsMap()) continue;
        for (const auto& entry : own) {
            const std::string type = entry.first.Scalar();
            if (std::find(all_types.begin(), all_types.end(), type) != all_types.end()) continue;
            r.fail(entry.first, section + "." + type,
                   fmt::format("'{}' is not an asset type of any exposure; {}the types are: {}",
                               type, did_you_mean(type, all_types), join(all_types)));
        }
    }
    // people.displacement_rates is keyed by hazard class: a typo would fall back to the
    // default rate by severity.
    if (!class_names.empty())
        for (const auto& [name, rate] : s.damage.people.displacement_by_class)
            if (std::find(class_names.begin(), class_names.end(), name) == class_names.end()) {
                const YAML::Node rates =
                    root["people"] ? root["people"]["displacement_rates"] : YAML::Node();
                r.fail(
                    key_node(rates, name), "people.displacement_rates." + name,
                    fmt::format("'{}' is not a hazard class of the scenario; {}its classes are: {}",
                                name, did_you_mean(name, class_names), join(class_names)));
            }
    // (After the names: a misspelled class is told as such, not as a class without a rate.)
    // The displaced are counted per hazard class: every class needs a rate of its own, from
    // people.displacement_rates or, in order of severity, from displacement_rates_by_severity;
    // a class left out would silently take another list's rate or none at all.
    const bool counts_people = has_population_exposure(s);
    const YAML::Node people =
        root["people"] && root["people"].IsMap() ? root["people"] : YAML::Node();
    const auto& by_class = s.damage.people.displacement_by_class;
    const auto& by_severity = s.damage.people.displacement_by_severity;
    if (counts_people && !class_names.empty() && !by_class.empty()) {
        std::vector<std::string> missing;
        for (const auto& name : class_names)
            if (!by_class.count(name)) missing.push_back(name);
        if (!missing.empty())
            r.fail(people ? people["displacement_rates"] : root, "people.displacement_rates",
                   fmt::format("no rate for hazard class(es) {}; give every class a rate (0 where "
                               "nobody is displaced): {}",
                               join(missing), join(class_names)));
    }
    if (counts_people && !class_names.empty() && by_class.empty() && !by_severity.empty()) {
        const bool own = people && people["displacement_rates_by_severity"];
        if (by_severity.size() < class_names.size() ||
            (own && by_severity.size() != class_names.size()))
            r.fail(own ? people["displacement_rates_by_severity"] : root,
                   "people.displacement_rates_by_severity",
                   fmt::format("{} rate(s) for {} hazard classes ({}, most severe first){}; give "
                               "one rate per class, or people.displacement_rates by class name",
                               by_severity.size(), class_names.size(), join(class_names),
                               own ? "" : " (from the defaults file)"));
    }
}

// A damage run needs sections a province's own defaults file might lack: without them the
// run would still compute, with every asset in sub-sector lainnya, no dana tunggu hunian or no
// minimum needs. Each must be in the scenario or the defaults file.
void check_damage_sections(const ScenarioReader& r, const YAML::Node& root,
                           const YAML::Node& defaults, const std::string& defaults_label,
                           const Scenario& s) {
    const bool counts_people = has_population_exposure(s);
    const std::vector<std::pair<const char*, const char*>> needed = {
        {"sectors", "every damaged asset would fall in sub-sector lainnya"},
        {"clusters", "no cluster or lead agency would answer for any sub-sector"},
        {"losses", "kerugian (dana tunggu hunian, puing) would be Rp 0"},
        {"needs", "kebutuhan would have no build-back-better factor"},
        {"people", "the displaced would be counted with no household size or rates"},
        {"minimum_needs", "the displaced would get no minimum needs (Perka BNPB 7/2008)"}};
    for (const auto& [section, without] : needed) {
        const bool of_people =
            std::string(section) == "people" || std::string(section) == "minimum_needs";
        if ((of_people && !counts_people) || root[section] || defaults[section]) continue;
        r.fail(root, section,
               fmt::format("neither the scenario nor the defaults file {} has a `{}:` section, "
                           "which this run needs: {}",
                           defaults_label, section, without));
    }
    // A scheme the scenario writes itself must name sub-sectors that exist: the sectors' and
    // those of the defaults' own schemes (the Perka 15/2011 list).
    const YAML::Node own = root["clusters"] && root["clusters"].IsMap()
                               ? root["clusters"][s.damage.cluster_scheme]
                               : YAML::Node();
    const YAML::Node shipped = defaults["clusters"];
    if (!own || !own.IsMap() || !shipped || !shipped.IsMap()) return;
    std::vector<std::string> known;
    auto add = [&](const std::string& name) {
        if (std::find(known.begin(), known.end(), name) == known.end()) known.push_back(name);
    };
    for (const auto& [type, sector] : s.damage.sectors) add(sector.sub_sector);
    for (const auto& e : s.exposures)
        for (const auto& [type, sector] : e.sector_of_type) add(sector.sub_sector);
    for (const auto& scheme : shipped)
        if (scheme.second.IsMap())
            for (const auto& entry : scheme.second) add(entry.first.Scalar());
    for (const auto& entry : own) {
        const std::string sub = entry.first.Scalar();
        if (std::find(known.begin(), known.end(), sub) != known.end()) continue;
        std::sort(known.begin(), known.end());
        r.fail(entry.first, "clusters." + s.damage.cluster_scheme + "." + sub,
               fmt::format("'{}' is not a sub-sector; {}the sub-sectors are: {}", sub,
                           did_you_mean(sub, known), join(known)));
    }
}

Scenario read_scenario(const ScenarioReader& r, const YAML::Node& root, const std::string& text,
                       const std::string& file_label, const std::string& defaults_text,
                       const std::string& defaults_label) {
    std::vector<std::string> top_keys = {"version", "name",      "hazard_type", "admin",
                                         "hazard",  "exposures", "output",      "defaults"};
    top_keys.insert(top_keys.end(), damage_model_keys().begin(), damage_model_keys().end());
    r.check_keys(root, "", top_keys);

    Scenario s;
    s.file = file_label;
    s.text = text;
    const long version = r.integer(r.required(root, "", "version"), "version");
    if (version != 1)
        r.fail(root["version"], "version",
               fmt::format("unsupported scenario version {}; this jitupasna reads version 1",
                           version));
    s.version = 1;
    s.name = r.required_string(root, "", "name");
    s.hazard_type = r.required_string(root, "", "hazard_type");
    if (std::find(kHazardTypes.begin(), kHazardTypes.end(), s.hazard_type) == kHazardTypes.end())
        r.fail(root["hazard_type"], "hazard_type",
               fmt::format("'{}' is not a hazard type; use one of: {}", s.hazard_type,
                           join(kHazardTypes)));
    s.admin = parse_admin(r, r.required(root, "", "admin"));
    s.hazard = parse_hazard(r, r.required(root, "", "hazard"));

    const YAML::Node exposures = r.required(root, "", "exposures");
    if (!exposures.IsSequence() || exposures.size() == 0)
        r.fail(exposures, "exposures", "expected a list with at least one exposure");
    std::set<std::string> names;
    for (std::size_t i = 0; i < exposures.size(); ++i) {
        const std::string key = fmt::format("exposures[{}]", i);
        s.exposures.push_back(parse_exposure(r, exposures[i], key));
        if (!names.insert(s.exposures.back().name).second)
            r.fail(exposures[i]["name"], key + ".name",
                   fmt::format("exposure name '{}' is used twice", s.exposures.back().name));
    }
    if (const auto output = r.optional_string(root, "", "output"))
        s.output = r.resolve_path(*output);

    // The damage model: the defaults file with the scenario's own keys laid over it.
    YAML::Node defaults;
    if (!defaults_text.empty()) {
        try {
            defaults = YAML::Load(defaults_text);
        } catch (const YAML::ParserException& e) {
            throw ConfigError(fmt::format("{}:{}:{}: invalid YAML: {}", defaults_label,
                                          e.mark.line + 1, e.mark.column + 1, e.msg));
        }
    }
    // The defaults alone first, so that a mistake in them is reported under their own name.
    if (defaults) {
        const ScenarioReader defaults_reader(defaults_label, "");
        defaults_reader.check_unique_keys(defaults, "");
        parse_damage_model(defaults_reader,
                           merge_over_defaults(defaults, YAML::Node(YAML::NodeType::Map)));
    }
    s.damage = parse_damage_model(r, merge_over_defaults(defaults, root));

    s.defaults_file = defaults_label;
    s.defaults_text = defaults_text;
    // `none` in a per-type map means no damage: a function of that name could not be named.
    if (s.damage.functions.count(kNoDamageFunction))
        r.fail(root["vulnerability"], std::string("vulnerability.") + kNoDamageFunction,
               fmt::format("'{}' is reserved (`<type>: {}` says a type takes no damage); give the "
                           "function another name",
                           kNoDamageFunction, kNoDamageFunction));
    bool any_vulnerability = false;
    for (std::size_t i = 0; i < s.exposures.size(); ++i) {
        for (const auto& [type, function] : s.exposures[i].vulnerability_of_type) {
            any_vulnerability = true;
            if (!s.damage.functions.count(function)) {
                std::vector<std::string> known;
                for (const auto& f : s.damage.functions) known.push_back(f.first);
                r.fail(exposures[i]["vulnerability"], fmt::format("exposures[{}].vulnerability", i),
                       fmt::format("no vulnerability function '{}'; defined: {}", function,
                                   known.empty() ? std::string("(none)") : join(known)));
            }
        }
    }
    check_references(r, root, s);
    if (any_vulnerability && !defaults_text.empty())
        check_damage_sections(r, root, defaults, defaults_label, s);
    if (s.hazard.classes.empty() && !any_vulnerability)
        r.fail(root["hazard"], "hazard.classes",
               "required key is missing (it may be left out only when exposures have a "
               "vulnerability)");
    return s;
}

}  // namespace

namespace {
std::optional<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
}  // namespace

Scenario load_scenario(const std::string& path, const std::string& defaults_file) {
    if (const auto kind = not_a_regular_file(path))
        throw ConfigError(fmt::format("{}: the scenario is {}, not a regular file", path, *kind));
    const auto text = read_text_file(path);
    if (!text) throw ConfigError(fmt::format("{}: cannot read the scenario file", path));
    const fs::path base = fs::absolute(fs::path(path)).parent_path();
    // A scenario may name its own defaults (a province's copy), relative to itself.
    std::string defaults_path = defaults_file;
    try {
        const YAML::Node root = YAML::Load(*text);
        if (root.IsMap() && root["defaults"] && root["defaults"].IsScalar())
            defaults_path = ScenarioReader(path, base.string())
                                .resolve_path(root["defaults"].as<std::string>());
    } catch (const YAML::Exception&) {
        // parse_scenario reports syntax errors with their position
    }
    std::string defaults_text;
    if (!defaults_path.empty()) {
        // A folder or an empty file would read as "no defaults": a run with zero costs.
        std::error_code ec;
        if (!fs::exists(defaults_path, ec))
            throw ConfigError(
                fmt::format("{}: the defaults file {} is not found", path, defaults_path));
        if (const auto kind = not_a_regular_file(defaults_path))
            throw ConfigError(fmt::format("{}: the defaults file {} is {}, not a regular file",
                                          path, defaults_path, *kind));
        const auto loaded = read_text_file(defaults_path);
        if (!loaded)
            throw ConfigError(
                fmt::format("{}: cannot read the defaults file {}", path, defaults_path));
        if (loaded->find_first_not_of(" \t\r\n") == std::string::npos)
            throw ConfigError(
                fmt::format("{}: the defaults file {} is empty", path, defaults_path));
        defaults_text = *loaded;
    }
    return parse_scenario(*text, path, base.string(), defaults_text, defaults_path);
}

}  // namespace jitupasna::core
