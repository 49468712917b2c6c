#include "jitupasna/pipeline/run.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>

#include "admin_model.hpp"
#include "exposure.hpp"
#include "hazard_layer.hpp"
#include "inputs.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/core/utc_time.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/gpkg_reader.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/io/vector_source.hpp"
#include "jitupasna/version.hpp"
#include "summary_layers.hpp"

namespace jitupasna::pipeline {

namespace fs = std::filesystem;
namespace schema = core::schema;

namespace {

// A new run's identity: a UUID v4 from the system's entropy source, so two runs of the same
// scenario, even in the same second, never share one.
std::string new_run_id() {
    std::random_device entropy;
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
        const auto word = static_cast<std::uint32_t>(entropy());
        for (std::size_t b = 0; b < 4; ++b)
            bytes[i + b] = static_cast<std::uint8_t>(word >> (8 * b));
    }
    return schema::uuid_v4(bytes);
}

std::string resolve_output(const RunOptions& options, const core::Scenario& scenario) {
    if (options.output) return *options.output;
    if (scenario.output) return *scenario.output;
    throw ConfigError(
        fmt::format("{}: no output: give -o OUT.gpkg or `output:` in the scenario", scenario.file));
}

// The facts readers need (output_schema), recorded in run_info.
schema::OutputFacts output_facts(const core::Scenario& scenario, const AdminModel& admin,
                                 bool recap) {
    schema::OutputFacts facts;
    facts.main_level = admin.main.name;
    if (admin.sub) facts.sublevel = admin.sub->name;
    for (const auto& c : scenario.hazard.classes) facts.class_labels.push_back(c.name);
    for (const auto& e : scenario.exposures) facts.exposures.push_back(exposure_facts(e));
    facts.recap = recap;
    if (recap) facts.terdampak = scenario.damage.terdampak;
    return facts;
}

// The line the run command prints for an exposure: its headline measure per hazard class,
// over every admin unit and outside them.
ExposureSummaryLine summary_line(const ExposureResult& result,
                                 const core::HazardClassifier& classifier) {
    const core::ExposureKind kind = result.config.kind;
    ExposureSummaryLine line;
    line.name = result.config.name;
    line.features = result.features;
    line.outside = result.outside;
    const core::ImpactSummary& summary = result.summary;
    for (std::size_t c = 0; c < classifier.labels().size(); ++c) {
        core::Measures sum;
        for (std::size_t a = 0; a <= summary.admin_units(); ++a)
            sum += summary.by_class(a < summary.admin_units() ? std::optional(a) : std::nullopt, c);
        const double shown = kind == core::ExposureKind::road   ? sum.length_m
                             : kind == core::ExposureKind::area ? sum.area_m2
                                                                : sum.count;
        line.by_class.emplace_back(classifier.labels()[c], shown);
    }
    line.unit = kind == core::ExposureKind::road   ? "m"
                : kind == core::ExposureKind::area ? "m2"
                                                   : "";
    return line;
}

}  // namespace

struct ScenarioRun::State {
    RunOptions options;
    std::string started_at = core::utc_now_iso();
    std::string run_id = new_run_id();
    core::Scenario scenario;
    std::string output;
    io::AtomicOutput atomic_output;
    std::unique_ptr<io::GpkgWriter> writer;

    State(RunOptions options_, core::Scenario scenario_, std::string output_)
        : options(std::move(options_)),
          scenario(std::move(scenario_)),
          output(std::move(output_)),
          atomic_output(output, options.overwrite) {}
};

std::vector<io::NamedInput> scenario_inputs(const core::Scenario& scenario,
                                            const std::string& scenario_path) {
    std::vector<io::NamedInput> inputs = {{scenario_path, "the scenario file"}};
    if (!scenario.defaults_file.empty())
        inputs.push_back({scenario.defaults_file, "the damage model's defaults file"});
    inputs.push_back({scenario.admin.input.path, "the scenario's admin input (admin.source)"});
    if (scenario.admin.sublevel)
        inputs.push_back({scenario.admin.sublevel->input.path,
                          "the scenario's admin sublevel input (admin.sublevel.source)"});
    inputs.push_back({scenario.hazard.input.path, "the scenario's hazard input (hazard.source)"});
    for (std::size_t i = 0; i < scenario.exposures.size(); ++i) {
        const auto& exposure = scenario.exposures[i];
        inputs.push_back(
            {exposure.input.path,
             fmt::format("exposure {}'s input (exposures[{}].source)", exposure.name, i)});
        if (exposure.join)
            inputs.push_back({exposure.join->input.path,
                              fmt::format("exposure {}'s joined table (exposures[{}].join.source)",
                                          exposure.name, i)});
    }
    return inputs;
}

