// A finer admin level's workbook sheets are named by the level's Indonesian title, shortened
// alike on every sheet of the level so that each name stays within Excel's 31 characters,
// without '/', and readable: "Kebutuhan Pengungsi (Desa-Kel)", not "Kebutuhan Pengungsi
// (rukun_warg".

#include <gtest/gtest.h>

#include <string_view>

#include "jitupasna/core/glossary.hpp"
#include "workbook/sheet.hpp"

using jitupasna::publish::workbook::cut_utf8;
using jitupasna::publish::workbook::kMaxSheetName;
using jitupasna::publish::workbook::level_sheet_suffix;
namespace glossary = jitupasna::core::glossary;

namespace {

// The sheets every level has, the longest of them "Kebutuhan Pengungsi" (19 characters).
const std::vector<std::string> kSheets = {"Rekap Sektor", "Rekap Klaster", "Kebutuhan Pengungsi",
                                          "Prioritas Pemulihan", "Ringkasan Dampak"};
constexpr std::size_t kLongest = std::string_view("Kebutuhan Pengungsi").size();

std::string suffix_of_level(const std::string& level) {
    return level_sheet_suffix(glossary::level_title(level), kLongest);
}

}  // namespace

TEST(SheetNames, LevelTitleWhenItFits) {
    // "Kebutuhan Pengungsi (Kecamatan)": 19 + 2 + 9 + 1 = 31 characters, just room.
    EXPECT_EQ(suffix_of_level("kecamatan"), " (Kecamatan)");
    EXPECT_EQ(suffix_of_level("provinsi"), " (Provinsi)");
    // With shorter sheet names the whole title fits, its '/' (refused by Excel) read as '-'.
    EXPECT_EQ(level_sheet_suffix("Desa/Kelurahan", std::string_view("Rekap Sektor").size()),
              " (Desa-Kelurahan)");
}

TEST(SheetNames, LongTitlesTakeTheirUsualAbbreviation) {
    // "Desa-Kelurahan" (14) needs 19 + 2 + 14 + 1 = 36 characters: shortened.
    EXPECT_EQ(suffix_of_level("desa"), " (Desa-Kel)");
    EXPECT_EQ(suffix_of_level("kelurahan"), " (Desa-Kel)");
    // "Rukun Warga" (11) needs 33: the RW every Indonesian table writes.
    EXPECT_EQ(suffix_of_level("rukun_warga"), " (RW)");
}

TEST(SheetNames, OtherLongTitlesTakeInitialsOrTheirStart) {
    // "Dusun Lingkungan": no usual abbreviation known, the initials of its words.
    EXPECT_EQ(suffix_of_level("dusun_lingkungan"), " (DL)");
    // One long word: its first 31 - 19 - 3 = 9 letters.
    EXPECT_EQ(suffix_of_level("kelompokwilayah"), " (Kelompokw)");
}

TEST(SheetNames, EveryNameFitsAndNoneHasASlash) {
    for (const std::string level :
         {"kecamatan", "desa", "kelurahan", "rukun_warga", "rukun_tetangga", "kabkota",
          "dusun_lingkungan", "kelompokwilayah", "x"}) {
        SCOPED_TRACE(level);
        const std::string suffix = suffix_of_level(level);
        for (const auto& sheet : kSheets) {
            const std::string name = sheet + suffix;
            EXPECT_LE(name.size(), kMaxSheetName) << name;
            EXPECT_EQ(name.find('/'), std::string::npos) << name;
        }
    }
}

TEST(SheetNames, CutNeverSplitsACharacter) {
    // "é" is two bytes: cutting at 2 bytes keeps "a" rather than half of it.
    EXPECT_EQ(cut_utf8("a\xC3\xA9z", 2), "a");
    EXPECT_EQ(cut_utf8("a\xC3\xA9z", 3), "a\xC3\xA9");
    EXPECT_EQ(cut_utf8("abc", 5), "abc");
}
