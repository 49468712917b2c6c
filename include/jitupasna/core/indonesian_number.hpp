#pragma once
// Numbers written the Indonesian way (thousands separator '.', decimal comma, "Rp 1.234.567"),
// for every text a planner reads: the report's tables and figures and the QGIS legends.
// GDAL-free.

#include <string>

namespace jitupasna::core {

// 1234567.891 with 2 decimals -> "1.234.567,89"; never "-0"; "–" for NaN and infinities.
std::string format_number(double value, int decimals);

// A count: whole numbers without decimals, expected (fractional) numbers with `decimals`.
std::string format_count(double value, int decimals = 2);

// Whole Rupiah: "Rp 1.234.567".
std::string format_rupiah(double value);

// Rupiah for a headline: "Rp 151,79 miliar", "Rp 2,5 juta", "Rp 1,2 triliun".
std::string format_rupiah_short(double value);

// Whether a value is a whole number (to within rounding noise).
bool is_whole(double value);

// A legend's number: whole numbers as they are, others with one decimal from 10 up, two below,
// enough for two significant digits below 1 (at most 6); trailing zeros dropped; "-" for NaN
// and infinities. 12345.6 -> "12.345,6".
std::string format_legend(double value);

}  // namespace jitupasna::core
