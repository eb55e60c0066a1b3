// SPDX-License-Identifier: MIT
// The stop rules (detail/disruption/stop_rules.hpp): each rule on its own, the invariant
// every rule keeps (a non-empty subset of the drawers), and one hand-worked cascade per
// rule through the engine.

#include <chokepoint/detail/disruption/stop_rules.hpp>
#include <chokepoint/disruption.hpp>

#include "support.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cp = chokepoint;
namespace cd = chokepoint::detail;

namespace {

/// Four lines, items 0..3, with priorities 2, 1, 1 and 3.
struct four_lines {
  std::vector<double> priority{2, 1, 1, 3};
  std::vector<cp::item_id> lines{0, 1, 2, 3};
  cd::disruption_network<double> net() const {
    cd::disruption_network<double> n;
    n.priority = priority;
    n.lines = lines;
    return n;
  }
};

}  // namespace

TEST_CASE("stop_all keeps every drawer; stop_lowest_priority the lowest ones, ties together") {
  const four_lines f;
  std::vector<std::uint32_t> drawers{3, 0, 1, 2};
  cd::stopping_drawers(cp::cascade_policy::stop_all, f.net(), drawers);
  CHECK(drawers == std::vector<std::uint32_t>{3, 0, 1, 2});
  cd::stopping_drawers(cp::cascade_policy::stop_lowest_priority, f.net(), drawers);
  CHECK(drawers == std::vector<std::uint32_t>{1, 2});
  drawers = {3, 0};
  cd::stopping_drawers(cp::cascade_policy::stop_lowest_priority, f.net(), drawers);
  CHECK(drawers == std::vector<std::uint32_t>{0});
}

TEST_CASE("every named rule keeps a non-empty subset of the drawers") {
  const four_lines f;
  for (const cp::cascade_policy_name& n : cp::cascade_policy_names)
    for (const std::vector<std::uint32_t>& given : {std::vector<std::uint32_t>{0}, {1, 2}, {3, 2, 1, 0}, {0, 3}}) {
      CAPTURE(n.name);
      std::vector<std::uint32_t> kept = given;
      cd::stopping_drawers(n.policy, f.net(), kept);
      CHECK_FALSE(kept.empty());
      for (const std::uint32_t l : kept) CHECK(std::find(given.begin(), given.end(), l) != given.end());
    }
}

TEST_CASE("each rule's cascade, worked by hand") {
  // P1 (priority 2), P2 and P3 (priority 1) need one M each: 4 + 3 + 3 = 10 M a day, all
  // from CN; 20 M in stock. Half of CN's flow is cut for good: 5 a day, so M runs short
  // at t = 4 (10 t - 20 = 5 t; in double just after, by the slack that rounding gets).
  cp::bom_builder<double> b;
  for (const char* p : {"P1", "P2", "P3"}) b.add_edge(p, "M", 1.0);
  const auto bom = std::move(b).build();
  const cp::supply_base<double> supply{{cp::supply_row<double>{"M", "S", "CN", 1.0, 0}}};
  std::vector<double> demand(bom.item_count(), 0.0), stock(bom.item_count(), 0.0), priority(bom.item_count(), 0.0);
  demand[bom.id("P1")] = 4;
  demand[bom.id("P2")] = 3;
  demand[bom.id("P3")] = 3;
  priority[bom.id("P1")] = 2;
  priority[bom.id("P2")] = 1;
  priority[bom.id("P3")] = 1;
  stock[bom.id("M")] = 20;
  cp::disruption_model<double> model(bom, supply, demand, stock);
  model.set_priorities(priority);
  cp::scenario<double> sc;
  sc.cut_country("CN", 0.5);
  const auto ttf = [&](const cp::disruption_result<double>& r, const char* line) {
    for (const auto& o : r.lines)
      if (o.line == bom.id(line)) return o.time_to_failure;
    return std::optional<double>();
  };
  // stop_all: every drawer stops at 4; each loses its demand for the 26 days left.
  const auto all = model.evaluate(sc, {30.0, cp::cascade_policy::stop_all});
  REQUIRE(all.system.time);
  CHECK(*all.system.time == doctest::Approx(4.0));
  for (const char* line : {"P1", "P2", "P3"}) CHECK(ttf(all, line).value_or(-1.0) == doctest::Approx(4.0));
  CHECK(all.lost_units == doctest::Approx(10.0 * 26.0));
  // stop_lowest_priority: P2 and P3 stop at 4; then M is needed at 4 a day against 5
  // supplied, so P1 runs on.
  const auto lowest = model.evaluate(sc, {30.0, cp::cascade_policy::stop_lowest_priority});
  CHECK(ttf(lowest, "P2").value_or(-1.0) == doctest::Approx(4.0));
  CHECK(ttf(lowest, "P3").value_or(-1.0) == doctest::Approx(4.0));
  CHECK_FALSE(ttf(lowest, "P1").has_value());
  CHECK(lowest.lost_units == doctest::Approx(6.0 * 26.0));
}
