// AdminLocator::split and AdminLocator::coverage (divisible features and raster cells shared
// between admin units) and roll_up (finer units summed into their parents).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/summary.hpp"

namespace {

using jitupasna::core::AdminIndex;
using jitupasna::core::AdminLocator;
using jitupasna::core::AdminUnit;
using jitupasna::core::GeomPtr;
using jitupasna::core::GeosContext;
using jitupasna::core::ImpactSummary;
using jitupasna::core::Measures;
using jitupasna::core::roll_up;

std::string rect(double x0, double y0, double x1, double y1) {
    const auto s = [](double v) { return std::to_string(v); };
    return "POLYGON((" + s(x0) + " " + s(y0) + ", " + s(x1) + " " + s(y0) + ", " + s(x1) + " " +
           s(y1) + ", " + s(x0) + " " + s(y1) + ", " + s(x0) + " " + s(y0) + "))";
}

GeomPtr geom(const GeosContext& ctx, const std::string& text) {
    GeomPtr g = jitupasna::core::geom_from_wkt(ctx, text);
    EXPECT_NE(g, nullptr) << "unreadable WKT: " << text;
    return g;
}

AdminUnit unit(const GeosContext& ctx, const std::string& code, const std::string& wkt_text) {
    AdminUnit u;
    u.code = code;
    u.name = code;
    GeomPtr g = geom(ctx, wkt_text);
    u.wkb = g ? jitupasna::core::geom_to_wkb(ctx, g.get()) : std::string();
    return u;
}

double measure(const GeosContext& ctx, const GEOSGeometry* g) {
    double m = 0;
    if (GEOSGeom_getDimensions_r(ctx.handle(), g) == 2)
        GEOSArea_r(ctx.handle(), g, &m);
    else
        GEOSLength_r(ctx.handle(), g, &m);
    return m;
}

using Parts = std::vector<std::pair<std::optional<std::size_t>, GeomPtr>>;

// Measure per unit (-1: outside).
std::map<int, double> by_unit(const GeosContext& ctx, const Parts& parts) {
    std::map<int, double> out;
    for (const auto& [admin, part] : parts)
        out[admin ? static_cast<int>(*admin) : -1] += measure(ctx, part.get());
    return out;
}

// ---------------------------------------------------------------------------------------------
// split. Units in layer order: U0 = [0,2] x [0,2], U1 = [1,3] x [0,2] (overlapping U0 on
// [1,2]), U2 = [3,5] x [0,2] (sharing the edge x = 3 with U1).
class AdminPartsSplit : public ::testing::Test {
  protected:
    AdminPartsSplit()
        : index({unit(ctx, "U0", rect(0, 0, 2, 2)), unit(ctx, "U1", rect(1, 0, 3, 2)),
                 unit(ctx, "U2", rect(3, 0, 5, 2))}),
          locator(index, ctx) {}

    Parts split(const std::string& wkt_text) {
        GeomPtr g = geom(ctx, wkt_text);
        Parts parts;
        locator.split(g.get(), parts);
        return parts;
    }

    GeosContext ctx;
    AdminIndex index;
    AdminLocator locator;
};

TEST_F(AdminPartsSplit, FirstUnitTakesTheOverlapAndTheRestIsOutside) {
    // (-1,1) - (6,1), length 7: U0 x 0..2 (2, including the overlap), U1 x 2..3 (1),
    // U2 x 3..5 (2), outside x -1..0 and 5..6 (2).
    const Parts parts = split("LINESTRING(-1 1, 6 1)");
    auto m = by_unit(ctx, parts);
    EXPECT_NEAR(m[0], 2.0, 1e-12);
    EXPECT_NEAR(m[1], 1.0, 1e-12);
    EXPECT_NEAR(m[2], 2.0, 1e-12);
    EXPECT_NEAR(m[-1], 2.0, 1e-12);
    EXPECT_EQ(parts.size(), 4u);  // one part per unit and one outside (a multilinestring)
}

TEST_F(AdminPartsSplit, PolygonAreasPerUnit) {
    // [-1,6] x [0.5,1.5] (area 7): the same split as the line, times a height of 1.
    const Parts parts = split(rect(-1, 0.5, 6, 1.5));
    auto m = by_unit(ctx, parts);
    EXPECT_NEAR(m[0], 2.0, 1e-12);
    EXPECT_NEAR(m[1], 1.0, 1e-12);
    EXPECT_NEAR(m[2], 2.0, 1e-12);
    EXPECT_NEAR(m[-1], 2.0, 1e-12);
}

TEST_F(AdminPartsSplit, LineOnASharedBorderGoesToTheFirstUnitOnly) {
    // x = 3, y 0.5..1.5 lies on the border of U1 and U2: one part, U1, length 1.
    const Parts parts = split("LINESTRING(3 0.5, 3 1.5)");
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].first, 1u);
    EXPECT_NEAR(measure(ctx, parts[0].second.get()), 1.0, 1e-12);
}

