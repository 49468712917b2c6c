#include "jitupasna/forms/run_context.hpp"

#include <fmt/format.h>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/glossary.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/core/vulnerability.hpp"
#include "jitupasna/io/gpkg_reader.hpp"

namespace jitupasna::forms {

namespace {

namespace schema = core::schema;
namespace col = core::schema::column;

std::vector<SchemeRow> read_scheme(const io::GpkgReader& reader) {
    const auto table = reader.read(schema::kSchemeTable);
    if (!table)
        throw ConfigError(fmt::format(
            "{}: no table {} (the cluster scheme): run `jitupasna run` with a damage model "
            "(an exposure with a vulnerability) and this jitupasna, then make the forms",
            reader.path(), schema::kSchemeTable));
    for (const char* c :
         {col::kSubSektor, col::kSektor, col::kKlaster, col::kPengampu, col::kPendukung})
        table->require(c);
    std::vector<SchemeRow> rows;
    for (std::size_t r = 0; r < table->rows.size(); ++r)
        rows.push_back({table->text(r, col::kSubSektor), table->text(r, col::kSektor),
                        table->text(r, col::kKlaster), table->text(r, col::kPengampu),
                        schema::split_names(table->text(r, col::kPendukung))});
    return rows;
}

std::vector<PdDuty> duties(const std::vector<SchemeRow>& scheme) {
    std::vector<PdDuty> pds;
    auto duty = [&](const std::string& pd) -> PdDuty& {
        for (auto& d : pds)
            if (d.pd == pd) return d;
        pds.push_back({pd, {}, {}});
        return pds.back();
    };
    for (const auto& row : scheme) {
        if (!row.lead.empty()) duty(row.lead).leads.push_back(row.sub_sector);
        for (const auto& pd : row.support)
            if (pd != row.lead) duty(pd).supports.push_back(row.sub_sector);
    }
    return pds;
}

// The recap's column of a damage category (rusak_berat, ...), as the pipeline names it.
const char* category_column(core::DamageCategory category) {
    return core::kCategoryNames[static_cast<std::size_t>(category)];
}

std::vector<Estimate> read_estimates(const io::GpkgReader& reader) {
    using core::DamageCategory;
    std::vector<Estimate> estimates;
    const auto table = reader.read(schema::kSectorTable);
    if (!table) return estimates;  // nothing damaged anywhere: empty rows only
    // A missing column must stop the forms, not pre-fill 0 as the model's estimate.
    for (const char* column :
         {col::kAdminCode, col::kAdminName, col::kSubSektor, col::kSatuan,
          category_column(DamageCategory::berat), category_column(DamageCategory::sedang),
          category_column(DamageCategory::ringan), col::kKerusakanRp, col::kKerugianRp})
        table->require(column);
    for (std::size_t r = 0; r < table->rows.size(); ++r)
        estimates.push_back({table->text(r, col::kAdminCode), table->text(r, col::kAdminName),
                             table->text(r, col::kSubSektor), table->text(r, col::kSatuan),
                             table->number(r, category_column(DamageCategory::berat)),
                             table->number(r, category_column(DamageCategory::sedang)),
                             table->number(r, category_column(DamageCategory::ringan)),
                             table->number(r, col::kKerusakanRp),
                             table->number(r, col::kKerugianRp)});
    return estimates;
}

// Every kab/kota of the main level: code and name (the drop-down of kode_wilayah).
std::vector<KabKota> read_units(const io::GpkgReader& reader) {
    std::vector<KabKota> units;
    const auto table = reader.read(schema::kAdminSummary);
    if (!table) return units;
    for (std::size_t r = 0; r < table->rows.size(); ++r)
        units.push_back({table->text(r, col::kAdminCode), table->text(r, col::kAdminName)});
    return units;
}

}  // namespace

const PdDuty* RunContext::pd(const std::string& name) const {
    for (const auto& d : pds)
        if (d.pd == name) return &d;
    return nullptr;
}

const SchemeRow* RunContext::sub_sector(const std::string& name) const {
    for (const auto& row : scheme)
        if (row.sub_sector == name) return &row;
    return nullptr;
}

const KabKota* RunContext::unit(const std::string& code) const {
    for (const auto& u : units)
        if (u.code == code) return &u;
    return nullptr;
}

std::vector<std::string> sub_sectors_of(const PdDuty& duty) {
    std::vector<std::string> all = duty.leads;
    all.insert(all.end(), duty.supports.begin(), duty.supports.end());
    return all;
}

RunContext read_run_context(const io::GpkgReader& reader) {
    RunContext context;
    context.gpkg = reader.path();
    context.scenario = reader.info("scenario_name").value_or("");
    if (const auto id = reader.info(schema::info_key::kRunId); id && !id->empty()) {
        context.run_id = *id;
    } else {
        // Written before runs had an id: when it started (to the second) and what it ran.
        const auto started = reader.info("started_at");
        if (!started)
            throw DataError(
                fmt::format("{}: run_info has neither {} nor started_at, the run's "
                            "identity",
                            reader.path(), schema::info_key::kRunId));
        context.run_id = *started + (context.scenario.empty() ? "" : " " + context.scenario);
    }
    context.event = core::glossary::hazard_title(reader.info("hazard_type").value_or("")) + " — " +
                    context.scenario;
    context.scheme = read_scheme(reader);
    context.pds = duties(context.scheme);
    if (context.pds.empty())
        throw ConfigError(fmt::format("{}: table {} names no lead or supporting PD", reader.path(),
                                      schema::kSchemeTable));
    context.units = read_units(reader);
    context.estimates = read_estimates(reader);
    return context;
}

}  // namespace jitupasna::forms
