// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// One scenario at a time (disruption_model::evaluate and time_to_survive): the first
// shortage by Newton steps on the convex F(t) = max_m G_m(t) of each supply interval, by
// a scan from one stock exhaustion to the next where an alternate ramps up, then the
// cascade from there (cascade.hpp). The object is the caller's reusable scratch space;
// the derivation is in docs/architecture.md ("One scenario: the first shortage").

#include <chokepoint/detail/disruption/cascade.hpp>
#include <chokepoint/detail/disruption/core.hpp>
#include <chokepoint/detail/disruption/crossing.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace chokepoint::detail {

/// What a pass over the items computes besides net_i(t): left or right slopes, and with
/// right slopes whether each item is exhausted right after t, and the next exhaustion.
enum class slopes : std::uint8_t { left, right, right_and_next_exhaustion };

template <scalar T>
class scenario_search {
 public:
  /// System TTS of a scenario within `horizon` days, with the binding materials.
  [[nodiscard]] survival<T> time_to_survive(const disruption_core<T>& core, const scenario<T>& sc, const T& horizon) {
    prepare(core, sc, horizon);
    survival<T> out;
    if (const auto tau = first_shortage(T(0), horizon)) {
      out.time = *tau;
      binding_at(*tau, out.binding);
      if (out.binding.empty()) out.time.reset();  // only rounding noise: no shortage
    }
    return out;
  }

  /// TTS, the cascade, TTR and lost production of a scenario.
  [[nodiscard]] disruption_result<T> evaluate(const disruption_core<T>& core, const scenario<T>& sc,
                                              const disruption_options<T>& options) {
    const T& horizon = options.horizon;
    prepare(core, sc, horizon);
    disruption_result<T> out;
    core.begin_result(out, curves_, recovery_);
    if (const auto tau = first_shortage(T(0), horizon)) {
      binding_at(*tau, binding_);  // empty: rounding only; the cascade looks further
      affected_.clear();
      for (const std::uint32_t m : curves_.affected_materials()) affected_.push_back(core.bom().materials()[m]);
      engine_.bind(core.network());
      engine_.follow_ancestors_of(affected_);
      engine_.start_at(*tau);
      core.run_cascade(*tau, binding_, options, engine_, curves_, recovery_, stops_, out);
    }
    core.finish_result(out, horizon);
    return out;
  }

 private:
  /// Resolves the scenario's names, builds its supply curves, and restarts every line.
  void prepare(const disruption_core<T>& core, const scenario<T>& sc, const T& horizon) {
    core_ = &core;
    disruption_core<T>::check_horizon(horizon);
    core.resolve(sc, cuts_, alternates_, receipts_, horizon);
    core.check_horizon_scale(horizon, disruption_core<T>::total_capacity(alternates_),
                             disruption_core<T>::total_receipts(receipts_));
    curves_.assign(core_->sources(), core_->planned_rates(), cuts_, alternates_, receipts_);
    const std::size_t n = core_->demand().size();
    net_.resize(n);
    slope_.resize(n);
    exhausted_.resize(n);
    demand_slope_.assign(core_->demand().begin(), core_->demand().end());
    demand_stopped_.assign(n, T(0));
    flagged_.assign(core_->planned_rates().size(), 0);
  }

  [[nodiscard]] static T tolerance() { return scalar_traits<T>::tolerance(); }

