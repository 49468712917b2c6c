#pragma once
// What makes a run's results ready to use: QGIS styles and Indonesian aliases inside the
// GeoPackage, spreadsheet/CSV tables for the Jitupasna document, and the HTML report.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jitupasna/io/gpkg_writer.hpp"

namespace jitupasna::publish {

using InfoRows = std::vector<std::pair<std::string, std::string>>;

// Default QGIS styles (layer_styles) with Indonesian aliases, the same aliases in
// gpkg_data_columns, layer descriptions and the run's provenance in gpkg_metadata. Called on a
// GeoPackage being written, after every layer and run_info, before it is closed. What to style
// comes from the output facts in run_info (core/output_schema.hpp).
void write_styles_and_metadata(io::GpkgWriter& writer, const InfoRows& run_info);

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

struct DocumentOptions {
    std::string gpkg;
    std::string docx;
    bool overwrite = false;
};

// `jitupasna document`: the draft Dokumen Jitupasna as a Word document in Bahasa Indonesia
// (chapters BAB I-VI and appendices, docs/document.md), every figure marked as the model's
// estimate or a PD's report. Written atomically.
void write_document(const DocumentOptions& options);

}  // namespace jitupasna::publish
