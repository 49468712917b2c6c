#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/output_guard.hpp"

namespace jitupasna::core {
struct Scenario;
}

namespace jitupasna::pipeline {

struct RunOptions {
    std::string scenario_path;
    std::optional<std::string> output;  // overrides the scenario's `output:`
    bool overwrite = false;
    unsigned threads = 0;  // 0: all cores
    bool quiet = false;
    std::size_t batch_size = 2048;
    // The run will also write the report beside the output (OUT.html): checked with the
    // output before any work (not an input, not the output, not existing without overwrite).
    bool report = false;
};

// The line the run command prints for one exposure.
struct ExposureSummaryLine {
    std::string name;
    long long features = 0;
    long long outside = 0;
    std::vector<std::pair<std::string, double>> by_class;  // hazard class -> headline measure
    std::string unit;  // of by_class: "" (count or people), "m" (roads), "m2" (areas)
};

using InfoRows = std::vector<std::pair<std::string, std::string>>;

struct RunResult {
    std::string output;
    std::vector<ExposureSummaryLine> summary_lines;  // one per exposure, in run order
    std::vector<std::string> warnings;
    InfoRows run_info;  // as written to the run_info table
};

// One run of a scenario, in the steps the `run` command chains: compute() writes every layer
// and run_info into a hidden temporary GeoPackage beside the output; what else belongs inside
// it (styles) is added through writer(); commit() closes it and moves it into place. Until
// commit(), a failure or destruction leaves no partial file and any previous output intact.
class ScenarioRun {
  public:
    // Loads the scenario and, before any work, refuses an output that is one of the run's
    // inputs (even with --overwrite), that names a folder or holds control characters, or that
    // exists (without --overwrite); the same for the report when options.report.
    explicit ScenarioRun(RunOptions options);
    ~ScenarioRun();
    ScenarioRun(const ScenarioRun&) = delete;
    ScenarioRun& operator=(const ScenarioRun&) = delete;

    const std::string& output() const;
    // OUT.html beside the output.
    std::string report_path() const;
    RunResult compute();
    io::GpkgWriter& writer();
    // Throws Interrupted when a stop was asked for meanwhile: nothing lands.
    void commit();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// Every file a run of `scenario` (loaded from scenario_path) reads, named for messages: the
// scenario, the defaults file, admin (and sublevel), hazard, exposures and joined tables.
std::vector<io::NamedInput> scenario_inputs(const core::Scenario& scenario,
                                            const std::string& scenario_path);

// Validates a scenario and opens every input without running it; returns a readable report.
std::vector<std::string> check_scenario(const std::string& scenario_path);

// Set from a signal handler: the run stops at the next batch and removes its partial output.
using core::interrupt_flag;

}  // namespace jitupasna::pipeline
