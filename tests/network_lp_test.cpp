// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// The time-to-survive of supply networks against the linear program solved by COIN-OR
// Clp (lp/network_program.hpp), which models the allocation with one flow per pair of
// producers: on generated multi-tier networks with shared site capacity, every node cut
// for good and random site, country and source outages over windows with receipts, to
// rel 1e-6; customer lists worked by hand, and on generated networks a list can only
// shorten the time-to-survive.

#include <chokepoint/lp/network_program.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/testing/generate_network.hpp>

#include "support.hpp"

#include <random>
#include <string>
#include <vector>

namespace {

using chokepoint::item_id;
using chokepoint::network_builder;
using chokepoint::network_model;
using chokepoint::scenario;

double days(const chokepoint::survival<double>& s) { return s.time ? *s.time : 1e300; }

// Outages on a generated network: every node for good, each site over a window, then
// random country and source cuts over windows with a receipt.
std::vector<scenario<double>> outages(const chokepoint::testing::built_network<double>& b, std::mt19937_64& rng) {
  const auto& net = b.network;
  std::vector<scenario<double>> out;
  for (chokepoint::node_id n = 0; n < net.node_count(); ++n)
    out.push_back(scenario<double>().cut_supplier(net.source(n), 1.0, 0.0, std::nullopt,
                                                  {std::string(b.bom->name(net.item(n)))}));
  for (chokepoint::site_id s = 0; s < net.site_count(); ++s)
    out.push_back(scenario<double>().cut_site(net.site_name(s), 0.8, 3.0, 40.0));
  std::uniform_int_distribution<std::size_t> node(0, net.node_count() - 1);
  std::uniform_int_distribution<int> day(0, 30), tenth(3, 10);
  for (int k = 0; k < 20; ++k) {
    scenario<double> sc;
    const chokepoint::node_id a = static_cast<chokepoint::node_id>(node(rng));
    const chokepoint::node_id c = static_cast<chokepoint::node_id>(node(rng));
    const double start = day(rng);
    sc.cut_country(net.country(a), tenth(rng) / 10.0, start, start + 10 + 3 * day(rng));
    sc.cut_supplier(net.source(c), 1.0, day(rng), std::nullopt);
    sc.receive(b.bom->name(net.item(a)), 10.0 * day(rng), day(rng));
    out.push_back(sc);
  }
  return out;
}

}  // namespace

TEST_CASE("generated networks: the time-to-survive is the linear program's") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 41);
  int compared = 0, shortages = 0;
  for (const std::size_t nodes : {30, 60, 200}) {
    for (std::uint64_t k = 0; k < (nodes < 200 ? 4u : 1u); ++k) {
      const std::uint64_t seed = chokepoint::testing::test_seed() + nodes + k;
      CAPTURE(seed);
      CAPTURE(nodes);
      const auto b = chokepoint::testing::make_network<double>(chokepoint::testing::generate_network(nodes, seed));
      const network_model<double> model(b.network, b.demand, b.stock);
      for (const auto& sc : outages(b, rng)) {
        const auto got = model.time_to_survive(sc);
        const auto lp = chokepoint::lp::time_to_survive(model, sc);
        ++compared;
        REQUIRE(got.time.has_value() == lp.time.has_value());
        if (!got.time) continue;
        ++shortages;
        CHECK_CLOSE(*got.time, *lp.time, 1e-6);
      }
    }
  }
  MESSAGE(shortages << " of " << compared << " scenarios run short");
  CHECK(shortages > compared / 4);
}

