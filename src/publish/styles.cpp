#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/glossary.hpp"
#include "jitupasna/core/indonesian_number.hpp"
#include "jitupasna/core/output_schema.hpp"
#include "jitupasna/core/vulnerability.hpp"
#include "jitupasna/io/gdal_errors.hpp"
#include "jitupasna/io/gdal_ptr.hpp"
#include "jitupasna/io/sql_text.hpp"
#include "jitupasna/io/text_escape.hpp"
#include "jitupasna/publish/publish.hpp"
#include "style_qml.hpp"

namespace jitupasna::publish {

namespace {

namespace glossary = core::glossary;
using namespace qml;
using glossary::category_display;
using glossary::class_display;
using glossary::title_case;

// What the styles need to know of the run: its layers and classes, from the output facts.
struct StyleContext {
    std::vector<core::schema::OutputLayer> layers;
    std::vector<std::string> hazard_classes;  // labels, most severe first, then not_affected...
    const InfoRows& provenance;               // run_info rows
};

// ---------------------------------------------------------------------------------------------
// Text

std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (u < 0x20) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(u));
        } else {
            out += c;
        }
    }
    return out + "\"";
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// ---------------------------------------------------------------------------------------------
// The GeoPackage being written, read through the writer's own connection (it alone sees
// everything written so far).

using Row = std::vector<std::optional<std::string>>;

class Reader {
  public:
    explicit Reader(io::GpkgWriter& writer) : dataset_(&writer.dataset()) {}

    GDALDataset& dataset() { return *dataset_; }

    std::vector<Row> query(const std::string& sql) {
        io::take_last_gdal_error();
        std::vector<Row> rows;
        if (const io::ResultSetPtr result = io::execute_sql(*dataset_, sql)) {
            const int fields = result->GetLayerDefn()->GetFieldCount();
            for (auto& feature : *result) {
                Row row;
                for (int i = 0; i < fields; ++i)
                    row.push_back(feature->IsFieldSetAndNotNull(i)
                                      ? std::optional<std::string>(feature->GetFieldAsString(i))
                                      : std::nullopt);
                rows.push_back(std::move(row));
            }
        }
        const std::string error = io::take_last_gdal_error();
        if (!error.empty())
            throw DataError(
                fmt::format("writing styles: SQL failed: {} ({})", error, sql.substr(0, 120)));
        return rows;
    }

    std::vector<double> numbers(const std::string& table, const std::string& field) {
        std::vector<double> values;
        for (const auto& row :
             query(fmt::format("SELECT {0} FROM {1} WHERE {0} IS NOT NULL",
                               io::sql_identifier(field), io::sql_identifier(table))))
            if (row[0]) values.push_back(std::strtod(row[0]->c_str(), nullptr));
        values.erase(std::remove_if(values.begin(), values.end(),
                                    [](double v) { return !std::isfinite(v); }),
                     values.end());
        std::sort(values.begin(), values.end());
        return values;
    }

