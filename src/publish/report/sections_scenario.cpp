// The report's first sections: the scenario and its data, and the headline figures.

#include <map>
#include <vector>

#include "jitupasna/core/indonesian_number.hpp"
#include "jitupasna/core/rounding.hpp"
#include "report_writer.hpp"

namespace jitupasna::publish::report {

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
                      {"Jumlah fitur / keterangan", "", Format::text}};
    auto input_row = [&](const std::string& role, const std::string& key,
                         const std::string& layer_key, const std::string& count_key) {
        if (d_.info(key + ".path").empty()) return;
        std::string count = count_key.empty() ? "" : d_.info(key + count_key);
        if (!count.empty() && count.find_first_not_of("0123456789") == std::string::npos)
            count = core::format_number(std::stod(count), 0);  // 7689 -> 7.689
        inputs.rows.push_back({Value::of(role), Value::of(d_.info(key + ".path")),
                               Value::of(d_.info(key + layer_key)),
                               Value::of(d_.info(key + ".crs")), Value::of(count)});
    };
    input_row("Wilayah administrasi (" + level_name(d_.main) + ")", "input.admin", ".layer",
              ".features");
    if (d_.sub)
        input_row("Wilayah administrasi (" + level_name(*d_.sub) + ")", "input.admin.sublevel",
                  ".layer", ".features");
    input_row("Bahaya (" + hazard_form_name(d_.info("input.hazard.form")) + ")", "input.hazard",
              d_.info("input.hazard.band").empty() ? ".layer" : ".band", "");
    if (!inputs.rows.empty() && !d_.info("input.hazard.grid").empty())
        inputs.rows.back()[4] =
            Value::of("kisi " + hazard_fact_value("grid", d_.info("input.hazard.grid")));
    for (const auto& e : d_.exposures) {
        const std::string key = "input.exposure." + e.name;
        input_row("Paparan: " + e.name + " (" + kind_name(core::kind_name(e.kind)) + ")", key,
                  ".layer", ".features");
        // The table joined to it by code: where the counts come from.
        if (!d_.info(key + ".join.path").empty())
            inputs.rows.push_back({Value::of("Tabel gabungan untuk paparan " + e.name),
                                   Value::of(d_.info(key + ".join.path")),
                                   Value::of(d_.info(key + ".join.layer")), Value::of(""),
                                   Value::of("kunci " + d_.info(key + ".join.key") + " = " +
                                             e.name + "." + d_.info(key + ".join.field"))});
    }
    if (!d_.info("damage.defaults_file").empty())
        inputs.rows.push_back({Value::of("Nilai bawaan (biaya, asumsi, klaster)"),
                               Value::of(d_.info("damage.defaults_file")), Value::of(""),
                               Value::of(""), Value::of("")});
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
            html += (i ? " · " : "") + escape(hazard_fact_label(hazard[i].first)) + " = " +
                    escape(hazard_fact_value(hazard[i].first, hazard[i].second));
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
        ct.rows.push_back({Value::of(core::glossary::class_display(d_.class_labels[c])),
                           range.empty() ? Value{} : Value::of(range)});
    }
    ct.rows.push_back({Value::of("Tidak terdampak"), Value::of("nilai di luar semua kelas")});
    ct.rows.push_back(
        {Value::of("Tidak terpapar"), Value::of("tanpa nilai bahaya (nodata, di luar data)")});
    html += render(ct);
    return html;
}

namespace {

// The headline rounds as the tables' totals do (core/rounding): counts up to whole units,
// people up to their step, so a card and the table's Jumlah show the same figure.
std::string units_text(double count) { return format_count(core::rounding::round_count(count), 0); }
std::string people_text(double people) {
    return format_count(core::rounding::round_people(people), 0);
}

}  // namespace

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
            card("Rumah rusak berat", units_text(rb) + " unit",
                 "rusak sedang " + units_text(rs) + " · rusak ringan " + units_text(rr), "", "");
        } else if (const Exposure* e = damage_exposure()) {
            auto shown = [&](const char* category) {
                const double v = admin.total(e->category_column(category));
                return counted(*e) ? units_text(v) : format_count(v, 1);
            };
            card(title_case(e->name) + " rusak berat",
                 shown("rusak_berat") + " " + exposure_unit(*e),
                 "rusak sedang " + shown("rusak_sedang") + " · rusak ringan " +
                     shown("rusak_ringan"),
                 e->category_column("rusak_berat"), schema::kAdminSummary);
        }
        card("Pengungsi", people_text(admin.total(col::kPengungsi)) + " jiwa",
             admin.total(col::kTerdampak) > 0
                 ? "penduduk terdampak " + people_text(admin.total(col::kTerdampak)) + " jiwa"
                 : "",
             col::kPengungsi, schema::kAdminSummary);
        if (admin.total(col::kKorbanJiwa) > 0)
            card("Perkiraan korban jiwa", people_text(admin.total(col::kKorbanJiwa)) + " jiwa", "",
                 col::kKorbanJiwa, schema::kAdminSummary);
        // The units the recap tables list: those reaching the terdampak threshold (an output
        // from before the threshold: any damage or anyone displaced).
        std::size_t hit = 0;
        const auto listed = terdampak_units(admin);
        for (std::size_t r = 0; !listed && r < admin.rows.size(); ++r)
            if (admin.number(r, col::kKerusakanRp) > 0 || admin.number(r, col::kPengungsi) > 0)
                ++hit;
        card(units + " terdampak",
             fmt::format("{} dari {}", listed.value_or(hit), admin.rows.size()),
             listed ? "mencapai ambang terdampak (rumah rusak atau penduduk di daerah bahaya)"
                    : "dengan kerusakan atau pengungsi",
             "", "");
    }
    for (const auto& e : d_.exposures) {
        const double affected = admin.total(e.affected_column());
        const double total = admin.total(e.total_column());
        auto shown = [&](double v) {
            if (e.kind == core::ExposureKind::population) return people_text(v);
            return counted(e) ? units_text(v) : format_count(v, 2);
        };
        card(title_case(e.name) + " di daerah bahaya", shown(affected) + " " + exposure_unit(e),
             "dari " + shown(total) + " " + exposure_unit(e) + " di wilayah kajian",
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

}  // namespace jitupasna::publish::report
