#include "html_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "format.hpp"
#include "jitupasna/core/output_schema.hpp"

namespace jitupasna::publish::report {

namespace {

namespace col = core::schema::column;

bool is_number_column(const Column& c) { return c.format != Format::text; }
bool in_totals(const Column& c) { return is_number_column(c) && c.summed; }

// Sums of the summed columns over a set of rows (NULLs skipped).
struct Sums {
    std::size_t rows = 0;
    std::vector<double> values;
};

}  // namespace

std::string render(const HtmlTable& t) {
    const std::size_t ncols = t.columns.size();
    const std::string css_class = !t.css_class.empty() ? t.css_class : ncols >= 10 ? "wide" : "";
    // The satuan column, if any, and the satuan of the rows in first-seen order.
    std::optional<std::size_t> satuan_column;
    for (std::size_t c = 0; c < ncols; ++c)
        if (t.columns[c].field == col::kSatuan) satuan_column = c;
    auto satuan_of = [&](std::size_t r) -> std::string {
        return satuan_column ? t.rows[r][*satuan_column].text : std::string();
    };
    std::vector<std::string> satuans;
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        if (std::find(satuans.begin(), satuans.end(), satuan_of(r)) == satuans.end())
            satuans.push_back(satuan_of(r));
    const bool mixed = satuans.size() > 1;
    const std::string single_satuan = satuans.size() == 1 ? satuans.front() : std::string();

    auto number_cell = [&](std::size_t c, double value, const std::string& satuan) {
        const ShownNumber shown = shown_number(t.columns[c].format, value, satuan);
        return "<td class=\"n\">" + format_number(shown.value, shown.decimals) + "</td>";
    };
    auto cell = [&](std::size_t c, const Value& v, const std::string& satuan) {
        const bool text = !is_number_column(t.columns[c]);
        if (v.null) return std::string(text ? "<td>" : "<td class=\"n\">") + "–</td>";
        if (text) return "<td>" + escape(v.text) + "</td>";
        return number_cell(c, v.number, satuan);
    };
    auto add = [&](Sums& sums, std::size_t r) {
        if (sums.values.empty()) sums.values.assign(ncols, 0);
        ++sums.rows;
        for (std::size_t c = 0; c < ncols; ++c)
            if (is_number_column(t.columns[c]) && !t.rows[r][c].null)
                sums.values[c] += t.rows[r][c].number;
    };
    // A row of sums: the label in the first text column; quantities only where they share one
    // satuan (`satuan` empty and the table mixed: Rupiah only).
    auto sums_row = [&](const std::string& css, const std::string& label, const Sums& sums,
                        const std::string& satuan, bool quantities) {
        std::string html = "<tr class=\"" + css + "\">";
        bool labelled = false;
        for (std::size_t c = 0; c < ncols; ++c) {
            const Column& column = t.columns[c];
            if (satuan_column && c == *satuan_column && labelled) {
                html += "<td>" + escape(quantities ? satuan : std::string()) + "</td>";
            } else if (!in_totals(column)) {
                html += labelled ? "<td></td>" : "<td>" + escape(label) + "</td>";
                labelled = true;
            } else if (!quantities && !adds_across_satuan(column.format)) {
                html += "<td class=\"n\"></td>";
            } else if (quantities && mixed && !adds_in_satuan(column.format, satuan)) {
                html += "<td class=\"n\"></td>";  // jiwa in TOTAL unit, or units in TOTAL jiwa
            } else {
                html += number_cell(c, sums.values.empty() ? 0 : sums.values[c], satuan);
            }
        }
        return html + "</tr>\n";
    };

    std::string html = fmt::format(
        "<table id=\"{}\"{}{}>\n<caption>{}</caption>\n<thead><tr>", escape(t.id),
        css_class.empty() ? "" : " class=\"" + css_class + "\"",
        t.layer.empty() ? "" : " data-layer=\"" + escape(t.layer) + "\"", escape(t.caption));
    // data-round: how the column's numbers are rounded for display (the report test applies the
    // same rules to the GeoPackage's values): up to whole units, people to a step, juta.
    auto round_attribute = [&](const Column& c) -> std::string {
        switch (c.format) {
            case Format::count:
                return single_satuan == "km" || single_satuan == "ha" ? "" : " data-round=\"up\"";
            case Format::people:
                return " data-round=\"people\"";
            case Format::million_rupiah:
                return " data-round=\"juta\"";
            default:
                return "";
        }
    };
    for (const auto& column : t.columns)
        html += fmt::format(
            "<th{}{}{}>{}</th>", is_number_column(column) ? " class=\"n\"" : "",
            round_attribute(column),
            column.field.empty() ? "" : " data-field=\"" + escape(column.field) + "\"",
            escape(column.format == Format::million_rupiah ? million_rupiah_header(column.header)
                                                           : column.header));
    html += "</tr></thead>\n<tbody>\n";

    Sums zero_rows, below_rows;
    std::map<std::string, Sums> zero_by_satuan, below_by_satuan, total_by_satuan;
    Sums total;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        add(total, r);
        add(total_by_satuan[satuan_of(r)], r);
        // All-zero rows of a long table are hidden first (with their note); the rows of units
        // below the terdampak threshold that remain are added up in their own row.
        if (t.hide_zero_rows) {
            bool zero = true;
            for (std::size_t c = 0; c < ncols; ++c)
                if (is_number_column(t.columns[c]) && t.columns[c].format != Format::rank &&
                    (t.zero_keys.empty() ||
                     std::find(t.zero_keys.begin(), t.zero_keys.end(), c) != t.zero_keys.end()) &&
                    !t.rows[r][c].null && t.rows[r][c].number != 0)
                    zero = false;
            if (zero) {
                add(zero_rows, r);
                add(zero_by_satuan[satuan_of(r)], r);
                continue;
            }
        }
        if (r < t.below_threshold.size() && t.below_threshold[r]) {
            add(below_rows, r);
            add(below_by_satuan[satuan_of(r)], r);
            continue;
        }
        std::string attributes;
        if (r < t.codes.size() && !t.codes[r].empty())
            attributes += " data-code=\"" + escape(t.codes[r]) + "\"";
        if (r < t.row_class.size() && !t.row_class[r].empty())
            attributes += " class=\"" + t.row_class[r] + "\"";
        html += "<tr" + attributes + ">";
        for (std::size_t c = 0; c < ncols; ++c) html += cell(c, t.rows[r][c], satuan_of(r));
        html += "</tr>\n";
    }
    // The rows left out, added up (per satuan where they mix), so that the rows shown still add
    // up to the total.
    auto any_value = [&](const Sums& sums) {
        for (std::size_t c = 0; c < ncols; ++c)
            if (in_totals(t.columns[c]) && !sums.values.empty() && sums.values[c] != 0) return true;
        return false;
    };
    auto others = [&](const Sums& all, const std::map<std::string, Sums>& by_satuan,
                      const std::string& label) {
        if (all.rows == 0 || !any_value(all) || !t.totals) return;
        if (!mixed) {
            html += sums_row("others", label, all, single_satuan, true);
            return;
        }
        for (const auto& s : satuans)
            if (const auto it = by_satuan.find(s); it != by_satuan.end() && any_value(it->second))
                html += sums_row("others", label, it->second, s, true);
    };
    others(
        zero_rows, zero_by_satuan,
        fmt::format("Lainnya ({} baris)", format_number(static_cast<double>(zero_rows.rows), 0)));
    others(below_rows, below_by_satuan,
           fmt::format("Di bawah ambang terdampak ({} baris)",
                       format_number(static_cast<double>(below_rows.rows), 0)));
    if (t.rows.empty())
        html += fmt::format("<tr><td colspan=\"{}\" class=\"empty\">Tidak ada baris.</td></tr>\n",
                            ncols);
    html += "</tbody>\n";
    bool rounded = false;
    if (t.totals && !t.rows.empty()) {
        html += "<tfoot>";
        if (mixed) {
            for (const auto& s : satuans)
                html += sums_row("total", "Jumlah (" + s + ")", total_by_satuan[s], s, true);
            html += sums_row("total", "Jumlah", total, "", false);
        } else {
            html += sums_row("total", "Jumlah", total, single_satuan, true);
        }
        html += "</tfoot>\n";
        for (const auto& c : t.columns)
            if (in_totals(c) && rounded_for_display(c.format)) rounded = true;
    }
    html += "</table>\n";
    if (zero_rows.rows > 0)
        html += fmt::format(
            "<p class=\"note\">{} baris {} tidak ditampilkan satu per satu; jumlah mencakup "
            "semua baris.</p>\n",
            zero_rows.rows,
            t.zero_keys.size() != 1
                ? std::string("yang semua nilainya nol")
                : "dengan " + escape(t.columns[t.zero_keys.front()].header) + " nol");
    if (below_rows.rows > 0)
        html += fmt::format(
            "<p class=\"note\">{} baris wilayah di bawah ambang terdampak tidak ditampilkan satu "
            "per satu{}; jumlah mencakup semua baris.</p>\n",
            below_rows.rows,
            any_value(below_rows) && t.totals ? " (nilainya dijumlahkan dalam satu baris)" : "");
    if (mixed)
        html +=
            "<p class=\"note\">Jumlah rusak dijumlahkan per satuan (unit bangunan, km jalan, ha "
            "lahan) dan tidak dijumlahkan antarsatuan; nilai Rupiah dijumlahkan seluruhnya.</p>\n";
    if (rounded)
        html +=
            "<p class=\"note\">Angka dibulatkan untuk dibaca: unit dan jiwa ke atas ke bilangan "
            "bulat (jiwa dengan langkah 10, 100 atau 1.000 untuk angka besar), Rupiah dalam juta. "
            "Baris jumlah dihitung dari nilai tepat lalu dibulatkan, sehingga dapat berbeda "
            "sedikit dari jumlah angka yang tampil. Nilai tepat ada di GeoPackage.</p>\n";
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

void fill_rows(HtmlTable& t, const Table& table, const std::vector<std::size_t>& order) {
    auto add = [&](std::size_t r) {
        std::vector<Value> row;
        for (const auto& c : t.columns)
            row.push_back(c.format == Format::text ? Value::of(table.text(r, c.field))
                                                   : number_of(table, r, c.field));
        t.rows.push_back(std::move(row));
        t.codes.push_back(table.text(r, core::schema::column::kAdminCode));
    };
    if (order.empty())
        for (std::size_t r = 0; r < table.rows.size(); ++r) add(r);
    else
        for (std::size_t r : order) add(r);
}

}  // namespace jitupasna::publish::report

namespace jitupasna::publish::report {

void mark_below_threshold(HtmlTable& t, const Table& admin) {
    if (!admin.has(col::kWilayahTerdampak)) return;
    std::map<std::string, bool> below;
    for (std::size_t r = 0; r < admin.rows.size(); ++r)
        below[admin.text(r, col::kAdminCode)] = admin.number(r, col::kWilayahTerdampak) == 0;
    t.below_threshold.assign(t.rows.size(), false);
    for (std::size_t r = 0; r < t.rows.size() && r < t.codes.size(); ++r)
        if (const auto it = below.find(t.codes[r]); it != below.end())
            t.below_threshold[r] = it->second;
}

std::optional<std::size_t> terdampak_units(const Table& admin) {
    if (!admin.has(col::kWilayahTerdampak)) return std::nullopt;
    std::size_t n = 0;
    for (std::size_t r = 0; r < admin.rows.size(); ++r)
        if (admin.number(r, col::kWilayahTerdampak) != 0) ++n;
    return n;
}

}  // namespace jitupasna::publish::report
