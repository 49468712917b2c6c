#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "jitupasna/core/classification.hpp"
#include "memory_raster.hpp"

namespace {

using jitupasna::core::HazardClass;
using jitupasna::core::HazardClassifier;
using jitupasna::test::hazard_class;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The flood classes of the scenario contract, most severe first:
//   0 tinggi (1.5, inf)   1 sedang (0.7, 1.5]   2 rendah (0.1, 0.7]
//   3 not_affected        4 not_exposed
HazardClassifier flood_classifier() {
    return HazardClassifier({hazard_class("tinggi", 1.5, std::nullopt),
                             hazard_class("sedang", 0.7, 1.5), hazard_class("rendah", 0.1, 0.7)});
}

TEST(HazardClass, ContainsIsOpenBelowAndClosedAbove) {
    const HazardClass cls = hazard_class("c", 1.0, 2.0);
    EXPECT_FALSE(cls.contains(1.0));  // v == min is not in the class
    EXPECT_TRUE(cls.contains(std::nextafter(1.0, 2.0)));
    EXPECT_TRUE(cls.contains(1.5));
    EXPECT_TRUE(cls.contains(2.0));  // v == max is in the class
    EXPECT_FALSE(cls.contains(std::nextafter(2.0, 3.0)));
    EXPECT_FALSE(cls.contains(0.0));
}

TEST(HazardClass, MissingBoundsAreOpen) {
    const HazardClass above = hazard_class("above", 1.0, std::nullopt);
    EXPECT_FALSE(above.contains(1.0));
    EXPECT_TRUE(above.contains(1e300));
    EXPECT_TRUE(above.contains(kInf));
    const HazardClass below = hazard_class("below", std::nullopt, 1.0);
    EXPECT_TRUE(below.contains(1.0));
    EXPECT_TRUE(below.contains(-1e300));
    EXPECT_FALSE(below.contains(std::nextafter(1.0, 2.0)));
}

TEST(HazardClassifier, LabelsAreClassesThenNotAffectedThenNotExposed) {
    const HazardClassifier c = flood_classifier();
    const std::vector<std::string> expected = {"tinggi", "sedang", "rendah", "not_affected",
                                               "not_exposed"};
    EXPECT_EQ(c.labels(), expected);
    EXPECT_EQ(c.class_count(), 3u);
    EXPECT_EQ(c.not_affected_index(), 3u);
    EXPECT_EQ(c.not_exposed_index(), 4u);
    ASSERT_EQ(c.classes().size(), 3u);
    EXPECT_EQ(c.classes()[1].name, "sedang");
}

TEST(HazardClassifier, ValuesAtAndAroundTheBounds) {
    const HazardClassifier c = flood_classifier();
    // 1.5 is sedang's max (in sedang) and tinggi's min (not in tinggi).
    EXPECT_EQ(c.classify(1.5), 1u);
    EXPECT_EQ(c.classify(std::nextafter(1.5, 2.0)), 0u);
    EXPECT_EQ(c.classify(100.0), 0u);  // open top
    // 0.7 is rendah's max and sedang's min.
    EXPECT_EQ(c.classify(0.7), 2u);
    EXPECT_EQ(c.classify(std::nextafter(0.7, 1.0)), 1u);
    // 0.1 is rendah's min: not in rendah, and no class below it.
    EXPECT_EQ(c.classify(0.1), 3u);
    EXPECT_EQ(c.classify(std::nextafter(0.1, 1.0)), 2u);
    EXPECT_EQ(c.classify(0.0), 3u);
    EXPECT_EQ(c.classify(-5.0), 3u);
}

TEST(HazardClassifier, MissingAndNonFiniteValuesAreNotExposed) {
    const HazardClassifier c = flood_classifier();
    EXPECT_EQ(c.classify(std::nullopt), 4u);
    EXPECT_EQ(c.classify(kNaN), 4u);
    // +inf would fall in the open tinggi class if it were treated as a value.
    EXPECT_EQ(c.classify(kInf), 4u);
    EXPECT_EQ(c.classify(-kInf), 4u);
}

// First match wins, so an overlap would silently hand the shared values to whichever class is
// listed first: refused, naming both classes and the shared interval.
TEST(HazardClassifier, OverlappingClassesAreRefused) {
    // "a" (1, 10] and "b" (0, 5] share (1, 5].
    try {
        HazardClassifier({hazard_class("a", 1.0, 10.0), hazard_class("b", 0.0, 5.0)});
        ADD_FAILURE() << "overlapping classes accepted";
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("'a' (1, 10] and 'b' (0, 5] overlap on (1, 5]"), std::string::npos)
            << message;
    }
    // Touching bounds do not overlap: (5, 10] then (0, 5].
    EXPECT_NO_THROW(HazardClassifier({hazard_class("a", 5.0, 10.0), hazard_class("b", 0.0, 5.0)}));
    // An open top class over an open bottom class overlaps everywhere.
    EXPECT_THROW(HazardClassifier(
                     {hazard_class("a", 1.0, std::nullopt), hazard_class("b", std::nullopt, 2.0)}),
                 std::invalid_argument);
}

