// Bounded memory and time, whatever the input (issue 13), through the real binary on files
// written here:
//   - one large footprint over a fine raster is sampled within a stated memory bound;
//   - a file that merely claims a huge grid (a 1.3 kB grid.xml declaring 16384 x 16384 points,
//     a raster header of 10^6 x 10^6 cells) is refused before anything is allocated, naming
//     the file and the claim;
//   - inputs that are not regular files (a FIFO, /dev/zero) are refused, not read for ever;
//   - sampling: mean on a footprint of 2 million vertices stops within seconds of SIGTERM;
//   - a realizations raster of 300 bands runs within a small file-handle limit.
// Every case checks the exit code, that the message names the right thing, and that no input
// changed. Memory bounds use `ulimit -v` in the child's shell; AddressSanitizer reserves
// terabytes of address space, so those cases skip in sanitizer builds (scripts/test-sanitizers
// sets JITUPASNA_NO_ADDRESS_LIMIT=1). Every child runs under `timeout`, so a hang fails the
// test instead of blocking the suite.

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>

#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

const char* kClasses = R"(  classes:
    - {name: tinggi, min: 1.5}
    - {name: sedang, min: 0.7, max: 1.5}
    - {name: rendah, min: 0.1, max: 0.7}
)";

bool address_limits_unusable() {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#else
    const char* env = std::getenv("JITUPASNA_NO_ADDRESS_LIMIT");
    return env && *env && std::string(env) != "0";
#endif
}

// A cheap, order-sensitive digest of a file (FNV-1a 64), to check that inputs stay unchanged.
std::string digest(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::uint64_t h = 1469598103934665603ULL;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        for (std::streamsize i = 0; i < in.gcount(); ++i) {
            h ^= static_cast<unsigned char>(buffer[i]);
            h *= 1099511628211ULL;
        }
        if (!in) break;
    }
    return std::to_string(h);
}

std::map<std::string, std::string> digests(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file()) out[entry.path().filename().string()] = digest(entry.path());
    return out;
}

class ReliabilityBounds : public ::testing::Test {
  protected:
    TempDir dir;

    static std::string header(const std::string& hazard_source = "bahaya.tif",
                              const std::string& hazard_extra = "") {
        return "version: 1\nname: uji batas\nhazard_type: flood\n"
               "admin:\n  source: wilayah.gpkg\n  code_field: kode\n  name_field: nama\n"
               "hazard:\n  source: " +
               hazard_source + "\n" + hazard_extra + kClasses + "exposures:\n";
    }

