#include "jitupasna/io/ooxml_package.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>

namespace jitupasna::io::ooxml {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunkSize = 64 * 1024;  // decompressed bytes fed to expat at a time

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

// The XML parser's own memory, capped: expat buffers a whole token (a 100 MiB attribute value
// would take 100 MiB or more), so its allocations are counted and refused past
// OoxmlLimits::max_parser_bytes. Each block carries its size in front. One parser at a time per
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

// expat calls these; an exception must not cross its C frames, so it is kept and the parser
// stopped.
struct Callbacks {
    XmlHandler* handler;
    XML_Parser parser;
    std::exception_ptr error;

    void keep(std::exception_ptr e) {
        error = std::move(e);
        XML_StopParser(parser, XML_FALSE);
    }
};

void on_start(void* data, const XML_Char* name, const XML_Char** atts) {
    auto* cb = static_cast<Callbacks*>(data);
    if (cb->error) return;
    try {
        cb->handler->element_start(local_name(name), atts);
    } catch (...) {
        cb->keep(std::current_exception());
    }
}
void on_end(void* data, const XML_Char* name) {
    auto* cb = static_cast<Callbacks*>(data);
    if (cb->error) return;
    try {
        cb->handler->element_end(local_name(name));
    } catch (...) {
        cb->keep(std::current_exception());
    }
}
void on_text(void* data, const XML_Char* s, int len) {
    auto* cb = static_cast<Callbacks*>(data);
    if (cb->error) return;
    try {
        cb->handler->characters(std::string_view(s, static_cast<std::size_t>(len)));
    } catch (...) {
        cb->keep(std::current_exception());
    }
}
void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* cb = static_cast<Callbacks*>(data);
    if (!cb->error)
        cb->keep(std::make_exception_ptr(
            DataError("a DTD (<!DOCTYPE>), which OOXML parts never have, is refused")));
}

}  // namespace

std::string size_text(std::uint64_t bytes) {
    if (bytes < 1024) return fmt::format("{} bytes", bytes);
    if (bytes < (1ull << 20)) return fmt::format("{:.4g} KiB", static_cast<double>(bytes) / 1024.0);
    return fmt::format("{:.4g} MiB", static_cast<double>(bytes) / 1048576.0);
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string_view local_name(const char* name) {
    std::string_view n(name);
    const auto bar = n.rfind('|');
    return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

bool has_namespace(const char* name) { return std::strchr(name, '|') != nullptr; }

const char* attribute(const char** atts, std::string_view name) {
    for (; atts[0]; atts += 2)
        if (!has_namespace(atts[0]) && name == atts[0]) return atts[1];
    return nullptr;
}

const char* namespaced_attribute(const char** atts, std::string_view local) {
    for (; atts[0]; atts += 2)
        if (has_namespace(atts[0]) && local_name(atts[0]) == local) return atts[1];
    return nullptr;
}

void TextBuffer::too_long(const std::string& what) const {
    throw DataError(
        fmt::format("{} longer than {} (the limit for one string)", what, size_text(max_)));
}

void RelationshipsHandler::element_start(std::string_view local, const char** atts) {
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

const Relationship* RelationshipsHandler::first_of_type(std::string_view type_tail) const {
    for (const auto& rel : all)
        if (ends_with(rel.type, type_tail)) return &rel;
    return nullptr;
}

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

std::string rels_part_of(const std::string& part) {
    const auto slash = part.rfind('/');
    if (slash == std::string::npos) return "_rels/" + part + ".rels";
    return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

struct Package::Archive {
    ArchivePtr zip;

    std::optional<zip_uint64_t> locate(const std::string& part) const {
        const zip_int64_t index = zip_name_locate(zip.get(), part.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::nullopt;
        return static_cast<zip_uint64_t>(index);
    }
};

Package::Package(const fs::path& path, const OoxmlLimits& limits, std::string kind,
                 std::string noun)
    : shown_(path.string()),
      kind_(std::move(kind)),
      noun_(std::move(noun)),
      limits_(limits),
      archive_(std::make_unique<Archive>()) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) fail("cannot open: no such file");
    if (!fs::is_regular_file(status)) fail(fmt::format("not {} (not a regular file)", kind_));
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) fail("cannot read its size: " + ec.message());
    file_bytes_ = size;
    if (size > limits_.max_file_bytes)
        fail(fmt::format("the file is {}, more than {} (the limit for a {})", size_text(size),
                         size_text(limits_.max_file_bytes), noun_));
    int error = 0;
    archive_->zip.reset(zip_open(path.c_str(), ZIP_RDONLY, &error));
    if (!archive_->zip) {
        if (error == ZIP_ER_NOZIP || error == ZIP_ER_INCONS)
            fail(fmt::format("not {} (not a zip archive, or a damaged or truncated one)", kind_));
        zip_error_t zip_error;
        zip_error_init_with_code(&zip_error, error);
        const std::string what = zip_error_strerror(&zip_error);
        zip_error_fini(&zip_error);
        fail("cannot open as a zip archive: " + what);
    }
}

Package::~Package() = default;

void Package::fail(const std::string& message) const { throw DataError(shown_ + ": " + message); }

std::string Package::main_part(const std::string& usual, RelationshipsHandler& package_rels) {
    parse_if_present("_rels/.rels", "", package_rels);
    const Relationship* office = package_rels.first_of_type("/officeDocument");
    std::string part = office ? resolve_target("", office->target) : usual;
    if (!exists(part)) fail(fmt::format("not {} (no {} in the zip archive)", kind_, part));
    return part;
}

bool Package::exists(const std::string& part) const { return archive_->locate(part).has_value(); }

void Package::parse(const std::string& part, const std::string& where, XmlHandler& handler) {
    const std::string label = part + where;
    const auto located = archive_->locate(part);
    if (!located) fail(fmt::format("{}: missing from the zip archive", label));
    const zip_uint64_t index = *located;
    zip_t* zip = archive_->zip.get();
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip, index, 0, &stat) != 0)
        fail(fmt::format("{}: cannot read its zip entry: {}", label, zip_strerror(zip)));
    // A claim too, but it cannot be more than the file holds.
    const std::uint64_t compressed = std::min<std::uint64_t>(
        (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : 0, file_bytes_);
    const std::uint64_t part_limit =
        std::min(limits_.max_part_bytes,
                 std::max(limits_.expansion_floor_bytes, compressed * limits_.max_expansion));
    EntryPtr entry(zip_fopen_index(zip, index, 0));
    if (!entry) fail(fmt::format("{}: cannot open its zip entry: {}", label, zip_strerror(zip)));

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
            fail(fmt::format("{}: more than {} uncompressed (the limit per part); not read further",
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
                            "limit per {}); not read further",
                            label, size_text(limits_.max_total_bytes), noun_));
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

}  // namespace jitupasna::io::ooxml
