// `jitupasna document`: the draft Dokumen Jitupasna as a Word document (io/docx_writer), in
// the chapters of a published R3P (Perka BNPB 15/2011, Peraturan BNPB 5/2017): what the run
// and the PDs' returned forms give, every figure marked as the model's estimate or a PD's
// report, and a marked placeholder wherever only people can write.

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>

#include "../report/report_writer.hpp"
#include "../report/words.hpp"
#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/glossary.hpp"
#include "jitupasna/core/indonesian_number.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/docx_writer.hpp"
#include "jitupasna/io/gpkg_reader.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/publish/publish.hpp"
#include "jitupasna/version.hpp"
#include "svg_png.hpp"

namespace jitupasna::publish {

namespace {

namespace schema = core::schema;
namespace col = core::schema::column;
using io::docx::Align;
using io::docx::Cell;

// Maps at 300 dpi over the 17 cm of an A4 portrait text width.
constexpr double kMapWidthCm = 16.5;
constexpr int kMapWidthPx = 1950;

// A token as planners read it: "pengungsian_dan_perlindungan" -> "Pengungsian dan Perlindungan".
std::string display(const std::string& token) {
    std::string words = core::glossary::title_case(token);
    for (const char* small : {" Dan ", " Atau ", " Dari "}) {
        std::string lower = small;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (auto at = words.find(small); at != std::string::npos; at = words.find(small, at))
            words.replace(at, lower.size(), lower);
    }
    return words;
}

Cell text_cell(const std::string& text) { return {text, Align::left, false, false}; }
Cell number_cell(const std::string& text, bool shaded = false) {
    return {text, Align::right, false, shaded};
}
Cell rupiah_cell(double value, bool shaded = false) {
    return number_cell(core::format_number(value, 0), shaded);
}
Cell total_cell(const std::string& text, Align align = Align::right) {
    return {text, align, true, true};
}

std::vector<Cell> header(std::initializer_list<const char*> labels) {
    std::vector<Cell> cells;
    for (const char* l : labels) cells.push_back(text_cell(l));
    return cells;
}

// What the draft reads: the report's data, and what the PDs returned (empty before an import).
struct Sources {
    report::ReportData data;
    std::optional<io::Table> consolidated, units, clusters, submissions, needs, scheme, sector;
    bool imported() const { return consolidated.has_value(); }
};

// A recap row's item: the PD's own name for it, or the sub-sector as a whole (the model's).
std::string item(const io::Table& t, std::size_t r) {
    const std::string uraian = t.has("uraian") ? t.text(r, "uraian") : std::string();
    return uraian.empty() || uraian == t.text(r, col::kSubSektor) ? "(seluruh subsektor)" : uraian;
}

std::string source_label(const io::Table& t, std::size_t r) {
    if (t.text(r, "sumber") != "PD") return "estimasi";
    const std::string date = t.text(r, "tanggal_laporan").substr(0, 10);
    return fmt::format("{} ({})", t.text(r, col::kPerangkatDaerah), date);
}

// The PDs whose latest form is in the GeoPackage, with when they reported and who verified.
struct PdReport {
    std::string date, verified_by;
};
std::map<std::string, PdReport> active_reports(const Sources& s) {
    std::map<std::string, PdReport> reports;
    if (!s.submissions) return reports;
    const io::Table& t = *s.submissions;
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        if (t.number(r, "aktif") != 0)
            reports[t.text(r, col::kPerangkatDaerah)] = {t.text(r, "diimpor_pada").substr(0, 10),
                                                         t.text(r, "diverifikasi_oleh")};
    return reports;
}

class Draft {
  public:
    explicit Draft(const Sources& s) : s_(s), writer_(s.data) {}

