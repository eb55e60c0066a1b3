// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A disruption scenario (docs/model.md, Supply under a scenario), in the words of the
// supply base (country codes or names, supplier names, material names); a
// disruption_model resolves the names when it evaluates the scenario:
//
// - cuts: a fraction of a country's or a supplier's flow removed over [start, end),
//   of every material it sells or only of the materials named (its scope);
// - quotas: a cap, in a material's units per day, on what a country or supplier ships
//   of each material named;
// - schedules: a cut or quota whose level changes over time (a licence regime), added
//   as one cut or quota per step;
// - shipping delays: what a country or supplier ships on day t reaches the plant on day
//   t + delay, so its cuts and quotas act on arrivals `delay` days after their window;
// - receipts: stock in transit that arrives on a given day;
// - alternates: new sources of a material that come on line after a lead time.
//
// The rule where limits overlap, in one place: every cut and quota caps each source's
// flow at a share of its planned flow (a cut of fraction a at 1 - a; a quota q on a
// flow planned at P at min(1, q / P)), and where several apply to a source at one time
// the tightest cap wins. An open end means for good. Every value is checked when it is
// added, with exact messages, e.g.
//
//   "chokepoint::scenario: cut of country 'CN': fraction must be in [0, 1], got 1.5"
//   "chokepoint::scenario: quota of country 'CN': per day must be finite and >= 0, got -1"
//   "chokepoint::scenario: quota of country 'CN': needs the materials it caps"
//   "chokepoint::scenario: cut of supplier 'X': start must be finite and >= 0, got -1"
//   "chokepoint::scenario: cut of country 'CN': end must be greater than start, got end 5 <= start 5"
//   "chokepoint::scenario: schedule of country 'CN': step 2 starts at 40, before step 1 ends at 45"
//   "chokepoint::scenario: delay of country 'CN': given twice"
//   "chokepoint::scenario: receipt of 'Dy': arrival must be finite and >= 0, got -1"
//   "chokepoint::scenario: alternate for 'Dy': capacity must be finite and >= 0, got -1"
//
// An alternate adds capacity * min(1, (t - lead_time) / ramp) units per day for
// t >= lead_time (a step to the full capacity at lead_time when ramp is 0).

#include <chokepoint/detail/format.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint {

/// What a cut applies to. Sites exist only on a supply_network (supply_network.hpp): a
/// site is cut with all of its nodes and its shared capacity.
enum class cut_target : std::uint8_t { country, supplier, site };

[[nodiscard]] constexpr std::string_view to_string(cut_target t) noexcept {
  switch (t) {
    case cut_target::country: return "country";
    case cut_target::supplier: return "supplier";
    case cut_target::site: return "site";
  }
  return "?";
}

/// Whether a limit removes a fraction of a flow or caps it at a level per day.
enum class limit_kind : std::uint8_t { cut, quota };

[[nodiscard]] constexpr std::string_view to_string(limit_kind k) noexcept {
  return k == limit_kind::cut ? "cut" : "quota";
}

/// A fraction of the flow from a country or a supplier removed over [start, end).
template <scalar T>
struct supply_cut {
  cut_target target = cut_target::country;
  std::string name;      ///< country (as in the supply base) or supplier name
  T fraction = T(1);     ///< in [0, 1]
  T start = T(0);        ///< days, >= 0
  std::optional<T> end;  ///< days, > start; empty: the cut never ends
  /// The materials the cut covers (names of BOM materials); empty: all the target sells.
  std::vector<std::string> materials = {};
};

/// A cap on the flow of each of `materials` from a country or a supplier, in the
/// material's units per day, over [start, end).
template <scalar T>
struct supply_quota {
  cut_target target = cut_target::country;
  std::string name;
  std::vector<std::string> materials;  ///< not empty: a quota is per material
  T per_day = T(0);                    ///< finite, >= 0
  T start = T(0);
  std::optional<T> end;
};

