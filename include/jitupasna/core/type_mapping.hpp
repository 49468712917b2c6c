#pragma once
// Raw attribute values of the data and what the scenario makes of them: asset types and hazard
// classes listed by value (with a review of listed values that match nothing), and numbers
// written as text in data files (1.234.567,89 / 1,234,567.89).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jitupasna::core {

inline constexpr const char* kOtherAssetType = "lainnya";

// Asset type name and the raw attribute values that map to it, in the order the user listed them.
using AssetTypeList = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Maps raw attribute values to asset types; unlisted or missing values become "lainnya".
class AssetTypeMapper {
  public:
    // Throws std::invalid_argument when a raw value is listed under two types. Unlisted values
    // map to other_type.
    explicit AssetTypeMapper(const AssetTypeList& types, std::string other_type = kOtherAssetType);

    std::size_t type_of(std::optional<std::string_view> raw_value) const;
    // The type a raw value is listed under, or nullopt when the scenario does not list it.
    std::optional<std::size_t> listed_type(std::string_view raw_value) const;
    // Type names in the listed order, then other_type (unless the user listed it already).
    const std::vector<std::string>& labels() const { return labels_; }

  private:
    std::vector<std::string> labels_;
    std::unordered_map<std::string, std::size_t> index_of_raw_;
    std::size_t other_index_;
};

// How often each raw value occurs among the features of a run: every value the scenario lists
// exactly, and the first `max_other` other distinct values met, in feature order (a type
// field holding ids must not fill the memory). Tallies of consecutive batches merge in order,
// so the result does not depend on the batch size.
class ValueTally {
  public:
    static constexpr std::size_t kMaxOtherValues = 2000;

    explicit ValueTally(std::size_t max_other = kMaxOtherValues) : max_other_(max_other) {}

    // raw: nullopt or "" for a feature without a value; listed: whether the scenario lists it.
    void add(std::optional<std::string_view> raw, bool listed);
    // Adds the tally of the features that follow this one's.
    void merge(const ValueTally& later);

    long long count(const std::string& raw) const;
    long long features() const { return features_; }
    long long missing() const { return missing_; }  // NULL or empty
    // Features whose (unlisted) value was not kept because max_other values were kept already.
    long long not_kept() const { return not_kept_; }
    // Unlisted values kept, most frequent first (ties by value).
    std::vector<std::pair<std::string, long long>> others() const;

  private:
    void add_count(const std::string& raw, bool listed, long long n);

    std::size_t max_other_;
    std::unordered_map<std::string, std::size_t> index_;
    struct Seen {
        std::string raw;
        long long count;
        bool listed;
    };
    std::vector<Seen> seen_;  // in the order first met
    std::size_t others_ = 0;
    long long features_ = 0, missing_ = 0, not_kept_ = 0;
};

// A scenario's mapping of raw values to names, for review_mapping: the types of an exposure
// (`types:` under type_field) or the classes of a classified vector hazard (class_field).
struct ValueMapping {
    std::string subject;   // "exposure 'bangunan'", "hazard"
    std::string field;     // "type_field 'TYPE'"
    std::string fallback;  // what unlisted values become: "lainnya", "not_affected"
    std::string thing;     // what is counted: "feature", "polygon" (plural: + "s")
    std::string key;       // the mapping's key: "exposures[0].types"
    struct Entry {
        std::string key;   // "exposures[0].types.rumah", "hazard.classes[0].values"
        std::string name;  // "rumah"
        std::vector<std::string> values;
    };
    std::vector<Entry> entries;
};

struct MappingReview {
    std::vector<std::string> warnings;  // one per listed value that matches nothing
    std::optional<std::string> error;   // when no listed value matches anything
};

// A listed value that matches no feature is a warning (a province may lack a type), with the
// nearest existing value (same letters in another case, or a small typo) and the values that
// exist with their counts; when no listed value matches anything everything would fall to the
// fallback, which is an error. Nothing to say when the tally counted no feature.
MappingReview review_mapping(const ValueMapping& mapping, const ValueTally& tally);

// 1234567 -> "1,234,567" (messages are in English).
std::string count_text(long long n);

// How numbers are written in a data file's text cells.
enum class NumberFormat {
    plain,  // 1234567.89 (no thousands separator)
    id,     // Indonesian: 1.234.567,89 (or 1234567,89)
    en,     // English: 1,234,567.89 (or 1234567.89)
};

const char* number_format_name(NumberFormat format);

// The number a text cell holds in `format` (spaces around it ignored; thousands separators
// must group by three), or nullopt when it is not one. Plain refuses "12.345", which an
// Indonesian table means as 12345: give the format to read it.
std::optional<double> parse_number_text(std::string_view text, NumberFormat format);

}  // namespace jitupasna::core
