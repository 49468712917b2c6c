# The real Jakarta and national Padang examples, opened in the clients people use: QGIS (styles and
# aliases), LibreOffice (the workbook's totals) and Chromium (the report's maps and totals).
# Each check skips (77) when the real data or its client is absent.
set(examples_work ${CMAKE_CURRENT_BINARY_DIR}/examples-work)

add_test(NAME clients.examples.setup
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/examples/run_examples.sh $<TARGET_FILE:jitupasna>
                 ${PROJECT_SOURCE_DIR} ${JITUPASNA_SHARED_DATA} ${examples_work})
set_tests_properties(clients.examples.setup PROPERTIES FIXTURES_SETUP example_outputs
                                                       SKIP_RETURN_CODE 77 TIMEOUT 900)

add_test(NAME clients.examples.libreoffice
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/export/export_test.py examples
                 --work ${examples_work})
add_test(NAME clients.examples.chromium
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/report/report_test.py examples
                 --work ${examples_work})
set_tests_properties(clients.examples.libreoffice clients.examples.chromium PROPERTIES
                     FIXTURES_REQUIRED example_outputs SKIP_RETURN_CODE 77 TIMEOUT 900
                     RUN_SERIAL TRUE)
