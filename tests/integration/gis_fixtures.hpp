#pragma once
// Helpers that CREATE small GIS inputs with GDAL/OGR (rasters with hand-chosen cell values,
// vector layers from WKT) and summarise jitupasna's output, so integration tests can work out
// every expected number by hand. Used together with test_support.hpp.

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "integration/test_support.hpp"

namespace jitupasna::test {

inline const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A CRS from "EPSG:nnnn" or WKT, x = easting/longitude (the GIS order every file stores).
inline OGRSpatialReference make_srs(const std::string& definition) {
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(definition.c_str()) != OGRERR_NONE)
        ADD_FAILURE() << "bad CRS definition " << definition;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

// Text of a number that reads back exactly (for WKT).
inline std::string num_text(double v) {
    std::ostringstream out;
    out << std::setprecision(17) << v;
    return out.str();
}

// WKT polygon of the rectangle [x0, x1] x [y0, y1].
inline std::string box_wkt(double x0, double y0, double x1, double y1) {
    const std::string a = num_text(x0), b = num_text(y0), c = num_text(x1), d = num_text(y1);
    return "POLYGON ((" + a + " " + b + ", " + c + " " + b + ", " + c + " " + d + ", " + a + " " +
           d + ", " + a + " " + b + "))";
}

// WKT multipolygon of several rectangles {x0, y0, x1, y1}.
inline std::string multi_box_wkt(const std::vector<std::array<double, 4>>& boxes) {
    std::string wkt = "MULTIPOLYGON (";
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const auto& b = boxes[i];
        const std::string polygon = box_wkt(b[0], b[1], b[2], b[3]);  // "POLYGON ((...))"
        wkt += (i ? ", " : "") + polygon.substr(std::string("POLYGON ").size());
    }
    return wkt + ")";
}

// WKT polygon of the rectangle `outer` {x0, y0, x1, y1} with the rectangle `hole` cut out.
inline std::string box_with_hole_wkt(const std::array<double, 4>& outer,
                                     const std::array<double, 4>& hole) {
    const std::string a = box_wkt(outer[0], outer[1], outer[2], outer[3]);
    const std::string b = box_wkt(hole[0], hole[1], hole[2], hole[3]);
    // "POLYGON ((ring))": keep "POLYGON ((ring)" of the outer, add ", (ring))" of the hole.
    return a.substr(0, a.size() - 1) + ", " + b.substr(std::string("POLYGON (").size());
}

inline std::string point_wkt(double x, double y) {
    return "POINT (" + num_text(x) + " " + num_text(y) + ")";
}

// A north-up single-band raster; values row by row from the TOP row, NaN allowed.
struct RasterSpec {
    double x0 = 0;  // west edge
    double y0 = 0;  // north edge
    double cell = 1;
    int cols = 0;
    int rows = 0;
    std::vector<double> values;
    std::optional<double> nodata;
    std::string crs;  // empty: no CRS written
    GDALDataType type = GDT_Float64;
};

inline void write_raster(const fs::path& path, const RasterSpec& spec) {
    GDALAllRegister();
    ASSERT_EQ(spec.values.size(), static_cast<std::size_t>(spec.cols * spec.rows));
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    ASSERT_NE(driver, nullptr);
    Dataset ds(driver->Create(path.c_str(), spec.cols, spec.rows, 1, spec.type, nullptr));
    ASSERT_NE(ds, nullptr) << path;
    double gt[6] = {spec.x0, spec.cell, 0.0, spec.y0, 0.0, -spec.cell};
    ASSERT_EQ(ds->SetGeoTransform(gt), CE_None);
    if (!spec.crs.empty()) {
        const OGRSpatialReference srs = make_srs(spec.crs);
        ASSERT_EQ(ds->SetSpatialRef(&srs), CE_None);
    }
    GDALRasterBand* band = ds->GetRasterBand(1);
    if (spec.nodata) {
        ASSERT_EQ(band->SetNoDataValue(*spec.nodata), CE_None);
    }
    std::vector<double> values = spec.values;
    ASSERT_EQ(band->RasterIO(GF_Write, 0, 0, spec.cols, spec.rows, values.data(), spec.cols,
                             spec.rows, GDT_Float64, 0, 0, nullptr),
              CE_None);
}

struct FieldSpec {
    std::string name;
    OGRFieldType type = OFTString;
};

// One feature: geometry as WKT ("" = no geometry) and field values as text (nullopt = NULL).
struct FeatureSpec {
    std::string wkt;
    std::vector<std::optional<std::string>> values;  // in the order of the layer's fields
};

