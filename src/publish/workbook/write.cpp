// Writing the sheets of `jitupasna export`: the .xlsx through io/xlsx_writer (number formats,
// bold totals, widths, frozen and printed header row) and the CSV files.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "../gpkg_reader.hpp"
#include "../table_view.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/io/text_escape.hpp"
#include "jitupasna/io/xlsx_writer.hpp"
#include "jitupasna/version.hpp"
#include "sheet.hpp"

namespace jitupasna::publish::workbook {

namespace fs = std::filesystem;
namespace xlsx = io::xlsx;

// ---------------------------------------------------------------------------------------------
// Writing

// Numbers as text: 15 significant digits, as a spreadsheet shows a number, in plain decimal
// notation (never e-notation: 0.00001, not 1e-05), trailing zeros dropped: 2984 x 2.8 is
// 8355.2, not the double's 8355.199999999999. Nothing for NaN and infinities.
std::optional<std::string> number_text(double v) {
    if (!std::isfinite(v)) return std::nullopt;
    if (v == 0) return std::string("0");
    constexpr int kSignificant = 15;
    const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));
    const int decimals = std::clamp(kSignificant - 1 - magnitude, 0, 340);
    std::array<char, 400> buffer{};  // the longest fixed form of a double is ~330 characters
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v,
                                            std::chars_format::fixed, decimals);
    std::string text =
        error == std::errc() ? std::string(buffer.data(), end) : fmt::format("{:f}", v);
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
    }
    if (text == "-0") text = "0";
    return text;
}

// Valid UTF-8 without the control characters XML 1.0 forbids (invalid bytes become U+FFFD).
std::string clean_utf8(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
        bool ok = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k)
            ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (!ok) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (len == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            ++i;
            continue;
        }
        out.append(s, i, len);
        i += len;
    }
    return out;
}

std::size_t utf8_length(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The number formats of the workbook: the style of a cell is 2 + 2 * format + (total ? 1 : 0).
// How a column's numbers are shown.
enum class Shown { text, thousands, decimal, integer, score, percent };
xlsx::CellStyle style_of(Shown shown, bool total) {
    xlsx::CellStyle style;
    style.number = shown == Shown::thousands ? xlsx::NumberFormat::thousands
                   : shown == Shown::decimal ? xlsx::NumberFormat::one_decimal
                   : shown == Shown::integer ? xlsx::NumberFormat::integer
                   : shown == Shown::score   ? xlsx::NumberFormat::score
                   : shown == Shown::percent ? xlsx::NumberFormat::percent
                                             : xlsx::NumberFormat::general;
    style.bold = total;
    style.top_border = total;
    style.centred = shown == Shown::integer;  // ranks, apart from the codes beside them
    return style;
}

Shown shown_for(const Sheet& sheet, std::size_t column) {
    switch (sheet.columns[column].format) {
        case Format::text:
            return Shown::text;
        case Format::rupiah:
        case Format::million_rupiah:  // exact Rupiah in the workbook, thousands separated
        case Format::people:
            return Shown::thousands;
        case Format::rank:
            return Shown::integer;
        case Format::score:
            return Shown::score;
        case Format::share:
            return Shown::percent;
        case Format::count:
        case Format::decimal:
            break;
    }
    // Units: one decimal where some are fractional (expected values), else whole numbers.
    for (const Row& row : sheet.rows)
        if (const double* v = as_number(row.cells[column]);
            v && std::isfinite(*v) && std::floor(*v) != *v)
            return Shown::decimal;
    return Shown::thousands;
}

// The width of a number as displayed, for the column widths.
std::size_t shown_width(double v, Shown shown) {
    if (!std::isfinite(v)) return 0;
    const int decimals = shown == Shown::decimal ? 1 : shown == Shown::score ? 3 : 0;
    const double scaled = shown == Shown::percent ? v * 100 : v;
    const std::string digits = fmt::format("{:.{}f}", std::fabs(scaled), decimals);
    const std::size_t integer_digits =
        digits.find('.') == std::string::npos ? digits.size() : digits.find('.');
    std::size_t width = digits.size() + (scaled < 0 ? 1 : 0) + (shown == Shown::percent ? 1 : 0);
    if (shown == Shown::thousands || shown == Shown::decimal) width += (integer_digits - 1) / 3;
    return width;
}

// Lines a header takes when wrapped (greedy, by words) in a column of the given width.
std::size_t wrapped_lines(const std::string& text, double width) {
    const double room = std::max(1.0, (width - 1.5) / 1.1);  // bold text is wider
    std::size_t lines = 1;
    double line = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const double word = static_cast<double>(utf8_length(text.substr(start, end - start)));
        if (line == 0) {
            line = word;
        } else if (line + 1 + word <= room) {
            line += 1 + word;
        } else {
            ++lines;
            line = word;
        }
        start = end + 1;
    }
    return lines;
}

