// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// Scenario sweeps: the sampling (grid values, the Monte Carlo mapping checked against
// std::mt19937_64 directly), nearest-rank percentiles with "not within the horizon",
// hand-worked sweeps solved exactly in cpp_rational (fractions, windows, alternate lead
// times), and on random networks: every scenario's answers against
// disruption_model::evaluate() one by one, and the same result bit for bit for 1, 2
// and 3 threads and for a repeated seed; the batch's narrowed cascades (proved, or run
// again) against evaluate() and bit for bit against cascades that follow everything.

#include <chokepoint/detail/disruption/batch.hpp>
#include <chokepoint/sweep.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using chokepoint::item_id;
using chokepoint::testing::rational;

// One product P (2/day) made of one M (60 in stock), bought from supplier S in CN.
template <class T>
struct single_line {
  chokepoint::bill_of_materials<T> bom;
  chokepoint::supply_base<T> supply{
      {chokepoint::supply_row<T>{"M", "S", "CN", T(1), 0}, chokepoint::supply_row<T>{"N", "S2", "US", T(1), 0}}};
  std::vector<T> demand, stock;
  single_line() {
    chokepoint::bom_builder<T> b;
    b.add_edge("P", "M", T(1));
    bom = std::move(b).build();
    demand.assign(bom.item_count(), T(0));
    stock.assign(bom.item_count(), T(0));
    demand[bom.id("P")] = T(2);
    stock[bom.id("M")] = T(60);
  }
  chokepoint::disruption_model<T> model() const { return {bom, supply, demand, stock}; }
};

template <class T>
chokepoint::cut_spec<T> cn(const T& low, const T& high) {
  chokepoint::cut_spec<T> c;
  c.name = "CN";
  c.fraction_low = low;
  c.fraction_high = high;
  return c;
}

}  // namespace

TEST_CASE("grid values and order, and the Monte Carlo mapping") {
  chokepoint::sweep_spec<rational> grid;
  grid.method = chokepoint::sampling::grid;
  grid.grid_points = 3;
  grid.add_cut(cn(rational(1, 2), rational(1)), chokepoint::value_range<rational>{rational(0), rational(10)});
  const auto g = chokepoint::sample_scenarios(grid);
  REQUIRE(g.size() == 9);
  // The first range (fraction) varies slowest, both ends included, exactly.
  CHECK(g[0].cuts()[0].fraction == rational(1, 2));
  CHECK(g[0].cuts()[0].start == rational(0));
  CHECK(g[1].cuts()[0].start == rational(5));
  CHECK(g[2].cuts()[0].start == rational(10));
  CHECK(g[3].cuts()[0].fraction == rational(3, 4));
  CHECK(g[8].cuts()[0].fraction == rational(1));
  CHECK_FALSE(g[8].cuts()[0].end);

  // Monte Carlo: u = (x >> 11) 2^-53 from std::mt19937_64, draws in spec order.
  chokepoint::sweep_spec<double> mc;
  mc.seed = 42;
  mc.samples = 4;
  mc.add_cut(cn(0.25, 0.75), chokepoint::value_range<double>{2.0, 4.0}, chokepoint::value_range<double>{10.0, 30.0});
  mc.add_alternate({"M", 1.0, 0.0, 0.0}, chokepoint::value_range<double>{5.0, 5.0});  // fixed: no draw
  const auto s = chokepoint::sample_scenarios(mc);
  std::mt19937_64 rng(42);
  const auto draw = [&rng](double lo, double hi) {
    return lo + (hi - lo) * (static_cast<double>(rng() >> 11) / 9007199254740992.0);
  };
  REQUIRE(s.size() == 4);
  for (const auto& sc : s) {
    const double f = draw(0.25, 0.75), start = draw(2.0, 4.0), length = draw(10.0, 30.0);
    CHECK(sc.cuts()[0].fraction == f);
    CHECK(sc.cuts()[0].start == start);
    CHECK(*sc.cuts()[0].end == start + length);
    CHECK(sc.alternates()[0].lead_time == 5.0);
  }
  CHECK(chokepoint::sample_scenarios(mc)[3].cuts()[0].fraction == s[3].cuts()[0].fraction);
  mc.seed = 43;
  CHECK(chokepoint::sample_scenarios(mc)[0].cuts()[0].fraction != s[0].cuts()[0].fraction);
}

