#include <fmt/format.h>

#include "command.hpp"
#include "jitupasna/forms/forms.hpp"

namespace jitupasna::cli {

namespace {

class FormsCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand(
            "forms",
            "Write one workbook per Perangkat Daerah of the run's cluster scheme, for its "
            "figures and proposed needs");
        cmd->add_option("gpkg", options_.gpkg, "A GeoPackage written by `jitupasna run`")
            ->required()
            ->check(existing_file());
        cmd->add_option("-d,--dir", options_.dir, "Folder to write the workbooks into")->required();
        cmd->add_flag("--overwrite", options_.overwrite, "Replace existing files");
        return cmd;
    }

    int run() override {
        const auto written = forms::write_forms(options_);
        fmt::print("{} form(s) written to {}\n", written.size(), options_.dir);
        return 0;
    }

  private:
    forms::FormsOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_forms_command() { return std::make_unique<FormsCommand>(); }

}  // namespace jitupasna::cli
