// A returned form read back, on workbooks built in memory as io::read_xlsx would give them:
// each bad cell named by file, sheet, cell and key; good cells read as typed.

#include <gtest/gtest.h>

#include <algorithm>

#include "jitupasna/forms/form_reader.hpp"

namespace jitupasna::forms {
namespace {

// The damage sheet's keys as docs/forms.md lists them, in the order the form writes them:
// rb is column K, kerusakan_rp column O.
const std::vector<std::string> kDamageKeys = {
    "kode_wilayah", "nama_wilayah", "sub_sektor",       "uraian",          "satuan",    "est_rb",
    "est_rs",       "est_rr",       "est_kerusakan_rp", "est_kerugian_rp", "rb",        "rs",
    "rr",           "harga_satuan", "kerusakan_rp",     "kerugian_rp",     "keterangan"};
const std::vector<std::string> kNeedsKeys = {
    "kode_wilayah", "sub_sektor", "komponen",  "kegiatan",     "volume",           "satuan",
    "harga_satuan", "jumlah_rp",  "prioritas", "durasi_bulan", "penanggung_jawab", "sumber_dana"};

io::XlsxValue text(const std::string& t) {
    io::XlsxValue v;
    v.kind = io::XlsxValue::Kind::text;
    v.text = t;
    return v;
}

io::XlsxValue number(double n) {
    io::XlsxValue v;
    v.kind = io::XlsxValue::Kind::number;
    v.number = n;
    return v;
}

void put(io::XlsxSheet& sheet, std::uint32_t row, std::uint32_t column, io::XlsxValue value) {
    for (auto& existing : sheet.cells)  // a cell typed over keeps its place
        if (existing.row == row && existing.column == column) {
            existing.value = std::move(value);
            return;
        }
    io::XlsxCell cell;
    cell.row = row;
    cell.column = column;
    cell.value = std::move(value);
    sheet.cells.push_back(std::move(cell));
    std::sort(sheet.cells.begin(), sheet.cells.end(), [](const auto& a, const auto& b) {
        return std::pair(a.row, a.column) < std::pair(b.row, b.column);
    });
}

std::uint32_t column_of(const std::vector<std::string>& keys, const std::string& key) {
    return static_cast<std::uint32_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
}

RunContext run() {
    RunContext c;
    c.gpkg = "hasil.gpkg";
    c.run_id = "run-1";
    c.scheme = {{"kesehatan", "sosial", "Kesehatan", "Dinas Kesehatan", {}},
                {"perumahan", "perumahan", "Infrastruktur", "Dinas PUPR", {}}};
    c.pds = {{"Dinas Kesehatan", {"kesehatan"}, {}}, {"Dinas PUPR", {"perumahan"}, {}}};
    c.units = {{"36.01", "Kab Pandeglang"}, {"36.02", "Kab Lebak"}};
    c.estimates = {{"36.01", "Kab Pandeglang", "kesehatan", "unit", 2, 1, 0, 1000, 100}};
    return c;
}

// A form of Dinas Kesehatan with its estimate row (row 3) and empty PD cells.
struct Book {
    io::XlsxBook book;
    io::XlsxSheet* damage = nullptr;
    io::XlsxSheet* needs = nullptr;

