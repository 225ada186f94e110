# SPDX-License-Identifier: MIT
# Install rules: headers, libopenks.so, the CMake package (find_package(openks)) and openks.pc.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/openks DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS openks openks_headers EXPORT openksTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT openksTargets NAMESPACE openks:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/openks)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/openksConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/openksConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/openks)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/openksConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/openksConfig.cmake ${PROJECT_BINARY_DIR}/openksConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/openks)

# pkg-config: absolute paths when the install dirs are absolute, prefix-relative otherwise.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(OPENKS_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(OPENKS_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(OPENKS_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(OPENKS_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# The prefix is written at install time, so `cmake --install --prefix <dir>`
# (or a later CMAKE_INSTALL_PREFIX) yields a .pc that names <dir>.
# build/openks.pc is the same file for the configured prefix.
set(OPENKS_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/openks.pc.in ${PROJECT_BINARY_DIR}/openks.pc @ONLY)
set(OPENKS_PC_PREFIX "@OPENKS_PC_PREFIX@")
configure_file(${PROJECT_SOURCE_DIR}/cmake/openks.pc.in ${PROJECT_BINARY_DIR}/openks.pc.install.in @ONLY)
install(CODE "
  file(READ \"${PROJECT_BINARY_DIR}/openks.pc.install.in\" openks_pc)
  string(REPLACE \"@OPENKS_PC_PREFIX@\" \"\${CMAKE_INSTALL_PREFIX}\" openks_pc \"\${openks_pc}\")
  file(WRITE \"${PROJECT_BINARY_DIR}/openks.pc.install\" \"\${openks_pc}\")
")
install(FILES ${PROJECT_BINARY_DIR}/openks.pc.install DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig RENAME openks.pc)
