#include "jitupasna/forms/status.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/indonesian_number.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/forms/consolidate.hpp"
#include "jitupasna/forms/import.hpp"
#include "jitupasna/io/gpkg_reader.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::forms {

namespace {

namespace schema = core::schema;
namespace col = core::schema::column;

// A PD's latest submission as pd_submissions records it.
struct PdState {
    std::string imported_at, verified_by, file;
    bool submitted = false;
};

std::string status_word(const PdState& s) {
    if (!s.submitted) return "belum melapor";
    return s.verified_by.empty() ? "dilaporkan, belum diverifikasi" : "terverifikasi";
}

// A plain text table: columns padded to their widest cell (UTF-8 counted by code points).
std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (const unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

std::string text_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width(header.size(), 0);
    for (std::size_t c = 0; c < header.size(); ++c) width[c] = display_width(header[c]);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            width[c] = std::max(width[c], display_width(row[c]));
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            text += cells[c];
            if (c + 1 < cells.size())
                text += std::string(width[c] - display_width(cells[c]) + 2, ' ');
        }
        out += "  " + text + "\n";
    };
    line(header);
    std::vector<std::string> rule;
    for (const auto w : width) rule.push_back(std::string(w, '-'));
    line(rule);
    for (const auto& row : rows) line(row);
    return out;
}

}  // namespace

