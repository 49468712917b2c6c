# `jitupasna report` and the report `jitupasna run` writes: the synthetic demo (with damage,
# without, with a sublevel, among 60 far-away units) and the hand-made synthetic damage case are run by the real binary;
# the HTML is read back (Python html.parser) and its totals compared with sums computed from
# the GeoPackage (sqlite3); headless Chromium prints it to PDF and PNG, checked with poppler
# (skipped, exit 77, when chromium or poppler-utils is absent).
set(report_test_script ${CMAKE_CURRENT_SOURCE_DIR}/report/report_test.py)
set(report_test_work ${CMAKE_CURRENT_BINARY_DIR}/report-work)

add_test(NAME clients.report.setup
         COMMAND /usr/bin/python3 ${report_test_script} setup --binary $<TARGET_FILE:jitupasna>
                 --source ${PROJECT_SOURCE_DIR} --demo ${JITUPASNA_TEST_DATA}/demo
                 --work ${report_test_work})
set_tests_properties(clients.report.setup PROPERTIES FIXTURES_REQUIRED demo_data
                                                     FIXTURES_SETUP report_outputs TIMEOUT 600)

foreach(check html plain sublevel synthetic wide chromium standalone pd)
  add_test(NAME clients.report.${check}
           COMMAND /usr/bin/python3 ${report_test_script} ${check} --binary $<TARGET_FILE:jitupasna>
                   --source ${PROJECT_SOURCE_DIR} --work ${report_test_work})
  set_tests_properties(clients.report.${check} PROPERTIES
                       FIXTURES_REQUIRED "demo_data;report_outputs" SKIP_RETURN_CODE 77
                       TIMEOUT 600)
endforeach()

# The report's parts on their own (numbers, escaping, the YAML comment reader, the SVG map).
add_executable(jitupasna_report_tests report/test_report_parts.cpp report/test_report_tables.cpp)
target_link_libraries(jitupasna_report_tests PRIVATE jitupasna_publish GTest::gtest_main
                                                     jitupasna_warnings)
target_compile_definitions(jitupasna_report_tests PRIVATE JITUPASNA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_include_directories(jitupasna_report_tests PRIVATE ${PROJECT_SOURCE_DIR}/src/publish ${PROJECT_SOURCE_DIR}/src/publish/report)
gtest_discover_tests(jitupasna_report_tests TEST_PREFIX clients.report.parts.)

# The national example (data/scenarios/padang-2009-national.yaml, 514 kabupaten/kota) and
# Banten on the real data: maps (hazard map, legends inside the drawing, classes that read
# apart, names apart, size), Bahasa Indonesia (no scenario header, no English defaults notes,
# no unused curves or schemes), every input listed, and no table wider than its printed page
# (measured in Chromium with the print rules, and every PDF word on its page). Skipped (77)
# without the real data or Chromium.
add_test(NAME clients.report.national
         COMMAND /usr/bin/python3 ${report_test_script} national --binary $<TARGET_FILE:jitupasna>
                 --source ${PROJECT_SOURCE_DIR} --shared ${JITUPASNA_SHARED_DATA}
                 --work ${report_test_work}-national)
set_tests_properties(clients.report.national PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900
                                                        RUN_SERIAL TRUE)
