// Errors that blame the right thing: a coordinate that is not a number or lies off any map, and
// an admin unit without a code, are caught when the feature is read, naming the file, the layer
// and the feature (its FID), for every kind of vector input (admin, exposure, vector hazard),
// in `run` and, where `check` reads the features (the admin layers), in `check` too. Nothing is
// written and no input changes.
//
// The world, in UTM 48S local metres (reliability_support.hpp): one admin unit A, the box
// x 0-100, y 0-40; a hazard grid of 10 x 4 cells of 10 m over it, all 1.0 (class "sedang").
// Features are written one by one in the order given, so a GeoPackage gives them FIDs 1, 2, 3...

#include <limits>
#include <map>
#include <memory>

#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A square ring of local coordinates, with one vertex replaced by (bad_x, bad_y) when given.
std::unique_ptr<OGRPolygon> square(double x0, double y0, double x1, double y1,
                                   std::optional<std::pair<double, double>> bad = std::nullopt,
                                   double offset_x = X0, double offset_y = Y0) {
    OGRLinearRing ring;
    ring.addPoint(offset_x + x0, offset_y + y0);
    if (bad)
        ring.addPoint(bad->first, bad->second);
    else
        ring.addPoint(offset_x + x1, offset_y + y0);
    ring.addPoint(offset_x + x1, offset_y + y1);
    ring.addPoint(offset_x + x0, offset_y + y1);
    ring.addPoint(offset_x + x0, offset_y + y0);
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRing(&ring);
    return polygon;
}

std::unique_ptr<OGRPoint> point(double x, double y) { return std::make_unique<OGRPoint>(x, y); }

// One feature to write: geometry (nullptr: none) and text fields (nullopt: NULL).
struct Item {
    std::unique_ptr<OGRGeometry> geometry;
    std::vector<std::optional<std::string>> values;
};

// A one-layer GeoPackage made from geometries built in code: WKT cannot spell NaN.
void write_layer(const fs::path& path, const std::string& layer_name, const std::string& crs,
                 OGRwkbGeometryType type, const std::vector<std::string>& fields,
                 std::vector<Item> items) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(driver, nullptr);
    Dataset ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(ds, nullptr) << path;
    const OGRSpatialReference srs = make_srs(crs);
    // No R-tree: SQLite's would refuse the NaN boxes that some files in the wild carry anyway.
    const char* options[] = {"SPATIAL_INDEX=NO", nullptr};
    OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), const_cast<OGRSpatialReference*>(&srs),
                                      type, const_cast<char**>(options));
    ASSERT_NE(layer, nullptr);
    for (const auto& name : fields) {
        OGRFieldDefn defn(name.c_str(), OFTString);
        ASSERT_EQ(layer->CreateField(&defn), OGRERR_NONE);
    }
    for (auto& item : items) {
        OGRFeature feature(layer->GetLayerDefn());
        if (item.geometry) feature.SetGeometryDirectly(item.geometry.release());
        for (std::size_t i = 0; i < item.values.size(); ++i) {
            if (item.values[i])
                feature.SetField(static_cast<int>(i), item.values[i]->c_str());
            else
                feature.SetFieldNull(static_cast<int>(i));
        }
        ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    }
}

class ReliabilityBlame : public ::testing::Test {
  protected:
    TempDir dir;

    void SetUp() override {
        RasterSpec grid;
        grid.x0 = X0;
        grid.y0 = Y0 + 40;
        grid.cell = 10;
        grid.cols = 10;
        grid.rows = 4;
        grid.values.assign(40, 1.0);
        grid.nodata = ND;
        grid.crs = "EPSG:32748";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", grid));
    }

    void write_good_admin() {
        std::vector<Item> units;
        units.push_back({square(0, 0, 100, 40), {"A", "Unit A"}});
        ASSERT_NO_FATAL_FAILURE(write_layer(dir / "wilayah.gpkg", "wilayah", "EPSG:32748",
                                            wkbPolygon, {"kode", "nama"}, std::move(units)));
    }

    // Three houses in unit A; the one given replaces the third (FID 3) when set.
    void write_houses(std::unique_ptr<OGRGeometry> third = nullptr,
                      const std::string& crs = "EPSG:32748") {
        std::vector<Item> houses;
        houses.push_back({square(5, 5, 10, 10), {"r1", "Rumah"}});
        houses.push_back({square(25, 5, 30, 10), {"r2", "Rumah"}});
        houses.push_back(
            {third ? std::move(third) : std::unique_ptr<OGRGeometry>(square(45, 5, 50, 10)),
             {"r3", "Rumah"}});
        ASSERT_NO_FATAL_FAILURE(write_layer(dir / "rumah.gpkg", "rumah", crs, wkbUnknown,
                                            {"id", "jenis"}, std::move(houses)));
    }

