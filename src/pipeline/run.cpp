#include "jitupasna/pipeline/run.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "admin_model.hpp"
#include "exposure_pipeline.hpp"
#include "hazard_layer.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/io/vector_source.hpp"
#include "jitupasna/version.hpp"
#include "summary_layers.hpp"

namespace jitupasna::pipeline {

namespace fs = std::filesystem;

std::atomic<bool>& interrupt_flag() {
    static std::atomic<bool> flag{false};
    return flag;
}

namespace {

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

// The damage model's defaults: $JITUPASNA_DEFAULTS, else beside an installed binary
// (share/jitupasna), else the source tree's data/defaults.
std::string defaults_file() {
    if (const char* env = std::getenv("JITUPASNA_DEFAULTS")) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed =
            exe.parent_path().parent_path() / "share" / "jitupasna" / "jitupasna_defaults.yaml";
        if (fs::exists(installed)) return installed.string();
    }
    if (fs::exists(JITUPASNA_SOURCE_DEFAULTS)) return JITUPASNA_SOURCE_DEFAULTS;
    return "";
}

// The scenario's inputs, opened and checked: shared by `check` and `run`.
struct OpenedInputs {
    core::Scenario scenario;
    std::unique_ptr<io::VectorSource> admin;
    std::unique_ptr<io::VectorSource> admin_sub;
    std::unique_ptr<core::HazardClassifier> classifier;
    std::vector<std::string> warnings;
    AdminModel admin_model;
    std::unique_ptr<HazardLayer> hazard;
    std::vector<std::unique_ptr<io::VectorSource>> exposures;  // nullptr for rasters
};

bool overlaps(const core::Envelope& a, const core::Envelope& b) {
    return a.xmin <= b.xmax && b.xmin <= a.xmax && a.ymin <= b.ymax && b.ymin <= a.ymax;
}

std::string envelope_text(const core::Envelope& e) {
    return fmt::format("({:.6g}, {:.6g}) - ({:.6g}, {:.6g})", e.xmin, e.ymin, e.xmax, e.ymax);
}

// Inputs that cannot meet are an error (a wrong CRS is the usual cause); a hazard that covers
// only part of the admin area is a warning with the share left uncovered.
void check_extents(OpenedInputs& in) {
    const auto& units = in.admin_model.finest().units;
    core::GeosContext ctx;
    std::optional<core::Envelope> admin;
    std::vector<core::GeomPtr> geometries;
    for (const auto& unit : units) {
        if (unit.wkb.empty()) continue;
        geometries.push_back(core::geom_from_wkb(ctx, unit.wkb));
        const core::Envelope e = core::envelope(ctx, geometries.back().get());
        if (!admin) admin = e;
        admin->xmin = std::min(admin->xmin, e.xmin);
        admin->ymin = std::min(admin->ymin, e.ymin);
        admin->xmax = std::max(admin->xmax, e.xmax);
        admin->ymax = std::max(admin->ymax, e.ymax);
    }
    if (!admin) return;
    const std::string admin_text = envelope_text(*admin);
    for (std::size_t i = 0; i < in.exposures.size(); ++i) {
        io::VectorSource* source = in.exposures[i].get();
        if (!source) continue;
        const auto extent = source->extent();
        if (!extent) continue;
        double xmin = extent->MinX, ymin = extent->MinY, xmax = extent->MaxX, ymax = extent->MaxY;
        const io::TransformPtr ct = io::make_transform(source->crs(), in.admin->crs(),
                                                       source->role() + " to the admin CRS");
        if (ct && !ct->TransformBounds(xmin, ymin, xmax, ymax, &xmin, &ymin, &xmax, &ymax, 21))
            continue;
        const core::Envelope e{xmin, ymin, xmax, ymax};
        if (!overlaps(e, *admin))
            throw DataError(fmt::format(
                "{}: {} lies entirely outside the admin units (its extent {} vs {} in the admin "
                "CRS); check both layers' CRS",
                source->role(), source->description(), envelope_text(e), admin_text));
    }
    const auto hazard = in.hazard->extent_in_admin_crs();
    if (!hazard || !overlaps(*hazard, *admin))
        throw DataError(fmt::format(
            "hazard: its extent {} does not overlap the admin units ({}); check both layers' CRS",
            hazard ? envelope_text(*hazard) : std::string("(empty)"), admin_text));
    if (!in.hazard->extent_is_coverage()) return;
    // Share of the admin area outside the hazard's extent (planar in the admin CRS: a ratio).
    const core::GeomPtr box = core::box_polygon(ctx, *hazard);
    double total = 0, inside = 0;
    for (const auto& g : geometries) {
        const std::optional<double> area = core::area(ctx, g.get());
        if (!area) continue;
        total += *area;
        inside += core::intersection_area(ctx, g.get(), box.get()).value_or(0.0);
    }
    if (total > 0 && inside < total * 0.999)
        in.warnings.push_back(fmt::format(
            "hazard: {:.1f} % of the admin area lies outside the hazard's extent; assets there are "
            "not_exposed",
            100.0 * (1 - inside / total)));
}

OpenedInputs open_inputs(core::Scenario scenario) {
    OpenedInputs in;
    in.scenario = std::move(scenario);
    const auto& s = in.scenario;
    in.admin = std::make_unique<io::VectorSource>(s.admin.input, "admin");
    in.admin->field_index(s.admin.code_field, "admin.code_field");
    in.admin->field_index(s.admin.name_field, "admin.name_field");
    if (s.admin.sublevel)
        in.admin_sub =
            std::make_unique<io::VectorSource>(s.admin.sublevel->input, "admin.sublevel");
    in.classifier = std::make_unique<core::HazardClassifier>(s.hazard.classes);
    // Exposures are opened before the (possibly large) admin and hazard layers are read, so a
    // misspelled field fails fast.
    for (std::size_t i = 0; i < s.exposures.size(); ++i) {
        const auto& e = s.exposures[i];
        const std::string role = fmt::format("exposure '{}'", e.name);
        const std::string key = fmt::format("exposures[{}]", i);
        if (e.is_raster()) {
            io::RasterSource check(e.input, e.band, role);
            in.exposures.push_back(nullptr);
            continue;
        }
        auto source = std::make_unique<io::VectorSource>(e.input, role);
        if (e.type_field) source->field_index(*e.type_field, key + ".type_field");
        if (e.number_field) source->numeric_field_index(*e.number_field, key + ".number_field");
        if (e.join)
            source->field_index(e.join->field, key + ".join.field");
        else if (e.count_field)
            source->numeric_field_index(*e.count_field, key + ".count_field");
        in.exposures.push_back(std::move(source));
    }
    in.admin_model = read_admin_model(*in.admin, s.admin, in.admin_sub.get(), in.warnings);
    in.hazard = open_hazard(s.hazard, *in.classifier, in.admin->crs(), in.warnings);
    check_extents(in);

    return in;
}

std::string resolve_output(const RunOptions& options, const core::Scenario& scenario) {
    if (options.output) return *options.output;
    if (scenario.output) return *scenario.output;
    throw ConfigError(
        fmt::format("{}: no output: give -o OUT.gpkg or `output:` in the scenario", scenario.file));
}

// The facts readers need (output_schema), recorded in run_info.
core::schema::OutputFacts output_facts(const core::Scenario& scenario, const AdminModel& admin,
                                       bool recap) {
    core::schema::OutputFacts facts;
    facts.main_level = admin.main.name;
    if (admin.sub) facts.sublevel = admin.sub->name;
    for (const auto& c : scenario.hazard.classes) facts.class_labels.push_back(c.name);
    for (const auto& e : scenario.exposures)
        facts.exposures.push_back({e.name, e.kind, e.is_raster(), e.has_vulnerability()});
    facts.recap = recap;
    return facts;
}

}  // namespace

