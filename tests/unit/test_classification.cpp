#include <gtest/gtest.h>

#include "jitupasna/core/classification.hpp"

TEST(Placeholder, Builds) { SUCCEED(); }
