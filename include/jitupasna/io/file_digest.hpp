#pragma once
// The SHA-256 of a file (OpenSSL), as 64 lower-case hex digits: how `import` records exactly
// which returned form it merged.

#include <filesystem>
#include <string>

namespace jitupasna::io {

// Throws DataError naming the file when it cannot be read.
std::string sha256_hex(const std::filesystem::path& path);

}  // namespace jitupasna::io
