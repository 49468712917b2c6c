#include "data.hpp"

#include <fmt/format.h>

#include <cctype>

#include "jitupasna/core/errors.hpp"
#include "../gpkg_reader.hpp"

namespace jitupasna::publish::report {

std::optional<std::size_t> Table::column(std::string_view column_name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == column_name) return i;
    return std::nullopt;
}

double Table::number(std::size_t row, std::string_view column_name) const {
    const auto c = column(column_name);
    return c && !rows[row][*c].null ? rows[row][*c].number : 0.0;
}

bool Table::is_null(std::size_t row, std::string_view column_name) const {
    const auto c = column(column_name);
    return !c || rows[row][*c].null;
}

std::string Table::text(std::size_t row, std::string_view column_name) const {
    const auto c = column(column_name);
    return c ? rows[row][*c].text : std::string();
}

double Table::sum(std::string_view column_name) const {
    double total = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) total += number(r, column_name);
    return total;
}

std::string ReportData::info(std::string_view key) const {
    for (const auto& [k, v] : run_info)
        if (k == key) return v;
    return "";
}

namespace {

std::optional<Table> read_table(GDALDataset& ds, const std::string& name, bool geometry) {
    OGRLayer* layer = ds.GetLayerByName(name.c_str());
    if (!layer) return std::nullopt;
    Table table;
    table.name = name;
    if (const char* d = layer->GetMetadataItem("DESCRIPTION")) table.description = d;
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* field = defn->GetFieldDefn(i);
        table.columns.emplace_back(field->GetNameRef());
        const OGRFieldType type = field->GetType();
        table.numeric.push_back(type == OFTReal || type == OFTInteger || type == OFTInteger64);
    }
    if (geometry && layer->GetSpatialRef()) table.srs.reset(layer->GetSpatialRef()->Clone());
    layer->ResetReading();
    for (io::FeaturePtr feature(layer->GetNextFeature()); feature;
         feature.reset(layer->GetNextFeature())) {
        std::vector<Cell> row(table.columns.size());
        for (std::size_t i = 0; i < row.size(); ++i) {
            const int f = static_cast<int>(i);
            if (!feature->IsFieldSetAndNotNull(f)) continue;
            row[i].null = false;
            row[i].text = feature->GetFieldAsString(f);
            if (table.numeric[i]) row[i].number = feature->GetFieldAsDouble(f);
        }
        table.rows.push_back(std::move(row));
        if (geometry) table.geometries.emplace_back(feature->StealGeometry());
    }
    return table;
}

// "Aset terpapar per wilayah administrasi (kabkota) dan kelas bahaya" -> "kabkota".
std::string level_of(const Table& table, const std::string& fallback) {
    const auto open = table.description.find('(');
    const auto close = table.description.find(')', open == std::string::npos ? 0 : open);
    if (open == std::string::npos || close == std::string::npos) return fallback;
    return table.description.substr(open + 1, close - open - 1);
}

Level read_level(GDALDataset& ds, const std::string& suffix, const std::string& gpkg) {
    Level level;
    auto admin = read_table(ds, "admin_summary" + suffix, true);
    if (!admin)
        throw DataError(
            fmt::format("{}: no admin_summary{} layer; is it a jitupasna output?", gpkg, suffix));
    for (const char* required : {"admin_code", "admin_name"})
        if (!admin->has(required))
            throw DataError(
                fmt::format("{}: admin_summary{} has no {} column; is it a jitupasna "
                            "output?",
                            gpkg, suffix, required));
    level.admin = std::move(*admin);
    level.name = level_of(level.admin, suffix.empty() ? "wilayah" : suffix.substr(1));
    level.sector = read_table(ds, "jitupasna_sector" + suffix, false);
    level.cluster = read_table(ds, "jitupasna_cluster" + suffix, false);
    level.needs = read_table(ds, "population_needs" + suffix, false);
    return level;
}

