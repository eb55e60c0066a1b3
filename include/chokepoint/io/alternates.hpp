// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads alternate sources from CSV: columns material, capacity (units per day),
// lead_time (days), optional ramp (days of linear ramp-up, 0 when absent or empty) and
// optional supplier and country (who and where, for the reader: an alternate is never
// cut, so the model does not use them); every number finite and >= 0.
// The format's rules (comments, quoting, errors) are in detail/table.hpp.
//
//   material,supplier,country,capacity,lead_time,ramp
//   Nd,Vacuumschmelze,DE,5,90,30

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

inline constexpr std::array<column, 6> alternates_columns{{{"material", true}, {"supplier", false}, {"country", false}, {"capacity", true}, {"lead_time", true}, {"ramp", false}}};

template <scalar T>
void fill_alternates(const table<6>& t, alternate_record<T>& r) {
  enum : std::size_t { material, supplier, country, capacity, lead_time, ramp };
  r.material = t.name(material);
  r.supplier = t.text(supplier);
  r.country = t.text(country);
  r.capacity = t.template number<T>(capacity, rule::non_negative);
  r.lead_time = t.template number<T>(lead_time, rule::non_negative);
  r.ramp = t.template optional_number<T>(ramp, rule::non_negative).value_or(T(0));
}

}  // namespace detail

/// Reads the alternates file at `path`; errors name `path`. Throws parse_error.
template <scalar T = double>
[[nodiscard]] std::vector<alternate_record<T>> read_alternates(const std::string& path) {
  return detail::collect<alternate_record<T>>(path, std::make_unique<detail::file_source>(path),
                                   detail::alternates_columns, detail::fill_alternates<T>);
}

/// Reads alternates from `in` (std::cin, a string stream); errors name `name`.
template <scalar T = double>
[[nodiscard]] std::vector<alternate_record<T>> read_alternates(std::istream& in, const std::string& name) {
  return detail::collect<alternate_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                                   detail::alternates_columns, detail::fill_alternates<T>);
}

/// Calls `on_record(const alternate_record<T>&)` for each row of the file at `path`, in order,
/// without storing them (the record is reused: copy what you keep).
template <scalar T = double, class F>
void for_each_alternate_record(const std::string& path, F&& on_record) {
  detail::visit<alternate_record<T>>(path, std::make_unique<detail::file_source>(path), detail::alternates_columns,
                          detail::fill_alternates<T>,
                          [&on_record](const alternate_record<T>& r, const auto&) { on_record(r); });
}

/// Calls `on_record(const alternate_record<T>&)` for each row read from `in`.
template <scalar T = double, class F>
void for_each_alternate_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::visit<alternate_record<T>>(name, std::make_unique<detail::stream_source>(in, name),
                          detail::alternates_columns, detail::fill_alternates<T>,
                          [&on_record](const alternate_record<T>& r, const auto&) { on_record(r); });
}

}  // namespace chokepoint::io