TEST_CASE("nearest-rank percentiles; beyond the horizon is empty") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> sorted{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, inf, inf};
  CHECK(*chokepoint::detail::nearest_rank(sorted, 0.0) == 1);
  CHECK(*chokepoint::detail::nearest_rank(sorted, 5.0) == 1);  // rank 1 of 20
  CHECK(*chokepoint::detail::nearest_rank(sorted, 5.01) == 2);
  CHECK(*chokepoint::detail::nearest_rank(sorted, 50.0) == 10);  // rank 10
  CHECK(*chokepoint::detail::nearest_rank(sorted, 90.0) == 18);
  CHECK_FALSE(chokepoint::detail::nearest_rank(sorted, 90.5));  // rank 19: never
  CHECK_FALSE(chokepoint::detail::nearest_rank(sorted, 100.0));
  std::vector<double> hundred(100);
  for (int k = 0; k < 100; ++k) hundred[static_cast<std::size_t>(k)] = k + 1;
  CHECK(*chokepoint::detail::nearest_rank(hundred, 5.0) == 5);  // not 6: 5% of 100 is rank 5
  CHECK(*chokepoint::detail::nearest_rank(hundred, 95.0) == 95);
}

TEST_CASE("percentiles by selection equal those of the sorted samples") {
  // Random samples with ties and "never" (+infinity), the percentiles asked in any
  // order and repeated; the reference sorts and reads nearest_rank.
  const double inf = std::numeric_limits<double>::infinity();
  const std::uint64_t seed = 20261129;
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  const std::vector<double> ps{95, 5, 50, 50, 0, 100, 99.9, 0.1, 33.3};
  for (const std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{100}, std::size_t{1001}}) {
    for (int round = 0; round < 20; ++round) {
      std::vector<double> samples(n);
      for (double& x : samples) {
        const auto u = rng() % 10;
        x = u == 0 ? inf : static_cast<double>(rng() % (u < 5 ? 5 : 1000));
      }
      std::vector<double> sorted = samples;
      std::sort(sorted.begin(), sorted.end());
      const auto got = chokepoint::detail::percentiles_of(std::span<double>(samples), ps);
      REQUIRE(got.size() == ps.size());
      for (std::size_t i = 0; i < ps.size(); ++i) {
        INFO("n " << n << ", p " << ps[i]);
        CHECK(got[i] == chokepoint::detail::nearest_rank(sorted, ps[i]));
      }
      std::sort(samples.begin(), samples.end());
      CHECK(samples == sorted);  // reordered, nothing lost
    }
  }
}

