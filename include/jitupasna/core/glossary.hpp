#pragma once
// The one catalogue of the words a planner reads: every field jitupasna writes has one entry
// {key, Indonesian label, unit (satuan), short description}. Fields named after the run
// (per-exposure "<exposure>_<class><suffix>", minimum needs "<what>_<unit>_per_<period>",
// damage states "ds_<state>[_std]", "<sublevel>_code") are resolved from the run's facts.
//
// The QGIS aliases and gpkg_data_columns take their labels from here. GDAL-free.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jitupasna/core/output_schema.hpp"

namespace jitupasna::core::glossary {

struct Entry {
    std::string key;          // the field name
    std::string label;        // "Rumah Rusak Berat"
    std::string unit;         // satuan: "unit", "km", "ha", "jiwa", "Rp", "m", "m²"; "" for
                              // codes, names, classes, ratios and scores
    std::string description;  // one short sentence in Bahasa Indonesia
};

// What patterned field names are built from.
struct Context {
    std::vector<std::string> exposures;       // exposure names: prefixes of admin_summary fields
    std::vector<std::string> people;          // those of them counted in people (population)
    std::vector<std::string> hazard_classes;  // class labels, then not_affected, not_exposed
    std::vector<std::string> sublevels;       // admin sub-level names: <sub>_code, <sub>_name
};
Context context_of(const schema::OutputFacts& facts);

// impact_<exposure> layers carry the input's own fields beside jitupasna's: there only the
// names jitupasna writes have an entry.
enum class Scope { impact_layer, summary };

// The entry of a field; nullopt when jitupasna does not name it (an input's own field).
std::optional<Entry> lookup(std::string_view field, const Context& context,
                            Scope scope = Scope::summary);
// The label of a field, or "" when it has no entry.
std::string label(std::string_view field, const Context& context, Scope scope = Scope::summary);

// An admin level's name (the scenario's admin.level_name or sublevel.name, recorded in the
// output facts) as a column header: "kabkota" -> "Kabupaten/Kota", "kelurahan" and "desa" ->
// "Desa/Kelurahan", "kecamatan" -> "Kecamatan"; another name in title case.
std::string level_title(std::string_view name);
// A hazard type as a planner reads it: "earthquake" -> "Gempa bumi"; an unknown type as is.
std::string hazard_title(std::string_view type);

// "rusak_berat" -> "Rusak Berat": underscores to spaces, each word capitalised.
std::string title_case(std::string_view token);
// A hazard class label as a legend shows it: "tinggi" -> "Tinggi", not_affected ->
// "Tidak terdampak", not_exposed -> "Tidak terpapar".
std::string class_display(std::string_view label);
// A damage category name (kCategoryNames) as a legend shows it: "rusak_berat" -> "Rusak berat".
std::string category_display(std::string_view category);

}  // namespace jitupasna::core::glossary
