# The set-up cannot rot: every Python module the tests and scripts import comes from a Debian
# package that scripts/setup installs for the mode in which those tests run.
add_test(NAME setup.python_deps COMMAND ${PROJECT_SOURCE_DIR}/scripts/check-python-deps)
# ... and the check itself fails when a package the default tests need leaves scripts/setup.
add_test(NAME setup.python_deps_catches_a_missing_package
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/setup/catches_missing_package.sh
                 ${PROJECT_SOURCE_DIR})
