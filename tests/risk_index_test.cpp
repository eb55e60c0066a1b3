// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// Risk exposure index: a network worked by hand (suppliers and countries, margins,
// recovery times beyond the horizon, no loss at all, a time to recover per source),
// exactly in cpp_rational; on random networks every entry against its own scenario
// through evaluate(), the ranking and the 0..1 scale, and the same answer for any
// number of threads; one time for all is the per-source index with every source at it,
// bit for bit; every refused recovery with its message.

#include <chokepoint/risk_index.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using chokepoint::grouping;
using chokepoint::item_id;
using chokepoint::testing::rational;

// P1 (1/day) uses M1, bought half from A (CN) and half from B (US), 10 in stock; P2
// (1/day) uses M2, all from C (CN), 5 in stock. D (JP) sells only Z, which no product
// uses.
template <class T>
struct two_lines {
  chokepoint::bill_of_materials<T> bom;
  chokepoint::supply_base<T> supply{
      {chokepoint::supply_row<T>{"M1", "A", "CN", T(1), 0}, chokepoint::supply_row<T>{"M1", "B", "US", T(1), 0},
       chokepoint::supply_row<T>{"M2", "C", "CN", T(1), 0}, chokepoint::supply_row<T>{"Z", "D", "JP", T(1), 0}}};
  std::vector<T> demand, stock;
  two_lines() {
    chokepoint::bom_builder<T> b;
    b.add_edge("P1", "M1", T(1));
    b.add_edge("P2", "M2", T(1));
    bom = std::move(b).build();
    demand.assign(bom.item_count(), T(0));
    stock.assign(bom.item_count(), T(0));
    demand[bom.id("P1")] = T(1);
    demand[bom.id("P2")] = T(1);
    stock[bom.id("M1")] = T(10);
    stock[bom.id("M2")] = T(5);
  }
};

template <class T>
std::map<std::string, chokepoint::risk_exposure<T>> by_name(const std::vector<chokepoint::risk_exposure<T>>& v) {
  std::map<std::string, chokepoint::risk_exposure<T>> out;
  for (const auto& e : v) out.emplace(e.source, e);
  return out;
}

}  // namespace

TEST_CASE_TEMPLATE("worked by hand: suppliers, countries, margins", T, double, rational) {
  const two_lines<T> f;
  chokepoint::disruption_model<T> model(f.bom, f.supply, f.demand, f.stock);
  chokepoint::risk_index_options<T> options;
  options.threads = 2;

  // A for 30 days: M1 gets 1/2 a day against 1 needed: t - 10 = t / 2 at day 20; P1
  // stops from 20 to 30: 10 lost. B likewise. C: M2 gets nothing, short from day 5:
  // 25 lost. D sells nothing the BOM uses: left out.
  const auto s = chokepoint::risk_exposure_index(model, grouping::supplier, T(30), options);
  REQUIRE(s.size() == 3);
  CHECK(s[0].source == "C");
  CHECK(s[1].source == "A");  // ties (A, B) in name order
  CHECK(s[2].source == "B");
  CHECK_CLOSE(s[0].lost_value, T(25));
  CHECK_CLOSE(s[1].lost_value, T(10));
  CHECK(s[0].index == T(1));
  CHECK_CLOSE(s[1].index, T(2) / T(5));
  CHECK_CLOSE(*s[0].time_to_survive, T(5));
  CHECK_CLOSE(*s[1].time_to_survive, T(20));
  CHECK(s[0].lines_hit == 1);
  CHECK(s[0].materials == 1);
  CHECK(s[0].kind == grouping::supplier);

  // Countries: CN is A and C together (10 + 25), US is B (10).
  const auto c = chokepoint::risk_exposure_index(model, grouping::country, T(30), options);
  REQUIRE(c.size() == 2);
  CHECK(c[0].source == "CN");
  CHECK_CLOSE(c[0].lost_units, T(35));
  CHECK(c[0].lines_hit == 2);
  CHECK(c[0].materials == 2);
  CHECK_CLOSE(*c[0].time_to_survive, T(5));
  CHECK(c[1].source == "US");
  CHECK_CLOSE(c[1].index, T(2) / T(7));

  // Margins weigh the lines: P2 worth 2 a unit.
  std::vector<T> margin(f.bom.item_count(), T(1));
  margin[f.bom.id("P2")] = T(2);
  model.set_margins(margin);
  const auto v = by_name(chokepoint::risk_exposure_index(model, grouping::supplier, T(30), options));
  CHECK_CLOSE(v.at("C").lost_value, T(50));
  CHECK_CLOSE(v.at("C").lost_units, T(25));
  CHECK_CLOSE(v.at("A").index, T(1) / T(5));

  // Recovery beyond the horizon, or never: losses run to the horizon.
  for (const T& recovery : {T(1000), chokepoint::scalar_traits<T>::infinity()}) {
    const auto far = by_name(chokepoint::risk_exposure_index(model, grouping::supplier, recovery, options));
    CHECK_CLOSE(far.at("A").lost_units, T(345));
    CHECK_CLOSE(far.at("C").lost_units, T(360));
  }
  // Recovery within the stock's reach: nothing lost, every index 0.
  for (const auto& e : chokepoint::risk_exposure_index(model, grouping::country, T(4), options)) {
    CHECK(e.lost_value == T(0));
    CHECK(e.index == T(0));
    CHECK_FALSE(e.time_to_survive);
  }
}

