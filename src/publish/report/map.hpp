#pragma once
// Choropleth maps of the admin polygons as inline SVG: classed colours with a legend, a scale
// bar in km and a north arrow.

#include <optional>
#include <string>
#include <vector>

#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::publish::report {

enum class Palette { yellow_red, purple, blue_green };

struct MapUnit {
    const OGRGeometry* geometry = nullptr;  // in the map's CRS; nullptr: not drawn
    std::string name;
    std::optional<double> value;  // nullopt: no data
};

struct MapSpec {
    std::string id;     // unique within the page (SVG ids)
    std::string title;  // what the colours show
    std::vector<MapUnit> units;
    const OGRSpatialReference* srs = nullptr;
    Palette palette = Palette::yellow_red;
    enum class Values { count, rupiah, rank } values = Values::count;
    std::optional<OGREnvelope> extent;  // the part to show, in the CRS; default: every unit
};

// The <svg> element.
std::string render_map(const MapSpec& spec);

}  // namespace jitupasna::publish::report