    fs::path write_scenario(const std::string& hazard =
                                "  source: bahaya.tif\n"
                                "  classes:\n"
                                "    - {name: sedang, min: 0.7}\n") {
        const fs::path path = dir / "skenario.yaml";
        write_text(path,
                   "version: 1\nname: uji salah\nhazard_type: flood\n"
                   "admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}\n"
                   "hazard:\n" +
                       hazard +
                       "exposures:\n"
                       "  - {name: rumah, kind: structure, source: rumah.gpkg, type_field: jenis, "
                       "types: {rumah: [Rumah]}}\n");
        return path;
    }

    fs::path out() const { return dir / "hasil.gpkg"; }

    CommandResult run(const fs::path& scenario) {
        return run_cli({"run", scenario.string(), "-o", out().string(), "--no-report", "-q"});
    }
    CommandResult check(const fs::path& scenario) { return run_cli({"check", scenario.string()}); }

    // Exit 1 (a data error), one line naming every part, nothing written, no input changed.
    void expect_blamed(const CommandResult& result, const std::vector<std::string>& parts,
                       const std::map<std::string, std::string>& before) {
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_one_line_error(result);
        for (const auto& part : parts)
            EXPECT_NE(result.err.find(part), std::string::npos)
                << "the message should name '" << part << "': " << result.err;
        EXPECT_FALSE(fs::exists(out()));
        EXPECT_TRUE(snapshot(dir.path()) == before) << "a file was written or changed";
    }
};

}  // namespace

// NaN and infinite vertices in an exposure's polygon, and a NaN point: the run stops at the
// feature (FID 3 of rumah.gpkg layer rumah), before any output exists. Before this check, an
// infinite vertex ran to the end and failed writing styles with "no such column: Inf".
TEST_F(ReliabilityBlame, NonFiniteExposureCoordinateNamesFileLayerAndFeature) {
    ASSERT_NO_FATAL_FAILURE(write_good_admin());
    const fs::path scenario = write_scenario();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<std::pair<std::string, std::pair<double, double>>> bad_vertices = {
        {"NaN x", {nan, Y0 + 5}}, {"+Inf x", {kInf, Y0 + 5}}, {"-Inf y", {X0 + 50, -kInf}}};
    for (const auto& [what, vertex] : bad_vertices) {
        SCOPED_TRACE(what);
        ASSERT_NO_FATAL_FAILURE(write_houses(square(45, 5, 50, 10, vertex)));
        const auto before = snapshot(dir.path());
        expect_blamed(
            run(scenario),
            {"exposure 'rumah'", "rumah.gpkg", "layer rumah", "feature 3", "not a finite number"},
            before);
    }
    // A point with an infinite coordinate (a point with a NaN reads as an empty point in GDAL,
    // which counts as outside every unit, as any empty geometry does).
    ASSERT_NO_FATAL_FAILURE(write_houses(point(X0 + 45, kInf)));
    const auto before = snapshot(dir.path());
    expect_blamed(run(scenario), {"rumah.gpkg", "layer rumah", "feature 3", "not a finite number"},
                  before);
}

// Far outside the CRS's range: a longitude of 2,000,000 degrees in a WGS 84 layer, UTM metres in
// a layer that says WGS 84, and a projected coordinate of 1e12 m (beyond the stated ±1e9 units).
TEST_F(ReliabilityBlame, OutOfRangeCoordinateNamesFileLayerAndFeature) {
    ASSERT_NO_FATAL_FAILURE(write_good_admin());
    const fs::path scenario = write_scenario();
    {
        SCOPED_TRACE("geographic");
        // The three houses in longitude and latitude, inside unit A; the third has one vertex
        // at 2e6 degrees.
        const OGRSpatialReference utm = make_srs("EPSG:32748"), wgs84 = make_srs("EPSG:4326");
        std::unique_ptr<OGRCoordinateTransformation> to_lonlat(
            OGRCreateCoordinateTransformation(&utm, &wgs84));
        ASSERT_NE(to_lonlat, nullptr);
        std::vector<Item> houses;
        for (const double x : {5.0, 25.0, 45.0}) {
            double xs[2] = {X0 + x, X0 + x + 5}, ys[2] = {Y0 + 5, Y0 + 10};
            ASSERT_TRUE(to_lonlat->Transform(2, xs, ys));
            std::optional<std::pair<double, double>> bad;
            if (x == 45.0) bad = std::pair{2e6, ys[0]};
            houses.push_back({square(xs[0], ys[0], xs[1], ys[1], bad, 0, 0), {"r", "Rumah"}});
        }
        ASSERT_NO_FATAL_FAILURE(write_layer(dir / "rumah.gpkg", "rumah", "EPSG:4326", wkbPolygon,
                                            {"id", "jenis"}, std::move(houses)));
        const auto before = snapshot(dir.path());
        expect_blamed(
            run(scenario),
            {"rumah.gpkg", "layer rumah", "feature 3", "2000000", "not a longitude and latitude"},
            before);
    }
    {
        // A common mix-up: UTM metres in a layer that says WGS 84. The first house is blamed.
        SCOPED_TRACE("metres in a geographic layer");
        ASSERT_NO_FATAL_FAILURE(write_houses(nullptr, "EPSG:4326"));
        const auto before = snapshot(dir.path());
        expect_blamed(run(scenario),
                      {"rumah.gpkg", "layer rumah", "feature 1", "(700005, 9300005)",
                       "not a longitude and latitude"},
                      before);
    }
    {
        SCOPED_TRACE("projected");
        ASSERT_NO_FATAL_FAILURE(write_houses(square(45, 5, 50, 10, std::pair{1e12, Y0 + 5})));
        const auto before = snapshot(dir.path());
        expect_blamed(run(scenario),
                      {"rumah.gpkg", "layer rumah", "feature 3", "far outside any map"}, before);
    }
}