TEST_CASE_TEMPLATE("hand-worked sweeps, exactly", T, double, rational) {
  const single_line<T> f;
  const auto model = f.model();
  chokepoint::sweep_options<T> options;
  options.percentiles = {0, 50, 95, 100};
  options.threads = 2;

  // Fraction a of CN cut for good: net_M = 2t - 60 against 2(1 - a)t: TTS = 30 / a.
  chokepoint::sweep_spec<T> fractions;
  fractions.method = chokepoint::sampling::grid;
  fractions.grid_points = 3;
  fractions.add_cut(cn(T(1) / T(2), T(1)));
  const auto r = chokepoint::sweep(model, fractions, options);
  REQUIRE(r.scenarios == 3);
  CHECK_CLOSE(*r.scenario_time_to_survive[0], T(60));
  CHECK_CLOSE(*r.scenario_time_to_survive[1], T(40));
  CHECK_CLOSE(*r.scenario_time_to_survive[2], T(30));
  CHECK_CLOSE(*r.time_to_survive[0], T(30));
  CHECK_CLOSE(*r.time_to_survive[1], T(40));
  CHECK_CLOSE(*r.time_to_survive[3], T(60));
  CHECK(r.probability_of_shortage == T(1));
  CHECK(r.probability_exposed == T(1));  // the cut never ends
  // P stops at the TTS and never restarts: 2 (365 - TTS) units lost.
  CHECK_CLOSE(r.expected_lost_units, T(2 * (305 + 325 + 335)) / T(3));
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0].probability_of_stop == T(1));
  CHECK_CLOSE(*r.lines[0].time_to_failure[1], T(40));
  CHECK_CLOSE(r.lines[0].expected_lost_value, r.expected_lost_value);

  // All of CN for 20, 40 or 60 days: 20 days are covered by stock (no shortage); 40
  // and 60 days: TTS 30, TTR at the end of the cut, 20 and 60 units lost.
  chokepoint::sweep_spec<T> windows;
  windows.method = chokepoint::sampling::grid;
  windows.grid_points = 3;
  windows.add_cut(cn(T(1), T(1)), std::nullopt, chokepoint::value_range<T>{T(20), T(60)});
  const auto w = chokepoint::sweep(model, windows, options);
  CHECK_FALSE(w.scenario_time_to_survive[0]);
  CHECK_CLOSE(*w.scenario_time_to_survive[1], T(30));
  CHECK(w.probability_of_shortage == T(2) / T(3));
  CHECK(w.probability_exposed == T(2) / T(3));
  CHECK_CLOSE(*w.time_to_survive[1], T(30));
  CHECK_FALSE(w.time_to_survive[2]);  // rank 3 of {30, 30, never}
  CHECK_CLOSE(w.scenario_lost_units[1], T(20));
  CHECK_CLOSE(w.scenario_lost_units[2], T(60));
  CHECK_CLOSE(w.lines[0].expected_lost_units, T(80) / T(3));
  CHECK(w.lines[0].probability_of_stop == T(2) / T(3));
  CHECK(w.time_to_failure(0, 0) == chokepoint::scalar_traits<T>::infinity());

  // All of CN for good; an alternate of 2/day arrives after 10, 30 or 50 days. 10:
  // before the stock runs out; 30: supply meets the need exactly as the stock runs out
  // (never short); 50: short from day 30 to 50 (TTR 50), 40 units lost.
  chokepoint::sweep_spec<T> leads;
  leads.method = chokepoint::sampling::grid;
  leads.grid_points = 3;
  leads.add_cut(cn(T(1), T(1)));
  leads.add_alternate({"M", T(2), T(0), T(0)}, chokepoint::value_range<T>{T(10), T(50)});
  const auto a = chokepoint::sweep(model, leads, options);
  CHECK_FALSE(a.scenario_time_to_survive[0]);
  CHECK_FALSE(a.scenario_time_to_survive[1]);
  CHECK_CLOSE(*a.scenario_time_to_survive[2], T(30));
  CHECK(a.scenario_exposed[2] == 1);
  CHECK_CLOSE(a.scenario_lost_units[2], T(40));
  CHECK_CLOSE(a.expected_lost_value, T(40) / T(3));
}

