# SPDX-License-Identifier: MIT
# One helper each for library layers, tests, benchmarks and drivers, so every target is declared the same way.

# Flags every openks target compiles with.
add_library(openks_build_flags INTERFACE)
target_compile_options(openks_build_flags INTERFACE -Wall -Wextra -Werror)
if(OPENKS_SANITIZE STREQUAL "address")
  target_compile_options(openks_build_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                      -fno-sanitize-recover=undefined)
  target_link_options(openks_build_flags INTERFACE -fsanitize=address,undefined)
elseif(OPENKS_SANITIZE STREQUAL "thread")
  target_compile_options(openks_build_flags INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(openks_build_flags INTERFACE -fsanitize=thread)
elseif(NOT OPENKS_SANITIZE STREQUAL "")
  message(FATAL_ERROR "OPENKS_SANITIZE must be '', 'address' or 'thread' (got '${OPENKS_SANITIZE}')")
endif()
if(NOT OPENKS_SANITIZE STREQUAL "" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC's sanitizer instrumentation makes -Wmaybe-uninitialized report false
  # positives inside libstdc++ (seen with std::regex and std::function at -O1).
  # The unsanitised build keeps the warning as an error.
  target_compile_options(openks_build_flags INTERFACE -Wno-maybe-uninitialized)
endif()

# The public headers (include/openks/...).
add_library(openks_headers INTERFACE)
target_include_directories(openks_headers INTERFACE $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
                                                    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
# Windows driver source writes pool tags as multi-character constants
# ('gaT1'), which MSVC takes silently; so do consumers of openks (also in
# the pkg-config Cflags).
target_compile_options(openks_headers INTERFACE $<$<COMPILE_LANGUAGE:C,CXX>:-Wno-multichar>)

# openks_add_layer(<name> SOURCES <files...> [DEPS <targets...>])
# One layer of src/ (io, ks, avstream, client, ipc).  Layers are object
# libraries that together make libopenks.so; a layer includes its own and
# lower layers' private headers as "layer/file.h".
function(openks_add_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(openks_${name} OBJECT ${ARG_SOURCES})
  set_target_properties(openks_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(openks_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(openks_${name} PUBLIC openks_headers Threads::Threads PRIVATE openks_build_flags ${ARG_DEPS})
  # libopenks.so is linked by its users, never dlopen'ed, so its thread_locals
  # (requestor, callback depth, last error) can use the initial-exec model: a
  # %fs-relative load instead of a __tls_get_addr call on every request.
  # Nothing interposes the library's own functions (drivers are loaded after
  # it and call into it), so calls inside it may bind locally and inline;
  # src/CMakeLists.txt links it with -Bsymbolic-functions to match.
  target_compile_options(openks_${name} PRIVATE -ftls-model=initial-exec -fno-semantic-interposition)
  set_property(GLOBAL APPEND PROPERTY OPENKS_LAYERS openks_${name})
endfunction()

# openks_add_test(<name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>])
# A GoogleTest executable registered with ctest, one ctest entry per test.
function(openks_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE openks openks_test_support GTest::gtest GTest::gmock GTest::gtest_main
                                        openks_build_flags ${ARG_LIBS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  # gtest_discover_tests cannot carry list-valued properties (a ';' splits
  # them into separate property names), so each test gets exactly one label
  # ("unit" unless LABELS names one, e.g. stress or soak) and one environment
  # variable; the shared/ and build dirs are also compiled into test support.
  list(LENGTH ARG_LABELS nlabels)
  if(nlabels GREATER 1)
    message(FATAL_ERROR "openks_add_test(${name}): one label per test (got ${ARG_LABELS})")
  elseif(nlabels EQUAL 1)
    set(label ${ARG_LABELS})
  else()
    set(label unit)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS ${label} TIMEOUT ${ARG_TIMEOUT}
                       ENVIRONMENT "OPENKS_BUILD_DIR=${PROJECT_BINARY_DIR}"
                       DISCOVERY_TIMEOUT 60)
endfunction()

# openks_add_benchmark(<name> SOURCES <files...> [LIBS <targets...>])
function(openks_add_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE openks benchmark::benchmark openks_build_flags ${ARG_LIBS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src)
endfunction()

# openks_add_driver(<name> SOURCES <files...> [LIBS <targets...>] [OUTPUT_DIR <dir>] [NO_INSTALL])
# A minidriver: a shared module exporting DriverEntry, built only against the
# public headers and libopenks.so, as a third-party minidriver is.
function(openks_add_driver name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES PREFIX "" OUTPUT_NAME "${name}")
  if(ARG_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  else()
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${OPENKS_DRIVER_OUTPUT_DIR})
  endif()
  target_link_libraries(${name} PRIVATE openks openks_build_flags ${ARG_LIBS})
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION ${OPENKS_DRIVER_INSTALL_DIR})
  endif()
endfunction()
