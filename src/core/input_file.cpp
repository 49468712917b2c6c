#include "jitupasna/core/input_file.hpp"

#include <fmt/format.h>

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

}  // namespace jitupasna::core
