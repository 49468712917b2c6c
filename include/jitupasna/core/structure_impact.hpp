#pragma once

#include <optional>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/raster_sampling.hpp"

namespace jitupasna::core {

// How a structure's footprint is reduced to one hazard value.
enum class Sampling {
    centroid,  // the cell under the centroid
    max,       // the highest cell whose area the footprint intersects
};

// A structure (building, facility) is indivisible: it lands in exactly one admin unit and one
// hazard class.
struct StructureImpact {
    std::optional<std::size_t> admin;  // nullopt: outside every admin unit
    std::optional<double> hazard_value;
    std::size_t hazard_class = 0;
};

std::optional<double> sample_hazard(RasterWindowReader& hazard, const GeosContext& ctx,
                                    const GEOSGeometry* geom, Sampling sampling);

// geom_admin is the footprint in the admin CRS; geom_hazard the same footprint in the hazard
// raster's CRS (may be the same object).
StructureImpact assess_structure(AdminLocator& admins, RasterWindowReader& hazard,
                                 const HazardClassifier& classifier, const GeosContext& ctx,
                                 const GEOSGeometry* geom_admin, const GEOSGeometry* geom_hazard,
                                 Sampling sampling);

}  // namespace jitupasna::core
