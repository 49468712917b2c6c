#include "jitupasna/io/text_escape.hpp"

#include <algorithm>

namespace jitupasna::io {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            case '\t':
                out += "&#9;";
                break;
            case '\n':
                out += "&#10;";
                break;
            case '\r':
                out += "&#13;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string quoted_value(std::string_view text) {
    constexpr std::size_t kMax = 40;
    // Cut at a character boundary: never half of a UTF-8 sequence such as "—".
    std::size_t end = std::min(text.size(), kMax);
    while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    std::string out = "'";
    for (std::size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += (c < 0x20 || c == 0x7f) ? '?' : text[i];
    }
    if (end < text.size()) out += "...";
    return out + "'";
}

std::string_view trim_blanks(std::string_view text) {
    // The length of the blank text starts (or ends) with: 0 when none.
    const auto blank_at_front = [](std::string_view t) -> std::size_t {
        if (t.empty()) return 0;
        if (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n') return 1;
        if (t.substr(0, 2) == "\xc2\xa0") return 2;      // U+00A0 no-break space
        if (t.substr(0, 3) == "\xef\xbb\xbf") return 3;  // U+FEFF byte-order mark
        return 0;
    };
    const auto blank_at_back = [](std::string_view t) -> std::size_t {
        if (t.empty()) return 0;
        const char last = t.back();
        if (last == ' ' || last == '\t' || last == '\r' || last == '\n') return 1;
        if (t.size() >= 2 && t.substr(t.size() - 2) == "\xc2\xa0") return 2;
        if (t.size() >= 3 && t.substr(t.size() - 3) == "\xef\xbb\xbf") return 3;
        return 0;
    };
    while (const std::size_t n = blank_at_front(text)) text.remove_prefix(n);
    while (const std::size_t n = blank_at_back(text)) text.remove_suffix(n);
    return text;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
    const auto lower = [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

std::string csv_quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos &&
        (text.empty() || (text.front() != ' ' && text.back() != ' ')))
        return std::string(text);
    return csv_quoted(text);
}

}  // namespace jitupasna::io
