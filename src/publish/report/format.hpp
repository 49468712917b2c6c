#pragma once
// Text for the HTML report: HTML escaping and numbers written the Indonesian way (thousands
// separator '.', decimal comma, "Rp 1.234.567").

#include <string>
#include <string_view>

namespace jitupasna::publish::report {

// Escapes &, <, >, " and ' so that any text is safe in element content and attribute values.
std::string escape(std::string_view text);

// 1234567.891 with 2 decimals -> "1.234.567,89"; never "-0".
std::string format_number(double value, int decimals);

// A count: whole numbers without decimals, expected (fractional) numbers with `decimals`.
std::string format_count(double value, int decimals = 2);

// Whole Rupiah: "Rp 1.234.567".
std::string format_rupiah(double value);

// Rupiah for a headline: "Rp 151,79 miliar", "Rp 2,5 juta", "Rp 1,2 triliun".
std::string format_rupiah_short(double value);

// Whether every value is a whole number (to within rounding noise).
bool is_whole(double value);

// "kabupaten_kota" -> "Kabupaten kota": underscores to spaces, first letter upper case.
std::string humanize(std::string_view token);

}  // namespace jitupasna::publish::report
