#include <fmt/format.h>

#include "command.hpp"
#include "jitupasna/forms/status.hpp"

namespace jitupasna::cli {

namespace {

class StatusCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand(
            "status", "Show which Perangkat Daerah have returned their forms, per kab/kota");
        cmd->add_option("gpkg", options_.gpkg, "A GeoPackage written by `jitupasna run`")
            ->required()
            ->check(existing_file());
        cmd->add_option("--csv", options_.csv, "Also write one row per kab/kota and PD to FILE");
        cmd->add_flag("--overwrite", options_.overwrite, "Replace an existing CSV");
        return cmd;
    }

    int run() override {
        fmt::print("{}", forms::report_status(options_));
        if (options_.csv) fmt::print("\nwrote {}\n", *options_.csv);
        return 0;
    }

  private:
    forms::StatusOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_status_command() { return std::make_unique<StatusCommand>(); }

}  // namespace jitupasna::cli
