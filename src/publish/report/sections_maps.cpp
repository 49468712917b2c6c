// The report's maps: the hazard class over the main admin level, then choropleths of its
// figures (map.cpp draws them).

#include <algorithm>
#include <optional>

#include "map.hpp"
#include "report_writer.hpp"

namespace jitupasna::publish::report {

std::vector<FigureMap> ReportWriter::maps() {
    std::vector<FigureMap> figures;
    const Table& admin = d_.main.admin;
    struct Planned {
        std::string id, title, caption;
        std::vector<std::optional<double>> values;
        report::Palette palette;
        report::MapSpec::Values kind;
        std::vector<report::MapCategory> categories = {};
        std::vector<std::string> details = {};  // tooltips; empty: the values
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
    // The hazard over the units: the class that holds the largest share of an exposure
    // (the population where there is one, else the first exposure), from admin_summary's class
    // columns; the tooltip gives every class's share.
    {
        const Exposure* by = &d_.exposures.front();
        for (const auto& e : d_.exposures)
            if (e.kind == core::ExposureKind::population) {
                by = &e;
                break;
            }
        const std::vector<std::string>& labels = d_.class_labels;  // classes, not_affected,
                                                                   // not_exposed
        bool columns = !labels.empty();
        for (const auto& label : labels) columns = columns && admin.has(by->class_column(label));
        if (columns) {
            // ColorBrewer Reds: the most severe class (listed first) the darkest.
            static const std::vector<const char*> reds{"#a50f15", "#de2d26", "#fb6a4a", "#fcae91",
                                                       "#fee5d9"};
            const std::size_t hazard_classes = d_.hazard_class_count();
            std::vector<report::MapCategory> categories;
            for (std::size_t c = 0; c < labels.size(); ++c) {
                std::string colour;
                if (c < hazard_classes) {
                    const std::size_t offset =
                        hazard_classes >= reds.size() ? 0 : (reds.size() - hazard_classes) / 2;
                    colour = reds[std::min(offset + c, reds.size() - 1)];
                } else {
                    colour = c == hazard_classes ? "#f2f2f2" : "#c9d3da";
                }
                categories.push_back({core::glossary::class_display(labels[c]), colour});
            }
            std::vector<std::optional<double>> values;
            std::vector<std::string> details;
            for (std::size_t r = 0; r < admin.rows.size(); ++r) {
                double total = 0;
                std::size_t dominant = 0;
                for (std::size_t c = 0; c < labels.size(); ++c) {
                    const double v = admin.number(r, by->class_column(labels[c]));
                    total += v;
                    if (v > admin.number(r, by->class_column(labels[dominant]))) dominant = c;
                }
                if (total <= 0) {
                    values.push_back(std::nullopt);
                    details.push_back("tanpa " + by->name);
                    continue;
                }
                values.push_back(static_cast<double>(dominant));
                std::string detail;
                for (std::size_t c = 0; c < labels.size(); ++c) {
                    const double share = admin.number(r, by->class_column(labels[c])) / total;
                    if (share < 0.005) continue;
                    detail += (detail.empty() ? "" : ", ") + categories[c].label + " " +
                              format_number(share * 100, 0) + " %";
                }
                details.push_back(detail + " dari " + by->name);
            }
            maps.push_back({"peta-bahaya", "Kelas bahaya (" + by->name + " terbanyak)",
                            "Kelas bahaya yang mengenai bagian terbesar " + by->name + " di tiap " +
                                units +
                                " (kolom kelas tabel admin_summary); keterangan (tooltip) tiap "
                                "wilayah memuat bagian per kelas.",
                            values, report::Palette::yellow_red, report::MapSpec::Values::category,
                            categories, details});
        }
    }
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
                            title_case(e->name) + " rusak berat (" + exposure_unit(*e) + ")",
                            title_case(e->name) + " rusak berat per " + units + ".",
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
                        title_case(first.name) + " di daerah bahaya (" + exposure_unit(first) + ")",
                        title_case(first.name) + " di kelas bahaya mana pun per " + units + ".",
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
            if (m.kind != report::MapSpec::Values::rank &&
                m.kind != report::MapSpec::Values::category && m.values[r] && *m.values[r] > 0) {
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
    for (const auto& m : maps) {
        report::MapSpec spec;
        spec.id = m.id;
        spec.title = m.title;
        spec.srs = admin.srs.get();
        spec.palette = m.palette;
        spec.values = m.kind;
        spec.extent = extent;
        spec.categories = m.categories;
        for (std::size_t r = 0; r < admin.rows.size(); ++r) {
            const OGRGeometry* g = geometry(r);
            if (extent) {
                OGREnvelope e;
                if (!g) continue;
                g->getEnvelope(&e);
                if (!e.Intersects(*extent)) continue;
            }
            spec.units.push_back({g, admin.text(r, col::kAdminName), m.values[r],
                                  m.details.empty() ? "" : m.details[r]});
        }
        const char* classes =
            m.kind == report::MapSpec::Values::rank
                ? "Kelas: per peringkat (lebih dari lima wilayah: kuantil peringkat)."
            : m.kind == report::MapSpec::Values::category
                ? "Kelas bahaya seperti didefinisikan skenario (tabel Kelas bahaya)."
                : "Kelas: kuantil (hingga lima) dari nilai bukan nol; kelas yang batasnya "
                  "tercetak sama digabung; nol dan tanpa data terpisah.";
        figures.push_back(
            {std::move(spec), m.caption, m.caption + zoom + " " + classes + " " + projection});
    }
    return figures;
}

std::string ReportWriter::maps_section() {
    std::string html = heading("peta", "Peta");
    int n = 0;
    for (const auto& figure : maps())
        html += fmt::format("<figure>\n{}<figcaption><b>Peta {}.</b> {}</figcaption>\n</figure>\n",
                            report::render_map(figure.spec), ++n, escape(figure.caption));
    return html;
}

}  // namespace jitupasna::publish::report
