// Raw values the data holds against the values a scenario lists (ValueTally, review_mapping),
// and numbers written as text in data files (parse_number_text).

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/type_mapping.hpp"

namespace {

using namespace jitupasna::core;

// Adds each value once; listed per `listed`.
void add_all(ValueTally& tally, const std::vector<std::string>& values,
             const std::vector<std::string>& listed = {}) {
    for (const auto& v : values)
        tally.add(v, std::find(listed.begin(), listed.end(), v) != listed.end());
}

TEST(ValueTally, CountsValuesAndMissingOnes) {
    ValueTally tally;
    add_all(tally, {"Rumah", "Sekolah", "Rumah"}, {"Sekolah"});
    tally.add(std::nullopt, false);
    tally.add(std::string_view(""), false);
    EXPECT_EQ(tally.features(), 5);
    EXPECT_EQ(tally.missing(), 2);
    EXPECT_EQ(tally.count("Rumah"), 2);
    EXPECT_EQ(tally.count("Sekolah"), 1);
    EXPECT_EQ(tally.count("Masjid"), 0);
    // Only unlisted values are "others".
    EXPECT_EQ(tally.others(), (std::vector<std::pair<std::string, long long>>{{"Rumah", 2}}));
}

// At most max_other unlisted values are kept (the first met); listed ones always count.
TEST(ValueTally, KeepsAtMostMaxOtherUnlistedValues) {
    ValueTally tally(2);
    add_all(tally, {"a", "b", "c", "a", "x", "c", "x"}, {"x"});
    EXPECT_EQ(tally.count("a"), 2);
    EXPECT_EQ(tally.count("b"), 1);
    EXPECT_EQ(tally.count("c"), 0);  // the third distinct unlisted value
    EXPECT_EQ(tally.not_kept(), 2);  // both "c"
    EXPECT_EQ(tally.count("x"), 2);
}

// Batches merged in order give the tally of the whole, whatever the split.
TEST(ValueTally, MergedBatchesEqualOneTally) {
    const std::vector<std::string> values = {"d", "a", "b", "d", "c", "a", "e", "b", "c"};
    ValueTally whole(3);
    add_all(whole, values);
    for (std::size_t split : {1u, 2u, 4u}) {
        ValueTally merged(3);
        for (std::size_t i = 0; i < values.size(); i += split) {
            ValueTally batch(static_cast<std::size_t>(-1));
            add_all(batch,
                    std::vector<std::string>(values.begin() + static_cast<std::ptrdiff_t>(i),
                                             values.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                  values.size(), i + split))));
            merged.merge(batch);
        }
        SCOPED_TRACE(split);
        EXPECT_EQ(merged.others(), whole.others());
        EXPECT_EQ(merged.not_kept(), whole.not_kept());
        EXPECT_EQ(merged.features(), whole.features());
    }
    // First three distinct: d (2), a (2), b (2); c and e not kept (3 features).
    EXPECT_EQ(whole.not_kept(), 3);
    EXPECT_EQ(whole.count("d"), 2);
}

ValueMapping building_types(const std::vector<std::string>& rumah,
                            const std::vector<std::string>& sekolah) {
    return ValueMapping{"exposure 'bangunan'",
                        "type_field 'TYPE'",
                        "lainnya",
                        "feature",
                        "exposures[0].types",
                        {{"exposures[0].types.rumah", "rumah", rumah},
                         {"exposures[0].types.sekolah", "sekolah", sekolah}}};
}

ValueTally jakarta_like() {
    ValueTally tally;
    for (int i = 0; i < 2431; ++i) tally.add(std::string_view("Residential"), false);
    for (int i = 0; i < 377; ++i) tally.add(std::string_view("School"), false);
    for (int i = 0; i < 12; ++i) tally.add(std::string_view("Government"), false);
    return tally;
}

TEST(ReviewMapping, ValueInAnotherCaseIsAWarningWithTheNearValue) {
    // "School" is listed and present, "residential" differs by case only.
    ValueTally tally;
    for (int i = 0; i < 2431; ++i) tally.add(std::string_view("Residential"), false);
    for (int i = 0; i < 377; ++i) tally.add(std::string_view("School"), true);
    const MappingReview review = review_mapping(building_types({"residential"}, {"School"}), tally);
    ASSERT_FALSE(review.error);
    ASSERT_EQ(review.warnings.size(), 1u);
    const std::string& w = review.warnings[0];
    for (const char* part :
         {"exposure 'bangunan'", "exposures[0].types.rumah", "'residential'", "type_field 'TYPE'",
          "did you mean 'Residential' (2,431 features)?", "(now lainnya): 'Residential' (2,431)"})
        EXPECT_NE(w.find(part), std::string::npos) << part << " in " << w;
}

