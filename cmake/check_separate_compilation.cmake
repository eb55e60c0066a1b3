# SPDX-License-Identifier: MIT
# The instantiations chokepoint/instantiate.hpp defines are exactly those the topic
# headers declare `extern` under CHOKEPOINT_SEPARATE_COMPILATION: one missing there is
# an undefined symbol in a user's program, one missing here is compiled in every file.
# Usage: cmake -DINCLUDE_DIR=<include> -P check_separate_compilation.cmake
cmake_minimum_required(VERSION 3.23)

# Every "<prefix>template <declaration>;" in `text` (prefix: the line start and "extern ",
# or the line start), whitespace collapsed, into `out`.
function(_cp_instantiations text prefix out)
  string(REPLACE ";" "@" text "${text}")  # a CMake list separates its items with ';'
  string(REGEX MATCHALL "${prefix}template [^<][^@]*@" found "${text}")
  set(list)
  foreach(f IN LISTS found)
    string(REGEX REPLACE "^${prefix}template (.*)@$" "\\1" f "${f}")
    string(REGEX REPLACE "[ \t\r\n]+" " " f "${f}")
    string(REPLACE "( " "(" f "${f}")
    list(APPEND list "${f}")
  endforeach()
  list(SORT list)
  set(${out} "${list}" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE headers "${INCLUDE_DIR}/chokepoint/*.hpp")
set(declared)
foreach(h IN LISTS headers)
  file(READ "${h}" text)
  _cp_instantiations("${text}" "\nextern " found)
  list(APPEND declared ${found})
endforeach()
list(SORT declared)
file(READ "${INCLUDE_DIR}/chokepoint/instantiate.hpp" text)
_cp_instantiations("${text}" "\n" defined)
if(NOT declared STREQUAL defined)
  list(JOIN declared "\n  " declared)
  list(JOIN defined "\n  " defined)
  message(FATAL_ERROR "extern in the headers:\n  ${declared}\ndefined in instantiate.hpp:\n  ${defined}")
endif()
list(LENGTH defined n)
message(STATUS "${n} instantiations declared extern and defined in instantiate.hpp")
