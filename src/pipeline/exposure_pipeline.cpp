#include "exposure_pipeline.hpp"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>

#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geodesic.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/core/structure_impact.hpp"
#include "jitupasna/io/ogr_geos.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/pipeline/progress.hpp"
#include "jitupasna/pipeline/run.hpp"

namespace jitupasna::pipeline {

namespace {

using core::ExposureKind;

bool is_divisible(ExposureKind kind) { return kind != ExposureKind::structure; }

// Reads (serially, in order) items from `next`, processes them in parallel and consumes the
// results serially in the original order. At most two items per thread are in flight, which
// bounds memory whatever the input size; results reach the summaries in input order, so the
// sums do not depend on the thread count.
// No stage throws through oneTBB: it does not destroy the tokens in flight when a filter
// throws. The first failure (or Ctrl-C) is kept, reading stops, the items in flight drain
// without being processed or consumed, and the failure is rethrown after the pipeline.
template <typename Item, typename Next, typename Process, typename Consume>
void run_ordered_pipeline(unsigned threads, Next next, Process process, Consume consume) {
    std::mutex failure_mutex;
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
    auto fail = [&](std::exception_ptr e) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::move(e);
        failed = true;
    };
    // Runs one stage's work; a failure is kept instead of thrown.
    auto guarded = [&](auto&& work) {
        if (failed.load()) return;
        try {
            work();
        } catch (...) {
            fail(std::current_exception());
        }
    };
    tbb::parallel_pipeline(
        2 * threads,
        tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order,
                                      [&](tbb::flow_control& fc) -> Item* {
                                          std::unique_ptr<Item> item;
                                          guarded([&] {
                                              if (interrupt_flag().load())
                                                  throw DataError("interrupted");
                                              item = next();
                                          });
                                          if (!item) fc.stop();
                                          return item.release();
                                      }) &
            tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel,
                                           [&](Item* item) {
                                               guarded([&] { process(*item); });
                                               return item;
                                           }) &
            tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, [&](Item* raw) {
                std::unique_ptr<Item> item(raw);
                guarded([&] { consume(*item); });
            }));
    if (failure) std::rethrow_exception(failure);
}

// What an item adds to a summary, kept in input order and replayed into the exposure's
// summary by the serial consumer: the floating-point sums are then the same whatever the batch
// size and thread count (adding a batch's partial sum instead would regroup the additions).
class SummaryLog {
  public:
    void add(std::optional<std::size_t> admin, std::size_t asset_type, std::size_t hazard_class,
             const core::Measures& measures) {
        entries_.push_back({admin, asset_type, hazard_class, measures});
    }
    void replay_into(core::ImpactSummary& summary) const {
        for (const auto& e : entries_)
            summary.add(e.admin, e.asset_type, e.hazard_class, e.measures);
    }

  private:
    struct Entry {
        std::optional<std::size_t> admin;
        std::size_t asset_type;
        std::size_t hazard_class;
        core::Measures measures;
    };
    std::vector<Entry> entries_;
};

core::AssetTypeMapper make_type_mapper(const core::ExposureConfig& config) {
    // Without a type field every feature is of one type, named after the exposure.
    if (!config.type_field) return core::AssetTypeMapper({}, config.name);
    return core::AssetTypeMapper(config.types);
}

// Counts kept in a separate table (e.g. a CSV per kecamatan), by code.
std::map<std::string, double> read_join_table(const core::ExposureConfig& config) {
    const core::JoinConfig& join = *config.join;
    io::VectorSource table(join.input, fmt::format("exposure '{}' join", config.name),
                           io::VectorSource::CrsRequired::no);
    const int key = table.field_index(join.key, join.input.key + ".key");
    const int count = table.field_index(*config.count_field, "count_field");
    std::map<std::string, double> counts;
    for (auto& row : table.layer()) {
        if (!row->IsFieldSetAndNotNull(key)) continue;
        const std::string code = row->GetFieldAsString(key);
        if (!counts.emplace(code, row->GetFieldAsDouble(count)).second)
            throw DataError(fmt::format("exposure '{}' join: key '{}' appears twice in {}",
                                        config.name, code, table.description()));
    }
    return counts;
}

