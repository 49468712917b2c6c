#include "command.hpp"

#include <filesystem>

#include "jitupasna/core/input_file.hpp"

namespace jitupasna::cli {

CLI::Validator existing_file() {
    return CLI::Validator(
        [](std::string& path) -> std::string {
            std::error_code ec;
            const auto status = std::filesystem::status(path, ec);
            if (!std::filesystem::exists(status)) return path + " not found";
            if (std::filesystem::is_directory(status)) return path + " is a folder, not a file";
            // A FIFO would block the command for good, /dev/zero would be read for ever.
            if (const auto kind = core::not_a_regular_file(path))
                return path + " is " + *kind + ", not a regular file";
            return {};
        },
        "FILE");
}

}  // namespace jitupasna::cli
