#include "jitupasna/io/gpkg_reader.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gdal_errors.hpp"

namespace jitupasna::io {

namespace schema = core::schema;

std::optional<std::size_t> Table::column(std::string_view column_name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == column_name) return i;
    return std::nullopt;
}

std::size_t Table::require(std::string_view column_name) const {
    if (const auto index = column(column_name)) return *index;
    throw DataError(fmt::format("{}: table {} has no column '{}'; was it written by jitupasna?",
                                source, name, column_name));
}

std::optional<double> Table::sum(std::size_t column_index) const {
    std::optional<double> total;
    for (const auto& row : rows)
        if (const double* v = as_number(row[column_index])) total = total.value_or(0.0) + *v;
    return total;
}

double Table::number(std::size_t row, std::string_view column_name) const {
    const auto c = column(column_name);
    const double* v = c ? as_number(rows[row][*c]) : nullptr;
    return v ? *v : 0.0;
}

bool Table::is_null(std::size_t row, std::string_view column_name) const {
    const auto c = column(column_name);
    return !c || io::is_null(rows[row][*c]);
}

std::string Table::text(std::size_t row, std::string_view column_name) const {
    const auto c = column(column_name);
    if (!c) return {};
    const CellValue& v = rows[row][*c];
    if (const std::string* s = as_text(v)) return *s;
    if (const double* d = as_number(v))
        return std::fabs(*d) < 1e15 && std::floor(*d) == *d ? fmt::format("{:.0f}", *d)
                                                            : fmt::format("{:.15g}", *d);
    return {};
}

double Table::total(std::string_view column_name) const {
    const auto c = column(column_name);
    return c ? sum(*c).value_or(0.0) : 0.0;
}

std::optional<long long> table_row_count(const std::string& path, const std::string& table) {
    io::initialize_gdal();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    const char* const drivers[] = {"GPKG", nullptr};
    const DatasetPtr dataset(GDALDataset::FromHandle(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr)));
    io::take_last_gdal_error();
    if (!dataset) return std::nullopt;
    OGRLayer* layer = dataset->GetLayerByName(table.c_str());
    io::take_last_gdal_error();
    if (!layer) return std::nullopt;
    return static_cast<long long>(layer->GetFeatureCount());
}

GpkgReader::GpkgReader(const std::string& gpkg) : path_(gpkg) {
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
    const auto info = read(schema::kRunInfo);
    if (!info)
        throw DataError(
            fmt::format("{}: not a jitupasna output (no {} table); give the GeoPackage written by "
                        "`jitupasna run`",
                        gpkg, schema::kRunInfo));
    const std::size_t key = info->require(schema::column::kKey);
    const std::size_t value = info->require(schema::column::kValue);
    for (const auto& row : info->rows) {
        const std::string* k = as_text(row[key]);
        const std::string* v = as_text(row[value]);
        if (k) run_info_.emplace_back(*k, v ? *v : std::string());
    }
    if (this->info("tool") != "jitupasna")
        throw DataError(fmt::format("{}: not a jitupasna output ({} names no jitupasna run)", gpkg,
                                    schema::kRunInfo));
    auto facts = schema::facts_from_run_info(run_info_, gpkg);
    if (!facts)
        throw DataError(fmt::format(
            "{}: written by an older jitupasna ({} does not record the run's hazard classes, "
            "exposures and admin levels); run the scenario again with this jitupasna",
            gpkg, schema::kRunInfo));
    facts_ = std::move(*facts);
}

bool GpkgReader::has_table(const std::string& name) const {
    return dataset_->GetLayerByName(name.c_str()) != nullptr;
}

std::optional<Table> GpkgReader::read(const std::string& name, WithGeometry geometry) const {
    OGRLayer* layer = dataset_->GetLayerByName(name.c_str());
    if (!layer) return std::nullopt;
    const bool with_geometry = geometry == WithGeometry::yes;
    Table table;
    table.source = path_;
    table.name = name;
    if (const char* d = layer->GetMetadataItem("DESCRIPTION")) table.description = d;
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int field_count = defn->GetFieldCount();
    for (int i = 0; i < field_count; ++i) {
        const OGRFieldDefn* field = defn->GetFieldDefn(i);
        table.columns.emplace_back(field->GetNameRef());
        const OGRFieldType type = field->GetType();
        table.numeric.push_back(type == OFTInteger || type == OFTInteger64 || type == OFTReal);
    }
    if (with_geometry && layer->GetSpatialRef()) table.srs.reset(layer->GetSpatialRef()->Clone());
    layer->ResetReading();
    io::take_last_gdal_error();
    while (io::FeaturePtr feature{layer->GetNextFeature()}) {
        core::throw_if_interrupted();
        std::vector<CellValue> row;
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
        if (with_geometry) table.geometries.emplace_back(feature->StealGeometry());
    }
    if (const std::string error = io::take_last_gdal_error(); !error.empty())
        throw DataError(fmt::format("{}: cannot read table {}: {}", path_, name, error));
    return table;
}

std::string GpkgReader::description(const std::string& name) const {
    OGRLayer* layer = dataset_->GetLayerByName(name.c_str());
    if (!layer) return {};
    const char* text = layer->GetMetadataItem("DESCRIPTION");
    return text ? text : "";
}

std::optional<std::string> GpkgReader::info(std::string_view key) const {
    for (const auto& [k, v] : run_info_)
        if (k == key) return v;
    return std::nullopt;
}

}  // namespace jitupasna::io
