#include "jitupasna/core/recap.hpp"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <tuple>

#include "jitupasna/core/output_schema.hpp"

namespace jitupasna::core {

namespace {

constexpr auto kBerat = static_cast<std::size_t>(DamageCategory::berat);
constexpr auto kSedang = static_cast<std::size_t>(DamageCategory::sedang);
constexpr auto kRingan = static_cast<std::size_t>(DamageCategory::ringan);

using RowKey = std::tuple<std::string, std::string, std::string>;  // sector, sub-sector, satuan

bool is_housing(const SectorOf& s) { return s.sub_sector == "perumahan"; }
bool is_facility(const SectorOf& s) {
    return s.sub_sector == "kesehatan" || s.sub_sector == "pendidikan";
}

SectorRecap& sector_row(std::map<RowKey, SectorRecap>& rows, const SectorOf& sector,
                        std::string_view satuan, const DamageModel& model) {
    auto [it, inserted] =
        rows.try_emplace(RowKey{sector.sector, sector.sub_sector, std::string(satuan)});
    if (inserted) {
        it->second.sector = sector;
        it->second.cluster = model.cluster_of(sector.sub_sector);
        it->second.satuan = std::string(satuan);
    }
    return it->second;
}

}  // namespace

SectorOf resolve_sector(const ExposureConfig& exposure, const std::string& asset_type,
                        const DamageModel& model) {
    if (auto it = exposure.sector_of_type.find(asset_type); it != exposure.sector_of_type.end())
        return it->second;
    if (auto it = model.sectors.find(asset_type); it != model.sectors.end()) return it->second;
    switch (exposure.kind) {
        case ExposureKind::road:
            return {"infrastruktur", "transportasi"};
        case ExposureKind::area:
            return {"ekonomi_produktif", "pertanian"};
        case ExposureKind::population:
            return {"sosial", "lembaga_sosial"};
        default:
            return {"lintas_sektor", "lainnya"};
    }
}

bool SectorRecap::has_damage() const {
    for (std::size_t c = 1; c < kCategoryCount; ++c)
        if (damaged[c] > 0) return true;
    return kerusakan > 0 || kerugian() > 0;
}

double AdminRecap::kerusakan() const {
    return std::accumulate(sectors.begin(), sectors.end(), 0.0,
                           [](double sum, const SectorRecap& s) { return sum + s.kerusakan; });
}
double AdminRecap::kerugian() const {
    return std::accumulate(sectors.begin(), sectors.end(), 0.0,
                           [](double sum, const SectorRecap& s) { return sum + s.kerugian(); });
}
double AdminRecap::kebutuhan() const {
    return std::accumulate(sectors.begin(), sectors.end(), 0.0,
                           [](double sum, const SectorRecap& s) { return sum + s.kebutuhan(); });
}

std::vector<AdminRecap> build_recap(const std::vector<ExposureRecapInput>& exposures,
                                    std::size_t admin_units, const HazardClassifier& classifier,
                                    const DamageModel& model) {
    std::vector<AdminRecap> recaps(admin_units);
    bool any_population = false, any_houses = false;
    for (const auto& e : exposures)
        if (e.kind == ExposureKind::population) any_population = true;
    for (std::size_t a = 0; a < admin_units; ++a) {
        AdminRecap& r = recaps[a];
        std::map<RowKey, SectorRecap> rows;
        for (const auto& e : exposures) {
            const ImpactSummary& summary = *e.summary;
            // People affected as every exposure counts them (affected_share).
            if (e.kind == ExposureKind::population) r.affected += summary.affected(a).population;
            // Roads in km and areas in ha of damaged length or area; the rest in units.
            const schema::Measure measure = schema::headline_measure(e.kind);
            const bool by_measure =
                measure == schema::Measure::km || measure == schema::Measure::ha;
            const std::string_view satuan = schema::satuan(measure);
            for (std::size_t t = 0; t < summary.asset_types(); ++t) {
                const SectorOf& sector = e.sector_of_type[t];
                for (std::size_t c = 0; c < summary.hazard_classes(); ++c) {
                    const Measures& m = summary.measures(a, t, c);
                    if (e.kind == ExposureKind::population) {
                        r.population += m.population;
                        if (c < classifier.class_count()) {
                            r.displaced += m.population *
                                           model.people.displacement_rate(c, classifier.labels()[c],
                                                                          classifier.class_count());
                        }
                        r.fatalities += m.fatalities;
                        continue;
                    }
                    // All houses count in the share rusak berat, estimated or not.
                    // Houses are counted structures (roads of a housing estate are not houses).
                    if (is_housing(sector) && !by_measure) {
                        r.houses += m.count;
                        if (e.has_vulnerability) {
                            r.houses_rb += m.damaged[kBerat];
                            // Damage where the hazard reaches a class: the tail of a
                            // fragility curve below the lowest class (MMI 4 far from the
                            // epicentre) does not make a unit terdampak.
                            if (c < classifier.class_count() || classifier.class_count() == 0)
                                r.houses_damaged +=
                                    m.damaged[kBerat] + m.damaged[kSedang] + m.damaged[kRingan];
                            any_houses = true;
                        }
                    }

                    if (!e.has_vulnerability) continue;
                    SectorRecap& row = sector_row(rows, sector, satuan, model);
                    for (std::size_t k = 0; k < kCategoryCount; ++k)
                        row.damaged[k] +=
                            by_measure ? m.damaged_measure[k] / schema::raw_per_satuan(measure)
                                       : m.damaged[k];
                    row.kerusakan += std::accumulate(m.kerusakan.begin(), m.kerusakan.end(), 0.0);

                    if (is_facility(sector))
                        r.facilities_damaged += m.damaged[kBerat] + m.damaged[kSedang];
                    if (auto li = model.losses.lost_income.find(e.type_labels[t]);
                        li != model.losses.lost_income.end()) {
                        double damaged_units = 0;  // every category but tidak_rusak
                        for (std::size_t k = 1; k < kCategoryCount; ++k)
                            damaged_units += m.damaged[k];

                        row.lost_income +=
                            damaged_units * li->second.per_unit_per_day * li->second.days;
                    }
                }
            }
        }
        for (auto& [key, row] : rows) {
            if (is_housing(row.sector)) {
                double households = 0;
                for (DamageCategory category : model.losses.displacing)
                    households += row.damaged[static_cast<std::size_t>(category)] *
                                  model.losses.households_per_house;
                r.displaced_households += households;
                row.dana_tunggu_hunian = households * model.losses.allowance_per_household_month *
                                         model.losses.allowance_months;
            }
            row.debris = row.kerusakan * model.losses.debris_share;
            row.kebutuhan_pembangunan = row.kerusakan * model.needs.build_back_better;
            row.kebutuhan_bantuan = row.dana_tunggu_hunian;
            row.kebutuhan_pemulihan =
                (row.debris + row.lost_income) * model.needs.function_recovery;
            r.sectors.push_back(row);
        }
    }
    // Without a population layer, the displaced are the families of displacing houses.
    const AffectedThreshold& threshold = model.terdampak;
    for (auto& r : recaps) {
        // Houses and people where the run has them; without houses, damage to any asset (a run
        // of schools and clinics must not report every unit as unaffected).
        const bool damaged = std::any_of(r.sectors.begin(), r.sectors.end(),
                                         [](const SectorRecap& s) { return s.has_damage(); });
        r.terdampak = (any_houses && r.houses_damaged >= threshold.min_houses_damaged) ||
                      (any_population && r.affected >= threshold.min_people_exposed) ||
                      (!any_houses && damaged);
        if (!any_population) {
            r.displaced = r.displaced_households * model.people.household_size;
            r.displaced_from_houses = true;
        }
        for (const auto& need : model.minimum_needs)
            r.minimum_needs.push_back(r.displaced * need.per_person);
        r.components.houses_rb_share = r.houses > 0 ? r.houses_rb / r.houses : 0;
        r.components.damage_per_capita = r.population > 0 ? r.kerusakan() / r.population : 0;
        r.components.displaced = r.displaced;
        r.components.facilities_damaged = r.facilities_damaged;
    }
    // Priority: each component scaled to 0..1 by its largest value, weighted, summed; rank 1
    // is the highest score (ties: layer order).
    auto weight = [&](const char* name) {
        auto it = model.priority_weights.find(name);
        return it == model.priority_weights.end() ? 0.0 : it->second;
    };
    const std::vector<std::pair<double PriorityComponents::*, const char*>> parts = {
        {&PriorityComponents::houses_rb_share, "houses_rb_share"},
        {&PriorityComponents::damage_per_capita, "damage_per_capita"},
        {&PriorityComponents::displaced, "displaced"},
        {&PriorityComponents::facilities_damaged, "facilities_damaged"}};
    for (const auto& [member, name] : parts) {
        double largest = 0;
        for (const auto& r : recaps) largest = std::max(largest, r.components.*member);
        if (largest <= 0) continue;
        for (auto& r : recaps) r.priority_score += weight(name) * (r.components.*member / largest);
    }
    std::vector<std::size_t> order(recaps.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return recaps[x].priority_score > recaps[y].priority_score;
    });
    for (std::size_t i = 0; i < order.size(); ++i)
        recaps[order[i]].priority_rank = static_cast<int>(i + 1);
    return recaps;
}

}  // namespace jitupasna::core
