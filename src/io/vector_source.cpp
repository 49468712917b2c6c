#include "jitupasna/io/vector_source.hpp"

#include <cpl_string.h>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/spatial_ref.hpp"

namespace jitupasna::io {

namespace {
std::string layer_names(GDALDataset& ds) {
    std::string names;
    for (auto* layer : ds.GetLayers())
        names += (names.empty() ? "" : ", ") + std::string(layer->GetName());
    return names;
}
}  // namespace

VectorSource::VectorSource(const core::InputConfig& input, std::string role,
                           CrsRequired crs_required)
    : role_(std::move(role)) {
    initialize_gdal();
    require_existing_path(input.path, role_);
    const std::string file = std::filesystem::path(input.path).filename().string();
    CPLStringList open_options;
    for (const auto& option : input.open_options) open_options.AddString(option.c_str());
    dataset_.reset(GDALDataset::Open(input.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                     open_options.List()));
    if (!dataset_) {
        const std::string reason = take_last_gdal_error();
        throw DataError(fmt::format("{}: cannot open {} as a vector dataset{}", role_, input.path,
                                    reason.empty() ? "" : " (" + reason + ")"));
    }
    if (input.layer) {
        layer_ = dataset_->GetLayerByName(input.layer->c_str());
        if (!layer_)
            throw ConfigError(fmt::format("{}: layer '{}' not found in {}; layers are: {}", role_,
                                          *input.layer, file, layer_names(*dataset_)));
    } else if (dataset_->GetLayerCount() == 1) {
        layer_ = dataset_->GetLayer(0);
    } else {
        throw ConfigError(fmt::format("{}: {} has {} layers; choose one with `layer:` ({})", role_,
                                      file, dataset_->GetLayerCount(), layer_names(*dataset_)));
    }
    description_ = fmt::format("{} layer {}", file, layer_->GetName());
    if (input.where) apply_filter(*input.where, input.key);
    if (crs_required == CrsRequired::no) {
        crs_ = wgs84();  // never used to transform: an attribute table's geometry does not matter
        return;
    }
    crs_ =
        resolve_crs(layer_->GetSpatialRef(), input.crs, fmt::format("{}: {}", role_, description_));
}

void VectorSource::apply_filter(const std::string& where, const std::string& key) {
    const std::string where_key = key + ".where";
    take_last_gdal_error();
    if (layer_->SetAttributeFilter(where.c_str()) != OGRERR_NONE) {
        const std::string reason = take_last_gdal_error();
        throw ConfigError(fmt::format("{}: {} '{}' is not a filter {} understands{}", role_,
                                      where_key, where, description_,
                                      reason.empty() ? "" : " (" + reason + ")"));
    }
    // Some drivers (GeoPackage, via SQLite) check the expression only when reading.
    FeaturePtr first(layer_->GetNextFeature());
    layer_->ResetReading();
    if (const std::string reason = take_last_gdal_error(); !first && !reason.empty())
        throw ConfigError(fmt::format("{}: {} '{}' is not a filter {} understands ({})", role_,
                                      where_key, where, description_, reason));
    // A filter that keeps nothing is a typo in a name or a code, not an empty run.
    if (!first)
        throw ConfigError(fmt::format("{}: {} '{}' matches no feature of {}", role_, where_key,
                                      where, description_));
    description_ += fmt::format(" where {}", where);
}

std::string VectorSource::driver_name() const {
    GDALDriver* driver = dataset_->GetDriver();
    return driver ? driver->GetDescription() : "";
}

int VectorSource::field_index(const std::string& field, const std::string& key) const {
    const OGRFeatureDefn& defn = definition();
    const int index = defn.GetFieldIndex(field.c_str());
    if (index >= 0) return index;
    std::string fields;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        fields += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
    throw ConfigError(fmt::format("{}: field '{}' ({}) not found in {}; fields are: {}", role_,
                                  field, key, description_, fields.empty() ? "(none)" : fields));
}

int VectorSource::numeric_field_index(const std::string& field, const std::string& key) const {
    const int index = field_index(field, key);
    const OGRFeatureDefn& defn = definition();
    const OGRFieldType type = defn.GetFieldDefn(index)->GetType();
    if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) return index;
    std::string numeric;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const OGRFieldType t = defn.GetFieldDefn(i)->GetType();
        if (t == OFTInteger || t == OFTInteger64 || t == OFTReal)
            numeric +=
                (numeric.empty() ? "" : ", ") + std::string(defn.GetFieldDefn(i)->GetNameRef());
    }
    throw ConfigError(fmt::format(
        "{}: field '{}' ({}) in {} is {}, not a number; numeric fields are: {}", role_, field, key,
        description_, OGRFieldDefn::GetFieldTypeName(type), numeric.empty() ? "(none)" : numeric));
}

std::optional<OGREnvelope> VectorSource::extent() {
    OGREnvelope envelope;
    if (layer_->GetExtent(&envelope, TRUE) != OGRERR_NONE) return std::nullopt;
    return envelope;
}

long long VectorSource::feature_count_hint() {
    return static_cast<long long>(layer_->GetFeatureCount(FALSE));
}

bool VectorSource::read_batch(std::size_t max_features, std::vector<FeaturePtr>& batch) {
    for (std::size_t i = 0; i < max_features; ++i) {
        core::throw_if_interrupted();
        FeaturePtr feature(layer_->GetNextFeature());
        if (!feature) {
            const std::string reason = take_last_gdal_error();
            if (!reason.empty())
                throw DataError(
                    fmt::format("{}: reading {} failed: {}", role_, description_, reason));
            return false;
        }
        batch.push_back(std::move(feature));
    }
    return true;
}

}  // namespace jitupasna::io
