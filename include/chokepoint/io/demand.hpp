// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads product demand from CSV: columns product and rate (units per day, finite,
// >= 0), optional priority (finite; a larger number is more important; 0 when absent
// or empty) and margin (value per unit, finite, >= 0; empty when not given).
// The format's rules (comments, quoting, errors) are in docs/formats.md.
//
//   product,rate,priority,margin
//   EV,100,2,4500
//   ICE,250,1,

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

struct demand_format {
  template <scalar T>
  using record = demand_record<T>;

  static constexpr std::array<column, 4> columns{
      {{"product", true}, {"rate", true}, {"priority", false}, {"margin", false}}};

  template <scalar T>
  static void fill(const table<4>& t, demand_record<T>& r) {
    enum : std::size_t { product, rate, priority, margin };
    r.product = t.name(product);
    r.rate = t.template number<T>(rate, rule::non_negative);
    r.priority = t.template optional_number<T>(priority, rule::finite).value_or(T(0));
    r.margin = t.template optional_number<T>(margin, rule::non_negative);
  }
};

template <scalar T>
using demand_reader = csv_reader<demand_format, T>;

}  // namespace detail

// The file at `path` (errors name `path`) or the text read from `in`, such as std::cin
// or a string stream (errors name `name`): every row, or each row in turn to
// `on_record(const demand_record<T>&)`, without storing them (the record is reused:
// copy what you keep). Errors are parse_error.

template <scalar T = double>
[[nodiscard]] std::vector<demand_record<T>> read_demand(const std::string& path) {
  return detail::demand_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<demand_record<T>> read_demand(std::istream& in, const std::string& name) {
  return detail::demand_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_demand_record(const std::string& path, F&& on_record) {
  detail::demand_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_demand_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::demand_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

}  // namespace chokepoint::io
