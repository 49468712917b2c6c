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

TEST(Help, NoCommandIsAUsageError) {
    const auto result = run_cli({});
    EXPECT_EQ(result.exit_code, 2);
}
