#pragma once
// Reads the tables of a jitupasna output GeoPackage back (run_info, the recap tables, the
// summaries) as plain rows of text and numbers: for `jitupasna export` and the report.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::publish {

// One cell: NULL, text, or a number (integer and real columns alike).
using RecapValue = std::variant<std::monostate, std::string, double>;

inline bool is_null(const RecapValue& v) { return std::holds_alternative<std::monostate>(v); }
inline const double* as_number(const RecapValue& v) { return std::get_if<double>(&v); }
inline const std::string* as_text(const RecapValue& v) { return std::get_if<std::string>(&v); }

// The attribute columns of one layer (no fid, no geometry), rows in fid order.
struct RecapTable {
    std::string source;  // the GeoPackage, for messages
    std::string name;    // the layer
    std::vector<std::string> columns;
    std::vector<bool> numeric;  // per column: integer or real
    std::vector<std::vector<RecapValue>> rows;

    std::optional<std::size_t> column(std::string_view column_name) const;
    // The column's index; throws DataError naming the file and table when it is missing.
    std::size_t require(std::string_view column_name) const;
    // Sum of a numeric column over all rows, NULLs skipped (nullopt when every row is NULL).
    std::optional<double> sum(std::size_t column_index) const;
};

class RecapReader {
  public:
    // Opens read-only. Throws DataError when the file is not a GeoPackage GDAL can read or is
    // not a jitupasna output (no run_info table).
    explicit RecapReader(const std::string& gpkg);

    const std::string& path() const { return path_; }
    // The open GeoPackage, for readers that need more than attributes (the report's maps).
    GDALDataset& dataset() const { return *dataset_; }
    bool has_table(const std::string& name) const;
    // Every attribute of the layer; nullopt when the GeoPackage has no such layer.
    std::optional<RecapTable> read(const std::string& name) const;
    // The layer's description in gpkg_contents (empty when none).
    std::string description(const std::string& name) const;

    const std::vector<std::pair<std::string, std::string>>& run_info() const { return run_info_; }
    std::optional<std::string> info(std::string_view key) const;
    // The finer admin level of the run (its tables carry the suffix "_<name>"), if any.
    std::optional<std::string> sublevel() const;

  private:
    std::string path_;
    io::DatasetPtr dataset_;
    std::vector<std::pair<std::string, std::string>> run_info_;
};

}  // namespace jitupasna::publish