// Output columns of impact_<exposure> beyond the input's own.
struct ImpactColumns {
    int admin_code = -1, admin_name = -1, sub_code = -1, sub_name = -1;
    int value = -1, hazard_class = -1, asset_type = -1;
    int count = -1, length_m = -1, area_m2 = -1, population = -1;
    // With a vulnerability: expected number per damage state (ds_<state>), the damage ratio,
    // expected number per Jitupasna category, and the value of the damage.
    std::vector<std::pair<std::string, int>> damage_states;
    std::vector<std::pair<std::string, int>> damage_states_std;  // with realizations
    int damage_ratio = -1, kerusakan = -1;
    std::array<int, core::kCategoryCount> category{-1, -1, -1, -1, -1};
};

// Damage states of the functions an exposure uses, in first-seen order.
std::vector<std::string> damage_states_of(const core::ExposureConfig& config,
                                          const core::DamageModel& damage) {
    std::vector<std::string> states;
    for (const auto& [type, name] : config.vulnerability_of_type)
        for (const auto& state : damage.functions.at(name).damage_states())
            if (std::find(states.begin(), states.end(), state) == states.end())
                states.push_back(state);
    return states;
}

io::LayerSpec impact_layer_spec(const core::ExposureConfig& config, const io::VectorSource& source,
                                const RunContext& run, ImpactColumns& columns) {
    const OGRFeatureDefn& in_defn = source.definition();
    io::LayerSpec spec;
    spec.name = "impact_" + config.name;
    spec.description = fmt::format("Dampak per aset: {} ({}, {})", config.name,
                                   core::kind_name(config.kind), source.description());
    spec.srs = &run.admin_crs;
    OGRwkbGeometryType type = OGR_GT_Flatten(in_defn.GetGeomType());
    if (OGR_GT_IsSubClassOf(type, wkbCurvePolygon) || type == wkbMultiSurface)
        type = wkbMultiPolygon;
    if (OGR_GT_IsSubClassOf(type, wkbCurve) || type == wkbMultiCurve) type = wkbMultiLineString;
    if (is_divisible(config.kind) && type == wkbUnknown)
        type = config.kind == ExposureKind::road ? wkbMultiLineString : wkbMultiPolygon;
    spec.geometry_type = type;

    std::vector<std::string> ours = {"admin_code", "admin_name"};
    std::set<std::string> damage_fields;
    if (config.has_vulnerability()) {
        for (const auto& state : damage_states_of(config, run.damage))
            damage_fields.insert("ds_" + state);
        damage_fields.insert({"damage_ratio", "kerusakan_rp"});
        for (std::size_t c = 1; c < core::kCategoryCount; ++c)
            damage_fields.insert(core::kCategoryNames[c]);
    }
    const auto& sub = run.admin.sub;
    if (sub) ours.insert(ours.end(), {sub->name + "_code", sub->name + "_name"});
    ours.insert(ours.end(), {"hazard_value", "hazard_class", "asset_type"});
    const bool counts = config.number_field || is_divisible(config.kind);
    if (counts) ours.emplace_back("count");
    if (config.kind == ExposureKind::road) ours.emplace_back("length_m");
    if (config.kind == ExposureKind::area || config.kind == ExposureKind::aggregate ||
        config.kind == ExposureKind::population)
        ours.emplace_back("area_m2");
    if (config.kind == ExposureKind::population) ours.emplace_back("population");

    // The input's own fields first (prefixed with src_ where they clash with ours), then ours.
    std::set<std::string> taken(ours.begin(), ours.end());
    taken.insert(damage_fields.begin(), damage_fields.end());
    for (int i = 0; i < in_defn.GetFieldCount(); ++i) {
        OGRFieldDefn field(in_defn.GetFieldDefn(i));
        std::string name = field.GetNameRef();
        while (taken.count(name)) name = "src_" + name;
        taken.insert(name);
        field.SetName(name.c_str());
        spec.add_field(field);
    }
    int next = in_defn.GetFieldCount();
    for (const auto& name : ours) {
        const bool text = name.size() > 5 && (name.compare(name.size() - 5, 5, "_code") == 0 ||
                                              name.compare(name.size() - 5, 5, "_name") == 0);
        const bool is_text = text || name == "hazard_class" || name == "asset_type";
        spec.add_field(name.c_str(), is_text ? OFTString : OFTReal);
        int* slot = nullptr;
        if (name == "admin_code")
            slot = &columns.admin_code;
        else if (name == "admin_name")
            slot = &columns.admin_name;
        else if (sub && name == sub->name + "_code")
            slot = &columns.sub_code;
        else if (sub && name == sub->name + "_name")
            slot = &columns.sub_name;
        else if (name == "hazard_value")
            slot = &columns.value;
        else if (name == "hazard_class")
            slot = &columns.hazard_class;
        else if (name == "asset_type")
            slot = &columns.asset_type;
        else if (name == "count")
            slot = &columns.count;
        else if (name == "length_m")
            slot = &columns.length_m;
        else if (name == "area_m2")
            slot = &columns.area_m2;
        else if (name == "population")
            slot = &columns.population;
        *slot = next++;
    }
    if (config.has_vulnerability()) {
        for (const auto& state : damage_states_of(config, run.damage)) {
            spec.add_field(("ds_" + state).c_str(), OFTReal);
            columns.damage_states.emplace_back(state, next++);
        }
        if (run.realizations > 0 && config.kind == ExposureKind::structure) {
            for (const auto& state : damage_states_of(config, run.damage)) {
                spec.add_field(("ds_" + state + "_std").c_str(), OFTReal);
                columns.damage_states_std.emplace_back(state, next++);
            }
        }
        spec.add_field("damage_ratio", OFTReal);
        columns.damage_ratio = next++;
        for (std::size_t c = 1; c < core::kCategoryCount; ++c) {
            spec.add_field(core::kCategoryNames[c], OFTReal);
            columns.category[c] = next++;
        }
        spec.add_field("kerusakan_rp", OFTReal);
        columns.kerusakan = next++;
    }
    return spec;
}

