#pragma once
// Moving geometries between OGR (I/O) and GEOS (core).

#include <string>

#include "jitupasna/core/geos_context.hpp"
#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::io {

// GEOS copy of an OGR geometry, 2D (no rule uses Z or M); nullptr if GEOS cannot read it.
core::GeomPtr to_geos(const core::GeosContext& ctx, const OGRGeometry& geometry);

// OGR copy of a GEOS geometry.
io::GeometryPtr to_ogr(const core::GeosContext& ctx, const GEOSGeometry* geometry);

// The parts of geom of one dimension (1: lines, 2: polygons) as a multi-geometry: what a
// split leaves is sometimes a collection with stray points or lines along cell edges.
core::GeomPtr parts_of_dimension(const core::GeosContext& ctx, const GEOSGeometry* geom,
                                 int dimension);

// A copy transformed with ct (nullptr: plain copy), curves linearised; DataError naming the
// role and feature when a coordinate cannot be transformed.
io::GeometryPtr transformed_copy(const OGRGeometry& geometry, OGRCoordinateTransformation* ct,
                                 const std::string& role, GIntBig fid);

}  // namespace jitupasna::io
