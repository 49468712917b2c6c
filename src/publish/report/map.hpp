#pragma once
// Choropleth maps of the admin polygons as inline SVG: classed colours (or named categories,
// e.g. hazard classes) with a legend sized to its longest label, unit names where they fit
// without overlapping, a scale bar in km and a north arrow. Geometry is simplified to the
// drawing's resolution so that a national map stays small.

#include <optional>
#include <string>
#include <vector>

#include "jitupasna/io/gdal_ptr.hpp"

namespace jitupasna::publish::report {

enum class Palette { yellow_red, purple, blue_green };

struct MapUnit {
    const OGRGeometry* geometry = nullptr;  // in the map's CRS; nullptr: not drawn
    std::string name;
    std::optional<double> value;  // nullopt: no data; Values::category: index in categories
    std::string detail = {};      // the tooltip after the name; empty: the value
};

struct MapCategory {
    std::string label;
    std::string colour;  // "#rrggbb"
};

struct MapSpec {
    std::string id;     // unique within the page (SVG ids)
    std::string title;  // what the colours show
    std::vector<MapUnit> units;
    const OGRSpatialReference* srs = nullptr;
    Palette palette = Palette::yellow_red;
    enum class Values { count, rupiah, rank, category } values = Values::count;
    std::vector<MapCategory> categories;  // Values::category: the legend, in order
    std::optional<OGREnvelope> extent;    // the part to show, in the CRS; default: every unit
};

// A map as a figure: what it shows, its short title and its whole caption (zoom, classes,
// projection).
struct FigureMap {
    MapSpec spec;
    std::string title;
    std::string caption;
};

// The <svg> element.
std::string render_map(const MapSpec& spec);

// A value as the map's legend and tooltips print it: whole numbers from 100 up, two
// significant digits below 1, never "0" for a value above zero.
std::string map_value_label(double value, MapSpec::Values kind);

}  // namespace jitupasna::publish::report
