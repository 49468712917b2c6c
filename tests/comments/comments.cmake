# `jitupasna comments`: drafts commented with python-docx plus the comment XML, and one written
# by LibreOffice Writer from a flat ODF file, gathered into the matrix and read back with
# openpyxl (skipped, exit 77, when python-docx, openpyxl or LibreOffice is absent).
set(comments_test_script ${CMAKE_CURRENT_SOURCE_DIR}/comments/comments_test.py)
foreach(check matrix libreoffice)
  add_test(NAME comments.${check}
           COMMAND /usr/bin/python3 ${comments_test_script} ${check}
                   --binary $<TARGET_FILE:jitupasna>)
  set_tests_properties(comments.${check} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endforeach()
set_tests_properties(comments.libreoffice PROPERTIES RUN_SERIAL TRUE)
