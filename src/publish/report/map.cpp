#include "map.hpp"

#include <fmt/format.h>
#include <geodesic.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

#include "format.hpp"

namespace jitupasna::publish::report {

namespace {

constexpr double kWidth = 720;  // the whole drawing, px
constexpr double kMapX = 8;     // the map frame
constexpr double kMapY = 8;
constexpr double kMapWidth = 512;
constexpr double kLegendX = 538;  // the column beside the map
constexpr double kPad = 12;       // inside the frame
constexpr double kMinStep = 0.5;  // simplification: drop vertices closer than this, px
constexpr double kPi = 3.14159265358979323846;

// ColorBrewer sequential schemes (colour-blind safe), for 3, 4 and 5 classes.
using Scheme = std::array<std::vector<const char*>, 3>;
const Scheme& scheme(Palette palette) {
    static const Scheme yellow_red{{{"#ffeda0", "#feb24c", "#f03b20"},
                                    {"#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"},
                                    {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"}}};
    static const Scheme purple{{{"#fde0dd", "#fa9fb5", "#c51b8a"},
                                {"#feebe2", "#fbb4b9", "#f768a1", "#ae017e"},
                                {"#feebe2", "#fbb4b9", "#f768a1", "#c51b8a", "#7a0177"}}};
    static const Scheme blue_green{{{"#edf8b1", "#7fcdbb", "#2c7fb8"},
                                    {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
                                    {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"}}};
    switch (palette) {
        case Palette::purple:
            return purple;
        case Palette::blue_green:
            return blue_green;
        default:
            return yellow_red;
    }
}

std::vector<const char*> colours(Palette palette, std::size_t classes) {
    const Scheme& s = scheme(palette);
    if (classes >= 3) return s[std::min<std::size_t>(classes, 5) - 3];
    if (classes == 2) return {s[0][1], s[0][2]};
    return {s[0][2]};
}

// Classes of the values: up to five quantile classes of the non-zero values, a class of their
// own for zeros and for units without data.
struct MapClass {
    double low = 0, high = 0;
    std::string colour;
    std::string label;
    std::size_t units = 0;
};

constexpr const char* kZeroColour = "#e8e8e8";

std::string value_label(double value, MapSpec::Values kind) {
    switch (kind) {
        case MapSpec::Values::rupiah:
            return format_rupiah_short(value);
        case MapSpec::Values::rank:
            return format_number(value, 0);
        default:  // expected numbers: a decimal only where it matters
            return format_count(value, std::fabs(value) >= 100 ? 0 : 1);
    }
}

std::string range_label(double low, double high, MapSpec::Values kind) {
    const std::string a = value_label(low, kind);
    const std::string b = value_label(high, kind);
    const std::string range = a == b ? a : a + " – " + b;
    return kind == MapSpec::Values::rank ? "Peringkat " + range : range;
}

// Up to five quantile classes of the values that are not zero (ranks: of all values), ties
// kept together; the class of each unit (or -1 zero, -2 no data).
std::vector<MapClass> classify(const MapSpec& spec, std::vector<int>& class_of) {
    const bool rank = spec.values == MapSpec::Values::rank;
    std::vector<double> values;
    for (const auto& u : spec.units)
        if (u.value && *u.value > 1e-9) values.push_back(*u.value);
    std::sort(values.begin(), values.end());
    std::vector<double> distinct = values;
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    const std::size_t k = std::min<std::size_t>(5, distinct.size());
    std::vector<double> breaks;
    for (std::size_t j = 1; j <= k; ++j) {
        const std::size_t at = (j * values.size() + k - 1) / k;  // ceil(j n / k)
        breaks.push_back(values[at - 1]);
    }
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    std::vector<MapClass> classes(breaks.size());
    std::vector<bool> seen(breaks.size(), false);
    class_of.assign(spec.units.size(), -2);
    for (std::size_t i = 0; i < spec.units.size(); ++i) {
        const auto& v = spec.units[i].value;
        if (!v) continue;
        if (*v <= 1e-9) {
            class_of[i] = -1;
            continue;
        }
        const auto j = static_cast<std::size_t>(std::lower_bound(breaks.begin(), breaks.end(), *v) -
                                                breaks.begin());
        auto& c = classes[std::min(j, breaks.size() - 1)];
        const std::size_t index = std::min(j, breaks.size() - 1);
        if (!seen[index]) {
            c.low = c.high = *v;
            seen[index] = true;
        }
        c.low = std::min(c.low, *v);
        c.high = std::max(c.high, *v);
        ++c.units;
        class_of[i] = static_cast<int>(index);
    }
    const auto palette = colours(spec.palette, classes.size());
    for (std::size_t j = 0; j < classes.size(); ++j) {
        // Ranks: 1 is the first to help, the darkest.
        classes[j].colour = palette[rank ? classes.size() - 1 - j : j];
        classes[j].label = range_label(classes[j].low, classes[j].high, spec.values);
    }
    return classes;
}

// A point in the plane of the drawing: longitude scaled by cos(middle latitude) for a
// geographic CRS (equirectangular), else the CRS's own coordinates.
struct Plane {
    bool geographic = false;
    double k = 1;
    double x(double x_in) const { return geographic ? x_in * k : x_in; }
};

void for_each_polygon(const OGRGeometry* g, const std::function<void(const OGRPolygon&)>& fn) {
    if (!g) return;
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPolygon:
            fn(*g->toPolygon());
            break;
        case wkbMultiPolygon:
        case wkbGeometryCollection:
            for (const OGRGeometry* part : *g->toGeometryCollection()) for_each_polygon(part, fn);
            break;
        default: {
            if (OGR_GT_IsSurface(g->getGeometryType()) ||
                OGR_GT_IsSubClassOf(g->getGeometryType(), wkbMultiSurface)) {
                io::GeometryPtr linear(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
                for_each_polygon(linear.get(), fn);
            }
        }
    }
}

// Geodesic distance on WGS 84, metres.
double geodesic_m(double lon1, double lat1, double lon2, double lat2) {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

// Metres on the ground per unit of the plane, across the middle of the map; 0 if unknown.
double metres_per_unit(const MapSpec& spec, const Plane& plane, const OGREnvelope& env) {
    const double cy = (env.MinY + env.MaxY) / 2, cx = (env.MinX + env.MaxX) / 2;
    const double half = (env.MaxX - env.MinX) / 4;
    if (half <= 0) return 0;
    if (plane.geographic) return geodesic_m(cx - half, cy, cx + half, cy) / (2 * half * plane.k);
    if (!spec.srs) return 0;
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    io::TransformPtr ct(OGRCreateCoordinateTransformation(spec.srs, &wgs84));
    double xs[2] = {cx - half, cx + half}, ys[2] = {cy, cy};
    const bool ok = ct && ct->Transform(2, xs, ys);
    CPLPopErrorHandler();
    if (ok) return geodesic_m(xs[0], ys[0], xs[1], ys[1]) / (2 * half);
    return spec.srs->IsProjected() ? spec.srs->GetLinearUnits() : 0;
}

// Display width of UTF-8 text in px at a font size (an average glyph).
double text_width(const std::string& text, double font) {
    std::size_t chars = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
    return static_cast<double>(chars) * font * 0.56;
}

std::string short_name(std::string name) {
    for (const auto& [full, abbr] :
         std::vector<std::pair<std::string, std::string>>{{"Kabupaten ", "Kab. "},
                                                          {"KABUPATEN ", "KAB. "},
                                                          {"Kecamatan ", "Kec. "},
                                                          {"Kelurahan ", "Kel. "},
                                                          {"Provinsi ", "Prov. "}})
        if (name.rfind(full, 0) == 0) return abbr + name.substr(full.size());
    return name;
}

// Splits a legend title into lines of about `width` characters.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
    std::vector<std::string> lines;
    std::string line, word;
    auto flush_word = [&] {
        if (word.empty()) return;
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            lines.push_back(line);
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        word.clear();
    };
    for (char c : text) {
        if (c == ' ')
            flush_word();
        else
            word += c;
    }
    flush_word();
    if (!line.empty()) lines.push_back(line);
    return lines;
}

using Point = std::pair<double, double>;
using Rings = std::vector<std::vector<Point>>;
struct Box {
    double x0, y0, x1, y1;
};

double ring_area(const std::vector<Point>& ring) {
    double a = 0;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        a += ring[j].first * ring[i].second - ring[i].first * ring[j].second;
    return a / 2;
}

// Even-odd rule over every ring (holes included).
bool inside(const Rings& rings, double x, double y) {
    bool in = false;
    for (const auto& ring : rings)
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const auto& a = ring[i];
            const auto& b = ring[j];
            if ((a.second > y) != (b.second > y) &&
                x < (b.first - a.first) * (y - a.second) / (b.second - a.second) + a.first)
                in = !in;
        }
    return in;
}

// Whether segment ab crosses the axis-aligned box (Liang-Barsky clipping).
bool crosses_box(Point a, Point b, double x0, double y0, double x1, double y1) {
    double t0 = 0, t1 = 1;
    const double dx = b.first - a.first, dy = b.second - a.second;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.first - x0, x1 - a.first, a.second - y0, y1 - a.second};
    for (int k = 0; k < 4; ++k) {
        if (p[k] == 0) {
            if (q[k] < 0) return false;
            continue;
        }
        const double t = q[k] / p[k];
        if (p[k] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    return true;
}

double distance_to_segment(Point p, Point a, Point b) {
    const double dx = b.first - a.first, dy = b.second - a.second;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.first - a.first) * dx + (p.second - a.second) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.first - (a.first + t * dx), p.second - (a.second + t * dy));
}

// The centre of a w x h box inside the polygon, as far from its edges as the candidates on a
// grid over the polygon allow; nullopt when no box fits.
std::optional<Point> label_spot(const Rings& rings, double w, double h, const Box& frame) {
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const auto& p : rings.front()) {
        x0 = std::min(x0, p.first);
        x1 = std::max(x1, p.first);
        y0 = std::min(y0, p.second);
        y1 = std::max(y1, p.second);
    }
    if (x1 - x0 < w || y1 - y0 < h) return std::nullopt;
    constexpr int kSteps = 18;
    std::optional<Point> best;
    double best_score = -1e300;
    for (int i = 0; i <= kSteps; ++i)
        for (int j = 0; j <= kSteps; ++j) {
            const double cx = x0 + w / 2 + (x1 - x0 - w) * i / kSteps;
            const double cy = y0 + h / 2 + (y1 - y0 - h) * j / kSteps;
            const double bx0 = cx - w / 2, bx1 = cx + w / 2, by0 = cy - h / 2, by1 = cy + h / 2;
            if (bx0 < frame.x0 || bx1 > frame.x1 || by0 < frame.y0 || by1 > frame.y1) continue;
            if (!inside(rings, cx, cy) || !inside(rings, bx0, by0) || !inside(rings, bx1, by1))
                continue;
            bool clear = true;
            double nearest = 1e300;
            for (const auto& ring : rings) {
                for (std::size_t a = 0, b = ring.size() - 1; a < ring.size() && clear; b = a++) {
                    if (crosses_box(ring[b], ring[a], bx0, by0, bx1, by1)) clear = false;
                    nearest = std::min(nearest, distance_to_segment({cx, cy}, ring[b], ring[a]));
                }
                if (!clear) break;
            }
            // Enough room counts the same everywhere; then the middle of the part wins.
            const double score =
                std::min(nearest, 40.0) - 0.02 * std::hypot(cx - (x0 + x1) / 2, cy - (y0 + y1) / 2);
            if (clear && score > best_score) {
                best_score = score;
                best = Point{cx, cy};
            }
        }
    return best;
}

// Where to break a name onto two lines: the space nearest its middle.
std::optional<std::size_t> split_point(const std::string& name) {
    std::optional<std::size_t> best;
    const double middle = static_cast<double>(name.size()) / 2;
    for (std::size_t i = 1; i + 1 < name.size(); ++i)
        if (name[i] == ' ' && (!best || std::fabs(static_cast<double>(i) - middle) <
                                            std::fabs(static_cast<double>(*best) - middle)))
            best = i;
    return best;
}

// A coordinate in the SVG, to 0.1 px.
std::string px(double v) { return fmt::format("{:.1f}", v); }

}  // namespace

std::string render_map(const MapSpec& spec) {
    // Extent, in the CRS and in the plane.
    OGREnvelope env;
    bool any = false;
    for (const auto& u : spec.units) {
        if (!u.geometry || u.geometry->IsEmpty()) continue;
        OGREnvelope e;
        u.geometry->getEnvelope(&e);
        env.Merge(e);
        any = true;
    }
    if (spec.extent) env = *spec.extent;
    Plane plane;
    plane.geographic = spec.srs && spec.srs->IsGeographic();
    if (plane.geographic) plane.k = std::cos((env.MinY + env.MaxY) / 2 * kPi / 180);
    if (plane.k < 0.05) plane.k = 0.05;
    const double min_x = plane.x(env.MinX), max_x = plane.x(env.MaxX);
    const double dx = std::max(max_x - min_x, 1e-9), dy = std::max(env.MaxY - env.MinY, 1e-9);
    const double map_height = std::clamp(kMapWidth * dy / dx, 260.0, 430.0);
    const double s = std::min((kMapWidth - 2 * kPad) / dx, (map_height - 2 * kPad) / dy);
    const double ox = kMapX + (kMapWidth - s * dx) / 2;
    const double oy = kMapY + (map_height - s * dy) / 2;
    auto to_px = [&](double x, double y) {
        return std::pair<double, double>{ox + (plane.x(x) - min_x) * s, oy + (env.MaxY - y) * s};
    };

    std::vector<int> class_of;
    const std::vector<MapClass> classes = classify(spec, class_of);
    bool zero = false, missing = false;
    for (std::size_t i = 0; i < spec.units.size(); ++i) {
        zero = zero || class_of[i] == -1;
        missing = missing || class_of[i] == -2;
    }
    const std::string nodata_fill = fmt::format("url(#{}-nodata)", spec.id);
    auto fill_of = [&](int c) -> std::string {
        if (c >= 0) return classes[static_cast<std::size_t>(c)].colour;
        return c == -1 ? kZeroColour : nodata_fill;
    };

    std::string units, labels;
    std::size_t drawn = 0;
    const bool label_names = spec.units.size() <= 80;
    const Box frame{kMapX + 1, kMapY + 1, kMapX + kMapWidth - 1, kMapY + map_height - 1};
    for (std::size_t i = 0; i < spec.units.size(); ++i) {
        const MapUnit& u = spec.units[i];
        if (spec.extent && u.geometry) {
            OGREnvelope e;
            u.geometry->getEnvelope(&e);
            if (!e.Intersects(*spec.extent)) continue;
        }
        std::string d;
        Rings largest;  // the unit's largest part, in px, for its label
        double largest_area = -1;
        for_each_polygon(u.geometry, [&](const OGRPolygon& polygon) {
            Rings part;
            auto ring_path = [&](const OGRLinearRing* ring) {
                if (!ring || ring->getNumPoints() < 3) return;
                std::vector<Point> kept;
                for (int p = 0; p < ring->getNumPoints(); ++p) {
                    const auto pt = to_px(ring->getX(p), ring->getY(p));
                    if (!kept.empty() && std::hypot(pt.first - kept.back().first,
                                                    pt.second - kept.back().second) < kMinStep)
                        continue;
                    kept.push_back(pt);
                }
                if (kept.size() > 1 &&
                    std::hypot(kept.front().first - kept.back().first,
                               kept.front().second - kept.back().second) < kMinStep)
                    kept.pop_back();  // the closing vertex: Z closes the ring
                if (kept.size() < 3) return;
                for (std::size_t p = 0; p < kept.size(); ++p)
                    d += (p == 0   ? "M"
                          : p == 1 ? "L"
                                   : " ") +
                         px(kept[p].first) + "," + px(kept[p].second);
                d += "Z";
                part.push_back(std::move(kept));
            };
            ring_path(polygon.getExteriorRing());
            if (part.empty()) return;  // smaller than a pixel
            for (int r = 0; r < polygon.getNumInteriorRings(); ++r)
                ring_path(polygon.getInteriorRing(r));
            double area = 0;
            for (std::size_t r = 0; r < part.size(); ++r)
                area += (r == 0 ? 1 : -1) * std::fabs(ring_area(part[r]));
            if (area > largest_area) {
                largest_area = area;
                largest = std::move(part);
            }
        });
        std::string shown = u.value ? value_label(*u.value, spec.values) : "tanpa data";
        if (u.value && spec.values == MapSpec::Values::rank)
            shown = *u.value > 0 ? "peringkat " + shown : "skor 0, tanpa peringkat";
        const std::string tooltip = u.name + ": " + shown;
        if (!d.empty()) {
            units += fmt::format("<path d=\"{}\" fill=\"{}\"><title>{}</title></path>\n", d,
                                 fill_of(class_of[i]), escape(tooltip));
            ++drawn;
        }
        if (!label_names || largest.empty()) continue;
        // The name inside the unit's largest part, on one line or two, where it fits; in
        // smaller type over the edges for a small unit among few.
        const std::string name = short_name(u.name);
        std::vector<std::vector<std::string>> layouts{{name}};
        if (const auto cut = split_point(name))
            layouts.push_back({name.substr(0, *cut), name.substr(*cut + 1)});
        auto place = [&](const std::vector<std::string>& lines, double font, bool must_fit) {
            const double line_height = font * 1.2;
            double widest = 0;
            for (const auto& line : lines) widest = std::max(widest, text_width(line, font));
            const auto spot =
                must_fit ? label_spot(largest, widest + 4,
                                      line_height * static_cast<double>(lines.size()) + 2, frame)
                         : label_spot(largest, 1, 1, frame);
            if (!spot) return false;
            const double x =
                std::clamp(spot->first, kMapX + widest / 2 + 2, kMapX + kMapWidth - widest / 2 - 2);
            const double y = spot->second -
                             (static_cast<double>(lines.size()) - 1) * line_height / 2 +
                             font * 0.35;
            labels += fmt::format("<text x=\"{}\" y=\"{}\"{}>", px(x), px(y),
                                  font == 10 ? "" : fmt::format(" font-size=\"{}\"", font));
            for (std::size_t l = 0; l < lines.size(); ++l)
                labels += fmt::format("<tspan x=\"{}\" dy=\"{}\">{}</tspan>", px(x),
                                      l == 0 ? 0.0 : line_height, escape(lines[l]));
            labels += "</text>\n";
            return true;
        };
        bool placed = false;
        for (double font : {10.0, 8.0})
            for (const auto& lines : layouts)
                if (!placed) placed = place(lines, font, true);
        if (!placed && spec.units.size() <= 25) place(layouts.back(), 8, false);
    }

    // The column beside the map: north arrow, legend, scale bar.
    std::string side;
    double y = kMapY + 4;
    const double cx = kLegendX + 20;
    side += fmt::format(
        "<g class=\"north-arrow\" aria-label=\"Arah utara\">"
        "<text x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" font-size=\"13\" "
        "font-weight=\"bold\">U</text>"
        "<path d=\"M{0},{2} L{3},{4} L{0},{5} Z\" fill=\"#222\"/>"
        "<path d=\"M{0},{2} L{6},{4} L{0},{5} Z\" fill=\"#fff\" stroke=\"#222\" "
        "stroke-width=\"1\"/></g>\n",
        px(cx), px(y + 12), px(y + 16), px(cx + 9), px(y + 46), px(y + 38), px(cx - 9));
    y += 66;
    std::string legend = "<g class=\"legend\">";
    for (const auto& line : wrap(spec.title, 26)) {
        legend += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>",
                              px(kLegendX), px(y), escape(line));
        y += 15;
    }
    y += 2;
    auto entry = [&](const std::string& fill, const std::string& label) {
        legend += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"14\" fill=\"{}\" stroke=\"#555\" "
            "stroke-width=\"0.6\"/><text x=\"{}\" y=\"{}\">{}</text>",
            px(kLegendX), px(y), fill, px(kLegendX + 30), px(y + 11), escape(label));
        y += 20;
    };
    for (const auto& c : classes) entry(c.colour, c.label);
    if (zero)
        entry(kZeroColour, spec.values == MapSpec::Values::rupiah ? "Rp 0"
                           : spec.values == MapSpec::Values::rank ? "Skor 0 (tanpa peringkat)"
                                                                  : "0 (tidak ada)");
    if (missing) entry(nodata_fill, "Tanpa data");
    legend += "</g>\n";
    side += legend;

    const double metres = metres_per_unit(spec, plane, env);
    if (any && metres > 0) {
        const double metres_per_px = metres / s;
        const double max_px = kWidth - kLegendX - 24;
        double length = std::pow(10.0, std::floor(std::log10(max_px * metres_per_px)));
        for (double step : {5.0, 2.0, 1.0})
            if (step * length / metres_per_px <= max_px) {
                length *= step;
                break;
            }
        const double bar = length / metres_per_px;
        const bool km = length >= 1000;
        auto distance = [&](double m) {
            const double v = km ? m / 1000 : m;
            return format_number(v, is_whole(v) ? 0 : 1);
        };
        y += 14;
        side += fmt::format(
            "<g class=\"scale-bar\" aria-label=\"Skala\">"
            "<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"6\" fill=\"#222\" stroke=\"#222\"/>"
            "<rect x=\"{3}\" y=\"{1}\" width=\"{2}\" height=\"6\" fill=\"#fff\" stroke=\"#222\"/>"
            "<text x=\"{0}\" y=\"{4}\" text-anchor=\"middle\">0</text>"
            "<text x=\"{3}\" y=\"{4}\" text-anchor=\"middle\">{5}</text>"
            "<text x=\"{6}\" y=\"{4}\" text-anchor=\"middle\">{7}</text>"
            "<text x=\"{0}\" y=\"{8}\" font-size=\"9\" fill=\"#555\">{9}</text></g>\n",
            px(kLegendX + 4), px(y), px(bar / 2), px(kLegendX + 4 + bar / 2), px(y + 19),
            distance(length / 2), px(kLegendX + 4 + bar), distance(length) + (km ? " km" : " m"),
            px(y + 32), plane.geographic ? "skala pada lintang tengah" : "skala di tengah peta");
        y += 40;
    }
    const double height = std::max(kMapY + map_height + 8, y + 8);
    std::string svg = fmt::format(
        "<svg class=\"map\" id=\"{0}\" viewBox=\"0 0 {1} {2}\" role=\"img\" "
        "aria-label=\"Peta {3}\" font-family=\"sans-serif\" font-size=\"11\">\n"
        "<title>Peta: {3}</title>\n"
        "<defs><pattern id=\"{0}-nodata\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
        "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#999\" stroke-width=\"1.5\"/>"
        "</pattern><clipPath id=\"{0}-clip\"><rect x=\"{4}\" y=\"{5}\" width=\"{6}\" "
        "height=\"{7}\"/></clipPath></defs>\n"
        "<rect class=\"frame\" x=\"{4}\" y=\"{5}\" width=\"{6}\" height=\"{7}\" fill=\"#f7fbff\" "
        "stroke=\"#999\" stroke-width=\"0.8\"/>\n",
        escape(spec.id), px(kWidth), px(height), escape(spec.title), px(kMapX), px(kMapY),
        px(kMapWidth), px(map_height));
    svg +=
        "<g class=\"units\" stroke=\"#444\" stroke-width=\"0.7\" stroke-linejoin=\"round\" "
        "fill-rule=\"evenodd\" clip-path=\"url(#" +
        escape(spec.id) + "-clip)\">\n" + units + "</g>\n";
    svg +=
        "<g class=\"labels\" font-size=\"10\" text-anchor=\"middle\" fill=\"#111\" "
        "stroke=\"#fff\" stroke-width=\"2.5\" stroke-linejoin=\"round\" "
        "paint-order=\"stroke\" clip-path=\"url(#" +
        escape(spec.id) + "-clip)\">\n" + labels + "</g>\n";
    if (drawn == 0)
        svg += fmt::format(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">Tanpa geometri "
            "wilayah</text>\n",
            px(kMapX + kMapWidth / 2), px(kMapY + map_height / 2));
    svg += side + "</svg>\n";
    return svg;
}

}  // namespace jitupasna::publish::report
