// SPDX-License-Identifier: MIT
#include <chokepoint/cut_spec.hpp>
#include <chokepoint/detail/format.hpp>

#include "support.hpp"

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

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

  // A site of a supply network: its nodes and its shared capacity.
  const auto fire = parse_cut_spec<T>("site:Ningbo magnet plant=1@0:90");
  CHECK(fire.target == cut_target::site);
  CHECK(fire.name == "Ningbo magnet plant");
  CHECK(fire.at(T(1)).target == cut_target::site);

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
  CHECK(message("CN=0.9") ==
        "chokepoint::cut: 'CN=0.9': expected KIND:NAME=FRACTION, with KIND country, supplier or site");
  CHECK(message("region:EU=0.5") ==
        "chokepoint::cut: 'region:EU=0.5': kind must be 'country', 'supplier' or 'site', got 'region'");
  CHECK(message("country:CN") == "chokepoint::cut: 'country:CN': expected '=' and a fraction after the name");
  CHECK(message("country:=0.5") == "chokepoint::cut: 'country:=0.5': the country name is empty");
  CHECK(message("country:CN=1.5") == "chokepoint::cut: 'country:CN=1.5': fraction must be in [0, 1], got 1.5");
  CHECK(message("country:CN=-0.1") == "chokepoint::cut: 'country:CN=-0.1': fraction must be in [0, 1], got -0.1");
  CHECK(message("country:CN=nan") == "chokepoint::cut: 'country:CN=nan': fraction must be a finite number, got 'nan'");
  CHECK(message("country:CN=half") ==
        "chokepoint::cut: 'country:CN=half': fraction must be a finite number, got 'half'");
  CHECK(message("country:CN=") == "chokepoint::cut: 'country:CN=': fraction must be a finite number, got ''");
  CHECK(message("country:CN=0.9..0.5") ==
        "chokepoint::cut: 'country:CN=0.9..0.5': fraction range must not decrease, got 0.9..0.5");
  CHECK(message("country:CN=0.9@") == "chokepoint::cut: 'country:CN=0.9@': expected START[:END] after '@'");
  CHECK(message("country:CN=0.9@-3") == "chokepoint::cut: 'country:CN=0.9@-3': start must be >= 0, got -3");
  CHECK(message("country:CN=0.9@30:10") ==
        "chokepoint::cut: 'country:CN=0.9@30:10': end must be greater than start, got 10 <= 30");
  CHECK(message("country:CN=0.9@30:30") ==
        "chokepoint::cut: 'country:CN=0.9@30:30': end must be greater than start, got 30 <= 30");
  CHECK(message("country:CN=0.9@x") == "chokepoint::cut: 'country:CN=0.9@x': start must be a finite number, got 'x'");
  CHECK(message("country:CN=0.9@1:inf") ==
        "chokepoint::cut: 'country:CN=0.9@1:inf': end must be a finite number, got 'inf'");
}

