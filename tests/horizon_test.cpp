// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// The horizon only bounds the search: a shortage at tau is found for every horizon
// beyond tau, by time_to_survive() and evaluate() alike, at the same time. Checked on a
// hand-worked chain and on random networks for horizons from one day to the largest the
// model accepts, in every floating type (exact types cannot round: see
// disruption_types_test). The batch that sweeps and rankings run gives evaluate()'s
// answers at every horizon too.

#include <chokepoint/detail/disruption/batch.hpp>
#include <chokepoint/disruption.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <limits>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace {

using chokepoint::item_id;
namespace ct = chokepoint::testing;

/// The largest horizon the model accepts for sc: halved from the type's largest value
/// until the horizon scale check passes.
template <class T>
T largest_horizon(const chokepoint::disruption_model<T>& model, const chokepoint::scenario<T>& sc) {
  T h = std::numeric_limits<T>::max();
  for (;;) {
    try {
      (void)model.time_to_survive(sc, h);
      return h;
    } catch (const chokepoint::invalid_input&) {
      h /= T(2);
    }
  }
}

/// One day, then every decade up to 1e6 days, then 40 steps evenly spaced in log scale
/// up to the largest horizon accepted, and that one.
template <class T>
std::vector<T> horizons_up_to(const T& largest) {
  std::vector<T> out;
  for (T h(1); h <= T(1000000); h *= T(10)) out.push_back(h);
  using std::exp;
  using std::log;
  const T from = log(T(1000000)), to = log(largest);
  for (int k = 1; k < 40; ++k) out.push_back(T(exp(T(from + T(T(to - from) * T(k) / T(40))))));
  out.push_back(largest);
  return out;
}

/// Checks, for every horizon: time_to_survive(), evaluate() and a batch of the one
/// scenario agree, a shortage is reported exactly when it falls within the horizon, and
/// always at the same time.
template <class T>
void check_over_horizons(const chokepoint::disruption_model<T>& model, const chokepoint::scenario<T>& sc,
                         const std::optional<T>& expected) {
  const T largest = largest_horizon(model, sc);
  std::optional<T> first;  // TTS found at the first horizon that contains it
  for (const T& h : horizons_up_to(largest)) {
    CAPTURE(ct::to_string(h));
    const auto tts = model.time_to_survive(sc, h);
    const chokepoint::disruption_options<T> options{h, chokepoint::cascade_policy::equal};
    const auto ev = model.evaluate(sc, options);
    REQUIRE(tts.time.has_value() == ev.system.time.has_value());
    chokepoint::disruption_result<T> batched;
    chokepoint::detail::scenario_batch<T>(model.core(), std::span(&sc, 1), options)
        .run(1, [&](std::size_t, const chokepoint::disruption_result<T>& r) { batched = r; });
    REQUIRE(batched.system.time.has_value() == ev.system.time.has_value());
    REQUIRE(batched.lines.size() == ev.lines.size());
    for (std::size_t l = 0; l < ev.lines.size(); ++l) {
      const auto& a = ev.lines[l].time_to_failure;
      const auto& b = batched.lines[l].time_to_failure;
      REQUIRE(a.has_value() == b.has_value());
      if (a) CHECK_CLOSE(*a, *b);
    }
    if (!tts.time) {
      if (first) CHECK_MESSAGE(false, "a shortage at " << ct::to_string(*first) << " is missed");
      if (expected) CHECK_MESSAGE(h <= *expected * T(1.001), "TTS " << ct::to_string(*expected) << " missed");
      continue;
    }
    CHECK_CLOSE(*tts.time, *ev.system.time);
    CHECK_CLOSE(*tts.time, *batched.system.time);
    CHECK(*tts.time <= h);
    CHECK_FALSE(tts.binding.empty());
    if (!first) first = *tts.time;
    CHECK_CLOSE(*tts.time, *first);
    if (expected) CHECK_CLOSE(*tts.time, *expected);
  }
}

}  // namespace

#define CHOKEPOINT_ROUNDING_TYPES float, double, long double, chokepoint::testing::quad

TEST_CASE_TEMPLATE("a shortage is found whatever the horizon beyond it", T, CHOKEPOINT_ROUNDING_TYPES) {
  // P <- A <- M, quantities 1, M's only supplier cut from day 0, 847 P a day; stock 2598 of P
  // and 2127 of A: A's stock runs out at 4725/847 days, and with it M's supply.
  chokepoint::bom_builder<T> b;
  b.add_edge("P", "A", T(1));
  b.add_edge("A", "M", T(1));
  const auto bom = std::move(b).build();
  const chokepoint::supply_base<T> supply({chokepoint::supply_row<T>{"M", "S", "X", T(1), 0}});
  std::vector<T> demand(bom.item_count(), T(0)), stock(bom.item_count(), T(0));
  demand[bom.id("P")] = T(847);
  stock[bom.id("P")] = T(2598);
  stock[bom.id("A")] = T(2127);
  const chokepoint::disruption_model<T> model(bom, supply, demand, stock);
  const auto sc = chokepoint::scenario<T>().cut_supplier("S", T(1));

  for (const T& h : {T(10), T(4000), T(5000), T(100000)}) {
    const auto r = model.time_to_survive(sc, h);
    REQUIRE(r.time);
    CHECK_CLOSE(*r.time, T(4725) / T(847));
    REQUIRE(r.binding.size() == 1);
    CHECK(bom.name(r.binding.front()) == "M");
  }
  check_over_horizons(model, sc, std::optional<T>(T(4725) / T(847)));
}

TEST_CASE_TEMPLATE("random networks: TTS does not depend on the horizon", T, CHOKEPOINT_ROUNDING_TYPES) {
  const char* const countries[] = {"CN", "US"};
  std::mt19937_64 rng(ct::test_seed() + 21);
  std::uniform_int_distribution<int> small(1, 3), volume(1, 4), pick(0, 1);
  std::uniform_int_distribution<int> stock_units(0, 4000);
  std::bernoulli_distribution some(0.5), coin(0.5);
  const int cases = std::is_same_v<T, ct::quad> ? 6 : 24;
  for (int k = 0; k < cases; ++k) {
    CAPTURE(k);
    const auto edges = ct::random_dag(rng, ct::dag_shapes[k % 4]);
    const auto bom = ct::build_bom<T>(edges);
    const std::size_t n = bom.item_count();
    std::vector<T> demand(n, T(0)), stock(n, T(0));
    // Large demands and stocks at every level, in units that need not divide each other:
    // a stock that runs out just as a material binds is where the search must be exact.
    for (const item_id p : bom.products()) demand[p] = T(small(rng) * 283);
    for (item_id i = 0; i < n; ++i)
      if (some(rng)) stock[i] = T(stock_units(rng)) + T(1) / T(4);
    std::vector<chokepoint::supply_row<T>> rows;
    for (const item_id m : bom.materials())
      for (int s = small(rng); s > 0; --s)
        rows.push_back({std::string(bom.name(m)), "s" + std::to_string(s), countries[pick(rng)], T(volume(rng)), 0});
    rows.push_back({std::string(bom.name(bom.materials().front())), "s0", "CN", T(1), 0});
    const chokepoint::supply_base<T> supply(rows);
    const chokepoint::disruption_model<T> model(bom, supply, demand, stock);
    chokepoint::scenario<T> sc;
    sc.cut_country("CN", coin(rng) ? T(1) : T(3) / T(4), coin(rng) ? T(0) : T(2));
    check_over_horizons(model, sc, std::optional<T>());
  }
}
