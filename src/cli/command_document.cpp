#include <fmt/format.h>

#include "command.hpp"
#include "jitupasna/publish/publish.hpp"

namespace jitupasna::cli {

namespace {

class DocumentCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand(
            "document",
            "Write the draft Dokumen Jitupasna (Word, Bahasa Indonesia) for the Perangkat Daerah "
            "to read and comment on");
        cmd->add_option("gpkg", options_.gpkg, "A GeoPackage written by `jitupasna run`")
            ->required()
            ->check(existing_file());
        cmd->add_option("-o,--output", options_.docx, "Word file to write (.docx)")->required();
        cmd->add_flag("--overwrite", options_.overwrite, "Replace an existing file");
        return cmd;
    }

    int run() override {
        publish::write_document(options_);
        fmt::print("wrote {}\n", options_.docx);
        return 0;
    }

  private:
    publish::DocumentOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_document_command() { return std::make_unique<DocumentCommand>(); }

}  // namespace jitupasna::cli
