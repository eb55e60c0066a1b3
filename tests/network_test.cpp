// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// Multi-tier supply networks: a network worked by hand for every element (spare
// capacity, sources above the materials, shared site capacity, windows, receipts,
// delays, scopes, overlapping cuts), exactly in cpp_rational and in every floating type;
// every refused input with its message; on random plants the network whose nodes are
// the supply base's sources sized to the plan gives the single-plant engine's
// time-to-survive and binding materials exactly; a batch gives one-at-a-time answers on
// any number of threads; generated networks agree in double and cpp_rational. The
// comparison with the linear program is in network_lp_test.cpp.

#include <chokepoint/disruption.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/supply_network.hpp>
#include <chokepoint/testing/generate_network.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using chokepoint::item_id;
using chokepoint::network_builder;
using chokepoint::network_model;
using chokepoint::scenario;
using chokepoint::testing::rational;

// Car (10/day) <- 1 Magnet + 1 Rotor; Magnet <- 2 NdPr. Magnet from A (JP, 8/day) and
// B (CN, 6/day); NdPr from Lynas (AU, 30/day) and Baotou (CN, 10/day); Rotor from B
// (CN, 10/day). B's site Ningbo shares 12/day over its magnets and rotors. 100 magnets
// and `rotors` rotors in stock. The plan runs: A and B make 14 magnets a day for 10, B
// makes its 10 rotors and 2 magnets within its 12.
template <class T>
struct magnet_plant {
  chokepoint::bill_of_materials<T> bom;
  chokepoint::supply_network<T> net;
  std::vector<T> demand, stock;

  explicit magnet_plant(int rotors = 0, bool site = true) {
    chokepoint::bom_builder<T> b;
    b.add_edge("Car", "Magnet", T(1));
    b.add_edge("Car", "Rotor", T(1));
    b.add_edge("Magnet", "NdPr", T(2));
    bom = std::move(b).build();
    network_builder<T> nb(bom);
    nb.add_source("Magnet", "A", "JP", T(8));
    nb.add_source("Magnet", "B", "CN", T(6));
    nb.add_source("NdPr", "Lynas", "AU", T(30));
    nb.add_source("NdPr", "Baotou", "CN", T(10));
    nb.add_source("Rotor", "B", "CN", T(10));
    if (site) nb.add_site("Ningbo", "B", T(12));
    net = nb.build();
    demand.assign(bom.item_count(), T(0));
    stock.assign(bom.item_count(), T(0));
    demand[bom.id("Car")] = T(10);
    stock[bom.id("Magnet")] = T(100);
    stock[bom.id("Rotor")] = T(rotors);
  }
  [[nodiscard]] std::vector<std::string> names(const std::vector<item_id>& ids) const {
    std::vector<std::string> out;
    for (const item_id i : ids) out.emplace_back(bom.name(i));
    std::sort(out.begin(), out.end());
    return out;
  }
};

