#include "format.hpp"

#include <fmt/format.h>

#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::publish::report {

std::string escape(std::string_view text) { return io::xml_escape(text); }

}  // namespace jitupasna::publish::report
