// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Programmer errors (an id out of range, a span of the wrong size) are not data
// errors: they hit CHOKEPOINT_ASSERT, which aborts with the condition and place.
// Define CHOKEPOINT_ASSERT before including any chokepoint header to route them
// elsewhere (a throwing handler in tests, nothing at all in a hot release build).

#ifndef CHOKEPOINT_ASSERT
#include <cstdio>
#include <cstdlib>
#define CHOKEPOINT_ASSERT(condition, message)                                                               \
  ((condition) ? static_cast<void>(0)                                                                       \
               : (std::fprintf(stderr, "%s:%d: chokepoint assertion '%s' failed: %s\n", __FILE__, __LINE__, \
                               #condition, message),                                                        \
                  std::abort()))
#endif
