// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// How concentrated one supply is (docs/model.md, Concentration), as free functions on a range of
// volumes: the Herfindahl-Hirschman index on both scales, its normalised form, the
// effective number of sources, concentration ratios, the change in HHI when two sources
// merge, and bounds on the HHI when only the largest shares are known.
//
// Volumes may be in any non-negative unit: every function divides by the total itself,
// so shares that already sum to 1 give the same answer. A source with zero volume
// supplies nothing: it is accepted but does not count as one of the n sources (1/n,
// normalised HHI). All of it is rational arithmetic, exact for cpp_rational.

#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

/// A range of numbers of one scalar type: volumes or shares. Integers are excluded:
/// shares are ratios, and integer division would truncate them (convert to double or
/// cpp_rational first).
template <class R>
concept scalar_range = std::ranges::input_range<R> && scalar<std::ranges::range_value_t<R>>;

/// The scalar type of a scalar_range.
template <scalar_range R>
using range_scalar_t = std::ranges::range_value_t<R>;

/// HHI points per unit of HHI fraction: shares in percent, squared.
inline constexpr int hhi_points_per_unit = 10000;

/// Bounds on an HHI (fraction scale) that cannot be computed exactly.
template <scalar T>
struct hhi_interval {
  T lower;
  T upper;

  /// lower <= h <= upper.
  [[nodiscard]] bool contains(const T& h) const { return !(h < lower) && !(upper < h); }
};

