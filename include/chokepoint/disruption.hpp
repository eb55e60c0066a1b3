// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Disruption engine (docs/model.md, Disruption): time-to-survive (TTS), the line-down cascade
// (time-to-failure per product, TTF), time-to-recover (TTR) and lost production.
//
// A disruption_model is built once from a bill of materials, a supply base, demand and
// stock (everything that does not depend on the scenario: planned rates g_m, the sources
// of every material in flat arrays, the lines). evaluate(scenario) is const and touches
// only the model and a caller-owned workspace, so that one model serves many threads,
// each with its own workspace, and a sweep reuses one workspace without allocating in
// its inner loops. The model refers to the bill of materials and the supply base: both
// must outlive it.
//
// The mathematics, and how it is computed without time stepping:
//
// - Net requirement through t: top-down gross_i(t) = D_i(t) + sum_parents q net_p(t),
//   net_i(t) = max(0, gross_i(t) - I_i), with D_i(t) = d_i t the cumulative demand of a
//   running line (d_i TTF_i, a constant, once it has stopped). For running lines every
//   net_i is convex piecewise linear and non-decreasing in t.
// - Shortage of material m at t: G_m(t) = net_m(t) - C_m(t) > 0 (supply_curve.hpp for
//   C_m). TTS is the first such t in [0, horizon].
// - Between supply breakpoints C_m is linear, so F(t) = max_m G_m(t) is convex: if
//   F(b) <= 0 at the end b of an interval it is <= 0 on the whole interval; otherwise
//   its last zero r in [a, b] (the first time F > 0) is reached exactly, from the right,
//   by Newton's method with LEFT derivatives: for every material short at t, the line
//   through (t, G_m(t)) with slope G'_m-(t) supports the convex G_m, so its root is >= the
//   first time G_m > 0, hence >= r; the next iterate is the smallest of these roots. It
//   equals r as soon as t lies on the linear piece of G_m that ends at r; there are
//   finitely many supporting lines of piecewise-linear functions, and the iterates
//   strictly decrease, so this ends after finitely many steps, each one pass over the
//   items computing net_i and its left slope (slope_i = dD_i/dt + sum_p q slope_p when
//   gross_i(t) > I_i, else 0).
// - While an alternate ramps up, C_m is quadratic and F is no longer convex. Those
//   intervals are swept forward from one stock-exhaustion event to the next (each event
//   one pass: the next item to run out is min (I_i - gross_i) / gross_slope_i); between
//   events every net_m is linear and G_m a concave quadratic whose first positive point
//   is a root of the quadratic formula. That root needs a square root: for floating
//   types it is computed in T; for exact (rational) types it is the nearest double
//   converted to T, so a TTS that falls inside a ramp is exact only up to double
//   precision there. Everything else is exact for rational types. The cost of a ramp
//   interval is one pass per item that runs out of stock inside it.
// - Rounding (floating types only): supply gets a slack of tolerance() * g_m per day and
//   stock counts as exhausted within tolerance() of its level, so that rounding alone
//   never makes a shortage (a line that runs exactly on its supply keeps running).
//   scalar_traits<T>::tolerance() is 0 for exact types: no slack there.
//
// The cascade (policies `equal` and `priority`): at a shortage time tau the binding
// materials are those with G_m(tau) = 0 whose G_m grows right after tau. A line (an item
// with demand, usually a product) draws on m at tau when a chain line -> ... -> m runs
// through items whose stock is exhausted right after tau (removing its demand then
// lowers the growth rate of net_m). Under `equal` every running line that draws on a
// binding material stops at tau; under `priority` only the running drawers with the
// lowest priority stop (ties together), and this repeats while some material is still
// binding at tau. Stopped lines consume nothing afterwards (their cumulative demand stays
// at d_i TTF_i, which is the same as recomputing from tau with the remaining stock:
// stocks are pooled), supply does not shrink, and the search resumes from tau until the
// horizon. A line records the binding material that stopped it; when it draws on several
// binding materials at once, the one that recovers last (ties: lowest id), because the
// line cannot restart before all of them have recovered.
//
// After the first shortage (found as above) the cascade runs event by event
// (detail/kinetic.hpp): one pass gives the state at the TTS, and from then on only stock
// exhaustions, shortages and line stops change it, each one passed down the exhausted
// items below it; materials that a bound shows can no longer bind before the horizon,
// and the items that lead only to them, drop out of the computation. Its cost grows with
// the number of events, not with the number of items times the number of stops.
// Materials bind together when their shortages start at the same moment: G_m = 0 there
// within rounding (the criterion above; exactly for exact types). On the generated
// 1e5-item chain, cutting half of the largest country's flow stops 602 of 1000 lines:
// 1.5 s with a Newton search from every stop, 0.2-0.3 s this way; cutting all of it,
// 53 s then and 0.5-1 s now (on a shared, loaded machine).
//
// TTR of a material: supply_curves::time_to_recover. A stopped line recovers at the TTR
// of the material that stopped it. Lost production of line p over horizon H:
// d_p (min(H, TTR_p) - TTF_p) when positive, in units and in value (units times the
// line's margin, 1 unless set).
//
// Choices written down here: a BOM material with no source in the supply base (matched
// by name) is never cut: its supply is its plan, plus any alternates; the result lists
// those materials (`unsourced`). Supply materials that are not materials of the BOM are
// not used; the model lists them (unmatched_supply(), matching.hpp), with the BOM
// material each probably meant. A cut that names a country or supplier unknown to the
// supply base, or an alternate for a name that is not a material of the BOM, is an
// error: "chokepoint::disruption_model: cut of unknown country 'XX'" (quota, delay
// likewise), "chokepoint::disruption_model: cut of unknown supplier 'X'",
// "chokepoint::disruption_model: alternate for unknown material 'X'" (receipt likewise),
// a scope that is not the target's: "chokepoint::disruption_model: quota of country 'US':
// country 'US' supplies no 'M'", "...: cut of country 'CN': 'm' is not a material of the
// bill of materials (did you mean 'M'?)", and a delay past the horizon:
// "chokepoint::disruption_model: delay of country 'CN': 400 days, beyond the horizon of
// 365 days". A horizon must be
// finite and >= 0, and short enough that what accumulates over it stays finite: the
// largest planned rate, supply rate with alternates, or lost value per day, times the
// horizon ("chokepoint::disruption_model: quantities over a horizon of 1e+308 days
// overflow"); past that, losses came out infinite. Alternates whose capacities sum
// beyond the scalar's range are refused too ("chokepoint::disruption_model: supply rates
// with the scenario's alternates overflow").

