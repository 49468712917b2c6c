// The page around the sections: head with the stylesheet (report.css), title, contents,
// footer; and `jitupasna report` itself.

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/publish/publish.hpp"
#include "report_css.hpp"
#include "report_writer.hpp"

namespace jitupasna::publish::report {

std::map<std::string, double> ReportWriter::houses(const std::string& category) const {
    std::map<std::string, double> by_code;
    if (!d_.main.sector) return by_code;
    const Table& t = *d_.main.sector;
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        if (t.text(r, col::kSubSektor) == "perumahan")
            by_code[t.text(r, col::kAdminCode)] += t.number(r, category);
    return by_code;
}

std::string ReportWriter::title_block() const {
    std::string html = "<header>\n<h1>Laporan Pengkajian Kebutuhan Pascabencana (Jitupasna)</h1>\n";
    html += fmt::format("<p class=\"subtitle\">{}</p>\n", escape(d_.info("scenario_name")));
    const std::string finished = d_.info("finished_at");
    html += fmt::format(
        "<p class=\"meta\">Jenis bahaya: <b>{}</b> · Tingkat wilayah: {}{} · Diproses: {} · "
        "jitupasna {} · Berkas hasil: <code>{}</code></p>\n",
        escape(hazard_name(d_.info("hazard_type"))), escape(level_name(d_.main)),
        d_.sub ? " dan " + escape(level_name(*d_.sub)) : "",
        escape(finished.empty() ? d_.info("started_at") : finished),
        escape(d_.info("tool_version")), escape(basename(d_.gpkg)));
    html +=
        "<div class=\"disclaimer\"><b>Catatan:</b> angka dalam laporan ini adalah perkiraan "
        "berbasis model dari data bahaya dan data paparan";
    html += d_.submissions
                ? ", kecuali angka yang dilaporkan perangkat daerah di bagian Status laporan "
                  "Perangkat Daerah (baris berlatar biru). Nilai"
                : "; belum ada laporan perangkat daerah yang diimpor. Nilai";
    html +=
        " yang ditandai "
        "<span class=\"badge\">ASUMSI</span> di bagian Asumsi dan sumber belum memiliki sumber "
        "resmi dan harus dikonfirmasi dengan data lapangan sebelum laporan ini dipakai untuk "
        "keputusan.</div>\n</header>\n";
    return html;
}

std::string ReportWriter::page() {
    // Sections first (they number themselves), then the contents that link to them.
    std::vector<std::pair<std::string, std::string>> toc;
    std::string body;
    auto add = [&](const std::string& id, const std::string& title, const std::string& html) {
        core::throw_if_interrupted();
        toc.emplace_back(id, title);
        body += "<section class=\"" + id + "\">\n" + html + "</section>\n";
    };
    add("skenario", "Skenario dan sumber data", scenario_section());
    add("angka-utama", "Angka utama", headline_section());
    add("peta", "Peta", maps_section());
    if (d_.recap) add("rekapitulasi", "Rekapitulasi", recap_section());
    if (d_.main.cluster) add("klaster", "Klaster dan perangkat daerah", cluster_section());
    if (d_.submissions) add("laporan-pd", "Status laporan Perangkat Daerah", pd_status_section());
    if (d_.main.needs) add("kebutuhan-dasar", "Penduduk dan kebutuhan dasar", needs_section());
    add("paparan", "Aset terpapar per kelas bahaya", exposure_section());
    if (d_.sub) add("sublevel", "Rekapitulasi per " + level_name(*d_.sub), sublevel_section());
    add("asumsi", "Asumsi dan sumber", assumptions_section());
    add("lampiran", "Lampiran", appendix_section());

    std::string html =
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"jitupasna " +
        escape(d_.info("tool_version")) + "\">\n<title>Laporan Jitupasna — " +
        escape(d_.info("scenario_name")) + "</title>\n" + "<style>\n" + std::string(kReportCss) +
        "</style>\n" + "</head>\n<body>\n";
    html += title_block();
    html += "<nav class=\"toc\"><ol>\n";
    for (const auto& [id, title] : toc)
        html += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", id, escape(title));
    html += "</ol></nav>\n";
    html += body;
    // Says what the tables do (html_table: Format::million_rupiah, Rupiah per kapita in whole
    // rupiah) and the headline cards (whole rupiah).
    html += fmt::format(
        "<footer>Dibuat oleh jitupasna {} dari <code>{}</code>. Di tabel, angka Rupiah ditulis "
        "dalam juta rupiah (Rp juta), dibulatkan ke juta terdekat; angka ringkasan di awal "
        "laporan dan kerusakan per kapita ditulis dalam rupiah, dibulatkan ke rupiah terdekat. "
        "Jumlah dihitung dari nilai yang belum dibulatkan; nilai tepat ada di GeoPackage."
        "</footer>\n",
        escape(d_.info("tool_version")), escape(d_.gpkg));
    html += "</body>\n</html>\n";
    return html;
}

}  // namespace jitupasna::publish::report

namespace jitupasna::publish {

namespace fs = std::filesystem;

void write_report(const ReportOptions& options) {
    // The report may not replace the GeoPackage it reads (a link to it included), even with
    // --overwrite.
    io::check_output_path(options.html, "-o", "laporan.html");
    io::refuse_output_over_inputs(options.html, {{options.gpkg, "the GeoPackage report reads"}},
                                  "-o");
    io::AtomicFile out(options.html, options.overwrite);
    const report::ReportData data = report::read_report_data(options.gpkg);
    const std::string html = report::ReportWriter(data).page();
    {
        std::ofstream file(out.temp_path(), std::ios::binary | std::ios::trunc);
        if (!file) throw DataError(io::describe_write_failure(options.html, errno));
        file << html;
        file.close();
        // A full disk names the report, not the GeoPackage being read.
        if (!file) throw DataError(io::describe_write_failure(options.html, errno));
    }
    // A stop asked for while the file was written still means "stop": nothing lands.
    core::throw_if_interrupted();
    out.commit();
}

}  // namespace jitupasna::publish