    explicit Book(const std::string& path = "dinas-kesehatan.xlsx") {
        book.path = path;
        book.properties.custom = {{"jitupasna_run_id", "run-1"},
                                  {"jitupasna_perangkat_daerah", "Dinas Kesehatan"},
                                  {"jitupasna_form_version", "1"}};
        io::XlsxSheet d, n, v, id;
        d.name = "Kerusakan dan Kerugian";
        n.name = "Kebutuhan";
        v.name = "Verifikasi";
        id.name = "Identitas";
        for (std::uint32_t c = 0; c < kDamageKeys.size(); ++c) put(d, 0, c, text(kDamageKeys[c]));
        for (std::uint32_t c = 0; c < kNeedsKeys.size(); ++c) put(n, 0, c, text(kNeedsKeys[c]));
        put(v, 0, 0, text("nama"));
        put(v, 0, 1, text("jabatan"));
        put(v, 0, 2, text("tanggal"));
        put(v, 2, 0, text("dr. Sari"));
        put(d, 2, 0, text("36.01"));
        put(d, 2, 2, text("kesehatan"));
        put(d, 2, 3, text("kesehatan"));
        put(d, 2, column_of(kDamageKeys, "est_kerusakan_rp"), number(1000));
        put(id, 0, 0, text("jitupasna_run_id"));
        put(id, 0, 1, text("run-1"));
        put(id, 1, 0, text("jitupasna_perangkat_daerah"));
        put(id, 1, 1, text("Dinas Kesehatan"));
        book.sheets = {d, n, v, id};
        damage = &book.sheets[0];
        needs = &book.sheets[1];
    }
    void damage_cell(std::uint32_t row, const std::string& key, io::XlsxValue value) {
        put(*damage, row, column_of(kDamageKeys, key), std::move(value));
    }
};

struct Read {
    ReturnedForm form;
    std::vector<std::string> problems, warnings;
};

Read read(const Book& b) {
    Read r;
    r.form = read_returned_form(b.book, run(), r.problems, r.warnings);
    return r;
}

TEST(FormReader, ReadsThePdsFiguresAsTyped) {
    Book b;
    b.damage_cell(2, "rb", number(3));
    b.damage_cell(2, "kerusakan_rp", text("2500000"));  // plain digits typed as text
    b.damage_cell(2, "keterangan", text("  Data Dinkes "));
    const Read r = read(b);
    ASSERT_TRUE(r.problems.empty()) << r.problems.front();
    EXPECT_EQ(r.form.pd, "Dinas Kesehatan");
    ASSERT_EQ(r.form.damage.size(), 1u);
    const ReportedDamage& d = r.form.damage[0];
    EXPECT_EQ(d.sheet_row, 3u);
    EXPECT_EQ(d.code, "36.01");
    EXPECT_EQ(d.rb, 3.0);
    EXPECT_FALSE(d.rs.has_value());
    EXPECT_EQ(d.kerusakan, 2500000.0);
    EXPECT_EQ(d.keterangan, "Data Dinkes");
    EXPECT_EQ(r.form.verified.nama, "dr. Sari");
    // 2,500,000 is 2500 times the estimate of 1000: a warning naming the cell.
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("dinas-kesehatan.xlsx: Kerusakan dan Kerugian!O3 (kerusakan_rp)"),
              std::string::npos)
        << r.warnings[0];
}

TEST(FormReader, EveryBadCellIsNamedByFileSheetCellAndKey) {
    Book b;
    b.damage_cell(2, "rb", text("dua belas"));
    b.damage_cell(2, "rs", number(2.5));
    b.damage_cell(2, "rr", number(-1));
    b.damage_cell(2, "kerusakan_rp", text("1.500.000"));
    io::XlsxValue error;
    error.kind = io::XlsxValue::Kind::error;
    error.text = "#DIV/0!";
    b.damage_cell(2, "kerugian_rp", error);
    const Read r = read(b);
    const std::string prefix = "dinas-kesehatan.xlsx: Kerusakan dan Kerugian!";
    const std::vector<std::string> expected = {
        prefix + "K3 (rb): 'dua belas' is not a whole number",
        prefix + "L3 (rs): 2.5 is not a whole number",
        prefix + "M3 (rr): -1 is negative; a whole number ≥ 0 belongs here",
        prefix +
            "O3 (kerusakan_rp): '1.500.000' is not a number (type it as a number in the "
            "cell, without thousands separators)",
        prefix + "P3 (kerugian_rp): the error value #DIV/0! is not a number"};
    EXPECT_EQ(r.problems, expected);
}

TEST(FormReader, AnUnknownCodeOrAnotherPdsSubSectorIsRefused) {
    Book b;
    b.damage_cell(5, "kode_wilayah", text("36.99"));
    b.damage_cell(5, "sub_sektor", text("perumahan"));
    b.damage_cell(5, "uraian", text("Rumah"));
    b.damage_cell(5, "rb", number(1));
    const Read r = read(b);
    ASSERT_EQ(r.problems.size(), 2u);
    EXPECT_EQ(r.problems[0].rfind("dinas-kesehatan.xlsx: Kerusakan dan Kerugian!A6 (kode_wilayah): "
                                  "'36.99' is not a kab/kota code of this run",
                                  0),
              0u)
        << r.problems[0];
    EXPECT_EQ(r.problems[1],
              "dinas-kesehatan.xlsx: Kerusakan dan Kerugian!C6 (sub_sektor): "
              "'perumahan' is not a sub-sector of Dinas Kesehatan (its sub-sectors: "
              "kesehatan)");
}

TEST(FormReader, AnEstimateRowWhoseItemWasChangedIsRefused) {
    // Row 3 holds the estimate of 36.01 × kesehatan; renamed, the PD's figure would be a new
    // item counted beside the estimate it replaces.
    Book b;
    b.damage_cell(2, "uraian", text("Puskesmas"));
    b.damage_cell(2, "kerusakan_rp", number(500));
    const Read r = read(b);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].rfind("dinas-kesehatan.xlsx: Kerusakan dan Kerugian!D3 (uraian): "
                                  "this row holds the model's estimate",
                                  0),
              0u)
        << r.problems[0];
    EXPECT_TRUE(r.form.damage.empty());
}

