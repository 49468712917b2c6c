#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "command.hpp"
#include "jitupasna/forms/comments_matrix.hpp"

namespace jitupasna::cli {

namespace {

class CommentsCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand(
            "comments",
            "Gather the comments and tracked changes in the Perangkat Daerah's copies of the "
            "draft (.docx) into the response matrix (matriks masukan, .xlsx)");
        cmd->add_option("files", options_.files, "Commented copies of the draft (.docx)")
            ->required()
            ->check(existing_file());
        cmd->add_option("-o,--output", options_.output, "The matrix to write (.xlsx)")->required();
        cmd->add_option("--gpkg", gpkg_,
                        "Also store the matrix in this GeoPackage (table matriks_masukan)")
            ->check(existing_file());
        cmd->add_flag("--overwrite", options_.overwrite, "Replace an existing matrix");
        return cmd;
    }

    int run() override {
        if (!gpkg_.empty()) options_.gpkg = gpkg_;
        const forms::CommentsResult result = forms::write_comments_matrix(options_);
        if (!result.problems.empty()) {
            for (const auto& p : result.problems) fmt::print(stderr, "error: {}\n", p);
            fmt::print(stderr, "error: nothing written: {} problem(s) in the file(s) above\n",
                       result.problems.size());
            return 1;
        }
        for (std::size_t i = 0; i < options_.files.size(); ++i)
            fmt::print("{}: {} comment(s) and tracked change(s)\n", options_.files[i],
                       result.rows_per_file[i]);
        fmt::print("wrote {} row(s) to {}{}\n", result.rows.size(), options_.output,
                   options_.gpkg ? fmt::format(" and to table {} of {}",
                                               forms::kCommentsMatrixTable, *options_.gpkg)
                                 : "");
        return 0;
    }

  private:
    forms::CommentsOptions options_;
    std::string gpkg_;
};

}  // namespace

std::unique_ptr<Command> make_comments_command() { return std::make_unique<CommentsCommand>(); }

}  // namespace jitupasna::cli
