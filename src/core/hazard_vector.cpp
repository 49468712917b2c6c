#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "jitupasna/core/hazard.hpp"

namespace jitupasna::core {

HazardZoneIndex::HazardZoneIndex(std::vector<HazardZone> zones)
    : zones_(std::move(zones)),
      tree_(
          zones_.size(), [this](std::size_t i) { return std::string_view(zones_[i].wkb); },
          [](std::size_t i) { return fmt::format("hazard zone {}", i); }) {}

std::vector<std::size_t> HazardZoneIndex::candidates(const Envelope& env) const {
    std::vector<std::size_t> result = tree_.candidates(env);
    std::sort(result.begin(), result.end(), [&](std::size_t a, std::size_t b) {
        const HazardZone& za = zones_[a];
        const HazardZone& zb = zones_[b];
        if (za.hazard_class != zb.hazard_class) return za.hazard_class < zb.hazard_class;
        const double va = za.value.value_or(-HUGE_VAL), vb = zb.value.value_or(-HUGE_VAL);
        if (va != vb) return va > vb;
        return a < b;
    });
    return result;
}

VectorHazardSampler::VectorHazardSampler(const HazardZoneIndex& index,
                                         const HazardClassifier& classifier, const GeosContext& ctx)
    : index_(index),
      classifier_(classifier),
      ctx_(ctx),
      cache_(ctx, index.zones().size(),
             [&index](std::size_t i) { return std::string_view(index.zones()[i].wkb); }) {}

HazardSample VectorHazardSampler::of_zone(std::size_t zone) const {
    return HazardSample{index_.zones()[zone].value, index_.zones()[zone].hazard_class};
}

// The most severe zone the geometry meets: in its interior (interior = true: touching a zone
// along its edge does not count) or anywhere.
HazardSample VectorHazardSampler::first_matching(const GEOSGeometry* geom, bool interior) {
    auto* h = ctx_.handle();
    for (std::size_t zone : index_.candidates(envelope(ctx_, geom))) {
        if (GEOSPreparedIntersects_r(h, prepared(zone), geom) != 1) continue;
        if (interior && GEOSPreparedTouches_r(h, prepared(zone), geom) == 1) continue;
        return of_zone(zone);
    }
    return HazardSample{std::nullopt, classifier_.not_exposed_index()};
}

HazardSample VectorHazardSampler::sample(const GEOSGeometry* geom, Sampling sampling) {
    if (is_empty(ctx_, geom)) return HazardSample{std::nullopt, classifier_.not_exposed_index()};
    auto* h = ctx_.handle();
    // Points, lines and other footprints without area have no area to weigh: their centroid.
    const bool no_area = GEOSGeom_getDimensions_r(h, geom) < 2;
    const bool by_centroid =
        sampling == Sampling::centroid ||
        ((sampling == Sampling::mean || sampling == Sampling::majority) && no_area);
    if (GEOSGeomTypeId_r(h, geom) == GEOS_POINT || by_centroid) {
        GeomPtr centroid = geos_ptr(h, GEOSGetCentroid_r(h, geom));
        if (!centroid || is_empty(ctx_, centroid.get()))
            return HazardSample{std::nullopt, classifier_.not_exposed_index()};
        return first_matching(centroid.get(), false);
    }
    if (sampling == Sampling::max) return first_matching(geom, true);
    std::vector<HazardPiece> pieces;
    split(geom, pieces);
    std::vector<std::pair<HazardSample, double>> weighted;
    for (const auto& piece : pieces) {
        double area = 0;
        GEOSArea_r(h, piece.geometry.get(), &area);
        weighted.emplace_back(piece.sample, area);
    }
    return summarize_pieces(weighted, classifier_, sampling);
}

HazardSample VectorHazardSampler::sample_at(double x, double y) {
    auto* h = ctx_.handle();
    GeomPtr point = geos_ptr(h, GEOSGeom_createPointFromXY_r(h, x, y));
    return first_matching(point.get(), false);
}

void VectorHazardSampler::split(const GEOSGeometry* geom, std::vector<HazardPiece>& pieces) {
    if (is_empty(ctx_, geom)) return;
    auto* h = ctx_.handle();
    const int dimension = GEOSGeom_getDimensions_r(h, geom);
    GeomPtr remaining = geos_ptr(h, GEOSGeom_clone_r(h, geom));
    // Most severe zone first; what it takes is removed, so overlaps count once.
    for (std::size_t zone : index_.candidates(envelope(ctx_, geom))) {
        if (is_empty(ctx_, remaining.get())) break;
        if (GEOSPreparedIntersects_r(h, prepared(zone), remaining.get()) != 1) continue;
        GeomPtr piece = geos_ptr(h, GEOSIntersection_r(h, remaining.get(), geometry(zone)));
        remaining = geos_ptr(h, GEOSDifference_r(h, remaining.get(), geometry(zone)));
        if (!piece || !remaining)
            throw std::runtime_error("GEOS could not split a geometry by hazard zones: " +
                                     ctx_.last_error());
        if (!is_empty(ctx_, piece.get()) && GEOSGeom_getDimensions_r(h, piece.get()) >= dimension)
            pieces.push_back(HazardPiece{std::move(piece), of_zone(zone)});
    }
    if (!is_empty(ctx_, remaining.get()) &&
        GEOSGeom_getDimensions_r(h, remaining.get()) >= dimension)
        pieces.push_back(HazardPiece{std::move(remaining),
                                     HazardSample{std::nullopt, classifier_.not_exposed_index()}});
}

}  // namespace jitupasna::core