TEST(FormReader, ADuplicatedItemRowNamesTheFirst) {
    Book b;
    for (std::uint32_t row : {4u, 7u}) {
        b.damage_cell(row, "kode_wilayah", text("36.02"));
        b.damage_cell(row, "sub_sektor", text("kesehatan"));
        b.damage_cell(row, "uraian", text(row == 4 ? "Pustu" : "pustu"));
        b.damage_cell(row, "kerusakan_rp", number(10));
    }
    const Read r = read(b);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_NE(r.problems[0].find("Kerusakan dan Kerugian!D8 (uraian)"), std::string::npos);
    EXPECT_NE(r.problems[0].find("also on row 5"), std::string::npos) << r.problems[0];
}

TEST(FormReader, ADeletedKeyColumnIsNamed) {
    Book b;
    auto& cells = b.damage->cells;
    cells.erase(std::remove_if(cells.begin(), cells.end(),
                               [](const io::XlsxCell& c) {
                                   return c.row == 0 && c.value.text == "kerugian_rp";
                               }),
                cells.end());
    const Read r = read(b);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_NE(r.problems[0].find("dinas-kesehatan.xlsx: Kerusakan dan Kerugian: the hidden key "
                                 "row (row 1) has no key 'kerugian_rp'"),
              std::string::npos)
        << r.problems[0];
}

TEST(FormReader, AFormOfAnotherRunOrWithAnEditedIdentityIsRefused) {
    {
        Book b;
        b.book.properties.custom["jitupasna_run_id"] = "run-0";
        b.book.sheets[3].cells[1].value = text("run-0");
        const Read r = read(b);
        ASSERT_EQ(r.problems.size(), 1u);
        EXPECT_NE(r.problems[0].find("a form of another run ('run-0'); hasil.gpkg is run 'run-1'"),
                  std::string::npos)
            << r.problems[0];
    }
    {
        Book b;
        b.book.properties.custom["jitupasna_perangkat_daerah"] = "Dinas PUPR";
        const Read r = read(b);
        ASSERT_EQ(r.problems.size(), 1u);
        EXPECT_NE(r.problems[0].find("identity was edited"), std::string::npos) << r.problems[0];
    }
}

TEST(FormReader, AFormSavedUnderAnotherPdsNameIsRefused) {
    Book b("dinas-pupr.xlsx");
    const Read r = read(b);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_NE(r.problems[0].find("named as the form of Dinas PUPR but holds the form of "
                                 "'Dinas Kesehatan'"),
              std::string::npos)
        << r.problems[0];
}

TEST(FormReader, SerialDaysAreCalendarDates) {
    // 1900 date system, worked out by hand: serial 61 is 1 March 1900 (60 is the 29 February
    // 1900 Excel counts and the calendar does not); 44927 is 1 January 2023, so 45000 is 73
    // days later, 15 March 2023.
    EXPECT_EQ(serial_day_to_iso(61), "1900-03-01");
    EXPECT_EQ(serial_day_to_iso(60), std::nullopt);
    EXPECT_EQ(serial_day_to_iso(44927), "2023-01-01");
    EXPECT_EQ(serial_day_to_iso(45000.75), "2023-03-15");
    EXPECT_EQ(serial_day_to_iso(45351), "2024-02-29");
}

}  // namespace
}  // namespace jitupasna::forms
