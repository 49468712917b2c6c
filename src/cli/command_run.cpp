#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "command.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/pipeline/run.hpp"
#include "jitupasna/publish/publish.hpp"

namespace jitupasna::cli {

namespace {

class RunCommand final : public Command {
  public:
    CLI::App* setup(CLI::App& app) override {
        auto* cmd = app.add_subcommand("run", "Run a scenario and write its GeoPackage");
        cmd->add_option("scenario", options_.scenario_path, "Scenario file (YAML)")
            ->required()
            ->check(existing_file());
        output_option_ = cmd->add_option("-o,--output", output_,
                                         "Output GeoPackage (overrides the scenario's `output:`)");
        cmd->add_flag("--overwrite", options_.overwrite,
                      "Replace an existing output file and its report");
        cmd->add_option("-t,--threads", options_.threads, "Worker threads (default: all cores)")
            ->check(CLI::Range(1u, 1024u));
        cmd->add_option("--batch-size", options_.batch_size, "Features per batch")
            ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
        cmd->add_flag("-q,--quiet", options_.quiet,
                      "No progress or summary on stderr (warnings are still printed)");
        cmd->add_flag("!--no-report", report_, "Do not write the HTML report (OUT.html)");
        return cmd;
    }

    // pipeline -> styles -> commit -> report: the GeoPackage lands whole, styles included,
    // and the report reads only the file that landed.
    int run() override {
        const auto started = std::chrono::steady_clock::now();
        if (output_option_->count() > 0) options_.output = output_;  // `-o ""` is refused
        options_.report = report_;
        // Refuses a bad, existing or input-destroying output and report before any work.
        pipeline::ScenarioRun scenario_run(options_);
        const pipeline::RunResult result = scenario_run.compute();
        publish::write_styles_and_metadata(scenario_run.writer(), result.run_info);
        scenario_run.commit();

        std::optional<std::string> report;
        if (report_) report = write_report(result.output, scenario_run.report_path());
        if (!options_.quiet)
            for (const auto& exposure : result.summary_lines) {
                std::string classes;
                for (const auto& [label, count] : exposure.by_class)
                    classes += fmt::format(" {}={}{}", label, plain_number(count), exposure.unit);
                fmt::print(stderr, "{}: {} features;{}\n", exposure.name, exposure.features,
                           classes);
            }
        // Warnings name what may make a number wrong: -q silences the chatter, never them.
        for (const auto& warning : result.warnings) fmt::print(stderr, "warning: {}\n", warning);
        if (!options_.quiet) {
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            fmt::print(stderr, "wrote {} in {:.1f} s\n", result.output, seconds);
            if (report) fmt::print(stderr, "report: {}\n", *report);
        }
        return 0;
    }

  private:
    // No e-notation on a console a planner reads: whole numbers from 100 up, else 2 decimals.
    static std::string plain_number(double value) {
        if (std::abs(value) >= 100) return fmt::format("{:.0f}", value);
        std::string text = fmt::format("{:.2f}", value);
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
        return text == "-0" ? "0" : text;
    }

    // OUT.html beside the GeoPackage; an existing one was refused before any work unless
    // --overwrite.
    std::string write_report(const std::string& gpkg, const std::string& html) const {
        publish::ReportOptions report;
        report.gpkg = gpkg;
        report.html = html;
        report.overwrite = options_.overwrite;
        try {
            publish::write_report(report);
        } catch (const Error& e) {
            // The GeoPackage is complete and in place; say so, so nobody reruns for nothing.
            throw DataError(
                fmt::format("{} was written, but its report was not: {} (retry with "
                            "`jitupasna report {} -o {}`)",
                            gpkg, e.what(), gpkg, report.html));
        }
        return report.html;
    }

    pipeline::RunOptions options_;
    std::string output_;
    CLI::Option* output_option_ = nullptr;
    bool report_ = true;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace jitupasna::cli
