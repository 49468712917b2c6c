#include "jitupasna/engine/run.hpp"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/core/structure_impact.hpp"
#include "jitupasna/core/summary.hpp"
#include "jitupasna/engine/progress.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/io/vector_source.hpp"
#include "jitupasna/version.hpp"

namespace jitupasna::engine {

namespace fs = std::filesystem;
using io::FeaturePtr;
using io::GeometryPtr;

std::atomic<bool>& interrupt_flag() {
    static std::atomic<bool> flag{false};
    return flag;
}

namespace {

// Fields the tool adds to every impact_<exposure> layer.
const std::vector<std::string> kImpactFields = {"admin_code", "admin_name", "hazard_value",
                                                "hazard_class", "asset_type"};

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

// Field names in admin_summary are built from exposure and class names.
std::string field_token(const std::string& text) {
    std::string token;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        token += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    return token;
}

// The scenario's inputs, opened and checked: shared by `check` and `run`.
struct OpenedInputs {
    core::Scenario scenario;
    std::unique_ptr<io::VectorSource> admin;
    std::unique_ptr<io::RasterSource> hazard;
    std::vector<std::unique_ptr<io::VectorSource>> exposures;
};

OpenedInputs open_inputs(const std::string& scenario_path) {
    OpenedInputs in;
    in.scenario = core::load_scenario(scenario_path);
    const auto& s = in.scenario;
    in.admin = std::make_unique<io::VectorSource>(s.admin.input, "admin");
    in.admin->field_index(s.admin.code_field, "admin.code_field");
    in.admin->field_index(s.admin.name_field, "admin.name_field");
    in.hazard = std::make_unique<io::RasterSource>(s.hazard.input, s.hazard.band, "hazard");
    for (std::size_t i = 0; i < s.exposures.size(); ++i) {
        const auto& e = s.exposures[i];
        auto source =
            std::make_unique<io::VectorSource>(e.input, fmt::format("exposure '{}'", e.name));
        if (e.type_field)
            source->field_index(*e.type_field, fmt::format("exposures[{}].type_field", i));
        in.exposures.push_back(std::move(source));
    }
    return in;
}

struct AdminLayer {
    std::vector<core::AdminUnit> units;
    std::vector<GeometryPtr> geometries;  // as read, for admin_summary
    long long features = 0;
    long long repaired = 0;
    long long empty = 0;
};

AdminLayer read_admin(io::VectorSource& source, const core::AdminConfig& config,
                      std::vector<std::string>& warnings) {
    AdminLayer admin;
    const int code_field = source.field_index(config.code_field, "admin.code_field");
    const int name_field = source.field_index(config.name_field, "admin.name_field");
    core::GeosContext ctx;
    std::map<std::string, GIntBig> fid_of_code;
    std::vector<FeaturePtr> batch;
    source.layer().ResetReading();
    while (source.read_batch(1024, batch) || !batch.empty()) {
        for (auto& feature : batch) {
            ++admin.features;
            const GIntBig fid = feature->GetFID();
            if (!feature->IsFieldSetAndNotNull(code_field))
                throw DataError(fmt::format("admin: feature {} of {} has no {} (admin.code_field)",
                                            fid, source.description(), config.code_field));
            core::AdminUnit unit;
            unit.code = feature->GetFieldAsString(code_field);
            unit.name = feature->IsFieldSetAndNotNull(name_field)
                            ? feature->GetFieldAsString(name_field)
                            : "";
            if (auto [it, inserted] = fid_of_code.emplace(unit.code, fid); !inserted)
                throw DataError(fmt::format(
                    "admin: code '{}' ({}) is used by features {} and {} of {}; codes must be "
                    "unique",
                    unit.code, config.code_field, it->second, fid, source.description()));

            OGRGeometry* geometry = feature->GetGeometryRef();
            GeometryPtr kept(geometry ? geometry->clone() : nullptr);
            if (!geometry || geometry->IsEmpty()) {
                ++admin.empty;
                warnings.push_back(
                    fmt::format("admin: unit {} (feature {}) has no geometry", unit.code, fid));
            } else {
                const OGRwkbGeometryType flat = wkbFlatten(geometry->getGeometryType());
                if (flat != wkbPolygon && flat != wkbMultiPolygon)
                    throw DataError(fmt::format("admin: feature {} of {} is a {}, not a polygon",
                                                fid, source.description(),
                                                geometry->getGeometryName()));
                GeometryPtr flat2d(geometry->clone());
                flat2d->flattenTo2D();
                std::string wkb(flat2d->WkbSize(), '\0');
                flat2d->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()),
                                    wkbVariantIso);
                core::GeomPtr geos = core::geom_from_wkb(ctx, wkb);
                if (!geos)
                    throw DataError(fmt::format("admin: feature {} of {}: unreadable geometry", fid,
                                                source.description()));
                if (GEOSisValid_r(ctx.handle(), geos.get()) != 1) {
                    core::GeomPtr valid = core::make_valid(ctx, geos.get());
                    if (!valid)
                        throw DataError(
                            fmt::format("admin: feature {} ({}) of {}: invalid geometry "
                                        "that GEOS cannot repair: {}",
                                        fid, unit.code, source.description(), ctx.last_error()));
                    ++admin.repaired;
                    wkb = core::geom_to_wkb(ctx, valid.get());
                }
                unit.wkb = std::move(wkb);
            }
            admin.units.push_back(std::move(unit));
            admin.geometries.push_back(std::move(kept));
        }
        batch.clear();
    }
    if (admin.units.empty())
        throw DataError(fmt::format("admin: {} has no features", source.description()));
    if (admin.repaired > 0)
        warnings.push_back(fmt::format("admin: {} invalid polygon(s) repaired with GEOS MakeValid",
                                       admin.repaired));
    return admin;
}

