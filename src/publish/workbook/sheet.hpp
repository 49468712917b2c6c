#pragma once
// The sheets of `jitupasna export`: each recap table of the GeoPackage as a Sheet of
// table_view Columns and rows (sheets.cpp), written as an .xlsx workbook or CSV files
// (write.cpp).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "../gpkg_reader.hpp"
#include "../table_view.hpp"

namespace jitupasna::publish::workbook {

struct Row {
    std::vector<CellValue> cells;
    bool total = false;
};

struct Sheet {
    std::string name;      // the sheet's name in the workbook
    std::string csv_name;  // the file in --csv DIR
    std::string table;     // the GeoPackage table it comes from
    std::string about;     // what the sheet shows, when not the table's own description
    std::vector<Column> columns;
    std::vector<Row> rows;
};

// Every sheet the GeoPackage has tables for, in workbook order. Throws DataError naming the
// file when it has none.
std::vector<Sheet> build_sheets(const GpkgReader& reader);
// The notes sheet: where the numbers come from and how they are shown.
Sheet notes_sheet(const GpkgReader& reader, const std::vector<Sheet>& sheets);
// Excel's longest sheet name, in characters (counted here in bytes: never more).
inline constexpr std::size_t kMaxSheetName = 31;
// The suffix naming a finer admin level on its sheets, from the level's title
// (core::glossary::level_title): " (Kecamatan)"; shortened when the longest sheet name
// (`longest_sheet` bytes) with it would pass kMaxSheetName: " (Desa-Kel)", " (RW)".
std::string level_sheet_suffix(const std::string& level_title, std::size_t longest_sheet);
// Text cut to at most `bytes` bytes, never inside a UTF-8 character.
std::string cut_utf8(std::string text, std::size_t bytes);
// A label column's token as the spreadsheet shows it: "rusak_berat" -> "Rusak Berat".
std::string shown_label(const std::string& value);

// Writes the workbook to `path` (messages name `shown_path`).
void write_xlsx(const std::filesystem::path& path, const std::string& shown_path,
                const std::vector<Sheet>& sheets, const std::string& title);
// One CSV file: the header and the data rows (no totals), text as in the GeoPackage.
void write_csv(const std::filesystem::path& path, const std::string& shown_path,
               const Sheet& sheet);

}  // namespace jitupasna::publish::workbook