const char* suffix_of(const Table& admin, const std::string& exposure) {
    for (const char* suffix : {"", "_km", "_ha"})
        if (admin.has(exposure + "_affected" + suffix) && admin.has(exposure + "_total" + suffix))
            return suffix;
    return nullptr;
}

}  // namespace

ReportData read_report_data(const std::string& gpkg) {
    // Opened and checked (a GeoPackage with run_info) as `jitupasna export` opens it.
    const RecapReader reader(gpkg);
    GDALDataset& ds = reader.dataset();
    ReportData data;
    data.gpkg = gpkg;
    data.run_info = reader.run_info();
    if (data.info("tool") != "jitupasna")
        throw DataError(
            fmt::format("{}: not a jitupasna output (run_info names no jitupasna run)", gpkg));
    data.main = read_level(ds, "", gpkg);
    const std::string sub = data.info("input.admin.sublevel");
    if (!sub.empty() && ds.GetLayerByName(("admin_summary_" + sub).c_str()))
        data.sub = read_level(ds, "_" + sub, gpkg);

    // Exposures in run order (run_info), else as their columns appear.
    const Table& admin = data.main.admin;
    std::vector<std::string> names;
    const std::string prefix = "input.exposure.";
    for (const auto& [key, value] : data.run_info) {
        if (key.rfind(prefix, 0) != 0 || key.size() <= prefix.size() + 5 ||
            key.compare(key.size() - 5, 5, ".path") != 0)
            continue;
        names.push_back(key.substr(prefix.size(), key.size() - prefix.size() - 5));
    }
    if (names.empty())
        for (const auto& column : admin.columns)
            for (const char* tail : {"_affected", "_affected_km", "_affected_ha"}) {
                const std::string t = tail;
                if (column.size() > t.size() &&
                    column.compare(column.size() - t.size(), t.size(), t) == 0)
                    names.push_back(column.substr(0, column.size() - t.size()));
            }
    for (const auto& name : names) {
        const char* suffix = suffix_of(admin, name);
        if (!suffix) continue;
        Exposure e;
        e.name = name;
        e.suffix = suffix;
        e.kind = data.info(prefix + name + ".kind");  // "population (raster)" -> "population"
        e.kind = e.kind.substr(0, e.kind.find(' '));
        if (e.kind.empty())
            e.kind = e.suffix == "_km" ? "road" : e.suffix == "_ha" ? "area" : "structure";
        e.damage = admin.has(name + "_rusak_berat");
        data.exposures.push_back(std::move(e));
    }
    if (data.exposures.empty())
        throw DataError(
            fmt::format("{}: admin_summary has no exposure columns "
                        "(<exposure>_affected); is it a jitupasna output?",
                        gpkg));

    // Hazard classes: the first exposure's columns before <name>_affected.
    const Exposure& first = data.exposures.front();
    const std::size_t affected = *admin.column(first.name + "_affected" + first.suffix);
    const std::string head = first.name + "_";
    for (std::size_t c = 0; c < affected; ++c) {
        const std::string& column = admin.columns[c];
        if (column.rfind(head, 0) != 0 || column.size() < head.size() + first.suffix.size() ||
            column.compare(column.size() - first.suffix.size(), first.suffix.size(),
                           first.suffix) != 0)
            continue;
        data.class_tokens.push_back(
            column.substr(head.size(), column.size() - head.size() - first.suffix.size()));
    }
    // The scenario's own spelling of each class, where impact_summary shows it.
    const auto impact = read_table(ds, "impact_summary", false);
    for (const auto& token : data.class_tokens) {
        std::string label = token;
        if (impact && impact->has("hazard_class"))
            for (std::size_t r = 0; r < impact->rows.size(); ++r) {
                std::string candidate = impact->text(r, "hazard_class");
                std::string as_token;
                for (char ch : candidate) {
                    const auto u = static_cast<unsigned char>(ch);
                    as_token += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
                }
                if (as_token == token) {
                    label = candidate;
                    break;
                }
            }
        data.class_labels.push_back(label);
    }
    data.recap = admin.has("kerusakan_rp");
    return data;
}

}  // namespace jitupasna::publish::report