template <class T>
std::string message_of(const auto& f) {
  try {
    f();
  } catch (const chokepoint::invalid_input& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE_TEMPLATE("a magnet plant worked by hand", T, CHOKEPOINT_ALL_TYPES) {
  const T tol = chokepoint::testing::test_tolerance<T>();
  const auto tts = [](const magnet_plant<T>& p, const scenario<T>& sc) {
    const network_model<T> model(p.net, p.demand, p.stock);
    return model.time_to_survive(sc);
  };
  using names = std::vector<std::string>;
  // The first shortage of `sc` on `p` comes at `days`, with `binding` short after it.
  const auto short_at = [&](const magnet_plant<T>& p, const scenario<T>& sc, const T& days, const names& binding) {
    const auto r = tts(p, sc);
    REQUIRE(r.time);
    CHECK_CLOSE(*r.time, days, tol);
    CHECK(p.names(r.binding) == binding);
  };
  const auto b_magnets = [](const T& fraction, const T& start = T(0)) {
    return scenario<T>().cut_supplier("B", fraction, start, std::nullopt, {"Magnet"});
  };

  SUBCASE("the plan runs: no shortage") { CHECK_FALSE(tts(magnet_plant<T>(), scenario<T>()).time); }
  SUBCASE("spare capacity: A takes over B's magnets up to its 8 a day") {
    // Without the site: 10t - 100 <= 8t until t = 50.
    short_at(magnet_plant<T>(0, false), b_magnets(T(1)), T(50), {"Magnet"});
  }
  SUBCASE("a source above the materials: NdPr short first") {
    // Lynas out: NdPr capacity 10t against 2 (10t - 100): t = 20.
    short_at(magnet_plant<T>(), scenario<T>().cut_supplier("Lynas", T(1)), T(20), {"NdPr"});
  }
  SUBCASE("shared capacity: B's site cannot make rotors and A's magnets both") {
    // A out: magnets 10t - 100 <= 6t alone would last to 25, but B's rotors (10t) and
    // magnets share 12t: 20t - 100 <= 12t, t = 12.5, both short together. Without the
    // site, the magnets alone bind at 25.
    const auto a_out = scenario<T>().cut_supplier("A", T(1));
    short_at(magnet_plant<T>(), a_out, T(25) / T(2), {"Magnet", "Rotor"});
    short_at(magnet_plant<T>(0, false), a_out, T(25), {"Magnet"});
  }
  SUBCASE("a site outage over a window, with rotor stock") {
    // Ningbo down over [0, 10): 60 rotors last 6 days; 120 rotors bridge the outage.
    const auto fire = scenario<T>().cut_site("Ningbo", T(1), T(0), T(10));
    short_at(magnet_plant<T>(60), fire, T(6), {"Rotor"});
    CHECK_FALSE(tts(magnet_plant<T>(120), fire).time);
    // Half the site for good: rotors 10t - 60 <= 5t, t = 12; the shared 6t is not reached
    // first (10t - 60 <= 6t until 15).
    short_at(magnet_plant<T>(60), scenario<T>().cut_site("Ningbo", T(1) / T(2)), T(12), {"Rotor"});
  }
  SUBCASE("a scoped cut of a site leaves its shared capacity") {
    // The site's magnets out, its 12 a day untouched: rotors 10t - 60 fit B's 10t and the
    // 12t, and A's 8 magnets a day last to 50. Had the shared capacity been cut too (to
    // 0), the rotors would run short at 6.
    short_at(magnet_plant<T>(60), scenario<T>().cut_site("Ningbo", T(1), T(0), std::nullopt, {"Magnet"}), T(50),
             {"Magnet"});
  }
  SUBCASE("receipts count from their arrival") {
    // B's magnets out (no site): 50 magnets landing on day 40 move the shortage from
    // 50 to 75 days; landing on day 60 they come too late.
    auto early = b_magnets(T(1)), late = b_magnets(T(1));
    early.receive("Magnet", T(50), T(40));
    late.receive("Magnet", T(50), T(60));
    short_at(magnet_plant<T>(0, false), early, T(75), {"Magnet"});
    short_at(magnet_plant<T>(0, false), late, T(50), {"Magnet"});
  }
  SUBCASE("a shipping delay moves the cut") {
    // B's magnets still land for 10 days: 10t - 100 <= 8t + 60, t = 80.
    auto sc = b_magnets(T(1));
    sc.delay_supplier("B", T(10));
    short_at(magnet_plant<T>(0, false), sc, T(80), {"Magnet"});
  }
  SUBCASE("a country's cut, scoped and overlapping") {
    const magnet_plant<T> p(0, false);
    // China's NdPr only: Lynas's 30 a day cover the 20 needed.
    CHECK_FALSE(tts(p, scenario<T>().cut_country("CN", T(1), T(0), std::nullopt, {"NdPr"})).time);
    // All of China: no rotors at all, short at once.
    short_at(p, scenario<T>().cut_country("CN", T(1)), T(0), {"Rotor"});
    // B's magnets halved and then all of them from day 20: the tightest cut wins, so
    // magnets are 10t - 100 <= 8t + 3t until 20 and 8t + 60 after it: t = 80.
    auto both = b_magnets(T(1) / T(2));
    both.add(b_magnets(T(1), T(20)).cuts().front());
    short_at(p, both, T(80), {"Magnet"});
  }
  SUBCASE("the horizon") {
    const magnet_plant<T> p(0, false);
    const network_model<T> model(p.net, p.demand, p.stock);
    CHECK_FALSE(model.time_to_survive(b_magnets(T(1)), {T(49)}).time);
    REQUIRE(model.time_to_survive(b_magnets(T(1)), {T(51)}).time);
    CHECK_FALSE(model.time_to_survive(b_magnets(T(1)), {T(0)}).time);
  }
}

TEST_CASE("the network builder refuses bad rows, naming them") {
  using T = double;
  chokepoint::bom_builder<T> b;
  b.add_edge("Car", "Magnet", 1.0);
  b.add_edge("Magnet", "NdPr", 2.0);
  const auto bom = std::move(b).build();
  const auto fails = [&](auto&& add) {
    return message_of<T>([&] {
      network_builder<T> nb(bom);
      nb.add_source("Magnet", "A", "JP", 8.0);
      add(nb);
      (void)nb.build();
    });
  };
  const std::string at = "chokepoint::supply_network: row 2 ";
  CHECK(fails([](auto& nb) { nb.add_source("Magnet", "B", "CN", -1.0); }) ==
        at + "(source 'B' of 'Magnet'): capacity must be finite and >= 0, got -1");
  CHECK(fails([](auto& nb) { nb.add_source("Magnet", "B", "CN", std::nan("")); }) ==
        at + "(source 'B' of 'Magnet'): capacity must be finite and >= 0, got nan");
  CHECK(fails([](auto& nb) { nb.add_source("Magnet", "B", "CN", HUGE_VAL); }) ==
        at + "(source 'B' of 'Magnet'): capacity must be finite and >= 0, got inf");
  CHECK(fails([](auto& nb) { nb.add_source("magnet", "B", "CN", 1.0); }) ==
        at + "(source 'B' of 'magnet'): 'magnet' is not an item of the bill of materials (did you mean 'Magnet'?)");
  CHECK(fails([](auto& nb) { nb.add_source("Rotor", "B", "CN", 1.0); }) ==
        at + "(source 'B' of 'Rotor'): 'Rotor' is not an item of the bill of materials");
  CHECK(fails([](auto& nb) { nb.add_source("Magnet", "A", "CN", 1.0); }) ==
        at + "(source 'A' of 'Magnet'): given twice (first at row 1)");
  CHECK(fails([](auto& nb) { nb.add_source("", "A", "CN", 1.0); }) ==
        "chokepoint::supply_network: row 2: item is empty");
  CHECK(fails([](auto& nb) { nb.add_source("Magnet", "", "CN", 1.0); }) ==
        "chokepoint::supply_network: row 2: source is empty");
  CHECK(fails([](auto& nb) { nb.add_source("Magnet", "B", "", 1.0); }) ==
        at + "(source 'B' of 'Magnet'): country is empty");
  CHECK(fails([](auto& nb) {
          nb.add_source("NdPr", "L", "AU", 1.0, {"A", "A"});
        }) == at + "(source 'L' of 'NdPr'): customer 'A' listed twice");
  CHECK(fails([](auto& nb) { nb.add_source("NdPr", "L", "AU", 1.0, {"Z"}); }) ==
        at + "(source 'L' of 'NdPr'): unknown customer 'Z' (neither a source of a parent of 'NdPr' nor a parent "
             "of it made in-house)");
  // Car has no source: it is a customer by its own name, and only of its children.
  CHECK(fails([](auto& nb) { nb.add_source("NdPr", "L", "AU", 1.0, {"Car"}); }) ==
        at + "(source 'L' of 'NdPr'): unknown customer 'Car' (neither a source of a parent of 'NdPr' nor a parent "
             "of it made in-house)");
  CHECK(fails([](auto& nb) { nb.add_source("Magnet", "B", "CN", 1.0, {"Car"}); }) == "no error");
  CHECK(fails([](auto& nb) { nb.add_source("NdPr", "L", "AU", 1.0, {"A"}); }) == "no error");

  const std::string site = "chokepoint::supply_network: site row 1 (site 'S'): ";
  CHECK(fails([](auto& nb) { nb.add_site("S", "Z"); }) == site + "unknown source 'Z'");
  CHECK(fails([](auto& nb) { nb.add_site("S", "A", 1.0, {"NdPr"}); }) == site + "source 'A' makes no 'NdPr'");
  CHECK(fails([](auto& nb) { nb.add_site("S", "A", 1.0, {"Rotor"}); }) == site + "source 'A' makes no 'Rotor'");
  CHECK(fails([](auto& nb) { nb.add_site("S", "A", -2.0); }) == site + "capacity must be finite and >= 0, got -2");
  CHECK(fails([](auto& nb) {
          nb.add_site("S", "A", 2.0, {"Magnet", "Magnet"});
        }) == site + "item 'Magnet' listed twice");
  CHECK(fails([](auto& nb) { nb.add_site("", "A"); }) == "chokepoint::supply_network: site row 1: site is empty");
  CHECK(fails([](auto& nb) {
          nb.add_site("S", "A");
          nb.add_site("S", "A");
        }) == "chokepoint::supply_network: site row 2 (site 'S'): given twice (first at site row 1)");
  CHECK(fails([](auto& nb) {
          nb.add_site("S", "A");
          nb.add_site("T", "A", 3.0, {"Magnet"});
        }) ==
        "chokepoint::supply_network: site row 2 (site 'T'): source 'A' of 'Magnet' is in site 'S' already "
        "(site row 1)");
}

TEST_CASE("the network model refuses what it does not model, naming it") {
  using T = double;
  const magnet_plant<T> p;
  const network_model<T> model(p.net, p.demand, p.stock);
  const auto fails = [&](const scenario<T>& sc) { return message_of<T>([&] { (void)model.time_to_survive(sc); }); };
  const std::string at = "chokepoint::network_model: ";
  CHECK(fails(scenario<T>().cut_site("Nowhere", 1.0)) == at + "cut of site 'Nowhere': unknown site");
  CHECK(fails(scenario<T>().cut_country("XX", 1.0)) == at + "cut of country 'XX': unknown country");
  CHECK(fails(scenario<T>().cut_supplier("Z", 1.0)) == at + "cut of supplier 'Z': unknown supplier");
  CHECK(fails(scenario<T>().cut_supplier("A", 1.0, 0.0, std::nullopt, {"Rotor"})) ==
        at + "cut of supplier 'A': supplier 'A' makes no 'Rotor'");
  CHECK(fails(scenario<T>().cut_supplier("A", 1.0, 0.0, std::nullopt, {"Motor"})) ==
        at + "cut of supplier 'A': 'Motor' is not an item of the bill of materials");
  CHECK(fails(scenario<T>().quota_country("CN", {"NdPr"}, 1.0)) ==
        at + "quota of country 'CN': a network has no planned flows to cap; lower the capacity of its nodes, or put "
             "them in a site with a shared capacity");
  CHECK(fails(scenario<T>().add_alternate("NdPr", 5.0, 30.0)) ==
        at + "alternate for 'NdPr': on a network, add it as a source with its capacity, cut over [0, lead time)");
  CHECK(fails(scenario<T>().receive("Motor", 1.0, 2.0)) ==
        at + "receipt of 'Motor': not an item of the bill of materials");
  CHECK(fails(scenario<T>().delay_country("XX", 3.0)) == at + "delay of unknown country 'XX'");
  CHECK(message_of<T>([&] { (void)model.time_to_survive(scenario<T>(), {-1.0}); }) ==
        at + "horizon must be finite and >= 0, got -1");

  auto demand = p.demand;
  demand[p.bom.id("Car")] = -1.0;
  CHECK(message_of<T>([&] { network_model<T>(p.net, demand, p.stock); }) ==
        at + "demand of 'Car' must be finite and >= 0, got -1");
  auto stock = p.stock;
  stock[p.bom.id("NdPr")] = std::nan("");
  CHECK(message_of<T>([&] { network_model<T>(p.net, p.demand, stock); }) ==
        at + "stock of 'NdPr' must be finite and >= 0, got nan");

  // Customer lists make the allocation a linear program; a list of every consumer
  // restricts nothing.
  network_builder<T> nb(p.bom);
  nb.add_source("Magnet", "A", "JP", 8.0);
  nb.add_source("Magnet", "B", "CN", 6.0, {"Car"});
  nb.add_source("NdPr", "Baotou", "CN", 30.0, {"A", "B"});
  CHECK_FALSE(nb.build().has_customer_lists());
  nb.add_source("NdPr", "Lynas", "AU", 30.0, {"A"}, 7);
  const auto listed = nb.build();
  REQUIRE(listed.has_customer_lists());
  const network_model<T> lp_only(listed, p.demand, p.stock);
  CHECK(message_of<T>([&] { (void)lp_only.time_to_survive(scenario<T>()); }) ==
        at + "row 7 (source 'Lynas' of 'NdPr') serves only some customers, which makes the allocation a linear "
             "program: use chokepoint::lp::time_to_survive (chokepoint/lp/network_program.hpp)");

  // A site cut is a network's; the single-plant model says so.
  const chokepoint::supply_base<T> supply{{chokepoint::supply_row<T>{"NdPr", "Lynas", "AU", 1.0, 0}}};
  const chokepoint::disruption_model<T> plant(p.bom, supply, p.demand, p.stock);
  CHECK(message_of<T>([&] { (void)plant.evaluate(scenario<T>().cut_site("Ningbo", 1.0)); }) ==
        "chokepoint::disruption_model: cut of site 'Ningbo': a supply base has no sites (sites belong to a "
        "supply_network)");
}

namespace {

// A random plant and its network: every source of the supply base a node sized to its
// share of the material's planned flow, no other source, so the network is the
// single-plant model (docs/model.md, Multi-tier networks).
template <class T>
struct plant_and_network {
  chokepoint::bill_of_materials<T> bom;
  std::optional<chokepoint::supply_base<T>> supply;
  chokepoint::supply_network<T> net;
  std::vector<T> demand, stock;
  std::vector<std::string> suppliers{"s0", "s1", "s2", "s3", "s4"}, countries{"CN", "US", "AU"};

  plant_and_network(std::mt19937_64& rng, int trial)
      : bom(chokepoint::testing::build_bom<T>(
            chokepoint::testing::random_dag(rng, chokepoint::testing::dag_shapes[trial % 4]))) {
    const std::size_t n = bom.item_count();
    demand.assign(n, T(0));
    stock.assign(n, T(0));
    std::uniform_int_distribution<int> small(1, 3), level(0, 40), pick(0, 4), country(0, 2);
    for (const item_id p : bom.products()) demand[p] = T(small(rng));
    for (item_id i = 0; i < n; ++i)
      if (small(rng) == 1) stock[i] = T(level(rng));
    const auto planned = chokepoint::explode(bom, demand);
    std::vector<chokepoint::supply_row<T>> rows;
    network_builder<T> nb(bom);
    for (const item_id m : bom.materials()) {
      if (small(rng) == 3) continue;  // unsourced: never short in either model
      std::vector<int> chosen, volume;
      for (int k = small(rng); k > 0; --k) {
        const int s = pick(rng);
        if (std::find(chosen.begin(), chosen.end(), s) != chosen.end()) continue;
        chosen.push_back(s);
        volume.push_back(small(rng));
      }
      int total = 0;
      for (const int v : volume) total += v;
      for (std::size_t k = 0; k < chosen.size(); ++k) {
        const std::string& where = countries[static_cast<std::size_t>(chosen[k]) % 3];
        rows.push_back(
            {std::string(bom.name(m)), suppliers[static_cast<std::size_t>(chosen[k])], where, T(volume[k]), 0});
        nb.add_source(bom.name(m), suppliers[static_cast<std::size_t>(chosen[k])], where,
                      T(planned[m] * T(volume[k]) / T(total)));
      }
    }
    supply.emplace(rows);
    net = nb.build();
  }

  [[nodiscard]] scenario<T> random_scenario(std::mt19937_64& rng) const {
    std::uniform_int_distribution<int> pick(0, 4), country(0, 2), day(0, 60), tenth(0, 10), coin(0, 1);
    scenario<T> sc;
    for (int c = coin(rng) + 1; c > 0; --c) {
      const T fraction = T(tenth(rng)) / T(10);
      const T start(day(rng));
      std::optional<T> end;
      if (coin(rng)) end = T(start + T(1 + day(rng)));
      if (coin(rng)) {
        const auto& who = countries[static_cast<std::size_t>(country(rng))];
        if (supply->find_country(who)) sc.cut_country(who, fraction, start, end);
      } else {
        const auto& who = suppliers[static_cast<std::size_t>(pick(rng))];
        if (supply->find_supplier(who)) sc.cut_supplier(who, fraction, start, end);
      }
    }
    if (coin(rng) && !bom.materials().empty())
      sc.receive(bom.name(bom.materials()[static_cast<std::size_t>(day(rng)) % bom.materials().size()]), T(day(rng)),
                 T(day(rng)));
    if (coin(rng) && supply->find_supplier("s1")) sc.delay_supplier("s1", T(tenth(rng)));
    return sc;
  }
};

template <class T>
std::vector<std::string> binding_names(const chokepoint::bill_of_materials<T>& bom, const std::vector<item_id>& v) {
  std::vector<std::string> out;
  for (const item_id i : v) out.emplace_back(bom.name(i));
  return out;
}

}  // namespace

TEST_CASE_TEMPLATE("a network of the plant's own sources is the single-plant model", T, double, rational) {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 31);
  int shortages = 0;
  for (int trial = 0; trial < 24; ++trial) {
    CAPTURE(trial);
    const plant_and_network<T> p(rng, trial);
    const chokepoint::disruption_model<T> plant(p.bom, *p.supply, p.demand, p.stock);
    const network_model<T> network(p.net, p.demand, p.stock);
    for (int k = 0; k < 12; ++k) {
      CAPTURE(k);
      const auto sc = p.random_scenario(rng);
      const chokepoint::disruption_options<T> options{T(120)};
      const auto expected = plant.evaluate(sc, options).system;
      const auto got = network.time_to_survive(sc, options);
      REQUIRE(expected.time.has_value() == got.time.has_value());
      if (!got.time) continue;
      ++shortages;
      CHECK_CLOSE(*got.time, *expected.time, T(chokepoint::testing::test_tolerance<T>() * T(10)));
      if constexpr (chokepoint::scalar_traits<T>::is_exact)
        CHECK(binding_names(p.bom, got.binding) == binding_names(p.bom, expected.binding));
    }
  }
  MESSAGE(shortages << " of 288 scenarios run short");
  CHECK(shortages > 50);
}

TEST_CASE("generated networks: a batch is each scenario alone, on any number of threads, and double is rational") {
  for (const std::uint64_t seed : {chokepoint::testing::test_seed(), chokepoint::testing::test_seed() + 1}) {
    CAPTURE(seed);
    const auto g = chokepoint::testing::generate_network(60, seed);
    const auto d = chokepoint::testing::make_network<double>(g);
    const auto r = chokepoint::testing::make_network<rational>(g);
    const network_model<double> model(d.network, d.demand, d.stock);
    const network_model<rational> exact(r.network, r.demand, r.stock);
    std::vector<scenario<double>> scenarios;
    std::vector<scenario<rational>> exact_scenarios;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> day(0, 40), tenth(5, 10);
    for (chokepoint::node_id n = 0; n < d.network.node_count(); ++n) {
      // Half the outages for good, half over a window; of all the source's items or of one.
      const std::string item(d.bom->name(d.network.item(n)));
      const int start = day(rng) / 4, length = 20 + 4 * day(rng), fraction = tenth(rng);
      std::optional<double> end;
      std::optional<rational> exact_end;
      if (n % 2) {
        end = double(start + length);
        exact_end = rational(start + length);
      }
      std::vector<std::string> scope;
      if (n % 3) scope.push_back(item);
      scenarios.push_back(scenario<double>().cut_supplier(d.network.source(n), fraction / 10.0, start, end, scope));
      exact_scenarios.push_back(scenario<rational>().cut_supplier(d.network.source(n), rational(fraction, 10),
                                                                  rational(start), exact_end, scope));
    }
    for (chokepoint::site_id s = 0; s < d.network.site_count(); ++s) {
      scenarios.push_back(scenario<double>().cut_site(d.network.site_name(s), 1.0, 5.0, 45.0));
      exact_scenarios.push_back(scenario<rational>().cut_site(d.network.site_name(s), 1, 5, 45));
    }
    chokepoint::batch_options<double> options;
    options.threads = 1;
    const auto one = model.time_to_survive(scenarios, options);
    options.threads = 2;
    const auto two = model.time_to_survive(scenarios, options);
    int shortages = 0;
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
      CAPTURE(k);
      const auto alone = model.time_to_survive(scenarios[k]);
      CHECK(one[k].time == alone.time);
      CHECK(two[k].time == alone.time);
      CHECK(one[k].binding == alone.binding);
      CHECK(two[k].binding == alone.binding);
      const auto x = exact.time_to_survive(exact_scenarios[k]);
      REQUIRE(x.time.has_value() == alone.time.has_value());
      if (!x.time) continue;
      ++shortages;
      CHECK_CLOSE(*alone.time, static_cast<double>(*x.time), 1e-9);
      CHECK(binding_names(*d.bom, alone.binding) == binding_names(*r.bom, x.binding));
    }
    MESSAGE(shortages << " of " << scenarios.size() << " scenarios run short");
    CHECK(shortages > 0);
  }
}

