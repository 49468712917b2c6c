// The demo scenario on the generated synthetic data: every layer is written, every input feature
// is counted exactly once, the summaries agree with each other, and the result does not depend
// on the number of threads or the batch size.

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

struct DemoExposure {
    std::string name;
    std::string file;
    std::string id_field;
};
const std::vector<DemoExposure> kExposures = {{"bangunan", "bangunan.gpkg", "id_bangunan"},
                                              {"fasilitas", "fasilitas.geojson", "nama"}};
const std::vector<std::string> kClassColumns = {"tinggi", "sedang", "rendah", "not_affected",
                                                "not_exposed"};

// Every feature of a layer: attributes as text (NULL marked) and geometry as WKB.
std::vector<std::pair<std::string, std::string>> features_of(const fs::path& gpkg,
                                                             const std::string& layer_name) {
    std::vector<std::pair<std::string, std::string>> out;
    Dataset ds = open_vector(gpkg);
    if (!ds) {
        ADD_FAILURE() << "cannot open " << gpkg;
        return out;
    }
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    if (!layer) {
        ADD_FAILURE() << "no layer " << layer_name;
        return out;
    }
    for (auto& feature : *layer) {
        std::string attributes;
        for (int i = 0; i < feature->GetFieldCount(); ++i) {
            attributes += feature->GetFieldDefnRef(i)->GetNameRef();
            attributes += feature->IsFieldSetAndNotNull(i)
                              ? "=" + std::string(feature->GetFieldAsString(i))
                              : std::string(" NULL");
            attributes += "|";
        }
        std::string wkb;
        if (const OGRGeometry* geometry = feature->GetGeometryRef()) {
            wkb.resize(geometry->WkbSize());
            geometry->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()),
                                  wkbVariantIso);
        }
        out.emplace_back(std::move(attributes), std::move(wkb));
    }
    return out;
}

}  // namespace

