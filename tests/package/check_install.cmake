# SPDX-License-Identifier: MIT
# The installed tree at PREFIX: the files a user looks for, and a program compiled with
# nothing but what `pkg-config --cflags --libs chokepoint` says (PKG_CONFIG, CXX,
# SOURCE: the program; COMMAND: ON when the chokepoint command was built).
foreach(_file IN ITEMS include/chokepoint/chokepoint.hpp include/chokepoint/multiprecision.hpp
                       share/cmake/chokepoint/chokepointConfig.cmake share/pkgconfig/chokepoint.pc
                       share/doc/chokepoint/README.md share/doc/chokepoint/LICENSE
                       share/doc/chokepoint/CHANGELOG.md)
  if(NOT EXISTS "${PREFIX}/${_file}")
    message(FATAL_ERROR "not installed: ${_file}")
  endif()
endforeach()
if(COMMAND)
  execute_process(COMMAND "${PREFIX}/bin/chokepoint" --version RESULT_VARIABLE _rc OUTPUT_VARIABLE _out)
  if(NOT _rc EQUAL 0 OR NOT _out MATCHES "${VERSION}")
    message(FATAL_ERROR "installed bin/chokepoint --version: exit ${_rc}, '${_out}'")
  endif()
endif()

if(NOT PKG_CONFIG)
  message(STATUS "pkg-config not found: chokepoint.pc not checked")
  return()
endif()
# Only the prefix's own .pc files and the system's (for eigen3).
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/share/pkgconfig")
execute_process(COMMAND "${PKG_CONFIG}" --modversion chokepoint
                RESULT_VARIABLE _rc OUTPUT_VARIABLE _version OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _rc EQUAL 0 OR NOT _version STREQUAL VERSION)
  message(FATAL_ERROR "pkg-config --modversion chokepoint: exit ${_rc}, '${_version}' (expected ${VERSION})")
endif()
execute_process(COMMAND "${PKG_CONFIG}" --cflags --libs chokepoint
                RESULT_VARIABLE _rc OUTPUT_VARIABLE _flags ERROR_VARIABLE _error OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags --libs chokepoint: ${_error}")
endif()
message(STATUS "pkg-config --cflags --libs chokepoint: ${_flags}")
separate_arguments(_flags UNIX_COMMAND "${_flags}")
execute_process(COMMAND "${CXX}" -std=c++20 ${_flags} "${SOURCE}" -o "${BINARY}"
                RESULT_VARIABLE _rc ERROR_VARIABLE _error)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "compiling with pkg-config's flags failed:\n${_error}")
endif()
execute_process(COMMAND "${BINARY}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _out)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "the program built with pkg-config's flags failed: ${_out}")
endif()
message(STATUS "${_out}")