// Converts an OGR geometry to GEOS (2D; Z and M are not used by any rule).
core::GeomPtr to_geos(const core::GeosContext& ctx, const OGRGeometry& geometry) {
    GeometryPtr flat;
    const OGRGeometry* source = &geometry;
    if (geometry.Is3D() || geometry.IsMeasured()) {
        flat.reset(geometry.clone());
        flat->flattenTo2D();
        source = flat.get();
    }
    std::string wkb(source->WkbSize(), '\0');
    source->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
    return core::geom_from_wkb(ctx, wkb);
}

// Everything one exposure's pipeline needs, shared read-only by the worker threads.
struct ExposureJob {
    const core::ExposureConfig& config;
    io::VectorSource& source;
    const core::AdminIndex& admins;
    const io::RasterSource& hazard;
    const core::HazardClassifier& classifier;
    const core::AssetTypeMapper& types;
    const OGRCoordinateTransformation* to_admin;   // nullptr: already in the admin CRS
    const OGRCoordinateTransformation* to_hazard;  // nullptr: already in the hazard CRS
    bool hazard_crs_is_admin_crs = false;
    int type_field = -1;
    OGRFeatureDefn* output_defn = nullptr;
    OGRwkbGeometryType output_geometry_type = wkbUnknown;
    std::vector<int> field_map;  // input field -> output field
    int first_impact_field = 0;  // admin_code, admin_name, hazard_value, hazard_class, asset_type
};

// One worker thread's private state: GEOS context, prepared admin geometries, raster handle,
// coordinate transformations (none of these may be shared between threads).
struct WorkerState {
    core::GeosContext ctx;
    core::AdminLocator locator;
    std::unique_ptr<core::RasterWindowReader> hazard;
    io::TransformPtr to_admin;
    io::TransformPtr to_hazard;

    explicit WorkerState(const ExposureJob& job)
        : locator(job.admins, ctx), hazard(job.hazard.open_reader()) {
        // Creating transformations reads the shared CRS objects: serialise it.
        static std::mutex mutex;
        std::lock_guard lock(mutex);
        if (job.to_admin) to_admin.reset(job.to_admin->Clone());
        if (job.to_hazard) to_hazard.reset(job.to_hazard->Clone());
    }
};

struct Batch {
    std::vector<FeaturePtr> input;
    std::vector<FeaturePtr> output;
    core::ImpactSummary summary;
    long long outside = 0;
};

GeometryPtr transformed(const OGRGeometry& geometry, OGRCoordinateTransformation* ct,
                        const std::string& role, GIntBig fid) {
    GeometryPtr copy(geometry.clone());
    if (ct && copy->transform(ct) != OGRERR_NONE)
        throw DataError(fmt::format("{}: feature {} cannot be transformed to the target CRS: {}",
                                    role, fid, io::take_last_gdal_error()));
    return copy;
}

