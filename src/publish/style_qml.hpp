#pragma once
// The QML of QGIS styles, as QGIS 3.22 writes it (only the parts that differ from QGIS's
// defaults), and the colours they use. What to style with which renderer is styles.cpp's.

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "jitupasna/core/output_schema.hpp"

namespace jitupasna::publish::qml {

// ---------------------------------------------------------------------------------------------
// Colours: fixed, colour-blind-safe (ColorBrewer YlOrRd is sequential with monotonic
// lightness; Okabe-Ito for unordered classes).

struct Rgb {
    int r = 0, g = 0, b = 0;
    std::string qgis() const { return fmt::format("{},{},{},255", r, g, b); }
};

inline constexpr Rgb kYlOrRd[] = {{255, 255, 204}, {255, 237, 160}, {254, 217, 118},
                                  {254, 178, 76},  {253, 141, 60},  {252, 78, 42},
                                  {227, 26, 28},   {189, 0, 38},    {128, 0, 38}};
inline constexpr Rgb kNotAffected{150, 150, 150};
inline constexpr Rgb kNotExposed{217, 217, 217};
inline constexpr Rgb kZero{240, 240, 240};
inline constexpr Rgb kOkabeIto[] = {{230, 159, 0}, {86, 180, 233}, {0, 158, 115},   {240, 228, 66},
                                    {0, 114, 178}, {213, 94, 0},   {204, 121, 167}, {0, 0, 0}};
inline constexpr Rgb kOutline{35, 35, 35};

// Along YlOrRd from position `from` to `to` (indices into kYlOrRd), t in [0, 1].
Rgb ylorrd(double from, double to, double t);

// Class i of n, most severe first: dark red -> orange -> yellow.
Rgb severity_colour(std::size_t i, std::size_t n);

// Class i of n, lowest first: pale yellow -> dark red.
Rgb sequential_colour(std::size_t i, std::size_t n);

enum class Shape { none, point, line, polygon };

struct LayerInfo {
    std::string name;
    core::schema::LayerRole role = core::schema::LayerRole::table;
    std::string headline;
    Shape shape = Shape::none;
    std::string geometry_column;      // "" for tables
    std::string fid;                  // the FID column (QGIS lists it as a field)
    std::vector<std::string> fields;  // as QGIS lists them: the FID column first
    std::string description;          // gpkg_contents
    bool has(const std::string& field) const {
        return std::find(fields.begin(), fields.end(), field) != fields.end();
    }
};

struct Range {
    double lower = 0, upper = 0;
    std::string label;
    Rgb colour;
};

struct Category {
    std::string value;
    std::string label;
    Rgb colour;
};

// One symbol for the layer's shape. pass: the symbol level (drawn in increasing order).
std::string symbol_xml(const std::string& name, Shape shape, Rgb colour, bool choropleth = false,
                       int pass = 0);
std::string graduated_xml(const std::string& attr, const std::vector<Range>& ranges, Shape shape);
// attr: a field or an expression. Symbol levels draw the later categories on top.
std::string categorized_xml(const std::string& attr, const std::vector<Category>& categories,
                            Shape shape, bool later_on_top);
// Names of the units on a choropleth, with a white halo.
std::string labeling_xml(const std::string& field);
// A whole style: renderer, labels, the fields' aliases, preview expression, geometry type.
std::string qml_document(const LayerInfo& layer, const std::vector<std::string>& aliases,
                         const std::string& renderer, const std::string& labeling,
                         const std::string& preview);

}  // namespace jitupasna::publish::qml
