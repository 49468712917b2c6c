// Never destroy what the user gave, and blame the output when writing it fails (issue 13).
// Each class: the binary on a small world made here, the exit code, a message that names the
// right file and key, and every input and earlier output byte-identical afterwards (the whole
// folder is compared before and after: nothing changed, nothing removed, nothing left behind).

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>

#include <map>

#include "jitupasna/io/output_guard.hpp"
#include "reliability/reliability_support.hpp"

using namespace jitupasna::test;
using namespace jitupasna::test::reliability;

namespace {

// What differs between two snapshots, for a failure message ("" when nothing).
std::string changes(const Snapshot& before, const Snapshot& after) {
    std::string text;
    for (const auto& [name, bytes] : before) {
        const auto found = after.find(name);
        if (found == after.end())
            text += " removed " + name + ";";
        else if (found->second != bytes)
            text += " changed " + name + ";";
    }
    for (const auto& [name, bytes] : after)
        if (!before.count(name)) text += " new " + name + ";";
    return text;
}

#define EXPECT_UNCHANGED(before, dir)                            \
    do {                                                         \
        const std::string diff = changes(before, snapshot(dir)); \
        EXPECT_EQ(diff, "") << "the folder changed:" << diff;    \
    } while (false)

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The binary run with RLIMIT_NOFILE set to `limit` in the child (setrlimit before exec).
CommandResult run_with_file_limit(const std::vector<std::string>& args, rlim_t limit,
                                  const fs::path& log_base) {
    const std::string out = log_base.string() + ".out", err = log_base.string() + ".err";
    std::vector<std::string> argv_text = {JITUPASNA_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int in = ::open("/dev/null", O_RDONLY);
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || o < 0 || e < 0) ::_exit(126);
        ::dup2(in, 0);
        ::dup2(o, 1);
        ::dup2(e, 2);
        for (int fd = 3; fd < 1024; ++fd) ::close(fd);  // only what the binary opens counts
        const struct rlimit files { limit, limit };
        if (::setrlimit(RLIMIT_NOFILE, &files) != 0) ::_exit(126);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    CommandResult result;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_text(out);
    result.err = read_text(err);
    fs::remove(out);
    fs::remove(err);
    return result;
}

// The "error: ..." line of stderr (libraries may print lines of their own before it).
std::string error_line(const std::string& err) {
    const auto at = err.find("error: ");
    if (at == std::string::npos) return "";
    return err.substr(at, err.find('\n', at) - at);
}

// A second temporary folder beside a TempDir (two TempDirs in one test share their name).
class SiblingDir {
  public:
    SiblingDir(const TempDir& beside, const std::string& name)
        : path_(beside.path().string() + "-" + name) {
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~SiblingDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

  private:
    fs::path path_;
};

// A small world in UTM 48S: one admin unit over two 10 m hazard cells (2.0 and 0.3), buildings
// in a shapefile, kecamatan with counts joined from a CSV, a population raster, and the
// damage model's defaults copied beside the scenario. Every one of them is an input.
class ReliabilityOutputs : public ::testing::Test {
  protected:
    TempDir dir;
    fs::path scenario;