/// One step of a schedule: the level (a cut's fraction or a quota's units per day) over
/// [from, to); an empty `to` holds for good.
template <scalar T>
struct schedule_step {
  T from = T(0);
  std::optional<T> to;
  T level = T(0);
};

/// Transit time from a country or supplier to the plant, in days.
template <scalar T>
struct shipping_delay {
  cut_target target = cut_target::country;
  std::string name;
  T days = T(0);  ///< finite, >= 0
};

/// Stock of a material in transit, arriving on day `arrival`.
template <scalar T>
struct scheduled_receipt {
  std::string material;
  T quantity = T(0);  ///< units, finite, >= 0
  T arrival = T(0);   ///< days, finite, >= 0
};

/// A new source of a material: capacity per day reached `ramp` days after `lead_time`.
template <scalar T>
struct alternate_supply {
  std::string material;
  T capacity = T(0);   ///< units per day once ramped up, >= 0
  T lead_time = T(0);  ///< days until the first unit, >= 0
  T ramp = T(0);       ///< days of linear ramp-up after the lead time, >= 0
};

template <scalar T>
class scenario {
 public:
  scenario() = default;

  /// Cuts `fraction` of the flow of `country` over [start, end): of every material it
  /// sells, or only of `materials`.
  scenario& cut_country(std::string_view country, const T& fraction, const T& start = T(0),
                        std::optional<T> end = std::nullopt, std::vector<std::string> materials = {}) {
    return add(supply_cut<T>{cut_target::country, std::string(country), fraction, start, std::move(end),
                             std::move(materials)});
  }

  /// Cuts `fraction` of the flow of `supplier` over [start, end) (of `materials` only,
  /// when given).
  scenario& cut_supplier(std::string_view supplier, const T& fraction, const T& start = T(0),
                         std::optional<T> end = std::nullopt, std::vector<std::string> materials = {}) {
    return add(supply_cut<T>{cut_target::supplier, std::string(supplier), fraction, start, std::move(end),
                             std::move(materials)});
  }

  /// Cuts `fraction` of the capacity of `site` (a site of a supply_network: its nodes and
  /// its shared capacity) over [start, end), of `items` only when given.
  scenario& cut_site(std::string_view site, const T& fraction, const T& start = T(0),
                     std::optional<T> end = std::nullopt, std::vector<std::string> items = {}) {
    return add(supply_cut<T>{cut_target::site, std::string(site), fraction, start, std::move(end), std::move(items)});
  }

  /// Caps what `country` ships of each of `materials` at `per_day` over [start, end).
  scenario& quota_country(std::string_view country, std::vector<std::string> materials, const T& per_day,
                          const T& start = T(0), std::optional<T> end = std::nullopt) {
    return add(supply_quota<T>{cut_target::country, std::string(country), std::move(materials), per_day, start,
                               std::move(end)});
  }

  /// Caps what `supplier` ships of each of `materials` at `per_day` over [start, end).
  scenario& quota_supplier(std::string_view supplier, std::vector<std::string> materials, const T& per_day,
                           const T& start = T(0), std::optional<T> end = std::nullopt) {
    return add(supply_quota<T>{cut_target::supplier, std::string(supplier), std::move(materials), per_day, start,
                               std::move(end)});
  }

  /// Adds a checked cut (see the header comment for the messages).
  scenario& add(supply_cut<T> c) {
    check_name(limit_kind::cut, c.target, c.name);
    if (!(c.fraction >= T(0) && c.fraction <= T(1)))
      limit_error(limit_kind::cut, c.target, c.name,
                  "fraction must be in [0, 1], got " + detail::format_scalar(c.fraction));
    check_window(limit_kind::cut, c.target, c.name, c.materials, c.start, c.end);
    if (c.end && scalar_traits<T>::is_infinite(*c.end)) c.end.reset();  // an infinite end is an open one
    cuts_.push_back(std::move(c));
    return *this;
  }

