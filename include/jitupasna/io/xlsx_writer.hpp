#pragma once
// An .xlsx workbook written through libxlsxwriter, owned as C++ objects: the lxw_workbook is
// held by a unique_ptr whose deleter frees it, cell looks are named by CellStyle (one
// libxlsxwriter format per distinct look, made on first use), and every error names the file
// and the sheet.
//
// The workbook is written to the path given (the caller's temporary file); close() writes it
// and reports failure. A workbook destroyed without close() writes nothing (the caller
// discards its temporary file).
//
// The forms use what makes a sheet fillable by others: unlocked cells (CellStyle::unlocked)
// under sheet protection, shaded estimate cells, data validation, hidden rows and sheets, and
// custom document properties.

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace jitupasna::io::xlsx {

// Number formats of cells.
enum class NumberFormat {
    general,
    thousands,    // #,##0
    one_decimal,  // #,##0.0
    integer,      // 0
    score,        // 0.000
    percent,      // 0.0%
};

// How a cell looks.
struct CellStyle {
    NumberFormat number = NumberFormat::general;
    bool bold = false;
    bool top_border = false;  // thin line above (totals rows)
    bool header = false;      // shaded, line below, wrapped and vertically centred
    bool centred = false;     // horizontally
    bool unlocked = false;    // editable when the sheet is protected
    bool shaded = false;      // grey fill (a figure the reader may not change)
    bool wrap = false;        // long text wrapped in the cell, aligned to its top

    bool operator<(const CellStyle& o) const {
        return std::tie(number, bold, top_border, header, centred, unlocked, shaded, wrap) <
               std::tie(o.number, o.bold, o.top_border, o.header, o.centred, o.unlocked, o.shaded,
                        o.wrap);
    }
};

// Print setup of a sheet.
struct PageSetup {
    bool landscape = false;
    int paper = 9;  // A4
    double margin_left = 0.4, margin_right = 0.4, margin_top = 0.6, margin_bottom = 0.6;
    bool fit_to_width = false;  // one page wide, as many pages tall as needed
    int repeat_rows = 0;        // rows at the top printed on every page
};

class Workbook;

// A sheet of a Workbook (a view; the workbook owns it). Rows and columns count from 0.
class Worksheet {
  public:
    void write_number(std::size_t row, std::size_t column, double value, const CellStyle& style);
    // Text must be valid UTF-8.
    void write_text(std::size_t row, std::size_t column, std::string_view text,
                    const CellStyle& style);
    // An empty cell that still shows its style (a totals row's line).
    void write_blank(std::size_t row, std::size_t column, const CellStyle& style);
    void set_column_width(std::size_t column, double width);
    void set_row_height(std::size_t row, double height);
    void freeze_rows(std::size_t rows);
    void set_page(const PageSetup& page);
    void hide_row(std::size_t row);
    // The sheet hidden from the tab bar (still read by formulas and programs).
    void hide();
    // Sheet protection without a password: only unlocked cells can be edited; rows can still
    // be formatted, columns widened and the sheet sorted/filtered.
    void protect();

    // Data validation over rows first..last of one column (an error box on a wrong value):
    // a whole number >= minimum,
    void validate_whole(std::size_t first_row, std::size_t last_row, std::size_t column,
                        double minimum);
    // a number >= minimum,
    void validate_decimal(std::size_t first_row, std::size_t last_row, std::size_t column,
                          double minimum);
    // one of a list given as a range formula (e.g. "=Daftar!$A$2:$A$30"),
    void validate_list_range(std::size_t first_row, std::size_t last_row, std::size_t column,
                             const std::string& range_formula);
    // one of a short fixed list (at most 255 characters in all).
    void validate_list(std::size_t first_row, std::size_t last_row, std::size_t column,
                       const std::vector<std::string>& values);
    const std::string& name() const { return name_; }

  private:
    friend class Workbook;
    Worksheet(Workbook& book, lxw_worksheet* sheet, std::string name)
        : book_(&book), sheet_(sheet), name_(std::move(name)) {}
    void check(int error, std::string_view what) const;

    Workbook* book_;
    lxw_worksheet* sheet_;
    std::string name_;
};

class Workbook {
  public:
    // Creates the workbook that close() writes to `path`; messages name `shown_path` (the file
    // the user asked for).
    Workbook(const std::filesystem::path& path, std::string shown_path);
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    // Sheet names: at most 31 characters, none of : \ / ? * [ ], unique ignoring case.
    Worksheet add_sheet(const std::string& name);
    void set_properties(const std::string& title, const std::string& author);
    void set_custom_property(const std::string& name, const std::string& value);
    // Writes the file; throws DataError naming it when that fails, and Interrupted when a stop
    // is asked for meanwhile (core/interrupt.hpp; the unfinished file is the caller's to
    // discard).
    void close();

    const std::string& shown_path() const { return shown_path_; }

  private:
    friend class Worksheet;
    lxw_format* format(const CellStyle& style);

    struct Closer {
        void operator()(lxw_workbook* book) const;
    };
    std::unique_ptr<lxw_workbook, Closer> book_;
    std::string shown_path_;
    std::string title_, author_;  // kept alive: libxlsxwriter reads them on close
    std::map<CellStyle, lxw_format*> formats_;
};

}  // namespace jitupasna::io::xlsx