namespace {

// Lines L1, L2, L3 of demand 8, 4 and 4 a day; L1 needs one A, L2 one A and one B, L3
// one B; A from SA (10 a day), B from SB (4 a day); `stocked` finished L1s in stock.
template <class T>
struct two_supplies {
  chokepoint::bill_of_materials<T> bom;
  chokepoint::supply_network<T> net;
  std::vector<T> demand, stock;
  explicit two_supplies(int stocked = 0) {
    chokepoint::bom_builder<T> b;
    b.add_edge("L1", "A", T(1));
    b.add_edge("L2", "A", T(1));
    b.add_edge("L2", "B", T(1));
    b.add_edge("L3", "B", T(1));
    bom = std::move(b).build();
    network_builder<T> nb(bom);
    nb.add_source("A", "SA", "CN", T(10));
    nb.add_source("B", "SB", "CN", T(4));
    net = nb.build();
    demand.assign(bom.item_count(), T(0));
    stock.assign(bom.item_count(), T(0));
    demand[bom.id("L1")] = T(8);
    demand[bom.id("L2")] = T(4);
    demand[bom.id("L3")] = T(4);
    stock[bom.id("L1")] = T(stocked);
  }
  [[nodiscard]] std::map<std::string, T> produced(const chokepoint::rationing_result<T>& r) const {
    std::map<std::string, T> out;
    for (const auto& l : r.lines) out[std::string(bom.name(l.line))] = l.produced;
    return out;
  }
};

}  // namespace

