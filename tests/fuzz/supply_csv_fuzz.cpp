// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint::io::read_supply on arbitrary bytes: sources: material, supplier, country, volume.
// The checks are those of csv.hpp.

#include "csv.hpp"

#include <chokepoint/io/supply.hpp>

CHOKEPOINT_FUZZ_TARGET(supply_csv) {
  namespace cio = chokepoint::io;
  return chokepoint::fuzz::csv_target(
      data, size, [](std::istream& in, const std::string& name) { return cio::read_supply<double>(in, name); },
      [](std::istream& in, const std::string& name) { return cio::read_supply<chokepoint::fuzz::rational>(in, name); },
      [](std::istream& in, const std::string& name, auto&& on_record) {
        cio::for_each_supply_record<double>(in, name, on_record);
      });
}