// Classes are listed most severe (highest values) first; a list in rising order is refused with
// the order it must take.
TEST(HazardClassifier, ClassesInRisingOrderAreRefused) {
    try {
        HazardClassifier({hazard_class("rendah", 0.1, 0.7), hazard_class("sedang", 0.7, 1.5),
                          hazard_class("tinggi", 1.5, std::nullopt)});
        ADD_FAILURE() << "rising classes accepted";
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("'rendah' (0.1, 0.7] and 'sedang' (0.7, 1.5] are out of order"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("'sedang' before 'rendah'"), std::string::npos) << message;
    }
}

TEST(HazardClassifier, GapBetweenClassesIsNotAffected) {
    // tinggi (2, inf), rendah (0.5, 1]: (1, 2] is a gap.
    const HazardClassifier c(
        {hazard_class("tinggi", 2.0, std::nullopt), hazard_class("rendah", 0.5, 1.0)});
    EXPECT_EQ(c.classify(1.0), 1u);
    EXPECT_EQ(c.classify(std::nextafter(1.0, 2.0)), 2u);
    EXPECT_EQ(c.classify(1.5), 2u);
    EXPECT_EQ(c.classify(2.0), 2u);
    EXPECT_EQ(c.classify(2.5), 0u);
    EXPECT_EQ(c.classify(0.5), 2u);
}

TEST(HazardClassifier, OpenBottomClass) {
    const HazardClassifier c(
        {hazard_class("tinggi", 1.0, std::nullopt), hazard_class("lain", std::nullopt, 1.0)});
    EXPECT_EQ(c.classify(-1e9), 1u);
    EXPECT_EQ(c.classify(1.0), 1u);
    EXPECT_EQ(c.classify(1.0000001), 0u);
    // Every finite value is classified; only missing values are left over.
    EXPECT_EQ(c.classify(std::nullopt), 3u);
}

TEST(HazardClassifier, NoClassesLeavesOnlyTheFixedLabels) {
    const HazardClassifier c({});
    EXPECT_EQ(c.labels(), (std::vector<std::string>{"not_affected", "not_exposed"}));
    EXPECT_EQ(c.classify(1.0), 0u);
    EXPECT_EQ(c.classify(std::nullopt), 1u);
}

TEST(HazardClassifier, ConstructorRejectsBadClasses) {
    EXPECT_THROW(HazardClassifier({hazard_class("a", 0.0, 1.0), hazard_class("a", 1.0, 2.0)}),
                 std::invalid_argument);
    EXPECT_THROW(HazardClassifier({hazard_class("not_affected", 0.0, 1.0)}), std::invalid_argument);
    EXPECT_THROW(HazardClassifier({hazard_class("not_exposed", 0.0, 1.0)}), std::invalid_argument);
    EXPECT_THROW(HazardClassifier({hazard_class("", 0.0, 1.0)}), std::invalid_argument);
    EXPECT_THROW(HazardClassifier({hazard_class("a", 1.0, 1.0)}),
                 std::invalid_argument);  // min == max
    EXPECT_THROW(HazardClassifier({hazard_class("a", 2.0, 1.0)}),
                 std::invalid_argument);  // min > max
    EXPECT_THROW(HazardClassifier({hazard_class("a", kNaN, 1.0)}), std::invalid_argument);
    // Close to the edge but valid: min < max by one ulp, one-sided classes.
    EXPECT_NO_THROW(HazardClassifier({hazard_class("a", 1.0, std::nextafter(1.0, 2.0))}));
    EXPECT_NO_THROW(HazardClassifier(
        {hazard_class("b", 5.0, std::nullopt), hazard_class("a", std::nullopt, 1.0)}));
}

// Severity rank: a class index, with not_affected (== class_count) the least severe.
// Property: for contiguous classes listed most severe first, raising the value never moves
// it to a less severe class, i.e. the index never increases as v rises.
TEST(HazardClassifierProperty, RaisingTheValueNeverLowersTheSeverity) {
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<int> class_count_dist(1, 5);
    std::uniform_real_distribution<double> step_dist(0.05, 2.0);
    std::uniform_real_distribution<double> value_dist(-1.0, 12.0);
    for (int trial = 0; trial < 300; ++trial) {
        // Thresholds t0 > t1 > ... > tn; class i is (t(i+1), t(i)], the first open above.
        const int n = class_count_dist(rng);
        std::vector<double> t(static_cast<std::size_t>(n + 1));
        t[0] = 10.0;
        for (std::size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] - step_dist(rng);
        std::vector<HazardClass> classes;
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
            // The most severe class must be open above: with a max, values above it would fall
            // back to not_affected (the property holds for a contiguous scale only).
            std::optional<double> max = t[i];
            if (i == 0) max.reset();
            classes.push_back(hazard_class("c" + std::to_string(i), t[i + 1], max));
        }
        const HazardClassifier c(classes);
        std::vector<double> values;
        for (int k = 0; k < 40; ++k) values.push_back(value_dist(rng));
        values.insert(values.end(), t.begin(), t.end());  // exact thresholds too
        std::sort(values.begin(), values.end());
        for (std::size_t k = 1; k < values.size(); ++k) {
            const std::size_t lower = c.classify(values[k - 1]);
            const std::size_t higher = c.classify(values[k]);
            ASSERT_LE(higher, lower) << "trial " << trial << ": v=" << values[k - 1] << " -> "
                                     << lower << ", v=" << values[k] << " -> " << higher;
            ASSERT_LT(higher, c.not_exposed_index());
        }
    }
}

}  // namespace