struct ScenarioRun::State {
    RunOptions options;
    std::string started_at = utc_now();
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

ScenarioRun::ScenarioRun(RunOptions options) {
    // Refuse an existing output before reading anything large.
    core::Scenario scenario = core::load_scenario(options.scenario_path, defaults_file());
    std::string output = resolve_output(options, scenario);
    state_ = std::make_unique<State>(std::move(options), std::move(scenario), std::move(output));
}

ScenarioRun::~ScenarioRun() = default;

const std::string& ScenarioRun::output() const { return state_->output; }

io::GpkgWriter& ScenarioRun::writer() {
    if (!state_->writer) throw std::logic_error("ScenarioRun::writer() before compute()");
    return *state_->writer;
}

void ScenarioRun::commit() {
    writer().close();
    // Ctrl-C after the last feature but before the rename still means "stop": nothing lands.
    if (interrupt_flag().load()) throw DataError("interrupted");
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
        info.emplace_back("input.admin.sublevel.crs", io::describe_crs(in.admin_sub->crs()));
        info.emplace_back("input.admin.sublevel.features", std::to_string(admin.sub->features));
        info.emplace_back("input.admin.sublevel.repaired_geometries",
                          std::to_string(admin.sub->repaired));
    }
    for (const auto& [key, value] : in.hazard->describe())
        info.emplace_back("input.hazard." + key, value);
    if (!scenario.hazard.unit.empty()) info.emplace_back("input.hazard.unit", scenario.hazard.unit);

