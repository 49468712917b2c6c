#pragma once
// The scenario's inputs, opened and checked: shared by `check` and `run`.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "admin_model.hpp"
#include "hazard_layer.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/vector_source.hpp"

namespace jitupasna::pipeline {

// Every input of a scenario, open.
struct OpenedInputs {
    core::Scenario scenario;
    std::unique_ptr<io::VectorSource> admin;
    std::unique_ptr<io::VectorSource> admin_sub;
    std::unique_ptr<core::HazardClassifier> classifier;
    std::vector<std::string> warnings;
    AdminModel admin_model;
    std::unique_ptr<HazardLayer> hazard;
    std::vector<std::unique_ptr<io::VectorSource>> exposures;  // nullptr for rasters
};

// The damage model's defaults: $JITUPASNA_DEFAULTS, else beside an installed binary
// (share/jitupasna), else the source tree's data/defaults; "" when none is found.
std::string defaults_file();

// Opens every exposure (fields checked first, so typos fail fast), reads the admin level(s)
// and opens the hazard, then checks that they meet (check_extents).
OpenedInputs open_inputs(core::Scenario scenario);

// A table joined to an exposure by code (join:), read and checked: keys compared as text,
// counts parsed from their text in join.number_format (never guessed by GDAL).
struct JoinTable {
    std::string description;                    // "penduduk.csv layer penduduk"
    std::vector<std::string> keys;              // per row, in the table's order
    std::vector<std::optional<double>> counts;  // per row; nullopt: an empty cell
    std::unordered_map<std::string, std::size_t> row_of_key;
    std::vector<std::string> warnings;  // empty cells
};

// Throws ConfigError for a key column read as a decimal number or a cell that is not a number
// in join.number_format (naming file, line and column), DataError for a negative count or a
// key given twice.
JoinTable read_join_table(const core::ExposureConfig& config);

// The value rule that prices one asset type of an exposure (its own `value:` first, then the
// scenario's `costs:`) and the scenario key it is written under; rule nullptr when none.
struct PriceRule {
    const core::ValueRule* rule = nullptr;
    std::string key;  // "exposures.bangunan.value.rumah" or "costs.rumah"
};
PriceRule price_rule(const core::DamageModel& damage, const core::ExposureConfig& e,
                     const std::string& asset_type);

// What the features' attributes held, as the scenario reads them: asset type values, join
// keys, numbers (number_field / count_field) and values in Rupiah (value_field). Batches keep
// their own and merge in order.
struct AttributeAudit {
    explicit AttributeAudit(std::size_t table_rows = 0,
                            std::size_t max_other_types = core::ValueTally::kMaxOtherValues)
        : types(max_other_types), table_row_used(table_rows, false) {}
    void merge(const AttributeAudit& later);

    long long features = 0;
    core::ValueTally types;
    long long join_unmatched = 0;             // features whose key is NULL or not in the table
    std::vector<std::string> unmatched_keys;  // the first few, distinct
    std::vector<bool> table_row_used;
    long long missing_numbers = 0;  // NULL number/count, or an empty joined cell
    long long negative = 0, not_finite = 0;
    std::vector<long long> bad_fids;  // the first few features with either
    // value_field, for the asset types priced by it: NULL (counts as Rp 0), negative or NaN.
    long long value_missing = 0, value_negative = 0, value_not_finite = 0;
    std::vector<long long> value_missing_fids, value_bad_fids;  // the first few
};

// Reads the attributes of an exposure's features that change its numbers, keeping the audit.
// Used by `run` on every feature it assesses and by `check`, which scans the fields alone.
class AttributeReader {
  public:
    // join: the exposure's joined table (nullptr without join).
    AttributeReader(const core::ExposureConfig& config, const io::VectorSource& source,
                    const JoinTable* join, const core::DamageModel& damage);

    const core::AssetTypeMapper& types() const { return types_; }
    // A batch's audit (every distinct value kept: a batch is bounded) or the run's total.
    AttributeAudit batch_audit() const;
    AttributeAudit total_audit() const;
    // The feature's asset type.
    std::size_t asset_type(const OGRFeature& feature, AttributeAudit& audit) const;
    // The units a feature stands for before count_scale: number_field (structures, 1 without
    // it), count_field or the joined count (0 for roads and areas: they carry none, callers
    // use 1). nullopt when missing or unusable (negative, NaN): the audit tells which.
    std::optional<double> number(const OGRFeature& feature, AttributeAudit& audit) const;
    // The feature's own value in Rupiah when its asset type is priced by a value_field;
    // nullopt otherwise, and when NULL or unusable (the audit tells which).
    std::optional<double> value(const OGRFeature& feature, std::size_t asset_type,
                                AttributeAudit& audit) const;
    // The fields the reader uses (for a scan that ignores the others).
    std::vector<std::string> fields() const;
    // Whether the audit can find anything (check scans only then).
    bool audits_something() const;
    // "514 of 514 features matched a row of penduduk.csv ...; 0 of its 514 rows matched no
    // feature" ("" without join), for check and run_info.
    std::string join_summary(const AttributeAudit& total) const;
    // Warnings over all features; throws ConfigError (a listed value or join matching nothing)
    // or DataError (negative or non-finite numbers) instead when the numbers would be wrong.
    std::vector<std::string> findings(const AttributeAudit& total) const;

  private:
    std::string value_fields_text() const;

    const core::ExposureConfig& config_;
    const io::VectorSource& source_;
    const JoinTable* join_;
    core::AssetTypeMapper types_;
    int type_field_ = -1, number_field_ = -1, count_field_ = -1, join_field_ = -1;
    struct ValueField {
        int index = -1;  // -1: the type is not priced by a value_field
        std::string key;
    };
    std::vector<ValueField> value_field_of_type_;  // by asset type index
};

// The warning for features whose asset type (the implicit lainnya: values not listed under
// `types:`) has no vulnerability function in a damage run: they get no damage and Rp 0.
// in_hazard: how many of them lie in the hazard (nullopt for `check`, which does not sample).
std::string unassessed_type_warning(const core::ExposureConfig& config,
                                    const std::string& asset_type, long long features,
                                    std::optional<long long> in_hazard);

// Inputs that cannot meet are an error (a wrong CRS is the usual cause); a hazard that covers
// only part of the admin area is a warning (in in.warnings) with the share left uncovered.
void check_extents(OpenedInputs& in);

}  // namespace jitupasna::pipeline