    io::docx::Document build() {
        const std::string hazard = core::glossary::hazard_title(s_.data.info("hazard_type"));
        const std::string scenario = s_.data.info("scenario_name");
        doc_.set_properties("Dokumen Jitupasna — " + scenario,
                            "Pengkajian Kebutuhan Pascabencana " + hazard, "jitupasna");
        doc_.title("DOKUMEN PENGKAJIAN KEBUTUHAN PASCABENCANA (JITUPASNA)");
        doc_.title(hazard + " — " + scenario);
        doc_.paragraph(std::vector<io::docx::Run>{
            {"DRAF untuk masukan Perangkat Daerah. ", true},
            {"Angka dari model jitupasna (estimasi) dan dari formulir yang dikembalikan "
             "Perangkat Daerah (laporan PD); setiap angka disertai sumbernya. Teks bertanda "
             "kuning diisi oleh Perangkat Daerah yang disebut."}});
        doc_.table_of_contents(
            "Daftar isi: di Word klik kanan lalu Perbarui Bidang (F9); di LibreOffice Alat → "
            "Perbarui → Semua, untuk nomor halaman.");
        chapter_one(hazard);
        core::throw_if_interrupted();
        chapter_two(hazard, scenario);
        core::throw_if_interrupted();
        chapter_three();
        core::throw_if_interrupted();
        chapter_four();
        chapter_five();
        chapter_six();
        appendices();
        return std::move(doc_);
    }

  private:
    const Sources& s_;
    report::ReportWriter writer_;
    io::docx::Document doc_;
    std::vector<report::FigureMap> maps_;

    const io::Table& admin() const { return s_.data.main.admin; }

    void figure(const report::FigureMap& map, const std::string& chapter) {
        const document::Png png = document::svg_to_png(report::render_map(map.spec), kMapWidthPx,
                                                       "map '" + map.title + "'");
        doc_.picture(png.bytes, png.width, png.height, kMapWidthCm, map.title);
        doc_.caption("Gambar", chapter, map.caption);
    }

    void chapter_one(const std::string& hazard) {
        doc_.heading(1, "BAB I PENDAHULUAN");
        doc_.heading(2, "1.1 Latar Belakang");
        doc_.paragraph(fmt::format(
            "Dokumen ini mengkaji akibat {} terhadap {} kabupaten/kota: kerusakan, kerugian dan "
            "kebutuhan pemulihan per sektor, subsektor dan wilayah, sebagai dasar Rencana "
            "Rehabilitasi dan Rekonstruksi Pascabencana (R3P).",
            core::glossary::hazard_title(s_.data.info("hazard_type")), affected_units()));
        doc_.placeholder("Diisi oleh BPBD: kronologi kejadian, tanggal, status tanggap darurat");
        doc_.heading(2, "1.2 Maksud dan Tujuan");
        doc_.paragraph(
            "Maksud pengkajian adalah menyediakan data kerusakan, kerugian dan kebutuhan "
            "pemulihan yang disepakati seluruh Perangkat Daerah. Tujuannya: (1) menghitung "
            "nilai kerusakan dan kerugian per sektor; (2) menyusun kebutuhan pemulihan per "
            "komponen; (3) menyusun rencana aksi dengan penanggung jawab dan sumber dana.");
        doc_.heading(2, "1.3 Ruang Lingkup");
        doc_.paragraph(
            "Lima sektor Perka BNPB 15/2011: permukiman, infrastruktur, ekonomi produktif, "
            "sosial dan lintas sektor, di kabupaten/kota yang terdampak " +
            hazard + ".");
        doc_.heading(2, "1.4 Dasar Hukum");
        for (const char* law :
             {"Undang-Undang Nomor 24 Tahun 2007 tentang Penanggulangan Bencana",
              "Peraturan Pemerintah Nomor 21 Tahun 2008 tentang Penyelenggaraan Penanggulangan "
              "Bencana",
              "Peraturan Kepala BNPB Nomor 15 Tahun 2011 tentang Pedoman Pengkajian Kebutuhan "
              "Pascabencana",
              "Peraturan BNPB Nomor 5 Tahun 2017 tentang Penyusunan Rencana Rehabilitasi dan "
              "Rekonstruksi Pascabencana"})
            doc_.bullet(law);
    }

    std::size_t affected_units() const {
        std::size_t n = 0;
        for (std::size_t r = 0; r < admin().rows.size(); ++r)
            n += admin().number(r, col::kKerusakanRp) > 0 ||
                         (admin().has(col::kWilayahTerdampak) &&
                          admin().number(r, col::kWilayahTerdampak) > 0)
                     ? 1
                     : 0;
        return n;
    }

