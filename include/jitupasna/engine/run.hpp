#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace jitupasna::engine {

struct RunOptions {
    std::string scenario_path;
    std::optional<std::string> output;  // overrides the scenario's `output:`
    bool overwrite = false;
    unsigned threads = 0;  // 0: all cores
    bool quiet = false;
    std::size_t batch_size = 2048;
    // The HTML report beside the output (OUT.html) unless disabled.
    bool report = true;
    std::optional<std::string> report_path;
};

struct ExposureTotals {
    std::string name;
    long long features = 0;
    long long outside = 0;
    std::vector<std::pair<std::string, double>> by_class;  // hazard class -> headline measure
    std::string unit;  // of by_class: "" (count or people), "m" (roads), "m2" (areas)
};

struct RunResult {
    std::string output;
    std::optional<std::string> report;
    std::vector<ExposureTotals> exposures;
    std::vector<std::string> warnings;
    double seconds = 0;
};

// Runs a scenario end to end and writes its GeoPackage atomically.
RunResult run_scenario(const RunOptions& options);

// Validates a scenario and opens every input without running it; returns a readable report.
std::vector<std::string> check_scenario(const std::string& scenario_path);

// Set from a signal handler: the run stops at the next batch and removes its partial output.
std::atomic<bool>& interrupt_flag();

}  // namespace jitupasna::engine
