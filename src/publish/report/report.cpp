// `jitupasna report`: one self-contained HTML page in Bahasa Indonesia from a run's GeoPackage
// (the scenario and its data, headline figures, choropleth maps, the recap tables, clusters,
// minimum needs, the assumptions and their sources), readable offline and printable on A4.

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "data.hpp"
#include "format.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gpkg_writer.hpp"
#include "jitupasna/publish/publish.hpp"
#include "map.hpp"
#include "yaml_notes.hpp"

namespace jitupasna::publish {

namespace {

namespace fs = std::filesystem;
using report::escape;
using report::Exposure;
using report::format_count;
using report::format_number;
using report::format_rupiah;
using report::format_rupiah_short;
using report::humanize;
using report::Level;
using report::ReportData;
namespace schema = core::schema;
namespace col = core::schema::column;

// ---------------------------------------------------------------------------------------------
// Words

std::string hazard_name(const std::string& type) {
    static const std::map<std::string, std::string> names = {{"flood", "Banjir"},
                                                             {"earthquake", "Gempa bumi"},
                                                             {"tsunami", "Tsunami"},
                                                             {"volcano", "Erupsi gunung api"},
                                                             {"landslide", "Tanah longsor"},
                                                             {"generic", "Bahaya lain"}};
    const auto it = names.find(type);
    return it != names.end() ? it->second : type;
}

std::string kind_name(const std::string& kind) {
    static const std::map<std::string, std::string> names = {{"structure", "bangunan/titik"},
                                                             {"road", "jalan (garis)"},
                                                             {"area", "lahan (poligon)"},
                                                             {"aggregate", "agregat (poligon)"},
                                                             {"population", col::kPenduduk}};
    const auto it = names.find(kind);
    return it != names.end() ? it->second : kind;
}

// The unit of an exposure's admin_summary columns.
std::string exposure_unit(const Exposure& e) {
    switch (e.measure()) {
        case schema::Measure::km:
            return "km";
        case schema::Measure::ha:
            return "ha";
        case schema::Measure::people:
            return "jiwa";
        default:
            return "unit";
    }
}

// Whole units (buildings, people) rather than lengths and areas.
bool counted(const Exposure& e) { return schema::measure_suffix(e.measure()).empty(); }

std::string level_title(const std::string& name) {
    static const std::map<std::string, std::string> names = {
        {"kabkota", "Kabupaten/Kota"},  {"kabupaten", "Kabupaten/Kota"}, {"kota", "Kabupaten/Kota"},
        {"provinsi", "Provinsi"},       {"kecamatan", "Kecamatan"},      {"desa", "Desa/Kelurahan"},
        {"kelurahan", "Desa/Kelurahan"}};
    const auto it = names.find(name);
    return it != names.end() ? it->second : humanize(name);
}

std::string class_title(const std::string& label) {
    if (label == core::kNotAffected) return "Tidak terdampak";
    if (label == core::kNotExposed) return "Tidak terpapar";
    return humanize(label);
}

// "air_minum_liter_per_minggu" -> "Air minum (liter/minggu)".
std::string need_title(const std::string& field) {
    std::string head = field, period;
    if (const auto at = field.rfind("_per_"); at != std::string::npos) {
        head = field.substr(0, at);
        period = field.substr(at + 5);
    }
    std::string name = head, unit;
    if (const auto at = head.rfind('_'); at != std::string::npos && at > 0) {
        name = head.substr(0, at);
        unit = head.substr(at + 1);
    }
    std::string tail = unit;
    if (!period.empty()) tail += (tail.empty() ? "" : "/") + period;
    return humanize(name) + (tail.empty() ? "" : " (" + tail + ")");
}

// A number from the scenario written the Indonesian way ("1.5" -> "1,5"); other text as is.
std::string yaml_number(const YAML::Node& node) {
    const std::string text = node.as<std::string>("");
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used != text.size()) return text;
        std::string formatted = format_number(value, 6);
        while (!formatted.empty() && formatted.back() == '0') formatted.pop_back();
        if (!formatted.empty() && formatted.back() == ',') formatted.pop_back();
        return formatted;
    } catch (const std::exception&) {
        return text;
    }
}

std::string basename(const std::string& path) {
    const std::string name = fs::path(path).filename().string();
    return name.empty() ? path : name;
}

// ---------------------------------------------------------------------------------------------
// Tables

enum class Format { text, count, rupiah, decimal, score, rank };

// Tables with more rows than this (a national admin layer) leave out the all-zero rows.
constexpr std::size_t kLongTable = 40;

// run_info rows that hold whole texts.
constexpr const char* kScenarioText = "scenario_text";
constexpr const char* kDefaultsText = "damage.defaults_text";

struct Column {
    std::string header;
    std::string field;  // the GeoPackage column it shows (data-field), if any
    Format format = Format::count;
    bool total = true;  // summed in the totals row
};

struct Value {
    bool null = true;
    double number = 0;
    std::string text;
    static Value of(double v) { return Value{false, v, ""}; }
    static Value of(std::string s) { return Value{false, 0, std::move(s)}; }
};

struct HtmlTable {
    std::string id;
    std::string caption;
    std::string layer;  // data-layer: the GeoPackage layer the rows come from
    std::vector<Column> columns;
    std::vector<std::vector<Value>> rows;
    std::vector<std::string> codes;  // data-code per row (admin code), optional
    std::vector<std::string> row_class;
    bool totals = true;
    std::string note;
    std::string css_class;
    bool hide_zero_rows = false;         // long tables: leave out the rows with nothing but zeros
    std::vector<std::size_t> zero_keys;  // ... or, if set, where these columns are all zero
};

int decimals_for(const HtmlTable& t, std::size_t c, double total) {
    switch (t.columns[c].format) {
        case Format::rupiah:
        case Format::rank:
            return 0;
        case Format::decimal:
            return 2;
        case Format::score:
            return 3;
        default:
            break;
    }
    bool whole = report::is_whole(total);
    for (const auto& row : t.rows)
        if (!row[c].null) whole = whole && report::is_whole(row[c].number);
    return whole ? 0 : 2;
}

