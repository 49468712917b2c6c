// libFuzzer target: any bytes as a ShakeMap grid.xml. read_shakemap_grid must either return a
// grid or throw DataError naming the file; any other exception, a crash, a leak, undefined
// behaviour or a hang is a finding.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <typeinfo>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/shakemap_grid.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // One file per process (libFuzzer runs inputs one after another in a process).
    static const std::string path =
        "/tmp/jitupasna-fuzz-shakemap-" + std::to_string(::getpid()) + ".xml";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const jitupasna::io::ShakemapGrid grid = jitupasna::io::read_shakemap_grid(path, "MMI");
        // The documented shape of a grid that was accepted.
        if (grid.values.size() !=
            static_cast<std::size_t>(grid.grid.cols) * static_cast<std::size_t>(grid.grid.rows)) {
            std::fprintf(stderr, "FINDING: %zu values for a %d x %d grid\n", grid.values.size(),
                         grid.grid.cols, grid.grid.rows);
            std::abort();
        }
    } catch (const jitupasna::DataError& e) {
        if (std::string(e.what()).find(path) == std::string::npos) {
            std::fprintf(stderr, "FINDING: DataError does not name the file: %s\n", e.what());
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FINDING: read_shakemap_grid threw %s (not DataError): %s\n",
                     typeid(e).name(), e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "FINDING: read_shakemap_grid threw a non-std exception\n");
        std::abort();
    }
    return 0;
}