    // One admin unit "A" over local x, y in [-10, 10 000].
    void write_admin() {
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:32748",
                                             wkbMultiPolygon, {{"kode"}, {"nama"}},
                                             {{sq(-10, -10, 10000, 10000), {"A", "Unit A"}}}));
    }

    // Structures (id, WKT in real coordinates) in bangunan.gpkg.
    void write_structures(const std::vector<std::pair<std::string, std::string>>& items) {
        std::vector<FeatureSpec> features;
        for (const auto& [id, wkt] : items) features.push_back({wkt, {id}});
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / "bangunan.gpkg", "GPKG", "bangunan",
                                             "EPSG:32748", wkbPolygon, {{"id"}}, features));
    }

    // A small 4 x 4 grid of 10 m cells over local x, y in [0, 40], value 2.0 (tinggi).
    void write_small_grid(const fs::path& path) {
        RasterSpec r;
        r.x0 = X0;
        r.y0 = Y0 + 40;
        r.cell = 10;
        r.cols = 4;
        r.rows = 4;
        r.values.assign(16, 2.0);
        r.nodata = ND;
        r.crs = "EPSG:32748";
        ASSERT_NO_FATAL_FAILURE(write_raster(path, r));
    }

    fs::path write_scenario(const std::string& text, const std::string& name = "skenario.yaml") {
        const fs::path path = dir / name;
        write_text(path, text);
        return path;
    }

    fs::path out() const { return dir / "hasil.gpkg"; }

    // The binary under `timeout` (and `ulimit -v` when limit_mb > 0).
    static CommandResult run_bounded(const std::vector<std::string>& args, int seconds,
                                     long limit_mb = 0) {
        std::string command;
        if (limit_mb > 0) command = "ulimit -v " + std::to_string(limit_mb * 1024) + " && ";
        command +=
            "exec timeout -s KILL " + std::to_string(seconds) + " " + shell_quote(JITUPASNA_BINARY);
        for (const auto& a : args) command += " " + shell_quote(a);
        return run_shell(command);
    }

    // Every kind of input file a scenario names: admin, hazard, a structure layer, an aggregate
    // joined to a table, a population raster. Returns the scenario's text.
    std::string write_every_input() {
        EXPECT_NO_FATAL_FAILURE(write_admin());
        EXPECT_NO_FATAL_FAILURE(write_small_grid(dir / "bahaya.tif"));
        EXPECT_NO_FATAL_FAILURE(write_small_grid(dir / "penduduk.tif"));
        EXPECT_NO_FATAL_FAILURE(write_structures({{"b1", sq(1, 1, 2, 2)}}));
        EXPECT_NO_FATAL_FAILURE(write_vector(dir / "kecamatan.gpkg", "GPKG", "kecamatan",
                                             "EPSG:32748", wkbMultiPolygon, {{"kode"}},
                                             {{sq(0, 0, 10, 10), {"11.10"}}}));
        write_text(dir / "rumah.csv", "kode,total\n11.10,5\n");
        const std::string structures =
            "  - {name: bangunan, kind: structure, source: bangunan.gpkg}\n";
        const std::string joined =
            "  - name: rumah\n    kind: aggregate\n    source: kecamatan.gpkg\n"
            "    count_field: total\n    join:\n      source: rumah.csv\n      key: kode\n";
        const std::string population =
            "  - {name: penduduk, kind: population, source: penduduk.tif}\n";
        return header() + structures + joined + population;
    }

    // `text` with `from` replaced by `to` (which must be there).
    static std::string replaced(std::string text, const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) text.replace(at, from.size(), to);
        return text;
    }

    // Each input of write_every_input() in turn given as `path`: `check` and `run` refuse it
    // at once with exit 2 (a path the scenario gives wrong, like a missing scenario), naming
    // the role, the path and `problem`; nothing is written, no input changes.
    void expect_every_input_refused(const std::string& path,
                                    const std::vector<std::string>& problem) {
        const std::string full = write_every_input();
        ASSERT_EQ(run_bounded({"check", write_scenario(full).string()}, 60).exit_code, 0);
        const std::vector<std::array<std::string, 3>> cases = {
            {"admin", replaced(full, "source: wilayah.gpkg", "source: " + path), "admin"},
            {"hazard", replaced(full, "source: bahaya.tif", "source: " + path), "hazard"},
            {"exposure", replaced(full, "source: bangunan.gpkg", "source: " + path), "bangunan"},
            {"joined table", replaced(full, "source: rumah.csv", "source: " + path), "rumah"},
            {"population", replaced(full, "source: penduduk.tif", "source: " + path), "penduduk"},
            {"defaults", full + "defaults: " + path + "\n", "defaults"},
        };
        for (const auto& [name, text, role] : cases) {
            const fs::path scenario = write_scenario(text, "kasus.yaml");
            const auto before = digests(dir.path());
            for (const std::string command : {"check", "run"}) {
                SCOPED_TRACE(name + " " + command);
                std::vector<std::string> args = {command, scenario.string()};
                if (command == "run")
                    args.insert(args.end(), {"-o", out().string(), "--no-report"});
                const CommandResult result = run_bounded(args, 60);
                EXPECT_EQ(result.exit_code, 2) << result.err;
                std::vector<std::string> parts = {role, path};
                parts.insert(parts.end(), problem.begin(), problem.end());
                for (const auto& part : parts)
                    EXPECT_NE(result.err.find(part), std::string::npos)
                        << part << " in: " << result.err;
                EXPECT_FALSE(fs::exists(out()));
            }
            EXPECT_EQ(digests(dir.path()), before);
        }
        // The scenario itself (refused by the command line: exit 2).
        for (const std::string command : {"check", "run"}) {
            SCOPED_TRACE("scenario " + command);
            std::vector<std::string> args = {command, path};
            if (command == "run") args.insert(args.end(), {"-o", out().string(), "--no-report"});
            const CommandResult result = run_bounded(args, 60);
            EXPECT_EQ(result.exit_code, 2) << result.err;
            for (const auto& part : problem)
                EXPECT_NE(result.err.find(part), std::string::npos)
                    << part << " in: " << result.err;
        }
    }
};

