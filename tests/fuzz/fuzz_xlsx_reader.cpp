// libFuzzer target: bytes -> an .xlsx file -> io::read_xlsx with small limits. read_xlsx must
// either return a workbook of the documented shape or throw DataError naming the file; any
// other exception, a crash, a leak, undefined behaviour, a hang or a blown memory limit is a
// finding.
//
// Two shapes of input, so the fuzzer reaches the XML handlers as well as the zip layer:
//   - bytes starting "PK\3\4" are the .xlsx file itself (zip headers, deflate streams);
//   - anything else is the text of the package parts separated by NUL bytes, in the order of
//     kParts, which the target zips (stored) before reading.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "fuzz_zip_parts.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/xlsx_reader.hpp"

namespace {

using jitupasna::fuzz::finding;

const std::vector<const char*> kParts = {
    "xl/workbook.xml",      "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml", "docProps/custom.xml",        "docProps/core.xml",
    "_rels/.rels",          "xl/worksheets/sheet2.xml"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path =
        "/tmp/jitupasna-fuzz-xlsx-" + std::to_string(::getpid()) + ".xlsx";
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    jitupasna::fuzz::write_input(path, bytes, kParts);

    jitupasna::io::XlsxLimits limits;
    limits.max_file_bytes = 1u << 20;
    limits.max_part_bytes = 1u << 20;
    limits.expansion_floor_bytes = 64u << 10;
    limits.max_total_bytes = 2u << 20;
    limits.max_sheets = 16;
    limits.max_rows = 1000;
    limits.max_cells = 10000;
    limits.max_book_cells = 20000;
    limits.max_shared_strings = 10000;
    limits.max_text_bytes = 4096;
    try {
        const jitupasna::io::XlsxBook book = jitupasna::io::read_xlsx(path, limits);
        // The documented shape of a workbook that was accepted.
        if (book.sheets.size() > limits.max_sheets) finding("more sheets than the limit");
        for (const auto& sheet : book.sheets) {
            if (sheet.cells.size() > limits.max_cells) finding("more cells than the limit");
            for (std::size_t i = 0; i < sheet.cells.size(); ++i) {
                const auto& cell = sheet.cells[i];
                if (cell.value.is_empty()) finding("an empty cell kept at " + cell.ref());
                if (cell.row >= limits.max_rows) finding("a row past the limit: " + cell.ref());
                if (i > 0 && !(std::make_pair(sheet.cells[i - 1].row, sheet.cells[i - 1].column) <
                               std::make_pair(cell.row, cell.column)))
                    finding("cells not sorted or not unique at " + cell.ref());
                if (sheet.find(cell.row, cell.column) != &cell)
                    finding("find misses " + cell.ref());
                if (cell.value.text.size() > limits.max_text_bytes)
                    finding("a text longer than the limit at " + cell.ref());
            }
        }
    } catch (const jitupasna::DataError& e) {
        if (std::string(e.what()).rfind(path + ": ", 0) != 0)
            finding(std::string("DataError does not start with the file: ") + e.what());
    } catch (const std::exception& e) {
        finding(std::string("read_xlsx threw ") + typeid(e).name() +
                " (not DataError): " + e.what());
    } catch (...) {
        finding("read_xlsx threw a non-std exception");
    }
    return 0;
}
