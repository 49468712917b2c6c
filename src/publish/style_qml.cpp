#include "style_qml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::publish::qml {

// Along YlOrRd from position `from` to `to` (indices into kYlOrRd), t in [0, 1].
Rgb ylorrd(double from, double to, double t) {
    const double p = std::clamp(from + (to - from) * t, 0.0, 8.0);
    const auto i = static_cast<std::size_t>(std::floor(p));
    const std::size_t j = std::min<std::size_t>(i + 1, 8);
    const double f = p - static_cast<double>(i);
    auto mix = [&](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
    return {mix(kYlOrRd[i].r, kYlOrRd[j].r), mix(kYlOrRd[i].g, kYlOrRd[j].g),
            mix(kYlOrRd[i].b, kYlOrRd[j].b)};
}
// Class i of n, most severe first: dark red -> orange -> yellow.
Rgb severity_colour(std::size_t i, std::size_t n) {
    const double t = n <= 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    return ylorrd(7.0, 2.0, t);
}
// Class i of n, lowest first: pale yellow -> dark red.
Rgb sequential_colour(std::size_t i, std::size_t n) {
    const double t = n <= 1 ? 1.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    return ylorrd(1.0, 7.5, t);
}

// ---------------------------------------------------------------------------------------------
// QML, as QGIS 3.22 writes it (only the parts that differ from QGIS's defaults).

namespace {

constexpr const char* kQgisVersion = "3.22.0-Białowieża";

using Props = std::vector<std::pair<std::string, std::string>>;

std::string symbol_layer_xml(const char* layer_class, const Props& props, int pass) {
    std::string out = fmt::format(
        "        <layer class=\"{}\" enabled=\"1\" locked=\"0\" pass=\"{}\">\n"
        "          <Option type=\"Map\">\n",
        layer_class, pass);
    for (const auto& [k, v] : props)
        out += fmt::format("            <Option type=\"QString\" name=\"{}\" value=\"{}\"/>\n",
                           io::xml_escape(k), io::xml_escape(v));
    out += "          </Option>\n";
    for (const auto& [k, v] : props)
        out += fmt::format("          <prop k=\"{}\" v=\"{}\"/>\n", io::xml_escape(k),
                           io::xml_escape(v));
    out += "        </layer>\n";
    return out;
}

}  // namespace

// One symbol for the layer's shape. pass: the symbol level (drawn in increasing order).
std::string symbol_xml(const std::string& name, Shape shape, Rgb colour, bool choropleth,
                       int pass) {
    const char* type = shape == Shape::point ? "marker" : shape == Shape::line ? "line" : "fill";
    std::string out = fmt::format(
        "      <symbol type=\"{}\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" "
        "force_rhr=\"0\">\n",
        type, io::xml_escape(name));
    if (shape == Shape::point) {
        out += symbol_layer_xml("SimpleMarker",
                                {{"angle", "0"},
                                 {"color", colour.qgis()},
                                 {"joinstyle", "bevel"},
                                 {"name", "circle"},
                                 {"outline_color", kOutline.qgis()},
                                 {"outline_style", "solid"},
                                 {"outline_width", "0.2"},
                                 {"outline_width_unit", "MM"},
                                 {"scale_method", "diameter"},
                                 {"size", "2.4"},
                                 {"size_unit", "MM"}},
                                pass);
    } else if (shape == Shape::line) {
        out += symbol_layer_xml("SimpleLine",
                                {{"capstyle", "round"},
                                 {"joinstyle", "round"},
                                 {"line_color", colour.qgis()},
                                 {"line_style", "solid"},
                                 {"line_width", "0.5"},
                                 {"line_width_unit", "MM"}},
                                pass);
    } else {
        // Choropleths: grey borders between units. Assets: a border in a darker shade of the
        // fill, so that buildings too small to fill at a regional scale still show their
        // class.
        const Rgb outline = choropleth ? Rgb{90, 90, 90}
                                       : Rgb{colour.r * 4 / 5, colour.g * 4 / 5, colour.b * 4 / 5};
        out += symbol_layer_xml("SimpleFill",
                                {{"color", colour.qgis()},
                                 {"joinstyle", "bevel"},
                                 {"outline_color", outline.qgis()},
                                 {"outline_style", "solid"},
                                 {"outline_width", choropleth ? "0.3" : "0.26"},
                                 {"outline_width_unit", "MM"},
                                 {"style", "solid"}},
                                pass);
    }
    out += "      </symbol>\n";
    return out;
}

std::string graduated_xml(const std::string& attr, const std::vector<Range>& ranges, Shape shape) {
    std::string out = fmt::format(
        "  <renderer-v2 type=\"graduatedSymbol\" attr=\"{}\" graduatedMethod=\"GraduatedColor\" "
        "symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\" referencescale=\"-1\">\n"
        "    <ranges>\n",
        io::xml_escape(attr));
    for (std::size_t i = 0; i < ranges.size(); ++i)
        out += fmt::format(
            "      <range lower=\"{}\" upper=\"{}\" symbol=\"{}\" label=\"{}\" render=\"true\"/>\n",
            ranges[i].lower, ranges[i].upper, i, io::xml_escape(ranges[i].label));
    out += "    </ranges>\n    <symbols>\n";
    for (std::size_t i = 0; i < ranges.size(); ++i)
        out += symbol_xml(std::to_string(i), shape, ranges[i].colour, true);
    out += "    </symbols>\n    <source-symbol>\n";
    out += symbol_xml("0", shape, ranges.empty() ? kZero : ranges.back().colour, true);
    out +=
        "    </source-symbol>\n"
        "    <classificationMethod id=\"Quantile\">\n"
        "      <symmetricMode enabled=\"0\" symmetrypoint=\"0\" astride=\"0\"/>\n"
        "      <labelFormat format=\"%1 - %2\" labelprecision=\"0\" trimtrailingzeroes=\"1\"/>\n"
        "      <parameters><Option/></parameters>\n"
        "      <extraInformation/>\n"
        "    </classificationMethod>\n"
        "    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
    return out;
}

// attr: a field or an expression. Symbol levels draw the later categories on top.
std::string categorized_xml(const std::string& attr, const std::vector<Category>& categories,
                            Shape shape, bool later_on_top) {
    std::string out = fmt::format(
        "  <renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"{}\" "
        "forceraster=\"0\" enableorderby=\"0\" referencescale=\"-1\">\n"
        "    <categories>\n",
        io::xml_escape(attr), later_on_top ? 1 : 0);
    for (std::size_t i = 0; i < categories.size(); ++i)
        out += fmt::format(
            "      <category value=\"{}\" symbol=\"{}\" label=\"{}\" render=\"true\"/>\n",
            io::xml_escape(categories[i].value), i, io::xml_escape(categories[i].label));
    out += "    </categories>\n    <symbols>\n";
    for (std::size_t i = 0; i < categories.size(); ++i)
        out += symbol_xml(std::to_string(i), shape, categories[i].colour, false,
                          later_on_top ? static_cast<int>(i) : 0);
    out += "    </symbols>\n    <source-symbol>\n";
    out += symbol_xml("0", shape, kNotExposed);
    out += "    </source-symbol>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
    return out;
}

// Names of the units on a choropleth, with a white halo.
std::string labeling_xml(const std::string& field) {
    return fmt::format(
        "  <labeling type=\"simple\">\n"
        "    <settings calloutType=\"simple\">\n"
        "      <text-style fieldName=\"{}\" isExpression=\"0\" fontSize=\"9\" "
        "fontSizeUnit=\"Point\" fontWeight=\"63\" namedStyle=\"Bold\" fontItalic=\"0\" "
        "textColor=\"33,33,33,255\" textOpacity=\"1\" multilineHeight=\"1\" allowHtml=\"0\" "
        "blendMode=\"0\" capitalization=\"0\" textOrientation=\"horizontal\">\n"
        "        <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
        "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.85\" bufferJoinStyle=\"128\" "
        "bufferNoFill=\"1\" bufferBlendMode=\"0\"/>\n"
        "      </text-style>\n"
        "      <text-format wrapChar=\"\" autoWrapLength=\"12\" "
        "useMaxLineLengthForAutoWrap=\"1\" multilineAlign=\"1\" formatNumbers=\"0\" "
        "decimals=\"0\" plussign=\"0\" addDirectionSymbol=\"0\"/>\n"
        "      <placement placement=\"1\" centroidInside=\"1\" centroidWhole=\"0\" "
        "fitInPolygonOnly=\"0\" quadOffset=\"4\" dist=\"0\" distUnits=\"MM\" xOffset=\"0\" "
        "yOffset=\"0\" offsetUnits=\"MM\" priority=\"5\" layerType=\"PolygonGeometry\" "
        "polygonPlacementFlags=\"2\" placementFlags=\"10\" rotationAngle=\"0\" "
        "preserveRotation=\"1\" repeatDistance=\"0\" overrunDistance=\"0\"/>\n"
        "      <rendering drawLabels=\"1\" obstacle=\"1\" obstacleFactor=\"1\" "
        "obstacleType=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" labelPerPart=\"0\" "
        "mergeLines=\"0\" limitNumLabels=\"0\" maxNumLabels=\"2000\" minFeatureSize=\"0\" "
        "scaleVisibility=\"0\" scaleMin=\"0\" scaleMax=\"0\" fontLimitPixelSize=\"0\" "
        "fontMinPixelSize=\"3\" fontMaxPixelSize=\"10000\" zIndex=\"0\" "
        "unplacedVisibility=\"0\"/>\n"
        "    </settings>\n"
        "  </labeling>\n",
        io::xml_escape(field));
}

namespace {

std::string aliases_xml(const LayerInfo& layer, const std::vector<std::string>& aliases) {
    std::string out = "  <aliases>\n";
    for (std::size_t i = 0; i < layer.fields.size(); ++i)
        out += fmt::format("    <alias field=\"{}\" index=\"{}\" name=\"{}\"/>\n",
                           io::xml_escape(layer.fields[i]), i, io::xml_escape(aliases[i]));
    return out + "  </aliases>\n";
}

int qgis_geometry_type(Shape shape) {
    switch (shape) {
        case Shape::point:
            return 0;
        case Shape::line:
            return 1;
        case Shape::polygon:
            return 2;
        default:
            return 4;  // no geometry
    }
}

}  // namespace

std::string qml_document(const LayerInfo& layer, const std::vector<std::string>& aliases,
                         const std::string& renderer, const std::string& labeling,
                         const std::string& preview) {
    std::string out = fmt::format(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        "<qgis version=\"{}\" styleCategories=\"AllStyleCategories\" labelsEnabled=\"{}\" "
        "hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\" "
        "readOnly=\"0\" simplifyDrawingHints=\"1\" simplifyDrawingTol=\"1\" "
        "simplifyAlgorithm=\"0\" simplifyLocal=\"1\" simplifyMaxScale=\"1\" "
        "symbologyReferenceScale=\"-1\">\n",
        kQgisVersion, labeling.empty() ? 0 : 1);
    out += renderer;
    out += labeling;
    out += "  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n";
    out += "  <layerOpacity>1</layerOpacity>\n";
    out += "  <legend type=\"default-vector\" showLabelLegend=\"0\"/>\n";
    out += aliases_xml(layer, aliases);
    out += fmt::format("  <previewExpression>{}</previewExpression>\n", io::xml_escape(preview));
    out += fmt::format("  <layerGeometryType>{}</layerGeometryType>\n</qgis>\n",
                       qgis_geometry_type(layer.shape));
    return out;
}

}  // namespace jitupasna::publish::qml