  /// Adds a checked quota.
  scenario& add(supply_quota<T> q) {
    check_name(limit_kind::quota, q.target, q.name);
    if (q.materials.empty()) limit_error(limit_kind::quota, q.target, q.name, "needs the materials it caps");
    if (!(q.per_day >= T(0)) || !scalar_traits<T>::is_finite(q.per_day))
      limit_error(limit_kind::quota, q.target, q.name,
                  "per day must be finite and >= 0, got " + detail::format_scalar(q.per_day));
    check_window(limit_kind::quota, q.target, q.name, q.materials, q.start, q.end);
    if (q.end && scalar_traits<T>::is_infinite(*q.end)) q.end.reset();
    quotas_.push_back(std::move(q));
    return *this;
  }

  /// A cut or quota whose level changes over time: one cut (level = fraction) or quota
  /// (level = units per day) per step. Steps come in order and do not overlap; only
  /// the last may be open.
  scenario& schedule(limit_kind kind, cut_target target, std::string_view name, std::vector<std::string> materials,
                     std::span<const schedule_step<T>> steps) {
    for (std::size_t k = 1; k < steps.size(); ++k) {
      const auto& before = steps[k - 1];
      if (!before.to || steps[k].from < *before.to)
        throw invalid_input("chokepoint::scenario: schedule of " + std::string(to_string(target)) + " '" +
                            std::string(name) + "': step " + std::to_string(k + 1) + " starts at " +
                            detail::format_scalar(steps[k].from) + ", before step " + std::to_string(k) +
                            (before.to ? " ends at " + detail::format_scalar(*before.to) : std::string(" ends")));
    }
    for (const schedule_step<T>& s : steps) {
      if (kind == limit_kind::cut) add(supply_cut<T>{target, std::string(name), s.level, s.from, s.to, materials});
      else add(supply_quota<T>{target, std::string(name), materials, s.level, s.from, s.to});
    }
    return *this;
  }

  /// What `country` (or supplier) ships on day t arrives on day t + days.
  scenario& delay_country(std::string_view country, const T& days) {
    return add(shipping_delay<T>{cut_target::country, std::string(country), days});
  }
  scenario& delay_supplier(std::string_view supplier, const T& days) {
    return add(shipping_delay<T>{cut_target::supplier, std::string(supplier), days});
  }

  /// Adds a checked delay; one per country or supplier.
  scenario& add(shipping_delay<T> d) {
    const auto fail = [&d](const std::string& what) {
      throw invalid_input("chokepoint::scenario: delay of " + std::string(to_string(d.target)) + " '" + d.name +
                          "': " + what);
    };
    if (d.name.empty())
      throw invalid_input("chokepoint::scenario: delay needs a " + std::string(to_string(d.target)) + " name");
    if (!(d.days >= T(0)) || !scalar_traits<T>::is_finite(d.days))
      fail("days must be finite and >= 0, got " + detail::format_scalar(d.days));
    for (const shipping_delay<T>& e : delays_)
      if (e.target == d.target && e.name == d.name) fail("given twice");
    delays_.push_back(std::move(d));
    return *this;
  }

  /// `quantity` units of `material` arrive on day `arrival` (stock in transit).
  scenario& receive(std::string_view material, const T& quantity, const T& arrival) {
    return add(scheduled_receipt<T>{std::string(material), quantity, arrival});
  }

  scenario& add(scheduled_receipt<T> r) {
    if (r.material.empty()) throw invalid_input("chokepoint::scenario: receipt needs a material name");
    const auto check = [&r](const T& v, std::string_view what) {
      if (!(v >= T(0)) || !scalar_traits<T>::is_finite(v))
        throw invalid_input("chokepoint::scenario: receipt of '" + r.material + "': " + std::string(what) +
                            " must be finite and >= 0, got " + detail::format_scalar(v));
    };
    check(r.quantity, "quantity");
    check(r.arrival, "arrival");
    receipts_.push_back(std::move(r));
    return *this;
  }

