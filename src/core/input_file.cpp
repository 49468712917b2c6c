#include "jitupasna/core/input_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>

#include "jitupasna/core/errors.hpp"

namespace jitupasna::core {

namespace fs = std::filesystem;

std::optional<std::string> not_a_regular_file(const std::string& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);  // stat(): never opens, never blocks
    switch (status.type()) {
        case fs::file_type::regular:
        case fs::file_type::not_found:
        case fs::file_type::none:
            return std::nullopt;
        case fs::file_type::directory:
            return "a folder";
        case fs::file_type::fifo:
            return "a FIFO (named pipe)";
        case fs::file_type::character:
            return "a character device";
        case fs::file_type::block:
            return "a block device";
        case fs::file_type::socket:
            return "a socket";
        default:
            return ec ? std::nullopt : std::optional<std::string>("not a file");
    }
}

void require_regular_file(const std::string& path, const std::string& what) {
    if (const auto kind = not_a_regular_file(path))
        throw ConfigError(fmt::format("{}: {} is {}, not a regular file", what, path, *kind));
}

std::vector<std::string> sidecar_files(const std::string& path) {
    // Beside the stem (x.prj for x.shp) and beside the whole name (x.tif.aux.xml).
    static constexpr std::array kBesideStem = {".prj", ".shx", ".dbf",  ".cpg", ".qix", ".sbn",
                                               ".sbx", ".hdr", ".tfw",  ".wld", ".aux", ".aux.xml",
                                               ".ovr", ".rrd", ".csvt", ".xml"};
    static constexpr std::array kBesideName = {".aux.xml", ".ovr", ".xml", ".msk",
                                               ".rrd",     "-wal", "-shm", "-journal"};
    std::vector<std::string> found;
    const fs::path file(path);
    if (file.filename().empty()) return found;
    auto add = [&](const fs::path& candidate) {
        std::error_code ec;
        if (candidate != file && fs::exists(fs::symlink_status(candidate, ec)) &&
            std::find(found.begin(), found.end(), candidate.string()) == found.end())
            found.push_back(candidate.string());
    };
    auto upper = [](std::string text) {
        for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return text;
    };
    const fs::path stem = file.parent_path() / file.stem();
    for (const std::string extension : kBesideStem) {
        add(fs::path(stem.string() + extension));
        add(fs::path(stem.string() + upper(extension)));
    }
    for (const std::string suffix : kBesideName) add(fs::path(path + suffix));
    return found;
}

void require_regular_files(const std::string& path, const std::string& what) {
    require_regular_file(path, what);
    for (const auto& sidecar : sidecar_files(path))
        if (const auto kind = not_a_regular_file(sidecar))
            throw ConfigError(fmt::format("{}: {}, read with {}, is {}, not a regular file", what,
                                          sidecar, path, *kind));
}

}  // namespace jitupasna::core
