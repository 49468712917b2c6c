#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/spatial_index.hpp"

namespace jitupasna::core {

struct AdminUnit {
    std::string code;
    std::string name;
    std::string wkb;  // valid polygonal geometry in the run's CRS
};

// The admin units of a run and an R-tree over their envelopes, built once and shared read-only
// by all threads. Geometries are kept as WKB so that each thread can build its own GEOS objects.
class AdminIndex {
  public:
    // Throws std::invalid_argument when a geometry cannot be parsed.
    explicit AdminIndex(std::vector<AdminUnit> units);

    const std::vector<AdminUnit>& units() const { return units_; }
    std::size_t size() const { return units_.size(); }
    // Indices of units whose envelope intersects env, in ascending order.
    std::vector<std::size_t> candidates(const Envelope& env) const { return tree_.candidates(env); }

  private:
    std::vector<AdminUnit> units_;
    EnvelopeIndex tree_;
};

// Assigns geometries to admin units with one thread's GEOS context. Prepared geometries are
// built lazily and are not shared, because GEOS builds their indexes on first use.
class AdminLocator {
  public:
    AdminLocator(const AdminIndex& index, const GeosContext& ctx);

    // The unit containing the geometry's centroid (the first in layer order when several do);
    // otherwise the unit it overlaps most by area; otherwise nullopt ("outside").
    std::optional<std::size_t> locate(const GEOSGeometry* geom);

    // Divisible features: the parts of geom in each unit, and the part outside every unit
    // (nullopt). Where units overlap, the first in layer order takes the overlap, so every
    // part of geom is in exactly one piece. Parts of a lower dimension (a line's point on a
    // border) are dropped.
    void split(const GEOSGeometry* geom,
               std::vector<std::pair<std::optional<std::size_t>, GeomPtr>>& parts);

    // The share of a polygon's (e.g. a raster cell's) area inside each unit, first unit in
    // layer order taking overlaps, so the shares add up to at most 1 (the rest is outside).
    void coverage(const GEOSGeometry* polygon, std::vector<std::pair<std::size_t, double>>& shares);

  private:
    const GEOSGeometry* geometry(std::size_t unit) { return cache_.geometry(unit); }
    const GEOSPreparedGeometry* prepared(std::size_t unit) { return cache_.prepared(unit); }

    const AdminIndex& index_;
    const GeosContext& ctx_;
    PreparedCache cache_;
};

}  // namespace jitupasna::core
