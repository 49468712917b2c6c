#include "gpkg_reader.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/io/gdal_errors.hpp"

namespace jitupasna::publish {

std::optional<std::size_t> RecapTable::column(std::string_view column_name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == column_name) return i;
    return std::nullopt;
}

std::size_t RecapTable::require(std::string_view column_name) const {
    if (const auto index = column(column_name)) return *index;
    throw DataError(fmt::format("{}: table {} has no column '{}'; was it written by jitupasna?",
                                source, name, column_name));
}

std::optional<double> RecapTable::sum(std::size_t column_index) const {
    std::optional<double> total;
    for (const auto& row : rows)
        if (const double* v = as_number(row[column_index])) total = total.value_or(0.0) + *v;
    return total;
}

RecapReader::RecapReader(const std::string& gpkg) : path_(gpkg) {
    io::initialize_gdal();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(gpkg, ec))
        throw DataError(fmt::format("{}: no such file", gpkg));
    const char* const drivers[] = {"GPKG", nullptr};
    dataset_.reset(GDALDataset::FromHandle(
        GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr)));
    if (!dataset_) {
        const std::string reason = io::take_last_gdal_error();
        throw DataError(fmt::format("{}: cannot open as a GeoPackage{}{}", gpkg,
                                    reason.empty() ? "" : ": ", reason));
    }
    const auto info = read("run_info");
    if (!info)
        throw DataError(fmt::format(
            "{}: not a jitupasna output (no run_info table); give the GeoPackage written by "
            "`jitupasna run`",
            gpkg));
    const std::size_t key = info->require("key");
    const std::size_t value = info->require("value");
    for (const auto& row : info->rows) {
        const std::string* k = as_text(row[key]);
        const std::string* v = as_text(row[value]);
        if (k) run_info_.emplace_back(*k, v ? *v : std::string());
    }
}

bool RecapReader::has_table(const std::string& name) const {
    return dataset_->GetLayerByName(name.c_str()) != nullptr;
}

std::optional<RecapTable> RecapReader::read(const std::string& name) const {
    OGRLayer* layer = dataset_->GetLayerByName(name.c_str());
    if (!layer) return std::nullopt;
    RecapTable table;
    table.source = path_;
    table.name = name;
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int field_count = defn->GetFieldCount();
    for (int i = 0; i < field_count; ++i) {
        const OGRFieldDefn* field = defn->GetFieldDefn(i);
        table.columns.emplace_back(field->GetNameRef());
        const OGRFieldType type = field->GetType();
        table.numeric.push_back(type == OFTInteger || type == OFTInteger64 || type == OFTReal);
    }
    layer->ResetReading();
    io::take_last_gdal_error();
    while (io::FeaturePtr feature{layer->GetNextFeature()}) {
        std::vector<RecapValue> row;
        row.reserve(static_cast<std::size_t>(field_count));
        for (int i = 0; i < field_count; ++i) {
            if (!feature->IsFieldSetAndNotNull(i))
                row.emplace_back(std::monostate{});
            else if (table.numeric[static_cast<std::size_t>(i)])
                row.emplace_back(feature->GetFieldAsDouble(i));
            else
                row.emplace_back(std::string(feature->GetFieldAsString(i)));
        }
        table.rows.push_back(std::move(row));
    }
    if (const std::string error = io::take_last_gdal_error(); !error.empty())
        throw DataError(fmt::format("{}: cannot read table {}: {}", path_, name, error));
    return table;
}

std::string RecapReader::description(const std::string& name) const {
    OGRLayer* layer = dataset_->GetLayerByName(name.c_str());
    if (!layer) return {};
    const char* text = layer->GetMetadataItem("DESCRIPTION");
    return text ? text : "";
}

std::optional<std::string> RecapReader::info(std::string_view key) const {
    for (const auto& [k, v] : run_info_)
        if (k == key) return v;
    return std::nullopt;
}

std::optional<std::string> RecapReader::sublevel() const {
    if (auto name = info("input.admin.sublevel"); name && !name->empty()) return name;
    // Older outputs: the level is the suffix of a second admin_summary.
    const std::string prefix = "admin_summary_";
    for (int i = 0; i < dataset_->GetLayerCount(); ++i) {
        const std::string layer = dataset_->GetLayer(i)->GetName();
        if (layer.rfind(prefix, 0) == 0 && layer.size() > prefix.size())
            return layer.substr(prefix.size());
    }
    return std::nullopt;
}

}  // namespace jitupasna::publish
