#include "summary_layers.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <numeric>
#include <set>

#include "jitupasna/core/errors.hpp"

namespace jitupasna::pipeline {

namespace {

using core::ExposureKind;

// Field names in admin_summary are built from exposure and class names.
std::string field_token(const std::string& text) {
    std::string token;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        token += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    return token;
}

// The measure a planner maps for each kind, and the unit suffix of its columns.
double headline(ExposureKind kind, const core::Measures& m) {
    switch (kind) {
        case ExposureKind::road:
            return m.length_m / 1000.0;
        case ExposureKind::area:
            return m.area_m2 / 10000.0;
        case ExposureKind::population:
            return m.population;
        default:
            return m.count;
    }
}

const char* headline_suffix(ExposureKind kind) {
    switch (kind) {
        case ExposureKind::road:
            return "_km";
        case ExposureKind::area:
            return "_ha";
        default:
            return "";
    }
}

std::optional<std::size_t> unit_or_outside(std::size_t row, std::size_t units) {
    return row < units ? std::optional(row) : std::nullopt;
}

}  // namespace

void write_impact_summary(io::GpkgWriter& writer, const std::string& layer_name,
                          const LevelView& view, const std::vector<ExposureResult>& results,
                          const core::HazardClassifier& classifier) {
    io::LayerSpec spec;
    spec.name = layer_name;
    spec.description = fmt::format(
        "Ringkasan dampak per wilayah ({}), paparan, jenis aset dan kelas bahaya", view.level.name);
    spec.add_field("admin_code", OFTString);
    spec.add_field("admin_name", OFTString);
    if (view.parent_level) spec.add_field("parent_code", OFTString);
    for (const char* name : {"exposure", "asset_type", "hazard_class"})
        spec.add_field(name, OFTString);
    spec.add_field("damage_state", OFTString);
    for (const char* name : {"count", "length_m", "area_m2", "population", "kerusakan_rp"})
        spec.add_field(name, OFTReal);
    OGRLayer& layer = writer.create_layer(spec);
    const OGRFeatureDefn* defn = layer.GetLayerDefn();
    auto idx = [&](const char* name) { return defn->GetFieldIndex(name); };
    writer.begin_transaction();
    const auto& units = view.level.units;
    for (std::size_t e = 0; e < results.size(); ++e) {
        const ExposureKind kind = results[e].config->kind;
        const auto& summary = view.summaries[e];
        for (std::size_t row = 0; row <= units.size(); ++row) {
            const auto admin = unit_or_outside(row, units.size());
            for (std::size_t t = 0; t < summary.asset_types(); ++t) {
                for (std::size_t c = 0; c < summary.hazard_classes(); ++c) {
                    const core::Measures& m = summary.measures(admin, t, c);
                    if (m.empty()) continue;
                    // With a vulnerability, one row per damage category (its units, their
                    // length or area, the value of their damage); else one row.
                    std::vector<std::optional<std::size_t>> states;
                    for (std::size_t k = 0; k < core::kCategoryCount; ++k)
                        if (m.damaged[k] > 0 || m.kerusakan[k] > 0) states.emplace_back(k);
                    if (states.empty()) states.emplace_back(std::nullopt);
                    for (const auto& state : states) {
                        OGRFeature out(layer.GetLayerDefn());
                        if (admin) {
                            out.SetField(idx("admin_code"), units[*admin].code.c_str());
                            out.SetField(idx("admin_name"), units[*admin].name.c_str());
                            if (view.parent_level)
                                out.SetField(idx("parent_code"),
                                             view.parent_level->units[(*view.parent_of)[*admin]]
                                                 .code.c_str());
                        } else {
                            out.SetFieldNull(idx("admin_code"));
                            out.SetFieldNull(idx("admin_name"));
                            if (view.parent_level) out.SetFieldNull(idx("parent_code"));
                        }
                        out.SetField(idx("exposure"), results[e].config->name.c_str());
                        out.SetField(idx("asset_type"), results[e].outcome.type_labels[t].c_str());
                        out.SetField(idx("hazard_class"), classifier.labels()[c].c_str());
                        auto measure = [&](const char* name, bool applies, double value) {
                            if (applies)
                                out.SetField(idx(name), value);
                            else
                                out.SetFieldNull(idx(name));
                        };
                        const bool has_area =
                            kind == ExposureKind::area || kind == ExposureKind::aggregate ||
                            (kind == ExposureKind::population && !results[e].config->is_raster());
                        if (state) {
                            out.SetField(idx("damage_state"), core::kCategoryNames[*state]);
                            out.SetField(idx("count"), m.damaged[*state]);
                            measure("length_m", kind == ExposureKind::road,
                                    m.damaged_measure[*state]);
                            measure("area_m2", has_area, m.damaged_measure[*state]);
                            out.SetFieldNull(idx("population"));
                            out.SetField(idx("kerusakan_rp"), m.kerusakan[*state]);
                        } else {
                            out.SetFieldNull(idx("damage_state"));
                            out.SetField(idx("count"), m.count);
                            measure("length_m", kind == ExposureKind::road, m.length_m);
                            measure("area_m2", has_area, m.area_m2);
                            measure("population", kind == ExposureKind::population, m.population);
                            out.SetFieldNull(idx("kerusakan_rp"));
                        }
                        writer.write(layer, out);
                    }
                }
            }
        }
    }
    writer.commit_transaction();
}

void write_admin_summary(io::GpkgWriter& writer, const std::string& layer_name,
                         const LevelView& view, const OGRSpatialReference& admin_crs,
                         const std::vector<ExposureResult>& results,
                         const core::HazardClassifier& classifier,
                         const std::vector<core::AdminRecap>& recaps) {
    io::LayerSpec spec;
    spec.name = layer_name;
    spec.description = fmt::format("Aset terpapar per wilayah administrasi ({}) dan kelas bahaya",
                                   view.level.name);
    spec.srs = &admin_crs;
    spec.geometry_type = wkbMultiPolygon;
    spec.add_field("admin_code", OFTString);
    spec.add_field("admin_name", OFTString);
    if (view.parent_level) spec.add_field("parent_code", OFTString);
    std::set<std::string> names{"admin_code", "admin_name", "parent_code"};
    auto add_field = [&](const std::string& name) {
        if (!names.insert(name).second)
            throw ConfigError(
                fmt::format("{}: two columns would both be named '{}'; rename an exposure or class",
                            layer_name, name));
        spec.add_field(name.c_str(), OFTReal);
    };
    for (const auto& result : results) {
        const std::string prefix = result.config->name + "_";
        const std::string suffix = headline_suffix(result.config->kind);
        for (const auto& label : classifier.labels())
            add_field(prefix + field_token(label) + suffix);
        add_field(prefix + "affected" + suffix);
        add_field(prefix + "total" + suffix);
        if (result.config->has_vulnerability()) {
            for (std::size_t k = 1; k < core::kCategoryCount; ++k)
                add_field(prefix + core::kCategoryNames[k]);
            add_field(prefix + "kerusakan_rp");
        }
    }
    const std::vector<std::string> recap_fields = {"kerusakan_rp",
                                                   "kerugian_rp",
                                                   "kebutuhan_rp",
                                                   "penduduk",
                                                   "terdampak",
                                                   "pengungsi",
                                                   "korban_jiwa",
                                                   "prioritas_rumah_rb",
                                                   "prioritas_kerusakan_per_kapita",
                                                   "prioritas_pengungsi",
                                                   "prioritas_fasilitas_rusak",
                                                   "skor_prioritas",
                                                   "peringkat_prioritas"};
    if (!recaps.empty())
        for (const auto& name : recap_fields) add_field(name);
    OGRLayer& layer = writer.create_layer(spec);
    writer.begin_transaction();
    const auto& units = view.level.units;
    for (std::size_t a = 0; a < units.size(); ++a) {
        OGRFeature row(layer.GetLayerDefn());
        int field = 0;
        row.SetField(field++, units[a].code.c_str());
        row.SetField(field++, units[a].name.c_str());
        if (view.parent_level)
            row.SetField(field++, view.parent_level->units[(*view.parent_of)[a]].code.c_str());
        for (std::size_t e = 0; e < results.size(); ++e) {
            const ExposureKind kind = results[e].config->kind;
            double affected = 0, total = 0;
            for (std::size_t c = 0; c < classifier.labels().size(); ++c) {
                const double value = headline(kind, view.summaries[e].by_class(a, c));
                row.SetField(field++, value);
                total += value;
                if (c < classifier.class_count()) affected += value;
            }
            row.SetField(field++, affected);
            row.SetField(field++, total);
            if (results[e].config->has_vulnerability()) {
                core::Measures all;
                for (std::size_t c = 0; c < classifier.labels().size(); ++c)
                    all += view.summaries[e].by_class(a, c);
                double kerusakan = 0;
                for (std::size_t k = 1; k < core::kCategoryCount; ++k) {
                    row.SetField(field++, all.damaged[k]);
                    kerusakan += all.kerusakan[k];
                }
                row.SetField(field++, kerusakan);
            }
        }
        if (!recaps.empty()) {
            const core::AdminRecap& r = recaps[a];
            for (double v :
                 {r.kerusakan(), r.kerugian(), r.kebutuhan(), r.population, r.affected, r.displaced,
                  r.fatalities, r.components.houses_rb_share, r.components.damage_per_capita,
                  r.components.displaced, r.components.facilities_damaged, r.priority_score})
                row.SetField(field++, v);
            row.SetField(field++, r.priority_rank);
        }
        if (const auto& geometry = view.level.geometries[a]) {
            io::GeometryPtr copy(geometry->clone());
            copy->flattenTo2D();
            row.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(copy.release()));
        }
        writer.write(layer, row);
    }
    writer.commit_transaction();
}

