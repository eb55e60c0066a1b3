// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint::io::read_stock on arbitrary bytes: stock: item, on_hand, optional in_transit
// and arrival.
// The checks are those of csv.hpp.

#include "csv.hpp"

#include <chokepoint/io/stock.hpp>

CHOKEPOINT_FUZZ_TARGET(stock_csv) {
  namespace cio = chokepoint::io;
  return chokepoint::fuzz::csv_target(
      data, size, [](std::istream& in, const std::string& name) { return cio::read_stock<double>(in, name); },
      [](std::istream& in, const std::string& name) { return cio::read_stock<chokepoint::fuzz::rational>(in, name); },
      [](std::istream& in, const std::string& name, auto&& on_record) {
        cio::for_each_stock_record<double>(in, name, on_record);
      });
}
