#pragma once
// Reading the scenario's YAML with errors that say where: "file:line:col: key: problem".
// Internal to the core library.

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/scenario.hpp"

namespace jitupasna::core {

namespace fs = std::filesystem;

inline std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            diagonal = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
        }
    }
    return row[b.size()];
}

// The candidate a typo most likely meant (at most two edits away), if any.
inline std::optional<std::string> closest_name(const std::string& name,
                                               const std::vector<std::string>& candidates) {
    auto best = std::min_element(candidates.begin(), candidates.end(), [&](auto& a, auto& b) {
        return edit_distance(name, a) < edit_distance(name, b);
    });
    if (best == candidates.end() || edit_distance(name, *best) > 2) return std::nullopt;
    return *best;
}

inline std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

// Walks the YAML tree and turns every problem into "file:line:col: key: message".
class ScenarioReader {
  public:
    ScenarioReader(std::string file_label, std::string base_dir)
        : file_(std::move(file_label)), base_dir_(std::move(base_dir)) {}

    [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                           const std::string& message) const {
        // A key that is not there (a zombie node) has no place: the file and key only.
        const auto mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
        if (mark.is_null()) throw ConfigError(fmt::format("{}: {}: {}", file_, key, message));
        throw ConfigError(
            fmt::format("{}:{}:{}: {}: {}", file_, mark.line + 1, mark.column + 1, key, message));
    }

    void expect_map(const YAML::Node& node, const std::string& key) const {
        if (!node.IsMap()) fail(node, key, "expected a mapping of keys to values");
    }

    // Unknown keys are errors (a typo must not be silently ignored), with a suggestion.
    void check_keys(const YAML::Node& node, const std::string& key,
                    const std::vector<std::string>& allowed) const {
        std::vector<std::string> seen;
        for (const auto& entry : node) {
            if (!entry.first.IsScalar())
                fail(entry.first, key.empty() ? "(top level)" : key, "keys must be plain names");
            const std::string name = entry.first.as<std::string>();
            // YAML parsers keep one of two equal keys silently; a scenario must not.
            if (std::find(seen.begin(), seen.end(), name) != seen.end())
                fail(entry.first, key.empty() ? name : key + "." + name, "key is given twice");
            seen.push_back(name);
            if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
            const std::string where = key.empty() ? name : key + "." + name;
            if (const auto best = closest_name(name, allowed))
                fail(entry.first, where, fmt::format("unknown key; did you mean '{}'?", *best));
            fail(entry.first, where,
                 fmt::format("unknown key; expected one of: {}", join(allowed)));
        }
    }

    // Every mapping in the tree, at any depth: a key given twice is an error at the second one.
    // yaml-cpp keeps one of two equal keys silently, and which one wins is not what a planner
    // who edited the file expects.
    void check_unique_keys(const YAML::Node& node, const std::string& key) const {
        std::set<std::pair<int, int>> walked;
        check_unique_keys(node, key, walked);
    }

    YAML::Node required(const YAML::Node& parent, const std::string& parent_key,
                        const std::string& name) const {
        YAML::Node node = parent[name];
        if (!node || node.IsNull())
            fail(parent, qualified(parent_key, name), "required key is missing");
        return node;
    }

    std::string string_value(const YAML::Node& node, const std::string& key) const {
        if (!node.IsScalar()) fail(node, key, "expected a text value");
        return node.as<std::string>();
    }

    std::string required_string(const YAML::Node& parent, const std::string& parent_key,
                                const std::string& name) const {
        const std::string key = qualified(parent_key, name);
        std::string value = string_value(required(parent, parent_key, name), key);
        if (value.empty()) fail(parent[name], key, "must not be empty");
        return value;
    }

    std::optional<std::string> optional_string(const YAML::Node& parent,
                                               const std::string& parent_key,
                                               const std::string& name) const {
        YAML::Node node = parent[name];
        if (!node || node.IsNull()) return std::nullopt;
        return string_value(node, qualified(parent_key, name));
    }

    // Where a number means something: a cost or count is never negative, a rate or share is a
    // fraction.
    enum class Domain { any, non_negative, positive, fraction };

    // A finite number in its domain: YAML's .nan and .inf (in any spelling) are no figure a
    // planner means, and a negative cost is a typo, not a discount.
    double number(const YAML::Node& node, const std::string& key, Domain domain) const {
        const double value = number(node, key);
        const char* expected = domain == Domain::non_negative && value < 0 ? "0 or more"
                               : domain == Domain::positive && value <= 0  ? "more than 0"
                               : domain == Domain::fraction && (value < 0 || value > 1)
                                   ? "a share from 0 to 1"
                                   : nullptr;
        if (expected) fail(node, key, fmt::format("{} must be {}", node.Scalar(), expected));
        return value;
    }

