// "Affected": one rule for every configuration (with or without hazard classes, with or
// without damage), and the summary that keeps what is affected through merges and roll-ups.

#include <gtest/gtest.h>

#include <optional>

#include "jitupasna/core/summary.hpp"

namespace {

using jitupasna::core::affected_share;
using jitupasna::core::ImpactSummary;
using jitupasna::core::Measures;

TEST(Affected, WithClassesAValueInAClassOrWhatIsDamaged) {
    // Three classes (0, 1, 2), then not_affected (3) and not_exposed (4).
    EXPECT_EQ(affected_share(0, 3, 2.0, 0.0), 1.0);
    EXPECT_EQ(affected_share(2, 3, 0.2, 0.0), 1.0);
    EXPECT_EQ(affected_share(3, 3, 0.05, 0.0), 0.0);  // below the lowest class, no damage
    EXPECT_EQ(affected_share(3, 3, 0.05, 1.0), 1.0);  // below the lowest class, damaged
    // A fragility that damages 0.2 % of the houses at MMI 4.5, below the lowest class:
    // 0.2 % of them are affected, not all.
    EXPECT_EQ(affected_share(3, 3, 4.5, 0.002), 0.002);
    EXPECT_EQ(affected_share(4, 3, std::nullopt, 0.0), 0.0);
}

TEST(Affected, WithoutClassesAHazardValueAboveZeroOrWhatIsDamaged) {
    // No classes: not_affected (0) holds every value, not_exposed (1) no value.
    EXPECT_EQ(affected_share(0, 0, 0.05, 0.0), 1.0);
    EXPECT_EQ(affected_share(0, 0, 7.5, 0.3), 1.0);
    EXPECT_EQ(affected_share(0, 0, 0.0, 0.0), 0.0);  // a depth of 0 is no flood
    EXPECT_EQ(affected_share(0, 0, -1.0, 0.0), 0.0);
    EXPECT_EQ(affected_share(0, 0, 0.0, 0.25), 0.25);  // what is damaged is always affected
    EXPECT_EQ(affected_share(1, 0, std::nullopt, 0.0), 0.0);
}

Measures counted(double count, double population = 0) {
    Measures m;
    m.count = count;
    m.population = population;
    return m;
}

TEST(Affected, SummaryKeepsTheAffectedPartThroughMergeAndRollUp) {
    // 3 finest units, 2 asset types, labels: one class, not_affected, not_exposed.
    ImpactSummary a(3, 2, 3), b(3, 2, 3);
    a.add(0, 0, 0, counted(5));             // in the class: affected by default
    a.add(0, 1, 1, counted(4));             // not_affected, default: not affected
    a.add(0, 1, 1, counted(8), 0.25);       // not_affected, a quarter damaged: 2
    b.add(1, 0, 2, counted(3));             // not_exposed
    b.add(2, 0, 1, counted(6, 6), 1.0);     // explicitly affected
    b.add(std::nullopt, 0, 0, counted(7));  // outside, in the class
    a.merge(b);
    EXPECT_DOUBLE_EQ(a.affected(0).count, 5 + 2);
    EXPECT_DOUBLE_EQ(a.affected(0, 1).count, 2);
    EXPECT_DOUBLE_EQ(a.affected(1).count, 0);
    EXPECT_DOUBLE_EQ(a.affected(2).count, 6);
    EXPECT_DOUBLE_EQ(a.affected(2).population, 6);
    EXPECT_DOUBLE_EQ(a.affected(std::nullopt).count, 7);
    // The class columns are unchanged by the affected share.
    EXPECT_DOUBLE_EQ(a.count_by_class(0, 1), 12);

    // Units 0 and 1 roll up to parent 0, unit 2 to parent 1.
    const ImpactSummary parents = jitupasna::core::roll_up(a, {0, 0, 1}, 2);
    EXPECT_DOUBLE_EQ(parents.affected(0).count, 7);
    EXPECT_DOUBLE_EQ(parents.affected(1).count, 6);
    EXPECT_DOUBLE_EQ(parents.affected(std::nullopt).count, 7);
    EXPECT_DOUBLE_EQ(parents.total(), a.total());
}

}  // namespace
