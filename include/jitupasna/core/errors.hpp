#pragma once

#include <stdexcept>
#include <string>

namespace jitupasna {

// The few kinds of failure a user can act on; main() maps each to a documented exit code.
class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A scenario file or command line that cannot be used as written (exit code 2).
class ConfigError : public Error {
  public:
    using Error::Error;
};

// Input data that cannot be read or processed, or output that cannot be written (exit code 1).
class DataError : public Error {
  public:
    using Error::Error;
};

}  // namespace jitupasna
