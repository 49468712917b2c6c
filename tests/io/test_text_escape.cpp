// Values quoted in messages: cut short, control characters shown as '?', and never half a
// UTF-8 character.

#include <gtest/gtest.h>

#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::io {
namespace {

TEST(QuotedValue, ShortTextIsQuotedWhole) { EXPECT_EQ(quoted_value("dua belas"), "'dua belas'"); }

TEST(QuotedValue, ControlCharactersAreShownAsQuestionMarks) {
    EXPECT_EQ(quoted_value("a\nb\tc"), "'a?b?c'");
}

TEST(QuotedValue, LongTextIsCutAtACharacterBoundary) {
    // 38 ASCII letters, then "—" (3 bytes: E2 80 94) over the 40-byte cut: the cut falls
    // inside the dash, so it moves back before it.
    const std::string text = std::string(38, 'a') + "\xE2\x80\x94" + "xyz";
    EXPECT_EQ(quoted_value(text), "'" + std::string(38, 'a') + "...'");
    // 40 ASCII letters and more: cut after the 40th.
    EXPECT_EQ(quoted_value(std::string(45, 'b')), "'" + std::string(40, 'b') + "...'");
}

}  // namespace
}  // namespace jitupasna::io

// What a spreadsheet or a CSV leaves around a value is blank: spaces, tabs, line ends, the
// no-break space U+00A0 and the byte-order mark U+FEFF; letters inside stay.
TEST(TrimBlanks, SpreadsheetBlanksAreTrimmed) {
    using jitupasna::io::trim_blanks;
    EXPECT_EQ(trim_blanks("  11.10\t"), "11.10");
    EXPECT_EQ(trim_blanks("\xc2\xa0"
                          "11.10"
                          "\xc2\xa0"),
              "11.10");
    EXPECT_EQ(trim_blanks("\xef\xbb\xbf"
                          "kode"),
              "kode");
    EXPECT_EQ(trim_blanks("\xc2\xa0\t\xef\xbb\xbf"), "");
    EXPECT_EQ(trim_blanks("a\xc2\xa0"
                          "b"),
              "a\xc2\xa0"
              "b");
    EXPECT_EQ(trim_blanks(""), "");
}