namespace {

std::string html_beside(const std::string& gpkg) {
    return fs::path(gpkg).replace_extension(".html").string();
}

// Everything about the outputs that can be refused is refused here, before any work: a path
// that cannot be a file, an output that is an input (even with --overwrite: it would destroy
// the input), a report that would replace the GeoPackage, and an existing report without
// --overwrite (the existing GeoPackage is refused by AtomicOutput).
void check_outputs(const RunOptions& options, const core::Scenario& scenario,
                   const std::string& output) {
    const char* option = options.output ? "-o" : "`output:`";
    io::check_output_path(output, option);
    const auto inputs = scenario_inputs(scenario, options.scenario_path);
    io::refuse_output_over_inputs(output, inputs, option);
    // The forms the PDs returned are in no other file: --overwrite must not discard them.
    if (const auto forms = io::table_row_count(output, schema::kSubmissionsTable);
        options.overwrite && forms && *forms > 0)
        throw ConfigError(fmt::format(
            "output {} holds {} form(s) the Perangkat Daerah returned (table {}); --overwrite "
            "would discard them. Write the new run to another file ({} NEW.gpkg) and send its "
            "forms",
            output, *forms, schema::kSubmissionsTable, option));
    if (!options.report) return;
    const std::string html = html_beside(output);
    io::check_output_path(html, option, "hasil.html");
    if (fs::path(html).lexically_normal() == fs::path(output).lexically_normal())
        throw ConfigError(fmt::format(
            "output {} ends in .html: its report (the output with .html) would replace it; "
            "name the GeoPackage .gpkg",
            output));
    io::refuse_output_over_inputs(html, inputs, option, "report");
    std::error_code ec;
    if (!options.overwrite && fs::exists(html, ec))
        throw ConfigError(fmt::format(
            "report {} already exists; use --overwrite to replace it, or --no-report", html));
}

}  // namespace

ScenarioRun::ScenarioRun(RunOptions options) {
    // Refuse a bad or existing output before reading anything large.
    core::Scenario scenario = core::load_scenario(options.scenario_path, defaults_file());
    std::string output = resolve_output(options, scenario);
    check_outputs(options, scenario, output);
    state_ = std::make_unique<State>(std::move(options), std::move(scenario), std::move(output));
}

std::string ScenarioRun::report_path() const { return html_beside(state_->output); }

ScenarioRun::~ScenarioRun() = default;

const std::string& ScenarioRun::output() const { return state_->output; }

io::GpkgWriter& ScenarioRun::writer() {
    if (!state_->writer) throw std::logic_error("ScenarioRun::writer() before compute()");
    return *state_->writer;
}

void ScenarioRun::commit() {
    writer().close();
    // Ctrl-C after the last feature but before the rename still means "stop": nothing lands.
    core::throw_if_interrupted();
    state_->atomic_output.commit();
}

