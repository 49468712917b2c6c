// read_xlsx: workbooks written by the project's own writer, by hand (parts zipped with libzip
// directly, for what other writers do: rich text, inline strings, cached formula values,
// booleans, hidden sheets, custom properties), by openpyxl and by LibreOffice Calc; every value
// checked against what the test wrote. Then hostile files: not a zip, a truncated zip, zip
// bombs, a sheet over the row limit, malformed XML, a DTD, bad cell references.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zip.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io/zip_parts.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/xlsx_reader.hpp"
#include "jitupasna/io/xlsx_writer.hpp"

namespace fs = std::filesystem;
using jitupasna::DataError;
using jitupasna::io::read_xlsx;
using jitupasna::io::XlsxBook;
using jitupasna::io::XlsxLimits;
using jitupasna::io::XlsxSheet;
using jitupasna::io::XlsxSheetState;
using jitupasna::io::XlsxValue;
using Kind = jitupasna::io::XlsxValue::Kind;

namespace {

using jitupasna::test::Parts;
using jitupasna::test::write_zip;

const std::string kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const std::string kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const std::string kRelTypes =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

// The package parts around one or more sheets: sheet i is "xl/worksheets/<name_i>" and its
// workbook entry `sheet_entries` (name, state attribute or "").
Parts package(const std::vector<std::tuple<std::string, std::string, std::string>>& sheets,
              const std::string& shared_strings = "") {
    Parts parts;
    parts.emplace_back("[Content_Types].xml",
                       R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.)"
                       R"(openxmlformats.org/package/2006/content-types"/>)");
    parts.emplace_back("_rels/.rels",
                       "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
                       "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
                       "Type=\"" +
                           kRelTypes +
                           "officeDocument\" Target=\"xl/workbook.xml\"/>"
                           "</Relationships>");
    // The relationships namespace bound to "rel", not the usual "r": the reader must not care.
    std::string workbook = "<?xml version=\"1.0\"?><workbook xmlns=\"" + kMainNs +
                           "\" xmlns:rel=\"" + kRelNs + "\"><sheets>";
    std::string rels =
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
        "openxmlformats.org/package/2006/relationships\">";
    int id = 1;
    for (const auto& [name, state, part_name] : sheets) {
        workbook += "<sheet name=\"" + name + "\" sheetId=\"" + std::to_string(id) + "\"" +
                    (state.empty() ? "" : " state=\"" + state + "\"") + " rel:id=\"rIdS" +
                    std::to_string(id) + "\"/>";
        rels += "<Relationship Id=\"rIdS" + std::to_string(id) + "\" Type=\"" + kRelTypes +
                "worksheet\" Target=\"worksheets/" + part_name + "\"/>";
        ++id;
    }
    if (!shared_strings.empty())
        rels += "<Relationship Id=\"rIdSS\" Type=\"" + kRelTypes +
                "sharedStrings\" Target=\"/xl/strings.xml\"/>";
    parts.emplace_back("xl/workbook.xml", workbook + "</sheets></workbook>");
    parts.emplace_back("xl/_rels/workbook.xml.rels", rels + "</Relationships>");
    if (!shared_strings.empty()) parts.emplace_back("xl/strings.xml", shared_strings);
    return parts;
}

std::string sheet_xml(const std::string& sheet_data) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"" + kMainNs +
           "\">\n<sheetData>" + sheet_data + "</sheetData>\n</worksheet>\n";
}

// A workbook of one sheet "Data" whose part is xl/worksheets/data.xml.
Parts one_sheet(const std::string& sheet_data) {
    Parts parts = package({{"Data", "", "data.xml"}});
    parts.emplace_back("xl/worksheets/data.xml", sheet_xml(sheet_data));
    return parts;
}

class XlsxReaderTest : public jitupasna::test::ZipFolderTest {
  protected:
    static std::string error_of(const fs::path& path, const XlsxLimits& limits = {}) {
        return ZipFolderTest::error_of(path, [&](const fs::path& p) { read_xlsx(p, limits); });
    }
};