TEST_CASE("validation messages") {
  using chokepoint::invalid_input;
  const two_lines<double> f;
  const chokepoint::disruption_model<double> model(f.bom, f.supply, f.demand, f.stock);
  CHECK_THROWS_WITH_AS((void)chokepoint::risk_exposure_index(model, grouping::supplier, 0.0),
                       "chokepoint::risk_exposure_index: recovery time must be > 0, got 0", invalid_input);
  CHECK_THROWS_WITH_AS(
      (void)chokepoint::risk_exposure_index(model, grouping::country, std::numeric_limits<double>::quiet_NaN()),
      "chokepoint::risk_exposure_index: recovery time must be > 0, got nan", invalid_input);
  chokepoint::risk_index_options<double> options;
  options.horizon = -5.0;
  CHECK_THROWS_WITH_AS((void)chokepoint::risk_exposure_index(model, grouping::supplier, 30.0, options),
                       "chokepoint::disruption_model: horizon must be finite and >= 0, got -5", invalid_input);
}

namespace {

/// A random plant for trial `trial`: a BOM of one of the test shapes, one to three
/// sources a material among six suppliers in four countries, demand, priorities and
/// margins on the products, and stock on about a third of the items.
struct random_plant {
  chokepoint::bill_of_materials<double> bom;
  std::vector<chokepoint::supply_row<double>> rows;
  std::optional<chokepoint::supply_base<double>> supply;
  std::optional<chokepoint::disruption_model<double>> model;

  random_plant(std::mt19937_64& rng, int trial)
      : bom(chokepoint::testing::build_bom<double>(
            chokepoint::testing::random_dag(rng, chokepoint::testing::dag_shapes[trial % 4]))) {
    const char* countries[] = {"CN", "US", "AU", "DE"};
    const char* suppliers[] = {"s0", "s1", "s2", "s3", "s4", "s5"};
    const std::size_t n = bom.item_count();
    std::vector<double> demand(n, 0.0), stock(n, 0.0), priority(n, 0.0), margin(n, 1.0);
    std::uniform_int_distribution<int> small(1, 3), level(0, 40), pick_c(0, 3), pick_s(0, 5);
    for (const item_id p : bom.products()) {
      demand[p] = small(rng);
      priority[p] = small(rng);
      margin[p] = small(rng);
    }
    for (item_id i = 0; i < n; ++i)
      if (small(rng) == 1) stock[i] = level(rng);
    for (const item_id m : bom.materials())
      for (int k = small(rng); k > 0; --k)
        rows.push_back(
            {std::string(bom.name(m)), suppliers[pick_s(rng)], countries[pick_c(rng)], double(small(rng)), 0});
    supply.emplace(rows);
    model.emplace(bom, *supply, demand, stock);
    model->set_priorities(priority);
    model->set_margins(margin);
  }
};

}  // namespace