void process_batch(const ExposureJob& job, WorkerState& worker, Batch& batch) {
    const core::GeosContext& ctx = worker.ctx;
    for (auto& feature : batch.input) {
        const GIntBig fid = feature->GetFID();
        const OGRGeometry* geometry = feature->GetGeometryRef();
        core::StructureImpact impact;
        impact.hazard_class = job.classifier.not_exposed_index();
        GeometryPtr geometry_admin;
        if (geometry && !geometry->IsEmpty()) {
            geometry_admin = transformed(*geometry, worker.to_admin.get(), job.source.role(), fid);
            core::GeomPtr geos_admin = to_geos(ctx, *geometry_admin);
            core::GeomPtr geos_hazard_owned;
            const GEOSGeometry* geos_hazard = geos_admin.get();
            if (!job.hazard_crs_is_admin_crs) {
                GeometryPtr in_hazard_crs =
                    transformed(*geometry, worker.to_hazard.get(), job.source.role(), fid);
                geos_hazard_owned = to_geos(ctx, *in_hazard_crs);
                geos_hazard = geos_hazard_owned.get();
            }
            if (!geos_admin || !geos_hazard)
                throw DataError(fmt::format(
                    "{}: feature {} of {} has a geometry GEOS cannot read: {}", job.source.role(),
                    fid, job.source.description(), ctx.last_error()));
            impact = core::assess_structure(worker.locator, *worker.hazard, job.classifier, ctx,
                                            geos_admin.get(), geos_hazard, job.config.sampling);
        }

        std::optional<std::string_view> raw_type;
        if (job.type_field >= 0 && feature->IsFieldSetAndNotNull(job.type_field))
            raw_type = feature->GetFieldAsString(job.type_field);
        const std::size_t asset_type = job.types.type_of(raw_type);
        batch.summary.add(impact.admin, asset_type, impact.hazard_class, 1.0);
        if (!impact.admin) ++batch.outside;

        const int f = job.first_impact_field;
        FeaturePtr out(new OGRFeature(job.output_defn));
        out->SetFrom(feature.get(), job.field_map.data(), TRUE);
        if (geometry_admin) {
            out->SetGeometryDirectly(
                OGRGeometryFactory::forceTo(geometry_admin.release(), job.output_geometry_type));
        }
        if (impact.admin) {
            const auto& unit = job.admins.units()[*impact.admin];
            out->SetField(f, unit.code.c_str());
            out->SetField(f + 1, unit.name.c_str());
        } else {
            out->SetFieldNull(f);
            out->SetFieldNull(f + 1);
        }
        if (impact.hazard_value) {
            out->SetField(f + 2, *impact.hazard_value);
        } else {
            out->SetFieldNull(f + 2);
        }
        out->SetField(f + 3, job.classifier.labels()[impact.hazard_class].c_str());
        out->SetField(f + 4, job.types.labels()[asset_type].c_str());
        batch.output.push_back(std::move(out));
    }
    batch.input.clear();
}

core::AssetTypeMapper make_type_mapper(const core::ExposureConfig& config) {
    // Without a type field every feature is of one type, named after the exposure.
    if (!config.type_field) return core::AssetTypeMapper({}, config.name);
    return core::AssetTypeMapper(config.types);
}

struct ExposureOutcome {
    ExposureOutcome(std::size_t units, std::size_t types, std::size_t classes)
        : summary(units, types, classes) {}
    core::ImpactSummary summary;
    std::vector<std::string> type_labels;
    long long features = 0;
    long long outside = 0;
};