std::string report_status(const StatusOptions& options) {
    // The CSV's path is checked before any work, as every command checks its outputs.
    if (options.csv) {
        io::check_output_path(*options.csv, "--csv", "status.csv");
        io::refuse_output_over_inputs(*options.csv, {{options.gpkg, "the GeoPackage"}}, "--csv");
    }
    const io::GpkgReader reader(options.gpkg);
    const RunContext context = read_run_context(reader);
    std::map<std::string, PdState> state;
    if (const auto t = reader.read(schema::kSubmissionsTable)) {
        for (std::size_t r = 0; r < t->rows.size(); ++r) {
            if (t->number(r, "aktif") == 0) continue;
            PdState& s = state[t->text(r, col::kPerangkatDaerah)];
            s.submitted = true;
            s.imported_at = t->text(r, "diimpor_pada");
            s.verified_by = t->text(r, "diverifikasi_oleh");
            s.file = t->text(r, "nama_file");
        }
    }
    const std::vector<Submission> active = read_active_submissions(reader);
    const Consolidation merged = consolidate(context, active);

    std::string out = fmt::format("Status laporan Perangkat Daerah: {}\nProses (run id): {}\n\n",
                                  context.event, context.run_id);
    std::size_t submitted = 0, verified = 0;
    std::vector<std::vector<std::string>> pd_rows;
    for (const auto& d : context.pds) {
        const PdState& s = state[d.pd];
        submitted += s.submitted ? 1 : 0;
        verified += s.submitted && !s.verified_by.empty() ? 1 : 0;
        pd_rows.push_back({d.pd, status_word(s), s.submitted ? s.imported_at : "-",
                           s.verified_by.empty() ? "-" : s.verified_by,
                           s.file.empty() ? "-" : s.file});
    }
    out += fmt::format("Perangkat Daerah: {} dari {} melapor, {} terverifikasi, {} belum\n",
                       submitted, context.pds.size(), verified, context.pds.size() - submitted);
    out += text_table(
        {"Perangkat Daerah", "Status", "Diimpor (UTC)", "Diverifikasi oleh", "Berkas"}, pd_rows);

    // Per kab/kota: the PDs answering for a damaged sub-sector there, and who has reported.
    struct UnitLine {
        std::vector<std::string> reported, missing;
    };
    std::map<std::string, UnitLine> per_unit;
    std::vector<std::vector<std::string>> csv_rows;
    std::set<std::pair<std::string, std::string>> damaged;  // kab/kota x sub-sector estimated
    for (const auto& e : context.estimates) damaged.emplace(e.code, e.sub_sector);
    std::map<std::pair<std::string, std::string>, std::size_t> rows_of;  // PD x kab/kota
    for (const auto& sub : active)
        for (const auto& r : sub.damage) ++rows_of[{sub.pd, r.code}];
    for (const auto& unit : context.units) {
        UnitLine& line = per_unit[unit.code];
        for (const auto& d : context.pds) {
            const auto own = sub_sectors_of(d);
            const bool concerned = std::any_of(own.begin(), own.end(), [&](const auto& sub) {
                return damaged.count({unit.code, sub}) > 0;
            });
            const PdState& s = state[d.pd];
            const auto counted = rows_of.find({d.pd, unit.code});
            const std::size_t rows = counted == rows_of.end() ? 0 : counted->second;
            if (!concerned && rows == 0) continue;
            (s.submitted ? line.reported : line.missing).push_back(d.pd);
            csv_rows.push_back(
                {unit.code, unit.name, d.pd, status_word(s), std::to_string(rows), s.imported_at});
        }
    }
    std::vector<std::vector<std::string>> unit_rows;
    for (const auto& t : merged.units) {
        const UnitLine& line = per_unit[t.key];
        if (line.reported.empty() && line.missing.empty()) continue;
        // Three names and a count keep the table readable; the CSV lists every PD.
        std::string missing;
        for (std::size_t i = 0; i < line.missing.size() && i < 3; ++i)
            missing += (i ? ", " : "") + line.missing[i];
        if (line.missing.size() > 3)
            missing += fmt::format(" dan {} lainnya", line.missing.size() - 3);
        unit_rows.push_back(
            {t.key, t.name, t.sumber_data,
             fmt::format("{}/{}", line.reported.size(), line.reported.size() + line.missing.size()),
             missing.empty() ? "-" : missing});
    }
    out += fmt::format("\nKabupaten/kota dengan kerusakan: {}\n", unit_rows.size());
    out += text_table({"Kode", "Kabupaten/kota", "Sumber data", "PD melapor", "PD belum melapor"},
                      unit_rows);

    out += fmt::format("\nKonflik antar-PD: {}\n", merged.conflicts.size());
    if (!merged.conflicts.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : merged.conflicts)
            rows.push_back(
                {c.code, c.sub_sector, c.uraian,
                 fmt::format("{} ({})", c.used_pd, core::format_rupiah(c.used_kerusakan)),
                 fmt::format("{} ({})", c.other_pd, core::format_rupiah(c.other_kerusakan))});
        out += text_table({"Kode", "Subsektor", "Uraian", "Dipakai", "Berbeda"}, rows);
    }

    // Largest gaps between what the model estimated and what the PDs reported.
    std::vector<const ConsolidatedRow*> gaps;
    for (const auto& row : merged.rows)
        if (row.source == kSourcePd && row.estimated) gaps.push_back(&row);
    std::sort(gaps.begin(), gaps.end(), [](const auto* a, const auto* b) {
        return std::abs(a->kerusakan - a->est_kerusakan) >
               std::abs(b->kerusakan - b->est_kerusakan);
    });
    if (gaps.size() > 10) gaps.resize(10);
    out += fmt::format("\nSelisih terbesar estimasi dan laporan PD (kerusakan): {}\n", gaps.size());
    if (!gaps.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto* g : gaps)
            rows.push_back({g->code, g->sub_sector, g->pd, core::format_rupiah(g->est_kerusakan),
                            core::format_rupiah(g->kerusakan),
                            core::format_rupiah(g->kerusakan - g->est_kerusakan)});
        out += text_table({"Kode", "Subsektor", "PD", "Estimasi", "Laporan PD", "Selisih"}, rows);
    }

    if (options.csv) {
        io::AtomicFile file(*options.csv, options.overwrite);
        {
            std::ofstream csv(file.temp_path(), std::ios::binary);
            csv << "kode_wilayah,nama_wilayah,perangkat_daerah,status,baris_pd,diimpor_pada\n";
            for (const auto& row : csv_rows) {
                for (std::size_t c = 0; c < row.size(); ++c)
                    csv << (c ? "," : "") << (c == 4 ? row[c] : io::csv_quoted(row[c]));
                csv << '\n';
            }
            csv.close();
            if (!csv) throw DataError(io::describe_write_failure(*options.csv, errno));
        }
        file.commit();
    }
    return out;
}

}  // namespace jitupasna::forms
