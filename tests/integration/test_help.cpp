#include <utility>
#include <vector>

#include "integration/test_support.hpp"

using namespace jitupasna::test;

// Every command answers --help with its usage and exit code 0.
TEST(Help, EveryCommandHasHelp) {
    for (const std::string command : {"run", "check"}) {
        const auto result = run_cli({command, "--help"});
        EXPECT_EQ(result.exit_code, 0) << command;
        EXPECT_NE(result.out.find("scenario"), std::string::npos) << command << ": " << result.out;
    }
}

// The commands that read a finished GeoPackage name it and their output option.
TEST(Help, CommandsOnAGeoPackageHaveHelp) {
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"export", "--xlsx"}, {"report", "--output"}, {"forms", "--dir"}};
    for (const auto& [command, option] : commands) {
        const auto result = run_cli({command, "--help"});
        EXPECT_EQ(result.exit_code, 0) << command;
        EXPECT_NE(result.out.find("gpkg"), std::string::npos) << command << ": " << result.out;
        EXPECT_NE(result.out.find(option), std::string::npos) << command << ": " << result.out;
        EXPECT_NE(result.out.find("--overwrite"), std::string::npos) << command;
    }
}

// The PD loop's commands name what they read and what they write.
TEST(Help, ThePdLoopsCommandsHaveHelp) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
        {"import", {"gpkg", "files", ".xlsx"}},
        {"status", {"gpkg", "--csv", "--overwrite"}},
        {"document", {"gpkg", "--output", ".docx", "--overwrite"}},
        {"comments", {"files", ".docx", "--output", "--gpkg", "--overwrite"}}};
    for (const auto& [command, words] : commands) {
        const auto result = run_cli({command, "--help"});
        EXPECT_EQ(result.exit_code, 0) << command;
        for (const auto& word : words)
            EXPECT_NE(result.out.find(word), std::string::npos)
                << command << " --help lacks " << word << ": " << result.out;
    }
}

TEST(Help, NoCommandIsAUsageError) {
    const auto result = run_cli({});
    EXPECT_EQ(result.exit_code, 2);
}
