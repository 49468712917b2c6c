#include <fmt/format.h>

#include "command.hpp"
#include "jitupasna/engine/run.hpp"

namespace jitupasna::cli {

namespace {

class RunCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand("run", "Run a scenario and write its GeoPackage");
        cmd->add_option("scenario", options_.scenario_path, "Scenario file (YAML)")
            ->required()
            ->check(CLI::ExistingFile);
        cmd->add_option("-o,--output", output_,
                        "Output GeoPackage (overrides the scenario's `output:`)");
        cmd->add_flag("--overwrite", options_.overwrite, "Replace an existing output file");
        cmd->add_option("-t,--threads", options_.threads, "Worker threads (default: all cores)")
            ->check(CLI::Range(1u, 1024u));
        cmd->add_option("--batch-size", options_.batch_size, "Features per batch")
            ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
        cmd->add_flag("-q,--quiet", options_.quiet, "No progress or summary on stderr");
        cmd->add_flag("!--no-report", options_.report, "Do not write the HTML report (OUT.html)");
        return cmd;
    }

    int run() override {
        if (!output_.empty()) options_.output = output_;
        const engine::RunResult result = engine::run_scenario(options_);
        if (!options_.quiet) {
            for (const auto& exposure : result.exposures) {
                std::string classes;
                for (const auto& [label, count] : exposure.by_class)
                    classes += fmt::format(" {}={:.6g}{}", label, count, exposure.unit);
                fmt::print(stderr, "{}: {} features;{}\n", exposure.name, exposure.features,
                           classes);
            }
            for (const auto& warning : result.warnings)
                fmt::print(stderr, "warning: {}\n", warning);
            fmt::print(stderr, "wrote {} in {:.1f} s\n", result.output, result.seconds);
            if (result.report) fmt::print(stderr, "report: {}\n", *result.report);
        }
        return 0;
    }

  private:
    engine::RunOptions options_;
    std::string output_;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace jitupasna::cli
