// Vector exposures: structures (indivisible: one admin unit, the worst hazard class they
// touch) and divisible features (roads, areas, aggregates, population polygons: split at admin
// and hazard boundaries and measured on the ellipsoid), streamed into impact_<exposure>.

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exposure.hpp"
#include "impact_layer.hpp"
#include "inputs.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geodesic.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/core/structure_impact.hpp"
#include "jitupasna/io/ogr_geos.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/pipeline/progress.hpp"
#include "ordered_pipeline.hpp"

namespace jitupasna::pipeline {

namespace {

using core::ExposureKind;

// How the assets of one type are damaged and valued: their vulnerability function and value
// rule (nullptr when none).
struct TypeDamage {
    const core::VulnerabilityFunction* function = nullptr;
    const core::ValueRule* rule = nullptr;
};

std::vector<TypeDamage> damage_of_types(const core::ExposureConfig& config, const RunContext& run,
                                        const core::AssetTypeMapper& types) {
    std::vector<TypeDamage> out;
    for (const auto& type : types.labels()) {
        TypeDamage d;
        if (const std::string* function = config.function_for(type)) {
            d.function = &run.damage.functions.at(*function);
            d.rule = price_rule(run.damage, config, type).rule;
        }
        out.push_back(d);
    }
    return out;
}

// Which asset types a damage run leaves without a function the scenario did not mark `none`
// (the implicit lainnya: the scenario check refuses a listed type so left out).
std::vector<bool> unassessed_types(const core::ExposureConfig& config,
                                   const core::AssetTypeMapper& types) {
    std::vector<bool> out;
    for (const auto& type : types.labels()) out.push_back(config.lacks_function(type));
    return out;
}

std::vector<int> identity_map(int fields) {
    std::vector<int> map(static_cast<std::size_t>(fields));
    for (int i = 0; i < fields; ++i) map[static_cast<std::size_t>(i)] = i;
    return map;
}

// From the input's CRS to the admin and hazard CRSs, and from the admin CRS to WGS 84 (for
// geodesic measures); each worker clones its own.
struct CrsTransforms {
    io::TransformPtr to_admin, to_hazard, admin_to_lonlat;
};

// Everything the worker threads share read-only for one exposure.
struct ExposureJob {
    ExposureJob(const core::ExposureConfig& config_, const io::VectorSource& source_,
                const RunContext& run_, const core::AssetTypeMapper& types_,
                const ImpactColumns& columns_, OGRFeatureDefn* output_defn_,
                OGRwkbGeometryType output_type_, const CrsTransforms& transforms,
                const AttributeReader& attributes_)
        : config(config_),
          source(source_),
          run(run_),
          types(types_),
          columns(columns_),
          output_defn(output_defn_),
          output_type(output_type_),
          to_admin(transforms.to_admin.get()),
          to_hazard(transforms.to_hazard.get()),
          admin_to_lonlat(transforms.admin_to_lonlat.get()),
          hazard_in_admin_crs(run_.hazard.crs().IsSame(&run_.admin_crs)),
          damage_of_type(damage_of_types(config_, run_, types_)),
          unassessed_type(unassessed_types(config_, types_)),
          attributes(attributes_),
          field_map(identity_map(source_.definition().GetFieldCount())) {}

    const core::ExposureConfig& config;
    const io::VectorSource& source;
    const RunContext& run;
    const core::AssetTypeMapper& types;
    const ImpactColumns columns;
    OGRFeatureDefn* const output_defn;
    const OGRwkbGeometryType output_type;
    const OGRCoordinateTransformation* const to_admin;
    const OGRCoordinateTransformation* const to_hazard;
    const OGRCoordinateTransformation* const admin_to_lonlat;
    const bool hazard_in_admin_crs;
    const std::vector<TypeDamage> damage_of_type;  // per asset type
    const std::vector<bool> unassessed_type;       // per asset type: no function, not `none`
    const AttributeReader& attributes;             // asset type, number or count
    const std::vector<int> field_map;  // input field i -> output field i (renamed ones included)
};

// One worker thread's own GEOS context, prepared admin geometries, hazard sampler and
// coordinate transformations: none of these may be shared between threads.
struct WorkerState {
    core::GeosContext ctx;
    core::AdminLocator locator;
    std::unique_ptr<ThreadHazard> hazard;
    std::unique_ptr<io::OgrPointTransform> to_admin, to_hazard, admin_to_lonlat;

