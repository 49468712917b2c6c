// Every signal honoured: `report`, `export` and `check` are sent SIGINT and SIGTERM at many
// moments (0, 25, 50, 100, 150, 200, 300 ... ms, up to past the command's whole time) on an input
// made here large enough that each command takes a while (a grid of many small admin units, so
// that the report draws and tabulates thousands of units, the workbook has thousands of rows
// and `check` reads them all, and many buildings for `check` to audit). Each time:
//   - the exit code is 0 (the command finished before the signal, its outputs complete) or
//     the interrupted code, 1 with the one line "error: interrupted" (as `run`; README, exit
//     codes); only a signal sent before the process has a handler for it (the binary still
//     being loaded, seen in /proc/PID/status) may end it the default way (128 + signal), with
//     nothing written;
//   - when interrupted, the folder of the outputs is exactly as before, file for file and byte
//     for byte: no partial output, and an earlier output of the same name unchanged (every other
//     attempt has earlier outputs there, every other not);
//   - the command stopped within a second of the signal;
//   - no input changed.
// $JITUPASNA_RELIABILITY_STOP_SECONDS overrides the one-second bound (a sanitizer build).

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <iostream>

#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

// Units per side of the admin grid; $JITUPASNA_RELIABILITY_UNITS_SIDE overrides.
int units_side() {
    if (const char* env = std::getenv("JITUPASNA_RELIABILITY_UNITS_SIDE")) return std::atoi(env);
    // 22,500 units: each command takes about one to a few seconds (the workbook's close
    // alone, which runs in a child process that a stop kills, about half a second).
    return 150;
}

double stop_bound_seconds() {
    if (const char* env = std::getenv("JITUPASNA_RELIABILITY_STOP_SECONDS")) return std::atof(env);
    return 1.0;
}

// side x side square units (UTM 48S) tiling the demo's building area with a 200 m margin, codes
// U00001... Neighbours share their edges exactly (the same computed coordinates).
void write_many_units(const fs::path& path, int side) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(driver, nullptr);
    Dataset ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(ds, nullptr);
    const OGRSpatialReference utm = make_srs("EPSG:32748");
    OGRLayer* layer =
        ds->CreateLayer("wilayah", const_cast<OGRSpatialReference*>(&utm), wkbPolygon, nullptr);
    ASSERT_NE(layer, nullptr);
    for (const char* name : {"kode", "nama"}) {
        OGRFieldDefn field(name, OFTString);
        ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
    }
    auto [min_x, min_y, max_x, max_y] = building_area_utm();
    min_x -= 200, min_y -= 200, max_x += 200, max_y += 200;
    auto x_at = [&](int i) { return min_x + (max_x - min_x) * i / side; };
    auto y_at = [&](int j) { return min_y + (max_y - min_y) * j / side; };
    ASSERT_EQ(ds->StartTransaction(), OGRERR_NONE);
    for (int j = 0; j < side; ++j)
        for (int i = 0; i < side; ++i) {
            OGRLinearRing ring;
            ring.addPoint(x_at(i), y_at(j));
            ring.addPoint(x_at(i + 1), y_at(j));
            ring.addPoint(x_at(i + 1), y_at(j + 1));
            ring.addPoint(x_at(i), y_at(j + 1));
            ring.addPoint(x_at(i), y_at(j));
            OGRPolygon polygon;
            polygon.addRing(&ring);
            OGRFeature feature(layer->GetLayerDefn());
            const int n = j * side + i + 1;
            feature.SetField(0, fmt::format("U{:05}", n).c_str());
            feature.SetField(1, fmt::format("Wilayah {}", n).c_str());
            feature.SetGeometry(&polygon);
            ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
        }
    ASSERT_EQ(ds->CommitTransaction(), OGRERR_NONE);
}

// Whether the process has installed a handler for the signal yet (Linux: SigCgt in
// /proc/PID/status). Before it has, while the binary is still being loaded, the signal's
// default action ends it; after, the command must end as "interrupted" or complete.
bool catches(pid_t pid, int sig) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("SigCgt:", 0) == 0) {
            const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
            return (mask >> (sig - 1)) & 1u;
        }
    return false;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A command under test: its arguments for an output folder, and what it writes there when it
