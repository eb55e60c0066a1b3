// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The crossing kernel: where a material's net requirement, linear in time on a piece,
// meets its cumulative supply C_m (supply_curves.hpp), which is linear on a supply
// interval or quadratic while an alternate ramps up. The first search, the cascade and
// the batch all ask these questions, with the same arithmetic, so that they agree to the
// bit. The slack of floating types and the tie window are explained in docs/model.md
// ("Numbers, rounding and tolerances").

#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace chokepoint::detail {

/// The supply a shortage test adds for a material planned at `planned` units a day:
/// rounding alone never makes a shortage (0 for exact types; docs/model.md, "Numbers,
/// rounding and tolerances"). One rule for the search, the cascade and the batch.
template <scalar T>
[[nodiscard]] T shortage_slack(const T& planned) {
  return T(scalar_traits<T>::tolerance() * planned);
}

/// The same for BOM material m.
template <scalar T>
[[nodiscard]] T shortage_slack(const disruption_network<T>& net, item_id m) {
  return shortage_slack(net.planned[net.material_positions[m]]);
}

/// A square root for the ramp formula: in T for floating types, through double for
/// exact ones (documented in disruption.hpp).
template <scalar T>
[[nodiscard]] T square_root(const T& x) {
  if constexpr (scalar_traits<T>::is_exact) {
    return T(std::sqrt(static_cast<double>(x)));
  } else {
    using std::sqrt;
    return T(sqrt(x));
  }
}

/// From `time` on, the net requirement of a material is value + slope (t - time).
template <scalar T>
struct net_segment {
  T time;
  T value;
  T slope;
};

/// The first u > 0 at which g + beta u - gamma u^2 reaches 0, for g < 0, beta > 0 and
/// gamma >= 0 (a gap that rises on a linear or ramping piece of supply): the smaller root
/// of the quadratic, written without cancellation; none when it never reaches 0.
template <scalar T>
[[nodiscard]] std::optional<T> first_root(const T& g, const T& beta, const T& gamma) {
  if (gamma == T(0)) return T(-g / beta);
  const T disc = T(T(beta * beta) + T(T(4) * T(gamma * g)));
  if (!(disc > T(0))) return std::nullopt;
  return T(T(T(-2) * g) / T(beta + square_root(disc)));
}

/// The first t in [a, b) at which G(t) = net0 + sigma (t - t0) - C_m(t) - slack t > 0,
/// with slack = tolerance * g_m, on supply interval j (a, b inside it). The root of
/// G = 0 where G starts to rise; none when G does not rise above 0 before b.
template <scalar T>
[[nodiscard]] std::optional<T> crossing_on_piece(const supply_curves<T>& c, material_position m, const T& slack,
                                                 std::size_t j, const T& t0, const T& net0, const T& sigma, const T& a,
                                                 const T& b) {
  const T g = T(T(net0 + T(sigma * T(a - t0))) - T(c.cumulative(m, j, a) + T(slack * a)));
  const T beta = T(T(sigma - c.rate(m, j, a)) - slack);
  if (!(beta > T(0))) return std::nullopt;  // G falls (or stays) on the whole piece
  const T gamma = T(c.ramp_slope(m, j) / T(2));
  T r = a;
  if (g < T(0)) {
    const auto u = first_root(g, beta, gamma);
    if (!u) return std::nullopt;
    r = T(a + *u);
  }
  if (r < a) r = a;
  if (!(r < b)) return std::nullopt;
  return r;
}

/// First crossing of a net requirement that is linear from (t0, net0) with slope sigma,
/// over the supply intervals from t0 up to (excluding) `bound`.
template <scalar T>
[[nodiscard]] std::optional<T> first_crossing(const supply_curves<T>& c, material_position m, const T& slack,
                                              const T& t0, const T& net0, const T& sigma, const T& bound) {
  if (!(t0 < bound)) return std::nullopt;
  const std::size_t nj = c.interval_count();
  for (std::size_t j = c.interval_of(t0); j < nj; ++j) {
    const T a = c.start_time(j) < t0 ? t0 : c.start_time(j);
    if (!(a < bound)) break;
    const T b = j + 1 < nj && c.start_time(j + 1) < bound ? c.start_time(j + 1) : bound;
    if (auto r = crossing_on_piece(c, m, slack, j, t0, net0, sigma, a, b)) return r;
  }
  return std::nullopt;
}

/// G_m(tau) = net - C_m(tau) - slack tau and its right slope (net_m's right slope minus
/// S_m's, minus slack), with the scale within which G_m counts as 0 (0 for exact types).
template <scalar T>
struct gap_at_time {
  T value, slope, scale;
};
template <scalar T>
[[nodiscard]] gap_at_time<T> gap_at(const supply_curves<T>& c, material_position m, const T& planned_m, const T& tau,
                                    const T& net, const T& slope) {
  const T tol = scalar_traits<T>::tolerance();
  const std::size_t j = c.interval_of(tau);
  const T cum = c.cumulative(m, j, tau);
  const T sl = T(tol * planned_m);
  return {T(T(net - cum) - T(sl * tau)), T(T(slope - c.rate(m, j, tau)) - sl),
          T(tol * T(T(net + cum) + T(planned_m * tau)))};
}

/// Whether material m binds at tau: G_m(tau) is 0 (within its scale) and grows right
/// after tau, given net_m at tau and its right slope.
template <scalar T>
[[nodiscard]] bool binds_at(const supply_curves<T>& c, material_position m, const T& planned_m, const T& tau,
                            const T& net, const T& slope) {
  const gap_at_time<T> g = gap_at(c, m, planned_m, tau, net, slope);
  return g.slope > T(0) && !(g.value < T(-g.scale));
}

/// Whether the line net0 + rate (t - t0) comes within `margin` of C_m(t) + slack t
/// anywhere on [t0, t1] (material position m): checked at the ends of every supply
/// interval and at the top of a ramp, where the gap is concave.
template <scalar T>
[[nodiscard]] bool may_reach_supply(const supply_curves<T>& c, material_position m, const T& slack, const T& t0,
                                    const T& net0, const T& rate, const T& t1, const T& margin) {
  const auto reaches = [&](std::size_t j, const T& t) {
    const T h = T(T(net0 + T(rate * T(t - t0))) - T(c.cumulative(m, j, t) + T(slack * t)));
    return h > T(-margin);
  };
  const std::size_t nj = c.interval_count();
  for (std::size_t j = c.interval_of(t0); j < nj; ++j) {
    const T a = c.start_time(j) < t0 ? t0 : c.start_time(j);
    if (!(a < t1)) break;
    const T b = j + 1 < nj && c.start_time(j + 1) < t1 ? c.start_time(j + 1) : t1;
    if (reaches(j, a) || reaches(j, b)) return true;
    const T gamma = T(c.ramp_slope(m, j) / T(2));
    if (gamma > T(0)) {
      const T beta = T(T(rate - c.rate(m, j, a)) - slack);
      const T u = T(beta / T(T(2) * gamma));
      if (u > T(0) && T(a + u) < b && reaches(j, T(a + u))) return true;
    }
  }
  return false;
}

/// How far after a shortage at tau other predicted shortages are looked at as possibly
/// binding with it (then decided by binds_at): none for exact types.
template <scalar T>
[[nodiscard]] T tie_window(const T& tau) {
  if constexpr (scalar_traits<T>::is_exact) {
    return tau;
  } else {
    using std::abs;
    const T scale = abs(tau) < T(1) ? T(1) : T(abs(tau));
    return T(tau + T(scale / T(1000000)));
  }
}

}  // namespace chokepoint::detail
