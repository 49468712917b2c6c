# The one catalogue of wording (core/glossary): the real binary runs the demo with damage and
# every column a planner reads must have an entry; labels and units checked by hand.
add_executable(jitupasna_publish_tests ${CMAKE_CURRENT_SOURCE_DIR}/publish/test_glossary.cpp)
target_link_libraries(jitupasna_publish_tests PRIVATE jitupasna_publish GTest::gtest_main
                                                      jitupasna_warnings)
target_include_directories(jitupasna_publish_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
runs_the_binary(jitupasna_publish_tests)
gtest_discover_tests(jitupasna_publish_tests TEST_PREFIX publish.
                     PROPERTIES FIXTURES_REQUIRED demo_data)
