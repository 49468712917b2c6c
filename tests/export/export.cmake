# `jitupasna export`: the demo with damage (and the plain demo, and a run with a sublevel) is
# run by the real binary and exported; the workbook and CSV files are then read back
# independently (Python zipfile + xml.etree, csv, sqlite3 on the GeoPackage) and opened in
# LibreOffice (skipped, exit 77, when LibreOffice or pdftotext is absent).
set(export_test_script ${CMAKE_CURRENT_SOURCE_DIR}/export/export_test.py)
set(export_test_work ${CMAKE_CURRENT_BINARY_DIR}/export-work)

add_test(NAME export.setup
         COMMAND /usr/bin/python3 ${export_test_script} setup --binary $<TARGET_FILE:jitupasna>
                 --source ${PROJECT_SOURCE_DIR} --demo ${JITUPASNA_TEST_DATA}/demo
                 --work ${export_test_work})
set_tests_properties(export.setup PROPERTIES FIXTURES_REQUIRED demo_data
                                             FIXTURES_SETUP export_outputs TIMEOUT 600)

foreach(check xlsx csv libreoffice errors source)
  add_test(NAME export.${check}
           COMMAND /usr/bin/python3 ${export_test_script} ${check} --binary $<TARGET_FILE:jitupasna>
                   --source ${PROJECT_SOURCE_DIR} --work ${export_test_work})
  set_tests_properties(export.${check} PROPERTIES FIXTURES_REQUIRED "demo_data;export_outputs"
                                                  SKIP_RETURN_CODE 77 TIMEOUT 600)
endforeach()
# LibreOffice runs one instance per profile; the conversions take a while on a cold start.
set_tests_properties(export.libreoffice PROPERTIES RUN_SERIAL TRUE)

# The workbook's parts on their own (sheet names).
add_executable(jitupasna_export_tests export/test_sheet_names.cpp)
target_link_libraries(jitupasna_export_tests PRIVATE jitupasna_publish GTest::gtest_main
                                                     jitupasna_warnings)
target_include_directories(jitupasna_export_tests PRIVATE ${PROJECT_SOURCE_DIR}/src/publish)
gtest_discover_tests(jitupasna_export_tests TEST_PREFIX export.parts.)
