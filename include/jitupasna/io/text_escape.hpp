#pragma once
// Text made safe for XML and HTML: QGIS styles (QML), the XLSX parts and the report.

#include <string>
#include <string_view>

namespace jitupasna::io {

// Escapes &, <, >, " and ', and writes tab, LF and CR as character references, so that any
// text keeps its meaning in element content and in attribute values (where a literal line
// break would become a space) alike.
std::string xml_escape(std::string_view text);

}  // namespace jitupasna::io
