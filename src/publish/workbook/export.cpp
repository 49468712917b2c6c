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
#include "jitupasna/publish/publish.hpp"
#include "jitupasna/version.hpp"
#include "sheet.hpp"

namespace jitupasna::publish {

namespace {

namespace fs = std::filesystem;
using workbook::Sheet;

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::equivalent(a, b, ec)) return true;
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec) && !ec;
}

}  // namespace

void export_tables(const ExportOptions& options) {
    if (!options.xlsx && !options.csv_dir)
        throw ConfigError("export: nothing to write; give --xlsx FILE.xlsx and/or --csv DIR");
    if (options.xlsx && same_file(*options.xlsx, options.gpkg))
        throw ConfigError(fmt::format("export: --xlsx {} is the GeoPackage itself", *options.xlsx));
    if (options.csv_dir) {
        std::error_code ec;
        if (fs::exists(*options.csv_dir, ec) && !fs::is_directory(*options.csv_dir, ec))
            throw ConfigError(
                fmt::format("export: --csv {} exists and is not a folder", *options.csv_dir));
    }

    const GpkgReader reader(options.gpkg);
    std::vector<Sheet> sheets = workbook::build_sheets(reader);

    // Every target is claimed (and refused if it exists) before anything is written.
    std::unique_ptr<io::AtomicFile> xlsx;
    if (options.xlsx) xlsx = std::make_unique<io::AtomicFile>(*options.xlsx, options.overwrite);
    std::vector<std::unique_ptr<io::AtomicFile>> csvs;
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
        workbook::write_csv(csvs[i]->temp_path(), sheets[i]);

    // Last look before the renames: once they begin, every file lands.
    core::throw_if_interrupted();
    if (xlsx) xlsx->commit();
    for (auto& csv : csvs) csv->commit();
}

}  // namespace jitupasna::publish