TEST_CASE("customer lists worked by hand") {
  // Car (10/day) <- Magnet <- 2 NdPr. Magnets from A (8/day) and B (6/day), 100 in
  // stock; NdPr from Lynas (12/day, for A only) and Baotou (30/day, for B only).
  chokepoint::bom_builder<double> bb;
  bb.add_edge("Car", "Magnet", 1.0);
  bb.add_edge("Magnet", "NdPr", 2.0);
  const auto bom = std::move(bb).build();
  std::vector<double> demand(bom.item_count(), 0.0), stock(bom.item_count(), 0.0);
  demand[bom.id("Car")] = 10.0;
  stock[bom.id("Magnet")] = 100.0;
  const auto build = [&](bool lists) {
    network_builder<double> nb(bom);
    nb.add_source("Magnet", "A", "JP", 8.0);
    nb.add_source("Magnet", "B", "CN", 6.0, {"Car"});  // Car is made in-house: a customer by name
    nb.add_source("NdPr", "Lynas", "AU", 12.0, lists ? std::vector<std::string>{"A"} : std::vector<std::string>{});
    nb.add_source("NdPr", "Baotou", "CN", 30.0, lists ? std::vector<std::string>{"B"} : std::vector<std::string>{});
    return nb.build();
  };
  const auto listed = build(true), open = build(false);
  const network_model<double> with(listed, demand, stock), without(open, demand, stock);
  const auto lynas_out = scenario<double>().cut_supplier("Lynas", 1.0);
  // Lists: A gets no NdPr, B makes its 6: 10t - 100 <= 6t, t = 25. Without them Baotou's
  // 30 feed A's 8 and B's 6 (28 NdPr): nothing runs short.
  CHECK(chokepoint::lp::time_to_survive(with, lynas_out).time.value_or(-1) == doctest::Approx(25.0));
  CHECK_FALSE(chokepoint::lp::time_to_survive(without, lynas_out).time);
  CHECK_FALSE(without.time_to_survive(lynas_out).time);
  // Baotou out: A is held to Lynas's 12 NdPr, 6 magnets, either way: t = 25.
  const auto baotou_out = scenario<double>().cut_supplier("Baotou", 1.0);
  CHECK(chokepoint::lp::time_to_survive(with, baotou_out).time.value_or(-1) == doctest::Approx(25.0));
  CHECK(without.time_to_survive(baotou_out).time.value_or(-1) == doctest::Approx(25.0));
  // The plan runs with the lists.
  CHECK_FALSE(chokepoint::lp::time_to_survive(with, scenario<double>()).time);
}

TEST_CASE("generated networks: customer lists can only shorten the time-to-survive") {
  int shorter = 0, compared = 0;
  for (std::uint64_t k = 0; k < 4; ++k) {
    const std::uint64_t seed = chokepoint::testing::test_seed() + 50 + k;
    CAPTURE(seed);
    const auto g = chokepoint::testing::generate_network(40, seed, true);
    auto open_g = g;
    for (auto& v : open_g.nodes) v.customers.clear();
    const auto listed = chokepoint::testing::make_network<double>(g);
    const auto open = chokepoint::testing::make_network<double>(open_g);
    REQUIRE(listed.network.has_customer_lists());
    const network_model<double> with(listed.network, listed.demand, listed.stock);
    const network_model<double> without(open.network, open.demand, open.stock);
    for (chokepoint::node_id n = 0; n < open.network.node_count(); ++n) {
      const auto sc = scenario<double>().cut_supplier(open.network.source(n), 1.0, 0.0, std::nullopt,
                                                      {std::string(open.bom->name(open.network.item(n)))});
      const double a = days(chokepoint::lp::time_to_survive(with, sc)), b = days(without.time_to_survive(sc));
      CHECK(a <= b * (1 + 1e-9));
      CHECK_CLOSE(days(chokepoint::lp::time_to_survive(without, sc)), b, 1e-6);
      ++compared;
      if (a < b * (1 - 1e-6)) ++shorter;
    }
  }
  MESSAGE("customer lists shorten " << shorter << " of " << compared << " outages");
  CHECK(shorter > 0);
}