void set_or_null(OGRFeature& f, int field, const std::optional<double>& value) {
    if (field < 0) return;
    if (value)
        f.SetField(field, *value);
    else
        f.SetFieldNull(field);
}

// Everything the worker threads share read-only for one exposure.
struct ExposureJob {
    ExposureJob(const core::ExposureConfig& config_, const io::VectorSource& source_,
                const RunContext& run_, const core::AssetTypeMapper& types_)
        : config(config_), source(source_), run(run_), types(types_) {}

    const core::ExposureConfig& config;
    const io::VectorSource& source;
    const RunContext& run;
    const core::AssetTypeMapper& types;
    ImpactColumns columns;
    OGRFeatureDefn* output_defn = nullptr;
    OGRwkbGeometryType output_type = wkbUnknown;
    const OGRCoordinateTransformation* to_admin = nullptr;
    const OGRCoordinateTransformation* to_hazard = nullptr;
    const OGRCoordinateTransformation* admin_to_lonlat = nullptr;
    bool hazard_in_admin_crs = false;
    int type_field = -1, number_field = -1, count_field = -1, join_field = -1;
    const std::map<std::string, double>* joined = nullptr;
    std::vector<int> field_map;  // input field i -> output field i (renamed ones included)
    // Per asset type: its vulnerability function, value rule and value field (or null / -1).
    std::vector<const core::VulnerabilityFunction*> function_of_type;
    std::vector<const core::ValueRule*> rule_of_type;
    std::vector<int> value_field_of_type;
};

// One worker thread's own GEOS context, prepared admin geometries, hazard sampler and
// coordinate transformations: none of these may be shared between threads.
struct WorkerState {
    core::GeosContext ctx;
    core::AdminLocator locator;
    std::unique_ptr<ThreadHazard> hazard;
    std::unique_ptr<io::OgrPointTransform> to_admin, to_hazard, admin_to_lonlat;

    explicit WorkerState(const ExposureJob& job)
        : locator(*job.run.admin.index, ctx),
          hazard(job.run.hazard.for_thread(ctx)),
          to_admin(io::clone_for_thread(job.to_admin)),
          to_hazard(io::clone_for_thread(job.to_hazard)),
          admin_to_lonlat(io::clone_for_thread(job.admin_to_lonlat)) {}
};

struct FeatureBatch {
    std::vector<io::FeaturePtr> input;
    std::vector<io::FeaturePtr> output;
    SummaryLog summary;
    long long features = 0;
    long long outside = 0;
    long long missing_numbers = 0;
};

void set_admin_fields(const ExposureJob& job, OGRFeature& out, std::optional<std::size_t> finest) {
    const auto& admin = job.run.admin;
    const ImpactColumns& c = job.columns;
    if (!finest) {
        for (int f : {c.admin_code, c.admin_name, c.sub_code, c.sub_name})
            if (f >= 0) out.SetFieldNull(f);
        return;
    }
    const auto& main_unit = admin.main.units[admin.parent_of[*finest]];
    out.SetField(c.admin_code, main_unit.code.c_str());
    out.SetField(c.admin_name, main_unit.name.c_str());
    if (admin.sub) {
        out.SetField(c.sub_code, admin.sub->units[*finest].code.c_str());
        out.SetField(c.sub_name, admin.sub->units[*finest].name.c_str());
    }
}