// completes (file -> its bytes; an empty text: the file must exist, its bytes may vary).
struct Command {
    std::string name;
    std::function<std::vector<std::string>(const fs::path& out_dir)> args;
    std::map<std::string, std::string> complete;
    double seconds = 0;  // a whole uninterrupted run
};

class ReliabilitySignals : public ::testing::Test {
  protected:
    static inline fs::path dir_;  // the inputs: the run's GeoPackage and what made it
    static inline fs::path scenario_, gpkg_;
    static inline std::map<std::string, std::string> inputs_;  // snapshot of dir_
    static inline std::string setup_failure_;

    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() /
               ("jitupasna-reliability-signals-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "inputs");
        const fs::path inputs = dir_ / "inputs";
        if (!fs::exists(demo_dir() / "kedalaman_banjir.tif")) {
            setup_failure_ =
                "demo data missing: " + (demo_dir() / "kedalaman_banjir.tif").string() +
                " (run ctest so the generate_demo_data fixture runs first)";
            return;
        }
        fs::copy_file(demo_dir() / "kedalaman_banjir.tif", inputs / "kedalaman_banjir.tif");
        write_many_units(inputs / "wilayah.gpkg", units_side());
        write_many_buildings(inputs / "besar.gpkg", building_count());
        if (::testing::Test::HasFatalFailure()) {
            setup_failure_ = "could not write the large inputs";
            return;
        }
        scenario_ = inputs / "besar.yaml";
        write_text(scenario_,
                   "version: 1\nname: banyak wilayah\nhazard_type: flood\n"
                   "admin: {source: wilayah.gpkg, layer: wilayah, code_field: kode, "
                   "name_field: nama}\n"
                   "hazard:\n  source: kedalaman_banjir.tif\n  classes:\n"
                   "    - {name: tinggi, min: 1.5}\n"
                   "    - {name: sedang, min: 0.7, max: 1.5}\n"
                   "    - {name: rendah, min: 0.1, max: 0.7}\n"
                   "exposures:\n"
                   "  - {name: besar, kind: structure, source: besar.gpkg, type_field: jenis, "
                   "types: {rumah: [Rumah]}, sampling: max}\n");
        gpkg_ = inputs / "hasil.gpkg";
        const auto result = run_scenario(scenario_, gpkg_, {"--no-report", "--threads", "2"});
        if (result.exit_code != 0) {
            setup_failure_ = "the run that makes the GeoPackage failed: " + result.err;
            return;
        }
        inputs_ = snapshot(inputs);
    }

    static void TearDownTestSuite() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    void SetUp() override {
        if (!setup_failure_.empty()) FAIL() << setup_failure_;
    }

    void TearDown() override {
        if (!setup_failure_.empty()) return;
        EXPECT_TRUE(snapshot(dir_ / "inputs") == inputs_) << "an input changed";
    }

    static Command report_command() {
        Command c{"report",
                  [](const fs::path& out) {
                      return std::vector<std::string>{"report", gpkg_.string(), "-o",
                                                      (out / "laporan.html").string(),
                                                      "--overwrite"};
                  },
                  {}};
        return c;
    }

    static Command export_command() {
        return {"export",
                [](const fs::path& out) {
                    return std::vector<std::string>{"export",     gpkg_.string(),
                                                    "--xlsx",     (out / "rekap.xlsx").string(),
                                                    "--csv",      (out / "csv").string(),
                                                    "--overwrite"};
                },
                {}};
    }

    static Command check_command() {
        return {"check",
                [](const fs::path&) {
                    return std::vector<std::string>{"check", scenario_.string()};
                },
                {}};
    }

    // Runs the command once, whole, into a fresh folder: what a complete output looks like
    // and how long it takes.
    void measure(Command& command) {
        const fs::path out = dir_ / (command.name + "-reference");
        fs::remove_all(out);
        fs::create_directories(out);
        const auto started = std::chrono::steady_clock::now();
        const auto result = run_cli(command.args(out));
        command.seconds = seconds_since(started);
        ASSERT_EQ(result.exit_code, 0) << result.err;
        command.complete = snapshot(out);
        // The workbook records when it was written: only its presence is compared.
        for (auto& [name, bytes] : command.complete)
            if (fs::path(name).extension() == ".xlsx") bytes.clear();
        std::cout << "[ info ] " << command.name << " takes " << command.seconds << " s whole; "
                  << command.complete.size() << " output file(s)\n";
    }