    void chapter_two(const std::string& hazard, const std::string& scenario) {
        doc_.heading(1, "BAB II GAMBARAN UMUM WILAYAH DAN KEJADIAN BENCANA");
        doc_.heading(2, "2.1 Kejadian Bencana");
        doc_.paragraph(fmt::format("Kejadian: {}. Skenario: {}. Sumber data bahaya: {}.", hazard,
                                   scenario, report::basename(s_.data.info("input.hazard.path"))));
        doc_.placeholder("Diisi oleh BPBD: uraian kejadian dan sumber data resmi");
        doc_.heading(2, "2.2 Wilayah Terdampak");
        io::docx::Table t;
        t.widths_cm = {2.2, 5.6, 3.0, 3.0, 3.0};
        t.header = {header({"Kode", "Kabupaten/kota", "Penduduk", "Terdampak", "Pengungsi"})};
        for (std::size_t r = 0; r < admin().rows.size(); ++r) {
            auto count = [&](const char* c) {
                return admin().has(c) && !admin().is_null(r, c)
                           ? core::format_number(admin().number(r, c), 0)
                           : std::string("–");
            };
            t.rows.push_back(
                {text_cell(admin().text(r, col::kAdminCode)),
                 text_cell(admin().text(r, col::kAdminName)), number_cell(count(col::kPenduduk)),
                 number_cell(count(col::kTerdampak)), number_cell(count(col::kPengungsi))});
        }
        doc_.caption("Tabel", "2", "Kabupaten/kota dalam kajian (tabel admin_summary)");
        doc_.table(t);
        maps_ = writer_.maps();
        if (!maps_.empty()) figure(maps_.front(), "2");
    }

    void chapter_three() {
        doc_.heading(1, "BAB III PENGKAJIAN AKIBAT BENCANA");
        doc_.paragraph(
            s_.imported()
                ? "Angka di bawah adalah rekap konsolidasi: angka laporan Perangkat Daerah "
                  "menggantikan estimasi model untuk butir yang dilaporkan; kolom Sumber "
                  "menyebut Perangkat Daerah dan tanggal laporannya, atau 'estimasi'."
                : "Belum ada formulir Perangkat Daerah yang diimpor: semua angka di bawah "
                  "adalah estimasi model jitupasna.");
        sector_table();
        unit_table();
        cluster_table();
        for (std::size_t m = 1; m < maps_.size(); ++m) figure(maps_[m], "3");
        detail_table();
    }

    // Kerusakan and kerugian per sector and sub-sector, with where they come from.
    void sector_table() {
        doc_.heading(2, "3.1 Kerusakan dan Kerugian per Sektor");
        struct Line {
            std::string sector;
            double kerusakan = 0, kerugian = 0;
            std::set<std::string> sources;
        };
        std::vector<std::pair<std::string, Line>> lines;  // sub-sector, in first-seen order
        auto line = [&](const std::string& sub, const std::string& sector) -> Line& {
            for (auto& [name, l] : lines)
                if (name == sub) return l;
            lines.push_back({sub, {sector, 0, 0, {}}});
            return lines.back().second;
        };
        if (s_.imported()) {
            const io::Table& c = *s_.consolidated;
            for (std::size_t r = 0; r < c.rows.size(); ++r) {
                Line& l = line(c.text(r, col::kSubSektor), c.text(r, col::kSektor));
                l.kerusakan += c.number(r, col::kKerusakanRp);
                l.kerugian += c.number(r, col::kKerugianRp);
                l.sources.insert(c.text(r, "sumber") == "PD" ? c.text(r, col::kPerangkatDaerah)
                                                             : "estimasi");
            }
        } else if (s_.sector) {
            const io::Table& c = *s_.sector;
            for (std::size_t r = 0; r < c.rows.size(); ++r) {
                Line& l = line(c.text(r, col::kSubSektor), c.text(r, col::kSektor));
                l.kerusakan += c.number(r, col::kKerusakanRp);
                l.kerugian += c.number(r, col::kKerugianRp);
                l.sources.insert("estimasi");
            }
        }
        std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
            return a.second.sector < b.second.sector;
        });
        io::docx::Table t;
        t.widths_cm = {3.4, 3.4, 3.6, 3.2, 3.4};
        t.header = {header({"Sektor", "Subsektor", "Kerusakan (Rp)", "Kerugian (Rp)", "Sumber"})};
        double kerusakan = 0, kerugian = 0;
        for (const auto& [sub, l] : lines) {
            std::string sources;
            for (const auto& s : l.sources) sources += (sources.empty() ? "" : "; ") + s;
            const bool estimate = l.sources == std::set<std::string>{"estimasi"};
            t.rows.push_back({text_cell(display(l.sector)), text_cell(display(sub)),
                              rupiah_cell(l.kerusakan, estimate), rupiah_cell(l.kerugian, estimate),
                              text_cell(sources)});
            kerusakan += l.kerusakan;
            kerugian += l.kerugian;
        }
        t.rows.push_back({total_cell("Jumlah", Align::left), total_cell(""),
                          total_cell(core::format_number(kerusakan, 0)),
                          total_cell(core::format_number(kerugian, 0)), total_cell("")});
        doc_.caption("Tabel", "3",
                     "Kerusakan dan kerugian per sektor dan subsektor (sel abu-abu: "
                     "estimasi model)");
        doc_.table(t);
    }

