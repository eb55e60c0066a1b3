// SPDX-License-Identifier: MIT
// A program that uses fast-cpp-csv-parser itself and includes it before chokepoint's
// readers: both work, the parser in its global io and the readers in chokepoint::io.
// (The rare-earth demo includes it after them.)

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"  // a bounded strncpy in the parser
#endif
#include <libfccp/csv.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <chokepoint/io.hpp>

#include <cstddef>
#include <string>
#include <utility>

std::pair<std::size_t, std::size_t> rows_read_both_ways(const std::string& path) {
  ::io::CSVReader<4> in(path);
  in.read_header(::io::ignore_no_column, "material", "supplier", "country", "volume");
  std::string material, supplier, country;
  double volume = 0;
  std::size_t rows = 0;
  while (in.read_row(material, supplier, country, volume)) ++rows;
  return {rows, chokepoint::io::read_supply<double>(path).size()};
}