TEST_CASE_TEMPLATE("proportional rationing worked by hand", T, CHOKEPOINT_ALL_TYPES) {
  const T tol = chokepoint::testing::test_tolerance<T>();
  SUBCASE("max-min fair over two supplies") {
    // Over one day: B binds first at x = 1/2 (4x + 4x <= 4), holding L2 and L3 at 2
    // each; L1 then rises to its full 8 (8 + 2 <= 10).
    const two_supplies<T> p;
    network_model<T> model(p.net, p.demand, p.stock);
    std::vector<T> margin(p.bom.item_count(), T(1));
    margin[p.bom.id("L2")] = T(3);
    model.set_margins(margin);
    const auto r = model.ration_proportionally(scenario<T>(), T(1));
    auto made = p.produced(r);
    CHECK_CLOSE(made["L1"], T(8), tol);
    CHECK_CLOSE(made["L2"], T(2), tol);
    CHECK_CLOSE(made["L3"], T(2), tol);
    CHECK_CLOSE(r.lost_units, T(4), tol);
    CHECK_CLOSE(r.lost_value, T(2 * 3 + 2), tol);
    REQUIRE(r.lines.size() == 3);
    CHECK(r.window == T(1));
  }
  SUBCASE("a cut shares out what is left") {
    // SA halved for good: A gives 5 a day. x = 5/12 from A (8x + 4x <= 5), holding L1
    // and L2; L3 then rises to 1 - but B holds 4 - 4 * 5/12 for it: x = 7/12 for L3.
    const two_supplies<T> p;
    const network_model<T> model(p.net, p.demand, p.stock);
    const auto r = model.ration_proportionally(scenario<T>().cut_supplier("SA", T(1) / T(2)), T(1));
    auto made = p.produced(r);
    CHECK_CLOSE(made["L1"], T(8) * T(5) / T(12), tol);
    CHECK_CLOSE(made["L2"], T(4) * T(5) / T(12), tol);
    CHECK_CLOSE(made["L3"], T(4) - T(4) * T(5) / T(12), tol);
  }
  SUBCASE("a line its own stock covers does not hold the others") {
    // 5 finished L1s: L1 needs A only beyond x = 5/8, so A binds at 8x - 5 + 4x <= 10,
    // x = 5/4 > 1: A never binds; B still binds at 1/2.
    const two_supplies<T> p(5);
    const network_model<T> model(p.net, p.demand, p.stock);
    auto made = p.produced(model.ration_proportionally(scenario<T>(), T(1)));
    CHECK_CLOSE(made["L1"], T(8), tol);
    CHECK_CLOSE(made["L2"], T(2), tol);
  }
  SUBCASE("shared site capacity") {
    // The magnet plant, A out, over 20 days: 200 cars need 200 rotors from B and
    // 200x - 100 magnets beyond the stock, all from B's site of 240: x = 17/20.
    const magnet_plant<T> p;
    const network_model<T> model(p.net, p.demand, p.stock);
    const auto r = model.ration_proportionally(scenario<T>().cut_supplier("A", T(1)), T(20));
    REQUIRE(r.lines.size() == 1);
    CHECK_CLOSE(r.lines[0].produced, T(170), tol);
    CHECK_CLOSE(r.lines[0].lost_units, T(30), tol);
    CHECK_CLOSE(r.lines[0].demand, T(200), tol);
    // Nothing cut: nothing lost.
    CHECK(model.ration_proportionally(scenario<T>(), T(20)).lost_units == T(0));
  }
}