#include <chokepoint/assert.hpp>
#include <chokepoint/bom.hpp>
#include <chokepoint/cascade_policy.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/kinetic.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/matching.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/supply_curve.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace chokepoint {

namespace detail {
template <scalar T>
class scenario_batch;  // detail/batch.hpp: many scenarios over one model
}  // namespace detail

template <scalar T>
struct disruption_options {
  T horizon = T(365);  ///< days, finite and >= 0
  cascade_policy policy = cascade_policy::equal;
};

/// System time-to-survive: empty `time` when no material runs short within the horizon.
template <scalar T>
struct survival {
  std::optional<T> time;
  std::vector<item_id> binding;  ///< materials that bind at `time`, in id order
};

/// What happens to one line (an item with demand) in a scenario.
template <scalar T>
struct line_outcome {
  item_id line = 0;
  std::optional<T> time_to_failure;  ///< empty: runs through the horizon
  std::optional<item_id> stopped_by;  ///< the binding material that stopped it
  std::optional<T> time_to_recover;   ///< TTR of stopped_by; empty: never recovers (or not stopped)
  T lost_units = T(0);
  T lost_value = T(0);
};

template <scalar T>
struct disruption_result {
  survival<T> system;  ///< TTS and its binding materials
  /// TTS < TTR of a binding material (a binding material that never recovers counts).
  bool exposed = false;
  std::vector<line_outcome<T>> lines;  ///< every item with demand, in id order
  /// TTR of every material of the BOM, aligned with bill_of_materials::materials();
  /// empty: never recovers.
  std::vector<std::optional<T>> material_recovery;
  std::vector<item_id> unsourced;  ///< BOM materials without sources in the supply base
  T lost_units = T(0);
  T lost_value = T(0);
};

template <scalar T>
class disruption_model {
 public:
  /// Reusable per-thread scratch space for evaluate() and time_to_survive().
  class workspace {
   public:
    workspace() = default;

   private:
    friend class disruption_model;
    supply_curves<T> curves;
    std::vector<detail::resolved_cut<T>> cuts;
    std::vector<detail::resolved_alternate<T>> alternates;
    std::vector<detail::resolved_receipt<T>> receipts;
    std::vector<T> net, slope, demand_slope, demand_stopped;
    std::vector<char> exhausted, flagged;
    std::vector<std::optional<T>> recovery;  // per material position
    T next_exhaustion = T(0);
    bool has_next_exhaustion = false;
    detail::kinetic_cascade<T> engine;
    std::vector<typename detail::kinetic_cascade<T>::line_stop> stops;
    std::vector<item_id> binding, region;
  };

