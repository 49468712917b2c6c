// run_ordered_pipeline and SummaryLog (src/pipeline/ordered_pipeline.hpp): items consumed in
// input order whatever the thread count, the first failure rethrown after the items in flight
// drain, Ctrl-C honoured, sums replayed in input order.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "jitupasna/core/errors.hpp"
#include "ordered_pipeline.hpp"

namespace {

using jitupasna::DataError;
using jitupasna::pipeline::interrupt_flag;
using jitupasna::pipeline::run_ordered_pipeline;
using jitupasna::pipeline::SummaryLog;

struct Item {
    int index = 0;
    long long square = 0;
};

// Runs `count` items through the pipeline; process throws on item `fail_at` (if any). The
// indices consumed, in consumption order, go to `consumed`.
void run_items(unsigned threads, int count, std::vector<int>& consumed,
               std::optional<int> fail_at = {}) {
    int next = 0;
    run_ordered_pipeline<Item>(
        threads,
        [&]() -> std::unique_ptr<Item> {
            if (next >= count) return nullptr;
            auto item = std::make_unique<Item>();
            item->index = next++;
            return item;
        },
        [&](Item& item) {
            if (fail_at && item.index == *fail_at) throw std::runtime_error("item failed");
            item.square = static_cast<long long>(item.index) * item.index;
        },
        [&](Item& item) {
            EXPECT_EQ(item.square, static_cast<long long>(item.index) * item.index);
            consumed.push_back(item.index);
        });
}

std::vector<int> run_items(unsigned threads, int count) {
    std::vector<int> consumed;
    run_items(threads, count, consumed);
    return consumed;
}

TEST(OrderedPipeline, ConsumesInInputOrderWhateverTheThreadCount) {
    for (unsigned threads : {1u, 2u, 4u, 8u}) {
        const std::vector<int> consumed = run_items(threads, 500);
        ASSERT_EQ(consumed.size(), 500u) << threads << " threads";
        for (int i = 0; i < 500; ++i) EXPECT_EQ(consumed[static_cast<std::size_t>(i)], i);
    }
}

TEST(OrderedPipeline, NoItemsIsNoWork) { EXPECT_TRUE(run_items(2, 0).empty()); }

TEST(OrderedPipeline, FirstFailureIsRethrownAfterAPrefixIsConsumed) {
    for (unsigned threads : {1u, 4u}) {
        std::vector<int> consumed;
        try {
            run_items(threads, 1000, consumed, 100);
            ADD_FAILURE() << "no exception with " << threads << " threads";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "item failed");
        }
        EXPECT_LE(consumed.size(), 100u);
        for (std::size_t i = 0; i < consumed.size(); ++i)
            EXPECT_EQ(consumed[i], static_cast<int>(i));
    }
}

TEST(OrderedPipeline, InterruptStopsTheRunWithDataError) {
    interrupt_flag() = true;
    EXPECT_THROW(run_items(2, 100), DataError);
    interrupt_flag() = false;
    EXPECT_EQ(run_items(2, 10).size(), 10u);
}

TEST(SummaryLog, ReplaysEveryEntryInOrder) {
    jitupasna::core::ImpactSummary summary(2, 1, 3);
    SummaryLog log;
    jitupasna::core::Measures m;
    m.count = 1;
    log.add(0, 0, 0, m, 1.0);
    log.add(1, 0, 2, m, 0.0);
    log.add(std::nullopt, 0, 1, m, 0.5);
    m.count = 2;
    log.add(0, 0, 0, m, 0.25);
    log.replay_into(summary);
    EXPECT_DOUBLE_EQ(summary.measures(0, 0, 0).count, 3.0);
    EXPECT_DOUBLE_EQ(summary.measures(1, 0, 2).count, 1.0);
    EXPECT_DOUBLE_EQ(summary.measures(std::nullopt, 0, 1).count, 1.0);
    // The affected part of each entry goes with it: 1 x 1 + 2 x 0.25.
    EXPECT_DOUBLE_EQ(summary.affected(0).count, 1.5);
    EXPECT_DOUBLE_EQ(summary.affected(1).count, 0.0);
    EXPECT_DOUBLE_EQ(summary.affected(std::nullopt).count, 0.5);
}

}  // namespace
