#pragma once
// Zip files made part by part with libzip, for the tests of the readers of OOXML packages
// (io/xlsx_reader, io/docx_reader).

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "jitupasna/core/errors.hpp"

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

// A test with a fresh folder of its own (named after the test, removed after it) to zip
// packages into, and the message a reader's DataError gives.
class ZipFolderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("jitupasna_" + std::string(info->test_suite_name()) + "_" +
                std::to_string(::getpid()) + "_" + info->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path zip(const std::string& name, const Parts& parts) {
        const std::filesystem::path path = dir_ / name;
        write_zip(path, parts);
        return path;
    }

    // The DataError message `read(path)` gives, or a test failure when it gives none.
    template <typename Read>
    static std::string error_of(const std::filesystem::path& path, Read&& read) {
        try {
            read(path);
        } catch (const DataError& e) {
            return e.what();
        }
        ADD_FAILURE() << "accepted " << path;
        return "";
    }

    std::filesystem::path dir_;
};

}  // namespace jitupasna::test
