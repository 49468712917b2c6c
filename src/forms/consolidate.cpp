#include "jitupasna/forms/consolidate.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace jitupasna::forms {

namespace {

// An item: kab/kota, sub-sector and the item's name, case ignored (the key of a recap row).
using ItemKey = std::tuple<std::string, std::string, std::string>;

ItemKey item_key(const std::string& code, const std::string& sub_sector,
                 const std::string& uraian) {
    return {code, sub_sector, item_match_key(uraian)};
}

Totals totals(const std::string& key, const std::string& name) {
    Totals t;
    t.key = key;
    t.name = name;
    return t;
}

struct Candidate {
    const Submission* submission;
    const ReportedDamage* row;
    bool lead;
};

bool same_figures(const ReportedDamage& a, const ReportedDamage& b) {
    return a.rb == b.rb && a.rs == b.rs && a.rr == b.rr && a.kerusakan == b.kerusakan &&
           a.kerugian == b.kerugian;
}

// Puts the PD's figures in place of the estimate's, figure by figure.
void apply(const Candidate& chosen, ConsolidatedRow& row) {
    const ReportedDamage& d = *chosen.row;
    std::string keys;
    const std::pair<const char*, std::pair<const std::optional<double>*, double*>> figures[] = {
        {"rb", {&d.rb, &row.rb}},
        {"rs", {&d.rs, &row.rs}},
        {"rr", {&d.rr, &row.rr}},
        {"kerusakan_rp", {&d.kerusakan, &row.kerusakan}},
        {"kerugian_rp", {&d.kerugian, &row.kerugian}}};
    for (const auto& [key, slot] : figures) {
        if (!*slot.first) continue;
        *slot.second = **slot.first;
        keys += (keys.empty() ? "" : "; ") + std::string(key);
    }
    if (keys.empty()) return;  // a note or a unit price only: the estimate stands
    row.source = kSourcePd;
    row.pd = chosen.submission->pd;
    row.date = chosen.submission->imported_at;
    row.submission = chosen.submission->id;
    row.pd_keys = keys;
}

}  // namespace

Consolidation consolidate(const RunContext& context, const std::vector<Submission>& active) {
    Consolidation result;
    std::map<ItemKey, std::size_t> index;
    auto place = [&](const ConsolidatedRow& row) {
        index.emplace(item_key(row.code, row.sub_sector, row.uraian), result.rows.size());
        result.rows.push_back(row);
    };
    auto describe = [&](ConsolidatedRow& row) {
        if (const SchemeRow* s = context.sub_sector(row.sub_sector)) {
            row.sector = s->sector;
            row.cluster = s->cluster;
        }
        if (const KabKota* unit = context.unit(row.code)) row.name = unit->name;
    };
    for (const auto& e : context.estimates) {
        ConsolidatedRow row;
        row.code = e.code;
        row.sub_sector = e.sub_sector;
        row.uraian = e.sub_sector;  // the model's item is the sub-sector as a whole
        row.satuan = e.satuan;
        row.rb = row.est_rb = e.rb;
        row.rs = row.est_rs = e.rs;
        row.rr = row.est_rr = e.rr;
        row.kerusakan = row.est_kerusakan = e.kerusakan;
        row.kerugian = row.est_kerugian = e.kerugian;
        row.estimated = true;
        row.source = kSourceModel;
        describe(row);
        row.name = e.name;
        place(row);
    }

    std::map<ItemKey, std::vector<Candidate>> reported;
    for (const auto& s : active) {
        for (const auto& d : s.damage) {
            if (!d.has_figure()) continue;
            const SchemeRow* scheme = context.sub_sector(d.sub_sector);
            reported[item_key(d.code, d.sub_sector, d.uraian)].push_back(
                {&s, &d, scheme && scheme->lead == s.pd});
        }
    }
    for (auto& [key, candidates] : reported) {
        // The lead PD's figures are used; among supporters, the latest submission's.
        const auto chosen = std::max_element(candidates.begin(), candidates.end(),
                                             [](const Candidate& a, const Candidate& b) {
                                                 if (a.lead != b.lead) return b.lead;
                                                 return a.submission->id < b.submission->id;
                                             });
        for (const auto& other : candidates)
            if (&other != &*chosen && !same_figures(*other.row, *chosen->row))
                result.conflicts.push_back(
                    {chosen->row->code, chosen->row->sub_sector, chosen->row->uraian,
                     chosen->submission->pd, other.submission->pd,
                     chosen->row->kerusakan.value_or(0), other.row->kerusakan.value_or(0)});
        auto found = index.find(key);
        if (found == index.end()) {
            ConsolidatedRow row;
            row.code = chosen->row->code;
            row.sub_sector = chosen->row->sub_sector;
            row.uraian = chosen->row->uraian;
            row.satuan = chosen->row->satuan;
            row.source = kSourceModel;
            describe(row);
            place(row);
            found = index.find(key);
        }
        apply(*chosen, result.rows[found->second]);
    }
    // Kab/kota in code order; sub-sectors in the scheme's order; items by name.
    auto scheme_order = [&](const std::string& sub_sector) {
        for (std::size_t i = 0; i < context.scheme.size(); ++i)
            if (context.scheme[i].sub_sector == sub_sector) return i;
        return context.scheme.size();
    };
    std::stable_sort(result.rows.begin(), result.rows.end(), [&](const auto& a, const auto& b) {
        const auto sa = scheme_order(a.sub_sector), sb = scheme_order(b.sub_sector);
        return std::tie(a.code, sa, a.estimated, a.uraian) <
               std::tie(b.code, sb, b.estimated, b.uraian);
    });

    // Totals. Every kab/kota of the run gets a line, damaged or not.
    std::map<std::string, std::size_t> unit_index, sector_index, cluster_index;
    for (const auto& u : context.units) {
        unit_index.emplace(u.code, result.units.size());
        result.units.push_back(totals(u.code, u.name));
    }
    for (const auto& s : context.scheme) {
        if (sector_index.emplace(s.sector, result.sectors.size()).second)
            result.sectors.push_back(totals(s.sector, s.sector));
        if (cluster_index.emplace(s.cluster, result.clusters.size()).second)
            result.clusters.push_back(totals(s.cluster, s.lead));
    }
    auto add = [](Totals& t, const ConsolidatedRow& row) {
        t.kerusakan += row.kerusakan;
        t.kerugian += row.kerugian;
        t.est_kerusakan += row.est_kerusakan;
        t.est_kerugian += row.est_kerugian;
        const bool by_pd = row.source == kSourcePd;
        t.pd_rows += by_pd ? 1 : 0;
        t.model_rows += row.estimated ? 1 : 0;
        t.model_rows_reported += row.estimated && by_pd ? 1 : 0;
    };
    for (const auto& row : result.rows) {
        if (const auto u = unit_index.find(row.code); u != unit_index.end())
            add(result.units[u->second], row);
        if (const auto s = sector_index.find(row.sector); s != sector_index.end())
            add(result.sectors[s->second], row);
        if (const auto c = cluster_index.find(row.cluster); c != cluster_index.end())
            add(result.clusters[c->second], row);
    }
    for (const auto& s : active)
        for (const auto& n : s.needs)
            if (const auto u = unit_index.find(n.code); u != unit_index.end())
                result.units[u->second].kebutuhan_pd += n.jumlah.value_or(0);
    for (auto& u : result.units)
        u.sumber_data = u.pd_rows == 0                          ? kSumberEstimasi
                        : u.model_rows_reported == u.model_rows ? kSumberPd
                                                                : kSumberSebagian;
    return result;
}

}  // namespace jitupasna::forms