    void unit_table() {
        doc_.heading(2, "3.2 Kerusakan dan Kerugian per Kabupaten/Kota");
        io::docx::Table t;
        t.widths_cm = {2.0, 4.8, 3.6, 3.4, 3.2};
        t.header = {
            header({"Kode", "Kabupaten/kota", "Kerusakan (Rp)", "Kerugian (Rp)", "Sumber data"})};
        double kerusakan = 0, kerugian = 0;
        const io::Table& u = s_.units ? *s_.units : admin();
        for (std::size_t r = 0; r < u.rows.size(); ++r) {
            const double k = u.number(r, col::kKerusakanRp), g = u.number(r, col::kKerugianRp);
            if (k <= 0 && g <= 0) continue;
            const std::string source =
                u.has(col::kSumberData) ? u.text(r, col::kSumberData) : "estimasi";
            const bool estimate = source == "estimasi";
            t.rows.push_back({text_cell(u.text(r, col::kAdminCode)),
                              text_cell(u.text(r, col::kAdminName)), rupiah_cell(k, estimate),
                              rupiah_cell(g, estimate), text_cell(source)});
            kerusakan += k;
            kerugian += g;
        }
        t.rows.push_back({total_cell("Jumlah", Align::left), total_cell(""),
                          total_cell(core::format_number(kerusakan, 0)),
                          total_cell(core::format_number(kerugian, 0)), total_cell("")});
        doc_.caption("Tabel", "3", "Kerusakan dan kerugian per kabupaten/kota");
        doc_.table(t);
    }