    static void expect_complete(const Command& command, const fs::path& out) {
        const auto found = snapshot(out);
        EXPECT_EQ(found.size(), command.complete.size());
        for (const auto& [name, bytes] : command.complete) {
            const auto it = found.find(name);
            if (it == found.end()) {
                ADD_FAILURE() << name << " is missing after a complete " << command.name;
            } else if (name.back() == '/') {
                // a folder: being there is all
            } else if (bytes.empty()) {
                EXPECT_EQ(it->second.rfind("PK", 0), 0u) << name << " is not a complete workbook";
            } else {
                EXPECT_TRUE(it->second == bytes) << name << " differs from a whole run's";
            }
        }
    }

    // An earlier output at every path the command writes.
    static void place_earlier_outputs(const Command& command, const fs::path& out) {
        for (const auto& [name, bytes] : command.complete) {
            fs::create_directories((out / name).parent_path());
            write_text(out / name, "an earlier " + name + ", which must survive\n");
        }
    }

    void exercise(Command& command) {
        ASSERT_NO_FATAL_FAILURE(measure(command));
        // 0, 25, 50, 100, 150, 200, 300, 400, 600, 800 ms ... until past the whole run, so that
        // several land while the command works even on a fast machine.
        std::vector<double> delays = {0.0, 0.025, 0.05, 0.1};
        while (delays.back() < 1.2 * command.seconds || delays.back() < 0.8)
            delays.push_back(delays.size() % 2 == 0 ? delays.back() * 1.5 : delays.back() * 4 / 3);
        const fs::path out = dir_ / command.name;
        const fs::path log = dir_ / (command.name + "-log");
        int interrupted = 0, attempt = 0;
        for (const double delay : delays)
            for (const int sig : {SIGINT, SIGTERM}) {
                const bool earlier = attempt++ % 2 == 0;
                SCOPED_TRACE(fmt::format("{} signal {} after {} ms, {} earlier outputs",
                                         command.name, sig, delay * 1000,
                                         earlier ? "with" : "without"));
                fs::remove_all(out);
                fs::create_directories(out);
                if (earlier) place_earlier_outputs(command, out);
                const auto before = snapshot(out);
                BackgroundRun run(command.args(out), log);
                ASSERT_TRUE(run.started());
                std::this_thread::sleep_for(std::chrono::duration<double>(delay));
                if (run.finished()) {
                    EXPECT_EQ(run.wait(), 0) << run.err();
                    expect_complete(command, out);
                    continue;
                }
                const bool handled = catches(run.pid(), sig);
                run.signal(sig);
                const auto signalled = std::chrono::steady_clock::now();
                const int code = run.wait();
                const double stop_seconds = seconds_since(signalled);
                std::cout << "[ info ] " << command.name << ": signal " << sig << " after " << delay
                          << " s: exit " << code << ", " << stop_seconds << " s later\n";
                EXPECT_LE(stop_seconds, stop_bound_seconds()) << "too slow to stop";
                if (code == 0) {  // the signal came after the last look at the flag
                    expect_complete(command, out);
                    continue;
                }
                if (code == 1) {
                    ++interrupted;
                    EXPECT_EQ(run.err(), "error: interrupted\n");
                } else {
                    // Only while the binary is still being loaded may the signal end it.
                    EXPECT_FALSE(handled) << "exit " << code << " although the handler was in "
                                          << "place: " << run.err();
                    EXPECT_EQ(code, 128 + sig) << run.err();
                }
                const auto after = snapshot(out);
                EXPECT_TRUE(after == before) << "the output folder changed: " << after.size()
                                             << " file(s), " << before.size() << " before";
            }
        // The input is large enough for several signals to land while the command works.
        EXPECT_GE(interrupted, 4) << command.name << " took " << command.seconds
                                  << " s: too few attempts were interrupted to test anything";
    }
};

}  // namespace

TEST_F(ReliabilitySignals, ReportStopsPromptlyAndLeavesNothingPartial) {
    Command command = report_command();
    exercise(command);
}

TEST_F(ReliabilitySignals, ExportStopsPromptlyAndLeavesNothingPartial) {
    Command command = export_command();
    exercise(command);
}

TEST_F(ReliabilitySignals, CheckStopsPromptly) {
    Command command = check_command();
    exercise(command);
}
