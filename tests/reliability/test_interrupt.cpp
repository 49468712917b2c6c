// Nothing is lost: the real binary, on an input large enough to run for a few seconds, is
// interrupted (SIGINT, SIGTERM) and killed (SIGKILL) at random moments (fixed seed) while a
// previous output sits at the target, and run on a full disk. The previous output must come out
// byte-identical, an interrupted run must fail (non-zero exit), no temporary may be left behind
// by a run that could clean up, and the next run must remove a killed run's temporary.

#include <algorithm>
#include <iostream>
#include <random>

#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> found;
    for (const char* part : {".partial", "-journal", "-wal", "-shm"})
        for (auto& name : files_containing(dir, part)) found.push_back(name);
    return found;
}

std::string join(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

class ReliabilityInterrupt : public ::testing::Test {
  protected:
    // Shared by the tests of this suite: the large input, its scenario, a complete output and
    // how long a whole run took.
    static inline fs::path dir_;
    static inline fs::path scenario_;
    static inline fs::path reference_;
    static inline double run_seconds_ = 0;
    static inline std::string setup_failure_;

    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() /
               ("jitupasna-reliability-interrupt-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        for (const char* name : {"kabupaten.gpkg", "kedalaman_banjir.tif"}) {
            if (!fs::exists(demo_dir() / name)) {
                setup_failure_ = "demo data missing: " + (demo_dir() / name).string() +
                                 " (run ctest so the generate_demo_data fixture runs first)";
                return;
            }
            fs::copy_file(demo_dir() / name, dir_ / name);
        }
        write_many_buildings(dir_ / "besar.gpkg", building_count());
        if (count_features(dir_ / "besar.gpkg") != building_count()) {
            setup_failure_ = "could not write the large input " + (dir_ / "besar.gpkg").string();
            return;
        }
        scenario_ = dir_ / "besar.yaml";
        write_text(scenario_,
                   "version: 1\nname: banyak bangunan\nhazard_type: flood\n"
                   "admin: {source: kabupaten.gpkg, layer: kabkota, code_field: kode, "
                   "name_field: nama}\n"
                   "hazard:\n  source: kedalaman_banjir.tif\n  classes:\n"
                   "    - {name: tinggi, min: 1.5}\n"
                   "    - {name: sedang, min: 0.7, max: 1.5}\n"
                   "    - {name: rendah, min: 0.1, max: 0.7}\n"
                   "exposures:\n"
                   "  - {name: besar, kind: structure, source: besar.gpkg, type_field: jenis, "
                   "types: {rumah: [Rumah]}, sampling: max}\n");
        reference_ = dir_ / "referensi.gpkg";
        const auto started = std::chrono::steady_clock::now();
        const auto result = run_scenario(scenario_, reference_, {"--no-report", "--threads", "2"});
        run_seconds_ =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (result.exit_code != 0) setup_failure_ = "the uninterrupted run failed: " + result.err;
    }

    static void TearDownTestSuite() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    void SetUp() override {
        if (!setup_failure_.empty()) FAIL() << setup_failure_;
        std::cout << "[ info ] " << building_count() << " buildings; a whole run takes "
                  << run_seconds_ << " s\n";
    }

    // A folder holding the scenario's inputs and a previous output at hasil.gpkg.
    fs::path prepare(const std::string& name) {
        const fs::path work = dir_ / name;
        fs::remove_all(work);
        fs::create_directories(work);
        fs::copy_file(reference_, work / "hasil.gpkg");
        return work;
    }

    static BackgroundRun start(const fs::path& out, const fs::path& log) {
        return BackgroundRun({"run", scenario_.string(), "-o", out.string(), "--overwrite",
                              "--no-report", "--threads", "2", "-q"},
                             log);
    }
};

}  // namespace

// SIGINT (Ctrl-C) and SIGTERM at random moments: the run stops with a non-zero exit code,
// removes its temporary, and the previous output is byte-identical.
TEST_F(ReliabilityInterrupt, SigintAndSigtermLeaveThePreviousOutputIntact) {
    const fs::path work = prepare("sigint");
    const fs::path out = work / "hasil.gpkg";
    const std::string previous = read_text(out);
    const unsigned seed = 7001;
    std::mt19937 rng(seed);
    // Late enough that the binary has usually installed its handler, early enough that the
    // run is still reading features.
    std::uniform_real_distribution<double> moment(0.02 * run_seconds_, 0.5 * run_seconds_);
    const int signals[] = {SIGINT, SIGINT, SIGTERM, SIGINT, SIGINT};
    int interrupted = 0;
    for (const int sig : signals) {
        const double delay = moment(rng);
        SCOPED_TRACE("seed " + std::to_string(seed) + ": signal " + std::to_string(sig) +
                     " after " + std::to_string(delay) + " s");
        BackgroundRun run = start(out, work / "log");
        ASSERT_TRUE(run.started());
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
        if (run.finished()) {
            // On a machine faster now than when run_seconds_ was measured, the run may be over
            // before the signal: nothing was interrupted. Put the previous output back.
            std::cout << "[ info ] the run finished before signal " << sig << "\n";
            EXPECT_EQ(run.wait(), 0) << run.err();
            write_text(out, previous);
            continue;
        }
        run.signal(sig);
        const auto signalled = std::chrono::steady_clock::now();
        const int code = run.wait();
        const double stop_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
        std::cout << "[ info ] signal " << sig << " after " << delay << " s: exit " << code << " "
                  << stop_seconds << " s later\n";
        if (code == 0) {
            // The signal came after the output was renamed into place: a complete output.
            EXPECT_EQ(summary_counts(out), summary_counts(reference_));
            write_text(out, previous);
            continue;
        }
        ++interrupted;
        if (code == 1) {
            expect_one_line_error({code, "", run.err()});
            EXPECT_NE(run.err().find("interrupted"), std::string::npos) << run.err();
        } else {
            // Only before the handler is installed may the signal end the process itself.
            EXPECT_EQ(code, 128 + sig) << run.err();
        }
        EXPECT_TRUE(read_text(out) == previous) << "the previous output changed";
        EXPECT_TRUE(leftovers(work).empty()) << "left behind: " << join(leftovers(work));
    }
    EXPECT_GE(interrupted, 3) << "too few runs were still going when signalled";
}

