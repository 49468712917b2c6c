#pragma once
// What the PD forms know of a finished run, read from its GeoPackage: its identity, the
// cluster scheme (who answers for which sub-sector), the kab/kota and the model's estimate per
// kab/kota x sub-sector. Shared by `forms` (which writes it into the workbooks) and `import`
// (which checks the returned workbooks against it).

#include <string>
#include <vector>

#include "jitupasna/forms/forms.hpp"

namespace jitupasna::io {
class GpkgReader;
}

namespace jitupasna::forms {

// One row of the scheme: who answers for a sub-sector.
struct SchemeRow {
    std::string sub_sector, sector, cluster, lead;
    std::vector<std::string> support;
};

// The model's estimate for one kab/kota x sub-sector (a row of jitupasna_sector).
struct Estimate {
    std::string code, name, sub_sector, satuan;
    double rb = 0, rs = 0, rr = 0, kerusakan = 0, kerugian = 0;
};

struct KabKota {
    std::string code, name;
};

struct RunContext {
    std::string gpkg;      // for messages
    std::string run_id;    // run_info.run_id; a run written before it: started_at + scenario
    std::string scenario;  // run_info.scenario_name
    std::string event;     // "Banjir — <scenario>", for people
    std::vector<SchemeRow> scheme;
    std::vector<PdDuty> pds;  // every PD named as lead or supporter, in scheme order
    std::vector<KabKota> units;
    std::vector<Estimate> estimates;

    const PdDuty* pd(const std::string& name) const;
    const SchemeRow* sub_sector(const std::string& name) const;
    const KabKota* unit(const std::string& code) const;
};

// Reads the context. Throws ConfigError when the GeoPackage has no cluster scheme (a run without
// a damage model) or it names no PD, DataError when it cannot be read or a column the forms
// need is missing.
RunContext read_run_context(const io::GpkgReader& reader);

// The sub-sectors a PD answers for: those it leads, then those it supports.
std::vector<std::string> sub_sectors_of(const PdDuty& duty);

}  // namespace jitupasna::forms
