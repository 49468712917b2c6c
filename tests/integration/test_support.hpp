#pragma once
// Helpers for tests that run the real jitupasna binary and read its output with GDAL.

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace jitupasna::test {

namespace fs = std::filesystem;

struct CommandResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// Runs a shell command, capturing stdout and stderr separately.
inline CommandResult run_shell(const std::string& command) {
    static int counter = 0;
    const fs::path base = fs::temp_directory_path() /
                          ("jitupasna-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    const std::string full = command + " >" + shell_quote(base.string() + ".out") + " 2>" +
                             shell_quote(base.string() + ".err") + " </dev/null";
    const int status = std::system(full.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_text(base.string() + ".out");
    result.err = read_text(base.string() + ".err");
    fs::remove(base.string() + ".out");
    fs::remove(base.string() + ".err");
    return result;
}

// Runs the jitupasna binary with the given arguments.
inline CommandResult run_cli(const std::vector<std::string>& args) {
    std::string command = shell_quote(JITUPASNA_BINARY);
    for (const auto& a : args) command += " " + shell_quote(a);
    return run_shell(command);
}

inline fs::path source_dir() { return JITUPASNA_SOURCE_DIR; }
inline fs::path demo_dir() { return fs::path(JITUPASNA_TEST_DATA) / "demo"; }

// ../shared/data, or $JITUPASNA_SHARED_DATA; empty when absent.
inline std::optional<fs::path> shared_data() {
    const char* env = std::getenv("JITUPASNA_SHARED_DATA");
    const fs::path dir = env ? fs::path(env) : fs::path(JITUPASNA_SHARED_DATA);
    if (fs::exists(dir / "README.md")) return fs::canonical(dir);
    return std::nullopt;
}

#define REQUIRE_SHARED_DATA(var)                                                          \
    const auto var##_opt = ::jitupasna::test::shared_data();                              \
    if (!var##_opt) GTEST_SKIP() << "../shared/data is absent: real-data test skipped"; \
    const std::filesystem::path var = *var##_opt

// A fresh temporary folder per test, removed afterwards.
class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() /
                ("jitupasna-test-" + std::string(info ? info->name() : "x") + "-" +
                 std::to_string(::getpid()));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

struct GdalCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, GdalCloser>;

inline Dataset open_vector(const fs::path& path) {
    GDALAllRegister();
    return Dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

// All rows of a layer as maps field -> text value ("" for NULL is distinguished by has_null).
struct Row {
    std::map<std::string, std::string> text;
    std::map<std::string, bool> is_null;
    std::string str(const std::string& field) const { return text.at(field); }
    double num(const std::string& field) const { return std::stod(text.at(field)); }
    bool null(const std::string& field) const { return is_null.at(field); }
};

inline std::vector<Row> read_rows(const fs::path& gpkg, const std::string& layer_name) {
    std::vector<Row> rows;
    Dataset ds = open_vector(gpkg);
    if (!ds) {
        ADD_FAILURE() << "cannot open " << gpkg;
        return rows;
    }
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    if (!layer) {
        ADD_FAILURE() << "no layer " << layer_name << " in " << gpkg;
        return rows;
    }
    for (auto& feature : *layer) {
        Row row;
        for (int i = 0; i < feature->GetFieldCount(); ++i) {
            const std::string name = feature->GetFieldDefnRef(i)->GetNameRef();
            row.is_null[name] = !feature->IsFieldSetAndNotNull(i);
            row.text[name] = row.is_null[name] ? "" : feature->GetFieldAsString(i);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace jitupasna::test
