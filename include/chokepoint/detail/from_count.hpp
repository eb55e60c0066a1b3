// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A count (of sources, of scenarios) as a scalar. The scalar concept promises a
// constructor from int only, and a count may not fit in an int: types that take an
// unsigned long long get it whole, others are built from int-sized digits.

#include <chokepoint/scalar.hpp>

#include <concepts>
#include <cstddef>

namespace chokepoint::detail {

template <scalar T>
[[nodiscard]] T from_count(std::size_t n) {
  if constexpr (std::constructible_from<T, unsigned long long>) {
    return T(static_cast<unsigned long long>(n));
  } else {
    T out(0);
    T unit(1);
    while (n != 0) {  // binary expansion from int-sized digits
      out += T(unit * T(static_cast<int>(n % 1024u)));
      unit = T(unit * T(1024));
      n /= 1024u;
    }
    return out;
  }
}

}  // namespace chokepoint::detail