void expect_number(const XlsxSheet& sheet, std::uint32_t row, std::uint32_t col, double v) {
    const XlsxValue& value = sheet.value(row, col);
    EXPECT_EQ(value.kind, Kind::number) << sheet.name << " " << jitupasna::io::cell_ref(row, col);
    EXPECT_EQ(value.number, v) << sheet.name << " " << jitupasna::io::cell_ref(row, col);
}
void expect_text(const XlsxSheet& sheet, std::uint32_t row, std::uint32_t col,
                 const std::string& v) {
    const XlsxValue& value = sheet.value(row, col);
    EXPECT_EQ(value.kind, Kind::text) << sheet.name << " " << jitupasna::io::cell_ref(row, col);
    EXPECT_EQ(value.text, v) << sheet.name << " " << jitupasna::io::cell_ref(row, col);
}

std::string run(const std::string& command) {
    const int status = std::system((command + " >/dev/null 2>&1").c_str());
    return status == 0 ? "" : "command failed: " + command;
}

}  // namespace

TEST(XlsxCellRef, ParsesA1StyleOnly) {
    std::uint32_t row = 99, column = 99;
    ASSERT_TRUE(jitupasna::io::parse_cell_ref("H12", row, column));
    EXPECT_EQ(row, 11u);
    EXPECT_EQ(column, 7u);
    ASSERT_TRUE(jitupasna::io::parse_cell_ref("A1", row, column));
    EXPECT_EQ(row, 0u);
    EXPECT_EQ(column, 0u);
    // AA = 26 + 1 = 27th column; XFD = 24*676 + 6*26 + 4 = 16384th, the last.
    ASSERT_TRUE(jitupasna::io::parse_cell_ref("AA3", row, column));
    EXPECT_EQ(column, 26u);
    ASSERT_TRUE(jitupasna::io::parse_cell_ref("XFD1048576", row, column));
    EXPECT_EQ(column, 16383u);
    EXPECT_EQ(row, 1048575u);
    for (const char* bad : {"", "A", "12", "1A", "A0", "A01", "XFE1", "A1048577", "R1C1", "A1:B2",
                            "$A$1", "A 1", "AAAA1"})
        EXPECT_FALSE(jitupasna::io::parse_cell_ref(bad, row, column)) << bad;
    EXPECT_EQ(jitupasna::io::cell_ref(11, 7), "H12");
    EXPECT_EQ(jitupasna::io::cell_ref(0, 26), "AA1");
    EXPECT_EQ(jitupasna::io::cell_ref(1048575, 16383), "XFD1048576");
}

