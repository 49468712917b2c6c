#include "jitupasna/core/type_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include "yaml_reader.hpp"  // edit_distance, join

namespace jitupasna::core {

AssetTypeMapper::AssetTypeMapper(const AssetTypeList& types, std::string other_type) {
    for (const auto& [name, raw_values] : types) {
        if (std::find(labels_.begin(), labels_.end(), name) != labels_.end())
            throw std::invalid_argument(fmt::format("asset type '{}' is listed twice", name));
        const std::size_t index = labels_.size();
        labels_.push_back(name);
        for (const auto& raw : raw_values) {
            auto [it, inserted] = index_of_raw_.emplace(raw, index);
            if (!inserted)
                throw std::invalid_argument(
                    fmt::format("value '{}' is listed under both '{}' and '{}'", raw,
                                labels_[it->second], name));
        }
    }
    auto other = std::find(labels_.begin(), labels_.end(), other_type);
    other_index_ = static_cast<std::size_t>(other - labels_.begin());
    if (other == labels_.end()) labels_.push_back(std::move(other_type));
}

std::optional<std::size_t> AssetTypeMapper::listed_type(std::string_view raw_value) const {
    auto it = index_of_raw_.find(std::string(raw_value));
    if (it == index_of_raw_.end()) return std::nullopt;
    return it->second;
}

std::size_t AssetTypeMapper::type_of(std::optional<std::string_view> raw_value) const {
    if (!raw_value) return other_index_;
    return listed_type(*raw_value).value_or(other_index_);
}

// ---- ValueTally ----

void ValueTally::add_count(const std::string& raw, bool listed, long long n) {
    if (auto it = index_.find(raw); it != index_.end()) {
        seen_[it->second].count += n;
        return;
    }
    if (!listed) {
        if (others_ >= max_other_) {
            not_kept_ += n;
            return;
        }
        ++others_;
    }
    index_.emplace(raw, seen_.size());
    seen_.push_back(Seen{raw, n, listed});
}

void ValueTally::add(std::optional<std::string_view> raw, bool listed) {
    ++features_;
    if (!raw || raw->empty()) {
        ++missing_;
        return;
    }
    add_count(std::string(*raw), listed, 1);
}

void ValueTally::merge(const ValueTally& later) {
    features_ += later.features_;
    missing_ += later.missing_;
    not_kept_ += later.not_kept_;
    for (const auto& s : later.seen_) add_count(s.raw, s.listed, s.count);
}

long long ValueTally::count(const std::string& raw) const {
    auto it = index_.find(raw);
    return it == index_.end() ? 0 : seen_[it->second].count;
}

std::vector<std::pair<std::string, long long>> ValueTally::others() const {
    std::vector<std::pair<std::string, long long>> out;
    for (const auto& s : seen_)
        if (!s.listed) out.emplace_back(s.raw, s.count);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
}

// ---- review_mapping ----

std::string count_text(long long n) {
    const std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

namespace {

std::string folded(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return "";
    text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The existing value a listed one was most likely meant to be: equal but for case and
// surrounding spaces, else within a small edit distance; nullptr when none is close.
const std::pair<std::string, long long>* nearest(
    const std::string& listed, const std::vector<std::pair<std::string, long long>>& existing) {
    const std::string want = folded(listed);
    const std::pair<std::string, long long>* best = nullptr;
    std::size_t best_distance = std::max<std::size_t>(1, std::min<std::size_t>(2, want.size() / 3));
    for (const auto& value : existing) {
        const std::size_t d = edit_distance(want, folded(value.first));
        if (d == 0) return &value;
        if (d <= best_distance && (!best || d < best_distance)) {
            best = &value;
            best_distance = d;
        }
    }
    return best;
}

std::string values_with_counts(const std::vector<std::pair<std::string, long long>>& values,
                               std::size_t shown) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < values.size() && i < shown; ++i)
        parts.push_back(fmt::format("'{}' ({})", values[i].first, count_text(values[i].second)));
    if (values.size() > shown) parts.push_back(fmt::format("{} more", values.size() - shown));
    return join(parts);
}

}  // namespace

MappingReview review_mapping(const ValueMapping& m, const ValueTally& tally) {
    MappingReview review;
    const std::string things = m.thing + "s";
    auto how_many = [&](long long n) {
        return fmt::format("{} {}", count_text(n), n == 1 ? m.thing : things);
    };
    if (tally.features() == 0) return review;
    const auto others = tally.others();
    std::string existing = others.empty() ? std::string("none") : values_with_counts(others, 8);
    if (tally.not_kept() > 0)
        existing +=
            fmt::format(" (only the first {} distinct values were counted; {} {} hold others)",
                        count_text(static_cast<long long>(others.size())),
                        count_text(tally.not_kept()), things);
    if (tally.missing() > 0)
        existing += fmt::format("; {} without a value", how_many(tally.missing()));
    bool any_match = false;
    std::vector<std::string> unmatched;  // for the error
    for (const auto& entry : m.entries)
        for (const auto& value : entry.values) {
            if (tally.count(value) > 0) {
                any_match = true;
                continue;
            }
            std::string hint;
            if (const auto* near = nearest(value, others))
                hint = fmt::format("did you mean '{}' ({})?", near->first, how_many(near->second));
            // The key names the type already ("types.rumah"); a class's key only its index.
            const std::string suffix = "." + entry.name;
            const bool key_names_it =
                entry.key.size() > suffix.size() &&
                entry.key.compare(entry.key.size() - suffix.size(), suffix.size(), suffix) == 0;
            review.warnings.push_back(
                fmt::format("{}: {} lists '{}'{}, which no {} has in {}; {}{}values there that are "
                            "not listed (now {}): {}",
                            m.subject, entry.key, value,
                            key_names_it ? std::string() : fmt::format(" (for {})", entry.name),
                            m.thing, m.field, hint, hint.empty() ? "" : " ", m.fallback, existing));
            unmatched.push_back(
                fmt::format("'{}' ({}{})", value, entry.name, hint.empty() ? "" : "; " + hint));
        }
    if (!any_match && !unmatched.empty()) {
        review.error = fmt::format(
            "{}: none of the values listed under {} matches {} of the {} {}, so every one "
            "would be {}: {}; the values there are: {}",
            m.subject, m.key, m.field, count_text(tally.features()), things, m.fallback,
            join(unmatched), existing);
        review.warnings.clear();
    }
    return review;
}

// ---- numbers written as text ----

const char* number_format_name(NumberFormat format) {
    switch (format) {
        case NumberFormat::plain:
            return "plain";
        case NumberFormat::id:
            return "id";
        case NumberFormat::en:
            return "en";
    }
    return "?";
}

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The digits of an integer part written with `separator` between groups of three (or none).
std::optional<std::string> grouped_digits(std::string_view s, char separator) {
    if (all_digits(s)) return std::string(s);
    std::string digits;
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t end = s.find(separator, start);
        const std::string_view group =
            s.substr(start, end == std::string_view::npos ? s.npos : end - start);
        if (!all_digits(group) || (first ? group.size() > 3 : group.size() != 3))
            return std::nullopt;
        digits += group;
        first = false;
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return digits;
}

}  // namespace

