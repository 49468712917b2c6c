// jitupasna: post-disaster damage, loss and needs assessment from GIS layers.
//
// Exit codes: 0 success; 1 data or runtime error (unreadable input, write failure, interrupted
// by SIGINT or SIGTERM, in every command); 2 usage or configuration error (bad command line or
// scenario).

#include <fmt/format.h>

#include <csignal>
#include <exception>
#include <new>

#include "command.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/pipeline/run.hpp"
#include "jitupasna/pipeline/work_context.hpp"
#include "jitupasna/version.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitDataError = 1;
constexpr int kExitUsageError = 2;

extern "C" void on_interrupt(int) { jitupasna::core::interrupt_flag().store(true); }

}  // namespace

int main(int argc, char** argv) {
    using namespace jitupasna;
    // First of all, so that a signal during start-up too ends in "interrupted", exit 1, at the
    // command's first poll (core/interrupt.hpp) rather than killing the process.
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    CLI::App app{
        "jitupasna: damage, loss and needs per kabupaten/kota from GIS layers "
        "(Jitupasna / PDNA)"};
    app.set_version_flag("--version", std::string("jitupasna ") + kVersion);
    app.require_subcommand(1);

    // Every command, in the order `--help` lists them.
    std::vector<std::pair<std::unique_ptr<cli::Command>, CLI::App*>> commands;
    for (auto make :
         {cli::make_run_command, cli::make_check_command, cli::make_export_command,
          cli::make_report_command, cli::make_forms_command, cli::make_import_command,
          cli::make_status_command, cli::make_document_command, cli::make_comments_command}) {
        auto command = make();
        CLI::App* sub = command->setup(app);
        commands.emplace_back(std::move(command), sub);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        return app.exit(e);
    } catch (const CLI::ValidationError& e) {  // "scenario: x.yaml not found"
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitUsageError;
    } catch (const CLI::ParseError& e) {
        // One "error: ..." line, like every other failure.
        fmt::print(stderr, "error: {} (see `jitupasna --help`)\n", e.what());
        return kExitUsageError;
    }

    io::initialize_gdal();
    try {
        core::throw_if_interrupted();  // signalled while starting up
        for (auto& [command, sub] : commands)
            if (sub->parsed()) return command->run();
    } catch (const ConfigError& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitUsageError;
    } catch (const DataError& e) {
        // A stop makes GEOS fail its operation mid-way: whatever failed then, it was the stop.
        fmt::print(stderr, "error: {}\n", core::interrupt_flag().load() ? "interrupted" : e.what());
        return kExitDataError;
    } catch (const std::bad_alloc&) {
        // The failed allocation is unwound by now: there is memory for one line.
        fmt::print(stderr, "error: out of memory while processing {}\n",
                   pipeline::work_context::describe());
        return kExitDataError;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", core::interrupt_flag().load() ? "interrupted" : e.what());
        return kExitDataError;
    }
    return kExitUsageError;
}