TEST_F(XlsxReaderTest, ReadsHandMadePartsOfEveryKind) {
    // Shared strings: plain, rich text in runs (joined), a phonetic run (left out), spaces kept.
    const std::string strings =
        "<?xml version=\"1.0\"?><sst xmlns=\"" + kMainNs +
        "\" count=\"3\" uniqueCount=\"3\">"
        "<si><t>Dinas Kesehatan</t></si>"
        "<si><r><rPr><b/></rPr><t>Rumah </t></r><r><t xml:space=\"preserve\">rusak  "
        "berat</t></r></si>"
        "<si><t>Jalan</t><rPh sb=\"0\" eb=\"1\"><t>JALAN</t></rPh></si></sst>";
    const std::string data =
        // row 1: shared strings, a number, a boolean true, an error
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\"><v>-12.5</v></c>"
        "<c r=\"E1\" t=\"b\"><v>1</v></c><c r=\"F1\" t=\"e\"><v>#DIV/0!</v></c></row>"
        // row 3 (row 2 absent): formulas with cached values, a string formula, inline strings
        "<row r=\"3\"><c r=\"A3\"><f>D1*2</f><v>-25</v></c>"
        "<c r=\"B3\" t=\"str\"><f>A1&amp;\"!\"</f><v>Dinas Kesehatan!</v></c>"
        "<c r=\"C3\" t=\"inlineStr\"><is><t>Kab. Lebak</t></is></c>"
        "<c r=\"D3\" t=\"inlineStr\"><is><r><t>Rp "
        "</t></r><r><rPr><i/></rPr><t>1.234</t></r></is></c>"
        "<c r=\"E3\" t=\"b\"><v>0</v></c><c r=\"F3\" s=\"4\"/><c r=\"G3\"><f>NOW()</f></c>"
        "<c r=\"H3\"><v>1E3</v></c></row>"
        // a row without r is the next row (4); cells without r follow the previous one
        "<row><c t=\"inlineStr\"><is><t>x</t></is></c><c><v>7</v></c><c r=\"E4\"><v>8</v></c>"
        "<c><v>9</v></c></row>";
    Parts parts = package({{"Petunjuk", "", "first.xml"},
                           {"Kerusakan dan Kerugian", "hidden", "zz_second.xml"},
                           {"Kunci", "veryHidden", "first.xml"}},
                          strings);
    parts.emplace_back("xl/worksheets/first.xml", sheet_xml(data));
    parts.emplace_back("xl/worksheets/zz_second.xml", sheet_xml(""));
    parts[1].second =  // package relationships with core and custom properties
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
        "package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" +
        kRelTypes +
        "officeDocument\" "
        "Target=\"xl/workbook.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas."
        "openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
        "Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"" +
        kRelTypes + "custom-properties\" Target=\"docProps/custom.xml\"/></Relationships>";
    parts.emplace_back(
        "docProps/core.xml",
        "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
        "package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/"
        "XMLSchema-instance\"><dc:title>Formulir Dinas Kesehatan</dc:title>"
        "<dc:creator>jitupasna</dc:creator><cp:lastModifiedBy>Budi</cp:lastModifiedBy>"
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-12-01T08:00:00Z</dcterms:modified>"
        "</cp:coreProperties>");
    parts.emplace_back(
        "docProps/custom.xml",
        "<?xml version=\"1.0\"?><Properties xmlns=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/docPropsVTypes\"><property fmtid=\"{D5CDD505-2E9C-101B-9397-"
        "08002B2CF9AE}\" pid=\"2\" name=\"jitupasna_run\"><vt:lpwstr>run-42</vt:lpwstr>"
        "</property><property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"3\" "
        "name=\"form_version\"><vt:i4>3</vt:i4></property></Properties>");
    const XlsxBook book = read_xlsx(zip("hand.xlsx", parts));

    ASSERT_EQ(book.sheets.size(), 3u);
    EXPECT_EQ(book.sheets[0].name, "Petunjuk");
    EXPECT_EQ(book.sheets[0].state, XlsxSheetState::visible);
    EXPECT_EQ(book.sheets[0].part, "xl/worksheets/first.xml");
    EXPECT_EQ(book.sheets[1].name, "Kerusakan dan Kerugian");
    EXPECT_EQ(book.sheets[1].state, XlsxSheetState::hidden);
    EXPECT_EQ(book.sheets[1].part, "xl/worksheets/zz_second.xml");
    EXPECT_TRUE(book.sheets[1].cells.empty());
    EXPECT_EQ(book.sheets[2].state, XlsxSheetState::very_hidden);
    ASSERT_NE(book.sheet("Kunci"), nullptr);
    EXPECT_EQ(book.sheet("kunci"), nullptr);

    const XlsxSheet& s = book.sheets[0];
    expect_text(s, 0, 0, "Dinas Kesehatan");
    expect_text(s, 0, 1, "Rumah rusak  berat");
    expect_text(s, 0, 2, "Jalan");
    expect_number(s, 0, 3, -12.5);
    EXPECT_EQ(s.value(0, 4).kind, Kind::boolean);
    EXPECT_EQ(s.value(0, 4).number, 1);
    EXPECT_EQ(s.value(0, 5).kind, Kind::error);
    EXPECT_EQ(s.value(0, 5).text, "#DIV/0!");
    EXPECT_TRUE(s.value(1, 0).is_empty());
    expect_number(s, 2, 0, -25);
    EXPECT_TRUE(s.find(2, 0)->formula);
    EXPECT_FALSE(s.find(0, 3)->formula);
    expect_text(s, 2, 1, "Dinas Kesehatan!");
    expect_text(s, 2, 2, "Kab. Lebak");
    expect_text(s, 2, 3, "Rp 1.234");
    EXPECT_EQ(s.value(2, 4).kind, Kind::boolean);
    EXPECT_EQ(s.value(2, 4).number, 0);
    EXPECT_TRUE(s.value(2, 5).is_empty());  // a style only
    EXPECT_TRUE(s.value(2, 6).is_empty());  // a formula never calculated
    expect_number(s, 2, 7, 1000);
    expect_text(s, 3, 0, "x");
    expect_number(s, 3, 1, 7);
    expect_number(s, 3, 4, 8);
    expect_number(s, 3, 5, 9);
    // 6 + 6 + 4 values, nothing else; sorted.
    ASSERT_EQ(s.cells.size(), 16u);
    EXPECT_EQ(s.cells[6].ref(), "A3");
    EXPECT_EQ(s.cells.back().ref(), "F4");
    // The third sheet shares the first's part: the same values.
    EXPECT_EQ(book.sheets[2].cells.size(), 16u);

    EXPECT_EQ(book.properties.title, "Formulir Dinas Kesehatan");
    EXPECT_EQ(book.properties.creator, "jitupasna");
    EXPECT_EQ(book.properties.last_modified_by, "Budi");
    EXPECT_EQ(book.properties.modified, "2026-12-01T08:00:00Z");
    ASSERT_EQ(book.properties.custom.size(), 2u);
    EXPECT_EQ(book.properties.custom.at("jitupasna_run"), "run-42");
    EXPECT_EQ(book.properties.custom.at("form_version"), "3");
}

