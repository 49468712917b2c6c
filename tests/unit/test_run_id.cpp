// The run's identity (core/output_schema uuid_v4): 16 random bytes as a UUID v4, version and
// variant bits set; every expectation worked out by hand from RFC 4122's layout.

#include <gtest/gtest.h>

#include "jitupasna/core/output_schema.hpp"

namespace {

using jitupasna::core::schema::uuid_v4;

TEST(RunId, AllZeroBytesGetOnlyTheVersionAndVariantBits) {
    // Byte 6's high nibble becomes 4 (version 4), byte 8's two high bits 10 (variant).
    EXPECT_EQ(uuid_v4({}), "00000000-0000-4000-8000-000000000000");
}

TEST(RunId, AllOneBytesLoseTheBitsTheVersionAndVariantClear) {
    std::array<std::uint8_t, 16> ones{};
    ones.fill(0xFF);
    // 0xFF & 0x0F | 0x40 = 0x4F; 0xFF & 0x3F | 0x80 = 0xBF.
    EXPECT_EQ(uuid_v4(ones), "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

TEST(RunId, BytesInOrderIn8_4_4_4_12Groups) {
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
    // Byte 6 = 0x06 -> 0x46, byte 8 = 0x08 -> 0x88; the others as given, lower-case hex.
    EXPECT_EQ(uuid_v4(bytes), "00010203-0405-4607-8809-0a0b0c0d0e0f");
    bytes[8] = 0x7A;  // 0111 1010 -> 1011 1010
    EXPECT_EQ(uuid_v4(bytes).substr(19, 4), "ba09");
}

}  // namespace
