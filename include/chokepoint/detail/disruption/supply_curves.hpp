// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The supply of every material under one scenario as an exact piecewise function of
// time (docs/model.md, "Supply under a scenario"): S_m(t) = g_m sum_k s_mk (1 - a_k(t))
// + alternates_m(t), C_m(t) = its integral + the receipts of m arrived by t, where a_k(t)
// is the largest fraction any limit removes from source k at t (the tightest wins).
// Time is split at the scenario's breakpoints into intervals [t_j, t_{j+1}); on each,
// S_m is linear (C_m linear, or quadratic while an alternate ramps up), and a receipt is
// a jump of C_m at an interval's start, so a search that walks interval j evaluates C_m
// with interval j's own formula. Only affected materials get numbers per interval; for
// the others C_m(t) = g_m t exactly. assign() reuses the buffers from one scenario to
// the next.

#include <chokepoint/assert.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chokepoint::detail {

/// A cut or quota with its target resolved to a supplier or country id of the supply
/// base: `fraction` of the flow of material position `material` (no_index: of every
/// material) removed over [start, end), arrivals' times (the delay added).
template <scalar T>
struct resolved_cut {
  cut_target target;
  std::uint32_t id;
  T fraction;
  T start;
  std::optional<T> end;
  std::uint32_t material = no_index;
};

/// A receipt with its material resolved to a material position.
template <scalar T>
struct resolved_receipt {
  std::uint32_t material;
  T quantity;
  T arrival;
};

/// An alternate with its material resolved to a material position.
template <scalar T>
struct resolved_alternate {
  std::uint32_t material;
  T capacity;
  T lead_time;
  T ramp;
};

/// Calls touch(m) for every material position whose supply the scenario changes: those
/// with a source under a cut or quota, an alternate or a receipt (repeats possible).
template <scalar T, class Touch>
void for_each_affected(const source_table<T>& sources, std::span<const resolved_cut<T>> cuts,
                       std::span<const resolved_alternate<T>> alternates, std::span<const resolved_receipt<T>> receipts,
                       Touch&& touch) {
  for (const auto& c : cuts) {
    if (c.fraction == T(0)) continue;
    if (c.material != no_index) {
      touch(c.material);
      continue;
    }
    const bool by_country = c.target == cut_target::country;
    const auto& off = by_country ? sources.country_offsets : sources.supplier_offsets;
    const auto& list = by_country ? sources.by_country : sources.by_supplier;
    if (c.id + 1 >= off.size()) continue;  // a name with no source among the model's materials
    for (std::size_t k = off[c.id]; k < off[c.id + 1]; ++k) touch(sources.material[list[k]]);
  }
  for (const auto& a : alternates)
    if (a.capacity > T(0)) touch(a.material);
  for (const auto& r : receipts)
    if (r.quantity > T(0)) touch(r.material);
}

template <scalar T>
class supply_curves {
 public:
  /// Fills the curves for one scenario. `planned` is g_m per material position.
  void assign(const detail::source_table<T>& sources, std::span<const T> planned,
              std::span<const detail::resolved_cut<T>> cuts, std::span<const detail::resolved_alternate<T>> alternates,
              std::span<const detail::resolved_receipt<T>> receipts = {}) {
    planned_ = planned;
    const std::size_t nm = planned.size();
    if (affected_index_.size() != nm) affected_index_.assign(nm, detail::no_index);
    for (const std::uint32_t m : affected_) affected_index_[m] = detail::no_index;
    affected_.clear();

    // Breakpoints.
    times_.clear();
    times_.push_back(T(0));
    for (const auto& c : cuts) {
      if (c.fraction == T(0)) continue;
      times_.push_back(c.start);
      if (c.end) times_.push_back(*c.end);
    }
    for (const auto& a : alternates) {
      if (a.capacity == T(0)) continue;
      times_.push_back(a.lead_time);
      if (a.ramp > T(0)) times_.push_back(T(a.lead_time + a.ramp));
    }
    for (const auto& r : receipts)
      if (r.quantity > T(0)) times_.push_back(r.arrival);
    std::sort(times_.begin(), times_.end());
    times_.erase(std::unique(times_.begin(), times_.end()), times_.end());
    const std::size_t nj = times_.size();

    // Affected materials: those with a cut source or an alternate.
    const auto touch = [this](material_position m) {
      if (affected_index_[m] == detail::no_index) {
        affected_index_[m] = static_cast<std::uint32_t>(affected_.size());
        affected_.push_back(m);
      }
    };
    detail::for_each_affected(sources, cuts, alternates, receipts, touch);

    const std::size_t na = affected_.size();
    rate_.assign(na * nj, T(0));
    slope_.assign(na * nj, T(0));
    start_.assign(na * nj, T(0));
    ramping_.assign(nj, 0);
    for (std::size_t k = 0; k < na; ++k) {
      const std::uint32_t m = affected_[k];
      T* rate = rate_.data() + k * nj;
      T* slope = slope_.data() + k * nj;
      for (std::size_t j = 0; j < nj; ++j) {
        // Cut part: g_m (1 - sum_k s_k a_k(t_j)); cuts are constant on the interval.
        T cut_share(0);
        for (std::size_t s = sources.offsets[m]; s < sources.offsets[m + 1]; ++s) {
          T a(0);
          for (const auto& c : cuts) {
            const std::uint32_t target = c.target == cut_target::country ? sources.country[s] : sources.supplier[s];
            if (target == c.id && (c.material == detail::no_index || c.material == m) && !(times_[j] < c.start) &&
                (!c.end || times_[j] < *c.end) && a < c.fraction)
              a = c.fraction;
          }
          if (a > T(0)) cut_share += sources.share[s] * a;
        }
        rate[j] = cut_share == T(0) ? planned[m] : T(planned[m] * T(T(1) - cut_share));
      }
      for (const auto& a : alternates) {
        if (a.material != m || a.capacity == T(0)) continue;
        const T full = T(a.lead_time + a.ramp);
        for (std::size_t j = 0; j < nj; ++j) {
          if (times_[j] < a.lead_time) continue;
          if (!(times_[j] < full)) {
            rate[j] += a.capacity;
          } else {  // ramping: lead_time <= t_j < lead_time + ramp, so ramp > 0
            const T per_day = T(a.capacity / a.ramp);
            rate[j] += T(per_day * T(times_[j] - a.lead_time));
            slope[j] += per_day;
            ramping_[j] = 1;
          }
        }
      }
      T* start = start_.data() + k * nj;
      for (const auto& r : receipts)  // jumps, added to the interval their arrival opens
        if (r.material == m && r.quantity > T(0)) start[interval_of(r.arrival)] += r.quantity;
      for (std::size_t j = 0; j + 1 < nj; ++j) {
        const T dt = T(times_[j + 1] - times_[j]);
        start[j + 1] += T(start[j] + T(rate[j] * dt) + T(slope[j] * T(dt * dt) / T(2)));
      }
    }
  }