    void SetUp() override {
        RasterSpec grid;
        grid.x0 = X0;
        grid.y0 = Y0 + 10;
        grid.cell = 10;
        grid.cols = 2;
        grid.rows = 1;
        grid.values = {2.0, 0.3};
        grid.nodata = ND;
        grid.crs = "EPSG:32748";
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "bahaya.tif", grid));
        grid.values = {40, 60};
        ASSERT_NO_FATAL_FAILURE(write_raster(dir / "penduduk.tif", grid));
        ASSERT_NO_FATAL_FAILURE(write_vector(dir / "wilayah.gpkg", "GPKG", "wilayah", "EPSG:32748",
                                             wkbMultiPolygon, {{"kode"}, {"nama"}},
                                             {{sq(0, 0, 20, 10), {"01", "Satu"}}}));
        ASSERT_NO_FATAL_FAILURE(write_vector(
            dir / "bangunan.shp", "ESRI Shapefile", "bangunan", "EPSG:32748", wkbPolygon, {{"id"}},
            {{sq(1, 1, 2, 2), {"b1"}}, {sq(11, 1, 12, 2), {"b2"}}}));
        ASSERT_NO_FATAL_FAILURE(write_vector(
            dir / "kecamatan.gpkg", "GPKG", "kecamatan", "EPSG:32748", wkbMultiPolygon, {{"kode"}},
            {{sq(0, 0, 10, 10), {"11.10"}}, {sq(10, 0, 20, 10), {"11.20"}}}));
        write_text(dir / "rumah.csv", "kode,total\n11.10,120\n11.20,30\n");
        fs::copy_file(source_dir() / "data" / "defaults" / "jitupasna_defaults.yaml",
                      dir / "standar.yaml");
        scenario = dir / "skenario.yaml";
        write_text(scenario,
                   "version: 1\nname: uji keluaran\nhazard_type: flood\ndefaults: standar.yaml\n"
                   "admin: {source: wilayah.gpkg, code_field: kode, name_field: nama}\n"
                   "hazard:\n  source: bahaya.tif\n  classes:\n"
                   "    - {name: tinggi, min: 1.5}\n    - {name: rendah, min: 0.1, max: 1.5}\n"
                   "exposures:\n"
                   "  - {name: bangunan, kind: structure, source: bangunan.shp}\n"
                   "  - name: rumah\n    kind: aggregate\n    source: kecamatan.gpkg\n"
                   "    count_field: total\n    join: {source: rumah.csv, key: kode}\n"
                   "  - {name: penduduk, kind: population, source: penduduk.tif}\n");
    }

    CommandResult run(const fs::path& out, std::vector<std::string> extra = {}) {
        return run_scenario(scenario, out, std::move(extra));
    }

    // A complete run's GeoPackage and report in dir, for the commands that read one.
    fs::path finished_run() {
        const fs::path out = dir / "hasil.gpkg";
        const auto result = run(out);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return out;
    }
};

}  // namespace

// The world itself runs: otherwise every refusal below would prove nothing.
TEST_F(ReliabilityOutputs, TheWorldRuns) {
    const fs::path out = finished_run();
    EXPECT_EQ(layer_names(out).count("impact_summary"), 1u);
    EXPECT_TRUE(fs::exists(dir / "hasil.html"));
}

// -o aimed at any input, --overwrite or not: exit 2 before any work, the message names the
// input's key, and nothing in the folder changes.
TEST_F(ReliabilityOutputs, AnOutputIsNeverOneOfTheRunsInputs) {
    const std::vector<std::pair<std::string, std::string>> inputs = {
        {"skenario.yaml", "the scenario file"},
        {"standar.yaml", "the damage model's defaults file"},
        {"wilayah.gpkg", "the scenario's admin input (admin.source)"},
        {"bahaya.tif", "the scenario's hazard input (hazard.source)"},
        {"bangunan.shp", "exposure bangunan's input (exposures[0].source)"},
        {"bangunan.dbf", "exposure bangunan's input (exposures[0].source)"},  // beside the .shp
        {"kecamatan.gpkg", "exposure rumah's input (exposures[1].source)"},
        {"rumah.csv", "exposure rumah's joined table (exposures[1].join.source)"},
        {"penduduk.tif", "exposure penduduk's input (exposures[2].source)"}};
    const Snapshot before = snapshot(dir.path());
    for (const auto& [name, role] : inputs) {
        for (const bool overwrite : {true, false}) {
            SCOPED_TRACE(name + (overwrite ? " --overwrite" : ""));
            const fs::path out = dir / name;
            const auto result = run(out, overwrite ? std::vector<std::string>{"--overwrite"}
                                                   : std::vector<std::string>{});
            EXPECT_EQ(result.exit_code, 2) << result.err;
            expect_one_line_error(result);
            EXPECT_TRUE(contains(result.err, "output " + out.string() + " is ")) << result.err;
            EXPECT_TRUE(contains(result.err, role)) << result.err;
            EXPECT_TRUE(contains(result.err, "choose another -o")) << result.err;
            EXPECT_UNCHANGED(before, dir.path());
        }
    }
}