  /// `demand` (units/day) and `stock` (units at t = 0) have one entry per item id.
  /// Errors (invalid_input): "chokepoint::disruption_model: demand of 'P' must be finite
  /// and >= 0, got -1" (stock likewise).
  disruption_model(const bill_of_materials<T>& bom, const supply_base<T>& supply, item_span<const T> demand,
                   item_span<const T> stock)
      : bom_(&bom), supply_(&supply) {
    const std::size_t n = bom.item_count();
    const auto mats = bom.materials();
    material_position_.assign(n, detail::no_index);
    for (std::size_t m = 0; m < mats.size(); ++m) material_position_[mats[m]] = static_cast<std::uint32_t>(m);
    set_demand_and_stock(demand, stock);
    priority_.assign(n, T(0));
    margin_.assign(n, T(1));

    // Sources of every BOM material, matched by name, and the inverted indices.
    auto& s = sources_;
    for (std::size_t m = 0; m < mats.size(); ++m) {
      const auto sm = supply.find(bom.name(mats[m]));
      if (!sm) {
        unsourced_.push_back(mats[m]);
      } else {
        const auto sup = supply.source_suppliers(*sm);
        const auto cty = supply.source_countries(*sm);
        const auto shr = supply.source_shares(*sm);
        for (std::size_t k = 0; k < shr.size(); ++k) {
          if (!(shr[k] > T(0))) continue;
          s.material.push_back(static_cast<std::uint32_t>(m));
          s.supplier.push_back(sup[k]);
          s.country.push_back(cty[k]);
          s.share.push_back(shr[k]);
        }
      }
      s.offsets.push_back(s.share.size());
    }
    invert(s.country, supply.country_count(), s.country_offsets, s.by_country);
    invert(s.supplier, supply.supplier_count(), s.supplier_offsets, s.by_supplier);
    unmatched_ = unmatched_supply_materials(bom, supply);
  }

  /// Another plan for the same plant: demand and stock (one entry per item id, checked
  /// as in the constructor). Keeps the sources, priorities and margins; reuses the
  /// model's memory, so that a sweep over stock and demand runs one model per thread
  /// (`threads` for the explosion as in explode(): pass 1 from a thread of your own).
  void set_demand_and_stock(item_span<const T> demand, item_span<const T> stock, unsigned threads = 0) {
    const std::size_t n = bom_->item_count();
    CHOKEPOINT_ASSERT(demand.size() == n && stock.size() == n,
                      "disruption_model: demand and stock need one entry per item");
    demand_.assign(demand.begin(), demand.end());
    stock_.assign(stock.begin(), stock.end());
    lines_.clear();
    for (item_id i = 0; i < n; ++i) {
      check_value(demand_[i], "demand", i);
      check_value(stock_[i], "stock", i);
      if (demand_[i] > T(0)) lines_.push_back(i);
    }
    line_index_.assign(n, detail::no_index);
    for (std::size_t l = 0; l < lines_.size(); ++l) line_index_[lines_[l]] = static_cast<std::uint32_t>(l);
    planned_gross_.resize(n);
    explode(*bom_, std::span<const T>(demand_), std::span<T>(planned_gross_), threads);
    const auto mats = bom_->materials();
    planned_.resize(mats.size());
    for (std::size_t m = 0; m < mats.size(); ++m) planned_[m] = planned_gross_[mats[m]];
  }

  /// Demand (units/day) and stock (units at t = 0) by item id.
  [[nodiscard]] std::span<const T> demand() const noexcept { return demand_; }
  [[nodiscard]] std::span<const T> stock() const noexcept { return stock_; }

  /// Priority of each item's line (larger = more important; default 0), by item id.
  void set_priorities(std::span<const T> priority) {
    CHOKEPOINT_ASSERT(priority.size() == demand_.size(), "disruption_model: one priority per item");
    for (item_id i = 0; i < priority.size(); ++i)
      if (!scalar_traits<T>::is_finite(priority[i]))
        throw invalid_input("chokepoint::disruption_model: priority of '" + std::string(bom_->name(i)) +
                            "' must be finite, got " + detail::format_scalar(priority[i]));
    priority_.assign(priority.begin(), priority.end());
  }

  /// Value of one unit of each item's lost production (default 1), by item id.
  /// Error: "chokepoint::disruption_model: margin of 'P' must be finite and >= 0, got -1".
  void set_margins(std::span<const T> margin) {
    CHOKEPOINT_ASSERT(margin.size() == demand_.size(), "disruption_model: one margin per item");
    for (item_id i = 0; i < margin.size(); ++i) check_value(margin[i], "margin", i);
    margin_.assign(margin.begin(), margin.end());
  }

