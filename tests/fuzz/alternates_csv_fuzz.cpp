// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint::io::read_alternates on arbitrary bytes: alternates: material, capacity, lead_time, optional ramp, supplier, country.
// The checks are those of csv.hpp.

#include "csv.hpp"

#include <chokepoint/io/alternates.hpp>

CHOKEPOINT_FUZZ_TARGET(alternates_csv) {
  namespace cio = chokepoint::io;
  return chokepoint::fuzz::csv_target(
      data, size, [](std::istream& in, const std::string& name) { return cio::read_alternates<double>(in, name); },
      [](std::istream& in, const std::string& name) {
        return cio::read_alternates<chokepoint::fuzz::rational>(in, name);
      },
      [](std::istream& in, const std::string& name, auto&& on_record) {
        cio::for_each_alternate_record<double>(in, name, on_record);
      });
}
