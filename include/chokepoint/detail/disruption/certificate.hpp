// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The certificate: which materials can still run short before the horizon. Only a
// material at risk can stop a line. The net requirement of a material grows at most as
// fast as ghat_m, the demand of the running lines exploded to it ignoring all stock, which
// only falls as lines stop; a material whose bound net_m(t0) + ghat_m (t - t0) stays below
// its supply until the horizon can never bind again and is no longer at risk. The event
// loop (cascade.hpp) decides when a certificate runs and lets go of what leads only to the
// materials it drops (followed_set.hpp). Why it is sound and what it costs:
// docs/architecture.md ("The cascade, event by event").

#include <chokepoint/detail/disruption/crossing.hpp>
#include <chokepoint/detail/disruption/followed_set.hpp>
#include <chokepoint/detail/disruption/kinetic_state.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class certificate {
 public:
  std::vector<item_id> at_risk;  ///< the materials at risk (hot_state::at_risk set)
  std::vector<item_id> dropped;  ///< by the last sift()
  std::vector<T> ghat;           ///< per item: the running demand exploded to it ignoring stock

  void resize(std::size_t n) { ghat.assign(n, T(0)); }

  /// Material m is at risk from the start of a cascade.
  void start(item_id m, hot_state<T>& h) {
    h.at_risk = 1;
    at_risk.push_back(m);
  }

  /// With rows (see use_rows in cascade.hpp), line l stops: its demand, exploded to the
  /// materials of its row, no longer runs.
  void line_stops(const line_rows<T>& rows, std::uint32_t l) {
    for (std::size_t k = rows.offsets[l]; k < rows.offsets[l + 1]; ++k) ghat[rows.material[k]] -= rows.rate[k];
  }

  /// Without rows: ghat by exploding the running demand over the followed items (in id
  /// order). Returns the cost, the edges above them. clear() puts ghat back to 0.
  std::size_t explode(const followed_set<T>& followed, std::span<const hot_state<T>> hot,
                      std::span<const item_state<T>> st, const disruption_network<T>& net) {
    for (const item_id i : followed.list()) {
      if (!followed.follows(hot[i])) continue;
      T g = st[i].running ? net.demand[i] : T(0);
      const auto ps = net.bom->parents(i);
      const auto qs = net.bom->parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k)
        if (ghat[ps[k]] > T(0)) g += T(qs[k] * ghat[ps[k]]);
      ghat[i] = std::move(g);
    }
    return followed.edges();
  }
  void clear(const followed_set<T>& followed) {
    for (const item_id i : followed.list()) ghat[i] = T(0);
  }

  /// Keeps at risk the materials that may still bind after t0 and moves the others to
  /// `dropped`.
  void sift(const T& t0, std::span<hot_state<T>> hot, std::span<const item_state<T>> st,
            const disruption_network<T>& net, const supply_curves<T>& curves, const T& horizon) {
    const T tol = scalar_traits<T>::tolerance();
    std::size_t kept = 0;
    dropped.clear();
    for (const item_id m : at_risk) {
      if (may_bind(m, t0, tol, st[m], net, curves, horizon)) {
        at_risk[kept++] = m;
      } else {
        hot[m].at_risk = 0;
        dropped.push_back(m);
      }
    }
    at_risk.resize(kept);
  }

 private:
  /// Whether net_m(t0) + ghat_m (t - t0) can overtake C_m(t) + slack t on [t0, horizon]
  /// (with a margin for rounding: a material is dropped only with room to spare).
  [[nodiscard]] bool may_bind(item_id m, const T& t0, const T& tol, const item_state<T>& x,
                              const disruption_network<T>& net, const supply_curves<T>& curves,
                              const T& horizon) const {
    const material_position mp = net.material_positions[m];
    const T net0 = x.net_at(net.stock[m], t0);
    const T& rate = ghat[m];
    if (!(t0 < horizon)) return false;
    T margin(0);
    if (tol > T(0)) margin = T(T(64) * T(tol * T(net0 + T(T(rate + net.planned[mp]) * horizon))));
    return may_reach_supply(curves, mp, shortage_slack(net, m), t0, net0, rate, horizon, margin);
  }
};

}  // namespace chokepoint::detail
