// SPDX-License-Identifier: MIT
// The CSV readers as a user's program sees them. After `using namespace chokepoint;`,
// io:: is chokepoint::io: fast-cpp-csv-parser, which the readers use, declares a global
// `namespace io` that must stay out of the user's way (user_io.cpp declares its own
// global io beside the readers; parser_first.cpp uses the parser itself, included
// first). And io::load_alternates, whose supplier and country columns are optional.
// Paths are relative to tests/.

#include <chokepoint/chokepoint.hpp>
#include <chokepoint/io.hpp>

#include "support.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

// user_io.cpp: the rows of a BOM file, counted beside a global namespace io of the program's own.
std::size_t rows_beside_own_io(const std::string& path);
// parser_first.cpp: the rows of a supply file read by the parser itself and by chokepoint::io.
std::pair<std::size_t, std::size_t> rows_read_both_ways(const std::string& path);

TEST_CASE("using namespace chokepoint: io:: names chokepoint's readers") {
  using namespace chokepoint;
  const auto bom = io::load_bom<double>("data/small/bom.csv");
  const auto supply = io::load_supply<double>("data/small/supply.csv");
  const auto demand = io::load_demand<double>("data/small/demand.csv", bom);
  const auto stock = io::load_stock<double>("data/small/stock.csv", bom);
  const auto alternates = io::load_alternates<double>("data/small/alternates.csv", bom);

  // The alternates as read, and as the same sources added by hand.
  scenario<double> from_file;
  from_file.cut_country("CN", 1.0);
  for (const alternate_supply<double>& a : alternates) from_file.add(a);
  scenario<double> by_hand;
  by_hand.cut_country("CN", 1.0).add({"Nd", 5.0, 90.0, 30.0}).add({"Dy", 0.5, 180.0, 0.0});

  const disruption_model<double> model(bom, supply, demand.rate, stock);
  const auto read = model.time_to_survive(from_file);
  const auto hand = model.time_to_survive(by_hand);
  REQUIRE(read.time);
  REQUIRE(hand.time);
  CHECK(*read.time == *hand.time);
}

TEST_CASE("a program's own global io, and the parser's, live beside chokepoint::io") {
  CHECK(rows_beside_own_io("data/small/bom.csv") == 8);
  CHECK(rows_read_both_ways("data/small/supply.csv") == std::pair<std::size_t, std::size_t>(6, 6));
}

namespace {

void check_alternate(const chokepoint::alternate_supply<double>& a, const char* material, double capacity,
                     double lead_time, double ramp) {
  CHECK(a.material == material);
  CHECK(a.capacity == capacity);
  CHECK(a.lead_time == lead_time);
  CHECK(a.ramp == ramp);
}

}  // namespace

TEST_CASE("alternates: supplier and country may be missing or empty; every row is used, in order") {
  namespace cio = chokepoint::io;
  const auto bom = cio::load_bom<double>("data/small/bom.csv");

  const auto records = cio::read_alternates<double>("data/alternates/partly_named.csv");
  REQUIRE(records.size() == 3);
  CHECK(records[0].supplier == "Vacuumschmelze");
  CHECK(records[0].country.empty());
  CHECK(records[1].supplier.empty());
  CHECK(records[1].country.empty());
  CHECK(records[2].country == "JP");
  CHECK(records[2].line == 5);

  const auto named = cio::load_alternates<double>("data/alternates/partly_named.csv", bom);
  REQUIRE(named.size() == 3);  // two alternates for Dy: both kept
  check_alternate(named[0], "Nd", 5, 90, 30);
  check_alternate(named[1], "Dy", 0.5, 180, 0);
  check_alternate(named[2], "Dy", 0.25, 60, 10);

  const auto unnamed = cio::load_alternates<double>("data/alternates/without_supplier.csv", bom);
  REQUIRE(unnamed.size() == 2);
  check_alternate(unnamed[0], "Nd", 5, 90, 0);
  check_alternate(unnamed[1], "Dy", 0.5, 180, 0);
  CHECK(cio::read_alternates<double>("data/alternates/without_supplier.csv")[1].supplier.empty());

  // Exact, for a rational.
  const auto exact_bom = cio::load_bom<chokepoint::testing::rational>("data/small/bom.csv");
  const auto exact = cio::load_alternates<chokepoint::testing::rational>("data/alternates/partly_named.csv", exact_bom);
  REQUIRE(exact.size() == 3);
  CHECK(exact[2].capacity == chokepoint::testing::rational(1, 4));
}

TEST_CASE("alternates: a row for an item that is not a material of the BOM is refused at its line") {
  namespace cio = chokepoint::io;
  const auto bom = cio::load_bom<double>("data/small/bom.csv");
  CHECK_THROWS_WITH_AS(
      (void)cio::load_alternates<double>("data/alternates/unknown_material.csv", bom),
      "data/alternates/unknown_material.csv:3:0: unknown material 'Nd2' (not in the bill of materials)",
      chokepoint::parse_error);
  CHECK_THROWS_WITH_AS(
      (void)cio::load_alternates<double>("data/alternates/assembly.csv", bom),
      "data/alternates/assembly.csv:3:0: 'magnet' is an assembly in the bill of materials, not a material",
      chokepoint::parse_error);
  CHECK_THROWS_WITH_AS((void)cio::load_alternates<double>("data/alternates/product.csv", bom),
                       "data/alternates/product.csv:2:0: 'EV' is a product in the bill of materials, not a material",
                       chokepoint::parse_error);
  CHECK_THROWS_WITH_AS(
      (void)cio::load_alternates<double>("data/bad/alternates_negative_lead_time.csv", bom),
      "data/bad/alternates_negative_lead_time.csv:2:5: lead_time: must be non-negative and finite, got '-30'",
      chokepoint::parse_error);
  CHECK_THROWS_WITH_AS((void)cio::load_alternates<double>("data/alternates/nosuch.csv", bom),
                       "data/alternates/nosuch.csv:0:0: cannot open: no such file", chokepoint::parse_error);
}
