#include "jitupasna/io/xlsx_reader.hpp"

#include <expat.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/ooxml_package.hpp"
#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::io {

namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kMaxRows = 1'048'576;  // Excel's sheet: 1,048,576 rows
constexpr std::uint32_t kMaxColumns = 16'384;  // and 16,384 columns (A..XFD)

// Relationship types, by their last segment (transitional and strict namespaces differ only
// before it).
constexpr std::string_view kWorksheet = "/worksheet";
constexpr std::string_view kSharedStrings = "/sharedStrings";
constexpr std::string_view kCoreProperties = "/core-properties";
constexpr std::string_view kCustomProperties = "/custom-properties";

using ooxml::attribute;
using ooxml::ends_with;
using ooxml::has_namespace;
using ooxml::local_name;
using ooxml::Relationship;
using ooxml::RelationshipsHandler;
using ooxml::rels_part_of;
using ooxml::resolve_target;
using ooxml::TextBuffer;

template <typename Int>
std::optional<Int> parse_unsigned(std::string_view s) {
    s = trim_blanks(s);
    Int value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

std::optional<double> parse_double(std::string_view s) {
    s = trim_blanks(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// The elements the handlers tell apart; everything else is `other`.
enum class Tag { other, sheet_data, row, c, v, f, is, t, r, rph, si, sheets, sheet, property };

Tag tag_of(std::string_view local) {
    static const std::pair<std::string_view, Tag> kTags[] = {{"sheetData", Tag::sheet_data},
                                                             {"row", Tag::row},
                                                             {"c", Tag::c},
                                                             {"v", Tag::v},
                                                             {"f", Tag::f},
                                                             {"is", Tag::is},
                                                             {"t", Tag::t},
                                                             {"r", Tag::r},
                                                             {"rPh", Tag::rph},
                                                             {"si", Tag::si},
                                                             {"sheets", Tag::sheets},
                                                             {"sheet", Tag::sheet},
                                                             {"property", Tag::property}};
    for (const auto& [name, tag] : kTags)
        if (name == local) return tag;
    return Tag::other;
}

// One XML part's content, element by element, with the elements the handlers tell apart
// named by Tag. Handlers throw DataError with the problem only; the package adds the file and
// part.
class PartHandler : public ooxml::XmlHandler {
  public:
    virtual void start(Tag tag, std::string_view local, const XML_Char** atts) = 0;
    virtual void end(Tag tag, std::string_view local) = 0;
    virtual void text(std::string_view) {}

    // Open elements, innermost last.
    std::vector<Tag> stack;
    std::size_t depth() const { return stack.size(); }
    // In start() and end() the element itself is not on the stack: parent() is its parent.
    Tag parent(std::size_t up = 1) const {
        return stack.size() >= up ? stack[stack.size() - up] : Tag::other;
    }

    void element_start(std::string_view local, const char** atts) final {
        const Tag tag = tag_of(local);
        start(tag, local, atts);
        stack.push_back(tag);
    }
    void element_end(std::string_view local) final {
        if (!stack.empty()) stack.pop_back();
        end(tag_of(local), local);
    }
    void characters(std::string_view s) final { text(s); }
};

// ---- the parts ------------------------------------------------------------------------------

struct SheetEntry {
    std::string name, rel_id;
    XlsxSheetState state = XlsxSheetState::visible;
};

class WorkbookHandler : public PartHandler {
  public:
    explicit WorkbookHandler(std::size_t max_sheets) : max_sheets_(max_sheets) {}
    std::vector<SheetEntry> sheets;

    void start(Tag tag, std::string_view, const XML_Char** atts) override {
        if (tag != Tag::sheet || parent() != Tag::sheets) return;
        if (sheets.size() == max_sheets_)
            throw DataError(
                fmt::format("more than {} sheets (the limit per workbook)", max_sheets_));
        SheetEntry entry;
        const char* name = attribute(atts, "name");
        if (!name) throw DataError(fmt::format("sheet {} has no name", sheets.size() + 1));
        entry.name = name;
        // Excel's rule (names unique ignoring case): a form's sheet is found by its name.
        for (const auto& other : sheets)
            if (equal_ignoring_ascii_case(other.name, entry.name))
                throw DataError(fmt::format("two sheets are named {} and {}",
                                            quoted_value(other.name), quoted_value(entry.name)));
        if (const char* state = attribute(atts, "state")) {
            const std::string_view s(state);
            if (s == "hidden")
                entry.state = XlsxSheetState::hidden;
            else if (s == "veryHidden")
                entry.state = XlsxSheetState::very_hidden;
            else if (s != "visible")
                throw DataError(fmt::format("sheet {}: unknown state {}", quoted_value(entry.name),
                                            quoted_value(s)));
        }
        // r:id, whatever prefix the writer bound the relationships namespace to.
        for (const XML_Char** a = atts; a[0]; a += 2)
            if (has_namespace(a[0]) && local_name(a[0]) == "id") entry.rel_id = a[1];
        if (entry.rel_id.empty())
            throw DataError(fmt::format("sheet {} has no r:id", quoted_value(entry.name)));
        sheets.push_back(std::move(entry));
    }
    void end(Tag, std::string_view) override {}

  private:
    std::size_t max_sheets_;
};

// Rich text: the <t> of the item itself or of its runs <r>; phonetic runs <rPh> are not text.
bool is_string_text(const PartHandler& h, Tag item) {
    return h.parent() == item || (h.parent() == Tag::r && h.parent(2) == item);
}

class SharedStringsHandler : public PartHandler {
  public:
    SharedStringsHandler(const XlsxLimits& limits)
        : limits_(limits), buffer_(limits.max_text_bytes) {}
    std::vector<std::string> strings;

    void start(Tag tag, std::string_view, const XML_Char**) override {
        if (tag == Tag::si) {
            if (strings.size() == limits_.max_shared_strings)
                throw DataError(fmt::format("more than {} shared strings (the limit)",
                                            limits_.max_shared_strings));
            buffer_.text.clear();
        }
        in_text_ = tag == Tag::t && is_string_text(*this, Tag::si);
    }
    void end(Tag tag, std::string_view) override {
        in_text_ = false;
        if (tag == Tag::si) strings.push_back(std::move(buffer_.text));
    }
    void text(std::string_view s) override {
        if (in_text_)
            buffer_.append(s, [&] { return fmt::format("shared string {}", strings.size()); });
    }

  private:
    const XlsxLimits& limits_;
    TextBuffer buffer_;
    bool in_text_ = false;
};

class WorksheetHandler : public PartHandler {
  public:
    WorksheetHandler(XlsxSheet& sheet, const std::vector<std::string>& shared,
                     const XlsxLimits& limits, std::size_t& book_cells)
        : sheet_(sheet),
          shared_(shared),
          limits_(limits),
          book_cells_(book_cells),
          buffer_(limits.max_text_bytes) {}

    void start(Tag tag, std::string_view, const XML_Char** atts) override {
        switch (tag) {
            case Tag::row: {
                if (parent() != Tag::sheet_data) return;
                if (const char* r = attribute(atts, "r")) {
                    const auto number = parse_unsigned<std::uint32_t>(r);
                    if (!number || *number == 0 || *number > kMaxRows)
                        throw DataError(fmt::format("row number {} is not between 1 and {}",
                                                    quoted_value(r), kMaxRows));
                    row_ = *number - 1;
                } else {
                    row_ = next_row_;
                }
                next_row_ = row_ + 1;
                next_column_ = 0;
                return;
            }
            case Tag::c: {
                if (parent() != Tag::row) return;
                in_cell_ = true;
                cell_ = XlsxCell{};
                if (const char* r = attribute(atts, "r")) {
                    if (!parse_cell_ref(r, cell_.row, cell_.column))
                        throw DataError(fmt::format(
                            "cell reference {} is not an A1-style reference", quoted_value(r)));
                } else {
                    if (next_column_ >= kMaxColumns)
                        throw DataError(
                            fmt::format("row {}: more than {} cells", row_ + 1, kMaxColumns));
                    cell_.row = row_;
                    cell_.column = next_column_;
                }
                next_column_ = cell_.column + 1;
                const char* t = attribute(atts, "t");
                type_ = t ? t : "n";
                has_v_ = has_is_ = false;
                buffer_.text.clear();
                return;
            }
            case Tag::v:
                if (in_cell_ && parent() == Tag::c) {
                    has_v_ = true;
                    capture_ = true;
                }
                return;
            case Tag::f:
                if (in_cell_ && parent() == Tag::c) cell_.formula = true;
                return;
            case Tag::is:
                if (in_cell_ && parent() == Tag::c) has_is_ = true;
                return;
            case Tag::t:
                if (in_cell_ && is_string_text(*this, Tag::is)) capture_ = true;
                return;
            default:
                return;
        }
    }

    void end(Tag tag, std::string_view) override {
        capture_ = false;
        if (tag == Tag::c && in_cell_ && parent() == Tag::row) {
            in_cell_ = false;
            finish_cell();
        }
    }

    void text(std::string_view s) override {
        if (capture_) buffer_.append(s, [&] { return "cell " + cell_.ref() + ": text"; });
    }

  private:
    [[noreturn]] void cell_error(const std::string& problem) const {
        throw DataError(fmt::format("cell {}: {}", cell_.ref(), problem));
    }

    void finish_cell() {
        XlsxValue& value = cell_.value;
        std::string& text = buffer_.text;
        if (type_ == "inlineStr") {
            if (!has_is_ && !has_v_) return;
            value.kind = XlsxValue::Kind::text;
            value.text = std::move(text);
        } else if (!has_v_) {
            return;  // a cell with a style only, or a formula never calculated: no value
        } else if (type_ == "n") {
            if (trim_blanks(text).empty()) return;
            const auto number = parse_double(text);
            if (!number) cell_error(fmt::format("value {} is not a number", quoted_value(text)));
            value.kind = XlsxValue::Kind::number;
            value.number = *number;
        } else if (type_ == "s") {
            const auto index = parse_unsigned<std::size_t>(text);
            if (!index || *index >= shared_.size())
                cell_error(fmt::format("shared string index {} is not one of the {} strings",
                                       quoted_value(text), shared_.size()));
            value.kind = XlsxValue::Kind::text;
            value.text = shared_[*index];
        } else if (type_ == "str" || type_ == "d") {
            value.kind = XlsxValue::Kind::text;
            value.text = std::move(text);
        } else if (type_ == "b") {
            const std::string_view b = trim_blanks(text);
            if (b != "0" && b != "1" && b != "true" && b != "false")
                cell_error(fmt::format("boolean value {} is not 0 or 1", quoted_value(text)));
            value.kind = XlsxValue::Kind::boolean;
            value.number = (b == "1" || b == "true") ? 1 : 0;
        } else if (type_ == "e") {
            value.kind = XlsxValue::Kind::error;
            value.text = std::string(trim_blanks(text));
        } else {
            cell_error(fmt::format("unknown cell type t={}", quoted_value(type_)));
        }
        if (cell_.row >= limits_.max_rows)
            throw DataError(
                fmt::format("a value in row {} (cell {}): more than {} rows (the limit per sheet)",
                            cell_.row + 1, cell_.ref(), limits_.max_rows));
        if (sheet_.cells.size() >= limits_.max_cells)
            throw DataError(fmt::format("more than {} cells with a value (the limit per sheet)",
                                        limits_.max_cells));
        if (++book_cells_ > limits_.max_book_cells)
            throw DataError(fmt::format(
                "more than {} cells with a value in the workbook (the limit per workbook)",
                limits_.max_book_cells));
        sheet_.cells.push_back(std::move(cell_));
    }

    XlsxSheet& sheet_;
    const std::vector<std::string>& shared_;
    const XlsxLimits& limits_;
    std::size_t& book_cells_;
    TextBuffer buffer_;
    std::uint32_t row_ = 0, next_row_ = 0, next_column_ = 0;
    XlsxCell cell_;
    std::string type_;
    bool in_cell_ = false, capture_ = false, has_v_ = false, has_is_ = false;
};

// docProps/core.xml: the few Dublin Core fields a form's identity may use.
class CoreHandler : public PartHandler {
  public:
    CoreHandler(XlsxProperties& props, std::size_t max_text) : props_(props), buffer_(max_text) {}
    void start(Tag, std::string_view local, const XML_Char**) override {
        target_ = nullptr;
        if (depth() != 1) return;  // direct children of <cp:coreProperties>
        if (local == "title")
            target_ = &props_.title;
        else if (local == "creator")
            target_ = &props_.creator;
        else if (local == "lastModifiedBy")
            target_ = &props_.last_modified_by;
        else if (local == "modified")
            target_ = &props_.modified;
        buffer_.text.clear();
    }
    void end(Tag, std::string_view) override {
        if (target_) *target_ = std::string(trim_blanks(buffer_.text));
        target_ = nullptr;
    }
    void text(std::string_view s) override {
        if (target_) buffer_.append(s, [] { return std::string("a document property"); });
    }

  private:
    XlsxProperties& props_;
    TextBuffer buffer_;
    std::string* target_ = nullptr;
};

// docProps/custom.xml: <property name="..."><vt:lpwstr>value</vt:lpwstr></property>.
class CustomHandler : public PartHandler {
  public:
    CustomHandler(XlsxProperties& props, std::size_t max_text) : props_(props), buffer_(max_text) {}
    void start(Tag tag, std::string_view, const XML_Char** atts) override {
        if (tag == Tag::property && depth() == 1) {
            const char* name = attribute(atts, "name");
            name_ = name ? name : "";
            in_property_ = name != nullptr;
            buffer_.text.clear();
        }
        capture_ = in_property_ && parent() == Tag::property;
    }
    void end(Tag tag, std::string_view) override {
        capture_ = false;
        if (tag == Tag::property && in_property_ && depth() == 1) {
            // Two values under one name would leave the form's identity to chance.
            if (!props_.custom.emplace(name_, std::move(buffer_.text)).second)
                throw DataError("custom property " + quoted_value(name_) + " is given twice");
            in_property_ = false;
        }
    }
    void text(std::string_view s) override {
        if (capture_) buffer_.append(s, [&] { return "custom property " + quoted_value(name_); });
    }

  private:
    XlsxProperties& props_;
    TextBuffer buffer_;
    std::string name_;
    bool in_property_ = false, capture_ = false;
};

// ---- the reader -----------------------------------------------------------------------------

class Reader {
  public:
    Reader(const fs::path& path, const XlsxLimits& limits)
        : limits_(limits), package_(path, limits, "an XLSX workbook", "workbook") {}

    XlsxBook read() {
        XlsxBook book;
        book.path = package_.shown();

        RelationshipsHandler package_rels;
        const std::string workbook_part = package_.main_part("xl/workbook.xml", package_rels);

        WorkbookHandler workbook(limits_.max_sheets);
        package_.parse(workbook_part, "", workbook);
        RelationshipsHandler workbook_rels;
        package_.parse_if_present(rels_part_of(workbook_part), "", workbook_rels);

        std::vector<std::string> shared;
        {
            // Where the relationship says, or where every writer puts it.
            const Relationship* rel = workbook_rels.first_of_type(kSharedStrings);
            SharedStringsHandler strings(limits_);
            package_.parse_if_present(rel ? resolve_target(workbook_part, rel->target)
                                          : resolve_target(workbook_part, "sharedStrings.xml"),
                                      "", strings);
            shared = std::move(strings.strings);
        }

        std::size_t book_cells = 0;
        for (const SheetEntry& entry : workbook.sheets) {
            XlsxSheet sheet;
            sheet.name = entry.name;
            sheet.state = entry.state;
            const auto rel = workbook_rels.by_id.find(entry.rel_id);
            if (rel == workbook_rels.by_id.end())
                package_.fail(
                    fmt::format("{}: sheet {} refers to relationship {}, which {} does not have",
                                workbook_part, quoted_value(entry.name), quoted_value(entry.rel_id),
                                rels_part_of(workbook_part)));
            sheet.part = resolve_target(workbook_part, rel->second.target);
            sheet.worksheet = ends_with(rel->second.type, kWorksheet);
            if (sheet.worksheet) {
                const std::string where = fmt::format(" (sheet {})", quoted_value(sheet.name));
                if (!package_.exists(sheet.part))
                    package_.fail(
                        fmt::format("sheet {}: its part {} is missing from the zip archive",
                                    quoted_value(sheet.name), sheet.part));
                WorksheetHandler handler(sheet, shared, limits_, book_cells);
                package_.parse(sheet.part, where, handler);
                sort_and_check(sheet, where);
            }
            book.sheets.push_back(std::move(sheet));
        }

        const Relationship* core = package_rels.first_of_type(kCoreProperties);
        CoreHandler core_handler(book.properties, limits_.max_text_bytes);
        package_.parse_if_present(core ? resolve_target("", core->target) : "docProps/core.xml", "",
                                  core_handler);
        const Relationship* custom = package_rels.first_of_type(kCustomProperties);
        CustomHandler custom_handler(book.properties, limits_.max_text_bytes);
        package_.parse_if_present(
            custom ? resolve_target("", custom->target) : "docProps/custom.xml", "",
            custom_handler);
        return book;
    }

  private:
    // Duplicate cells would make a value depend on which one a reader keeps: refused.
    void sort_and_check(XlsxSheet& sheet, const std::string& where) const {
        auto& cells = sheet.cells;
        const auto before = [](const XlsxCell& a, const XlsxCell& b) {
            return std::tie(a.row, a.column) < std::tie(b.row, b.column);
        };
        if (!std::is_sorted(cells.begin(), cells.end(), before))
            std::stable_sort(cells.begin(), cells.end(), before);
        const auto twice = std::adjacent_find(cells.begin(), cells.end(),
                                              [](const XlsxCell& a, const XlsxCell& b) {
                                                  return a.row == b.row && a.column == b.column;
                                              });
        if (twice != cells.end())
            package_.fail(
                fmt::format("{}{}: cell {} is given twice", sheet.part, where, twice->ref()));
    }

    const XlsxLimits& limits_;
    ooxml::Package package_;
};

}  // namespace

bool parse_cell_ref(const std::string& ref, std::uint32_t& row, std::uint32_t& column) {
    std::size_t i = 0;
    std::uint32_t col = 0;
    while (i < ref.size() && i < 4) {
        const char c = ref[i];
        if (c >= 'A' && c <= 'Z')
            col = col * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
        else if (c >= 'a' && c <= 'z')
            col = col * 26 + static_cast<std::uint32_t>(c - 'a' + 1);
        else
            break;
        ++i;
    }
    if (i == 0 || col > kMaxColumns) return false;
    const std::string_view digits(ref.data() + i, ref.size() - i);
    if (digits.empty() || digits.size() > 7 || digits.front() == '0') return false;
    std::uint32_t number = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') return false;
        number = number * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (number > kMaxRows) return false;
    row = number - 1;
    column = col - 1;
    return true;
}

std::string cell_ref(std::uint32_t row, std::uint32_t column) {
    std::string letters;
    for (std::uint32_t n = column + 1; n > 0; n = (n - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    return letters + std::to_string(static_cast<std::uint64_t>(row) + 1);
}

std::string XlsxCell::ref() const { return cell_ref(row, column); }

const XlsxCell* XlsxSheet::find(std::uint32_t row, std::uint32_t column) const {
    const auto it =
        std::lower_bound(cells.begin(), cells.end(), std::make_pair(row, column),
                         [](const XlsxCell& c, const std::pair<std::uint32_t, std::uint32_t>& key) {
                             return std::make_pair(c.row, c.column) < key;
                         });
    return (it != cells.end() && it->row == row && it->column == column) ? &*it : nullptr;
}

const XlsxValue& XlsxSheet::value(std::uint32_t row, std::uint32_t column) const {
    static const XlsxValue kEmpty;
    const XlsxCell* cell = find(row, column);
    return cell ? cell->value : kEmpty;
}

const XlsxSheet* XlsxBook::sheet(const std::string& name) const {
    for (const auto& s : sheets)
        if (s.name == name) return &s;
    return nullptr;
}

XlsxBook read_xlsx(const std::filesystem::path& path, const XlsxLimits& limits) {
    return Reader(path, limits).read();
}

}  // namespace jitupasna::io
