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

#include <chokepoint/detail/message.hpp>
#include <chokepoint/detail/share_statistics.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>

namespace chokepoint {

/// A range of numbers of one scalar type: volumes or shares. Integers are excluded:
/// shares are ratios, and integer division would truncate them (convert to double or
/// cpp_rational first).
template <class R>
concept scalar_range = std::ranges::input_range<R> && scalar<std::ranges::range_value_t<R>>;

/// The scalar type of a scalar_range.
template <scalar_range R>
using range_scalar_t = std::ranges::range_value_t<R>;

/// HHI points per unit of HHI fraction: shares in percent, squared (10000).
using detail::hhi_points_per_unit;

/// Bounds on an HHI (fraction scale) that cannot be computed exactly.
template <scalar T>
struct hhi_interval {
  T lower;
  T upper;

  /// lower <= h <= upper.
  [[nodiscard]] bool contains(const T& h) const { return !(h < lower) && !(upper < h); }
};

/// HHI on the fraction scale, sum of squared shares, in [1/n, 1].
/// Example: volumes {30, 30, 20, 20} give 0.26.
template <class R = std::initializer_list<double>>
requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> hhi(R&& volumes) {
  return detail::sum_volumes("chokepoint::hhi", std::forward<R>(volumes)).volume_hhi();
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
  return to_points(detail::sum_volumes("chokepoint::hhi_points", std::forward<R>(volumes)).volume_hhi());
}

/// Normalised HHI (H - 1/n) / (1 - 1/n) in [0, 1], n the number of sources with positive
/// volume; 1 for a single source.
template <class R = std::initializer_list<double>>
requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> normalized_hhi(R&& volumes) {
  const auto s = detail::sum_volumes("chokepoint::normalized_hhi", std::forward<R>(volumes));
  return detail::normalize_hhi(s.volume_hhi(), s.count);
}

/// Effective number of sources 1/H: n equal sources give n.
template <class R = std::initializer_list<double>>
requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> effective_sources(R&& volumes) {
  return detail::sum_volumes("chokepoint::effective_sources", std::forward<R>(volumes)).volume_effective_number();
}

/// CR_k, the combined share of the k largest sources: 0 for k = 0, 1 once k reaches the
/// number of sources.
template <class R = std::initializer_list<double>>
requires scalar_range<R>
[[nodiscard]] range_scalar_t<R> concentration_ratio(R&& volumes, std::size_t k) {
  using T = range_scalar_t<R>;
  constexpr std::string_view where = "chokepoint::concentration_ratio";
  auto [v, total] = detail::collect_volumes(where, std::forward<R>(volumes));
  detail::require_supply(where, v.size(), total);
  if (k == 0) return T(0);
  if (k >= v.size()) return T(1);
  return T(detail::sum_of_largest(v, k) / total);
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
  if (T(1) < sum && !approximately_equal(sum, T(1))) detail::throw_invalid(where, "shares sum to more than 1");
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
[[nodiscard]] hhi_interval<range_scalar_t<R>> hhi_bounds(R&& top_shares,
                                                         std::optional<std::size_t> total_sources = std::nullopt) {
  using T = range_scalar_t<R>;
  constexpr std::string_view where = "chokepoint::hhi_bounds";
  detail::positive_sums<T> known;
  std::size_t index = 0;
  for (auto&& element : top_shares) {
    const T s = element;
    if (!scalar_traits<T>::is_finite(s) || s < T(0) || T(1) < s)
      detail::throw_invalid(where, detail::concat("share at index ", std::to_string(index), " outside [0, 1]"));
    ++index;
    if (T(0) < s) known.add(s);
  }
  const T& sum = known.sum;
  const T& smallest = known.smallest;
  const std::size_t m = known.count;
  if (T(1) < sum && !approximately_equal(sum, T(1))) detail::throw_invalid(where, "known shares sum to more than 1");
  T remainder = T(T(1) - sum);
  if (remainder < T(0)) remainder = T(0);
  if (total_sources) {
    const std::size_t n = *total_sources;
    if (n < m)
      detail::throw_invalid(where, detail::concat("total number of sources ", std::to_string(n), " is less than the ",
                                                  std::to_string(m), " known shares"));
    if (T(0) < remainder) {
      if (n == m && !approximately_equal(remainder, T(0)))
        detail::throw_domain(where, "known shares sum to less than 1 but no other source exists");
      // R must fit in the N - m unknown sources, none larger than the smallest known.
      const T room = m == 0 ? T(1) : T(detail::from_count<T>(n - m) * smallest);
      if (room < remainder && !approximately_equal(room, remainder))
        detail::throw_domain(where, detail::concat("the remainder does not fit in ", std::to_string(n - m),
                                                   " sources no larger than the smallest known share"));
    }
  }
  return detail::remainder_bounds(known.sum_squares, m, smallest, remainder, total_sources);
}

}  // namespace chokepoint