  [[nodiscard]] const bill_of_materials<T>& bom() const noexcept { return *bom_; }
  [[nodiscard]] const supply_base<T>& supply() const noexcept { return *supply_; }
  /// Priority and margin of each item's line, by item id (see set_priorities, set_margins).
  [[nodiscard]] std::span<const T> priorities() const noexcept { return priority_; }
  [[nodiscard]] std::span<const T> margins() const noexcept { return margin_; }
  /// Items with positive demand, in id order.
  [[nodiscard]] std::span<const item_id> lines() const noexcept { return lines_; }
  /// g_m, aligned with bill_of_materials::materials().
  [[nodiscard]] std::span<const T> planned_rates() const noexcept { return planned_; }
  /// BOM materials without sources in the supply base (never cut).
  [[nodiscard]] std::span<const item_id> unsourced() const noexcept { return unsourced_; }
  /// Supply-base materials that are not materials of the BOM: not used (matching.hpp).
  [[nodiscard]] std::span<const unmatched_material> unmatched_supply() const noexcept { return unmatched_; }

  /// System TTS of a scenario within `horizon` days, with the binding materials.
  [[nodiscard]] survival<T> time_to_survive(const scenario<T>& sc, const T& horizon, workspace& ws) const {
    prepare(sc, horizon, ws);
    survival<T> out;
    if (const auto tau = search(T(0), horizon, ws)) {
      out.time = *tau;
      binding_at(*tau, ws, out.binding);
      if (out.binding.empty()) out.time.reset();  // only rounding noise: no shortage
    }
    return out;
  }
  [[nodiscard]] survival<T> time_to_survive(const scenario<T>& sc, const T& horizon = T(365)) const {
    workspace ws;
    return time_to_survive(sc, horizon, ws);
  }

  /// TTS, the cascade, TTR and lost production of a scenario.
  [[nodiscard]] disruption_result<T> evaluate(const scenario<T>& sc, const disruption_options<T>& options,
                                              workspace& ws) const {
    const T& horizon = options.horizon;
    prepare(sc, horizon, ws);
    disruption_result<T> out;
    begin_result(out, ws.curves, ws.recovery);
    if (const auto tau = search(T(0), horizon, ws)) {
      binding_at(*tau, ws, ws.binding);  // empty: rounding only; the cascade looks further
      ws.region.clear();
      for (const std::uint32_t m : ws.curves.affected_materials()) ws.region.push_back(bom_->materials()[m]);
      ws.engine.bind(network());
      ws.engine.track_ancestors_of(ws.region);
      ws.engine.start_at(*tau);
      run_cascade(*tau, ws.binding, options, ws.engine, ws.curves, ws.recovery, ws.stops, out);
    }
    finish_result(out, horizon);
    return out;
  }
  [[nodiscard]] disruption_result<T> evaluate(const scenario<T>& sc,
                                              const disruption_options<T>& options = {}) const {
    workspace ws;
    return evaluate(sc, options, ws);
  }

 private:
  template <scalar U>
  friend class detail::scenario_batch;

  [[nodiscard]] detail::disruption_network<T> network() const {
    return {bom_, demand_, stock_, priority_, planned_gross_, lines_, line_index_, material_position_, planned_};
  }

  /// The parts of a result that do not depend on the cascade: lines, TTR of every
  /// material (from the scenario's supply curves, kept in `recovery`), unsourced materials.
  void begin_result(disruption_result<T>& out, const supply_curves<T>& curves,
                    std::vector<std::optional<T>>& recovery) const {
    out.system = survival<T>{};
    out.exposed = false;
    out.unsourced = unsourced_;
    out.lost_units = T(0);
    out.lost_value = T(0);
    const std::size_t nm = planned_.size();
    recovery.resize(nm);
    const T slack = scalar_traits<T>::tolerance();
    for (std::uint32_t m = 0; m < nm; ++m) recovery[m] = curves.time_to_recover(m, slack);
    out.material_recovery.assign(recovery.begin(), recovery.end());
    out.lines.assign(lines_.size(), line_outcome<T>{});
    for (std::size_t l = 0; l < lines_.size(); ++l) out.lines[l].line = lines_[l];
  }

  /// The cascade from tau in the engine's current state; `binding` binds at tau when
  /// not empty. Fills the system TTS and the stopped lines.
  void run_cascade(const T& tau, std::span<const item_id> binding, const disruption_options<T>& options,
                   detail::kinetic_cascade<T>& engine, const supply_curves<T>& curves,
                   std::span<const std::optional<T>> recovery,
                   std::vector<typename detail::kinetic_cascade<T>::line_stop>& stops,
                   disruption_result<T>& out) const {
    stops.resize(lines_.size());
    const typename detail::kinetic_cascade<T>::scenario_view view{
        &curves, recovery, options.horizon, options.policy == cascade_policy::priority};
    auto first = engine.cascade(tau, binding, view, stops);
    if (first) {
      out.system.time = std::move(first->first);
      out.system.binding = std::move(first->second);
    }
    for (std::size_t l = 0; l < lines_.size(); ++l) {
      if (!stops[l].time) continue;
      line_outcome<T>& o = out.lines[l];
      o.time_to_failure = stops[l].time;
      o.stopped_by = stops[l].stopped_by;
      o.time_to_recover = recovery[material_position_[stops[l].stopped_by]];
    }
  }

