#include "data.hpp"

#include <fmt/format.h>

#include "jitupasna/core/errors.hpp"

namespace jitupasna::publish::report {

namespace schema = core::schema;

std::string ReportData::info(std::string_view key) const {
    for (const auto& [k, v] : run_info)
        if (k == key) return v;
    return "";
}

namespace {

Level read_level(const GpkgReader& reader, const std::string& name, const std::string& sublevel) {
    Level level;
    level.name = name;
    const std::string admin_name = schema::at_level(schema::kAdminSummary, sublevel);
    auto admin = reader.read(admin_name, WithGeometry::yes);
    if (!admin)
        throw DataError(
            fmt::format("{}: no {} layer; is it a jitupasna output?", reader.path(), admin_name));
    for (const char* required : {schema::column::kAdminCode, schema::column::kAdminName})
        admin->require(required);
    level.admin = std::move(*admin);
    level.sector = reader.read(schema::at_level(schema::kSectorTable, sublevel));
    level.cluster = reader.read(schema::at_level(schema::kClusterTable, sublevel));
    level.needs = reader.read(schema::at_level(schema::kPopulationNeeds, sublevel));
    return level;
}

}  // namespace

ReportData read_report_data(const std::string& gpkg) {
    const GpkgReader reader(gpkg);
    ReportData data;
    data.gpkg = gpkg;
    data.run_info = reader.run_info();
    data.facts = reader.facts();
    const schema::OutputFacts& facts = data.facts;
    data.main = read_level(reader, facts.main_level, "");
    if (facts.sublevel &&
        reader.has_table(schema::at_level(schema::kAdminSummary, *facts.sublevel)))
        data.sub = read_level(reader, *facts.sublevel, *facts.sublevel);
    data.exposures = facts.exposures;
    if (data.exposures.empty())
        throw DataError(
            fmt::format("{}: run_info records no exposure; is it a jitupasna output?", gpkg));
    // Every exposure's columns are where the facts say.
    for (const auto& e : data.exposures) {
        data.main.admin.require(e.affected_column());
        data.main.admin.require(e.total_column());
    }
    data.class_labels = facts.all_class_labels();
    data.recap = facts.recap;
    data.scheme = reader.read(schema::kSchemeTable);
    data.submissions = reader.read(schema::kSubmissionsTable);
    if (data.submissions) {
        data.consolidated = reader.read(schema::kConsolidatedTable);
        data.consolidated_units = reader.read(schema::kConsolidatedUnits);
    }
    return data;
}

}  // namespace jitupasna::publish::report