TEST_F(AdminPartsSplit, ACrossingPointIsNotAPart) {
    // (2.5,1) - (3.5,1) crosses x = 3: U1 0.5, U2 0.5; the point (3,1) is not a third part.
    const Parts parts = split("LINESTRING(2.5 1, 3.5 1)");
    ASSERT_EQ(parts.size(), 2u);
    auto m = by_unit(ctx, parts);
    EXPECT_NEAR(m[1], 0.5, 1e-12);
    EXPECT_NEAR(m[2], 0.5, 1e-12);
}

TEST_F(AdminPartsSplit, WhollyInsideWhollyOutsideAndEmpty) {
    Parts parts = split(rect(3.5, 0.5, 4.5, 1.5));  // inside U2 only
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].first, 2u);
    EXPECT_NEAR(measure(ctx, parts[0].second.get()), 1.0, 1e-12);

    parts = split(rect(10, 10, 11, 12));  // outside every unit
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].first, std::nullopt);
    EXPECT_NEAR(measure(ctx, parts[0].second.get()), 2.0, 1e-12);

    EXPECT_TRUE(split("LINESTRING EMPTY").empty());

    // A polygon touching U2 only along its east edge x = 5 is wholly outside.
    parts = split(rect(5, 0.5, 6, 1.5));
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].first, std::nullopt);
}

TEST_F(AdminPartsSplit, InsideTheOverlapTheFirstUnitTakesAll) {
    // [1.2,1.8]^2 is inside both U0 and U1: it all goes to U0.
    const Parts parts = split(rect(1.2, 1.2, 1.8, 1.8));
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].first, 0u);
}

// ---------------------------------------------------------------------------------------------
// coverage.

double share_of(const std::vector<std::pair<std::size_t, double>>& shares, std::size_t unit_id) {
    double s = 0;
    for (const auto& [u, v] : shares)
        if (u == unit_id) s += v;
    return s;
}

double total_of(const std::vector<std::pair<std::size_t, double>>& shares) {
    double s = 0;
    for (const auto& item : shares) s += item.second;
    return s;
}

// Adjacent units V0 = [0,1] x [0,2], V1 = [1,2] x [0,2].
class AdminCellCoverage : public ::testing::Test {
  protected:
    AdminCellCoverage()
        : index({unit(ctx, "V0", rect(0, 0, 1, 2)), unit(ctx, "V1", rect(1, 0, 2, 2))}),
          locator(index, ctx) {}

    std::vector<std::pair<std::size_t, double>> coverage(const std::string& wkt_text) {
        GeomPtr g = geom(ctx, wkt_text);
        std::vector<std::pair<std::size_t, double>> shares;
        locator.coverage(g.get(), shares);
        return shares;
    }

    GeosContext ctx;
    AdminIndex index;
    AdminLocator locator;
};

TEST_F(AdminCellCoverage, CellHalfInsideAUnit) {
    // [-0.5,0.5] x [0,1]: half in V0, half outside -> V0 0.5, total 0.5.
    const auto shares = coverage(rect(-0.5, 0, 0.5, 1));
    ASSERT_EQ(shares.size(), 1u);
    EXPECT_EQ(shares[0].first, 0u);
    EXPECT_NEAR(shares[0].second, 0.5, 1e-12);
}

