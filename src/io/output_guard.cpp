#include "jitupasna/io/output_guard.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/input_file.hpp"

namespace jitupasna::io {

namespace fs = std::filesystem;

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// A C1 control character (U+0080..U+009F) in UTF-8: 0xC2 then 0x80..0x9F ("next line" U+0085
// breaks a line in some terminals and editors, as a line feed does).
bool is_c1_at(std::string_view text, std::size_t i) {
    return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
           static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
           static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

bool holds_control(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (is_control(static_cast<unsigned char>(text[i])) || is_c1_at(text, i)) return true;
    return false;
}

struct FileIdentity {
    dev_t device;
    ino_t inode;
    bool operator==(const FileIdentity& o) const { return device == o.device && inode == o.inode; }
};

// The file a path leads to (links followed), if it exists.
std::optional<FileIdentity> identity_of(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return FileIdentity{st.st_dev, st.st_ino};
}

// "/vsizip/a.zip/b.shp" -> "a.zip/b.shp" (also /vsizip/{a.zip}/b.shp and chains such as
// /vsizip//vsigzip/...); "" for a virtual file system with nothing on the local disk.
std::string strip_vsi(std::string path) {
    static const char* const archives[] = {"/vsizip/", "/vsitar/", "/vsigzip/",
                                           "/vsi7z/",  "/vsirar/", "/vsisubfile/"};
    for (bool stripped = true; stripped && path.rfind("/vsi", 0) == 0;) {
        stripped = false;
        for (const char* prefix : archives)
            if (path.rfind(prefix, 0) == 0) {
                path.erase(0, std::strlen(prefix));
                if (!path.empty() && path.front() == '{') {
                    const auto close = path.find('}');
                    if (close != std::string::npos) path.erase(close, 1);
                    path.erase(0, 1);
                }
                stripped = true;
                break;
            }
    }
    return path.rfind("/vsi", 0) == 0 ? std::string() : path;
}

// The longest leading part of `path` that is an existing file: the archive in "a.zip/b.shp".
std::optional<fs::path> existing_file_prefix(fs::path path) {
    for (; !path.empty(); path = path.parent_path()) {
        std::error_code ec;
        if (fs::is_regular_file(path, ec)) return path;
        if (fs::exists(path, ec)) return std::nullopt;  // a folder: nothing inside it is read
        if (path == path.parent_path()) break;
    }
    return std::nullopt;
}

}  // namespace

std::string escape_control(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if (is_c1_at(text, i)) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
        } else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\r')
            out += "\\r";
        else if (is_control(byte))
            out += fmt::format("\\x{:02x}", byte);
        else
            out += c;
    }
    return out;
}

void check_output_path(const std::string& output, std::string_view option,
                       std::string_view example) {
    if (output.empty()) throw ConfigError(fmt::format("{}: the output path is empty", option));
    if (holds_control(output))
        throw ConfigError(fmt::format(
            "{}: output path \"{}\" holds a control character (NUL, line break, tab, another "
            "byte below 0x20 or 0x7f, or U+0080 to U+009F); choose a plain file name",
            option, escape_control(output)));
    if (output.back() == '/')
        throw ConfigError(
            fmt::format("{}: output {} ends in '/', a folder; give a file name such as {}{}",
                        option, output, output, example));
    std::error_code ec;
    if (fs::is_directory(output, ec))
        throw ConfigError(
            fmt::format("{}: output {} is an existing folder; give a file name such as {}/{}",
                        option, output, output, example));
}

void check_output_folder(const std::string& folder, std::string_view option) {
    if (folder.empty()) throw ConfigError(fmt::format("{}: the output folder is empty", option));
    if (holds_control(folder))
        throw ConfigError(fmt::format(
            "{}: output folder \"{}\" holds a control character (NUL, line break, tab, another "
            "byte below 0x20 or 0x7f, or U+0080 to U+009F); choose a plain folder name",
            option, escape_control(folder)));
    std::error_code ec;
    if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
        throw ConfigError(
            fmt::format("{}: output folder {} exists and is not a folder", option, folder));
}