io::LayerSpec impact_layer_spec(const core::ExposureConfig& config, const io::VectorSource& source,
                                const OGRSpatialReference& admin_crs) {
    const OGRFeatureDefn& in_defn = source.definition();
    io::LayerSpec spec;
    spec.name = "impact_" + config.name;
    spec.description = fmt::format("Dampak per aset: {} ({})", config.name, source.description());
    spec.srs = &admin_crs;
    spec.geometry_type = OGR_GT_SetModifier(in_defn.GetGeomType(), FALSE, FALSE);
    if (spec.geometry_type == wkbPolygon) spec.geometry_type = wkbMultiPolygon;
    // The input's own fields first (prefixed with src_ where they clash with ours), then ours.
    std::set<std::string> taken(kImpactFields.begin(), kImpactFields.end());
    for (int i = 0; i < in_defn.GetFieldCount(); ++i) {
        OGRFieldDefn field(in_defn.GetFieldDefn(i));
        std::string name = field.GetNameRef();
        while (taken.count(name)) name = "src_" + name;
        taken.insert(name);
        field.SetName(name.c_str());
        spec.add_field(field);
    }
    spec.add_field("admin_code", OFTString);
    spec.add_field("admin_name", OFTString);
    spec.add_field("hazard_value", OFTReal);
    spec.add_field("hazard_class", OFTString);
    spec.add_field("asset_type", OFTString);
    return spec;
}

ExposureOutcome run_exposure(const core::ExposureConfig& config, io::VectorSource& source,
                             const core::AdminIndex& admins, const io::RasterSource& hazard,
                             const core::HazardClassifier& classifier,
                             const OGRSpatialReference& admin_crs, io::GpkgWriter& writer,
                             const RunOptions& options, unsigned threads) {
    const io::LayerSpec spec = impact_layer_spec(config, source, admin_crs);
    OGRLayer& layer = writer.create_layer(spec);
    // Features keep a geometry type the layer accepts (e.g. Polygon -> MultiPolygon, Z dropped).
    const io::TransformPtr to_admin =
        io::make_transform(source.crs(), admin_crs, source.role() + " to the admin CRS");
    const io::TransformPtr to_hazard =
        io::make_transform(source.crs(), hazard.crs(), source.role() + " to the hazard CRS");
    const core::AssetTypeMapper types = make_type_mapper(config);

    ExposureJob job{config,          source, admins, hazard,  classifier, types, to_admin.get(),
                    to_hazard.get(), false,  -1,     nullptr, wkbUnknown, {},    0};
    job.hazard_crs_is_admin_crs = hazard.crs().IsSame(&admin_crs);
    if (config.type_field) job.type_field = source.field_index(*config.type_field, "type_field");
    job.output_defn = layer.GetLayerDefn();
    job.output_geometry_type = spec.geometry_type;
    for (int i = 0; i < source.definition().GetFieldCount(); ++i) job.field_map.push_back(i);
    job.first_impact_field = source.definition().GetFieldCount();

    ExposureOutcome outcome(admins.size(), types.labels().size(), classifier.labels().size());
    outcome.type_labels = types.labels();

    tbb::enumerable_thread_specific<std::unique_ptr<WorkerState>> workers;
    Progress progress(fmt::format("{}:", config.name), source.feature_count_hint(), options.quiet);
    source.layer().ResetReading();
    bool exhausted = false;
    long long written_since_commit = 0;
    writer.begin_transaction();

    // Read in order (one thread: GDAL), assess in parallel, write in the original order.
    // At most 2 batches per thread are in flight, which bounds memory whatever the input size.
    tbb::parallel_pipeline(
        2 * threads,
        tbb::make_filter<void, std::shared_ptr<Batch>>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
                if (interrupt_flag().load()) throw DataError("interrupted");
                auto batch = std::make_shared<Batch>(
                    Batch{{},
                          {},
                          core::ImpactSummary(admins.size(), types.labels().size(),
                                              classifier.labels().size()),
                          0});
                if (exhausted || (!source.read_batch(options.batch_size, batch->input) &&
                                  batch->input.empty())) {
                    fc.stop();
                    return nullptr;
                }
                exhausted = batch->input.size() < options.batch_size;
                return batch;
            }) &
            tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                tbb::filter_mode::parallel,
                [&](std::shared_ptr<Batch> batch) {
                    auto& worker = workers.local();
                    if (!worker) worker = std::make_unique<WorkerState>(job);
                    process_batch(job, *worker, *batch);
                    return batch;
                }) &
            tbb::make_filter<std::shared_ptr<Batch>, void>(
                tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Batch> batch) {
                    for (auto& feature : batch->output) writer.write(layer, *feature);
                    outcome.features += static_cast<long long>(batch->output.size());
                    outcome.outside += batch->outside;
                    outcome.summary.merge(batch->summary);
                    written_since_commit += static_cast<long long>(batch->output.size());
                    if (written_since_commit >= 200000) {  // keep the journal bounded
                        writer.commit_transaction();
                        writer.begin_transaction();
                        written_since_commit = 0;
                    }
                    progress.update(outcome.features);
                }));
    writer.commit_transaction();
    progress.finish();
    return outcome;
}

