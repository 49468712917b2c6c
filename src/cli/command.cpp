#include "command.hpp"

#include <filesystem>

namespace jitupasna::cli {

CLI::Validator existing_file() {
    return CLI::Validator(
        [](std::string& path) -> std::string {
            std::error_code ec;
            const auto status = std::filesystem::status(path, ec);
            if (!std::filesystem::exists(status)) return path + " not found";
            if (std::filesystem::is_directory(status)) return path + " is a folder, not a file";
            return {};
        },
        "FILE");
}

}  // namespace jitupasna::cli
