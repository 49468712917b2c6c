// Display rounding (core/rounding): InaSAFE's rules, every expectation worked out by hand.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "jitupasna/core/rounding.hpp"

namespace {

namespace rounding = jitupasna::core::rounding;

TEST(Rounding, CountsGoUpToWholeNumbers) {
    EXPECT_EQ(rounding::round_count(0), 0);
    EXPECT_EQ(rounding::round_count(0.00001), 1);  // an expected house is never shown as none
    EXPECT_EQ(rounding::round_count(0.3), 1);
    EXPECT_EQ(rounding::round_count(2), 2);
    EXPECT_EQ(rounding::round_count(2.4), 3);
    EXPECT_EQ(rounding::round_count(1318.2), 1319);
    // Floating-point noise just above a whole number is that number.
    EXPECT_EQ(rounding::round_count(3.0000000001), 3);
}

TEST(Rounding, PeopleStepGrowsWithTheNumber) {
    EXPECT_EQ(rounding::people_step(9), 1);
    EXPECT_EQ(rounding::people_step(10), 10);
    EXPECT_EQ(rounding::people_step(999), 10);
    EXPECT_EQ(rounding::people_step(1000), 100);
    EXPECT_EQ(rounding::people_step(99999), 100);
    EXPECT_EQ(rounding::people_step(100000), 1000);
}

TEST(Rounding, PeopleGoUpToTheirStep) {
    EXPECT_EQ(rounding::round_people(0), 0);
    EXPECT_EQ(rounding::round_people(7.2), 8);           // whole: 8, step 1
    EXPECT_EQ(rounding::round_people(9.5), 10);          // whole: 10, step 10 -> 10
    EXPECT_EQ(rounding::round_people(123), 130);         // step 10
    EXPECT_EQ(rounding::round_people(120), 120);         // already on the step
    EXPECT_EQ(rounding::round_people(1234), 1300);       // step 100
    EXPECT_EQ(rounding::round_people(99950.5), 100000);  // whole 99,951, step 100 -> 100,000
    EXPECT_EQ(rounding::round_people(123456), 124000);   // step 1,000
}

TEST(Rounding, RupiahInWholeMillions) {
    EXPECT_EQ(rounding::rupiah_in_millions(151789000000.0), 151789);
    EXPECT_EQ(rounding::rupiah_in_millions(60000000), 60);
    EXPECT_EQ(rounding::rupiah_in_millions(1499999), 1);
    EXPECT_EQ(rounding::rupiah_in_millions(1500000), 2);
    EXPECT_EQ(rounding::rupiah_in_millions(400000), 0);
    EXPECT_FALSE(std::signbit(rounding::rupiah_in_millions(-400000)));  // never "-0"
}

TEST(Rounding, TotalsAreRoundedAfterSumming) {
    // Three units with 0.4 expected houses each: each row reads 1, the total 1.2 -> 2 (not 3).
    const double rows[] = {0.4, 0.4, 0.4};
    double sum = 0, sum_of_rounded = 0;
    for (double r : rows) {
        sum += r;
        sum_of_rounded += rounding::round_count(r);
    }
    EXPECT_EQ(rounding::round_count(sum), 2);
    EXPECT_EQ(sum_of_rounded, 3);
}

TEST(Rounding, NonFiniteValuesPassThrough) {
    EXPECT_TRUE(std::isnan(rounding::round_count(std::numeric_limits<double>::quiet_NaN())));
    EXPECT_TRUE(std::isinf(rounding::round_people(std::numeric_limits<double>::infinity())));
}

}  // namespace