// Writes a one-layer vector file (driver "GPKG", "GeoJSON", "ESRI Shapefile" ...); crs ""
// writes none.
inline void write_vector(const fs::path& path, const std::string& driver_name,
                         const std::string& layer_name, const std::string& crs,
                         OGRwkbGeometryType geometry_type, const std::vector<FieldSpec>& fields,
                         const std::vector<FeatureSpec>& features) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    ASSERT_NE(driver, nullptr) << driver_name;
    Dataset ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(ds, nullptr) << path;
    std::optional<OGRSpatialReference> srs;
    if (!crs.empty()) srs = make_srs(crs);
    OGRLayer* layer =
        ds->CreateLayer(layer_name.c_str(), srs ? &*srs : nullptr, geometry_type, nullptr);
    ASSERT_NE(layer, nullptr) << path;
    for (const auto& field : fields) {
        OGRFieldDefn defn(field.name.c_str(), field.type);
        ASSERT_EQ(layer->CreateField(&defn), OGRERR_NONE) << field.name;
    }
    for (const auto& spec : features) {
        OGRFeature feature(layer->GetLayerDefn());
        if (!spec.wkt.empty()) {
            OGRGeometry* geometry = nullptr;
            ASSERT_EQ(OGRGeometryFactory::createFromWkt(spec.wkt.c_str(), nullptr, &geometry),
                      OGRERR_NONE)
                << spec.wkt;
            if (wkbFlatten(geometry_type) == wkbMultiPolygon)
                geometry = OGRGeometryFactory::forceToMultiPolygon(geometry);
            feature.SetGeometryDirectly(geometry);
        }
        ASSERT_LE(spec.values.size(), fields.size());
        for (std::size_t i = 0; i < spec.values.size(); ++i) {
            const int index = static_cast<int>(i);
            if (spec.values[i]) {
                feature.SetField(index, spec.values[i]->c_str());
            } else {
                feature.SetFieldNull(index);
            }
        }
        ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE) << spec.wkt;
    }
}

// Number of features of a layer (the only layer when name is empty); -1 when unreadable.
inline long long count_features(const fs::path& path, const std::string& layer_name = "") {
    Dataset ds = open_vector(path);
    if (!ds) return -1;
    OGRLayer* layer = layer_name.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer_name.c_str());
    if (!layer) return -1;
    return static_cast<long long>(layer->GetFeatureCount(TRUE));
}

inline std::set<std::string> layer_names(const fs::path& gpkg) {
    std::set<std::string> names;
    Dataset ds = open_vector(gpkg);
    if (!ds) return names;
    for (auto* layer : ds->GetLayers()) names.insert(layer->GetName());
    return names;
}

// impact_summary as (admin_code or "<outside>", exposure, asset_type, hazard_class) -> count.
using SummaryKey = std::tuple<std::string, std::string, std::string, std::string>;
inline const std::string kOutside = "<outside>";

inline std::map<SummaryKey, double> summary_counts(const fs::path& gpkg) {
    std::map<SummaryKey, double> counts;
    for (const auto& row : read_rows(gpkg, "impact_summary")) {
        const SummaryKey key{row.null("admin_code") ? kOutside : row.str("admin_code"),
                             row.str("exposure"), row.str("asset_type"), row.str("hazard_class")};
        EXPECT_EQ(counts.count(key), 0u) << "duplicate impact_summary row";
        counts[key] += row.num("count");
    }
    return counts;
}

// Sum of impact_summary counts for one exposure.
inline double exposure_total(const std::map<SummaryKey, double>& counts,
                             const std::string& exposure) {
    double total = 0;
    for (const auto& [key, count] : counts)
        if (std::get<1>(key) == exposure) total += count;
    return total;
}

// run_info as key -> value.
inline std::map<std::string, std::string> run_info(const fs::path& gpkg) {
    std::map<std::string, std::string> info;
    for (const auto& row : read_rows(gpkg, "run_info")) info[row.str("key")] = row.str("value");
    return info;
}

// Rows of an impact layer keyed by one of its input fields (e.g. an id).
inline std::map<std::string, Row> rows_by(const fs::path& gpkg, const std::string& layer,
                                          const std::string& key_field) {
    std::map<std::string, Row> rows;
    for (auto& row : read_rows(gpkg, layer)) {
        const std::string key = row.str(key_field);
        rows.emplace(key, std::move(row));
    }
    return rows;
}

// All files in a folder whose name contains `part`.
inline std::vector<std::string> files_containing(const fs::path& dir, const std::string& part) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.find(part) != std::string::npos) found.push_back(name);
    }
    return found;
}

// Runs `jitupasna run SCENARIO -o OUT -q` plus extra arguments.
inline CommandResult run_scenario(const fs::path& scenario, const fs::path& output,
                                  std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run", scenario.string(), "-o", output.string(), "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
}

// An error is one line on stderr starting "error: ".
inline void expect_one_line_error(const CommandResult& result) {
    EXPECT_EQ(result.err.rfind("error: ", 0), 0u) << result.err;
    const auto newline = result.err.find('\n');
    EXPECT_TRUE(newline == std::string::npos || newline + 1 == result.err.size())
        << "more than one line: " << result.err;
}

// Copies the generated demo data and data/demo/demo.yaml into dir; returns the scenario path.
inline fs::path copy_demo(const fs::path& dir) {
    for (const char* name :
         {"kabupaten.gpkg", "kedalaman_banjir.tif", "bangunan.gpkg", "fasilitas.geojson"}) {
        if (!fs::exists(demo_dir() / name)) {
            ADD_FAILURE() << "demo data missing: " << demo_dir() / name
                          << " (run ctest so the generate_demo_data fixture runs first)";
            continue;
        }
        fs::copy_file(demo_dir() / name, dir / name, fs::copy_options::overwrite_existing);
    }
    const fs::path scenario = dir / "demo.yaml";
    fs::copy_file(source_dir() / "data" / "demo" / "demo.yaml", scenario,
                  fs::copy_options::overwrite_existing);
    return scenario;
}

// Replaces every occurrence of `from` in text by `to`.
inline std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

}  // namespace jitupasna::test
