// The consolidated recap, on a run context and submissions made by hand: which figure is used,
// where it comes from, and totals that add up.

#include <gtest/gtest.h>

#include "jitupasna/forms/consolidate.hpp"

namespace jitupasna::forms {
namespace {

RunContext small_run() {
    RunContext c;
    c.run_id = "run-1";
    c.scheme = {{"kesehatan", "sosial", "Kesehatan", "Dinas Kesehatan", {"BPBD"}},
                {"perumahan", "perumahan", "Infrastruktur", "Dinas PUPR", {}}};
    c.pds = {{"Dinas Kesehatan", {"kesehatan"}, {}},
             {"BPBD", {}, {"kesehatan"}},
             {"Dinas PUPR", {"perumahan"}, {}}};
    c.units = {{"01", "Kab A"}, {"02", "Kab B"}, {"03", "Kab C"}};
    // Estimates: kesehatan in 01 and 02, perumahan in 01.
    c.estimates = {{"01", "Kab A", "kesehatan", "unit", 2, 1, 0, 1000, 100},
                   {"02", "Kab B", "kesehatan", "unit", 1, 0, 0, 500, 50},
                   {"01", "Kab A", "perumahan", "unit", 10, 5, 5, 8000, 400}};
    return c;
}

ReportedDamage reported(const std::string& code, const std::string& sub, const std::string& item) {
    ReportedDamage d;
    d.code = code;
    d.sub_sector = sub;
    d.uraian = item;
    return d;
}

const ConsolidatedRow* find(const Consolidation& c, const std::string& code, const std::string& sub,
                            const std::string& item) {
    for (const auto& row : c.rows)
        if (row.code == code && row.sub_sector == sub && row.uraian == item) return &row;
    return nullptr;
}

TEST(Consolidate, WithoutSubmissionsEveryFigureIsTheModels) {
    const Consolidation c = consolidate(small_run(), {});
    ASSERT_EQ(c.rows.size(), 3u);
    for (const auto& row : c.rows) EXPECT_EQ(row.source, kSourceModel);
    ASSERT_EQ(c.units.size(), 3u);
    EXPECT_DOUBLE_EQ(c.units[0].kerusakan, 1000 + 8000);
    EXPECT_DOUBLE_EQ(c.units[1].kerusakan, 500);
    EXPECT_DOUBLE_EQ(c.units[2].kerusakan, 0);
    for (const auto& u : c.units) EXPECT_EQ(u.sumber_data, kSumberEstimasi);
}

TEST(Consolidate, APdFigureReplacesTheEstimateAndAnEmptyCellKeepsIt) {
    Submission s{7, "Dinas Kesehatan", "2026-12-06T10:00:00Z", {}, {}};
    ReportedDamage d = reported("01", "kesehatan", "kesehatan");
    d.rb = 4;
    d.kerusakan = 1500;  // kerugian left empty: the estimate's 100 stays
    s.damage.push_back(d);
    const Consolidation c = consolidate(small_run(), {s});
    const ConsolidatedRow* row = find(c, "01", "kesehatan", "kesehatan");
    ASSERT_NE(row, nullptr);
    EXPECT_DOUBLE_EQ(row->rb, 4);
    EXPECT_DOUBLE_EQ(row->rs, 1);  // the estimate's
    EXPECT_DOUBLE_EQ(row->kerusakan, 1500);
    EXPECT_DOUBLE_EQ(row->kerugian, 100);
    EXPECT_DOUBLE_EQ(row->est_kerusakan, 1000);
    EXPECT_EQ(row->source, kSourcePd);
    EXPECT_EQ(row->pd, "Dinas Kesehatan");
    EXPECT_EQ(row->submission, 7);
    EXPECT_EQ(row->pd_keys, "rb; kerusakan_rp");
    // Kab A: kesehatan reported, perumahan not: partly the PDs'.
    EXPECT_DOUBLE_EQ(c.units[0].kerusakan, 1500 + 8000);
    EXPECT_EQ(c.units[0].sumber_data, kSumberSebagian);
    EXPECT_EQ(c.units[1].sumber_data, kSumberEstimasi);
}

TEST(Consolidate, AnItemTheModelDoesNotKnowIsAddedWithoutEstimate) {
    Submission s{1, "Dinas Kesehatan", "t", {}, {}};
    ReportedDamage d = reported("03", "kesehatan", "Puskesmas Pembantu");
    d.kerusakan = 300;
    s.damage.push_back(d);
    NeedLine n;
    n.code = "03";
    n.jumlah = 750;
    s.needs.push_back(n);
    const Consolidation c = consolidate(small_run(), {s});
    const ConsolidatedRow* row = find(c, "03", "kesehatan", "Puskesmas Pembantu");
    ASSERT_NE(row, nullptr);
    EXPECT_FALSE(row->estimated);
    EXPECT_DOUBLE_EQ(row->kerusakan, 300);
    EXPECT_DOUBLE_EQ(row->est_kerusakan, 0);
    EXPECT_EQ(row->name, "Kab C");
    EXPECT_EQ(row->sector, "sosial");
    EXPECT_EQ(row->cluster, "Kesehatan");
    // Kab C had no estimate: everything there is the PD's.
    EXPECT_EQ(c.units[2].sumber_data, kSumberPd);
    EXPECT_DOUBLE_EQ(c.units[2].kebutuhan_pd, 750);
}

TEST(Consolidate, TheLeadsFigureIsUsedOverASupportersAndTheConflictIsNamed) {
    Submission lead{1, "Dinas Kesehatan", "t1", {}, {}};
    Submission support{2, "BPBD", "t2", {}, {}};  // later, but only supporting
    ReportedDamage a = reported("02", "kesehatan", "kesehatan");
    a.kerusakan = 600;
    ReportedDamage b = a;
    b.kerusakan = 900;
    lead.damage.push_back(a);
    support.damage.push_back(b);
    const Consolidation c = consolidate(small_run(), {support, lead});
    EXPECT_DOUBLE_EQ(find(c, "02", "kesehatan", "kesehatan")->kerusakan, 600);
    ASSERT_EQ(c.conflicts.size(), 1u);
    EXPECT_EQ(c.conflicts[0].used_pd, "Dinas Kesehatan");
    EXPECT_EQ(c.conflicts[0].other_pd, "BPBD");
    EXPECT_DOUBLE_EQ(c.conflicts[0].other_kerusakan, 900);
}

TEST(Consolidate, ItemNamesMatchWhateverTheirCase) {
    Submission s{1, "Dinas Kesehatan", "t", {}, {}};
    ReportedDamage d = reported("01", "kesehatan", "KESEHATAN");
    d.kerugian = 10;
    s.damage.push_back(d);
    const Consolidation c = consolidate(small_run(), {s});
    EXPECT_EQ(c.rows.size(), 3u);  // the estimate's row, not a new one
    EXPECT_DOUBLE_EQ(find(c, "01", "kesehatan", "kesehatan")->kerugian, 10);
}

// Property: whatever the PDs report, the totals per kab/kota, sector and cluster each add up to
// the sum of the rows, and a row's figure is the PD's where given and the estimate's elsewhere.
TEST(Consolidate, TotalsAddUpWhateverIsReported) {
    const RunContext run = small_run();
    for (int pattern = 0; pattern < 64; ++pattern) {
        Submission s{1, "Dinas Kesehatan", "t", {}, {}};
        Submission p{2, "Dinas PUPR", "t", {}, {}};
        const std::pair<const char*, const char*> items[] = {
            {"01", "kesehatan"}, {"02", "kesehatan"}, {"03", "kesehatan"}};
        for (int i = 0; i < 3; ++i) {
            if (!(pattern & (1 << i))) continue;
            ReportedDamage d = reported(items[i].first, items[i].second, items[i].second);
            d.kerusakan = 100.0 * (i + 1) * (pattern + 1);
            s.damage.push_back(d);
        }
        if (pattern & 8) {
            ReportedDamage d = reported("01", "perumahan", "perumahan");
            d.kerusakan = 12345;
            p.damage.push_back(d);
        }
        const Consolidation c = consolidate(run, {s, p});
        double rows = 0, units = 0, sectors = 0, clusters = 0;
        for (const auto& r : c.rows) rows += r.kerusakan;
        for (const auto& t : c.units) units += t.kerusakan;
        for (const auto& t : c.sectors) sectors += t.kerusakan;
        for (const auto& t : c.clusters) clusters += t.kerusakan;
        // The same total worked out directly: estimates, with the reported ones swapped.
        double expected = 0;
        for (const auto& e : run.estimates) expected += e.kerusakan;
        for (int i = 0; i < 3; ++i) {
            if (!(pattern & (1 << i))) continue;
            for (const auto& e : run.estimates)
                if (e.code == items[i].first && e.sub_sector == items[i].second)
                    expected -= e.kerusakan;
            expected += 100.0 * (i + 1) * (pattern + 1);
        }
        if (pattern & 8) expected += 12345 - 8000;
        EXPECT_DOUBLE_EQ(rows, expected) << "pattern " << pattern;
        EXPECT_DOUBLE_EQ(units, expected) << "pattern " << pattern;
        EXPECT_DOUBLE_EQ(sectors, expected) << "pattern " << pattern;
        EXPECT_DOUBLE_EQ(clusters, expected) << "pattern " << pattern;
    }
}

}  // namespace
}  // namespace jitupasna::forms
