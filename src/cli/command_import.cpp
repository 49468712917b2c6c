#include <fmt/format.h>

#include <cstdio>

#include "command.hpp"
#include "jitupasna/forms/import.hpp"

namespace jitupasna::cli {

namespace {

class ImportCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand(
            "import",
            "Check the forms the Perangkat Daerah returned and merge them into the run's "
            "GeoPackage, all or nothing");
        cmd->add_option("gpkg", options_.gpkg, "A GeoPackage written by `jitupasna run`")
            ->required()
            ->check(existing_file());
        cmd->add_option("files", options_.files, "Returned forms (.xlsx)")
            ->required()
            ->check(existing_file());
        return cmd;
    }

    int run() override {
        const forms::ImportResult result = forms::import_forms(options_);
        // Warnings speak of a merge ("imported as unverified"): only when there is one.
        if (result.problems.empty())
            for (const auto& w : result.warnings) fmt::print(stderr, "warning: {}\n", w);
        if (!result.problems.empty()) {
            for (const auto& p : result.problems) fmt::print(stderr, "error: {}\n", p);
            fmt::print(stderr,
                       "error: nothing imported: {} problem(s) in the form(s) above; {} is "
                       "unchanged\n",
                       result.problems.size(), options_.gpkg);
            return 1;
        }
        for (const auto& f : result.imported)
            fmt::print("{}: {} (submission {}): {} damage row(s), {} need line(s){}\n", f.file,
                       f.pd, f.submission, f.damage_rows, f.needs_rows,
                       f.replaced_earlier ? ", replaces its earlier submission" : "");
        fmt::print("imported {} form(s) into {}; see `jitupasna status {}`\n",
                   result.imported.size(), options_.gpkg, options_.gpkg);
        return 0;
    }

  private:
    forms::ImportOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_import_command() { return std::make_unique<ImportCommand>(); }

}  // namespace jitupasna::cli
