#pragma once
// Default QGIS styles (layer_styles, useAsDefault) with Indonesian field aliases, the same
// aliases in gpkg_data_columns, and the run's provenance in gpkg_metadata.

#include <string>
#include <utility>
#include <vector>

#include "jitupasna/core/classification.hpp"
#include "jitupasna/io/gpkg_writer.hpp"

namespace jitupasna::engine {

struct StyledLayer {
    enum class Role { admin_summary, impact, table };
    std::string name;  // layer name in the GeoPackage
    Role role = Role::table;
    std::string geometry;        // "Polygon", "Line", "Point" or "" for tables
    std::string headline_field;  // admin_summary: the field of the choropleth
};

struct StyleContext {
    std::vector<StyledLayer> layers;
    std::vector<std::string> hazard_classes;  // labels, most severe first, then not_affected...
    std::vector<std::pair<std::string, std::string>> provenance;  // run_info rows
};

// Called after every layer is written, before the GeoPackage is closed.
void write_styles_and_metadata(io::GpkgWriter& writer, const StyleContext& context);

}  // namespace jitupasna::engine
