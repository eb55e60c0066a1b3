// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads the sources of materials from CSV: columns material, supplier, country and
// volume (finite, >= 0, any unit), in any order, other columns ignored. One row per
// source; the same supplier may sell several materials.
// The format's rules (comments, quoting, errors) are in detail/table.hpp.
//
//   material,supplier,country,volume
//   Nd,Northern Rare Earth,CN,900
//   Nd,Shin-Etsu,JP,100

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

inline constexpr std::array<column, 4> supply_columns{{{"material", true}, {"supplier", true}, {"country", true}, {"volume", true}}};

template <scalar T>
void fill_supply(const table<4>& t, supply_record<T>& r) {
  enum : std::size_t { material, supplier, country, volume };
  r.material = t.name(material);
  r.supplier = t.name(supplier);
  r.country = t.name(country);
  r.volume = t.template number<T>(volume, rule::non_negative);
}

}  // namespace detail

/// Reads the supply file at `path`; errors name `path`. Throws parse_error.
template <scalar T = double>
[[nodiscard]] std::vector<supply_record<T>> read_supply(const std::string& path) {
  return detail::collect<supply_record<T>>(path, std::make_unique<detail::file_source>(path),
                                   detail::supply_columns, detail::fill_supply<T>);
}

/// Reads supply from `in` (std::cin, a string stream); errors name `name`.
template <scalar T = double>
[[nodiscard]] std::vector<supply_record<T>> read_supply(std::istream& in, const std::string& name) {
  return detail::collect<supply_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                                   detail::supply_columns, detail::fill_supply<T>);
}

/// Calls `on_record(const supply_record<T>&)` for each row of the file at `path`, in order,
/// without storing them (the record is reused: copy what you keep).
template <scalar T = double, class F>
void for_each_supply_record(const std::string& path, F&& on_record) {
  detail::visit<supply_record<T>>(path, std::make_unique<detail::file_source>(path), detail::supply_columns,
                          detail::fill_supply<T>,
                          [&on_record](const supply_record<T>& r, const auto&) { on_record(r); });
}

/// Calls `on_record(const supply_record<T>&)` for each row read from `in`.
template <scalar T = double, class F>
void for_each_supply_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::visit<supply_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                          detail::supply_columns, detail::fill_supply<T>,
                          [&on_record](const supply_record<T>& r, const auto&) { on_record(r); });
}

}  // namespace chokepoint::io
