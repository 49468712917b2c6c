#pragma once
// Reads a finished jitupasna GeoPackage back for people: run_info and the facts the pipeline
// recorded there (core::schema::OutputFacts), and any layer as one Table (attributes, and on
// request the geometries and CRS for the report's maps). The one reader of `jitupasna export`,
// `forms` and the report.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

// One cell: NULL, text, or a number (integer and real columns alike).
using CellValue = std::variant<std::monostate, std::string, double>;

inline bool is_null(const CellValue& v) { return std::holds_alternative<std::monostate>(v); }
inline const double* as_number(const CellValue& v) { return std::get_if<double>(&v); }
inline const std::string* as_text(const CellValue& v) { return std::get_if<std::string>(&v); }

// One layer read in full: the attribute columns (no fid, no geometry) in stored order, rows in
// fid order; the geometries and CRS only when asked for.
struct Table {
    std::string source;       // the GeoPackage, for messages
    std::string name;         // the layer
    std::string description;  // gpkg_contents description (empty when none)
    std::vector<std::string> columns;
    std::vector<bool> numeric;  // per column: integer or real
    std::vector<std::vector<CellValue>> rows;
    std::vector<GeometryPtr> geometries;  // one per row when read with geometries
    SpatialRefPtr srs;                    // the layer's CRS, when read with geometries

    std::optional<std::size_t> column(std::string_view column_name) const;
    bool has(std::string_view column_name) const { return column(column_name).has_value(); }
    // The column's index; throws DataError naming the file and table when it is missing.
    std::size_t require(std::string_view column_name) const;
    // Sum of a numeric column over all rows, NULLs skipped (nullopt when every row is NULL).
    std::optional<double> sum(std::size_t column_index) const;

    // By name, for readers that tolerate a missing column:
    // the number in a row's column (0 for NULL, text or a missing column),
    double number(std::size_t row, std::string_view column_name) const;
    bool is_null(std::size_t row, std::string_view column_name) const;
    // the text (a number as digits; empty for NULL or a missing column),
    std::string text(std::size_t row, std::string_view column_name) const;
    // the sum over all rows (NULLs and a missing column count 0).
    double total(std::string_view column_name) const;
};

enum class WithGeometry { no, yes };

// Features in `table` of the GeoPackage at `path`; nullopt when the file is not a GeoPackage
// GDAL can open or has no such table. Never throws: a look before an output is replaced.
std::optional<long long> table_row_count(const std::string& path, const std::string& table);

class GpkgReader {
  public:
    // Opens read-only. Throws DataError naming the file when it is not a GeoPackage GDAL can
    // read, not a jitupasna output (no run_info), or written by a jitupasna too old to record
    // the facts of its run in run_info.
    explicit GpkgReader(const std::string& gpkg);

    const std::string& path() const { return path_; }
    const core::schema::OutputFacts& facts() const { return facts_; }
    bool has_table(const std::string& name) const;
    // Every attribute of the layer; nullopt when the GeoPackage has no such layer.
    std::optional<Table> read(const std::string& name,
                              WithGeometry geometry = WithGeometry::no) const;
    // The layer's description in gpkg_contents (empty when none or no such layer).
    std::string description(const std::string& name) const;

    const std::vector<std::pair<std::string, std::string>>& run_info() const { return run_info_; }
    std::optional<std::string> info(std::string_view key) const;

  private:
    std::string path_;
    DatasetPtr dataset_;
    std::vector<std::pair<std::string, std::string>> run_info_;
    core::schema::OutputFacts facts_;
};

}  // namespace jitupasna::io
