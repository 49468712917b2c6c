// jitupasna's impact_summary against the independent Python reference implementation
// (tests/reference/reference_counts.py: GDAL + shapely, no shared code), which exits 0 only
// when every (admin_code, exposure, asset_type, hazard_class) count matches.

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

const char* kPython = "/usr/bin/python3";

// Empty when the reference can run; otherwise why not.
std::string reference_unavailable() {
    if (!fs::exists(kPython)) return std::string(kPython) + " is absent";
    const auto probe = run_shell(shell_quote(kPython) +
                                 " -c 'import osgeo.gdal, osgeo.ogr, shapely, yaml, numpy'");
    if (probe.exit_code != 0)
        return std::string(kPython) + " lacks osgeo/shapely/yaml/numpy: " + probe.err;
    return "";
}

#define REQUIRE_REFERENCE()                                            \
    if (const std::string why = reference_unavailable(); !why.empty()) \
    GTEST_SKIP() << "reference_counts.py cannot run (" << why << "): skipped"

CommandResult run_reference(const fs::path& scenario, const fs::path& output) {
    return run_shell(
        shell_quote(kPython) + " " +
        shell_quote((source_dir() / "tests" / "reference" / "reference_counts.py").string()) + " " +
        shell_quote(scenario.string()) + " --compare " + shell_quote(output.string()));
}

}  // namespace

TEST(ReferenceCheck, DemoMatchesThePythonReference) {
    REQUIRE_REFERENCE();
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const fs::path out = dir / "demo.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto reference = run_reference(scenario, out);
    EXPECT_EQ(reference.exit_code, 0) << reference.out << reference.err;
    EXPECT_NE(reference.out.find("keys match"), std::string::npos) << reference.out;
}

TEST(ReferenceCheck, JakartaMaxMatchesThePythonReference) {
    REQUIRE_SHARED_DATA(shared);
    REQUIRE_REFERENCE();
    TempDir dir;
    std::string text = read_text(source_dir() / "data" / "scenarios" / "jakarta-flood.yaml");
    ASSERT_NE(text.find("sampling: max"), std::string::npos);
    text = replace_all(text, "../../../shared/data/", shared.string() + "/");
    const fs::path scenario = dir / "jakarta.yaml";
    write_text(scenario, text);
    const fs::path out = dir / "jakarta.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto reference = run_reference(scenario, out);
    EXPECT_EQ(reference.exit_code, 0) << reference.out << reference.err;
    EXPECT_NE(reference.out.find("reference: total 7689 buildings"), std::string::npos)
        << reference.out;
}
