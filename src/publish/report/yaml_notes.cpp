#include "yaml_notes.hpp"

#include <cctype>
#include <sstream>

namespace jitupasna::publish::report {

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

// Splits a line into its content and its trailing comment (a '#' outside quotes that starts
// the line or follows a blank).
std::pair<std::string, std::string> split_comment(const std::string& line) {
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
            return {line.substr(0, i), trim(line.substr(i + 1))};
        }
    }
    return {line, ""};
}

std::size_t indent_of(const std::string& line) {
    std::size_t n = 0;
    while (n < line.size() && line[n] == ' ') ++n;
    return n;
}

// "key: value" (or "- key: value"); false when the content is not a mapping key.
bool parse_key(const std::string& content, std::size_t& indent, std::string& key,
               std::string& value) {
    std::size_t i = indent_of(content);
    if (content.compare(i, 2, "- ") == 0) {
        i += 2;
        while (i < content.size() && content[i] == ' ') ++i;
    }
    const std::size_t start = i;
    while (i < content.size() && (std::isalnum(static_cast<unsigned char>(content[i])) ||
                                  content[i] == '_' || content[i] == '-' || content[i] == '.'))
        ++i;
    if (i == start || i >= content.size() || content[i] != ':') return false;
    if (i + 1 < content.size() && content[i + 1] != ' ') return false;
    indent = start;
    key = content.substr(start, i - start);
    value = trim(content.substr(i + 1));
    return true;
}

std::string cut(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // UTF-8
    return text.substr(0, n) + " …";
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// How many lines the file's opening comment block (its header) takes, blank lines before it
// included: what the file is, never a note on the first key, even with no blank line between
// them.
std::size_t header_lines(const std::vector<std::string>& lines) {
    std::size_t l = 0;
    bool comment_seen = false;
    for (; l < lines.size(); ++l) {
        const auto [content, comment] = split_comment(lines[l]);
        if (!trim(content).empty()) break;
        const bool blank = trim(lines[l]).empty();
        if (blank && comment_seen) break;
        comment_seen = comment_seen || !blank;
    }
    return l;
}

}  // namespace

std::string without_header(const std::string& text) {
    const std::vector<std::string> lines = split_lines(text);
    std::string out;
    std::size_t l = header_lines(lines);
    while (l < lines.size() && trim(lines[l]).empty()) ++l;
    for (; l < lines.size(); ++l) out += lines[l] + "\n";
    return out;
}

std::vector<YamlEntry> yaml_entries(const std::string& text, std::size_t max_value) {
    const std::vector<std::string> lines = split_lines(text);
    struct Open {
        std::size_t indent;
        std::size_t entry;
    };
    std::vector<YamlEntry> entries;
    std::vector<Open> stack;
    std::string pending;  // comment lines just above the next key
    for (std::size_t l = header_lines(lines); l < lines.size(); ++l) {
        const auto [content, comment] = split_comment(lines[l]);
        if (trim(content).empty()) {
            if (comment.empty())
                pending.clear();  // a blank line ends a comment block
            else
                pending += (pending.empty() ? "" : " ") + comment;
            continue;
        }
        std::size_t indent = 0;
        std::string key, value;
        const std::size_t line_indent = indent_of(content);
        if (!parse_key(content, indent, key, value)) {
            // A list item or continuation: part of the value of the enclosing sections.
            const std::string item = trim(content);
            const bool list_item = item.rfind("- ", 0) == 0;
            for (const auto& open : stack) {
                // "key:" then "- item" at the same indent is a list under the key too.
                if (open.indent > line_indent || (open.indent == line_indent && !list_item))
                    continue;
                auto& e = entries[open.entry];
                e.value +=
                    (e.value.empty() ? "" : "; ") + (list_item ? trim(item.substr(2)) : item);
            }
            pending.clear();
            continue;
        }
        while (!stack.empty() && stack.back().indent >= indent) stack.pop_back();
        YamlEntry e;
        e.key = key;
        e.depth = static_cast<int>(stack.size());
        for (const auto& open : stack) e.path += entries[open.entry].key + ".";
        e.path += key;
        e.value = value;
        e.section = value.empty();
        e.comment = pending;
        if (!comment.empty()) e.comment += (e.comment.empty() ? "" : " ") + comment;
        e.comment_above = pending;
        e.comment_after = comment;
        pending.clear();
        // The line is also part of the value of every enclosing section.
        const std::string item = trim(content.substr(indent));
        for (const auto& open : stack) {
            auto& parent = entries[open.entry];
            if (!e.comment.empty()) parent.commented_below = true;
            parent.value += (parent.value.empty() ? "" : "; ") + item;
        }
        if (!stack.empty()) {
            e.parent = static_cast<int>(stack.back().entry);
            e.first_child = !entries[stack.back().entry].has_children;
            entries[stack.back().entry].has_children = true;
        }
        stack.push_back({indent, entries.size()});
        entries.push_back(std::move(e));
    }
    for (auto& e : entries) e.value = cut(e.value, max_value);
    return entries;
}

}  // namespace jitupasna::publish::report
