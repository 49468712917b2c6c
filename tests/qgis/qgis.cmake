# QGIS opens the output as a planner would (Debian's python3-qgis, headless): the default
# styles stored in layer_styles, the Indonesian field aliases QGIS shows, the other styles, and
# a render of admin_summary that must not be blank; with sqlite3, gpkg_data_columns,
# gpkg_metadata (provenance), spatial indexes and SRS. Skipped (exit 77) without QGIS.
add_test(NAME clients.qgis_styles
         COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
                 /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/qgis/test_qgis_styles.py
                 --binary $<TARGET_FILE:jitupasna> --demo ${JITUPASNA_TEST_DATA}/demo
                 --source ${PROJECT_SOURCE_DIR}
                 --examples ${CMAKE_CURRENT_BINARY_DIR}/examples-work
                 --out ${CMAKE_CURRENT_BINARY_DIR}/qgis)
set_tests_properties(clients.qgis_styles PROPERTIES FIXTURES_REQUIRED "demo_data;example_outputs"
                                                    SKIP_RETURN_CODE 77 TIMEOUT 1800)

# The alias and style rules on their own (no QGIS needed).
add_executable(jitupasna_style_tests ${CMAKE_CURRENT_SOURCE_DIR}/qgis/test_aliases.cpp)
target_link_libraries(jitupasna_style_tests PRIVATE jitupasna_publish GTest::gtest_main
                                                    jitupasna_warnings)
target_include_directories(jitupasna_style_tests PRIVATE ${PROJECT_SOURCE_DIR}/src/publish ${PROJECT_SOURCE_DIR}/src/publish/report)
gtest_discover_tests(jitupasna_style_tests TEST_PREFIX clients.qgis_aliases.)
