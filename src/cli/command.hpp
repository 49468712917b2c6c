#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

namespace jitupasna::cli {

// One subcommand: `setup` declares its options (touching no files); `run` does the work and
// returns the exit code.
class Command {
  public:
    virtual ~Command() = default;
    virtual CLI::App* setup(CLI::App& app) = 0;
    virtual int run() = 0;
};

// An input file given on the command line. Its message reads like every other missing input
// ("scenario: x.yaml not found"), so all commands speak one error style.
CLI::Validator existing_file();

std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_check_command();
std::unique_ptr<Command> make_export_command();
std::unique_ptr<Command> make_report_command();
std::unique_ptr<Command> make_forms_command();
std::unique_ptr<Command> make_import_command();
std::unique_ptr<Command> make_status_command();
std::unique_ptr<Command> make_document_command();
std::unique_ptr<Command> make_comments_command();

}  // namespace jitupasna::cli
