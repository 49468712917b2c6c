// The report's maps: choropleths of the main admin level (map.cpp draws them).

#include <algorithm>
#include <optional>

#include "map.hpp"
#include "report_writer.hpp"

namespace jitupasna::publish::report {

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

}  // namespace jitupasna::publish::report
