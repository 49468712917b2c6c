#include "map.hpp"

#include <fmt/format.h>
#include <geodesic.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>

#include "format.hpp"
#include "jitupasna/core/indonesian_number.hpp"
#include "jitupasna/core/interrupt.hpp"

namespace jitupasna::publish::report {

namespace {

constexpr double kWidth = 720;  // the whole drawing, px
constexpr double kMapX = 8;     // the map frame
constexpr double kMapY = 8;
constexpr double kMapWidth = 512;
constexpr double kLegendX = 538;         // the column beside the map
constexpr double kPad = 12;              // inside the frame
constexpr double kMinLegendWidth = 170;  // the legend column's least width, px
constexpr double kMinStep = 0.15;        // simplification: first drop vertices closer than this, px
constexpr double kTolerance = 0.6;       // then Douglas-Peucker to within this, px
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

std::string value_label(double value, MapSpec::Values kind) { return map_value_label(value, kind); }

std::string range_label(double low, double high, MapSpec::Values kind) {
    const std::string a = value_label(low, kind);
    const std::string b = value_label(high, kind);
    const std::string range = a == b ? a : a + " – " + b;
    return kind == MapSpec::Values::rank ? "Peringkat " + range : range;
}

// Up to five quantile classes of the values that are not zero (ranks: of all values), ties
// kept together, then a class merged into the one below when their upper ends print alike
// (the legend never shows two classes alike); the class of each unit (or -1 zero, -2 no
// data). Categories: one class each, in the spec's order.
std::vector<MapClass> classify(const MapSpec& spec, std::vector<int>& class_of) {
    class_of.assign(spec.units.size(), -2);
    if (spec.values == MapSpec::Values::category) {
        std::vector<MapClass> classes;
        for (const auto& c : spec.categories) classes.push_back({0, 0, c.colour, c.label, 0});
        for (std::size_t i = 0; i < spec.units.size(); ++i) {
            const auto& v = spec.units[i].value;
            if (!v || *v < 0 || *v >= static_cast<double>(classes.size())) continue;
            class_of[i] = static_cast<int>(*v);
            ++classes[static_cast<std::size_t>(*v)].units;
        }
        return classes;
    }
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
    // Each break's class spans its members' lowest to highest value.
    std::vector<MapClass> classes(breaks.size());
    std::vector<bool> seen(breaks.size(), false);
    std::vector<std::size_t> break_of(spec.units.size(), 0);
    for (std::size_t i = 0; i < spec.units.size(); ++i) {
        const auto& v = spec.units[i].value;
        if (!v) continue;
        if (*v <= 1e-9) {
            class_of[i] = -1;
            continue;
        }
        const auto j = static_cast<std::size_t>(std::lower_bound(breaks.begin(), breaks.end(), *v) -
                                                breaks.begin());
        const std::size_t index = std::min(j, breaks.size() - 1);
        auto& c = classes[index];
        if (!seen[index]) {
            c.low = c.high = *v;
            seen[index] = true;
        }
        c.low = std::min(c.low, *v);
        c.high = std::max(c.high, *v);
        ++c.units;
        break_of[i] = index;
        class_of[i] = 0;
    }
    std::vector<std::size_t> merged_into(classes.size());
    std::vector<MapClass> kept;
    for (std::size_t j = 0; j < classes.size(); ++j) {
        if (!kept.empty() && value_label(kept.back().high, spec.values) ==
                                 value_label(classes[j].high, spec.values)) {
            kept.back().high = classes[j].high;
            kept.back().units += classes[j].units;
        } else {
            kept.push_back(classes[j]);
        }
        merged_into[j] = kept.size() - 1;
    }
    for (std::size_t i = 0; i < spec.units.size(); ++i)
        if (class_of[i] >= 0) class_of[i] = static_cast<int>(merged_into[break_of[i]]);
    const auto palette = colours(spec.palette, kept.size());
    for (std::size_t j = 0; j < kept.size(); ++j) {
        // Ranks: 1 is the first to help, the darkest.
        kept[j].colour = palette[rank ? kept.size() - 1 - j : j];
        kept[j].label = range_label(kept[j].low, kept[j].high, spec.values);
    }
    return kept;
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

// Display width of UTF-8 text in px at a font size, on the wide side of common sans-serif
// faces (DejaVu Sans, the widest of those the stylesheet names), so that a box sized by it
// holds the text.
double text_width(const std::string& text, double font, bool bold = false) {
    double em = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation
        if (c == ' ')
            em += 0.32;
        else if (c == 'i' || c == 'l' || c == 'j' || c == '.' || c == ',' || c == ':' ||
                 c == '\'' || c == '|' || c == '!')
            em += 0.3;
        else if (c == 'm' || c == 'w' || c == 'M' || c == 'W')
            em += 0.98;
        else if (std::isupper(c) || std::isdigit(c) || c >= 0x80)
            em += 0.72;  // capitals, digits, and "–", "≤" and the like
        else
            em += 0.62;
    }
    return em * font * (bold ? 1.12 : 1.0);
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

// Splits a legend title into lines no wider than `width` px (a single longer word stays whole:
// the legend grows to hold it).
std::vector<std::string> wrap(const std::string& text, double width, double font, bool bold) {
    std::vector<std::string> lines;
    std::string line, word;
    auto flush_word = [&] {
        if (word.empty()) return;
        if (!line.empty() && text_width(line + " " + word, font, bold) > width) {
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
    bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
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

// The centre of a w x h box inside the polygon and clear of the labels already placed, as far
// from its edges as the candidates on a grid over the polygon allow; nullopt when no box fits.
// inside_only false: only the box's centre must be in the polygon (a small unit's name over
// its edges).
std::optional<Point> label_spot(const Rings& rings, double w, double h, const Box& frame,
                                const std::vector<Box>& taken, bool inside_only = true) {
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const auto& p : rings.front()) {
        x0 = std::min(x0, p.first);
        x1 = std::max(x1, p.first);
        y0 = std::min(y0, p.second);
        y1 = std::max(y1, p.second);
    }
    if (inside_only && (x1 - x0 < w || y1 - y0 < h)) return std::nullopt;
    constexpr int kSteps = 18;
    std::optional<Point> best;
    double best_score = -1e300;
    for (int i = 0; i <= kSteps; ++i)
        for (int j = 0; j <= kSteps; ++j) {
            const double cx =
                inside_only ? x0 + w / 2 + (x1 - x0 - w) * i / kSteps : x0 + (x1 - x0) * i / kSteps;
            const double cy =
                inside_only ? y0 + h / 2 + (y1 - y0 - h) * j / kSteps : y0 + (y1 - y0) * j / kSteps;
            const Box box{cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
            const double bx0 = box.x0, bx1 = box.x1, by0 = box.y0, by1 = box.y1;
            if (bx0 < frame.x0 || bx1 > frame.x1 || by0 < frame.y0 || by1 > frame.y1) continue;
            if (std::any_of(taken.begin(), taken.end(),
                            [&](const Box& t) { return t.overlaps(box); }))
                continue;
            if (!inside(rings, cx, cy)) continue;
            if (!inside_only) {
                const double score = -std::hypot(cx - (x0 + x1) / 2, cy - (y0 + y1) / 2);
                if (score > best_score) {
                    best_score = score;
                    best = Point{cx, cy};
                }
                continue;
            }
            if (!inside(rings, bx0, by0) || !inside(rings, bx1, by1)) continue;
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

// Douglas-Peucker: the vertices of a closed ring (first == last) that keep it within
// `tolerance` px of the original; iterative, so a ring of a million vertices is no risk.
std::vector<Point> simplify_ring(const std::vector<Point>& ring, double tolerance) {
    const std::size_t n = ring.size();
    if (n <= 4) return ring;
    std::vector<char> keep(n, 0);
    keep[0] = keep[n - 1] = 1;
    // The first vertex and the one farthest from it split the ring into two open lines.
    std::size_t far = 0;
    double far_d = -1;
    for (std::size_t i = 1; i + 1 < n; ++i) {
        const double d = std::hypot(ring[i].first - ring[0].first, ring[i].second - ring[0].second);
        if (d > far_d) {
            far_d = d;
            far = i;
        }
    }
    keep[far] = 1;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, far}, {far, n - 1}};
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        if (b <= a + 1) continue;
        std::size_t worst = a;
        double worst_d = -1;
        for (std::size_t i = a + 1; i < b; ++i) {
            const double d = distance_to_segment(ring[i], ring[a], ring[b]);
            if (d > worst_d) {
                worst_d = d;
                worst = i;
            }
        }
        if (worst_d > tolerance) {
            keep[worst] = 1;
            stack.push_back({a, worst});
            stack.push_back({worst, b});
        }
    }
    std::vector<Point> out;
    for (std::size_t i = 0; i < n; ++i)
        if (keep[i]) out.push_back(ring[i]);
    return out;
}

// Tenths of a pixel as SVG path text: 123 -> "12.3", -40 -> "-4".
std::string tenths(long v) {
    const long a = std::labs(v);
    std::string text = std::to_string(a / 10);
    if (a % 10) text += "." + std::to_string(a % 10);
    return v < 0 ? "-" + text : text;
}

// A ring as path data: the first vertex absolute, the others relative, on a 0.1 px grid (the
// relative steps are differences of rounded positions, so nothing drifts); "" when fewer than
// three distinct vertices remain.
std::string ring_path_data(const std::vector<Point>& ring) {
    std::vector<std::pair<long, long>> grid;
    for (const auto& p : ring) {
        const std::pair<long, long> g{std::lround(p.first * 10), std::lround(p.second * 10)};
        if (grid.empty() || grid.back() != g) grid.push_back(g);
    }
    while (grid.size() > 1 && grid.back() == grid.front()) grid.pop_back();  // Z closes it
    if (grid.size() < 3) return "";
    std::string d = "M" + tenths(grid[0].first) + "," + tenths(grid[0].second) + "l";
    for (std::size_t i = 1; i < grid.size(); ++i)
        d += (i > 1 ? " " : "") + tenths(grid[i].first - grid[i - 1].first) + "," +
             tenths(grid[i].second - grid[i - 1].second);
    return d + "z";
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
        return Point{ox + (plane.x(x) - min_x) * s, oy + (env.MaxY - y) * s};
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

    // The units: each ring simplified to the drawing's resolution; a unit too small for any
    // ring to survive is a dot, so that it keeps its colour and tooltip.
    struct Drawn {
        std::size_t unit;
        Rings largest;  // the unit's largest part, in px, for its name
        double area;
    };
    std::vector<Drawn> drawn_units;
    std::string units;
    const Box frame{kMapX + 1, kMapY + 1, kMapX + kMapWidth - 1, kMapY + map_height - 1};
    for (std::size_t i = 0; i < spec.units.size(); ++i) {
        core::throw_if_interrupted();  // a detailed national layer takes seconds to draw
        const MapUnit& u = spec.units[i];
        if (spec.extent && u.geometry) {
            OGREnvelope e;
            u.geometry->getEnvelope(&e);
            if (!e.Intersects(*spec.extent)) continue;
        }
        std::string d;
        Rings largest;
        double largest_area = -1;
        for_each_polygon(u.geometry, [&](const OGRPolygon& polygon) {
            Rings part;
            auto ring_path = [&](const OGRLinearRing* ring) {
                if (!ring || ring->getNumPoints() < 3) return;
                std::vector<Point> thinned;  // first a cheap pass: vertices a step apart
                for (int p = 0; p < ring->getNumPoints(); ++p) {
                    const Point pt = to_px(ring->getX(p), ring->getY(p));
                    if (!thinned.empty() && p + 1 < ring->getNumPoints() &&
                        std::hypot(pt.first - thinned.back().first,
                                   pt.second - thinned.back().second) < kMinStep)
                        continue;
                    thinned.push_back(pt);
                }
                std::vector<Point> kept = simplify_ring(thinned, kTolerance);
                const std::string data = ring_path_data(kept);
                if (data.empty()) return;
                d += data;
                if (kept.size() > 1 && kept.front() == kept.back()) kept.pop_back();
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
        if (d.empty() && u.geometry && !u.geometry->IsEmpty()) {
            OGREnvelope e;
            u.geometry->getEnvelope(&e);
            const Point c = to_px((e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2);
            const long x = std::lround(c.first * 10) - 10, y = std::lround(c.second * 10) - 10;
            d = "M" + tenths(x) + "," + tenths(y) + "h2v2h-2z";
        }
        std::string shown = u.value ? value_label(*u.value, spec.values) : "tanpa data";
        if (u.value && spec.values == MapSpec::Values::rank)
            shown = *u.value > 0 ? "peringkat " + shown : "skor 0, tanpa peringkat";
        if (u.value && spec.values == MapSpec::Values::category && class_of[i] >= 0)
            shown = classes[static_cast<std::size_t>(class_of[i])].label;
        const std::string tooltip = u.name + ": " + (u.detail.empty() ? shown : u.detail);
        if (d.empty()) continue;
        units += fmt::format("<path d=\"{}\" fill=\"{}\"><title>{}</title></path>\n", d,
                             fill_of(class_of[i]), escape(tooltip));
        if (!largest.empty()) drawn_units.push_back({i, std::move(largest), largest_area});
    }

    // Names: the units that matter most first (highest value, first rank, most severe class),
    // then the larger; each where it fits inside the unit and clear of the names already
    // placed, else left out (the tooltip still names it). Deterministic: ties by input order.
    auto importance = [&](std::size_t i) {
        const auto& v = spec.units[i].value;
        if (!v) return -1e300;
        switch (spec.values) {
            case MapSpec::Values::rank:
                return *v > 0 ? -*v : -1e299;
            case MapSpec::Values::category:
                return -*v;
            default:
                return *v;
        }
    };
    std::stable_sort(drawn_units.begin(), drawn_units.end(), [&](const Drawn& a, const Drawn& b) {
        const double ia = importance(a.unit), ib = importance(b.unit);
        if (ia != ib) return ia > ib;
        return a.area > b.area;
    });
    std::string labels;
    std::vector<Box> taken;
    const bool few = drawn_units.size() <= 25;
    for (const Drawn& unit : drawn_units) {
        core::throw_if_interrupted();
        const std::string name = short_name(spec.units[unit.unit].name);
        std::vector<std::vector<std::string>> layouts{{name}};
        if (const auto cut = split_point(name))
            layouts.push_back({name.substr(0, *cut), name.substr(*cut + 1)});
        auto place = [&](const std::vector<std::string>& lines, double font, bool inside_only) {
            const double line_height = font * 1.2;
            double widest = 0;
            for (const auto& line : lines) widest = std::max(widest, text_width(line, font));
            const double w = widest + 4, h = line_height * static_cast<double>(lines.size()) + 2;
            const auto spot = label_spot(unit.largest, w, h, frame, taken, inside_only);
            if (!spot) return false;
            taken.push_back({spot->first - w / 2, spot->second - h / 2, spot->first + w / 2,
                             spot->second + h / 2});
            const double x = spot->first;
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
        // Among few units, a small one's name may lie over its edges.
        if (!placed && few) place(layouts.back(), 8, false);
    }

    // The column beside the map: north arrow, legend, scale bar; as wide as its longest text.
    constexpr double kFont = 11;
    constexpr double kSwatch = 30;  // swatch and gap before an entry's text
    std::vector<std::pair<std::string, std::string>> entries;  // fill, label
    for (const auto& c : classes) entries.emplace_back(c.colour, c.label);
    if (zero)
        entries.emplace_back(kZeroColour, spec.values == MapSpec::Values::rupiah ? "Rp 0"
                                          : spec.values == MapSpec::Values::rank
                                              ? "Skor 0 (tanpa peringkat)"
                                              : "0 (tidak ada)");
    if (missing) entries.emplace_back(nodata_fill, "Tanpa data");
    double column = kMinLegendWidth;
    for (const auto& [fill, label] : entries)
        column = std::max(column, kSwatch + text_width(label, kFont));
    const std::vector<std::string> title_lines = wrap(spec.title, column, kFont, true);
    for (const auto& line : title_lines) column = std::max(column, text_width(line, kFont, true));
    const double width = std::max(kWidth, kLegendX + column + kPad);

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
    for (const auto& line : title_lines) {
        legend += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>",
                              px(kLegendX), px(y), escape(line));
        y += 15;
    }
    y += 2;
    for (const auto& [fill, label] : entries) {
        legend += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"14\" fill=\"{}\" stroke=\"#555\" "
            "stroke-width=\"0.6\"/><text x=\"{}\" y=\"{}\">{}</text>",
            px(kLegendX), px(y), fill, px(kLegendX + kSwatch), px(y + 11), escape(label));
        y += 20;
    }
    legend += "</g>\n";
    side += legend;

    const double metres = metres_per_unit(spec, plane, env);
    if (any && metres > 0) {
        const double metres_per_px = metres / s;
        const double max_px = kMinLegendWidth - 24;
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
        // The middle distance only where it stays clear of the 0 and of the end's text.
        const std::string middle = distance(length / 2);
        const std::string end = distance(length) + (km ? " km" : " m");
        const bool middle_fits =
            bar / 2 >= (text_width(middle, kFont) + text_width(end, kFont)) / 2 + 4 &&
            bar / 2 >= (text_width(middle, kFont) + text_width("0", kFont)) / 2 + 4;
        y += 14;
        side += fmt::format(
            "<g class=\"scale-bar\" aria-label=\"Skala\">"
            "<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"6\" fill=\"#222\" stroke=\"#222\"/>"
            "<rect x=\"{3}\" y=\"{1}\" width=\"{2}\" height=\"6\" fill=\"#fff\" stroke=\"#222\"/>"
            "<text x=\"{0}\" y=\"{4}\" text-anchor=\"middle\">0</text>"
            "{5}"
            "<text x=\"{6}\" y=\"{4}\" text-anchor=\"middle\">{7}</text>"
            "<text x=\"{0}\" y=\"{8}\" font-size=\"9\" fill=\"#555\">{9}</text></g>\n",
            px(kLegendX + 4), px(y), px(bar / 2), px(kLegendX + 4 + bar / 2), px(y + 19),
            middle_fits ? fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                                      px(kLegendX + 4 + bar / 2), px(y + 19), middle)
                        : "",
            px(kLegendX + 4 + bar), end, px(y + 32),
            plane.geographic ? "skala pada lintang tengah" : "skala di tengah peta");
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
        escape(spec.id), px(width), px(height), escape(spec.title), px(kMapX), px(kMapY),
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
    if (drawn_units.empty() && units.empty())
        svg += fmt::format(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">Tanpa geometri "
            "wilayah</text>\n",
            px(kMapX + kMapWidth / 2), px(kMapY + map_height / 2));
    svg += side + "</svg>\n";
    return svg;
}

std::string map_value_label(double value, MapSpec::Values kind) {
    switch (kind) {
        case MapSpec::Values::rupiah:
            return format_rupiah_short(value);
        case MapSpec::Values::rank:
        case MapSpec::Values::category:
            return format_number(value, 0);
        default:
            // Expected numbers: whole from 100 up; below, the decimals that tell the classes
            // apart (two significant digits below 1), never "0" for a value above zero.
            if (value > 0 && value < 5e-7) return "< 0,000001";
            return std::fabs(value) >= 100 ? format_count(std::round(value), 0)
                                           : core::format_legend(value);
    }
}

}  // namespace jitupasna::publish::report
