// impact_layer_spec (src/pipeline/impact_layer.hpp): the columns of impact_<exposure> in order,
// every one of ours recorded at its index, input fields that clash with ours renamed.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "impact_layer.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/core/vulnerability.hpp"

namespace {

using jitupasna::core::DamageModel;
using jitupasna::core::ExposureConfig;
using jitupasna::core::ExposureKind;
using jitupasna::pipeline::AdminLevel;
using jitupasna::pipeline::AdminModel;
using jitupasna::pipeline::impact_layer_spec;
using jitupasna::pipeline::ImpactLayerSpec;

std::vector<std::string> names_of(const ImpactLayerSpec& layer) {
    std::vector<std::string> names;
    for (const auto& field : layer.spec.fields) names.emplace_back(field->GetNameRef());
    return names;
}

std::string name_at(const ImpactLayerSpec& layer, int index) {
    EXPECT_GE(index, 0);
    EXPECT_LT(index, static_cast<int>(layer.spec.fields.size()));
    return layer.spec.fields[static_cast<std::size_t>(index)]->GetNameRef();
}

// An input layer with the given fields (all strings) and geometry type.
OGRFeatureDefn* input_layer(const std::vector<std::string>& fields, OGRwkbGeometryType type) {
    auto* defn = new OGRFeatureDefn("input");
    defn->Reference();
    defn->SetGeomType(type);
    for (const auto& name : fields) {
        OGRFieldDefn field(name.c_str(), OFTString);
        defn->AddFieldDefn(&field);
    }
    return defn;
}

struct ImpactLayerSpecTest : ::testing::Test {
    OGRSpatialReference srs;
    AdminModel admin;
    DamageModel damage;
};

TEST_F(ImpactLayerSpecTest, StructureWithASublevel) {
    AdminLevel sub;
    sub.name = "kecamatan";
    admin.sub = std::move(sub);
    ExposureConfig config;
    config.name = "bangunan";
    config.kind = ExposureKind::structure;
    OGRFeatureDefn* input = input_layer({"nama", "hazard_class"}, wkbPolygon);
    const ImpactLayerSpec layer =
        impact_layer_spec(config, *input, "b.gpkg", srs, admin, damage, 0);
    input->Release();

    EXPECT_EQ(layer.spec.name, "impact_bangunan");
    EXPECT_EQ(layer.spec.geometry_type, wkbMultiPolygon);  // polygons and multipolygons mix
    EXPECT_EQ(layer.spec.srs, &srs);
    const std::vector<std::string> expected = {"nama",         "src_hazard_class", "admin_code",
                                               "admin_name",   "kecamatan_code",   "kecamatan_name",
                                               "hazard_value", "hazard_class",     "asset_type"};
    EXPECT_EQ(names_of(layer), expected);
    const auto& c = layer.columns;
    EXPECT_EQ(name_at(layer, c.admin_code), "admin_code");
    EXPECT_EQ(name_at(layer, c.admin_name), "admin_name");
    EXPECT_EQ(name_at(layer, c.sub_code), "kecamatan_code");
    EXPECT_EQ(name_at(layer, c.sub_name), "kecamatan_name");
    EXPECT_EQ(name_at(layer, c.value), "hazard_value");
    EXPECT_EQ(name_at(layer, c.hazard_class), "hazard_class");
    EXPECT_EQ(name_at(layer, c.asset_type), "asset_type");
    // Not in this layer: no slot.
    for (int slot : {c.count, c.length_m, c.area_m2, c.population, c.damage_ratio, c.kerusakan})
        EXPECT_EQ(slot, -1);
}

TEST_F(ImpactLayerSpecTest, RoadWithDamage) {
    damage.functions.emplace("jalan", jitupasna::core::VulnerabilityFunction::curve(
                                          "jalan", {{0, 0}, {1, 0.5}, {2, 1}}));
    ExposureConfig config;
    config.name = "jalan";
    config.kind = ExposureKind::road;
    config.vulnerability_of_type["*"] = "jalan";
    OGRFeatureDefn* input = input_layer({"count", "rusak_berat"}, wkbUnknown);
    const ImpactLayerSpec layer =
        impact_layer_spec(config, *input, "j.gpkg", srs, admin, damage, 3);
    input->Release();

    EXPECT_EQ(layer.spec.geometry_type, wkbMultiLineString);  // divisible, type unknown
    const std::vector<std::string> names = names_of(layer);
    ASSERT_GE(names.size(), 9u);
    EXPECT_EQ(names[0], "src_count");
    EXPECT_EQ(names[1], "src_rusak_berat");
    const auto& c = layer.columns;
    EXPECT_EQ(c.sub_code, -1);
    EXPECT_EQ(name_at(layer, c.count), "count");
    EXPECT_EQ(name_at(layer, c.length_m), "length_m");
    EXPECT_EQ(c.area_m2, -1);
    EXPECT_EQ(name_at(layer, c.damage_ratio), "damage_ratio");
    EXPECT_EQ(name_at(layer, c.kerusakan), "kerusakan_rp");
    for (std::size_t k = 1; k < jitupasna::core::kCategoryCount; ++k)
        EXPECT_EQ(name_at(layer, c.category[k]), jitupasna::core::kCategoryNames[k]);
    for (const auto& [state, index] : c.damage_states)
        EXPECT_EQ(name_at(layer, index), "ds_" + state);
    // Realizations add spreads for structures only.
    EXPECT_TRUE(c.damage_states_std.empty());
    EXPECT_EQ(names.back(), "kerusakan_rp");
}

}  // namespace
