// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The arithmetic every chokepoint template asks of its scalar, and the few facts
// (epsilon, a comparison tolerance, infinity) it needs that the type itself may not
// provide. float, double, long double and the Boost.Multiprecision numbers
// (cpp_dec_float_50, cpp_bin_float_quad, cpp_rational) all satisfy it; users may
// specialise scalar_traits for their own types.

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

namespace chokepoint {

/// A number type usable as a quantity, share or time: an ordered field. Integer types
/// are not: a share computed as volume / total would truncate to 0.
template <class T>
concept scalar = std::regular<T> && std::totally_ordered<T> && std::constructible_from<T, int> &&
                 !std::numeric_limits<T>::is_integer &&
                 requires(const T a, const T b) {
  { T(a + b) } -> std::same_as<T>;
  { T(a - b) } -> std::same_as<T>;
  { T(a * b) } -> std::same_as<T>;
  { T(a / b) } -> std::same_as<T>;
  { T(-a) } -> std::same_as<T>;
  { static_cast<double>(a) } -> std::same_as<double>;
};

/// Facts about a scalar type. The primary template reads std::numeric_limits; a type
/// without an infinity (a rational) gets a stand-in far beyond any horizon in days.
template <class T>
struct scalar_traits {
  /// True when + - * / are exact (rationals): results are then compared with ==.
  static constexpr bool is_exact = std::numeric_limits<T>::is_exact;
  static constexpr bool has_infinity = std::numeric_limits<T>::has_infinity;

  /// Machine epsilon; 0 for exact types.
  [[nodiscard]] static T epsilon() {
    if constexpr (is_exact) return T(0);
    else return std::numeric_limits<T>::epsilon();
  }

  /// Relative tolerance for comparing computed values of this type: a few hundred
  /// roundings, enough for sums over long chains of a bill of materials.
  [[nodiscard]] static T tolerance() {
    if constexpr (is_exact) return T(0);
    else return T(256) * std::numeric_limits<T>::epsilon();
  }

  /// Infinity, or for types without one 10^30, which no horizon in days reaches.
  [[nodiscard]] static T infinity() {
    if constexpr (has_infinity) return std::numeric_limits<T>::infinity();
    else {
      T x(1);
      for (int i = 0; i < 30; ++i) x = T(x * T(10));
      return x;
    }
  }

  [[nodiscard]] static bool is_infinite(const T& x) { return !(x < infinity()); }

  /// True for a value that is neither NaN nor infinite (always true for rationals).
  [[nodiscard]] static bool is_finite(const T& x) {
    if constexpr (is_exact) return true;
    else {
      using std::isfinite;
      return static_cast<bool>(isfinite(x));
    }
  }
};

/// |a - b| <= tol * max(1, |a|, |b|): the comparison used for computed scalars.
template <scalar T>
[[nodiscard]] bool approximately_equal(const T& a, const T& b, const T& rel = scalar_traits<T>::tolerance()) {
  using std::abs;
  const T diff = abs(T(a - b));
  const T aa = abs(a);
  const T bb = abs(b);
  T scale = aa < bb ? bb : aa;
  if (scale < T(1)) scale = T(1);
  return !(diff > T(rel * scale));
}

}  // namespace chokepoint