  /// Number of intervals; interval j is [start_time(j), start_time(j + 1)), the last open.
  [[nodiscard]] std::size_t interval_count() const noexcept { return times_.size(); }
  [[nodiscard]] const T& start_time(std::size_t j) const { return times_[j]; }
  /// The interval that contains t >= 0 (right-continuous: a breakpoint opens its interval).
  [[nodiscard]] std::size_t interval_of(const T& t) const {
    const auto it = std::upper_bound(times_.begin(), times_.end(), t);
    return it == times_.begin() ? 0 : static_cast<std::size_t>(it - times_.begin()) - 1;
  }
  /// Whether some alternate ramps up during interval j (C_m is then quadratic there).
  [[nodiscard]] bool ramping(std::size_t j) const { return ramping_[j] != 0; }

  /// Whether the scenario touches material position m at all.
  [[nodiscard]] bool affected(material_position m) const { return affected_index_[m] != detail::no_index; }
  [[nodiscard]] std::span<const std::uint32_t> affected_materials() const noexcept { return affected_; }

  /// S_m(t) for t in interval j (the value just after t_j at t = t_j).
  [[nodiscard]] T rate(material_position m, std::size_t j, const T& t) const {
    const std::uint32_t k = affected_index_[m];
    if (k == detail::no_index) return planned_[m];
    const std::size_t at = k * times_.size() + j;
    if (slope_[at] == T(0)) return rate_[at];
    return T(rate_[at] + T(slope_[at] * T(t - times_[j])));
  }
  /// dS_m/dt on interval j (positive only during a ramp).
  [[nodiscard]] T ramp_slope(material_position m, std::size_t j) const {
    const std::uint32_t k = affected_index_[m];
    return k == detail::no_index ? T(0) : slope_[k * times_.size() + j];
  }
  /// C_m(t) for t in the closure of interval j.
  [[nodiscard]] T cumulative(material_position m, std::size_t j, const T& t) const {
    const std::uint32_t k = affected_index_[m];
    if (k == detail::no_index) return T(planned_[m] * t);
    const std::size_t at = k * times_.size() + j;
    const T dt = T(t - times_[j]);
    if (slope_[at] == T(0)) return T(start_[at] + T(rate_[at] * dt));
    return T(start_[at] + T(rate_[at] * dt) + T(slope_[at] * T(dt * dt) / T(2)));
  }

  /// Time-to-recover of material position m: the earliest time after which
  /// S_m(t) >= g_m holds for good (0 if it always does); empty if it never does.
  /// `slack` is a relative tolerance (0 for exact types): S_m >= (1 - slack) g_m counts.
  [[nodiscard]] std::optional<T> time_to_recover(material_position m, const T& slack = T(0)) const {
    const std::uint32_t k = affected_index_[m];
    if (k == detail::no_index) return T(0);
    const std::size_t nj = times_.size();
    const T need = T(planned_[m] - T(slack * planned_[m]));
    const T* rate = rate_.data() + k * nj;
    const T* slope = slope_.data() + k * nj;
    if (rate[nj - 1] < need) return std::nullopt;  // no ramp in the last interval
    // S_m is non-decreasing inside each interval: find the last interval that starts short.
    for (std::size_t j = nj - 1; j-- > 0;) {
      if (!(rate[j] < need)) continue;
      if (slope[j] > T(0)) {
        const T cross = T(times_[j] + T(T(need - rate[j]) / slope[j]));
        if (cross < times_[j + 1]) return cross;
      }
      return times_[j + 1];
    }
    return T(0);
  }

 private:
  std::span<const T> planned_;
  std::vector<T> times_;
  std::vector<std::uint32_t> affected_index_;  // per material position, or no_index
  std::vector<std::uint32_t> affected_;
  std::vector<T> rate_, slope_, start_;  // affected x intervals
  std::vector<char> ramping_;
};

}  // namespace chokepoint::detail
