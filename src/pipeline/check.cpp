// `jitupasna check`: the scenario validated and every input opened, without running it.

#include <cpl_string.h>
#include <fmt/format.h>

#include <algorithm>

#include "inputs.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/pipeline/run.hpp"

namespace jitupasna::pipeline {

namespace {

// What `run` would find in the features' attributes (listed types, join keys, numbers), from a
// scan of those fields alone; warnings are returned, errors thrown as in `run`.
// join_summary, when there is a join, is set to what the join matched.
std::vector<std::string> audit_attributes(const core::ExposureConfig& e,
                                          const core::DamageModel& damage, io::VectorSource& source,
                                          std::string& join_summary) {
    const JoinTable join = e.join ? read_join_table(e) : JoinTable{};
    const AttributeReader reader(e, source, e.join ? &join : nullptr, damage);
    if (!reader.audits_something()) return {};
    OGRLayer& layer = source.layer();
    // Read only the fields audited: a scan of a million buildings without their geometry.
    const std::vector<std::string> used = reader.fields();
    CPLStringList ignored;
    ignored.AddString("OGR_GEOMETRY");
    ignored.AddString("OGR_STYLE");
    const OGRFeatureDefn& defn = source.definition();
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const char* name = defn.GetFieldDefn(i)->GetNameRef();
        if (std::find(used.begin(), used.end(), name) == used.end()) ignored.AddString(name);
    }
    layer.SetIgnoredFields(const_cast<const char**>(ignored.List()));
    AttributeAudit audit = reader.total_audit();
    // Features of a type with no function (lainnya, unless the map gives it one or `none`).
    const std::vector<std::string>& labels = reader.types().labels();
    std::vector<long long> unassessed(labels.size(), 0);
    layer.ResetReading();
    std::vector<io::FeaturePtr> batch;
    while (source.read_batch(4096, batch) || !batch.empty()) {
        AttributeAudit part = reader.batch_audit();
        for (const auto& feature : batch) {
            const std::size_t type = reader.asset_type(*feature, part);
            if (e.lacks_function(labels[type])) ++unassessed[type];
            reader.value(*feature, type, part);
            reader.number(*feature, part);
        }
        audit.merge(part);
        batch.clear();
    }
    layer.SetIgnoredFields(nullptr);
    layer.ResetReading();
    join_summary = reader.join_summary(audit);
    std::vector<std::string> findings = reader.findings(audit);
    for (std::size_t t = 0; t < labels.size(); ++t)
        if (unassessed[t] > 0)
            findings.push_back(unassessed_type_warning(e, labels[t], unassessed[t], std::nullopt));
    return findings;
}

}  // namespace

std::vector<std::string> check_scenario(const std::string& scenario_path) {
    OpenedInputs in = open_inputs(core::load_scenario(scenario_path, defaults_file()));
    const core::Scenario& s = in.scenario;
    std::vector<std::string> report;
    report.push_back(
        fmt::format("scenario: {} ({}, version {})", s.name, s.hazard_type, s.version));
    const auto& admin = in.admin_model;
    report.push_back(fmt::format("admin ({}): {}, {} units, {}, code {} name {}", admin.main.name,
                                 in.admin->description(), admin.main.units.size(),
                                 io::describe_crs(in.admin->crs()), s.admin.code_field,
                                 s.admin.name_field));
    if (admin.sub)
        report.push_back(fmt::format("admin sublevel ({}): {}, {} units, {}", admin.sub->name,
                                     admin.sub->description, admin.sub->units.size(),
                                     io::describe_crs(in.admin_sub->crs())));
    report.push_back("hazard: " + in.hazard->summary());
    std::string classes;
    for (const auto& c : s.hazard.classes) {
        std::string range;
        if (!c.values.empty()) {
            for (const auto& v : c.values) range += (range.empty() ? "" : ", ") + v;
            range = "[" + range + "]";
        } else {
            range = fmt::format("({}, {}]", c.min ? fmt::format("{}", *c.min) : "-inf",
                                c.max ? fmt::format("{}", *c.max) : "+inf");
        }
        classes += fmt::format("{}{} {}", classes.empty() ? "" : "; ", c.name, range);
    }
    report.push_back("hazard classes: " + classes);
    for (std::size_t i = 0; i < s.exposures.size(); ++i) {
        const auto& e = s.exposures[i];
        if (!in.exposures[i]) {
            io::RasterSource source(e.input, e.band, "exposure '" + e.name + "'");
            report.push_back(fmt::format("exposure {}: {} (population raster), {} x {} cells, {}",
                                         e.name, source.description(), source.grid().cols,
                                         source.grid().rows, io::describe_crs(source.crs())));
            continue;
        }
        auto& source = *in.exposures[i];
        io::make_transform(source.crs(), in.admin->crs(), source.role() + " to the admin CRS");
        io::make_transform(source.crs(), in.hazard->crs(), source.role() + " to the hazard CRS");
        const long long count = source.feature_count_hint();
        std::string line =
            fmt::format("exposure {}: {} ({}), {}, {} features", e.name, source.description(),
                        core::kind_name(e.kind), io::describe_crs(source.crs()),
                        count >= 0 ? std::to_string(count) : std::string("unknown"));
        if (e.kind == core::ExposureKind::structure)
            line += fmt::format(", sampling {}", core::sampling_name(e.sampling));
        std::string join_summary;
        for (auto& w : audit_attributes(e, s.damage, source, join_summary))
            in.warnings.push_back(std::move(w));
        if (!join_summary.empty()) line += "; join: " + join_summary;
        report.push_back(line);
    }
    for (const auto& w : in.warnings) report.push_back("warning: " + w);
    return report;
}

}  // namespace jitupasna::pipeline