void expect_mentions(const std::string& text, const std::vector<std::string>& parts) {
    for (const auto& part : parts)
        EXPECT_NE(text.find(part), std::string::npos) << part << " in: " << text;
}

// ---- memory: one large footprint over a fine raster -----------------------------------------

// A 4 km square footprint over a grid of 0.2 m cells: its window is 20 000 x 20 000 cells,
// 3.2 GB as doubles when read at once (the old behaviour: bad_alloc under this limit, 7.5 GB
// and more without one). Read in parts, the run stays under 2 GB of address space. The grid is
// a sparse tiled GeoTIFF: every tile is nodata except one 256 x 256 tile of 1.0 (sedang) in
// the footprint's north-west corner (cells 0-255), so `max` must find that tile: sedang, 1.0.
TEST_F(ReliabilityBounds, LargeFootprintOverFineRasterStaysUnderTwoGigabytes) {
    if (address_limits_unusable()) GTEST_SKIP() << "address-space limits do not work under ASan";
    ASSERT_NO_FATAL_FAILURE(write_admin());
    {
        GDALAllRegister();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        ASSERT_NE(driver, nullptr);
        const char* options[] = {"TILED=YES",      "BLOCKXSIZE=256",   "BLOCKYSIZE=256",
                                 "SPARSE_OK=TRUE", "COMPRESS=DEFLATE", nullptr};
        Dataset ds(driver->Create((dir / "bahaya.tif").c_str(), 20000, 20000, 1, GDT_Float32,
                                  const_cast<char**>(options)));
        ASSERT_NE(ds, nullptr);
        double gt[6] = {X0, 0.2, 0.0, Y0 + 4000, 0.0, -0.2};
        ASSERT_EQ(ds->SetGeoTransform(gt), CE_None);
        const OGRSpatialReference srs = make_srs("EPSG:32748");
        ASSERT_EQ(ds->SetSpatialRef(&srs), CE_None);
        GDALRasterBand* band = ds->GetRasterBand(1);
        ASSERT_EQ(band->SetNoDataValue(ND), CE_None);
        std::vector<float> tile(256 * 256, 1.0f);
        ASSERT_EQ(band->RasterIO(GF_Write, 0, 0, 256, 256, tile.data(), 256, 256, GDT_Float32, 0, 0,
                                 nullptr),
                  CE_None);
    }
    ASSERT_LT(fs::file_size(dir / "bahaya.tif"), 20u << 20);  // sparse: small on disk
    ASSERT_NO_FATAL_FAILURE(write_structures({{"besar", sq(0, 0, 4000, 4000)}}));
    const fs::path scenario = write_scenario(
        header() + "  - {name: bangunan, kind: structure, source: bangunan.gpkg, sampling: max}\n");
    const auto before = digests(dir.path());

    const CommandResult result = run_bounded(
        {"run", scenario.string(), "-o", out().string(), "--no-report", "--threads", "2"}, 300,
        2048);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto rows = rows_by(out(), "impact_bangunan", "id");
    ASSERT_EQ(rows.count("besar"), 1u);
    EXPECT_EQ(rows.at("besar").str("hazard_class"), "sedang");
    auto after = digests(dir.path());
    after.erase("hasil.gpkg");
    EXPECT_EQ(after, before);
}

// ---- files that merely claim a huge grid -------------------------------------------------------

// A grid.xml of 1.3 kB declaring 16384 x 16384 points (2 GiB of values if believed): refused
// before any allocation, naming the file, the claim and the file's size; within 1 GB and 60 s.
TEST_F(ReliabilityBounds, ShakemapGridClaimingMorePointsThanItsSizeIsRefused) {
    ASSERT_NO_FATAL_FAILURE(write_admin());
    ASSERT_NO_FATAL_FAILURE(write_structures({{"b1", sq(1, 1, 2, 2)}}));
    std::string grid =
        read_text(source_dir() / "tests" / "fuzz" / "corpus" / "shakemap" / "valid_3x2.xml");
    const std::string spec = "nlon=\"3\" nlat=\"2\"";
    ASSERT_NE(grid.find(spec), std::string::npos);
    grid.replace(grid.find(spec), spec.size(), "nlon=\"16384\" nlat=\"16384\"");
    write_text(dir / "grid.xml", grid);
    const fs::path scenario =
        write_scenario(header("grid.xml", "  field: MMI\n") +
                       "  - {name: bangunan, kind: structure, source: bangunan.gpkg}\n");
    const auto before = digests(dir.path());
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command);
        std::vector<std::string> args = {command, scenario.string()};
        if (command == "run") args.insert(args.end(), {"-o", out().string(), "--no-report"});
        const CommandResult result = run_bounded(args, 60, address_limits_unusable() ? 0 : 1024);
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_mentions(result.err, {"grid.xml", "16384", "268435456 points",
                                     std::to_string(grid.size()) + " bytes"});
        EXPECT_EQ(result.err.find("bad_alloc"), std::string::npos) << result.err;
        EXPECT_FALSE(fs::exists(out()));
    }
    EXPECT_EQ(digests(dir.path()), before);
}