  /// An alternate source for `material` (see alternate_supply).
  scenario& add_alternate(std::string_view material, const T& capacity, const T& lead_time, const T& ramp = T(0)) {
    return add(alternate_supply<T>{std::string(material), capacity, lead_time, ramp});
  }

  scenario& add(alternate_supply<T> a) {
    if (a.material.empty()) throw invalid_input("chokepoint::scenario: alternate needs a material name");
    const auto check = [&a](const T& v, std::string_view what) {
      if (!(v >= T(0)) || !scalar_traits<T>::is_finite(v))
        throw invalid_input("chokepoint::scenario: alternate for '" + a.material + "': " + std::string(what) +
                            " must be finite and >= 0, got " + detail::format_scalar(v));
    };
    check(a.capacity, "capacity");
    check(a.lead_time, "lead time");
    check(a.ramp, "ramp");
    alternates_.push_back(std::move(a));
    return *this;
  }

  [[nodiscard]] std::span<const supply_cut<T>> cuts() const noexcept { return cuts_; }
  [[nodiscard]] std::span<const supply_quota<T>> quotas() const noexcept { return quotas_; }
  [[nodiscard]] std::span<const shipping_delay<T>> delays() const noexcept { return delays_; }
  [[nodiscard]] std::span<const scheduled_receipt<T>> receipts() const noexcept { return receipts_; }
  [[nodiscard]] std::span<const alternate_supply<T>> alternates() const noexcept { return alternates_; }
  /// The delay of a country's or supplier's shipments (0 unless given).
  [[nodiscard]] T delay_of(cut_target target, std::string_view name) const {
    for (const shipping_delay<T>& d : delays_)
      if (d.target == target && d.name == name) return d.days;
    return T(0);
  }
  [[nodiscard]] bool empty() const noexcept {
    return cuts_.empty() && quotas_.empty() && delays_.empty() && receipts_.empty() && alternates_.empty();
  }

 private:
  [[noreturn]] static void limit_error(limit_kind kind, cut_target target, std::string_view name,
                                       const std::string& what) {
    throw invalid_input("chokepoint::scenario: " + std::string(to_string(kind)) + " of " +
                        std::string(to_string(target)) + " '" + std::string(name) + "': " + what);
  }

  static void check_name(limit_kind kind, cut_target target, std::string_view name) {
    if (name.empty())
      throw invalid_input("chokepoint::scenario: " + std::string(to_string(kind)) + " needs a " +
                          std::string(to_string(target)) + " name");
  }

  /// The checks a cut and a quota share: a window, material names.
  static void check_window(limit_kind kind, cut_target target, std::string_view name,
                           std::span<const std::string> materials, const T& start, const std::optional<T>& end) {
    if (!(start >= T(0)) || !scalar_traits<T>::is_finite(start))
      limit_error(kind, target, name, "start must be finite and >= 0, got " + detail::format_scalar(start));
    if (end && !(*end > start))
      limit_error(kind, target, name,
                  "end must be greater than start, got end " + detail::format_scalar(*end) + " <= start " +
                      detail::format_scalar(start));
    for (const std::string& m : materials)
      if (m.empty()) limit_error(kind, target, name, "a material name is empty");
  }

  std::vector<supply_cut<T>> cuts_;
  std::vector<supply_quota<T>> quotas_;
  std::vector<shipping_delay<T>> delays_;
  std::vector<scheduled_receipt<T>> receipts_;
  std::vector<alternate_supply<T>> alternates_;
};

#ifdef CHOKEPOINT_SEPARATE_COMPILATION
// Compiled once, in the file that includes <chokepoint/instantiate.hpp>.
extern template class scenario<double>;
#endif

}  // namespace chokepoint
