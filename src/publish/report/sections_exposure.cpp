// The report's exposure tables per hazard class, and the recap of the finer admin level.

#include <algorithm>
#include <map>

#include "jitupasna/core/classification.hpp"
#include "report_writer.hpp"

namespace jitupasna::publish::report {

HtmlTable ReportWriter::exposure_table(const Level& level, const Exposure& e) {
    const Table& admin = level.admin;
    HtmlTable t;
    t.id = next_table_id();
    t.layer = admin.name;
    t.caption = fmt::format("{} ({}) per kelas bahaya dan {}", title_case(e.name), exposure_unit(e),
                            level_name(level));
    t.columns.push_back({level_name(level), col::kAdminName, Format::text});
    const Format format = e.measure() == schema::Measure::people ? Format::people
                          : counted(e)                           ? Format::count
                                                                 : Format::decimal;
    for (const auto& label : d_.class_labels) {
        t.columns.push_back(column(e.class_column(label), format));
        // Without classes every asset with a hazard value is "not affected" by class, yet
        // affected by the hazard (docs/scenario.md): the column says what it holds.
        if (d_.hazard_class_count() == 0 && label == core::kNotAffected)
            t.columns.back().header =
                fmt::format("{}: Ada nilai bahaya (tanpa kelas)", title_case(e.name));
    }
    t.columns.push_back(column(e.affected_column(), format));
    t.columns.push_back(column(e.total_column(), format));
    fill_rows(t, admin);
    t.zero_keys = {t.columns.size() - 2};  // the affected column
    t.hide_zero_rows = t.rows.size() > kLongTable;
    return t;
}

std::string ReportWriter::exposure_section() {
    std::string html = heading("paparan", "Aset terpapar per kelas bahaya");
    html += "<p>Jumlah aset di setiap kelas bahaya per " + escape(level_name(d_.main)) +
            ". Aset di luar semua wilayah administrasi tidak masuk tabel (lihat peringatan).</p>\n";
    if (d_.hazard_class_count() == 0)
        html +=
            "<p class=\"note\">Skenario ini tidak menetapkan kelas bahaya: kolom \"Ada nilai "
            "bahaya (tanpa kelas)\" memuat semua aset yang memiliki nilai bahaya (juga 0), dan "
            "\"Terdampak\" adalah bagiannya yang bernilai bahaya di atas 0 atau diperkirakan "
            "rusak (docs/scenario.md, Affected).</p>\n";
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
                t.columns.push_back(column(e.category_column("rusak_berat"),
                                           counted(e) ? Format::count : Format::decimal));
                break;
            }
        if (damage_exposure()) {
            for (const char* field : {col::kKerusakanRp, col::kKerugianRp, col::kKebutuhanRp})
                t.columns.push_back(column(field, Format::million_rupiah));
        }
        t.columns.push_back(column(col::kPengungsi, Format::people));
        if (admin.has(col::kPeringkatPrioritas))
            t.columns.push_back(column(col::kPeringkatPrioritas, Format::rank, false));
    } else {
        for (const auto& e : d_.exposures)
            t.columns.push_back(column(e.affected_column(), e.measure() == schema::Measure::people
                                                                ? Format::people
                                                            : counted(e) ? Format::count
                                                                         : Format::decimal));
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
                // The parent's name: in the table since parent_name, else by its code.
                if (admin.has(col::kParentName)) {
                    row.push_back(Value::of(admin.text(r, col::kParentName)));
                    continue;
                }
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
    mark_below_threshold(t, admin);
    t.hide_zero_rows = t.rows.size() > kLongTable;
    html += render(t);
    return html;
}

}  // namespace jitupasna::publish::report