std::size_t asset_type_of(const ExposureJob& job, OGRFeature& feature) {
    std::optional<std::string_view> raw;
    if (job.type_field >= 0 && feature.IsFieldSetAndNotNull(job.type_field))
        raw = feature.GetFieldAsString(job.type_field);
    return job.types.type_of(raw);
}

// An asset's (or a group of pieces') damage as it builds up.
struct DamageTotals {
    std::vector<double> states;      // expected number per columns.damage_states
    std::vector<double> states_std;  // their standard deviation over realizations
    core::CategoryArray units{}, measure{}, kerusakan{};
    double ratio_sum = 0, ratio_weight = 0;
};

// Adds the damage of `number` units in one hazard sample; false when the asset type has no
// vulnerability. measure: footprint m2 / road m / area m2 the value rule prices; split_measure:
// length or area to apportion by category (0 for structures).
bool accumulate_damage(const ExposureJob& job, std::size_t asset_type,
                       const core::HazardSample& sample, double number, double measure,
                       double split_measure, OGRFeature& feature, DamageTotals& totals,
                       double share = 1) {
    const core::VulnerabilityFunction* function = job.function_of_type[asset_type];
    if (!function) return false;
    std::optional<double> feature_value;
    if (const int field = job.value_field_of_type[asset_type];
        field >= 0 && feature.IsFieldSetAndNotNull(field))
        feature_value = feature.GetFieldAsDouble(field) * share;  // a piece is worth its share
    const core::AssetDamage d = core::assess_damage(
        *function, job.run.damage, job.rule_of_type[asset_type], sample.value,
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
    return true;
}

// The mean of the realizations' damage; the sample standard deviation (as OpenQuake's
// scenario damage) of the expected number in each damage state goes to states_std.
DamageTotals mean_of(const std::vector<DamageTotals>& each) {
    DamageTotals mean;
    const double n = static_cast<double>(each.size());
    mean.states.assign(each.front().states.size(), 0.0);
    for (const auto& t : each) {
        for (std::size_t i = 0; i < t.states.size(); ++i) mean.states[i] += t.states[i] / n;
        for (std::size_t c = 0; c < core::kCategoryCount; ++c) {
            mean.units[c] += t.units[c] / n;
            mean.measure[c] += t.measure[c] / n;
            mean.kerusakan[c] += t.kerusakan[c] / n;
        }
        mean.ratio_sum += t.ratio_sum / n;
        mean.ratio_weight += t.ratio_weight / n;
    }
    mean.states_std.assign(mean.states.size(), 0.0);
    if (each.size() > 1) {
        for (std::size_t i = 0; i < mean.states.size(); ++i) {
            double sum = 0;
            for (const auto& t : each)
                sum += (t.states[i] - mean.states[i]) * (t.states[i] - mean.states[i]);
            mean.states_std[i] = std::sqrt(sum / (n - 1));
        }
    }
    return mean;
}

// Moves accumulated damage into the summary measures and the output feature's fields.
void write_damage(const ExposureJob& job, const DamageTotals& totals, core::Measures& m,
                  OGRFeature& out) {
    m.damaged = totals.units;
    m.damaged_measure = totals.measure;
    m.kerusakan = totals.kerusakan;
    const ImpactColumns& c = job.columns;
    for (std::size_t i = 0; i < c.damage_states.size(); ++i)
        out.SetField(c.damage_states[i].second, i < totals.states.size() ? totals.states[i] : 0.0);
    for (std::size_t i = 0; i < c.damage_states_std.size(); ++i)
        out.SetField(c.damage_states_std[i].second,
                     i < totals.states_std.size() ? totals.states_std[i] : 0.0);
    if (c.damage_ratio >= 0)
        set_or_null(out, c.damage_ratio,
                    totals.ratio_weight > 0 ? std::optional(totals.ratio_sum / totals.ratio_weight)
                                            : std::nullopt);
    double kerusakan = 0;
    for (std::size_t k = 1; k < core::kCategoryCount; ++k)
        if (c.category[k] >= 0) out.SetField(c.category[k], totals.units[k]);
    for (double v : totals.kerusakan) kerusakan += v;
    if (c.kerusakan >= 0) out.SetField(c.kerusakan, kerusakan);
}

void process_structure(const ExposureJob& job, WorkerState& worker, OGRFeature& feature,
                       FeatureBatch& batch) {
    const core::GeosContext& ctx = worker.ctx;
    const GIntBig fid = feature.GetFID();
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
    }
    double number = 1;
    if (job.number_field >= 0) {
        if (feature.IsFieldSetAndNotNull(job.number_field)) {
            number = feature.GetFieldAsDouble(job.number_field);
        } else {
            ++batch.missing_numbers;
        }
    }
    const std::size_t asset_type = asset_type_of(job, feature);
    core::Measures measures;
    measures.count = number;
    DamageTotals damage;
    double footprint_m2 = 0;
    if (job.rule_of_type.size() > asset_type && job.rule_of_type[asset_type] &&
        job.rule_of_type[asset_type]->kind == core::ValueRule::Kind::cost_per_m2 &&
        geometry_admin) {
        core::GeomPtr geos = io::to_geos(ctx, *geometry_admin);
        core::GeomPtr lonlat =
            geos ? core::transform_geometry(ctx, geos.get(), worker.admin_to_lonlat.get())
                 : nullptr;
        if (lonlat) footprint_m2 = core::geodesic_area_m2(ctx, lonlat.get());
    }
    bool damaged = false;
    const std::size_t realizations = geos_hazard ? worker.hazard->realizations() : 0;
    if (realizations == 0) {
        damaged = accumulate_damage(job, asset_type,
                                    core::HazardSample{impact.hazard_value, impact.hazard_class},
                                    number, footprint_m2, 0, feature, damage);
    } else {
        // Several realizations of the event: the mean damage over them, and its spread.
        std::vector<DamageTotals> each(realizations);
        for (std::size_t r = 0; r < realizations; ++r) {
            const core::HazardSample sample =
                worker.hazard->realization(r).sample(geos_hazard, job.config.sampling);
            damaged |= accumulate_damage(job, asset_type, sample, number, footprint_m2, 0, feature,
                                         each[r]);
        }
        if (damaged) damage = mean_of(each);
    }
    if (!impact.admin) ++batch.outside;

    io::FeaturePtr out(new OGRFeature(job.output_defn));
    out->SetFrom(&feature, job.field_map.data(), TRUE);
    if (geometry_admin)
        out->SetGeometryDirectly(
            OGRGeometryFactory::forceTo(geometry_admin.release(), job.output_type));
    set_admin_fields(job, *out, impact.admin);
    set_or_null(*out, job.columns.value, impact.hazard_value);
    out->SetField(job.columns.hazard_class,
                  job.run.classifier.labels()[impact.hazard_class].c_str());
    out->SetField(job.columns.asset_type, job.types.labels()[asset_type].c_str());
    if (job.columns.count >= 0) out->SetField(job.columns.count, number);
    if (damaged) write_damage(job, damage, measures, *out);
    batch.summary.add(impact.admin, asset_type, impact.hazard_class, measures);
    batch.output.push_back(std::move(out));
}

