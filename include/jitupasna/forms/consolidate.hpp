#pragma once
// The consolidated recap (`jitupasna import`, `status`): the model's estimate per kab/kota x
// sub-sector, with every figure a PD reported in its latest form put in its place, and the
// totals per kab/kota, sector and cluster worked out again. Pure arithmetic on what was read:
// no file is touched here.

#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/forms/form_reader.hpp"
#include "jitupasna/forms/run_context.hpp"

namespace jitupasna::forms {

// A PD's latest (active) submission.
struct Submission {
    long long id = 0;
    std::string pd, imported_at;  // imported_at: UTC, ISO 8601
    std::vector<ReportedDamage> damage;
    std::vector<NeedLine> needs;
};

// Where a figure of the recap comes from.
inline constexpr const char* kSourceModel = "model";
inline constexpr const char* kSourcePd = "PD";

struct ConsolidatedRow {
    std::string code, name, sector, sub_sector, cluster, uraian, satuan;
    double rb = 0, rs = 0, rr = 0, kerusakan = 0, kerugian = 0;
    double est_rb = 0, est_rs = 0, est_rr = 0, est_kerusakan = 0, est_kerugian = 0;
    bool estimated = false;    // the model has this item
    std::string source;        // kSourceModel or kSourcePd
    std::string pd, date;      // the PD whose figures are used and when it reported (empty: model)
    long long submission = 0;  // 0: model
    std::string pd_keys;       // the figures the PD gave, "rb; kerusakan_rp"
};

struct Totals {
    std::string key, name;  // code and name, sector, or cluster and its lead
    double kerusakan = 0, kerugian = 0, est_kerusakan = 0, est_kerugian = 0;
    double kebutuhan_pd = 0;     // per kab/kota: the PDs' proposed needs (jumlah_rp)
    std::size_t pd_rows = 0;     // rows with a PD figure
    std::size_t model_rows = 0;  // estimated rows
    std::size_t model_rows_reported = 0;
    std::string sumber_data;  // per kab/kota: estimasi, sebagian PD, PD
};

// Two PDs giving different figures for one item.
struct Conflict {
    std::string code, sub_sector, uraian;
    std::string used_pd, other_pd;
    double used_kerusakan = 0, other_kerusakan = 0;
};

struct Consolidation {
    std::vector<ConsolidatedRow> rows;  // by kab/kota code, sub-sector (scheme order), item
    std::vector<Totals> units, sectors, clusters;
    std::vector<Conflict> conflicts;
};

// sumber_data of a kab/kota (admin_summary's values).
inline constexpr const char* kSumberEstimasi = core::schema::sumber_data::kEstimasi;
inline constexpr const char* kSumberSebagian = core::schema::sumber_data::kSebagianPd;
inline constexpr const char* kSumberPd = core::schema::sumber_data::kPd;

Consolidation consolidate(const RunContext& context, const std::vector<Submission>& active);

}  // namespace jitupasna::forms
