// Real data (../shared/data/jakarta): OSM buildings x HKV flood depth x the 5 kota of DKI
// Jakarta, through data/scenarios/jakarta-flood.yaml. Skipped when the shared data is absent.
//
// The centroid test recomputes every building's admin unit and hazard class with plain OGR/GDAL
// calls written here (no jitupasna code), and compares the counts with impact_summary exactly.

#include <cmath>

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

constexpr long long kJakartaBuildings = 7689;

// data/scenarios/jakarta-flood.yaml with its inputs pointed at `shared` (so that
// $JITUPASNA_SHARED_DATA elsewhere works too), `from` replaced by `to`.
fs::path jakarta_scenario(const fs::path& dir, const fs::path& shared, const std::string& from = "",
                          const std::string& to = "") {
    std::string text = read_text(source_dir() / "data" / "scenarios" / "jakarta-flood.yaml");
    EXPECT_NE(text.find("../../../shared/data/"), std::string::npos);
    text = replace_all(text, "../../../shared/data/", shared.string() + "/");
    if (!from.empty()) {
        EXPECT_NE(text.find(from), std::string::npos) << from;
        text = replace_all(text, from, to);
    }
    const fs::path scenario = dir / "jakarta.yaml";
    write_text(scenario, text);
    return scenario;
}

struct OgrDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using Geom = std::unique_ptr<OGRGeometry, OgrDeleter>;

std::string classify(std::optional<double> v) {
    // jakarta-flood.yaml: tinggi (1.5, inf), sedang (0.7, 1.5], rendah (0.1, 0.7]
    if (!v) return "not_exposed";
    if (*v > 1.5) return "tinggi";
    if (*v > 0.7 && *v <= 1.5) return "sedang";
    if (*v > 0.1 && *v <= 0.7) return "rendah";
    return "not_affected";
}

std::string asset_type(const OGRFeature& feature) {
    // jakarta-flood.yaml: types of the TYPE field; anything else (or NULL) is "lainnya".
    const int index = feature.GetFieldIndex("TYPE");
    if (index < 0 || !feature.IsFieldSetAndNotNull(index)) return "lainnya";
    const std::string raw = feature.GetFieldAsString(index);
    if (raw == "Residential") return "rumah";
    if (raw == "School" || raw == "University/College") return "sekolah";
    if (raw == "Hospital" || raw == "Clinic/Doctor") return "kesehatan";
    return "lainnya";
}

std::unique_ptr<OGRCoordinateTransformation> transform_between(const OGRSpatialReference* from,
                                                               const OGRSpatialReference* to) {
    if (!from || !to || from->IsSame(to)) return nullptr;
    return std::unique_ptr<OGRCoordinateTransformation>(
        OGRCreateCoordinateTransformation(from, to));
}

