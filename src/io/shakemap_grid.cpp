#include "jitupasna/io/shakemap_grid.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/input_file.hpp"
#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::io {

namespace {

constexpr std::size_t kChunkSize = 64 * 1024;  // bytes fed to expat per XML_Parse call
constexpr std::size_t kMaxTokenLength = 64;    // longer grid_data tokens are not numbers
constexpr double kMaxCells = 268435456.0;      // 2^28 cells (2 GiB of doubles): a sanity cap
constexpr std::size_t kMinFields = 3;          // LON, LAT and the field read

// The <shakemap_grid> attributes copied into ShakemapGrid::event.
constexpr const char* kRootAttributes[] = {
    "event_id",           "shakemap_id",         "shakemap_version",
    "process_timestamp",  "shakemap_originator", "map_status",
    "shakemap_event_type"};

struct ParserDeleter {
    void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};
using ParserPtr = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserDeleter>;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Element name without a namespace prefix ("sm:grid_data" -> "grid_data").
std::string_view local_name(const XML_Char* name) {
    std::string_view n(name);
    const auto colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string trim_trailing(std::string s) {
    while (!s.empty() && is_blank(s.back())) s.pop_back();
    return s;
}

// A finite decimal number (leading '+' allowed, surrounding blanks not), locale-independent.
std::optional<double> parse_number(std::string_view s) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty() || s.front() == '+') return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

struct FieldDecl {
    long index = 0;  // the 1-based index attribute (or the position when it has none)
    std::string name;
    std::string units;
};

// Streams one grid.xml through expat. Callbacks never let an exception cross expat's C frames:
// they store it, stop the parser, and read() rethrows it once XML_Parse has returned.
class GridReader {
  public:
    GridReader(std::string path, std::string field)
        : path_(std::move(path)), wanted_(std::move(field)) {}

    ShakemapGrid read() {
        if (const auto kind = core::not_a_regular_file(path_))
            fail(fmt::format("the ShakeMap grid.xml is {}, not a regular file", *kind));
        FilePtr file(std::fopen(path_.c_str(), "rb"));
        if (!file) fail(fmt::format("cannot open ShakeMap grid.xml: {}", std::strerror(errno)));
        struct stat info {};
        if (::fstat(::fileno(file.get()), &info) == 0)
            file_bytes_ = static_cast<double>(info.st_size);

        parser_.reset(XML_ParserCreate(nullptr));
        if (!parser_) throw std::bad_alloc();
        XML_SetUserData(parser_.get(), this);
        XML_SetElementHandler(parser_.get(), &GridReader::on_start, &GridReader::on_end);
        XML_SetCharacterDataHandler(parser_.get(), &GridReader::on_characters);

        std::vector<char> buffer(kChunkSize);
        for (;;) {
            const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
            if (std::ferror(file.get()))
                fail(fmt::format("cannot read ShakeMap grid.xml: {}", std::strerror(errno)));
            const bool final = std::feof(file.get()) != 0;
            if (XML_Parse(parser_.get(), buffer.data(), static_cast<int>(n),
                          final ? XML_TRUE : XML_FALSE) == XML_STATUS_ERROR) {
                if (error_) std::rethrow_exception(error_);
                xml_error();
            }
            if (final) break;
        }

        if (!grid_data_seen_) {
            prepare();  // reports a missing grid_specification / field first
            fail(fmt::format("no <grid_data> element (expected {} data rows)", nlon_ * nlat_));
        }
        return std::move(out_);
    }

  private:
    // ---- expat trampolines ------------------------------------------------------------------

    template <typename F>
    static void guarded(void* user_data, F&& f) {
        auto* self = static_cast<GridReader*>(user_data);
        if (self->error_) return;  // stopped: expat may still deliver a few callbacks
        try {
            f(*self);
        } catch (...) {
            self->error_ = std::current_exception();
            XML_StopParser(self->parser_.get(), XML_FALSE);
        }
    }

