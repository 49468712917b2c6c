#include "hazard_layer.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <functional>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/core/memory_raster.hpp"
#include "jitupasna/core/type_mapping.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/ogr_geos.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/shakemap_grid.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/io/vector_source.hpp"

namespace jitupasna::pipeline {

namespace {

std::string grid_text(const core::GridSpec& g) {
    return fmt::format("{} x {} cells of {:.6g} x {:.6g}", g.cols, g.rows, g.cell_width,
                       -g.cell_height);
}

// Rasters (GDAL or an in-memory ShakeMap grid): each thread gets its own reader, and its own
// copies of the transformations between the admin CRS and the raster's.
class RasterHazard final : public HazardLayer {
  public:
    // A reader of one band (nullopt: the configured one).
    using ReaderFactory =
        std::function<std::unique_ptr<core::RasterWindowReader>(std::optional<int> band)>;
    // Readers of several bands sharing one file handle (realizations).
    using BandReadersFactory = std::function<std::vector<std::unique_ptr<core::RasterWindowReader>>(
        const std::vector<int>& bands)>;

    RasterHazard(const core::HazardClassifier& classifier, io::SpatialRefPtr crs,
                 const OGRSpatialReference& admin_crs, ReaderFactory open_reader, InfoRows info,
                 std::string summary, std::vector<int> realization_bands = {},
                 BandReadersFactory open_band_readers = {})
        : realization_bands_(std::move(realization_bands)),
          open_band_readers_(std::move(open_band_readers)),
          classifier_(classifier),
          crs_(std::move(crs)),
          open_reader_(std::move(open_reader)),
          info_(std::move(info)),
          summary_(std::move(summary)) {
        admin_to_raster_ = io::make_transform(admin_crs, *crs_, "admin CRS to the hazard CRS");
        raster_to_admin_ = io::make_transform(*crs_, admin_crs, "hazard CRS to the admin CRS");
    }

    void set_extent(const core::GridSpec& g) {
        double xmin = g.origin_x, xmax = g.origin_x + g.cols * g.cell_width;
        double ymax = g.origin_y, ymin = g.origin_y + g.rows * g.cell_height;
        if (raster_to_admin_ && !raster_to_admin_->TransformBounds(xmin, ymin, xmax, ymax, &xmin,
                                                                   &ymin, &xmax, &ymax, 21))
            return;
        extent_ = core::Envelope{xmin, ymin, xmax, ymax};
    }
    std::optional<core::Envelope> extent_in_admin_crs() const override { return extent_; }

    const OGRSpatialReference& crs() const override { return *crs_; }
    InfoRows describe() const override { return info_; }
    std::string summary() const override { return summary_; }

    std::size_t realizations() const override { return realization_bands_.size(); }

    std::unique_ptr<ThreadHazard> for_thread(const core::GeosContext& ctx) const override {
        auto state = std::make_unique<State>();
        state->admin_to_raster = io::clone_for_thread(admin_to_raster_.get());
        state->raster_to_admin = io::clone_for_thread(raster_to_admin_.get());
        auto make_sampler = [&](core::RasterWindowReader& reader) {
            return std::make_unique<core::RasterHazardSampler>(reader, classifier_, ctx,
                                                               state->admin_to_raster.get(),
                                                               state->raster_to_admin.get());
        };
        if (realization_bands_.empty()) {
            state->reader = open_reader_(std::nullopt);
        } else {
            // Two handles per thread (the mean's readers and the per-realization ones), however
            // many bands.
            state->realization_readers = open_band_readers_(realization_bands_);
            for (auto& reader : state->realization_readers)
                state->realization_samplers.push_back(make_sampler(*reader));
            state->reader =
                std::make_unique<core::MeanRaster>(open_band_readers_(realization_bands_));
        }
        state->raster_sampler = make_sampler(*state->reader);
        return state;
    }

