#pragma once
// Field aliases in Bahasa Indonesia for every column jitupasna writes ("Rumah Rusak Berat",
// "Nilai Kerusakan (Rp)"), shown by QGIS from the default style and stored in
// gpkg_data_columns for other clients.

#include <string>
#include <vector>

namespace jitupasna::publish {

// What field names are built from.
struct AliasContext {
    std::vector<std::string> exposures;       // exposure names: prefixes of admin_summary fields
    std::vector<std::string> hazard_classes;  // class labels, then not_affected, not_exposed
    std::vector<std::string> sublevels;       // admin sub-level names: <sub>_code, <sub>_name
};

// Where a field is: impact_<exposure> layers carry the input's own fields beside jitupasna's,
// so only the names jitupasna writes there get an alias.
enum class AliasScope { impact_layer, summary };

// The alias of a field, or "" when the field is not one jitupasna names (an input's own
// field, which keeps its name).
std::string field_alias(const std::string& field, const AliasContext& context,
                        AliasScope scope = AliasScope::summary);

// "rusak_berat" -> "Rusak Berat": underscores to spaces, each word capitalised.
std::string title_case(const std::string& token);

// A hazard class label as a legend shows it: "tinggi" -> "Tinggi", not_affected ->
// "Tidak terdampak", not_exposed -> "Tidak terpapar".
std::string class_display(const std::string& label);

// A damage category name (core::kCategoryNames) as a legend shows it: "rusak_berat" ->
// "Rusak berat".
std::string category_display(const std::string& category);

// Field names are built from exposure and class names this way (output_tables.cpp).
std::string name_token(const std::string& text);

}  // namespace jitupasna::publish
