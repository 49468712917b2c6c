#include "format.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::publish::report {

std::string escape(std::string_view text) { return io::xml_escape(text); }

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

std::string humanize(std::string_view token) {
    std::string out;
    for (char c : token) out += c == '_' ? ' ' : c;
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

}  // namespace jitupasna::publish::report
