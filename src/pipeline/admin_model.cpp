#include "admin_model.hpp"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/geos_ops.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/io/ogr_geos.hpp"
#include "jitupasna/io/spatial_ref.hpp"
#include "jitupasna/io/text_escape.hpp"

namespace jitupasna::pipeline {

namespace {

// The polygons of a repaired geometry: MakeValid may return a collection whose lines or points
// (collapsed slivers) an admin polygon layer cannot hold.
io::GeometryPtr polygonal_part(const std::string& wkb, const std::string& role, GIntBig fid) {
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE)
        throw DataError(
            fmt::format("{}: feature {}: repaired geometry cannot be read back", role, fid));
    io::GeometryPtr geometry(raw);
    if (wkbFlatten(geometry->getGeometryType()) != wkbGeometryCollection) return geometry;
    auto polygons = std::make_unique<OGRMultiPolygon>();
    for (const OGRGeometry* part : *geometry->toGeometryCollection()) {
        const OGRwkbGeometryType type = wkbFlatten(part->getGeometryType());
        if (type == wkbPolygon) polygons->addGeometry(part);
        if (type == wkbMultiPolygon)
            for (const OGRPolygon* polygon : *part->toMultiPolygon())
                polygons->addGeometry(polygon);
    }
    return io::GeometryPtr(polygons.release());
}

AdminLevel read_level(io::VectorSource& source, const std::string& level_name,
                      const std::string& code_field, const std::string& name_field,
                      const std::string& key, const OGRSpatialReference& admin_crs,
                      std::vector<std::string>& warnings) {
    AdminLevel level;
    level.name = level_name;
    level.description = source.description();
    const int code_index = source.field_index(code_field, key + ".code_field");
    const int name_index = source.field_index(name_field, key + ".name_field");
    const io::TransformPtr to_admin =
        io::make_transform(source.crs(), admin_crs, source.role() + " to the admin CRS");
    std::map<std::string, GIntBig> fid_of_code;
    std::vector<GIntBig> fids;
    std::vector<io::FeaturePtr> batch;
    source.layer().ResetReading();
    while (source.read_batch(1024, batch) || !batch.empty()) {
        for (auto& feature : batch) {
            ++level.features;
            const GIntBig fid = feature->GetFID();
            if (!feature->IsFieldSetAndNotNull(code_index))
                throw DataError(fmt::format("{}: feature {} of {} has no {} ({}.code_field)",
                                            source.role(), fid, source.description(), code_field,
                                            key));
            core::AdminUnit unit;
            unit.code = feature->GetFieldAsString(code_index);
            // An empty code would read as "outside every unit" in the outputs.
            if (io::trim_blanks(unit.code).empty())
                throw DataError(fmt::format(
                    "{}: feature {} of {} has an empty {} ({}.code_field){}; every unit needs a "
                    "code",
                    source.role(), fid, source.description(), code_field, key,
                    feature->IsFieldSetAndNotNull(name_index)
                        ? fmt::format(" (name '{}')", feature->GetFieldAsString(name_index))
                        : ""));
            unit.name = feature->IsFieldSetAndNotNull(name_index)
                            ? feature->GetFieldAsString(name_index)
                            : "";
            if (auto [it, inserted] = fid_of_code.emplace(unit.code, fid); !inserted)
                throw DataError(fmt::format(
                    "{}: code '{}' ({}) is used by features {} and {} of {}; codes must be unique",
                    source.role(), unit.code, code_field, it->second, fid, source.description()));

            io::GeometryPtr geometry;
            if (OGRGeometry* g = feature->GetGeometryRef(); g && !g->IsEmpty()) {
                const OGRwkbGeometryType flat = wkbFlatten(g->getGeometryType());
                if (flat != wkbPolygon && flat != wkbMultiPolygon && flat != wkbCurvePolygon &&
                    flat != wkbMultiSurface)
                    throw DataError(fmt::format("{}: feature {} of {} is a {}, not a polygon",
                                                source.role(), fid, source.description(),
                                                g->getGeometryName()));
                geometry = io::transformed_copy(*g, to_admin.get(), source.role(), fid);
            }
            if (!geometry)
                warnings.push_back(fmt::format("{}: unit {} (feature {}) has no geometry",
                                               source.role(), unit.code, fid));
            level.units.push_back(std::move(unit));
            level.geometries.push_back(std::move(geometry));
            fids.push_back(fid);
        }
        batch.clear();
    }
    // Checking and repairing the polygons is most of the cost of a national layer (seconds for
    // the 124 invalid kabupaten/kota as published): done in parallel, errors reported in input
    // order.
    std::vector<std::string> errors(level.units.size());
    std::vector<char> repaired(level.units.size(), 0);
    tbb::enumerable_thread_specific<core::GeosContext> contexts;
    // Interrupted is thrown out of the loop body: oneTBB cancels the other chunks and rethrows.
    tbb::parallel_for(std::size_t{0}, level.units.size(), [&](std::size_t i) {
        core::throw_if_interrupted();
        if (!level.geometries[i]) return;
        const core::GeosContext& ctx = contexts.local();
        core::AdminUnit& unit = level.units[i];
        core::GeomPtr geos = io::to_geos(ctx, *level.geometries[i]);
        if (!geos) {
            errors[i] = fmt::format("{}: feature {} of {}: unreadable geometry", source.role(),
                                    fids[i], source.description());
            return;
        }
        if (core::is_valid(ctx, geos.get())) {
            unit.wkb = core::geom_to_wkb(ctx, geos.get());
            return;
        }
        core::GeomPtr valid = core::make_valid(ctx, geos.get());
        if (!valid) {
            errors[i] = fmt::format(
                "{}: feature {} ({}) of {}: invalid geometry that GEOS cannot repair: {}",
                source.role(), fids[i], unit.code, source.description(), ctx.last_error());
            return;
        }
        repaired[i] = 1;
        unit.wkb = core::geom_to_wkb(ctx, valid.get());
        // admin_summary shows the polygon the counts were made with.
        try {
            level.geometries[i] = polygonal_part(unit.wkb, source.role(), fids[i]);
        } catch (const DataError& e) {
            errors[i] = e.what();
        }
    });
    for (const auto& error : errors)
        if (!error.empty()) throw DataError(error);
    level.repaired = std::count(repaired.begin(), repaired.end(), 1);
    if (level.units.empty())
        throw DataError(fmt::format("{}: {} has no features", source.role(), source.description()));
    if (level.repaired > 0)
        warnings.push_back(fmt::format("{}: {} invalid polygon(s) repaired with GEOS MakeValid",
                                       source.role(), level.repaired));
    return level;
}

// The parent of each finer unit: its parent_field, else the main code that prefixes its own
// code followed by '.', else the main unit holding its centroid.
std::vector<std::size_t> link_parents(const AdminLevel& main, const AdminLevel& sub,
                                      io::VectorSource& sub_source,
                                      const core::AdminSublevel& config) {
    std::map<std::string, std::size_t> main_index;
    for (std::size_t i = 0; i < main.units.size(); ++i) main_index[main.units[i].code] = i;
    std::vector<std::optional<std::string>> parent_codes(sub.units.size());
    if (config.parent_field) {
        const int field =
            sub_source.field_index(*config.parent_field, "admin.sublevel.parent_field");
        sub_source.layer().ResetReading();
        std::size_t i = 0;
        for (auto& feature : sub_source.layer()) {
            if (i < parent_codes.size() && feature->IsFieldSetAndNotNull(field))
                parent_codes[i] = feature->GetFieldAsString(field);
            ++i;
        }
    }
    const core::AdminIndex main_units(main.units);
    core::GeosContext ctx;
    core::AdminLocator locator(main_units, ctx);
    std::vector<std::size_t> parents(sub.units.size());
    for (std::size_t i = 0; i < sub.units.size(); ++i) {
        const auto& unit = sub.units[i];
        std::optional<std::size_t> parent;
        if (parent_codes[i]) {
            auto it = main_index.find(*parent_codes[i]);
            if (it == main_index.end())
                throw DataError(fmt::format(
                    "admin.sublevel: unit {} names parent '{}' ({}), which is not a code of {}",
                    unit.code, *parent_codes[i], *config.parent_field, main.description));
            parent = it->second;
        } else if (!config.parent_field) {
            for (std::size_t m = 0; m < main.units.size() && !parent; ++m) {
                const std::string& code = main.units[m].code;
                if (unit.code.size() > code.size() + 1 &&
                    unit.code.compare(0, code.size(), code) == 0 && unit.code[code.size()] == '.')
                    parent = m;
            }
        }
        if (!parent && !unit.wkb.empty()) {
            core::GeomPtr geom = core::geom_from_wkb(ctx, unit.wkb);
            parent = locator.locate(geom.get());
        }
        if (!parent)
            throw DataError(fmt::format("admin.sublevel: unit {} ({}) has no parent in {}",
                                        unit.code, unit.name, main.description));
        parents[i] = *parent;
    }
    return parents;
}

// Overlapping units (published boundaries have them where neighbours were drawn from different
// sources): one warning naming the largest overlaps, since counts there go to one unit only.
// Each unit is intersected with its R-tree neighbours only, in parallel.
void warn_overlaps(const AdminLevel& level, const core::AdminIndex& index,
                   const OGRSpatialReference& crs, const std::string& role,
                   std::vector<std::string>& warnings) {
    const io::SpatialRefPtr lonlat = io::wgs84();
    const io::TransformPtr to_lonlat = io::make_transform(crs, *lonlat, role + " to WGS 84");
    struct Worker {
        core::GeosContext ctx;
        core::AdminLocator locator;
        std::unique_ptr<io::OgrPointTransform> to_lonlat;
        std::vector<core::AdminOverlap> found;
        Worker(const core::AdminIndex& index, const OGRCoordinateTransformation* transform)
            : locator(index, ctx), to_lonlat(io::clone_for_thread(transform)) {}
    };
    tbb::enumerable_thread_specific<std::unique_ptr<Worker>> workers;
    std::vector<std::string> errors(index.size());
    tbb::parallel_for(std::size_t{0}, index.size(), [&](std::size_t unit) {
        core::throw_if_interrupted();
        auto& worker = workers.local();
        if (!worker) worker = std::make_unique<Worker>(index, to_lonlat.get());
        try {
            worker->locator.overlaps_with_later(unit, worker->to_lonlat.get(), worker->found);
        } catch (const std::runtime_error& e) {
            errors[unit] = fmt::format("{}: {}", role, e.what());
        }
    });
    for (const auto& error : errors)
        if (!error.empty()) throw DataError(error);
    std::vector<core::AdminOverlap> overlaps;
    for (const auto& worker : workers)
        overlaps.insert(overlaps.end(), worker->found.begin(), worker->found.end());
    // Shared borders drawn twice leave slivers of a few square metres: not worth a line.
    overlaps.erase(std::remove_if(overlaps.begin(), overlaps.end(),
                                  [](const core::AdminOverlap& o) { return o.area_m2 < 1.0; }),
                   overlaps.end());
    if (overlaps.empty()) return;
    std::sort(overlaps.begin(), overlaps.end(), [](const auto& a, const auto& b) {
        return std::tie(b.area_m2, a.first, a.second) < std::tie(a.area_m2, b.first, b.second);
    });
    double total_m2 = 0;
    for (const auto& o : overlaps) total_m2 += o.area_m2;
    constexpr std::size_t kListed = 5;
    std::string listed;
    for (std::size_t i = 0; i < std::min(kListed, overlaps.size()); ++i) {
        const auto& a = level.units[overlaps[i].first];
        const auto& b = level.units[overlaps[i].second];
        listed += fmt::format("{}{} {} and {} {}: {:.3f} km2", i ? "; " : "", a.code, a.name,
                              b.code, b.name, overlaps[i].area_m2 / 1e6);
    }
    warnings.push_back(fmt::format(
        "{}: {} pair(s) of units overlap ({:.3f} km2 in all); largest: {}{}. A count in an "
        "overlap goes to one unit only, and a polygon lying (almost) wholly in one unit keeps "
        "its whole count there (docs/scenario.md, admin)",
        role, overlaps.size(), total_m2 / 1e6, listed,
        overlaps.size() > kListed ? fmt::format("; and {} more", overlaps.size() - kListed)
                                  : std::string()));
}

}  // namespace

AdminModel read_admin_model(io::VectorSource& main_source, const core::AdminConfig& config,
                            io::VectorSource* sub_source, std::vector<std::string>& warnings) {
    AdminModel model;
    const OGRSpatialReference& crs = main_source.crs();
    model.main = read_level(main_source, config.level_name, config.code_field, config.name_field,
                            "admin", crs, warnings);
    if (config.sublevel && sub_source) {
        const auto& sub = *config.sublevel;
        model.sub = read_level(*sub_source, sub.name, sub.code_field, sub.name_field,
                               "admin.sublevel", crs, warnings);
        model.parent_of = link_parents(model.main, *model.sub, *sub_source, sub);
    } else {
        for (std::size_t i = 0; i < model.main.units.size(); ++i) model.parent_of.push_back(i);
    }
    model.index = std::make_unique<core::AdminIndex>(model.finest().units);
    if (model.sub) model.main_index = std::make_unique<core::AdminIndex>(model.main.units);
    warn_overlaps(model.finest(), *model.index, crs,
                  config.sublevel && sub_source ? sub_source->role() : main_source.role(),
                  warnings);
    return model;
}

}  // namespace jitupasna::pipeline
