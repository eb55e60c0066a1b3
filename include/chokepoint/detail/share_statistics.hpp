// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The arithmetic of concentration, shared by every place that measures it: the free
// functions on volumes (concentration.hpp), a supply base's measures per material
// (supply.hpp), the governance-weighted HHI (governance.hpp) and a product's country
// exposure (exposure.hpp). One copy, so that the same question gets the same answer,
// bit for bit, wherever it is asked: each step keeps the one order of operations (and
// the one rounding per step) that the results and their tests are built on.
//
// Volumes are checked here (finite, not negative) with the caller's name in the
// message; shares are volumes over their total, computed by the caller.

#include <chokepoint/detail/from_count.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <functional>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint::detail {

// ---- volumes ---------------------------------------------------------------------------

template <scalar T>
void check_volume(std::string_view where, const T& v, std::size_t index) {
  if (!scalar_traits<T>::is_finite(v))
    throw_invalid(where, concat("volume at index ", std::to_string(index), " is not finite"));
  if (v < T(0)) throw_invalid(where, concat("volume at index ", std::to_string(index), " is negative"));
}

/// The errors of volumes that supply nothing: none given, or all zero.
template <scalar T>
void require_supply(std::string_view where, std::size_t count, const T& total) {
  if (count == 0) throw_domain(where, "no volumes");
  if (!(T(0) < total)) throw_domain(where, "volumes sum to zero");
}

/// Running sums over positive entries, volumes or shares: how many, their sum, the sum
/// of their squares and the smallest (1 while none: a share is at most 1).
template <scalar T>
struct positive_sums {
  std::size_t count = 0;
  T sum = T(0);
  T sum_squares = T(0);
  T smallest = T(1);

  void add(const T& x) {
    sum += x;
    sum_squares += x * x;
    if (x < smallest) smallest = x;
    ++count;
  }

  /// The HHI of the entries taken as volumes: sum of squares over the squared total.
  [[nodiscard]] T volume_hhi() const { return T(sum_squares / T(sum * sum)); }
  /// 1 / volume_hhi() as total^2 / sum of squares: one rounding, not two.
  [[nodiscard]] T volume_effective_number() const { return T(T(sum * sum) / sum_squares); }
};

/// One pass over volumes, each checked: the sums of the positive ones. Zero volumes
/// are accepted and not counted. Rejects an empty range and a zero total.
template <std::ranges::input_range R>
[[nodiscard]] positive_sums<std::ranges::range_value_t<R>> sum_volumes(std::string_view where, R&& volumes) {
  using T = std::ranges::range_value_t<R>;
  positive_sums<T> s;
  std::size_t index = 0;
  for (auto&& element : volumes) {
    const T v = element;
    check_volume(where, v, index);
    if (T(0) < v) s.add(v);
    ++index;
  }
  require_supply(where, index, s.sum);
  return s;
}

/// Volumes kept one by one (each checked) with their total, for the measures that need
/// every volume: CR_k, weighted sums over parallel ranges.
template <scalar T>
struct volume_list {
  std::vector<T> volumes;
  T total = T(0);
};

/// The volumes of a range, checked; require_supply() is left to the caller, whose other
/// checks may come first.
template <std::ranges::input_range R>
[[nodiscard]] volume_list<std::ranges::range_value_t<R>> collect_volumes(std::string_view where, R&& volumes) {
  using T = std::ranges::range_value_t<R>;
  volume_list<T> out;
  if constexpr (std::ranges::sized_range<R>) out.volumes.reserve(std::ranges::size(volumes));
  for (auto&& element : volumes) {
    const T x = element;
    check_volume(where, x, out.volumes.size());
    out.total += x;
    out.volumes.push_back(x);
  }
  return out;
}

// ---- largest entries ---------------------------------------------------------------------

/// The sum of the k largest entries of v, 1 <= k <= v.size() (CR_k before dividing by
/// the total). Reorders v.
template <scalar T>
[[nodiscard]] T sum_of_largest(std::vector<T>& v, std::size_t k) {
  const auto kth = v.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(v.begin(), kth - 1, v.end(), std::greater<T>());
  T top(0);
  for (auto it = v.begin(); it != kth; ++it) top += *it;
  return top;
}

/// The K largest shares seen, in descending order (0 where fewer were added).
template <scalar T, std::size_t K>
struct largest_shares {
  std::array<T, K> top;

  largest_shares() { top.fill(T(0)); }

  /// Adds s; true when s is larger than every share before it, so that the first of
  /// equal shares stays the largest.
  bool add(const T& s) {
    const bool new_largest = top[0] < s;
    for (std::size_t i = 0; i < K; ++i) {
      if (top[i] < s) {
        for (std::size_t j = K - 1; j > i; --j) top[j] = top[j - 1];
        top[i] = s;
        break;
      }
    }
    return new_largest;
  }
};

/// Entries ordered by share, largest first, equal shares in increasing id.
template <scalar T, class Id>
[[nodiscard]] bool larger_share_first(const T& a, const Id& a_id, const T& b, const Id& b_id) {
  return b < a || (!(a < b) && a_id < b_id);
}

// ---- HHI -------------------------------------------------------------------------------

/// HHI points per unit of HHI fraction: shares in percent, squared. Public as
/// chokepoint::hhi_points_per_unit (concentration.hpp); here for policy's checks too.
inline constexpr int hhi_points_per_unit = 10000;

/// sum += s^2 w t: one term of a governance-weighted HHI.
template <scalar T>
void add_weighted_square(T& sum, const T& share, const T& weight, const T& factor) {
  sum += T(T(share * share) * weight) * factor;
}

/// (n H - 1) / (n - 1): the normalised HHI for n > 1 positive sources; 1 for one.
template <scalar T>
[[nodiscard]] T normalize_hhi(const T& h, std::size_t n) {
  if (n <= 1) return T(1);
  const T nt = from_count<T>(n);
  return T(T(nt * h - T(1)) / T(nt - T(1)));
}

/// The effective number of sources 1/H of an HHI of shares; infinite for H = 0 (no
/// named source).
template <scalar T>
[[nodiscard]] T effective_number(const T& h) {
  return T(0) < h ? T(T(1) / h) : scalar_traits<T>::infinity();
}

/// The largest HHI when a mass u of unknown origin may come from anywhere: all of it
/// from the largest known source, H + 2 largest u + u^2.
template <scalar T>
[[nodiscard]] T hhi_with_unknown_upper(const T& h, const T& largest, const T& u) {
  return T(h + T(T(T(2) * largest) * u) + T(u * u));
}

namespace adl {
using std::floor;
template <class T>
concept has_floor = requires(const T& x) {
  floor(x);
};
template <class T>
T call_floor(const T& x) {
  return T(floor(x));
}
}  // namespace adl

/// floor(q) for q >= 0, also for types without a floor function (cpp_rational): a
/// double estimate corrected by whole steps.
template <scalar T>
[[nodiscard]] T floor_nonnegative(const T& q) {
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

/// Bounds on the HHI from the known shares (each > 0) and the remainder R = 1 - sum;
/// `smallest` is the smallest known share, `m` their number. Feasibility checked by
/// the caller.
template <scalar T>
[[nodiscard]] hhi_interval<T> remainder_bounds(const T& known_sum_squares, std::size_t m, const T& smallest,
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

}  // namespace chokepoint::detail
