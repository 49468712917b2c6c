#include <fmt/format.h>

#include <cstdio>

#include "command.hpp"
#include "jitupasna/pipeline/run.hpp"

namespace jitupasna::cli {

namespace {

class CheckCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand(
            "check", "Validate a scenario and open every input, without running it");
        cmd->add_option("scenario", scenario_, "Scenario file (YAML)")
            ->required()
            ->check(existing_file());
        return cmd;
    }

    int run() override {
        std::size_t warnings = 0;
        for (const auto& line : pipeline::check_scenario(scenario_)) {
            // Warnings go to stderr, as in every command: stdout stays what was found.
            const bool warning = line.rfind("warning: ", 0) == 0;
            fmt::print(warning ? stderr : stdout, "{}\n", line);
            if (warning) ++warnings;
        }
        std::fflush(stderr);
        // A warning may mean a wrong number: the last line must not read as a clean bill.
        if (warnings > 0)
            fmt::print("ok: {} runs, but read the {} warning(s) on stderr first\n", scenario_,
                       warnings);
        else
            fmt::print("ok: {} is ready to run\n", scenario_);
        return 0;
    }

  private:
    std::string scenario_;
};

}  // namespace

std::unique_ptr<Command> make_check_command() { return std::make_unique<CheckCommand>(); }

}  // namespace jitupasna::cli