// The count a divisible feature carries: its count_field (or the joined table's), scaled.
double carried_count(const ExposureJob& job, OGRFeature& feature, FeatureBatch& batch) {
    if (job.config.kind == ExposureKind::road || job.config.kind == ExposureKind::area) return 1;
    std::optional<double> value;
    if (job.joined) {
        if (feature.IsFieldSetAndNotNull(job.join_field)) {
            auto it = job.joined->find(feature.GetFieldAsString(job.join_field));
            if (it != job.joined->end()) value = it->second;
        }
    } else if (job.count_field >= 0 && feature.IsFieldSetAndNotNull(job.count_field)) {
        value = feature.GetFieldAsDouble(job.count_field);
    }
    if (!value || !std::isfinite(*value)) {
        ++batch.missing_numbers;
        return 0;
    }
    return *value * job.config.count_scale;
}

void process_divisible(const ExposureJob& job, WorkerState& worker, OGRFeature& feature,
                       FeatureBatch& batch) {
    const core::GeosContext& ctx = worker.ctx;
    const GIntBig fid = feature.GetFID();
    const std::string& role = job.source.role();
    const ExposureKind kind = job.config.kind;
    const double carried = carried_count(job, feature, batch);
    const std::size_t asset_type = asset_type_of(job, feature);

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
                Group{piece.admin, piece.hazard.hazard_class, {}, 0, 0, 0, 0, {}, false, 0});
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
        it->damaged |= accumulate_damage(job, asset_type, piece.hazard, number, m, m, feature,
                                         it->damage, share);
    }
    if (groups.empty())  // no geometry: still one row, so nothing is dropped
        groups.push_back(Group{
            std::nullopt, job.run.classifier.not_exposed_index(), {}, 0, 0, 0, 0, {}, false, 0});
    if (std::any_of(groups.begin(), groups.end(), [](const Group& g) { return !g.admin; }))
        ++batch.outside;
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
        set_admin_fields(job, *out, group.admin);
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
        if (group.damaged) write_damage(job, group.damage, m, *out);
        batch.summary.add(group.admin, asset_type, group.hazard_class, m);
        batch.output.push_back(std::move(out));
    }
}

}  // namespace