  private:
    struct State final : ThreadHazard {
        std::unique_ptr<io::OgrPointTransform> admin_to_raster, raster_to_admin;
        std::unique_ptr<core::RasterWindowReader> reader;
        std::unique_ptr<core::RasterHazardSampler> raster_sampler;
        std::vector<std::unique_ptr<core::RasterWindowReader>> realization_readers;
        std::vector<std::unique_ptr<core::RasterHazardSampler>> realization_samplers;
        core::HazardSampler& sampler() override { return *raster_sampler; }
        std::size_t realizations() const override { return realization_samplers.size(); }
        core::HazardSampler& realization(std::size_t r) override {
            return *realization_samplers[r];
        }
    };

    std::vector<int> realization_bands_;
    BandReadersFactory open_band_readers_;
    std::optional<core::Envelope> extent_;

    const core::HazardClassifier& classifier_;
    io::SpatialRefPtr crs_;
    ReaderFactory open_reader_;
    InfoRows info_;
    std::string summary_;
    io::TransformPtr admin_to_raster_, raster_to_admin_;
};

class VectorHazard final : public HazardLayer {
  public:
    VectorHazard(const core::HazardClassifier& classifier, io::SpatialRefPtr admin_crs,
                 std::vector<core::HazardZone> zones, InfoRows info, std::string summary)
        : classifier_(classifier),
          crs_(std::move(admin_crs)),
          index_(std::move(zones)),
          info_(std::move(info)),
          summary_(std::move(summary)) {}

    const OGRSpatialReference& crs() const override { return *crs_; }
    InfoRows describe() const override { return info_; }
    std::string summary() const override { return summary_; }
    bool extent_is_coverage() const override { return false; }  // zones cover only where hazard is
    std::optional<core::Envelope> extent_in_admin_crs() const override {
        core::GeosContext ctx;
        std::optional<core::Envelope> all;
        for (const auto& zone : index_.zones()) {
            core::GeomPtr g = core::geom_from_wkb(ctx, zone.wkb);
            if (!g || core::is_empty(ctx, g.get())) continue;
            const core::Envelope e = core::envelope(ctx, g.get());
            if (!all) all = e;
            all->xmin = std::min(all->xmin, e.xmin);
            all->ymin = std::min(all->ymin, e.ymin);
            all->xmax = std::max(all->xmax, e.xmax);
            all->ymax = std::max(all->ymax, e.ymax);
        }
        return all;
    }

    std::unique_ptr<ThreadHazard> for_thread(const core::GeosContext& ctx) const override {
        auto state = std::make_unique<State>();
        state->vector_sampler =
            std::make_unique<core::VectorHazardSampler>(index_, classifier_, ctx);
        return state;
    }

  private:
    struct State final : ThreadHazard {
        std::unique_ptr<core::VectorHazardSampler> vector_sampler;
        core::HazardSampler& sampler() override { return *vector_sampler; }
    };

