// libFuzzer target: the raster-header plausibility check (issue 13, "a reader never allocates
// what a file merely claims").
//   - The first 28 bytes, as seven little integers, are a header's claim (cols, rows, bands,
//     block size, bytes per cell) given straight to io::check_raster_claim: it must either
//     throw DataError naming the raster or accept a claim within the stated limits, computed
//     again here independently.
//   - All the bytes, as the header of an ENVI raster (.hdr: "samples = 1000000 lines = ...")
//     over a 64-byte data file, go through io::RasterSource and one read of its first cell:
//     only DataError or ConfigError may come out, and nothing may allocate what the header
//     merely claims. (ENVI because its driver allocates nothing per row when it opens a file;
//     the ASCII grid driver allocates one offset per claimed row inside GDAL.)
// Any other exception, a crash, a leak, undefined behaviour, an out-of-memory or a hang is a
// finding.

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>
#include <typeinfo>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/raster_source.hpp"

namespace {

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "FINDING: %s\n", what.c_str());
    std::abort();
}

void fuzz_claim(const std::uint8_t* data, std::size_t size) {
    if (size < 28) return;
    std::int32_t v[7];
    std::memcpy(v, data, sizeof v);
    const long long cols = v[0], rows = v[1], bands = v[2], block_cols = v[3], block_rows = v[4];
    const int bytes_per_cell = v[5] % 17;
    try {
        jitupasna::io::check_raster_claim("hazard", "claim.tif", cols, rows, bands, block_cols,
                                          block_rows, bytes_per_cell);
    } catch (const jitupasna::DataError& e) {
        if (std::string(e.what()).find("claim.tif") == std::string::npos)
            finding(std::string("DataError does not name the raster: ") + e.what());
        return;
    }
    // Accepted: the claim must be within the limits.
    const long double cells = static_cast<long double>(cols) * rows;
    const long double block = static_cast<long double>(block_cols) * block_rows *
                              (bytes_per_cell < 1 ? 1 : bytes_per_cell);
    if (cols < 1 || rows < 1 || cells > jitupasna::io::kMaxRasterCells || bands < 1 ||
        bands > jitupasna::io::kMaxRasterBands || block_cols < 1 || block_rows < 1 ||
        block > static_cast<long double>(jitupasna::io::kMaxRasterBlockBytes))
        finding("check_raster_claim accepted a claim beyond its limits: " + std::to_string(cols) +
                " x " + std::to_string(rows) + ", " + std::to_string(bands) + " bands, blocks " +
                std::to_string(block_cols) + " x " + std::to_string(block_rows));
}

void fuzz_envi_header(const std::uint8_t* data, std::size_t size) {
    static const std::string path =
        "/tmp/jitupasna-fuzz-raster-" + std::to_string(::getpid()) + ".img";
    static const bool data_written = [] {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        const std::string bytes(64, '\x01');
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return true;
    }();
    (void)data_written;
    {
        std::ofstream out(path.substr(0, path.size() - 4) + ".hdr",
                          std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    jitupasna::core::InputConfig input;
    input.path = path;
    input.crs = "EPSG:4326";
    try {
        const jitupasna::io::RasterSource source(input, 1, "hazard");
        const auto& grid = source.grid();
        if (static_cast<double>(grid.cols) * grid.rows > jitupasna::io::kMaxRasterCells)
            finding("RasterSource accepted a grid beyond kMaxRasterCells");
        auto reader = source.open_reader();
        std::vector<double> values;
        reader->read(jitupasna::core::CellWindow{0, 0, 1, 1}, values);
        if (values.size() != 1) finding("a 1 x 1 window did not give one value");
    } catch (const jitupasna::Error&) {
        // DataError or ConfigError: a broken or implausible file, reported.
    } catch (const std::exception& e) {
        finding(std::string("RasterSource threw ") + typeid(e).name() + ": " + e.what());
    } catch (...) {
        finding("RasterSource threw a non-std exception");
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    jitupasna::io::initialize_gdal();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz_claim(data, size);
    fuzz_envi_header(data, size);
    return 0;
}