// The files GDAL reads beside an input are that input: a shapefile's .prj, a raster's
// .aux.xml (its statistics, nodata or CRS). Replacing one would change the input's meaning.
TEST_F(ReliabilityOutputs, FilesBesideAnInputAreThatInput) {
    write_text(dir / "bahaya.tif.aux.xml", "<PAMDataset>\n</PAMDataset>\n");
    ASSERT_TRUE(fs::exists(dir / "bangunan.prj"));
    const auto ran = run(dir / "hasil.gpkg");  // the .aux.xml is read without complaint
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    fs::remove(dir / "hasil.gpkg");
    fs::remove(dir / "hasil.html");
    const Snapshot before = snapshot(dir.path());
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"bahaya.tif.aux.xml", "(hazard.source)"},
             {"bangunan.prj", "(exposures[0].source)"}}) {
        SCOPED_TRACE(name);
        const auto result = run(dir / name, {"--overwrite"});
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_one_line_error(result);
        EXPECT_TRUE(contains(result.err, "output " + (dir / name).string() + " is ")) << result.err;
        EXPECT_TRUE(contains(result.err, role)) << result.err;
        EXPECT_UNCHANGED(before, dir.path());
    }
}

// Links count: a symbolic link or a hard link to an input is that input; so is the report
// OUT.html when it is a link to an input, and an `output:` in the scenario.
TEST_F(ReliabilityOutputs, LinksToAnInputAreThatInput) {
    fs::create_symlink("wilayah.gpkg", dir / "tautan.gpkg");
    fs::create_hard_link(dir / "kecamatan.gpkg", dir / "salinan.gpkg");
    fs::create_hard_link(dir / "rumah.csv", dir / "laporan.html");
    const Snapshot before = snapshot(dir.path());

    const auto symlinked = run(dir / "tautan.gpkg", {"--overwrite"});
    EXPECT_EQ(symlinked.exit_code, 2) << symlinked.err;
    expect_one_line_error(symlinked);
    EXPECT_TRUE(contains(symlinked.err, "the same file as " + (dir / "wilayah.gpkg").string()))
        << symlinked.err;
    EXPECT_TRUE(contains(symlinked.err, "(admin.source)")) << symlinked.err;
    EXPECT_UNCHANGED(before, dir.path());

    const auto hard = run(dir / "salinan.gpkg", {"--overwrite"});
    EXPECT_EQ(hard.exit_code, 2) << hard.err;
    EXPECT_TRUE(contains(hard.err, "(exposures[1].source)")) << hard.err;
    EXPECT_UNCHANGED(before, dir.path());

    // The report beside -o laporan.gpkg would be laporan.html, a hard link to rumah.csv.
    const auto report = run(dir / "laporan.gpkg", {"--overwrite"});
    EXPECT_EQ(report.exit_code, 2) << report.err;
    expect_one_line_error(report);
    EXPECT_TRUE(contains(report.err, "report " + (dir / "laporan.html").string() + " is"))
        << report.err;
    EXPECT_TRUE(contains(report.err, "(exposures[1].join.source)")) << report.err;
    EXPECT_UNCHANGED(before, dir.path());

    // `output:` in the scenario, without -o.
    write_text(scenario, read_text(scenario) + "output: wilayah.gpkg\n");
    const Snapshot with_output = snapshot(dir.path());
    const auto from_scenario = run_cli({"run", scenario.string(), "--overwrite", "-q"});
    EXPECT_EQ(from_scenario.exit_code, 2) << from_scenario.err;
    EXPECT_TRUE(contains(from_scenario.err, "(admin.source); choose another `output:`"))
        << from_scenario.err;
    EXPECT_UNCHANGED(with_output, dir.path());
}

