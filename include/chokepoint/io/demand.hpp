// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads product demand from CSV: columns product and rate (units per day, finite,
// >= 0), optional priority (finite; a larger number is more important; 0 when absent
// or empty) and margin (value per unit, finite, >= 0; empty when not given).
// The format's rules (comments, quoting, errors) are in detail/table.hpp.
//
//   product,rate,priority,margin
//   EV,100,2,4500
//   ICE,250,1,

#include <chokepoint/io/detail/source.hpp>
#include <chokepoint/io/detail/table.hpp>
#include <chokepoint/io/records.hpp>
#include <chokepoint/scalar.hpp>

#include <array>
#include <istream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace chokepoint::io {

namespace detail {

inline constexpr std::array<column, 4> demand_columns{{{"product", true}, {"rate", true}, {"priority", false}, {"margin", false}}};

template <scalar T>
void fill_demand(const table<4>& t, demand_record<T>& r) {
  enum : std::size_t { product, rate, priority, margin };
  r.product = t.name(product);
  r.rate = t.template number<T>(rate, rule::non_negative);
  r.priority = t.template optional_number<T>(priority, rule::finite).value_or(T(0));
  r.margin = t.template optional_number<T>(margin, rule::non_negative);
}

}  // namespace detail

/// Reads the demand file at `path`; errors name `path`. Throws parse_error.
template <scalar T = double>
[[nodiscard]] std::vector<demand_record<T>> read_demand(const std::string& path) {
  return detail::collect<demand_record<T>>(path, std::make_unique<detail::file_source>(path),
                                   detail::demand_columns, detail::fill_demand<T>);
}

/// Reads demand from `in` (std::cin, a string stream); errors name `name`.
template <scalar T = double>
[[nodiscard]] std::vector<demand_record<T>> read_demand(std::istream& in, const std::string& name) {
  return detail::collect<demand_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                                   detail::demand_columns, detail::fill_demand<T>);
}

/// Calls `on_record(const demand_record<T>&)` for each row of the file at `path`, in order,
/// without storing them (the record is reused: copy what you keep).
template <scalar T = double, class F>
void for_each_demand_record(const std::string& path, F&& on_record) {
  detail::visit<demand_record<T>>(path, std::make_unique<detail::file_source>(path), detail::demand_columns,
                          detail::fill_demand<T>,
                          [&on_record](const demand_record<T>& r, const auto&) { on_record(r); });
}

/// Calls `on_record(const demand_record<T>&)` for each row read from `in`.
template <scalar T = double, class F>
void for_each_demand_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::visit<demand_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                          detail::demand_columns, detail::fill_demand<T>,
                          [&on_record](const demand_record<T>& r, const auto&) { on_record(r); });
}

}  // namespace chokepoint::io
