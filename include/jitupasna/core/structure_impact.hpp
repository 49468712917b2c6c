#pragma once

#include <optional>
#include <vector>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/classification.hpp"
#include "jitupasna/core/hazard.hpp"
#include "jitupasna/core/point_transform.hpp"
#include "jitupasna/core/raster_sampling.hpp"

namespace jitupasna::core {

// A structure (building, facility) is indivisible: it lands in exactly one admin unit and one
// hazard class.
struct StructureImpact {
    std::optional<std::size_t> admin;  // nullopt: outside every admin unit
    std::optional<double> hazard_value;
    std::size_t hazard_class = 0;
};

// geom_admin is the footprint in the admin CRS; geom_hazard the same footprint in the hazard's
// own CRS (may be the same object).
StructureImpact assess_structure(AdminLocator& admins, HazardSampler& hazard,
                                 const GEOSGeometry* geom_admin, const GEOSGeometry* geom_hazard,
                                 Sampling sampling);

// The same for a hazard raster.
StructureImpact assess_structure(AdminLocator& admins, RasterWindowReader& hazard,
                                 const HazardClassifier& classifier, const GeosContext& ctx,
                                 const GEOSGeometry* geom_admin, const GEOSGeometry* geom_hazard,
                                 Sampling sampling);

// The raw raster value for a footprint (no classification); mean/majority weigh cells by area.
std::optional<double> sample_hazard(RasterWindowReader& hazard, const GeosContext& ctx,
                                    const GEOSGeometry* geom, Sampling sampling);

// A part of a divisible feature (road, land-use polygon, census polygon) lying in one admin
// unit and one hazard class, with its geodesic measures.
struct DivisiblePiece {
    std::optional<std::size_t> admin;
    HazardSample hazard;
    GeomPtr geometry;  // in the work (admin) CRS
    double length_m = 0;
    double area_m2 = 0;
};

// Splits a line or polygon given in the admin CRS at admin and hazard boundaries and measures
// each piece on the WGS 84 ellipsoid (work_to_lonlat: admin CRS -> WGS 84 degrees; nullptr when
// the admin CRS already is). The pieces cover the geometry exactly once.
void split_divisible(AdminLocator& admins, HazardSampler& hazard, const GeosContext& ctx,
                     const GEOSGeometry* geom, PointTransform* work_to_lonlat,
                     std::vector<DivisiblePiece>& pieces);

}  // namespace jitupasna::core
