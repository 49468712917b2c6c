#include "jitupasna/core/structure_impact.hpp"

#include <stdexcept>

#include "jitupasna/core/geodesic.hpp"

namespace jitupasna::core {

StructureImpact assess_structure(AdminLocator& admins, HazardSampler& hazard,
                                 const GEOSGeometry* geom_admin, const GEOSGeometry* geom_hazard,
                                 Sampling sampling) {
    StructureImpact impact;
    impact.admin = admins.locate(geom_admin);
    const HazardSample sample = hazard.sample(geom_hazard, sampling);
    impact.hazard_value = sample.value;
    impact.hazard_class = sample.hazard_class;
    return impact;
}

StructureImpact assess_structure(AdminLocator& admins, RasterWindowReader& hazard,
                                 const HazardClassifier& classifier, const GeosContext& ctx,
                                 const GEOSGeometry* geom_admin, const GEOSGeometry* geom_hazard,
                                 Sampling sampling) {
    RasterHazardSampler sampler(hazard, classifier, ctx);
    return assess_structure(admins, sampler, geom_admin, geom_hazard, sampling);
}

std::optional<double> sample_hazard(RasterWindowReader& hazard, const GeosContext& ctx,
                                    const GEOSGeometry* geom, Sampling sampling) {
    const HazardClassifier no_classes({});
    RasterHazardSampler sampler(hazard, no_classes, ctx);
    return sampler.sample(geom, sampling).value;
}

void split_divisible(AdminLocator& admins, HazardSampler& hazard, const GeosContext& ctx,
                     const GEOSGeometry* geom, PointTransform* work_to_lonlat,
                     std::vector<DivisiblePiece>& pieces) {
    std::vector<std::pair<std::optional<std::size_t>, GeomPtr>> admin_parts;
    admins.split(geom, admin_parts);
    std::vector<HazardPiece> hazard_parts;
    for (auto& [admin, part] : admin_parts) {
        hazard_parts.clear();
        hazard.split(part.get(), hazard_parts);
        for (auto& piece : hazard_parts) {
            GeomPtr lonlat = transform_geometry(ctx, piece.geometry.get(), work_to_lonlat);
            if (!lonlat) throw std::runtime_error("a piece cannot be transformed to WGS 84");
            DivisiblePiece out{admin, piece.sample, std::move(piece.geometry)};
            out.length_m = geodesic_length_m(ctx, lonlat.get());
            out.area_m2 = geodesic_area_m2(ctx, lonlat.get());
            pieces.push_back(std::move(out));
        }
    }
}

}  // namespace jitupasna::core
