#include "svg_png.hpp"

#include <cairo.h>
#include <fmt/format.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <memory>

#include "jitupasna/core/errors.hpp"

namespace jitupasna::publish::document {

namespace {

struct HandleDeleter {
    void operator()(RsvgHandle* h) const { g_object_unref(h); }
};
struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct ErrorDeleter {
    void operator()(GError* e) const { g_error_free(e); }
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    auto* bytes = static_cast<std::vector<std::uint8_t>*>(closure);
    bytes->insert(bytes->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Png svg_to_png(const std::string& svg, int width_px, const std::string& what) {
    // Inline SVG in HTML needs no namespace; a standalone SVG does.
    std::string document = svg;
    if (document.find("xmlns=") == std::string::npos) {
        const auto at = document.find("<svg");
        if (at != std::string::npos)
            document.insert(at + 4, " xmlns=\"http://www.w3.org/2000/svg\"");
    }
    GError* raw_error = nullptr;
    const std::unique_ptr<RsvgHandle, HandleDeleter> handle(rsvg_handle_new_from_data(
        reinterpret_cast<const guint8*>(document.data()), document.size(), &raw_error));
    const std::unique_ptr<GError, ErrorDeleter> error(raw_error);
    if (!handle)
        throw DataError(fmt::format("{}: librsvg cannot read the map: {}", what,
                                    error ? error->message : "unknown error"));
    gboolean has_width = FALSE, has_height = FALSE, has_viewbox = FALSE;
    RsvgLength width{}, height{};
    RsvgRectangle viewbox{};
    rsvg_handle_get_intrinsic_dimensions(handle.get(), &has_width, &width, &has_height, &height,
                                         &has_viewbox, &viewbox);
    if (!has_viewbox || viewbox.width <= 0 || viewbox.height <= 0)
        throw DataError(fmt::format("{}: the map has no viewBox", what));
    Png png;
    png.width = width_px;
    png.height = static_cast<int>(std::lround(width_px * viewbox.height / viewbox.width));
    const std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, png.width, png.height));
    const std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    const RsvgRectangle viewport{0, 0, static_cast<double>(png.width),
                                 static_cast<double>(png.height)};
    GError* render_error = nullptr;
    if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &render_error)) {
        const std::unique_ptr<GError, ErrorDeleter> owned(render_error);
        throw DataError(fmt::format("{}: librsvg cannot draw the map: {}", what,
                                    owned ? owned->message : "unknown error"));
    }
    cairo_surface_flush(surface.get());
    if (cairo_surface_write_to_png_stream(surface.get(), append, &png.bytes) !=
        CAIRO_STATUS_SUCCESS)
        throw DataError(fmt::format("{}: cairo cannot encode the map as PNG", what));
    return png;
}

}  // namespace jitupasna::publish::document
