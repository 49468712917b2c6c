#pragma once
// The layout of a jitupasna GeoPackage: layer and column names, unit suffixes, the headline
// measure of each exposure kind, and the facts about a run that readers need (its hazard
// classes, exposures and admin levels), recorded as explicit rows of run_info.
//
// This is the one contract between what writes a GeoPackage (the pipeline) and what reads a
// finished one (styles, report, workbook, forms). Neither side spells a layer or column name
// itself: a renamed column changes here and nowhere else.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jitupasna/core/scenario.hpp"

namespace jitupasna::core::schema {

// Layers. Tables of a finer admin level carry the suffix "_<level>".
inline constexpr const char* kImpactSummary = "impact_summary";
inline constexpr const char* kAdminSummary = "admin_summary";
inline constexpr const char* kSectorTable = "jitupasna_sector";
inline constexpr const char* kClusterTable = "jitupasna_cluster";
// The cluster scheme of the run: per sub-sector its sector, cluster, lead PD and supporting PDs
// (what `jitupasna forms` makes a workbook per PD from).
inline constexpr const char* kSchemeTable = "jitupasna_scheme";
inline constexpr const char* kPopulationNeeds = "population_needs";
inline constexpr const char* kRunInfo = "run_info";
// What `jitupasna import` adds: the returned PD forms (docs/forms.md).
inline constexpr const char* kSubmissionsTable = "pd_submissions";
inline constexpr const char* kPdDamageTable = "pd_kerusakan";
inline constexpr const char* kPdNeedsTable = "pd_kebutuhan";
inline constexpr const char* kPdWarningsTable = "pd_warnings";
inline constexpr const char* kConsolidatedTable = "rekap_konsolidasi";
inline constexpr const char* kConsolidatedUnits = "rekap_konsolidasi_wilayah";
inline constexpr const char* kConsolidatedSectors = "rekap_konsolidasi_sektor";
inline constexpr const char* kConsolidatedClusters = "rekap_konsolidasi_klaster";
inline constexpr const char* kImpactLayerPrefix = "impact_";

// "impact_<exposure>": every feature of one exposure.
std::string impact_layer(std::string_view exposure);
// base at an admin level: the main level (sublevel empty) keeps the base name.
std::string at_level(std::string_view base, std::string_view sublevel);

// Columns that several layers share.
namespace column {
inline constexpr const char* kAdminCode = "admin_code";
inline constexpr const char* kAdminName = "admin_name";
inline constexpr const char* kParentCode = "parent_code";
inline constexpr const char* kParentName = "parent_name";  // a finer level's parent unit
inline constexpr const char* kSatuan = "satuan";           // the unit of a recap row's quantities
inline constexpr const char* kExposure = "exposure";
inline constexpr const char* kAssetType = "asset_type";
inline constexpr const char* kHazardClass = "hazard_class";
inline constexpr const char* kHazardValue = "hazard_value";
inline constexpr const char* kDamageState = "damage_state";
inline constexpr const char* kDamageRatio = "damage_ratio";
inline constexpr const char* kCount = "count";
inline constexpr const char* kLengthM = "length_m";
inline constexpr const char* kAreaM2 = "area_m2";
inline constexpr const char* kPopulation = "population";
inline constexpr const char* kKerusakanRp = "kerusakan_rp";
inline constexpr const char* kKerugianRp = "kerugian_rp";
inline constexpr const char* kKebutuhanRp = "kebutuhan_rp";
inline constexpr const char* kSektor = "sektor";
inline constexpr const char* kSubSektor = "sub_sektor";
inline constexpr const char* kKlaster = "klaster";
inline constexpr const char* kPengampu = "pengampu";
inline constexpr const char* kPendukung = "pendukung";
inline constexpr const char* kPerangkatDaerah = "perangkat_daerah";
inline constexpr const char* kSubmissionId = "submission_id";
inline constexpr const char* kPenduduk = "penduduk";
inline constexpr const char* kTerdampak = "terdampak";
inline constexpr const char* kPengungsi = "pengungsi";
inline constexpr const char* kKorbanJiwa = "korban_jiwa";
inline constexpr const char* kSkorPrioritas = "skor_prioritas";
inline constexpr const char* kPeringkatPrioritas = "peringkat_prioritas";
// admin_summary: 1 when the unit reaches the terdampak threshold (AffectedThreshold), else 0.
inline constexpr const char* kWilayahTerdampak = "wilayah_terdampak";
// admin_summary (main level, with the recap): where the unit's figures come from, one of the
// sumber_data values. `run` writes "estimasi"; `import` updates it from the PDs' returned forms.
inline constexpr const char* kSumberData = "sumber_data";
inline constexpr const char* kKey = "key";
inline constexpr const char* kValue = "value";
}  // namespace column

// The values of admin_summary.sumber_data.
namespace sumber_data {
inline constexpr const char* kEstimasi = "estimasi";       // the model's estimates only
inline constexpr const char* kSebagianPd = "sebagian PD";  // some figures reported by a PD
inline constexpr const char* kPd = "PD";  // every damaged sub-sector reported by a PD
}  // namespace sumber_data

// run_info keys that readers look up by name (besides the output facts, "output.*").
namespace info_key {
// The run's identity: a random UUID v4 made once per run (different for every run, also of
// the same scenario); the PD forms carry it, and an import checks a form against it.
inline constexpr const char* kRunId = "run_id";
}  // namespace info_key

// 16 random bytes as a UUID v4 ("xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx", lower-case hex, N one of
// 8, 9, a, b): the version and variant bits are set over the bytes given.
std::string uuid_v4(std::array<std::uint8_t, 16> random_bytes);

// The recap columns that admin_summary gains when the run has a recap, in order.
const std::vector<std::string>& admin_recap_columns();

// What a planner maps for each exposure kind, and the unit suffix of its admin_summary columns.
enum class Measure { count, km, ha, people };
Measure headline_measure(ExposureKind kind);
std::string_view measure_suffix(Measure measure);  // "", "_km", "_ha", ""
std::string_view measure_name(Measure measure);    // "count", "km", "ha", "people"
std::optional<Measure> measure_from_name(std::string_view name);
// The satuan (unit) a measure's quantities are counted in, as recap rows and headers show it:
// "unit" (structures, houses), "km" (road length), "ha" (area), "jiwa" (people).
std::string_view satuan(Measure measure);
// What one unit of a quantity is in the exposure's raw measure: 1 for counts, 1,000 m per km,
// 10,000 m² per ha. Road and area damage per category is damaged length/area over this.
double raw_per_satuan(Measure measure);

// Exposure and class names become column names this way: lower case, every character that is
// not a letter or digit an underscore ("Rusak Berat" -> "rusak_berat").
std::string column_token(std::string_view text);

// A list of names in one text column (`pendukung`: "Dinas A; Dinas B"), written and read back.
std::string join_names(const std::vector<std::string>& names);
std::vector<std::string> split_names(std::string_view text);  // trimmed, empty items dropped

// One exposure of a run as readers need to know it.
struct ExposureFacts {
    std::string name;
    ExposureKind kind = ExposureKind::structure;
    bool raster = false;  // a population raster: no impact_<name> layer
    bool damage = false;  // has a vulnerability: damage category and kerusakan columns

