#include "jitupasna/core/indonesian_number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace jitupasna::core {

std::string format_number(double value, int decimals) {
    if (!std::isfinite(value)) return "–";
    std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
    bool negative = value < 0;
    if (negative && digits.find_first_not_of("0.") == std::string::npos) negative = false;
    const auto dot = digits.find('.');
    const std::string whole = digits.substr(0, dot);
    std::string out = negative ? "-" : "";
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) out += '.';
        out += whole[i];
    }
    if (dot != std::string::npos) out += "," + digits.substr(dot + 1);
    return out;
}

bool is_whole(double value) { return std::fabs(value - std::round(value)) < 1e-6; }

std::string format_count(double value, int decimals) {
    return format_number(value, is_whole(value) ? 0 : decimals);
}

std::string format_rupiah(double value) {
    const std::string number = format_number(std::fabs(value), 0);
    return (value < 0 && number != "0" ? "-Rp " : "Rp ") + number;
}

std::string format_rupiah_short(double value) {
    const double a = std::fabs(value);
    const char* sign = value < 0 ? "-" : "";
    if (a >= 1e12) return fmt::format("{}Rp {} triliun", sign, format_number(a / 1e12, 2));
    if (a >= 1e9) return fmt::format("{}Rp {} miliar", sign, format_number(a / 1e9, 2));
    if (a >= 1e6) return fmt::format("{}Rp {} juta", sign, format_number(a / 1e6, 2));
    return format_rupiah(value);
}

std::string format_legend(double value) {
    if (!std::isfinite(value)) return "-";
    const bool negative = value < 0;
    value = std::fabs(value);
    int decimals = 0;
    if (std::fabs(value - std::round(value)) > 1e-9 * std::max(1.0, value)) {
        decimals = value >= 10 ? 1 : 2;
        if (value > 0 && value < 1)
            decimals = std::min(6, static_cast<int>(std::ceil(-std::log10(value))) + 1);
    }
    std::string text = format_number(value, decimals);
    if (text.find(',') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == ',') text.pop_back();
    }
    return (negative ? "-" : "") + text;
}

}  // namespace jitupasna::core
