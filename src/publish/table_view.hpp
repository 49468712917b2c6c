#pragma once
// The one table model of the report and the workbook: a column says which GeoPackage field it
// shows, under which header, and how its values read (Format); the HTML tables and the
// spreadsheet sheets render the same Column each their own way.

#include <string>
#include <string_view>

#include "jitupasna/core/glossary.hpp"

namespace jitupasna::publish {

// How a column's values read.
enum class Format {
    text,
    count,    // expected numbers of units, needs: whole or with decimals where fractional
    people,   // people: whole, thousands separated
    rupiah,   // whole Rupiah, thousands separated
    decimal,  // lengths and areas (km, ha): two decimals in the report
    score,    // 0.000
    rank,     // 1, 2, ...
    share,    // a share shown as a percentage
};

struct Column {
    std::string header;
    std::string field;  // the GeoPackage column it shows (the report's data-field), if any
    Format format = Format::count;
    bool summed = true;       // in the totals row (numbers only)
    bool label = false;       // a token such as "rusak_berat", shown "Rusak Berat"
    std::string null_text{};  // what a NULL shows (empty: nothing)
};

// A GeoPackage field's column header: its label in the glossary, the one catalogue of the words
// a planner reads; a field the glossary does not name shows its name as words.
inline std::string field_header(std::string_view field,
                                const core::glossary::Context& context = {}) {
    std::string label = core::glossary::label(field, context);
    return label.empty() ? core::glossary::title_case(field) : label;
}

}  // namespace jitupasna::publish