    void cluster_table() {
        doc_.heading(2, "3.3 Per Klaster: Pengampu dan Pendukung");
        struct Line {
            std::string lead, support;
            double kerusakan = 0, kerugian = 0;
        };
        std::vector<std::pair<std::string, Line>> lines;
        auto line = [&](const std::string& cluster) -> Line& {
            for (auto& [name, l] : lines)
                if (name == cluster) return l;
            lines.push_back({cluster, {}});
            return lines.back().second;
        };
        if (s_.scheme) {
            const io::Table& t = *s_.scheme;
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                Line& l = line(t.text(r, col::kKlaster));
                if (l.lead.empty()) l.lead = t.text(r, col::kPengampu);
                for (const auto& pd : schema::split_names(t.text(r, col::kPendukung)))
                    if (l.support.find(pd) == std::string::npos && pd != l.lead)
                        l.support += (l.support.empty() ? "" : "; ") + pd;
            }
        }
        // Figures: the consolidated recap when PDs have reported, else the model's.
        if (s_.imported()) {
            const io::Table& c = *s_.consolidated;
            for (std::size_t r = 0; r < c.rows.size(); ++r) {
                Line& l = line(c.text(r, col::kKlaster));
                l.kerusakan += c.number(r, col::kKerusakanRp);
                l.kerugian += c.number(r, col::kKerugianRp);
            }
        } else if (s_.data.main.cluster) {
            const io::Table& c = *s_.data.main.cluster;
            for (std::size_t r = 0; r < c.rows.size(); ++r) {
                Line& l = line(c.text(r, col::kKlaster));
                l.kerusakan += c.number(r, col::kKerusakanRp);
                l.kerugian += c.number(r, col::kKerugianRp);
            }
        }
        io::docx::Table t;
        t.widths_cm = {3.0, 3.0, 4.4, 3.3, 3.3};
        t.header = {
            header({"Klaster", "Pengampu", "Pendukung", "Kerusakan (Rp)", "Kerugian (Rp)"})};
        for (const auto& [cluster, l] : lines) {
            if (l.kerusakan <= 0 && l.kerugian <= 0) continue;
            t.rows.push_back({text_cell(display(cluster)), text_cell(l.lead), text_cell(l.support),
                              rupiah_cell(l.kerusakan), rupiah_cell(l.kerugian)});
        }
        doc_.caption("Tabel", "3",
                     "Kerusakan dan kerugian per klaster, dengan Perangkat Daerah "
                     "pengampu dan pendukung");
        doc_.table(t);
        for (const auto& [cluster, l] : lines)
            if (l.kerusakan > 0 || l.kerugian > 0)
                doc_.placeholder(fmt::format("Diisi oleh {}: uraian dampak pada klaster {}", l.lead,
                                             display(cluster)));
    }

    // Every item with its source, in a landscape section (nine columns).
    void detail_table() {
        doc_.new_section(io::docx::Orientation::landscape);
        doc_.heading(2, "3.4 Rincian per Kabupaten/Kota, Subsektor dan Butir");
        io::docx::Table t;
        t.widths_cm = {4.2, 3.2, 4.0, 1.6, 1.6, 1.6, 3.2, 3.0, 3.8};
        t.header = {header({"Kabupaten/kota", "Subsektor", "Uraian", "RB", "RS", "RR",
                            "Kerusakan (Rp)", "Kerugian (Rp)", "Sumber"})};
        const io::Table* c =
            s_.imported() ? &*s_.consolidated : (s_.sector ? &*s_.sector : nullptr);
        if (c) {
            for (std::size_t r = 0; r < c->rows.size(); ++r) {
                const bool estimate = !s_.imported() || c->text(r, "sumber") != "PD";
                auto count = [&](const char* k) {
                    return number_cell(core::format_count(c->number(r, k), 1), estimate);
                };
                t.rows.push_back({text_cell(c->text(r, col::kAdminName)),
                                  text_cell(display(c->text(r, col::kSubSektor))),
                                  text_cell(item(*c, r)), count("rusak_berat"),
                                  count("rusak_sedang"), count("rusak_ringan"),
                                  rupiah_cell(c->number(r, col::kKerusakanRp), estimate),
                                  rupiah_cell(c->number(r, col::kKerugianRp), estimate),
                                  text_cell(s_.imported() ? source_label(*c, r) : "estimasi")});
            }
        }
        doc_.caption("Tabel", "3",
                     "Rincian kerusakan dan kerugian dengan sumber setiap angka (sel "
                     "abu-abu: estimasi model)");
        doc_.table(t);
        doc_.new_section(io::docx::Orientation::portrait);
    }

    void chapter_four() {
        doc_.heading(1, "BAB IV KEBUTUHAN PEMULIHAN");
        doc_.heading(2, "4.1 Kebutuhan per Komponen dan Sektor (estimasi)");
        std::map<std::string, std::array<double, 4>> by_sector;
        if (s_.sector) {
            const io::Table& c = *s_.sector;
            for (std::size_t r = 0; r < c.rows.size(); ++r) {
                auto& v = by_sector[c.text(r, col::kSektor)];
                v[0] += c.number(r, "kebutuhan_pembangunan_rp");
                v[1] += c.number(r, "kebutuhan_bantuan_rp");
                v[2] += c.number(r, "kebutuhan_pemulihan_rp");
                v[3] += c.number(r, col::kKebutuhanRp);
            }
        }
        io::docx::Table t;
        t.widths_cm = {3.6, 3.4, 3.2, 3.2, 3.6};
        t.header = {header({"Sektor", "Pembangunan/penggantian", "Penyediaan bantuan",
                            "Pemulihan fungsi", "Jumlah (Rp)"})};
        std::array<double, 4> total{};
        for (const auto& [sector, v] : by_sector) {
            t.rows.push_back({text_cell(display(sector)), rupiah_cell(v[0], true),
                              rupiah_cell(v[1], true), rupiah_cell(v[2], true),
                              rupiah_cell(v[3], true)});
            for (int i = 0; i < 4; ++i) total[i] += v[i];
        }
        t.rows.push_back({total_cell("Jumlah", Align::left),
                          total_cell(core::format_number(total[0], 0)),
                          total_cell(core::format_number(total[1], 0)),
                          total_cell(core::format_number(total[2], 0)),
                          total_cell(core::format_number(total[3], 0))});
        doc_.caption("Tabel", "4",
                     "Kebutuhan pemulihan per komponen dan sektor, estimasi model "
                     "(tabel jitupasna_sector)");
        doc_.table(t);
        doc_.heading(2, "4.2 Usulan Kebutuhan Perangkat Daerah");
        std::map<std::string, double> by_component;
        for (const auto& line : need_lines()) by_component[line.komponen] += line.jumlah;
        if (by_component.empty()) {
            doc_.placeholder(
                "Belum ada usulan kebutuhan dari Perangkat Daerah (formulir "
                "Kebutuhan): impor formulir yang dikembalikan");
            return;
        }
        io::docx::Table p;
        p.widths_cm = {8.0, 5.0};
        p.header = {header({"Komponen", "Jumlah usulan (Rp)"})};
        double sum = 0;
        for (const auto& [component, amount] : by_component) {
            p.rows.push_back({text_cell(component), rupiah_cell(amount)});
            sum += amount;
        }
        p.rows.push_back(
            {total_cell("Jumlah", Align::left), total_cell(core::format_number(sum, 0))});
        doc_.caption("Tabel", "4",
                     "Usulan kebutuhan Perangkat Daerah per komponen (formulir "
                     "Kebutuhan)");
        doc_.table(p);
    }

    struct NeedLine {
        std::string code, name, sub_sector, komponen, kegiatan, volume, pd, dana, prioritas;
        double jumlah = 0, durasi = 0, rank = 1e9;
        int priority = 3;
    };

    // The active submissions' need lines, ordered by the kab/kota's recovery priority (its rank
    // in admin_summary), then the line's priority.
    std::vector<NeedLine> need_lines() const {
        std::vector<NeedLine> lines;
        if (!s_.needs || !s_.submissions) return lines;
        std::set<long long> active;
        for (std::size_t r = 0; r < s_.submissions->rows.size(); ++r)
            if (s_.submissions->number(r, "aktif") != 0)
                active.insert(
                    static_cast<long long>(s_.submissions->number(r, col::kSubmissionId)));
        std::map<std::string, std::pair<std::string, double>> unit;  // code -> name, rank
        for (std::size_t r = 0; r < admin().rows.size(); ++r)
            unit[admin().text(r, col::kAdminCode)] = {
                admin().text(r, col::kAdminName),
                admin().has(col::kPeringkatPrioritas) &&
                        !admin().is_null(r, col::kPeringkatPrioritas)
                    ? admin().number(r, col::kPeringkatPrioritas)
                    : 1e9};
        const io::Table& n = *s_.needs;
        for (std::size_t r = 0; r < n.rows.size(); ++r) {
            if (!active.count(static_cast<long long>(n.number(r, col::kSubmissionId)))) continue;
            NeedLine l;
            l.code = n.text(r, col::kAdminCode);
            l.name = unit[l.code].first;
            l.rank = unit[l.code].second;
            l.sub_sector = n.text(r, col::kSubSektor);
            l.komponen = n.text(r, "komponen");
            l.kegiatan = n.text(r, "kegiatan");
            l.volume = n.is_null(r, "volume") ? std::string("–")
                                              : core::format_legend(n.number(r, "volume")) + " " +
                                                    n.text(r, col::kSatuan);
            l.pd = n.text(r, "penanggung_jawab").empty() ? n.text(r, col::kPerangkatDaerah)
                                                         : n.text(r, "penanggung_jawab");
            l.dana = n.text(r, "sumber_dana");
            l.prioritas = n.text(r, "prioritas");
            l.priority = l.prioritas == "tinggi" ? 0 : l.prioritas == "sedang" ? 1 : 2;
            l.jumlah = n.number(r, "jumlah_rp");
            l.durasi = n.number(r, "durasi_bulan");
            lines.push_back(l);
        }
        std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
            return std::tie(a.rank, a.code, a.priority) < std::tie(b.rank, b.code, b.priority);
        });
        return lines;
    }

    void chapter_five() {
        doc_.new_section(io::docx::Orientation::landscape);
        doc_.heading(1, "BAB V RENCANA AKSI");
        const std::vector<NeedLine> lines = need_lines();
        if (lines.empty()) {
            doc_.placeholder(
                "Matriks rencana aksi tersusun dari usulan kebutuhan Perangkat "
                "Daerah: belum ada formulir yang diimpor");
        } else {
            doc_.paragraph(
                "Kegiatan diurutkan menurut peringkat prioritas pemulihan "
                "kabupaten/kota, lalu prioritas kegiatan.");
            io::docx::Table t;
            t.widths_cm = {0.9, 3.2, 2.4, 4.6, 2.0, 2.9, 3.2, 2.6, 1.8, 1.9};
            t.header = {header({"No", "Lokasi", "Subsektor", "Kegiatan", "Volume", "Biaya (Rp)",
                                "Penanggung jawab", "Sumber dana", "Durasi (bulan)", "Prioritas"})};
            std::map<std::string, double> by_source;
            double total = 0;
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const NeedLine& l = lines[i];
                t.rows.push_back({number_cell(std::to_string(i + 1)),
                                  text_cell(l.name.empty() ? l.code : l.name),
                                  text_cell(display(l.sub_sector)), text_cell(l.kegiatan),
                                  number_cell(l.volume), rupiah_cell(l.jumlah), text_cell(l.pd),
                                  text_cell(l.dana), number_cell(core::format_number(l.durasi, 0)),
                                  text_cell(l.prioritas)});
                by_source[l.dana.empty() ? "(belum disebut)" : l.dana] += l.jumlah;
                total += l.jumlah;
            }
            t.rows.push_back({total_cell(""), total_cell("Jumlah", Align::left), total_cell(""),
                              total_cell(""), total_cell(""),
                              total_cell(core::format_number(total, 0)), total_cell(""),
                              total_cell(""), total_cell(""), total_cell("")});
            doc_.caption("Tabel", "5", "Matriks rencana aksi dari usulan Perangkat Daerah");
            doc_.table(t);
            io::docx::Table f;
            f.widths_cm = {8.0, 5.0};
            f.header = {header({"Sumber dana", "Jumlah (Rp)"})};
            for (const auto& [source, amount] : by_source)
                f.rows.push_back({text_cell(source), rupiah_cell(amount)});
            f.rows.push_back(
                {total_cell("Jumlah", Align::left), total_cell(core::format_number(total, 0))});
            doc_.caption("Tabel", "5", "Rencana aksi per sumber dana");
            doc_.table(f);
        }
        doc_.new_section(io::docx::Orientation::portrait);
    }

    void chapter_six() {
        doc_.heading(1, "BAB VI PENUTUP");
        doc_.placeholder(
            "Diisi oleh BPBD bersama Bappeda: kesimpulan, prinsip, kebijakan dan "
            "strategi pemulihan");
    }

    void appendices() {
        doc_.heading(1, "LAMPIRAN A STATUS LAPORAN PERANGKAT DAERAH");
        const auto reports = active_reports(s_);
        std::vector<std::string> pds;
        if (s_.scheme) {
            const io::Table& t = *s_.scheme;
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                std::vector<std::string> named = {t.text(r, col::kPengampu)};
                for (const auto& pd : schema::split_names(t.text(r, col::kPendukung)))
                    named.push_back(pd);
                for (const auto& pd : named)
                    if (!pd.empty() && std::find(pds.begin(), pds.end(), pd) == pds.end())
                        pds.push_back(pd);
            }
        }
        io::docx::Table t;
        t.widths_cm = {7.0, 4.0, 3.0, 3.0};
        t.header = {header({"Perangkat Daerah", "Status", "Tanggal", "Diverifikasi oleh"})};
        for (const auto& pd : pds) {
            const auto it = reports.find(pd);
            const bool reported = it != reports.end();
            t.rows.push_back(
                {text_cell(pd),
                 text_cell(!reported                        ? "belum melapor"
                           : it->second.verified_by.empty() ? "dilaporkan, belum diverifikasi"
                                                            : "terverifikasi"),
                 text_cell(reported ? it->second.date : "–"),
                 text_cell(reported && !it->second.verified_by.empty() ? it->second.verified_by
                                                                       : "–")});
        }
        doc_.caption("Tabel", "A", "Status laporan Perangkat Daerah");
        doc_.table(t);

        doc_.heading(1, "LAMPIRAN B ASUMSI DAN PROVENANS");
        doc_.paragraph(
            "Asumsi model kerusakan (kurva kerentanan, harga satuan, kerugian) tersimpan utuh "
            "dalam GeoPackage (run_info: scenario_text dan damage.defaults_text) dan dijelaskan "
            "dalam laporan HTML jitupasna. Masukan dan versi perangkat lunak:");
        io::docx::Table p;
        p.widths_cm = {6.0, 11.0};
        p.header = {header({"Butir", "Nilai"})};
        for (const auto& [key, value] : s_.data.run_info) {
            if (key == "scenario_text" || key == "damage.defaults_text" ||
                key.rfind("output.", 0) == 0 || key.rfind("warning.", 0) == 0)
                continue;
            p.rows.push_back({text_cell(key), text_cell(value)});
        }
        doc_.caption("Tabel", "B", "Provenans proses jitupasna (tabel run_info)");
        doc_.table(p);

        // What may make a figure wrong is told where the figures are read, not only in the
        // analyst's report.
        io::docx::Table w;
        w.widths_cm = {1.2, 3.8, 12.0};
        w.header = {header({"No.", "Menyangkut", "Peringatan proses"})};
        for (const auto& [key, value] : s_.data.run_info)
            if (key.rfind("warning.", 0) == 0)
                w.rows.push_back({text_cell(std::to_string(w.rows.size() + 1)),
                                  text_cell(report::warning_topic(value)),
                                  text_cell(report::warning_reading(value).value_or(value))});
        if (w.rows.empty()) {
            doc_.paragraph("Proses jitupasna tidak mencatat peringatan.");
        } else {
            doc_.paragraph(fmt::format(
                "Proses jitupasna mencatat {} peringatan: hal pada data masukan atau skenario "
                "yang dapat mengubah angka dokumen ini. Pesan aslinya tercantum dalam laporan "
                "HTML dan run_info.",
                w.rows.size()));
            doc_.caption("Tabel", "B", "Peringatan proses jitupasna");
            doc_.table(w);
        }
    }
};

}  // namespace

void write_document(const DocumentOptions& options) {
    io::check_output_path(options.docx, "-o", "draf.docx");
    io::refuse_output_over_inputs(options.docx,
                                  {{options.gpkg, "the GeoPackage the document reads"}}, "-o");
    io::AtomicFile out(options.docx, options.overwrite);
    Sources sources{report::read_report_data(options.gpkg), {}, {}, {}, {}, {}, {}, {}};
    {
        const io::GpkgReader reader(options.gpkg);
        sources.consolidated = reader.read(schema::kConsolidatedTable);
        sources.units = reader.read(schema::kConsolidatedUnits);
        sources.submissions = reader.read(schema::kSubmissionsTable);
        sources.needs = reader.read(schema::kPdNeedsTable);
        sources.scheme = reader.read(schema::kSchemeTable);
        sources.sector = reader.read(schema::kSectorTable);
    }
    if (!sources.sector)
        throw ConfigError(
            fmt::format("{}: no table {}: the draft document needs a run with a damage model",
                        options.gpkg, schema::kSectorTable));
    const io::docx::Document doc = Draft(sources).build();
    doc.save(out.temp_path(), options.docx);
    core::throw_if_interrupted();
    out.commit();
}

}  // namespace jitupasna::publish
