#pragma once
// An SVG (the report's maps) drawn into a PNG at print resolution through librsvg and cairo,
// for the draft document: the same picture as the report shows, not a second drawing of it.

#include <cstdint>
#include <string>
#include <vector>

namespace jitupasna::publish::document {

struct Png {
    std::vector<std::uint8_t> bytes;
    int width = 0, height = 0;
};

// Renders `svg` (an <svg> element with a viewBox; the SVG namespace is added when missing) to
// a PNG `width_px` wide on a white background. Throws DataError naming `what` on failure.
Png svg_to_png(const std::string& svg, int width_px, const std::string& what);

}  // namespace jitupasna::publish::document