TEST_F(AdminCellCoverage, CellInTwoUnits) {
    // [0.5,1.5] x [0,1]: V0 0.5, V1 0.5.
    const auto shares = coverage(rect(0.5, 0, 1.5, 1));
    EXPECT_NEAR(share_of(shares, 0), 0.5, 1e-12);
    EXPECT_NEAR(share_of(shares, 1), 0.5, 1e-12);
    EXPECT_NEAR(total_of(shares), 1.0, 1e-12);
    // [0.75,1.75] x [1.5,2.5]: V0 0.25 x 0.5, V1 0.75 x 0.5, of area 1: 0.125 and 0.375.
    const auto corner = coverage(rect(0.75, 1.5, 1.75, 2.5));
    EXPECT_NEAR(share_of(corner, 0), 0.125, 1e-12);
    EXPECT_NEAR(share_of(corner, 1), 0.375, 1e-12);
}

TEST_F(AdminCellCoverage, CellInsideOneUnitAndOutsideAll) {
    const auto inside = coverage(rect(0.2, 0.2, 0.8, 0.8));
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_EQ(inside[0].first, 0u);
    EXPECT_EQ(inside[0].second, 1.0);
    EXPECT_TRUE(coverage(rect(5, 5, 6, 6)).empty());
    // Touching V1 along x = 2 only: nothing.
    EXPECT_TRUE(coverage(rect(2, 0, 3, 1)).empty());
    // No area: nothing.
    EXPECT_TRUE(coverage("POLYGON EMPTY").empty());
}

