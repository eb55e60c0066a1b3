// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads unit values from CSV: columns item and unit_value (finite, >= 0).
// The format's rules (comments, quoting, errors) are in docs/formats.md.
//
//   item,unit_value
//   Nd,0.1
//   Dy,0.35

#include <chokepoint/io/detail/reader.hpp>
#include <chokepoint/io/detail/table.hpp>
#include <chokepoint/io/records.hpp>
#include <chokepoint/scalar.hpp>

#include <array>
#include <cstddef>
#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace chokepoint::io {

namespace detail {

struct values_format {
  template <scalar T>
  using record = value_record<T>;

  static constexpr std::array<column, 2> columns{{{"item", true}, {"unit_value", true}}};

  template <scalar T>
  static void fill(const table<2>& t, value_record<T>& r) {
    enum : std::size_t { item, unit_value };
    r.item = t.name(item);
    r.unit_value = t.template number<T>(unit_value, rule::non_negative);
  }
};

template <scalar T>
using values_reader = csv_reader<values_format, T>;

}  // namespace detail

// The file at `path` (errors name `path`) or the text read from `in`, such as std::cin
// or a string stream (errors name `name`): every row, or each row in turn to
// `on_record(const value_record<T>&)`, without storing them (the record is reused: copy
// what you keep). Errors are parse_error.

template <scalar T = double>
[[nodiscard]] std::vector<value_record<T>> read_values(const std::string& path) {
  return detail::values_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<value_record<T>> read_values(std::istream& in, const std::string& name) {
  return detail::values_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_value_record(const std::string& path, F&& on_record) {
  detail::values_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_value_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::values_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

}  // namespace chokepoint::io