    // A finite number: YAML's .nan and .inf (in any spelling) are no figure a planner means.
    double number(const YAML::Node& node, const std::string& key) const {
        double value = 0;
        try {
            if (!node.IsScalar())
                fail(node, key, fmt::format("expected a number, got '{}'", YAML::Dump(node)));
            value = node.as<double>();
        } catch (const YAML::Exception&) {
            fail(node, key, fmt::format("expected a number, got '{}'", YAML::Dump(node)));
        }
        if (!std::isfinite(value))
            fail(node, key, fmt::format("'{}' is not a finite number", node.Scalar()));
        return value;
    }

    long integer(const YAML::Node& node, const std::string& key) const {
        try {
            if (node.IsScalar()) return node.as<long>();
        } catch (const YAML::Exception&) {
        }
        fail(node, key, fmt::format("expected a whole number, got '{}'", YAML::Dump(node)));
    }

    std::string resolve_path(const std::string& source) const {
        // GDAL virtual paths (/vsizip/, /vsigzip/ ...) wrap a file path that is resolved too.
        static const std::regex vsi(R"(^(/vsi[a-z0-9_]+/)(.*)$)");
        std::smatch m;
        if (std::regex_match(source, m, vsi)) {
            const std::string inner = m[2].str();
            if (inner.empty() || inner.front() == '/' || m[1].str() == "/vsicurl/") return source;
            return m[1].str() + (fs::path(base_dir_) / inner).lexically_normal().string();
        }
        const fs::path path(source);
        if (path.is_absolute()) return source;
        return (fs::path(base_dir_) / path).lexically_normal().string();
    }

    // Names that become layer or column names: lower-case letters, digits and '_'.
    void identifier(const YAML::Node& node, const std::string& key,
                    const std::string& value) const {
        static const std::regex pattern("^[a-z][a-z0-9_]{0,40}$");
        if (!std::regex_match(value, pattern))
            fail(node, key,
                 fmt::format("'{}' must start with a lower-case letter and hold only lower-case "
                             "letters, digits and '_' (it names output layers and columns)",
                             value));
    }

    InputConfig input(const YAML::Node& node, const std::string& key) const {
        InputConfig in;
        in.key = key;
        in.source = required_string(node, key, "source");
        in.path = resolve_path(in.source);
        in.layer = optional_string(node, key, "layer");
        in.crs = optional_string(node, key, "crs");
        in.where = optional_string(node, key, "where");
        if (const YAML::Node options = node["open_options"]; options && !options.IsNull()) {
            if (!options.IsSequence())
                fail(options, qualified(key, "open_options"),
                     "expected a list such as [X_POSSIBLE_NAMES=lon, Y_POSSIBLE_NAMES=lat]");
            for (const auto& option : options) {
                std::string text = string_value(option, qualified(key, "open_options"));
                if (text.find('=') == std::string::npos)
                    fail(option, qualified(key, "open_options"),
                         fmt::format("'{}' is not of the form NAME=VALUE", text));
                in.open_options.push_back(std::move(text));
            }
        }
        return in;
    }

    static std::string qualified(const std::string& parent, const std::string& name) {
        return parent.empty() ? name : parent + "." + name;
    }

  private:
    // walked: where each collection already checked starts. An alias is the node it names (same
    // position), so each collection is checked once: aliases cannot make the walk explode.
    void check_unique_keys(const YAML::Node& node, const std::string& key,
                           std::set<std::pair<int, int>>& walked) const {
        if (!node.IsMap() && !node.IsSequence()) return;
        const auto mark = node.Mark();
        if (!mark.is_null() && !walked.insert({mark.line, mark.column}).second) return;
        if (node.IsSequence()) {
            std::size_t i = 0;
            for (const auto& item : node)
                check_unique_keys(item, fmt::format("{}[{}]", key, i++), walked);
            return;
        }
        std::vector<std::string> seen;
        for (const auto& entry : node) {
            if (!entry.first.IsScalar()) continue;  // reported where the map is read
            const std::string name = entry.first.Scalar();
            const std::string where = qualified(key, name);
            if (std::find(seen.begin(), seen.end(), name) != seen.end())
                fail(entry.first, where, "key is given twice (the later one would silently win)");
            seen.push_back(name);
            check_unique_keys(entry.second, where, walked);
        }
    }

    std::string file_;
    std::string base_dir_;
};

}  // namespace jitupasna::core
