// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Disruption engine (docs/model.md, Disruption): time-to-survive (TTS), the line-down
// cascade (time-to-failure per line, TTF), time-to-recover (TTR) and lost production,
// exact and without time stepping. A disruption_model is built once from a bill of
// materials, a supply base, demand and stock (planned rates, the sources of every
// material, the lines); evaluate(scenario) is const and touches only the model and a
// caller-owned workspace, so one model serves many threads, each with its own
// workspace. The model refers to the bill of materials and the supply base: both must
// outlive it. How it is computed: docs/architecture.md. Errors (invalid_input), each
// with its one-line message in docs/model.md: unknown country, supplier or material of
// a cut, quota, delay, alternate or receipt (with the material probably meant), a scope
// material the target does not sell, a delay beyond the horizon, a horizon that is not
// finite and >= 0 or over which quantities overflow.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/disruption/core.hpp>
#include <chokepoint/detail/disruption/search.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/matching.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>

#include <span>

namespace chokepoint {

template <scalar T>
class disruption_model {
 public:
  /// Reusable per-thread scratch space for evaluate() and time_to_survive().
  class workspace {
   public:
    workspace() = default;

   private:
    friend class disruption_model;
    detail::scenario_search<T> search;
  };

  /// `demand` (units/day) and `stock` (units at t = 0) have one entry per item id.
  /// Errors (invalid_input): "chokepoint::disruption_model: demand of 'P' must be finite
  /// and >= 0, got -1" (stock likewise).
  disruption_model(const bill_of_materials<T>& bom, const supply_base<T>& supply, item_span<const T> demand,
                   item_span<const T> stock);

  /// Another plan for the same plant: demand and stock (one entry per item id, checked
  /// as in the constructor). Keeps the sources, priorities and margins; reuses the
  /// model's memory, so that a sweep over stock and demand runs one model per thread
  /// (`threads` for the explosion as in explode(): pass 1 from a thread of your own).
  void set_demand_and_stock(item_span<const T> demand, item_span<const T> stock, unsigned threads = 0);
  /// Priority of each item's line (larger = more important; default 0), by item id.
  void set_priorities(std::span<const T> priority) { core_.set_priorities(priority); }
  /// Value of one unit of each item's lost production (default 1), by item id.
  /// Error: "chokepoint::disruption_model: margin of 'P' must be finite and >= 0, got -1".
  void set_margins(std::span<const T> margin) { core_.set_margins(margin); }

  [[nodiscard]] const bill_of_materials<T>& bom() const noexcept { return core_.bom(); }
  [[nodiscard]] const supply_base<T>& supply() const noexcept { return core_.supply(); }
  /// Demand (units/day) and stock (units at t = 0) by item id.
  [[nodiscard]] std::span<const T> demand() const noexcept { return core_.demand(); }
  [[nodiscard]] std::span<const T> stock() const noexcept { return core_.stock(); }
  /// Priority and margin of each item's line (see set_priorities, set_margins).
  [[nodiscard]] std::span<const T> priorities() const noexcept { return core_.priorities(); }
  [[nodiscard]] std::span<const T> margins() const noexcept { return core_.margins(); }
  /// Items with positive demand, in id order.
  [[nodiscard]] std::span<const item_id> lines() const noexcept { return core_.lines(); }
  /// g_m, aligned with bill_of_materials::materials().
  [[nodiscard]] std::span<const T> planned_rates() const noexcept { return core_.planned_rates(); }
  /// BOM materials without sources in the supply base (never cut).
  [[nodiscard]] std::span<const item_id> unsourced() const noexcept { return core_.unsourced(); }
  /// Supply-base materials that are not materials of the BOM: not used (matching.hpp).
  [[nodiscard]] std::span<const unmatched_material> unmatched_supply() const noexcept {
    return core_.unmatched_supply();
  }

  /// System TTS of a scenario within `horizon` days, with the binding materials.
  [[nodiscard]] survival<T> time_to_survive(const scenario<T>& sc, const T& horizon, workspace& ws) const;
  [[nodiscard]] survival<T> time_to_survive(const scenario<T>& sc, const T& horizon = T(365)) const;

  /// TTS, the cascade, TTR and lost production of a scenario.
  [[nodiscard]] disruption_result<T> evaluate(const scenario<T>& sc, const disruption_options<T>& options,
                                              workspace& ws) const;
  [[nodiscard]] disruption_result<T> evaluate(const scenario<T>& sc, const disruption_options<T>& options = {}) const;

  /// What every evaluation of scenarios on this model shares (the library's batches of
  /// scenarios run on it; detail/disruption/core.hpp).
  [[nodiscard]] const detail::disruption_core<T>& core() const noexcept { return core_; }

 private:
  detail::disruption_core<T> core_;
};

// The members that run the engine are defined out of the class, not inline, so that a
// file compiled with CHOKEPOINT_SEPARATE_COMPILATION does not instantiate the engine
// for double (compilers instantiate inline members of an extern template anyway).

template <scalar T>
disruption_model<T>::disruption_model(const bill_of_materials<T>& bom, const supply_base<T>& supply,
                                      item_span<const T> demand, item_span<const T> stock)
    : core_(bom, supply, demand, stock) {}

template <scalar T>
void disruption_model<T>::set_demand_and_stock(item_span<const T> demand, item_span<const T> stock, unsigned threads) {
  core_.set_demand_and_stock(demand, stock, threads);
}

template <scalar T>
survival<T> disruption_model<T>::time_to_survive(const scenario<T>& sc, const T& horizon, workspace& ws) const {
  return ws.search.time_to_survive(core_, sc, horizon);
}

template <scalar T>
survival<T> disruption_model<T>::time_to_survive(const scenario<T>& sc, const T& horizon) const {
  workspace ws;
  return time_to_survive(sc, horizon, ws);
}

template <scalar T>
disruption_result<T> disruption_model<T>::evaluate(const scenario<T>& sc, const disruption_options<T>& options,
                                                   workspace& ws) const {
  return ws.search.evaluate(core_, sc, options);
}

template <scalar T>
disruption_result<T> disruption_model<T>::evaluate(const scenario<T>& sc, const disruption_options<T>& options) const {
  workspace ws;
  return evaluate(sc, options, ws);
}

#ifdef CHOKEPOINT_SEPARATE_COMPILATION
// Compiled once, in the file that includes <chokepoint/instantiate.hpp>.
extern template class disruption_model<double>;
#endif

}  // namespace chokepoint
