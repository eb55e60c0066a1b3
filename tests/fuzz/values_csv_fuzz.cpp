// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint::io::read_values on arbitrary bytes: unit values: item, unit_value.
// The checks are those of csv.hpp.

#include "csv.hpp"

#include <chokepoint/io/values.hpp>

CHOKEPOINT_FUZZ_TARGET(values_csv) {
  namespace cio = chokepoint::io;
  return chokepoint::fuzz::csv_target(
      data, size, [](std::istream& in, const std::string& name) { return cio::read_values<double>(in, name); },
      [](std::istream& in, const std::string& name) { return cio::read_values<chokepoint::fuzz::rational>(in, name); },
      [](std::istream& in, const std::string& name, auto&& on_record) {
        cio::for_each_value_record<double>(in, name, on_record);
      });
}
