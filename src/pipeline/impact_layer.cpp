#include "impact_layer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "jitupasna/core/output_schema.hpp"

namespace jitupasna::pipeline {

namespace column = core::schema::column;
using core::ExposureKind;

namespace {

// One of our columns: its name, its type, and the slot of ImpactColumns that records where it
// landed.
struct OwnColumn {
    std::string name;
    OGRFieldType type;
    int ImpactColumns::*slot;
};

// Our columns of an exposure's impact layer, in order.
std::vector<OwnColumn> own_columns(const core::ExposureConfig& config, const AdminModel& admin) {
    std::vector<OwnColumn> own = {{column::kAdminCode, OFTString, &ImpactColumns::admin_code},
                                  {column::kAdminName, OFTString, &ImpactColumns::admin_name}};
    if (admin.sub) {
        own.push_back({admin.sub->name + "_code", OFTString, &ImpactColumns::sub_code});
        own.push_back({admin.sub->name + "_name", OFTString, &ImpactColumns::sub_name});
    }
    own.push_back({column::kHazardValue, OFTReal, &ImpactColumns::value});
    own.push_back({column::kHazardClass, OFTString, &ImpactColumns::hazard_class});
    own.push_back({column::kAssetType, OFTString, &ImpactColumns::asset_type});
    const ExposureKind kind = config.kind;
    if (config.number_field || kind != ExposureKind::structure)
        own.push_back({column::kCount, OFTReal, &ImpactColumns::count});
    if (kind == ExposureKind::road)
        own.push_back({column::kLengthM, OFTReal, &ImpactColumns::length_m});
    if (kind == ExposureKind::area || kind == ExposureKind::aggregate ||
        kind == ExposureKind::population)
        own.push_back({column::kAreaM2, OFTReal, &ImpactColumns::area_m2});
    if (kind == ExposureKind::population)
        own.push_back({column::kPopulation, OFTReal, &ImpactColumns::population});
    return own;
}

std::string damage_state_column(const std::string& state) { return "ds_" + state; }

// The geometry type of the layer: curves become their linear multi-geometries.
OGRwkbGeometryType output_geometry_type(const core::ExposureConfig& config,
                                        const OGRFeatureDefn& in_defn) {
    OGRwkbGeometryType type = OGR_GT_Flatten(in_defn.GetGeomType());
    if (OGR_GT_IsSubClassOf(type, wkbCurvePolygon) || type == wkbMultiSurface)
        type = wkbMultiPolygon;
    if (OGR_GT_IsSubClassOf(type, wkbCurve) || type == wkbMultiCurve) type = wkbMultiLineString;
    if (config.kind != ExposureKind::structure && type == wkbUnknown)
        type = config.kind == ExposureKind::road ? wkbMultiLineString : wkbMultiPolygon;
    return type;
}

}  // namespace

std::vector<std::string> damage_states_of(const core::ExposureConfig& config,
                                          const core::DamageModel& damage) {
    std::vector<std::string> states;
    for (const auto& [type, name] : config.vulnerability_of_type)
        for (const auto& state : damage.functions.at(name).damage_states())
            if (std::find(states.begin(), states.end(), state) == states.end())
                states.push_back(state);
    return states;
}

ImpactLayerSpec impact_layer_spec(const core::ExposureConfig& config, const OGRFeatureDefn& input,
                                  const std::string& input_description,
                                  const OGRSpatialReference& srs, const AdminModel& admin,
                                  const core::DamageModel& damage, std::size_t realizations) {
    ImpactLayerSpec out;
    io::LayerSpec& spec = out.spec;
    ImpactColumns& columns = out.columns;
    spec.name = core::schema::impact_layer(config.name);
    spec.description = fmt::format("Dampak per aset: {} ({}, {})", config.name,
                                   core::kind_name(config.kind), input_description);
    spec.srs = &srs;
    spec.geometry_type = output_geometry_type(config, input);

    const std::vector<OwnColumn> own = own_columns(config, admin);
    const std::vector<std::string> states =
        config.has_vulnerability() ? damage_states_of(config, damage) : std::vector<std::string>{};
    std::set<std::string> taken;
    for (const auto& c : own) taken.insert(c.name);
    if (config.has_vulnerability()) {
        for (const auto& state : states) taken.insert(damage_state_column(state));
        taken.insert({column::kDamageRatio, column::kKerusakanRp});
        for (std::size_t c = 1; c < core::kCategoryCount; ++c)
            taken.insert(core::kCategoryNames[c]);
    }
    for (int i = 0; i < input.GetFieldCount(); ++i) {
        OGRFieldDefn field(input.GetFieldDefn(i));
        std::string name = field.GetNameRef();
        while (taken.count(name)) name = "src_" + name;
        taken.insert(name);
        field.SetName(name.c_str());
        spec.add_field(field);
    }
    int next = input.GetFieldCount();
    for (const auto& c : own) {
        spec.add_field(c.name.c_str(), c.type);
        columns.*c.slot = next++;
    }
    if (!config.has_vulnerability()) return out;
    for (const auto& state : states) {
        spec.add_field(damage_state_column(state).c_str(), OFTReal);
        columns.damage_states.emplace_back(state, next++);
    }
    if (realizations > 0 && config.kind == ExposureKind::structure) {
        for (const auto& state : states) {
            spec.add_field((damage_state_column(state) + "_std").c_str(), OFTReal);
            columns.damage_states_std.emplace_back(state, next++);
        }
    }
    spec.add_field(column::kDamageRatio, OFTReal);
    columns.damage_ratio = next++;
    for (std::size_t c = 1; c < core::kCategoryCount; ++c) {
        spec.add_field(core::kCategoryNames[c], OFTReal);
        columns.category[c] = next++;
    }
    spec.add_field(column::kKerusakanRp, OFTReal);
    columns.kerusakan = next++;
    return out;
}

void set_or_null(OGRFeature& feature, int field, const std::optional<double>& value) {
    if (field < 0) return;
    if (value)
        feature.SetField(field, *value);
    else
        feature.SetFieldNull(field);
}

void set_admin_fields(const ImpactColumns& c, const AdminModel& admin, OGRFeature& out,
                      std::optional<std::size_t> finest) {
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

void write_damage(const ImpactColumns& c, const DamageTotals& totals, core::Measures& m,
                  OGRFeature& out) {
    m.damaged = totals.units;
    m.damaged_measure = totals.measure;
    m.kerusakan = totals.kerusakan;
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

}  // namespace jitupasna::pipeline