// A raster header of 10^6 x 10^6 cells (a VRT of a few hundred bytes): refused, naming the
// file, the claim and the limit.
TEST_F(ReliabilityBounds, RasterHeaderClaimingTooManyCellsIsRefused) {
    ASSERT_NO_FATAL_FAILURE(write_admin());
    ASSERT_NO_FATAL_FAILURE(write_structures({{"b1", sq(1, 1, 2, 2)}}));
    write_text(dir / "bahaya.vrt",
               "<VRTDataset rasterXSize=\"1000000\" rasterYSize=\"1000000\">\n"
               "  <SRS>EPSG:32748</SRS>\n"
               "  <GeoTransform>700000, 0.01, 0, 9310000, 0, -0.01</GeoTransform>\n"
               "  <VRTRasterBand dataType=\"Float32\" band=\"1\"/>\n"
               "</VRTDataset>\n");
    const fs::path scenario = write_scenario(
        header("bahaya.vrt") + "  - {name: bangunan, kind: structure, source: bangunan.gpkg}\n");
    const auto before = digests(dir.path());
    for (const std::string command : {"check", "run"}) {
        SCOPED_TRACE(command);
        std::vector<std::string> args = {command, scenario.string()};
        if (command == "run") args.insert(args.end(), {"-o", out().string(), "--no-report"});
        const CommandResult result = run_bounded(args, 60, address_limits_unusable() ? 0 : 1024);
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_mentions(result.err, {"hazard", "bahaya.vrt", "1000000 x 1000000", "limit"});
        EXPECT_FALSE(fs::exists(out()));
    }
    EXPECT_EQ(digests(dir.path()), before);
}

// ---- inputs that are not regular files ---------------------------------------------------------

// Every input path of a scenario, in turn a FIFO (which blocks a reader for good): `check` and
// `run` refuse it at once, naming the role, the path and that it is a FIFO; exit 2 for every
// input alike, as for the scenario and the defaults (README: exit codes).
TEST_F(ReliabilityBounds, FifoInputsAreRefusedNotWaitedFor) {
    ASSERT_EQ(::mkfifo((dir / "pipa").c_str(), 0644), 0);
    expect_every_input_refused((dir / "pipa").string(), {"FIFO", "not a regular file"});
}

// Every input path of a scenario, in turn one that does not exist: "not found", exit 2 for the
// admin layer, the hazard, an exposure, a joined table, a population raster, the defaults and
// the scenario alike.
TEST_F(ReliabilityBounds, MissingInputsAreRefusedAlike) {
    expect_every_input_refused((dir / "tidak_ada.gpkg").string(), {"not found"});
}

// A file this user may not read: "cannot be read", exit 2 as for a missing one. (root reads
// every file: skipped.)
TEST_F(ReliabilityBounds, UnreadableInputsAreRefusedAlike) {
    if (::geteuid() == 0) GTEST_SKIP() << "root may read a file of mode 000";
    const fs::path locked = dir / "terkunci.gpkg";
    write_text(locked, "");
    fs::permissions(locked, fs::perms::none);
    expect_every_input_refused(locked.string(), {"cannot"});
}