TEST_CASE_TEMPLATE("proportional rationing never catches up", T, double, rational) {
  // Car (10 a day) <- Rotor, rotors from B (15 a day) in the site Ningbo (20 a day), 60
  // in stock; Ningbo down over [0, 10). Over [0, 10] the cars get 60 rotors (the
  // stock): 60 cars. Over [10, 20] B could make 150 rotors, but the line runs at most at
  // its 10 a day: 100 more. 160 of 200 over 20 days, the 40 of days 6 to 10 lost, though
  // B's spare capacity would have made all 200 by day 20.
  chokepoint::bom_builder<T> b;
  b.add_edge("Car", "Rotor", T(1));
  const auto bom = std::move(b).build();
  network_builder<T> nb(bom);
  nb.add_source("Rotor", "B", "CN", T(15));
  nb.add_site("Ningbo", "B", T(20));
  const auto net = nb.build();
  std::vector<T> demand(bom.item_count(), T(0)), stock(bom.item_count(), T(0));
  demand[bom.id("Car")] = T(10);
  stock[bom.id("Rotor")] = T(60);
  const network_model<T> model(net, demand, stock);
  const auto fire = scenario<T>().cut_site("Ningbo", T(1), T(0), T(10));
  REQUIRE(model.time_to_survive(fire).time);
  CHECK(*model.time_to_survive(fire).time == T(6));
  const auto r = model.ration_proportionally(fire, T(20));
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0].produced == T(160));
  CHECK(r.lost_units == T(40));
}

