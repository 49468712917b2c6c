#pragma once
// Streams one exposure through the hazard and the admin units.

#include <string>
#include <vector>

#include "admin_model.hpp"
#include "hazard_layer.hpp"
#include "jitupasna/core/summary.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/vector_source.hpp"

namespace jitupasna::pipeline {

struct RunContext {
    const AdminModel& admin;
    const HazardLayer& hazard;
    const core::HazardClassifier& classifier;
    const OGRSpatialReference& admin_crs;
    io::GpkgWriter& writer;
    unsigned threads;
    std::size_t batch_size;
    bool quiet;
    const core::DamageModel& damage;
    std::size_t realizations = 0;  // of the hazard (0: a single one)
};

struct ExposureOutcome {
    ExposureOutcome(std::size_t units, std::size_t types, std::size_t classes)
        : summary(units, types, classes) {}
    core::ImpactSummary summary;  // over the finest admin level
    std::vector<std::string> type_labels;
    long long features = 0;  // input features (population raster: cells with people)
    long long outside = 0;   // features wholly or partly outside every admin unit
    InfoRows info;           // run_info rows, keys relative to input.exposure.<name>
    std::vector<std::string> warnings;
};

// Points, lines or polygons read from an OGR layer; writes impact_<name>.
ExposureOutcome run_vector_exposure(const core::ExposureConfig& config, io::VectorSource& source,
                                    const RunContext& run);

// A population raster: every cell's people, weighted by the exact share of the cell in each
// admin unit, in the hazard class at the cell's centre. No per-feature layer.
ExposureOutcome run_population_raster(const core::ExposureConfig& config, const RunContext& run);

}  // namespace jitupasna::pipeline
