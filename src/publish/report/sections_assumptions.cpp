// The report's assumptions (the defaults and the scenario's own values, from run_info) and
// the run_info appendix.

#include <set>

#include "report_writer.hpp"
#include "yaml_notes.hpp"

namespace jitupasna::publish::report {

namespace {

std::string without_assumption_word(std::string comment) {
    const auto at = comment.find("ASSUMPTION");
    if (at == std::string::npos) return comment;
    std::string rest = comment.substr(at + 10);
    while (!rest.empty() && (rest[0] == ':' || rest[0] == ' ')) rest.erase(0, 1);
    std::string before = comment.substr(0, at);
    while (!before.empty() && before.back() == ' ') before.pop_back();
    if (!rest.empty())
        rest[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
    return before + (before.empty() || rest.empty() ? "" : " ") + rest;
}

}  // namespace

std::string ReportWriter::assumptions_section() {
    std::string html = heading("asumsi", "Asumsi dan sumber");
    const std::string defaults_file = d_.info("damage.defaults_file");
    if (defaults_file.empty()) {
        html +=
            "<p>Skenario ini tidak memakai fungsi kerentanan atau data penduduk, sehingga tidak "
            "ada perhitungan kerusakan, kerugian dan kebutuhan; angka di laporan ini adalah "
            "jumlah aset terpapar per kelas bahaya.</p>\n";
    } else {
        html += fmt::format("<p>Berkas nilai bawaan yang dipakai: <code>{}</code>",
                            escape(defaults_file));
        const std::string scheme = d_.info("damage.cluster_scheme");
        if (!scheme.empty()) html += fmt::format("; skema klaster: <b>{}</b>", escape(scheme));
        html += ".</p>\n";
        // Values the scenario sets itself.
        std::set<std::string> defaults_keys;
        // The defaults as the run read them, kept in run_info: the report reads only the
        // GeoPackage.
        const std::string defaults_text = d_.info(kDefaultsText);
        const auto defaults = report::yaml_entries(defaults_text);
        for (const auto& e : defaults)
            if (e.depth == 0) defaults_keys.insert(e.key);
        const auto scenario = report::yaml_entries(d_.info(kScenarioText));
        HtmlTable own;
        own.id = next_table_id();
        own.caption = "Nilai dari berkas skenario (menggantikan nilai bawaan atau ditandai asumsi)";
        own.totals = false;
        own.columns = {{"Parameter", "", Format::text},
                       {"Nilai", "", Format::text},
                       {"Keterangan", "", Format::text}};
        for (std::size_t i = 0; i < scenario.size(); ++i) {
            const auto& e = scenario[i];
            const bool override_default = e.depth == 0 && defaults_keys.count(e.key) > 0;
            if (!override_default && !e.assumption()) continue;
            // A comment opening a section documents the section.
            const auto& shown = e.assumption() && e.first_child && e.parent >= 0 &&
                                        scenario[static_cast<std::size_t>(e.parent)].comment.empty()
                                    ? scenario[static_cast<std::size_t>(e.parent)]
                                    : e;
            std::string note = e.assumption() ? "ASUMSI: " + without_assumption_word(e.comment)
                                              : "menggantikan nilai bawaan";
            if (!e.assumption() && !e.comment.empty()) note += " (" + e.comment + ")";
            own.rows.push_back({Value::of(shown.path), Value::of(shown.value), Value::of(note)});
            own.row_class.push_back(e.assumption() ? "assumption" : "");
        }
        if (!own.rows.empty()) html += render(own);

        if (defaults_text.empty()) {
            html += fmt::format(
                "<p><b>GeoPackage tidak memuat isi berkas nilai bawaan {};</b> nilai dan "
                "sumbernya tidak dapat ditampilkan (jalankan skenario lagi dengan jitupasna "
                "terbaru).</p>\n",
                escape(defaults_file));
        } else {
            std::string rows;
            std::size_t assumptions = 0;
            for (const auto& e : defaults) {
                const bool show = e.depth == 0 || !e.comment.empty();
                if (!show) continue;
                const bool group = e.depth == 0 && e.section && e.commented_below;
                const bool assumption = e.assumption();
                if (assumption) ++assumptions;
                std::string comment = escape(without_assumption_word(e.comment));
                if (assumption) comment = "<span class=\"badge\">ASUMSI</span> " + comment;
                if (group) {
                    rows += fmt::format(
                        "<tr class=\"group{}\"><td><code>{}</code></td><td "
                        "colspan=\"2\">{}</td></tr>\n",
                        assumption ? " assumption" : "", escape(e.path), comment);
                    continue;
                }
                rows += fmt::format(
                    "<tr{}><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>\n",
                    assumption ? " class=\"assumption\"" : "", escape(e.path), escape(e.value),
                    comment);
            }
            html += fmt::format(
                "<table id=\"{}\" class=\"defaults\">\n<caption>Nilai bawaan dan sumbernya ({} "
                "nilai ditandai ASUMSI)</caption>\n<thead><tr><th>Parameter</th><th>Nilai</th>"
                "<th>Sumber / keterangan (dari berkas nilai bawaan)</th></tr></thead>\n<tbody>\n{}"
                "</tbody>\n</table>\n",
                next_table_id(), assumptions, rows);
            html +=
                "<p class=\"note\">Nilai bertanda <span class=\"badge\">ASUMSI</span> tidak "
                "memiliki sumber yang diterbitkan: nilai sementara yang harus dikonfirmasi atau "
                "diganti analis BPBD untuk kejadian ini. Skenario dapat mengganti nilai mana pun "
                "dengan kunci yang sama.</p>\n";
        }
    }
    if (!defaults_file.empty())
        html += R"(<h3>Rujukan</h3>
<ul class="plain">
<li>Peraturan Kepala BNPB No. 15 Tahun 2011 tentang Pedoman Pengkajian Kebutuhan Pascabencana (Jitupasna); Peraturan BNPB No. 5 Tahun 2017: sektor dan sub-sektor.</li>
<li>Bantuan stimulan perbaikan rumah BNPB: Rp 60 juta (rusak berat), Rp 30 juta (rusak sedang), Rp 15 juta (rusak ringan) sejak gempa Cianjur (Desember 2022); dana tunggu hunian Rp 500–600 ribu per KK per bulan.</li>
<li>Peraturan Kepala BNPB No. 7 Tahun 2008 tentang Pedoman Tata Cara Pemberian Bantuan Pemenuhan Kebutuhan Dasar: kebutuhan minimum per pengungsi.</li>
<li>Permen PU No. 45/PRT/M/2007 dan No. 24/PRT/M/2008: ambang kategori rusak ringan, sedang dan berat (rasio kerusakan 30 % dan 45 %).</li>
<li>Huizinga, J., de Moel, H., Szewczyk, W. (2017). Global flood depth-damage functions. JRC, doi:10.2760/16510: kurva kedalaman–kerusakan Asia.</li>
<li>Keputusan Kepala BNPB No. 308 Tahun 2024: klaster nasional penanggulangan bencana dan kementerian/lembaga pengampu.</li>
</ul>
)";
    // Warnings of the run.
    std::vector<std::string> warnings;
    for (const auto& [key, value] : d_.run_info)
        if (key.rfind("warning.", 0) == 0) warnings.push_back(value);
    html += "<h3>Peringatan proses</h3>\n";
    if (warnings.empty()) {
        html += "<p>Tidak ada peringatan.</p>\n";
    } else {
        html += "<ul class=\"plain warnings\">\n";
        for (const auto& w : warnings) html += "<li>" + escape(w) + "</li>\n";
        html += "</ul>\n";
    }
    return html;
}

std::string ReportWriter::appendix_section() {
    std::string html = heading("lampiran", "Lampiran: informasi proses dan berkas skenario");
    html +=
        "<table class=\"run-info\">\n<caption>run_info</caption>\n<thead><tr><th>Kunci</th>"
        "<th>Nilai</th></tr></thead>\n<tbody>\n";
    for (const auto& [key, value] : d_.run_info) {
        // The texts of the scenario and the defaults: shown as such, not as run_info values.
        if (key == kScenarioText || key == kDefaultsText) continue;
        html += fmt::format("<tr><td><code>{}</code></td><td>{}</td></tr>\n", escape(key),
                            escape(value));
    }
    html += "</tbody>\n</table>\n";
    const std::string text = d_.info(kScenarioText);
    if (!text.empty())
        html += "<h3>Berkas skenario</h3>\n<pre class=\"scenario\">" + escape(text) + "</pre>\n";
    return html;
}

}  // namespace jitupasna::publish::report
