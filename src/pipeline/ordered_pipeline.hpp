#pragma once
// The streaming skeleton every exposure runs on: items read in order, processed in parallel,
// consumed in order.

#include <tbb/parallel_pipeline.h>

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "jitupasna/core/interrupt.hpp"
#include "jitupasna/core/summary.hpp"
#include "jitupasna/pipeline/run.hpp"
#include "jitupasna/pipeline/work_context.hpp"

namespace jitupasna::pipeline {

// Reads (serially, in order) items from `next`, processes them in parallel and consumes the
// results serially in the original order. At most two items per thread are in flight, which
// bounds memory whatever the input size; results reach the summaries in input order, so the
// sums do not depend on the thread count.
// No stage throws through oneTBB: it does not destroy the tokens in flight when a filter
// throws. The first failure (or Ctrl-C) is kept, reading stops, the items in flight drain
// without being processed or consumed, and the failure is rethrown after the pipeline.
template <typename Item, typename Next, typename Process, typename Consume>
void run_ordered_pipeline(unsigned threads, Next next, Process process, Consume consume) {
    std::mutex failure_mutex;
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
    auto fail = [&](std::exception_ptr e) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::move(e);
        failed = true;
    };
    // Runs one stage's work; a failure is kept instead of thrown.
    auto guarded = [&](auto&& work) {
        if (failed.load()) return;
        try {
            work();
        } catch (...) {
            work_context::note_failure_here();  // this thread's feature, for "out of memory"
            // A GEOS operation interrupted by a stop request fails with GEOS's own message:
            // the failure is the interruption.
            fail(interrupt_flag().load() ? std::make_exception_ptr(DataError("interrupted"))
                                         : std::current_exception());
        }
    };
    tbb::parallel_pipeline(
        2 * threads,
        tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order,
                                      [&](tbb::flow_control& fc) -> Item* {
                                          std::unique_ptr<Item> item;
                                          guarded([&] {
                                              core::throw_if_interrupted();
                                              item = next();
                                          });
                                          if (!item) fc.stop();
                                          return item.release();
                                      }) &
            tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel,
                                           [&](Item* item) {
                                               guarded([&] { process(*item); });
                                               return item;
                                           }) &
            tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, [&](Item* raw) {
                std::unique_ptr<Item> item(raw);
                guarded([&] { consume(*item); });
            }));
    if (failure) std::rethrow_exception(failure);
}

// What an item adds to a summary, kept in input order and replayed into the exposure's
// summary by the serial consumer: the floating-point sums are then the same whatever the batch
// size and thread count (adding a batch's partial sum instead would regroup the additions).
class SummaryLog {
  public:
    // affected_part: the part of the measures that is affected (core::affected_share).
    void add(std::optional<std::size_t> admin, std::size_t asset_type, std::size_t hazard_class,
             const core::Measures& measures, double affected_part) {
        entries_.push_back({admin, asset_type, hazard_class, measures, affected_part});
    }
    void replay_into(core::ImpactSummary& summary) const {
        for (const auto& e : entries_)
            summary.add(e.admin, e.asset_type, e.hazard_class, e.measures, e.affected_part);
    }

  private:
    struct Entry {
        std::optional<std::size_t> admin;
        std::size_t asset_type;
        std::size_t hazard_class;
        core::Measures measures;
        double affected_part;
    };
    std::vector<Entry> entries_;
};

}  // namespace jitupasna::pipeline
