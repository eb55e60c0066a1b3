// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The pieces of policy.hpp's classify functions: numbers as their texts print them, the
// checks of their inputs, and the market band of an HHI under a merger guideline.

#include <chokepoint/detail/message.hpp>
#include <chokepoint/detail/share_statistics.hpp>
#include <chokepoint/scalar.hpp>

#include <cstdio>
#include <string>
#include <string_view>

namespace chokepoint {
struct classification;  // policy.hpp
}  // namespace chokepoint

namespace chokepoint::detail {

/// Up to 6 significant digits: 2600, 7325.44, 0.4.
[[nodiscard]] inline std::string format_number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", x);
  return buffer;
}
template <scalar T>
[[nodiscard]] std::string format_number(const T& x) {
  return format_number(static_cast<double>(x));
}
template <scalar T>
[[nodiscard]] std::string format_percent(const T& share) {
  return concat(format_number(static_cast<double>(share) * 100.0), "%");
}

/// A classification (policy.hpp) whose reason reads "<band>: <why> (<source>)".
template <class Result = classification>
[[nodiscard]] Result classified(std::string_view band, std::string_view why, std::string_view source) {
  return {std::string(band), concat(band, ": ", why, " (", source, ")")};
}

template <scalar T>
void check_points(std::string_view where, const T& x, std::string_view what) {
  if (!scalar_traits<T>::is_finite(x) || x < T(0) ||
      (T(hhi_points_per_unit) < x && !approximately_equal(x, T(hhi_points_per_unit))))
    throw_invalid(where, concat(what, " outside [0, 10000] points"));
}

template <scalar T>
void check_nonnegative(std::string_view where, const T& x, std::string_view what) {
  if (!scalar_traits<T>::is_finite(x) || x < T(0)) throw_invalid(where, concat(what, " is negative or not finite"));
}

/// The market band of an HHI under a guideline's two lines, and its wording, e.g. "HHI
/// 1200 in [1000, 1800]". An unconcentrated_below of 0: the guideline draws one line.
struct market_band {
  enum kind_t { unconcentrated, moderate, high, not_high } kind;
  std::string name;
  std::string why;
};

template <scalar T>
market_band band_of(int unconcentrated_below, int highly_concentrated_above, const T& hhi_points) {
  const std::string h = format_number(hhi_points);
  const std::string high = std::to_string(highly_concentrated_above);
  if (T(highly_concentrated_above) < hhi_points)
    return {market_band::high, "highly concentrated", concat("HHI ", h, " > ", high)};
  if (unconcentrated_below == 0)
    return {market_band::not_high, "not highly concentrated", concat("HHI ", h, " <= ", high)};
  const std::string low = std::to_string(unconcentrated_below);
  if (hhi_points < T(unconcentrated_below))
    return {market_band::unconcentrated, "unconcentrated", concat("HHI ", h, " < ", low)};
  return {market_band::moderate, "moderately concentrated", concat("HHI ", h, " in [", low, ", ", high, "]")};
}

}  // namespace chokepoint::detail