TEST_F(XlsxReaderTest, ReadsWhatTheProjectsWriterWrites) {
    namespace xlsx = jitupasna::io::xlsx;
    const fs::path path = dir_ / "own.xlsx";
    {
        xlsx::Workbook book(path, path.string());
        book.set_properties("Formulir Kebutuhan", "BPBD Banten");
        book.set_custom_property("jitupasna_pd", "dinas-kesehatan");
        xlsx::Worksheet first = book.add_sheet("Kebutuhan");
        first.write_text(0, 0, "kode_wilayah", {});
        first.write_text(0, 1, "Pemulihan fungsi – Puskesmas", {});
        first.write_number(1, 0, 3602, {});
        xlsx::CellStyle thousands;
        thousands.number = xlsx::NumberFormat::thousands;
        first.write_number(1, 1, 1234567.89, thousands);
        xlsx::CellStyle line;
        line.top_border = true;
        first.write_blank(2, 0, line);
        first.write_text(199, 25, "Z200", {});
        xlsx::Worksheet second = book.add_sheet("Verifikasi");
        second.write_text(4, 2, "Kerusakan dan Kerugian", {});
        book.close();
    }
    const XlsxBook book = read_xlsx(path);
    ASSERT_EQ(book.sheets.size(), 2u);
    const XlsxSheet& s = book.sheets[0];
    EXPECT_EQ(s.name, "Kebutuhan");
    EXPECT_EQ(s.state, XlsxSheetState::visible);
    expect_text(s, 0, 0, "kode_wilayah");
    expect_text(s, 0, 1, "Pemulihan fungsi – Puskesmas");
    expect_number(s, 1, 0, 3602);
    expect_number(s, 1, 1, 1234567.89);
    EXPECT_TRUE(s.value(2, 0).is_empty());
    expect_text(s, 199, 25, "Z200");
    EXPECT_EQ(s.cells.size(), 5u);
    EXPECT_EQ(book.sheets[1].name, "Verifikasi");
    expect_text(book.sheets[1], 4, 2, "Kerusakan dan Kerugian");
    EXPECT_EQ(book.properties.title, "Formulir Kebutuhan");
    EXPECT_EQ(book.properties.creator, "BPBD Banten");
    EXPECT_EQ(book.properties.custom.at("jitupasna_pd"), "dinas-kesehatan");
}

