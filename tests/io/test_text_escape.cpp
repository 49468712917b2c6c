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