TEST_CASE_TEMPLATE("cut specs: scopes, quotas and delays", T, double, rational) {
  // A scope: only these materials are cut; the name still runs to the first '['.
  const auto scoped = parse_cut_spec<T>("country:CN[Dy oxide,Tb oxide]=1@0:60");
  CHECK(scoped.kind == limit_kind::cut);
  CHECK(scoped.target == cut_target::country);
  CHECK(scoped.name == "CN");
  CHECK(scoped.materials == std::vector<std::string>{"Dy oxide", "Tb oxide"});
  CHECK(scoped.fraction_low == T(1));
  CHECK(*scoped.end == T(60));
  // Spaces around a material are trimmed; quotes hold commas, brackets and doubled quotes.
  const auto q = parse_cut_spec<T>(R"(supplier:"Acme [Ningbo]"[ "Nd, Pr oxide" , Dy ,"say ""hi"""]=0.5)");
  CHECK(q.name == "Acme [Ningbo]");
  CHECK(q.materials == std::vector<std::string>{"Nd, Pr oxide", "Dy", "say \"hi\""});
  CHECK(q.fraction_low == T(1) / T(2));
  // A name may still hold '=' and ':' without a scope.
  CHECK(parse_cut_spec<T>("supplier:A=B: C=1").name == "A=B: C");

  // Quotas: per day, a country's by the shorthand, a supplier's, a range for sweeps.
  const auto quota = parse_cut_spec<T>("quota:CN[Dy oxide]=2.5/day@0:120");
  CHECK(quota.kind == limit_kind::quota);
  CHECK(quota.target == cut_target::country);
  CHECK(quota.name == "CN");
  CHECK(quota.materials == std::vector<std::string>{"Dy oxide"});
  CHECK(quota.fraction_low == T(5) / T(2));
  CHECK(quota.start == T(0));
  CHECK(*quota.end == T(120));
  const auto by_kind = parse_cut_spec<T>("quota:country:CN[Dy oxide]=2.5/day");
  CHECK(by_kind.name == "CN");
  CHECK_FALSE(by_kind.end.has_value());
  const auto supplier = parse_cut_spec<T>("quota:supplier:Acme: Ningbo[Dy]=1..3/day");
  CHECK(supplier.target == cut_target::supplier);
  CHECK(supplier.name == "Acme: Ningbo");
  CHECK(supplier.is_range());
  CHECK(supplier.fraction_low == T(1));
  CHECK(supplier.fraction_high == T(3));
  CHECK(parse_cut_spec<T>("quota:CN[Dy]=1000/day").fraction_low == T(1000));  // no upper bound

  // add_to: a cut or a quota in the scenario, as written.
  scenario<T> sc;
  scoped.add_to(sc);
  quota.add_to(sc);
  REQUIRE(sc.cuts().size() == 1);
  CHECK(sc.cuts()[0].materials == scoped.materials);
  REQUIRE(sc.quotas().size() == 1);
  CHECK(sc.quotas()[0].per_day == T(5) / T(2));
  CHECK(sc.quotas()[0].materials == quota.materials);
  CHECK(*sc.quotas()[0].end == T(120));

  // Targets of a schedule file, and delays.
  const auto target = parse_limit_target("country:CN[Dy oxide,Tb oxide]");
  CHECK(target.name == "CN");
  CHECK(target.materials == std::vector<std::string>{"Dy oxide", "Tb oxide"});
  CHECK(parse_limit_target("supplier:Acme").materials.empty());
  const auto delay = parse_delay_spec<T>("country:CN=40");
  CHECK(delay.target == cut_target::country);
  CHECK(delay.name == "CN");
  CHECK(delay.days_low == T(40));
  CHECK_FALSE(delay.is_range());
  const auto range = parse_delay_spec<T>("supplier:Acme=30..60");
  CHECK(range.is_range());
  CHECK(range.days_high == T(60));
  CHECK(range.at().days == T(30));
}

TEST_CASE("cut specs: written back, every spec reads back to itself") {
  for (const char* text : {"country:CN=0.9", "supplier:Acme Magnets: Ningbo=1@30:120", "country:CN=0.5..1@0:90",
                           "country:CN[Dy oxide,Tb oxide]=1@0:60", "quota:CN[Dy oxide]=2.5/day@0:120",
                           "quota:supplier:Acme[Dy]=1..3/day@7", "site:Ningbo[Magnet]=0.5@3:9",
                           R"(supplier:"A [B]"[" x","a,b","q""",Dy]=0.25)"}) {
    const auto spec = parse_cut_spec<double>(text);
    const auto again = parse_cut_spec<double>(write_cut_spec(spec));
    CHECK(again.kind == spec.kind);
    CHECK(again.target == spec.target);
    CHECK(again.name == spec.name);
    CHECK(again.materials == spec.materials);
    CHECK(again.fraction_low == spec.fraction_low);
    CHECK(again.fraction_high == spec.fraction_high);
    CHECK(again.start == spec.start);
    CHECK(again.end == spec.end);
  }
  CHECK(write_cut_spec(parse_cut_spec<double>("quota:CN[Dy oxide]=2.5/day@0:120")) ==
        "quota:country:CN[Dy oxide]=2.5/day@0:120");
  CHECK(write_cut_spec(parse_cut_spec<double>(R"(supplier:"A [B]"["a,b"]=1)")) == R"(supplier:"A [B]"["a,b"]=1)");
}

