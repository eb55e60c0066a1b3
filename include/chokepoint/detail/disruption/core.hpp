// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The disruption engine's model of one plant under its plan, and what every way of
// evaluating scenarios on it shares: resolving a scenario's names, the horizon checks,
// starting and finishing a result, and running the cascade. disruption_model (one
// scenario at a time) and scenario_batch (many) are both built on it.

#include <chokepoint/assert.hpp>
#include <chokepoint/bom.hpp>
#include <chokepoint/cascade_policy.hpp>
#include <chokepoint/detail/counting_sort.hpp>
#include <chokepoint/detail/disruption/cascade.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/detail/disruption/stop_rules.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>
#include <chokepoint/detail/explode.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/probable_material.hpp>
#include <chokepoint/detail/unmatched_supply.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/unmatched_material.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class disruption_core {
 public:
  disruption_core(const bill_of_materials<T>& bom, const supply_base<T>& supply, item_span<const T> demand,
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
    unmatched_ = detail::unmatched_supply_materials(bom, supply);
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
    detail::explode(*bom_, std::span<const T>(demand_), std::span<T>(planned_gross_), threads);
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

  /// Per item: the material's position in bill_of_materials::materials(), or no_index.
  [[nodiscard]] std::span<const material_position> material_positions() const noexcept { return material_position_; }
  /// Per item: its position in lines(), or no_index.
  [[nodiscard]] std::span<const std::uint32_t> line_index() const noexcept { return line_index_; }
  [[nodiscard]] const source_table<T>& sources() const noexcept { return sources_; }

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
    const typename detail::kinetic_cascade<T>::scenario_view view{&curves, recovery, options.horizon, options.policy};
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
      if (target == cut_target::site)
        throw invalid_input("chokepoint::disruption_model: " + std::string(what) + " of site '" + name +
                            "': a supply base has no sites (sites belong to a supply_network)");
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
        if ((target == cut_target::country ? sources_.country[s] : sources_.supplier[s]) == id)
          share += sources_.share[s];
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

 private:
  /// offsets and order of the sources by `key` (country or supplier id), stably.
  static void invert(const std::vector<std::uint32_t>& key, std::size_t buckets, std::vector<std::size_t>& offsets,
                     std::vector<std::uint32_t>& order) {
    counting_sort(
        key.size(), buckets, [&key](std::size_t s) { return key[s]; }, offsets, order);
  }

  /// " (did you mean 'X'?)" when `name` differs from a BOM material only in case,
  /// spacing or punctuation; else nothing.
  [[nodiscard]] std::string probable_text(std::string_view name) const {
    const auto m = detail::probable_material(*bom_, name);
    return m ? " (did you mean '" + std::string(bom_->name(*m)) + "'?)" : std::string();
  }

  void check_value(const T& v, std::string_view what, item_id i) const {
    if (!(v >= T(0)) || !scalar_traits<T>::is_finite(v))
      throw invalid_input("chokepoint::disruption_model: " + std::string(what) + " of '" + std::string(bom_->name(i)) +
                          "' must be finite and >= 0, got " + detail::format_scalar(v));
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

  const bill_of_materials<T>* bom_;
  const supply_base<T>* supply_;
  std::vector<T> demand_, stock_, priority_, margin_;
  std::vector<item_id> lines_;
  std::vector<std::uint32_t> line_index_;             // per item: position in lines_, or no_index
  std::vector<T> planned_gross_;                      // per item: explosion of the demand
  std::vector<material_position> material_position_;  // per item, or no_index
  std::vector<T> planned_;                            // per material position
  detail::source_table<T> sources_;
  std::vector<item_id> unsourced_;
  std::vector<unmatched_material> unmatched_;
};

}  // namespace chokepoint::detail
