#pragma once
// What makes a run's results ready to use: QGIS styles and Indonesian aliases inside the
// GeoPackage, spreadsheet/CSV tables for the Jitupasna document, and the HTML report.

#include <optional>
#include <string>

namespace jitupasna::engine {

struct ExportOptions {
    std::string gpkg;                 // a jitupasna output
    std::optional<std::string> xlsx;  // one workbook, one sheet per recap table
    std::optional<std::string> csv_dir;
    bool overwrite = false;
};

// `jitupasna export`: the recap tables with Indonesian headers, thousands separators and
// totals rows. Written atomically.
void export_tables(const ExportOptions& options);

struct ReportOptions {
    std::string gpkg;
    std::string html;
    bool overwrite = false;
};

// `jitupasna report` (and the end of `run`): one self-contained HTML file in Bahasa Indonesia
// with maps, tables, clusters, minimum needs and assumptions. Written atomically.
void write_report(const ReportOptions& options);

}  // namespace jitupasna::engine
