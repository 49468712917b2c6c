#include "jitupasna/pipeline/work_context.hpp"

#include <fmt/format.h>

#include <atomic>
#include <mutex>
#include <optional>

namespace jitupasna::pipeline::work_context {

namespace {

struct Feature {
    long long id = -1;
    const char* what = "feature";
    unsigned stage = 0;  // a feature noted in an earlier stage is not this stage's
};

std::mutex record_mutex;
std::atomic<unsigned> current_stage{0};
std::string current_input;       // guarded by record_mutex
std::optional<Feature> failing;  // guarded by record_mutex
thread_local std::optional<Feature> this_thread_feature;

}  // namespace

void set_input(std::string description) {
    std::lock_guard lock(record_mutex);
    current_input = std::move(description);
    failing.reset();
    current_stage.fetch_add(1, std::memory_order_relaxed);
}

void set_feature(long long id, const char* what) {
    this_thread_feature = Feature{id, what, current_stage.load(std::memory_order_relaxed)};
}

void note_failure_here() {
    std::lock_guard lock(record_mutex);
    if (!failing && this_thread_feature &&
        this_thread_feature->stage == current_stage.load(std::memory_order_relaxed))
        failing = this_thread_feature;
}

std::string describe() {
    std::lock_guard lock(record_mutex);
    std::optional<Feature> feature = failing;
    if (!feature && this_thread_feature &&
        this_thread_feature->stage == current_stage.load(std::memory_order_relaxed))
        feature = this_thread_feature;
    std::string text = current_input.empty() ? std::string("the inputs") : current_input;
    if (feature) text += fmt::format(", {} {}", feature->what, feature->id);
    return text;
}

}  // namespace jitupasna::pipeline::work_context
