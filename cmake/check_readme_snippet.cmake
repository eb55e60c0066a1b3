# Fails unless README.md contains the quick-start program verbatim, so that the code a
# reader copies is the code a test compiles and runs (examples/quick_start.cpp).
file(READ "${README}" readme)
file(READ "${SNIPPET}" snippet)
string(FIND "${readme}" "${snippet}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md does not contain ${SNIPPET} verbatim: update one from the other")
endif()