TEST_CASE("validation messages") {
  using chokepoint::invalid_input;
  using R = chokepoint::value_range<double>;
  const single_line<double> f;
  const auto model = f.model();
  const auto run = [&model](const chokepoint::sweep_spec<double>& s, chokepoint::sweep_options<double> o = {}) {
    return chokepoint::sweep(model, s, o);
  };
  chokepoint::sweep_spec<double> s;
  s.add_cut(cn(0.9, 0.5));
  CHECK_THROWS_WITH_AS(
      (void)run(s),
      "chokepoint::sweep: cut of country 'CN': fraction range must lie in [0, 1] and not decrease, got 0.9..0.5",
      invalid_input);
  s.cuts[0].cut = cn(0.5, 1.0);
  s.cuts[0].start = R{5.0, 1.0};
  CHECK_THROWS_WITH_AS(
      (void)run(s),
      "chokepoint::sweep: cut of country 'CN': start range must be finite, >= 0 and not decrease, got 5..1",
      invalid_input);
  s.cuts[0].start = R{0.0, 30.0};
  s.cuts[0].duration = R{0.0, 10.0};
  CHECK_THROWS_WITH_AS(
      (void)run(s),
      "chokepoint::sweep: cut of country 'CN': duration range must be finite, > 0 and not decrease, got 0..10",
      invalid_input);
  s.cuts[0].duration.reset();
  s.cuts[0].cut.end = 20.0;
  CHECK_THROWS_WITH_AS(
      (void)run(s),
      "chokepoint::sweep: cut of country 'CN': end 20 must be greater than every start, got start up to 30",
      invalid_input);
  chokepoint::sweep_spec<double> alt;
  alt.add_alternate({"M", 1.0, 0.0, 0.0}, R{-1.0, 5.0});
  CHECK_THROWS_WITH_AS(
      (void)run(alt),
      "chokepoint::sweep: alternate for 'M': lead time range must be finite, >= 0 and not decrease, got -1..5",
      invalid_input);
  chokepoint::sweep_spec<double> none;
  none.samples = 0;
  CHECK_THROWS_WITH_AS((void)run(none), "chokepoint::sweep: Monte Carlo needs at least one sample", invalid_input);
  none.method = chokepoint::sampling::grid;
  none.grid_points = 0;
  CHECK_THROWS_WITH_AS((void)run(none), "chokepoint::sweep: a grid needs at least one point per range", invalid_input);
  chokepoint::sweep_spec<double> huge;
  huge.method = chokepoint::sampling::grid;
  huge.grid_points = 1000;
  huge.add_cut(cn(0.0, 1.0), R{0.0, 1.0}, R{1.0, 2.0});
  CHECK_THROWS_WITH_AS((void)run(huge), "chokepoint::sweep: the grid has more than 100000000 scenarios", invalid_input);
  chokepoint::sweep_options<double> bad;
  bad.percentiles = {50, 120};
  CHECK_THROWS_WITH_AS((void)run(chokepoint::sweep_spec<double>{}, bad),
                       "chokepoint::sweep: percentile must be in [0, 100], got 120", invalid_input);
  chokepoint::sweep_spec<double> unknown;
  unknown.add_cut(chokepoint::parse_cut_spec<double>("country:XX=0.5..1"));
  CHECK_THROWS_WITH_AS((void)run(unknown), "chokepoint::disruption_model: cut of unknown country 'XX'", invalid_input);
  chokepoint::sweep_options<double> horizon;
  horizon.horizon = -1.0;
  CHECK_THROWS_WITH_AS((void)run(chokepoint::sweep_spec<double>{}, horizon),
                       "chokepoint::disruption_model: horizon must be finite and >= 0, got -1", invalid_input);
  horizon.horizon = 1e308;  // what accumulates over it would overflow, as in evaluate()
  CHECK_THROWS_WITH_AS((void)run(chokepoint::sweep_spec<double>{}, horizon),
                       "chokepoint::disruption_model: quantities over a horizon of 1e+308 days overflow",
                       invalid_input);
  // Alternates whose capacities, each finite, sum beyond double, as in evaluate().
  chokepoint::sweep_spec<double> fast;
  fast.samples = 3;
  fast.add_alternate({"M", 1e308, 0.0, 0.0}, R{0.0, 10.0}).add_alternate({"M", 1e308, 5.0, 1.0});
  CHECK_THROWS_WITH_AS((void)run(fast),
                       "chokepoint::disruption_model: supply rates with the scenario's alternates overflow",
                       invalid_input);
}

namespace {

// A random network with stock everywhere, supply from CN/US/AU through suppliers
// s0..s3, line priorities, and a sweep over CN's fraction, start and duration, s0's
// fraction and an alternate's lead time.
template <class T>
struct random_network {
  chokepoint::bill_of_materials<T> bom;
  std::vector<chokepoint::supply_row<T>> rows;
  std::vector<T> demand, stock, priority;
  chokepoint::sweep_spec<T> spec;