// A FIFO or a device beside an input, where GDAL reads it with the input (a raster's .aux.xml,
// a GeoPackage's -journal): refused at once naming it, never waited for or read for ever.
TEST_F(ReliabilityBounds, FifoOrDeviceBesideAnInputIsRefused) {
    ASSERT_NO_FATAL_FAILURE(write_admin());
    ASSERT_NO_FATAL_FAILURE(write_small_grid(dir / "bahaya.tif"));
    ASSERT_NO_FATAL_FAILURE(write_structures({{"b1", sq(1, 1, 2, 2)}}));
    const fs::path scenario =
        write_scenario(header() + "  - {name: bangunan, kind: structure, source: bangunan.gpkg}\n");
    ASSERT_EQ(run_bounded({"check", scenario.string()}, 60).exit_code, 0);
    const long limit = address_limits_unusable() ? 0 : 1024;
    struct Case {
        fs::path sidecar;
        std::string role, kind;
    };
    for (const Case& c : {Case{dir / "bahaya.tif.aux.xml", "hazard", "FIFO"},
                          Case{dir / "wilayah.gpkg-journal", "admin", "FIFO"},
                          Case{dir / "bangunan.gpkg-wal", "bangunan", "character device"}}) {
        SCOPED_TRACE(c.sidecar.string());
        if (c.kind == "FIFO")
            ASSERT_EQ(::mkfifo(c.sidecar.c_str(), 0644), 0);
        else
            fs::create_symlink("/dev/zero", c.sidecar);
        const auto before = digests(dir.path());
        for (const std::string command : {"check", "run"}) {
            std::vector<std::string> args = {command, scenario.string()};
            if (command == "run") args.insert(args.end(), {"-o", out().string(), "--no-report"});
            const CommandResult result = run_bounded(args, 60, limit);
            EXPECT_EQ(result.exit_code, 2) << result.err;  // as the input itself is
            expect_mentions(result.err, {c.role, c.sidecar.string(), "read with", c.kind,
                                         "not a regular file"});
            EXPECT_FALSE(fs::exists(out()));
        }
        EXPECT_EQ(digests(dir.path()), before);
        fs::remove(c.sidecar);
    }
}

// /dev/zero as the hazard, an exposure or the scenario: refused at once, never read until
// memory runs out (1 GB, 60 s).
TEST_F(ReliabilityBounds, DeviceInputsAreRefusedNotReadForEver) {
    ASSERT_NO_FATAL_FAILURE(write_admin());
    ASSERT_NO_FATAL_FAILURE(write_small_grid(dir / "bahaya.tif"));
    ASSERT_NO_FATAL_FAILURE(write_structures({{"b1", sq(1, 1, 2, 2)}}));
    const long limit = address_limits_unusable() ? 0 : 1024;
    for (const auto& [name, text, role] : std::vector<std::array<std::string, 3>>{
             {"hazard",
              header("/dev/zero") + "  - {name: bangunan, kind: structure, source: "
                                    "bangunan.gpkg}\n",
              "hazard"},
             {"exposure", header() + "  - {name: bangunan, kind: structure, source: /dev/zero}\n",
              "bangunan"}}) {
        SCOPED_TRACE(name);
        const fs::path scenario = write_scenario(text, "kasus.yaml");
        const CommandResult result = run_bounded({"check", scenario.string()}, 60, limit);
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_mentions(result.err, {role, "/dev/zero", "character device", "not a regular file"});
    }
    const CommandResult result = run_bounded({"check", "/dev/zero"}, 60, limit);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_mentions(result.err, {"/dev/zero", "character device"});
}

// ---- time: one huge footprint, interrupted
// -------------------------------------------------------