    static void XMLCALL on_start(void* user_data, const XML_Char* name, const XML_Char** atts) {
        guarded(user_data, [&](GridReader& r) { r.start_element(name, atts); });
    }
    static void XMLCALL on_end(void* user_data, const XML_Char* name) {
        guarded(user_data, [&](GridReader& r) { r.end_element(name); });
    }
    static void XMLCALL on_characters(void* user_data, const XML_Char* s, int len) {
        guarded(user_data, [&](GridReader& r) {
            if (r.in_grid_data_) r.characters(std::string_view(s, static_cast<std::size_t>(len)));
        });
    }

    // ---- errors -----------------------------------------------------------------------------

    // A file claims nlon x nlat points; each is a data row of at least one character and one
    // separator per field. A claim the file is too small to hold is refused before the grid
    // is allocated (a 479-byte file declaring 16384 x 16384 points).
    void require_room_for_points(std::size_t fields) const {
        if (!(file_bytes_ >= 0)) return;  // size unknown
        const double needed = grid_claim_min_bytes(nlon_, nlat_, fields);
        if (needed > file_bytes_)
            fail(fmt::format(
                "<grid_specification> declares nlon {} x nlat {} = {} points, which need at "
                "least {:.0f} bytes of grid_data (2 bytes for each of at least {} values per "
                "point); the file has {:.0f} bytes",
                nlon_, nlat_, static_cast<long long>(nlon_) * static_cast<long long>(nlat_), needed,
                fields, file_bytes_));
    }

    [[noreturn]] void fail(const std::string& message) const {
        throw DataError(path_ + ": " + message);
    }

    [[noreturn]] void xml_error() const {
        const XML_Error code = XML_GetErrorCode(parser_.get());
        const auto line = XML_GetCurrentLineNumber(parser_.get());
        const auto column = XML_GetCurrentColumnNumber(parser_.get());
        const char* what = XML_ErrorString(code);
        if (!root_seen_)
            fail(fmt::format("not an XML file (expat: line {}, column {}: {})", line, column,
                             what ? what : "unknown error"));
        fail(
            fmt::format("XML syntax error at line {}, column {}: {}{}", line, column,
                        what ? what : "unknown error",
                        code == XML_ERROR_NO_ELEMENTS ? " (the file ends early: truncated?)" : ""));
    }

    // "grid_data row 12 (line 27)": the 1-based data row being read and its line in the file.
    std::string row_label() const {
        return fmt::format("grid_data row {} (line {})", rows_read_ + 1, row_line_);
    }

    double expected_rows() const { return static_cast<double>(nlon_) * static_cast<double>(nlat_); }

    // ---- elements ---------------------------------------------------------------------------

    void start_element(const XML_Char* name, const XML_Char** atts) {
        const std::string_view element = local_name(name);
        if (depth_ == 0) {
            root_seen_ = true;
            if (element != "shakemap_grid")
                fail(fmt::format(
                    "root element is <{}>, not <shakemap_grid> (not a ShakeMap grid.xml)",
                    std::string(name)));
            for (const char* key : kRootAttributes)
                if (const XML_Char* v = attribute(atts, key)) out_.event[key] = trim_trailing(v);
        } else if (in_grid_data_) {
            fail(fmt::format("unexpected element <{}> inside <grid_data> (line {})",
                             std::string(name), XML_GetCurrentLineNumber(parser_.get())));
        } else if (depth_ == 1) {
            if (element == "event" && !event_seen_) {
                event_seen_ = true;
                for (const XML_Char** a = atts; a[0]; a += 2)
                    out_.event.emplace(a[0], trim_trailing(a[1]));
            } else if (element == "grid_specification") {
                read_specification(atts);
            } else if (element == "grid_field") {
                read_field(atts);
            } else if (element == "grid_data") {
                if (grid_data_seen_) fail("more than one <grid_data> element");
                grid_data_seen_ = true;
                prepare();
                in_grid_data_ = true;
                grid_data_depth_ = depth_ + 1;
                line_ = XML_GetCurrentLineNumber(parser_.get());
                row_line_ = line_;
            }
        }
        ++depth_;
    }