std::optional<double> parse_number_text(std::string_view text, NumberFormat format) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return std::nullopt;
    text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
    std::string canonical;
    if (text.front() == '-' || text.front() == '+') {
        if (text.front() == '-') canonical = "-";
        text.remove_prefix(1);
    }
    const char decimal = format == NumberFormat::id ? ',' : '.';
    const char thousands = format == NumberFormat::id ? '.' : ',';
    const std::size_t point = text.find(decimal);
    const std::string_view whole = text.substr(0, point);
    std::optional<std::string> digits;
    if (format == NumberFormat::plain) {
        if (all_digits(whole)) digits = std::string(whole);
    } else {
        digits = grouped_digits(whole, thousands);
    }
    if (!digits) return std::nullopt;
    canonical += *digits;
    if (point != std::string_view::npos) {
        const std::string_view fraction = text.substr(point + 1);
        if (!all_digits(fraction)) return std::nullopt;
        // 12.345 without a format: an Indonesian table means twelve thousand.
        if (format == NumberFormat::plain && fraction.size() == 3 && whole.size() <= 3 &&
            whole.front() != '0')
            return std::nullopt;
        canonical += "." + std::string(fraction);
    }
    double value = 0;
    const auto [end, error] =
        std::from_chars(canonical.data(), canonical.data() + canonical.size(), value);
    if (error != std::errc() || end != canonical.data() + canonical.size()) return std::nullopt;
    return value;
}

}  // namespace jitupasna::core
