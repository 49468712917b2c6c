// `jitupasna export`: the recap tables of a run's GeoPackage as one spreadsheet (one sheet per
// table) and/or one CSV file per table.
//
// The .xlsx is written through libxlsxwriter (io/xlsx_writer; GDAL's XLSX driver cannot set
// number formats). Cells hold the exact values of the GeoPackage; number formats do the
// rounding on display (Rupiah "#,##0", expected unit counts "#,##0.0", people "#,##0"). Totals
// rows are numbers, not formulas, so that they read back without recalculation. The CSV files
// hold the same rows without the totals, with plain numbers (dot decimal, no thousands
// separator, full precision) for machine use.

#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/publish/publish.hpp"
#include "jitupasna/version.hpp"
#include "sheet.hpp"

namespace jitupasna::publish {

namespace {

namespace fs = std::filesystem;
using workbook::Sheet;

}  // namespace

void export_tables(const ExportOptions& options) {
    if (!options.xlsx && !options.csv_dir)
        throw ConfigError("export: nothing to write; give --xlsx FILE.xlsx and/or --csv DIR");
    // No output may replace the GeoPackage read (a link to it included), --overwrite or not.
    const std::vector<io::NamedInput> reads = {{options.gpkg, "the GeoPackage export reads"}};
    if (options.xlsx) {
        io::check_output_path(*options.xlsx, "--xlsx", "tabel.xlsx");
        io::refuse_output_over_inputs(*options.xlsx, reads, "--xlsx");
    }
    if (options.csv_dir) io::check_output_folder(*options.csv_dir, "--csv");

    const GpkgReader reader(options.gpkg);
    std::vector<Sheet> sheets = workbook::build_sheets(reader);
    if (options.csv_dir)
        for (const Sheet& sheet : sheets)
            io::refuse_output_over_inputs(fs::path(*options.csv_dir) / sheet.csv_name, reads,
                                          "--csv");

    // Every target is claimed (and refused if it exists) before anything is written.
    std::unique_ptr<io::AtomicFile> xlsx;
    if (options.xlsx) xlsx = std::make_unique<io::AtomicFile>(*options.xlsx, options.overwrite);
    std::vector<std::unique_ptr<io::AtomicFile>> csvs;
    // On failure the files are abandoned last-claimed first, so that the folder the first one
    // made is empty, and removed, when that one goes.
    struct AbandonInReverse {
        std::vector<std::unique_ptr<io::AtomicFile>>& files;
        ~AbandonInReverse() {
            while (!files.empty()) files.pop_back();
        }
    } abandon{csvs};
    if (options.csv_dir)
        for (const Sheet& sheet : sheets)
            csvs.push_back(std::make_unique<io::AtomicFile>(
                fs::path(*options.csv_dir) / sheet.csv_name, options.overwrite));

    if (xlsx) {
        std::vector<Sheet> workbook = sheets;
        workbook.push_back(workbook::notes_sheet(reader, sheets));
        const std::string title =
            "Rekapitulasi Jitupasna" +
            (reader.info("scenario_name") ? " — " + *reader.info("scenario_name") : "");
        workbook::write_xlsx(xlsx->temp_path(), *options.xlsx, workbook, title);
    }
    for (std::size_t i = 0; i < csvs.size(); ++i)
        workbook::write_csv(csvs[i]->temp_path(), csvs[i]->target().string(), sheets[i]);

    // Last look before the renames: once they begin, every file lands.
    core::throw_if_interrupted();
    if (xlsx) xlsx->commit();
    for (auto& csv : csvs) csv->commit();
}

}  // namespace jitupasna::publish
