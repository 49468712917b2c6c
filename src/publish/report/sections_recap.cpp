// The report's recap sections: damage, losses and needs per admin unit and sector, the
// priority, the clusters and the minimum needs.

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "../recap_tables.hpp"
#include "report_writer.hpp"

namespace jitupasna::publish::report {

namespace {

// The satuan of a recap table's row ("unit" in an output from before the column).
std::string satuan_at(const Table& table, std::size_t row) {
    const std::string satuan = table.text(row, col::kSatuan);
    return satuan.empty() ? std::string("unit") : satuan;
}

}  // namespace

void ReportWriter::add_damage_columns(HtmlTable& t, const Table& admin, const Exposure& e) const {
    // Units are counts; road km and land ha are lengths and areas: two decimals, never rounded
    // up as a count (104.26 km is not 105).
    const Format format = counted(e) ? Format::count : Format::decimal;
    for (const char* category : {"rusak_berat", "rusak_sedang", "rusak_ringan", "hilang"})
        if (std::string_view(category) != "hilang" ||
            any_positive(admin, e.category_column(category)))
            t.columns.push_back(column(e.category_column(category), format));
}

HtmlTable ReportWriter::damaged_table(const Level& level, const Exposure& e) {
    const Table& admin = level.admin;
    HtmlTable t;
    t.id = next_table_id();
    t.layer = admin.name;
    t.caption = fmt::format("{} rusak per {} ({}, nilai harapan)", title_case(e.name),
                            level_name(level), exposure_unit(e));
    t.columns.push_back({level_name(level), col::kAdminName, Format::text});
    add_damage_columns(t, admin, e);
    t.columns.push_back(column(e.damage_value_column(), Format::million_rupiah));
    fill_rows(t, admin);
    mark_below_threshold(t, admin);
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
        for (const char* field : {col::kKerusakanRp, col::kKerugianRp, col::kKebutuhanRp})
            t.columns.push_back(column(field, Format::million_rupiah));
    }
    t.columns.push_back(column(col::kPengungsi, Format::people));
    if (any_positive(admin, col::kKorbanJiwa))
        t.columns.push_back(column(col::kKorbanJiwa, Format::people));
    if (admin.has(col::kPeringkatPrioritas))
        t.columns.push_back(column(col::kPeringkatPrioritas, Format::rank, false));
    fill_rows(t, admin);
    mark_below_threshold(t, admin);
    t.note = fmt::format(
        "Rusak berat/sedang/ringan: {}, nilai harapan dari fungsi kerentanan. "
        "Peringkat 1 didahulukan.",
        single ? exposure_unit(*damage_exposure()) : std::string("unit"));
    t.hide_zero_rows = t.rows.size() > kLongTable;
    return t;
}

