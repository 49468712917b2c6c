// The report's assumptions (the defaults and the scenario's own values, from run_info) and
// the run_info appendix.

#include <algorithm>
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

// The vulnerability functions the scenario's exposures name (one for all types, or one per
// type).
std::set<std::string> functions_named(const YAML::Node& scenario) {
    std::set<std::string> functions;
    const YAML::Node exposures =
        scenario && scenario.IsMap() ? scenario["exposures"] : YAML::Node();
    if (!exposures || !exposures.IsSequence()) return functions;
    for (const auto& x : exposures) {
        const YAML::Node v = x.IsMap() ? x["vulnerability"] : YAML::Node();
        if (v && v.IsScalar()) functions.insert(v.as<std::string>(""));
        if (v && v.IsMap())
            for (const auto& kv : v)
                if (kv.second.IsScalar()) functions.insert(kv.second.as<std::string>(""));
    }
    return functions;
}

// Whether the run used people.displacement_rates_by_severity: only people (a population
// exposure) are displaced by rate, and a class takes the rate by severity only when
// people.displacement_rates (the scenario's, which replaces the defaults', else the defaults')
// gives it none (core::PeopleSettings::displacement_rate).
bool displacement_by_severity_used(const YAML::Node& scenario, const std::string& defaults_text,
                                   const std::vector<std::string>& classes) {
    const YAML::Node exposures =
        scenario && scenario.IsMap() ? scenario["exposures"] : YAML::Node();
    const bool people = exposures && exposures.IsSequence() &&
                        std::any_of(exposures.begin(), exposures.end(), [](const YAML::Node& x) {
                            return x.IsMap() && x["kind"] && x["kind"].IsScalar() &&
                                   x["kind"].Scalar() == "population";
                        });
    if (!people) return false;
    auto rates_in = [](const YAML::Node& root) {
        const YAML::Node p = root && root.IsMap() ? root["people"] : YAML::Node();
        return p && p.IsMap() ? p["displacement_rates"] : YAML::Node();
    };
    YAML::Node found = rates_in(scenario);
    if (!found) {
        try {
            found = rates_in(YAML::Load(defaults_text));
        } catch (const YAML::Exception&) {
            return true;  // the run read them; the report cannot tell: list them
        }
    }
    const YAML::Node& rates = found;  // const: looking a class up adds no key
    return std::any_of(classes.begin(), classes.end(),
                       [&](const std::string& c) { return !(rates && rates.IsMap() && rates[c]); });
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
        // The defaults as the run read them, kept in run_info: the report reads only the
        // GeoPackage.
        const std::string defaults_text = d_.info(kDefaultsText);
        const auto defaults = report::yaml_entries(defaults_text);
        std::set<std::string> default_paths, default_sections;
        for (const auto& e : defaults) {
            default_paths.insert(e.path);
            if (e.depth == 0) default_sections.insert(e.key);
        }
        const auto scenario = report::yaml_entries(d_.info(kScenarioText));
        // The scenario's own values: what it sets in the defaults' sections (each key of a
        // section on its own row), and whatever it marks ASSUMPTION. A comment on a key is
        // shown as that key's note, and only there.
        std::set<std::string> set_by_scenario;
        std::string rows;
        for (const auto& e : scenario) {
            const bool top = e.depth == 0 && default_sections.count(e.key) > 0;
            const bool in_section =
                e.depth == 1 && e.parent >= 0 &&
                default_sections.count(scenario[static_cast<std::size_t>(e.parent)].key) > 0 &&
                scenario[static_cast<std::size_t>(e.parent)].depth == 0;
            const bool sets_value = (top && !e.has_children) || in_section;
            if (!sets_value && !e.assumption()) continue;
            if (sets_value) set_by_scenario.insert(e.path);
            std::string note;
            if (e.assumption()) note += "<span class=\"badge\">ASUMSI</span> ";
            note += sets_value && default_paths.count(e.path) ? "menggantikan nilai bawaan"
                                                              : "nilai dari skenario";
            const std::string comment = without_assumption_word(e.comment);
            if (!comment.empty())
                note += ". Catatan di berkas skenario (teks asli): " + escape(comment);
            rows += fmt::format(
                "<tr{}><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>\n",
                e.assumption() ? " class=\"assumption\"" : "", escape(e.path), escape(e.value),
                note);
        }
        if (!rows.empty())
            html += fmt::format(
                "<table id=\"{}\" class=\"defaults\">\n<caption>Nilai dari berkas skenario "
                "(menggantikan nilai bawaan atau ditandai asumsi)</caption>\n<thead><tr>"
                "<th>Parameter</th><th>Nilai</th><th>Keterangan (catatan dari berkas "
                "skenario)</th></tr></thead>\n<tbody>\n{}</tbody>\n</table>\n",
                next_table_id(), rows);

        if (defaults_text.empty()) {
            html += fmt::format(
                "<p><b>GeoPackage tidak memuat isi berkas nilai bawaan {};</b> nilai dan "
                "sumbernya tidak dapat ditampilkan (jalankan skenario lagi dengan jitupasna "
                "terbaru).</p>\n",
                escape(defaults_file));
        } else {
            // Only what this run used: its vulnerability functions, its cluster scheme, the
            // displacement rates by severity when a class has no rate of its own; not what the
            // scenario replaced.
            const std::set<std::string> functions = functions_named(scenario_);
            const bool severity_rates_used =
                displacement_by_severity_used(scenario_, defaults_text, d_.facts.class_labels);
            auto is_function = [](const YamlEntry& e) {
                return e.depth == 1 && e.path.rfind("vulnerability.", 0) == 0;
            };
            auto used = [&](const YamlEntry& e) {
                const std::string& p = e.path;
                auto under = [&](const std::string& section) {
                    return p == section || p.rfind(section + ".", 0) == 0;
                };
                auto child = [&](const std::string& section) {  // "section.NAME..." -> NAME
                    const std::string rest = p.substr(section.size() + 1);
                    return rest.substr(0, rest.find('.'));
                };
                if (set_by_scenario.count(p)) return false;
                if (p == "vulnerability")
                    return std::any_of(functions.begin(), functions.end(), [&](const auto& f) {
                        return default_paths.count("vulnerability." + f) > 0;
                    });
                if (under("vulnerability")) return functions.count(child("vulnerability")) > 0;
                if (p == "clusters" || p == "cluster_scheme")
                    return default_paths.count("clusters." + scheme) > 0;
                if (under("clusters")) return child("clusters") == scheme;
                if (under("people.displacement_rates_by_severity")) return severity_rates_used;
                return true;
            };
            auto in_indonesian = [](const std::string& comment) {
                const auto indonesian = indonesian_note(comment);
                return escape(indonesian ? *indonesian : without_assumption_word(comment));
            };
            std::string default_rows;
            std::size_t assumptions = 0;
            std::string group_head;         // the function whose comment block is the group's
            std::string group_source;       // that block: the source of the functions below it
            std::set<std::string> sourced;  // heads whose source a row already gave
            for (const auto& e : defaults) {
                // A function without a comment of its own shares the source written above the
                // first function of its group (the JRC curves): each used one gets its row.
                const bool function = is_function(e);
                if (function && !e.comment_above.empty()) {
                    group_head = e.path;
                    group_source = e.comment_above;
                }
                const bool show = e.depth == 0 || !e.comment.empty() || function;
                if (!show || !used(e)) continue;
                const bool group = e.depth == 0 && e.section && e.commented_below;
                const bool assumption = e.assumption();
                if (assumption) ++assumptions;
                std::string comment;
                if (function && !group_source.empty()) {
                    comment = sourced.insert(group_head).second
                                  ? in_indonesian(group_source)
                                  : fmt::format("Sumber sama dengan <code>{}</code>.",
                                                escape(group_head));
                    if (!e.comment_after.empty()) comment += " " + in_indonesian(e.comment_after);
                } else {
                    comment = in_indonesian(e.comment);
                }
                if (assumption) comment = "<span class=\"badge\">ASUMSI</span> " + comment;
                if (group) {
                    default_rows += fmt::format(
                        "<tr class=\"group{}\"><td><code>{}</code></td><td "
                        "colspan=\"2\">{}</td></tr>\n",
                        assumption ? " assumption" : "", escape(e.path), comment);
                    continue;
                }
                default_rows += fmt::format(
                    "<tr{}><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>\n",
                    assumption ? " class=\"assumption\"" : "", escape(e.path), escape(e.value),
                    comment);
            }
            html += fmt::format(
                "<table id=\"{}\" class=\"defaults\">\n<caption>Nilai bawaan yang dipakai dan "
                "sumbernya ({} nilai ditandai ASUMSI)</caption>\n<thead><tr><th>Parameter</th>"
                "<th>Nilai</th><th>Sumber / keterangan</th></tr></thead>\n<tbody>\n{}"
                "</tbody>\n</table>\n",
                next_table_id(), assumptions, default_rows);
            html +=
                "<p class=\"note\">Hanya nilai bawaan yang dipakai proses ini yang dicantumkan "
                "(fungsi kerentanan dan skema klaster yang tidak dipakai, laju pengungsian "
                "menurut keparahan bila setiap kelas bahaya punya laju sendiri, serta nilai yang "
                "diganti skenario, tidak). Nilai bertanda <span class=\"badge\">ASUMSI</span> "
                "tidak memiliki sumber yang diterbitkan: nilai sementara yang harus dikonfirmasi "
                "atau diganti analis BPBD untuk kejadian ini. Skenario dapat mengganti nilai mana "
                "pun dengan kunci yang sama.</p>\n";
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
        html += fmt::format(
            "<p class=\"note\">Proses mencatat {} peringatan: hal pada data masukan atau "
            "skenario yang dapat mengubah angka laporan ini. Analis GIS perlu memeriksa "
            "setiap peringatan sebelum angka dipakai. Kolom Artinya menjelaskan peringatan; "
            "pesan aslinya ditulis sebagaimana dicetak jitupasna (dalam bahasa Inggris, sama "
            "dengan di run_info), agar dapat dicari dan dirujuk persis.</p>\n",
            warnings.size());
        html +=
            "<table class=\"warnings\">\n<thead><tr><th>No.</th><th>Menyangkut</th>"
            "<th>Artinya</th><th>Pesan asli jitupasna</th></tr></thead>\n<tbody>\n";
        for (std::size_t i = 0; i < warnings.size(); ++i)
            html += fmt::format(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"original\">{}</td></tr>\n", i + 1,
                escape(warning_topic(warnings[i])),
                escape(warning_reading(warnings[i]).value_or("Lihat pesan asli.")),
                escape(warnings[i]));
        html += "</tbody>\n</table>\n";
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
    // The scenario as written, but for its opening comment block (what the file is, often in
    // English); the whole text stays in run_info (scenario_text).
    const std::string text = report::without_header(d_.info(kScenarioText));
    if (!text.empty())
        html +=
            "<h3>Berkas skenario</h3>\n<p class=\"note\">Isi berkas skenario tanpa komentar "
            "pembukanya; teks lengkap tersimpan di GeoPackage (run_info, kunci "
            "<code>scenario_text</code>).</p>\n<pre class=\"scenario\">" +
            escape(text) + "</pre>\n";
    return html;
}

}  // namespace jitupasna::publish::report
