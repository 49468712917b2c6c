#pragma once

#include <geos_c.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "jitupasna/core/interrupt.hpp"

namespace jitupasna::core {

// While the stop flag (core/interrupt.hpp) is set, GEOS interrupts its long operations (overlay,
// relate, validity on a footprint of millions of vertices) and they fail instead of running on;
// code that sees a GEOS operation fail calls throw_if_interrupted() first, so that an
// interrupted operation is never taken for "no overlap".

// One GEOS context per thread: the reentrant API keeps error state in the context,
// so a context must never be shared between threads.
class GeosContext {
  public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t handle() const { return handle_; }
    // The last error GEOS reported in this context (empty when none), for the message of a
    // failed operation. GEOS catches a failed allocation and reports "std::bad_alloc": that is
    // thrown again here, so the run ends with the out-of-memory line instead of blaming the
    // geometry it was working on.
    const std::string& last_error() const;

  private:
    static void on_error(const char* message, void* self);
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

struct GeomDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSGeometry* geom) const { GEOSGeom_destroy_r(context, geom); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t context;
    void operator()(const GEOSPreparedGeometry* geom) const {
        GEOSPreparedGeom_destroy_r(context, geom);
    }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

inline GeomPtr geos_ptr(GEOSContextHandle_t context, GEOSGeometry* geom) {
    return GeomPtr{geom, GeomDeleter{context}};
}
inline PreparedPtr prepared_ptr(GEOSContextHandle_t context, const GEOSPreparedGeometry* geom) {
    return PreparedPtr{geom, PreparedDeleter{context}};
}

struct Envelope {
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
};

// Parsers return nullptr-owning pointers on failure; callers decide how to report.
GeomPtr geom_from_wkb(const GeosContext& ctx, std::string_view wkb);
GeomPtr geom_from_wkt(const GeosContext& ctx, const std::string& wkt);
std::string geom_to_wkb(const GeosContext& ctx, const GEOSGeometry* geom);

bool is_empty(const GeosContext& ctx, const GEOSGeometry* geom);
// Envelope of a non-empty geometry.
Envelope envelope(const GeosContext& ctx, const GEOSGeometry* geom);
// A valid version of the geometry (MakeValid), or nullptr if GEOS cannot repair it.
GeomPtr make_valid(const GeosContext& ctx, const GEOSGeometry* geom);

}  // namespace jitupasna::core