ExposureOutcome run_vector_exposure(const core::ExposureConfig& config, io::VectorSource& source,
                                    const RunContext& run) {
    ImpactColumns columns;
    const io::LayerSpec spec = impact_layer_spec(config, source, run, columns);
    OGRLayer& layer = run.writer.create_layer(spec);
    const core::AssetTypeMapper types = make_type_mapper(config);
    const io::TransformPtr to_admin =
        io::make_transform(source.crs(), run.admin_crs, source.role() + " to the admin CRS");
    const io::TransformPtr to_hazard =
        io::make_transform(source.crs(), run.hazard.crs(), source.role() + " to the hazard CRS");
    const io::SpatialRefPtr lonlat = io::wgs84();
    const io::TransformPtr admin_to_lonlat =
        io::make_transform(run.admin_crs, *lonlat, "admin CRS to WGS 84");
    std::map<std::string, double> joined;
    if (config.join) joined = read_join_table(config);

    ExposureJob job(config, source, run, types);
    job.columns = columns;
    for (const auto& type : types.labels()) {
        const std::string* function = config.function_for(type);
        job.function_of_type.push_back(function ? &run.damage.functions.at(*function) : nullptr);
        const core::ValueRule* rule = nullptr;
        if (auto it = config.value_of_type.find(type); it != config.value_of_type.end())
            rule = &it->second;
        else if (auto d = run.damage.costs.find(type); d != run.damage.costs.end())
            rule = &d->second;
        if (!function) rule = nullptr;
        job.rule_of_type.push_back(rule);
        job.value_field_of_type.push_back(
            rule && rule->kind == core::ValueRule::Kind::value_field
                ? source.field_index(rule->value_field, "value." + type + ".value_field")
                : -1);
    }
    job.output_defn = layer.GetLayerDefn();
    job.output_type = spec.geometry_type;
    job.to_admin = to_admin.get();
    job.to_hazard = to_hazard.get();
    job.admin_to_lonlat = admin_to_lonlat.get();
    job.hazard_in_admin_crs = run.hazard.crs().IsSame(&run.admin_crs);
    for (int i = 0; i < source.definition().GetFieldCount(); ++i) job.field_map.push_back(i);
    if (config.type_field) job.type_field = source.field_index(*config.type_field, "type_field");
    if (config.number_field)
        job.number_field = source.field_index(*config.number_field, "number_field");
    if (config.join) {
        job.join_field = source.field_index(config.join->field, "join.field");
        job.joined = &joined;
    } else if (config.count_field) {
        job.count_field = source.field_index(*config.count_field, "count_field");
    }

    ExposureOutcome outcome(run.admin.index->size(), types.labels().size(),
                            run.classifier.labels().size());
    outcome.type_labels = types.labels();
    tbb::enumerable_thread_specific<std::unique_ptr<WorkerState>> workers;
    Progress progress(fmt::format("{}:", config.name), source.feature_count_hint(), run.quiet);
    source.layer().ResetReading();
    bool exhausted = false;
    long long missing_numbers = 0, written_since_commit = 0;
    run.writer.begin_transaction();
    run_ordered_pipeline<FeatureBatch>(
        run.threads,
        [&]() -> std::unique_ptr<FeatureBatch> {
            auto batch = std::make_unique<FeatureBatch>();
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
                if (is_divisible(config.kind)) {
                    process_divisible(job, *worker, *feature, batch);
                } else {
                    process_structure(job, *worker, *feature, batch);
                }
            }
            batch.input.clear();
        },
        [&](FeatureBatch& batch) {
            for (auto& feature : batch.output) run.writer.write(layer, *feature);
            batch.summary.replay_into(outcome.summary);
            outcome.outside += batch.outside;
            missing_numbers += batch.missing_numbers;
            written_since_commit += static_cast<long long>(batch.output.size());
            if (written_since_commit >= 200000) {  // keep the journal bounded
                run.writer.commit_transaction();
                run.writer.begin_transaction();
                written_since_commit = 0;
            }
            outcome.features += batch.features;
            progress.update(outcome.features);
        });
    run.writer.commit_transaction();
    progress.finish();
    if (missing_numbers > 0) {
        const char* what = config.number_field ? "number_field" : "count";
        outcome.warnings.push_back(fmt::format(
            "exposure '{}': {} feature(s) have no {} value ({}; counted as {})", config.name,
            missing_numbers, what, config.number_field ? *config.number_field : "count_field/join",
            config.number_field ? "1" : "0"));
    }
    outcome.info.emplace_back("kind", core::kind_name(config.kind));
    if (config.kind == ExposureKind::structure)
        outcome.info.emplace_back("sampling", core::sampling_name(config.sampling));
    return outcome;
}

}  // namespace jitupasna::pipeline