std::vector<core::ExposureRecapInput> recap_inputs(const LevelView& view,
                                                   const std::vector<ExposureResult>& results,
                                                   const core::DamageModel& model) {
    std::vector<core::ExposureRecapInput> inputs;
    for (std::size_t e = 0; e < results.size(); ++e) {
        const core::ExposureConfig& config = *results[e].config;
        core::ExposureRecapInput in;
        in.kind = config.kind;
        in.has_vulnerability = config.has_vulnerability();
        in.type_labels = results[e].outcome.type_labels;
        for (const auto& type : in.type_labels)
            in.sector_of_type.push_back(core::resolve_sector(config, type, model));
        in.summary = &view.summaries[e];
        inputs.push_back(std::move(in));
    }
    return inputs;
}

namespace {

// A table without geometry whose first columns name the admin unit.
OGRLayer& create_admin_table(io::GpkgWriter& writer, const std::string& name,
                             const std::string& description, const LevelView& view,
                             const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
    io::LayerSpec spec;
    spec.name = name;
    spec.description = description;
    spec.add_field("admin_code", OFTString);
    spec.add_field("admin_name", OFTString);
    if (view.parent_level) spec.add_field("parent_code", OFTString);
    for (const auto& [field, type] : fields) spec.add_field(field, type);
    return writer.create_layer(spec);
}

// Fills the admin columns of a row; returns the index of the next column.
int set_admin_columns(OGRFeature& row, const LevelView& view, std::size_t unit) {
    int field = 0;
    row.SetField(field++, view.level.units[unit].code.c_str());
    row.SetField(field++, view.level.units[unit].name.c_str());
    if (view.parent_level)
        row.SetField(field++, view.parent_level->units[(*view.parent_of)[unit]].code.c_str());
    return field;
}

}  // namespace