std::string ReportWriter::recap_section() {
    std::string html = heading("rekapitulasi", "Rekapitulasi kerusakan, kerugian dan kebutuhan");
    // Where the figures come from: the model, and PD reports only where an import merged some.
    html += d_.submissions
                ? "<p>Angka pada bagian ini adalah <b>estimasi model</b>. Angka yang dilaporkan "
                  "perangkat daerah dan rekap konsolidasinya (angka PD menggantikan estimasi) ada "
                  "di bagian <a href=\"#laporan-pd\">Status laporan Perangkat Daerah</a>.</p>\n"
                : "<p>Semua angka pada bagian ini adalah <b>estimasi model</b>: belum ada laporan "
                  "perangkat daerah yang diimpor (<code>jitupasna import</code>).</p>\n";
    // Which units are listed: those reaching the stated threshold (scenario key terdampak).
    if (const auto listed = terdampak_units(d_.main.admin); listed && d_.facts.terdampak) {
        const std::size_t units = d_.main.admin.rows.size();
        html += fmt::format(
            "<p>Wilayah terdampak: {} yang rumah rusaknya (berat + sedang + ringan, nilai harapan) "
            "paling sedikit {} atau penduduknya di daerah bahaya paling sedikit {} jiwa "
            "(kunci <code>terdampak</code>). {} dari {} {} terdampak dan dicantumkan satu per "
            "satu; {} di bawah ambang tidak dicantumkan, tetapi masuk dalam jumlah.</p>\n",
            escape(level_name(d_.main)),
            core::format_legend(d_.facts.terdampak->min_houses_damaged),
            core::format_legend(d_.facts.terdampak->min_people_exposed),
            format_number(static_cast<double>(*listed), 0),
            format_number(static_cast<double>(units), 0), escape(level_name(d_.main)),
            format_number(static_cast<double>(units - *listed), 0));
    }
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
        using Key = std::tuple<std::string, std::string, std::string>;
        std::vector<Key> keys;
        std::map<Key, std::vector<double>> sums;
        // The workbook's columns, summed per sector, sub-sector and satuan.
        const std::vector<Column> columns = sector_columns();
        std::vector<std::string> fields;
        for (std::size_t c = kSectorKeyColumns; c < columns.size(); ++c)
            fields.push_back(columns[c].field);
        for (std::size_t r = 0; r < sector->rows.size(); ++r) {
            const Key key{sector->text(r, col::kSektor), sector->text(r, col::kSubSektor),
                          satuan_at(*sector, r)};
            auto& v = sums[key];
            if (v.empty()) {
                v.assign(fields.size(), 0);
                keys.push_back(key);
            }
            for (std::size_t f = 0; f < fields.size(); ++f) v[f] += sector->number(r, fields[f]);
        }
        std::sort(keys.begin(), keys.end());
        auto table = [&](const std::string& caption, const std::vector<std::string>& shown,
                         bool with_sector) {
            std::vector<std::size_t> which;
            for (const std::string& field : shown)
                which.push_back(static_cast<std::size_t>(
                    std::find(fields.begin(), fields.end(), field) - fields.begin()));
            HtmlTable t;
            t.id = next_table_id();
            t.layer = sector->name;
            t.caption = caption;
            if (with_sector) t.columns.push_back(columns[0]);
            t.columns.push_back(columns[1]);
            t.columns.push_back(columns[2]);  // satuan
            for (std::size_t f : which) t.columns.push_back(columns[kSectorKeyColumns + f]);
            for (const auto& key : keys) {
                std::vector<Value> row;
                if (with_sector) row.push_back(Value::of(title_case(std::get<0>(key))));
                row.push_back(Value::of(title_case(std::get<1>(key))));
                row.push_back(Value::of(std::get<2>(key)));
                for (std::size_t f : which) row.push_back(Value::of(sums[key][f]));
                t.rows.push_back(std::move(row));
            }
            return t;
        };
        std::vector<std::string> main_columns = {"rusak_berat", "rusak_sedang", "rusak_ringan"};
        if (sector->total("hilang") > 0) main_columns.emplace_back("hilang");
        for (const char* f : {col::kKerusakanRp, col::kKerugianRp, col::kKebutuhanRp})
            main_columns.emplace_back(f);
        html += render(
            table("Rekapitulasi per sektor dan sub-sektor (semua " + level_name(d_.main) + ")",
                  main_columns, true));
        // The parts of kerugian and kebutuhan (lost income only where there is any).
        std::vector<std::string> parts = {"dana_tunggu_hunian_rp", "pembersihan_puing_rp"};
        if (sector->total("kehilangan_pendapatan_rp") != 0)
            parts.emplace_back("kehilangan_pendapatan_rp");
        for (const char* f :
             {"kebutuhan_pembangunan_rp", "kebutuhan_bantuan_rp", "kebutuhan_pemulihan_rp"})
            parts.emplace_back(f);
        HtmlTable components =
            table("Komponen kerugian dan kebutuhan per sub-sektor", parts, false);
        components.css_class = "wide";
        html += render(components);

        // Every row of the sector table: per unit and sub-sector.
        HtmlTable detail;
        detail.id = next_table_id();
        detail.layer = sector->name;
        detail.caption = "Rincian per " + level_name(d_.main) + " dan sub-sektor";
        detail.columns = {{level_name(d_.main), col::kAdminName, Format::text},
                          {field_header(col::kSektor) + " / " + field_header(col::kSubSektor),
                           col::kSubSektor, Format::text},
                          column(col::kSatuan, Format::text),
                          column("rusak_berat", Format::count),
                          column("rusak_sedang", Format::count),
                          column("rusak_ringan", Format::count),
                          column(col::kKerusakanRp, Format::million_rupiah),
                          column(col::kKerugianRp, Format::million_rupiah),
                          column(col::kKebutuhanRp, Format::million_rupiah)};
        for (std::size_t r = 0; r < sector->rows.size(); ++r) {
            detail.rows.push_back(
                {Value::of(sector->text(r, col::kAdminName)),
                 Value::of(title_case(sector->text(r, col::kSektor)) + " / " +
                           title_case(sector->text(r, col::kSubSektor))),
                 Value::of(satuan_at(*sector, r)), number_of(*sector, r, "rusak_berat"),
                 number_of(*sector, r, "rusak_sedang"), number_of(*sector, r, "rusak_ringan"),
                 number_of(*sector, r, col::kKerusakanRp), number_of(*sector, r, col::kKerugianRp),
                 number_of(*sector, r, col::kKebutuhanRp)});
            detail.codes.push_back(sector->text(r, col::kAdminCode));
        }
        mark_below_threshold(detail, d_.main.admin);
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
        t.columns = {column(col::kPeringkatPrioritas, Format::rank),
                     {level_name(d_.main), col::kAdminName, Format::text},
                     column("prioritas_rumah_rb", Format::score),
                     column("prioritas_kerusakan_per_kapita", Format::rupiah),
                     column("prioritas_pengungsi", Format::people),
                     column("prioritas_fasilitas_rusak", Format::count),
                     column(col::kSkorPrioritas, Format::score)};
        std::vector<std::size_t> order(admin.rows.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return admin.number(a, col::kPeringkatPrioritas) <
                   admin.number(b, col::kPeringkatPrioritas);
        });
        fill_rows(t, admin, order);
        mark_below_threshold(t, admin);
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
    // The workbook's columns, summed per cluster and lead.
    const std::vector<Column> columns = cluster_columns();
    std::vector<std::string> fields;
    for (std::size_t c = kClusterKeyColumns; c < columns.size(); ++c)
        fields.push_back(columns[c].field);
    using Key = std::tuple<std::string, std::string, std::string>;
    std::vector<Key> keys;
    std::map<Key, std::vector<double>> sums;
    std::map<Key, std::vector<std::string>> support;  // every unit's supporting PDs, once
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const Key key{t.text(r, col::kKlaster), t.text(r, col::kPengampu), satuan_at(t, r)};
        auto& v = sums[key];
        if (v.empty()) {
            v.assign(fields.size(), 0);
            keys.push_back(key);
        }
        // An output from before the column has none.
        auto& listed = support[key];
        if (t.has(col::kPendukung))
            for (auto& name : core::schema::split_names(t.text(r, col::kPendukung)))
                if (std::find(listed.begin(), listed.end(), name) == listed.end())
                    listed.push_back(std::move(name));
        for (std::size_t f = 0; f < fields.size(); ++f) v[f] += t.number(r, fields[f]);
    }
    HtmlTable agg;
    agg.id = next_table_id();
    agg.layer = t.name;
    agg.caption = "Rekapitulasi per klaster (semua " + level_name(d_.main) + ")";
    agg.columns = columns;
    for (const auto& key : keys) {
        std::vector<Value> row{Value::of(std::get<0>(key)), Value::of(std::get<1>(key)),
                               Value::of(core::schema::join_names(support[key])),
                               Value::of(std::get<2>(key))};
        for (double v : sums[key]) row.push_back(Value::of(v));
        agg.rows.push_back(std::move(row));
    }
    html += render(agg);

    HtmlTable detail;
    detail.id = next_table_id();
    detail.layer = t.name;
    detail.caption = "Rincian per " + level_name(d_.main) + " dan klaster";
    detail.columns = {{level_name(d_.main), col::kAdminName, Format::text},
                      column(col::kKlaster, Format::text),
                      column(col::kPengampu, Format::text),
                      column(col::kSatuan, Format::text),
                      column("rusak_berat", Format::count),
                      column(col::kPengungsi, Format::people),
                      column(col::kKerusakanRp, Format::million_rupiah),
                      column(col::kKebutuhanRp, Format::million_rupiah)};
    fill_rows(detail, t);
    if (!t.has(col::kSatuan))  // an output from before the column: every row in units
        for (auto& row : detail.rows) row[3] = Value::of(std::string("unit"));
    mark_below_threshold(detail, d_.main.admin);
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
    const std::set<std::string> people = {col::kPenduduk, col::kTerdampak, col::kPengungsi,
                                          col::kKorbanJiwa};
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const std::string& field = t.columns[c];
        if (skip.count(field) || !t.numeric[c]) continue;
        if (people.count(field) && field != col::kPengungsi && !any_positive(t, field)) continue;
        needs.columns.push_back(
            column(field, people.count(field) ? Format::people : Format::count));
    }
    fill_rows(needs, t);
    mark_below_threshold(needs, d_.main.admin);
    needs.note =
        "Kebutuhan dasar minimum per pengungsi menurut Perka BNPB No. 7 Tahun 2008 (jumlah per "
        "periode yang tertulis pada kolom).";
    needs.hide_zero_rows = needs.rows.size() > kLongTable;
    for (std::size_t c = 1; c < needs.columns.size(); ++c)
        if (needs.columns[c].field != col::kPenduduk) needs.zero_keys.push_back(c);
    html += render(needs);
    return html;
}

}  // namespace jitupasna::publish::report
