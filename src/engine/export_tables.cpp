#include "jitupasna/core/errors.hpp"
#include "jitupasna/engine/presentation.hpp"

namespace jitupasna::engine {

void export_tables(const ExportOptions& options) {
    throw DataError(options.gpkg + ": export is not implemented yet");
}

}  // namespace jitupasna::engine
