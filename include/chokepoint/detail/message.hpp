// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The text of an error, "<where>: <what is wrong>" (error.hpp), and throwing it. Pieces
// are appended rather than joined by "literal" + std::string temporaries, which also
// keeps GCC 12's false -Wrestrict warning (GCC bug 105329) out of optimised builds of
// every caller.

#include <chokepoint/error.hpp>

#include <string>
#include <string_view>

namespace chokepoint::detail {

/// The pieces of a message, joined.
template <class... Parts>
[[nodiscard]] std::string concat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ... + 0));
  (out.append(std::string_view(parts)), ...);
  return out;
}

[[noreturn]] inline void throw_invalid(std::string_view where, std::string_view what) {
  throw invalid_input(concat(where, ": ", what));
}

[[noreturn]] inline void throw_domain(std::string_view where, std::string_view what) {
  throw domain_error(concat(where, ": ", what));
}

}  // namespace chokepoint::detail
