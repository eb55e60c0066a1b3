// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads unit values from CSV: columns item and unit_value (finite, >= 0).
// The format's rules (comments, quoting, errors) are in detail/table.hpp.
//
//   item,unit_value
//   Nd,0.1
//   Dy,0.35

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

inline constexpr std::array<column, 2> values_columns{{{"item", true}, {"unit_value", true}}};

template <scalar T>
void fill_values(const table<2>& t, value_record<T>& r) {
  enum : std::size_t { item, unit_value };
  r.item = t.name(item);
  r.unit_value = t.template number<T>(unit_value, rule::non_negative);
}

}  // namespace detail

/// Reads the unit values file at `path`; errors name `path`. Throws parse_error.
template <scalar T = double>
[[nodiscard]] std::vector<value_record<T>> read_values(const std::string& path) {
  return detail::collect<value_record<T>>(path, std::make_unique<detail::file_source>(path),
                                   detail::values_columns, detail::fill_values<T>);
}

/// Reads unit values from `in` (std::cin, a string stream); errors name `name`.
template <scalar T = double>
[[nodiscard]] std::vector<value_record<T>> read_values(std::istream& in, const std::string& name) {
  return detail::collect<value_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                                   detail::values_columns, detail::fill_values<T>);
}

/// Calls `on_record(const value_record<T>&)` for each row of the file at `path`, in order,
/// without storing them (the record is reused: copy what you keep).
template <scalar T = double, class F>
void for_each_value_record(const std::string& path, F&& on_record) {
  detail::visit<value_record<T>>(path, std::make_unique<detail::file_source>(path), detail::values_columns,
                          detail::fill_values<T>,
                          [&on_record](const value_record<T>& r, const auto&) { on_record(r); });
}

/// Calls `on_record(const value_record<T>&)` for each row read from `in`.
template <scalar T = double, class F>
void for_each_value_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::visit<value_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                          detail::values_columns, detail::fill_values<T>,
                          [&on_record](const value_record<T>& r, const auto&) { on_record(r); });
}

}  // namespace chokepoint::io