  // `ramp`: days of the alternate's ramp (0 keeps every answer rational: a TTS inside a
  // ramp is a square root, exact only to double precision).
  random_network(std::mt19937_64& rng, const chokepoint::testing::dag_shape& shape, std::size_t samples, int ramp)
      : random_network(rng, chokepoint::testing::random_dag(rng, shape), samples, ramp) {}
  random_network(std::mt19937_64& rng, const std::vector<chokepoint::testing::random_edge>& edges, std::size_t samples,
                 int ramp) {
    bom = chokepoint::testing::build_bom<T>(edges);
    const std::size_t n = bom.item_count();
    demand.assign(n, T(0));
    stock.assign(n, T(0));
    priority.assign(n, T(0));
    std::uniform_int_distribution<int> small(1, 3), level(0, 40), pick(0, 3);
    std::bernoulli_distribution some(0.4);
    for (const item_id p : bom.products()) {
      demand[p] = T(small(rng));
      priority[p] = T(small(rng));
    }
    for (item_id i = 0; i < n; ++i)
      if (some(rng)) stock[i] = T(level(rng)) / T(2);
    const char* countries[] = {"CN", "US", "AU", "CN"};
    const char* suppliers[] = {"s0", "s1", "s2", "s3"};
    for (const item_id m : bom.materials())
      for (int k = small(rng); k > 0; --k)
        rows.push_back({std::string(bom.name(m)), suppliers[pick(rng)], countries[pick(rng)], T(small(rng)), 0});
    rows.push_back({std::string(bom.name(bom.materials().front())), "s0", "CN", T(1), 0});
    spec.samples = samples;
    spec.seed = rng();
    spec.add_cut(cn(T(1) / T(4), T(1)), chokepoint::value_range<T>{T(0), T(10)},
                 chokepoint::value_range<T>{T(10), T(60)});
    chokepoint::cut_spec<T> s0;
    s0.target = chokepoint::cut_target::supplier;
    s0.name = "s0";
    s0.fraction_low = T(0);
    s0.fraction_high = T(1);
    s0.start = T(5);
    s0.end = T(25);
    spec.add_cut(s0);
    spec.add_alternate({std::string(bom.name(bom.materials().back())), T(2), T(0), T(ramp)},
                       chokepoint::value_range<T>{T(5), T(30)});
  }
};

template <class T>
void check_against_evaluate(const chokepoint::disruption_model<T>& model, const chokepoint::sweep_spec<T>& spec,
                            const chokepoint::sweep_options<T>& options, const chokepoint::sweep_result<T>& r) {
  const auto scenarios = chokepoint::sample_scenarios(spec);
  REQUIRE(scenarios.size() == r.scenarios);
  const T never = chokepoint::scalar_traits<T>::infinity();
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    CAPTURE(k);
    const auto e = model.evaluate(scenarios[k], {options.horizon, options.policy});
    REQUIRE(e.system.time.has_value() == r.scenario_time_to_survive[k].has_value());
    if (e.system.time) CHECK_CLOSE(*e.system.time, *r.scenario_time_to_survive[k]);
    CHECK((e.exposed ? 1 : 0) == r.scenario_exposed[k]);
    CHECK_CLOSE(e.lost_value, r.scenario_lost_value[k]);
    for (std::size_t l = 0; l < e.lines.size(); ++l) {
      const T got = r.time_to_failure(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k));
      REQUIRE(e.lines[l].time_to_failure.has_value() == (got != never));
      if (e.lines[l].time_to_failure) CHECK_CLOSE(*e.lines[l].time_to_failure, got);
      if constexpr (chokepoint::scalar_traits<T>::is_exact) {
        CHECK(e.lines[l].lost_units == r.lost_units(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k)));
      }
    }
  }
}

template <class T>
bool same(const chokepoint::sweep_result<T>& a, const chokepoint::sweep_result<T>& b) {
  if (!(a.scenario_time_to_survive == b.scenario_time_to_survive && a.scenario_exposed == b.scenario_exposed &&
        a.scenario_lost_units == b.scenario_lost_units && a.scenario_lost_value == b.scenario_lost_value &&
        a.time_to_failure == b.time_to_failure && a.lost_units == b.lost_units &&
        a.time_to_survive == b.time_to_survive && a.probability_exposed == b.probability_exposed &&
        a.expected_lost_value == b.expected_lost_value && a.lines.size() == b.lines.size()))
    return false;
  for (std::size_t l = 0; l < a.lines.size(); ++l)
    if (!(a.lines[l].time_to_failure == b.lines[l].time_to_failure &&
          a.lines[l].probability_of_stop == b.lines[l].probability_of_stop &&
          a.lines[l].expected_lost_value == b.lines[l].expected_lost_value))
      return false;
  return true;
}

}  // namespace

