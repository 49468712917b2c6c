#pragma once
// What the fuzz targets of the OOXML readers share (fuzz_xlsx_reader, fuzz_docx_reader): a
// finding aborts with a line saying what; an input that is not a zip itself is the text of the
// package parts separated by NUL bytes, zipped (stored) before reading, so the fuzzer reaches
// the XML handlers as well as the zip layer.

#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace jitupasna::fuzz {

[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "FINDING: %s\n", what.c_str());
    std::abort();
}

// Zips the NUL-separated sections of `bytes` as the parts named by `parts` (empty sections
// left out).
inline void write_parts(const std::string& path, std::string_view bytes,
                        const std::vector<const char*>& parts) {
    std::vector<std::string> sections;
    for (std::size_t start = 0;;) {
        const auto nul = bytes.find('\0', start);
        sections.emplace_back(
            bytes.substr(start, nul == std::string_view::npos ? nul : nul - start));
        if (nul == std::string_view::npos) break;
        start = nul + 1;
    }
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive) finding("the target cannot create its zip file");
    for (std::size_t i = 0; i < sections.size() && i < parts.size(); ++i) {
        if (sections[i].empty()) continue;
        zip_source_t* source =
            zip_source_buffer(archive, sections[i].data(), sections[i].size(), 0);
        const zip_int64_t index = zip_file_add(archive, parts[i], source, 0);
        if (index < 0) finding("the target cannot add a part");
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    if (zip_close(archive) != 0) finding("the target cannot write its zip file");
}

// The file the reader opens: `bytes` as they are when they start like a zip ("PK\3\4"), else
// their parts zipped.
inline void write_input(const std::string& path, std::string_view bytes,
                        const std::vector<const char*>& parts) {
    if (bytes.substr(0, 4) == std::string_view("PK\3\4", 4)) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    } else {
        write_parts(path, bytes, parts);
    }
}

}  // namespace jitupasna::fuzz
