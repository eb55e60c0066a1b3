// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads a bill of materials from CSV: columns parent, child, quantity (finite, > 0) and
// an optional scrap (in [0, 1), 0 when absent or empty), in any order, other columns
// ignored. One row per edge parent -> child; duplicates and cycles are the BOM's to judge.
// The format's rules (comments, quoting, errors) are in detail/table.hpp.
//
//   parent,child,quantity,scrap
//   EV,motor,2,
//   motor,magnet,1,0.05

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

inline constexpr std::array<column, 4> bom_columns{{{"parent", true}, {"child", true}, {"quantity", true}, {"scrap", false}}};

template <scalar T>
void fill_bom(const table<4>& t, bom_record<T>& r) {
  enum : std::size_t { parent, child, quantity, scrap };
  r.parent = t.name(parent);
  r.child = t.name(child);
  r.quantity = t.template number<T>(quantity, rule::positive);
  r.scrap = t.template optional_number<T>(scrap, rule::fraction).value_or(T(0));
}

}  // namespace detail

/// Reads the BOM file at `path`; errors name `path`. Throws parse_error.
template <scalar T = double>
[[nodiscard]] std::vector<bom_record<T>> read_bom(const std::string& path) {
  return detail::collect<bom_record<T>>(path, std::make_unique<detail::file_source>(path),
                                   detail::bom_columns, detail::fill_bom<T>);
}

/// Reads BOM from `in` (std::cin, a string stream); errors name `name`.
template <scalar T = double>
[[nodiscard]] std::vector<bom_record<T>> read_bom(std::istream& in, const std::string& name) {
  return detail::collect<bom_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                                   detail::bom_columns, detail::fill_bom<T>);
}

/// Calls `on_record(const bom_record<T>&)` for each row of the file at `path`, in order,
/// without storing them (the record is reused: copy what you keep).
template <scalar T = double, class F>
void for_each_bom_record(const std::string& path, F&& on_record) {
  detail::visit<bom_record<T>>(path, std::make_unique<detail::file_source>(path), detail::bom_columns,
                          detail::fill_bom<T>,
                          [&on_record](const bom_record<T>& r, const auto&) { on_record(r); });
}

/// Calls `on_record(const bom_record<T>&)` for each row read from `in`.
template <scalar T = double, class F>
void for_each_bom_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::visit<bom_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                          detail::bom_columns, detail::fill_bom<T>,
                          [&on_record](const bom_record<T>& r, const auto&) { on_record(r); });
}

}  // namespace chokepoint::io
