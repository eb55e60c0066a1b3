// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The time-to-survive of a supply network without customer lists, exactly and without
// a linear program (docs/model.md, Multi-tier networks, where the argument is in full):
// on each interval of the scenario's capacity curves, in time order, the net
// requirement grows with demand d_i t and the capacities are linear, so the shortfall
// (shortfall.hpp) is convex in t and Newton's method from the interval's end finds the
// first shortage.

#include <chokepoint/detail/network/capacity_curves.hpp>
#include <chokepoint/detail/network/shortfall.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply_network.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class survival_search {
 public:
  survival_search(const supply_network<T>& net, std::span<const T> demand, std::span<const T> stock,
                  const shared_allocation<T>& shared)
      : net_(&net), demand_(demand), stock_(stock), shortfall_(net, shared) {}

  /// TTS and binding items of a scenario up to `horizon`.
  survival<T> run(const scenario<T>& sc, const T& horizon) {
    build_capacity_curves(*net_, stock_, sc, horizon, curves_);
    const std::size_t n = net_->bom().item_count();
    const auto& b = curves_.bounds;
    for (std::size_t k = 0; k + 1 < b.size(); ++k) {
      const T* stock = curves_.stock.data() + k * n;
      const auto evaluate = [&](const T& t, std::vector<violation<T>>& out, std::vector<item_id>& items) {
        return shortfall_.evaluate(
            stock,
            [&](item_id i) {
              return affine<T>{T(demand_[i] * t), demand_[i]};
            },
            [&](node_id v) {
              return affine<T>{curves_.node_at(k, v, t), curves_.node_rate[k * curves_.nodes + v]};
            },
            [&](site_id s) {
              return affine<T>{curves_.site_at(k, s, t), curves_.site_rate[k * curves_.sites + s]};
            },
            out, items);
      };
      if (auto found = first_shortage(b[k], b[k + 1], evaluate, newton_))
        return survival<T>{std::move(found->at), std::move(found->binding)};
    }
    return {};
  }

 private:
  const supply_network<T>* net_;
  std::span<const T> demand_, stock_;
  shortfall<T> shortfall_;
  capacity_curves<T> curves_;
  newton_workspace<T> newton_;
};

}  // namespace chokepoint::detail
