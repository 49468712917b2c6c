#pragma once

#include <cstdint>
#include <string>

namespace jitupasna::pipeline {

// GDAL-style progress on stderr ("bangunan 0...10...20...") so logs stay readable when
// stderr is not a terminal. Silent when quiet.
class Progress {
  public:
    Progress(std::string label, long long total, bool quiet);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void update(long long done);
    void finish();

  private:
    std::string label_;
    long long total_;
    bool quiet_;
    int printed_tenths_ = -1;
    bool finished_ = false;
};

}  // namespace jitupasna::pipeline