    state_->writer = std::make_unique<io::GpkgWriter>(state_->atomic_output.temp_path());
    io::GpkgWriter& writer = *state_->writer;
    const RunContext run{
        admin,   *in.hazard,         *in.classifier, admin_crs,       writer,
        threads, options.batch_size, options.quiet,  scenario.damage, in.hazard->realizations()};
    std::vector<ExposureResult> results;
    for (std::size_t i = 0; i < scenario.exposures.size(); ++i) {
        const auto& config = scenario.exposures[i];
        const std::string key = "input.exposure." + config.name;
        ExposureOutcome outcome = in.exposures[i]
                                      ? run_vector_exposure(config, *in.exposures[i], run)
                                      : run_population_raster(config, run);
        info.emplace_back(key + ".path", config.input.path);
        if (in.exposures[i]) {
            info.emplace_back(key + ".layer", in.exposures[i]->layer().GetName());
            info.emplace_back(key + ".crs", io::describe_crs(in.exposures[i]->crs()));
        }
        info.emplace_back(key + ".features", std::to_string(outcome.features));
        for (const auto& [k, v] : outcome.info) info.emplace_back(key + "." + k, v);
        for (const auto& w : outcome.warnings) result.warnings.push_back(w);
        if (outcome.outside > 0)
            result.warnings.push_back(fmt::format(
                "exposure '{}': {} of {} {} lie wholly or partly outside every admin unit "
                "(admin_code NULL)",
                config.name, outcome.outside, outcome.features,
                in.exposures[i] ? "features" : "populated cells"));

        ExposureTotals totals;
        totals.name = config.name;
        totals.features = outcome.features;
        totals.outside = outcome.outside;
        for (std::size_t c = 0; c < in.classifier->labels().size(); ++c) {
            core::Measures sum;
            for (std::size_t a = 0; a <= outcome.summary.admin_units(); ++a)
                sum += outcome.summary.by_class(
                    a < outcome.summary.admin_units() ? std::optional(a) : std::nullopt, c);
            const double shown = config.kind == core::ExposureKind::road   ? sum.length_m
                                 : config.kind == core::ExposureKind::area ? sum.area_m2
                                                                           : sum.count;
            totals.by_class.emplace_back(in.classifier->labels()[c], shown);
        }
        totals.unit = config.kind == core::ExposureKind::road   ? "m"
                      : config.kind == core::ExposureKind::area ? "m2"
                                                                : "";
        result.exposures.push_back(std::move(totals));
        results.push_back(ExposureResult{&config, std::move(outcome)});
    }

    // Results are at the finest level; the main level is their roll-up.
    LevelView main_view{admin.main, {}};
    for (const auto& r : results)
        main_view.summaries.push_back(
            admin.sub ? core::roll_up(r.outcome.summary, admin.parent_of, admin.main.units.size())
                      : r.outcome.summary);
    // The Jitupasna recap (sectors, clusters, people, priority) when there is something to
    // recap: a vulnerability or a population.
    const bool recap_wanted = std::any_of(results.begin(), results.end(), [](const auto& r) {
        return r.config->has_vulnerability() || r.config->kind == core::ExposureKind::population;
    });
    auto write_level = [&](const LevelView& view, const std::string& suffix) {
        std::vector<core::AdminRecap> recaps;
        if (recap_wanted)
            recaps = core::build_recap(recap_inputs(view, results, scenario.damage),
                                       view.level.units.size(), *in.classifier, scenario.damage);
        write_impact_summary(writer, "impact_summary" + suffix, view, results, *in.classifier);
        write_admin_summary(writer, "admin_summary" + suffix, view, admin_crs, results,
                            *in.classifier, recaps);
        if (recap_wanted) {
            write_sector_table(writer, "jitupasna_sector" + suffix, view, recaps);
            write_cluster_table(writer, "jitupasna_cluster" + suffix, view, recaps,
                                scenario.damage);
            write_population_needs(writer, "population_needs" + suffix, view, recaps,
                                   scenario.damage);
        }
    };
    write_level(main_view, "");
    if (admin.sub) {
        LevelView sub_view{*admin.sub, {}, &admin.main, &admin.parent_of};
        for (const auto& r : results) sub_view.summaries.push_back(r.outcome.summary);
        write_level(sub_view, "_" + admin.sub->name);
    }
    if (recap_wanted) {
        info.emplace_back("damage.defaults_file", scenario.defaults_file);
        // The report reads its assumptions from here, not from a path that may have moved.
        info.emplace_back("damage.defaults_text", scenario.defaults_text);
        info.emplace_back("damage.cluster_scheme", scenario.damage.cluster_scheme);
    }

    for (const auto& fact : core::schema::to_run_info(output_facts(scenario, admin, recap_wanted)))
        info.push_back(fact);
    for (const auto& warning : io::gdal_warnings()) result.warnings.push_back("GDAL: " + warning);
    info.emplace_back("threads", std::to_string(threads));
    info.emplace_back("started_at", state_->started_at);
    info.emplace_back("finished_at", utc_now());
    info.emplace_back("warnings", std::to_string(result.warnings.size()));
    for (std::size_t i = 0; i < result.warnings.size(); ++i)
        info.emplace_back(fmt::format("warning.{}", i + 1), result.warnings[i]);
    write_run_info(writer, info);

    result.run_info = info;
    return result;
}

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
        report.push_back(line);
    }
    for (const auto& w : in.warnings) report.push_back("warning: " + w);
    return report;
}

}  // namespace jitupasna::pipeline