TEST_CASE("random networks: every scenario as evaluate() finds it, any number of threads") {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  int compared = 0;
  for (int trial = 0; trial < 8; ++trial) {
    CAPTURE(trial);
    const random_network<double> net(rng, chokepoint::testing::dag_shapes[trial % 4], 24, 4);
    const chokepoint::supply_base<double> supply(net.rows);
    chokepoint::disruption_model<double> model(net.bom, supply, net.demand, net.stock);
    model.set_priorities(net.priority);
    chokepoint::sweep_options<double> options;
    options.horizon = 120.0;
    options.policy = trial % 2 ? chokepoint::cascade_policy::priority : chokepoint::cascade_policy::equal;
    options.percentiles = {5, 25, 50, 75, 95};
    options.threads = 1;
    const auto one = chokepoint::sweep(model, net.spec, options);
    check_against_evaluate(model, net.spec, options, one);
    compared += static_cast<int>(one.scenarios);

    std::size_t calls = 0, last = 0;
    const auto caller = std::this_thread::get_id();
    bool same_thread = true;
    options.threads = 2;
    options.progress = [&](std::size_t done, std::size_t total) {
      same_thread &= std::this_thread::get_id() == caller;
      CHECK(done >= last);
      CHECK(total == 2 * one.scenarios);
      last = done;
      ++calls;
    };
    const auto two = chokepoint::sweep(model, net.spec, options);
    CHECK(same(one, two));
    CHECK(same_thread);
    CHECK(calls > 0);
    CHECK(last == 2 * one.scenarios);
    options.threads = 3;
    options.progress = {};
    CHECK(same(one, chokepoint::sweep(model, net.spec, options)));

    // Summaries against the per-scenario answers.
    for (std::size_t l = 0; l < one.lines.size(); ++l) {
      std::size_t stops = 0;
      for (std::size_t k = 0; k < one.scenarios; ++k)
        stops += one.time_to_failure(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k)) <
                 std::numeric_limits<double>::infinity();
      CHECK(one.lines[l].probability_of_stop == static_cast<double>(stops) / static_cast<double>(one.scenarios));
      const auto& p = one.lines[l].time_to_failure;
      for (std::size_t q = 1; q < p.size(); ++q)  // percentiles do not decrease ("never" is largest)
        if (p[q]) CHECK((p[q - 1] && *p[q - 1] <= *p[q]));
    }
  }
  MESSAGE("scenarios compared with evaluate(): " << compared);
}

TEST_CASE("hundreds of materials at risk: every scenario as evaluate() finds it") {
  // The batch's cascades let go of most of them as lines stop, and undo it all before
  // the next scenario.
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 2);
  const random_network<double> net(rng, chokepoint::testing::two_level_dag(rng, 60, 300, 1000, 4), 12, 5);
  const chokepoint::supply_base<double> supply(net.rows);
  std::set<std::string> cn_materials;
  for (const auto& row : net.rows)
    if (row.country == "CN") cn_materials.insert(row.material);
  const std::size_t in_cn = cn_materials.size();
  MESSAGE("materials: " << net.bom.materials().size() << ", with a source in CN: " << in_cn);
  REQUIRE(in_cn > 300);
  chokepoint::disruption_model<double> model(net.bom, supply, net.demand, net.stock);
  chokepoint::sweep_options<double> options;
  options.horizon = 60.0;
  options.threads = 2;
  const auto r = chokepoint::sweep(model, net.spec, options);
  check_against_evaluate(model, net.spec, options, r);
  CHECK(r.probability_of_shortage > 0.0);
}

