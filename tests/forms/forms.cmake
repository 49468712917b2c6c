# `jitupasna forms`: the demo damage run (banten cluster scheme) is made into one workbook per
# PD; the workbooks are read back independently (openpyxl, sqlite3 on the GeoPackage) and opened
# in LibreOffice (skipped, exit 77, when openpyxl or LibreOffice is absent).
set(forms_test_script ${CMAKE_CURRENT_SOURCE_DIR}/forms/forms_test.py)
set(forms_test_work ${CMAKE_CURRENT_BINARY_DIR}/forms-work)

add_test(NAME forms.setup
         COMMAND /usr/bin/python3 ${forms_test_script} setup --binary $<TARGET_FILE:jitupasna>
                 --source ${PROJECT_SOURCE_DIR} --demo ${JITUPASNA_TEST_DATA}/demo
                 --work ${forms_test_work})
set_tests_properties(forms.setup PROPERTIES FIXTURES_REQUIRED demo_data
                                            FIXTURES_SETUP forms_outputs TIMEOUT 600)

foreach(check workbooks libreoffice errors)
  add_test(NAME forms.${check}
           COMMAND /usr/bin/python3 ${forms_test_script} ${check} --binary $<TARGET_FILE:jitupasna>
                   --work ${forms_test_work})
  set_tests_properties(forms.${check} PROPERTIES FIXTURES_REQUIRED "demo_data;forms_outputs"
                                                 SKIP_RETURN_CODE 77 TIMEOUT 600)
endforeach()
set_tests_properties(forms.libreoffice PROPERTIES RUN_SERIAL TRUE)

# `jitupasna import` and `status`: forms filled by openpyxl and saved by LibreOffice Calc,
# merged, and checked against figures the test works out from jitupasna_sector.
set(import_test_script ${CMAKE_CURRENT_SOURCE_DIR}/forms/import_test.py)
foreach(check roundtrip libreoffice)
  add_test(NAME forms.import_${check}
           COMMAND /usr/bin/python3 ${import_test_script} ${check} --binary $<TARGET_FILE:jitupasna>
                   --work ${forms_test_work})
  set_tests_properties(forms.import_${check} PROPERTIES FIXTURES_REQUIRED "demo_data;forms_outputs"
                                                        SKIP_RETURN_CODE 77 TIMEOUT 600)
endforeach()
set_tests_properties(forms.import_libreoffice PROPERTIES RUN_SERIAL TRUE)

# `jitupasna import` given bad forms: each case is refused naming file, sheet, cell and key, and
# leaves the GeoPackage byte-identical (on copies in forms-work/import-errors/<group>).
set(import_errors_script ${CMAKE_CURRENT_SOURCE_DIR}/forms/import_errors_test.py)
foreach(group cells limits atomic)
  add_test(NAME forms.import_errors.${group}
           COMMAND /usr/bin/python3 ${import_errors_script} ${group}
                   --binary $<TARGET_FILE:jitupasna> --work ${forms_test_work})
  set_tests_properties(forms.import_errors.${group}
                       PROPERTIES FIXTURES_REQUIRED "demo_data;forms_outputs"
                                  SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
# The kills and the lock time an import: not beside other tests that load the machine.
set_tests_properties(forms.import_errors.atomic PROPERTIES RUN_SERIAL TRUE)
