#include "jitupasna/io/xlsx_writer.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <limits>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/output_guard.hpp"

namespace jitupasna::io::xlsx {

namespace {

const char* format_code(NumberFormat number) {
    switch (number) {
        case NumberFormat::thousands:
            return "#,##0";
        case NumberFormat::one_decimal:
            return "#,##0.0";
        case NumberFormat::integer:
            return "0";
        case NumberFormat::score:
            return "0.000";
        case NumberFormat::percent:
            return "0.0%";
        case NumberFormat::general:
            break;
    }
    return nullptr;
}

lxw_row_t row_of(std::size_t row) {
    if (row >= LXW_ROW_MAX) throw DataError(fmt::format("row {} beyond the sheet's last", row + 1));
    return static_cast<lxw_row_t>(row);
}

lxw_col_t column_of(std::size_t column) {
    if (column >= LXW_COL_MAX)
        throw DataError(fmt::format("column {} beyond the sheet's last", column + 1));
    return static_cast<lxw_col_t>(column);
}

}  // namespace

void Workbook::Closer::operator()(lxw_workbook* book) const {
    // Abandoned (an exception on the way): written as far as it goes; the caller discards it.
    workbook_close(book);
}

Workbook::Workbook(const std::filesystem::path& path, std::string shown_path)
    : shown_path_(std::move(shown_path)) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    book_.reset(workbook_new_opt(path.string().c_str(), &options));
    if (!book_) throw DataError(fmt::format("{}: cannot create the workbook", shown_path_));
}

Workbook::~Workbook() = default;

Worksheet Workbook::add_sheet(const std::string& name) {
    const lxw_error valid = workbook_validate_sheet_name(book_.get(), name.c_str());
    if (valid != LXW_NO_ERROR)
        throw DataError(
            fmt::format("{}: sheet name '{}': {}", shown_path_, name, lxw_strerror(valid)));
    lxw_worksheet* sheet = workbook_add_worksheet(book_.get(), name.c_str());
    if (!sheet) throw DataError(fmt::format("{}: cannot add sheet '{}'", shown_path_, name));
    return Worksheet(*this, sheet, name);
}

void Workbook::set_properties(const std::string& title, const std::string& author) {
    title_ = title;
    author_ = author;
    lxw_doc_properties properties{};
    properties.title = title_.data();
    properties.author = author_.data();
    const lxw_error error = workbook_set_properties(book_.get(), &properties);
    if (error != LXW_NO_ERROR)
        throw DataError(
            fmt::format("{}: document properties: {}", shown_path_, lxw_strerror(error)));
}

void Workbook::set_custom_property(const std::string& name, const std::string& value) {
    const lxw_error error =
        workbook_set_custom_property_string(book_.get(), name.c_str(), value.c_str());
    if (error != LXW_NO_ERROR)
        throw DataError(
            fmt::format("{}: document property '{}': {}", shown_path_, name, lxw_strerror(error)));
}

void Workbook::close() {
    lxw_workbook* book = book_.release();
    if (!book) return;
    formats_.clear();  // freed with the workbook
    errno = 0;
    const lxw_error error = workbook_close(book);
    if (error != LXW_NO_ERROR) {
        // A full disk or too many open files names the workbook, whatever libxlsxwriter says.
        const std::string cause =
            io::output_resource_failure(shown_path_, errno, lxw_strerror(error));
        throw DataError(!cause.empty() ? cause
                                       : fmt::format("{}: cannot write the workbook: {}",
                                                     shown_path_, lxw_strerror(error)));
    }
}

lxw_format* Workbook::format(const CellStyle& style) {
    const auto it = formats_.find(style);
    if (it != formats_.end()) return it->second;
    lxw_format* f = workbook_add_format(book_.get());
    if (!f) throw DataError(fmt::format("{}: out of memory for cell formats", shown_path_));
    if (const char* code = format_code(style.number)) format_set_num_format(f, code);
    if (style.bold || style.header) format_set_bold(f);
    if (style.top_border) format_set_top(f, LXW_BORDER_THIN);
    if (style.header) {
        format_set_bg_color(f, 0xDDEBF7);
        format_set_bottom(f, LXW_BORDER_THIN);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(f);
    }
    if (style.centred) format_set_align(f, LXW_ALIGN_CENTER);
    formats_.emplace(style, f);
    return f;
}

void Worksheet::check(int error, std::string_view what) const {
    if (error != LXW_NO_ERROR)
        throw DataError(fmt::format("{}: sheet {}: {}: {}", book_->shown_path(), name_, what,
                                    lxw_strerror(static_cast<lxw_error>(error))));
}

void Worksheet::write_number(std::size_t row, std::size_t column, double value,
                             const CellStyle& style) {
    check(
        worksheet_write_number(sheet_, row_of(row), column_of(column), value, book_->format(style)),
        "number");
}

void Worksheet::write_text(std::size_t row, std::size_t column, std::string_view text,
                           const CellStyle& style) {
    const std::string copy(text);
    check(worksheet_write_string(sheet_, row_of(row), column_of(column), copy.c_str(),
                                 book_->format(style)),
          fmt::format("text of row {}", row + 1));
}

void Worksheet::write_blank(std::size_t row, std::size_t column, const CellStyle& style) {
    check(worksheet_write_blank(sheet_, row_of(row), column_of(column), book_->format(style)),
          "blank cell");
}

void Worksheet::set_column_width(std::size_t column, double width) {
    const lxw_col_t c = column_of(column);
    check(worksheet_set_column(sheet_, c, c, width, nullptr), "column width");
}

void Worksheet::set_row_height(std::size_t row, double height) {
    check(worksheet_set_row(sheet_, row_of(row), height, nullptr), "row height");
}

void Worksheet::freeze_rows(std::size_t rows) { worksheet_freeze_panes(sheet_, row_of(rows), 0); }

void Worksheet::set_page(const PageSetup& page) {
    if (page.landscape) worksheet_set_landscape(sheet_);
    worksheet_set_paper(sheet_, static_cast<uint8_t>(page.paper));
    worksheet_set_margins(sheet_, page.margin_left, page.margin_right, page.margin_top,
                          page.margin_bottom);
    if (page.fit_to_width) worksheet_fit_to_pages(sheet_, 1, 0);
    if (page.repeat_rows > 0)
        check(worksheet_repeat_rows(sheet_, 0,
                                    row_of(static_cast<std::size_t>(page.repeat_rows - 1))),
              "print titles");
}

}  // namespace jitupasna::io::xlsx
