#pragma once
// The scenario's inputs, opened and checked: shared by `check` and `run`.

#include <memory>
#include <string>
#include <vector>

#include "admin_model.hpp"
#include "hazard_layer.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/vector_source.hpp"

namespace jitupasna::pipeline {

// Every input of a scenario, open.
struct OpenedInputs {
    core::Scenario scenario;
    std::unique_ptr<io::VectorSource> admin;
    std::unique_ptr<io::VectorSource> admin_sub;
    std::unique_ptr<core::HazardClassifier> classifier;
    std::vector<std::string> warnings;
    AdminModel admin_model;
    std::unique_ptr<HazardLayer> hazard;
    std::vector<std::unique_ptr<io::VectorSource>> exposures;  // nullptr for rasters
};

// The damage model's defaults: $JITUPASNA_DEFAULTS, else beside an installed binary
// (share/jitupasna), else the source tree's data/defaults; "" when none is found.
std::string defaults_file();

// Opens every exposure (fields checked first, so typos fail fast), reads the admin level(s)
// and opens the hazard, then checks that they meet (check_extents).
OpenedInputs open_inputs(core::Scenario scenario);

// Inputs that cannot meet are an error (a wrong CRS is the usual cause); a hazard that covers
// only part of the admin area is a warning (in in.warnings) with the share left uncovered.
void check_extents(OpenedInputs& in);

}  // namespace jitupasna::pipeline
