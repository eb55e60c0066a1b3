// SPDX-License-Identifier: MIT
// Vectors indexed by item id (demand, stock, gross requirements) go in as users hold
// them: a vector (named, const or temporary), a std::array, a C array or a span. The
// scalar comes from the bill of materials and is never deduced from the argument, so
// each form compiles and gives the same answer as the span the library used to require.

#include <chokepoint/disruption.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>

#include "support.hpp"

#include <array>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

using namespace chokepoint;

namespace {

// The quick start's car: an EV needs a motor, a motor 0.02 kg of Dy. Three items, so
// that fixed-size arrays can hold a vector by item id.
bill_of_materials<double> car() {
  bom_builder<double> parts;
  parts.add_edge("EV", "motor", 1.0);
  parts.add_edge("motor", "Dy", 0.02);
  return std::move(parts).build();
}

}  // namespace

TEST_CASE("explode and net_requirements take vectors, arrays and spans of the BOM's scalar") {
  const auto bom = car();
  REQUIRE(bom.item_count() == 3);
  const item_id ev = bom.id("EV");
  const item_id dy = bom.id("Dy");
  std::vector<double> demand(3, 0.0);
  demand[ev] = 100;
  std::vector<double> stock(3, 0.0);
  stock[dy] = 0.5;

  const std::vector<double> expected = explode(bom, std::span<const double>(demand));
  CHECK(expected[dy] == doctest::Approx(2.0));

  const std::vector<double>& as_const = demand;
  std::array<double, 3> array{};
  double c_array[3] = {};
  array[ev] = c_array[ev] = 100;

  CHECK(explode(bom, demand) == expected);
  CHECK(explode(bom, as_const) == expected);
  CHECK(explode(bom, std::vector<double>(demand)) == expected);
  CHECK(explode(bom, array) == expected);
  CHECK(explode(bom, c_array) == expected);
  CHECK(explode(bom, std::span<double>(demand)) == expected);
  CHECK(explode(bom, demand, 1) == expected);

  // Into a buffer of the caller's: a vector, an array.
  std::vector<double> gross(3);
  explode(bom, demand, gross);
  CHECK(gross == expected);
  std::array<double, 3> gross_array{};
  explode(bom, array, gross_array, 1);
  CHECK(std::vector<double>(gross_array.begin(), gross_array.end()) == expected);

  const auto netted = net_requirements(bom, std::span<const double>(demand), std::span<const double>(stock));
  CHECK(netted.net[dy] == doctest::Approx(1.5));
  const auto from_vectors = net_requirements(bom, demand, stock);
  CHECK(from_vectors.gross == netted.gross);
  CHECK(from_vectors.net == netted.net);
  const auto from_temporaries = net_requirements(bom, std::vector<double>(demand), std::vector<double>(stock));
  CHECK(from_temporaries.net == netted.net);
}

TEST_CASE("a disruption model takes vectors and deduces its scalar from the BOM") {
  const auto bom = car();
  supply_builder<double> sources;
  sources.add("Dy", "CN separators", "CN", 90);
  sources.add("Dy", "Lynas", "MY", 10);
  const auto supply = std::move(sources).build();
  std::vector<double> demand(3, 0.0), stock(3, 0.0);
  demand[bom.id("EV")] = 100;
  stock[bom.id("Dy")] = 60;
  const auto cut = scenario<double>().cut_country("CN", 1.0);

  const disruption_model<double> spans(bom, supply, std::span<const double>(demand), std::span<const double>(stock));
  const auto expected = spans.time_to_survive(cut);
  REQUIRE(expected.time);
  CHECK(*expected.time == doctest::Approx(60.0 / 1.8));

  const disruption_model deduced(bom, supply, demand, stock);  // disruption_model<double>
  static_assert(std::is_same_v<decltype(deduced), const disruption_model<double>>);
  CHECK(*deduced.time_to_survive(cut).time == *expected.time);

  std::array<double, 3> demand_array{}, stock_array{};
  demand_array[bom.id("EV")] = 100;
  stock_array[bom.id("Dy")] = 60;
  const disruption_model<double> arrays(bom, supply, demand_array, stock_array);
  CHECK(*arrays.time_to_survive(cut).time == *expected.time);

  disruption_model<double> temporaries(bom, supply, std::vector<double>(demand), std::vector<double>(stock));
  temporaries.set_priorities(std::vector<double>(3, 1.0));
  temporaries.set_margins(std::vector<double>(3, 2.0));
  CHECK(*temporaries.time_to_survive(cut).time == *expected.time);
}