namespace {

// Runs the batch of `spec` directly and checks every scenario's stops against
// evaluate(), and bit for bit against the same batch with every cascade following
// everything; returns how its cascades were narrowed.
template <class T>
typename chokepoint::detail::scenario_batch<T>::narrowing_counts check_batch(
    const chokepoint::disruption_model<T>& model, const chokepoint::sweep_spec<T>& spec,
    const chokepoint::disruption_options<T>& options, unsigned threads) {
  const auto scenarios = chokepoint::sample_scenarios(spec);
  chokepoint::detail::scenario_batch<T> batch(model.core(), scenarios, options);
  std::vector<chokepoint::disruption_result<T>> results(scenarios.size()), whole(scenarios.size());
  batch.run(threads, [&](std::size_t k, const chokepoint::disruption_result<T>& r) { results[k] = r; });
  const auto counts = batch.narrowing();
  batch.narrow_cascades(false);
  batch.run(threads, [&](std::size_t k, const chokepoint::disruption_result<T>& r) { whole[k] = r; });
  CHECK(batch.narrowing().narrowed == 0);
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    CAPTURE(k);
    CHECK(results[k].system.time == whole[k].system.time);
    CHECK(results[k].system.binding == whole[k].system.binding);
    CHECK(results[k].lost_value == whole[k].lost_value);
    for (std::size_t l = 0; l < results[k].lines.size(); ++l) {
      CHECK(results[k].lines[l].time_to_failure == whole[k].lines[l].time_to_failure);
      CHECK(results[k].lines[l].stopped_by == whole[k].lines[l].stopped_by);
    }
    const auto e = model.evaluate(scenarios[k], options);
    REQUIRE(e.system.time.has_value() == results[k].system.time.has_value());
    if (e.system.time) CHECK_CLOSE(*e.system.time, *results[k].system.time);
    for (std::size_t l = 0; l < e.lines.size(); ++l) {
      const auto& a = e.lines[l];
      const auto& b = results[k].lines[l];
      REQUIRE(a.time_to_failure.has_value() == b.time_to_failure.has_value());
      if (!a.time_to_failure) continue;
      CHECK_CLOSE(*a.time_to_failure, *b.time_to_failure);
      CHECK(a.stopped_by == b.stopped_by);
    }
  }
  return counts;
}

}  // namespace

TEST_CASE("narrowed cascades: proved or run again, as evaluate() finds them") {
  // Each cascade first follows only the materials that bind at the TTS and those its
  // thread learnt to follow after them; a material left out that might still run short
  // under the stops found sends it round again. Both paths must give evaluate()'s
  // answers, and the whole cascade's bit for bit, on one thread and on two (whose
  // threads learn different things).
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 11);
  std::size_t narrowed = 0, unsafe = 0;
  for (int trial = 0; trial < 4; ++trial) {
    CAPTURE(trial);
    const random_network<double> net(rng, chokepoint::testing::two_level_dag(rng, 30, 120, 400, 4), 150, 5);
    const chokepoint::supply_base<double> supply(net.rows);
    chokepoint::disruption_model<double> model(net.bom, supply, net.demand, net.stock);
    model.set_priorities(net.priority);
    const chokepoint::disruption_options<double> options{
        60.0, trial % 2 ? chokepoint::cascade_policy::priority : chokepoint::cascade_policy::equal};
    for (const unsigned threads : {1u, 2u}) {
      const auto counts = check_batch(model, net.spec, options, threads);
      narrowed += counts.narrowed;
      unsafe += counts.unsafe;
    }
  }
  MESSAGE("narrowed tries: " << narrowed << ", found unsafe and run again: " << unsafe);
  CHECK(unsafe > 0);
  CHECK(narrowed > 2 * unsafe);  // most are proved
}