    explicit WorkerState(const ExposureJob& job)
        : locator(job.run.admin.locator(ctx)),
          hazard(job.run.hazard.for_thread(ctx)),
          to_admin(io::clone_for_thread(job.to_admin)),
          to_hazard(io::clone_for_thread(job.to_hazard)),
          admin_to_lonlat(io::clone_for_thread(job.admin_to_lonlat)) {}
};

struct FeatureBatch {
    explicit FeatureBatch(AttributeAudit audit_) : audit(std::move(audit_)) {}
    std::vector<io::FeaturePtr> input;
    std::vector<io::FeaturePtr> output;
    SummaryLog summary;
    AttributeAudit audit;  // what the features' attributes held
    long long features = 0;
    // Per asset type without a function: its features, and those in the hazard.
    std::vector<long long> unassessed, unassessed_in_hazard;
    long long outside = 0;
    // Features with no geometry (NULL or empty: a CSV point with a NaN coordinate reads so).
    long long without_geometry = 0;
    std::vector<GIntBig> without_geometry_fids;  // the first few
};

constexpr std::size_t kFidsTold = 5;

void count_without_geometry(FeatureBatch& batch, GIntBig fid) {
    ++batch.without_geometry;
    if (batch.without_geometry_fids.size() < kFidsTold) batch.without_geometry_fids.push_back(fid);
}

// Whether a sample lies in the hazard: in a class, or (without classes) where it has a value.
bool in_hazard(const ExposureJob& job, std::size_t hazard_class, std::optional<double> value) {
    return core::affected_share(hazard_class, job.run.classifier.class_count(), value, 0) > 0;
}

// Adds the damage of `number` units in one hazard sample; false when the asset type has no
// vulnerability. measure: footprint m2 / road m / area m2 the value rule prices; split_measure:
// length or area to apportion by category (0 for structures). *damaged_share: the share of
// the units this sample damages (in the categories above tidak_rusak).
bool accumulate_damage(const ExposureJob& job, std::size_t asset_type,
                       const core::HazardSample& sample, double number, double measure,
                       double split_measure, std::optional<double> feature_value,
                       DamageTotals& totals, double share = 1, double* damaged_share = nullptr) {
    const TypeDamage& type = job.damage_of_type[asset_type];
    const core::VulnerabilityFunction* function = type.function;
    if (!function) return false;
    if (feature_value) *feature_value *= share;  // a piece is worth its share
    const core::AssetDamage d = core::assess_damage(
        *function, job.run.damage, type.rule, sample.value,
        job.run.classifier.labels()[sample.hazard_class], number, measure, feature_value);
    if (totals.states.empty()) totals.states.assign(job.columns.damage_states.size(), 0.0);
    const auto& names = function->damage_states();
    for (std::size_t i = 0; i < job.columns.damage_states.size(); ++i) {
        auto it = std::find(names.begin(), names.end(), job.columns.damage_states[i].first);
        if (it != names.end())
            totals.states[i] +=
                number * d.estimate.state_fractions[static_cast<std::size_t>(it - names.begin())];
    }
    for (std::size_t c = 0; c < core::kCategoryCount; ++c) {
        totals.units[c] += d.units[c];
        totals.measure[c] += split_measure * d.estimate.category_fractions[c];
        totals.kerusakan[c] += d.kerusakan[c];
    }
    const double weight = split_measure > 0 ? split_measure : number;
    totals.ratio_sum += d.damage_ratio * weight;
    totals.ratio_weight += weight;
    if (damaged_share) {
        *damaged_share = 0;
        for (std::size_t c = 1; c < core::kCategoryCount; ++c)
            *damaged_share += d.estimate.category_fractions[c];
    }
    return true;
}

void count_unassessed(FeatureBatch& batch, std::size_t asset_type, bool in_the_hazard) {
    if (batch.unassessed.size() <= asset_type) {
        batch.unassessed.resize(asset_type + 1, 0);
        batch.unassessed_in_hazard.resize(asset_type + 1, 0);
    }
    ++batch.unassessed[asset_type];
    if (in_the_hazard) ++batch.unassessed_in_hazard[asset_type];
}

void process_structure(const ExposureJob& job, WorkerState& worker, OGRFeature& feature,
                       FeatureBatch& batch) {
    const core::GeosContext& ctx = worker.ctx;
    const GIntBig fid = feature.GetFID();
    work_context::set_feature(fid);
    const std::string& role = job.source.role();
    const OGRGeometry* geometry = feature.GetGeometryRef();
    core::StructureImpact impact;
    impact.hazard_class = job.run.classifier.not_exposed_index();
    io::GeometryPtr geometry_admin;
    core::GeomPtr geos_admin, geos_hazard_owned;
    const GEOSGeometry* geos_hazard = nullptr;
    if (geometry && !geometry->IsEmpty()) {
        geometry_admin = io::transformed_copy(*geometry, io::ogr_of(worker.to_admin), role, fid);
        geos_admin = io::to_geos(ctx, *geometry_admin);
        geos_hazard = geos_admin.get();
        if (!job.hazard_in_admin_crs) {
            // Sample on the hazard's own grid: transform from the source directly.
            io::GeometryPtr in_hazard_crs =
                io::transformed_copy(*geometry, io::ogr_of(worker.to_hazard), role, fid);
            geos_hazard_owned = io::to_geos(ctx, *in_hazard_crs);
            geos_hazard = geos_hazard_owned.get();
        }
        if (!geos_admin || !geos_hazard)
            throw DataError(fmt::format("{}: feature {} of {} has a geometry GEOS cannot read: {}",
                                        role, fid, job.source.description(), ctx.last_error()));
        impact = core::assess_structure(worker.locator, worker.hazard->sampler(), geos_admin.get(),
                                        geos_hazard, job.config.sampling);
    } else {
        count_without_geometry(batch, fid);
    }
    // Without a usable number_field value a feature is one unit (the audit warns or fails).
    const double number = job.attributes.number(feature, batch.audit).value_or(1.0);
    const std::size_t asset_type = job.attributes.asset_type(feature, batch.audit);
    const std::optional<double> value = job.attributes.value(feature, asset_type, batch.audit);
    core::Measures measures;
    measures.count = number;
    DamageTotals damage;
    double footprint_m2 = 0;
    const core::ValueRule* rule = job.damage_of_type[asset_type].rule;
    if (rule && rule->kind == core::ValueRule::Kind::cost_per_m2 && geometry_admin) {
        core::GeomPtr geos = io::to_geos(ctx, *geometry_admin);
        core::GeomPtr lonlat =
            geos ? core::transform_geometry(ctx, geos.get(), worker.admin_to_lonlat.get())
                 : nullptr;
        if (lonlat) footprint_m2 = core::geodesic_area_m2(ctx, lonlat.get());
    }
    bool damaged = false;
    double damaged_share = 0;
    const std::size_t realizations = geos_hazard ? worker.hazard->realizations() : 0;
    if (realizations == 0) {
        damaged = accumulate_damage(job, asset_type,
                                    core::HazardSample{impact.hazard_value, impact.hazard_class},
                                    number, footprint_m2, 0, value, damage, 1, &damaged_share);
    } else {
        // Several realizations of the event: the mean damage over them, and its spread.
        std::vector<DamageTotals> each(realizations);
        for (std::size_t r = 0; r < realizations; ++r) {
            const core::HazardSample sample =
                worker.hazard->realization(r).sample(geos_hazard, job.config.sampling);
            double damaged_here = 0;
            damaged |= accumulate_damage(job, asset_type, sample, number, footprint_m2, 0, value,
                                         each[r], 1, &damaged_here);
            damaged_share += damaged_here / static_cast<double>(realizations);  // the mean
        }
        if (damaged) damage = mean_of(each);
    }
    if (!impact.admin) ++batch.outside;
    if (job.unassessed_type[asset_type])
        count_unassessed(batch, asset_type,
                         in_hazard(job, impact.hazard_class, impact.hazard_value));

    io::FeaturePtr out(new OGRFeature(job.output_defn));
    out->SetFrom(&feature, job.field_map.data(), TRUE);
    if (geometry_admin)
        out->SetGeometryDirectly(
            OGRGeometryFactory::forceTo(geometry_admin.release(), job.output_type));
    set_admin_fields(job.columns, job.run.admin, *out, impact.admin);
    set_or_null(*out, job.columns.value, impact.hazard_value);
    out->SetField(job.columns.hazard_class,
                  job.run.classifier.labels()[impact.hazard_class].c_str());
    out->SetField(job.columns.asset_type, job.types.labels()[asset_type].c_str());
    if (job.columns.count >= 0) out->SetField(job.columns.count, number);
    if (damaged) write_damage(job.columns, damage, measures, *out);
    batch.summary.add(impact.admin, asset_type, impact.hazard_class, measures,
                      core::affected_share(impact.hazard_class, job.run.classifier.class_count(),
                                           impact.hazard_value, damaged_share));
    batch.output.push_back(std::move(out));
}

// The count a divisible feature carries: its count_field (or the joined table's), scaled;
// 0 when missing or unusable (the audit warns or fails).
double carried_count(const ExposureJob& job, OGRFeature& feature, FeatureBatch& batch) {
    if (job.config.kind == ExposureKind::road || job.config.kind == ExposureKind::area) return 1;
    return job.attributes.number(feature, batch.audit).value_or(0.0) * job.config.count_scale;
}

void process_divisible(const ExposureJob& job, WorkerState& worker, OGRFeature& feature,
                       FeatureBatch& batch) {
    const core::GeosContext& ctx = worker.ctx;
    const GIntBig fid = feature.GetFID();
    work_context::set_feature(fid);
    const std::string& role = job.source.role();
    const ExposureKind kind = job.config.kind;
    const double carried = carried_count(job, feature, batch);
    const std::size_t asset_type = job.attributes.asset_type(feature, batch.audit);
    const std::optional<double> value = job.attributes.value(feature, asset_type, batch.audit);

    std::vector<core::DivisiblePiece> pieces;
    if (const OGRGeometry* geometry = feature.GetGeometryRef(); geometry && !geometry->IsEmpty()) {
        io::GeometryPtr in_admin =
            io::transformed_copy(*geometry, io::ogr_of(worker.to_admin), role, fid);
        core::GeomPtr geos = io::to_geos(ctx, *in_admin);
        if (!geos)
            throw DataError(fmt::format("{}: feature {} of {} has a geometry GEOS cannot read: {}",
                                        role, fid, job.source.description(), ctx.last_error()));
        if (!core::is_valid(ctx, geos.get())) geos = core::make_valid(ctx, geos.get());
        if (geos) {
            try {
                core::split_divisible(worker.locator, worker.hazard->sampler(), ctx, geos.get(),
                                      worker.admin_to_lonlat.get(), pieces);
            } catch (const std::runtime_error& e) {
                throw DataError(fmt::format("{}: feature {} of {}: {}", role, fid,
                                            job.source.description(), e.what()));
            }
        }
    }

    // Group the pieces by (admin unit, class): one output row each, in order of appearance.
    struct Group {
        std::optional<std::size_t> admin;
        std::size_t hazard_class;
        std::vector<const GEOSGeometry*> parts;
        double length_m = 0, area_m2 = 0, value_weight = 0, value_sum = 0;
        double affected_measure = 0;  // the affected share of the pieces' length or area
        DamageTotals damage;
        bool damaged = false;
        double fatalities = 0;
    };
    std::vector<Group> groups;
    double total_measure = 0;
    auto measure_of = [&](double length, double area) {
        return kind == ExposureKind::road ? length : area;
    };
    // Floating-point slivers (a few nanometres left over where a line meets a cell edge) are
    // dropped: they would only add noise rows such as "not_exposed 0.0000002 m".
    double raw_total = 0;
    for (const auto& piece : pieces) raw_total += measure_of(piece.length_m, piece.area_m2);
    for (const auto& piece : pieces) {
        if (raw_total > 0 && measure_of(piece.length_m, piece.area_m2) <= raw_total * 1e-9)
            continue;
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
            return g.admin == piece.admin && g.hazard_class == piece.hazard.hazard_class;
        });
        if (it == groups.end()) {
            groups.push_back(
                Group{piece.admin, piece.hazard.hazard_class, {}, 0, 0, 0, 0, 0, {}, false, 0});
            it = std::prev(groups.end());
        }
        it->parts.push_back(piece.geometry.get());
        it->length_m += piece.length_m;
        it->area_m2 += piece.area_m2;
        const double m = measure_of(piece.length_m, piece.area_m2);
        total_measure += m;
        if (piece.hazard.value) {
            it->value_weight += m;
            it->value_sum += *piece.hazard.value * m;
        }
        // Damage piece by piece: each lies in one cell or zone, with its own intensity.
        const double number = raw_total > 0 ? carried * m / raw_total : carried;
        if (kind == ExposureKind::population && job.run.damage.people.fatality_itb &&
            piece.hazard.value)
            it->fatalities += number * core::itb_fatality_rate(*piece.hazard.value);
        const double share = raw_total > 0 ? m / raw_total : 1.0;
        double damaged_share = 0;
        it->damaged |= accumulate_damage(job, asset_type, piece.hazard, number, m, m, value,
                                         it->damage, share, &damaged_share);
        it->affected_measure +=
            m * core::affected_share(piece.hazard.hazard_class, job.run.classifier.class_count(),
                                     piece.hazard.value, damaged_share);
    }
    if (const OGRGeometry* geometry = feature.GetGeometryRef(); !geometry || geometry->IsEmpty())
        count_without_geometry(batch, fid);
    if (groups.empty())  // no geometry: still one row, so nothing is dropped
        groups.push_back(Group{
            std::nullopt, job.run.classifier.not_exposed_index(), {}, 0, 0, 0, 0, 0, {}, false, 0});
    if (std::any_of(groups.begin(), groups.end(), [](const Group& g) { return !g.admin; }))
        ++batch.outside;
    if (job.unassessed_type[asset_type])
        count_unassessed(batch, asset_type,
                         std::any_of(pieces.begin(), pieces.end(), [&](const auto& piece) {
                             return in_hazard(job, piece.hazard.hazard_class, piece.hazard.value);
                         }));
    const int dimension = kind == ExposureKind::road ? 1 : 2;

