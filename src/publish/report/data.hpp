#pragma once
// What the report shows, read back from a jitupasna GeoPackage: run_info, the admin summaries
// (with their polygons) and the recap tables.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::publish::report {

struct Cell {
    bool null = true;
    double number = 0;  // numeric fields
    std::string text;   // every field, as GDAL writes it
};

// One layer read in full (attribute order as stored; fid not included).
struct Table {
    std::string name;
    std::string description;
    std::vector<std::string> columns;
    std::vector<bool> numeric;
    std::vector<std::vector<Cell>> rows;
    std::vector<io::GeometryPtr> geometries;  // one per row for a spatial layer, else empty
    io::SpatialRefPtr srs;                    // the layer's CRS, if any

    std::optional<std::size_t> column(std::string_view column_name) const;
    bool has(std::string_view column_name) const { return column(column_name).has_value(); }
    // The number in a row's column; 0 for NULL or a missing column.
    double number(std::size_t row, std::string_view column_name) const;
    bool is_null(std::size_t row, std::string_view column_name) const;
    std::string text(std::size_t row, std::string_view column_name) const;
    // The sum of a column over all rows (NULLs count 0).
    double sum(std::string_view column_name) const;
};

struct Exposure {
    std::string name;
    std::string kind;     // structure, road, area, aggregate, population
    std::string suffix;   // "", "_km" or "_ha": the unit of its admin_summary columns
    bool damage = false;  // has a vulnerability: <name>_rusak_berat ... columns
};

// One admin level: its summary and, with a recap, its tables.
struct Level {
    std::string name;  // "kabkota", "kecamatan"
    Table admin;
    std::optional<Table> sector, cluster, needs;
};

struct ReportData {
    std::string gpkg;
    std::vector<std::pair<std::string, std::string>> run_info;
    Level main;
    std::optional<Level> sub;
    std::vector<Exposure> exposures;
    std::vector<std::string> class_tokens;  // hazard classes as in column names, then
                                            // not_affected and not_exposed
    std::vector<std::string> class_labels;  // the same classes as the scenario names them
    bool recap = false;                     // admin_summary carries kerusakan_rp ...

    // The run_info value of a key; empty when absent.
    std::string info(std::string_view key) const;
    std::size_t hazard_class_count() const {
        return class_tokens.size() >= 2 ? class_tokens.size() - 2 : 0;
    }
};

// Reads a jitupasna output. Throws DataError naming the file when it cannot be opened or is
// not a jitupasna GeoPackage.
ReportData read_report_data(const std::string& gpkg);

}  // namespace jitupasna::publish::report