TEST(DemoRun, WritesAllLayersAndCountsEveryFeatureOnce) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const fs::path out = dir / "demo.gpkg";
    const auto result = run_cli({"run", scenario.string(), "-o", out.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("bangunan: 3000 features"), std::string::npos) << result.err;

    const auto layers = layer_names(out);
    for (const char* layer :
         {"impact_summary", "admin_summary", "impact_bangunan", "impact_fasilitas", "run_info"})
        EXPECT_EQ(layers.count(layer), 1u) << layer;

    // Column types and geometry types of the summary layers.
    {
        Dataset ds = open_vector(out);
        ASSERT_TRUE(ds);
        OGRLayer* summary = ds->GetLayerByName("impact_summary");
        ASSERT_NE(summary, nullptr);
        EXPECT_EQ(summary->GetGeomType(), wkbNone);
        const OGRFeatureDefn* defn = summary->GetLayerDefn();
        for (const char* text :
             {"admin_code", "admin_name", "exposure", "asset_type", "hazard_class"}) {
            const int index = defn->GetFieldIndex(text);
            ASSERT_GE(index, 0) << text;
            EXPECT_EQ(defn->GetFieldDefn(index)->GetType(), OFTString) << text;
        }
        ASSERT_GE(defn->GetFieldIndex("count"), 0);
        EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("count"))->GetType(), OFTReal);
        OGRLayer* admin = ds->GetLayerByName("admin_summary");
        ASSERT_NE(admin, nullptr);
        EXPECT_EQ(wkbFlatten(admin->GetGeomType()), wkbMultiPolygon);
        OGRLayer* info_layer = ds->GetLayerByName("run_info");
        ASSERT_NE(info_layer, nullptr);
        EXPECT_EQ(info_layer->GetGeomType(), wkbNone);
        for (const auto& [exposure, type] :
             {std::pair<std::string, OGRwkbGeometryType>{"bangunan", wkbMultiPolygon},
              {"fasilitas", wkbPoint}}) {
            OGRLayer* impact = ds->GetLayerByName(("impact_" + exposure).c_str());
            ASSERT_NE(impact, nullptr) << exposure;
            EXPECT_EQ(wkbFlatten(impact->GetGeomType()), type) << exposure;
            EXPECT_EQ(impact->GetLayerDefn()
                          ->GetFieldDefn(impact->GetLayerDefn()->GetFieldIndex("hazard_value"))
                          ->GetType(),
                      OFTReal);
        }
    }

    const auto counts = summary_counts(out);
    const auto admin_rows = read_rows(out, "admin_summary");
    ASSERT_EQ(admin_rows.size(), 4u);  // 99.01, 99.02, 99.03, 99.71
    const auto info = run_info(out);

    for (const auto& exposure : kExposures) {
        SCOPED_TRACE(exposure.name);
        // The input, counted independently with OGR.
        const long long n = count_features(demo_dir() / exposure.file);
        ASSERT_GT(n, 0);
        const double expected = static_cast<double>(n);
        EXPECT_EQ(exposure_total(counts, exposure.name), expected);
        EXPECT_EQ(count_features(out, "impact_" + exposure.name), n);
        EXPECT_EQ(info.at("input.exposure." + exposure.name + ".features"), std::to_string(n));

        // admin_summary totals + the outside rows of impact_summary = all features.
        double units_total = 0, outside = 0;
        for (const auto& row : admin_rows) units_total += row.num(exposure.name + "_total");
        for (const auto& [key, count] : counts)
            if (std::get<0>(key) == kOutside && std::get<1>(key) == exposure.name) outside += count;
        EXPECT_GT(outside, 0);  // the demo has an eastern strip outside every unit
        EXPECT_EQ(units_total + outside, expected);

        // Each admin_summary column = the impact_summary rows it summarises.
        for (const auto& row : admin_rows) {
            const std::string code = row.str("admin_code");
            double affected = 0, total = 0;
            for (const auto& cls : kClassColumns) {
                double sum = 0;
                for (const auto& [key, count] : counts)
                    if (std::get<0>(key) == code && std::get<1>(key) == exposure.name &&
                        std::get<3>(key) == cls)
                        sum += count;
                EXPECT_EQ(row.num(exposure.name + "_" + cls), sum) << code << " " << cls;
                total += sum;
                if (cls != "not_affected" && cls != "not_exposed") affected += sum;
            }
            EXPECT_EQ(row.num(exposure.name + "_affected"), affected) << code;
            EXPECT_EQ(row.num(exposure.name + "_total"), total) << code;
        }

        // The per-feature layer tallies to impact_summary, and keeps every input feature once.
        std::map<SummaryKey, double> tally;
        std::set<std::string> ids;
        for (const auto& row : read_rows(out, "impact_" + exposure.name)) {
            tally[{row.null("admin_code") ? kOutside : row.str("admin_code"), exposure.name,
                   row.str("asset_type"), row.str("hazard_class")}] += 1;
            EXPECT_TRUE(ids.insert(row.str(exposure.id_field)).second)
                << "twice: " << row.str(exposure.id_field);
            EXPECT_EQ(row.null("hazard_value"), row.str("hazard_class") == "not_exposed");
        }
        std::map<SummaryKey, double> from_summary;
        for (const auto& [key, count] : counts)
            if (std::get<1>(key) == exposure.name) from_summary[key] = count;
        EXPECT_EQ(tally, from_summary);
        EXPECT_EQ(static_cast<long long>(ids.size()), n);
    }

    // Attributes are carried over in input order (ids 1..N in the generated file).
    const auto buildings = read_rows(out, "impact_bangunan");
    ASSERT_EQ(buildings.size(), 3000u);
    for (std::size_t i = 0; i < buildings.size(); ++i)
        ASSERT_EQ(buildings[i].str("id_bangunan"), std::to_string(i + 1));
    EXPECT_EQ(info.at("input.exposure.bangunan.sampling"), "max");
    EXPECT_EQ(info.at("input.admin.features"), "4");
}

TEST(DemoRun, ThreadsAndBatchSizeDoNotChangeTheResult) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const std::vector<std::vector<std::string>> variants = {
        {"--threads", "1"},
        {"--threads", "2"},
        {"--threads", "2", "--batch-size", "7"},
        {"--threads", "8", "--batch-size", "7"},
        {"--threads", "1", "--batch-size", "1"},
    };
    std::vector<fs::path> outputs;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        outputs.push_back(dir / ("hasil" + std::to_string(i) + ".gpkg"));
        const auto result = run_scenario(scenario, outputs.back(), variants[i]);
        ASSERT_EQ(result.exit_code, 0) << result.err;
    }
    for (const std::string layer :
         {"impact_summary", "admin_summary", "impact_bangunan", "impact_fasilitas"}) {
        const auto reference = features_of(outputs[0], layer);
        ASSERT_FALSE(reference.empty()) << layer;
        for (std::size_t i = 1; i < outputs.size(); ++i) {
            const auto other = features_of(outputs[i], layer);
            ASSERT_EQ(other.size(), reference.size()) << layer << " variant " << i;
            for (std::size_t f = 0; f < reference.size(); ++f) {
                ASSERT_EQ(other[f].first, reference[f].first)
                    << layer << " variant " << i << " row " << f;
                ASSERT_EQ(other[f].second, reference[f].second)
                    << layer << " variant " << i << " geometry of row " << f;
            }
        }
    }
    for (std::size_t i = 0; i < outputs.size(); ++i)
        EXPECT_EQ(run_info(outputs[i]).at("threads"), variants[i][1]);
}
