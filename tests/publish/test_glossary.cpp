// The glossary covers what a planner reads: the real binary runs the demo with damage, and
// every column of the summary and recap tables, and every column jitupasna adds to an
// impact_<exposure> layer, must have a glossary entry (label, unit, description). A few labels
// and units are checked by hand.

#include <set>

#include "integration/gis_fixtures.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/glossary.hpp"
#include "jitupasna/core/output_schema.hpp"

namespace jitupasna {
namespace {

namespace glossary = core::glossary;
namespace schema = core::schema;
using namespace jitupasna::test;

std::vector<std::string> fields_of(GDALDataset& ds, const std::string& layer_name) {
    std::vector<std::string> fields;
    OGRLayer* layer = ds.GetLayerByName(layer_name.c_str());
    if (!layer) {
        ADD_FAILURE() << "no layer " << layer_name;
        return fields;
    }
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    return fields;
}

std::vector<std::pair<std::string, std::string>> run_info_of(const fs::path& gpkg) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (const Row& row : read_rows(gpkg, schema::kRunInfo))
        rows.emplace_back(row.str(schema::column::kKey), row.str(schema::column::kValue));
    return rows;
}

class GlossaryOfDemo : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<TempDir>();
        copy_demo(dir_->path());
        const fs::path scenario = dir_->path() / "demo-damage.yaml";
        fs::copy_file(source_dir() / "data" / "demo" / "demo-damage.yaml", scenario,
                      fs::copy_options::overwrite_existing);
        gpkg_ = dir_->path() / "damage.gpkg";
        const auto r =
            run_cli({"run", scenario.string(), "-o", gpkg_.string(), "-q", "--no-report"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto facts = schema::facts_from_run_info(run_info_of(gpkg_), gpkg_.string());
        ASSERT_TRUE(facts.has_value());
        facts_ = *facts;
        context_ = glossary::context_of(facts_);
    }
    static void TearDownTestSuite() { dir_.reset(); }

    static inline std::unique_ptr<TempDir> dir_;
    static inline fs::path gpkg_;
    static inline schema::OutputFacts facts_;
    static inline glossary::Context context_;
};

TEST_F(GlossaryOfDemo, EveryColumnOfTheTablesHasAnEntry) {
    ASSERT_TRUE(facts_.recap);
    Dataset ds = open_vector(gpkg_);
    ASSERT_TRUE(ds);
    std::size_t checked = 0;
    for (const char* table : {schema::kAdminSummary, schema::kImpactSummary, schema::kSectorTable,
                              schema::kClusterTable, schema::kPopulationNeeds}) {
        for (const auto& field : fields_of(*ds, table)) {
            const auto entry = glossary::lookup(field, context_);
            EXPECT_TRUE(entry) << table << "." << field << " has no glossary entry";
            if (!entry) continue;
            EXPECT_EQ(entry->key, field);
            EXPECT_FALSE(entry->label.empty()) << table << "." << field;
            EXPECT_FALSE(entry->description.empty()) << table << "." << field;
            ++checked;
        }
    }
    EXPECT_GT(checked, 40u);
}

TEST_F(GlossaryOfDemo, JitupasnasOwnColumnsOfImpactLayersHaveAnEntry) {
    Dataset ds = open_vector(gpkg_);
    ASSERT_TRUE(ds);
    // The demo's inputs: their own fields keep their names.
    const std::map<std::string, std::pair<std::string, std::string>> inputs = {
        {"bangunan", {"bangunan.gpkg", "bangunan"}}, {"fasilitas", {"fasilitas.geojson", ""}}};
    for (const auto& e : facts_.exposures) {
        if (e.raster) continue;
        const auto input = inputs.find(e.name);
        ASSERT_NE(input, inputs.end()) << e.name;
        Dataset source = open_vector(dir_->path() / input->second.first);
        ASSERT_TRUE(source);
        OGRLayer* layer = input->second.second.empty()
                              ? source->GetLayer(0)
                              : source->GetLayerByName(input->second.second.c_str());
        ASSERT_TRUE(layer);
        std::set<std::string> own;
        for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
            own.insert(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
        std::size_t ours = 0;
        for (const auto& field : fields_of(*ds, schema::impact_layer(e.name))) {
            if (own.count(field)) continue;
            ++ours;
            EXPECT_TRUE(glossary::lookup(field, context_, glossary::Scope::impact_layer))
                << schema::impact_layer(e.name) << "." << field << " has no glossary entry";
        }
        EXPECT_GT(ours, 3u) << e.name;
    }
}

TEST_F(GlossaryOfDemo, LabelsAndUnitsByHand) {
    auto entry = [&](const std::string& field) {
        return glossary::lookup(field, context_).value_or(glossary::Entry{});
    };
    EXPECT_EQ(entry("bangunan_rusak_berat").label, "Bangunan Rusak Berat");
    EXPECT_EQ(entry("bangunan_rusak_berat").unit, "unit");
    EXPECT_EQ(entry("bangunan_tinggi").label, "Bangunan: Kelas Tinggi");
    EXPECT_EQ(entry("bangunan_not_exposed").label, "Bangunan: Tidak terpapar");
    EXPECT_EQ(entry("bangunan_affected").label, "Bangunan Terdampak");
    EXPECT_EQ(entry("bangunan_total").label, "Jumlah Bangunan");
    EXPECT_EQ(entry("kerusakan_rp").label, "Nilai Kerusakan (Rp)");
    EXPECT_EQ(entry("kerusakan_rp").unit, "Rp");
    EXPECT_EQ(entry("pengungsi").unit, "jiwa");
    EXPECT_EQ(entry("beras_kg_per_minggu").label, "Beras (kg per minggu)");
    EXPECT_EQ(entry("beras_kg_per_minggu").unit, "kg");
    EXPECT_EQ(entry("jamban_unit_per_sekali").label, "Jamban (unit, sekali)");
    EXPECT_EQ(entry("sub_sektor").label, "Subsektor");
    EXPECT_EQ(entry("peringkat_prioritas").unit, "");
    EXPECT_FALSE(glossary::lookup("osm_id", context_));
}

TEST(Glossary, UnitsOfRoadsAreasAndPeople) {
    glossary::Context c;
    c.exposures = {"jalan", "sawah", "penduduk_raster"};
    c.people = {"penduduk_raster"};
    c.hazard_classes = {"tinggi", "not_affected", "not_exposed"};
    EXPECT_EQ(glossary::lookup("jalan_affected_km", c)->unit, "km");
    EXPECT_EQ(glossary::lookup("jalan_affected_km", c)->label, "Jalan Terdampak (km)");
    EXPECT_EQ(glossary::lookup("sawah_tinggi_ha", c)->unit, "ha");
    EXPECT_EQ(glossary::lookup("penduduk_raster_affected", c)->unit, "jiwa");
    EXPECT_EQ(glossary::lookup("length_m", c)->unit, "m");
    // Damage of roads and areas per category in their measure, never feature shares.
    EXPECT_EQ(glossary::lookup("jalan_rusak_berat_km", c)->label, "Jalan Rusak Berat (km)");
    EXPECT_EQ(glossary::lookup("jalan_rusak_berat_km", c)->unit, "km");
    EXPECT_EQ(glossary::lookup("sawah_rusak_sedang_ha", c)->unit, "ha");
}

TEST(Glossary, AdminLevelTitles) {
    EXPECT_EQ(glossary::level_title("kabkota"), "Kabupaten/Kota");
    EXPECT_EQ(glossary::level_title("kecamatan"), "Kecamatan");
    EXPECT_EQ(glossary::level_title("kelurahan"), "Desa/Kelurahan");
    EXPECT_EQ(glossary::level_title("desa"), "Desa/Kelurahan");
    EXPECT_EQ(glossary::level_title("rw_kumuh"), "Rw Kumuh");  // another name as words
    EXPECT_EQ(glossary::lookup("parent_name", {})->label, "Nama Wilayah Induk");
    EXPECT_EQ(glossary::lookup("satuan", {})->label, "Satuan");
}

// A list of PDs in one text column reads back as written; spaces and empty items are not names.
TEST(OutputSchema, NamesJoinAndSplitBack) {
    const std::vector<std::string> names = {"Dinas A", "Biro Kesejahteraan Rakyat", "BPBD"};
    EXPECT_EQ(schema::join_names(names), "Dinas A; Biro Kesejahteraan Rakyat; BPBD");
    EXPECT_EQ(schema::split_names(schema::join_names(names)), names);
    EXPECT_EQ(schema::split_names(" Dinas A ;; Dinas B;"),
              (std::vector<std::string>{"Dinas A", "Dinas B"}));
    EXPECT_TRUE(schema::split_names("").empty());
    EXPECT_EQ(schema::join_names({}), "");
}

TEST(OutputFacts, RoadDamageColumnsCarryTheirUnit) {
    core::schema::ExposureFacts road{"jalan", core::ExposureKind::road, false, true};
    core::schema::ExposureFacts houses{"rumah", core::ExposureKind::structure, false, true};
    EXPECT_EQ(road.category_column("rusak_berat"), "jalan_rusak_berat_km");
    EXPECT_EQ(houses.category_column("rusak_berat"), "rumah_rusak_berat");
}

TEST(OutputFacts, TheTerdampakThresholdIsRecorded) {
    core::schema::OutputFacts facts;
    facts.main_level = "kelurahan";
    facts.recap = true;
    facts.terdampak = core::AffectedThreshold{2, 250.5};
    const auto rows = core::schema::to_run_info(facts);
    const auto back = core::schema::facts_from_run_info(rows, "t.gpkg");
    ASSERT_TRUE(back && back->terdampak);
    EXPECT_EQ(back->main_level, "kelurahan");
    EXPECT_EQ(back->terdampak->min_houses_damaged, 2);
    EXPECT_EQ(back->terdampak->min_people_exposed, 250.5);
    // An output from before the threshold: none, no error.
    facts.terdampak.reset();
    EXPECT_FALSE(
        core::schema::facts_from_run_info(core::schema::to_run_info(facts), "t.gpkg")->terdampak);
    // A threshold that is not a number is named.
    auto bad = rows;
    for (auto& [key, value] : bad)
        if (key == "output.terdampak.min_people_exposed") value = "banyak";
    try {
        core::schema::facts_from_run_info(bad, "t.gpkg");
        ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("output.terdampak.min_people_exposed' is 'banyak'"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace jitupasna
