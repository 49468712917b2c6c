#pragma once
// The one table model of the report and the workbook: a column says which GeoPackage field it
// shows, under which header, and how its values read (Format); the HTML tables and the
// spreadsheet sheets render the same Column each their own way.

#include <cmath>
#include <string>
#include <string_view>

#include "jitupasna/core/glossary.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/core/rounding.hpp"

namespace jitupasna::publish {

// How a column's values read.
enum class Format {
    text,
    count,           // expected numbers of units, needs: whole or with decimals where fractional
    people,          // people: whole, thousands separated
    rupiah,          // whole Rupiah, thousands separated (per-capita figures)
    million_rupiah,  // Rupiah totals: the report shows them in juta (millions)
    decimal,         // lengths and areas (km, ha): two decimals in the report
    score,           // 0.000
    rank,            // 1, 2, ...
    share,           // a share shown as a percentage
};

struct Column {
    std::string header;
    std::string field;  // the GeoPackage column it shows (the report's data-field), if any
    Format format = Format::count;
    bool summed = true;       // in the totals row (numbers only)
    bool label = false;       // a token such as "rusak_berat", shown "Rusak Berat"
    std::string null_text{};  // what a NULL shows (empty: nothing)
};

// Whether a column's quantities add across rows of different satuan (unit, km, ha): only
// Rupiah do; damaged units and kilometres are totalled per satuan.
inline bool adds_across_satuan(Format format) {
    return format == Format::rupiah || format == Format::million_rupiah;
}

// Whether a column adds up in the total of the rows of one satuan: people count in jiwa, the
// damaged quantities in the other satuan (unit, km, ha), Rupiah in any. The displaced (jiwa)
// never go into TOTAL unit, nor damaged units into TOTAL jiwa.
inline bool adds_in_satuan(Format format, std::string_view satuan) {
    if (adds_across_satuan(format)) return true;
    const bool jiwa = satuan == core::schema::satuan(core::schema::Measure::people);
    return format == Format::people ? jiwa : !jiwa;
}

// A number as the report shows it (core/rounding, InaSAFE's rules): the value and its decimals.
// Counts of units up to whole numbers (km and ha rows, `satuan`, with two decimals), people up
// to their step, Rupiah totals in whole juta. Exact values stay in the GeoPackage.
struct ShownNumber {
    double value = 0;
    int decimals = 0;
};
inline ShownNumber shown_number(Format format, double value, std::string_view satuan = {}) {
    namespace rounding = core::rounding;
    switch (format) {
        case Format::count:
            if (satuan == "km" || satuan == "ha") return {value, 2};
            return {rounding::round_count(value), 0};
        case Format::people:
            return {rounding::round_people(value), 0};
        case Format::rupiah:
            return {std::round(value), 0};
        case Format::million_rupiah:
            return {rounding::rupiah_in_millions(value), 0};
        case Format::decimal:
            return {value, 2};
        case Format::score:
            return {value, 3};
        case Format::share:
            return {value, 3};
        default:
            return {value, 0};
    }
}
// Whether shown_number changes values of this format (the tables then say so under them).
inline bool rounded_for_display(Format format) {
    return format == Format::count || format == Format::people || format == Format::million_rupiah;
}

// A GeoPackage field's column header: its label in the glossary, the one catalogue of the words
// a planner reads; a field the glossary does not name shows its name as words.
inline std::string field_header(std::string_view field,
                                const core::glossary::Context& context = {}) {
    std::string label = core::glossary::label(field, context);
    return label.empty() ? core::glossary::title_case(field) : label;
}

// The header of a Rupiah total shown in juta: "Nilai Kerusakan (Rp)" -> "Nilai Kerusakan (Rp
// juta)".
inline std::string million_rupiah_header(std::string header) {
    const auto at = header.rfind("(Rp)");
    if (at != std::string::npos) return header.replace(at, 4, "(Rp juta)");
    return header + " (Rp juta)";
}

}  // namespace jitupasna::publish