// A footprint of 2 000 000 vertices (a wavy circle of radius 1 km) over a 10 m grid, sampled
// by `mean`: each of its ~31 000 cells needs an overlay of the whole footprint, many minutes of
// work. SIGTERM after about a second: GEOS's interrupt callback and the per-cell checks stop
// it within a few seconds, with the interrupted error (exit 1) and no output.
TEST_F(ReliabilityBounds, HugeFootprintMeanSamplingStopsOnSigterm) {
    ASSERT_NO_FATAL_FAILURE(write_admin());
    {
        RasterSpec r;
        r.x0 = X0;
        r.y0 = Y0 + 2500;
        r.cell = 10;
        r.cols = 250;
        r.rows = 250;
        for (int i = 0; i < r.cols * r.rows; ++i) r.values.push_back(0.2 + (i % 7) * 0.3);
        r.nodata = ND;
        r.crs = "EPSG:32748";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", r));
    }
    constexpr int kVertices = 2'000'000;
    std::string wkt;
    wkt.reserve(static_cast<std::size_t>(kVertices) * 40);
    wkt = "POLYGON ((";
    std::string first;
    for (int i = 0; i < kVertices; ++i) {
        const double a = 2 * M_PI * i / kVertices;
        const double radius = 1000 + 5 * std::sin(a * 5000);  // wavy: no vertex is redundant
        const std::string p = num_text(X0 + 1250 + radius * std::cos(a)) + " " +
                              num_text(Y0 + 1250 + radius * std::sin(a));
        if (i == 0) first = p;
        wkt += p + ", ";
    }
    wkt += first + "))";
    ASSERT_NO_FATAL_FAILURE(write_structures({{"raksasa", wkt}}));
    wkt.clear();
    wkt.shrink_to_fit();
    const fs::path scenario = write_scenario(
        header() +
        "  - {name: bangunan, kind: structure, source: bangunan.gpkg, sampling: mean}\n");
    const auto before = digests(dir.path());

    BackgroundRun run({"run", scenario.string(), "-o", out().string(), "--no-report"},
                      dir / "raksasa");
    ASSERT_TRUE(run.started());
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    ASSERT_FALSE(run.finished()) << "finished before the signal: the footprint is too easy\n"
                                 << run.err();
    const auto signalled = std::chrono::steady_clock::now();
    run.signal(SIGTERM);
    // A harness timeout: SIGKILL after 60 s, so a run that ignores SIGTERM fails the test.
    while (!run.finished() &&
           std::chrono::steady_clock::now() - signalled < std::chrono::seconds(60))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const double after_signal =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
    if (!run.finished()) run.signal(SIGKILL);
    EXPECT_EQ(run.wait(), 1) << run.err();
    EXPECT_LT(after_signal, 5.0) << "SIGTERM took " << after_signal << " s to stop the run";
    EXPECT_NE(run.err().find("interrupted"), std::string::npos) << run.err();
    EXPECT_FALSE(fs::exists(out()));
    auto after = digests(dir.path());
    after.erase("raksasa.out");
    after.erase("raksasa.err");
    EXPECT_EQ(after, before);
}

// ---- realizations: one file handle per thread, not per band ------------------------------------

// 300 bands of realizations (band b holds the value b / 100 everywhere), run with 2 threads
// under `ulimit -n 64`: one handle per band and thread would need 1 200. The structure's
// hazard is the mean over the bands, (1 + ... + 300) / 300 / 100 = 1.505: tinggi.
TEST_F(ReliabilityBounds, ManyRealizationBandsNeedFewFileHandles) {
    ASSERT_NO_FATAL_FAILURE(write_admin());
    {
        GDALAllRegister();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        Dataset ds(driver->Create((dir / "bahaya.tif").c_str(), 4, 4, 300, GDT_Float32, nullptr));
        ASSERT_NE(ds, nullptr);
        double gt[6] = {X0, 10, 0.0, Y0 + 40, 0.0, -10};
        ASSERT_EQ(ds->SetGeoTransform(gt), CE_None);
        const OGRSpatialReference srs = make_srs("EPSG:32748");
        ASSERT_EQ(ds->SetSpatialRef(&srs), CE_None);
        for (int b = 1; b <= 300; ++b) {
            std::vector<float> values(16, static_cast<float>(b / 100.0));
            ASSERT_EQ(ds->GetRasterBand(b)->RasterIO(GF_Write, 0, 0, 4, 4, values.data(), 4, 4,
                                                     GDT_Float32, 0, 0, nullptr),
                      CE_None);
        }
    }
    ASSERT_NO_FATAL_FAILURE(write_structures({{"b1", sq(11, 11, 12, 12)}}));
    const fs::path scenario =
        write_scenario(header("bahaya.tif", "  realizations: bands\n") +
                       "  - {name: bangunan, kind: structure, source: bangunan.gpkg}\n");
    const auto before = digests(dir.path());
    const CommandResult result =
        run_shell("ulimit -n 64 && exec timeout -s KILL 120 " + shell_quote(JITUPASNA_BINARY) +
                  " run " + shell_quote(scenario.string()) + " -o " + shell_quote(out().string()) +
                  " --no-report --threads 2");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto rows = rows_by(out(), "impact_bangunan", "id");
    ASSERT_EQ(rows.count("b1"), 1u);
    EXPECT_EQ(rows.at("b1").str("hazard_class"), "tinggi");
    auto after = digests(dir.path());
    after.erase("hasil.gpkg");
    EXPECT_EQ(after, before);
}

}  // namespace