RunResult ScenarioRun::compute() {
    const RunOptions& options = state_->options;
    const unsigned threads = options.threads > 0
                                 ? options.threads
                                 : static_cast<unsigned>(tbb::info::default_concurrency());
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);

    OpenedInputs in = open_inputs(state_->scenario);
    const core::Scenario& scenario = in.scenario;
    const OGRSpatialReference& admin_crs = in.admin->crs();
    const AdminModel& admin = in.admin_model;
    RunResult result;
    result.output = state_->output;
    result.warnings = in.warnings;

    InfoRows info{
        {"tool", "jitupasna"},
        {"tool_version", kVersion},
        {schema::info_key::kRunId, state_->run_id},
        {"gdal_version", GDALVersionInfo("RELEASE_NAME")},
        {"geos_version", GEOSversion()},
        {"scenario_file", fs::absolute(options.scenario_path).lexically_normal().string()},
        {"scenario_name", scenario.name},
        {"hazard_type", scenario.hazard_type},
        {"scenario_text", scenario.text},
        {"input.admin.path", scenario.admin.input.path},
        {"input.admin.layer", in.admin->layer().GetName()},
        {"input.admin.crs", io::describe_crs(admin_crs)},
        {"input.admin.features", std::to_string(admin.main.features)},
        {"input.admin.repaired_geometries", std::to_string(admin.main.repaired)}};
    if (admin.sub) {
        info.emplace_back("input.admin.sublevel", admin.sub->name);
        info.emplace_back("input.admin.sublevel.path", scenario.admin.sublevel->input.path);
        info.emplace_back("input.admin.sublevel.layer", in.admin_sub->layer().GetName());
        info.emplace_back("input.admin.sublevel.crs", io::describe_crs(in.admin_sub->crs()));
        info.emplace_back("input.admin.sublevel.features", std::to_string(admin.sub->features));
        info.emplace_back("input.admin.sublevel.repaired_geometries",
                          std::to_string(admin.sub->repaired));
    }
    for (const auto& [key, value] : in.hazard->describe())
        info.emplace_back("input.hazard." + key, value);
    if (!scenario.hazard.unit.empty()) info.emplace_back("input.hazard.unit", scenario.hazard.unit);

    state_->writer =
        std::make_unique<io::GpkgWriter>(state_->atomic_output.temp_path(), state_->output);
    io::GpkgWriter& writer = *state_->writer;
    const RunContext run{
        admin,   *in.hazard,         *in.classifier, admin_crs,       writer,
        threads, options.batch_size, options.quiet,  scenario.damage, in.hazard->realizations()};
    std::vector<ExposureResult> results;
    for (std::size_t i = 0; i < scenario.exposures.size(); ++i) {
        const auto& config = scenario.exposures[i];
        const std::string key = "input.exposure." + config.name;
        ExposureResult exposure = in.exposures[i]
                                      ? run_vector_exposure(config, *in.exposures[i], run)
                                      : run_population_raster(config, run);
        info.emplace_back(key + ".path", config.input.path);
        if (in.exposures[i]) {
            info.emplace_back(key + ".layer", in.exposures[i]->layer().GetName());
            info.emplace_back(key + ".crs", io::describe_crs(in.exposures[i]->crs()));
        }
        info.emplace_back(key + ".features", std::to_string(exposure.features));
        if (config.join) {
            // The joined table is an input too: the counts come from it.
            info.emplace_back(key + ".join.path", config.join->input.path);
            if (config.join->input.layer)
                info.emplace_back(key + ".join.layer", *config.join->input.layer);
            info.emplace_back(key + ".join.key", config.join->key);
            info.emplace_back(key + ".join.field", config.join->field);
        }
        for (const auto& [k, v] : exposure.info) info.emplace_back(key + "." + k, v);
        for (const auto& w : exposure.warnings) result.warnings.push_back(w);
        if (exposure.outside > 0)
            result.warnings.push_back(fmt::format(
                "exposure '{}': {} of {} {} lie wholly or partly outside every admin unit "
                "(admin_code NULL)",
                config.name, exposure.outside, exposure.features,
                in.exposures[i] ? "features" : "populated cells"));
        result.summary_lines.push_back(summary_line(exposure, *in.classifier));
        results.push_back(std::move(exposure));
    }

    // Results are at the finest level; the main level is their roll-up.
    LevelView main_view{admin.main, {}};
    for (const auto& r : results)
        main_view.summaries.push_back(
            admin.sub ? core::roll_up(r.summary, admin.parent_of, admin.main.units.size())
                      : r.summary);
    // The Jitupasna recap (sectors, clusters, people, priority) when there is something to
    // recap: a vulnerability or a population.
    const bool recap_wanted = std::any_of(results.begin(), results.end(), [](const auto& r) {
        return r.config.has_vulnerability() || r.config.kind == core::ExposureKind::population;
    });
    auto write_level = [&](const LevelView& view, const std::string& sublevel) {
        std::vector<core::AdminRecap> recaps;
        if (recap_wanted)
            recaps = core::build_recap(recap_inputs(view, results, scenario.damage),
                                       view.level.units.size(), *in.classifier, scenario.damage);
        write_impact_summary(writer, schema::at_level(schema::kImpactSummary, sublevel), view,
                             results, *in.classifier);
        write_admin_summary(writer, schema::at_level(schema::kAdminSummary, sublevel), view,
                            admin_crs, results, *in.classifier, recaps);
        if (recap_wanted) {
            write_sector_table(writer, schema::at_level(schema::kSectorTable, sublevel), view,
                               recaps);
            write_cluster_table(writer, schema::at_level(schema::kClusterTable, sublevel), view,
                                recaps, scenario.damage);
            write_population_needs(writer, schema::at_level(schema::kPopulationNeeds, sublevel),
                                   view, recaps, scenario.damage);
        }
    };
    write_level(main_view, "");
    if (admin.sub) {
        LevelView sub_view{*admin.sub, {}, &admin.main, &admin.parent_of};
        for (const auto& r : results) sub_view.summaries.push_back(r.summary);
        write_level(sub_view, admin.sub->name);
    }
    if (recap_wanted) {
        info.emplace_back("damage.defaults_file", scenario.defaults_file);
        // The report reads its assumptions from here, not from a path that may have moved.
        info.emplace_back("damage.defaults_text", scenario.defaults_text);
        info.emplace_back("damage.cluster_scheme", scenario.damage.cluster_scheme);
        if (!scenario.damage.clusters.empty()) write_scheme_table(writer, scenario.damage);
    }

    for (const auto& fact : schema::to_run_info(output_facts(scenario, admin, recap_wanted)))
        info.push_back(fact);
    for (const auto& warning : io::gdal_warnings()) result.warnings.push_back("GDAL: " + warning);
    info.emplace_back("threads", std::to_string(threads));
    info.emplace_back("started_at", state_->started_at);
    info.emplace_back("finished_at", core::utc_now_iso());
    info.emplace_back("warnings", std::to_string(result.warnings.size()));
    for (std::size_t i = 0; i < result.warnings.size(); ++i)
        info.emplace_back(fmt::format("warning.{}", i + 1), result.warnings[i]);
    write_run_info(writer, info);

    result.run_info = info;
    return result;
}

}  // namespace jitupasna::pipeline
