#pragma once
// Names and text written into SQL for the GeoPackage's SQLite (styles, metadata, indexes).

#include <string>

namespace jitupasna::io {

// 'text' with every ' doubled: a string literal.
inline std::string sql_literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// "name" with every " doubled: a table or column name.
inline std::string sql_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// The GeoPackage's register of extensions (spec, table gpkg_extensions), made if missing.
inline constexpr const char* kCreateGpkgExtensions =
    "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
    "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
    "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))";

}  // namespace jitupasna::io
