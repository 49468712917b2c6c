// The report's section on the Perangkat Daerah (PD) after `jitupasna import`: who has reported,
// verified or not yet (the PDs of the run's cluster scheme), the consolidated totals per
// kab/kota beside the model's estimate, and the figures the PDs reported, each with its PD and
// date (docs/forms.md).

#include <algorithm>
#include <map>
#include <set>

#include "report_writer.hpp"

namespace jitupasna::publish::report {

namespace {

// The PD rows the section lists one by one; the rest are counted (the workbook has them all).
constexpr std::size_t kListedPdRows = 100;

struct PdStatus {
    std::vector<std::string> leads;     // clusters the PD leads
    bool supports = false;              // supports some sub-sector
    std::optional<std::size_t> active;  // the row of its latest submission
    std::size_t forms = 0;              // submissions in the history
};

Value text_or_null(const Table& table, std::size_t row, const char* field) {
    const std::string value = table.text(row, field);
    return value.empty() ? Value{} : Value::of(value);
}

}  // namespace

std::string ReportWriter::pd_status_section() {
    std::string html = heading("laporan-pd", "Status laporan Perangkat Daerah");
    const Table& submissions = *d_.submissions;

    // Every PD of the scheme, leads first in scheme order, then those only supporting; a
    // submitting PD the scheme does not name (an older scheme) is listed too.
    std::vector<std::string> order;
    std::map<std::string, PdStatus> status;
    auto entry = [&](const std::string& pd) -> PdStatus& {
        if (!status.count(pd)) order.push_back(pd);
        return status[pd];
    };
    if (d_.scheme) {
        const Table& scheme = *d_.scheme;
        for (std::size_t r = 0; r < scheme.rows.size(); ++r) {
            const std::string lead = scheme.text(r, col::kPengampu);
            if (lead.empty()) continue;
            auto& leads = entry(lead).leads;
            const std::string cluster = scheme.text(r, col::kKlaster);  // prose already
            if (std::find(leads.begin(), leads.end(), cluster) == leads.end())
                leads.push_back(cluster);
        }
        for (std::size_t r = 0; r < scheme.rows.size(); ++r)
            for (const std::string& pd : core::schema::split_names(scheme.text(r, col::kPendukung)))
                entry(pd).supports = true;
    }
    for (std::size_t r = 0; r < submissions.rows.size(); ++r) {
        PdStatus& pd = entry(submissions.text(r, col::kPerangkatDaerah));
        ++pd.forms;
        if (submissions.number(r, "aktif") == 1) pd.active = r;
    }

    HtmlTable who;
    who.id = next_table_id();
    who.layer = submissions.name;
    who.caption = "Laporan per perangkat daerah";
    who.totals = false;
    who.columns = {column(col::kPerangkatDaerah, Format::text),
                   {"Peran", "", Format::text, false},
                   {"Status", "", Format::text, false},
                   column("diimpor_pada", Format::text),
                   column("diverifikasi_oleh", Format::text),
                   column("tanggal_verifikasi", Format::text),
                   column("baris_kerusakan", Format::rank, false),
                   column("baris_kebutuhan", Format::rank, false),
                   {"Formulir Diimpor", "", Format::rank, false}};
    std::size_t reported = 0, verified = 0;
    std::vector<std::string> missing;
    for (const std::string& name : order) {
        const PdStatus& pd = status[name];
        std::string role;
        if (!pd.leads.empty()) {
            role = "Pengampu " + pd.leads.front();
            for (std::size_t i = 1; i < pd.leads.size(); ++i) role += ", " + pd.leads[i];
        }
        if (pd.supports) role += role.empty() ? "Pendukung" : "; pendukung";
        std::vector<Value> row = {Value::of(name), Value::of(role.empty() ? "-" : role)};
        if (pd.active) {
            const std::size_t r = *pd.active;
            const bool is_verified = !submissions.text(r, "diverifikasi_oleh").empty();
            ++reported;
            verified += is_verified ? 1 : 0;
            row.push_back(Value::of(std::string(is_verified ? "Melapor, terverifikasi"
                                                            : "Melapor, belum diverifikasi")));
            row.push_back(text_or_null(submissions, r, "diimpor_pada"));
            row.push_back(text_or_null(submissions, r, "diverifikasi_oleh"));
            row.push_back(text_or_null(submissions, r, "tanggal_verifikasi"));
            row.push_back(number_of(submissions, r, "baris_kerusakan"));
            row.push_back(number_of(submissions, r, "baris_kebutuhan"));
            who.row_class.push_back(is_verified ? "pd" : "");
        } else {
            missing.push_back(name);
            row.push_back(Value::of(std::string("Belum melapor")));
            for (int i = 0; i < 5; ++i) row.push_back(Value{});
            who.row_class.push_back("");
        }
        row.push_back(Value::of(static_cast<double>(pd.forms)));
        who.rows.push_back(std::move(row));
    }
    std::string missing_list;
    for (const std::string& name : missing)
        missing_list += (missing_list.empty() ? "" : ", ") + name;
    html += fmt::format(
        "<p>{} dari {} perangkat daerah skema klaster telah melapor ({} terverifikasi){}.</p>\n",
        format_number(static_cast<double>(reported), 0),
        format_number(static_cast<double>(order.size()), 0),
        format_number(static_cast<double>(verified), 0),
        missing.empty() ? std::string() : "; belum melapor: " + escape(missing_list));
    who.note =
        "Tanggal laporan: waktu formulir diimpor (UTC). Laporan baru dari PD yang sama "
        "menggantikan laporan sebelumnya; riwayatnya tetap di tabel pd_submissions.";
    html += render(who);

    if (d_.consolidated_units) {
        const Table& units = *d_.consolidated_units;
        HtmlTable t;
        t.id = next_table_id();
        t.layer = units.name;
        t.caption = "Rekap konsolidasi per " + level_name(d_.main) + ": data PD dan estimasi";
        t.columns = {{level_name(d_.main), col::kAdminName, Format::text},
                     column("est_kerusakan_rp", Format::million_rupiah),
                     column(col::kKerusakanRp, Format::million_rupiah),
                     column("est_kerugian_rp", Format::million_rupiah),
                     column(col::kKerugianRp, Format::million_rupiah),
                     column("kebutuhan_pd_rp", Format::million_rupiah),
                     column(col::kSumberData, Format::text)};
        fill_rows(t, units);
        for (std::size_t r = 0; r < units.rows.size(); ++r)
            t.row_class.push_back(units.text(r, col::kSumberData) == "estimasi" ? "" : "pd");
        t.hide_zero_rows = t.rows.size() > kLongTable;
        t.note =
            "Nilai Kerusakan dan Nilai Kerugian: angka yang dipakai, yaitu angka PD bila "
            "dilaporkan, selain itu estimasi model. Sumber Data: estimasi (hanya model), "
            "sebagian PD, atau PD. Baris berlatar biru memuat data PD.";
        html += render(t);
    }

    if (d_.consolidated) {
        const Table& recap = *d_.consolidated;
        std::vector<std::size_t> pd_rows;
        for (std::size_t r = 0; r < recap.rows.size(); ++r)
            if (recap.text(r, "sumber") != "model") pd_rows.push_back(r);
        if (pd_rows.empty()) {
            html +=
                "<p>Belum ada angka kerusakan dari perangkat daerah: semua angka rekap adalah "
                "estimasi model.</p>\n";
        } else {
            HtmlTable t;
            t.id = next_table_id();
            t.layer = recap.name;
            t.caption = "Angka yang dilaporkan perangkat daerah (menggantikan estimasi)";
            t.columns = {{level_name(d_.main), col::kAdminName, Format::text},
                         column(col::kSubSektor, Format::text),
                         column("uraian", Format::text),
                         column(col::kSatuan, Format::text),
                         column("rusak_berat", Format::count),
                         column("rusak_sedang", Format::count),
                         column("rusak_ringan", Format::count),
                         column("est_kerusakan_rp", Format::million_rupiah),
                         column(col::kKerusakanRp, Format::million_rupiah),
                         column(col::kPerangkatDaerah, Format::text),
                         column("tanggal_laporan", Format::text),
                         column("nilai_pd", Format::text)};
            const bool cut = pd_rows.size() > kListedPdRows;
            const std::size_t all = pd_rows.size();
            if (cut) pd_rows.resize(kListedPdRows);
            fill_rows(t, recap, pd_rows);
            // A list of some rows of the table: its totals would read as the table's.
            t.totals = false;
            t.note =
                "Nilai dari PD: kolom yang diisi PD; kolom yang dikosongkan PD tetap estimasi "
                "model. Rusak berat/sedang/ringan dalam satuan baris.";
            if (cut)
                t.note += fmt::format(
                    " Ditampilkan {} dari {} baris data PD; seluruhnya ada di tabel "
                    "rekap_konsolidasi GeoPackage dan lembar Rekap Konsolidasi "
                    "(<code>jitupasna export</code>).",
                    format_number(static_cast<double>(kListedPdRows), 0),
                    format_number(static_cast<double>(all), 0));
            html += render(t);
        }
    }
    return html;
}

}  // namespace jitupasna::publish::report
