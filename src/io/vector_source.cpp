#include "jitupasna/io/vector_source.hpp"

#include <cerrno>
#include <cpl_string.h>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <optional>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/output_guard.hpp"
#include "jitupasna/io/spatial_ref.hpp"

namespace jitupasna::io {

namespace {
std::string layer_names(GDALDataset& ds) {
    std::string names;
    for (auto* layer : ds.GetLayers())
        names += (names.empty() ? "" : ", ") + std::string(layer->GetName());
    return names;
}

// Where a coordinate may lie. Longitudes to ±540° allow the 0–360° convention and one wrap;
// a projected coordinate beyond a million kilometres (1e9 metres, or units) lies on no map.
constexpr double kMaxLongitude = 540.0;
constexpr double kMaxLatitude = 90.0 + 1e-9;
constexpr double kMaxProjected = 1e9;

// The first vertex (x, y; Z and M are not used) that is not finite or lies outside the range
// of the layer's CRS, found by visiting every vertex once.
class CoordinateAudit final : public OGRDefaultConstGeometryVisitor {
  public:
    explicit CoordinateAudit(bool geographic) : geographic_(geographic) {}
    std::optional<std::pair<double, double>> bad;

    using OGRDefaultConstGeometryVisitor::visit;
    void visit(const OGRPoint* point) override {
        if (!point->IsEmpty()) audit(point->getX(), point->getY());
    }
    void visit(const OGRLineString* line) override { audit_curve(*line); }
    void visit(const OGRLinearRing* ring) override { audit_curve(*ring); }
    void visit(const OGRCircularString* arc) override { audit_curve(*arc); }

  private:
    void audit_curve(const OGRSimpleCurve& curve) {
        for (int i = 0, n = curve.getNumPoints(); i < n && !bad; ++i)
            audit(curve.getX(i), curve.getY(i));
    }
    void audit(double x, double y) {
        if (bad) return;
        const bool in_range = geographic_
                                  ? std::fabs(x) <= kMaxLongitude && std::fabs(y) <= kMaxLatitude
                                  : std::fabs(x) <= kMaxProjected && std::fabs(y) <= kMaxProjected;
        if (!in_range) bad.emplace(x, y);  // NaN fails every comparison: caught here too
    }
    bool geographic_;
};

}  // namespace

VectorSource::VectorSource(const core::InputConfig& input, std::string role,
                           CrsRequired crs_required)
    : role_(std::move(role)) {
    initialize_gdal();
    require_existing_path(input.path, role_);
    const std::string file = std::filesystem::path(input.path).filename().string();
    CPLStringList open_options;
    for (const auto& option : input.open_options) open_options.AddString(option.c_str());
    errno = 0;
    dataset_.reset(GDALDataset::Open(input.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                     open_options.List()));
    if (!dataset_) {
        const int saved_errno = errno;
        const std::string reason = take_last_gdal_error();
        if (const std::string handles = file_handles_exhausted(reason, saved_errno);
            !handles.empty())
            throw DataError(fmt::format("{}: {} opening {}; raise the limit (ulimit -n)", role_,
                                        handles, input.path));
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
    audit_coordinates_ = true;
    geographic_ = crs_->IsGeographic();
}

void VectorSource::audit_coordinates(const OGRFeature& feature) const {
    const OGRGeometry* geometry = feature.GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) return;
    CoordinateAudit audit(geographic_);
    geometry->accept(&audit);
    if (!audit.bad) return;
    const auto [x, y] = *audit.bad;
    // Caught here, with the feature named: later it would only surface as an infinite extent
    // or a NaN sum far from its cause.
    throw DataError(fmt::format(
        "{}: feature {} of {} has a coordinate ({}, {}) that {}; fix or remove the feature "
        "(coordinates must be finite numbers and, in a geographic CRS, within ±{}° longitude "
        "and ±90° latitude, else within ±{:.0e} CRS units)",
        role_, feature.GetFID(), description_, x, y,
        std::isfinite(x) && std::isfinite(y)
            ? (geographic_ ? "is not a longitude and latitude" : "lies far outside any map")
            : "is not a finite number",
        kMaxLongitude, kMaxProjected));
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
        if (audit_coordinates_) audit_coordinates(*feature);
        batch.push_back(std::move(feature));
    }
    return true;
}

}  // namespace jitupasna::io
