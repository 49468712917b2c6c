// work_context: what `out of memory while processing ...` names (issue 13). The feature must
// be the failing thread's, not whichever thread noted a feature last, and a feature of an
// earlier stage must not be blamed for a failure in a later one.

#include <gtest/gtest.h>

#include <thread>

#include "jitupasna/pipeline/work_context.hpp"

namespace wc = jitupasna::pipeline::work_context;

TEST(WorkContext, NamesTheInputAndTheFailingThreadsFeature) {
    wc::set_input("exposure 'bangunan': bangunan.gpkg layer bangunan");
    std::thread failing([] {
        wc::set_feature(1234);
        wc::note_failure_here();
    });
    failing.join();
    std::thread later([] { wc::set_feature(99); });  // another thread goes on meanwhile
    later.join();
    wc::set_feature(7);  // and the reading thread too
    EXPECT_EQ(wc::describe(), "exposure 'bangunan': bangunan.gpkg layer bangunan, feature 1234");
}

TEST(WorkContext, ANewStageForgetsTheFeaturesOfTheLastOne) {
    wc::set_input("exposure 'a': a.gpkg layer a");
    wc::set_feature(5);
    wc::set_input("hazard: bahaya.tif");
    EXPECT_EQ(wc::describe(), "hazard: bahaya.tif");
    wc::note_failure_here();  // the stale feature is not taken either
    EXPECT_EQ(wc::describe(), "hazard: bahaya.tif");
    wc::set_feature(3, "cell block starting at cell");
    EXPECT_EQ(wc::describe(), "hazard: bahaya.tif, cell block starting at cell 3");
}
