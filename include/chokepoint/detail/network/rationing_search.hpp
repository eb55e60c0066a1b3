// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Proportional rationing on a supply network without customer lists (rationing.hpp;
// docs/model.md, Rationing). Time is walked interval by interval of the scenario's
// capacity curves; over interval k each line delivers what it delivered by its start
// plus a fraction of its demand over the interval (a line never runs above its plan,
// so nothing is caught up), and the fractions are max-min fair by progressive filling:
// every line not yet held delivers the same fraction x; x rises until a constraint
// binds at the interval's end (Newton from x = 1, shortfall.hpp: with the capacities
// fixed and demand linear in x every constraint is convex in x); the lines whose
// demand reaches a binding item, through items whose stock no longer covers more, are
// held at x; the others rise on. Each round holds a line. Feasible at both ends of an
// interval, the deliveries are feasible all along it (the feasible set is convex
// there), so checking the ends suffices. Exact in an exact type.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/network/capacity_curves.hpp>
#include <chokepoint/detail/network/shortfall.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/rationing.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply_network.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class rationing_search {
 public:
  rationing_search(const supply_network<T>& net, std::span<const T> demand, std::span<const T> stock,
                   std::span<const T> margin, const shared_allocation<T>& shared)
      : net_(&net), demand_(demand), stock_(stock), margin_(margin), shortfall_(net, shared) {}

  rationing_result<T> proportional(const scenario<T>& sc, const T& window) {
    build_capacity_curves(*net_, stock_, sc, window, curves_);
    const std::size_t n = net_->bom().item_count();
    std::vector<T> delivered(n, T(0));  // by each line, by the start of the interval
    for (std::size_t k = 0; k < curves_.interval_count(); ++k) fill(k, delivered);
    rationing_result<T> out;
    out.window = window;
    for (item_id i = 0; i < n; ++i) {
      if (!(demand_[i] > T(0))) continue;
      rationed_line<T> r{i, T(demand_[i] * window), delivered[i], T(0), T(0)};
      r.lost_units = T(r.demand - r.produced);
      r.lost_value = T(r.lost_units * margin_[i]);
      out.lost_units += r.lost_units;
      out.lost_value += r.lost_value;
      out.lines.push_back(r);
    }
    return out;
  }

 private:
  /// Progressive filling over interval k: adds each line's delivery over it.
  void fill(std::size_t k, std::vector<T>& delivered) {
    const auto& bom = net_->bom();
    const std::size_t n = bom.item_count();
    const T end = curves_.bounds[k + 1], length = T(end - curves_.bounds[k]);
    const T* stock = curves_.stock.data() + k * n;
    std::vector<std::optional<T>> held(n);  // a line's delivery by the end, once held
    const auto evaluate = [&](const T& x, std::vector<violation<T>>& out, std::vector<item_id>& items) {
      return shortfall_.evaluate(
          stock,
          [&](item_id i) {
            if (held[i]) return affine<T>{*held[i], T(0)};
            const T more = T(demand_[i] * length);
            return affine<T>{T(delivered[i] + more * x), more};
          },
          [&](node_id v) {
            return affine<T>{curves_.node_at(k, v, end), T(0)};
          },
          [&](site_id s) {
            return affine<T>{curves_.site_at(k, s, end), T(0)};
          },
          out, items);
    };
    std::size_t rising = 0;
    for (item_id i = 0; i < n; ++i) rising += demand_[i] > T(0) ? 1 : 0;
    T level(0);
    std::vector<bool> reaches(n);
    while (rising > 0) {
      const auto found = first_shortage(level, T(1), evaluate, newton_);
      if (!found) break;
      level = found->at;
      // The lines that reach a binding item: through items whose requirement grows with
      // theirs at the level (stock exhausted, or just so), children first; the shortfall's
      // netting is the level's (first_shortage evaluates there last).
      std::fill(reaches.begin(), reaches.end(), false);
      for (const item_id b : found->binding) reaches[b] = true;
      for (item_id i = static_cast<item_id>(n); i-- > 0;) {
        const T& e = shortfall_.excess(i);
        if (e < T(0) && -e > scalar_traits<T>::tolerance() * stock[i]) {
          reaches[i] = false;  // its stock absorbs more demand
          continue;
        }
        for (const item_id c : bom.children(i))
          if (reaches[c]) reaches[i] = true;
      }
      std::size_t held_now = 0;
      const auto hold = [&](item_id i) {
        held[i] = T(delivered[i] + demand_[i] * length * level);
        ++held_now;
      };
      for (item_id i = 0; i < n; ++i)
        if (demand_[i] > T(0) && !held[i] && reaches[i]) hold(i);
      if (held_now == 0)  // rounding hid the path: hold every line still rising
        for (item_id i = 0; i < n; ++i)
          if (demand_[i] > T(0) && !held[i]) hold(i);
      rising -= held_now;
    }
    for (item_id i = 0; i < n; ++i)
      if (demand_[i] > T(0)) delivered[i] = held[i] ? *held[i] : T(delivered[i] + demand_[i] * length);
  }

  const supply_network<T>* net_;
  std::span<const T> demand_, stock_, margin_;
  shortfall<T> shortfall_;
  capacity_curves<T> curves_;
  newton_workspace<T> newton_;
};

}  // namespace chokepoint::detail