  private:
    GDALDataset* dataset_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// What is in the GeoPackage

Shape shape_of(OGRwkbGeometryType type) {
    const OGRwkbGeometryType flat = OGR_GT_Flatten(type);
    if (flat == wkbNone) return Shape::none;
    if (OGR_GT_IsSubClassOf(flat, wkbCurvePolygon) || OGR_GT_IsSubClassOf(flat, wkbMultiSurface) ||
        flat == wkbPolyhedralSurface || flat == wkbTIN)
        return Shape::polygon;
    if (OGR_GT_IsSubClassOf(flat, wkbCurve) || OGR_GT_IsSubClassOf(flat, wkbMultiCurve))
        return Shape::line;
    if (flat == wkbPoint || flat == wkbMultiPoint) return Shape::point;
    return Shape::polygon;  // unknown: decided by the first geometry below
}

std::vector<LayerInfo> read_layers(Reader& reader, const StyleContext& context) {
    std::map<std::string, std::string> descriptions;
    for (const auto& row : reader.query("SELECT table_name, description FROM gpkg_contents"))
        if (row[0]) descriptions[*row[0]] = row[1].value_or("");

    std::vector<LayerInfo> layers;
    GDALDataset& ds = reader.dataset();
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        OGRLayer* layer = ds.GetLayer(i);
        if (!layer) continue;
        LayerInfo info;
        info.name = layer->GetName();
        if (info.name == "layer_styles") continue;
        const auto listed =
            std::find_if(context.layers.begin(), context.layers.end(),
                         [&](const core::schema::OutputLayer& l) { return l.name == info.name; });
        OGRwkbGeometryType type = layer->GetGeomType();
        info.shape = shape_of(type);
        if (info.shape != Shape::none) {
            info.geometry_column = layer->GetGeometryColumn();
            if (info.geometry_column.empty()) info.geometry_column = "geom";
            if (OGR_GT_Flatten(type) == wkbUnknown ||
                OGR_GT_Flatten(type) == wkbGeometryCollection) {
                // A layer of mixed geometry: styled for the first geometry found.
                const auto rows = reader.query(fmt::format(
                    "SELECT ST_GeometryType({0}) FROM {1} WHERE {0} IS NOT NULL LIMIT 1",
                    io::sql_identifier(info.geometry_column), io::sql_identifier(info.name)));
                if (!rows.empty() && rows[0][0])
                    info.shape = shape_of(OGRFromOGCGeomType(rows[0][0]->c_str()));
            }
        }
        if (listed != context.layers.end()) {
            info.role = listed->role;
            info.headline = listed->headline_field;
        } else if (starts_with(info.name, core::schema::kAdminSummary) &&
                   info.shape != Shape::none) {
            info.role = core::schema::LayerRole::admin_summary;
        } else if (starts_with(info.name, core::schema::kImpactLayerPrefix) &&
                   info.shape != Shape::none) {
            info.role = core::schema::LayerRole::impact;
        }
        if (info.role != core::schema::LayerRole::table && info.shape == Shape::none)
            info.role = core::schema::LayerRole::table;
        info.fid = layer->GetFIDColumn();
        if (!info.fid.empty()) info.fields.push_back(info.fid);
        const OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (int f = 0; f < defn->GetFieldCount(); ++f)
            info.fields.emplace_back(defn->GetFieldDefn(f)->GetNameRef());
        info.description = descriptions[info.name];
        layers.push_back(std::move(info));
    }
    return layers;
}

// Each field's alias ("" for none), unique within the layer as gpkg_data_columns requires.
std::vector<std::string> layer_aliases(const LayerInfo& layer, const glossary::Context& context) {
    const glossary::Scope scope = layer.role == core::schema::LayerRole::impact
                                      ? glossary::Scope::impact_layer
                                      : glossary::Scope::summary;
    std::vector<std::string> aliases;
    std::set<std::string> seen;
    for (const auto& field : layer.fields) {
        std::string alias = glossary::label(field, context, scope);
        if (!alias.empty() && !seen.insert(alias).second) {
            alias += " (" + field + ")";
            seen.insert(alias);
        }
        aliases.push_back(alias);
    }
    return aliases;
}

// ---------------------------------------------------------------------------------------------
// Classes

// Rounded up to 2 significant digits.
double nice_ceil(double value) {
    if (value <= 0 || !std::isfinite(value)) return value;
    const double step = std::pow(10.0, std::floor(std::log10(value)) - 1);
    return std::ceil(value / step - 1e-9) * step;
}

// Five classes for a choropleth: "0" on its own (most units of a small disaster have none),
// then quantiles of the positive values at breaks rounded up, pale yellow to dark red.
std::vector<Range> choropleth_ranges(const std::vector<double>& values) {
    std::vector<Range> ranges;
    if (values.empty()) {
        ranges.push_back({0, 0, "0", kZero});
        return ranges;
    }
    std::vector<double> positive;
    for (double v : values)
        if (v > 0) positive.push_back(v);
    const bool zeros = positive.size() < values.size();
    if (zeros) ranges.push_back({values.front(), 0, "0", kZero});
    if (positive.empty()) return ranges;
    const std::size_t wanted = zeros ? 4 : 5;
    const std::size_t n = positive.size();
    const double max = positive.back();
    std::vector<double> breaks;  // upper bounds, each class's top value rounded up
    for (std::size_t i = 1; i < wanted; ++i) {
        const double q = nice_ceil(positive[(i * n + wanted - 1) / wanted - 1]);
        if (q < max && (breaks.empty() || q > breaks.back())) breaks.push_back(q);
    }
    breaks.push_back(max);
    double lower = zeros ? 0.0 : positive.front();
    for (std::size_t i = 0; i < breaks.size(); ++i) {
        Range r;
        r.lower = lower;
        r.upper = breaks[i];
        r.label = lower == breaks[i]
                      ? core::format_legend(lower)
                      : core::format_legend(lower) + " – " + core::format_legend(breaks[i]);
        r.colour = sequential_colour(i, breaks.size());
        ranges.push_back(r);
        lower = breaks[i];
    }
    return ranges;
}