// SIGKILL at random moments cannot be handled: the previous output stays byte-identical, and
// the next run removes the dead run's temporary and succeeds.
TEST_F(ReliabilityInterrupt, SigkillLeavesThePreviousOutputIntactAndTheNextRunCleansUp) {
    const fs::path work = prepare("sigkill");
    const fs::path out = work / "hasil.gpkg";
    const std::string previous = read_text(out);
    const unsigned seed = 7002;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> moment(0.1 * run_seconds_, 0.5 * run_seconds_);
    int temporaries_seen = 0;
    for (int i = 0; i < 3; ++i) {
        const double delay = moment(rng);
        SCOPED_TRACE("seed " + std::to_string(seed) + ": SIGKILL after " + std::to_string(delay) +
                     " s");
        BackgroundRun run = start(out, work / "log");
        ASSERT_TRUE(run.started());
        // ".hasil.gpkg.partial-<pid>-<random>" then ".gpkg" or ".lock".
        const std::string own_temp = ".hasil.gpkg.partial-" + std::to_string(run.pid()) + "-";
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
        if (run.finished()) {
            // Faster now than when run_seconds_ was measured: nothing to kill.
            std::cout << "[ info ] the run finished before SIGKILL\n";
            EXPECT_EQ(run.wait(), 0) << run.err();
            write_text(out, previous);
            continue;
        }
        run.signal(SIGKILL);
        EXPECT_EQ(run.wait(), 128 + SIGKILL);
        if (read_text(out) != previous) {
            // Killed after its rename (while writing the report or exiting, on a machine faster
            // now than when run_seconds_ was measured): the output is the new one, complete,
            // never a mix. Put the previous one back for the next kill.
            std::cout << "[ info ] killed after the rename: the output is the complete new one\n";
            EXPECT_EQ(summary_counts(out), summary_counts(reference_)) << "a partial output";
            write_text(out, previous);
            continue;
        }
        // A run removes earlier dead runs' temporaries before it makes its own: once this run's
        // temporary exists, no other may be left. (Killed earlier, it had not got that far.)
        const auto partials = files_containing(work, ".partial");
        const bool own_made = std::any_of(partials.begin(), partials.end(),
                                          [&](const auto& n) { return n.rfind(own_temp, 0) == 0; });
        if (!own_made) continue;
        ++temporaries_seen;
        for (const auto& name : partials)
            EXPECT_EQ(name.rfind(own_temp, 0), 0u) << "an earlier dead run's temporary: " << name;
    }
    EXPECT_GT(temporaries_seen, 0) << "no kill happened while a temporary existed: the test "
                                      "did not exercise the clean-up";
    const auto result = run_scenario(scenario_, out, {"--overwrite", "--no-report"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(leftovers(work).empty()) << "left behind: " << join(leftovers(work));
    EXPECT_DOUBLE_EQ(exposure_total(summary_counts(out), "besar"),
                     static_cast<double>(building_count()));
    EXPECT_EQ(summary_counts(out), summary_counts(reference_));
}

// A disk that fills up while the GeoPackage is written: exit 1 with one line naming the output
// and the cause, no temporary left, the previous output intact. Needs root to mount a small
// tmpfs (CI runs as root); skipped otherwise.
TEST_F(ReliabilityInterrupt, FullDiskIsAOneLineErrorAndLosesNothing) {
    const fs::path work = prepare("fulldisk");
    const fs::path disk = work / "disk";
    fs::create_directories(disk);
    const auto mounted =
        run_shell("mount -t tmpfs -o size=300k tmpfs " + shell_quote(disk.string()));
    if (mounted.exit_code != 0)
        GTEST_SKIP() << "cannot mount a 300 kB tmpfs (needs root): " << mounted.err;
    struct Unmount {
        fs::path dir;
        ~Unmount() { run_shell("umount " + shell_quote(dir.string())); }
    } unmount{disk};

    const fs::path out = disk / "hasil.gpkg";
    const std::string previous = "the previous result, which must survive a full disk\n";
    write_text(out, previous);
    for (const std::string threads : {"1", "2"}) {
        SCOPED_TRACE("threads " + threads);
        const auto result =
            run_scenario(scenario_, out, {"--overwrite", "--no-report", "--threads", threads});
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_one_line_error(result);
        // The cause and the output, never an input being read.
        EXPECT_EQ(result.err, "error: no space left on device writing " + out.string() + "\n");
        EXPECT_EQ(read_text(out), previous);
        EXPECT_TRUE(leftovers(disk).empty()) << "left behind: " << join(leftovers(disk));
    }
    // Without a previous output, nothing at all is left.
    fs::remove(out);
    const auto result = run_scenario(scenario_, out, {"--no-report"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(leftovers(disk).empty()) << "left behind: " << join(leftovers(disk));
}