TEST_CASE("random networks: each entry is its own scenario, ranked on a 0..1 scale") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 3);
  for (int trial = 0; trial < 8; ++trial) {
    CAPTURE(trial);
    const random_plant plant(rng, trial);
    const auto& supply = *plant.supply;
    const auto& model = *plant.model;
    chokepoint::risk_index_options<double> options;
    options.horizon = 200.0;
    options.policy = trial % 2 ? chokepoint::cascade_policy::priority : chokepoint::cascade_policy::equal;
    const double recovery = 15.0 + 10.0 * trial;

    for (const grouping g : {grouping::supplier, grouping::country}) {
      options.threads = 1;
      const auto one = chokepoint::risk_exposure_index(model, g, recovery, options);
      options.threads = 2;
      const auto two = chokepoint::risk_exposure_index(model, g, recovery, options);
      REQUIRE(one.size() == two.size());
      double largest = 0.0;
      for (std::size_t k = 0; k < one.size(); ++k) {
        CAPTURE(one[k].source);
        CHECK(one[k].source == two[k].source);
        CHECK(one[k].lost_value == two[k].lost_value);
        CHECK(one[k].index >= 0.0);
        CHECK(one[k].index <= 1.0);
        if (k > 0) CHECK(one[k].lost_value <= one[k - 1].lost_value);
        largest = std::max(largest, one[k].lost_value);
        chokepoint::scenario<double> sc;
        if (g == grouping::supplier) sc.cut_supplier(one[k].source, 1.0, 0.0, recovery);
        else sc.cut_country(one[k].source, 1.0, 0.0, recovery);
        const auto e = model.evaluate(sc, {options.horizon, options.policy});
        CHECK_CLOSE(e.lost_value, one[k].lost_value);
        CHECK_CLOSE(e.lost_units, one[k].lost_units);
        REQUIRE(e.system.time.has_value() == one[k].time_to_survive.has_value());
        if (e.system.time) CHECK_CLOSE(*e.system.time, *one[k].time_to_survive);
      }
      if (largest > 0.0) CHECK(one.front().index == 1.0);
      // Every source of a material of the BOM is listed, and only those.
      std::size_t used = 0;
      const std::size_t ids = g == grouping::supplier ? supply.supplier_count() : supply.country_count();
      for (std::uint32_t id = 0; id < ids; ++id) {
        bool sells = false;
        for (const auto& r : plant.rows)
          sells |=
              (g == grouping::supplier ? r.supplier == supply.supplier_name(id) : r.country == supply.country_name(id));
        used += sells ? 1 : 0;
      }
      CHECK(one.size() == used);
    }
  }
}

namespace {

/// The result of cutting `e.source` alone over [0, e.recovery) through evaluate().
template <class T>
chokepoint::disruption_result<T> own_scenario(const chokepoint::disruption_model<T>& model,
                                              const chokepoint::risk_exposure<T>& e,
                                              const chokepoint::risk_index_options<T>& options) {
  std::optional<T> end;
  if (!chokepoint::scalar_traits<T>::is_infinite(e.recovery)) end = e.recovery;
  chokepoint::scenario<T> sc;
  if (e.kind == grouping::supplier) sc.cut_supplier(e.source, T(1), T(0), end);
  else sc.cut_country(e.source, T(1), T(0), end);
  return model.evaluate(sc, {options.horizon, options.policy});
}

/// The entry agrees with its own scenario: lost value and units, TTS, lines hit.
template <class T>
void check_own_scenario(const chokepoint::disruption_model<T>& model, const chokepoint::risk_exposure<T>& e,
                        const chokepoint::risk_index_options<T>& options) {
  CAPTURE(e.source);
  const auto r = own_scenario(model, e, options);
  CHECK_CLOSE(r.lost_value, e.lost_value);
  CHECK_CLOSE(r.lost_units, e.lost_units);
  REQUIRE(r.system.time.has_value() == e.time_to_survive.has_value());
  if (r.system.time) CHECK_CLOSE(*r.system.time, *e.time_to_survive);
  std::size_t hit = 0;
  for (const auto& l : r.lines) hit += l.time_to_failure ? 1 : 0;
  CHECK(hit == e.lines_hit);
}

}  // namespace

