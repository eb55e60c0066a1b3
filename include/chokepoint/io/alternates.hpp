// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads alternate sources from CSV: columns material, capacity (units per day),
// lead_time (days), optional ramp (days of linear ramp-up, 0 when absent or empty) and
// optional supplier and country (who and where, for the reader: an alternate is never
// cut, so the model does not use them); every number finite and >= 0.
// The format's rules (comments, quoting, errors) are in docs/formats.md.
//
//   material,supplier,country,capacity,lead_time,ramp
//   Nd,Vacuumschmelze,DE,5,90,30

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

struct alternates_format {
  template <scalar T>
  using record = alternate_record<T>;

  static constexpr std::array<column, 6> columns{{{"material", true},
                                                  {"supplier", false},
                                                  {"country", false},
                                                  {"capacity", true},
                                                  {"lead_time", true},
                                                  {"ramp", false}}};

  template <scalar T>
  static void fill(const table<6>& t, alternate_record<T>& r) {
    enum : std::size_t { material, supplier, country, capacity, lead_time, ramp };
    r.material = t.name(material);
    r.supplier = t.text(supplier);
    r.country = t.text(country);
    r.capacity = t.template number<T>(capacity, rule::non_negative);
    r.lead_time = t.template number<T>(lead_time, rule::non_negative);
    r.ramp = t.template optional_number<T>(ramp, rule::non_negative).value_or(T(0));
  }
};

template <scalar T>
using alternates_reader = csv_reader<alternates_format, T>;

}  // namespace detail

// The file at `path` (errors name `path`) or the text read from `in`, such as std::cin
// or a string stream (errors name `name`): every row, or each row in turn to
// `on_record(const alternate_record<T>&)`, without storing them (the record is reused:
// copy what you keep). Errors are parse_error.

template <scalar T = double>
[[nodiscard]] std::vector<alternate_record<T>> read_alternates(const std::string& path) {
  return detail::alternates_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<alternate_record<T>> read_alternates(std::istream& in, const std::string& name) {
  return detail::alternates_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_alternate_record(const std::string& path, F&& on_record) {
  detail::alternates_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_alternate_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::alternates_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

}  // namespace chokepoint::io
