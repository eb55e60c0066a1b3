// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// fast-cpp-csv-parser (Debian libfccp-dev), included once for all readers. GCC warns
// about a strncpy inside it only after inlining it into our code, where the SYSTEM
// include path no longer hides it; the copy is bounded and terminated by hand there.

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#include <libfccp/csv.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