TEST_CASE_TEMPLATE("worked by hand: a time to recover per source", T, double, rational) {
  const two_lines<T> f;
  const chokepoint::disruption_model<T> model(f.bom, f.supply, f.demand, f.stock);
  chokepoint::risk_index_options<T> options;
  options.threads = 2;

  // A recovers at 30, C at 12, B (not listed) at 50. A: M1 gets 1/2 a day, short at
  // t - 10 = t / 2, day 20: P1 stops 20..30, 10 lost. B likewise until 50: 30 lost.
  // C: M2 gets nothing, short from day 5 to 12: 7 lost.
  const chokepoint::source_recovery<T> ttr{T(50), {{"A", T(30)}, {"C", T(12)}}};
  const auto s = chokepoint::risk_exposure_index(model, grouping::supplier, ttr, options);
  REQUIRE(s.size() == 3);
  CHECK(s[0].source == "B");
  CHECK(s[1].source == "A");
  CHECK(s[2].source == "C");
  CHECK(s[0].recovery == T(50));
  CHECK(s[1].recovery == T(30));
  CHECK(s[2].recovery == T(12));
  CHECK_CLOSE(s[0].lost_units, T(30));
  CHECK_CLOSE(s[1].lost_units, T(10));
  CHECK_CLOSE(s[2].lost_units, T(7));
  CHECK(s[0].index == T(1));
  CHECK_CLOSE(s[1].index, T(1) / T(3));
  CHECK_CLOSE(s[2].index, T(7) / T(30));
  CHECK_CLOSE(*s[0].time_to_survive, T(20));
  CHECK_CLOSE(*s[2].time_to_survive, T(5));
  for (const auto& e : s) check_own_scenario(model, e, options);

  // Countries: CN (A and C) recovers at 8: M1, short only at 20, is not; M2 is short
  // from 5 to 8: 3 lost. US (B) never recovers: short at 20, lost to the horizon, 345.
  const chokepoint::source_recovery<T> by_country{chokepoint::scalar_traits<T>::infinity(), {{"CN", T(8)}}};
  const auto c = chokepoint::risk_exposure_index(model, grouping::country, by_country, options);
  REQUIRE(c.size() == 2);
  CHECK(c[0].source == "US");
  CHECK(chokepoint::scalar_traits<T>::is_infinite(c[0].recovery));
  CHECK_CLOSE(c[0].lost_units, T(345));
  CHECK(c[1].source == "CN");
  CHECK(c[1].recovery == T(8));
  CHECK_CLOSE(c[1].lost_units, T(3));
  CHECK(c[1].lines_hit == 1);
  CHECK_CLOSE(*c[1].time_to_survive, T(5));
  CHECK_CLOSE(c[1].index, T(3) / T(345));
  for (const auto& e : c) check_own_scenario(model, e, options);
}