// Priority ranks (1 = first): five groups of ranks, darkest first.
std::vector<Range> rank_ranges(const std::vector<double>& values) {
    std::vector<Range> ranges;
    std::vector<double> ranks;
    for (double v : values)
        if (v >= 1) ranks.push_back(v);
    if (ranks.empty()) return ranges;
    const std::size_t groups = std::min<std::size_t>(5, ranks.size());
    double lower = ranks.front();
    for (std::size_t g = 1; g <= groups; ++g) {
        const double upper = ranks[(g * ranks.size()) / groups - 1];
        if (!ranges.empty() && upper <= ranges.back().upper) continue;
        ranges.push_back({lower,
                          upper,
                          lower == upper
                              ? core::format_legend(lower)
                              : core::format_legend(lower) + " – " + core::format_legend(upper),
                          {}});
        lower = upper + 1;  // ranks are whole numbers
    }
    for (std::size_t i = 0; i < ranges.size(); ++i)
        ranges[i].colour = sequential_colour(ranges.size() - 1 - i, ranges.size());
    return ranges;
}

std::vector<Category> hazard_categories(const std::vector<std::string>& labels) {
    std::vector<Category> categories;
    std::size_t severe = 0;
    for (const auto& label : labels)
        if (label != core::kNotAffected && label != core::kNotExposed) ++severe;
    std::size_t i = 0;
    for (const auto& label : labels) {
        Rgb colour = label == core::kNotAffected  ? kNotAffected
                     : label == core::kNotExposed ? kNotExposed
                                                  : severity_colour(i++, severe);
        categories.push_back({label, class_display(label), colour});
    }
    // Least severe first, so that symbol levels draw the most severe on top.
    std::reverse(categories.begin(), categories.end());
    return categories;
}

// The most likely damage category of an asset: the largest of the expected units per
// category (tidak_rusak: what remains of the asset's units).
std::string modal_category_expression(const LayerInfo& layer) {
    std::vector<std::string> cats;
    for (std::size_t k = 1; k < core::kCategoryCount; ++k)
        if (layer.has(core::kCategoryNames[k])) cats.push_back(core::kCategoryNames[k]);
    auto value = [](const std::string& field) { return "coalesce(\"" + field + "\", 0)"; };
    std::string sum;
    for (const auto& c : cats) sum += (sum.empty() ? "" : " + ") + value(c);
    const std::string units = layer.has("count") ? "coalesce(\"count\", 1)" : "1";
    // Most severe first; ties go to the more severe category.
    std::vector<std::pair<std::string, std::string>> terms;  // category, its value
    for (auto it = cats.rbegin(); it != cats.rend(); ++it) terms.emplace_back(*it, value(*it));
    terms.emplace_back(core::kCategoryNames[0], "(" + units + " - (" + sum + "))");
    std::string out = "CASE";
    for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
        std::string others;
        for (std::size_t j = i + 1; j < terms.size(); ++j)
            others += (others.empty() ? "" : ", ") + terms[j].second;
        out += fmt::format(" WHEN {} > 0 AND {} >= max({}) THEN '{}'", terms[i].second,
                           terms[i].second, others, terms[i].first);
    }
    return out + " ELSE '" + core::kCategoryNames[0] + "' END";
}

// Where a unit's figures come from (admin_summary.sumber_data): grey while they rest on the
// model's estimates only, blue as the Perangkat Daerah report, darker when all have.
std::vector<Category> source_categories() {
    namespace sumber = core::schema::sumber_data;
    return {{sumber::kEstimasi, "Estimasi model saja", {189, 189, 189}},
            {sumber::kSebagianPd, "Sebagian dilaporkan Perangkat Daerah", {158, 202, 225}},
            {sumber::kPd, "Dilaporkan Perangkat Daerah", {33, 102, 172}}};
}

