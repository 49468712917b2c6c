#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/core/point_transform.hpp"
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
    // Planar area of a unit in the run's CRS (0 without geometry): ranks units that both hold
    // a feature, so the smaller (the more specific) one gets it.
    double planar_area(std::size_t unit) const { return areas_[unit]; }
    // Indices of units whose envelope intersects env, in ascending order.
    std::vector<std::size_t> candidates(const Envelope& env) const { return tree_.candidates(env); }

  private:
    std::vector<AdminUnit> units_;
    EnvelopeIndex tree_;
    std::vector<double> areas_;
};

// A divisible feature lying at least this share (of its area, or length for a line) inside one
// unit goes wholly to that unit: border slivers of unit or feature do not move its count.
inline constexpr double kWhollyInsideShare = 0.999;

// The part two admin units share (published boundaries overlap where neighbours were drawn
// from different sources).
struct AdminOverlap {
    std::size_t first = 0, second = 0;  // unit indices, first < second
    double area_m2 = 0;                 // geodesic, on the WGS 84 ellipsoid
};

// Assigns geometries to admin units with one thread's GEOS context. Prepared geometries are
// built lazily and are not shared, because GEOS builds their indexes on first use.
class AdminLocator {
  public:
    AdminLocator(const AdminIndex& index, const GeosContext& ctx);
    // With a coarser level above the units (kecamatan under kabupaten/kota): parent_of maps
    // each unit to its parent in parent_index. A divisible feature that one parent holds
    // (kWhollyInsideShare: a count given per kabupaten) is split among that parent's units
    // only: the slivers where the two levels' boundaries differ (published kecamatan do not
    // tile their kabupaten exactly) neither leave the parent nor fall outside every unit.
    AdminLocator(const AdminIndex& index, const GeosContext& ctx, const AdminIndex& parent_index,
                 const std::vector<std::size_t>& parent_of);
    ~AdminLocator();
    AdminLocator(const AdminLocator&) = delete;
    AdminLocator& operator=(const AdminLocator&) = delete;

    // The unit containing the geometry's centroid (the first in layer order when several do);
    // otherwise the unit it overlaps most by area; otherwise nullopt ("outside").
    std::optional<std::size_t> locate(const GEOSGeometry* geom);

    // Divisible features: the parts of geom in each unit, and the part outside every unit
    // (nullopt). A feature lying (almost) wholly in one unit (kWhollyInsideShare) is one piece
    // in that unit, the smallest such unit when several hold it (a kota drawn inside the
    // kabupaten that surrounds it), so a polygon that is a unit keeps the whole count it
    // carries. Otherwise, where units overlap, the first in layer order takes the overlap, so
    // every part of geom is in exactly one piece. Parts of a lower dimension (a line's point
    // on a border) are dropped.
    void split(const GEOSGeometry* geom,
               std::vector<std::pair<std::optional<std::size_t>, GeomPtr>>& parts);

    // The share of a polygon's (e.g. a raster cell's) area inside each unit, first unit in
    // layer order taking overlaps, so the shares add up to at most 1 (the rest is outside).
    void coverage(const GEOSGeometry* polygon, std::vector<std::pair<std::size_t, double>>& shares);

    // The overlaps of `unit` with every later unit (index > unit) whose shared part has an
    // area; to_lonlat: run CRS -> WGS 84 degrees (nullptr when the run CRS is).
    void overlaps_with_later(std::size_t unit, PointTransform* to_lonlat,
                             std::vector<AdminOverlap>& overlaps);

  private:
    // split's parts by unit in layer order (the first takes an overlap), and the rest outside.
    void split_among(const GEOSGeometry* geom, int dimension,
                     const std::vector<std::size_t>& candidates,
                     std::vector<std::pair<std::optional<std::size_t>, GeomPtr>>& parts);
    // The unit a line or polygon lies (almost) wholly in, the smallest when several do.
    std::optional<std::size_t> holding_unit(const GEOSGeometry* geom, int dimension,
                                            const std::vector<std::size_t>& candidates);

    const GEOSGeometry* geometry(std::size_t unit) { return cache_.geometry(unit); }
    const GEOSPreparedGeometry* prepared(std::size_t unit) { return cache_.prepared(unit); }

    const AdminIndex& index_;
    const GeosContext& ctx_;
    PreparedCache cache_;
    std::unique_ptr<AdminLocator> parent_level_;           // null without a coarser level
    const std::vector<std::size_t>* parent_of_ = nullptr;  // unit -> parent-level unit
};

}  // namespace jitupasna::core
