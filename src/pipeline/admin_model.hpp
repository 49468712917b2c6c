#pragma once
// The admin units of a run: the main level (kabupaten/kota) and an optional finer level
// (kecamatan) whose units are what features are located in; results roll up to the parents.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jitupasna/core/admin_index.hpp"
#include "jitupasna/core/scenario.hpp"
#include "jitupasna/io/gdal_ptr.hpp"
#include "jitupasna/io/vector_source.hpp"

namespace jitupasna::pipeline {

struct AdminLevel {
    std::string name;  // "kabkota", "kecamatan"
    std::vector<core::AdminUnit> units;
    std::vector<io::GeometryPtr> geometries;  // in the admin CRS, as read, for admin_summary
    long long features = 0;
    long long repaired = 0;
    std::string description;  // file and layer
};

struct AdminModel {
    AdminLevel main;
    std::optional<AdminLevel> sub;
    std::vector<std::size_t> parent_of;  // finest unit -> main unit (identity without sublevel)
    std::unique_ptr<core::AdminIndex> index;       // over the finest level
    std::unique_ptr<core::AdminIndex> main_index;  // over the main level, with a sublevel only

    // A thread's locator over the finest level, knowing the main level above it if any.
    core::AdminLocator locator(const core::GeosContext& ctx) const {
        if (main_index) return core::AdminLocator(*index, ctx, *main_index, parent_of);
        return core::AdminLocator(*index, ctx);
    }

    const AdminLevel& finest() const { return sub ? *sub : main; }
    std::optional<std::size_t> parent(std::optional<std::size_t> finest_unit) const {
        if (!finest_unit) return std::nullopt;
        return parent_of[*finest_unit];
    }
};

// Reads the admin level(s) into memory (a few thousand polygons at national scale), checks
// codes are unique, repairs invalid polygons, links each finer unit to its parent.
AdminModel read_admin_model(io::VectorSource& main_source, const core::AdminConfig& config,
                            io::VectorSource* sub_source, std::vector<std::string>& warnings);

}  // namespace jitupasna::pipeline
