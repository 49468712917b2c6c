// The output GeoPackage is never left half-written: an existing file is refused unless
// --overwrite, and a run that fails after it started writing leaves the old file untouched and
// no temporary file behind.

#include <fcntl.h>
#include <sys/file.h>

#include "integration/gis_fixtures.hpp"

using namespace jitupasna::test;

namespace {

const std::string kSentinel = "not a GeoPackage: the previous result, which must survive\n";

// An engineering (LOCAL_CS) CRS: PROJ has no operation from it to any geographic or projected CRS.
const std::string kLocalCs =
    R"(LOCAL_CS["site grid",UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]])";

// Adds `exposure` (YAML list item) to the demo scenario right after its first exposure, so the
// run writes impact_bangunan into the temporary output before it reaches the new one.
fs::path demo_with_second_exposure(const fs::path& dir, const std::string& exposure) {
    const fs::path scenario = copy_demo(dir);
    std::string text = read_text(scenario);
    const std::string anchor = "  - name: fasilitas\n";
    const auto at = text.find(anchor);
    EXPECT_NE(at, std::string::npos) << "demo.yaml changed: no fasilitas exposure";
    if (at != std::string::npos) text.insert(at, exposure);
    write_text(scenario, text);
    return scenario;
}

void expect_no_leftovers(const fs::path& dir) {
    EXPECT_TRUE(files_containing(dir, ".partial").empty())
        << "left behind: " << files_containing(dir, ".partial").front();
    EXPECT_TRUE(files_containing(dir, "-journal").empty());
    EXPECT_TRUE(files_containing(dir, "-wal").empty());
}

}  // namespace

TEST(OutputSafety, ExistingOutputIsRefusedWithoutOverwrite) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const fs::path out = dir / "hasil.gpkg";
    write_text(out, kSentinel);
    const auto result = run_scenario(scenario, out);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    EXPECT_NE(result.err.find("hasil.gpkg"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("--overwrite"), std::string::npos) << result.err;
    EXPECT_EQ(read_text(out), kSentinel);
    expect_no_leftovers(dir.path());
}

TEST(OutputSafety, OverwriteReplacesTheOutput) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const fs::path out = dir / "hasil.gpkg";
    write_text(out, kSentinel);
    const auto result = run_scenario(scenario, out, {"--overwrite"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(read_text(out), kSentinel);
    const auto layers = layer_names(out);
    EXPECT_EQ(layers.count("impact_summary"), 1u);
    EXPECT_EQ(layers.count("run_info"), 1u);
    expect_no_leftovers(dir.path());

    // Overwriting a real result works too, and gives the same counts.
    const auto first = summary_counts(out);
    const auto again = run_scenario(scenario, out, {"--overwrite"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(summary_counts(out), first);
    expect_no_leftovers(dir.path());
}

TEST(OutputSafety, MissingOutputFolderIsCreated) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    const fs::path out = dir / "baru" / "lagi" / "hasil.gpkg";
    const auto result = run_scenario(scenario, out);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(layer_names(out).count("impact_summary"), 1u);
}

// The second exposure is in an engineering CRS that cannot be transformed to the admin CRS.
// `run` now finds out while checking the inputs' extents, before any work; the failure in the
// middle of the pipeline is covered by NoPartialOutputAfterAFeatureFailsMidPipeline.
TEST(OutputSafety, NoPartialOutputAfterAnUntransformableInput) {
    TempDir dir;
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "lokal.gpkg", "GPKG", "lokal", kLocalCs, wkbPoint,
                                         {{"id"}}, {{point_wkt(10, 20), {"1"}}}));
    const fs::path scenario = demo_with_second_exposure(
        dir.path(), "  - {name: lokal, kind: structure, source: lokal.gpkg}\n");
    const fs::path out = dir / "hasil.gpkg";
    write_text(out, kSentinel);

    const auto result = run_cli({"run", scenario.string(), "-o", out.string(), "--overwrite"});
    EXPECT_EQ(result.exit_code, 1) << result.err;

    const auto error_at = result.err.find("error: ");
    ASSERT_NE(error_at, std::string::npos) << result.err;
    const std::string error = result.err.substr(error_at);
    EXPECT_NE(error.find("lokal"), std::string::npos) << error;
    EXPECT_NE(error.find("admin CRS"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), error.size() - 1) << "one line: " << error;

    EXPECT_EQ(read_text(out), kSentinel);
    expect_no_leftovers(dir.path());

    // Same without an existing output: nothing at all is left.
    fs::remove(out);
    const auto quiet = run_scenario(scenario, out);
    EXPECT_EQ(quiet.exit_code, 1) << quiet.err;
    expect_one_line_error(quiet);
    EXPECT_FALSE(fs::exists(out));
    expect_no_leftovers(dir.path());
}

