#pragma once
// Text for the HTML report: HTML escaping, tokens as words, and the Indonesian numbers of
// core/indonesian_number.

#include <string>
#include <string_view>

#include "jitupasna/core/glossary.hpp"
#include "jitupasna/core/indonesian_number.hpp"

namespace jitupasna::publish::report {

// Escapes &, <, >, " and ' so that any text is safe in element content and attribute values.
std::string escape(std::string_view text);

// Numbers the Indonesian way: one formatter for the report and the QGIS legends (core).
using core::format_count;
using core::format_number;
using core::format_rupiah;
using core::format_rupiah_short;
using core::is_whole;

// Tokens as words, the glossary's way: "ekonomi_produktif" -> "Ekonomi Produktif".
using core::glossary::title_case;

}  // namespace jitupasna::publish::report
