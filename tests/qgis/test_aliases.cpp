// The Indonesian field aliases written into the default QGIS styles and gpkg_data_columns.

#include <gtest/gtest.h>

#include "jitupasna/core/glossary.hpp"

namespace jitupasna::core::glossary {
namespace {

using schema::column_token;

// The QGIS aliases are the glossary's labels.
std::string field_alias(const std::string& field, const Context& context,
                        Scope scope = Scope::summary) {
    return label(field, context, scope);
}

Context demo_context() {
    Context context;
    context.exposures = {"rumah", "rumah_sakit", "jalan", "sawah"};
    context.hazard_classes = {"tinggi", "sedang", "rendah", "not_affected", "not_exposed"};
    context.sublevels = {"kecamatan"};
    return context;
}

TEST(FieldAlias, FixedNames) {
    const auto c = demo_context();
    EXPECT_EQ(field_alias("admin_code", c), "Kode Wilayah");
    EXPECT_EQ(field_alias("admin_name", c), "Nama Wilayah");
    EXPECT_EQ(field_alias("hazard_class", c), "Kelas Bahaya");
    EXPECT_EQ(field_alias("area_m2", c), "Luas (m²)");
    EXPECT_EQ(field_alias("kerusakan_rp", c), "Nilai Kerusakan (Rp)");
    EXPECT_EQ(field_alias("pengungsi", c), "Pengungsi (jiwa)");
    EXPECT_EQ(field_alias("skor_prioritas", c), "Skor Prioritas Pemulihan");
    EXPECT_EQ(field_alias("peringkat_prioritas", c), "Peringkat Prioritas");
}

TEST(FieldAlias, PerExposure) {
    const auto c = demo_context();
    EXPECT_EQ(field_alias("rumah_rusak_berat", c), "Rumah Rusak Berat");
    EXPECT_EQ(field_alias("rumah_hilang", c), "Rumah Hilang");
    EXPECT_EQ(field_alias("rumah_tinggi", c), "Rumah: Kelas Tinggi");
    EXPECT_EQ(field_alias("rumah_not_affected", c), "Rumah: Tidak terdampak");
    EXPECT_EQ(field_alias("rumah_affected", c), "Rumah Terdampak");
    EXPECT_EQ(field_alias("rumah_total", c), "Jumlah Rumah");
    EXPECT_EQ(field_alias("rumah_kerusakan_rp", c), "Rumah: Nilai Kerusakan (Rp)");
    // The longest exposure name wins.
    EXPECT_EQ(field_alias("rumah_sakit_total", c), "Jumlah Rumah Sakit");
    EXPECT_EQ(field_alias("rumah_sakit_rusak_berat", c), "Rumah Sakit Rusak Berat");
    // Units of roads and areas.
    EXPECT_EQ(field_alias("jalan_sedang_km", c), "Jalan: Kelas Sedang (km)");
    EXPECT_EQ(field_alias("jalan_affected_km", c), "Jalan Terdampak (km)");
    EXPECT_EQ(field_alias("sawah_total_ha", c), "Jumlah Sawah (ha)");
}

TEST(FieldAlias, DamageStatesSublevelsNeeds) {
    const auto c = demo_context();
    EXPECT_EQ(field_alias("ds_moderate", c), "Jumlah Keadaan Kerusakan Moderate");
    EXPECT_EQ(field_alias("ds_none", c), "Jumlah Keadaan Kerusakan Tidak Rusak");
    EXPECT_EQ(field_alias("ds_rusak_berat_std", c), "Simpangan Baku Keadaan Kerusakan Rusak Berat");
    EXPECT_EQ(field_alias("kecamatan_code", c), "Kode Kecamatan");
    EXPECT_EQ(field_alias("kecamatan_name", c), "Nama Kecamatan");
    EXPECT_EQ(field_alias("beras_kg_per_minggu", c), "Beras (kg per minggu)");
    EXPECT_EQ(field_alias("air_minum_liter_per_minggu", c), "Air Minum (liter per minggu)");
    EXPECT_EQ(field_alias("jamban_unit_per_sekali", c), "Jamban (unit, sekali)");
}

TEST(FieldAlias, UnknownFieldsKeepTheirName) {
    const auto c = demo_context();
    EXPECT_EQ(field_alias("osm_id", c), "");
    EXPECT_EQ(field_alias("rumah_foo", c), "");
    // In an impact layer only jitupasna's own columns get an alias, not the input's.
    EXPECT_EQ(field_alias("hazard_class", c, Scope::impact_layer), "Kelas Bahaya");
    EXPECT_EQ(field_alias("rusak_berat", c, Scope::impact_layer), "Rusak Berat");
    EXPECT_EQ(field_alias("kecamatan_code", c, Scope::impact_layer), "Kode Kecamatan");
    EXPECT_EQ(field_alias("value", c, Scope::impact_layer), "");
    EXPECT_EQ(field_alias("biaya_rp", c, Scope::impact_layer), "");
    EXPECT_EQ(field_alias("rumah_total", c, Scope::impact_layer), "");
}

TEST(FieldAlias, Display) {
    EXPECT_EQ(title_case("rusak_berat"), "Rusak Berat");
    EXPECT_EQ(class_display("not_exposed"), "Tidak terpapar");
    EXPECT_EQ(class_display("MMI VII+"), "MMI VII+");
    EXPECT_EQ(category_display("rusak_sedang"), "Rusak sedang");
    EXPECT_EQ(column_token("MMI VII+"), "mmi_vii_");
}

}  // namespace
}  // namespace jitupasna::core::glossary
