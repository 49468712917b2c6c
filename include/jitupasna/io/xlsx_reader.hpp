#pragma once
// Reads the values of an .xlsx workbook that someone else wrote (the forms Perangkat Daerah
// send back): sheets in workbook order with their hidden state, each sheet's cell values, and
// the document's core and custom properties. Files written by Excel, LibreOffice Calc,
// openpyxl and libxlsxwriter are read alike: sheet parts are found through the workbook's
// relationships, strings through the shared string table (rich-text runs joined, phonetic
// runs left out) or inline, and a formula cell yields the value the writer cached for it.
//
// The file is untrusted. Every failure is a DataError naming the file and, where it applies,
// the part, sheet and cell. Parts are decompressed in chunks straight into the XML parser, and
// reading stops as soon as one of XlsxLimits is passed, so a zip bomb neither allocates nor
// runs long; what the zip headers claim about sizes is never trusted. A DTD (and so any entity
// declaration) is refused: OOXML parts never have one.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "jitupasna/io/ooxml_package.hpp"

namespace jitupasna::io {

// What a workbook may hold before it is refused, beyond the package's limits (file, parts,
// text, parser: OoxmlLimits). The defaults are far above any form a PD fills in and far below
// what would strain the machine.
struct XlsxLimits : OoxmlLimits {
    std::size_t max_sheets = 255;
    std::size_t max_rows = 200'000;              // per sheet: a value in a later row is refused
    std::size_t max_cells = 2'000'000;           // cells holding a value, per sheet
    std::size_t max_book_cells = 4'000'000;      // cells holding a value, whole workbook
    std::size_t max_shared_strings = 2'000'000;  // entries of the shared string table
};

// A cell's value. A formula cell holds its cached result; a date is a number (serial day),
// as the file stores it, except the rare t="d" cell whose ISO 8601 text is kept as text.
struct XlsxValue {
    enum class Kind { empty, number, text, boolean, error };
    Kind kind = Kind::empty;
    double number = 0;  // kind number; 1 or 0 for boolean
    std::string text;   // kind text, or the error code ("#DIV/0!") for kind error

    bool is_empty() const { return kind == Kind::empty; }
};

struct XlsxCell {
    std::uint32_t row = 0;     // 0-based, as io::xlsx::Worksheet counts ("H12" is row 11)
    std::uint32_t column = 0;  // 0-based ("H12" is column 7)
    bool formula = false;      // the cell had a formula: value is what the writer cached
    XlsxValue value;

    std::string ref() const;  // "H12"
};

enum class XlsxSheetState { visible, hidden, very_hidden };

struct XlsxSheet {
    std::string name;
    XlsxSheetState state = XlsxSheetState::visible;
    std::string part;       // "xl/worksheets/sheet1.xml", for messages
    bool worksheet = true;  // false for a chart sheet or macro sheet: no cells read
    // Cells holding a value (never kind empty), sorted by row, then column; no two alike.
    std::vector<XlsxCell> cells;

    // The cell at a 0-based position, or nullptr when it holds no value.
    const XlsxCell* find(std::uint32_t row, std::uint32_t column) const;
    // Its value; an empty value when the cell holds none.
    const XlsxValue& value(std::uint32_t row, std::uint32_t column) const;
};

struct XlsxProperties {
    // docProps/core.xml (empty when absent)
    std::string title, creator, last_modified_by, modified;
    // docProps/custom.xml: name -> value as written (numbers and dates as their text)
    std::map<std::string, std::string> custom;
};

struct XlsxBook {
    std::string path;               // as given, for messages
    std::vector<XlsxSheet> sheets;  // in workbook order (the tab order)
    XlsxProperties properties;

    const XlsxSheet* sheet(const std::string& name) const;  // exact name, or nullptr
};

// Reads the whole workbook; throws DataError naming the file (and part, sheet, cell or limit).
XlsxBook read_xlsx(const std::filesystem::path& path, const XlsxLimits& limits = {});

// "H12" -> row 11, column 7 (0-based); false unless A1 style within Excel's 1,048,576 rows
// and 16,384 columns (XFD). Lower-case letters are accepted.
bool parse_cell_ref(const std::string& ref, std::uint32_t& row, std::uint32_t& column);
// Row 11, column 7 -> "H12".
std::string cell_ref(std::uint32_t row, std::uint32_t column);

}  // namespace jitupasna::io
