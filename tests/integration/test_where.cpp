// `where:` keeps only the features an OGR attribute filter selects (as ogr2ogr -where): one
// kabupaten/kota of a province's layer without clipping it by hand.

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

fs::path demo_with_admin_where(const fs::path& dir, const std::string& where) {
    const fs::path scenario = copy_demo(dir);
    const std::string text = read_text(scenario);
    const std::string anchor = "  code_field: kode\n";
    EXPECT_NE(text.find(anchor), std::string::npos) << "demo.yaml changed";
    write_text(scenario, replace_all(text, anchor, anchor + "  where: \"" + where + "\"\n"));
    return scenario;
}

}  // namespace

// Buildings of the demo that the counting rules give to `unit` when it is the only admin unit:
// the centroid inside it, or the footprint overlapping it by area (worked out here with OGR,
// not by the tool).
long long buildings_for_lone_unit(const fs::path& dir, const std::string& code) {
    Dataset admin = open_vector(dir / "kabupaten.gpkg");
    OGRLayer* units = admin->GetLayerByName("kabkota");
    units->SetAttributeFilter(("kode = '" + code + "'").c_str());
    std::unique_ptr<OGRFeature> unit(units->GetNextFeature());
    if (!unit) {
        ADD_FAILURE() << "no unit " << code;
        return -1;
    }
    const OGRGeometry* area = unit->GetGeometryRef();
    OGRSpatialReference utm = make_srs("EPSG:32748");
    OGRSpatialReference lonlat = make_srs("EPSG:4326");
    std::unique_ptr<OGRCoordinateTransformation> to_lonlat(
        OGRCreateCoordinateTransformation(&utm, &lonlat));
    Dataset buildings = open_vector(dir / "bangunan.gpkg");
    long long count = 0;
    for (auto& feature : *buildings->GetLayer(0)) {
        std::unique_ptr<OGRGeometry> footprint(feature->GetGeometryRef()->clone());
        footprint->transform(to_lonlat.get());
        OGRPoint centroid;
        footprint->Centroid(&centroid);
        std::unique_ptr<OGRGeometry> shared(footprint->Intersection(area));
        const bool overlaps = shared && OGR_G_Area(OGRGeometry::ToHandle(shared.get())) > 0;
        if (centroid.Within(area) || overlaps) ++count;
    }
    return count;
}

// The filtered run has only Kota Sintetis; every building is still counted once, those of the
// other units as outside, and Kota Sintetis gets exactly what the rules give a lone unit (its
// own buildings, and those of its neighbours that straddle its border: `where` is the same as
// clipping the layer by hand).
TEST(AdminWhere, OneUnitAndTheRestOutside) {
    TempDir dir;
    const fs::path scenario = demo_with_admin_where(dir.path(), "kode = '99.71'");
    const fs::path one = dir / "kota.gpkg";
    const auto result = run_scenario(scenario, one);
    ASSERT_EQ(result.exit_code, 0) << result.err;

    const auto admin = read_rows(one, "admin_summary");
    ASSERT_EQ(admin.size(), 1u);
    EXPECT_EQ(admin[0].str("admin_code"), "99.71");
    const long long expected = buildings_for_lone_unit(dir.path(), "99.71");
    EXPECT_GT(expected, 0);
    EXPECT_EQ(admin[0].num("bangunan_total"), static_cast<double>(expected));
    const auto counts = summary_counts(one);
    const double total = static_cast<double>(count_features(dir / "bangunan.gpkg"));
    EXPECT_EQ(exposure_total(counts, "bangunan"), total);
    double outside = 0;
    for (const auto& [key, count] : counts)
        if (std::get<0>(key) == kOutside && std::get<1>(key) == "bangunan") outside += count;
    EXPECT_EQ(outside, total - static_cast<double>(expected));
    EXPECT_EQ(run_info(one).at("input.admin.features"), "1");
    // check names the filter.
    const auto check = run_cli({"check", scenario.string()});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(check.out.find("where kode = '99.71'"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find("1 units"), std::string::npos) << check.out;
}

TEST(AdminWhere, FilterOgrCannotParseIsAConfigError) {
    TempDir dir;
    const fs::path scenario = demo_with_admin_where(dir.path(), "kode = = '99.71'");
    const auto result = run_cli({"check", scenario.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    EXPECT_NE(result.err.find("admin.where 'kode = = '99.71'' is not a filter"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("kabupaten.gpkg layer kabkota"), std::string::npos) << result.err;
}

TEST(AdminWhere, FilterThatKeepsNothingIsAConfigError) {
    TempDir dir;
    const fs::path scenario = demo_with_admin_where(dir.path(), "kode = '36.01'");
    const auto result = run_scenario(scenario, dir / "hasil.gpkg");
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    EXPECT_NE(result.err.find("admin.where 'kode = '36.01'' matches no feature of kabupaten.gpkg"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(fs::exists(dir / "hasil.gpkg"));
}
