#include "inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/io/raster_source.hpp"
#include "jitupasna/io/spatial_ref.hpp"

namespace jitupasna::pipeline {

namespace fs = std::filesystem;

namespace {

bool overlaps(const core::Envelope& a, const core::Envelope& b) {
    return a.xmin <= b.xmax && b.xmin <= a.xmax && a.ymin <= b.ymax && b.ymin <= a.ymax;
}

std::string envelope_text(const core::Envelope& e) {
    return fmt::format("({:.6g}, {:.6g}) - ({:.6g}, {:.6g})", e.xmin, e.ymin, e.xmax, e.ymax);
}

}  // namespace

std::string defaults_file() {
    if (const char* env = std::getenv("JITUPASNA_DEFAULTS")) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed =
            exe.parent_path().parent_path() / "share" / "jitupasna" / "jitupasna_defaults.yaml";
        if (fs::exists(installed)) return installed.string();
    }
    if (fs::exists(JITUPASNA_SOURCE_DEFAULTS)) return JITUPASNA_SOURCE_DEFAULTS;
    return "";
}

void check_extents(OpenedInputs& in) {
    const auto& units = in.admin_model.finest().units;
    core::GeosContext ctx;
    std::optional<core::Envelope> admin;
    std::vector<core::GeomPtr> geometries;
    for (const auto& unit : units) {
        if (unit.wkb.empty()) continue;
        geometries.push_back(core::geom_from_wkb(ctx, unit.wkb));
        const core::Envelope e = core::envelope(ctx, geometries.back().get());
        if (!admin) admin = e;
        admin->xmin = std::min(admin->xmin, e.xmin);
        admin->ymin = std::min(admin->ymin, e.ymin);
        admin->xmax = std::max(admin->xmax, e.xmax);
        admin->ymax = std::max(admin->ymax, e.ymax);
    }
    if (!admin) return;
    const std::string admin_text = envelope_text(*admin);
    for (std::size_t i = 0; i < in.exposures.size(); ++i) {
        io::VectorSource* source = in.exposures[i].get();
        if (!source) continue;
        const auto extent = source->extent();
        if (!extent) continue;
        double xmin = extent->MinX, ymin = extent->MinY, xmax = extent->MaxX, ymax = extent->MaxY;
        const io::TransformPtr ct = io::make_transform(source->crs(), in.admin->crs(),
                                                       source->role() + " to the admin CRS");
        if (ct && !ct->TransformBounds(xmin, ymin, xmax, ymax, &xmin, &ymin, &xmax, &ymax, 21))
            continue;
        const core::Envelope e{xmin, ymin, xmax, ymax};
        if (!overlaps(e, *admin))
            throw DataError(fmt::format(
                "{}: {} lies entirely outside the admin units (its extent {} vs {} in the admin "
                "CRS); check both layers' CRS",
                source->role(), source->description(), envelope_text(e), admin_text));
    }
    const auto hazard = in.hazard->extent_in_admin_crs();
    if (!hazard || !overlaps(*hazard, *admin))
        throw DataError(fmt::format(
            "hazard: its extent {} does not overlap the admin units ({}); check both layers' CRS",
            hazard ? envelope_text(*hazard) : std::string("(empty)"), admin_text));
    if (!in.hazard->extent_is_coverage()) return;
    // Share of the admin area outside the hazard's extent (planar in the admin CRS: a ratio).
    const core::GeomPtr box = core::box_polygon(ctx, *hazard);
    double total = 0, inside = 0;
    for (const auto& g : geometries) {
        const std::optional<double> area = core::area(ctx, g.get());
        if (!area) continue;
        total += *area;
        inside += core::intersection_area(ctx, g.get(), box.get()).value_or(0.0);
    }
    if (total > 0 && inside < total * 0.999)
        in.warnings.push_back(fmt::format(
            "hazard: {:.1f} % of the admin area lies outside the hazard's extent; assets there are "
            "not_exposed",
            100.0 * (1 - inside / total)));
}

OpenedInputs open_inputs(core::Scenario scenario) {
    OpenedInputs in;
    in.scenario = std::move(scenario);
    const auto& s = in.scenario;
    in.admin = std::make_unique<io::VectorSource>(s.admin.input, "admin");
    in.admin->field_index(s.admin.code_field, "admin.code_field");
    in.admin->field_index(s.admin.name_field, "admin.name_field");
    if (s.admin.sublevel)
        in.admin_sub =
            std::make_unique<io::VectorSource>(s.admin.sublevel->input, "admin.sublevel");
    in.classifier = std::make_unique<core::HazardClassifier>(s.hazard.classes);
    // Exposures are opened before the (possibly large) admin and hazard layers are read, so a
    // misspelled field fails fast.
    for (std::size_t i = 0; i < s.exposures.size(); ++i) {
        const auto& e = s.exposures[i];
        const std::string role = fmt::format("exposure '{}'", e.name);
        const std::string key = fmt::format("exposures[{}]", i);
        if (e.is_raster()) {
            io::RasterSource check(e.input, e.band, role);
            in.exposures.push_back(nullptr);
            continue;
        }
        auto source = std::make_unique<io::VectorSource>(e.input, role);
        if (e.type_field) source->field_index(*e.type_field, key + ".type_field");
        if (e.number_field) source->numeric_field_index(*e.number_field, key + ".number_field");
        if (e.join)
            source->field_index(e.join->field, key + ".join.field");
        else if (e.count_field)
            source->numeric_field_index(*e.count_field, key + ".count_field");
        in.exposures.push_back(std::move(source));
    }
    in.admin_model = read_admin_model(*in.admin, s.admin, in.admin_sub.get(), in.warnings);
    in.hazard = open_hazard(s.hazard, *in.classifier, in.admin->crs(), in.warnings);
    check_extents(in);

    return in;
}

}  // namespace jitupasna::pipeline