    void end_element(const XML_Char*) {
        --depth_;
        if (in_grid_data_ && depth_ + 1 == grid_data_depth_) {
            end_token();
            end_row();
            in_grid_data_ = false;
            finish_grid_data();
        }
    }

    static const XML_Char* attribute(const XML_Char** atts, std::string_view key) {
        for (const XML_Char** a = atts; a[0]; a += 2)
            if (key == a[0]) return a[1];
        return nullptr;
    }

    double number_attribute(const XML_Char** atts, const char* key) const {
        const XML_Char* text = attribute(atts, key);
        if (!text) fail(fmt::format("<grid_specification> has no {} attribute", key));
        const auto value = parse_number(trim_blanks(text));
        if (!value)
            fail(fmt::format("<grid_specification> attribute {}={} is not a number", key,
                             quoted_value(text)));
        return *value;
    }

    long count_attribute(const XML_Char** atts, const char* key) const {
        const double v = number_attribute(atts, key);
        if (v < 1 || v != std::floor(v) || v > 1e9)
            fail(fmt::format("<grid_specification> attribute {}={} is not a whole number >= 1", key,
                             quoted_value(attribute(atts, key))));
        return static_cast<long>(v);
    }

    void read_specification(const XML_Char** atts) {
        if (spec_seen_) fail("more than one <grid_specification> element");
        spec_seen_ = true;
        lon_min_ = number_attribute(atts, "lon_min");
        lat_min_ = number_attribute(atts, "lat_min");
        lon_max_ = number_attribute(atts, "lon_max");
        lat_max_ = number_attribute(atts, "lat_max");
        const double nominal_dx = number_attribute(atts, "nominal_lon_spacing");
        const double nominal_dy = number_attribute(atts, "nominal_lat_spacing");
        nlon_ = count_attribute(atts, "nlon");
        nlat_ = count_attribute(atts, "nlat");
        if (expected_rows() > kMaxCells)
            fail(fmt::format("<grid_specification> nlon {} x nlat {} is too large a grid", nlon_,
                             nlat_));
        require_room_for_points(kMinFields);

        // Points are cell centres: nlon points span nlon - 1 spacings.
        if (nlon_ > 1) {
            if (!(lon_max_ > lon_min_))
                fail(fmt::format("<grid_specification> lon_max {} is not greater than lon_min {}",
                                 lon_max_, lon_min_));
            dx_ = (lon_max_ - lon_min_) / static_cast<double>(nlon_ - 1);
        } else {
            if (!(nominal_dx > 0))
                fail("<grid_specification> has nlon 1 and nominal_lon_spacing is not positive");
            dx_ = nominal_dx;
        }
        if (nlat_ > 1) {
            if (!(lat_max_ > lat_min_))
                fail(fmt::format("<grid_specification> lat_max {} is not greater than lat_min {}",
                                 lat_max_, lat_min_));
            dy_ = (lat_max_ - lat_min_) / static_cast<double>(nlat_ - 1);
        } else {
            if (!(nominal_dy > 0))
                fail("<grid_specification> has nlat 1 and nominal_lat_spacing is not positive");
            dy_ = nominal_dy;
        }
    }

    void read_field(const XML_Char** atts) {
        FieldDecl decl;
        const XML_Char* name = attribute(atts, "name");
        if (!name || trim_blanks(name).empty())
            fail(fmt::format("<grid_field> number {} has no name attribute", decls_.size() + 1));
        decl.name = std::string(trim_blanks(name));
        if (const XML_Char* units = attribute(atts, "units")) decl.units = trim_trailing(units);
        decl.index = static_cast<long>(decls_.size()) + 1;
        if (const XML_Char* index = attribute(atts, "index")) {
            const auto v = parse_number(trim_blanks(index));
            if (!v || *v < 1 || *v != std::floor(*v) || *v > 1e6)
                fail(fmt::format("<grid_field> {} has index={}, not a whole number >= 1", decl.name,
                                 quoted_value(index)));
            decl.index = static_cast<long>(*v);
        }
        decls_.push_back(std::move(decl));
    }

