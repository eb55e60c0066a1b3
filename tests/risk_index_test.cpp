// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// Risk exposure index: a network worked by hand (suppliers and countries, margins,
// recovery times beyond the horizon, no loss at all), exactly in cpp_rational; on
// random networks every entry against its own scenario through evaluate(), the ranking
// and the 0..1 scale, and the same answer for any number of threads.

#include <chokepoint/risk_index.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <limits>
#include <map>
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

TEST_CASE("random networks: each entry is its own scenario, ranked on a 0..1 scale") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 3);
  const char* countries[] = {"CN", "US", "AU", "DE"};
  const char* suppliers[] = {"s0", "s1", "s2", "s3", "s4", "s5"};
  for (int trial = 0; trial < 8; ++trial) {
    CAPTURE(trial);
    const auto bom = chokepoint::testing::build_bom<double>(
        chokepoint::testing::random_dag(rng, chokepoint::testing::dag_shapes[trial % 4]));
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
    std::vector<chokepoint::supply_row<double>> rows;
    for (const item_id m : bom.materials())
      for (int k = small(rng); k > 0; --k)
        rows.push_back(
            {std::string(bom.name(m)), suppliers[pick_s(rng)], countries[pick_c(rng)], double(small(rng)), 0});
    const chokepoint::supply_base<double> supply(rows);
    chokepoint::disruption_model<double> model(bom, supply, demand, stock);
    model.set_priorities(priority);
    model.set_margins(margin);
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
        for (const auto& r : rows)
          sells |=
              (g == grouping::supplier ? r.supplier == supply.supplier_name(id) : r.country == supply.country_name(id));
        used += sells ? 1 : 0;
      }
      CHECK(one.size() == used);
    }
  }
}