// Overlap of [a0, a1] and [b0, b1] (0 when apart).
double overlap(double a0, double a1, double b0, double b1) {
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

TEST(AdminCellCoverageProperty, SharesMatchRectangleArithmetic) {
    // Three adjacent units in a row, [0,1], [1,2.5], [2.5,3] (x) by [0,2] (y), and random
    // axis-aligned cells over [-1,4] x [-1,3]: each share is the cell's overlap with the unit
    // over the cell's area, the total is at most 1.
    GeosContext ctx;
    const double xs[4] = {0, 1, 2.5, 3};
    AdminIndex index({unit(ctx, "A", rect(xs[0], 0, xs[1], 2)),
                      unit(ctx, "B", rect(xs[1], 0, xs[2], 2)),
                      unit(ctx, "C", rect(xs[2], 0, xs[3], 2))});
    AdminLocator locator(index, ctx);
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> pos(-1.0, 4.0), size(0.05, 1.5);
    for (int i = 0; i < 300; ++i) {
        // Quantised to 1/64 so that std::to_string's six decimals are exact.
        const auto q = [](double v) { return std::round(v * 64) / 64; };
        const double x0 = q(pos(rng)), y0 = q(pos(rng) - 1), w = q(size(rng)), h = q(size(rng));
        GeomPtr cell = geom(ctx, rect(x0, y0, x0 + w, y0 + h));
        std::vector<std::pair<std::size_t, double>> shares;
        locator.coverage(cell.get(), shares);
        double total = 0;
        for (std::size_t u = 0; u < 3; ++u) {
            const double expected =
                overlap(x0, x0 + w, xs[u], xs[u + 1]) * overlap(y0, y0 + h, 0, 2) / (w * h);
            EXPECT_NEAR(share_of(shares, u), expected, 1e-12) << x0 << " " << y0;
            total += share_of(shares, u);
        }
        EXPECT_LE(total, 1.0 + 1e-12);
        for (const auto& [u, s] : shares) EXPECT_GT(s, 0.0);
    }
}

// BUG: coverage() caps a later unit's share by what is left but does not take out the part of
// the unit's overlap already given to an earlier unit. Units W0 = [0,2] x [0,2] and
// W1 = [1,3] x [0,2] overlap on [1,2]. Cell [-0.5,1.5] x [0,1] (area 2):
//   W0 holds x 0..1.5 -> 1.5 / 2 = 0.75
//   W1 holds x 1..1.5, all of it already in W0 -> 0 (the first unit takes the overlap)
//   outside: x -0.5..0 -> 0.25
// Actual: W1 gets min(0.5 / 2, 1 - 0.75) = 0.25, so the outside part is counted for W1 and
// the shares add up to 1 instead of 0.75.
TEST(AdminCellCoverageOverlap, OverlapAlreadyTakenIsNotGivenTwice) {
    GeosContext ctx;
    AdminIndex index({unit(ctx, "W0", rect(0, 0, 2, 2)), unit(ctx, "W1", rect(1, 0, 3, 2))});
    AdminLocator locator(index, ctx);
    GeomPtr cell = geom(ctx, rect(-0.5, 0, 1.5, 1));
    std::vector<std::pair<std::size_t, double>> shares;
    locator.coverage(cell.get(), shares);
    EXPECT_NEAR(share_of(shares, 0), 0.75, 1e-12);
    EXPECT_NEAR(share_of(shares, 1), 0.0, 1e-12);
    EXPECT_NEAR(total_of(shares), 0.75, 1e-12);
}

TEST(AdminCellCoverageOverlap, FirstUnitTakesTheOverlap) {
    // W0 = [0,2] x [0,2], W1 = [1,3] x [0,2]; cell [1.5,2.5] x [0,1]: W0 takes x 1.5..2 (0.5),
    // W1 the rest x 2..2.5 (0.5).
    GeosContext ctx;
    AdminIndex index({unit(ctx, "W0", rect(0, 0, 2, 2)), unit(ctx, "W1", rect(1, 0, 3, 2))});
    AdminLocator locator(index, ctx);
    GeomPtr cell = geom(ctx, rect(1.5, 0, 2.5, 1));
    std::vector<std::pair<std::size_t, double>> shares;
    locator.coverage(cell.get(), shares);
    EXPECT_NEAR(share_of(shares, 0), 0.5, 1e-12);
    EXPECT_NEAR(share_of(shares, 1), 0.5, 1e-12);
    // A cell inside the overlap: all W0.
    GeomPtr inner = geom(ctx, rect(1.2, 0.2, 1.8, 0.8));
    shares.clear();
    locator.coverage(inner.get(), shares);
    ASSERT_EQ(shares.size(), 1u);
    EXPECT_EQ(shares[0].first, 0u);
    EXPECT_EQ(shares[0].second, 1.0);
}

// ---------------------------------------------------------------------------------------------
// roll_up.

TEST(SummaryRollUp, FinerUnitsAddUpInTheirParents) {
    // 3 kecamatan, 2 asset types, 3 classes; parents: k0 -> 1, k1 -> 0, k2 -> 1.
    ImpactSummary finer(3, 2, 3);
    finer.add(0u, 0, 0, 2.0);
    finer.add(2u, 0, 0, 3.0);
    finer.add(1u, 1, 2, Measures{1, 10, 0, 0});
    finer.add(0u, 1, 1, Measures{0, 0, 5, 7});
    finer.add(std::nullopt, 1, 1, 4.0);
    const ImpactSummary parents = roll_up(finer, {1, 0, 1}, 2);
    EXPECT_EQ(parents.admin_units(), 2u);
    EXPECT_EQ(parents.asset_types(), 2u);
    EXPECT_EQ(parents.hazard_classes(), 3u);
    EXPECT_EQ(parents.count(1u, 0, 0), 5.0);  // k0 2 + k2 3
    EXPECT_EQ(parents.count(0u, 0, 0), 0.0);
    EXPECT_EQ(parents.measures(0u, 1, 2).count, 1.0);  // k1
    EXPECT_EQ(parents.measures(0u, 1, 2).length_m, 10.0);
    EXPECT_EQ(parents.measures(1u, 1, 1).area_m2, 5.0);  // k0
    EXPECT_EQ(parents.measures(1u, 1, 1).population, 7.0);
    // Outside stays outside.
    EXPECT_EQ(parents.count(std::nullopt, 1, 1), 4.0);
    // Totals: counts 2 + 3 + 1 + 4 = 10, length 10, area 5, population 7.
    const Measures t = parents.totals();
    EXPECT_EQ(t.count, 10.0);
    EXPECT_EQ(t.length_m, 10.0);
    EXPECT_EQ(t.area_m2, 5.0);
    EXPECT_EQ(t.population, 7.0);
}

TEST(SummaryRollUp, ParentsWithoutChildrenAreZero) {
    ImpactSummary finer(2, 1, 2);
    finer.add(0u, 0, 1, 1.0);
    finer.add(1u, 0, 1, 1.0);
    const ImpactSummary parents = roll_up(finer, {2, 2}, 3);
    EXPECT_EQ(parents.count(2u, 0, 1), 2.0);
    EXPECT_EQ(parents.count(0u, 0, 1), 0.0);
    EXPECT_EQ(parents.count(1u, 0, 1), 0.0);
}

TEST(SummaryRollUp, BadParentListThrows) {
    ImpactSummary finer(3, 1, 2);
    finer.add(0u, 0, 0, 1.0);
    // One parent per finer unit is needed.
    EXPECT_THROW(roll_up(finer, {0, 0}, 1), std::invalid_argument);
    EXPECT_THROW(roll_up(finer, {0, 0, 0, 0}, 1), std::invalid_argument);
    // A parent index beyond the parent units.
    EXPECT_THROW(roll_up(finer, {0, 1, 2}, 2), std::logic_error);
}

TEST(SummaryRollUpProperty, TotalsPerClassAreConserved) {
    // Random whole-number measures (sums are exact) over 8 finer units, 3 asset types and
    // 5 classes, random parents among 4: per class and per parent, the rolled-up numbers
    // equal the sums worked out independently from the same additions.
    std::mt19937 rng(2024);
    std::uniform_int_distribution<int> unit_pick(-1, 7), type_pick(0, 2), class_pick(0, 4),
        parent_pick(0, 3), amount(0, 50);
    for (int round = 0; round < 200; ++round) {
        std::vector<std::size_t> parent_of(8);
        for (auto& p : parent_of) p = static_cast<std::size_t>(parent_pick(rng));
        ImpactSummary finer(8, 3, 5);
        // Expected, keyed by (parent or -1 for outside, type, class).
        std::map<std::tuple<int, int, int>, Measures> expected;
        std::map<int, Measures> per_class;
        for (int k = 0; k < 40; ++k) {
            const int u = unit_pick(rng), t = type_pick(rng), c = class_pick(rng);
            const Measures m{static_cast<double>(amount(rng)), static_cast<double>(amount(rng)),
                             static_cast<double>(amount(rng)), static_cast<double>(amount(rng))};
            const std::optional<std::size_t> admin =
                u < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(u));
            finer.add(admin, static_cast<std::size_t>(t), static_cast<std::size_t>(c), m);
            const int parent =
                u < 0 ? -1 : static_cast<int>(parent_of[static_cast<std::size_t>(u)]);
            expected[{parent, t, c}] += m;
            per_class[c] += m;
        }
        const ImpactSummary parents = roll_up(finer, parent_of, 4);
        for (int p = -1; p < 4; ++p)
            for (int t = 0; t < 3; ++t)
                for (int c = 0; c < 5; ++c) {
                    const std::optional<std::size_t> admin =
                        p < 0 ? std::nullopt
                              : std::optional<std::size_t>(static_cast<std::size_t>(p));
                    const Measures& got = parents.measures(admin, static_cast<std::size_t>(t),
                                                           static_cast<std::size_t>(c));
                    const Measures want = expected[{p, t, c}];
                    EXPECT_EQ(got.count, want.count);
                    EXPECT_EQ(got.length_m, want.length_m);
                    EXPECT_EQ(got.area_m2, want.area_m2);
                    EXPECT_EQ(got.population, want.population);
                }
        for (int c = 0; c < 5; ++c) {
            Measures rolled, original;
            for (int p = -1; p < 4; ++p)
                rolled += parents.by_class(
                    p < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(p)),
                    static_cast<std::size_t>(c));
            for (int u = -1; u < 8; ++u)
                original += finer.by_class(
                    u < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(u)),
                    static_cast<std::size_t>(c));
            EXPECT_EQ(rolled.count, per_class[c].count);
            EXPECT_EQ(rolled.count, original.count);
            EXPECT_EQ(rolled.length_m, original.length_m);
            EXPECT_EQ(rolled.area_m2, original.area_m2);
            EXPECT_EQ(rolled.population, original.population);
        }
        if (::testing::Test::HasFailure()) break;
    }
}

}  // namespace
