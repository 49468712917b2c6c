#pragma once
// impact_<exposure>: the layer of one exposure's features with what the run found for each
// (admin unit, hazard, asset type, measures, damage), beside the input's own fields.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "admin_model.hpp"
#include "jitupasna/core/damage_model.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/core/summary.hpp"
#include "jitupasna/io/gpkg_writer.hpp"

namespace jitupasna::pipeline {

// Output columns of impact_<exposure> beyond the input's own (-1: not in this layer).
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

// The layer to create and where each of our columns lands in it.
struct ImpactLayerSpec {
    io::LayerSpec spec;
    ImpactColumns columns;
};

// Damage states of the functions an exposure uses, in first-seen order.
std::vector<std::string> damage_states_of(const core::ExposureConfig& config,
                                          const core::DamageModel& damage);

// The input's own fields first (prefixed with src_ where they clash with ours), then ours.
// input, input_description: the input layer's fields and its file and layer; srs: the admin CRS
// (the layer's); realizations: of the hazard (0: one), which add ds_<state>_std columns.
ImpactLayerSpec impact_layer_spec(const core::ExposureConfig& config, const OGRFeatureDefn& input,
                                  const std::string& input_description,
                                  const OGRSpatialReference& srs, const AdminModel& admin,
                                  const core::DamageModel& damage, std::size_t realizations);

// Sets a field, or NULL without a value; nothing when the field is not in the layer (-1).
void set_or_null(OGRFeature& feature, int field, const std::optional<double>& value);

// The admin columns of a feature in the finest unit `finest` (NULL when outside every unit).
void set_admin_fields(const ImpactColumns& columns, const AdminModel& admin, OGRFeature& out,
                      std::optional<std::size_t> finest);

// An asset's (or a group of pieces') damage as it builds up.
struct DamageTotals {
    std::vector<double> states;      // expected number per columns.damage_states
    std::vector<double> states_std;  // their standard deviation over realizations
    core::CategoryArray units{}, measure{}, kerusakan{};
    double ratio_sum = 0, ratio_weight = 0;
};

// The mean of the realizations' damage; the sample standard deviation (as OpenQuake's
// scenario damage) of the expected number in each damage state goes to states_std.
DamageTotals mean_of(const std::vector<DamageTotals>& each);

// Moves accumulated damage into the summary measures and the output feature's fields.
void write_damage(const ImpactColumns& columns, const DamageTotals& totals, core::Measures& m,
                  OGRFeature& out);

}  // namespace jitupasna::pipeline