    std::optional<std::size_t> find_field(std::string_view name) const {
        for (std::size_t i = 0; i < decls_.size(); ++i)
            if (decls_[i].name == name) return i;
        for (std::size_t i = 0; i < decls_.size(); ++i)
            if (equal_ignoring_ascii_case(decls_[i].name, name)) return i;
        return std::nullopt;
    }

    // Checks everything <grid_data> depends on and allocates the output grid.
    void prepare() {
        if (!spec_seen_) fail("missing <grid_specification> element");
        if (decls_.empty()) fail("no <grid_field> elements before <grid_data>");

        // The columns of grid_data follow the index attributes, which must be 1..N.
        std::stable_sort(decls_.begin(), decls_.end(),
                         [](const FieldDecl& a, const FieldDecl& b) { return a.index < b.index; });
        for (std::size_t i = 0; i < decls_.size(); ++i)
            if (decls_[i].index != static_cast<long>(i) + 1)
                fail(fmt::format("<grid_field> indices are not 1..{} (field {} has index {})",
                                 decls_.size(), decls_[i].name, decls_[i].index));
        out_.fields.clear();
        for (const auto& d : decls_) out_.fields.push_back(d.name);

        const auto lon = find_field("LON"), lat = find_field("LAT");
        if (!lon || !lat)
            fail(fmt::format("no {} grid_field (available fields: {})", lon ? "LAT" : "LON",
                             join(out_.fields)));
        const auto value = find_field(wanted_);
        if (!value)
            fail(fmt::format("no grid_field named {} (available fields: {})", quoted_value(wanted_),
                             join(out_.fields)));
        lon_col_ = *lon;
        lat_col_ = *lat;
        value_col_ = *value;
        out_.field = decls_[*value].name;
        out_.units = decls_[*value].units;

        out_.grid.cols = static_cast<int>(nlon_);
        out_.grid.rows = static_cast<int>(nlat_);
        out_.grid.cell_width = dx_;
        out_.grid.cell_height = -dy_;
        out_.grid.origin_x = lon_min_ - dx_ / 2;
        out_.grid.origin_y = lat_max_ + dy_ / 2;
        // NaN marks a cell no data row has filled yet (grid values are always finite).
        require_room_for_points(decls_.size());
        out_.values.assign(static_cast<std::size_t>(nlon_) * static_cast<std::size_t>(nlat_),
                           std::numeric_limits<double>::quiet_NaN());
    }

    // ---- grid_data --------------------------------------------------------------------------

    // Character data arrives in arbitrary pieces: a number may be split between calls, so the
    // current token and the row's parsed columns persist across calls. One row per line.
    void characters(std::string_view text) {
        for (const char c : text) {
            if (c == '\n') {
                end_token();
                end_row();
                ++line_;
            } else if (is_blank(c)) {
                end_token();
            } else {
                if (token_.empty() && column_ == 0) row_line_ = line_;
                if (token_.size() >= kMaxTokenLength)
                    fail(fmt::format("{}: {} is not a number", row_label(), quoted_value(token_)));
                token_.push_back(c);
            }
        }
    }

    void end_token() {
        if (token_.empty()) return;
        if (column_ >= decls_.size())
            fail(fmt::format(
                "{}: more than {} values (one per grid_field; rows must be one per line)",
                row_label(), decls_.size()));
        const auto v = parse_number(token_);
        if (!v)
            fail(fmt::format("{}: {} is not a number (field {})", row_label(), quoted_value(token_),
                             decls_[column_].name));
        if (column_ == lon_col_) row_lon_ = *v;
        if (column_ == lat_col_) row_lat_ = *v;
        if (column_ == value_col_) row_value_ = *v;
        ++column_;
        token_.clear();
    }