    for (const auto& group : groups) {
        const double measure = measure_of(group.length_m, group.area_m2);
        const double share =
            total_measure > 0 ? measure / total_measure : 1.0 / static_cast<double>(groups.size());
        core::Measures m;
        m.count = carried * share;
        if (kind == ExposureKind::road) m.length_m = group.length_m;
        if (kind != ExposureKind::road) m.area_m2 = group.area_m2;
        if (kind == ExposureKind::population) {
            m.population = m.count;
            m.fatalities = group.fatalities;
        }

        io::FeaturePtr out(new OGRFeature(job.output_defn));
        out->SetFrom(&feature, job.field_map.data(), TRUE);
        if (!group.parts.empty()) {
            core::GeomPtr merged = core::merge_touching_parts(ctx, group.parts, dimension);
            core::GeomPtr clean =
                merged ? io::parts_of_dimension(ctx, merged.get(), dimension) : nullptr;
            io::GeometryPtr ogr = clean ? io::to_ogr(ctx, clean.get()) : nullptr;
            if (ogr)
                out->SetGeometryDirectly(
                    OGRGeometryFactory::forceTo(ogr.release(), job.output_type));
        }
        set_admin_fields(job.columns, job.run.admin, *out, group.admin);
        set_or_null(*out, job.columns.value,
                    group.value_weight > 0 ? std::optional(group.value_sum / group.value_weight)
                                           : std::nullopt);
        out->SetField(job.columns.hazard_class,
                      job.run.classifier.labels()[group.hazard_class].c_str());
        out->SetField(job.columns.asset_type, job.types.labels()[asset_type].c_str());
        out->SetField(job.columns.count, m.count);
        if (job.columns.length_m >= 0) out->SetField(job.columns.length_m, group.length_m);
        if (job.columns.area_m2 >= 0) out->SetField(job.columns.area_m2, group.area_m2);
        if (job.columns.population >= 0) out->SetField(job.columns.population, m.population);
        if (group.damaged) write_damage(job.columns, group.damage, m, *out);
        const double affected_part = measure > 0 ? group.affected_measure / measure : 0.0;
        batch.summary.add(group.admin, asset_type, group.hazard_class, m, affected_part);
        batch.output.push_back(std::move(out));
    }
}

}  // namespace

