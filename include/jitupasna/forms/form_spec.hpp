#pragma once
// The contract of a jitupasna PD form (`jitupasna forms`): its sheet names, the machine keys in
// the hidden first row of each entry sheet (columns are read back by key, never by position or
// label), the fixed lists of its drop-downs and the identity it carries. docs/forms.md documents
// the same; a key renamed here is a key renamed there.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jitupasna::forms {

// Raised when the layout of a form changes in a way a reader must know about.
inline constexpr const char* kFormVersion = "1";

// Sheets.
inline constexpr const char* kSheetGuide = "Petunjuk";
inline constexpr const char* kSheetDamage = "Kerusakan dan Kerugian";
inline constexpr const char* kSheetNeeds = "Kebutuhan";
inline constexpr const char* kSheetVerification = "Verifikasi";
inline constexpr const char* kSheetLists = "Daftar";        // hidden: the drop-down lists
inline constexpr const char* kSheetIdentity = "Identitas";  // hidden: the form's identity

// Identity: custom document properties and rows of the Identitas sheet (key, value).
inline constexpr const char* kIdRunId = "jitupasna_run_id";
inline constexpr const char* kIdPd = "jitupasna_perangkat_daerah";
inline constexpr const char* kIdFormVersion = "jitupasna_form_version";
inline constexpr const char* kIdScenario = "jitupasna_scenario";

// One column of an entry sheet: its machine key (hidden row 1), its label (row 2), its width.
struct FormColumn {
    const char* key;
    const char* label;
    double width;
};

// Row 1 (index 0) holds the keys, row 2 the labels; entries start at row 3 (index 2).
inline constexpr std::size_t kKeyRow = 0;
inline constexpr std::size_t kLabelRow = 1;
inline constexpr std::size_t kFirstEntryRow = 2;

const std::vector<FormColumn>& damage_columns();
const std::vector<FormColumn>& needs_columns();
const std::vector<FormColumn>& verification_columns();
// The index of a key among columns; throws std::logic_error for a key not in the contract.
std::size_t column_index(const std::vector<FormColumn>& columns, std::string_view key);

// Drop-down lists of the needs sheet (Perka BNPB 15/2011 components and funding sources).
const std::vector<std::string>& komponen_values();
const std::vector<std::string>& sumber_dana_values();
const std::vector<std::string>& prioritas_values();

// Empty rows a PD can fill on the damage sheet (items the model does not know) and the needs
// sheet.
inline constexpr std::size_t kBlankDamageRows = 100;
inline constexpr std::size_t kNeedsRows = 300;

// A PD's file name stem: ASCII lower case, every run of other characters one '-'
// ("Dinas Kesehatan" -> "dinas-kesehatan", "Dinas PU & Penataan Ruang" ->
// "dinas-pu-penataan-ruang").
std::string pd_slug(std::string_view pd);

}  // namespace jitupasna::forms