TEST_CASE("rationing by margin worked by hand") {
  // L1 (2 a day, margin 1) and L2 (1 a day, margin 4) each need one Dy; Dy from one
  // node at 1.5 a day; over 10 days, 15 Dy for 30 wanted. Proportional: half each
  // (lost 10 + 5 units, 10 + 20 in value). By margin: L2 all its 10, L1 the other 5
  // (lost 15 units, 15 in value).
  chokepoint::bom_builder<double> bb;
  bb.add_edge("L1", "Dy", 1.0);
  bb.add_edge("L2", "Dy", 1.0);
  const auto bom = std::move(bb).build();
  network_builder<double> nb(bom);
  nb.add_source("Dy", "Sep", "CN", 1.5);
  const auto net = nb.build();
  std::vector<double> demand(bom.item_count(), 0.0), stock(bom.item_count(), 0.0), margin(bom.item_count(), 1.0);
  demand[bom.id("L1")] = 2.0;
  demand[bom.id("L2")] = 1.0;
  margin[bom.id("L2")] = 4.0;
  network_model<double> model(net, demand, stock);
  model.set_margins(margin);
  const auto fair = model.ration_proportionally(scenario<double>(), 10.0);
  CHECK(fair.lost_units == doctest::Approx(15.0));
  CHECK(fair.lost_value == doctest::Approx(30.0));
  const auto best = chokepoint::lp::ration_by_margin(model, scenario<double>(), 10.0);
  REQUIRE(best.lines.size() == 2);
  CHECK(best.lines[0].line == bom.id("L1"));
  CHECK(best.lines[0].produced == doctest::Approx(5.0));
  CHECK(best.lines[1].produced == doctest::Approx(10.0));
  CHECK(best.lost_units == doctest::Approx(15.0));
  CHECK(best.lost_value == doctest::Approx(15.0));
}

TEST_CASE("generated networks: proportional rationing is max-min fair and the margin program loses no more") {
  // Max-min fair over an interval (the bottleneck property): no line can make more
  // without a line of a smaller or equal fraction making less, which a program
  // maximising that line with those lines held at least where they are shows. The
  // margin program's plan loses no more value than the proportional one, which is one of
  // its plans. One line alone: both are the most the line can make.
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 43);
  int checked = 0, lossy = 0;
  for (std::uint64_t k = 0; k < 3; ++k) {
    const std::uint64_t seed = chokepoint::testing::test_seed() + 60 + k;
    CAPTURE(seed);
    const auto b = chokepoint::testing::make_network<double>(chokepoint::testing::generate_network(40, seed));
    network_model<double> model(b.network, b.demand, b.stock);
    std::vector<double> margin(b.demand.size(), 0.0);
    std::uniform_int_distribution<int> value(1, 9);
    for (auto& m : margin) m = value(rng);
    model.set_margins(margin);
    const auto scenarios = outages(b, rng);
    for (std::size_t s = 0; s < scenarios.size(); s += 4) {
      const auto& sc = scenarios[s];
      const double window = 45.0;
      const auto fair = model.ration_proportionally(sc, window);
      const auto best = chokepoint::lp::ration_by_margin(model, sc, window);
      CHECK(best.lost_value <= fair.lost_value + 1e-6 * (1.0 + fair.lost_value));
      if (fair.lost_units > 0) ++lossy;
      // The bottleneck property holds over one interval: the outages of a node for good.
      if (s >= b.network.node_count()) continue;
      std::vector<double> fraction(b.demand.size(), 1.0);
      for (const auto& l : fair.lines) fraction[l.line] = l.produced / l.demand;
      for (const auto& l : fair.lines) {
        if (!(l.produced < l.demand * (1 - 1e-9))) continue;
        std::vector<double> objective(b.demand.size(), 0.0), low(b.demand.size(), 0.0);
        objective[l.line] = 1.0;
        for (const auto& o : fair.lines)
          if (o.line != l.line && fraction[o.line] <= fraction[l.line] + 1e-9) low[o.line] = o.produced * (1 - 1e-9);
        const auto most = chokepoint::lp::best_production(model, sc, window, objective, low);
        REQUIRE(most);
        CHECK((*most)[l.line] <= l.produced * (1 + 1e-6) + 1e-6);
        ++checked;
      }
    }
    // One line alone: the fair share and the margin program's are the most it can make.
    std::vector<double> one(b.demand.size(), 0.0);
    const item_id line = b.bom->products().front();
    one[line] = b.demand[line];
    const network_model<double> single(b.network, one, b.stock);
    for (std::size_t s = 0; s < scenarios.size(); s += 3) {
      const auto fair = single.ration_proportionally(scenarios[s], 45.0);
      const auto best = chokepoint::lp::ration_by_margin(single, scenarios[s], 45.0);
      CHECK_CLOSE(fair.lost_units + 1.0, best.lost_units + 1.0, 1e-6);
    }
  }
  MESSAGE(checked << " held lines checked, " << lossy << " scenarios lose production");
  CHECK(checked > 0);
}
