#include "jitupasna/pipeline/progress.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace jitupasna::pipeline {

Progress::Progress(std::string label, long long total, bool quiet)
    : label_(std::move(label)), total_(total), quiet_(quiet) {
    if (!quiet_) fmt::print(stderr, "{} ", label_);
    update(0);
}

Progress::~Progress() {
    if (!quiet_ && !finished_) fmt::print(stderr, "\n");
}

void Progress::update(long long done) {
    if (quiet_ || total_ <= 0) return;
    const int tenths = static_cast<int>(std::min(10LL, done * 10 / total_));
    while (printed_tenths_ < tenths) {
        ++printed_tenths_;
        fmt::print(stderr, printed_tenths_ == 0 ? "0" : "...{}", printed_tenths_ * 10);
    }
    std::fflush(stderr);
}

void Progress::finish() {
    if (quiet_ || finished_) return;
    if (total_ > 0) update(total_);
    fmt::print(stderr, "{}done.\n", total_ > 0 ? " - " : "");
    finished_ = true;
}

}  // namespace jitupasna::pipeline
