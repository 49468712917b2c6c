#pragma once

#include <optional>
#include <string>

namespace jitupasna::core {

// What a path is when it is not a regular file ("a FIFO (named pipe)", "a character device",
// "a folder", ...), following symbolic links; nullopt for a regular file or a path that does
// not exist (callers report "not found" themselves). Reading a FIFO blocks for good and a
// device such as /dev/zero never ends, so inputs are checked before they are opened.
std::optional<std::string> not_a_regular_file(const std::string& path);

// Throws ConfigError "<what>: <path> is <kind>, not a regular file" when not_a_regular_file():
// the path the scenario gives is wrong (exit 2), as for a missing file.
void require_regular_file(const std::string& path, const std::string& what);

}  // namespace jitupasna::core
