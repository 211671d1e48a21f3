# What `cmake --install` puts in place, and the Debian package CPack builds from it:
#   bin/ccsim
#   share/man/man1/ccsim.1                      generated from the --help texts with help2man
#   share/bash-completion/completions/ccsim      cli/ccsim.bash-completion
#   share/ccsim/scenarios/ (with data/, tools/)  the example scenarios and their records
#   share/ccsim/docs/                            README.md and docs/
include(GNUInstallDirs)
# Installing (and CPack) takes what is built, without building every target first: the tests
# and benchmarks are not installed, and CI packages the build it has already made.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS ccsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

find_program(CCSIM_HELP2MAN help2man)
if(CCSIM_HELP2MAN)
  set(man_page ${PROJECT_BINARY_DIR}/man/ccsim.1)
  file(GLOB cli_command_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/cli/*.cpp)
  add_custom_command(OUTPUT ${man_page}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/make-man.sh $<TARGET_FILE:ccsim> ${CCSIM_HELP2MAN} ${man_page}
    DEPENDS ccsim ${PROJECT_SOURCE_DIR}/cmake/make-man.sh ${cli_command_sources}
    COMMENT "Generating the man page ccsim.1 from the --help texts"
    VERBATIM)
  add_custom_target(ccsim_man ALL DEPENDS ${man_page})
  install(FILES ${man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (apt-get install help2man; scripts/setup.sh does)")
endif()

install(FILES ${PROJECT_SOURCE_DIR}/cli/ccsim.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ccsim)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ccsim/scenarios)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/ccsim/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ccsim/docs)

# The Debian package (cd build && cpack -G DEB): the files above under /usr; Depends worked out
# by dpkg-shlibdeps from what bin/ccsim links (libc6, libstdc++6, libgcc-s1, libfmt9, and Open
# MPI in an MPI build).
set(CPACK_PACKAGE_NAME ccsim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "contact-center routing simulator (ACD queues, overflow, failover)")
set(CPACK_PACKAGE_DESCRIPTION "ccsim simulates a contact center's call routing - ACD queues, agent groups with \
skills, overflow rules, interflow timers, several sites and outages - and reports the service-level \
statistics planners use with 95% confidence intervals; Erlang B/C/A and exact Markov-chain answers; \
fitting scenarios from call records.")
set(CPACK_PACKAGE_CONTACT "ccsim maintainers <ccsim@localhost>")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "graphviz, bash-completion")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
include(CPack)