std::vector<fs::path> files_behind(const std::string& gdal_path) {
    std::string path = gdal_path;
    if (path.rfind("/vsi", 0) == 0) {
        path = strip_vsi(path);
        if (path.empty()) return {};
    } else {
        // A driver prefix: "GPKG:file.gpkg:layer", "CSV:file.csv" (not "C:\...", nor a path
        // whose folder holds a colon).
        const auto colon = path.find(':');
        if (colon != std::string::npos && colon > 1 && path.find('/') > colon) {
            path.erase(0, colon + 1);
            std::error_code ec;
            const auto last = path.rfind(':');
            if (!fs::exists(path, ec) && last != std::string::npos) path.erase(last);
        }
    }
    const auto file = existing_file_prefix(path);
    if (!file) return {};
    std::vector<fs::path> files = {*file};
    // A dataset is read from the files beside it too: a shapefile's .dbf, a raster's .prj or
    // .aux.xml; replacing one changes the input as surely as replacing the file itself.
    for (const auto& beside : core::sidecar_files(file->string())) files.emplace_back(beside);
    return files;
}

void refuse_output_over_inputs(const fs::path& output, const std::vector<NamedInput>& inputs,
                               std::string_view option, std::string_view what) {
    const auto target = identity_of(output);
    if (!target) return;  // a new file replaces nothing
    for (const auto& input : inputs)
        for (const auto& file : files_behind(input.path))
            if (identity_of(file) == target) {
                // Through a link or beside a shapefile, say which file it really is.
                std::error_code ec;
                const bool same_name = fs::absolute(file, ec).lexically_normal() ==
                                       fs::absolute(output, ec).lexically_normal();
                throw ConfigError(fmt::format(
                    "{} {} is {}{}; choose another {}", what, output.string(),
                    same_name ? "" : fmt::format("the same file as {}, ", file.string()),
                    input.role, option));
            }
}

bool says_disk_full(std::string_view text, int saved_errno) {
    if (saved_errno == ENOSPC || saved_errno == EDQUOT) return true;
    for (const std::string_view words : {"No space left", "no space left", "disk is full",
                                         "Disk full", "disk full", "Disk quota exceeded"})
        if (text.find(words) != std::string_view::npos) return true;
    return false;
}

std::string file_handles_exhausted(std::string_view text, int saved_errno) {
    const bool exhausted = saved_errno == EMFILE || saved_errno == ENFILE ||
                           text.find("Too many open files") != std::string_view::npos ||
                           text.find("too many open files") != std::string_view::npos;
    if (!exhausted) return {};
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        return fmt::format("too many open files (limit {})", limit.rlim_cur);
    return "too many open files";
}

std::string output_resource_failure(const fs::path& target, int saved_errno,
                                    std::string_view detail) {
    // Where the output goes: its folder decides the filesystem.
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    bool no_room = says_disk_full(detail, saved_errno);
    struct statvfs disk {};
    if (!no_room && ::statvfs(folder.c_str(), &disk) == 0)
        no_room = disk.f_bavail == 0 || (disk.f_files > 0 && disk.f_favail == 0);
    if (no_room) return fmt::format("no space left on device writing {}", target.string());
    if (const std::string handles = file_handles_exhausted(detail, saved_errno); !handles.empty())
        return fmt::format("{} writing {}; raise the limit (ulimit -n) or close other programs",
                           handles, target.string());
    return {};
}

std::string describe_write_failure(const fs::path& target, int saved_errno,
                                   std::string_view detail) {
    if (std::string cause = output_resource_failure(target, saved_errno, detail); !cause.empty())
        return cause;
    std::string reason(detail);
    if (reason.empty() && saved_errno != 0) reason = std::strerror(saved_errno);
    return reason.empty() ? fmt::format("cannot write {}", target.string())
                          : fmt::format("cannot write {}: {}", target.string(), reason);
}

}  // namespace jitupasna::io
