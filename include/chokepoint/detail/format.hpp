// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Scalars in error messages and reports. A binary floating value prints as the shortest
// text that reads back to the same value (std::to_chars), so that a message never says
// "got 1" of 1.0000000000000002; a multiprecision number prints its own exact decimal
// (or fraction) text.

#include <chokepoint/scalar.hpp>

#include <charconv>
#include <string>
#include <system_error>
#include <type_traits>

namespace chokepoint::detail {

template <scalar T>
[[nodiscard]] std::string format_scalar(const T& x) {
  if constexpr (std::is_floating_point_v<T>) {
    // The longest shortest form: a sign, 36 significant digits of a 128-bit long double,
    // a point and an exponent of up to 5 digits; 64 bytes leave room to spare.
    char buffer[64];
    const std::to_chars_result r = std::to_chars(buffer, buffer + sizeof buffer, x);
    return r.ec == std::errc() ? std::string(buffer, r.ptr) : std::string("?");
  } else {
    return x.str();
  }
}

}  // namespace chokepoint::detail
