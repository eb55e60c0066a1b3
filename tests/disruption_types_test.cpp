// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// The same disruption answers in every scalar type: float, double, long double,
// cpp_dec_float_50, cpp_bin_float_quad, and exactly in cpp_rational.

#include <chokepoint/disruption.hpp>

#include "support.hpp"

#include <vector>

TEST_CASE_TEMPLATE("TTS and the cascade agree across scalar types", T, CHOKEPOINT_ALL_TYPES) {
  // docs/model.md, Reference values: P1 (priority 1) and P2 (priority 2, 10 finished
  // units) each use 1 M at 1/day; M holds 20, half from CN; CN cut 100%: TTS 30; under
  // `priority` P2 runs.
  chokepoint::bom_builder<T> b;
  b.add_edge("P1", "M", T(1));
  b.add_edge("P2", "M", T(1));
  b.add_edge("Q", "N", T(1));
  const auto bom = std::move(b).build();
  const chokepoint::supply_base<T> supply({chokepoint::supply_row<T>{"M", "S1", "CN", T(1), 0},
                                           chokepoint::supply_row<T>{"M", "S2", "US", T(1), 0},
                                           chokepoint::supply_row<T>{"N", "S3", "CN", T(1), 0}});
  std::vector<T> demand(bom.item_count(), T(0)), stock(bom.item_count(), T(0)), priority(bom.item_count(), T(0));
  demand[bom.id("P1")] = T(1);
  demand[bom.id("P2")] = T(1);
  demand[bom.id("Q")] = T(2);
  stock[bom.id("P2")] = T(10);
  stock[bom.id("M")] = T(20);
  stock[bom.id("N")] = T(60);  // Q: 2/day, 90% cut from day 0: 60 / (2 - 0.2) = 100/3
  priority[bom.id("P1")] = T(1);
  priority[bom.id("P2")] = T(2);
  priority[bom.id("Q")] = T(3);
  chokepoint::disruption_model<T> model(bom, supply, demand, stock);
  model.set_priorities(priority);

  chokepoint::scenario<T> sc;
  sc.cut_supplier("S1", T(1)).cut_supplier("S3", T(9) / T(10), T(0), T(50));
  const auto r = model.evaluate(sc, {T(365), chokepoint::cascade_policy::priority});
  REQUIRE(r.system.time);
  CHECK_CLOSE(*r.system.time, T(30));
  REQUIRE(r.lines.size() == 3);
  for (const auto& line : r.lines) {
    const auto name = bom.name(line.line);
    if (name == "P1") CHECK_CLOSE(*line.time_to_failure, T(30));
    if (name == "P2") CHECK_FALSE(line.time_to_failure);
    if (name == "Q") {
      REQUIRE(line.time_to_failure);
      CHECK_CLOSE(*line.time_to_failure, T(100) / T(3));
      CHECK(*line.time_to_recover == T(50));
      CHECK_CLOSE(line.lost_units, T(2) * (T(50) - T(100) / T(3)));  // 100/3 units
    }
  }
  if constexpr (chokepoint::scalar_traits<T>::is_exact) {
    CHECK(*r.system.time == T(30));
    CHECK(r.lost_units == T(335) + T(100) / T(3));
  }
}
