// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A plan with all stock times s and all demand times mu is the model's own plan seen in
// other units: time in units of a = s / mu days, quantities in units of s. Every rate of
// the engine is a share of the plan or a capacity, every stock and receipt a quantity,
// and the engine is piecewise linear in both, so the scenario that runs on the model's
// plan has its days divided by a, its receipts by s and its quotas and alternate
// capacities by mu; its times come back times a and its quantities times s
// (docs/model.md, "Scenario sweeps"). A sweep over one stock factor for all stock and a
// demand factor therefore runs on one model and one batch, not on a model per scenario.

#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>

#include <optional>

namespace chokepoint::detail {

template <scalar T>
class plan_scale {
 public:
  plan_scale() = default;
  /// Stock times `stock` (s > 0) and demand times `demand` (mu > 0).
  plan_scale(const T& stock, const T& demand) : stock_(stock), demand_(demand), time_(T(stock / demand)) {}

  /// The scenario on the model's plan that behaves as `sc` does on the scaled plan.
  [[nodiscard]] scenario<T> on_model_plan(const scenario<T>& sc) const {
    const auto in_model_window = [this](auto& limit) {
      limit.start = in_model_days(limit.start);
      if (limit.end) limit.end = in_model_days(*limit.end);
    };
    scenario<T> out;
    for (supply_cut<T> c : sc.cuts()) {
      in_model_window(c);
      out.add(std::move(c));
    }
    for (supply_quota<T> q : sc.quotas()) {
      q.per_day = T(q.per_day / demand_);
      in_model_window(q);
      out.add(std::move(q));
    }
    for (shipping_delay<T> d : sc.delays()) {
      d.days = in_model_days(d.days);
      out.add(std::move(d));
    }
    for (scheduled_receipt<T> r : sc.receipts()) {
      r.quantity = T(r.quantity / stock_);
      r.arrival = in_model_days(r.arrival);
      out.add(std::move(r));
    }
    for (alternate_supply<T> a : sc.alternates()) {
      a.capacity = T(a.capacity / demand_);
      a.lead_time = in_model_days(a.lead_time);
      a.ramp = in_model_days(a.ramp);
      out.add(std::move(a));
    }
    return out;
  }

  /// A time or quantity of the model's plan in days or units of the scaled plan.
  [[nodiscard]] T days(const T& t) const { return T(t * time_); }
  [[nodiscard]] T units(const T& q) const { return T(q * stock_); }

  /// A day of the scaled plan on the model's plan.
  [[nodiscard]] T in_model_days(const T& t) const { return T(t / time_); }

 private:
  T stock_ = T(1), demand_ = T(1);
  T time_ = T(1);  ///< a = s / mu: days per unit of time on the model's plan
};

}  // namespace chokepoint::detail