std::string render(const HtmlTable& t) {
    const std::string css_class = !t.css_class.empty()     ? t.css_class
                                  : t.columns.size() >= 10 ? "wide"
                                                           : "";
    std::vector<double> totals(t.columns.size(), 0);
    for (const auto& row : t.rows)
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (!row[c].null) totals[c] += row[c].number;
    std::vector<int> decimals;
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        decimals.push_back(decimals_for(t, c, totals[c]));
    auto cell = [&](std::size_t c, const Value& v) {
        const bool text = t.columns[c].format == Format::text;
        if (v.null) return std::string(text ? "<td>" : "<td class=\"n\">") + "–</td>";
        if (text) return "<td>" + escape(v.text) + "</td>";
        return "<td class=\"n\">" + format_number(v.number, decimals[c]) + "</td>";
    };
    std::string html = fmt::format(
        "<table id=\"{}\"{}{}>\n<caption>{}</caption>\n<thead><tr>", escape(t.id),
        css_class.empty() ? "" : " class=\"" + css_class + "\"",
        t.layer.empty() ? "" : " data-layer=\"" + escape(t.layer) + "\"", escape(t.caption));
    for (const auto& column : t.columns)
        html +=
            fmt::format("<th{}{}>{}</th>", column.format == Format::text ? "" : " class=\"n\"",
                        column.field.empty() ? "" : " data-field=\"" + escape(column.field) + "\"",
                        escape(column.header));
    html += "</tr></thead>\n<tbody>\n";
    std::size_t hidden = 0;
    std::vector<double> hidden_sums(t.columns.size(), 0);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        if (t.hide_zero_rows) {
            bool zero = true;
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                if (t.columns[c].format != Format::text && t.columns[c].format != Format::rank &&
                    (t.zero_keys.empty() ||
                     std::find(t.zero_keys.begin(), t.zero_keys.end(), c) != t.zero_keys.end()) &&
                    !t.rows[r][c].null && t.rows[r][c].number != 0)
                    zero = false;
            if (zero) {
                ++hidden;
                for (std::size_t c = 0; c < t.columns.size(); ++c)
                    if (!t.rows[r][c].null) hidden_sums[c] += t.rows[r][c].number;
                continue;
            }
        }
        std::string attributes;
        if (r < t.codes.size() && !t.codes[r].empty())
            attributes += " data-code=\"" + escape(t.codes[r]) + "\"";
        if (r < t.row_class.size() && !t.row_class[r].empty())
            attributes += " class=\"" + t.row_class[r] + "\"";
        html += "<tr" + attributes + ">";
        for (std::size_t c = 0; c < t.columns.size(); ++c) html += cell(c, t.rows[r][c]);
        html += "</tr>\n";
    }
    // The rows left out, added up, so that the rows shown still add up to the total.
    bool hidden_values = false;
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c].format != Format::text && t.columns[c].total && hidden_sums[c] != 0)
            hidden_values = true;
    if (hidden > 0 && hidden_values && t.totals) {
        html += "<tr class=\"others\">";
        bool labelled = false;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.columns[c].format == Format::text || !t.columns[c].total) {
                html += labelled ? "<td></td>"
                                 : fmt::format("<td>{} wilayah lain</td>",
                                               format_number(static_cast<double>(hidden), 0));
                labelled = true;
            } else {
                html += "<td class=\"n\">" + format_number(hidden_sums[c], decimals[c]) + "</td>";
            }
        }
        html += "</tr>\n";
    }
    if (t.rows.empty())
        html += fmt::format("<tr><td colspan=\"{}\" class=\"empty\">Tidak ada baris.</td></tr>\n",
                            t.columns.size());
    html += "</tbody>\n";
    if (t.totals && !t.rows.empty()) {
        html += "<tfoot><tr class=\"total\">";
        bool labelled = false;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.columns[c].format == Format::text || !t.columns[c].total) {
                html += labelled ? "<td></td>" : "<td>Jumlah</td>";
                labelled = true;
            } else {
                html += "<td class=\"n\">" + format_number(totals[c], decimals[c]) + "</td>";
            }
        }
        html += "</tr></tfoot>\n";
    }
    html += "</table>\n";
    if (hidden > 0)
        html += fmt::format(
            "<p class=\"note\">{} baris {} tidak ditampilkan satu per satu; jumlah mencakup "
            "semua baris.</p>\n",
            hidden,
            t.zero_keys.size() != 1
                ? std::string("yang semua nilainya nol")
                : "dengan " + escape(t.columns[t.zero_keys.front()].header) + " nol");
    if (!t.note.empty()) html += "<p class=\"note\">" + t.note + "</p>\n";
    // A short table stays on one page with its caption and note.
    if (t.rows.size() <= 25) html = "<div class=\"keep\">\n" + html + "</div>\n";
    return html;
}

Value number_of(const Table& table, std::size_t row, const std::string& field) {
    return table.is_null(row, field) ? Value{} : Value::of(table.number(row, field));
}

bool any_positive(const Table& table, const std::string& field) {
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        if (table.number(r, field) > 0) return true;
    return false;
}

// ---------------------------------------------------------------------------------------------
// The page

class ReportWriter {
  public:
    explicit ReportWriter(const ReportData& data) : d_(data) { parse_scenario(); }

    std::string page();

  private:
    const ReportData& d_;
    YAML::Node scenario_;
    int table_counter_ = 0;
    int section_ = 0;

    void parse_scenario() {
        try {
            scenario_ = YAML::Load(d_.info(kScenarioText));
        } catch (const YAML::Exception&) {
            scenario_ = YAML::Node();
        }
    }

    std::string next_table_id() { return fmt::format("tabel-{}", ++table_counter_); }
    std::string heading(const std::string& id, const std::string& title) {
        return fmt::format("<h2 id=\"{}\">{}. {}</h2>\n", id, ++section_, escape(title));
    }
    std::string level_name(const Level& level) const { return level_title(level.name); }
    const Exposure* damage_exposure() const {
        for (const auto& e : d_.exposures)
            if (e.damage) return &e;
        return nullptr;
    }
    // Houses (sub-sector perumahan) per admin code, by damage category; empty without them.
    std::map<std::string, double> houses(const std::string& category) const;
    double houses_total(const std::string& category) const {
        double total = 0;
        for (const auto& [code, v] : houses(category)) total += v;
        return total;
    }
    bool has_houses() const {
        if (!d_.main.sector) return false;
        for (std::size_t r = 0; r < d_.main.sector->rows.size(); ++r)
            if (d_.main.sector->text(r, col::kSubSektor) == "perumahan") return true;
        return false;
    }

    std::string css() const;
    std::string title_block() const;
    std::string contents() const;
    std::string scenario_section();
    std::string headline_section();
    std::string maps_section();
    std::string recap_section();
    std::string cluster_section();
    std::string needs_section();
    std::string exposure_section();
    std::string sublevel_section();
    std::string assumptions_section();
    std::string appendix_section();

    HtmlTable admin_recap_table(const Level& level);
    HtmlTable damaged_table(const Level& level, const Exposure& e);
    HtmlTable exposure_table(const Level& level, const Exposure& e);
};

std::map<std::string, double> ReportWriter::houses(const std::string& category) const {
    std::map<std::string, double> by_code;
    if (!d_.main.sector) return by_code;
    const Table& t = *d_.main.sector;
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        if (t.text(r, col::kSubSektor) == "perumahan")
            by_code[t.text(r, col::kAdminCode)] += t.number(r, category);
    return by_code;
}

