#pragma once
// What the report shows, read back from a jitupasna GeoPackage through the one reader
// (gpkg_reader): run_info and its facts, the admin summaries (with their polygons) and the
// recap tables.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../gpkg_reader.hpp"
#include "jitupasna/core/output_schema.hpp"

namespace jitupasna::publish::report {

using Exposure = core::schema::ExposureFacts;

// One admin level: its summary and, with a recap, its tables.
struct Level {
    std::string name;  // "kabkota", "kecamatan"
    Table admin;
    std::optional<Table> sector, cluster, needs;
};

struct ReportData {
    std::string gpkg;
    std::vector<std::pair<std::string, std::string>> run_info;
    core::schema::OutputFacts facts;
    Level main;
    std::optional<Level> sub;
    std::vector<Exposure> exposures;        // in run order
    std::vector<std::string> class_labels;  // the scenario's classes, then not_affected and
                                            // not_exposed
    bool recap = false;                     // admin_summary carries kerusakan_rp ...
    // The cluster scheme (who leads and supports what) and what `jitupasna import` merged:
    // the PD submissions and the consolidated recap (absent before an import).
    std::optional<Table> scheme, submissions, consolidated, consolidated_units;

    // The run_info value of a key; empty when absent.
    std::string info(std::string_view key) const;
    std::size_t hazard_class_count() const { return facts.class_labels.size(); }
};

// Reads a jitupasna output. Throws DataError naming the file when it cannot be opened, is not
// a jitupasna GeoPackage or was written by a jitupasna too old to record its facts.
ReportData read_report_data(const std::string& gpkg);

}  // namespace jitupasna::publish::report