TEST(ReviewMapping, SmallTypoIsSuggestedAndFarValuesAreNot) {
    ValueTally tally = jakarta_like();
    tally.add(std::string_view("Residential"), true);  // keep one listed value matching
    auto review = review_mapping(building_types({"Residential"}, {"Scool"}), tally);
    ASSERT_EQ(review.warnings.size(), 1u);
    EXPECT_NE(review.warnings[0].find("did you mean 'School' (377 features)?"), std::string::npos)
        << review.warnings[0];
    review = review_mapping(building_types({"Residential"}, {"Mosque"}), tally);
    ASSERT_EQ(review.warnings.size(), 1u);
    EXPECT_EQ(review.warnings[0].find("did you mean"), std::string::npos) << review.warnings[0];
    // The existing values are listed, most frequent first.
    EXPECT_NE(review.warnings[0].find("'School' (377), 'Government' (12)"), std::string::npos)
        << review.warnings[0];
}

TEST(ReviewMapping, NothingMatchingIsAnError) {
    const MappingReview review =
        review_mapping(building_types({"residential"}, {"school"}), jakarta_like());
    ASSERT_TRUE(review.error);
    EXPECT_TRUE(review.warnings.empty());
    for (const char* part :
         {"exposures[0].types", "every one would be lainnya",
          "'residential' (rumah; did you mean 'Residential' (2,431 features)?)",
          "'school' (sekolah; did you mean 'School' (377 features)?)", "2,820 features"})
        EXPECT_NE(review.error->find(part), std::string::npos) << part << " in " << *review.error;
}

TEST(ReviewMapping, AllMatchingOrNoFeaturesSaysNothing) {
    ValueTally tally;
    tally.add(std::string_view("Residential"), true);
    tally.add(std::string_view("School"), true);
    auto review = review_mapping(building_types({"Residential"}, {"School"}), tally);
    EXPECT_FALSE(review.error);
    EXPECT_TRUE(review.warnings.empty());
    review = review_mapping(building_types({"x"}, {"y"}), ValueTally());
    EXPECT_FALSE(review.error);
    EXPECT_TRUE(review.warnings.empty());
}

TEST(CountText, GroupsThousandsWithCommas) {
    EXPECT_EQ(count_text(0), "0");
    EXPECT_EQ(count_text(999), "999");
    EXPECT_EQ(count_text(2431), "2,431");
    EXPECT_EQ(count_text(1234567), "1,234,567");
    EXPECT_EQ(count_text(-1000), "-1,000");
}

TEST(ParseNumberText, PlainNumbers) {
    EXPECT_EQ(parse_number_text("1234567", NumberFormat::plain), 1234567.0);
    EXPECT_EQ(parse_number_text(" 42 ", NumberFormat::plain), 42.0);
    EXPECT_EQ(parse_number_text("2.5", NumberFormat::plain), 2.5);
    EXPECT_EQ(parse_number_text("0.250", NumberFormat::plain), 0.25);
    EXPECT_EQ(parse_number_text("1234.567", NumberFormat::plain), 1234.567);
    EXPECT_EQ(parse_number_text("-3", NumberFormat::plain), -3.0);
    // Thousands separators, and what an Indonesian table means as twelve thousand five hundred.
    for (const char* text : {"1.234.567", "12,500", "12.500", "1.234", "", " ", "abc", "1e5", "NaN",
                             "inf", "-", "12.", ".5", "1 234"})
        EXPECT_FALSE(parse_number_text(text, NumberFormat::plain)) << text;
}

TEST(ParseNumberText, IndonesianNumbers) {
    EXPECT_EQ(parse_number_text("1.234.567", NumberFormat::id), 1234567.0);
    EXPECT_EQ(parse_number_text("1.234.567,89", NumberFormat::id), 1234567.89);
    EXPECT_EQ(parse_number_text("12.500", NumberFormat::id), 12500.0);
    EXPECT_EQ(parse_number_text("1234567,5", NumberFormat::id), 1234567.5);
    EXPECT_EQ(parse_number_text("999", NumberFormat::id), 999.0);
    // English writing or bad grouping is not an Indonesian number.
    for (const char* text : {"1,234,567", "12.5", "1.2345", "1234.567", "1.234.567.89", ".234"})
        EXPECT_FALSE(parse_number_text(text, NumberFormat::id)) << text;
}

TEST(ParseNumberText, EnglishNumbers) {
    EXPECT_EQ(parse_number_text("1,234,567", NumberFormat::en), 1234567.0);
    EXPECT_EQ(parse_number_text("1,234,567.89", NumberFormat::en), 1234567.89);
    EXPECT_EQ(parse_number_text("12,500", NumberFormat::en), 12500.0);
    EXPECT_EQ(parse_number_text("2.5", NumberFormat::en), 2.5);
    EXPECT_EQ(parse_number_text("12.500", NumberFormat::en), 12.5);
    for (const char* text : {"1.234.567", "12,5", "1,2345", "1234,567"})
        EXPECT_FALSE(parse_number_text(text, NumberFormat::en)) << text;
}

}  // namespace
