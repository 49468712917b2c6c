# Reliability suite (issue "National scale and hard inputs"): hard and broken inputs, runs
# interrupted with SIGINT/SIGKILL or on a full disk, determinism and conservation of totals.
# Included from tests/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is tests/ there; this file's
# own folder is CMAKE_CURRENT_LIST_DIR. Test names start with "Reliability" (ctest -R Reliab).
file(GLOB reliability_test_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
add_executable(jitupasna_reliability_tests ${reliability_test_sources})
target_link_libraries(jitupasna_reliability_tests PRIVATE jitupasna_io GTest::gtest_main
                                                          jitupasna_warnings)
# tests/, so that "integration/test_support.hpp" and "reliability/..." resolve.
target_include_directories(jitupasna_reliability_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
runs_the_binary(jitupasna_reliability_tests)
# The interruption tests run the binary for several seconds each: allow for slow CI machines
# and sanitizer builds.
gtest_discover_tests(jitupasna_reliability_tests
                     PROPERTIES FIXTURES_REQUIRED demo_data TIMEOUT 600
                     DISCOVERY_TIMEOUT 60)
