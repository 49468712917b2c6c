#include "format.hpp"

#include <fmt/format.h>

#include <cctype>

#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::publish::report {

std::string escape(std::string_view text) { return io::xml_escape(text); }

std::string humanize(std::string_view token) {
    std::string out;
    for (char c : token) out += c == '_' ? ' ' : c;
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

}  // namespace jitupasna::publish::report
