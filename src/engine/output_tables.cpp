#include "output_tables.hpp"

#include <fmt/format.h>

#include <cctype>
#include <set>

#include "jitupasna/core/errors.hpp"

namespace jitupasna::engine {

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
    for (const char* name : {"count", "length_m", "area_m2", "population"})
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
                    if (m.count == 0 && m.length_m == 0 && m.area_m2 == 0 && m.population == 0)
                        continue;
                    OGRFeature out(layer.GetLayerDefn());
                    if (admin) {
                        out.SetField(idx("admin_code"), units[*admin].code.c_str());
                        out.SetField(idx("admin_name"), units[*admin].name.c_str());
                        if (view.parent_level)
                            out.SetField(
                                idx("parent_code"),
                                view.parent_level->units[(*view.parent_of)[*admin]].code.c_str());
                    } else {
                        out.SetFieldNull(idx("admin_code"));
                        out.SetFieldNull(idx("admin_name"));
                        if (view.parent_level) out.SetFieldNull(idx("parent_code"));
                    }
                    out.SetField(idx("exposure"), results[e].config->name.c_str());
                    out.SetField(idx("asset_type"), results[e].outcome.type_labels[t].c_str());
                    out.SetField(idx("hazard_class"), classifier.labels()[c].c_str());
                    out.SetField(idx("count"), m.count);
                    auto measure = [&](const char* name, bool applies, double value) {
                        if (applies)
                            out.SetField(idx(name), value);
                        else
                            out.SetFieldNull(idx(name));
                    };
                    measure("length_m", kind == ExposureKind::road, m.length_m);
                    measure(
                        "area_m2",
                        kind == ExposureKind::area || kind == ExposureKind::aggregate ||
                            (kind == ExposureKind::population && !results[e].config->is_raster()),
                        m.area_m2);
                    measure("population", kind == ExposureKind::population, m.population);
                    writer.write(layer, out);
                }
            }
        }
    }
    writer.commit_transaction();
}

void write_admin_summary(io::GpkgWriter& writer, const std::string& layer_name,
                         const LevelView& view, const OGRSpatialReference& admin_crs,
                         const std::vector<ExposureResult>& results,
                         const core::HazardClassifier& classifier) {
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
    }
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

}  // namespace jitupasna::engine