void write_impact_summary(io::GpkgWriter& writer, const core::AdminIndex& admins,
                          const core::Scenario& scenario,
                          const std::vector<ExposureOutcome>& outcomes,
                          const core::HazardClassifier& classifier) {
    io::LayerSpec spec;
    spec.name = "impact_summary";
    spec.description = "Ringkasan dampak per wilayah, paparan, jenis aset dan kelas bahaya";
    spec.add_field("admin_code", OFTString);
    spec.add_field("admin_name", OFTString);
    spec.add_field("exposure", OFTString);
    spec.add_field("asset_type", OFTString);
    spec.add_field("hazard_class", OFTString);
    spec.add_field("count", OFTReal);
    OGRLayer& layer = writer.create_layer(spec);
    writer.begin_transaction();
    for (std::size_t e = 0; e < outcomes.size(); ++e) {
        const auto& summary = outcomes[e].summary;
        // Admin units in layer order, then "outside" (admin_code NULL).
        for (std::size_t a = 0; a <= admins.size(); ++a) {
            const std::optional<std::size_t> admin =
                a < admins.size() ? std::optional<std::size_t>(a) : std::nullopt;
            for (std::size_t t = 0; t < summary.asset_types(); ++t) {
                for (std::size_t c = 0; c < summary.hazard_classes(); ++c) {
                    const double count = summary.count(admin, t, c);
                    if (count == 0) continue;
                    OGRFeature row(layer.GetLayerDefn());
                    if (admin) {
                        row.SetField(0, admins.units()[*admin].code.c_str());
                        row.SetField(1, admins.units()[*admin].name.c_str());
                    } else {
                        row.SetFieldNull(0);
                        row.SetFieldNull(1);
                    }
                    row.SetField(2, scenario.exposures[e].name.c_str());
                    row.SetField(3, outcomes[e].type_labels[t].c_str());
                    row.SetField(4, classifier.labels()[c].c_str());
                    row.SetField(5, count);
                    writer.write(layer, row);
                }
            }
        }
    }
    writer.commit_transaction();
}

void write_admin_summary(io::GpkgWriter& writer, const AdminLayer& admin_layer,
                         const core::AdminIndex& admins, const OGRSpatialReference& admin_crs,
                         const core::Scenario& scenario,
                         const std::vector<ExposureOutcome>& outcomes,
                         const core::HazardClassifier& classifier) {
    io::LayerSpec spec;
    spec.name = "admin_summary";
    spec.description = "Jumlah aset terpapar per wilayah administrasi dan kelas bahaya";
    spec.srs = &admin_crs;
    spec.geometry_type = wkbMultiPolygon;
    spec.add_field("admin_code", OFTString);
    spec.add_field("admin_name", OFTString);
    std::set<std::string> names{"admin_code", "admin_name"};
    auto add_field = [&](const std::string& name) {
        if (!names.insert(name).second)
            throw ConfigError(fmt::format(
                "admin_summary: two columns would both be named '{}'; rename an exposure or class",
                name));
        spec.add_field(name.c_str(), OFTReal);
    };
    for (const auto& exposure : scenario.exposures) {
        for (const auto& label : classifier.labels())
            add_field(exposure.name + "_" + field_token(label));
        add_field(exposure.name + "_affected");
        add_field(exposure.name + "_total");
    }
    OGRLayer& layer = writer.create_layer(spec);
    writer.begin_transaction();
    for (std::size_t a = 0; a < admins.size(); ++a) {
        OGRFeature row(layer.GetLayerDefn());
        row.SetField(0, admins.units()[a].code.c_str());
        row.SetField(1, admins.units()[a].name.c_str());
        int field = 2;
        for (const auto& outcome : outcomes) {
            double affected = 0, total = 0;
            for (std::size_t c = 0; c < classifier.labels().size(); ++c) {
                const double count = outcome.summary.count_by_class(a, c);
                row.SetField(field++, count);
                total += count;
                if (c < classifier.class_count()) affected += count;
            }
            row.SetField(field++, affected);
            row.SetField(field++, total);
        }
        if (const auto& geometry = admin_layer.geometries[a]) {
            GeometryPtr copy(geometry->clone());
            copy->flattenTo2D();
            row.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(copy.release()));
        }
        writer.write(layer, row);
    }
    writer.commit_transaction();
}

