#include "html_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "format.hpp"
#include "jitupasna/core/output_schema.hpp"

namespace jitupasna::publish::report {

namespace {

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

}  // namespace

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
        if (t.columns[c].format != Format::text && t.columns[c].summed && hidden_sums[c] != 0)
            hidden_values = true;
    if (hidden > 0 && hidden_values && t.totals) {
        html += "<tr class=\"others\">";
        bool labelled = false;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.columns[c].format == Format::text || !t.columns[c].summed) {
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
            if (t.columns[c].format == Format::text || !t.columns[c].summed) {
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
