// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Scalars in error messages and reports: shortest text that reads back to the same
// double, and the exact decimal (or fraction) text for multiprecision types.

#include <chokepoint/scalar.hpp>

#include <limits>
#include <sstream>
#include <string>
#include <type_traits>

namespace chokepoint::detail {

template <scalar T>
[[nodiscard]] std::string format_scalar(const T& x) {
  if constexpr (std::is_floating_point_v<T>) {
    std::ostringstream out;
    out.precision(std::numeric_limits<T>::digits10);
    out << x;
    return out.str();
  } else {
    return x.str();
  }
}

}  // namespace chokepoint::detail