  /// Exposure (TTS < TTR of a binding material) and lost production over the horizon.
  void finish_result(disruption_result<T>& out, const T& horizon) const {
    out.exposed = false;
    if (out.system.time)
      for (const item_id m : out.system.binding) {
        const auto& r = out.material_recovery[material_position_[m]];
        if (!r || *out.system.time < *r) out.exposed = true;
      }
    for (line_outcome<T>& o : out.lines) {
      if (!o.time_to_failure) continue;
      T until = horizon;
      if (o.time_to_recover && *o.time_to_recover < until) until = *o.time_to_recover;
      if (*o.time_to_failure < until) {
        o.lost_units = T(demand_[o.line] * T(until - *o.time_to_failure));
        o.lost_value = T(o.lost_units * margin_[o.line]);
      }
      out.lost_units += o.lost_units;
      out.lost_value += o.lost_value;
    }
  }

  static void invert(const std::vector<std::uint32_t>& key, std::size_t buckets, std::vector<std::size_t>& offsets,
                     std::vector<std::uint32_t>& order) {
    offsets.assign(buckets + 1, 0);
    for (const std::uint32_t k : key) ++offsets[k + 1];
    for (std::size_t b = 0; b < buckets; ++b) offsets[b + 1] += offsets[b];
    std::vector<std::size_t> next(offsets.begin(), offsets.end() - 1);
    order.resize(key.size());
    for (std::size_t s = 0; s < key.size(); ++s) order[next[key[s]]++] = static_cast<std::uint32_t>(s);
  }

  /// " (did you mean 'X'?)" when `name` differs from a BOM material only in case,
  /// spacing or punctuation; else nothing.
  [[nodiscard]] std::string probable_text(std::string_view name) const {
    const auto m = probable_material(*bom_, name);
    return m ? " (did you mean '" + std::string(bom_->name(*m)) + "'?)" : std::string();
  }

  void check_value(const T& v, std::string_view what, item_id i) const {
    if (!(v >= T(0)) || !scalar_traits<T>::is_finite(v))
      throw invalid_input("chokepoint::disruption_model: " + std::string(what) + " of '" +
                          std::string(bom_->name(i)) + "' must be finite and >= 0, got " +
                          detail::format_scalar(v));
  }

  static void check_horizon(const T& horizon) {
    if (!(horizon >= T(0)) || !scalar_traits<T>::is_finite(horizon))
      throw invalid_input("chokepoint::disruption_model: horizon must be finite and >= 0, got " +
                          detail::format_scalar(horizon));
  }