// openpyxl (an independent writer), then the same file saved by LibreOffice Calc, which
// calculates the formulas and caches their values.
TEST_F(XlsxReaderTest, ReadsOpenpyxlAndLibreOfficeFiles) {
    if (std::system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "python3-openpyxl is not installed (scripts/setup): openpyxl test skipped";
    const fs::path script = dir_ / "write.py";
    const fs::path made = dir_ / "openpyxl.xlsx";
    std::ofstream(script) << R"(import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Kerusakan dan Kerugian"
ws["A1"] = "kode_wilayah"
ws["B1"] = "rb"
ws["A2"] = "3602"
ws["B2"] = 12
ws["C2"] = 2.5
ws["D2"] = True
ws["E2"] = "=B2*C2"
ws["H12"] = "dua belas"
ws.cell(row=300, column=3, value=-7)
hidden = wb.create_sheet("Kunci")
hidden.sheet_state = "hidden"
hidden["A1"] = "run-7"
wb.create_sheet("Verifikasi")["B3"] = "Siti Aminah"
wb.properties.title = "Formulir"
wb.properties.creator = "openpyxl test"
wb.save(sys.argv[1])
)";
    ASSERT_EQ(run("/usr/bin/python3 " + script.string() + " " + made.string()), "");

    const auto check = [](const XlsxBook& book, bool calculated) {
        ASSERT_EQ(book.sheets.size(), 3u);
        const XlsxSheet& s = book.sheets[0];
        EXPECT_EQ(s.name, "Kerusakan dan Kerugian");
        expect_text(s, 0, 0, "kode_wilayah");
        expect_text(s, 0, 1, "rb");
        expect_text(s, 1, 0, "3602");
        expect_number(s, 1, 1, 12);
        expect_number(s, 1, 2, 2.5);
        EXPECT_EQ(s.value(1, 3).kind, Kind::boolean);
        EXPECT_EQ(s.value(1, 3).number, 1);
        if (calculated) {
            expect_number(s, 1, 4, 30);  // 12 * 2.5, cached by Calc
        } else {
            EXPECT_TRUE(s.value(1, 4).is_empty());  // openpyxl caches no value
        }
        expect_text(s, 11, 7, "dua belas");
        expect_number(s, 299, 2, -7);
        EXPECT_EQ(book.sheets[1].name, "Kunci");
        EXPECT_EQ(book.sheets[1].state, XlsxSheetState::hidden);
        expect_text(book.sheets[1], 0, 0, "run-7");
        EXPECT_EQ(book.sheets[2].state, XlsxSheetState::visible);
        expect_text(book.sheets[2], 2, 1, "Siti Aminah");
        EXPECT_EQ(book.properties.title, "Formulir");
    };
    {
        SCOPED_TRACE("openpyxl");
        const XlsxBook book = read_xlsx(made);
        check(book, false);
        EXPECT_EQ(book.sheets[0].find(1, 4), nullptr);  // no cached value: no cell
        EXPECT_EQ(book.properties.creator, "openpyxl test");
    }

    if (std::system("command -v soffice >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "LibreOffice (soffice) is not installed: its part of the test skipped";
    const fs::path out = dir_ / "calc";
    fs::create_directories(out);
    ASSERT_EQ(run("cd " + dir_.string() +
                  " && timeout 120 soffice --headless --norestore "
                  "-env:UserInstallation=file://" +
                  (dir_ / "profile").string() +
                  " --convert-to xlsx:\"Calc MS Excel 2007 XML\" --outdir " + out.string() + " " +
                  made.string()),
              "");
    SCOPED_TRACE("LibreOffice");
    const XlsxBook book = read_xlsx(out / "openpyxl.xlsx");
    check(book, true);
    EXPECT_TRUE(book.sheets[0].find(1, 4)->formula);
}

// ---- hostile files ---------------------------------------------------------------------------

TEST_F(XlsxReaderTest, RefusesWhatIsNotAZipArchive) {
    const fs::path text = dir_ / "dinas-sosial.xlsx";
    std::ofstream(text) << "kode_wilayah;rb\n3602;12\n";
    std::string message = error_of(text);
    EXPECT_NE(message.find(text.string() + ": not an XLSX workbook (not a zip archive"),
              std::string::npos)
        << message;

    const fs::path empty = dir_ / "empty.xlsx";
    std::ofstream{empty};
    message = error_of(empty);
    EXPECT_NE(message.find(empty.string() + ": not an XLSX workbook"), std::string::npos)
        << message;

    message = error_of(dir_);
    EXPECT_NE(message.find("not a regular file"), std::string::npos) << message;
    message = error_of(dir_ / "absent.xlsx");
    EXPECT_NE(message.find("absent.xlsx: cannot open: no such file"), std::string::npos) << message;
}

TEST_F(XlsxReaderTest, RefusesATruncatedWorkbook) {
    namespace xlsx = jitupasna::io::xlsx;
    const fs::path whole = dir_ / "whole.xlsx";
    {
        xlsx::Workbook book(whole, whole.string());
        xlsx::Worksheet sheet = book.add_sheet("Kebutuhan");
        for (std::size_t r = 0; r < 2000; ++r)
            sheet.write_text(r, 0, "kegiatan " + std::to_string(r * 7919 % 10007), {});
        book.close();
    }
    ASSERT_EQ(read_xlsx(whole).sheets.at(0).cells.size(), 2000u);
    std::ifstream in(whole, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const fs::path half = dir_ / "half.xlsx";
    std::ofstream(half, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const std::string message = error_of(half);
    EXPECT_NE(message.find(half.string() + ": not an XLSX workbook (not a zip archive"),
              std::string::npos)
        << message;
}

TEST_F(XlsxReaderTest, RefusesAZipWithoutAWorkbook) {
    const fs::path path = zip("notes.xlsx", {{"notes.txt", "hello"}});
    const std::string message = error_of(path);
    EXPECT_NE(message.find(path.string() + ": not an XLSX workbook (no xl/workbook.xml"),
              std::string::npos)
        << message;
}

TEST_F(XlsxReaderTest, NamesPartAndLineOfMalformedXml) {
    const fs::path path =
        zip("bad.xlsx", one_sheet("<row r=\"1\">\n<c r=\"A1\"><v>1</v></c>\n</sheetData>"));
    const std::string message = error_of(path);
    EXPECT_NE(message.find(path.string() + ": xl/worksheets/data.xml (sheet 'Data'): malformed "
                                           "XML at line 5"),
              std::string::npos)
        << message;

    // The workbook part too.
    Parts parts = one_sheet("");
    parts[2].second = "<workbook><sheets><sheet name=\"a\"";
    const std::string wb_message = error_of(zip("badwb.xlsx", parts));
    EXPECT_NE(wb_message.find("badwb.xlsx: xl/workbook.xml: malformed XML at line 1"),
              std::string::npos)
        << wb_message;
}

TEST_F(XlsxReaderTest, NamesABadCellReference) {
    const fs::path path = zip("ref.xlsx", one_sheet("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"));
    const std::string message = error_of(path);
    EXPECT_NE(message.find(path.string() +
                           ": xl/worksheets/data.xml (sheet 'Data'): line 3: cell reference "
                           "'1A' is not an A1-style reference"),
              std::string::npos)
        << message;

    const std::string twice = error_of(
        zip("twice.xlsx",
            one_sheet("<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row>")));
    EXPECT_NE(twice.find("(sheet 'Data'): cell B2 is given twice"), std::string::npos) << twice;

    const std::string number = error_of(
        zip("number.xlsx", one_sheet("<row r=\"12\"><c r=\"H12\"><v>dua belas</v></c></row>")));
    EXPECT_NE(number.find("cell H12: value 'dua belas' is not a number"), std::string::npos)
        << number;

    const std::string shared = error_of(
        zip("shared.xlsx", one_sheet("<row r=\"1\"><c r=\"C1\" t=\"s\"><v>5</v></c></row>")));
    EXPECT_NE(shared.find("cell C1: shared string index '5' is not one of the 0 strings"),
              std::string::npos)
        << shared;
}

TEST_F(XlsxReaderTest, RefusesAmbiguousNames) {
    Parts parts = package({{"Kebutuhan", "", "a.xml"}, {"KEBUTUHAN", "", "a.xml"}});
    parts.emplace_back("xl/worksheets/a.xml", sheet_xml(""));
    const fs::path path = zip("names.xlsx", parts);
    std::string message = error_of(path);
    EXPECT_NE(message.find(path.string() + ": xl/workbook.xml: line 1: two sheets are named "
                                           "'Kebutuhan' and 'KEBUTUHAN'"),
              std::string::npos)
        << message;

    parts = one_sheet("");
    parts.emplace_back(
        "docProps/custom.xml",
        "<Properties><property name=\"jitupasna_pd\"><lpwstr>a</lpwstr></property>"
        "<property name=\"jitupasna_pd\"><lpwstr>b</lpwstr></property></Properties>");
    message = error_of(zip("custom.xlsx", parts));
    EXPECT_NE(message.find("custom.xlsx: docProps/custom.xml: line 1: custom property "
                           "'jitupasna_pd' is given twice"),
              std::string::npos)
        << message;
}

TEST_F(XlsxReaderTest, RefusesADtd) {
    // A billion-laughs style entity: refused at the DOCTYPE, before any expansion.
    const std::string sheet =
        "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><worksheet xmlns=\"" +
        kMainNs +
        "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
        "</sheetData></worksheet>";
    Parts parts = package({{"Data", "", "data.xml"}});
    parts.emplace_back("xl/worksheets/data.xml", sheet);
    const std::string message = error_of(zip("dtd.xlsx", parts));
    EXPECT_NE(message.find("xl/worksheets/data.xml (sheet 'Data'): line 1: a DTD"),
              std::string::npos)
        << message;
}

TEST_F(XlsxReaderTest, StopsAtTheRowAndCellLimits) {
    std::string rows;
    for (int r = 1; r <= 101; ++r)
        rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"B" + std::to_string(r) + "\"><v>" +
                std::to_string(r) + "</v></c></row>";
    const fs::path path = zip("rows.xlsx", one_sheet(rows));
    XlsxLimits limits;
    limits.max_rows = 100;
    EXPECT_EQ(read_xlsx(path).sheets.at(0).cells.size(), 101u);
    const std::string message = error_of(path, limits);
    EXPECT_NE(message.find(path.string() + ": xl/worksheets/data.xml (sheet 'Data'): line 3: a "
                                           "value in row 101 (cell B101): more than 100 rows "
                                           "(the limit per sheet)"),
              std::string::npos)
        << message;

    limits = {};
    limits.max_cells = 50;
    const std::string cells = error_of(path, limits);
    EXPECT_NE(cells.find("more than 50 cells with a value (the limit per sheet)"),
              std::string::npos)
        << cells;

    limits = {};
    limits.max_sheets = 2;
    Parts three = package({{"a", "", "a.xml"}, {"b", "", "a.xml"}, {"c", "", "a.xml"}});
    three.emplace_back("xl/worksheets/a.xml", sheet_xml(""));
    const std::string sheets = error_of(zip("sheets.xlsx", three), limits);
    EXPECT_NE(sheets.find("xl/workbook.xml: line 1: more than 2 sheets (the limit per workbook)"),
              std::string::npos)
        << sheets;
}

// A million rows under the default limits: refused at row 200,001, quickly.
TEST_F(XlsxReaderTest, RefusesAMillionRowsUnderTheDefaultLimits) {
    std::string rows;
    rows.reserve(40u << 20);
    for (int r = 1; r <= 1'000'000; ++r) {
        const std::string n = std::to_string(r);
        rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c></row>";
    }
    const fs::path path = zip("million.xlsx", one_sheet(rows));
    rows.clear();
    const auto start = std::chrono::steady_clock::now();
    const std::string message = error_of(path);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_NE(message.find("(sheet 'Data'): line 3: a value in row 200001 (cell A200001): more "
                           "than 200000 rows (the limit per sheet)"),
              std::string::npos)
        << message;
    EXPECT_LT(seconds, 10.0);
}

TEST_F(XlsxReaderTest, StopsAZipBombAtTheTightenedLimits) {
    // 20 MiB of blanks inside sheetData: valid XML that compresses about a thousandfold.
    const std::string blanks(20u << 20, ' ');
    const fs::path bomb = zip("bomb.xlsx", one_sheet(blanks));
    EXPECT_LT(fs::file_size(bomb), 200u << 10);

    // Each limit alone: the expansion check let through for the other two.
    XlsxLimits limits;
    limits.max_expansion = 1'000'000;
    limits.max_part_bytes = 4u << 20;
    std::string message = error_of(bomb, limits);
    EXPECT_NE(message.find(bomb.string() + ": xl/worksheets/data.xml (sheet 'Data'): more than "
                                           "4 MiB uncompressed (the limit per part)"),
              std::string::npos)
        << message;

    limits = {};
    limits.max_expansion = 20;
    limits.expansion_floor_bytes = 64u << 10;
    message = error_of(bomb, limits);
    EXPECT_NE(message.find("xl/worksheets/data.xml (sheet 'Data'): expands more than 20 times"),
              std::string::npos)
        << message;

    limits = {};
    limits.max_expansion = 1'000'000;
    limits.max_total_bytes = 10u << 20;
    message = error_of(bomb, limits);
    EXPECT_NE(message.find("more than 10 MiB uncompressed (the limit per workbook)"),
              std::string::npos)
        << message;

    // One huge string: the text limit, not memory.
    const std::string zeros(1u << 20, '0');
    const fs::path text_bomb =
        zip("text.xlsx", one_sheet("<row r=\"1\"><c r=\"A1\"><v>" + zeros + "</v></c></row>"));
    message = error_of(text_bomb);
    EXPECT_NE(message.find("(sheet 'Data'): line 3: cell A1: text longer than 128 KiB (the limit "
                           "for one string)"),
              std::string::npos)
        << message;

    // One huge attribute: the XML parser would buffer it whole; its memory is capped.
    const std::string attribute(8u << 20, 'a');
    const fs::path token_bomb = zip("token.xlsx", one_sheet("<row r=\"1\" x=\"" + attribute +
                                                            "\"><c r=\"A1\"><v>1</v></c></row>"));
    limits = {};
    limits.max_parser_bytes = 2u << 20;
    message = error_of(token_bomb, limits);
    EXPECT_NE(message.find("(sheet 'Data'): line 3: an XML token (a name, an attribute, a "
                           "comment) needs more than 2 MiB to parse (the limit for the XML "
                           "parser)"),
              std::string::npos)
        << message;
    limits = {};
    limits.max_expansion = 1'000'000;  // the parser's default limit lets the token through
    EXPECT_EQ(read_xlsx(token_bomb, limits).sheets.at(0).cells.size(), 1u);

    limits = {};
    limits.max_file_bytes = 1000;
    const std::string file_message = error_of(bomb, limits);
    EXPECT_NE(file_message.find("more than 1000 bytes (the limit for a workbook)"),
              std::string::npos)
        << file_message;
}

// libzip source that yields `size` bytes: a fixed head, then '0' characters (never in memory).
struct ZerosSource {
    std::string head;
    zip_uint64_t size = 0;
    zip_uint64_t offset = 0;
};

zip_int64_t zeros_callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t cmd) {
    auto* z = static_cast<ZerosSource*>(state);
    switch (cmd) {
        case ZIP_SOURCE_OPEN:
            z->offset = 0;
            return 0;
        case ZIP_SOURCE_READ: {
            const zip_uint64_t n = std::min(length, z->size - z->offset);
            auto* out = static_cast<char*>(data);
            for (zip_uint64_t i = 0; i < n; ++i) {
                const zip_uint64_t at = z->offset + i;
                out[i] = at < z->head.size() ? z->head[at] : '0';
            }
            z->offset += n;
            return static_cast<zip_int64_t>(n);
        }
        case ZIP_SOURCE_CLOSE:
            return 0;
        case ZIP_SOURCE_STAT: {
            auto* st = static_cast<zip_stat_t*>(data);
            zip_stat_init(st);
            st->size = z->size;
            st->valid |= ZIP_STAT_SIZE;
            return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_ERROR:
            return 2 * sizeof(int);
        case ZIP_SOURCE_FREE:
            delete z;
            return 0;
        case ZIP_SOURCE_SUPPORTS:
            return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
                                                  ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                  ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
        default:
            return -1;
    }
}

// The real thing under the default limits: 1 GiB of '0' text in a sheet, about 1 MiB zipped.
// Refused after at most 100 MiB decompressed, in seconds, without the memory to hold it.
TEST_F(XlsxReaderTest, StopsARealZipBombUnderTheDefaultLimits) {
    Parts parts = package({{"Data", "", "data.xml"}});
    const fs::path path = dir_ / "bomb-1g.xlsx";
    write_zip(path, parts);
    {
        int error = 0;
        zip_t* archive = zip_open(path.c_str(), 0, &error);
        ASSERT_NE(archive, nullptr);
        auto* state = new ZerosSource{
            "<?xml version=\"1.0\"?><worksheet xmlns=\"" + kMainNs + "\"><sheetData>", 1ull << 30};
        zip_source_t* source = zip_source_function(archive, &zeros_callback, state);
        ASSERT_NE(source, nullptr);
        const zip_int64_t index = zip_file_add(archive, "xl/worksheets/data.xml", source, 0);
        ASSERT_GE(index, 0) << zip_strerror(archive);
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 9);
        ASSERT_EQ(zip_close(archive), 0);
    }
    EXPECT_LT(fs::file_size(path), 4u << 20);

    rusage before{};
    ::getrusage(RUSAGE_SELF, &before);
    const auto start = std::chrono::steady_clock::now();
    const std::string message = error_of(path);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage after{};
    ::getrusage(RUSAGE_SELF, &after);
    EXPECT_NE(message.find(path.string() + ": xl/worksheets/data.xml (sheet 'Data'): "),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("not read further"), std::string::npos) << message;
    EXPECT_LT(seconds, 10.0);
    // The peak resident size grew by far less than the 100 MiB a part may hold.
    EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 50L * 1024) << "KiB";
}