// `export` and `report` never replace the GeoPackage they read: not with --xlsx, not with a
// CSV file of --csv, not with report -o, not through a link, --overwrite or not.
TEST_F(ReliabilityOutputs, ExportAndReportNeverReplaceTheGeoPackageTheyRead) {
    const fs::path gpkg = finished_run();
    // The CSV files' names, from an export into a scratch folder outside dir.
    SiblingDir scratch_dir(dir, "scratch");
    const auto listed = run_cli({"export", gpkg.string(), "--csv", (scratch_dir / "csv").string()});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const auto csv_names = files_containing(scratch_dir / "csv", ".csv");
    ASSERT_FALSE(csv_names.empty());
    fs::create_directories(dir / "tabel");
    fs::create_hard_link(gpkg, dir / "tabel" / csv_names.front());
    fs::create_symlink("hasil.gpkg", dir / "tautan.xlsx");
    const Snapshot before = snapshot(dir.path());

    struct Case {
        std::vector<std::string> args;
        std::string names;   // the output named in the message
        std::string option;  // what to choose another of
    };
    const std::string g = gpkg.string();
    const std::vector<Case> cases = {
        {{"export", g, "--xlsx", g, "--overwrite"}, g, "--xlsx"},
        {{"export", g, "--xlsx", (dir / "tautan.xlsx").string(), "--overwrite"},
         (dir / "tautan.xlsx").string(),
         "--xlsx"},
        {{"export", g, "--csv", (dir / "tabel").string(), "--overwrite"},
         (dir / "tabel" / csv_names.front()).string(),
         "--csv"},
        {{"report", g, "-o", g, "--overwrite"}, g, "-o"},
        {{"report", g, "-o", (dir / "tautan.xlsx").string(), "--overwrite"},
         (dir / "tautan.xlsx").string(),
         "-o"}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.args[0] + " " + c.args[2] + " " + c.args[3]);
        const auto result = run_cli(c.args);
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_one_line_error(result);
        EXPECT_TRUE(contains(result.err, "output " + c.names + " is ")) << result.err;
        EXPECT_TRUE(contains(result.err, "the GeoPackage " + c.args[0] + " reads")) << result.err;
        EXPECT_TRUE(contains(result.err, "choose another " + c.option)) << result.err;
        EXPECT_UNCHANGED(before, dir.path());
    }
}

// `run` writes OUT.html beside the output: an existing one is refused without --overwrite,
// before any work (no GeoPackage, no folder, no temporary).
TEST_F(ReliabilityOutputs, AnExistingReportIsRefusedWithoutOverwrite) {
    write_text(dir / "hasil.html", "laporan lama\n");
    const Snapshot before = snapshot(dir.path());
    const auto result = run(dir / "hasil.gpkg");
    EXPECT_EQ(result.exit_code, 2) << result.err;
    expect_one_line_error(result);
    EXPECT_TRUE(contains(result.err, "report " + (dir / "hasil.html").string() + " already exists"))
        << result.err;
    EXPECT_TRUE(contains(result.err, "--overwrite")) << result.err;
    EXPECT_UNCHANGED(before, dir.path());

    // And -o naming a .html: its report would be the GeoPackage itself.
    const auto html = run(dir / "keluaran.html", {"--overwrite"});
    EXPECT_EQ(html.exit_code, 2) << html.err;
    EXPECT_TRUE(contains(html.err, (dir / "keluaran.html").string())) << html.err;
    EXPECT_UNCHANGED(before, dir.path());
}

// -o naming a folder (existing, or ending in '/') and paths with control characters or NUL
// are refused before any work, naming the path (escaped).
TEST_F(ReliabilityOutputs, OutputPathsThatCannotBeAFileAreRefused) {
    fs::create_directories(dir / "folder");
    const Snapshot before = snapshot(dir.path());
    const std::string base = dir.path().string();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {base + "/folder", base + "/folder is an existing folder"},
        {base + "/baru/", base + "/baru/ ends in '/'"},
        {base + "/ba\nris.gpkg", "\"" + base + "/ba\\nris.gpkg\" holds a control character"},
        {base + "/bel\x07.gpkg", "\"" + base + "/bel\\x07.gpkg\" holds a control character"},
        {base + "/del\x7f.gpkg", "\"" + base + "/del\\x7f.gpkg\" holds a control character"},
        // U+0085 (next line), a C1 control character, in UTF-8.
        {base + "/nl\xc2\x85.gpkg", "\"" + base + "/nl\\u0085.gpkg\" holds a control character"}};
    for (const auto& [out, told] : cases) {
        SCOPED_TRACE(out);
        const auto result = run(out, {"--overwrite"});
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_one_line_error(result);
        EXPECT_TRUE(contains(result.err, told)) << result.err;
        EXPECT_UNCHANGED(before, dir.path());
    }
    // NUL cannot be in an argument, but can be in the scenario's `output:` ("\0" in YAML).
    write_text(scenario, read_text(scenario) + "output: \"hasil\\0.gpkg\"\n");
    const Snapshot with_nul = snapshot(dir.path());
    const auto nul = run_cli({"run", scenario.string(), "-q"});
    EXPECT_EQ(nul.exit_code, 2) << nul.err;
    expect_one_line_error(nul);
    EXPECT_TRUE(contains(nul.err, "hasil\\x00.gpkg\" holds a control character")) << nul.err;
    EXPECT_UNCHANGED(with_nul, dir.path());

    // export and report too.
    const fs::path gpkg = finished_run();
    const Snapshot after_run = snapshot(dir.path());
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"export", gpkg.string(), "--xlsx", base + "/folder"},
             {"export", gpkg.string(), "--xlsx", base + "/r\tx.xlsx"},
             {"export", gpkg.string(), "--csv", base + "/c\x01sv"},
             {"report", gpkg.string(), "-o", base + "/folder"},
             {"report", gpkg.string(), "-o", base + "/l\naporan.html"},
             {"status", gpkg.string(), "--csv", base + "/folder"},
             {"status", gpkg.string(), "--csv", base + "/baru/"},
             {"status", gpkg.string(), "--csv", base + "/s\x01.csv"},
             {"status", gpkg.string(), "--csv", base + "/x\ny.csv"}}) {
        SCOPED_TRACE(args[0] + " " + args[2] + " " + args[3]);
        const auto result = run_cli(args);
        EXPECT_EQ(result.exit_code, 2) << result.err;
        expect_one_line_error(result);
        EXPECT_TRUE(contains(result.err, args[2] + ": output")) << result.err;
        EXPECT_UNCHANGED(after_run, dir.path());
    }
    // The suggested name fits the output: a CSV for status, not a GeoPackage.
    const auto status = run_cli({"status", gpkg.string(), "--csv", base + "/baru/"});
    EXPECT_TRUE(contains(status.err, "such as " + base + "/baru/status.csv")) << status.err;
}