TEST_CASE("cut specs: every malformed scope, quota and delay is named with its rule") {
  const auto message = [](const std::string& spec) {
    try {
      (void)parse_cut_spec<double>(spec);
    } catch (const invalid_input& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const auto is = [&message](const std::string& spec, const std::string& what) {
    CHECK(message(spec) == "chokepoint::cut: '" + spec + "': " + what);
  };
  is("country:CN[]=1", "the scope [] names no material");
  is("country:CN[ ]=1", "the scope [] names no material");
  is("country:CN[Dy,]=1", "a material name in the scope is empty");
  is("country:CN[Dy,,Tb]=1", "a material name in the scope is empty");
  is("country:CN[Dy,Dy]=1", "material 'Dy' is named twice in the scope");
  is("country:CN[Dy=1", "the scope is not closed with ']'");
  is("country:CN[\"Dy]=1", "a quoted material name is not closed");
  is("country:CN[\"Dy\" x]=1", "expected ',' or ']' after a material name in the scope");
  is("country:CN[Dy[2]]=1", "a material name holding ',', '[', ']' or '\"' must be written in double quotes");
  is("country:CN[Dy]", "expected '=' after the scope's ']'");
  is("country:CN[Dy]x=1", "expected '=' after the scope's ']'");
  is("country:CN=1[Dy]", "expected '=' after the scope's ']'");
  is("country:[Dy]=1", "the country name is empty");
  is("supplier:\"Acme=1", "the quoted supplier name is not closed");
  is("supplier:\"Acme\"x=1", "expected '[' or '=' after the quoted supplier name");
  is("country:CN=0.5/day", "a cut removes a fraction of the flow, not units per day (a cap per day is a quota:...)");
  is("quota:CN=2/day",
     "a quota needs the materials it caps, in brackets after the name, e.g. quota:CN[Dy oxide]=2.5/day");
  is("quota:supplier:Acme=2/day",
     "a quota needs the materials it caps, in brackets after the name, e.g. quota:CN[Dy oxide]=2.5/day");
  is("quota:CN[Dy]=2", "a quota is in units per day: write its level as N/day, e.g. 2.5/day");
  is("quota:CN[Dy]=2@0:10", "a quota is in units per day: write its level as N/day, e.g. 2.5/day");
  is("quota:CN[Dy]=-1/day", "per day must be >= 0, got -1");
  is("quota:CN[Dy]=3..1/day", "per-day range must not decrease, got 3..1");
  is("quota:CN[Dy]=x/day", "per day must be a finite number, got 'x'");
  is("quota:CN[Dy]=inf/day", "per day must be a finite number, got 'inf'");
  is("quota:CN[Dy]", "expected '=' after the scope's ']'");
  is("quota:CN", "expected '=' and units per day after the name");
  is("quota:", "expected '=' and units per day after the name");
  is("quota:=1/day", "the country name is empty");
  is("quota:CN[Dy]=1/day@5:5", "end must be greater than start, got 5 <= 5");

  const auto target = [](const std::string& text) {
    try {
      (void)parse_limit_target(text);
    } catch (const invalid_input& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(target("CN[Dy]") ==
        "chokepoint::cut: 'CN[Dy]': expected KIND:NAME[MATERIAL,...], with KIND country, supplier or site");
  CHECK(target("region:EU") ==
        "chokepoint::cut: 'region:EU': kind must be 'country', 'supplier' or 'site', got 'region'");
  CHECK(target("country:CN[Dy] x") ==
        "chokepoint::cut: 'country:CN[Dy] x': expected nothing after the scope's ']', got ' x'");
  CHECK(target("country:") == "chokepoint::cut: 'country:': the country name is empty");

  const auto delay = [](const std::string& text) {
    try {
      (void)parse_delay_spec<double>(text);
    } catch (const invalid_input& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(delay("CN=40") == "chokepoint::delay: 'CN=40': expected KIND:NAME=DAYS, with KIND country, supplier or site");
  CHECK(delay("country:CN") == "chokepoint::delay: 'country:CN': expected '=' and days after the name");
  CHECK(delay("country:CN=-1") == "chokepoint::delay: 'country:CN=-1': days must be >= 0, got -1");
  CHECK(delay("country:CN=60..30") ==
        "chokepoint::delay: 'country:CN=60..30': days range must not decrease, got 60..30");
  CHECK(delay("country:CN=soon") == "chokepoint::delay: 'country:CN=soon': days must be a finite number, got 'soon'");
  CHECK(delay("country:CN[Dy]=40") ==
        "chokepoint::delay: 'country:CN[Dy]=40': a delay holds up everything a country or supplier ships: it takes no "
        "[materials]");
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
