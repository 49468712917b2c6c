#include <fstream>

#include "jitupasna/engine/presentation.hpp"
#include "jitupasna/io/gpkg_writer.hpp"

namespace jitupasna::engine {

// Placeholder until the full report lands: a valid page naming the GeoPackage.
void write_report(const ReportOptions& options) {
    io::AtomicFile out(options.html, options.overwrite);
    {
        std::ofstream html(out.temp_path());
        html << "<!DOCTYPE html><html lang=\"id\"><meta charset=\"utf-8\"><title>Laporan "
                "Jitupasna</title><p>"
             << options.gpkg << "</p></html>\n";
    }
    out.commit();
}

}  // namespace jitupasna::engine
