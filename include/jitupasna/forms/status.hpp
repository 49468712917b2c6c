#pragma once
// `jitupasna status OUT.gpkg [--csv FILE]`: who has reported. Per PD and per kab/kota:
// reported, verified or missing, with dates; conflicts between PDs; the largest gaps between
// the model's estimate and the PDs' figures (docs/forms.md).

#include <optional>
#include <string>

namespace jitupasna::forms {

struct StatusOptions {
    std::string gpkg;
    std::optional<std::string> csv;  // one row per kab/kota x PD
    bool overwrite = false;
};

// The status as a readable text for the terminal (Indonesian headers). Writes the CSV when
// asked (atomically). Throws ConfigError for a GeoPackage without a cluster scheme.
std::string report_status(const StatusOptions& options);

}  // namespace jitupasna::forms
