#pragma once
// The report's HTML tables: rows of values under table_view Columns, with a totals row, the
// all-zero rows of long tables folded into one, and the data-layer/data-field/data-code
// attributes that tie each cell to the GeoPackage.

#include <optional>
#include <string>
#include <vector>

#include "../gpkg_reader.hpp"
#include "../table_view.hpp"

namespace jitupasna::publish::report {

// Tables with more rows than this (a national admin layer) leave out the all-zero rows.
inline constexpr std::size_t kLongTable = 40;

struct Value {
    bool null = true;
    double number = 0;
    std::string text;
    static Value of(double v) { return Value{false, v, ""}; }
    static Value of(std::string s) { return Value{false, 0, std::move(s)}; }
};

struct HtmlTable {
    std::string id;
    std::string caption;
    std::string layer;  // data-layer: the GeoPackage layer the rows come from
    std::vector<Column> columns;
    std::vector<std::vector<Value>> rows;
    std::vector<std::string> codes;  // data-code per row (admin code), optional
    std::vector<std::string> row_class;
    bool totals = true;
    std::string note;
    std::string css_class;
    bool hide_zero_rows = false;         // long tables: leave out the rows with nothing but zeros
    std::vector<std::size_t> zero_keys;  // ... or, if set, where these columns are all zero
    // Per row (optional): the unit is below the terdampak threshold. Such rows are not listed;
    // their sums show in one row "Di bawah ambang terdampak (N baris)", and count in the total.
    std::vector<bool> below_threshold;
};

// The table as HTML. Numbers are shown rounded (table_view shown_number); the totals row is the
// exact sum, rounded once, with a note under the table. With a column of field `satuan`, rows
// of several satuan get a total per satuan ("Jumlah (km)"), then a "Jumlah" of the Rupiah only.
std::string render(const HtmlTable& t);

// A table's number as a Value (NULL stays NULL).
Value number_of(const Table& table, std::size_t row, const std::string& field);
bool any_positive(const Table& table, const std::string& field);
// Adds the table's rows on t's columns (each column's field as text or number, by its format),
// each with its admin code (data-code); in `order` when given, else in the table's order.
void fill_rows(HtmlTable& t, const Table& table, const std::vector<std::size_t>& order = {});
// Marks t's rows (by their data-code) whose unit in `admin` (an admin_summary) is below the
// terdampak threshold (wilayah_terdampak 0). Nothing is marked when admin has no such column
// (a run without the recap, or an older output).
void mark_below_threshold(HtmlTable& t, const Table& admin);
// How many units of an admin_summary are terdampak; nullopt without the column.
std::optional<std::size_t> terdampak_units(const Table& admin);

}  // namespace jitupasna::publish::report
