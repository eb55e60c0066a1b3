// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint::io::read_bom on arbitrary bytes: a bill of materials: parent, child, quantity, optional scrap.
// The checks are those of csv.hpp.

#include "csv.hpp"

#include <chokepoint/io/bom.hpp>

CHOKEPOINT_FUZZ_TARGET(bom_csv) {
  namespace cio = chokepoint::io;
  return chokepoint::fuzz::csv_target(
      data, size, [](std::istream& in, const std::string& name) { return cio::read_bom<double>(in, name); },
      [](std::istream& in, const std::string& name) { return cio::read_bom<chokepoint::fuzz::rational>(in, name); },
      [](std::istream& in, const std::string& name, auto&& on_record) {
        cio::for_each_bom_record<double>(in, name, on_record);
      });
}