// A run that fails after it made the output's folders removes them again (those it made, not
// one that existed), with its temporary and lock file.
TEST_F(ReliabilityOutputs, AFailedRunRemovesTheFoldersItMade) {
    // A building at latitude -95 cannot be transformed: the run fails mid-pipeline.
    ASSERT_NO_FATAL_FAILURE(write_vector(dir / "titik.gpkg", "GPKG", "titik", "EPSG:4326", wkbPoint,
                                         {{"id"}}, {{point_wkt(106.0, -95.0), {"1"}}}));
    write_text(scenario,
               replace_all(read_text(scenario), "source: bangunan.shp", "source: titik.gpkg"));
    fs::create_directories(dir / "ada");
    const Snapshot before = snapshot(dir.path());
    for (const fs::path& out :
         {dir / "baru" / "lagi" / "hasil.gpkg", dir / "ada" / "x" / "h.gpkg"}) {
        SCOPED_TRACE(out.string());
        const auto result = run(out);
        EXPECT_EQ(result.exit_code, 1) << result.err;
        expect_one_line_error(result);
        EXPECT_TRUE(contains(result.err, "exposure 'bangunan'")) << result.err;
        EXPECT_UNCHANGED(before, dir.path());
    }
}

// A killed run's temporary is removed by the next run for the same target only when nobody
// holds its lock: liveness by flock works across PID namespaces, where a PID means nothing.
// Here the test process holds the lock of a temporary named for a PID that does not exist in
// this namespace (as a run in another container would look).
TEST_F(ReliabilityOutputs, StaleTemporariesAreRemovedOnlyWhenTheirLockIsFree) {
    const std::string held = ".hasil.gpkg.partial-2147483646-0000abcd";  // above any pid_max
    const std::string stale = ".hasil.gpkg.partial-2147483645-0000beef";
    const std::string lockless = ".hasil.gpkg.partial-2147483644.gpkg";  // before locks
    const std::string other = ".lain.gpkg.partial-2147483643-0000cafe";  // another target
    for (const std::string& name :
         {held + ".gpkg", held + ".gpkg-journal", held + ".lock", stale + ".gpkg",
          stale + ".gpkg-journal", stale + ".lock", lockless, other + ".gpkg", other + ".lock"})
        write_text(dir / name, "partial\n");
    const int fd = ::open((dir / (held + ".lock")).c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const std::string partial = read_text(dir / (held + ".gpkg"));

    const auto result = run(dir / "hasil.gpkg");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    for (const std::string& name : {held + ".gpkg", held + ".gpkg-journal", held + ".lock"})
        EXPECT_TRUE(fs::exists(dir / name)) << "a held temporary was removed: " << name;
    EXPECT_EQ(read_text(dir / (held + ".gpkg")), partial);
    for (const std::string& name :
         {stale + ".gpkg", stale + ".gpkg-journal", stale + ".lock", lockless})
        EXPECT_FALSE(fs::exists(dir / name)) << "a stale temporary was left: " << name;
    EXPECT_TRUE(fs::exists(dir / (other + ".gpkg"))) << "another target's temporary was removed";
    // The run's own lock and temporary are gone.
    EXPECT_EQ(files_containing(dir.path(), ".partial-").size(), 5u);  // held 3, other 2

    // Released, the next run removes it.
    ::close(fd);
    const auto again = run(dir / "hasil.gpkg", {"--overwrite"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_TRUE(files_containing(dir.path(), held).empty());
}

// A full disk names the output being written, never an input: run, export (xlsx and csv) and
// report. The disk is a small tmpfs (needs root, as in CI; skipped otherwise) filled up but for
// `room` bytes; the inputs and the GeoPackage read live elsewhere and do not change.
TEST_F(ReliabilityOutputs, AFullDiskNamesTheOutput) {
    const fs::path gpkg = finished_run();
    SiblingDir mount_point(dir, "disk");
    const fs::path disk = mount_point.path();
    const auto mounted =
        run_shell("mount -t tmpfs -o size=256k tmpfs " + shell_quote(disk.string()));
    if (mounted.exit_code != 0)
        GTEST_SKIP() << "cannot mount a 256 kB tmpfs (needs root): " << mounted.err;
    struct Unmount {
        fs::path dir;
        ~Unmount() { run_shell("umount " + shell_quote(dir.string())); }
    } unmount{disk};
    const Snapshot inputs = snapshot(dir.path());
    const std::string previous = "the previous result, which must survive a full disk\n";
    for (const std::size_t room : {std::size_t{0}, std::size_t{16384}}) {
        SCOPED_TRACE("room " + std::to_string(room));
        // Fill the disk, then give back `room` bytes.
        fs::remove(disk / "isi");
        {
            const int fd = ::open((disk / "isi").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ASSERT_GE(fd, 0);
            const std::string block(4096, 'x');
            while (::write(fd, block.data(), block.size()) > 0) {
            }
            ::close(fd);
            fs::resize_file(disk / "isi", fs::file_size(disk / "isi") - room);
        }
        write_text(disk / "hasil.gpkg", previous);  // an earlier output, to be kept
        const Snapshot on_disk = snapshot(disk);
        struct Case {
            std::vector<std::string> args;
            std::string target;
        };
        const std::vector<Case> cases = {
            {{"run", scenario.string(), "-o", (disk / "hasil.gpkg").string(), "-q", "--overwrite"},
             (disk / "hasil.gpkg").string()},
            {{"export", gpkg.string(), "--xlsx", (disk / "rekap.xlsx").string()},
             (disk / "rekap.xlsx").string()},
            {{"export", gpkg.string(), "--csv", (disk / "tabel").string()},
             (disk / "tabel").string() + "/"},
            {{"report", gpkg.string(), "-o", (disk / "laporan.html").string()},
             (disk / "laporan.html").string()}};
        for (const auto& c : cases) {
            SCOPED_TRACE(c.args[0] + " " + c.args[2]);
            const auto result = run_cli(c.args);
            if (room > 0 && result.exit_code == 0) {  // it fitted: nothing to check here
                fs::remove_all(disk / "tabel");
                fs::remove(disk / "rekap.xlsx");
                continue;
            }
            EXPECT_EQ(result.exit_code, 1) << result.err;
            const std::string error = error_line(result.err);
            EXPECT_TRUE(contains(error, "error: no space left on device writing " + c.target))
                << result.err;
            for (const char* input : {"wilayah", "bahaya", "bangunan", "kecamatan", "rumah.csv",
                                      "penduduk", "skenario"})
                EXPECT_FALSE(contains(error, input)) << "blames an input: " << error;
            EXPECT_UNCHANGED(on_disk, disk);
            EXPECT_UNCHANGED(inputs, dir.path());
        }
        fs::remove(disk / "hasil.gpkg");
    }
}

// Out of file handles: the message says so, with the limit, and names the file being written.
// The limit is set in the child (setrlimit before exec) to each value from too few to start
// up to enough; wherever a command fails for want of handles, opening an input or writing, it
// must say so.
TEST_F(ReliabilityOutputs, TooManyOpenFilesIsSaidAndNamesTheOutput) {
#if defined(__SANITIZE_ADDRESS__)
    // The sanitizers' runtime needs handles of its own (UBSan checks memory through a pipe):
    // under a handful it aborts the binary mid-way, which says nothing about jitupasna.
    GTEST_SKIP() << "not under the sanitizers: their runtime needs file handles of its own";
#endif
    const fs::path gpkg = finished_run();
    const Snapshot before = snapshot(dir.path());
    int told = 0;
    for (rlim_t limit = 5; limit <= 20; ++limit) {
        struct Case {
            std::vector<std::string> args;
            std::string target;
            std::string leftover;
        };
        const std::string n = std::to_string(limit);
        const std::vector<Case> cases = {
            {{"run", scenario.string(), "-o", (dir / ("h" + n + ".gpkg")).string(), "-q"},
             (dir / ("h" + n + ".gpkg")).string(),
             "h" + n + "."},
            {{"export", gpkg.string(), "--xlsx", (dir / ("r" + n + ".xlsx")).string()},
             (dir / ("r" + n + ".xlsx")).string(),
             "r" + n + "."},
            {{"export", gpkg.string(), "--csv", (dir / ("c" + n)).string()},
             (dir / ("c" + n)).string(),
             "c" + n}};
        for (const auto& c : cases) {
            SCOPED_TRACE(c.args[0] + " " + c.args[2] + " limit " + n);
            const auto result = run_with_file_limit(c.args, limit, dir / "log");
            const std::string error = error_line(result.err);
            if (result.exit_code == 0) {
                for (const auto& name : files_containing(dir.path(), c.leftover))
                    fs::remove_all(dir / name);
                EXPECT_UNCHANGED(before, dir.path());
                continue;
            }
            // Too few handles to read the scenario is a usage error (2); no crash either way.
            EXPECT_TRUE(result.exit_code == 1 || result.exit_code == 2) << result.err;
            EXPECT_FALSE(error.empty()) << result.err;
            // Opening an input for want of handles is not the input's fault either.
            EXPECT_FALSE(contains(error, "cannot open")) << error;
            if (contains(error, "too many open files")) {
                EXPECT_TRUE(contains(error, "too many open files (limit " + n + ")")) << error;
                if (contains(error, "writing")) {
                    EXPECT_TRUE(contains(error, "writing " + c.target)) << error;
                    ++told;
                }
            }
            EXPECT_UNCHANGED(before, dir.path());
        }
    }
    EXPECT_GT(told, 0) << "no limit made a command fail while writing: the test proved nothing";
}

// The files behind what GDAL opens, compared by the guard: an archive behind /vsizip/, the
// file behind a driver prefix, a shapefile's companions; nothing for a remote file system.
TEST(ReliabilityOutputGuard, FilesBehindWhatGdalOpens) {
    TempDir dir;
    for (const char* name : {"arsip.zip", "data.gpkg", "jalan.shp", "jalan.dbf", "jalan.shx"})
        write_text(dir / name, "x");
    const std::string d = dir.path().string();
    using Files = std::vector<fs::path>;
    EXPECT_EQ(jitupasna::io::files_behind("/vsizip/" + d + "/arsip.zip/dalam/a.shp"),
              Files{dir / "arsip.zip"});
    EXPECT_EQ(jitupasna::io::files_behind("/vsizip/{" + d + "/arsip.zip}/a.shp"),
              Files{dir / "arsip.zip"});
    EXPECT_EQ(jitupasna::io::files_behind("GPKG:" + d + "/data.gpkg:lapisan"),
              Files{dir / "data.gpkg"});
    EXPECT_EQ(jitupasna::io::files_behind(d + "/jalan.shp"),
              (Files{dir / "jalan.shp", dir / "jalan.shx", dir / "jalan.dbf"}));
    EXPECT_TRUE(jitupasna::io::files_behind("/vsicurl/https://contoh.id/a.tif").empty());
    EXPECT_TRUE(jitupasna::io::files_behind(d + "/tidak_ada.gpkg").empty());
    EXPECT_EQ(jitupasna::io::escape_control(std::string("a\nb\tc\x01\x7f", 7)),
              "a\\nb\\tc\\x01\\x7f");
}
