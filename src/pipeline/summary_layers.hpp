#pragma once
// The summary tables of a run's GeoPackage.

#include <vector>

#include "admin_model.hpp"
#include "exposure.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/core/recap.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/gpkg_writer.hpp"

namespace jitupasna::pipeline {

// The facts readers need about one exposure (its admin_summary column names among them).
core::schema::ExposureFacts exposure_facts(const core::ExposureConfig& config);

// One admin level's view of the results: its units and each exposure's summary over them.
struct LevelView {
    const AdminLevel& level;
    std::vector<core::ImpactSummary> summaries;  // one per exposure, same order as results
    const AdminLevel* parent_level = nullptr;    // the finer level's parents (for parent_code)
    const std::vector<std::size_t>* parent_of = nullptr;
};

// impact_summary[_<level>]: one row per (unit, exposure, asset type, class) with a nonzero
// measure; admin_code NULL for what lies outside every unit.
void write_impact_summary(io::GpkgWriter& writer, const std::string& layer_name,
                          const LevelView& view, const std::vector<ExposureResult>& results,
                          const core::HazardClassifier& classifier);

// admin_summary[_<level>]: the unit polygons with, per exposure, the headline measure per
// class, affected and total: counts, km of road, ha of area, people.
// recaps (one per unit, or empty): the Jitupasna figures and the priority, added as fields.
void write_admin_summary(io::GpkgWriter& writer, const std::string& layer_name,
                         const LevelView& view, const OGRSpatialReference& admin_crs,
                         const std::vector<ExposureResult>& results,
                         const core::HazardClassifier& classifier,
                         const std::vector<core::AdminRecap>& recaps);

// The recap's inputs for one level: each exposure's summary over that level's units.
std::vector<core::ExposureRecapInput> recap_inputs(const LevelView& view,
                                                   const std::vector<ExposureResult>& results,
                                                   const core::DamageModel& model);

// jitupasna_sector[_<level>]: admin x sector x sub-sector; jitupasna_cluster[_<level>]:
// admin x cluster with its lead agency; population_needs[_<level>]: people and minimum needs.
void write_sector_table(io::GpkgWriter& writer, const std::string& layer_name,
                        const LevelView& view, const std::vector<core::AdminRecap>& recaps);
void write_cluster_table(io::GpkgWriter& writer, const std::string& layer_name,
                         const LevelView& view, const std::vector<core::AdminRecap>& recaps,
                         const core::DamageModel& model);
void write_population_needs(io::GpkgWriter& writer, const std::string& layer_name,
                            const LevelView& view, const std::vector<core::AdminRecap>& recaps,
                            const core::DamageModel& model);

// jitupasna_scheme: one row per sub-sector of the chosen cluster scheme (sub_sektor, sektor,
// klaster, pengampu, pendukung joined by "; ").
void write_scheme_table(io::GpkgWriter& writer, const core::DamageModel& model);

void write_run_info(io::GpkgWriter& writer,
                    const std::vector<std::pair<std::string, std::string>>& rows);

}  // namespace jitupasna::pipeline