std::vector<Category> damage_categories() {
    static const Rgb colours[core::kCategoryCount] = {
        {217, 217, 217}, {254, 217, 118}, {253, 141, 60}, {227, 26, 28}, {128, 0, 38}};
    std::vector<Category> categories;
    for (std::size_t k = 0; k < core::kCategoryCount; ++k)
        categories.push_back(
            {core::kCategoryNames[k], category_display(core::kCategoryNames[k]), colours[k]});
    return categories;
}

// ---------------------------------------------------------------------------------------------
// Styles of each layer

struct Style {
    std::string name;  // styleName (QGIS allows 30 characters)
    std::string description;
    std::string qml;
    bool is_default = false;
};

// The run's headline field (output facts), where the layer has it.
std::string choropleth_field(const LayerInfo& layer) {
    return !layer.headline.empty() && layer.has(layer.headline) ? layer.headline : "";
}

std::vector<Style> styles_of(const LayerInfo& layer, const std::vector<std::string>& aliases,
                             const StyleContext& context, Reader& reader) {
    std::vector<Style> styles;
    auto alias_of = [&](const std::string& field) {
        for (std::size_t i = 0; i < layer.fields.size(); ++i)
            if (layer.fields[i] == field && !aliases[i].empty()) return aliases[i];
        return field;
    };
    const std::string name_preview = layer.has("admin_name") ? "\"admin_name\"" : "";
    switch (layer.role) {
        case core::schema::LayerRole::admin_summary: {
            const std::string field = choropleth_field(layer);
            const std::string labels = layer.has("admin_name") ? labeling_xml("admin_name") : "";
            if (!field.empty()) {
                const auto ranges = choropleth_ranges(reader.numbers(layer.name, field));
                styles.push_back(
                    {"Peta dampak",
                     "Koroplet " + alias_of(field) + " per wilayah, berlabel nama wilayah",
                     qml_document(layer, aliases, graduated_xml(field, ranges, layer.shape), labels,
                                  name_preview),
                     true});
            }
            if (layer.has("peringkat_prioritas")) {
                const auto ranges = rank_ranges(reader.numbers(layer.name, "peringkat_prioritas"));
                if (!ranges.empty())
                    styles.push_back(
                        {"Peringkat prioritas",
                         "Peringkat prioritas pemulihan (1 = paling prioritas), berlabel nama "
                         "wilayah",
                         qml_document(layer, aliases,
                                      graduated_xml("peringkat_prioritas", ranges, layer.shape),
                                      labels, name_preview),
                         field.empty()});
            }
            // Not the default (unless the layer has no other style): the map of the figures
            // stays the first a planner sees.
            if (layer.has(core::schema::column::kSumberData))
                styles.push_back(
                    {"Sumber data (estimasi / PD)",
                     "Sumber angka per wilayah: estimasi model saja, sebagian atau seluruhnya "
                     "dilaporkan Perangkat Daerah (formulir yang dikembalikan), berlabel nama "
                     "wilayah",
                     qml_document(layer, aliases,
                                  categorized_xml(core::schema::column::kSumberData,
                                                  source_categories(), layer.shape, false),
                                  labels, name_preview),
                     std::none_of(styles.begin(), styles.end(),
                                  [](const Style& existing) { return existing.is_default; })});
            break;
        }
        case core::schema::LayerRole::impact: {
            const std::string preview = layer.has("asset_type")
                                            ? "\"asset_type\" || ' (' || \"hazard_class\" || ')'"
                                            : name_preview;
            if (layer.has("hazard_class"))
                styles.push_back(
                    {"Kelas bahaya", "Aset terdampak menurut kelas bahaya",
                     qml_document(
                         layer, aliases,
                         categorized_xml("hazard_class", hazard_categories(context.hazard_classes),
                                         layer.shape, true),
                         "", preview),
                     true});
            if (layer.has(core::kCategoryNames[3]))
                styles.push_back(
                    {"Kategori kerusakan",
                     "Aset menurut kategori kerusakan yang paling mungkin (tidak rusak, rusak "
                     "ringan, sedang, berat, hilang)",
                     qml_document(layer, aliases,
                                  categorized_xml(modal_category_expression(layer),
                                                  damage_categories(), layer.shape, true),
                                  "", preview),
                     styles.empty()});
            if (layer.shape == Shape::line && layer.has("asset_type")) {
                std::vector<Category> classes;
                for (const auto& row : reader.query(fmt::format(
                         "SELECT DISTINCT asset_type FROM {} WHERE asset_type IS NOT NULL "
                         "ORDER BY 1 LIMIT 41",
                         io::sql_identifier(layer.name))))
                    if (row[0])
                        classes.push_back({*row[0], title_case(*row[0]),
                                           kOkabeIto[classes.size() % std::size(kOkabeIto)]});
                if (classes.size() >= 2 && classes.size() <= 40)
                    styles.push_back(
                        {"Kelas jalan", "Ruas jalan menurut kelas (jenis aset)",
                         qml_document(layer, aliases,
                                      categorized_xml("asset_type", classes, layer.shape, false),
                                      "", preview),
                         styles.empty()});
            }
            break;
        }
        case core::schema::LayerRole::table:
            break;
    }
    if (styles.empty())
        styles.push_back({"Alias kolom", "Alias kolom dalam Bahasa Indonesia",
                          qml_document(layer, aliases, "", "", name_preview), true});
    return styles;
}

