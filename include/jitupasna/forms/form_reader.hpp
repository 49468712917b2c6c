#pragma once
// Reads a returned PD form (`jitupasna import`): the workbook as io::read_xlsx gives it,
// checked cell by cell against the contract (form_spec.hpp) and the run (RunContext). Every
// problem is one line naming the file, sheet, cell and key, e.g.
//   dinas-kesehatan.xlsx: Kerusakan dan Kerugian!K12 (rb): 'dua belas' is not a whole number
// Nothing is guessed: a cell that is not what its key demands is a problem, never a 0.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "jitupasna/forms/run_context.hpp"
#include "jitupasna/io/xlsx_reader.hpp"

namespace jitupasna::forms {

// A row of the damage sheet holding something of the PD's (a figure or a note).
struct ReportedDamage {
    std::size_t sheet_row = 0;  // 1-based, as Calc and Excel show it
    std::string code, sub_sector, uraian, satuan, keterangan;
    std::optional<double> rb, rs, rr, harga_satuan, kerusakan, kerugian;
    bool has_figure() const { return rb || rs || rr || harga_satuan || kerusakan || kerugian; }
};

// A proposed recovery activity (Formulir 11/12).
struct NeedLine {
    std::size_t sheet_row = 0;
    std::string code, sub_sector, komponen, kegiatan, satuan, prioritas, penanggung_jawab,
        sumber_dana;
    std::optional<double> volume, harga_satuan, jumlah, durasi_bulan;
};

struct Verification {
    std::string nama, jabatan, tanggal;  // tanggal as TTTT-BB-HH, empty when not given
};

struct ReturnedForm {
    std::string path;       // as given
    std::string file_name;  // its last component, for messages and the submissions table
    std::string pd, run_id, form_version;
    std::vector<ReportedDamage> damage;
    std::vector<NeedLine> needs;
    Verification verified;
};

// Checks the workbook against the contract and the run; problems are appended to `problems`
// (the form is usable only when none were added). Warnings (figures far from the estimate, an
// unverified form) are appended to `warnings`.
ReturnedForm read_returned_form(const io::XlsxBook& book, const RunContext& context,
                                std::vector<std::string>& problems,
                                std::vector<std::string>& warnings);

// An item's name as items are matched (the form's duplicate rows, the recap's rows): case
// ignored, so "Pustu" and "pustu" are one item.
std::string item_match_key(const std::string& uraian);

// An Excel/Calc serial day (1900 date system) as TTTT-BB-HH; nullopt outside 1900-9999.
std::optional<std::string> serial_day_to_iso(double serial);

}  // namespace jitupasna::forms
