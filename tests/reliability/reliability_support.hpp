#pragma once
// Helpers shared by the reliability tests: whole tables read back for exact comparison, the
// binary started in the background (to be interrupted), and small worlds in UTM 48S local
// metres like tests/integration/test_rules.cpp.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "integration/gis_fixtures.hpp"

extern char** environ;

namespace jitupasna::test::reliability {

// Local coordinates: real x = X0 + x, real y = Y0 + y, in EPSG:32748 (UTM 48S), metres.
constexpr double X0 = 700000.0;
constexpr double Y0 = 9300000.0;
constexpr double ND = -9999.0;

inline std::string sq(double x0, double y0, double x1, double y1) {
    return box_wkt(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1);
}
inline std::string pt(double x, double y) { return point_wkt(X0 + x, Y0 + y); }

// "x y, x y, ..." of local points, for hand-written WKT.
inline std::string coords(const std::vector<std::pair<double, double>>& points,
                          const std::string& extra = "") {
    std::string text;
    for (const auto& [x, y] : points)
        text += (text.empty() ? "" : ", ") + num_text(X0 + x) + " " + num_text(Y0 + y) + extra;
    return text;
}
inline std::string ring_wkt(const std::vector<std::pair<double, double>>& ring) {
    return "POLYGON ((" + coords(ring) + "))";
}

// A whole layer as text, in FID order: every field (NULL shown as <null>) and the geometry as
// WKT, so that two outputs can be compared exactly.
struct Table {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    bool operator==(const Table& other) const {
        return columns == other.columns && rows == other.rows;
    }
};

inline Table read_table(const fs::path& gpkg, const std::string& layer_name) {
    Table table;
    Dataset ds = open_vector(gpkg);
    if (!ds) {
        ADD_FAILURE() << "cannot open " << gpkg;
        return table;
    }
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    if (!layer) {
        ADD_FAILURE() << "no layer " << layer_name << " in " << gpkg;
        return table;
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        table.columns.push_back(defn->GetFieldDefn(i)->GetNameRef());
    const bool spatial = defn->GetGeomFieldCount() > 0;
    if (spatial) table.columns.push_back("<geometry>");
    for (auto& feature : *layer) {
        std::vector<std::string> row;
        for (int i = 0; i < feature->GetFieldCount(); ++i) {
            if (!feature->IsFieldSetAndNotNull(i)) {
                row.emplace_back("<null>");
            } else if (defn->GetFieldDefn(i)->GetType() == OFTReal) {
                row.push_back(num_text(feature->GetFieldAsDouble(i)));  // all 17 digits
            } else {
                row.emplace_back(feature->GetFieldAsString(i));
            }
        }
        if (spatial) {
            const OGRGeometry* g = feature->GetGeometryRef();
            row.push_back(g ? g->exportToWkt() : std::string("<none>"));
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

// The first difference between two tables, for failure messages.
inline std::string first_difference(const Table& a, const Table& b) {
    if (a.columns != b.columns) return "different columns";
    if (a.rows.size() != b.rows.size())
        return "row counts " + std::to_string(a.rows.size()) + " vs " +
               std::to_string(b.rows.size());
    for (std::size_t r = 0; r < a.rows.size(); ++r)
        for (std::size_t c = 0; c < a.columns.size(); ++c)
            if (a.rows[r][c] != b.rows[r][c])
                return "row " + std::to_string(r) + " column " + a.columns[c] + ": " +
                       a.rows[r][c].substr(0, 200) + " vs " + b.rows[r][c].substr(0, 200);
    return "";
}

#define EXPECT_SAME_TABLE(gpkg_a, gpkg_b, layer)                                        \
    do {                                                                                \
        const auto table_a = ::jitupasna::test::reliability::read_table(gpkg_a, layer); \
        const auto table_b = ::jitupasna::test::reliability::read_table(gpkg_b, layer); \
        EXPECT_FALSE(table_a.rows.empty()) << layer << " is empty";                     \
        EXPECT_TRUE(table_a == table_b)                                                 \
            << layer << ": "                                                            \
            << ::jitupasna::test::reliability::first_difference(table_a, table_b);      \
    } while (false)

// The jitupasna binary started in the background with stdout/stderr to files.
class BackgroundRun {
  public:
    BackgroundRun(const std::vector<std::string>& args, const fs::path& log_base)
        : out_(log_base.string() + ".out"), err_(log_base.string() + ".err") {
        std::vector<std::string> argv_text = {JITUPASNA_BINARY};
        argv_text.insert(argv_text.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_text) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        // The child must see SIGINT with its default disposition, whatever the test runner did.
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGTERM);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        sigset_t none;
        sigemptyset(&none);
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
        if (posix_spawn(&pid_, argv[0], &actions, &attr, argv.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        started_ = std::chrono::steady_clock::now();
    }
    ~BackgroundRun() {
        if (pid_ > 0 && !waited_) {
            ::kill(pid_, SIGKILL);
            wait();
        }
        std::error_code ec;
        fs::remove(out_, ec);
        fs::remove(err_, ec);
    }
    BackgroundRun(const BackgroundRun&) = delete;
    BackgroundRun& operator=(const BackgroundRun&) = delete;

    bool started() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    void signal(int sig) const {
        if (pid_ > 0 && !waited_) ::kill(pid_, sig);
    }
    // Exit code, or 128 + signal number when killed by a signal.
    int wait() {
        if (waited_) return exit_code_;
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        waited_ = true;
        seconds_ =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code_;
    }
    bool finished() {  // without blocking
        if (waited_) return true;
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done != pid_) return false;
        waited_ = true;
        seconds_ =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return true;
    }
    double seconds() const { return seconds_; }
    std::string err() const { return read_text(err_); }

  private:
    fs::path out_, err_;
    pid_t pid_ = -1;
    bool waited_ = false;
    int exit_code_ = -1;
    double seconds_ = 0;
    std::chrono::steady_clock::time_point started_;
};

// Buildings in the large input; $JITUPASNA_RELIABILITY_BUILDINGS overrides (e.g. on a slow
// sanitizer build).
inline long long building_count() {
    if (const char* env = std::getenv("JITUPASNA_RELIABILITY_BUILDINGS")) return std::atoll(env);
    return 200000;
}

// The demo's building area, lon 106.00-106.30, lat -6.60 - -6.30 (a little margin inside), in
// UTM 48S: {min x, min y, max x, max y}.
inline std::array<double, 4> building_area_utm() {
    const OGRSpatialReference wgs84 = make_srs("EPSG:4326");
    const OGRSpatialReference utm = make_srs("EPSG:32748");
    std::unique_ptr<OGRCoordinateTransformation> to_utm(
        OGRCreateCoordinateTransformation(&wgs84, &utm));
    double xs[2] = {106.01, 106.29}, ys[2] = {-6.59, -6.31};
    if (!to_utm || !to_utm->Transform(2, xs, ys)) {
        ADD_FAILURE() << "cannot transform the demo area to UTM 48S";
        return {0, 0, 0, 0};
    }
    return {xs[0], ys[0], xs[1], ys[1]};
}

// Writes n small square buildings (8 m x 8 m, UTM 48S) spread over the demo's building area,
// in one transaction.
inline void write_many_buildings(const fs::path& path, long long n) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(driver, nullptr);
    Dataset ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(ds, nullptr);
    const OGRSpatialReference utm = make_srs("EPSG:32748");
    OGRLayer* layer =
        ds->CreateLayer("besar", const_cast<OGRSpatialReference*>(&utm), wkbPolygon, nullptr);
    ASSERT_NE(layer, nullptr);
    OGRFieldDefn id("id", OFTInteger64);
    OGRFieldDefn jenis("jenis", OFTString);
    ASSERT_EQ(layer->CreateField(&id), OGRERR_NONE);
    ASSERT_EQ(layer->CreateField(&jenis), OGRERR_NONE);
    const auto [min_x, min_y, max_x, max_y] = building_area_utm();
    std::mt19937_64 rng(20240601);
    std::uniform_real_distribution<double> x(min_x, max_x), y(min_y, max_y);
    const char* types[] = {"Rumah", "Rumah", "Rumah", "Sekolah", "Toko"};
    ASSERT_EQ(ds->StartTransaction(), OGRERR_NONE);
    for (long long i = 0; i < n; ++i) {
        const double x0 = x(rng), y0 = y(rng);
        OGRLinearRing ring;
        ring.addPoint(x0, y0);
        ring.addPoint(x0 + 8, y0);
        ring.addPoint(x0 + 8, y0 + 8);
        ring.addPoint(x0, y0 + 8);
        ring.addPoint(x0, y0);
        OGRPolygon polygon;
        polygon.addRing(&ring);
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField(0, static_cast<GIntBig>(i));
        feature.SetField(1, types[i % 5]);
        feature.SetGeometry(&polygon);
        ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    }
    ASSERT_EQ(ds->CommitTransaction(), OGRERR_NONE);
}

// Every file under a folder (links followed) with its bytes, links with their target and
// folders by name: to show that nothing was written, left or changed.
using Snapshot = std::map<std::string, std::string>;

inline Snapshot snapshot(const fs::path& dir) {
    Snapshot files;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
         ++it) {
        const std::string name = fs::relative(it->path(), dir).string();
        if (it->is_symlink()) files[name + " -> " + fs::read_symlink(it->path()).string()] = "";
        if (it->is_regular_file()) files[name] = read_text(it->path());
        if (it->is_directory()) files[name + "/"] = "";
    }
    return files;
}

// Copies the generated demo data and a scenario from data/demo into dir; returns its path.
inline fs::path copy_demo_scenario(const fs::path& dir, const std::string& yaml) {
    const fs::path scenario = copy_demo(dir);  // demo.yaml and the data
    if (yaml == "demo.yaml") return scenario;
    const fs::path other = dir / yaml;
    fs::copy_file(source_dir() / "data" / "demo" / yaml, other,
                  fs::copy_options::overwrite_existing);
    return other;
}

}  // namespace jitupasna::test::reliability