// ---------------------------------------------------------------------------------------------
// The tables

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

void ensure_extensions_table(io::GpkgWriter& writer) {
    writer.execute_sql(io::kCreateGpkgExtensions);
}

void register_extension(io::GpkgWriter& writer, const std::string& table,
                        const std::string& extension, const std::string& definition) {
    writer.execute_sql(fmt::format(
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
        "scope) SELECT {0}, NULL, {1}, {2}, 'read-write' WHERE NOT EXISTS (SELECT 1 FROM "
        "gpkg_extensions WHERE table_name = {0} AND column_name IS NULL AND extension_name = "
        "{1})",
        io::sql_literal(table), io::sql_literal(extension), io::sql_literal(definition)));
}

void write_layer_styles(io::GpkgWriter& writer, const std::vector<LayerInfo>& layers,
                        const std::vector<std::vector<Style>>& styles) {
    // The table QGIS itself creates when it saves a style into a GeoPackage.
    writer.execute_sql(
        "CREATE TABLE IF NOT EXISTS \"layer_styles\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT "
        "NOT NULL, \"f_table_catalog\" TEXT(256), \"f_table_schema\" TEXT(256), "
        "\"f_table_name\" TEXT(256), \"f_geometry_column\" TEXT(256), \"styleName\" TEXT(30), "
        "\"styleQML\" TEXT, \"styleSLD\" TEXT, \"useAsDefault\" BOOLEAN, \"description\" TEXT, "
        "\"owner\" TEXT(30), \"ui\" TEXT(30), \"update_time\" DATETIME DEFAULT "
        "(strftime('%Y-%m-%dT%H:%M:%fZ','now')))");
    writer.execute_sql(fmt::format(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, "
        "last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', {}, {})",
        io::sql_literal("Gaya tampilan QGIS untuk setiap layer (bawaan: useAsDefault)"), kNow));
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerInfo& layer = layers[i];
        writer.execute_sql("DELETE FROM layer_styles WHERE f_table_name = " +
                           io::sql_literal(layer.name));
        for (const Style& style : styles[i])
            writer.execute_sql(fmt::format(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                "owner, ui, update_time) VALUES ('', '', {}, {}, {}, {}, '', {}, {}, '', NULL, "
                "{})",
                io::sql_literal(layer.name), io::sql_literal(layer.geometry_column),
                io::sql_literal(style.name), io::sql_literal(style.qml), style.is_default ? 1 : 0,
                io::sql_literal(style.description), kNow));
    }
}

void write_data_columns(io::GpkgWriter& writer, const std::vector<LayerInfo>& layers,
                        const std::vector<std::vector<std::string>>& aliases) {
    writer.execute_sql(
        "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name "
        "TEXT NOT NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT, "
        "constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), "
        "CONSTRAINT gdc_tn UNIQUE (table_name, name))");
    writer.execute_sql(
        "CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (constraint_name TEXT NOT "
        "NULL, constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive "
        "BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT, CONSTRAINT gdcc_ntv "
        "UNIQUE (constraint_name, constraint_type, value))");
    const std::string definition = "http://www.geopackage.org/spec120/#extension_schema";
    register_extension(writer, "gpkg_data_columns", "gpkg_schema", definition);
    register_extension(writer, "gpkg_data_column_constraints", "gpkg_schema", definition);
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerInfo& layer = layers[i];
        for (std::size_t f = 0; f < layer.fields.size(); ++f) {
            if (aliases[i][f].empty() || layer.fields[f] == layer.fid) continue;
            // Keep a column's constraint (a GDAL field domain) if it has one.
            writer.execute_sql(fmt::format(
                "INSERT INTO gpkg_data_columns (table_name, column_name, name, title) VALUES "
                "({0}, {1}, {2}, {2}) ON CONFLICT (table_name, column_name) DO UPDATE SET name "
                "= excluded.name, title = excluded.title",
                io::sql_literal(layer.name), io::sql_literal(layer.fields[f]),
                io::sql_literal(aliases[i][f])));
        }
    }
}

