#include "jitupasna/io/xlsx_reader.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

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
#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::io {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunkSize = 64 * 1024;  // decompressed bytes fed to expat at a time
constexpr std::uint32_t kMaxRows = 1'048'576;  // Excel's sheet: 1,048,576 rows
constexpr std::uint32_t kMaxColumns = 16'384;  // and 16,384 columns (A..XFD)

// Relationship types, by their last segment (transitional and strict namespaces differ only
// before it).
constexpr std::string_view kOfficeDocument = "/officeDocument";
constexpr std::string_view kWorksheet = "/worksheet";
constexpr std::string_view kSharedStrings = "/sharedStrings";
constexpr std::string_view kCoreProperties = "/core-properties";
constexpr std::string_view kCustomProperties = "/custom-properties";

struct ArchiveCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }  // read only: nothing to write
};
using ArchivePtr = std::unique_ptr<zip_t, ArchiveCloser>;
struct EntryCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using EntryPtr = std::unique_ptr<zip_file_t, EntryCloser>;
struct ParserDeleter {
    void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};
using ParserPtr = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserDeleter>;

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// "1.5 MiB", "100 MiB", "512 bytes": sizes in messages.
std::string size_text(std::uint64_t bytes) {
    if (bytes < 1024) return fmt::format("{} bytes", bytes);
    if (bytes < (1ull << 20)) return fmt::format("{:.4g} KiB", static_cast<double>(bytes) / 1024.0);
    return fmt::format("{:.4g} MiB", static_cast<double>(bytes) / 1048576.0);
}

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

// expat is created with namespace processing: names arrive as "uri|local" (or "local").
std::string_view local_name(const XML_Char* name) {
    std::string_view n(name);
    const auto bar = n.rfind('|');
    return bar == std::string_view::npos ? n : n.substr(bar + 1);
}
bool has_namespace(const XML_Char* name) { return std::strchr(name, '|') != nullptr; }