  /// The scenario's limits, receipts and alternates with names resolved to ids of the
  /// supply base and material positions (errors as in the header comment): a scoped
  /// limit becomes one resolved cut per material, a quota the fraction of the target's
  /// planned flow of that material it removes, and every window moves by the target's
  /// shipping delay.
  void resolve(const scenario<T>& sc, std::vector<detail::resolved_cut<T>>& cuts,
               std::vector<detail::resolved_alternate<T>>& alternates,
               std::vector<detail::resolved_receipt<T>>& receipts,
               const std::optional<T>& horizon = std::nullopt) const {
    cuts.clear();
    const auto target_id = [this](std::string_view what, cut_target target, const std::string& name) {
      const auto id = target == cut_target::country ? supply_->find_country(name) : supply_->find_supplier(name);
      if (!id)
        throw invalid_input("chokepoint::disruption_model: " + std::string(what) + " of unknown " +
                            std::string(to_string(target)) + " '" + name + "'");
      return static_cast<std::uint32_t>(*id);
    };
    // The target's share of material position m's planned flow; an error when it has none.
    const auto scope = [this](limit_kind kind, cut_target target, const std::string& name, std::uint32_t id,
                              const std::string& material, std::uint32_t& m) {
      const auto who = [&] {  // built only for an error: resolve runs once per scenario of a sweep
        return std::string(to_string(kind)) + " of " + std::string(to_string(target)) + " '" + name + "'";
      };
      const auto i = bom_->find(material);
      if (!i || material_position_[*i] == detail::no_index)
        throw invalid_input("chokepoint::disruption_model: " + who() + ": '" + material +
                            "' is not a material of the bill of materials" + probable_text(material));
      m = material_position_[*i];
      T share(0);
      for (std::size_t s = sources_.offsets[m]; s < sources_.offsets[m + 1]; ++s)
        if ((target == cut_target::country ? sources_.country[s] : sources_.supplier[s]) == id) share += sources_.share[s];
      if (!(share > T(0)))
        throw invalid_input("chokepoint::disruption_model: " + who() + ": " + std::string(to_string(target)) + " '" +
                            name + "' supplies no '" + material + "'");
      return share;
    };
    const auto shifted = [](const T& t, const T& delay) { return delay == T(0) ? t : T(t + delay); };
    for (const supply_cut<T>& c : sc.cuts()) {
      const std::uint32_t id = target_id("cut", c.target, c.name);
      const T delay = sc.delay_of(c.target, c.name);
      const T start = shifted(c.start, delay);
      std::optional<T> end;
      if (c.end) end = shifted(*c.end, delay);
      if (c.materials.empty()) {
        cuts.push_back({c.target, id, c.fraction, start, end});
        continue;
      }
      for (const std::string& material : c.materials) {
        std::uint32_t m = detail::no_index;
        (void)scope(limit_kind::cut, c.target, c.name, id, material, m);
        cuts.push_back({c.target, id, c.fraction, start, end, m});
      }
    }
    for (const supply_quota<T>& q : sc.quotas()) {
      const std::uint32_t id = target_id("quota", q.target, q.name);
      const T delay = sc.delay_of(q.target, q.name);
      std::optional<T> end;
      if (q.end) end = shifted(*q.end, delay);
      for (const std::string& material : q.materials) {
        std::uint32_t m = detail::no_index;
        const T share = scope(limit_kind::quota, q.target, q.name, id, material, m);
        const T flow = T(planned_[m] * share);
        const T removed = flow > q.per_day ? T(T(flow - q.per_day) / flow) : T(0);
        cuts.push_back({q.target, id, removed, shifted(q.start, delay), end, m});
      }
    }
    for (const shipping_delay<T>& d : sc.delays()) {
      (void)target_id("delay", d.target, d.name);
      if (horizon && d.days > *horizon)
        throw invalid_input("chokepoint::disruption_model: delay of " + std::string(to_string(d.target)) + " '" +
                            d.name + "': " + detail::format_scalar(d.days) + " days, beyond the horizon of " +
                            detail::format_scalar(*horizon) + " days");
    }
    receipts.clear();
    for (const scheduled_receipt<T>& r : sc.receipts())
      receipts.push_back({material_of("receipt", r.material), r.quantity, r.arrival});
    alternates.clear();
    for (const alternate_supply<T>& a : sc.alternates())
      alternates.push_back({material_of("alternate", a.material), a.capacity, a.lead_time, a.ramp});
  }

  /// The material position of a name; "chokepoint::disruption_model: alternate for
  /// unknown material 'X'" (receipt likewise) when it is not a material of the BOM.
  [[nodiscard]] std::uint32_t material_of(std::string_view what, const std::string& name) const {
    const auto i = bom_->find(name);
    if (!i || material_position_[*i] == detail::no_index)
      throw invalid_input("chokepoint::disruption_model: " + std::string(what) + " for unknown material '" + name +
                          "'" + probable_text(name));
    return material_position_[*i];
  }

  /// The capacity per day of all of a scenario's alternates together.
  [[nodiscard]] static T total_capacity(std::span<const detail::resolved_alternate<T>> alternates) {
    T capacity(0);
    for (const auto& a : alternates) capacity += a.capacity;
    return capacity;
  }
  /// The units of all of a scenario's receipts together.
  [[nodiscard]] static T total_receipts(std::span<const detail::resolved_receipt<T>> receipts) {
    T units(0);
    for (const auto& r : receipts) units += r.quantity;
    return units;
  }

  /// Everything the engine accumulates over the horizon is at most the largest rate per
  /// day (planned gross requirement, supply of a material with `capacity` of alternates
  /// on top, value lost by a line) times the horizon, plus the receipts: that must be
  /// finite.
  void check_horizon_scale(const T& horizon, const T& capacity, const T& received = T(0)) const {
    T largest(0), planned(0);
    for (const T& g : planned_gross_)
      if (largest < g) largest = g;
    for (const T& g : planned_)
      if (planned < g) planned = g;
    const T supply = T(planned + capacity);
    if (largest < supply) largest = supply;
    for (const item_id l : lines_)
      if (const T value = T(demand_[l] * margin_[l]); largest < value) largest = value;
    if (!scalar_traits<T>::is_finite(largest))
      throw invalid_input("chokepoint::disruption_model: supply rates with the scenario's alternates overflow");
    if (!scalar_traits<T>::is_finite(received))
      throw invalid_input("chokepoint::disruption_model: the scenario's receipts overflow");
    if (!scalar_traits<T>::is_finite(T(T(largest * horizon) + received)))
      throw invalid_input("chokepoint::disruption_model: quantities over a horizon of " +
                          detail::format_scalar(horizon) + " days overflow");
  }

