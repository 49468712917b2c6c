#pragma once
// `jitupasna import OUT.gpkg FILE.xlsx...`: the forms the Perangkat Daerah return, checked
// cell by cell and merged into the run's GeoPackage all or nothing (docs/forms.md).

#include <string>
#include <vector>

#include "jitupasna/forms/consolidate.hpp"

namespace jitupasna::forms {

struct ImportOptions {
    std::string gpkg;
    std::vector<std::string> files;
};

struct ImportedForm {
    std::string file, pd;
    long long submission = 0;
    std::size_t damage_rows = 0, needs_rows = 0;
    bool replaced_earlier = false;  // the PD had an earlier submission
};

struct ImportResult {
    // One line per problem, "FILE: SHEET!REF (key): what". Any problem: nothing was merged.
    std::vector<std::string> problems;
    std::vector<std::string> warnings;
    std::vector<ImportedForm> imported;  // empty when problems
};

// Reads and checks every file; when all are sound, merges them into the GeoPackage, which is
// replaced in one rename (a failure or kill before it leaves the GeoPackage as it was). Throws
// ConfigError when another import holds the GeoPackage or it has no cluster scheme, DataError
// when it cannot be read or written.
ImportResult import_forms(const ImportOptions& options);

// The PDs' latest submissions as stored in the GeoPackage (empty before any import).
std::vector<Submission> read_active_submissions(const io::GpkgReader& reader);

}  // namespace jitupasna::forms