ExposureResult run_vector_exposure(const core::ExposureConfig& config, io::VectorSource& source,
                                   const RunContext& run) {
    const ImpactLayerSpec impact =
        impact_layer_spec(config, source.definition(), source.description(), run.admin_crs,
                          run.admin, run.damage, run.realizations);
    OGRLayer& layer = run.writer.create_layer(impact.spec);
    const JoinTable join = config.join ? read_join_table(config) : JoinTable{};
    const AttributeReader attributes(config, source, config.join ? &join : nullptr, run.damage);
    const core::AssetTypeMapper& types = attributes.types();
    const io::SpatialRefPtr lonlat = io::wgs84();
    const CrsTransforms transforms{
        io::make_transform(source.crs(), run.admin_crs, source.role() + " to the admin CRS"),
        io::make_transform(source.crs(), run.hazard.crs(), source.role() + " to the hazard CRS"),
        io::make_transform(run.admin_crs, *lonlat, "admin CRS to WGS 84")};
    work_context::set_input(fmt::format("{}: {}", source.role(), source.description()));
    const ExposureJob job(config, source, run, types, impact.columns, layer.GetLayerDefn(),
                          impact.spec.geometry_type, transforms, attributes);

    ExposureResult result(config, run.admin.index->size(), types.labels(),
                          run.classifier.labels().size());
    tbb::enumerable_thread_specific<std::unique_ptr<WorkerState>> workers;
    Progress progress(fmt::format("{}:", config.name), source.feature_count_hint(), run.quiet);
    source.layer().ResetReading();
    bool exhausted = false;
    AttributeAudit audit = attributes.total_audit();
    std::vector<long long> unassessed(types.labels().size(), 0);
    std::vector<long long> unassessed_in_hazard(types.labels().size(), 0);
    long long without_geometry = 0;
    std::vector<GIntBig> without_geometry_fids;
    long long written_since_commit = 0;
    run.writer.begin_transaction();
    run_ordered_pipeline<FeatureBatch>(
        run.threads,
        [&]() -> std::unique_ptr<FeatureBatch> {
            auto batch = std::make_unique<FeatureBatch>(attributes.batch_audit());
            if (exhausted) return nullptr;
            exhausted = !source.read_batch(run.batch_size, batch->input);
            batch->features = static_cast<long long>(batch->input.size());
            if (batch->input.empty()) return nullptr;
            return batch;
        },
        [&](FeatureBatch& batch) {
            auto& worker = workers.local();
            if (!worker) worker = std::make_unique<WorkerState>(job);
            for (auto& feature : batch.input) {
                if (config.kind != ExposureKind::structure) {
                    process_divisible(job, *worker, *feature, batch);
                } else {
                    process_structure(job, *worker, *feature, batch);
                }
            }
            batch.input.clear();
        },
        [&](FeatureBatch& batch) {
            for (auto& feature : batch.output) run.writer.write(layer, *feature);
            batch.summary.replay_into(result.summary);
            result.outside += batch.outside;
            without_geometry += batch.without_geometry;
            for (const GIntBig fid : batch.without_geometry_fids)
                if (without_geometry_fids.size() < kFidsTold) without_geometry_fids.push_back(fid);
            for (std::size_t t = 0; t < batch.unassessed.size(); ++t) {
                unassessed[t] += batch.unassessed[t];
                unassessed_in_hazard[t] += batch.unassessed_in_hazard[t];
            }
            audit.merge(batch.audit);
            written_since_commit += static_cast<long long>(batch.output.size());
            if (written_since_commit >= 200000) {  // keep the journal bounded
                run.writer.commit_transaction();
                run.writer.begin_transaction();
                written_since_commit = 0;
            }
            result.features += batch.features;
            progress.update(result.features);
        });
    run.writer.commit_transaction();
    progress.finish();
    // A listed type, join or number that went wrong: a warning, or an error (no output).
    for (auto& warning : attributes.findings(audit)) result.warnings.push_back(std::move(warning));
    for (std::size_t t = 0; t < unassessed.size(); ++t)
        if (unassessed[t] > 0)
            result.warnings.push_back(unassessed_type_warning(
                config, types.labels()[t], unassessed[t], unassessed_in_hazard[t]));
    // Features that have no place are counted once, in no unit and not exposed; said apart
    // from "outside every unit", which they are not.
    if (without_geometry > 0) {
        std::string fids;
        for (const GIntBig fid : without_geometry_fids)
            fids += fmt::format("{}{}", fids.empty() ? "" : ", ", fid);
        if (without_geometry > static_cast<long long>(without_geometry_fids.size()))
            fids += ", ...";
        result.warnings.push_back(fmt::format(
            "exposure '{}': {} feature(s) of {} have no geometry (NULL or empty; FIDs {}): each "
            "is counted once, in no admin unit and as not_exposed (a CSV point with a NaN or "
            "infinite coordinate reads as no geometry)",
            config.name, core::count_text(without_geometry), source.description(), fids));
    }
    // The joined table's path, layer and keys are recorded by the run beside the exposure's
    // own input keys; here only what the join did.
    if (config.join) result.info.emplace_back("join", attributes.join_summary(audit));
    result.info.emplace_back("kind", core::kind_name(config.kind));
    if (config.kind == ExposureKind::structure)
        result.info.emplace_back("sampling", core::sampling_name(config.sampling));
    return result;
}

}  // namespace jitupasna::pipeline
