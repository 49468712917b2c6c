#include "jitupasna/core/geos_context.hpp"

#include <functional>
#include <mutex>
#include <new>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"

namespace jitupasna::core {

namespace {
// GEOS calls this before each of its interruption checks (GEOS_CHECK_FOR_INTERRUPTS, inside
// overlay, noding and relate loops); the request is global to GEOS, so every thread's
// operation stops.
void request_geos_interrupt_when_stopping() {
    if (interrupt_flag().load(std::memory_order_relaxed)) GEOS_interruptRequest();
}
}  // namespace

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
    static std::once_flag once;
    std::call_once(once,
                   [] { GEOS_interruptRegisterCallback(request_geos_interrupt_when_stopping); });
    GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_error, this);
    GEOSContext_setNoticeMessageHandler_r(handle_, nullptr, nullptr);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_error(const char* message, void* self) {
    static_cast<GeosContext*>(self)->last_error_ = message;
}

const std::string& GeosContext::last_error() const {
    if (last_error_.find("bad_alloc") != std::string::npos) throw std::bad_alloc();
    return last_error_;
}

namespace {
// Owns a GEOS reader or writer for the duration of one call.
template <typename T, void (*Destroy)(GEOSContextHandle_t, T*)>
struct HandleDeleter {
    GEOSContextHandle_t context;
    void operator()(T* handle) const { Destroy(context, handle); }
};
using WkbReaderPtr =
    std::unique_ptr<GEOSWKBReader, HandleDeleter<GEOSWKBReader, GEOSWKBReader_destroy_r>>;
using WktReaderPtr =
    std::unique_ptr<GEOSWKTReader, HandleDeleter<GEOSWKTReader, GEOSWKTReader_destroy_r>>;
using WkbWriterPtr =
    std::unique_ptr<GEOSWKBWriter, HandleDeleter<GEOSWKBWriter, GEOSWKBWriter_destroy_r>>;
}  // namespace

GeomPtr geom_from_wkb(const GeosContext& ctx, std::string_view wkb) {
    auto* h = ctx.handle();
    WkbReaderPtr reader{GEOSWKBReader_create_r(h), {h}};
    return geos_ptr(
        h, GEOSWKBReader_read_r(h, reader.get(), reinterpret_cast<const unsigned char*>(wkb.data()),
                                wkb.size()));
}

GeomPtr geom_from_wkt(const GeosContext& ctx, const std::string& wkt) {
    auto* h = ctx.handle();
    WktReaderPtr reader{GEOSWKTReader_create_r(h), {h}};
    return geos_ptr(h, GEOSWKTReader_read_r(h, reader.get(), wkt.c_str()));
}

std::string geom_to_wkb(const GeosContext& ctx, const GEOSGeometry* geom) {
    auto* h = ctx.handle();
    WkbWriterPtr writer{GEOSWKBWriter_create_r(h), {h}};
    size_t size = 0;
    std::unique_ptr<unsigned char, std::function<void(unsigned char*)>> buffer{
        GEOSWKBWriter_write_r(h, writer.get(), geom, &size),
        [h](unsigned char* p) { GEOSFree_r(h, p); }};
    return std::string(reinterpret_cast<const char*>(buffer.get()), size);
}

bool is_empty(const GeosContext& ctx, const GEOSGeometry* geom) {
    return geom == nullptr || GEOSisEmpty_r(ctx.handle(), geom) != 0;
}

Envelope envelope(const GeosContext& ctx, const GEOSGeometry* geom) {
    Envelope env;
    auto* h = ctx.handle();
    GEOSGeom_getXMin_r(h, geom, &env.xmin);
    GEOSGeom_getYMin_r(h, geom, &env.ymin);
    GEOSGeom_getXMax_r(h, geom, &env.xmax);
    GEOSGeom_getYMax_r(h, geom, &env.ymax);
    return env;
}

GeomPtr make_valid(const GeosContext& ctx, const GEOSGeometry* geom) {
    return geos_ptr(ctx.handle(), GEOSMakeValid_r(ctx.handle(), geom));
}

}  // namespace jitupasna::core
