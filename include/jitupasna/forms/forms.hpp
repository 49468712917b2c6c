#pragma once
// `jitupasna forms OUT.gpkg -d DIR`: one XLSX workbook per Perangkat Daerah (PD) of the run's
// cluster scheme, pre-filled with the model's estimates for the sub-sectors the PD leads or
// supports, for the PD to fill with its own figures and proposed needs (docs/forms.md).
// Reads only the GeoPackage (io::GpkgReader); never includes publish (docs/architecture.md).

#include <string>
#include <vector>

namespace jitupasna::forms {

struct FormsOptions {
    std::string gpkg;
    std::string dir;
    bool overwrite = false;
};

// What one PD answers for: the sub-sectors it leads and those it supports.
struct PdDuty {
    std::string pd;
    std::vector<std::string> leads;     // sub-sectors, in jitupasna_scheme order
    std::vector<std::string> supports;  // sub-sectors, in jitupasna_scheme order
};

// Writes every PD's workbook into options.dir (made when missing). Every file is claimed
// before any is written, and all land or none (io::AtomicFile). Throws ConfigError when the
// GeoPackage has no cluster scheme (a run without a damage model) or an output is refused,
// DataError when it cannot be read or written. Returns the files written.
std::vector<std::string> write_forms(const FormsOptions& options);

}  // namespace jitupasna::forms