TEST_CASE_TEMPLATE("narrowed cascades: a material shielded by stock upstream", T, double, rational) {
  // P1 (1/day) takes one A and one B; P2 (1/day) takes one S, which takes one B. A (10
  // in stock) is cut for good and stops P1 at day 10. B (20 in stock, 0.8/day left of
  // its planned 2/day) would run short with every line running once S's stock s is
  // gone; after P1 stops only P2 draws on it, through S. With s = 50, B needs t - 60 by
  // day t against 0.8 t: short only at day 300, after the horizon. The bounds that
  // ignore S's stock see it short by day 100, so the exact check must clear it and no
  // try runs again. With s = 15, B needs t - 25: short at day 125, when it stops P2;
  // the check must find it unsafe, and the cascade that then follows it stops P2. Both
  // as evaluate() finds them, and as the batch finds them following everything.
  for (const int shield : {50, 15}) {
    CAPTURE(shield);
    chokepoint::bom_builder<T> b;
    b.add_edge("P1", "A", T(1));
    b.add_edge("P1", "B", T(1));
    b.add_edge("P2", "S", T(1));
    b.add_edge("S", "B", T(1));
    const auto bom = std::move(b).build();
    const chokepoint::supply_base<T> supply{
        {chokepoint::supply_row<T>{"A", "SA", "XA", T(1), 0}, chokepoint::supply_row<T>{"B", "SB", "XB", T(1), 0}}};
    std::vector<T> demand(bom.item_count(), T(0)), stock(bom.item_count(), T(0));
    demand[bom.id("P1")] = demand[bom.id("P2")] = T(1);
    stock[bom.id("A")] = T(10);
    stock[bom.id("B")] = T(20);
    stock[bom.id("S")] = T(shield);
    const chokepoint::disruption_model<T> model(bom, supply, demand, stock);
    chokepoint::sweep_spec<T> spec;
    spec.samples = 1;
    chokepoint::cut_spec<T> a, rest;
    a.name = "XA";
    a.fraction_low = a.fraction_high = T(1);
    rest.name = "XB";
    rest.fraction_low = rest.fraction_high = T(6) / T(10);
    spec.add_cut(a);
    spec.add_cut(rest);
    const chokepoint::disruption_options<T> options{T(200)};

    const auto counts = check_batch(model, spec, options, 1);
    CHECK(counts.narrowed == 1);
    CHECK(counts.unsafe == (shield == 50 ? 0u : 1u));
    CHECK(counts.whole == (shield == 50 ? 0u : 1u));  // A and B: every material, so no second narrowed try
    const auto r = model.evaluate(chokepoint::sample_scenarios(spec)[0], options);
    CHECK_CLOSE(*r.system.time, T(10));
    for (const auto& line : r.lines) {
      if (line.line == bom.id("P1")) {
        CHECK_CLOSE(*line.time_to_failure, T(10));
      } else if (shield == 50) {
        CHECK_FALSE(line.time_to_failure);
      } else {
        CHECK_CLOSE(*line.time_to_failure, T(125));
        CHECK(line.stopped_by == bom.id("B"));
      }
    }
  }
}

TEST_CASE("narrowed cascades in cpp_rational: the check is exact") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 13);
  std::size_t narrowed = 0, unsafe = 0;
  for (int trial = 0; trial < 2; ++trial) {
    CAPTURE(trial);
    const random_network<rational> net(rng, chokepoint::testing::two_level_dag(rng, 8, 30, 80, 3), 8, 0);
    const chokepoint::supply_base<rational> supply(net.rows);
    chokepoint::disruption_model<rational> model(net.bom, supply, net.demand, net.stock);
    const auto counts = check_batch(model, net.spec, {rational(60)}, 1);
    narrowed += counts.narrowed;
    unsafe += counts.unsafe;
  }
  MESSAGE("narrowed tries: " << narrowed << ", found unsafe and run again: " << unsafe);
  CHECK(narrowed > unsafe);
}

TEST_CASE("random networks in cpp_rational: equal to evaluate(), exactly") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 7);
  for (int trial = 0; trial < 3; ++trial) {
    CAPTURE(trial);
    const random_network<rational> net(rng, chokepoint::testing::dag_shapes[0], 6, 0);
    const chokepoint::supply_base<rational> supply(net.rows);
    chokepoint::disruption_model<rational> model(net.bom, supply, net.demand, net.stock);
    model.set_priorities(net.priority);
    chokepoint::sweep_options<rational> options;
    options.horizon = rational(90);
    options.threads = 2;
    const auto r = chokepoint::sweep(model, net.spec, options);
    check_against_evaluate(model, net.spec, options, r);
  }
}

TEST_CASE("a sweep whose progress callback throws stops with that exception") {
  const single_line<double> f;
  const auto model = f.model();
  chokepoint::sweep_spec<double> spec;
  spec.samples = 1000;
  spec.add_cut(cn(0.5, 1.0));
  chokepoint::sweep_options<double> options;
  options.threads = 2;
  std::size_t seen = 0;
  options.progress = [&seen](std::size_t done, std::size_t) {
    seen = done;
    if (done >= 10) throw std::runtime_error("cancelled");
  };
  CHECK_THROWS_WITH_AS((void)chokepoint::sweep(model, spec, options), "cancelled", std::runtime_error);
  CHECK(seen >= 10);
}