void write_metadata(io::GpkgWriter& writer, const StyleContext& context) {
    writer.execute_sql(
        "CREATE TABLE IF NOT EXISTS gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC "
        "NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, "
        "mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '')");
    writer.execute_sql(
        "CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (reference_scope TEXT NOT NULL, "
        "table_name TEXT, column_name TEXT, row_id_value INTEGER, timestamp DATETIME NOT NULL "
        "DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, "
        "md_parent_id INTEGER, CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES "
        "gpkg_metadata(id), CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES "
        "gpkg_metadata(id))");
    const std::string definition = "http://www.geopackage.org/spec120/#extension_metadata";
    register_extension(writer, "gpkg_metadata", "gpkg_metadata", definition);
    register_extension(writer, "gpkg_metadata_reference", "gpkg_metadata", definition);

    // The run's provenance (the rows of run_info) as one JSON object, in run_info's order.
    std::string json = "{";
    for (std::size_t i = 0; i < context.provenance.size(); ++i)
        json += fmt::format("{}\n  {}: {}", i ? "," : "", json_string(context.provenance[i].first),
                            json_string(context.provenance[i].second));
    json += "\n}\n";
    writer.execute_sql(fmt::format(
        "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES "
        "('dataset', 'https://www.rfc-editor.org/rfc/rfc8259', 'application/json', {})",
        io::sql_literal(json)));
    writer.execute_sql(fmt::format(
        "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, column_name, "
        "row_id_value, timestamp, md_file_id, md_parent_id) VALUES ('geopackage', NULL, NULL, "
        "NULL, {}, (SELECT max(id) FROM gpkg_metadata), NULL)",
        kNow));
}

// A description for layers written without one.
void write_descriptions(io::GpkgWriter& writer, const std::vector<LayerInfo>& layers) {
    for (const auto& layer : layers) {
        if (!layer.description.empty()) continue;
        std::string description;
        switch (layer.role) {
            case core::schema::LayerRole::admin_summary:
                description = "Ringkasan dampak per wilayah administrasi";
                break;
            case core::schema::LayerRole::impact:
                description = "Dampak per aset: " + layer.name.substr(7);
                break;
            case core::schema::LayerRole::table:
                description = "Tabel hasil jitupasna: " + layer.name;
                break;
        }
        writer.execute_sql(
            fmt::format("UPDATE gpkg_contents SET description = {} WHERE "
                        "table_name = {}",
                        io::sql_literal(description), io::sql_literal(layer.name)));
    }
}

}  // namespace

void write_styles_and_metadata(io::GpkgWriter& writer, const InfoRows& run_info) {
    const auto facts = core::schema::facts_from_run_info(run_info, writer.path());
    if (!facts)
        throw DataError(
            fmt::format("{}: run_info holds no output facts (output.*)", writer.path()));
    const StyleContext context{core::schema::output_layers(*facts), facts->all_class_labels(),
                               run_info};
    Reader reader(writer);
    const std::vector<LayerInfo> layers = read_layers(reader, context);
    const glossary::Context alias_names = glossary::context_of(*facts);
    std::vector<std::vector<std::string>> aliases;
    std::vector<std::vector<Style>> styles;
    for (const auto& layer : layers) {
        aliases.push_back(layer_aliases(layer, alias_names));
        styles.push_back(styles_of(layer, aliases.back(), context, reader));
    }
    writer.begin_transaction();
    ensure_extensions_table(writer);
    write_layer_styles(writer, layers, styles);
    write_data_columns(writer, layers, aliases);
    write_metadata(writer, context);
    write_descriptions(writer, layers);
    writer.commit_transaction();
}

}  // namespace jitupasna::publish