  /// Resolves the scenario's names, builds its supply curves, and restarts every line.
  void prepare(const scenario<T>& sc, const T& horizon, workspace& ws) const {
    check_horizon(horizon);
    resolve(sc, ws.cuts, ws.alternates, ws.receipts, horizon);
    check_horizon_scale(horizon, total_capacity(ws.alternates), total_receipts(ws.receipts));
    ws.curves.assign(sources_, planned_, ws.cuts, ws.alternates, ws.receipts);
    const std::size_t n = demand_.size();
    ws.net.resize(n);
    ws.slope.resize(n);
    ws.exhausted.resize(n);
    ws.demand_slope.assign(demand_.begin(), demand_.end());
    ws.demand_stopped.assign(n, T(0));
    ws.flagged.assign(planned_.size(), 0);
  }

  [[nodiscard]] static T tolerance() { return scalar_traits<T>::tolerance(); }

  /// One pass at time t: net_i(t) into ws.net and its left (right = false) or right
  /// slope into ws.slope; for right slopes, ws.exhausted[i] says whether i's stock is
  /// exhausted right after t, and the next exhaustion time is found if asked.
  void pass(const T& t, bool right, bool find_next, workspace& ws) const {
    const std::size_t n = demand_.size();
    const T tol = tolerance();
    ws.has_next_exhaustion = false;
    for (item_id i = 0; i < n; ++i) {
      T g = ws.demand_slope[i] == T(0) ? ws.demand_stopped[i] : T(ws.demand_slope[i] * t);
      T s = ws.demand_slope[i];
      const auto ps = bom_->parents(i);
      const auto qs = bom_->parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k) {
        const item_id p = ps[k];
        if (ws.net[p] > T(0)) g += qs[k] * ws.net[p];
        if (ws.slope[p] > T(0)) s += qs[k] * ws.slope[p];
      }
      const T& stock = stock_[i];
      if (!right) {
        if (g > stock) {
          ws.net[i] = T(g - stock);
          ws.slope[i] = std::move(s);
        } else {
          ws.net[i] = T(0);
          ws.slope[i] = T(0);
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
      ws.net[i] = g > stock ? T(g - stock) : T(0);
      if (out) {
        ws.slope[i] = std::move(s);
      } else {
        ws.slope[i] = T(0);
        if (find_next && s > T(0)) {
          const T when = T(t + T(T(stock - g) / s));
          if (!ws.has_next_exhaustion || when < ws.next_exhaustion) {
            ws.next_exhaustion = when;
            ws.has_next_exhaustion = true;
          }
        }
      }
      ws.exhausted[i] = out ? 1 : 0;
    }
  }

  /// F(t) = max_m G_m(t), G_m = net_m(t) - C_m(t) - slack, after a pass at t in interval
  /// j, with the left (or right) slope of F.
  struct f_value {
    T value;
    T slope;
    T next;  ///< min over materials with G_m > 0 of the root of G_m's supporting line
    bool has_next;
  };
  f_value shortage(const T& t, std::size_t j, bool right, workspace& ws) const {
    const auto mats = bom_->materials();
    const T tol = tolerance();
    f_value f{T(0), T(0), T(0), false};
    bool any = false;
    for (std::uint32_t m = 0; m < mats.size(); ++m) {
      const item_id i = mats[m];
      T g = T(ws.net[i] - ws.curves.cumulative(m, j, t));
      T s = T(ws.slope[i] - ws.curves.rate(m, j, t));
      if (tol > T(0)) {
        g -= T(tol * T(planned_[m] * t));
        s -= T(tol * planned_[m]);
      }
      // Ties: the smallest left slope gives the supporting line of the max (the largest
      // right slope is the right derivative).
      if (!any || g > f.value || (g == f.value && (right ? s > f.slope : s < f.slope))) {
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
  /// cross exactly there by the ramp sweep are flagged in ws.flagged.
  std::optional<T> search(const T& from, const T& horizon, workspace& ws) const {
    std::fill(ws.flagged.begin(), ws.flagged.end(), 0);
    if (horizon < from) return std::nullopt;
    const supply_curves<T>& c = ws.curves;
    for (std::size_t j = c.interval_of(from); j < c.interval_count(); ++j) {
      const T a = j == c.interval_of(from) ? from : c.start_time(j);
      if (horizon < a) break;
      const bool last = j + 1 == c.interval_count() || horizon < c.start_time(j + 1);
      const T b = last ? horizon : c.start_time(j + 1);
      std::optional<T> found = c.ramping(j) ? sweep(a, b, j, ws) : newton(a, b, j, ws);
      if (found) return found;
      if (last) break;
    }
    return std::nullopt;
  }

  /// The first time r in [a, b) after which F > 0, on an interval where F is convex;
  /// none when F(b) <= 0 (then F <= 0 on all of [a, b]). F(a) <= 0 on entry.
  /// Steps come from the right: F > 0 at hi, F <= 0 at lo, and r in (lo, hi].
  std::optional<T> newton(const T& a, const T& b, std::size_t j, workspace& ws) const {
    pass(b, false, false, ws);
    f_value f = shortage(b, j, false, ws);
    if (!(f.value > T(0))) return std::nullopt;
    T lo = a, hi = b;
    const std::size_t cap = newton_passes();
    std::size_t passes = 0;
    while (passes++ < cap) {
      if (!f.has_next) return hi;  // only rounding can do this: hi is the root
      T next = f.next;
      if (!(next < hi)) return hi;  // no progress: the root is hi within rounding
      if (next < lo) next = lo;
      pass(next, false, false, ws);
      f_value fn = shortage(next, j, false, ws);
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
        pass(probe, false, false, ws);
        fn = shortage(probe, j, false, ws);
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
  [[nodiscard]] std::size_t newton_passes() const {
    if constexpr (scalar_traits<T>::is_exact) {
      return demand_.size() + planned_.size() + 64;
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
  std::optional<T> sweep(const T& a, const T& b, std::size_t j, workspace& ws) const {
    const auto mats = bom_->materials();
    const T tol = tolerance();
    T t0 = a;
    for (std::size_t events = 0; events <= demand_.size() + 1; ++events) {
      pass(t0, true, true, ws);
      T t1 = b;
      if (ws.has_next_exhaustion && ws.next_exhaustion < b) t1 = ws.next_exhaustion;
      if (t1 < t0) t1 = t0;
      const T len = T(t1 - t0);
      std::optional<T> best;
      for (std::uint32_t m = 0; m < mats.size(); ++m) {
        const item_id i = mats[m];
        const T scale = T(ws.net[i] + ws.curves.cumulative(m, j, t0) + T(planned_[m] * t0));
        T g0 = T(ws.net[i] - ws.curves.cumulative(m, j, t0));
        T beta = T(ws.slope[i] - ws.curves.rate(m, j, t0));
        if (tol > T(0)) {
          g0 -= T(tol * T(planned_[m] * t0));
          beta -= T(tol * planned_[m]);
        }
        if (!(beta > T(0))) continue;  // concave: never rises above its start
        const T gamma = T(ws.curves.ramp_slope(m, j) / T(2));
        std::optional<T> u;
        if (!(g0 < T(-T(tol * scale)))) {
          u = T(0);
        } else if (gamma == T(0)) {
          u = T(-g0 / beta);
        } else {
          const T disc = T(T(beta * beta) + T(T(4) * T(gamma * g0)));
          if (disc > T(0)) u = T(T(T(-2) * g0) / T(beta + detail::square_root(disc)));
        }
        if (!u || !(*u < len)) continue;
        if (!best || *u < *best) {
          best = *u;
          std::fill(ws.flagged.begin(), ws.flagged.end(), 0);
        }
        if (*u == *best) ws.flagged[m] = 1;
      }
      if (best) return T(t0 + *best);
      if (!(t1 < b)) return std::nullopt;
      t0 = t1;
    }
    return std::nullopt;  // more events than items: only rounding can stall the sweep
  }

  /// Materials that bind at tau: G_m(tau) = 0 (within rounding, or flagged by the ramp
  /// sweep) and G_m growing right after tau. Leaves a right pass at tau in ws.
  void binding_at(const T& tau, workspace& ws, std::vector<item_id>& out) const {
    out.clear();
    const std::size_t j = ws.curves.interval_of(tau);
    pass(tau, true, false, ws);
    const auto mats = bom_->materials();
    const T tol = tolerance();
    for (std::uint32_t m = 0; m < mats.size(); ++m) {
      const item_id i = mats[m];
      const T c = ws.curves.cumulative(m, j, tau);
      T g = T(ws.net[i] - c);
      T s = T(ws.slope[i] - ws.curves.rate(m, j, tau));
      T scale(0);
      if (tol > T(0)) {
        g -= T(tol * T(planned_[m] * tau));
        s -= T(tol * planned_[m]);
        scale = T(tol * T(ws.net[i] + c + T(planned_[m] * tau)));
      }
      if (s > T(0) && (ws.flagged[m] || !(g < T(-scale)))) out.push_back(i);
    }
  }

  const bill_of_materials<T>* bom_;
  const supply_base<T>* supply_;
  std::vector<T> demand_, stock_, priority_, margin_;
  std::vector<item_id> lines_;
  std::vector<std::uint32_t> line_index_;         // per item: position in lines_, or no_index
  std::vector<T> planned_gross_;                  // per item: explosion of the demand
  std::vector<std::uint32_t> material_position_;  // per item, or no_index
  std::vector<T> planned_;                        // per material position
  detail::source_table<T> sources_;
  std::vector<item_id> unsourced_;
  std::vector<unmatched_material> unmatched_;
};

}  // namespace chokepoint