// A failure inside the parallel pipeline: one feature in the middle of the second exposure
// cannot be transformed (latitude -95 has no UTM coordinates), with small batches so that
// several batches are in flight when it fails.
TEST(OutputSafety, NoPartialOutputAfterAFeatureFailsMidPipeline) {
    TempDir dir;
    std::vector<FeatureSpec> points;
    for (int i = 0; i < 50; ++i) {
        const double lon = 106.05 + 0.004 * i;
        points.push_back({point_wkt(lon, i == 30 ? -95.0 : -6.45), {std::to_string(i)}});
    }
    ASSERT_NO_FATAL_FAILURE(
        write_vector(dir / "titik.gpkg", "GPKG", "titik", "EPSG:4326", wkbPoint, {{"id"}}, points));
    const fs::path scenario = demo_with_second_exposure(
        dir.path(), "  - {name: titik, kind: structure, source: titik.gpkg}\n");
    const fs::path out = dir / "hasil.gpkg";
    write_text(out, kSentinel);
    for (const std::string threads : {"1", "4"}) {
        SCOPED_TRACE("threads " + threads);
        const auto result =
            run_scenario(scenario, out, {"--overwrite", "--threads", threads, "--batch-size", "3"});
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_one_line_error(result);
        EXPECT_NE(result.err.find("titik"), std::string::npos) << result.err;
        EXPECT_EQ(read_text(out), kSentinel);
        expect_no_leftovers(dir.path());
    }
}

// `output:` in the scenario is relative to the scenario's folder, not to the working directory.
TEST(OutputSafety, ScenarioOutputIsRelativeToTheScenarioFile) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    write_text(scenario, replace_all(read_text(scenario), "output: ../../out/demo.gpkg",
                                     "output: keluaran/demo.gpkg"));
    const auto result = run_cli({"run", scenario.string(), "-q"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(layer_names(dir / "keluaran" / "demo.gpkg").count("impact_summary"), 1u);
    // A second run without --overwrite is refused.
    EXPECT_EQ(run_cli({"run", scenario.string(), "-q"}).exit_code, 2);
}

// A run killed outright cannot remove its temporary file; the next run for the same target
// removes temporaries whose lock nobody holds, and leaves those of live runs (lock held) alone.
// tests/reliability/test_outputs.cpp covers the lock held from another PID namespace.
TEST(OutputSafety, StaleTemporariesOfDeadRunsAreRemoved) {
    TempDir dir;
    const fs::path scenario = copy_demo(dir.path());
    // 2147483646 is above any Linux pid_max: no such process.
    const fs::path dead = dir / ".hasil.gpkg.partial-2147483646-00000001.gpkg";
    const fs::path dead_journal = dir / ".hasil.gpkg.partial-2147483646-00000001.gpkg-journal";
    const fs::path dead_lock = dir / ".hasil.gpkg.partial-2147483646-00000001.lock";
    const fs::path old_style = dir / ".hasil.gpkg.partial-2147483646.gpkg";  // before locks
    const std::string live_stem = ".hasil.gpkg.partial-" + std::to_string(::getpid()) + "-00000002";
    const fs::path live = dir / (live_stem + ".gpkg");
    const fs::path live_lock = dir / (live_stem + ".lock");
    const fs::path other_target = dir / ".lain.gpkg.partial-2147483646.gpkg";
    for (const auto& path :
         {dead, dead_journal, dead_lock, old_style, live, live_lock, other_target})
        write_text(path, "stale");
    const int fd = ::open(live_lock.c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const auto result = run_scenario(scenario, dir / "hasil.gpkg");
    ::close(fd);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_FALSE(fs::exists(dead_journal));
    EXPECT_FALSE(fs::exists(dead_lock));
    EXPECT_FALSE(fs::exists(old_style));
    EXPECT_TRUE(fs::exists(live)) << "a live run's temporary must not be touched";
    EXPECT_TRUE(fs::exists(live_lock)) << "a live run's lock must not be touched";
    EXPECT_TRUE(fs::exists(other_target)) << "another target's temporary must not be touched";
}