namespace jitupasna::pipeline {

namespace {

// A block of population cells, processed by one thread.
struct CellBlock {
    explicit CellBlock(const ExposureOutcome& shape)
        : summary(shape.summary.admin_units(), 1, shape.summary.hazard_classes()) {}
    core::CellWindow window;
    core::ImpactSummary summary;
    long long cells = 0;
    long long outside_cells = 0;
};

struct PopulationWorker {
    core::GeosContext ctx;
    core::AdminLocator locator;
    std::unique_ptr<ThreadHazard> hazard;
    std::unique_ptr<core::RasterWindowReader> reader;
    std::unique_ptr<io::OgrPointTransform> to_admin, to_hazard;
    std::vector<double> values;
    std::vector<std::pair<std::size_t, double>> shares;

    bool fatality_itb = false;

    PopulationWorker(const RunContext& run, const io::RasterSource& source,
                     const OGRCoordinateTransformation* pop_to_admin,
                     const OGRCoordinateTransformation* pop_to_hazard)
        : locator(*run.admin.index, ctx),
          hazard(run.hazard.for_thread(ctx)),
          reader(source.open_reader()),
          to_admin(io::clone_for_thread(pop_to_admin)),
          to_hazard(io::clone_for_thread(pop_to_hazard)),
          fatality_itb(run.damage.people.fatality_itb) {}

    // A rectangle of the population grid as a polygon in the admin CRS (nullptr when GEOS
    // refuses it, e.g. corners the transformation cannot move).
    core::GeomPtr rectangle(double x0, double y0, double x1, double y1) {
        return core::cell_polygon(ctx, x0, y0, x1, y1, to_admin.get());
    }

    // Adds one cell's people to the block's summary: share by admin unit, class at its centre.
    void add_cell(const core::GridSpec& grid, CellBlock& block, double x0, double y0, double people,
                  const std::optional<std::vector<std::pair<std::size_t, double>>>& tile_shares) {
        ++block.cells;
        double cx = x0 + grid.cell_width / 2, cy = y0 + grid.cell_height / 2;
        std::size_t cls = block.summary.hazard_classes() - 1;  // not_exposed
        std::optional<double> intensity;
        if (!to_hazard || to_hazard->apply(cx, cy)) {
            const core::HazardSample sample = hazard->sampler().sample_at(cx, cy);
            cls = sample.hazard_class;
            intensity = sample.value;
        }
        const double fatality_rate =
            fatality_itb && intensity ? core::itb_fatality_rate(*intensity) : 0.0;
        const std::vector<std::pair<std::size_t, double>>* cell_shares = &*tile_shares;
        if (!tile_shares) {
            shares.clear();
            core::GeomPtr cell = rectangle(x0, y0, x0 + grid.cell_width, y0 + grid.cell_height);
            locator.coverage(cell.get(), shares);
            cell_shares = &shares;
        }
        double covered = 0;
        auto people_measures = [&](double n) {
            core::Measures m;
            m.count = m.population = n;
            m.fatalities = n * fatality_rate;
            return m;
        };
        for (const auto& [unit, share] : *cell_shares) {
            block.summary.add(unit, 0, cls, people_measures(people * share));
            covered += share;
        }
        if (covered < 1 - 1e-12) {
            block.summary.add(std::nullopt, 0, cls, people_measures(people * (1 - covered)));
            ++block.outside_cells;
        }
    }