void write_sector_table(io::GpkgWriter& writer, const std::string& layer_name,
                        const LevelView& view, const std::vector<core::AdminRecap>& recaps) {
    OGRLayer& layer = create_admin_table(
        writer, layer_name,
        fmt::format("Rekapitulasi kerusakan, kerugian dan kebutuhan per sektor ({})",
                    view.level.name),
        view,
        {{"sektor", OFTString},
         {"sub_sektor", OFTString},
         {"rusak_berat", OFTReal},
         {"rusak_sedang", OFTReal},
         {"rusak_ringan", OFTReal},
         {"hilang", OFTReal},
         {"kerusakan_rp", OFTReal},
         {"dana_tunggu_hunian_rp", OFTReal},
         {"pembersihan_puing_rp", OFTReal},
         {"kehilangan_pendapatan_rp", OFTReal},
         {"kerugian_rp", OFTReal},
         {"kebutuhan_pembangunan_rp", OFTReal},
         {"kebutuhan_bantuan_rp", OFTReal},
         {"kebutuhan_pemulihan_rp", OFTReal},
         {"kebutuhan_rp", OFTReal}});
    writer.begin_transaction();
    for (std::size_t a = 0; a < recaps.size(); ++a) {
        for (const auto& s : recaps[a].sectors) {
            if (!s.has_damage()) continue;  // assets there, none damaged: nothing to recap
            OGRFeature row(layer.GetLayerDefn());
            int f = set_admin_columns(row, view, a);
            row.SetField(f++, s.sector.sector.c_str());
            row.SetField(f++, s.sector.sub_sector.c_str());
            using core::DamageCategory;
            for (DamageCategory c : {DamageCategory::berat, DamageCategory::sedang,
                                     DamageCategory::ringan, DamageCategory::hilang})
                row.SetField(f++, s.damaged[static_cast<std::size_t>(c)]);
            for (double v : {s.kerusakan, s.dana_tunggu_hunian, s.debris, s.lost_income,
                             s.kerugian(), s.kebutuhan_pembangunan, s.kebutuhan_bantuan,
                             s.kebutuhan_pemulihan, s.kebutuhan()})
                row.SetField(f++, v);
            writer.write(layer, row);
        }
    }
    writer.commit_transaction();
}

