#include "command.hpp"
#include "jitupasna/publish/publish.hpp"

namespace jitupasna::cli {

namespace {

class ReportCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand(
            "report", "Write the Jitupasna report (HTML, Bahasa Indonesia) of a run's GeoPackage");
        cmd->add_option("gpkg", options_.gpkg, "A GeoPackage written by `jitupasna run`")
            ->required()
            ->check(existing_file());
        cmd->add_option("-o,--output", options_.html, "HTML file to write")->required();
        cmd->add_flag("--overwrite", options_.overwrite, "Replace an existing file");
        return cmd;
    }

    int run() override {
        publish::write_report(options_);
        return 0;
    }

  private:
    publish::ReportOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_report_command() { return std::make_unique<ReportCommand>(); }

}  // namespace jitupasna::cli
