// SPDX-License-Identifier: MIT
#include <chokepoint/error.hpp>

#include "support.hpp"

TEST_CASE("parse_error names the file, line and column") {
  const chokepoint::parse_error e("supply.csv", 14, 3, "volume is negative");
  CHECK(std::string(e.what()) == "supply.csv:14:3: volume is negative");
  CHECK(e.file() == "supply.csv");
  CHECK(e.line() == 14);
  CHECK(e.column() == 3);
}

TEST_CASE("the hierarchy lets callers catch by kind") {
  CHECK_THROWS_AS(throw chokepoint::parse_error("a.csv", 1, 1, "x"), chokepoint::invalid_input);
  CHECK_THROWS_AS(throw chokepoint::invalid_input("x"), chokepoint::error);
  CHECK_THROWS_AS(throw chokepoint::domain_error("x"), chokepoint::error);
  CHECK_THROWS_WITH_AS(throw chokepoint::domain_error("chokepoint::hhi: no volume"), "chokepoint::hhi: no volume",
                       std::runtime_error);
}
