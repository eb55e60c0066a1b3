// SPDX-License-Identifier: MIT
#include <chokepoint/cut_spec.hpp>
#include <chokepoint/detail/format.hpp>

#include "support.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

using namespace chokepoint;
using chokepoint::testing::rational;

TEST_CASE_TEMPLATE("cut specs: fixed cuts, windows and ranges", T, double, rational) {
  const auto cn = parse_cut_spec<T>("country:CN=0.9");
  CHECK(cn.target == cut_target::country);
  CHECK(cn.name == "CN");
  CHECK(cn.fraction_low == T(9) / T(10));
  CHECK_FALSE(cn.is_range());
  CHECK(cn.start == T(0));
  CHECK_FALSE(cn.end.has_value());

  const auto acme = parse_cut_spec<T>("supplier:Acme Magnets: Ningbo=1@30:120");
  CHECK(acme.target == cut_target::supplier);
  CHECK(acme.name == "Acme Magnets: Ningbo");
  CHECK(acme.fraction_low == T(1));
  CHECK(acme.start == T(30));
  REQUIRE(acme.end.has_value());
  CHECK(*acme.end == T(120));

  const auto open = parse_cut_spec<T>("supplier:X=0.25@7");
  CHECK(open.start == T(7));
  CHECK_FALSE(open.end.has_value());
  CHECK(parse_cut_spec<T>("supplier:X=0.25@7:").end == std::nullopt);

  const auto range = parse_cut_spec<T>("country:CN=0.5..1.0@0:90");
  CHECK(range.is_range());
  CHECK(range.fraction_low == T(1) / T(2));
  CHECK(range.fraction_high == T(1));
  const auto cut = range.at(T(3) / T(4));
  CHECK(cut.fraction == T(3) / T(4));
  CHECK(cut.name == "CN");
  CHECK(*cut.end == T(90));
}

TEST_CASE("cut specs: every malformed spec is named with its rule") {
  const auto message = [](const char* spec) {
    try {
      (void)parse_cut_spec<double>(spec);
    } catch (const invalid_input& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("CN=0.9") == "chokepoint::cut: 'CN=0.9': expected KIND:NAME=FRACTION, with KIND country or supplier");
  CHECK(message("region:EU=0.5") == "chokepoint::cut: 'region:EU=0.5': kind must be 'country' or 'supplier', got 'region'");
  CHECK(message("country:CN") == "chokepoint::cut: 'country:CN': expected '=' and a fraction after the name");
  CHECK(message("country:=0.5") == "chokepoint::cut: 'country:=0.5': the country name is empty");
  CHECK(message("country:CN=1.5") == "chokepoint::cut: 'country:CN=1.5': fraction must be in [0, 1], got 1.5");
  CHECK(message("country:CN=-0.1") == "chokepoint::cut: 'country:CN=-0.1': fraction must be in [0, 1], got -0.1");
  CHECK(message("country:CN=nan") == "chokepoint::cut: 'country:CN=nan': fraction must be a finite number, got 'nan'");
  CHECK(message("country:CN=half") == "chokepoint::cut: 'country:CN=half': fraction must be a finite number, got 'half'");
  CHECK(message("country:CN=") == "chokepoint::cut: 'country:CN=': fraction must be a finite number, got ''");
  CHECK(message("country:CN=0.9..0.5") == "chokepoint::cut: 'country:CN=0.9..0.5': fraction range must not decrease, got 0.9..0.5");
  CHECK(message("country:CN=0.9@") == "chokepoint::cut: 'country:CN=0.9@': expected START[:END] after '@'");
  CHECK(message("country:CN=0.9@-3") == "chokepoint::cut: 'country:CN=0.9@-3': start must be >= 0, got -3");
  CHECK(message("country:CN=0.9@30:10") == "chokepoint::cut: 'country:CN=0.9@30:10': end must be greater than start, got 10 <= 30");
  CHECK(message("country:CN=0.9@30:30") == "chokepoint::cut: 'country:CN=0.9@30:30': end must be greater than start, got 30 <= 30");
  CHECK(message("country:CN=0.9@x") == "chokepoint::cut: 'country:CN=0.9@x': start must be a finite number, got 'x'");
  CHECK(message("country:CN=0.9@1:inf") == "chokepoint::cut: 'country:CN=0.9@1:inf': end must be a finite number, got 'inf'");
}

TEST_CASE("numbers in messages read back to the value they name") {
  // The double after 1 was printed with 15 digits, as "got 1", which is in [0, 1].
  try {
    (void)parse_cut_spec<double>("country:CN=1.0000000000000002");
    FAIL("no error");
  } catch (const invalid_input& e) {
    CHECK(std::string(e.what()) ==
          "chokepoint::cut: 'country:CN=1.0000000000000002': fraction must be in [0, 1], got 1.0000000000000002");
  }
  using chokepoint::detail::format_scalar;
  CHECK(format_scalar(1.5) == "1.5");
  CHECK(format_scalar(0.1) == "0.1");
  CHECK(format_scalar(-30.0) == "-30");
  CHECK(format_scalar(std::nextafter(1.0, 2.0)) == "1.0000000000000002");
  CHECK(format_scalar(std::nextafter(1.0f, 2.0f)) == "1.0000001");
  CHECK(format_scalar(0.1f) == "0.1");
  CHECK(format_scalar(std::nextafter(1.0L, 2.0L)) == "1.0000000000000000001");
  CHECK(format_scalar(1e300) == "1e+300");
  // Every double prints as text that reads back to it.
  for (const double x : {1.0 / 3.0, 2.0 / 3.0, 1e-310, 123456.789, 0.30000000000000004}) {
    const std::string text = format_scalar(x);
    CHECK(std::strtod(text.c_str(), nullptr) == x);
  }
  CHECK(format_scalar(rational(1, 3)) == "1/3");
}
