// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads a bill of materials from CSV: columns parent, child, quantity (finite, > 0) and
// an optional scrap (in [0, 1), 0 when absent or empty), in any order, other columns
// ignored. One row per edge parent -> child; duplicates and cycles are the BOM's to judge.
// The format's rules (comments, quoting, errors) are in docs/formats.md.
//
//   parent,child,quantity,scrap
//   EV,motor,2,
//   motor,magnet,1,0.05

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

struct bom_format {
  template <scalar T>
  using record = bom_record<T>;

  static constexpr std::array<column, 4> columns{
      {{"parent", true}, {"child", true}, {"quantity", true}, {"scrap", false}}};

  template <scalar T>
  static void fill(const table<4>& t, bom_record<T>& r) {
    enum : std::size_t { parent, child, quantity, scrap };
    r.parent = t.name(parent);
    r.child = t.name(child);
    r.quantity = t.template number<T>(quantity, rule::positive);
    r.scrap = t.template optional_number<T>(scrap, rule::fraction).value_or(T(0));
  }
};

template <scalar T>
using bom_reader = csv_reader<bom_format, T>;

}  // namespace detail

// The file at `path` (errors name `path`) or the text read from `in`, such as std::cin
// or a string stream (errors name `name`): every row, or each row in turn to
// `on_record(const bom_record<T>&)`, without storing them (the record is reused: copy
// what you keep). Errors are parse_error.

template <scalar T = double>
[[nodiscard]] std::vector<bom_record<T>> read_bom(const std::string& path) {
  return detail::bom_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<bom_record<T>> read_bom(std::istream& in, const std::string& name) {
  return detail::bom_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_bom_record(const std::string& path, F&& on_record) {
  detail::bom_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_bom_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::bom_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

}  // namespace chokepoint::io
