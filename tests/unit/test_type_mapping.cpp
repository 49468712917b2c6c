#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "jitupasna/core/type_mapping.hpp"

namespace {

using jitupasna::core::AssetTypeList;
using jitupasna::core::AssetTypeMapper;

// The types of the scenario contract: 0 rumah, 1 sekolah, then 2 lainnya.
AssetTypeList contract_types() {
    return {{"rumah", {"Residential"}}, {"sekolah", {"School", "University/College"}}};
}

TEST(AssetTypeMapper, ListedValuesMapToTheirType) {
    const AssetTypeMapper m(contract_types());
    EXPECT_EQ(m.type_of(std::string_view("Residential")), 0u);
    EXPECT_EQ(m.type_of(std::string_view("School")), 1u);
    EXPECT_EQ(m.type_of(std::string_view("University/College")), 1u);
}

TEST(AssetTypeMapper, LabelsAreListedTypesThenOther) {
    const AssetTypeMapper m(contract_types());
    EXPECT_EQ(m.labels(), (std::vector<std::string>{"rumah", "sekolah", "lainnya"}));
}

TEST(AssetTypeMapper, UnlistedAndMissingValuesAreLainnya) {
    const AssetTypeMapper m(contract_types());
    EXPECT_EQ(m.type_of(std::string_view("Hospital")), 2u);
    EXPECT_EQ(m.type_of(std::string_view("")), 2u);
    EXPECT_EQ(m.type_of(std::nullopt), 2u);
    // Matching is exact: case and surrounding spaces matter.
    EXPECT_EQ(m.type_of(std::string_view("residential")), 2u);
    EXPECT_EQ(m.type_of(std::string_view("School ")), 2u);
    // A type name is not a raw value.
    EXPECT_EQ(m.type_of(std::string_view("rumah")), 2u);
}

TEST(AssetTypeMapper, ViewIntoALargerBufferMatchesOnlyItsOwnCharacters) {
    const AssetTypeMapper m(contract_types());
    const std::string buffer = "SchoolXYZ";
    EXPECT_EQ(m.type_of(std::string_view(buffer).substr(0, 6)), 1u);
    EXPECT_EQ(m.type_of(std::string_view(buffer)), 2u);
}

TEST(AssetTypeMapper, NoTypesMapsEverythingToOther) {
    const AssetTypeMapper m({});
    EXPECT_EQ(m.labels(), (std::vector<std::string>{"lainnya"}));
    EXPECT_EQ(m.type_of(std::string_view("Residential")), 0u);
    EXPECT_EQ(m.type_of(std::nullopt), 0u);
}

TEST(AssetTypeMapper, CustomOtherType) {
    const AssetTypeMapper m(contract_types(), "other");
    EXPECT_EQ(m.labels(), (std::vector<std::string>{"rumah", "sekolah", "other"}));
    EXPECT_EQ(m.type_of(std::string_view("Hospital")), 2u);
    EXPECT_EQ(m.type_of(std::nullopt), 2u);
    EXPECT_EQ(m.type_of(std::string_view("Residential")), 0u);
}

TEST(AssetTypeMapper, OtherTypeListedByTheUserIsNotRepeated) {
    // The user lists "lainnya" themselves (second of three): unlisted values join it.
    const AssetTypeList types = {
        {"rumah", {"Residential"}}, {"lainnya", {"Shed"}}, {"sekolah", {"School"}}};
    const AssetTypeMapper m(types);
    EXPECT_EQ(m.labels(), (std::vector<std::string>{"rumah", "lainnya", "sekolah"}));
    EXPECT_EQ(m.type_of(std::string_view("Shed")), 1u);
    EXPECT_EQ(m.type_of(std::string_view("Hospital")), 1u);
    EXPECT_EQ(m.type_of(std::nullopt), 1u);
    EXPECT_EQ(m.type_of(std::string_view("School")), 2u);
}

TEST(AssetTypeMapper, RawValueUnderTwoTypesIsAnError) {
    const AssetTypeList types = {{"rumah", {"Residential", "House"}}, {"toko", {"Shop", "House"}}};
    EXPECT_THROW(AssetTypeMapper{types}, std::invalid_argument);
    // The same value under two different types, whatever their order.
    const AssetTypeList swapped = {{"toko", {"House"}}, {"rumah", {"Residential", "House"}}};
    EXPECT_THROW(AssetTypeMapper{swapped}, std::invalid_argument);
}

TEST(AssetTypeMapper, TypeListedTwiceIsAnError) {
    const AssetTypeList types = {{"rumah", {"Residential"}}, {"rumah", {"House"}}};
    EXPECT_THROW(AssetTypeMapper{types}, std::invalid_argument);
}

}  // namespace