// An attribute without a namespace ("r", "t", "name"), or nullptr.
const char* attribute(const XML_Char** atts, std::string_view name) {
    for (; atts[0]; atts += 2)
        if (!has_namespace(atts[0]) && name == atts[0]) return atts[1];
    return nullptr;
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

// One XML part's content, element by element. Handlers throw DataError with the problem only;
// the reader adds the file and part.
class PartHandler {
  public:
    virtual ~PartHandler() = default;
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
};

// Text gathered for one value, capped so a single huge string cannot exhaust memory.
class TextBuffer {
  public:
    explicit TextBuffer(std::size_t max) : max_(max) {}
    // Throws naming `what` (called only then) when the text grows past the limit.
    template <typename What>
    void append(std::string_view s, What&& what) {
        if (text.size() + s.size() > max_)
            throw DataError(fmt::format("{} longer than {} (the limit for one string)", what(),
                                        size_text(max_)));
        text.append(s);
    }
    std::string text;

  private:
    std::size_t max_;
};

// ---- the parts ------------------------------------------------------------------------------

struct Relationship {
    std::string type, target;
};

class RelationshipsHandler : public PartHandler {
  public:
    std::map<std::string, Relationship> by_id;
    std::vector<Relationship> all;

    void start(Tag, std::string_view local, const XML_Char** atts) override {
        if (local != "Relationship") return;
        const char* id = attribute(atts, "Id");
        const char* type = attribute(atts, "Type");
        const char* target = attribute(atts, "Target");
        const char* mode = attribute(atts, "TargetMode");
        if (!type || !target || (mode && std::string_view(mode) == "External")) return;
        Relationship rel{type, target};
        if (id) by_id.emplace(id, rel);
        all.push_back(std::move(rel));
    }
    void end(Tag, std::string_view) override {}

    const Relationship* first_of_type(std::string_view type_tail) const {
        for (const auto& rel : all)
            if (ends_with(rel.type, type_tail)) return &rel;
        return nullptr;
    }
};

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

// The XML parser's own memory, capped: expat buffers a whole token (a 100 MiB attribute value
// would take 100 MiB or more), so its allocations are counted and refused past
// XlsxLimits::max_parser_bytes. Each block carries its size in front. One parser at a time per
// thread.
struct ParserMemory {
    static constexpr std::size_t kHeader = alignof(std::max_align_t);
    static thread_local std::size_t used, limit;
    static thread_local bool refused;

    static void* allocate(std::size_t size) {
        if (size > limit - std::min(used, limit)) return refuse();
        auto* block = static_cast<char*>(std::malloc(size + kHeader));
        if (!block) return nullptr;
        std::memcpy(block, &size, sizeof size);
        used += size;
        return block + kHeader;
    }
    static void* reallocate(void* p, std::size_t size) {
        if (!p) return allocate(size);
        char* block = static_cast<char*>(p) - kHeader;
        std::size_t old = 0;
        std::memcpy(&old, block, sizeof old);
        if (size > old && size - old > limit - std::min(used, limit)) return refuse();
        auto* grown = static_cast<char*>(std::realloc(block, size + kHeader));
        if (!grown) return nullptr;
        std::memcpy(grown, &size, sizeof size);
        used = used - old + size;
        return grown + kHeader;
    }
    static void release(void* p) {
        if (!p) return;
        char* block = static_cast<char*>(p) - kHeader;
        std::size_t old = 0;
        std::memcpy(&old, block, sizeof old);
        used -= std::min(old, used);
        std::free(block);
    }
    static void* refuse() {
        refused = true;
        return nullptr;
    }
};
thread_local std::size_t ParserMemory::used = 0;
thread_local std::size_t ParserMemory::limit = 0;
thread_local bool ParserMemory::refused = false;

// ---- the reader -----------------------------------------------------------------------------

// "xl/workbook.xml" + "worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml"; "/xl/x" -> "xl/x".
std::string resolve_target(const std::string& source_part, const std::string& target) {
    std::string joined;
    if (!target.empty() && target.front() == '/') {
        joined = target.substr(1);
    } else {
        const auto slash = source_part.rfind('/');
        joined = (slash == std::string::npos ? "" : source_part.substr(0, slash + 1)) + target;
    }
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= joined.size()) {
        const auto slash = joined.find('/', start);
        const std::string segment =
            joined.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    std::string out;
    for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
    return out;
}

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string rels_part_of(const std::string& part) {
    const auto slash = part.rfind('/');
    if (slash == std::string::npos) return "_rels/" + part + ".rels";
    return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

class Reader {
  public:
    Reader(const fs::path& path, const XlsxLimits& limits)
        : path_(path), shown_(path.string()), limits_(limits) {}

    XlsxBook read() {
        open();
        XlsxBook book;
        book.path = shown_;

        RelationshipsHandler package_rels;
        parse_if_present("_rels/.rels", "", package_rels);
        const Relationship* office = package_rels.first_of_type(kOfficeDocument);
        const std::string workbook_part =
            office ? resolve_target("", office->target) : std::string("xl/workbook.xml");
        if (!exists(workbook_part))
            fail(fmt::format("not an XLSX workbook (no {} in the zip archive)", workbook_part));

        WorkbookHandler workbook(limits_.max_sheets);
        parse(workbook_part, "", workbook);
        RelationshipsHandler workbook_rels;
        parse_if_present(rels_part_of(workbook_part), "", workbook_rels);

        std::vector<std::string> shared;
        {
            // Where the relationship says, or where every writer puts it.
            const Relationship* rel = workbook_rels.first_of_type(kSharedStrings);
            SharedStringsHandler strings(limits_);
            parse_if_present(rel ? resolve_target(workbook_part, rel->target)
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
                fail(fmt::format("{}: sheet {} refers to relationship {}, which {} does not have",
                                 workbook_part, quoted_value(entry.name),
                                 quoted_value(entry.rel_id), rels_part_of(workbook_part)));
            sheet.part = resolve_target(workbook_part, rel->second.target);
            sheet.worksheet = ends_with(rel->second.type, kWorksheet);
            if (sheet.worksheet) {
                const std::string where = fmt::format(" (sheet {})", quoted_value(sheet.name));
                if (!exists(sheet.part))
                    fail(fmt::format("sheet {}: its part {} is missing from the zip archive",
                                     quoted_value(sheet.name), sheet.part));
                WorksheetHandler handler(sheet, shared, limits_, book_cells);
                parse(sheet.part, where, handler);
                sort_and_check(sheet, where);
            }
            book.sheets.push_back(std::move(sheet));
        }

        const Relationship* core = package_rels.first_of_type(kCoreProperties);
        CoreHandler core_handler(book.properties, limits_.max_text_bytes);
        parse_if_present(core ? resolve_target("", core->target) : "docProps/core.xml", "",
                         core_handler);
        const Relationship* custom = package_rels.first_of_type(kCustomProperties);
        CustomHandler custom_handler(book.properties, limits_.max_text_bytes);
        parse_if_present(custom ? resolve_target("", custom->target) : "docProps/custom.xml", "",
                         custom_handler);
        return book;
    }

  private:
    [[noreturn]] void fail(const std::string& message) const {
        throw DataError(shown_ + ": " + message);
    }

    void open() {
        std::error_code ec;
        const auto status = fs::status(path_, ec);
        if (ec || !fs::exists(status)) fail("cannot open: no such file");
        if (!fs::is_regular_file(status)) fail("not an XLSX workbook (not a regular file)");
        const std::uintmax_t size = fs::file_size(path_, ec);
        if (ec) fail("cannot read its size: " + ec.message());
        file_bytes_ = size;
        if (size > limits_.max_file_bytes)
            fail(fmt::format("the file is {}, more than {} (the limit for a workbook)",
                             size_text(size), size_text(limits_.max_file_bytes)));
        int error = 0;
        archive_.reset(zip_open(path_.c_str(), ZIP_RDONLY, &error));
        if (!archive_) {
            if (error == ZIP_ER_NOZIP || error == ZIP_ER_INCONS)
                fail("not an XLSX workbook (not a zip archive, or a damaged or truncated one)");
            zip_error_t zip_error;
            zip_error_init_with_code(&zip_error, error);
            const std::string what = zip_error_strerror(&zip_error);
            zip_error_fini(&zip_error);
            fail("cannot open as a zip archive: " + what);
        }
    }

    std::optional<zip_uint64_t> locate(const std::string& part) const {
        const zip_int64_t index = zip_name_locate(archive_.get(), part.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::nullopt;
        return static_cast<zip_uint64_t>(index);
    }
    bool exists(const std::string& part) const { return locate(part).has_value(); }

    void parse_if_present(const std::string& part, const std::string& where, PartHandler& handler) {
        if (exists(part)) parse(part, where, handler);
    }

    // Decompresses `part` chunk by chunk into expat, counting what comes out against the
    // limits (the sizes in the zip headers are claims, not facts).
    void parse(const std::string& part, const std::string& where, PartHandler& handler) {
        const std::string label = part + where;
        const zip_uint64_t index = *locate(part);
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive_.get(), index, 0, &stat) != 0)
            fail(fmt::format("{}: cannot read its zip entry: {}", label,
                             zip_strerror(archive_.get())));
        // A claim too, but it cannot be more than the file holds.
        const std::uint64_t compressed = std::min<std::uint64_t>(
            (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : 0, file_bytes_);
        const std::uint64_t part_limit =
            std::min(limits_.max_part_bytes,
                     std::max(limits_.expansion_floor_bytes, compressed * limits_.max_expansion));
        EntryPtr entry(zip_fopen_index(archive_.get(), index, 0));
        if (!entry)
            fail(fmt::format("{}: cannot open its zip entry: {}", label,
                             zip_strerror(archive_.get())));

        ParserMemory::limit = limits_.max_parser_bytes;
        ParserMemory::used = 0;
        ParserMemory::refused = false;
        const XML_Memory_Handling_Suite memory{&ParserMemory::allocate, &ParserMemory::reallocate,
                                               &ParserMemory::release};
        ParserPtr parser(XML_ParserCreate_MM(nullptr, &memory, "|"));
        if (!parser) throw std::bad_alloc();
        Callbacks callbacks{&handler, parser.get(), nullptr};
        XML_SetUserData(parser.get(), &callbacks);
        XML_SetElementHandler(parser.get(), &on_start, &on_end);
        XML_SetCharacterDataHandler(parser.get(), &on_text);
        XML_SetStartDoctypeDeclHandler(parser.get(), &on_doctype);

        std::vector<char> buffer(kChunkSize);
        std::uint64_t part_bytes = 0;
        for (;;) {
            const zip_int64_t n = zip_fread(entry.get(), buffer.data(), buffer.size());
            if (n < 0)
                fail(fmt::format("{}: cannot decompress it (damaged zip archive?): {}", label,
                                 zip_file_strerror(entry.get())));
            const auto got = static_cast<std::uint64_t>(n);
            part_bytes += got;
            total_bytes_ += got;
            if (part_bytes > limits_.max_part_bytes)
                fail(
                    fmt::format("{}: more than {} uncompressed (the limit per part); not read "
                                "further",
                                label, size_text(limits_.max_part_bytes)));
            if (part_bytes > part_limit)
                fail(
                    fmt::format("{}: expands more than {} times its compressed size of {} "
                                "(the limit for a part over {}; a zip bomb?); not read further",
                                label, limits_.max_expansion, size_text(compressed),
                                size_text(limits_.expansion_floor_bytes)));
            if (total_bytes_ > limits_.max_total_bytes)
                fail(
                    fmt::format("{}: the parts read so far make more than {} uncompressed (the "
                                "limit per workbook); not read further",
                                label, size_text(limits_.max_total_bytes)));
            const bool final = got == 0;
            if (XML_Parse(parser.get(), buffer.data(), static_cast<int>(got),
                          final ? XML_TRUE : XML_FALSE) == XML_STATUS_ERROR) {
                const auto line = XML_GetCurrentLineNumber(parser.get());
                if (callbacks.error) {
                    try {
                        std::rethrow_exception(callbacks.error);
                    } catch (const DataError& e) {
                        fail(fmt::format("{}: line {}: {}", label, line, e.what()));
                    }
                }
                if (XML_GetErrorCode(parser.get()) == XML_ERROR_NO_MEMORY && ParserMemory::refused)
                    fail(
                        fmt::format("{}: line {}: an XML token (a name, an attribute, a comment) "
                                    "needs more than {} to parse (the limit for the XML parser)",
                                    label, line, size_text(limits_.max_parser_bytes)));
                const char* what = XML_ErrorString(XML_GetErrorCode(parser.get()));
                fail(fmt::format("{}: malformed XML at line {}, column {}: {}", label, line,
                                 XML_GetCurrentColumnNumber(parser.get()),
                                 what ? what : "unknown error"));
            }
            if (final) break;
        }
    }

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
            fail(fmt::format("{}{}: cell {} is given twice", sheet.part, where, twice->ref()));
    }

    // expat calls these; an exception must not cross its C frames, so it is kept and the
    // parser stopped.
    struct Callbacks {
        PartHandler* handler;
        XML_Parser parser;
        std::exception_ptr error;

        void keep(std::exception_ptr e) {
            error = std::move(e);
            XML_StopParser(parser, XML_FALSE);
        }
    };
    static void on_start(void* data, const XML_Char* name, const XML_Char** atts) {
        auto* cb = static_cast<Callbacks*>(data);
        if (cb->error) return;
        try {
            const std::string_view local = local_name(name);
            const Tag tag = tag_of(local);
            cb->handler->start(tag, local, atts);
            cb->handler->stack.push_back(tag);
        } catch (...) {
            cb->keep(std::current_exception());
        }
    }
    static void on_end(void* data, const XML_Char* name) {
        auto* cb = static_cast<Callbacks*>(data);
        if (cb->error) return;
        try {
            if (!cb->handler->stack.empty()) cb->handler->stack.pop_back();
            const std::string_view local = local_name(name);
            cb->handler->end(tag_of(local), local);
        } catch (...) {
            cb->keep(std::current_exception());
        }
    }
    static void on_text(void* data, const XML_Char* s, int len) {
        auto* cb = static_cast<Callbacks*>(data);
        if (cb->error) return;
        try {
            cb->handler->text(std::string_view(s, static_cast<std::size_t>(len)));
        } catch (...) {
            cb->keep(std::current_exception());
        }
    }
    static void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* cb = static_cast<Callbacks*>(data);
        if (!cb->error)
            cb->keep(std::make_exception_ptr(
                DataError("a DTD (<!DOCTYPE>), which OOXML parts never have, is refused")));
    }

    fs::path path_;
    std::string shown_;
    const XlsxLimits& limits_;
    ArchivePtr archive_;
    std::uint64_t total_bytes_ = 0;
    std::uint64_t file_bytes_ = 0;
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