// Counts per (admin_code, exposure, asset_type, hazard_class) for `sampling: centroid`.
std::map<SummaryKey, double> independent_centroid_counts(const fs::path& jakarta) {
    std::map<SummaryKey, double> counts;
    GDALAllRegister();

    // Admin units, in layer order; invalid polygons repaired (GEOS MakeValid through OGR).
    Dataset admin_ds = open_vector(jakarta / "kabupaten_jakarta.shp");
    EXPECT_TRUE(admin_ds);
    if (!admin_ds) return counts;
    OGRLayer* admin_layer = admin_ds->GetLayer(0);
    OGRSpatialReference admin_crs(*admin_layer->GetSpatialRef());
    admin_crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<std::pair<std::string, Geom>> units;
    for (auto& feature : *admin_layer) {
        Geom geometry(feature->GetGeometryRef()->clone());
        if (!geometry->IsValid()) geometry.reset(geometry->MakeValid());
        EXPECT_TRUE(geometry && geometry->IsValid());
        units.emplace_back(feature->GetFieldAsString("ID"), std::move(geometry));
    }
    EXPECT_EQ(units.size(), 5u);

    // The hazard grid.
    Dataset raster(GDALDataset::Open(
        (jakarta / "Flood_Current_Depth_Jakarta_geographic.asc").c_str(), GDAL_OF_RASTER));
    EXPECT_TRUE(raster);
    if (!raster) return counts;
    double gt[6];
    EXPECT_EQ(raster->GetGeoTransform(gt), CE_None);
    GDALRasterBand* band = raster->GetRasterBand(1);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    OGRSpatialReference raster_crs(*raster->GetSpatialRef());
    raster_crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    auto cell_value = [&](double x, double y) -> std::optional<double> {
        const double col = std::floor((x - gt[0]) / gt[1]);
        const double row = std::floor((y - gt[3]) / gt[5]);
        if (col < 0 || row < 0 || col >= band->GetXSize() || row >= band->GetYSize())
            return std::nullopt;
        double value = 0;
        if (band->RasterIO(GF_Read, static_cast<int>(col), static_cast<int>(row), 1, 1, &value, 1,
                           1, GDT_Float64, 0, 0, nullptr) != CE_None) {
            ADD_FAILURE() << "RasterIO failed";
            return std::nullopt;
        }
        if (std::isnan(value) || (has_nodata && value == nodata)) return std::nullopt;
        return value;
    };

    Dataset buildings = open_vector(jakarta / "jakarta_building.gpkg");
    EXPECT_TRUE(buildings);
    if (!buildings) return counts;
    OGRLayer* layer = buildings->GetLayer(0);
    OGRSpatialReference building_crs(*layer->GetSpatialRef());
    building_crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const auto to_admin = transform_between(&building_crs, &admin_crs);
    const auto to_raster = transform_between(&building_crs, &raster_crs);

    for (auto& feature : *layer) {
        const OGRGeometry* geometry = feature->GetGeometryRef();
        std::string code = kOutside;
        std::optional<double> value;
        if (geometry && !geometry->IsEmpty()) {
            // Admin unit: the (first) unit whose polygon contains or touches the centroid, else
            // the one sharing the largest area, else none.
            Geom in_admin(geometry->clone());
            if (to_admin) {
                EXPECT_EQ(in_admin->transform(to_admin.get()), OGRERR_NONE);
            }
            OGRPoint centroid;
            EXPECT_EQ(in_admin->Centroid(&centroid), OGRERR_NONE);
            bool found = false;
            for (const auto& [unit_code, polygon] : units) {
                if (polygon->Intersects(&centroid)) {
                    code = unit_code;
                    found = true;
                    break;
                }
            }
            if (!found) {
                double best = 0;
                for (const auto& [unit_code, polygon] : units) {
                    if (!polygon->Intersects(in_admin.get())) continue;
                    Geom overlap(polygon->Intersection(in_admin.get()));
                    if (!overlap) {
                        Geom valid(in_admin->MakeValid());
                        if (valid) overlap.reset(polygon->Intersection(valid.get()));
                    }
                    const auto* surface =
                        overlap ? dynamic_cast<OGRSurface*>(overlap.get()) : nullptr;
                    const auto* collection =
                        overlap ? dynamic_cast<OGRGeometryCollection*>(overlap.get()) : nullptr;
                    const double area = surface      ? surface->get_Area()
                                        : collection ? collection->get_Area()
                                                     : 0.0;
                    if (area > best) {
                        best = area;
                        code = unit_code;
                    }
                }
            }
            // Hazard: the cell under the centroid (computed in the raster's CRS).
            Geom in_raster(geometry->clone());
            if (to_raster) {
                EXPECT_EQ(in_raster->transform(to_raster.get()), OGRERR_NONE);
            }
            OGRPoint raster_centroid;
            EXPECT_EQ(in_raster->Centroid(&raster_centroid), OGRERR_NONE);
            value = cell_value(raster_centroid.getX(), raster_centroid.getY());
        }
        counts[{code, "bangunan", asset_type(*feature), classify(value)}] += 1;
    }
    return counts;
}

}  // namespace

TEST(JakartaReal, RunWritesAllLayersAndCountsAddUp) {
    REQUIRE_SHARED_DATA(shared);
    TempDir dir;
    const fs::path scenario = jakarta_scenario(dir.path(), shared);
    const fs::path out = dir / "jakarta.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;

    const auto layers = layer_names(out);
    for (const char* layer : {"impact_summary", "admin_summary", "impact_bangunan", "run_info"})
        EXPECT_EQ(layers.count(layer), 1u) << layer;
    EXPECT_EQ(count_features(shared / "jakarta" / "jakarta_building.gpkg"), kJakartaBuildings);

    const auto counts = summary_counts(out);
    EXPECT_EQ(exposure_total(counts, "bangunan"), static_cast<double>(kJakartaBuildings));
    EXPECT_EQ(count_features(out, "impact_bangunan"), kJakartaBuildings);

    const auto units = read_rows(out, "admin_summary");
    EXPECT_EQ(units.size(), 5u);
    double total = 0;
    for (const auto& row : units) total += row.num("bangunan_total");
    for (const auto& [key, count] : counts)
        if (std::get<0>(key) == kOutside) total += count;
    EXPECT_EQ(total, static_cast<double>(kJakartaBuildings));
    EXPECT_EQ(run_info(out).at("input.exposure.bangunan.features"),
              std::to_string(kJakartaBuildings));
}

TEST(JakartaReal, CentroidCountsMatchAnIndependentOgrComputation) {
    REQUIRE_SHARED_DATA(shared);
    TempDir dir;
    const fs::path scenario =
        jakarta_scenario(dir.path(), shared, "sampling: max", "sampling: centroid");
    const fs::path out = dir / "jakarta.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(run_info(out).at("input.exposure.bangunan.sampling"), "centroid");

    const auto expected = independent_centroid_counts(shared / "jakarta");
    double n = 0;
    for (const auto& [key, count] : expected) n += count;
    ASSERT_EQ(n, static_cast<double>(kJakartaBuildings));

    const auto actual = summary_counts(out);
    std::set<SummaryKey> keys;
    for (const auto& [key, count] : expected) keys.insert(key);
    for (const auto& [key, count] : actual) keys.insert(key);
    for (const auto& key : keys) {
        const double want = expected.count(key) ? expected.at(key) : 0.0;
        const double got = actual.count(key) ? actual.at(key) : 0.0;
        EXPECT_EQ(got, want) << std::get<0>(key) << " / " << std::get<2>(key) << " / "
                             << std::get<3>(key);
    }
}
