// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A disruption scenario (docs/model.md, Supply under a scenario): cuts of a country's or
// a supplier's flow over windows of time, and alternate sources that come on line after
// a lead time.
// A scenario is plain data named in the words of the supply base (country codes or
// names, supplier names, material names); a disruption_model resolves the names when it
// evaluates the scenario. Every value is checked when it is added, with exact messages:
//
//   "chokepoint::scenario: cut of country 'CN': fraction must be in [0, 1], got 1.5"
//   "chokepoint::scenario: cut of supplier 'X': start must be finite and >= 0, got -1"
//   "chokepoint::scenario: cut of country 'CN': end must be greater than start, got end 5 <= start 5"
//   "chokepoint::scenario: cut needs a country name" (supplier likewise)
//   "chokepoint::scenario: alternate for 'Dy': capacity must be finite and >= 0, got -1"
//     (lead time and ramp likewise: "lead time must ...", "ramp must ...")
//   "chokepoint::scenario: alternate needs a material name"
//
// Semantics: a cut of fraction a over [start, end) removes a of the flow of every source
// in that country (or of that supplier) at times start <= t < end; an open end means for
// good. Where cuts overlap on a source, the larger fraction applies. An alternate adds
// capacity * min(1, (t - lead_time) / ramp) units per day for t >= lead_time (a step to
// the full capacity at lead_time when ramp is 0).

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

/// What a cut applies to.
enum class cut_target : std::uint8_t { country, supplier };

[[nodiscard]] constexpr std::string_view to_string(cut_target t) noexcept {
  return t == cut_target::country ? "country" : "supplier";
}

/// A fraction of the flow from a country or a supplier removed over [start, end).
template <scalar T>
struct supply_cut {
  cut_target target = cut_target::country;
  std::string name;           ///< country (as in the supply base) or supplier name
  T fraction = T(1);          ///< in [0, 1]
  T start = T(0);             ///< days, >= 0
  std::optional<T> end;       ///< days, > start; empty: the cut never ends
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

  /// Cuts `fraction` of every source in `country` over [start, end).
  scenario& cut_country(std::string_view country, const T& fraction, const T& start = T(0),
                        std::optional<T> end = std::nullopt) {
    return add(supply_cut<T>{cut_target::country, std::string(country), fraction, start, std::move(end)});
  }

  /// Cuts `fraction` of every source of `supplier` over [start, end).
  scenario& cut_supplier(std::string_view supplier, const T& fraction, const T& start = T(0),
                         std::optional<T> end = std::nullopt) {
    return add(supply_cut<T>{cut_target::supplier, std::string(supplier), fraction, start, std::move(end)});
  }

  /// Adds a checked cut (see the header comment for the messages).
  scenario& add(supply_cut<T> c) {
    const auto fail = [&c](const std::string& what) {
      throw invalid_input("chokepoint::scenario: cut of " + std::string(to_string(c.target)) + " '" +
                          c.name + "': " + what);
    };
    if (c.name.empty())
      throw invalid_input("chokepoint::scenario: cut needs a " + std::string(to_string(c.target)) + " name");
    if (!(c.fraction >= T(0) && c.fraction <= T(1)))
      fail("fraction must be in [0, 1], got " + detail::format_scalar(c.fraction));
    if (!(c.start >= T(0)) || !scalar_traits<T>::is_finite(c.start))
      fail("start must be finite and >= 0, got " + detail::format_scalar(c.start));
    if (c.end) {
      if (!(*c.end > c.start))
        fail("end must be greater than start, got end " + detail::format_scalar(*c.end) + " <= start " +
             detail::format_scalar(c.start));
      if (scalar_traits<T>::is_infinite(*c.end)) c.end.reset();  // an infinite end is an open one
    }
    cuts_.push_back(std::move(c));
    return *this;
  }

  /// An alternate source for `material` (see alternate_supply).
  scenario& add_alternate(std::string_view material, const T& capacity, const T& lead_time,
                          const T& ramp = T(0)) {
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
  [[nodiscard]] std::span<const alternate_supply<T>> alternates() const noexcept { return alternates_; }
  [[nodiscard]] bool empty() const noexcept { return cuts_.empty() && alternates_.empty(); }

 private:
  std::vector<supply_cut<T>> cuts_;
  std::vector<alternate_supply<T>> alternates_;
};

}  // namespace chokepoint