TEST_CASE("rationing refuses a bad window and bad margins") {
  using T = double;
  const two_supplies<T> p;
  network_model<T> model(p.net, p.demand, p.stock);
  CHECK(message_of<T>([&] { (void)model.ration_proportionally(scenario<T>(), -1.0); }) ==
        "chokepoint::network_model: window must be finite and >= 0, got -1");
  std::vector<T> margin(p.bom.item_count(), 1.0);
  margin[p.bom.id("L3")] = -2.0;
  CHECK(message_of<T>([&] { model.set_margins(margin); }) ==
        "chokepoint::network_model: margin of 'L3' must be finite and >= 0, got -2");
  CHECK(message_of<T>([&] { model.set_margins(std::vector<T>(1, 1.0)); }) ==
        "chokepoint::network_model: margins need one entry per item");
}

TEST_CASE("generated networks: proportional rationing in double is rational's") {
  const auto g = chokepoint::testing::generate_network(60, chokepoint::testing::test_seed() + 7);
  const auto d = chokepoint::testing::make_network<double>(g);
  const auto r = chokepoint::testing::make_network<rational>(g);
  const network_model<double> model(d.network, d.demand, d.stock);
  const network_model<rational> exact(r.network, r.demand, r.stock);
  int lossy = 0;
  for (chokepoint::node_id n = 0; n < d.network.node_count(); n += 3) {
    const std::string item(d.bom->name(d.network.item(n)));
    const auto a = model.ration_proportionally(
        scenario<double>().cut_supplier(d.network.source(n), 1.0, 0.0, std::nullopt, {item}), 60.0);
    const auto b = exact.ration_proportionally(
        scenario<rational>().cut_supplier(d.network.source(n), 1, 0, std::nullopt, {item}), rational(60));
    REQUIRE(a.lines.size() == b.lines.size());
    for (std::size_t k = 0; k < a.lines.size(); ++k)
      CHECK(a.lines[k].produced == doctest::Approx(static_cast<double>(b.lines[k].produced)).epsilon(1e-9));
    if (b.lost_units > 0) ++lossy;
  }
  MESSAGE(lossy << " outages lose production");
  CHECK(lossy > 0);
}

