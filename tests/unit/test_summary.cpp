#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "jitupasna/core/summary.hpp"

namespace {

using jitupasna::core::ImpactSummary;

TEST(ImpactSummary, StartsEmptyWithTheGivenShape) {
    const ImpactSummary s(2, 3, 5);
    EXPECT_EQ(s.admin_units(), 2u);
    EXPECT_EQ(s.asset_types(), 3u);
    EXPECT_EQ(s.hazard_classes(), 5u);
    EXPECT_EQ(s.total(), 0.0);
    for (std::optional<std::size_t> a :
         {std::optional<std::size_t>(0), std::optional<std::size_t>(1),
          std::optional<std::size_t>()})
        for (std::size_t t = 0; t < 3; ++t)
            for (std::size_t c = 0; c < 5; ++c) EXPECT_EQ(s.count(a, t, c), 0.0);
}

TEST(ImpactSummary, AddCountByClassAndTotal) {
    ImpactSummary s(2, 3, 5);
    s.add(0, 1, 2, 1.0);
    s.add(0, 1, 2, 2.5);   // same slot: 3.5
    s.add(0, 0, 2, 1.0);   // other type, same unit and class
    s.add(1, 1, 2, 4.0);   // other unit
    s.add(0, 1, 3, 0.25);  // other class
    EXPECT_EQ(s.count(0, 1, 2), 3.5);
    EXPECT_EQ(s.count(0, 0, 2), 1.0);
    EXPECT_EQ(s.count(1, 1, 2), 4.0);
    EXPECT_EQ(s.count(0, 1, 3), 0.25);
    EXPECT_EQ(s.count(1, 0, 2), 0.0);
    EXPECT_EQ(s.count(std::nullopt, 1, 2), 0.0);
    // Unit 0, class 2 over types: 1.0 (type 0) + 3.5 (type 1) + 0 (type 2).
    EXPECT_EQ(s.count_by_class(0, 2), 4.5);
    EXPECT_EQ(s.count_by_class(1, 2), 4.0);
    EXPECT_EQ(s.count_by_class(0, 3), 0.25);
    EXPECT_EQ(s.count_by_class(1, 0), 0.0);
    // 3.5 + 1 + 4 + 0.25
    EXPECT_EQ(s.total(), 8.75);
}

TEST(ImpactSummary, OutsideRowIsSeparateFromTheUnits) {
    ImpactSummary s(2, 2, 2);
    s.add(std::nullopt, 1, 0, 3.0);
    s.add(std::nullopt, 0, 0, 1.0);
    EXPECT_EQ(s.count(std::nullopt, 1, 0), 3.0);
    EXPECT_EQ(s.count_by_class(std::nullopt, 0), 4.0);
    EXPECT_EQ(s.count(0, 1, 0), 0.0);
    EXPECT_EQ(s.count(1, 1, 0), 0.0);
    EXPECT_EQ(s.count_by_class(0, 0) + s.count_by_class(1, 0), 0.0);
    EXPECT_EQ(s.total(), 4.0);
}

TEST(ImpactSummary, WorksWithNoAdminUnits) {
    ImpactSummary s(0, 1, 1);
    s.add(std::nullopt, 0, 0, 2.0);
    EXPECT_EQ(s.count(std::nullopt, 0, 0), 2.0);
    EXPECT_EQ(s.total(), 2.0);
    EXPECT_THROW(s.add(0, 0, 0, 1.0), std::out_of_range);
}

TEST(ImpactSummary, IndexOutOfRangeThrows) {
    ImpactSummary s(2, 3, 5);
    EXPECT_THROW(s.add(3, 0, 0, 1.0), std::out_of_range);
    EXPECT_THROW(s.add(0, 3, 0, 1.0), std::out_of_range);
    EXPECT_THROW(s.add(0, 0, 5, 1.0), std::out_of_range);
    EXPECT_THROW(s.add(std::nullopt, 3, 0, 1.0), std::out_of_range);
    EXPECT_THROW(s.add(std::nullopt, 0, 5, 1.0), std::out_of_range);
    EXPECT_THROW(s.count(0, 0, 5), std::out_of_range);
    EXPECT_THROW(s.count(0, 3, 0), std::out_of_range);
    EXPECT_THROW(s.count_by_class(0, 5), std::out_of_range);
    EXPECT_EQ(s.total(), 0.0);  // nothing was counted by the failed calls
}

// With 2 admin units the valid unit indices are 0 and 1; the row after them is the "outside"
// row, which must not be reachable as unit index 2.
TEST(ImpactSummary, UnitIndexEqualToUnitCountThrows) {
    ImpactSummary s(2, 3, 5);
    EXPECT_THROW(s.add(2, 0, 0, 1.0), std::out_of_range);
    EXPECT_THROW(s.count(2, 0, 0), std::out_of_range);
    EXPECT_EQ(s.count(std::nullopt, 0, 0), 0.0);
}

TEST(ImpactSummary, MergeAddsSlotBySlot) {
    ImpactSummary a(1, 2, 2);
    ImpactSummary b(1, 2, 2);
    a.add(0, 0, 0, 1.0);
    a.add(std::nullopt, 1, 1, 2.0);
    b.add(0, 0, 0, 3.0);
    b.add(0, 1, 0, 5.0);
    a.merge(b);
    EXPECT_EQ(a.count(0, 0, 0), 4.0);
    EXPECT_EQ(a.count(0, 1, 0), 5.0);
    EXPECT_EQ(a.count(std::nullopt, 1, 1), 2.0);
    EXPECT_EQ(a.total(), 11.0);
    // The merged-in summary is unchanged.
    EXPECT_EQ(b.total(), 8.0);
}

TEST(ImpactSummary, MergingDifferentShapesIsAnError) {
    ImpactSummary a(2, 3, 5);
    EXPECT_THROW(a.merge(ImpactSummary(3, 3, 5)), std::invalid_argument);
    EXPECT_THROW(a.merge(ImpactSummary(2, 2, 5)), std::invalid_argument);
}

// Property: random assignments split into random consecutive batches, one partial summary per
// batch merged in order, equal a single summary of all of them slot by slot, and both equal a
// brute-force tally in a std::map. Counts are small multiples of 0.5 so every sum is exact.
TEST(ImpactSummaryProperty, MergedBatchesEqualOneSummary) {
    std::mt19937 rng(12345);
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t units = std::uniform_int_distribution<std::size_t>(0, 4)(rng);
        const std::size_t types = std::uniform_int_distribution<std::size_t>(1, 4)(rng);
        const std::size_t classes = std::uniform_int_distribution<std::size_t>(1, 6)(rng);
        const int n = std::uniform_int_distribution<int>(0, 300)(rng);

        struct Assignment {
            std::optional<std::size_t> admin;
            std::size_t type, cls;
            double count;
        };
        std::vector<Assignment> all;
        for (int i = 0; i < n; ++i) {
            // Row `units` stands for outside.
            const std::size_t row = std::uniform_int_distribution<std::size_t>(0, units)(rng);
            Assignment a;
            a.admin = row == units ? std::nullopt : std::optional<std::size_t>(row);
            a.type = std::uniform_int_distribution<std::size_t>(0, types - 1)(rng);
            a.cls = std::uniform_int_distribution<std::size_t>(0, classes - 1)(rng);
            a.count = std::uniform_int_distribution<int>(1, 4)(rng) * 0.5;
            all.push_back(a);
        }

        ImpactSummary single(units, types, classes);
        std::map<std::tuple<std::size_t, std::size_t, std::size_t>, double> tally;
        double tally_total = 0;
        for (const auto& a : all) {
            single.add(a.admin, a.type, a.cls, a.count);
            tally[{a.admin ? *a.admin : units, a.type, a.cls}] += a.count;
            tally_total += a.count;
        }

        ImpactSummary merged(units, types, classes);
        std::size_t begin = 0;
        while (begin < all.size()) {
            const std::size_t size = std::uniform_int_distribution<std::size_t>(1, 40)(rng);
            const std::size_t end = std::min(all.size(), begin + size);
            ImpactSummary part(units, types, classes);
            for (std::size_t i = begin; i < end; ++i)
                part.add(all[i].admin, all[i].type, all[i].cls, all[i].count);
            merged.merge(part);
            begin = end;
        }

        ASSERT_EQ(merged.total(), single.total()) << "trial " << trial;
        ASSERT_EQ(single.total(), tally_total) << "trial " << trial;
        for (std::size_t row = 0; row <= units; ++row) {
            const std::optional<std::size_t> admin =
                row == units ? std::nullopt : std::optional<std::size_t>(row);
            for (std::size_t t = 0; t < types; ++t)
                for (std::size_t c = 0; c < classes; ++c) {
                    const auto it = tally.find({row, t, c});
                    const double expected = it == tally.end() ? 0.0 : it->second;
                    ASSERT_EQ(single.count(admin, t, c), expected)
                        << "trial " << trial << " slot " << row << "," << t << "," << c;
                    ASSERT_EQ(merged.count(admin, t, c), expected)
                        << "trial " << trial << " slot " << row << "," << t << "," << c;
                }
        }
    }
}

}  // namespace
