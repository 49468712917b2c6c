#pragma once
// Text made safe for XML and HTML (QGIS styles, the XLSX parts, the report), and the small text
// helpers the readers of other people's files share for their messages.

#include <string>
#include <string_view>

namespace jitupasna::io {

// Escapes &, <, >, " and ', and writes tab, LF and CR as character references, so that any
// text keeps its meaning in element content and in attribute values (where a literal line
// break would become a space) alike.
std::string xml_escape(std::string_view text);

// A value quoted in an error message: 'text', on one line (control characters as ?), cut
// after 40 characters with "...".
std::string quoted_value(std::string_view text);

// Without leading and trailing blanks (space, tab, CR, LF, no-break space U+00A0, byte-order
// mark U+FEFF: what a spreadsheet or a CSV from one leaves around a value).
std::string_view trim_blanks(std::string_view text);

// Equal when ASCII letters are compared without case.
bool equal_ignoring_ascii_case(std::string_view a, std::string_view b);

// CSV (RFC 4180). Text written by csv_quoted is always quoted, so that codes such as "11.10"
// or "0012" stay text for a reader that honours quotes (LibreOffice's "quoted field as text",
// pandas, QGIS); csv_field quotes only when it must (headers).
std::string csv_quoted(std::string_view text);
std::string csv_field(std::string_view text);

}  // namespace jitupasna::io
