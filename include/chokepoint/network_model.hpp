// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// network_model<T>: a supply network (supply_network.hpp) under a plan, demand per day
// and stock per item; it answers, for any number of scenarios, the time-to-survive with
// optimal allocation (docs/model.md, Multi-tier networks): the largest t up to which
// some allocation of every node's capacity, shared site capacity and stock meets every
// line's demand through t, and the items that run short right after it.
//
// Scenarios cut countries, sources (cut_target::supplier, `supplier:NAME`) and sites
// (`site:NAME`, its nodes and its shared capacity), by a fraction over a window and
// optionally only some items, with shipping delays and receipts of any item. Errors:
//   "chokepoint::network_model: demand of 'P' must be finite and >= 0, got -1" (stock too)
//   "chokepoint::network_model: cut of site 'X': unknown site"
//   "chokepoint::network_model: cut of supplier 'Acme': supplier 'Acme' makes no 'Rotor'"
//   "chokepoint::network_model: quota of country 'CN': a network has no planned flows to cap; ..."
//   "chokepoint::network_model: alternate for 'Dy': on a network, add it as a source ..."
//
// time_to_survive() is exact in an exact type and solves no linear program. With
// customer lists the allocation is one, and it refuses the network, naming the first
// such source: chokepoint::lp::time_to_survive (lp/network_program.hpp, CMake target
// chokepoint::clp) solves it with COIN-OR Clp. ration_proportionally() gives what each
// line delivers and loses when lines slow down instead of stopping (rationing.hpp).
//
// The model keeps a pointer to the network, which must outlive it; any number of
// threads may evaluate scenarios on one model at once.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/detail/network/capacity_curves.hpp>
#include <chokepoint/detail/network/rationing_search.hpp>
#include <chokepoint/detail/network/survival_search.hpp>
#include <chokepoint/detail/parallel.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/rationing.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply_network.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chokepoint {

template <scalar T>
class network_model {
 public:
  /// Demand (units per day) and stock (units at t = 0) with one entry per item id.
  network_model(const supply_network<T>& network, item_span<const T> demand, item_span<const T> stock)
      : network_(&network),
        demand_(demand.begin(), demand.end()),
        stock_(stock.begin(), stock.end()),
        margin_(demand.size(), T(1)),
        shared_(network) {
    const auto& bom = network.bom();
    if (demand_.size() != bom.item_count() || stock_.size() != bom.item_count())
      detail::throw_invalid(where, "demand and stock need one entry per item");
    for (item_id i = 0; i < bom.item_count(); ++i) {
      check(demand_[i], "demand", i);
      check(stock_[i], "stock", i);
    }
  }

  [[nodiscard]] const supply_network<T>& network() const noexcept { return *network_; }
  [[nodiscard]] std::span<const T> demand() const noexcept { return demand_; }
  [[nodiscard]] std::span<const T> stock() const noexcept { return stock_; }
  [[nodiscard]] std::span<const T> margins() const noexcept { return margin_; }

  /// The value of one unit of each line's lost production (default 1), by item id.
  /// Error: "chokepoint::network_model: margin of 'P' must be finite and >= 0, got -1".
  void set_margins(item_span<const T> margin) {
    if (margin.size() != margin_.size()) detail::throw_invalid(where, "margins need one entry per item");
    for (item_id i = 0; i < margin.size(); ++i) check(margin[i], "margin", i);
    margin_.assign(margin.begin(), margin.end());
  }

  /// Time-to-survive of one scenario (empty time: no shortage within the horizon) and
  /// the items short right after it, in id order.
  [[nodiscard]] survival<T> time_to_survive(const scenario<T>& sc, const disruption_options<T>& options = {}) const {
    check_combinatorial(options.horizon);
    detail::survival_search<T> search(*network_, demand_, stock_, shared_);
    return search.run(sc, options.horizon);
  }

  /// Time-to-survive of many scenarios over `options.threads` threads, in their order;
  /// the same answers as one at a time, on any number of threads.
  [[nodiscard]] std::vector<survival<T>> time_to_survive(std::span<const scenario<T>> scenarios,
                                                         const batch_options<T>& options = {}) const {
    check_combinatorial(options.horizon);
    std::vector<survival<T>> out(scenarios.size());
    const unsigned threads = detail::thread_count(options.threads);
    std::vector<std::optional<detail::survival_search<T>>> searches(threads);
    detail::parallel_for(
        scenarios.size(), threads,
        [&](unsigned worker, std::size_t k) {
          auto& search = searches[worker];
          if (!search) search.emplace(*network_, demand_, stock_, shared_);
          out[k] = search->run(scenarios[k], options.horizon);
        },
        [&](std::size_t done) {
          if (options.progress) options.progress(done, scenarios.size());
        });
    return out;
  }

  /// Production over [0, window] when lines slow down instead of stopping, supply shared
  /// in proportion to demand (max-min fair; rationing.hpp): per line its demand over the
  /// window, what it makes and what it loses.
  [[nodiscard]] rationing_result<T> ration_proportionally(const scenario<T>& sc, const T& window) const {
    check_combinatorial(window, "window");
    detail::rationing_search<T> search(*network_, demand_, stock_, margin_, shared_);
    return search.proportional(sc, window);
  }

  /// The scenario's capacity per node and site on each interval up to `horizon`, as the
  /// methods read it (for a solver of one's own, such as the linear program).
  void capacity_curves(const scenario<T>& sc, const T& horizon, detail::capacity_curves<T>& out) const {
    check_horizon(horizon);
    detail::build_capacity_curves(*network_, std::span<const T>(stock_), sc, horizon, out);
  }

 private:
  static constexpr std::string_view where = "chokepoint::network_model";

  void check(const T& v, std::string_view what, item_id i) const {
    if (!(v >= T(0)) || !scalar_traits<T>::is_finite(v))
      detail::throw_invalid(where, detail::concat(what, " of '", network_->bom().name(i),
                                                  "' must be finite and >= 0, got ", detail::format_scalar(v)));
  }
  static void check_horizon(const T& horizon, std::string_view what = "horizon") {
    if (!(horizon >= T(0)) || !scalar_traits<T>::is_finite(horizon))
      detail::throw_invalid(where,
                            detail::concat(what, " must be finite and >= 0, got ", detail::format_scalar(horizon)));
  }
  void check_combinatorial(const T& horizon, std::string_view what = "horizon") const {
    check_horizon(horizon, what);
    if (!network_->has_customer_lists()) return;
    for (node_id n = 0; n < network_->node_count(); ++n)
      if (!network_->customers(n).empty())
        detail::throw_invalid(
            where, detail::concat("row ", std::to_string(network_->row(n)), " (source '", network_->source(n), "' of '",
                                  network_->bom().name(network_->item(n)),
                                  "') serves only some customers, which makes the allocation a linear program: use "
                                  "chokepoint::lp::time_to_survive (chokepoint/lp/network_program.hpp)"));
  }

  const supply_network<T>* network_;
  std::vector<T> demand_, stock_, margin_;
  detail::shared_allocation<T> shared_;
};

}  // namespace chokepoint
