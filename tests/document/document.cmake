# `jitupasna document`: the draft of the demo damage run with an imported PD form, read back with
# python-docx and converted to PDF by LibreOffice (skipped, exit 77, when a client is absent).
set(document_test_script ${CMAKE_CURRENT_SOURCE_DIR}/document/document_test.py)
set(document_test_work ${CMAKE_CURRENT_BINARY_DIR}/document-work)

add_test(NAME document.setup
         COMMAND /usr/bin/python3 ${document_test_script} setup --binary $<TARGET_FILE:jitupasna>
                 --work ${document_test_work})
set_tests_properties(document.setup PROPERTIES FIXTURES_REQUIRED "demo_data;forms_outputs"
                                               FIXTURES_SETUP document_outputs SKIP_RETURN_CODE 77
                                               TIMEOUT 600)

foreach(check docx libreoffice errors comments)
  add_test(NAME document.${check}
           COMMAND /usr/bin/python3 ${document_test_script} ${check} --binary $<TARGET_FILE:jitupasna>
                   --work ${document_test_work})
  set_tests_properties(document.${check} PROPERTIES
                       FIXTURES_REQUIRED "demo_data;forms_outputs;document_outputs"
                       SKIP_RETURN_CODE 77 TIMEOUT 600)
endforeach()
set_tests_properties(document.libreoffice PROPERTIES RUN_SERIAL TRUE)
