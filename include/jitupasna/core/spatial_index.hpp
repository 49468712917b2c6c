#pragma once
// The two pieces every polygon lookup needs: an R-tree over envelopes, built once and shared
// read-only by all threads, and one thread's cache of GEOS geometries and prepared geometries
// (GEOS builds a prepared geometry's index on first use, so these are never shared).

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "jitupasna/core/geos_context.hpp"

namespace jitupasna::core {

class EnvelopeIndex {
  public:
    EnvelopeIndex() = default;
    // wkb_of(i) for i < count; empty geometries are left out. Throws std::invalid_argument
    // naming describe(i) when a geometry cannot be read.
    EnvelopeIndex(std::size_t count, const std::function<std::string_view(std::size_t)>& wkb_of,
                  const std::function<std::string(std::size_t)>& describe);
    // Indices whose envelope intersects env, in ascending order.
    std::vector<std::size_t> candidates(const Envelope& env) const;

  private:
    using Point = boost::geometry::model::point<double, 2, boost::geometry::cs::cartesian>;
    using Box = boost::geometry::model::box<Point>;
    boost::geometry::index::rtree<std::pair<Box, std::size_t>, boost::geometry::index::rstar<16>>
        tree_;
};

class PreparedCache {
  public:
    PreparedCache(const GeosContext& ctx, std::size_t count,
                  std::function<std::string_view(std::size_t)> wkb_of);
    const GEOSGeometry* geometry(std::size_t i);
    const GEOSPreparedGeometry* prepared(std::size_t i);

  private:
    const GeosContext& ctx_;
    std::function<std::string_view(std::size_t)> wkb_of_;
    std::vector<GeomPtr> geometries_;
    std::vector<PreparedPtr> prepared_;
};

}  // namespace jitupasna::core