TEST_CASE_TEMPLATE("one time for all is the per-source index with every source at it, bit for bit", T, double,
                   rational) {
  const two_lines<T> f;
  chokepoint::disruption_model<T> model(f.bom, f.supply, f.demand, f.stock);
  std::vector<T> margin(f.bom.item_count(), T(1));
  margin[f.bom.id("P2")] = T(3);
  model.set_margins(margin);
  chokepoint::risk_index_options<T> options;
  options.horizon = T(100);
  const auto same = [](const std::vector<chokepoint::risk_exposure<T>>& a,
                       const std::vector<chokepoint::risk_exposure<T>>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      CAPTURE(a[k].source);
      CHECK(a[k].source == b[k].source);
      CHECK(a[k].lost_value == b[k].lost_value);
      CHECK(a[k].lost_units == b[k].lost_units);
      CHECK(a[k].index == b[k].index);
      CHECK(a[k].time_to_survive == b[k].time_to_survive);
      CHECK(a[k].lines_hit == b[k].lines_hit);
      CHECK(a[k].materials == b[k].materials);
      CHECK(a[k].recovery == b[k].recovery);
    }
  };
  for (const T& days : {T(7), T(1) / T(3), T(30), T(1000), chokepoint::scalar_traits<T>::infinity()}) {
    CAPTURE(chokepoint::testing::to_string(days));
    const auto one = chokepoint::risk_exposure_index(model, grouping::supplier, days, options);
    // Listed one by one, with another fallback that no source uses; or the fallback alone.
    const chokepoint::source_recovery<T> listed{T(2), {{"C", days}, {"A", days}, {"B", days}}};
    same(one, chokepoint::risk_exposure_index(model, grouping::supplier, listed, options));
    same(one,
         chokepoint::risk_exposure_index(model, grouping::supplier, chokepoint::source_recovery<T>{days, {}}, options));
    for (const auto& e : one) CHECK(e.recovery == days);
    const chokepoint::source_recovery<T> countries{T(2), {{"US", days}, {"CN", days}}};
    same(chokepoint::risk_exposure_index(model, grouping::country, days, options),
         chokepoint::risk_exposure_index(model, grouping::country, countries, options));
  }
}

