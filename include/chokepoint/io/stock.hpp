// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads stock from CSV: columns item and on_hand, optional in_transit and arrival; every
// number finite and >= 0. Stock in transit without an arrival day is added to on_hand
// (it counts as available at t = 0); with one (a day, from t = 0) it is a receipt
// that arrives that day (stock_record::in_transit and ::arrival; io::load_stock_plan
// turns them into scheduled_receipt). An arrival day without an in_transit quantity is
// an error. Items without a row hold no stock.
// The format's rules (comments, quoting, errors) are in docs/formats.md.
//
//   item,on_hand,in_transit,arrival
//   motor,120,30,
//   Dy,3,40,30

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

struct stock_format {
  template <scalar T>
  using record = stock_record<T>;

  static constexpr std::array<column, 4> columns{
      {{"item", true}, {"on_hand", true}, {"in_transit", false}, {"arrival", false}}};

  template <scalar T>
  static void fill(const table<4>& t, stock_record<T>& r) {
    enum : std::size_t { item, on_hand, in_transit, arrival };
    r.item = t.name(item);
    r.on_hand = t.template number<T>(on_hand, rule::non_negative);
    r.in_transit = T(0);
    r.arrival = t.template optional_number<T>(arrival, rule::non_negative);
    const auto moving = t.template optional_number<T>(in_transit, rule::non_negative);
    if (r.arrival) {
      if (!moving) t.fail(arrival, "an arrival day needs an in_transit quantity, got none");
      r.in_transit = *moving;
    } else if (moving) {
      r.on_hand = T(r.on_hand + *moving);
      if (!scalar_traits<T>::is_finite(r.on_hand))
        t.fail(in_transit, "on_hand + in_transit overflows, got '" + shown(t.text(in_transit)) + "'");
    }
  }
};

template <scalar T>
using stock_reader = csv_reader<stock_format, T>;

}  // namespace detail

// The file at `path` (errors name `path`) or the text read from `in`, such as std::cin
// or a string stream (errors name `name`): every row, or each row in turn to
// `on_record(const stock_record<T>&)`, without storing them (the record is reused: copy
// what you keep). Errors are parse_error.

template <scalar T = double>
[[nodiscard]] std::vector<stock_record<T>> read_stock(const std::string& path) {
  return detail::stock_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<stock_record<T>> read_stock(std::istream& in, const std::string& name) {
  return detail::stock_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_stock_record(const std::string& path, F&& on_record) {
  detail::stock_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_stock_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::stock_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

}  // namespace chokepoint::io
