#pragma once
// Streams one exposure through the hazard and the admin units: vector exposures
// (vector_exposure.cpp) and population rasters (population_raster.cpp).

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "admin_model.hpp"
#include "hazard_layer.hpp"
#include "jitupasna/core/damage_model.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/core/summary.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/vector_source.hpp"

namespace jitupasna::pipeline {

// What every exposure of a run shares.
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

// What the run of one exposure found: its summary over the finest admin level, and what it
// tells run_info and the warnings. The summary tables are written from these.
struct ExposureResult {
    ExposureResult(const core::ExposureConfig& config_, std::size_t admin_units,
                   std::vector<std::string> type_labels_, std::size_t hazard_classes)
        : config(config_),
          type_labels(std::move(type_labels_)),
          summary(admin_units, type_labels.size(), hazard_classes) {}

    const core::ExposureConfig& config;
    const std::vector<std::string> type_labels;  // the summary's asset types
    core::ImpactSummary summary;                 // over the finest admin level
    long long features = 0;  // input features (population raster: cells with people)
    long long outside = 0;   // features wholly or partly outside every admin unit
    InfoRows info;           // run_info rows, keys relative to input.exposure.<name>
    std::vector<std::string> warnings;
};

// Points, lines or polygons read from an OGR layer; writes impact_<name>.
ExposureResult run_vector_exposure(const core::ExposureConfig& config, io::VectorSource& source,
                                   const RunContext& run);

// A population raster: every cell's people, weighted by the exact share of the cell in each
// admin unit, in the hazard class at the cell's centre. No per-feature layer.
ExposureResult run_population_raster(const core::ExposureConfig& config, const RunContext& run);

}  // namespace jitupasna::pipeline