// The same rule on the admin layer (the case of "no such column: Inf"): `run` and `check` both
// stop at the unit's feature, naming the admin file and layer.
TEST_F(ReliabilityBlame, NonFiniteAdminCoordinateIsCaughtByRunAndCheck) {
    std::vector<Item> units;
    units.push_back({square(0, 0, 50, 40), {"A", "Unit A"}});
    units.push_back({square(50, 0, 100, 40, std::pair{kInf, Y0}), {"B", "Unit B"}});
    ASSERT_NO_FATAL_FAILURE(write_layer(dir / "wilayah.gpkg", "wilayah", "EPSG:32748", wkbPolygon,
                                        {"kode", "nama"}, std::move(units)));
    ASSERT_NO_FATAL_FAILURE(write_houses());
    const fs::path scenario = write_scenario();
    const auto before = snapshot(dir.path());
    const std::vector<std::string> parts = {"admin", "wilayah.gpkg layer wilayah", "feature 2",
                                            "not a finite number"};
    {
        SCOPED_TRACE("run");
        expect_blamed(run(scenario), parts, before);
    }
    {
        SCOPED_TRACE("check");
        expect_blamed(check(scenario), parts, before);
    }
}

// A vector hazard (classified polygons) with a NaN vertex in its second zone: `run` and `check`.
TEST_F(ReliabilityBlame, NonFiniteHazardCoordinateNamesFileLayerAndFeature) {
    ASSERT_NO_FATAL_FAILURE(write_good_admin());
    ASSERT_NO_FATAL_FAILURE(write_houses());
    std::vector<Item> zones;
    zones.push_back({square(0, 0, 50, 40), {"T"}});
    zones.push_back(
        {square(50, 0, 100, 40, std::pair{X0 + 100, std::numeric_limits<double>::quiet_NaN()}),
         {"T"}});
    ASSERT_NO_FATAL_FAILURE(write_layer(dir / "zona.gpkg", "zona", "EPSG:32748", wkbPolygon,
                                        {"kelas"}, std::move(zones)));
    const fs::path scenario = write_scenario(
        "  source: zona.gpkg\n  class_field: kelas\n  classes:\n"
        "    - {name: tinggi, values: [T]}\n");
    const auto before = snapshot(dir.path());
    const std::vector<std::string> parts = {"hazard", "zona.gpkg layer zona", "feature 2",
                                            "not a finite number"};
    {
        SCOPED_TRACE("run");
        expect_blamed(run(scenario), parts, before);
    }
    {
        SCOPED_TRACE("check");  // check reads the zones too, as it opens the hazard
        expect_blamed(check(scenario), parts, before);
    }
}

// An admin code that is empty, blank (spaces, tabs, no-break spaces) or NULL cannot be told apart
// from "outside every unit" in the outputs (admin_code NULL): `run` and `check` refuse it, naming
// the feature, the code field and the key.
TEST_F(ReliabilityBlame, EmptyOrNullAdminCodeNamesTheFeature) {
    ASSERT_NO_FATAL_FAILURE(write_houses());
    const std::vector<std::pair<std::string, std::optional<std::string>>> codes = {
        {"empty", std::string()},
        {"blank", std::string("  ")},
        {"no-break space", std::string("\xc2\xa0")},
        {"byte-order mark and tab", std::string("\xef\xbb\xbf\t")},
        {"NULL", std::nullopt}};
    for (const auto& [what, code] : codes) {
        SCOPED_TRACE(what);
        std::vector<Item> units;
        units.push_back({square(0, 0, 50, 40), {"A", "Unit A"}});
        units.push_back({square(50, 0, 100, 40), {code, "Unit Tanpa Kode"}});
        ASSERT_NO_FATAL_FAILURE(write_layer(dir / "wilayah.gpkg", "wilayah", "EPSG:32748",
                                            wkbPolygon, {"kode", "nama"}, std::move(units)));
        const fs::path scenario = write_scenario();
        const auto before = snapshot(dir.path());
        const std::vector<std::string> parts = {"admin", "feature 2", "wilayah.gpkg layer wilayah",
                                                "kode", "admin.code_field"};
        {
            SCOPED_TRACE("run");
            expect_blamed(run(scenario), parts, before);
        }
        {
            SCOPED_TRACE("check");
            expect_blamed(check(scenario), parts, before);
        }
    }
}
