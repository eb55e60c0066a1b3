// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The aggregate rows of published production tables (USGS, BGS), recognised by name in
// any case: "World total ..." is a total, never a producer, and "Other" or "Other
// countries" is an anonymous remainder that the caller must say how to treat
// (other_rows, supply.hpp). ASCII only: the names these tables use.

#include <cstddef>
#include <string_view>

namespace chokepoint::detail {

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// `s` starts with the lower-case ASCII `prefix`, ignoring case.
[[nodiscard]] constexpr bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) noexcept {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower(s[i]) != prefix[i]) return false;
  return true;
}

/// "Other" or "Other countries" in any case: an anonymous remainder in published tables.
[[nodiscard]] constexpr bool is_other_name(std::string_view s) noexcept {
  return (s.size() == 5 || s.size() == 15) && starts_with_ignoring_case(s, "other") &&
         (s.size() == 5 || starts_with_ignoring_case(s.substr(5), " countries"));
}

/// "World total", "World total (rounded)", ... in any case: a total, not a producer.
[[nodiscard]] constexpr bool is_total_name(std::string_view s) noexcept {
  return starts_with_ignoring_case(s, "world total");
}

}  // namespace chokepoint::detail