void write_cluster_table(io::GpkgWriter& writer, const std::string& layer_name,
                         const LevelView& view, const std::vector<core::AdminRecap>& recaps,
                         const core::DamageModel& model) {
    OGRLayer& layer = create_admin_table(
        writer, layer_name,
        fmt::format("Rekapitulasi per klaster dan perangkat daerah pengampu ({}, skema {})",
                    view.level.name, model.cluster_scheme),
        view,
        {{"klaster", OFTString},
         {"pengampu", OFTString},
         {"rusak_berat", OFTReal},
         {"rusak_sedang", OFTReal},
         {"rusak_ringan", OFTReal},
         {"pengungsi", OFTReal},
         {"kerusakan_rp", OFTReal},
         {"kerugian_rp", OFTReal},
         {"kebutuhan_rp", OFTReal}});
    writer.begin_transaction();
    const core::ClusterOf shelter = model.cluster_of("pengungsi");
    for (std::size_t a = 0; a < recaps.size(); ++a) {
        // Clusters in first-seen order; the displaced go to the cluster of "pengungsi".
        std::vector<std::pair<core::ClusterOf, std::array<double, 7>>> clusters;
        auto cluster = [&](const core::ClusterOf& c) -> std::array<double, 7>& {
            for (auto& entry : clusters)
                if (entry.first.cluster == c.cluster && entry.first.lead == c.lead)
                    return entry.second;
            clusters.push_back({c, {}});
            return clusters.back().second;
        };
        for (const auto& s : recaps[a].sectors) {
            if (!s.has_damage()) continue;
            auto& v = cluster(s.cluster);
            v[0] += s.damaged[static_cast<std::size_t>(core::DamageCategory::berat)];
            v[1] += s.damaged[static_cast<std::size_t>(core::DamageCategory::sedang)];
            v[2] += s.damaged[static_cast<std::size_t>(core::DamageCategory::ringan)];
            v[4] += s.kerusakan;
            v[5] += s.kerugian();
            v[6] += s.kebutuhan();
        }
        if (recaps[a].displaced > 0) cluster(shelter)[3] += recaps[a].displaced;
        for (const auto& [c, v] : clusters) {
            OGRFeature row(layer.GetLayerDefn());
            int f = set_admin_columns(row, view, a);
            row.SetField(f++, c.cluster.c_str());
            row.SetField(f++, c.lead.c_str());
            for (double x : v) row.SetField(f++, x);
            writer.write(layer, row);
        }
    }
    writer.commit_transaction();
}

void write_population_needs(io::GpkgWriter& writer, const std::string& layer_name,
                            const LevelView& view, const std::vector<core::AdminRecap>& recaps,
                            const core::DamageModel& model) {
    std::vector<std::string> names;
    std::vector<std::pair<const char*, OGRFieldType>> fields = {{"penduduk", OFTReal},
                                                                {"terdampak", OFTReal},
                                                                {"pengungsi", OFTReal},
                                                                {"korban_jiwa", OFTReal}};
    for (const auto& need : model.minimum_needs)
        names.push_back(field_token(need.name + "_" + need.unit +
                                    (need.period.empty() ? "" : "_per_" + need.period)));
    for (const auto& name : names) fields.emplace_back(name.c_str(), OFTReal);
    OGRLayer& layer = create_admin_table(
        writer, layer_name,
        fmt::format("Penduduk terdampak, pengungsi dan kebutuhan dasar (Perka BNPB 7/2008) ({})",
                    view.level.name),
        view, fields);
    writer.begin_transaction();
    for (std::size_t a = 0; a < recaps.size(); ++a) {
        const auto& r = recaps[a];
        OGRFeature row(layer.GetLayerDefn());
        int f = set_admin_columns(row, view, a);
        for (double v : {r.population, r.affected, r.displaced, r.fatalities}) row.SetField(f++, v);
        for (double v : r.minimum_needs) row.SetField(f++, v);
        writer.write(layer, row);
    }
    writer.commit_transaction();
}

void write_run_info(io::GpkgWriter& writer,
                    const std::vector<std::pair<std::string, std::string>>& rows) {
    io::LayerSpec spec;
    spec.name = "run_info";
    spec.description = "Informasi proses: versi, skenario, data masukan, waktu, peringatan";
    spec.add_field("key", OFTString);
    spec.add_field("value", OFTString);
    OGRLayer& layer = writer.create_layer(spec);
    writer.begin_transaction();
    for (const auto& [key, value] : rows) {
        OGRFeature row(layer.GetLayerDefn());
        row.SetField(0, key.c_str());
        row.SetField(1, value.c_str());
        writer.write(layer, row);
    }
    writer.commit_transaction();
}

}  // namespace jitupasna::pipeline