TEST_CASE("a time to recover per source: what is refused, and where") {
  using chokepoint::invalid_input;
  using chokepoint::source_recovery;
  const two_lines<double> f;
  const chokepoint::disruption_model<double> model(f.bom, f.supply, f.demand, f.stock);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto message = [&](grouping g, const source_recovery<double>& r) {
    try {
      (void)chokepoint::risk_exposure_index(model, g, r);
    } catch (const invalid_input& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string where = "chokepoint::risk_exposure_index: ";
  // The fallback, as the one-number index says it.
  CHECK(message(grouping::supplier, {0.0, {}}) == where + "recovery time must be > 0, got 0");
  CHECK(message(grouping::supplier, {-3.0, {{"A", 5.0}}}) == where + "recovery time must be > 0, got -3");
  // An entry: zero, negative, not a number; rows are positions unless given.
  CHECK(message(grouping::supplier, {30.0, {{"A", 5.0}, {"B", 0.0}}}) ==
        where + "row 2: recovery time of supplier 'B' must be > 0, got 0");
  CHECK(message(grouping::supplier, {30.0, {{"A", -1.0, 7}}}) ==
        where + "row 7: recovery time of supplier 'A' must be > 0, got -1");
  CHECK(message(grouping::country, {30.0, {{"CN", nan}}}) ==
        where + "row 1: recovery time of country 'CN' must be > 0, got nan");
  // A name that is not a source: unknown, with the source it probably meant when one
  // differs only in case or spacing; or known but selling nothing the BOM uses (D sells
  // only Z); or a country given where suppliers are cut.
  CHECK(message(grouping::supplier, {30.0, {{"X", 5.0}}}) == where + "row 1: recovery time of unknown supplier 'X'");
  CHECK(message(grouping::supplier, {30.0, {{"a", 5.0}}}) ==
        where + "row 1: recovery time of unknown supplier 'a' (did you mean 'A'?)");
  CHECK(message(grouping::country, {30.0, {{"C N", 5.0}}}) ==
        where + "row 1: recovery time of unknown country 'C N' (did you mean 'CN'?)");
  CHECK(message(grouping::supplier, {30.0, {{"D", 5.0}}}) ==
        where + "row 1: recovery time of supplier 'D', which supplies no material of the bill of materials");
  CHECK(message(grouping::country, {30.0, {{"JP", 5.0}}}) ==
        where + "row 1: recovery time of country 'JP', which supplies no material of the bill of materials");
  CHECK(message(grouping::supplier, {30.0, {{"CN", 5.0}}}) == where + "row 1: recovery time of unknown supplier 'CN'");
  // Twice, at the second row.
  CHECK(message(grouping::supplier, {30.0, {{"A", 5.0, 2}, {"C", 5.0, 3}, {"A", 9.0, 4}}}) ==
        where + "row 4: recovery time of supplier 'A' given twice (first at row 2)");

  // find_recovery_problem says the same, with the entry, so that a file names its line.
  const auto p = chokepoint::find_recovery_problem(model, grouping::supplier,
                                                   source_recovery<double>{30.0, {{"A", 5.0, 4}, {"a", 5.0, 9}}});
  REQUIRE(p);
  CHECK(p->entry == std::optional<std::size_t>(1));
  CHECK(p->row == 9);
  CHECK(p->what == "recovery time of unknown supplier 'a' (did you mean 'A'?)");
  const auto fallback = chokepoint::find_recovery_problem(model, grouping::supplier, source_recovery<double>{nan, {}});
  REQUIRE(fallback);
  CHECK_FALSE(fallback->entry);
  CHECK(fallback->what == "recovery time must be > 0, got nan");
  CHECK_FALSE(chokepoint::find_recovery_problem(model, grouping::country,
                                                source_recovery<double>{30.0, {{"CN", 5.0}, {"US", 1e300}}}));
}

TEST_CASE("random networks, a random time to recover per source: each entry is its own scenario") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 11);
  for (int trial = 0; trial < 8; ++trial) {
    CAPTURE(trial);
    const random_plant plant(rng, trial);
    const auto& model = *plant.model;
    std::uniform_int_distribution<int> days(1, 120);
    chokepoint::risk_index_options<double> options;
    options.horizon = 150.0;
    options.policy = trial % 2 ? chokepoint::cascade_policy::priority : chokepoint::cascade_policy::equal;

    for (const grouping g : {grouping::supplier, grouping::country}) {
      // Every source of the index, each listed with probability 2/3, in a shuffled
      // order: a whole number of days, half a day more, or never (1 in 6).
      const auto everyone = chokepoint::risk_exposure_index(model, g, 1.0, options);
      chokepoint::source_recovery<double> ttr{double(days(rng)), {}};
      std::map<std::string, double> expected;
      for (const auto& e : everyone) {
        const int draw = days(rng);
        if (draw % 3 == 0) continue;
        const double d = draw % 6 == 1 ? std::numeric_limits<double>::infinity() : draw + 0.5 * (draw % 2);
        ttr.listed.push_back({e.source, d});
        expected[e.source] = d;
      }
      std::shuffle(ttr.listed.begin(), ttr.listed.end(), rng);
      options.threads = 1;
      const auto one = chokepoint::risk_exposure_index(model, g, ttr, options);
      options.threads = 2;
      const auto two = chokepoint::risk_exposure_index(model, g, ttr, options);
      REQUIRE(one.size() == everyone.size());
      REQUIRE(two.size() == one.size());
      for (std::size_t k = 0; k < one.size(); ++k) {
        CAPTURE(one[k].source);
        CHECK(one[k].source == two[k].source);
        CHECK(one[k].lost_value == two[k].lost_value);
        const auto listed = expected.find(one[k].source);
        CHECK(one[k].recovery == (listed == expected.end() ? ttr.fallback : listed->second));
        if (k > 0) CHECK(one[k].lost_value <= one[k - 1].lost_value);
        CHECK(one[k].index >= 0.0);
        CHECK(one[k].index <= 1.0);
        check_own_scenario(model, one[k], options);
      }
    }
  }
}
