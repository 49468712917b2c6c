#include "summary_layers.hpp"

#include <fmt/format.h>

#include <array>
#include <numeric>
#include <optional>
#include <set>

#include "jitupasna/core/errors.hpp"

namespace jitupasna::pipeline {

namespace {

// A figure that needs the population: NULL without a population layer (the run knows no
// population then, and 0 people beside displaced families would read as a fact).
void set_people(OGRFeature& row, int field, const core::AdminRecap& r, double value) {
    if (r.displaced_from_houses)
        row.SetFieldNull(field);
    else
        row.SetField(field, value);
}

using core::ExposureKind;
namespace schema = core::schema;
namespace column = core::schema::column;

// The headline measure of admin_summary in its unit: counts, km of road, ha of area, people.
double headline_value(schema::Measure measure, const core::Measures& m) {
    switch (measure) {
        case schema::Measure::km:
            return m.length_m / 1000.0;
        case schema::Measure::ha:
            return m.area_m2 / 10000.0;
        case schema::Measure::people:
            return m.population;
        default:
            return m.count;
    }
}

const char* category_name(core::DamageCategory category) {
    return core::kCategoryNames[static_cast<std::size_t>(category)];
}

// The admin columns every summary table starts with.
void add_admin_columns(io::LayerSpec& spec, const LevelView& view) {
    spec.add_field(column::kAdminCode, OFTString);
    spec.add_field(column::kAdminName, OFTString);
    if (view.parent_level) {
        spec.add_field(column::kParentCode, OFTString);
        spec.add_field(column::kParentName, OFTString);
    }
}

// Fills the admin columns of a row; returns the index of the next column.
int set_admin_columns(OGRFeature& row, const LevelView& view, std::size_t unit) {
    int field = 0;
    row.SetField(field++, view.level.units[unit].code.c_str());
    row.SetField(field++, view.level.units[unit].name.c_str());
    if (view.parent_level) {
        const auto& parent = view.parent_level->units[(*view.parent_of)[unit]];
        row.SetField(field++, parent.code.c_str());
        row.SetField(field++, parent.name.c_str());
    }
    return field;
}

std::optional<std::size_t> unit_or_outside(std::size_t row, std::size_t units) {
    return row < units ? std::optional(row) : std::nullopt;
}

}  // namespace

core::schema::ExposureFacts exposure_facts(const core::ExposureConfig& config) {
    return {config.name, config.kind, config.is_raster(), config.has_vulnerability()};
}

void write_impact_summary(io::GpkgWriter& writer, const std::string& layer_name,
                          const LevelView& view, const std::vector<ExposureResult>& results,
                          const core::HazardClassifier& classifier) {
    io::LayerSpec spec;
    spec.name = layer_name;
    spec.description = fmt::format(
        "Ringkasan dampak per wilayah ({}), paparan, jenis aset dan kelas bahaya", view.level.name);
    add_admin_columns(spec, view);
    for (const char* name : {column::kExposure, column::kAssetType, column::kHazardClass})
        spec.add_field(name, OFTString);
    spec.add_field(column::kDamageState, OFTString);
    for (const char* name : {column::kCount, column::kLengthM, column::kAreaM2, column::kPopulation,
                             column::kKerusakanRp})
        spec.add_field(name, OFTReal);
    OGRLayer& layer = writer.create_layer(spec);
    const OGRFeatureDefn* defn = layer.GetLayerDefn();
    auto idx = [&](const char* name) { return defn->GetFieldIndex(name); };
    writer.begin_transaction();
    const auto& units = view.level.units;
    for (std::size_t e = 0; e < results.size(); ++e) {
        const ExposureKind kind = results[e].config.kind;
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
                            out.SetField(idx(column::kAdminCode), units[*admin].code.c_str());
                            out.SetField(idx(column::kAdminName), units[*admin].name.c_str());
                            if (view.parent_level) {
                                const auto& parent =
                                    view.parent_level->units[(*view.parent_of)[*admin]];
                                out.SetField(idx(column::kParentCode), parent.code.c_str());
                                out.SetField(idx(column::kParentName), parent.name.c_str());
                            }
                        } else {
                            out.SetFieldNull(idx(column::kAdminCode));
                            out.SetFieldNull(idx(column::kAdminName));
                            if (view.parent_level) {
                                out.SetFieldNull(idx(column::kParentCode));
                                out.SetFieldNull(idx(column::kParentName));
                            }
                        }
                        out.SetField(idx(column::kExposure), results[e].config.name.c_str());
                        out.SetField(idx(column::kAssetType), results[e].type_labels[t].c_str());
                        out.SetField(idx(column::kHazardClass), classifier.labels()[c].c_str());
                        auto measure = [&](const char* name, bool applies, double value) {
                            if (applies)
                                out.SetField(idx(name), value);
                            else
                                out.SetFieldNull(idx(name));
                        };
                        const bool has_area =
                            kind == ExposureKind::area || kind == ExposureKind::aggregate ||
                            (kind == ExposureKind::population && !results[e].config.is_raster());
                        if (state) {
                            out.SetField(idx(column::kDamageState), core::kCategoryNames[*state]);
                            out.SetField(idx(column::kCount), m.damaged[*state]);
                            measure(column::kLengthM, kind == ExposureKind::road,
                                    m.damaged_measure[*state]);
                            measure(column::kAreaM2, has_area, m.damaged_measure[*state]);
                            out.SetFieldNull(idx(column::kPopulation));
                            out.SetField(idx(column::kKerusakanRp), m.kerusakan[*state]);
                        } else {
                            out.SetFieldNull(idx(column::kDamageState));
                            out.SetField(idx(column::kCount), m.count);
                            measure(column::kLengthM, kind == ExposureKind::road, m.length_m);
                            measure(column::kAreaM2, has_area, m.area_m2);
                            measure(column::kPopulation, kind == ExposureKind::population,
                                    m.population);
                            out.SetFieldNull(idx(column::kKerusakanRp));
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
    add_admin_columns(spec, view);
    std::set<std::string> names{column::kAdminCode, column::kAdminName, column::kParentCode,
                                column::kParentName};
    auto add_field = [&](const std::string& name) {
        if (!names.insert(name).second)
            throw ConfigError(
                fmt::format("{}: two columns would both be named '{}'; rename an exposure or class",
                            layer_name, name));
        // The terdampak flag is a yes/no, the source of the figures a word, every other column
        // a measure.
        spec.add_field(name.c_str(), name == column::kWilayahTerdampak ? OFTInteger
                                     : name == column::kSumberData     ? OFTString
                                                                       : OFTReal);
    };
    for (const auto& result : results) {
        const schema::ExposureFacts facts = exposure_facts(result.config);
        for (const auto& label : classifier.labels()) add_field(facts.class_column(label));
        add_field(facts.affected_column());
        add_field(facts.total_column());
        if (facts.damage) {
            for (std::size_t k = 1; k < core::kCategoryCount; ++k)
                add_field(facts.category_column(core::kCategoryNames[k]));
            add_field(facts.damage_value_column());
        }
    }
    if (!recaps.empty())
        for (const auto& name : schema::admin_recap_columns()) add_field(name);
    // Where the figures come from, on the main level only: the PDs report per unit of the main
    // level (`jitupasna forms`), and `import` sets it there. A run knows only its estimates.
    const bool source_column = !recaps.empty() && view.parent_level == nullptr;
    if (source_column) add_field(column::kSumberData);
    OGRLayer& layer = writer.create_layer(spec);
    writer.begin_transaction();
    const auto& units = view.level.units;
    for (std::size_t a = 0; a < units.size(); ++a) {
        OGRFeature row(layer.GetLayerDefn());
        int field = set_admin_columns(row, view, a);
        for (std::size_t e = 0; e < results.size(); ++e) {
            const schema::Measure measure = schema::headline_measure(results[e].config.kind);
            double total = 0;
            for (std::size_t c = 0; c < classifier.labels().size(); ++c) {
                const double value = headline_value(measure, view.summaries[e].by_class(a, c));
                row.SetField(field++, value);
                total += value;
            }
            // core::affected_share: in a class (no classes: a value > 0), or the part damaged.
            row.SetField(field++, headline_value(measure, view.summaries[e].affected(a)));
            row.SetField(field++, total);
            if (results[e].config.has_vulnerability()) {
                core::Measures all;
                for (std::size_t c = 0; c < classifier.labels().size(); ++c)
                    all += view.summaries[e].by_class(a, c);
                // Roads and areas per category in km and ha of what is damaged (the columns'
                // suffix), structures in expected units.
                const bool by_measure =
                    measure == schema::Measure::km || measure == schema::Measure::ha;
                double kerusakan = 0;
                for (std::size_t k = 1; k < core::kCategoryCount; ++k) {
                    row.SetField(field++, by_measure ? all.damaged_measure[k] /
                                                           schema::raw_per_satuan(measure)
                                                     : all.damaged[k]);
                    kerusakan += all.kerusakan[k];
                }
                row.SetField(field++, kerusakan);
            }
        }
        if (!recaps.empty()) {
            const core::AdminRecap& r = recaps[a];
            for (double v : {r.kerusakan(), r.kerugian(), r.kebutuhan()}) row.SetField(field++, v);
            set_people(row, field++, r, r.population);
            set_people(row, field++, r, r.affected);
            for (double v : {r.displaced, r.fatalities, r.components.houses_rb_share})
                row.SetField(field++, v);
            set_people(row, field++, r, r.components.damage_per_capita);
            for (double v :
                 {r.components.displaced, r.components.facilities_damaged, r.priority_score})
                row.SetField(field++, v);
            row.SetField(field++, r.priority_rank);
            row.SetField(field++, r.terdampak ? 1 : 0);
        }
        if (source_column) row.SetField(field++, schema::sumber_data::kEstimasi);
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
        const core::ExposureConfig& config = results[e].config;
        core::ExposureRecapInput in;
        in.kind = config.kind;
        in.has_vulnerability = config.has_vulnerability();
        in.type_labels = results[e].type_labels;
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
    add_admin_columns(spec, view);
    for (const auto& [field, type] : fields) spec.add_field(field, type);
    return writer.create_layer(spec);
}

}  // namespace

void write_sector_table(io::GpkgWriter& writer, const std::string& layer_name,
                        const LevelView& view, const std::vector<core::AdminRecap>& recaps) {
    OGRLayer& layer = create_admin_table(
        writer, layer_name,
        fmt::format("Rekapitulasi kerusakan, kerugian dan kebutuhan per sektor ({})",
                    view.level.name),
        view,
        {{column::kSektor, OFTString},
         {column::kSubSektor, OFTString},
         {column::kSatuan, OFTString},
         {category_name(core::DamageCategory::berat), OFTReal},
         {category_name(core::DamageCategory::sedang), OFTReal},
         {category_name(core::DamageCategory::ringan), OFTReal},
         {category_name(core::DamageCategory::hilang), OFTReal},
         {column::kKerusakanRp, OFTReal},
         {"dana_tunggu_hunian_rp", OFTReal},
         {"pembersihan_puing_rp", OFTReal},
         {"kehilangan_pendapatan_rp", OFTReal},
         {column::kKerugianRp, OFTReal},
         {"kebutuhan_pembangunan_rp", OFTReal},
         {"kebutuhan_bantuan_rp", OFTReal},
         {"kebutuhan_pemulihan_rp", OFTReal},
         {column::kKebutuhanRp, OFTReal}});
    writer.begin_transaction();
    for (std::size_t a = 0; a < recaps.size(); ++a) {
        for (const auto& s : recaps[a].sectors) {
            if (!s.has_damage()) continue;  // assets there, none damaged: nothing to recap
            OGRFeature row(layer.GetLayerDefn());
            int f = set_admin_columns(row, view, a);
            row.SetField(f++, s.sector.sector.c_str());
            row.SetField(f++, s.sector.sub_sector.c_str());
            row.SetField(f++, s.satuan.c_str());
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
        {{column::kKlaster, OFTString},
         {column::kPengampu, OFTString},
         {column::kPendukung, OFTString},
         {column::kSatuan, OFTString},
         {category_name(core::DamageCategory::berat), OFTReal},
         {category_name(core::DamageCategory::sedang), OFTReal},
         {category_name(core::DamageCategory::ringan), OFTReal},
         {column::kPengungsi, OFTReal},
         {column::kKerusakanRp, OFTReal},
         {column::kKerugianRp, OFTReal},
         {column::kKebutuhanRp, OFTReal}});
    writer.begin_transaction();
    const core::ClusterOf shelter = model.cluster_of("pengungsi");
    for (std::size_t a = 0; a < recaps.size(); ++a) {
        // Rows per cluster and satuan in first-seen order (damaged units and km never add);
        // the displaced, in jiwa, have a row of their own in the cluster of "pengungsi".
        struct ClusterRow {
            core::ClusterOf cluster;  // support: of every sub-sector in the row
            std::string satuan;
            std::array<double, 7> values{};
        };
        std::vector<ClusterRow> clusters;
        auto cluster = [&](const core::ClusterOf& c,
                           const std::string& satuan) -> std::array<double, 7>& {
            for (auto& entry : clusters)
                if (entry.cluster.cluster == c.cluster && entry.cluster.lead == c.lead &&
                    entry.satuan == satuan) {
                    auto& support = entry.cluster.support;
                    for (const auto& pd : c.support)
                        if (std::find(support.begin(), support.end(), pd) == support.end())
                            support.push_back(pd);
                    return entry.values;
                }
            clusters.push_back({c, satuan, {}});
            return clusters.back().values;
        };
        for (const auto& s : recaps[a].sectors) {
            if (!s.has_damage()) continue;
            auto& v = cluster(s.cluster, s.satuan);
            v[0] += s.damaged[static_cast<std::size_t>(core::DamageCategory::berat)];
            v[1] += s.damaged[static_cast<std::size_t>(core::DamageCategory::sedang)];
            v[2] += s.damaged[static_cast<std::size_t>(core::DamageCategory::ringan)];
            v[4] += s.kerusakan;
            v[5] += s.kerugian();
            v[6] += s.kebutuhan();
        }
        if (recaps[a].displaced > 0)
            cluster(shelter, std::string(schema::satuan(schema::Measure::people)))[3] +=
                recaps[a].displaced;
        for (const auto& c : clusters) {
            OGRFeature row(layer.GetLayerDefn());
            int f = set_admin_columns(row, view, a);
            row.SetField(f++, c.cluster.cluster.c_str());
            row.SetField(f++, c.cluster.lead.c_str());
            if (c.cluster.support.empty())  // none: NULL, as every empty text column
                row.SetFieldNull(f++);
            else
                row.SetField(f++, schema::join_names(c.cluster.support).c_str());
            row.SetField(f++, c.satuan.c_str());
            for (double x : c.values) row.SetField(f++, x);
            writer.write(layer, row);
        }
    }
    writer.commit_transaction();
}

void write_population_needs(io::GpkgWriter& writer, const std::string& layer_name,
                            const LevelView& view, const std::vector<core::AdminRecap>& recaps,
                            const core::DamageModel& model) {
    std::vector<std::string> names;
    std::vector<std::pair<const char*, OGRFieldType>> fields = {{column::kPenduduk, OFTReal},
                                                                {column::kTerdampak, OFTReal},
                                                                {column::kPengungsi, OFTReal},
                                                                {column::kKorbanJiwa, OFTReal}};
    for (const auto& need : model.minimum_needs)
        names.push_back(schema::column_token(need.name + "_" + need.unit +
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
        set_people(row, f++, r, r.population);
        set_people(row, f++, r, r.affected);
        for (double v : {r.displaced, r.fatalities}) row.SetField(f++, v);
        for (double v : r.minimum_needs) row.SetField(f++, v);
        writer.write(layer, row);
    }
    writer.commit_transaction();
}

void write_scheme_table(io::GpkgWriter& writer, const core::DamageModel& model) {
    io::LayerSpec spec;
    spec.name = schema::kSchemeTable;
    spec.description =
        fmt::format("Skema klaster {}: sektor, klaster, pengampu dan pendukung per subsektor",
                    model.cluster_scheme);
    for (const char* name : {column::kSubSektor, column::kSektor, column::kKlaster,
                             column::kPengampu, column::kPendukung})
        spec.add_field(name, OFTString);
    OGRLayer& layer = writer.create_layer(spec);
    writer.begin_transaction();
    for (const auto& [sub_sector, who] : model.clusters) {
        OGRFeature row(layer.GetLayerDefn());
        int f = 0;
        row.SetField(f++, sub_sector.c_str());
        for (const std::string* text : {&who.sector, &who.cluster, &who.lead}) {
            if (text->empty())  // NULL, as every empty text column
                row.SetFieldNull(f++);
            else
                row.SetField(f++, text->c_str());
        }
        if (who.support.empty())
            row.SetFieldNull(f++);
        else
            row.SetField(f++, schema::join_names(who.support).c_str());
        writer.write(layer, row);
    }
    writer.commit_transaction();
}

void write_run_info(io::GpkgWriter& writer,
                    const std::vector<std::pair<std::string, std::string>>& rows) {
    io::LayerSpec spec;
    spec.name = schema::kRunInfo;
    spec.description = "Informasi proses: versi, skenario, data masukan, waktu, peringatan";
    spec.add_field(column::kKey, OFTString);
    spec.add_field(column::kValue, OFTString);
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
