// The GeoPackage spatial index jitupasna packs itself (io/gpkg_rtree.cpp): SQLite's own
// rtreecheck() must find it consistent, a box query through SQLite's R-tree module must return
// every feature whose box meets the query (worked out here from the rectangles written), and
// the triggers must keep it up to date when the layer is edited later, as in QGIS.

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>

#include "jitupasna/io/gpkg_writer.hpp"

namespace fs = std::filesystem;
using jitupasna::io::GpkgWriter;
using jitupasna::io::LayerSpec;

namespace {

struct Rect {
    double x0, y0, x1, y1;
};

struct Closer {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

class GpkgRtree : public ::testing::TestWithParam<int> {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("jitupasna-rtree-" + std::to_string(::getpid()) + "-" + std::to_string(GetParam()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Writes n random rectangles (and one feature without geometry) with jitupasna's writer.
    fs::path write(int n, std::map<GIntBig, Rect>& rects) {
        const fs::path path = dir_ / "t.gpkg";
        GpkgWriter writer(path);
        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        LayerSpec spec;
        spec.name = "kotak";
        spec.srs = &wgs84;
        spec.geometry_type = wkbPolygon;
        OGRLayer& layer = writer.create_layer(spec);
        std::mt19937_64 rng(static_cast<unsigned>(n) + 17);
        std::uniform_real_distribution<double> x(95, 141), y(-11, 6), size(0.0001, 0.5);
        writer.begin_transaction();
        for (int i = 0; i < n; ++i) {
            const double x0 = x(rng), y0 = y(rng);
            const Rect r{x0, y0, x0 + size(rng), y0 + size(rng)};
            OGRLinearRing ring;
            ring.addPoint(r.x0, r.y0);
            ring.addPoint(r.x1, r.y0);
            ring.addPoint(r.x1, r.y1);
            ring.addPoint(r.x0, r.y1);
            ring.addPoint(r.x0, r.y0);
            OGRPolygon polygon;
            polygon.addRing(&ring);
            OGRFeature feature(layer.GetLayerDefn());
            feature.SetGeometry(&polygon);
            writer.write(layer, feature);
            rects[feature.GetFID()] = r;
        }
        OGRFeature empty(layer.GetLayerDefn());
        writer.write(layer, empty);
        writer.commit_transaction();
        writer.close();
        return path;
    }

    static std::vector<std::vector<std::string>> query(GDALDataset& ds, const std::string& sql) {
        std::vector<std::vector<std::string>> rows;
        OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
        if (!result) return rows;
        for (auto& f : *result) {
            std::vector<std::string> row;
            for (int i = 0; i < f->GetFieldCount(); ++i) row.push_back(f->GetFieldAsString(i));
            rows.push_back(row);
        }
        ds.ReleaseResultSet(result);
        return rows;
    }

    fs::path dir_;
};

}  // namespace

TEST_P(GpkgRtree, ConsistentCompleteAndKeptUpToDate) {
    const int n = GetParam();
    std::map<GIntBig, Rect> rects;
    const fs::path path = write(n, rects);
    Dataset ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_NE(ds, nullptr);

    EXPECT_EQ(query(*ds, "SELECT rtreecheck('rtree_kotak_geom')"),
              (std::vector<std::vector<std::string>>{{"ok"}}));
    EXPECT_EQ(query(*ds, "SELECT COUNT(*) FROM rtree_kotak_geom")[0][0], std::to_string(n));
    EXPECT_EQ(query(*ds, "SELECT extension_name FROM gpkg_extensions WHERE table_name = 'kotak'"),
              (std::vector<std::vector<std::string>>{{"gpkg_rtree_index"}}));

    // Random query boxes: SQLite's R-tree must return every rectangle that meets the box (its
    // float boxes are rounded outwards, so it may return a few more at the very edge).
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> x(95, 141), y(-11, 6), size(0.01, 4);
    for (int q = 0; q < 40; ++q) {
        const double qx0 = x(rng), qy0 = y(rng), qx1 = qx0 + size(rng), qy1 = qy0 + size(rng);
        std::set<std::string> expected, found;
        for (const auto& [fid, r] : rects)
            if (r.x1 >= qx0 && r.x0 <= qx1 && r.y1 >= qy0 && r.y0 <= qy1)
                expected.insert(std::to_string(fid));
        for (const auto& row :
             query(*ds, "SELECT id FROM rtree_kotak_geom WHERE maxx >= " + std::to_string(qx0) +
                            " AND minx <= " + std::to_string(qx1) + " AND maxy >= " +
                            std::to_string(qy0) + " AND miny <= " + std::to_string(qy1)))
            found.insert(row[0]);
        for (const auto& fid : expected)
            EXPECT_TRUE(found.count(fid)) << "query " << q << ": " << fid;
        for (const auto& fid : found) {
            const Rect& r = rects.at(std::stoll(fid));
            const double e = 1e-4;  // far above float rounding at these coordinates
            EXPECT_TRUE(r.x1 >= qx0 - e && r.x0 <= qx1 + e && r.y1 >= qy0 - e && r.y0 <= qy1 + e)
                << "query " << q << " returned " << fid << ", which is far from it";
        }
    }

    // Later edits go through the triggers: a new feature is indexed, a deleted one removed.
    OGRLayer* layer = ds->GetLayerByName("kotak");
    ASSERT_NE(layer, nullptr);
    OGRFeature added(layer->GetLayerDefn());
    OGRPoint point(120.0, -2.0);
    added.SetGeometry(&point);
    ASSERT_EQ(layer->CreateFeature(&added), OGRERR_NONE);
    EXPECT_EQ(query(*ds, "SELECT COUNT(*) FROM rtree_kotak_geom WHERE id = " +
                             std::to_string(added.GetFID()))[0][0],
              "1");
    if (!rects.empty()) {
        ASSERT_EQ(layer->DeleteFeature(rects.begin()->first), OGRERR_NONE);
        EXPECT_EQ(query(*ds, "SELECT COUNT(*) FROM rtree_kotak_geom")[0][0], std::to_string(n));
    }
    EXPECT_EQ(query(*ds, "SELECT rtreecheck('rtree_kotak_geom')"),
              (std::vector<std::vector<std::string>>{{"ok"}}));
}

// Empty, one node exactly, one more than a node, and several levels.
INSTANTIATE_TEST_SUITE_P(Sizes, GpkgRtree, ::testing::Values(0, 1, 51, 52, 3000, 200000));