namespace detail {

/// Joins the pieces of a message. Appending, rather than "literal" + std::string
/// temporaries, also keeps GCC 12's false -Wrestrict warning (GCC bug 105329) out of
/// optimised builds of every caller.
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

/// One pass over volumes: total, sum of squares, number of positive volumes; rejects
/// non-finite and negative entries, an empty range and a zero total.
template <scalar T>
struct volume_sums {
  T total = T(0);
  T sum_squares = T(0);
  std::size_t positive = 0;
};

template <class T>
void check_volume(std::string_view where, const T& v, std::size_t index) {
  if (!scalar_traits<T>::is_finite(v))
    throw_invalid(where, concat("volume at index ", std::to_string(index), " is not finite"));
  if (v < T(0))
    throw_invalid(where, concat("volume at index ", std::to_string(index), " is negative"));
}

template <scalar_range R>
volume_sums<range_scalar_t<R>> sum_volumes(std::string_view where, R&& volumes) {
  using T = range_scalar_t<R>;
  volume_sums<T> s;
  std::size_t index = 0;
  for (auto&& element : volumes) {
    const T v = element;
    check_volume(where, v, index);
    s.total += v;
    s.sum_squares += v * v;
    if (T(0) < v) ++s.positive;
    ++index;
  }
  if (index == 0) throw_domain(where, "no volumes");
  if (s.positive == 0) throw_domain(where, "volumes sum to zero");
  return s;
}

/// A count as a scalar (the scalar concept promises a constructor from int only).
template <scalar T>
T from_count(std::size_t n) {
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

namespace adl {
using std::floor;
template <class T>
concept has_floor = requires(const T& x) { floor(x); };
template <class T>
T call_floor(const T& x) {
  return T(floor(x));
}
}  // namespace adl

/// floor(q) for q >= 0, also for types without a floor function (cpp_rational): a
/// double estimate corrected by whole steps.
template <scalar T>
T floor_nonnegative(const T& q) {
  if constexpr (adl::has_floor<T>) {
    return adl::call_floor(q);
  } else {
    static_assert(std::constructible_from<T, double>,
                  "chokepoint: the scalar type needs floor() or a constructor from double");
    T k(std::floor(static_cast<double>(q)));
    while (q < k) k -= T(1);
    while (!(q < T(k + T(1)))) k += T(1);
    return k;
  }
}

/// (n H - 1) / (n - 1): the normalised HHI for n > 1 positive sources; 1 for one.
template <scalar T>
T normalize_hhi(const T& h, std::size_t n) {
  if (n <= 1) return T(1);
  const T nt = from_count<T>(n);
  return T(T(nt * h - T(1)) / T(nt - T(1)));
}

/// Bounds on the HHI from the known shares (each > 0) and the remainder R = 1 - sum;
/// `smallest` is the smallest known share, `m` their number. Feasibility checked by
/// the caller.
template <scalar T>
hhi_interval<T> remainder_bounds(const T& known_sum_squares, std::size_t m, const T& smallest,
                                 const T& remainder, std::optional<std::size_t> total_sources) {
  hhi_interval<T> out{known_sum_squares, known_sum_squares};
  if (!(T(0) < remainder)) return out;
  // Lower: the remainder spread evenly over the N - m unknown sources; with N unknown,
  // over ever more of them (an infimum, approached but not attained).
  if (total_sources && *total_sources > m) {
    const T unknown = from_count<T>(*total_sources - m);
    out.lower = T(known_sum_squares + T(remainder * remainder) / unknown);
  }
  // Upper: the remainder packed into as few sources as possible, none larger than the
  // smallest known share (Schmalensee 1977). With no known share, one source takes it all.
  if (m == 0) {
    out.upper = T(known_sum_squares + T(remainder * remainder));
  } else if (const T q = T(remainder / smallest); !scalar_traits<T>::is_finite(q)) {
    // A known share so small (subnormal) that R / s_m overflows: floor(R / s_m) s_m^2 is
    // R s_m to the last bit, and the rest, below s_m^2, vanishes. (Computed as below,
    // infinity times a squared share that underflowed to 0 gave NaN.)
    out.upper = T(known_sum_squares + T(remainder * smallest));
  } else {
    const T whole = floor_nonnegative(q);
    const T rest = T(remainder - T(whole * smallest));
    out.upper = T(known_sum_squares + T(whole * T(smallest * smallest)) + T(rest * rest));
  }
  return out;
}

}  // namespace detail

/// HHI on the fraction scale, sum of squared shares, in [1/n, 1].
/// Example: volumes {30, 30, 20, 20} give 0.26.
template <class R = std::initializer_list<double>>
  requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> hhi(R&& volumes) {
  using T = range_scalar_t<R>;
  const auto s = detail::sum_volumes("chokepoint::hhi", std::forward<R>(volumes));
  return T(s.sum_squares / T(s.total * s.total));
}

/// An HHI fraction on the points scale [0, 10000] used by competition authorities.
template <scalar T>
[[nodiscard]] T to_points(const T& hhi_fraction) {
  return T(hhi_fraction * T(hhi_points_per_unit));
}

/// HHI on the points scale [0, 10000]: shares in percent, squared and summed.
/// Example: volumes {30, 30, 20, 20} give 2600.
template <class R = std::initializer_list<double>>
  requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> hhi_points(R&& volumes) {
  using T = range_scalar_t<R>;
  const auto s = detail::sum_volumes("chokepoint::hhi_points", std::forward<R>(volumes));
  return to_points(T(s.sum_squares / T(s.total * s.total)));
}

/// Normalised HHI (H - 1/n) / (1 - 1/n) in [0, 1], n the number of sources with positive
/// volume; 1 for a single source.
template <class R = std::initializer_list<double>>
  requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> normalized_hhi(R&& volumes) {
  using T = range_scalar_t<R>;
  const auto s = detail::sum_volumes("chokepoint::normalized_hhi", std::forward<R>(volumes));
  return detail::normalize_hhi(T(s.sum_squares / T(s.total * s.total)), s.positive);
}

/// Effective number of sources 1/H: n equal sources give n.
template <class R = std::initializer_list<double>>
  requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> effective_sources(R&& volumes) {
  using T = range_scalar_t<R>;
  const auto s = detail::sum_volumes("chokepoint::effective_sources", std::forward<R>(volumes));
  return T(T(s.total * s.total) / s.sum_squares);
}

/// CR_k, the combined share of the k largest sources: 0 for k = 0, 1 once k reaches the
/// number of sources.
template <class R = std::initializer_list<double>>
  requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> concentration_ratio(R&& volumes, std::size_t k) {
  using T = range_scalar_t<R>;
  constexpr std::string_view where = "chokepoint::concentration_ratio";
  std::vector<T> v;
  if constexpr (std::ranges::sized_range<R>) v.reserve(std::ranges::size(volumes));
  T total(0);
  for (auto&& element : volumes) {
    const T x = element;
    detail::check_volume(where, x, v.size());
    total += x;
    v.push_back(x);
  }
  if (v.empty()) detail::throw_domain(where, "no volumes");
  if (!(T(0) < total)) detail::throw_domain(where, "volumes sum to zero");
  if (k == 0) return T(0);
  if (k >= v.size()) return T(1);
  const auto kth = v.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(v.begin(), kth - 1, v.end(), std::greater<T>());
  T top(0);
  for (auto it = v.begin(); it != kth; ++it) top += *it;
  return T(top / total);
}

/// Change in HHI (fraction scale) when two sources with shares a and b merge: 2ab.
/// Multiply by 10000 (to_points) for the points scale: 30% and 20% give 1200 points.
template <scalar T>
[[nodiscard]] T merger_delta(const T& a, const T& b) {
  constexpr std::string_view where = "chokepoint::merger_delta";
  for (const T* s : {&a, &b}) {
    if (!scalar_traits<T>::is_finite(*s) || *s < T(0) || T(1) < *s)
      detail::throw_invalid(where, "share outside [0, 1]");
  }
  const T sum = T(a + b);
  if (T(1) < sum && !approximately_equal(sum, T(1)))
    detail::throw_invalid(where, "shares sum to more than 1");
  return T(T(2) * T(a * b));
}

/// Bounds on the HHI (fraction scale) when only the largest shares are known, with the
/// remainder R = 1 - sum unknown (docs/model.md, Concentration; Schmalensee 1977, Kvalseth 2018).
/// `top_shares` are fractions of the whole, in any order; zero entries are ignored. No
/// unknown source is larger than the smallest known share (that is what "the top
/// shares" means). With `total_sources` N, the lower bound spreads R evenly over the
/// N - m unknown sources; without it the lower bound is the known sum of squares (an
/// infimum). The upper bound packs R into sources as large as the smallest known share.
/// Example: top {0.6, 0.2}, N = 10 give [0.405, 0.44].
template <class R = std::initializer_list<double>>
  requires scalar_range<R>
[[nodiscard]] hhi_interval<range_scalar_t<R>> hhi_bounds(
    R&& top_shares, std::optional<std::size_t> total_sources = std::nullopt) {
  using T = range_scalar_t<R>;
  constexpr std::string_view where = "chokepoint::hhi_bounds";
  T sum(0);
  T sum_squares(0);
  T smallest(1);
  std::size_t m = 0;
  std::size_t index = 0;
  for (auto&& element : top_shares) {
    const T s = element;
    if (!scalar_traits<T>::is_finite(s) || s < T(0) || T(1) < s)
      detail::throw_invalid(where,
                            detail::concat("share at index ", std::to_string(index), " outside [0, 1]"));
    ++index;
    if (!(T(0) < s)) continue;
    sum += s;
    sum_squares += s * s;
    if (s < smallest) smallest = s;
    ++m;
  }
  if (T(1) < sum && !approximately_equal(sum, T(1)))
    detail::throw_invalid(where, "known shares sum to more than 1");
  T remainder = T(T(1) - sum);
  if (remainder < T(0)) remainder = T(0);
  if (total_sources) {
    const std::size_t n = *total_sources;
    if (n < m)
      detail::throw_invalid(where, detail::concat("total number of sources ", std::to_string(n),
                                                  " is less than the ", std::to_string(m),
                                                  " known shares"));
    if (T(0) < remainder) {
      if (n == m && !approximately_equal(remainder, T(0)))
        detail::throw_domain(where, "known shares sum to less than 1 but no other source exists");
      // R must fit in the N - m unknown sources, none larger than the smallest known.
      const T room = m == 0 ? T(1) : T(detail::from_count<T>(n - m) * smallest);
      if (room < remainder && !approximately_equal(room, remainder))
        detail::throw_domain(where, detail::concat("the remainder does not fit in ",
                                                   std::to_string(n - m),
                                                   " sources no larger than the smallest known share"));
    }
  }
  return detail::remainder_bounds(sum_squares, m, smallest, remainder, total_sources);
}

}  // namespace chokepoint