    const core::HazardClassifier& classifier_;
    io::SpatialRefPtr crs_;
    core::HazardZoneIndex index_;
    InfoRows info_;
    std::string summary_;
};

std::unique_ptr<HazardLayer> open_gdal_raster(const core::HazardConfig& config,
                                              const core::HazardClassifier& classifier,
                                              const OGRSpatialReference& admin_crs) {
    auto source = std::make_shared<io::RasterSource>(config.input, config.band, "hazard");
    InfoRows info{{"path", config.input.path},
                  {"form", "raster"},
                  {"crs", io::describe_crs(source->crs())},
                  {"grid", grid_text(source->grid())},
                  {"band", std::to_string(config.band)}};
    if (source->nodata()) info.emplace_back("nodata", fmt::format("{}", *source->nodata()));
    const std::string summary = fmt::format(
        "{} band {}, {}, {}{}", source->description(), config.band, grid_text(source->grid()),
        io::describe_crs(source->crs()),
        source->nodata() ? fmt::format(", nodata {}", *source->nodata()) : ", no nodata value");
    io::SpatialRefPtr crs(source->crs().Clone());
    std::vector<int> bands;
    if (config.realizations_bands) {
        for (int b = 1; b <= source->band_count(); ++b) bands.push_back(b);
        info.emplace_back("realizations", fmt::format("{} (every band)", bands.size()));
    }
    auto hazard = std::make_unique<RasterHazard>(
        classifier, std::move(crs), admin_crs,
        [source](std::optional<int> band) { return source->open_reader(band); }, std::move(info),
        summary, bands,
        [source](const std::vector<int>& wanted) { return source->open_readers(wanted); });
    hazard->set_extent(source->grid());
    return hazard;
}

std::unique_ptr<HazardLayer> open_shakemap(const core::HazardConfig& config,
                                           const core::HazardClassifier& classifier,
                                           const OGRSpatialReference& admin_crs) {
    // A missing or unreadable grid.xml is said as for every other input (exit 2).
    io::require_existing_path(config.input.path, "hazard");
    io::ShakemapGrid grid = io::read_shakemap_grid(config.input.path, config.shakemap_field);
    auto values = std::make_shared<const std::vector<double>>(std::move(grid.values));
    InfoRows info{{"path", config.input.path},
                  {"form", "shakemap_grid"},
                  {"crs", "EPSG:4326 (WGS 84)"},
                  {"field", grid.field + (grid.units.empty() ? "" : " (" + grid.units + ")")},
                  {"grid", grid_text(grid.grid)}};
    for (const auto& [key, value] : grid.event) info.emplace_back("event." + key, value);
    auto get = [&](const char* key) {
        auto it = grid.event.find(key);
        return it == grid.event.end() ? std::string("?") : it->second;
    };
    const std::string summary =
        fmt::format("ShakeMap {} field {}, {}; event M{} depth {} km at {}, {} ({})",
                    std::filesystem::path(config.input.path).filename().string(), grid.field,
                    grid_text(grid.grid), get("magnitude"), get("depth"), get("lon"), get("lat"),
                    get("event_timestamp"));
    // ShakeMap grids are longitude/latitude on WGS 84, whatever the file says.
    io::SpatialRefPtr crs = io::wgs84();
    const core::GridSpec spec = grid.grid;
    auto hazard = std::make_unique<RasterHazard>(
        classifier, std::move(crs), admin_crs,
        [spec, values](std::optional<int>) {
            return std::make_unique<core::MemoryRaster>(spec, values);
        },
        std::move(info), summary);
    hazard->set_extent(spec);
    return hazard;
}

std::unique_ptr<HazardLayer> open_vector(const core::HazardConfig& config,
                                         const core::HazardClassifier& classifier,
                                         const OGRSpatialReference& admin_crs,
                                         std::vector<std::string>& warnings) {
    io::VectorSource source(config.input, "hazard");
    const bool by_class = config.form == core::HazardForm::vector_classes;
    const std::string field_name = by_class ? *config.class_field : *config.value_field;
    const int field =
        source.field_index(field_name, by_class ? "hazard.class_field" : "hazard.value_field");
    const OGRFieldType type = source.definition().GetFieldDefn(field)->GetType();
    if (!by_class && type != OFTInteger && type != OFTInteger64 && type != OFTReal)
        throw ConfigError(fmt::format(
            "hazard: value_field '{}' in {} is {}, not a number; use class_field for text classes",
            field_name, source.description(), OGRFieldDefn::GetFieldTypeName(type)));
    const io::TransformPtr to_admin =
        io::make_transform(source.crs(), admin_crs, "hazard to the admin CRS");
    core::GeosContext ctx;
    std::vector<core::HazardZone> zones;
    core::ValueTally class_values;  // class_field values, for the review of the listed ones
    long long features = 0, without_value = 0, repaired = 0;
    std::vector<io::FeaturePtr> batch;
    while (source.read_batch(1024, batch) || !batch.empty()) {
        for (auto& feature : batch) {
            core::throw_if_interrupted();  // repairs of a batch of large zones take seconds
            ++features;
            const OGRGeometry* geometry = feature->GetGeometryRef();
            if (by_class) {
                const std::optional<std::string_view> raw =
                    feature->IsFieldSetAndNotNull(field)
                        ? std::optional<std::string_view>(feature->GetFieldAsString(field))
                        : std::nullopt;
                const std::size_t c = classifier.classify_raw(raw);
                class_values.add(raw, c != classifier.not_affected_index() &&
                                          c != classifier.not_exposed_index());
            }
            // NULL or empty: no hazard there, so the area stays not_exposed.
            if (!feature->IsFieldSetAndNotNull(field) ||
                std::string(feature->GetFieldAsString(field)).empty()) {
                ++without_value;
                continue;
            }
            if (!geometry || geometry->IsEmpty()) continue;
            core::HazardZone zone;
            if (by_class) {
                zone.hazard_class = classifier.classify_raw(feature->GetFieldAsString(field));
            } else {
                zone.value = feature->GetFieldAsDouble(field);
                zone.hazard_class = classifier.classify(zone.value);
            }
            io::GeometryPtr g =
                io::transformed_copy(*geometry, to_admin.get(), "hazard", feature->GetFID());
            core::GeomPtr geos = io::to_geos(ctx, *g);
            if (!geos) continue;
            if (!core::is_valid(ctx, geos.get())) {
                geos = core::make_valid(ctx, geos.get());
                ++repaired;
                if (!geos)
                    throw DataError(
                        fmt::format("hazard: feature {} of {}: invalid geometry GEOS "
                                    "cannot repair",
                                    feature->GetFID(), source.description()));
            }
            zone.wkb = core::geom_to_wkb(ctx, geos.get());
            zones.push_back(std::move(zone));
        }
        batch.clear();
    }
    if (by_class) {
        core::ValueMapping mapping{"hazard",         fmt::format("class_field '{}'", field_name),
                                   "not_affected",   "polygon",
                                   "hazard.classes", {}};
        for (std::size_t i = 0; i < config.classes.size(); ++i)
            mapping.entries.push_back({fmt::format("hazard.classes[{}].values", i),
                                       config.classes[i].name, config.classes[i].values});
        core::MappingReview review = core::review_mapping(mapping, class_values);
        if (review.error) throw ConfigError(*review.error);
        for (auto& w : review.warnings) warnings.push_back(std::move(w));
    }
    if (repaired > 0)
        warnings.push_back(
            fmt::format("hazard: {} invalid polygon(s) repaired with GEOS MakeValid", repaired));
    InfoRows info{{"path", config.input.path},
                  {"layer", source.layer().GetName()},
                  {"form", by_class ? "vector (classes)" : "vector (values)"},
                  {"crs", io::describe_crs(source.crs())},
                  {by_class ? "class_field" : "value_field", field_name},
                  {"features", std::to_string(features)},
                  {"features_without_value", std::to_string(without_value)},
                  {"repaired_geometries", std::to_string(repaired)}};
    const std::string summary =
        fmt::format("{} ({} {}), {} polygons ({} without a value), {}", source.description(),
                    by_class ? "class_field" : "value_field", field_name, features, without_value,
                    io::describe_crs(source.crs()));
    return std::make_unique<VectorHazard>(classifier, io::SpatialRefPtr(admin_crs.Clone()),
                                          std::move(zones), std::move(info), summary);
}

}  // namespace

std::unique_ptr<HazardLayer> open_hazard(const core::HazardConfig& config,
                                         const core::HazardClassifier& classifier,
                                         const OGRSpatialReference& admin_crs,
                                         std::vector<std::string>& warnings) {
    switch (config.form) {
        case core::HazardForm::raster:
            return open_gdal_raster(config, classifier, admin_crs);
        case core::HazardForm::shakemap_grid:
            return open_shakemap(config, classifier, admin_crs);
        case core::HazardForm::vector_classes:
        case core::HazardForm::vector_values:
            return open_vector(config, classifier, admin_crs, warnings);
    }
    throw ConfigError("hazard: unknown form");
}

}  // namespace jitupasna::pipeline