    void end_row() {
        if (column_ == 0) return;  // blank line
        if (column_ < decls_.size())
            fail(fmt::format("{}: {} values, expected {} (one per grid_field)", row_label(),
                             column_, decls_.size()));
        if (static_cast<double>(rows_read_ + 1) > expected_rows())
            fail(fmt::format("{}: more data rows than nlon {} x nlat {} = {}", row_label(), nlon_,
                             nlat_, rows_read_));
        place();
        ++rows_read_;
        column_ = 0;
    }

    // Puts the row's value in the cell given by its own LON/LAT.
    void place() {
        const double fc = (row_lon_ - lon_min_) / dx_;
        const double fr = (lat_max_ - row_lat_) / dy_;
        const double half = 0.5 + 1e-9;  // "more than half a cell" with a little rounding slack
        if (!(fc >= -half && fc <= static_cast<double>(nlon_ - 1) + half && fr >= -half &&
              fr <= static_cast<double>(nlat_ - 1) + half))
            fail(fmt::format(
                "{}: point LON {} LAT {} is outside the grid (lon {} to {}, lat {} to {})",
                row_label(), row_lon_, row_lat_, lon_min_, lon_max_, lat_min_, lat_max_));
        const long col = std::clamp(std::lround(fc), 0L, nlon_ - 1);
        const long row = std::clamp(std::lround(fr), 0L, nlat_ - 1);
        double& cell = out_.values[static_cast<std::size_t>(row) * static_cast<std::size_t>(nlon_) +
                                   static_cast<std::size_t>(col)];
        if (!std::isnan(cell))
            fail(
                fmt::format("{}: point LON {} LAT {} falls in cell (col {}, row {}), which an "
                            "earlier row already filled",
                            row_label(), row_lon_, row_lat_, col, row));
        cell = row_value_;
    }

    void finish_grid_data() {
        if (static_cast<double>(rows_read_) == expected_rows()) return;
        // Fewer rows than cells: name the first cell left empty.
        const auto it = std::find_if(out_.values.begin(), out_.values.end(),
                                     [](double v) { return std::isnan(v); });
        const auto index = static_cast<long>(it - out_.values.begin());
        const long col = index % nlon_, row = index / nlon_;
        fail(fmt::format(
            "<grid_data> has {} data rows, expected nlon {} x nlat {} = {}; no point for cell (col "
            "{}, row {}) at LON {} LAT {}",
            rows_read_, nlon_, nlat_, nlon_ * nlat_, col, row,
            lon_min_ + static_cast<double>(col) * dx_, lat_max_ - static_cast<double>(row) * dy_));
    }

    std::string path_;
    std::string wanted_;
    ParserPtr parser_;
    std::exception_ptr error_;
    ShakemapGrid out_;

    int depth_ = 0;
    bool root_seen_ = false;
    bool event_seen_ = false;
    bool spec_seen_ = false;
    bool grid_data_seen_ = false;
    bool in_grid_data_ = false;
    int grid_data_depth_ = 0;

    double lon_min_ = 0, lat_min_ = 0, lon_max_ = 0, lat_max_ = 0, dx_ = 1, dy_ = 1;
    long nlon_ = 0, nlat_ = 0;
    std::vector<FieldDecl> decls_;
    std::size_t lon_col_ = 0, lat_col_ = 0, value_col_ = 0;

    std::string token_;       // the number being read (at most kMaxTokenLength chars)
    std::size_t column_ = 0;  // values read so far in the current row
    double row_lon_ = 0, row_lat_ = 0, row_value_ = 0;
    std::size_t rows_read_ = 0;   // complete data rows placed
    unsigned long line_ = 0;      // file line of the character being read
    unsigned long row_line_ = 0;  // file line where the current row began
    double file_bytes_ = -1;      // the file's size (-1: unknown)
};

}  // namespace

double grid_claim_min_bytes(long nlon, long nlat, std::size_t fields) {
    // One character and one separator (a blank or the line's end) per value.
    return static_cast<double>(nlon) * static_cast<double>(nlat) * 2.0 *
           static_cast<double>(fields);
}

ShakemapGrid read_shakemap_grid(const std::string& path, const std::string& field) {
    return GridReader(path, field).read();
}

}  // namespace jitupasna::io
