// The report's HTML tables (html_table render): totals that add like with like (a total per
// satuan, then the Rupiah alone), figures rounded after InaSAFE's rules with totals rounded after
// summing, and the units below the terdampak threshold added up in one row. Expected cells are
// worked out by hand in the comments.

#include <gtest/gtest.h>

#include <string>

#include "html_table.hpp"

namespace jitupasna::publish::report {
namespace {

// The text of the <tr class="..."> row whose first cell is `label`, or "" when none.
std::string row_of(const std::string& html, const std::string& label) {
    const auto at = html.find("<td>" + label + "</td>");
    if (at == std::string::npos) return "";
    const auto begin = html.rfind("<tr", at);
    return html.substr(begin, html.find("</tr>", at) - begin);
}

HtmlTable sector_table() {
    HtmlTable t;
    t.id = "t";
    t.caption = "Sektor";
    t.columns = {{"Subsektor", "sub_sektor", Format::text},
                 {"Satuan", "satuan", Format::text},
                 {"Rusak Berat", "rusak_berat", Format::count},
                 {"Nilai Kerusakan (Rp)", "kerusakan_rp", Format::million_rupiah}};
    // Houses 2.4 and 1.3 units (Rp 10 and 5 juta), road 0.5 km (Rp 3.4 juta).
    t.rows = {{Value::of(std::string("Perumahan")), Value::of(std::string("unit")), Value::of(2.4),
               Value::of(10e6)},
              {Value::of(std::string("Pendidikan")), Value::of(std::string("unit")), Value::of(1.3),
               Value::of(5e6)},
              {Value::of(std::string("Transportasi")), Value::of(std::string("km")), Value::of(0.5),
               Value::of(3.4e6)}};
    return t;
}

TEST(ReportTables, TotalsAddLikeWithLike) {
    const std::string html = render(sector_table());
    // Units: 2.4 + 1.3 = 3.7 -> up to 4 (not 3 + 2 = 5 from the rounded rows); Rp 15 juta.
    const std::string units = row_of(html, "Jumlah (unit)");
    ASSERT_FALSE(units.empty()) << html;
    EXPECT_NE(units.find("<td class=\"n\">4</td><td class=\"n\">15</td>"), std::string::npos)
        << units;
    // Roads: 0.5 km with two decimals; Rp 3.4 juta -> 3.
    const std::string km = row_of(html, "Jumlah (km)");
    EXPECT_NE(km.find("<td class=\"n\">0,50</td><td class=\"n\">3</td>"), std::string::npos) << km;
    // The grand total adds the Rupiah only (18.4 -> 18 juta); the quantity cell is empty.
    const std::string all = row_of(html, "Jumlah");
    EXPECT_NE(all.find("<td class=\"n\"></td><td class=\"n\">18</td>"), std::string::npos) << all;
    // Rows rounded on their own: 2.4 -> 3, 1.3 -> 2; the header says juta.
    EXPECT_NE(html.find("<td>Perumahan</td><td>unit</td><td class=\"n\">3</td>"),
              std::string::npos);
    EXPECT_NE(html.find("Nilai Kerusakan (Rp juta)"), std::string::npos);
    EXPECT_NE(html.find("tidak dijumlahkan antarsatuan"), std::string::npos);
    EXPECT_NE(html.find("Baris jumlah dihitung dari nilai tepat lalu dibulatkan"),
              std::string::npos);
}

TEST(ReportTables, OneSatuanHasOneTotal) {
    HtmlTable t = sector_table();
    t.rows.pop_back();  // no road
    const std::string html = render(t);
    EXPECT_TRUE(row_of(html, "Jumlah (unit)").empty());
    const std::string total = row_of(html, "Jumlah");
    EXPECT_NE(total.find("<td class=\"n\">4</td><td class=\"n\">15</td>"), std::string::npos)
        << total;
    EXPECT_EQ(html.find("antarsatuan"), std::string::npos);
}

// Rekap Klaster: the displaced are a row of their own in jiwa. Houses 2.4 units (Rp 10 juta)
// and 12.3 displaced: Jumlah (unit) holds the houses (up to 3) and no people, Jumlah (jiwa) the
// 12.3 people (up to 13, then to the step of 10: 20) and no units; the last Jumlah the Rupiah.
TEST(ReportTables, DisplacedPeopleAreNotTotalledWithUnits) {
    HtmlTable t;
    t.id = "t";
    t.caption = "Klaster";
    t.columns = {{"Klaster", "klaster", Format::text},
                 {"Satuan", "satuan", Format::text},
                 {"Rusak Berat", "rusak_berat", Format::count},
                 {"Pengungsi (jiwa)", "pengungsi", Format::people},
                 {"Nilai Kerusakan (Rp)", "kerusakan_rp", Format::million_rupiah}};
    t.rows = {{Value::of(std::string("Perumahan")), Value::of(std::string("unit")), Value::of(2.4),
               Value::of(0.0), Value::of(10e6)},
              {Value::of(std::string("Pengungsian")), Value::of(std::string("jiwa")),
               Value::of(0.0), Value::of(12.3), Value::of(0.0)}};
    const std::string html = render(t);
    const std::string units = row_of(html, "Jumlah (unit)");
    EXPECT_NE(units.find("<td>unit</td><td class=\"n\">3</td><td class=\"n\"></td>"
                         "<td class=\"n\">10</td>"),
              std::string::npos)
        << units;
    const std::string people = row_of(html, "Jumlah (jiwa)");
    EXPECT_NE(people.find("<td>jiwa</td><td class=\"n\"></td><td class=\"n\">20</td>"
                          "<td class=\"n\">0</td>"),
              std::string::npos)
        << people;
}

TEST(ReportTables, UnitsBelowTheThresholdAreAddedUpInOneRow) {
    HtmlTable t;
    t.id = "t";
    t.caption = "Rekap";
    t.columns = {{"Kabupaten/Kota", "admin_name", Format::text},
                 {"Pengungsi (jiwa)", "pengungsi", Format::people}};
    // Padang 1,234 people, Agam 0.4, Batam 0.2 (the last two below the threshold).
    t.rows = {{Value::of(std::string("Kota Padang")), Value::of(1234.0)},
              {Value::of(std::string("Agam")), Value::of(0.4)},
              {Value::of(std::string("Kota Batam")), Value::of(0.2)}};
    t.codes = {"13.71", "13.06", "21.71"};
    t.below_threshold = {false, true, true};
    const std::string html = render(t);
    EXPECT_EQ(html.find("Kota Batam"), std::string::npos);
    EXPECT_EQ(html.find("Agam"), std::string::npos);
    // 1,234 -> step 100 -> 1.300; the two below: 0.6 -> 1; the total 1,234.6 -> 1.300.
    EXPECT_NE(html.find("<td class=\"n\">1.300</td>"), std::string::npos) << html;
    const std::string below = row_of(html, "Di bawah ambang terdampak (2 baris)");
    EXPECT_NE(below.find("<td class=\"n\">1</td>"), std::string::npos) << html;
    EXPECT_NE(row_of(html, "Jumlah").find("<td class=\"n\">1.300</td>"), std::string::npos);
    EXPECT_NE(html.find("2 baris wilayah di bawah ambang terdampak tidak ditampilkan"),
              std::string::npos);
}

}  // namespace
}  // namespace jitupasna::publish::report
