#pragma once
// What the readers of Office Open XML files someone else wrote (io/xlsx_reader for returned
// forms, io/docx_reader for commented drafts) share: the zip package opened under stated
// limits, and each XML part decompressed in chunks straight into expat, counting what comes
// out (the sizes in the zip headers are claims, not facts), so a zip bomb neither allocates
// nor runs long. A DTD (and so any entity declaration) is refused: OOXML parts never have one.
// Every failure is a DataError "FILE: PART: problem".

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jitupasna/core/errors.hpp"

namespace jitupasna::io {

// What a package may hold before it is refused (each reader adds its own counts).
struct OoxmlLimits {
    std::uint64_t max_file_bytes = 50ull << 20;  // the file itself: 50 MiB
    // Each XML part read, decompressed: 100 MiB, and at most max_expansion times its
    // compressed size once it is past expansion_floor_bytes (small parts compress well).
    std::uint64_t max_part_bytes = 100ull << 20;
    std::uint64_t max_expansion = 100;
    std::uint64_t expansion_floor_bytes = 1ull << 20;
    std::uint64_t max_total_bytes = 300ull << 20;  // all parts read, decompressed: 300 MiB
    std::size_t max_text_bytes = 131'072;  // one string (Excel's 32,767 characters in UTF-8)
    // The XML parser's own buffers, which must hold one whole token (an element's name and
    // attributes, a comment): 32 MiB.
    std::size_t max_parser_bytes = 32u << 20;
};

namespace ooxml {

// "1.5 MiB", "100 MiB", "512 bytes": sizes in messages.
std::string size_text(std::uint64_t bytes);
bool ends_with(std::string_view s, std::string_view tail);

// expat runs with namespace processing: names arrive as "uri|local" (or "local").
std::string_view local_name(const char* name);
bool has_namespace(const char* name);
// An attribute without a namespace ("r", "t", "name"), or nullptr.
const char* attribute(const char** atts, std::string_view name);
// An attribute in any namespace by its local name (w:val, r:id), or nullptr.
const char* namespaced_attribute(const char** atts, std::string_view local);

// Text gathered for one value, capped so a single huge string cannot exhaust memory.
class TextBuffer {
  public:
    explicit TextBuffer(std::size_t max) : max_(max) {}
    // Throws naming `what` (called only then) when the text grows past the limit.
    template <typename What>
    void append(std::string_view s, What&& what) {
        if (text.size() + s.size() > max_) too_long(what());
        text.append(s);
    }
    std::string text;

  private:
    [[noreturn]] void too_long(const std::string& what) const;
    std::size_t max_;
};

// One XML part's content, element by element (names are local names). Handlers throw
// DataError with the problem only; the package adds the file, part and line.
class XmlHandler {
  public:
    virtual ~XmlHandler() = default;
    virtual void element_start(std::string_view local, const char** atts) = 0;
    virtual void element_end(std::string_view local) = 0;
    virtual void characters(std::string_view) {}
};

struct Relationship {
    std::string type, target;
};

// A .rels part: internal relationships by id and in order (external targets left out).
class RelationshipsHandler : public XmlHandler {
  public:
    std::map<std::string, Relationship> by_id;
    std::vector<Relationship> all;

    void element_start(std::string_view local, const char** atts) override;
    void element_end(std::string_view) override {}
    // The first relationship whose type ends in `type_tail` ("/officeDocument"), or nullptr.
    const Relationship* first_of_type(std::string_view type_tail) const;
};

// "xl/workbook.xml" + "worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml"; "/xl/x" -> "xl/x".
std::string resolve_target(const std::string& source_part, const std::string& target);
// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string rels_part_of(const std::string& part);

// An OOXML zip package opened for reading.
class Package {
  public:
    // Opens `path`; throws DataError naming it when it is missing, not a regular file, larger
    // than the limit, or not a zip archive. `kind` names what it should be in messages ("an
    // XLSX workbook"), `noun` the unit the limits speak of ("workbook").
    Package(const std::filesystem::path& path, const OoxmlLimits& limits, std::string kind,
            std::string noun);
    ~Package();
    Package(const Package&) = delete;
    Package& operator=(const Package&) = delete;

    const std::string& shown() const { return shown_; }
    const std::string& kind() const { return kind_; }
    bool exists(const std::string& part) const;
    // Streams `part` through `handler`; `where` is added after the part's name in messages
    // (" (sheet 'Data')"). The part must exist.
    void parse(const std::string& part, const std::string& where, XmlHandler& handler);
    void parse_if_present(const std::string& part, const std::string& where, XmlHandler& handler) {
        if (exists(part)) parse(part, where, handler);
    }
    // The main part: the target of the package's officeDocument relationship, else `usual`
    // ("xl/workbook.xml"); _rels/.rels is read into `package_rels`. Throws DataError "FILE: not
    // <kind> (no PART in the zip archive)" when the part is absent.
    std::string main_part(const std::string& usual, RelationshipsHandler& package_rels);
    // Throws DataError "FILE: message".
    [[noreturn]] void fail(const std::string& message) const;

  private:
    struct Archive;
    std::string shown_, kind_, noun_;
    const OoxmlLimits& limits_;
    std::unique_ptr<Archive> archive_;
    std::uint64_t file_bytes_ = 0;
    std::uint64_t total_bytes_ = 0;
};

}  // namespace ooxml
}  // namespace jitupasna::io
