// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// fast-cpp-csv-parser (Debian libfccp-dev), included once for all readers, inside
// chokepoint::io::detail::fccp. The parser declares a global `namespace io`, which would
// make `using namespace chokepoint; io::load_bom(...)` ambiguous in every user's
// program; so while it is read, a macro renames its namespace (it refers to itself as
// both `io::` and `::io::`, which the full name serves alike). Every header the parser
// includes is included first, so that the macro never reaches them; its include guard
// is set aside and restored, so that a program may include <libfccp/csv.h> itself,
// before or after this header, and get the parser's own global `io`.
//
// GCC warns about a strncpy inside the parser only after inlining it into our code,
// where the SYSTEM include path no longer hides it; the copy is bounded and terminated
// by hand there.

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <istream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#pragma push_macro("CSV_H")
#pragma push_macro("io")
#undef CSV_H
#define io chokepoint::io::detail::fccp
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#include <libfccp/csv.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#pragma pop_macro("io")
#pragma pop_macro("CSV_H")