std::string shown_text(const Column& column, const CellValue& value) {
    if (is_null(value)) return column.null_text;
    const std::string& s = std::get<std::string>(value);
    return column.label ? shown_label(s) : s;
}

void write_sheet(xlsx::Workbook& book, const Sheet& sheet) {
    const std::size_t ncols = sheet.columns.size();
    std::vector<Shown> shown(ncols);
    std::vector<double> widths(ncols);
    for (std::size_t c = 0; c < ncols; ++c) {
        shown[c] = shown_for(sheet, c);
        const std::string& header = sheet.columns[c].header;
        std::size_t longest_word = 0, word = 0;
        for (char ch : header + " ") {
            if (ch == ' ') {
                longest_word = std::max(longest_word, word);
                word = 0;
            } else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
                ++word;
            }
        }
        std::size_t width = std::max(longest_word, std::min<std::size_t>(utf8_length(header), 16));
        for (const Row& row : sheet.rows) {
            const CellValue& v = row.cells[c];
            if (const double* d = as_number(v))
                width = std::max(width, shown_width(*d, shown[c]) + (row.total ? 1 : 0));
            else if (!is_null(v) || !sheet.columns[c].null_text.empty())
                width = std::max(
                    width, utf8_length(shown_text(sheet.columns[c], v)) + (row.total ? 1 : 0));
        }
        widths[c] = static_cast<double>(std::min<std::size_t>(width, 60)) + 2.5;
    }

    xlsx::Worksheet out = book.add_sheet(sheet.name);
    xlsx::PageSetup page;
    page.landscape = true;
    page.fit_to_width = true;
    page.repeat_rows = 1;  // the header row on every printed page
    out.set_page(page);
    out.freeze_rows(1);
    for (std::size_t c = 0; c < ncols; ++c) out.set_column_width(c, widths[c]);
    // Wrapped headers: the header row is as tall as its longest one (LibreOffice does not
    // grow rows on opening).
    std::size_t header_lines = 1;
    for (std::size_t c = 0; c < ncols; ++c)
        header_lines = std::max(header_lines, wrapped_lines(sheet.columns[c].header, widths[c]));
    out.set_row_height(0, 14.5 * static_cast<double>(header_lines) + 3);
    xlsx::CellStyle header;
    header.header = true;
    for (std::size_t c = 0; c < ncols; ++c)
        out.write_text(0, c, clean_utf8(sheet.columns[c].header), header);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        core::throw_if_interrupted();
        const Row& row = sheet.rows[r];
        for (std::size_t c = 0; c < ncols; ++c) {
            const CellValue& value = row.cells[c];
            const double* d = as_number(value);
            if (d && std::isfinite(*d)) {
                out.write_number(r + 1, c, *d, style_of(shown[c], row.total));
            } else if (as_text(value) ||
                       (is_null(value) && !row.total && !sheet.columns[c].null_text.empty())) {
                out.write_text(r + 1, c, clean_utf8(shown_text(sheet.columns[c], value)),
                               style_of(Shown::text, row.total));
            } else if (row.total) {
                out.write_blank(r + 1, c, style_of(shown[c], row.total));  // the totals line
            }
        }
    }
}

void write_xlsx(const fs::path& path, const std::string& shown_path,
                const std::vector<Sheet>& sheets, const std::string& title) {
    xlsx::Workbook book(path, shown_path);
    book.set_properties(clean_utf8(title), std::string("jitupasna ") + kVersion);
    for (const Sheet& sheet : sheets) {
        try {
            write_sheet(book, sheet);
        } catch (const Interrupted&) {
            throw;
        } catch (const DataError& e) {
            throw DataError(fmt::format("{} (table {})", e.what(), sheet.table));
        }
    }
    core::throw_if_interrupted();  // before the one step that cannot stop half-way
    book.close();
}

// One CSV file: the header and the data rows (no totals), text as in the GeoPackage.
void write_csv(const fs::path& path, const std::string& shown_path, const Sheet& sheet) {
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw DataError(fmt::format("{} (table {})", io::describe_write_failure(shown_path, errno),
                                    sheet.table));
    for (std::size_t c = 0; c < sheet.columns.size(); ++c)
        out << (c ? "," : "") << io::csv_field(sheet.columns[c].header);
    out << '\n';
    for (const Row& row : sheet.rows) {
        core::throw_if_interrupted();
        if (row.total) continue;
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
            if (c) out << ',';
            if (const double* d = as_number(row.cells[c]))
                out << number_text(*d).value_or("");
            else if (const std::string* s = as_text(row.cells[c]))
                out << io::csv_quoted(clean_utf8(*s));
        }
        out << '\n';
    }
    out.close();
    if (!out)
        throw DataError(fmt::format("{} (table {})", io::describe_write_failure(shown_path, errno),
                                    sheet.table));
}

}  // namespace jitupasna::publish::workbook
