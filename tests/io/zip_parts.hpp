#pragma once
// Zip files made part by part with libzip, for the tests of the readers of OOXML packages
// (io/xlsx_reader, io/docx_reader).

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace jitupasna::test {

using Parts = std::vector<std::pair<std::string, std::string>>;

// Zips `parts` (name, content) into `path` with libzip, deflated.
inline void write_zip(const std::filesystem::path& path, const Parts& parts) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr) << "zip_open " << path << ": " << error;
    for (const auto& [name, content] : parts) {
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        ASSERT_NE(source, nullptr);
        ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0)
            << zip_strerror(archive);
    }
    ASSERT_EQ(zip_close(archive), 0) << "zip_close " << path;
}

}  // namespace jitupasna::test
