#include "jitupasna/core/structure_impact.hpp"

namespace jitupasna::core {

std::optional<double> sample_hazard(RasterWindowReader& hazard, const GeosContext& ctx,
                                    const GEOSGeometry* geom, Sampling sampling) {
    switch (sampling) {
        case Sampling::centroid:
            return sample_centroid(hazard, ctx, geom);
        case Sampling::max:
            return sample_max(hazard, ctx, geom);
    }
    return std::nullopt;
}

StructureImpact assess_structure(AdminLocator& admins, RasterWindowReader& hazard,
                                 const HazardClassifier& classifier, const GeosContext& ctx,
                                 const GEOSGeometry* geom_admin, const GEOSGeometry* geom_hazard,
                                 Sampling sampling) {
    StructureImpact impact;
    impact.admin = admins.locate(geom_admin);
    impact.hazard_value = sample_hazard(hazard, ctx, geom_hazard, sampling);
    impact.hazard_class = classifier.classify(impact.hazard_value);
    return impact;
}

}  // namespace jitupasna::core
