// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads the sources of materials from CSV: columns material, supplier, country and
// volume (finite, >= 0, any unit), in any order, other columns ignored. One row per
// source; the same supplier may sell several materials.
// The format's rules (comments, quoting, errors) are in docs/formats.md.
//
//   material,supplier,country,volume
//   Nd,Northern Rare Earth,CN,900
//   Nd,Shin-Etsu,JP,100

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

struct supply_format {
  template <scalar T>
  using record = supply_record<T>;

  static constexpr std::array<column, 4> columns{
      {{"material", true}, {"supplier", true}, {"country", true}, {"volume", true}}};

  template <scalar T>
  static void fill(const table<4>& t, supply_record<T>& r) {
    enum : std::size_t { material, supplier, country, volume };
    r.material = t.name(material);
    r.supplier = t.name(supplier);
    r.country = t.name(country);
    r.volume = t.template number<T>(volume, rule::non_negative);
  }
};

template <scalar T>
using supply_reader = csv_reader<supply_format, T>;

}  // namespace detail

// The file at `path` (errors name `path`) or the text read from `in`, such as std::cin
// or a string stream (errors name `name`): every row, or each row in turn to
// `on_record(const supply_record<T>&)`, without storing them (the record is reused:
// copy what you keep). Errors are parse_error.

template <scalar T = double>
[[nodiscard]] std::vector<supply_record<T>> read_supply(const std::string& path) {
  return detail::supply_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<supply_record<T>> read_supply(std::istream& in, const std::string& name) {
  return detail::supply_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_supply_record(const std::string& path, F&& on_record) {
  detail::supply_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_supply_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::supply_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

}  // namespace chokepoint::io