void write_run_info(io::GpkgWriter& writer,
                    const std::vector<std::pair<std::string, std::string>>& info) {
    io::LayerSpec spec;
    spec.name = "run_info";
    spec.description = "Informasi proses: versi, skenario, data masukan, waktu, peringatan";
    spec.add_field("key", OFTString);
    spec.add_field("value", OFTString);
    OGRLayer& layer = writer.create_layer(spec);
    writer.begin_transaction();
    for (const auto& [key, value] : info) {
        OGRFeature row(layer.GetLayerDefn());
        row.SetField(0, key.c_str());
        row.SetField(1, value.c_str());
        writer.write(layer, row);
    }
    writer.commit_transaction();
}

std::string resolve_output(const RunOptions& options, const core::Scenario& scenario) {
    if (options.output) return *options.output;
    if (scenario.output) return *scenario.output;
    throw ConfigError(
        fmt::format("{}: no output: give -o OUT.gpkg or `output:` in the scenario", scenario.file));
}

}  // namespace

RunResult run_scenario(const RunOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const std::string started_at = utc_now();
    const unsigned threads = options.threads > 0
                                 ? options.threads
                                 : static_cast<unsigned>(tbb::info::default_concurrency());
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);

    OpenedInputs in = open_inputs(options.scenario_path);
    const core::Scenario& scenario = in.scenario;
    const std::string output = resolve_output(options, scenario);
    io::AtomicOutput atomic_output(output, options.overwrite);  // refuses before any work

    RunResult result;
    result.output = output;
    AdminLayer admin_layer = read_admin(*in.admin, scenario.admin, result.warnings);
    const OGRSpatialReference& admin_crs = in.admin->crs();
    const core::AdminIndex admins(admin_layer.units);
    const core::HazardClassifier classifier(scenario.hazard.classes);

    std::vector<std::pair<std::string, std::string>> info;
    info.emplace_back("tool", "jitupasna");
    info.emplace_back("tool_version", kVersion);
    info.emplace_back("gdal_version", GDALVersionInfo("RELEASE_NAME"));
    info.emplace_back("geos_version", GEOSversion());
    info.emplace_back("scenario_file",
                      fs::absolute(options.scenario_path).lexically_normal().string());
    info.emplace_back("scenario_name", scenario.name);
    info.emplace_back("hazard_type", scenario.hazard_type);
    info.emplace_back("scenario_text", scenario.text);
    auto describe_input = [&](const std::string& key, const core::InputConfig& input,
                              const std::string& layer, const OGRSpatialReference& crs,
                              std::optional<long long> features) {
        info.emplace_back(key + ".path", input.path);
        if (!layer.empty()) info.emplace_back(key + ".layer", layer);
        info.emplace_back(key + ".crs", io::describe_crs(crs));
        if (features) info.emplace_back(key + ".features", std::to_string(*features));
    };
    describe_input("input.admin", scenario.admin.input, in.admin->layer().GetName(), admin_crs,
                   admin_layer.features);
    info.emplace_back("input.admin.repaired_geometries", std::to_string(admin_layer.repaired));
    describe_input("input.hazard", scenario.hazard.input, "", in.hazard->crs(), std::nullopt);
    const auto& grid = in.hazard->grid();
    info.emplace_back("input.hazard.grid",
                      fmt::format("{} x {} cells of {} x {}", grid.cols, grid.rows, grid.cell_width,
                                  -grid.cell_height));
    info.emplace_back("input.hazard.band", std::to_string(scenario.hazard.band));
    if (!scenario.hazard.unit.empty()) info.emplace_back("input.hazard.unit", scenario.hazard.unit);

    io::GpkgWriter writer(atomic_output.temp_path());
    std::vector<ExposureOutcome> outcomes;
    for (std::size_t i = 0; i < scenario.exposures.size(); ++i) {
        const auto& config = scenario.exposures[i];
        io::VectorSource& source = *in.exposures[i];
        outcomes.push_back(run_exposure(config, source, admins, *in.hazard, classifier, admin_crs,
                                        writer, options, threads));
        const auto& outcome = outcomes.back();
        describe_input("input.exposure." + config.name, config.input, source.layer().GetName(),
                       source.crs(), outcome.features);
        info.emplace_back("input.exposure." + config.name + ".sampling",
                          core::sampling_name(config.sampling));
        if (outcome.outside > 0)
            result.warnings.push_back(
                fmt::format("exposure '{}': {} of {} features lie outside every "
                            "admin unit (admin_code NULL)",
                            config.name, outcome.outside, outcome.features));

        ExposureTotals totals;
        totals.name = config.name;
        totals.features = outcome.features;
        totals.outside = outcome.outside;
        for (std::size_t c = 0; c < classifier.labels().size(); ++c) {
            double sum = 0;
            for (std::size_t a = 0; a <= admins.size(); ++a)
                sum += outcome.summary.count_by_class(
                    a < admins.size() ? std::optional<std::size_t>(a) : std::nullopt, c);
            totals.by_class.emplace_back(classifier.labels()[c], sum);
        }
        result.exposures.push_back(std::move(totals));
    }
    write_impact_summary(writer, admins, scenario, outcomes, classifier);
    write_admin_summary(writer, admin_layer, admins, admin_crs, scenario, outcomes, classifier);

    for (const auto& warning : io::gdal_warnings()) result.warnings.push_back("GDAL: " + warning);
    info.emplace_back("threads", std::to_string(threads));
    info.emplace_back("started_at", started_at);
    info.emplace_back("finished_at", utc_now());
    info.emplace_back("warnings", std::to_string(result.warnings.size()));
    for (std::size_t i = 0; i < result.warnings.size(); ++i)
        info.emplace_back(fmt::format("warning.{}", i + 1), result.warnings[i]);
    write_run_info(writer, info);

    writer.close();
    atomic_output.commit();
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

