// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint::io::read_demand on arbitrary bytes: demand: product, rate, optional priority and margin.
// The checks are those of csv.hpp.

#include "csv.hpp"

#include <chokepoint/io/demand.hpp>

CHOKEPOINT_FUZZ_TARGET(demand_csv) {
  namespace cio = chokepoint::io;
  return chokepoint::fuzz::csv_target(
      data, size, [](std::istream& in, const std::string& name) { return cio::read_demand<double>(in, name); },
      [](std::istream& in, const std::string& name) { return cio::read_demand<chokepoint::fuzz::rational>(in, name); },
      [](std::istream& in, const std::string& name, auto&& on_record) {
        cio::for_each_demand_record<double>(in, name, on_record);
      });
}
