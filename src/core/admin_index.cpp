#include "jitupasna/core/admin_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "jitupasna/core/geodesic.hpp"
#include "jitupasna/core/geos_ops.hpp"

namespace jitupasna::core {

namespace {

// Area of a polygon, length of a line (planar, in the geometry's own units).
double planar_size(const GeosContext& ctx, const GEOSGeometry* geom, int dimension) {
    double size = 0;
    if (!geom) return 0;
    if (dimension == 2) GEOSArea_r(ctx.handle(), geom, &size);
    if (dimension == 1) GEOSLength_r(ctx.handle(), geom, &size);
    return size;
}

}  // namespace

AdminIndex::AdminIndex(std::vector<AdminUnit> units)
    : units_(std::move(units)),
      tree_(
          units_.size(), [this](std::size_t i) { return std::string_view(units_[i].wkb); },
          [this](std::size_t i) { return fmt::format("admin unit '{}'", units_[i].code); }),
      areas_(units_.size(), 0.0) {
    GeosContext ctx;
    for (std::size_t i = 0; i < units_.size(); ++i) {
        if (units_[i].wkb.empty()) continue;
        GeomPtr geom = geom_from_wkb(ctx, units_[i].wkb);
        areas_[i] = area(ctx, geom.get()).value_or(0.0);
    }
}

AdminLocator::AdminLocator(const AdminIndex& index, const GeosContext& ctx)
    : index_(index), ctx_(ctx), cache_(ctx, index.size(), [&index](std::size_t i) {
          return std::string_view(index.units()[i].wkb);
      }) {}

AdminLocator::AdminLocator(const AdminIndex& index, const GeosContext& ctx,
                           const AdminIndex& parent_index,
                           const std::vector<std::size_t>& parent_of)
    : AdminLocator(index, ctx) {
    parent_level_ = std::make_unique<AdminLocator>(parent_index, ctx);
    parent_of_ = &parent_of;
}

AdminLocator::~AdminLocator() = default;

std::optional<std::size_t> AdminLocator::locate(const GEOSGeometry* geom) {
    if (is_empty(ctx_, geom)) return std::nullopt;
    auto* h = ctx_.handle();

    GeomPtr centroid = geos_ptr(h, GEOSGetCentroid_r(h, geom));
    if (centroid && !is_empty(ctx_, centroid.get())) {
        for (std::size_t unit : index_.candidates(envelope(ctx_, centroid.get()))) {
            // Intersects, not contains: a centroid on a shared border still finds a unit.
            if (GEOSPreparedIntersects_r(h, prepared(unit), centroid.get()) == 1) return unit;
        }
    }

    std::optional<std::size_t> best;
    double best_area = 0;
    for (std::size_t unit : index_.candidates(envelope(ctx_, geom))) {
        if (GEOSPreparedIntersects_r(h, prepared(unit), geom) != 1) continue;
        GeomPtr overlap = geos_ptr(h, GEOSIntersection_r(h, geometry(unit), geom));
        if (!overlap) {  // an invalid footprint: repair it and try once more
            GeomPtr valid = make_valid(ctx_, geom);
            if (valid) overlap = geos_ptr(h, GEOSIntersection_r(h, geometry(unit), valid.get()));
        }
        double area = 0;
        if (overlap && GEOSArea_r(h, overlap.get(), &area) && area > best_area) {
            best_area = area;
            best = unit;
        }
    }
    return best;
}

void AdminLocator::split(const GEOSGeometry* geom,
                         std::vector<std::pair<std::optional<std::size_t>, GeomPtr>>& parts) {
    if (is_empty(ctx_, geom)) return;
    auto* h = ctx_.handle();
    const int dimension = GEOSGeom_getDimensions_r(h, geom);
    const std::vector<std::size_t> candidates = index_.candidates(envelope(ctx_, geom));
    if (const auto unit = holding_unit(geom, dimension, candidates)) {
        parts.emplace_back(*unit, geos_ptr(h, GEOSGeom_clone_r(h, geom)));
        return;
    }
    const std::size_t first_part = parts.size();
    split_among(geom, dimension, candidates, parts);
    if (!parent_level_) return;
    const std::optional<std::size_t> parent = parent_level_->holding_unit(
        geom, dimension, parent_level_->index_.candidates(envelope(ctx_, geom)));
    if (!parent) return;
    // Keep the parts in the holding parent's own units; the caller's shares of the feature
    // come from the parts kept, so the parent keeps the whole count.
    auto own = [&](const auto& part) {
        return part.first && (*parent_of_)[*part.first] == *parent;
    };
    const auto begin = parts.begin() + static_cast<std::ptrdiff_t>(first_part);
    if (std::none_of(begin, parts.end(), own)) return;  // no unit of its own: keep them all
    parts.erase(std::remove_if(begin, parts.end(), [&](const auto& part) { return !own(part); }),
                parts.end());
}

void AdminLocator::split_among(const GEOSGeometry* geom, int dimension,
                               const std::vector<std::size_t>& candidates,
                               std::vector<std::pair<std::optional<std::size_t>, GeomPtr>>& parts) {
    auto* h = ctx_.handle();
    auto keeps_dimension = [&](const GeomPtr& part) {
        return part && !is_empty(ctx_, part.get()) &&
               GEOSGeom_getDimensions_r(h, part.get()) >= dimension;
    };
    GeomPtr remaining = geos_ptr(h, GEOSGeom_clone_r(h, geom));
    for (std::size_t unit : candidates) {
        if (!keeps_dimension(remaining)) break;
        if (GEOSPreparedIntersects_r(h, prepared(unit), remaining.get()) != 1) continue;
        if (GEOSPreparedContains_r(h, prepared(unit), remaining.get()) == 1) {
            parts.emplace_back(unit, std::move(remaining));
            return;
        }
        GeomPtr inside = geos_ptr(h, GEOSIntersection_r(h, remaining.get(), geometry(unit)));
        remaining = geos_ptr(h, GEOSDifference_r(h, remaining.get(), geometry(unit)));
        if (!inside || !remaining)
            throw std::runtime_error("GEOS could not split a geometry by admin units: " +
                                     ctx_.last_error());
        if (keeps_dimension(inside)) parts.emplace_back(unit, std::move(inside));
    }
    if (keeps_dimension(remaining)) parts.emplace_back(std::nullopt, std::move(remaining));
}

std::optional<std::size_t> AdminLocator::holding_unit(const GEOSGeometry* geom, int dimension,
                                                      const std::vector<std::size_t>& candidates) {
    if (dimension < 1) return std::nullopt;
    auto* h = ctx_.handle();
    const double size = planar_size(ctx_, geom, dimension);
    if (!(size > 0)) return std::nullopt;
    std::optional<std::size_t> holder;
    for (std::size_t unit : candidates) {
        const double unit_area = index_.planar_area(unit);
        if (holder && unit_area >= index_.planar_area(*holder)) continue;
        // A unit smaller than 99.9 % of a polygon cannot hold 99.9 % of it.
        if (dimension == 2 && unit_area < kWhollyInsideShare * size) continue;
        if (GEOSPreparedIntersects_r(h, prepared(unit), geom) != 1) continue;
        // The unit's own polygon (a count per unit joined from a table) is found by comparing
        // coordinates: "contains" on two identical boundaries is a costly full relate.
        bool holds = GEOSEqualsExact_r(h, geometry(unit), geom, 0.0) == 1 ||
                     GEOSPreparedContains_r(h, prepared(unit), geom) == 1;
        if (!holds) {
            GeomPtr inside = geos_ptr(h, GEOSIntersection_r(h, geom, geometry(unit)));
            holds = planar_size(ctx_, inside.get(), dimension) >= kWhollyInsideShare * size;
        }
        if (holds) holder = unit;
    }
    return holder;
}

void AdminLocator::overlaps_with_later(std::size_t unit, PointTransform* to_lonlat,
                                       std::vector<AdminOverlap>& overlaps) {
    if (index_.units()[unit].wkb.empty()) return;
    auto* h = ctx_.handle();
    const GEOSGeometry* own = geometry(unit);
    for (std::size_t other : index_.candidates(envelope(ctx_, own))) {
        if (other <= unit) continue;
        // Neighbours share a border: only a shared part with an area is an overlap.
        if (GEOSPreparedIntersects_r(h, prepared(unit), geometry(other)) != 1) continue;
        GeomPtr shared = geos_ptr(h, GEOSIntersection_r(h, own, geometry(other)));
        if (!shared)
            throw std::runtime_error(fmt::format(
                "GEOS could not intersect admin units {} and {}: {}", index_.units()[unit].code,
                index_.units()[other].code, ctx_.last_error()));
        if (!(area(ctx_, shared.get()).value_or(0.0) > 0)) continue;
        GeomPtr lonlat = transform_geometry(ctx_, shared.get(), to_lonlat);
        if (!lonlat) continue;
        const double area_m2 = geodesic_area_m2(ctx_, lonlat.get());
        if (area_m2 > 0) overlaps.push_back(AdminOverlap{unit, other, area_m2});
    }
}

void AdminLocator::coverage(const GEOSGeometry* polygon,
                            std::vector<std::pair<std::size_t, double>>& shares) {
    auto* h = ctx_.handle();
    double total = 0;
    if (is_empty(ctx_, polygon) || !GEOSArea_r(h, polygon, &total) || !(total > 0)) return;
    // What earlier units have not taken yet; null while that is still the whole polygon.
    GeomPtr remaining;
    for (std::size_t unit : index_.candidates(envelope(ctx_, polygon))) {
        const GEOSGeometry* rest = remaining ? remaining.get() : polygon;
        if (is_empty(ctx_, rest)) break;
        if (!remaining && GEOSPreparedContains_r(h, prepared(unit), polygon) == 1) {
            shares.emplace_back(unit, 1.0);
            return;
        }
        if (GEOSPreparedIntersects_r(h, prepared(unit), rest) != 1) continue;
        GeomPtr inside = geos_ptr(h, GEOSIntersection_r(h, geometry(unit), rest));
        GeomPtr left = geos_ptr(h, GEOSDifference_r(h, rest, geometry(unit)));
        if (!inside || !left)
            throw std::runtime_error("GEOS could not intersect a cell with admin units: " +
                                     ctx_.last_error());
        double area = 0;
        if (GEOSArea_r(h, inside.get(), &area) && area > 0) shares.emplace_back(unit, area / total);
        remaining = std::move(left);
    }
}

}  // namespace jitupasna::core
