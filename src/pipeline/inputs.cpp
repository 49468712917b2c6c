#include "inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/pipeline/work_context.hpp"

namespace jitupasna::pipeline {

namespace fs = std::filesystem;

namespace {

bool overlaps(const core::Envelope& a, const core::Envelope& b) {
    return a.xmin <= b.xmax && b.xmin <= a.xmax && a.ymin <= b.ymax && b.ymin <= a.ymax;
}

std::string envelope_text(const core::Envelope& e) {
    return fmt::format("({:.6g}, {:.6g}) - ({:.6g}, {:.6g})", e.xmin, e.ymin, e.xmax, e.ymax);
}

// How many examples (values, lines, FIDs) a message names.
constexpr std::size_t kExamples = 5;

std::string comma_list(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

std::string quoted_list(const std::vector<std::string>& values, long long total) {
    std::string out;
    for (std::size_t i = 0; i < values.size() && i < kExamples; ++i)
        out += fmt::format("{}'{}'", i ? ", " : "", values[i]);
    if (total > static_cast<long long>(std::min(values.size(), kExamples)))
        out += fmt::format(", ... ({} in all)", core::count_text(total));
    return out;
}

template <typename T>
std::string number_list(const std::vector<T>& values, long long total) {
    std::string out;
    for (std::size_t i = 0; i < values.size() && i < kExamples; ++i)
        out += fmt::format("{}{}", i ? ", " : "", values[i]);
    if (total > static_cast<long long>(std::min(values.size(), kExamples))) out += ", ...";
    return out;
}

bool is_number_type(OGRFieldType type) {
    return type == OFTInteger || type == OFTInteger64 || type == OFTReal;
}

// Codes compare as text: a code column read as a decimal number has lost what made it a code
// (11.10 reads 11.1, 11.20 reads 11.2).
void require_code_field(const OGRFeatureDefn& defn, int field, const std::string& role,
                        const std::string& key, const std::string& description) {
    const OGRFieldDefn* f = defn.GetFieldDefn(field);
    if (f->GetType() != OFTReal) return;
    throw ConfigError(fmt::format(
        "{}: {} '{}' of {} is a Real (decimal) column: codes such as 11.10 would read as 11.1; "
        "store the codes as text (for a CSV: remove its .csvt or mark the column \"String\", "
        "and do not use AUTODETECT_TYPE)",
        role, key, f->GetNameRef(), description));
}

// The geometries each kind measures: roads are lines, areas and counts per polygon are
// polygons; structures may be points, lines or polygons (counted whole).
void require_geometry_for_kind(const core::ExposureConfig& e, const io::VectorSource& source) {
    const OGRwkbGeometryType type = OGR_GT_Flatten(source.definition().GetGeomType());
    if (type == wkbUnknown || type == wkbGeometryCollection) return;  // mixed: cannot tell
    const char* kind = core::kind_name(e.kind);
    const std::string what = fmt::format("exposure '{}' ({}.kind: {})", e.name, e.input.key, kind);
    const char* type_name = OGRGeometryTypeToName(type);
    if (type == wkbNone)
        throw ConfigError(fmt::format("{}: {} has no geometry; a {} exposure needs {}", what,
                                      source.description(), kind,
                                      e.kind == core::ExposureKind::road ? "lines" : "geometries"));
    const bool lines =
        OGR_GT_IsSubClassOf(type, wkbCurve) || type == wkbMultiLineString || type == wkbMultiCurve;
    const bool polygons = OGR_GT_IsSubClassOf(type, wkbCurvePolygon) || type == wkbMultiPolygon ||
                          type == wkbMultiSurface || OGR_GT_IsSubClassOf(type, wkbSurface) ||
                          OGR_GT_IsSubClassOf(type, wkbMultiSurface);
    switch (e.kind) {
        case core::ExposureKind::road:
            if (!lines)
                throw ConfigError(fmt::format(
                    "{}: {} is a {} layer; roads are measured by length and need lines{}", what,
                    source.description(), type_name,
                    polygons ? " (use kind: area for polygons, or structure to count them)" : ""));
            break;
        case core::ExposureKind::area:
        case core::ExposureKind::aggregate:
        case core::ExposureKind::population:
            if (!polygons)
                throw ConfigError(fmt::format(
                    "{}: {} is a {} layer; a {} exposure is measured by area and needs "
                    "polygons{}",
                    what, source.description(), type_name, kind,
                    lines ? " (use kind: road for lines)" : " (use kind: structure for points)"));
            break;
        case core::ExposureKind::structure:
            break;
    }
}

struct Prices {
    std::size_t damaged_types = 0;
    std::vector<std::string> unpriced;  // damaged types with no value rule: kerusakan Rp 0
};

// A value rule's value_field must hold numbers (Rupiah per feature); which damaged types have
// no value rule at all.
Prices check_value_rules(const core::Scenario& s, const core::ExposureConfig& e,
                         const io::VectorSource& source) {
    Prices prices;
    if (!e.has_vulnerability()) return prices;
    const core::AssetTypeMapper types =
        e.type_field ? core::AssetTypeMapper(e.types) : core::AssetTypeMapper({}, e.name);
    for (const auto& type : types.labels()) {
        if (!e.function_for(type)) continue;
        ++prices.damaged_types;
        const PriceRule price = price_rule(s.damage, e, type);
        if (!price.rule || price.rule->kind == core::ValueRule::Kind::none)
            prices.unpriced.push_back(type);
        if (price.rule && price.rule->kind == core::ValueRule::Kind::value_field)
            source.numeric_field_index(price.rule->value_field, price.key + ".value_field");
    }
    return prices;
}

// Damage with no price gives kerusakan Rp 0 without a word: a warning per exposure naming the
// types, and an error when nothing is priced and there is no `costs` section at all (a
// defaults file that lacks it).
void check_prices(const core::Scenario& s,
                  const std::vector<std::pair<std::string, std::vector<std::string>>>& unpriced,
                  std::size_t damaged_types, std::vector<std::string>& warnings) {
    std::size_t unpriced_types = 0;
    for (const auto& [exposure, types] : unpriced) unpriced_types += types.size();
    if (damaged_types > 0 && unpriced_types == damaged_types && s.damage.costs.empty())
        throw ConfigError(fmt::format(
            "costs: neither the scenario nor the defaults file {} has a `costs:` section and no "
            "exposure has a `value:`, so every kerusakan would be Rp 0",
            s.defaults_file.empty() ? "(none)" : s.defaults_file));
    for (const auto& [exposure, types] : unpriced) {
        if (types.empty()) continue;
        std::string names;
        for (const auto& t : types) names += (names.empty() ? "'" : ", '") + t + "'";
        warnings.push_back(fmt::format(
            "exposure '{}': asset type(s) {} have a vulnerability function but no value (no "
            "`costs.<type>` in the scenario or the defaults, no `value:` on the exposure): their "
            "kerusakan is Rp 0",
            exposure, names));
    }
}

}  // namespace

std::string unassessed_type_warning(const core::ExposureConfig& config,
                                    const std::string& asset_type, long long features,
                                    std::optional<long long> in_hazard) {
    const std::string where =
        in_hazard ? fmt::format("; {} of them lie in the hazard", core::count_text(*in_hazard))
                  : std::string("; `run` tells how many lie in the hazard");
    return fmt::format(
        "exposure '{}': {} feature(s) have asset type '{}' ({} values not listed under "
        "`types:`), which has no function in its vulnerability map ({}){}; they get no damage "
        "and Rp 0. Give `{}` a function, or write `{}: {}` if they take no damage",
        config.name, core::count_text(features), asset_type,
        config.type_field ? fmt::format("type_field '{}'", *config.type_field)
                          : std::string("feature"),
        config.vulnerability_map_text(), where, asset_type, asset_type, core::kNoDamageFunction);
}

// ---- the joined table ----

JoinTable read_join_table(const core::ExposureConfig& config) {
    const core::JoinConfig& join = *config.join;
    const std::string role = fmt::format("exposure '{}' join", config.name);
    const std::string key = join.input.key;  // "exposures[i].join"
    io::VectorSource table(join.input, role, io::VectorSource::CrsRequired::no);
    const int key_field = table.field_index(join.key, key + ".key");
    const int count_field =
        table.field_index(*config.count_field, config.input.key + ".count_field");
    require_code_field(table.definition(), key_field, role, key + ".key", table.description());
    const OGRFieldType count_type = table.definition().GetFieldDefn(count_field)->GetType();
    const bool csv = table.driver_name() == "CSV";
    // A CSV's cells are text: GDAL's own reading (a .csvt, AUTODETECT_TYPE) turns 1.234.567
    // into 1 without a word, so counts are parsed here from the text.
    if (csv && count_type != OFTString)
        throw ConfigError(fmt::format(
            "{}: count_field '{}' of {} is read as {} (from a .csvt file or AUTODETECT_TYPE); "
            "jitupasna reads a CSV's counts as text to check every cell: mark the column "
            "\"String\" or remove the .csvt",
            role, *config.count_field, table.description(),
            OGRFieldDefn::GetFieldTypeName(count_type)));
    if (count_type != OFTString && !is_number_type(count_type))
        throw ConfigError(fmt::format("{}: count_field '{}' of {} is {}, not a number or text",
                                      role, *config.count_field, table.description(),
                                      OGRFieldDefn::GetFieldTypeName(count_type)));
    JoinTable out;
    out.description = table.description();
    // A CSV's feature ids count its data rows from 1: the header is line 1.
    auto where = [&](const OGRFeature& row) {
        return csv ? fmt::format("line {}", row.GetFID() + 1) : fmt::format("row {}", row.GetFID());
    };
    std::vector<std::string> empty_rows;
    long long empty = 0;
    // Under number_format en (id), a decimal point (comma) followed by exactly three digits is
    // also how the other format writes thousands: 1.250 read as 1.25 under en. When every
    // decimal value of the column looks so, the format is likely the wrong one.
    const char decimal_mark = join.number_format == core::NumberFormat::id ? ',' : '.';
    long long decimals = 0, thousand_like = 0;
    std::string thousand_example;
    auto looks_like_thousands = [&](const std::string& text) {
        const auto mark = text.find(decimal_mark);
        if (mark == std::string::npos) return false;
        ++decimals;
        const std::string fraction = text.substr(mark + 1);
        return fraction.size() == 3 &&
               fraction.find_first_not_of("0123456789") == std::string::npos;
    };
    for (auto& row : table.layer()) {
        core::throw_if_interrupted();
        if (!row->IsFieldSetAndNotNull(key_field)) continue;
        const std::string code = row->GetFieldAsString(key_field);
        std::optional<double> count;
        if (count_type == OFTString) {
            const std::string text =
                row->IsFieldSetAndNotNull(count_field) ? row->GetFieldAsString(count_field) : "";
            if (text.find_first_not_of(" \t") != std::string::npos) {
                count = core::parse_number_text(text, join.number_format);
                if (count && join.number_format != core::NumberFormat::plain &&
                    looks_like_thousands(text) && ++thousand_like == 1)
                    thousand_example = fmt::format("'{}' on {}", text, where(*row));
                if (!count) {
                    // What the other formats would read (both, when both can: 12,500).
                    std::vector<std::string> readings;
                    for (auto format : {core::NumberFormat::id, core::NumberFormat::en})
                        if (format != join.number_format)
                            if (auto v = core::parse_number_text(text, format))
                                readings.push_back(fmt::format(
                                    "{} with {}.number_format: {}",
                                    *v == std::floor(*v) ? core::count_text(std::llround(*v))
                                                         : fmt::format("{}", *v),
                                    key, core::number_format_name(format)));
                    const std::string hint =
                        readings.empty() ? "" : "; it reads " + comma_list(readings, " or ");
                    throw ConfigError(fmt::format(
                        "{}: {} of {}, column '{}' (key '{}'): '{}' is not a {} number{}{}", role,
                        where(*row), table.description(), *config.count_field, code, text,
                        join.number_format == core::NumberFormat::plain
                            ? std::string("plain")
                            : fmt::format("number_format: {}",
                                          core::number_format_name(join.number_format)),
                        join.number_format == core::NumberFormat::plain
                            ? " (no thousands separators; give join.number_format: id for "
                              "1.234.567,89 or en for 1,234,567.89)"
                            : "",
                        hint));
                }
            }
        } else if (row->IsFieldSetAndNotNull(count_field)) {
            count = row->GetFieldAsDouble(count_field);
        }
        if (count && (!std::isfinite(*count) || *count < 0))
            throw DataError(fmt::format(
                "{}: {} of {}, column '{}' (key '{}'): {} is not a count (negative or not "
                "finite)",
                role, where(*row), table.description(), *config.count_field, code,
                row->GetFieldAsString(count_field)));
        if (!count) {
            ++empty;
            if (empty_rows.size() < kExamples)
                empty_rows.push_back(fmt::format("{} (key '{}')", where(*row), code));
        }
        const std::size_t index = out.keys.size();
        if (!out.row_of_key.emplace(code, index).second)
            throw DataError(
                fmt::format("{}: key '{}' appears twice in {}", role, code, table.description()));
        out.keys.push_back(code);
        out.counts.push_back(count);
    }
    // Counts with exactly three decimals in every fractional row are thousands written the
    // other way: read as fractions, they would be a thousand times too few.
    if (thousand_like > 0 && thousand_like == decimals)
        throw ConfigError(fmt::format(
            "{}: column '{}' of {}: every decimal value ({}, e.g. {}) has exactly three digits "
            "after the '{}', as the other format writes thousands; {}.number_format: {} would "
            "read them as fractions of a count: check the table, or use number_format: {}",
            role, *config.count_field, table.description(), core::count_text(thousand_like),
            thousand_example, decimal_mark, key, core::number_format_name(join.number_format),
            join.number_format == core::NumberFormat::id ? "en" : "id"));
    if (empty > 0)
        out.warnings.push_back(fmt::format(
            "{}: column '{}' of {} is empty on {} row(s): {}{}; features joined to them count as "
            "missing (0)",
            role, *config.count_field, table.description(), core::count_text(empty),
            comma_list(empty_rows),
            empty > static_cast<long long>(empty_rows.size()) ? ", ..." : ""));
    return out;
}

std::string defaults_file() {
    if (const char* env = std::getenv("JITUPASNA_DEFAULTS")) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed =
            exe.parent_path().parent_path() / "share" / "jitupasna" / "jitupasna_defaults.yaml";
        if (fs::exists(installed)) return installed.string();
    }
    if (fs::exists(JITUPASNA_SOURCE_DEFAULTS)) return JITUPASNA_SOURCE_DEFAULTS;
    return "";
}

// ---- the attributes of features ----

namespace {
// "negative on 2 feature(s), NaN or infinite on 1": what is wrong with a field's numbers.
std::string unusable_numbers(long long negative, long long not_finite) {
    std::vector<std::string> what;
    if (negative > 0)
        what.push_back(fmt::format("negative on {} feature(s)", core::count_text(negative)));
    if (not_finite > 0)
        what.push_back(fmt::format("NaN or infinite on {}", core::count_text(not_finite)));
    return comma_list(what);
}
}  // namespace

PriceRule price_rule(const core::DamageModel& damage, const core::ExposureConfig& e,
                     const std::string& asset_type) {
    if (auto it = e.value_of_type.find(asset_type); it != e.value_of_type.end())
        return {&it->second, fmt::format("{}.value.{}", e.input.key, asset_type)};
    if (auto c = damage.costs.find(asset_type); c != damage.costs.end())
        return {&c->second, fmt::format("costs.{}", asset_type)};
    return {};
}

void AttributeAudit::merge(const AttributeAudit& later) {
    features += later.features;
    types.merge(later.types);
    join_unmatched += later.join_unmatched;
    for (const auto& k : later.unmatched_keys)
        if (unmatched_keys.size() < kExamples &&
            std::find(unmatched_keys.begin(), unmatched_keys.end(), k) == unmatched_keys.end())
            unmatched_keys.push_back(k);
    for (std::size_t i = 0; i < later.table_row_used.size() && i < table_row_used.size(); ++i)
        if (later.table_row_used[i]) table_row_used[i] = true;
    missing_numbers += later.missing_numbers;
    negative += later.negative;
    not_finite += later.not_finite;
    for (long long fid : later.bad_fids)
        if (bad_fids.size() < kExamples) bad_fids.push_back(fid);
    value_missing += later.value_missing;
    value_negative += later.value_negative;
    value_not_finite += later.value_not_finite;
    for (long long fid : later.value_missing_fids)
        if (value_missing_fids.size() < kExamples) value_missing_fids.push_back(fid);
    for (long long fid : later.value_bad_fids)
        if (value_bad_fids.size() < kExamples) value_bad_fids.push_back(fid);
}

namespace {
core::AssetTypeMapper type_mapper(const core::ExposureConfig& config) {
    // Without a type field every feature is of one type, named after the exposure.
    if (!config.type_field) return core::AssetTypeMapper({}, config.name);
    return core::AssetTypeMapper(config.types);
}

int optional_field(const io::VectorSource& source, const std::optional<std::string>& field,
                   const std::string& key) {
    return field ? source.field_index(*field, key) : -1;
}
}  // namespace

AttributeReader::AttributeReader(const core::ExposureConfig& config, const io::VectorSource& source,
                                 const JoinTable* join, const core::DamageModel& damage)
    : config_(config),
      source_(source),
      join_(join),
      types_(type_mapper(config)),
      type_field_(optional_field(source, config.type_field, config.input.key + ".type_field")),
      number_field_(
          optional_field(source, config.number_field, config.input.key + ".number_field")) {
    if (join_)
        join_field_ = source.field_index(config.join->field, config.input.key + ".join.field");
    else if (config.kind == core::ExposureKind::aggregate ||
             config.kind == core::ExposureKind::population)
        count_field_ =
            optional_field(source, config.count_field, config.input.key + ".count_field");
    for (const auto& type : types_.labels()) {
        ValueField value;
        const PriceRule price = price_rule(damage, config, type);
        if (config.function_for(type) && price.rule &&
            price.rule->kind == core::ValueRule::Kind::value_field) {
            value.key = price.key + ".value_field";
            value.index = source.numeric_field_index(price.rule->value_field, value.key);
        }
        value_field_of_type_.push_back(std::move(value));
    }
}

AttributeAudit AttributeReader::batch_audit() const {
    return AttributeAudit(join_ ? join_->keys.size() : 0, static_cast<std::size_t>(-1));
}

AttributeAudit AttributeReader::total_audit() const {
    return AttributeAudit(join_ ? join_->keys.size() : 0);
}

std::size_t AttributeReader::asset_type(const OGRFeature& feature, AttributeAudit& audit) const {
    ++audit.features;
    if (type_field_ < 0) return types_.type_of(std::nullopt);
    std::optional<std::string_view> raw;
    if (feature.IsFieldSetAndNotNull(type_field_)) raw = feature.GetFieldAsString(type_field_);
    const std::optional<std::size_t> listed = raw ? types_.listed_type(*raw) : std::nullopt;
    if (!config_.types.empty()) audit.types.add(raw, listed.has_value());
    return listed ? *listed : types_.type_of(std::nullopt);
}

std::optional<double> AttributeReader::number(const OGRFeature& feature,
                                              AttributeAudit& audit) const {
    std::optional<double> value;
    int field = -1;
    if (join_) {
        if (!feature.IsFieldSetAndNotNull(join_field_)) {
            ++audit.join_unmatched;
            return std::nullopt;
        }
        const char* key = feature.GetFieldAsString(join_field_);
        const auto row = join_->row_of_key.find(key);
        if (row == join_->row_of_key.end()) {
            ++audit.join_unmatched;
            if (audit.unmatched_keys.size() < kExamples &&
                std::find(audit.unmatched_keys.begin(), audit.unmatched_keys.end(), key) ==
                    audit.unmatched_keys.end())
                audit.unmatched_keys.emplace_back(key);
            return std::nullopt;
        }
        audit.table_row_used[row->second] = true;
        value = join_->counts[row->second];  // checked when the table was read
        if (!value) ++audit.missing_numbers;
        return value;
    }
    field = number_field_ >= 0 ? number_field_ : count_field_;
    if (field < 0) return std::nullopt;
    if (!feature.IsFieldSetAndNotNull(field)) {
        ++audit.missing_numbers;
        return std::nullopt;
    }
    value = feature.GetFieldAsDouble(field);
    if (std::isfinite(*value) && *value >= 0) return value;
    ++(std::isfinite(*value) ? audit.negative : audit.not_finite);
    if (audit.bad_fids.size() < kExamples) audit.bad_fids.push_back(feature.GetFID());
    return std::nullopt;
}

std::optional<double> AttributeReader::value(const OGRFeature& feature, std::size_t asset_type,
                                             AttributeAudit& audit) const {
    const int field = value_field_of_type_[asset_type].index;
    if (field < 0) return std::nullopt;
    if (!feature.IsFieldSetAndNotNull(field)) {
        ++audit.value_missing;
        if (audit.value_missing_fids.size() < kExamples)
            audit.value_missing_fids.push_back(feature.GetFID());
        return std::nullopt;
    }
    const double value = feature.GetFieldAsDouble(field);
    if (std::isfinite(value) && value >= 0) return value;
    ++(std::isfinite(value) ? audit.value_negative : audit.value_not_finite);
    if (audit.value_bad_fids.size() < kExamples) audit.value_bad_fids.push_back(feature.GetFID());
    return std::nullopt;
}

std::vector<std::string> AttributeReader::fields() const {
    std::vector<int> used{type_field_, number_field_, count_field_, join_field_};
    for (const auto& value : value_field_of_type_) used.push_back(value.index);
    std::vector<std::string> out;
    for (int f : used) {
        if (f < 0) continue;
        std::string name = source_.definition().GetFieldDefn(f)->GetNameRef();
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    }
    return out;
}

bool AttributeReader::audits_something() const {
    const bool values = std::any_of(value_field_of_type_.begin(), value_field_of_type_.end(),
                                    [](const ValueField& v) { return v.index >= 0; });
    return !config_.types.empty() || number_field_ >= 0 || count_field_ >= 0 || join_ || values;
}

// The value_field keys in use, with their fields: "costs.rumah.value_field 'nilai'".
std::string AttributeReader::value_fields_text() const {
    std::vector<std::string> named;
    for (const auto& value : value_field_of_type_) {
        if (value.index < 0) continue;
        std::string text = fmt::format(
            "{} '{}'", value.key, source_.definition().GetFieldDefn(value.index)->GetNameRef());
        if (std::find(named.begin(), named.end(), text) == named.end())
            named.push_back(std::move(text));
    }
    return comma_list(named);
}

std::string AttributeReader::join_summary(const AttributeAudit& total) const {
    if (!join_) return "";
    long long unused = 0;
    for (bool used : total.table_row_used) unused += used ? 0 : 1;
    return fmt::format(
        "{} of {} features matched a row of {}; {} of its {} rows matched no feature",
        core::count_text(total.features - total.join_unmatched), core::count_text(total.features),
        join_->description, core::count_text(unused),
        core::count_text(static_cast<long long>(join_->keys.size())));
}

std::vector<std::string> AttributeReader::findings(const AttributeAudit& total) const {
    std::vector<std::string> warnings;
    const std::string subject = fmt::format("exposure '{}'", config_.name);
    if (!config_.types.empty()) {
        core::ValueMapping mapping{subject,
                                   fmt::format("type_field '{}'", *config_.type_field),
                                   core::kOtherAssetType,
                                   "feature",
                                   config_.input.key + ".types",
                                   {}};
        for (const auto& [name, values] : config_.types)
            mapping.entries.push_back({config_.input.key + ".types." + name, name, values});
        core::MappingReview review = core::review_mapping(mapping, total.types);
        if (review.error) throw ConfigError(*review.error);
        for (auto& w : review.warnings) warnings.push_back(std::move(w));
    }
    const int number_field = number_field_ >= 0 ? number_field_ : count_field_;
    if (number_field >= 0 && total.negative + total.not_finite > 0) {
        const std::string name = source_.definition().GetFieldDefn(number_field)->GetNameRef();
        const std::string key =
            config_.input.key + (number_field_ >= 0 ? ".number_field" : ".count_field");
        throw DataError(fmt::format(
            "{}: {} '{}' in {} is {} (FIDs {}); a count must be a finite number, 0 or more: fix "
            "those features or leave them out with `where: \"{} >= 0\"`",
            subject, key, name, source_.description(),
            unusable_numbers(total.negative, total.not_finite),
            number_list(total.bad_fids, total.negative + total.not_finite), name));
    }
    if (join_ && total.features > 0) {
        const core::JoinConfig& join = *config_.join;
        const long long matched = total.features - total.join_unmatched;
        const std::string fields =
            fmt::format("{}.join.field '{}' (in {}) and join.key '{}' (in {})", config_.input.key,
                        join.field, source_.description(), join.key, join_->description);
        std::vector<std::string> unused;
        long long unused_count = 0;
        for (std::size_t i = 0; i < join_->keys.size(); ++i)
            if (!total.table_row_used[i]) {
                ++unused_count;
                if (unused.size() < kExamples) unused.push_back(join_->keys[i]);
            }
        if (matched == 0)
            throw ConfigError(fmt::format(
                "{}: no feature's key matches the joined table: {} share no value (the features "
                "have e.g. {}; the table has e.g. {}); keys are compared as text, exactly",
                subject, fields, quoted_list(total.unmatched_keys, total.join_unmatched),
                quoted_list(std::vector<std::string>(
                                join_->keys.begin(),
                                join_->keys.begin() + static_cast<std::ptrdiff_t>(
                                                          std::min(join_->keys.size(), kExamples))),
                            static_cast<long long>(join_->keys.size()))));
        const std::string rows_left =
            unused_count == 0
                ? std::string()
                : fmt::format(
                      "; {} of the table's {} rows match no feature ({}), their counts "
                      "are not in the run",
                      core::count_text(unused_count),
                      core::count_text(static_cast<long long>(join_->keys.size())),
                      quoted_list(unused, unused_count));
        if (total.join_unmatched > 0) {
            warnings.push_back(fmt::format(
                "{}: the join matched {} of {} features ({:.1f} %): {} feature(s) without a "
                "match ({}) count 0{}; {}",
                subject, core::count_text(matched), core::count_text(total.features),
                100.0 * static_cast<double>(matched) / static_cast<double>(total.features),
                core::count_text(total.join_unmatched),
                total.unmatched_keys.empty()
                    ? std::string("their key is NULL")
                    : quoted_list(total.unmatched_keys, total.join_unmatched),
                rows_left, fields));
        }
        // Rows left over while every feature matched are normal (a province's layer joined
        // to the national table): join_summary tells them, in check and run_info.
    }
    if (total.missing_numbers > 0) {
        const bool structures = config_.kind == core::ExposureKind::structure;
        warnings.push_back(fmt::format("{}: {} feature(s) have no {} value ({}; counted as {})",
                                       subject, core::count_text(total.missing_numbers),
                                       structures ? "number_field" : "count",
                                       structures ? *config_.number_field
                                                  : (join_ ? "an empty cell in the joined table"
                                                           : "count_field " + *config_.count_field),
                                       structures ? "1" : "0"));
    }
    if (total.value_negative + total.value_not_finite > 0) {
        throw DataError(fmt::format(
            "{}: {} in {} is {} (FIDs {}); a value in Rupiah must be a finite number, 0 or more",
            subject, value_fields_text(), source_.description(),
            unusable_numbers(total.value_negative, total.value_not_finite),
            number_list(total.value_bad_fids, total.value_negative + total.value_not_finite)));
    }
    if (total.value_missing > 0)
        warnings.push_back(
            fmt::format("{}: {} is NULL on {} feature(s) (FIDs {}): their kerusakan counts as Rp 0",
                        subject, value_fields_text(), core::count_text(total.value_missing),
                        number_list(total.value_missing_fids, total.value_missing)));
    return warnings;
}

void check_extents(OpenedInputs& in) {
    const auto& units = in.admin_model.finest().units;
    core::GeosContext ctx;
    std::optional<core::Envelope> admin;
    std::vector<core::GeomPtr> geometries;
    std::vector<core::Envelope> envelopes;
    for (const auto& unit : units) {
        core::throw_if_interrupted();  // tens of thousands of kelurahan take a while to parse
        if (unit.wkb.empty()) continue;
        geometries.push_back(core::geom_from_wkb(ctx, unit.wkb));
        const core::Envelope e = core::envelope(ctx, geometries.back().get());
        envelopes.push_back(e);
        if (!admin) admin = e;
        admin->xmin = std::min(admin->xmin, e.xmin);
        admin->ymin = std::min(admin->ymin, e.ymin);
        admin->xmax = std::max(admin->xmax, e.xmax);
        admin->ymax = std::max(admin->ymax, e.ymax);
    }
    if (!admin) return;
    const std::string admin_text = envelope_text(*admin);
    for (std::size_t i = 0; i < in.exposures.size(); ++i) {
        io::VectorSource* source = in.exposures[i].get();
        if (!source) continue;
        const auto extent = source->extent();
        if (!extent) continue;
        double xmin = extent->MinX, ymin = extent->MinY, xmax = extent->MaxX, ymax = extent->MaxY;
        const io::TransformPtr ct = io::make_transform(source->crs(), in.admin->crs(),
                                                       source->role() + " to the admin CRS");
        if (ct && !ct->TransformBounds(xmin, ymin, xmax, ymax, &xmin, &ymin, &xmax, &ymax, 21))
            continue;
        const core::Envelope e{xmin, ymin, xmax, ymax};
        if (!overlaps(e, *admin))
            throw DataError(fmt::format(
                "{}: {} lies entirely outside the admin units (its extent {} vs {} in the admin "
                "CRS); check both layers' CRS",
                source->role(), source->description(), envelope_text(e), admin_text));
    }
    const auto hazard = in.hazard->extent_in_admin_crs();
    if (!hazard || !overlaps(*hazard, *admin))
        throw DataError(fmt::format(
            "hazard: its extent {} does not overlap the admin units ({}); check both layers' CRS",
            hazard ? envelope_text(*hazard) : std::string("(empty)"), admin_text));
    if (!in.hazard->extent_is_coverage()) return;
    // Share of the admin area outside the hazard's extent (planar in the admin CRS: a ratio).
    const core::GeomPtr box = core::box_polygon(ctx, *hazard);
    double total = 0, inside = 0;
    for (std::size_t i = 0; i < geometries.size(); ++i) {
        core::throw_if_interrupted();
        const std::optional<double> area = core::area(ctx, geometries[i].get());
        if (!area) continue;
        total += *area;
        // Only units on the hazard's edge need the (costly) intersection.
        const core::Envelope& e = envelopes[i];
        if (e.xmin >= hazard->xmin && e.xmax <= hazard->xmax && e.ymin >= hazard->ymin &&
            e.ymax <= hazard->ymax)
            inside += *area;
        else if (overlaps(e, *hazard))
            inside += core::intersection_area(ctx, geometries[i].get(), box.get()).value_or(0.0);
    }
    if (total > 0 && inside < total * 0.999)
        in.warnings.push_back(fmt::format(
            "hazard: {:.1f} % of the admin area lies outside the hazard's extent; assets there are "
            "not_exposed",
            100.0 * (1 - inside / total)));
}

OpenedInputs open_inputs(core::Scenario scenario) {
    OpenedInputs in;
    in.scenario = std::move(scenario);
    const auto& s = in.scenario;
    in.admin = std::make_unique<io::VectorSource>(s.admin.input, "admin");
    in.admin->field_index(s.admin.code_field, "admin.code_field");
    in.admin->field_index(s.admin.name_field, "admin.name_field");
    if (s.admin.sublevel)
        in.admin_sub =
            std::make_unique<io::VectorSource>(s.admin.sublevel->input, "admin.sublevel");
    in.classifier = std::make_unique<core::HazardClassifier>(s.hazard.classes);
    // Exposures are opened before the (possibly large) admin and hazard layers are read, so a
    // misspelled field fails fast.
    std::vector<std::pair<std::string, std::vector<std::string>>> unpriced;
    std::size_t damaged_types = 0;
    for (std::size_t i = 0; i < s.exposures.size(); ++i) {
        const auto& e = s.exposures[i];
        const std::string role = fmt::format("exposure '{}'", e.name);
        const std::string key = fmt::format("exposures[{}]", i);
        work_context::set_input(role + ": " + e.input.path);
        if (e.is_raster()) {
            io::RasterSource check(e.input, e.band, role);
            in.exposures.push_back(nullptr);
            continue;
        }
        auto source = std::make_unique<io::VectorSource>(e.input, role);
        require_geometry_for_kind(e, *source);
        if (e.type_field) source->field_index(*e.type_field, key + ".type_field");
        if (e.number_field) source->numeric_field_index(*e.number_field, key + ".number_field");
        if (e.join) {
            const int field = source->field_index(e.join->field, key + ".join.field");
            require_code_field(source->definition(), field, role, key + ".join.field",
                               source->description());
            // Read now, so that a bad cell fails before any work; the run reads it again.
            for (auto& w : read_join_table(e).warnings) in.warnings.push_back(std::move(w));
        } else if (e.count_field) {
            source->numeric_field_index(*e.count_field, key + ".count_field");
        }
        Prices prices = check_value_rules(s, e, *source);
        damaged_types += prices.damaged_types;
        unpriced.emplace_back(e.name, std::move(prices.unpriced));
        in.exposures.push_back(std::move(source));
    }
    check_prices(s, unpriced, damaged_types, in.warnings);
    work_context::set_input("admin: " + in.admin->description());
    in.admin_model = read_admin_model(*in.admin, s.admin, in.admin_sub.get(), in.warnings);
    work_context::set_input("hazard: " + s.hazard.input.path);
    in.hazard = open_hazard(s.hazard, *in.classifier, in.admin->crs(), in.warnings);
    check_extents(in);

    return in;
}

}  // namespace jitupasna::pipeline