    void process(const core::GridSpec& grid, CellBlock& block) {
        const core::CellWindow& w = block.window;
        reader->read(w, values);
        const double bx0 = grid.origin_x + w.col0 * grid.cell_width;
        const double by0 = grid.origin_y + w.row0 * grid.cell_height;
        // A tile wholly inside one unit, or wholly outside every unit (most tiles away from
        // borders), shares that answer with all its cells: no per-cell geometry.
        constexpr int kTile = 16;
        for (int tr = 0; tr < w.rows; tr += kTile) {
            for (int tc = 0; tc < w.cols; tc += kTile) {
                const int rows = std::min(kTile, w.rows - tr), cols = std::min(kTile, w.cols - tc);
                const double tx0 = bx0 + tc * grid.cell_width, ty0 = by0 + tr * grid.cell_height;
                std::vector<std::pair<std::size_t, double>> tile;
                core::GeomPtr polygon = rectangle(tx0, ty0, tx0 + cols * grid.cell_width,
                                                  ty0 + rows * grid.cell_height);
                locator.coverage(polygon.get(), tile);
                std::optional<std::vector<std::pair<std::size_t, double>>> tile_shares;
                if (tile.empty() || (tile.size() == 1 && tile[0].second == 1.0)) tile_shares = tile;
                for (int r = tr; r < tr + rows; ++r) {
                    for (int c = tc; c < tc + cols; ++c) {
                        const double people = values[static_cast<std::size_t>(r) * w.cols + c];
                        if (!(people > 0)) continue;  // nodata (NaN), empty or negative cells
                        add_cell(grid, block, bx0 + c * grid.cell_width, by0 + r * grid.cell_height,
                                 people, tile_shares);
                    }
                }
            }
        }
    }
};

}  // namespace

ExposureOutcome run_population_raster(const core::ExposureConfig& config, const RunContext& run) {
    const io::RasterSource source(config.input, config.band,
                                  fmt::format("exposure '{}'", config.name));
    const core::GridSpec grid = source.grid();
    const io::TransformPtr to_admin =
        io::make_transform(source.crs(), run.admin_crs, "population to the admin CRS");
    const io::TransformPtr to_hazard =
        io::make_transform(source.crs(), run.hazard.crs(), "population to the hazard CRS");

    ExposureOutcome outcome(run.admin.index->size(), 1, run.classifier.labels().size());
    outcome.type_labels = {config.name};
    constexpr int kBlock = 256;
    const int blocks_x = (grid.cols + kBlock - 1) / kBlock;
    const int blocks_y = (grid.rows + kBlock - 1) / kBlock;
    const long long blocks = static_cast<long long>(blocks_x) * blocks_y;
    long long next_block = 0, done_blocks = 0;
    tbb::enumerable_thread_specific<std::unique_ptr<PopulationWorker>> workers;
    Progress progress(fmt::format("{}:", config.name), blocks, run.quiet);

    run_ordered_pipeline<CellBlock>(
        run.threads,
        [&]() -> std::unique_ptr<CellBlock> {
            if (next_block >= blocks) return nullptr;
            auto block = std::make_unique<CellBlock>(outcome);
            const int bx = static_cast<int>(next_block % blocks_x);
            const int by = static_cast<int>(next_block / blocks_x);
            ++next_block;
            block->window = core::CellWindow{bx * kBlock, by * kBlock,
                                             std::min(kBlock, grid.cols - bx * kBlock),
                                             std::min(kBlock, grid.rows - by * kBlock)};
            return block;
        },
        [&](CellBlock& block) {
            auto& worker = workers.local();
            if (!worker)
                worker = std::make_unique<PopulationWorker>(run, source, to_admin.get(),
                                                            to_hazard.get());
            worker->process(grid, block);
        },
        [&](CellBlock& block) {
            outcome.summary.merge(block.summary);
            outcome.features += block.cells;
            outcome.outside += block.outside_cells;
            progress.update(++done_blocks);
        });
    progress.finish();
    outcome.info.emplace_back("kind", "population (raster)");
    outcome.info.emplace_back("grid", fmt::format("{} x {} cells", grid.cols, grid.rows));
    return outcome;
}

}  // namespace jitupasna::pipeline