TEST_CASE("the network generator: tiers, two or three sources an item, spare capacity, the same on every run") {
  const std::uint64_t seed = chokepoint::testing::test_seed();
  const auto g = chokepoint::testing::generate_network(1000, seed);
  const auto again = chokepoint::testing::generate_network(1000, seed);
  REQUIRE(g.nodes.size() == again.nodes.size());
  for (std::size_t k = 0; k < g.nodes.size(); ++k) {
    CHECK(g.nodes[k].item == again.nodes[k].item);
    CHECK(g.nodes[k].capacity == again.nodes[k].capacity);
  }
  CHECK(g.nodes.size() > 850);
  CHECK(g.nodes.size() < 1150);
  const auto b = chokepoint::testing::make_network<double>(g);
  const auto& net = b.network;
  const auto planned = chokepoint::explode(*b.bom, b.demand);
  std::vector<int> tiers_seen(4, 0);
  for (item_id i = 0; i < b.bom->item_count(); ++i) {
    const auto nodes = net.nodes(i);
    if (b.bom->kind(i) == chokepoint::item_kind::product) {
      CHECK(nodes.empty());
      CHECK(b.demand[i] > 0.0);
      continue;
    }
    CAPTURE(b.bom->name(i));
    CHECK(nodes.size() >= 2);
    CHECK(nodes.size() <= 3);
    double capacity = 0;
    for (const chokepoint::node_id n : nodes) capacity += net.capacity(n);
    CHECK(capacity >= planned[i] * 1.1 - 1e-9);  // 10% to 60% spare a node
    CHECK(capacity <= planned[i] * 1.6 + 3.0);
    ++tiers_seen[b.bom->level(i)];
  }
  CHECK(tiers_seen[1] > 0);
  CHECK(tiers_seen[2] > 0);
  CHECK(tiers_seen[3] > 0);
  CHECK(net.site_count() > 0);
  for (chokepoint::site_id s = 0; s < net.site_count(); ++s) {
    double sum = 0;
    for (const chokepoint::node_id n : net.site_nodes(s)) sum += net.capacity(n);
    REQUIRE(net.site_capacity(s));
    CHECK(*net.site_capacity(s) <= sum);
  }
  // The plan runs: nothing is short without a cut.
  const network_model<double> model(net, b.demand, b.stock);
  CHECK_FALSE(model.time_to_survive(scenario<double>()).time);
  CHECK(message_of<double>([] { (void)chokepoint::testing::generate_network(5, 1); }) ==
        "chokepoint::generate_network: nodes must be between 10 and 10000000");
}