    Measure measure() const { return headline_measure(kind); }
    // admin_summary columns of this exposure.
    std::string class_column(std::string_view class_label) const;  // <name>_<class><suffix>
    std::string affected_column() const;                           // <name>_affected<suffix>
    std::string total_column() const;                              // <name>_total<suffix>
    // <name>_rusak_berat: expected units; roads and areas in their measure
    // (<name>_rusak_berat_km, <name>_rusak_berat_ha), never feature shares.
    std::string category_column(std::string_view category) const;
    std::string damage_value_column() const;  // <name>_kerusakan_rp
};

// What a run wrote, written to run_info by the pipeline and read back from it by every reader.
struct OutputFacts {
    std::string main_level;                 // "kabkota"
    std::optional<std::string> sublevel;    // "kecamatan"
    std::vector<std::string> class_labels;  // the scenario's classes, most severe first
    std::vector<ExposureFacts> exposures;   // in run order
    bool recap = false;                     // the Jitupasna tables were written
    // With the recap: the threshold a unit reaches to be terdampak (admin_summary
    // wilayah_terdampak), and how many units of the main level reached it.
    std::optional<AffectedThreshold> terdampak;

    // class_labels, then not_affected and not_exposed: every class column in order.
    std::vector<std::string> all_class_labels() const;
    // The admin levels' table suffixes: "" and, with a sublevel, "_<sublevel>".
    std::vector<std::string> level_suffixes() const;
    // The admin_summary field of the default choropleth: houses rusak berat where damage is
    // estimated, else the first exposure's affected measure.
    std::string headline_field() const;
};

// run_info rows ("output.*" keys) that record the facts.
std::vector<std::pair<std::string, std::string>> to_run_info(const OutputFacts& facts);
// The facts back from run_info; nullopt when the rows hold none (an older output). Throws
// DataError naming `source` when they are present but inconsistent.
std::optional<OutputFacts> facts_from_run_info(
    const std::vector<std::pair<std::string, std::string>>& rows, std::string_view source);

// The layers of an output and what each is for, as the styles treat them.
enum class LayerRole { admin_summary, impact, table };
struct OutputLayer {
    std::string name;
    LayerRole role = LayerRole::table;
    std::string geometry;        // "Polygon", "Line", "Point" or "" for tables
    std::string headline_field;  // admin_summary: the field of the choropleth
};
std::vector<OutputLayer> output_layers(const OutputFacts& facts);

}  // namespace jitupasna::core::schema
