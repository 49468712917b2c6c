#pragma once

#include "jitupasna/core/geos_context.hpp"

namespace jitupasna::core {

// Moves coordinates between two CRSs. The core never sees PROJ or GDAL: the I/O layer
// implements this (one instance per thread), tests implement it with plain arithmetic.
class PointTransform {
  public:
    virtual ~PointTransform() = default;
    // false when the point cannot be transformed
    virtual bool apply(double& x, double& y) = 0;
};

// A copy of geom with every coordinate transformed; a plain copy when transform is nullptr.
// nullptr when a coordinate cannot be transformed.
GeomPtr transform_geometry(const GeosContext& ctx, const GEOSGeometry* geom,
                           PointTransform* transform);

}  // namespace jitupasna::core