std::vector<std::string> check_scenario(const std::string& scenario_path) {
    OpenedInputs in = open_inputs(scenario_path);
    const core::Scenario& s = in.scenario;
    std::vector<std::string> report;
    std::vector<std::string> warnings;
    report.push_back(
        fmt::format("scenario: {} ({}, version {})", s.name, s.hazard_type, s.version));
    AdminLayer admin = read_admin(*in.admin, s.admin, warnings);
    report.push_back(fmt::format(
        "admin: {}, {} units, {}, code {} name {}", in.admin->description(), admin.units.size(),
        io::describe_crs(in.admin->crs()), s.admin.code_field, s.admin.name_field));
    const auto& g = in.hazard->grid();
    report.push_back(
        fmt::format("hazard: {} band {}, {} x {} cells, {}{}", in.hazard->description(),
                    s.hazard.band, g.cols, g.rows, io::describe_crs(in.hazard->crs()),
                    in.hazard->nodata() ? fmt::format(", nodata {}", *in.hazard->nodata())
                                        : std::string(", no nodata value")));
    std::string classes;
    for (const auto& c : s.hazard.classes)
        classes += fmt::format("{}{} ({}, {}]", classes.empty() ? "" : ", ", c.name,
                               c.min ? fmt::format("{}", *c.min) : "-inf",
                               c.max ? fmt::format("{}", *c.max) : "+inf");
    report.push_back("hazard classes: " + classes);
    for (std::size_t i = 0; i < s.exposures.size(); ++i) {
        auto& source = *in.exposures[i];
        const auto& e = s.exposures[i];
        io::make_transform(source.crs(), in.admin->crs(), source.role() + " to the admin CRS");
        io::make_transform(source.crs(), in.hazard->crs(), source.role() + " to the hazard CRS");
        const long long count = source.feature_count_hint();
        report.push_back(fmt::format("exposure {}: {} ({}), {}, {} features, sampling {}", e.name,
                                     source.description(), e.kind, io::describe_crs(source.crs()),
                                     count >= 0 ? std::to_string(count) : std::string("unknown"),
                                     core::sampling_name(e.sampling)));
    }
    for (const auto& w : warnings) report.push_back("warning: " + w);
    return report;
}

}  // namespace jitupasna::engine
