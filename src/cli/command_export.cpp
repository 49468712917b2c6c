#include "command.hpp"
#include "jitupasna/publish/publish.hpp"

namespace jitupasna::cli {

namespace {

class ExportCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand(
            "export", "Write the recap tables of a run's GeoPackage as a spreadsheet or CSV files");
        cmd->add_option("gpkg", options_.gpkg, "A GeoPackage written by `jitupasna run`")
            ->required()
            ->check(existing_file());
        cmd->add_option("--xlsx", xlsx_, "Spreadsheet to write (one sheet per table)");
        cmd->add_option("--csv", csv_, "Folder to write one CSV file per table into");
        cmd->add_flag("--overwrite", options_.overwrite, "Replace existing files");
        return cmd;
    }

    int run() override {
        if (!xlsx_.empty()) options_.xlsx = xlsx_;
        if (!csv_.empty()) options_.csv_dir = csv_;
        publish::export_tables(options_);
        return 0;
    }

  private:
    publish::ExportOptions options_;
    std::string xlsx_, csv_;
};

}  // namespace

std::unique_ptr<Command> make_export_command() { return std::make_unique<ExportCommand>(); }

}  // namespace jitupasna::cli