  /// One pass at time t: net_i(t) into net_ and its left or right slope into slope_; for
  /// right slopes, exhausted_[i] says whether i's stock is exhausted right after t, and
  /// the next exhaustion time is found if asked.
  void pass(const T& t, slopes kind) {
    const bool right = kind != slopes::left;
    const bool find_next = kind == slopes::right_and_next_exhaustion;
    const std::size_t n = core_->demand().size();
    const T tol = tolerance();
    has_next_exhaustion_ = false;
    for (item_id i = 0; i < n; ++i) {
      T g = demand_slope_[i] == T(0) ? demand_stopped_[i] : T(demand_slope_[i] * t);
      T s = demand_slope_[i];
      const auto ps = core_->bom().parents(i);
      const auto qs = core_->bom().parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k) {
        const item_id p = ps[k];
        if (net_[p] > T(0)) g += qs[k] * net_[p];
        if (slope_[p] > T(0)) s += qs[k] * slope_[p];
      }
      const T& stock = core_->stock()[i];
      if (!right) {
        if (g > stock) {
          net_[i] = T(g - stock);
          slope_[i] = std::move(s);
        } else {
          net_[i] = T(0);
          slope_[i] = T(0);
        }
        continue;
      }
      bool out = s > T(0);
      if (out && g < stock) {
        if constexpr (scalar_traits<T>::is_exact) {
          out = false;
        } else {
          const T scale = g < stock ? stock : g;
          out = !(T(stock - g) > T(tol * scale));
        }
      }
      net_[i] = g > stock ? T(g - stock) : T(0);
      if (out) {
        slope_[i] = std::move(s);
      } else {
        slope_[i] = T(0);
        if (find_next && s > T(0)) {
          const T when = T(t + T(T(stock - g) / s));
          if (!has_next_exhaustion_ || when < next_exhaustion_) {
            next_exhaustion_ = when;
            has_next_exhaustion_ = true;
          }
        }
      }
      exhausted_[i] = out ? 1 : 0;
    }
  }

  /// F(t) = max_m G_m(t), G_m = net_m(t) - C_m(t) - slack, after a pass at t in interval
  /// j, with the left slope of F.
  struct f_value {
    T value;
    T slope;
    T next;  ///< min over materials with G_m > 0 of the root of G_m's supporting line
    bool has_next;
  };
  f_value shortage(const T& t, std::size_t j) {
    const auto mats = core_->bom().materials();
    const T tol = tolerance();
    f_value f{T(0), T(0), T(0), false};
    bool any = false;
    for (std::uint32_t m = 0; m < mats.size(); ++m) {
      const item_id i = mats[m];
      T g = T(net_[i] - curves_.cumulative(m, j, t));
      T s = T(slope_[i] - curves_.rate(m, j, t));
      if (tol > T(0)) {
        g -= T(tol * T(core_->planned_rates()[m] * t));
        s -= T(tol * core_->planned_rates()[m]);
      }
      // Ties: the smallest left slope gives the supporting line of the max (the largest
      // right slope is the right derivative).
      if (!any || g > f.value || (g == f.value && s < f.slope)) {
        f.value = g;
        f.slope = s;
        any = true;
      }
      // Each short material's supporting line has its root at or after that material's
      // first shortage, so the smallest such root is still >= the first time F > 0 and
      // is at least as close to it as the step on F's own supporting line.
      if (g > T(0) && s > T(0)) {
        T root_m = T(t - T(g / s));
        if (!f.has_next || root_m < f.next) {
          f.next = std::move(root_m);
          f.has_next = true;
        }
      }
    }
    return f;
  }

  /// The first time in [from, horizon] with a shortage, if any. Materials found to
  /// cross exactly there by the ramp sweep are flagged in flagged_.
  std::optional<T> first_shortage(const T& from, const T& horizon) {
    std::fill(flagged_.begin(), flagged_.end(), 0);
    if (horizon < from) return std::nullopt;
    const supply_curves<T>& c = curves_;
    for (std::size_t j = c.interval_of(from); j < c.interval_count(); ++j) {
      const T a = j == c.interval_of(from) ? from : c.start_time(j);
      if (horizon < a) break;
      const bool last = j + 1 == c.interval_count() || horizon < c.start_time(j + 1);
      const T b = last ? horizon : c.start_time(j + 1);
      std::optional<T> found = c.ramping(j) ? ramp_scan(a, b, j) : newton(a, b, j);
      if (found) return found;
      if (last) break;
    }
    return std::nullopt;
  }

  /// The first time r in [a, b) after which F > 0, on an interval where F is convex;
  /// none when F(b) <= 0 (then F <= 0 on all of [a, b]). F(a) <= 0 on entry.
  /// Steps come from the right: F > 0 at hi, F <= 0 at lo, and r in (lo, hi].
  std::optional<T> newton(const T& a, const T& b, std::size_t j) {
    pass(b, slopes::left);
    f_value f = shortage(b, j);
    if (!(f.value > T(0))) return std::nullopt;
    T lo = a, hi = b;
    const std::size_t cap = newton_passes();
    std::size_t passes = 0;
    while (passes++ < cap) {
      if (!f.has_next) return hi;  // only rounding can do this: hi is the root
      T next = f.next;
      if (!(next < hi)) return hi;  // no progress: the root is hi within rounding
      if (next < lo) next = lo;
      pass(next, slopes::left);
      f_value fn = shortage(next, j);
      if (fn.value > T(0)) {
        hi = std::move(next);
        f = std::move(fn);
        continue;
      }
      // F(next) <= 0: by convexity next is the root, up to the rounding of a step from
      // hi (a few eps hi). Far from hi (a long horizon) that is more than the binding
      // test tolerates at the root, so step again from just right of next.
      lo = std::move(next);
      if (!steps_round_far(lo, hi)) return lo;
      T reach = T(T(16) * T(scalar_traits<T>::epsilon() * hi));
      for (;; reach *= T(16)) {
        T probe = T(lo + reach);
        if (!(probe < hi) || passes++ >= cap) return lo;
        pass(probe, slopes::left);
        fn = shortage(probe, j);
        if (fn.value > T(0)) {
          hi = std::move(probe);
          f = std::move(fn);
          break;
        }
        lo = std::move(probe);
      }
    }
    return hi;
  }

  /// Enough passes for the search to end on its own: exact steps land on a new piece of
  /// F each time; rounded ones converge within 200, plus two for each step back from a
  /// far landing, which cuts the distance to the root by 16 eps (at least half the
  /// type's digits of its exponent range each time).
  [[nodiscard]] std::size_t newton_passes() {
    if constexpr (scalar_traits<T>::is_exact) {
      return core_->demand().size() + core_->planned_rates().size() + 64;
    } else {
      using limits = std::numeric_limits<T>;
      return 200 + 2 * (2 * std::size_t(limits::max_exponent) / std::size_t(limits::digits) + 2);
    }
  }

  /// Whether a step from hi may land further from the root than the binding test's
  /// tolerance at lo allows: a step rounds by a few eps hi, the test allows
  /// tolerance() = 256 eps of the root's own scale (times under 16 eps days count as 0).
  [[nodiscard]] static bool steps_round_far(const T& lo, const T& hi) {
    if constexpr (scalar_traits<T>::is_exact) {
      return false;
    } else {
      const T eps = scalar_traits<T>::epsilon();
      return T(16) * (lo < eps ? eps : lo) < hi;
    }
  }

  /// First t in [a, b) with F > 0 on an interval where some C_m is quadratic: from one
  /// stock-exhaustion event to the next, every G_m is a concave quadratic.
  std::optional<T> ramp_scan(const T& a, const T& b, std::size_t j) {
    const auto mats = core_->bom().materials();
    const T tol = tolerance();
    T t0 = a;
    for (std::size_t events = 0; events <= core_->demand().size() + 1; ++events) {
      pass(t0, slopes::right_and_next_exhaustion);
      T t1 = b;
      if (has_next_exhaustion_ && next_exhaustion_ < b) t1 = next_exhaustion_;
      if (t1 < t0) t1 = t0;
      const T len = T(t1 - t0);
      std::optional<T> best;
      for (std::uint32_t m = 0; m < mats.size(); ++m) {
        const item_id i = mats[m];
        const T scale = T(net_[i] + curves_.cumulative(m, j, t0) + T(core_->planned_rates()[m] * t0));
        T g0 = T(net_[i] - curves_.cumulative(m, j, t0));
        T beta = T(slope_[i] - curves_.rate(m, j, t0));
        if (tol > T(0)) {
          g0 -= T(tol * T(core_->planned_rates()[m] * t0));
          beta -= T(tol * core_->planned_rates()[m]);
        }
        if (!(beta > T(0))) continue;  // concave: never rises above its start
        const T gamma = T(curves_.ramp_slope(m, j) / T(2));
        const std::optional<T> u = g0 < T(-T(tol * scale)) ? first_root(g0, beta, gamma) : std::optional<T>(T(0));
        if (!u || !(*u < len)) continue;
        if (!best || *u < *best) {
          best = *u;
          std::fill(flagged_.begin(), flagged_.end(), 0);
        }
        if (*u == *best) flagged_[m] = 1;
      }
      if (best) return T(t0 + *best);
      if (!(t1 < b)) return std::nullopt;
      t0 = t1;
    }
    return std::nullopt;  // more events than items: only rounding can stall the sweep
  }

  /// Materials that bind at tau: G_m(tau) = 0 (within rounding, or flagged by the ramp
  /// sweep) and G_m growing right after tau. Leaves a right pass at tau in ws.
  void binding_at(const T& tau, std::vector<item_id>& out) {
    out.clear();
    pass(tau, slopes::right);
    const auto mats = core_->bom().materials();
    for (std::uint32_t m = 0; m < mats.size(); ++m) {
      const item_id i = mats[m];
      const gap_at_time<T> g = gap_at(curves_, m, core_->planned_rates()[m], tau, net_[i], slope_[i]);
      if (g.slope > T(0) && (flagged_[m] || !(g.value < T(-g.scale)))) out.push_back(i);
    }
  }

  const disruption_core<T>* core_ = nullptr;
  supply_curves<T> curves_;
  std::vector<resolved_cut<T>> cuts_;
  std::vector<resolved_alternate<T>> alternates_;
  std::vector<resolved_receipt<T>> receipts_;
  std::vector<T> net_, slope_, demand_slope_, demand_stopped_;
  std::vector<char> exhausted_, flagged_;
  std::vector<std::optional<T>> recovery_;  // per material position
  T next_exhaustion_ = T(0);
  bool has_next_exhaustion_ = false;
  kinetic_cascade<T> engine_;
  std::vector<typename kinetic_cascade<T>::line_stop> stops_;
  std::vector<item_id> binding_, affected_;
};

}  // namespace chokepoint::detail
