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
#include <zip.h>

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

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/xlsx_reader.hpp"

namespace {

constexpr const char* kParts[] = {"xl/workbook.xml",          "xl/_rels/workbook.xml.rels",
                                  "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                  "docProps/custom.xml",      "docProps/core.xml",
                                  "_rels/.rels",              "xl/worksheets/sheet2.xml"};

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "FINDING: %s\n", what.c_str());
    std::abort();
}

// Zips the NUL-separated sections as the parts of kParts (empty sections left out).
void write_parts(const std::string& path, std::string_view bytes) {
    std::vector<std::string> sections;
    for (std::size_t start = 0;;) {
        const auto nul = bytes.find('\0', start);
        sections.emplace_back(bytes.substr(start, nul == std::string_view::npos ? nul : nul - start));
        if (nul == std::string_view::npos) break;
        start = nul + 1;
    }
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive) finding("the target cannot create its zip file");
    for (std::size_t i = 0; i < sections.size() && i < std::size(kParts); ++i) {
        if (sections[i].empty()) continue;
        zip_source_t* source =
            zip_source_buffer(archive, sections[i].data(), sections[i].size(), 0);
        const zip_int64_t index = zip_file_add(archive, kParts[i], source, 0);
        if (index < 0) finding("the target cannot add a part");
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    if (zip_close(archive) != 0) finding("the target cannot write its zip file");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path =
        "/tmp/jitupasna-fuzz-xlsx-" + std::to_string(::getpid()) + ".xlsx";
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (bytes.substr(0, 4) == std::string_view("PK\3\4", 4)) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    } else {
        write_parts(path, bytes);
    }

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
                if (sheet.find(cell.row, cell.column) != &cell) finding("find misses " + cell.ref());
                if (cell.value.text.size() > limits.max_text_bytes)
                    finding("a text longer than the limit at " + cell.ref());
            }
        }
    } catch (const jitupasna::DataError& e) {
        if (std::string(e.what()).rfind(path + ": ", 0) != 0)
            finding(std::string("DataError does not start with the file: ") + e.what());
    } catch (const std::exception& e) {
        finding(std::string("read_xlsx threw ") + typeid(e).name() + " (not DataError): " +
                e.what());
    } catch (...) {
        finding("read_xlsx threw a non-std exception");
    }
    return 0;
}
