// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Cuts written as text, as on the command line:
//
//   KIND:NAME=FRACTION[..FRACTION][@START[:END]]
//
//   country:CN=0.9                 90% of China's flow, from day 0, for good
//   supplier:Acme Magnets=1@30:120 all of one supplier's flow over days [30, 120)
//   country:CN=0.5..1.0@0:90       a range of fractions, for scenario sweeps
//
// KIND is `country` or `supplier`; NAME runs to the last '=' (so it may hold spaces and
// colons); an omitted END means the cut never ends. Errors are invalid_input with the
// spec quoted, e.g. "chokepoint::cut: 'country:CN=1.5': fraction must be in [0, 1], got 1.5".

#include <chokepoint/detail/format.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/io/detail/number.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

/// A cut or quota as written: one level, or a range of them for sweeps. For a cut the
/// level is the fraction removed, for a quota the units per day allowed.
template <scalar T>
struct cut_spec {
  cut_target target = cut_target::country;
  std::string name;
  T fraction_low = T(1);   ///< the level; equal to fraction_high for a fixed one
  T fraction_high = T(1);
  T start = T(0);
  std::optional<T> end;    ///< empty: never ends
  limit_kind kind = limit_kind::cut;
  std::vector<std::string> materials = {};  ///< the scope; empty: every material (cuts only)

  [[nodiscard]] bool is_range() const { return fraction_low != fraction_high; }

  /// The cut with a given fraction (the low end of the range by default).
  [[nodiscard]] supply_cut<T> at(const T& fraction) const { return {target, name, fraction, start, end, materials}; }
  [[nodiscard]] supply_cut<T> at() const { return at(fraction_low); }
  /// Adds the cut or quota at a given level, over [start, end), to a scenario.
  void add_to(scenario<T>& sc, const T& level, const T& from, const std::optional<T>& to) const {
    if (kind == limit_kind::cut)
      sc.add(supply_cut<T>{target, name, level, from, to, materials});
    else
      sc.add(supply_quota<T>{target, name, materials, level, from, to});
  }
};

/// Parses KIND:NAME=FRACTION[..FRACTION][@START[:END]] (see the header comment).
template <scalar T>
[[nodiscard]] cut_spec<T> parse_cut_spec(std::string_view text) {
  const auto fail = [text](const std::string& what) -> void {
    throw invalid_input("chokepoint::cut: '" + std::string(text) + "': " + what);
  };
  const auto number = [&fail](std::string_view field, std::string_view what) {
    T value{};
    const auto status = io::detail::parse_number(field.data(), field.data() + field.size(), value);
    if (status != io::detail::number_status::ok)
      fail(std::string(what) + " must be a finite number, got '" + std::string(field) + "'");
    return value;
  };

  cut_spec<T> spec;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) fail("expected KIND:NAME=FRACTION, with KIND country or supplier");
  const std::string_view kind = text.substr(0, colon);
  if (kind == "country") spec.target = cut_target::country;
  else if (kind == "supplier") spec.target = cut_target::supplier;
  else fail("kind must be 'country' or 'supplier', got '" + std::string(kind) + "'");

  const auto equals = text.rfind('=');
  if (equals == std::string_view::npos || equals < colon) fail("expected '=' and a fraction after the name");
  spec.name = std::string(text.substr(colon + 1, equals - colon - 1));
  if (spec.name.empty()) fail("the " + std::string(kind) + " name is empty");

  std::string_view value = text.substr(equals + 1);
  std::string_view window;
  if (const auto at = value.find('@'); at != std::string_view::npos) {
    window = value.substr(at + 1);
    value = value.substr(0, at);
    if (window.empty()) fail("expected START[:END] after '@'");
  }
  if (const auto dots = value.find(".."); dots != std::string_view::npos) {
    spec.fraction_low = number(value.substr(0, dots), "fraction");
    spec.fraction_high = number(value.substr(dots + 2), "fraction");
  } else {
    spec.fraction_low = spec.fraction_high = number(value, "fraction");
  }
  for (const T& f : {spec.fraction_low, spec.fraction_high})
    if (!(f >= T(0) && f <= T(1))) fail("fraction must be in [0, 1], got " + detail::format_scalar(f));
  if (spec.fraction_high < spec.fraction_low)
    fail("fraction range must not decrease, got " + detail::format_scalar(spec.fraction_low) + ".." +
         detail::format_scalar(spec.fraction_high));

  if (!window.empty()) {
    const auto sep = window.find(':');
    spec.start = number(window.substr(0, sep), "start");
    if (spec.start < T(0)) fail("start must be >= 0, got " + detail::format_scalar(spec.start));
    if (sep != std::string_view::npos && sep + 1 < window.size()) {
      const T end = number(window.substr(sep + 1), "end");
      if (!(end > spec.start))
        fail("end must be greater than start, got " + detail::format_scalar(end) + " <= " +
             detail::format_scalar(spec.start));
      spec.end = end;
    }
  }
  return spec;
}

}  // namespace chokepoint
