#include "jitupasna/io/xlsx_writer.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <limits>
#include <thread>
#include <utility>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
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

// The writer process's exit status: libxlsxwriter's error (1..99), or 100 + a cause that its
// errno tells (a full disk, no file handles left), which the message then names.
constexpr int kCauses[] = {ENOSPC, EDQUOT, EMFILE, ENFILE};

int encode_close_failure(lxw_error error, int cause) {
    for (std::size_t i = 0; i < std::size(kCauses); ++i)
        if (cause == kCauses[i]) return 100 + static_cast<int>(i);
    return std::clamp(static_cast<int>(error), 1, 99);
}

std::pair<lxw_error, int> decode_close_failure(int status) {
    if (status >= 100 && status < 100 + static_cast<int>(std::size(kCauses)))
        return {LXW_ERROR_CREATING_XLSX_FILE, kCauses[status - 100]};
    return {static_cast<lxw_error>(status), 0};
}

}  // namespace

void Workbook::Closer::operator()(lxw_workbook* book) const {
    // Abandoned (an error, or interrupted): freed without writing the file, which the caller
    // discards anyway; writing it would hold up a Ctrl-C for as long as close() takes.
    lxw_workbook_free(book);
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
    auto throw_close_failure = [this](lxw_error error, int cause) {
        // A full disk or too many open files names the workbook, whatever libxlsxwriter says.
        const std::string resource =
            io::output_resource_failure(shown_path_, cause, lxw_strerror(error));
        throw DataError(!resource.empty() ? resource
                                          : fmt::format("{}: cannot write the workbook: {}",
                                                        shown_path_, lxw_strerror(error)));
    };
    lxw_workbook* book = book_.release();
    if (!book) return;
    formats_.clear();  // freed with the workbook
    // Writing builds and compresses every sheet at once, seconds for tens of thousands of rows,
    // and cannot stop half-way. It runs in a child process, which a stop asked for meanwhile
    // (core/interrupt.hpp) kills before anything else happens, so that Ctrl-C is not held up
    // and no writer is left behind; the caller then discards the unfinished file. (The child
    // only writes the file and leaves with _exit: nothing of the parent's is flushed twice.)
    // Its exit status carries libxlsxwriter's error, or the errno behind it when that errno
    // says why (a full disk, no file handles left), so that the message names the cause.
    const pid_t child = ::fork();
    if (child == 0) {
        errno = 0;
        const lxw_error error = workbook_close(book);
        ::_exit(error == LXW_NO_ERROR ? 0 : encode_close_failure(error, errno));
    }
    int status = 0;
    if (child < 0) {  // no process to spare: write here, without stopping
        errno = 0;
        const lxw_error error = workbook_close(book);
        if (error != LXW_NO_ERROR) throw_close_failure(error, errno);
        return;
    }
    lxw_workbook_free(book);  // this process's copy; the child writes its own
    for (;;) {
        const pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child) break;
        if (done < 0 && errno != EINTR)
            throw DataError(
                fmt::format("{}: cannot write the workbook: lost its writer process", shown_path_));
        if (core::interrupt_flag().load()) {
            ::kill(child, SIGKILL);
            while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
            throw Interrupted();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!WIFEXITED(status))
        throw DataError(fmt::format("{}: cannot write the workbook: its writer ended by signal {}",
                                    shown_path_, WIFSIGNALED(status) ? WTERMSIG(status) : 0));
    if (WEXITSTATUS(status) != 0) {
        const auto [error, cause] = decode_close_failure(WEXITSTATUS(status));
        throw_close_failure(error, cause);
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
    if (style.unlocked) format_set_unlocked(f);
    if (style.shaded && !style.header) format_set_bg_color(f, 0xE7E6E6);
    if (style.wrap && !style.header) {
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
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

void Worksheet::hide_row(std::size_t row) {
    lxw_row_col_options hidden{};
    hidden.hidden = 1;
    check(worksheet_set_row_opt(sheet_, row_of(row), LXW_DEF_ROW_HEIGHT, nullptr, &hidden),
          fmt::format("hiding row {}", row + 1));
}

void Worksheet::hide() { worksheet_hide(sheet_); }

void Worksheet::protect() {
    lxw_protection options{};
    options.format_rows = 1;
    options.format_columns = 1;
    options.sort = 1;
    options.autofilter = 1;
    worksheet_protect(sheet_, nullptr, &options);
}

namespace {
lxw_data_validation number_rule(uint8_t kind, double minimum) {
    lxw_data_validation rule{};
    rule.validate = kind;
    rule.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    rule.minimum_number = minimum;
    rule.value_number = minimum;
    return rule;
}
}  // namespace

void Worksheet::validate_whole(std::size_t first_row, std::size_t last_row, std::size_t column,
                               double minimum) {
    lxw_data_validation rule = number_rule(LXW_VALIDATION_TYPE_INTEGER, minimum);
    check(worksheet_data_validation_range(sheet_, row_of(first_row), column_of(column),
                                          row_of(last_row), column_of(column), &rule),
          "data validation");
}

void Worksheet::validate_decimal(std::size_t first_row, std::size_t last_row, std::size_t column,
                                 double minimum) {
    lxw_data_validation rule = number_rule(LXW_VALIDATION_TYPE_DECIMAL, minimum);
    check(worksheet_data_validation_range(sheet_, row_of(first_row), column_of(column),
                                          row_of(last_row), column_of(column), &rule),
          "data validation");
}

void Worksheet::validate_list_range(std::size_t first_row, std::size_t last_row, std::size_t column,
                                    const std::string& range_formula) {
    lxw_data_validation rule{};
    rule.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    rule.value_formula = const_cast<char*>(range_formula.c_str());  // copied by the call
    check(worksheet_data_validation_range(sheet_, row_of(first_row), column_of(column),
                                          row_of(last_row), column_of(column), &rule),
          "data validation");
}

void Worksheet::validate_list(std::size_t first_row, std::size_t last_row, std::size_t column,
                              const std::vector<std::string>& values) {
    std::vector<const char*> list;
    for (const auto& v : values) list.push_back(v.c_str());
    list.push_back(nullptr);
    lxw_data_validation rule{};
    rule.validate = LXW_VALIDATION_TYPE_LIST;
    rule.value_list = const_cast<char**>(list.data());  // copied by the call
    check(worksheet_data_validation_range(sheet_, row_of(first_row), column_of(column),
                                          row_of(last_row), column_of(column), &rule),
          "data validation");
}

}  // namespace jitupasna::io::xlsx