std::string ReportWriter::css() const {
    return R"(<style>
@page { size: A4 portrait; margin: 14mm 13mm 16mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, Helvetica, sans-serif;
       font-size: 9.5pt; line-height: 1.35; color: #1a1a1a; background: #fff;
       max-width: 190mm; margin: 0 auto; padding: 0; }
h1 { font-size: 17pt; margin: 0 0 2pt; color: #7a0c17; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #7a0c17;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 10pt 0 4pt; break-after: avoid; page-break-after: avoid; }
p { margin: 3pt 0 6pt; }
.subtitle { font-size: 12pt; margin: 0 0 4pt; }
.meta { color: #555; font-size: 8.5pt; }
.disclaimer { border: 1px solid #e0c36a; background: #fff8e1; padding: 4pt 7pt; margin: 8pt 0;
              font-size: 8.5pt; }
nav.toc { font-size: 8.5pt; columns: 2; margin: 6pt 0; }
nav.toc a { color: #1a1a1a; text-decoration: none; }
nav.toc ol { margin: 0; padding-left: 16pt; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0 10pt; font-size: 8pt; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9pt;
          padding: 2pt 0 3pt; }
th, td { border: 0.6pt solid #b9b9b9; padding: 1.8pt 4pt; vertical-align: top; }
thead th { background: #e9eef4; font-weight: bold; text-align: left; }
th.n { text-align: right; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.wide { font-size: 7pt; }
th:not(.n), td:not(.n) { min-width: 20mm; }
table.defaults td, table.run-info td { min-width: 0; }
table.defaults td:nth-child(1) { width: 25%; }
table.defaults td:nth-child(2) { width: 33%; }
table.run-info td:nth-child(1) { width: 36%; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.total td { font-weight: bold; background: #f1f1f1; border-top: 1.4pt solid #555; }
tr.group td { background: #f6f6f6; font-weight: bold; }
tr.others td { font-style: italic; color: #444; }
tr.assumption td { background: #fff3cd; }
td.empty { color: #666; font-style: italic; }
.badge { display: inline-block; font-size: 7pt; font-weight: bold; padding: 0 3pt;
         border-radius: 2pt; background: #c0392b; color: #fff; }
.badge.ok { background: #4a7a3a; }
p.note, .note { font-size: 7.5pt; color: #555; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 7.5pt;
       word-break: break-word; }
pre { white-space: pre-wrap; word-break: break-word; font-size: 7pt; background: #f7f7f7;
      border: 0.6pt solid #ddd; padding: 4pt; }
.cards { display: flex; flex-wrap: wrap; gap: 5pt; margin: 4pt 0 8pt; }
.card { flex: 1 1 31%; min-width: 48mm; border: 0.6pt solid #c9c9c9;
        border-left: 3pt solid #bd0026; padding: 4pt 6pt; break-inside: avoid; }
.card .label { font-size: 8pt; color: #444; }
.card .value { font-size: 11.5pt; font-weight: bold; white-space: nowrap; }
.card .detail { font-size: 7.5pt; color: #555; }
div.keep { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 4pt 0 12pt; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 8pt; color: #333; margin-top: 2pt; }
figcaption b { color: #1a1a1a; }
svg.map { width: 100%; height: auto; display: block; max-height: 205mm; }
svg.map .units path:hover { stroke: #000; stroke-width: 2; }
ul.plain { margin: 2pt 0 6pt; padding-left: 14pt; }
dl.kv { display: grid; grid-template-columns: 38mm 1fr; gap: 1pt 8pt; margin: 4pt 0 8pt; }
dl.kv dt { font-weight: bold; }
dl.kv dd { margin: 0; }
footer { margin-top: 14pt; font-size: 7.5pt; color: #666; border-top: 0.6pt solid #ccc;
         padding-top: 3pt; }
@media screen { body { padding: 10mm 8mm; } }
@media print {
  a { color: inherit; text-decoration: none; }
  nav.toc { display: none; }
  section.maps figure { page-break-inside: avoid; }
  h2.page { page-break-before: always; break-before: page; }
}
</style>
)";
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
        "berbasis model dari data bahaya dan data paparan. Nilai yang ditandai "
        "<span class=\"badge\">ASUMSI</span> di bagian Asumsi dan sumber belum memiliki sumber "
        "resmi dan harus dikonfirmasi dengan data lapangan sebelum laporan ini dipakai untuk "
        "keputusan.</div>\n</header>\n";
    return html;
}

std::string ReportWriter::scenario_section() {
    std::string html = heading("skenario", "Skenario dan sumber data");
    html += "<dl class=\"kv\">";
    auto kv = [&](const std::string& key, const std::string& value) {
        if (!value.empty())
            html += fmt::format("<dt>{}</dt><dd>{}</dd>", escape(key), escape(value));
    };
    kv("Skenario", d_.info("scenario_name"));
    kv("Jenis bahaya", hazard_name(d_.info("hazard_type")));
    kv("Berkas skenario", d_.info("scenario_file"));
    kv("Waktu proses",
       d_.info("started_at") +
           (d_.info("finished_at").empty() ? "" : " sampai " + d_.info("finished_at")));
    kv("Perangkat lunak", fmt::format("jitupasna {}, GDAL {}, GEOS {}", d_.info("tool_version"),
                                      d_.info("gdal_version"), d_.info("geos_version")));
    html += "</dl>\n";

    // The inputs.
    HtmlTable inputs;
    inputs.id = next_table_id();
    inputs.caption = "Data masukan";
    inputs.totals = false;
    inputs.columns = {{"Peran", "", Format::text},
                      {"Berkas", "", Format::text},
                      {"Layer / pita", "", Format::text},
                      {"Sistem koordinat", "", Format::text},
                      {"Jumlah fitur", "", Format::text}};
    auto input_row = [&](const std::string& role, const std::string& key,
                         const std::string& layer_key, const std::string& count_key) {
        if (d_.info(key + ".path").empty()) return;
        inputs.rows.push_back({Value::of(role), Value::of(d_.info(key + ".path")),
                               Value::of(d_.info(key + layer_key)),
                               Value::of(d_.info(key + ".crs")),
                               Value::of(count_key.empty() ? "" : d_.info(key + count_key))});
    };
    input_row("Wilayah administrasi (" + level_name(d_.main) + ")", "input.admin", ".layer",
              ".features");
    if (d_.sub)
        input_row("Wilayah administrasi (" + level_name(*d_.sub) + ")", "input.admin.sublevel",
                  ".layer", ".features");
    input_row("Bahaya (" + d_.info("input.hazard.form") + ")", "input.hazard",
              d_.info("input.hazard.band").empty() ? ".layer" : ".band", "");
    if (!inputs.rows.empty() && !d_.info("input.hazard.grid").empty())
        inputs.rows.back()[4] = Value::of("grid " + d_.info("input.hazard.grid"));
    for (const auto& e : d_.exposures)
        input_row("Paparan: " + e.name + " (" + kind_name(core::kind_name(e.kind)) + ")",
                  "input.exposure." + e.name, ".layer", ".features");
    for (auto& row : inputs.rows)
        for (auto& v : row)
            if (v.text.empty()) v.null = true;
    html += render(inputs);

    // Other facts about the hazard (ShakeMap event, units, nodata).
    std::vector<std::pair<std::string, std::string>> hazard;
    for (const auto& [key, value] : d_.run_info) {
        const std::string prefix = "input.hazard.";
        if (key.rfind(prefix, 0) != 0) continue;
        const std::string rest = key.substr(prefix.size());
        if (rest == "path" || rest == "crs" || rest == "layer" || rest == "band" ||
            rest == "form" || rest == "grid")
            continue;
        hazard.emplace_back(rest, value);
    }
    if (!hazard.empty()) {
        html += "<p class=\"note\">Bahaya: ";
        for (std::size_t i = 0; i < hazard.size(); ++i)
            html += (i ? " · " : "") + escape(hazard[i].first) + " = " + escape(hazard[i].second);
        html += "</p>\n";
    }

    // Hazard classes as the scenario defines them.
    const YAML::Node classes =
        scenario_ && scenario_.IsMap() ? scenario_["hazard"]["classes"] : YAML::Node();
    HtmlTable ct;
    ct.id = next_table_id();
    ct.caption = "Kelas bahaya";
    ct.totals = false;
    ct.columns = {{"Kelas", "", Format::text}, {"Batas (skenario)", "", Format::text}};
    const std::string unit = d_.info("input.hazard.unit");
    for (std::size_t c = 0; c < d_.hazard_class_count(); ++c) {
        std::string range;
        if (classes && classes.IsSequence())
            for (const auto& node : classes) {
                if (!node.IsMap() || !node["name"] ||
                    node["name"].as<std::string>("") != d_.class_labels[c])
                    continue;
                const std::string u = unit.empty() ? "" : " " + unit;
                if (node["min"] && node["max"])
                    range = fmt::format("{}{} < nilai ≤ {}{}", yaml_number(node["min"]), u,
                                        yaml_number(node["max"]), u);
                else if (node["min"])
                    range = fmt::format("nilai > {}{}", yaml_number(node["min"]), u);
                else if (node["max"])
                    range = fmt::format("nilai ≤ {}{}", yaml_number(node["max"]), u);
                else if (node["values"]) {
                    std::string list;
                    for (const auto& v : node["values"])
                        list += (list.empty() ? "" : ", ") + v.as<std::string>("");
                    range = "nilai: " + list;
                }
            }
        ct.rows.push_back({Value::of(class_title(d_.class_labels[c])),
                           range.empty() ? Value{} : Value::of(range)});
    }
    ct.rows.push_back({Value::of("Tidak terdampak"), Value::of("nilai di luar semua kelas")});
    ct.rows.push_back(
        {Value::of("Tidak terpapar"), Value::of("tanpa nilai bahaya (nodata, di luar data)")});
    html += render(ct);
    return html;
}

std::string ReportWriter::headline_section() {
    std::string html = heading("angka-utama", "Angka utama");
    const Table& admin = d_.main.admin;
    html += "<div class=\"cards\">\n";
    auto card = [&](const std::string& label, const std::string& value, const std::string& detail,
                    const std::string& field, const std::string& layer) {
        html += fmt::format(
            "<div class=\"card\"{}><div class=\"label\">{}</div><div class=\"value\">{}</div>{}"
            "</div>\n",
            field.empty()
                ? ""
                : fmt::format(" data-layer=\"{}\" data-field=\"{}\"", escape(layer), escape(field)),
            escape(label), escape(value),
            detail.empty() ? "" : "<div class=\"detail\">" + escape(detail) + "</div>");
    };
    const std::string units = level_name(d_.main);
    if (d_.recap) {
        for (const auto& [field, label] :
             std::vector<std::pair<std::string, std::string>>{{col::kKerusakanRp, "Kerusakan"},
                                                              {col::kKerugianRp, "Kerugian"},
                                                              {col::kKebutuhanRp, "Kebutuhan"}}) {
            if (!damage_exposure()) break;  // people only: no money
            const double total = admin.total(field);
            card(label, format_rupiah(total), format_rupiah_short(total), field,
                 schema::kAdminSummary);
        }
        if (has_houses()) {
            const double rb = houses_total("rusak_berat"), rs = houses_total("rusak_sedang"),
                         rr = houses_total("rusak_ringan");
            card("Rumah rusak berat", format_count(rb, 1) + " unit",
                 "rusak sedang " + format_count(rs, 1) + " · rusak ringan " + format_count(rr, 1),
                 "", "");
        } else if (const Exposure* e = damage_exposure()) {
            card(humanize(e->name) + " rusak berat",
                 format_count(admin.total(e->category_column("rusak_berat")), 1) + " " +
                     exposure_unit(*e),
                 "rusak sedang " +
                     format_count(admin.total(e->category_column("rusak_sedang")), 1) +
                     " · rusak ringan " +
                     format_count(admin.total(e->category_column("rusak_ringan")), 1),
                 e->category_column("rusak_berat"), schema::kAdminSummary);
        }
        card("Pengungsi", format_count(admin.total(col::kPengungsi), 0) + " jiwa",
             admin.total(col::kTerdampak) > 0
                 ? "penduduk terdampak " + format_count(admin.total(col::kTerdampak), 0) + " jiwa"
                 : "",
             col::kPengungsi, schema::kAdminSummary);
        if (admin.total(col::kKorbanJiwa) > 0)
            card("Perkiraan korban jiwa", format_count(admin.total(col::kKorbanJiwa), 0) + " jiwa",
                 "", col::kKorbanJiwa, schema::kAdminSummary);
        std::size_t hit = 0;
        for (std::size_t r = 0; r < admin.rows.size(); ++r)
            if (admin.number(r, col::kKerusakanRp) > 0 || admin.number(r, col::kPengungsi) > 0)
                ++hit;
        card(units + " terdampak", fmt::format("{} dari {}", hit, admin.rows.size()),
             "dengan kerusakan atau pengungsi", "", "");
    }
    for (const auto& e : d_.exposures) {
        const double affected = admin.total(e.affected_column());
        const double total = admin.total(e.total_column());
        const int decimals = counted(e) ? 1 : 2;
        card(
            humanize(e.name) + " di daerah bahaya",
            format_count(affected, decimals) + " " + exposure_unit(e),
            "dari " + format_count(total, decimals) + " " + exposure_unit(e) + " di wilayah kajian",
            e.affected_column(), schema::kAdminSummary);
    }
    html += "</div>\n";
    const std::string warnings = d_.info("warnings");
    if (!warnings.empty() && warnings != "0")
        html += fmt::format(
            "<p class=\"note\">Proses mencatat {} peringatan; lihat bagian Asumsi dan "
            "sumber.</p>\n",
            escape(warnings));
    return html;
}

std::string ReportWriter::maps_section() {
    std::string html = heading("peta", "Peta");
    const Table& admin = d_.main.admin;
    struct Planned {
        std::string id, title, caption;
        std::vector<std::optional<double>> values;
        report::Palette palette;
        report::MapSpec::Values kind;
    };
    std::vector<Planned> maps;
    auto column_values = [&](const std::string& field) {
        std::vector<std::optional<double>> values;
        for (std::size_t r = 0; r < admin.rows.size(); ++r)
            values.push_back(admin.is_null(r, field) ? std::nullopt
                                                     : std::optional(admin.number(r, field)));
        return values;
    };
    // Ranks where the score is above zero; 0 (its own class) where there is nothing to rank.
    auto priority_values = [&] {
        std::vector<std::optional<double>> values;
        for (std::size_t r = 0; r < admin.rows.size(); ++r)
            values.push_back(admin.is_null(r, col::kPeringkatPrioritas)
                                 ? std::nullopt
                                 : std::optional(admin.number(r, col::kSkorPrioritas) > 0
                                                     ? admin.number(r, col::kPeringkatPrioritas)
                                                     : 0.0));
        return values;
    };
    const std::string units = level_name(d_.main);
    if (const Exposure* e = damage_exposure()) {
        if (has_houses()) {
            const auto rb = houses("rusak_berat");
            std::vector<std::optional<double>> values;
            for (std::size_t r = 0; r < admin.rows.size(); ++r) {
                const auto it = rb.find(admin.text(r, col::kAdminCode));
                values.push_back(it == rb.end() ? 0.0 : it->second);
            }
            maps.push_back({"peta-rumah-rb", "Rumah rusak berat (unit)",
                            "Rumah rusak berat per " + units +
                                " (sub-sektor perumahan, tabel jitupasna_sector).",
                            values, report::Palette::yellow_red, report::MapSpec::Values::count});
        } else {
            maps.push_back({"peta-rumah-rb",
                            humanize(e->name) + " rusak berat (" + exposure_unit(*e) + ")",
                            humanize(e->name) + " rusak berat per " + units + ".",
                            column_values(e->category_column("rusak_berat")),
                            report::Palette::yellow_red, report::MapSpec::Values::count});
        }
        maps.push_back({"peta-kerusakan", "Kerusakan (Rp)",
                        "Nilai kerusakan per " + units + " (semua sektor).",
                        column_values(col::kKerusakanRp), report::Palette::purple,
                        report::MapSpec::Values::rupiah});
    } else {
        const Exposure& first = d_.exposures.front();
        maps.push_back({"peta-terdampak",
                        humanize(first.name) + " di daerah bahaya (" + exposure_unit(first) + ")",
                        humanize(first.name) + " di kelas bahaya mana pun per " + units + ".",
                        column_values(first.affected_column()), report::Palette::yellow_red,
                        report::MapSpec::Values::count});
        if (d_.recap && admin.total(col::kPengungsi) > 0)
            maps.push_back({"peta-pengungsi", "Pengungsi (jiwa)", "Pengungsi per " + units + ".",
                            column_values(col::kPengungsi), report::Palette::purple,
                            report::MapSpec::Values::count});
    }
    if (d_.recap && admin.has(col::kPeringkatPrioritas))
        maps.push_back({"peta-prioritas", "Peringkat prioritas pemulihan",
                        "Peringkat prioritas pemulihan (1 = didahulukan) dari skor prioritas; "
                        "lihat tabel prioritas.",
                        priority_values(), report::Palette::blue_green,
                        report::MapSpec::Values::rank});

    const std::string crs = d_.info("input.admin.crs");
    const bool geographic = admin.srs && admin.srs->IsGeographic();
    const std::string projection =
        geographic ? "Proyeksi peta: ekuirektangular (bujur dikalikan cos lintang tengah) dari " +
                         crs + "."
                   : "Koordinat peta: " + crs + ".";
    // Where the units with something to show cover a small part of the whole (a province's
    // kabupaten in a national layer), the maps zoom to them.
    auto geometry = [&](std::size_t r) -> const OGRGeometry* {
        return r < admin.geometries.size() && admin.geometries[r] && !admin.geometries[r]->IsEmpty()
                   ? admin.geometries[r].get()
                   : nullptr;
    };
    OGREnvelope full, focus;
    bool any_focus = false;
    for (std::size_t r = 0; r < admin.rows.size(); ++r) {
        const OGRGeometry* g = geometry(r);
        if (!g) continue;
        OGREnvelope e;
        g->getEnvelope(&e);
        full.Merge(e);
        for (const auto& m : maps)
            if (m.kind != report::MapSpec::Values::rank && m.values[r] && *m.values[r] > 0) {
                focus.Merge(e);
                any_focus = true;
            }
    }
    auto area = [](const OGREnvelope& e) { return (e.MaxX - e.MinX) * (e.MaxY - e.MinY); };
    std::optional<OGREnvelope> extent;
    if (any_focus && area(focus) < 0.25 * area(full)) {
        const double margin =
            std::max({(focus.MaxX - focus.MinX) * 0.15, (focus.MaxY - focus.MinY) * 0.15,
                      (full.MaxX - full.MinX) * 0.005});
        focus.MinX -= margin;
        focus.MaxX += margin;
        focus.MinY -= margin;
        focus.MaxY += margin;
        extent = focus;
    }
    std::size_t visible = 0;
    for (std::size_t r = 0; r < admin.rows.size(); ++r) {
        const OGRGeometry* g = geometry(r);
        OGREnvelope e;
        if (g) g->getEnvelope(&e);
        if (g && (!extent || e.Intersects(*extent))) ++visible;
    }
    const std::string zoom =
        extent ? fmt::format(" Peta diperbesar ke wilayah yang bernilai: {} dari {} {} tampak.",
                             visible, admin.rows.size(), units)
               : "";
    int n = 0;
    for (const auto& m : maps) {
        report::MapSpec spec;
        spec.id = m.id;
        spec.title = m.title;
        spec.srs = admin.srs.get();
        spec.palette = m.palette;
        spec.values = m.kind;
        spec.extent = extent;
        for (std::size_t r = 0; r < admin.rows.size(); ++r) {
            const OGRGeometry* g = geometry(r);
            if (extent) {
                OGREnvelope e;
                if (!g) continue;
                g->getEnvelope(&e);
                if (!e.Intersects(*extent)) continue;
            }
            spec.units.push_back({g, admin.text(r, col::kAdminName), m.values[r]});
        }
        html += fmt::format(
            "<figure>\n{}<figcaption><b>Peta {}.</b> {}{} {} {}</figcaption>\n</figure>\n",
            report::render_map(spec), ++n, escape(m.caption), escape(zoom),
            m.kind == report::MapSpec::Values::rank
                ? "Kelas: per peringkat (lebih dari lima wilayah: kuantil peringkat)."
                : "Kelas: kuantil (hingga lima) dari nilai bukan nol; nol dan tanpa data "
                  "terpisah.",
            escape(projection));
    }
    return html;
}

void add_damage_columns(HtmlTable& t, const Table& admin, const Exposure& e) {
    t.columns.push_back({"RB", e.category_column("rusak_berat"), Format::count});
    t.columns.push_back({"RS", e.category_column("rusak_sedang"), Format::count});
    t.columns.push_back({"RR", e.category_column("rusak_ringan"), Format::count});
    if (any_positive(admin, e.category_column("hilang")))
        t.columns.push_back({"Hilang", e.category_column("hilang"), Format::count});
}

HtmlTable ReportWriter::damaged_table(const Level& level, const Exposure& e) {
    const Table& admin = level.admin;
    HtmlTable t;
    t.id = next_table_id();
    t.layer = admin.name;
    t.caption =
        fmt::format("{} rusak per {} (unit, nilai harapan)", humanize(e.name), level_name(level));
    t.columns.push_back({level_name(level), col::kAdminName, Format::text});
    add_damage_columns(t, admin, e);
    t.columns.push_back({"Kerusakan (Rp)", e.damage_value_column(), Format::rupiah});
    for (std::size_t r = 0; r < admin.rows.size(); ++r) {
        std::vector<Value> row;
        for (const auto& c : t.columns)
            row.push_back(c.format == Format::text ? Value::of(admin.text(r, c.field))
                                                   : number_of(admin, r, c.field));
        t.rows.push_back(std::move(row));
        t.codes.push_back(admin.text(r, col::kAdminCode));
    }
    t.hide_zero_rows = t.rows.size() > kLongTable;
    return t;
}

HtmlTable ReportWriter::admin_recap_table(const Level& level) {
    const Table& admin = level.admin;
    HtmlTable t;
    t.id = next_table_id();
    t.layer = admin.name;
    t.caption = "Rekapitulasi kerusakan, kerugian dan kebutuhan per " + level_name(level);
    t.columns.push_back({level_name(level), col::kAdminName, Format::text});
    const bool single = std::count_if(d_.exposures.begin(), d_.exposures.end(),
                                      [](const Exposure& e) { return e.damage; }) == 1;
    // One exposure with damage: its counts here; several: a table each (damaged_table).
    if (single) add_damage_columns(t, admin, *damage_exposure());
    if (damage_exposure()) {
        t.columns.push_back({"Kerusakan (Rp)", col::kKerusakanRp, Format::rupiah});
        t.columns.push_back({"Kerugian (Rp)", col::kKerugianRp, Format::rupiah});
        t.columns.push_back({"Kebutuhan (Rp)", col::kKebutuhanRp, Format::rupiah});
    }
    t.columns.push_back({"Pengungsi (jiwa)", col::kPengungsi, Format::count});
    if (any_positive(admin, col::kKorbanJiwa))
        t.columns.push_back({"Korban jiwa", col::kKorbanJiwa, Format::count});
    if (admin.has(col::kPeringkatPrioritas))
        t.columns.push_back({"Peringkat", col::kPeringkatPrioritas, Format::rank, false});
    for (std::size_t r = 0; r < admin.rows.size(); ++r) {
        std::vector<Value> row;
        for (const auto& c : t.columns)
            row.push_back(c.format == Format::text ? Value::of(admin.text(r, c.field))
                                                   : number_of(admin, r, c.field));
        t.rows.push_back(std::move(row));
        t.codes.push_back(admin.text(r, col::kAdminCode));
    }
    t.note =
        "RB/RS/RR: rusak berat/sedang/ringan (unit, nilai harapan dari fungsi kerentanan). "
        "Peringkat 1 didahulukan.";
    t.hide_zero_rows = t.rows.size() > kLongTable;
    return t;
}

std::string ReportWriter::recap_section() {
    std::string html = heading("rekapitulasi", "Rekapitulasi kerusakan, kerugian dan kebutuhan");
    html += render(admin_recap_table(d_.main));
    if (std::count_if(d_.exposures.begin(), d_.exposures.end(),
                      [](const Exposure& e) { return e.damage; }) > 1)
        for (const auto& e : d_.exposures)
            if (e.damage) html += render(damaged_table(d_.main, e));
    const Table* sector = d_.main.sector ? &*d_.main.sector : nullptr;
    if (sector && sector->rows.empty())
        html += "<p>Tidak ada aset yang rusak: tabel per sektor kosong.</p>\n";
    if (sector && !sector->rows.empty()) {
        // Per sector and sub-sector, over every unit.
        std::vector<std::pair<std::string, std::string>> keys;
        std::map<std::pair<std::string, std::string>, std::vector<double>> sums;
        const std::vector<std::string> fields = {"rusak_berat",
                                                 "rusak_sedang",
                                                 "rusak_ringan",
                                                 "hilang",
                                                 col::kKerusakanRp,
                                                 col::kKerugianRp,
                                                 col::kKebutuhanRp,
                                                 "dana_tunggu_hunian_rp",
                                                 "pembersihan_puing_rp",
                                                 "kehilangan_pendapatan_rp",
                                                 "kebutuhan_pembangunan_rp",
                                                 "kebutuhan_bantuan_rp",
                                                 "kebutuhan_pemulihan_rp"};
        for (std::size_t r = 0; r < sector->rows.size(); ++r) {
            const auto key =
                std::make_pair(sector->text(r, col::kSektor), sector->text(r, col::kSubSektor));
            auto& v = sums[key];
            if (v.empty()) {
                v.assign(fields.size(), 0);
                keys.push_back(key);
            }
            for (std::size_t f = 0; f < fields.size(); ++f) v[f] += sector->number(r, fields[f]);
        }
        std::sort(keys.begin(), keys.end());
        auto table = [&](const std::string& caption, const std::vector<std::size_t>& which,
                         const std::vector<std::string>& headers, bool with_sector) {
            HtmlTable t;
            t.id = next_table_id();
            t.layer = sector->name;
            t.caption = caption;
            if (with_sector) t.columns.push_back({"Sektor", col::kSektor, Format::text});
            t.columns.push_back({"Sub-sektor", col::kSubSektor, Format::text});
            for (std::size_t i = 0; i < which.size(); ++i)
                t.columns.push_back(
                    {headers[i], fields[which[i]], which[i] < 4 ? Format::count : Format::rupiah});
            for (const auto& key : keys) {
                std::vector<Value> row;
                if (with_sector) row.push_back(Value::of(humanize(key.first)));
                row.push_back(Value::of(humanize(key.second)));
                for (std::size_t f : which) row.push_back(Value::of(sums[key][f]));
                t.rows.push_back(std::move(row));
            }
            return t;
        };
        std::vector<std::size_t> main_columns = {0, 1, 2};
        std::vector<std::string> main_headers = {"RB", "RS", "RR"};
        if (sector->total("hilang") > 0) {
            main_columns.push_back(3);
            main_headers.push_back("Hilang");
        }
        for (std::size_t f : {4, 5, 6}) main_columns.push_back(f);
        for (const char* h : {"Kerusakan (Rp)", "Kerugian (Rp)", "Kebutuhan (Rp)"})
            main_headers.push_back(h);
        html += render(
            table("Rekapitulasi per sektor dan sub-sektor (semua " + level_name(d_.main) + ")",
                  main_columns, main_headers, true));
        // The parts of kerugian and kebutuhan (lost income only where there is any).
        std::vector<std::size_t> parts = {7, 8};
        std::vector<std::string> part_headers = {"Kerugian: dana tunggu hunian (Rp)",
                                                 "Kerugian: pembersihan puing (Rp)"};
        if (sector->total("kehilangan_pendapatan_rp") != 0) {
            parts.push_back(9);
            part_headers.emplace_back("Kerugian: kehilangan pendapatan (Rp)");
        }
        for (std::size_t f : {10, 11, 12}) parts.push_back(f);
        for (const char* h : {"Kebutuhan: pembangunan (Rp)", "Kebutuhan: penyediaan bantuan (Rp)",
                              "Kebutuhan: pemulihan fungsi (Rp)"})
            part_headers.emplace_back(h);
        HtmlTable components =
            table("Komponen kerugian dan kebutuhan per sub-sektor", parts, part_headers, false);
        components.css_class = "wide";
        html += render(components);

        // Every row of the sector table: per unit and sub-sector.
        HtmlTable detail;
        detail.id = next_table_id();
        detail.layer = sector->name;
        detail.caption = "Rincian per " + level_name(d_.main) + " dan sub-sektor";
        detail.columns = {{level_name(d_.main), col::kAdminName, Format::text},
                          {"Sektor / sub-sektor", col::kSubSektor, Format::text},
                          {"RB", "rusak_berat", Format::count},
                          {"RS", "rusak_sedang", Format::count},
                          {"RR", "rusak_ringan", Format::count},
                          {"Kerusakan (Rp)", col::kKerusakanRp, Format::rupiah},
                          {"Kerugian (Rp)", col::kKerugianRp, Format::rupiah},
                          {"Kebutuhan (Rp)", col::kKebutuhanRp, Format::rupiah}};
        for (std::size_t r = 0; r < sector->rows.size(); ++r) {
            detail.rows.push_back(
                {Value::of(sector->text(r, col::kAdminName)),
                 Value::of(humanize(sector->text(r, col::kSektor)) + " / " +
                           humanize(sector->text(r, col::kSubSektor))),
                 number_of(*sector, r, "rusak_berat"), number_of(*sector, r, "rusak_sedang"),
                 number_of(*sector, r, "rusak_ringan"), number_of(*sector, r, col::kKerusakanRp),
                 number_of(*sector, r, col::kKerugianRp),
                 number_of(*sector, r, col::kKebutuhanRp)});
            detail.codes.push_back(sector->text(r, col::kAdminCode));
        }
        html += render(detail);
    }

    // Priority.
    const Table& admin = d_.main.admin;
    if (admin.has(col::kPeringkatPrioritas)) {
        HtmlTable t;
        t.id = next_table_id();
        t.layer = admin.name;
        t.caption = "Prioritas pemulihan per " + level_name(d_.main);
        t.totals = false;
        t.columns = {
            {"Peringkat", col::kPeringkatPrioritas, Format::rank},
            {level_name(d_.main), col::kAdminName, Format::text},
            {"Rumah RB / semua rumah", "prioritas_rumah_rb", Format::score},
            {"Kerusakan per kapita (Rp)", "prioritas_kerusakan_per_kapita", Format::rupiah},
            {"Pengungsi (jiwa)", "prioritas_pengungsi", Format::count},
            {"Fasilitas kesehatan dan pendidikan RB + RS", "prioritas_fasilitas_rusak",
             Format::count},
            {"Skor", col::kSkorPrioritas, Format::score}};
        std::vector<std::size_t> order(admin.rows.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return admin.number(a, col::kPeringkatPrioritas) <
                   admin.number(b, col::kPeringkatPrioritas);
        });
        for (std::size_t r : order) {
            std::vector<Value> row;
            for (const auto& c : t.columns)
                row.push_back(c.format == Format::text ? Value::of(admin.text(r, c.field))
                                                       : number_of(admin, r, c.field));
            t.rows.push_back(std::move(row));
            t.codes.push_back(admin.text(r, col::kAdminCode));
        }
        t.note =
            "Komponen prioritas: bagian rumah rusak berat, kerusakan per penduduk, pengungsi, "
            "fasilitas kesehatan dan pendidikan rusak berat atau sedang. Skor = jumlah berbobot "
            "komponen yang masing-masing dibagi nilai terbesarnya di antara wilayah (bobot: "
            "<code>priority.weights</code> di bagian Asumsi dan sumber). Kerusakan per kapita "
            "bernilai 0 tanpa data penduduk.";
        t.hide_zero_rows = t.rows.size() > kLongTable;
        html += render(t);
    }
    return html;
}

std::string ReportWriter::cluster_section() {
    std::string html = heading("klaster", "Klaster dan perangkat daerah pengampu");
    const Table& t = *d_.main.cluster;
    const std::string scheme = d_.info("damage.cluster_scheme");
    if (!scheme.empty())
        html += fmt::format("<p>Skema klaster: <b>{}</b>{}.</p>\n", escape(scheme),
                            scheme == "nasional" ? " (Kep. Kepala BNPB 308/2024)"
                            : scheme == "banten" ? " (Perangkat Daerah Provinsi Banten)"
                                                 : "");
    const std::vector<std::string> fields = {"rusak_berat",    "rusak_sedang",    "rusak_ringan",
                                             col::kPengungsi,  col::kKerusakanRp, col::kKerugianRp,
                                             col::kKebutuhanRp};
    std::vector<std::pair<std::string, std::string>> keys;
    std::map<std::pair<std::string, std::string>, std::vector<double>> sums;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto key = std::make_pair(t.text(r, col::kKlaster), t.text(r, col::kPengampu));
        auto& v = sums[key];
        if (v.empty()) {
            v.assign(fields.size(), 0);
            keys.push_back(key);
        }
        for (std::size_t f = 0; f < fields.size(); ++f) v[f] += t.number(r, fields[f]);
    }
    HtmlTable agg;
    agg.id = next_table_id();
    agg.layer = t.name;
    agg.caption = "Rekapitulasi per klaster (semua " + level_name(d_.main) + ")";
    agg.columns = {{"Klaster", col::kKlaster, Format::text},
                   {"Perangkat daerah pengampu", col::kPengampu, Format::text},
                   {"RB", "rusak_berat", Format::count},
                   {"RS", "rusak_sedang", Format::count},
                   {"RR", "rusak_ringan", Format::count},
                   {"Pengungsi (jiwa)", col::kPengungsi, Format::count},
                   {"Kerusakan (Rp)", col::kKerusakanRp, Format::rupiah},
                   {"Kerugian (Rp)", col::kKerugianRp, Format::rupiah},
                   {"Kebutuhan (Rp)", col::kKebutuhanRp, Format::rupiah}};
    for (const auto& key : keys) {
        std::vector<Value> row{Value::of(key.first), Value::of(key.second)};
        for (double v : sums[key]) row.push_back(Value::of(v));
        agg.rows.push_back(std::move(row));
    }
    html += render(agg);

    HtmlTable detail;
    detail.id = next_table_id();
    detail.layer = t.name;
    detail.caption = "Rincian per " + level_name(d_.main) + " dan klaster";
    detail.columns = {{level_name(d_.main), col::kAdminName, Format::text},
                      {"Klaster", col::kKlaster, Format::text},
                      {"Pengampu", col::kPengampu, Format::text},
                      {"RB", "rusak_berat", Format::count},
                      {"Pengungsi (jiwa)", col::kPengungsi, Format::count},
                      {"Kerusakan (Rp)", col::kKerusakanRp, Format::rupiah},
                      {"Kebutuhan (Rp)", col::kKebutuhanRp, Format::rupiah}};
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        std::vector<Value> row;
        for (const auto& c : detail.columns)
            row.push_back(c.format == Format::text ? Value::of(t.text(r, c.field))
                                                   : number_of(t, r, c.field));
        detail.rows.push_back(std::move(row));
        detail.codes.push_back(t.text(r, col::kAdminCode));
    }
    html += render(detail);
    return html;
}

std::string ReportWriter::needs_section() {
    std::string html = heading("kebutuhan-dasar", "Penduduk, pengungsi dan kebutuhan dasar");
    const Table& t = *d_.main.needs;
    HtmlTable needs;
    needs.id = next_table_id();
    needs.layer = t.name;
    needs.caption = "Pengungsi dan kebutuhan dasar minimum per " + level_name(d_.main);
    needs.columns.push_back({level_name(d_.main), col::kAdminName, Format::text});
    const std::set<std::string> skip = {col::kAdminCode, col::kAdminName, col::kParentCode};
    const std::map<std::string, std::string> people = {{col::kPenduduk, "Penduduk (jiwa)"},
                                                       {col::kTerdampak, "Terdampak (jiwa)"},
                                                       {col::kPengungsi, "Pengungsi (jiwa)"},
                                                       {col::kKorbanJiwa, "Korban jiwa"}};
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const std::string& field = t.columns[c];
        if (skip.count(field) || !t.numeric[c]) continue;
        const auto p = people.find(field);
        if (p != people.end()) {
            if (field != col::kPengungsi && !any_positive(t, field)) continue;
            needs.columns.push_back({p->second, field, Format::count});
        } else {
            needs.columns.push_back({need_title(field), field, Format::count});
        }
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        std::vector<Value> row;
        for (const auto& c : needs.columns)
            row.push_back(c.format == Format::text ? Value::of(t.text(r, c.field))
                                                   : number_of(t, r, c.field));
        needs.rows.push_back(std::move(row));
        needs.codes.push_back(t.text(r, col::kAdminCode));
    }
    needs.note =
        "Kebutuhan dasar minimum per pengungsi menurut Perka BNPB No. 7 Tahun 2008 (jumlah per "
        "periode yang tertulis pada kolom).";
    needs.hide_zero_rows = needs.rows.size() > kLongTable;
    for (std::size_t c = 1; c < needs.columns.size(); ++c)
        if (needs.columns[c].field != col::kPenduduk) needs.zero_keys.push_back(c);
    html += render(needs);
    return html;
}

HtmlTable ReportWriter::exposure_table(const Level& level, const Exposure& e) {
    const Table& admin = level.admin;
    HtmlTable t;
    t.id = next_table_id();
    t.layer = admin.name;
    t.caption = fmt::format("{} ({}) per kelas bahaya dan {}", humanize(e.name), exposure_unit(e),
                            level_name(level));
    t.columns.push_back({level_name(level), col::kAdminName, Format::text});
    const Format format = counted(e) ? Format::count : Format::decimal;
    for (const auto& label : d_.class_labels)
        t.columns.push_back({class_title(label), e.class_column(label), format});
    t.columns.push_back({"Di daerah bahaya", e.affected_column(), format});
    t.columns.push_back({"Jumlah", e.total_column(), format});
    for (std::size_t r = 0; r < admin.rows.size(); ++r) {
        std::vector<Value> row;
        for (const auto& c : t.columns)
            row.push_back(c.format == Format::text ? Value::of(admin.text(r, c.field))
                                                   : number_of(admin, r, c.field));
        t.rows.push_back(std::move(row));
        t.codes.push_back(admin.text(r, col::kAdminCode));
    }
    t.zero_keys = {t.columns.size() - 2};  // "Di daerah bahaya"
    t.hide_zero_rows = t.rows.size() > kLongTable;
    return t;
}

std::string ReportWriter::exposure_section() {
    std::string html = heading("paparan", "Aset terpapar per kelas bahaya");
    html += "<p>Jumlah aset di setiap kelas bahaya per " + escape(level_name(d_.main)) +
            ". Aset di luar semua wilayah administrasi tidak masuk tabel (lihat peringatan).</p>\n";
    for (const auto& e : d_.exposures) html += render(exposure_table(d_.main, e));
    return html;
}

std::string ReportWriter::sublevel_section() {
    const Level& sub = *d_.sub;
    std::string html = heading("sublevel", "Rekapitulasi per " + level_name(sub));
    const Table& admin = sub.admin;
    std::map<std::string, std::string> parent_name;
    for (std::size_t r = 0; r < d_.main.admin.rows.size(); ++r)
        parent_name[d_.main.admin.text(r, col::kAdminCode)] =
            d_.main.admin.text(r, col::kAdminName);
    HtmlTable t;
    t.id = next_table_id();
    t.layer = admin.name;
    t.caption = "Rekapitulasi per " + level_name(sub);
    t.columns.push_back({level_name(d_.main), col::kParentCode, Format::text});
    t.columns.push_back({level_name(sub), col::kAdminName, Format::text});
    if (d_.recap) {
        for (const auto& e : d_.exposures)
            if (e.damage) {
                t.columns.push_back(
                    {humanize(e.name) + " RB", e.category_column("rusak_berat"), Format::count});
                break;
            }
        if (damage_exposure()) {
            t.columns.push_back({"Kerusakan (Rp)", col::kKerusakanRp, Format::rupiah});
            t.columns.push_back({"Kerugian (Rp)", col::kKerugianRp, Format::rupiah});
            t.columns.push_back({"Kebutuhan (Rp)", col::kKebutuhanRp, Format::rupiah});
        }
        t.columns.push_back({"Pengungsi (jiwa)", col::kPengungsi, Format::count});
        if (admin.has(col::kPeringkatPrioritas))
            t.columns.push_back({"Peringkat", col::kPeringkatPrioritas, Format::rank, false});
    } else {
        for (const auto& e : d_.exposures)
            t.columns.push_back({humanize(e.name) + " di daerah bahaya (" + exposure_unit(e) + ")",
                                 e.affected_column(),
                                 counted(e) ? Format::count : Format::decimal});
    }
    std::vector<std::size_t> order(admin.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return admin.text(a, col::kParentCode) < admin.text(b, col::kParentCode);
    });
    for (std::size_t r : order) {
        std::vector<Value> row;
        for (const auto& c : t.columns) {
            if (c.field == col::kParentCode) {
                const auto it = parent_name.find(admin.text(r, col::kParentCode));
                row.push_back(Value::of(it != parent_name.end() ? it->second
                                                                : admin.text(r, col::kParentCode)));
            } else {
                row.push_back(c.format == Format::text ? Value::of(admin.text(r, c.field))
                                                       : number_of(admin, r, c.field));
            }
        }
        t.rows.push_back(std::move(row));
        t.codes.push_back(admin.text(r, col::kAdminCode));
    }
    t.hide_zero_rows = t.rows.size() > kLongTable;
    html += render(t);
    return html;
}

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

std::string ReportWriter::page() {
    // Sections first (they number themselves), then the contents that link to them.
    std::vector<std::pair<std::string, std::string>> toc;
    std::string body;
    auto add = [&](const std::string& id, const std::string& title, const std::string& html) {
        toc.emplace_back(id, title);
        body += "<section class=\"" + id + "\">\n" + html + "</section>\n";
    };
    add("skenario", "Skenario dan sumber data", scenario_section());
    add("angka-utama", "Angka utama", headline_section());
    add("peta", "Peta", maps_section());
    if (d_.recap) add("rekapitulasi", "Rekapitulasi", recap_section());
    if (d_.main.cluster) add("klaster", "Klaster dan perangkat daerah", cluster_section());
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
        escape(d_.info("scenario_name")) + "</title>\n" + css() + "</head>\n<body>\n";
    html += title_block();
    html += "<nav class=\"toc\"><ol>\n";
    for (const auto& [id, title] : toc)
        html += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", id, escape(title));
    html += "</ol></nav>\n";
    html += body;
    html += fmt::format(
        "<footer>Dibuat oleh jitupasna {} dari <code>{}</code>. Angka Rupiah dibulatkan ke "
        "rupiah terdekat; jumlah dihitung dari nilai yang belum dibulatkan.</footer>\n",
        escape(d_.info("tool_version")), escape(d_.gpkg));
    html += "</body>\n</html>\n";
    return html;
}

}  // namespace

void write_report(const ReportOptions& options) {
    std::error_code ec;
    if (fs::exists(options.html, ec) && fs::equivalent(options.html, options.gpkg, ec))
        throw ConfigError(
            fmt::format("{}: the report would replace the GeoPackage it reads", options.html));
    io::AtomicFile out(options.html, options.overwrite);
    const ReportData data = report::read_report_data(options.gpkg);
    const std::string html = ReportWriter(data).page();
    {
        std::ofstream file(out.temp_path(), std::ios::binary | std::ios::trunc);
        if (!file)
            throw DataError(fmt::format("{}: cannot write the report ({})", options.html,
                                        out.temp_path().string()));
        file << html;
        file.close();
        if (!file) throw DataError(fmt::format("{}: cannot write the report", options.html));
    }
    out.commit();
}

}  // namespace jitupasna::publish
