// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// Export controls as scenarios: cuts scoped to materials, quotas per day, schedules,
// shipping delays and receipts in transit (docs/model.md, Supply under a scenario).
// Each element against a hand-worked case, exactly in cpp_rational and in double; each
// against an equivalent scenario of the plain kind (a scoped cut is a cut of a supplier
// that sells only that material, a quota the cut it amounts to, a delay shifted
// windows, a receipt on day 0 stock); and random networks with random controls against
// a time-stepped simulation written from the definitions alone, with the one-scenario
// batch that sweeps use agreeing with evaluate().

#include <chokepoint/detail/disruption/batch.hpp>
#include <chokepoint/detail/disruption/plan_scale.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/sweep.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace {

namespace cp = chokepoint;
namespace ct = chokepoint::testing;
using cp::cut_target;
using cp::limit_kind;

/// P needs one A and one N; A needs one M. M and N come from supplier S in CN; 10 P a
/// day; 100 M and 50 N in stock.
template <class T>
struct chain {
  cp::bill_of_materials<T> bom = [] {
    cp::bom_builder<T> b;
    b.add_edge("P", "A", T(1));
    b.add_edge("A", "M", T(1));
    b.add_edge("P", "N", T(1));
    return std::move(b).build();
  }();
  cp::supply_base<T> supply{{cp::supply_row<T>{"M", "S", "CN", T(1), 0}, cp::supply_row<T>{"N", "S", "CN", T(1), 0},
                             cp::supply_row<T>{"N", "U", "US", T(1), 0}}};
  std::vector<T> demand = vec({{"P", T(10)}});
  std::vector<T> stock = vec({{"M", T(100)}, {"N", T(50)}});
  cp::disruption_model<T> model{bom, supply, demand, stock};

  std::vector<T> vec(std::initializer_list<std::pair<const char*, T>> xs) const {
    std::vector<T> v(bom.item_count(), T(0));
    for (const auto& [name, x] : xs) v[bom.id(name)] = x;
    return v;
  }
};

template <class T>
std::optional<T> tts(const cp::disruption_model<T>& m, const cp::scenario<T>& sc, const T& horizon = T(365)) {
  return m.evaluate(sc, cp::disruption_options<T>{horizon, cp::cascade_policy::equal}).system.time;
}

using S = cp::scenario<double>;

}  // namespace

/// A TTS found, equal to the hand-worked value (exactly for exact types).
#define CHECK_TTS(found, expected)       \
  do {                                   \
    const auto tts_found = (found);      \
    REQUIRE(tts_found);                  \
    CHECK_CLOSE(*tts_found, (expected)); \
  } while (false)

TEST_CASE_TEMPLATE("each control element on a hand-worked chain", T, double, ct::rational) {
  const chain<T> c;
  using Sc = cp::scenario<T>;
  const std::vector<std::string> m{"M"}, n{"N"};
  // Everything CN sells: M lasts 100 / 10 days, N (half from CN) 50 / 5: both 10.
  CHECK_TTS(tts(c.model, Sc().cut_country("CN", T(1))), T(10));
  // Only N: half of N's flow is lost, 50 / 5 = 10 days; only M: 10 days; neither: none.
  CHECK_TTS(tts(c.model, Sc().cut_country("CN", T(1), T(0), std::nullopt, n)), T(10));
  CHECK_TTS(tts(c.model, Sc().cut_country("CN", T(1), T(0), std::nullopt, m)), T(10));
  CHECK_TTS(tts(c.model, Sc().cut_supplier("S", T(1), T(0), std::nullopt, n)), T(10));
  // A half cut of N only: 50 / 2.5 = 20 days, M untouched.
  CHECK_TTS(tts(c.model, Sc().cut_country("CN", T(1) / T(2), T(0), std::nullopt, n)), T(20));
  // Quota on M of 2.5 a day: 100 / (10 - 2.5) = 40/3 days; of 5: 20 days; above plan: none.
  CHECK_TTS(tts(c.model, Sc().quota_country("CN", m, T(5) / T(2))), T(40) / T(3));
  CHECK_TTS(tts(c.model, Sc().quota_country("CN", m, T(5))), T(20));
  CHECK_FALSE(tts(c.model, Sc().quota_country("CN", m, T(11))));
  // Quota on CN's half of N at 1 a day: 50 / (5 - 1) = 12.5 days.
  CHECK_TTS(tts(c.model, Sc().quota_country("CN", n, T(1))), T(25) / T(2));
  // The tightest wins: a 50% cut (5 a day of M) and a quota of 2 a day: 100 / 8.
  CHECK_TTS(tts(c.model, Sc().cut_country("CN", T(1) / T(2), T(0), std::nullopt, m).quota_supplier("S", m, T(2))),
            T(25) / T(2));
  // A delay of 7 days: the cut reaches the plant on day 7, M lasts to day 17.
  CHECK_TTS(tts(c.model, Sc().cut_country("CN", T(1), T(0), std::nullopt, m).delay_country("CN", T(7))), T(17));
  // A receipt of 50 M on day 3 (before M runs out on day 10) adds 5 days; one on day 12 is
  // too late for the first shortage.
  CHECK_TTS(tts(c.model, Sc().cut_country("CN", T(1), T(0), std::nullopt, m).receive("M", T(50), T(3))), T(15));
  CHECK_TTS(tts(c.model, Sc().cut_country("CN", T(1), T(0), std::nullopt, m).receive("M", T(50), T(12))), T(10));
  // A schedule: nothing for 5 days, then 2 a day allowed for good: 50 left on day 5, lasting
  // 50 / 8 more days.
  const std::vector<cp::schedule_step<T>> steps{{T(0), T(5), T(0)}, {T(5), std::nullopt, T(2)}};
  CHECK_TTS(tts(c.model, Sc().schedule(limit_kind::quota, cut_target::country, "CN", m, steps)), T(5) + T(50) / T(8));

  // Recovery and losses: M cut over arrivals [7, 27): P stops at 17, restarts at 27, 100 lost.
  const auto r = c.model.evaluate(Sc().cut_country("CN", T(1), T(0), T(20), m).delay_country("CN", T(7)));
  REQUIRE(r.system.time);
  CHECK_CLOSE(*r.system.time, T(17));
  REQUIRE(r.lines.size() == 1);
  REQUIRE(r.lines[0].time_to_failure);
  CHECK_CLOSE(*r.lines[0].time_to_failure, T(17));
  CHECK(r.lines[0].time_to_recover == std::optional<T>(T(27)));
  CHECK_CLOSE(r.lines[0].lost_units, T(100));
}

TEST_CASE_TEMPLATE("each element equals the plain scenario it amounts to", T, double, ct::rational) {
  const chain<T> c;
  using Sc = cp::scenario<T>;
  const std::vector<std::string> m{"M"};
  const auto same = [&](const Sc& a, const Sc& b, const cp::disruption_model<T>& ma,
                        const cp::disruption_model<T>& mb) {
    const auto x = ma.evaluate(a), y = mb.evaluate(b);
    CHECK(x.system.time == y.system.time);
    REQUIRE(x.lines.size() == y.lines.size());
    for (std::size_t l = 0; l < x.lines.size(); ++l) {
      CHECK(x.lines[l].time_to_failure == y.lines[l].time_to_failure);
      CHECK(x.lines[l].time_to_recover == y.lines[l].time_to_recover);
      CHECK(x.lines[l].lost_units == y.lines[l].lost_units);
    }
  };
  // A cut scoped to M is a cut of a supplier that sells CN's M and nothing else.
  const cp::supply_base<T> split{{cp::supply_row<T>{"M", "S-M", "CN", T(1), 0},
                                  cp::supply_row<T>{"N", "S", "CN", T(1), 0},
                                  cp::supply_row<T>{"N", "U", "US", T(1), 0}}};
  const cp::disruption_model<T> by_supplier(c.bom, split, c.demand, c.stock);
  same(Sc().cut_country("CN", T(3) / T(4), T(2), T(30), m), Sc().cut_supplier("S-M", T(3) / T(4), T(2), T(30)), c.model,
       by_supplier);
  // A quota of 4 a day on a flow of 10 is a cut of 60%.
  same(Sc().quota_country("CN", m, T(4), T(1), T(40)), Sc().cut_country("CN", T(3) / T(5), T(1), T(40), m), c.model,
       c.model);
  // A delay moves every window of its target.
  same(Sc().cut_country("CN", T(1), T(3), T(20)).quota_country("CN", {"N"}, T(1), T(0), T(9)).delay_country("CN", T(6)),
       Sc().cut_country("CN", T(1), T(9), T(26)).quota_country("CN", {"N"}, T(1), T(6), T(15)), c.model, c.model);
  // A receipt on day 0 is stock.
  const cp::disruption_model<T> more(c.bom, c.supply, c.demand, c.vec({{"M", T(130)}, {"N", T(50)}}));
  same(Sc().cut_country("CN", T(1)).receive("M", T(30), T(0)), Sc().cut_country("CN", T(1)), c.model, more);
  // A schedule is its steps.
  const std::vector<cp::schedule_step<T>> steps{
      {T(0), T(10), T(1)}, {T(10), T(30), T(3) / T(4)}, {T(40), std::nullopt, T(1) / T(4)}};
  same(Sc().schedule(limit_kind::cut, cut_target::supplier, "S", m, steps),
       Sc().cut_supplier("S", T(1), T(0), T(10), m)
           .cut_supplier("S", T(3) / T(4), T(10), T(30), m)
           .cut_supplier("S", T(1) / T(4), T(40), std::nullopt, m),
       c.model, c.model);
}

TEST_CASE("every bad control has its one-line message") {
  using cp::invalid_input;
  const chain<double> c;
  const std::vector<std::string> m{"M"};
  CHECK_THROWS_WITH_AS(S().quota_country("CN", m, -1.0),
                       "chokepoint::scenario: quota of country 'CN': per day must be finite and >= 0, got -1",
                       invalid_input);
  CHECK_THROWS_WITH_AS(S().quota_country("CN", {}, 1.0),
                       "chokepoint::scenario: quota of country 'CN': needs the materials it caps", invalid_input);
  CHECK_THROWS_WITH_AS(S().quota_supplier("", m, 1.0), "chokepoint::scenario: quota needs a supplier name",
                       invalid_input);
  CHECK_THROWS_WITH_AS(
      S().quota_country("CN", m, 1.0, 5.0, 5.0),
      "chokepoint::scenario: quota of country 'CN': end must be greater than start, got end 5 <= start 5",
      invalid_input);
  CHECK_THROWS_WITH_AS(S().cut_country("CN", 1.0, 0.0, std::nullopt, {""}),
                       "chokepoint::scenario: cut of country 'CN': a material name is empty", invalid_input);
  const std::vector<cp::schedule_step<double>> overlap{{0.0, 45.0, 1.0}, {40.0, 60.0, 0.75}};
  CHECK_THROWS_WITH_AS(S().schedule(limit_kind::cut, cut_target::country, "CN", m, overlap),
                       "chokepoint::scenario: schedule of country 'CN': step 2 starts at 40, before step 1 ends at 45",
                       invalid_input);
  const std::vector<cp::schedule_step<double>> open{{0.0, std::nullopt, 1.0}, {40.0, 60.0, 0.75}};
  CHECK_THROWS_WITH_AS(S().schedule(limit_kind::cut, cut_target::country, "CN", m, open),
                       "chokepoint::scenario: schedule of country 'CN': step 2 starts at 40, before step 1 ends",
                       invalid_input);
  const std::vector<cp::schedule_step<double>> bad_level{{0.0, 10.0, 1.5}};
  CHECK_THROWS_WITH_AS(S().schedule(limit_kind::cut, cut_target::country, "CN", m, bad_level),
                       "chokepoint::scenario: cut of country 'CN': fraction must be in [0, 1], got 1.5", invalid_input);
  CHECK_THROWS_WITH_AS(S().delay_country("CN", -1.0),
                       "chokepoint::scenario: delay of country 'CN': days must be finite and >= 0, got -1",
                       invalid_input);
  CHECK_THROWS_WITH_AS(S().delay_country("CN", 1.0).delay_country("CN", 2.0),
                       "chokepoint::scenario: delay of country 'CN': given twice", invalid_input);
  CHECK_THROWS_WITH_AS(S().receive("M", 1.0, -1.0),
                       "chokepoint::scenario: receipt of 'M': arrival must be finite and >= 0, got -1", invalid_input);
  CHECK_THROWS_WITH_AS(S().receive("M", std::nan(""), 1.0),
                       "chokepoint::scenario: receipt of 'M': quantity must be finite and >= 0, got nan",
                       invalid_input);
  CHECK_THROWS_WITH_AS(S().receive("", 1.0, 1.0), "chokepoint::scenario: receipt needs a material name", invalid_input);

  // Resolved against the model.
  CHECK_THROWS_WITH_AS((void)c.model.evaluate(S().cut_country("CN", 1.0, 0.0, std::nullopt, {"m"})),
                       "chokepoint::disruption_model: cut of country 'CN': 'm' is not a material of the bill of "
                       "materials (did you mean 'M'?)",
                       invalid_input);
  CHECK_THROWS_WITH_AS(
      (void)c.model.evaluate(S().cut_country("CN", 1.0, 0.0, std::nullopt, {"A"})),
      "chokepoint::disruption_model: cut of country 'CN': 'A' is not a material of the bill of materials",
      invalid_input);
  CHECK_THROWS_WITH_AS((void)c.model.evaluate(S().quota_country("US", m, 1.0)),
                       "chokepoint::disruption_model: quota of country 'US': country 'US' supplies no 'M'",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)c.model.evaluate(S().quota_country("XX", m, 1.0)),
                       "chokepoint::disruption_model: quota of unknown country 'XX'", invalid_input);
  CHECK_THROWS_WITH_AS((void)c.model.evaluate(S().delay_supplier("Z", 1.0)),
                       "chokepoint::disruption_model: delay of unknown supplier 'Z'", invalid_input);
  CHECK_THROWS_WITH_AS((void)c.model.evaluate(S().receive("Q", 1.0, 1.0)),
                       "chokepoint::disruption_model: receipt for unknown material 'Q'", invalid_input);
  CHECK_THROWS_WITH_AS((void)c.model.evaluate(S().delay_country("CN", 400.0)),
                       "chokepoint::disruption_model: delay of country 'CN': 400 days, beyond the horizon of 365 days",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)c.model.evaluate(S().receive("M", 1e308, 1.0).receive("M", 1e308, 2.0)),
                       "chokepoint::disruption_model: the scenario's receipts overflow", invalid_input);
}

namespace {

/// A random network with random controls, and what the definitions say about it,
/// computed without the library's engine.
struct control_case {
  std::vector<ct::random_edge> edges;
  std::vector<cp::supply_row<double>> rows;
  int items = 0;
  std::vector<double> demand, stock;  // by item index "i<k>"
  cp::scenario<double> sc;
};

/// Time-stepped: every rate is constant between multiples of 1/4 day, so steps of 1/64
/// day integrate supply exactly; the first step end with a shortage bounds the TTS.
/// Returns the step [t - dt, t] holding the first shortage, or none within `horizon`.
std::optional<double> simulated_tts(const control_case& c, double horizon, double dt) {
  const int n = c.items;
  std::vector<std::vector<std::pair<int, double>>> children(static_cast<std::size_t>(n));
  std::vector<char> has_child(static_cast<std::size_t>(n), 0);
  for (const auto& e : c.edges) {
    const int p = std::stoi(e.parent.substr(1)), ch = std::stoi(e.child.substr(1));
    children[static_cast<std::size_t>(p)].push_back({ch, e.quarters / 4.0});
    has_child[static_cast<std::size_t>(p)] = 1;
  }
  // Planned flow of each material (index order is topological: edges go to larger k).
  std::vector<double> planned(c.demand);
  for (int p = 0; p < n; ++p)
    for (const auto& [ch, q] : children[static_cast<std::size_t>(p)])
      planned[static_cast<std::size_t>(ch)] += q * planned[static_cast<std::size_t>(p)];
  const auto index = [](const std::string& name) { return std::stoi(name.substr(1)); };
  // The share of material k's flow a target sells.
  const auto target_share = [&](cut_target t, const std::string& name, int k) {
    double s = 0;
    for (const auto& r : c.rows)
      if (index(r.material) == k && (t == cut_target::country ? r.country : r.supplier) == name) s += r.volume;
    return s;
  };
  const auto allowed = [&](const cp::supply_row<double>& r, int k, double t) {
    double a = 1.0;
    const auto window = [&](cut_target tg, const std::string& name, double start, const std::optional<double>& end) {
      const double d = c.sc.delay_of(tg, name);
      return t >= start + d && (!end || t < *end + d);
    };
    const auto covers = [&](cut_target tg, const std::string& name, const std::vector<std::string>& mats) {
      if ((tg == cut_target::country ? r.country : r.supplier) != name) return false;
      return mats.empty() || std::find(mats.begin(), mats.end(), r.material) != mats.end();
    };
    for (const auto& cut : c.sc.cuts())
      if (covers(cut.target, cut.name, cut.materials) && window(cut.target, cut.name, cut.start, cut.end))
        a = std::min(a, 1.0 - cut.fraction);
    for (const auto& q : c.sc.quotas())
      if (covers(q.target, q.name, q.materials) && window(q.target, q.name, q.start, q.end)) {
        const double flow = planned[static_cast<std::size_t>(k)] * target_share(q.target, q.name, k);
        if (flow > 0) a = std::min(a, std::min(1.0, q.per_day / flow));
      }
    return a;
  };
  std::vector<double> supplied(static_cast<std::size_t>(n), 0.0), gross(static_cast<std::size_t>(n)),
      net(static_cast<std::size_t>(n));
  const long steps = std::lround(horizon / dt);
  for (long s = 1; s <= steps; ++s) {
    const double t = static_cast<double>(s) * dt, mid = t - dt / 2;
    for (int k = 0; k < n; ++k) {
      if (has_child[static_cast<std::size_t>(k)]) continue;
      double rate = 0, sourced = 0;
      for (const auto& r : c.rows)
        if (index(r.material) == k) {
          rate += planned[static_cast<std::size_t>(k)] * r.volume * allowed(r, k, mid);
          sourced += r.volume;
        }
      if (sourced == 0) rate = planned[static_cast<std::size_t>(k)];
      supplied[static_cast<std::size_t>(k)] += rate * dt;
    }
    std::fill(gross.begin(), gross.end(), 0.0);
    for (int k = 0; k < n; ++k) {
      const auto uk = static_cast<std::size_t>(k);
      gross[uk] += c.demand[uk] * t;
      net[uk] = std::max(0.0, gross[uk] - c.stock[uk]);
      for (const auto& [ch, q] : children[uk]) gross[static_cast<std::size_t>(ch)] += q * net[uk];
    }
    for (int k = 0; k < n; ++k) {
      const auto uk = static_cast<std::size_t>(k);
      if (has_child[uk] || planned[uk] == 0) continue;
      double received = 0;
      for (const auto& r : c.sc.receipts())
        if (index(r.material) == k && r.arrival <= t) received += r.quantity;
      if (net[uk] > supplied[uk] + received + 1e-9 * (net[uk] + 1)) return t;
    }
  }
  return std::nullopt;
}

control_case random_control_case(std::mt19937_64& rng, const ct::dag_shape& shape) {
  control_case c;
  c.edges = ct::random_dag(rng, shape);
  c.items = shape.items;
  std::vector<char> parent(static_cast<std::size_t>(c.items), 0), child(static_cast<std::size_t>(c.items), 0);
  for (const auto& e : c.edges) {
    parent[static_cast<std::size_t>(std::stoi(e.parent.substr(1)))] = 1;
    child[static_cast<std::size_t>(std::stoi(e.child.substr(1)))] = 1;
  }
  std::uniform_int_distribution<int> small(0, 3), quarter_days(0, 160), stock_units(0, 400), demand_units(1, 20);
  c.demand.assign(static_cast<std::size_t>(c.items), 0.0);
  c.stock.assign(static_cast<std::size_t>(c.items), 0.0);
  std::vector<std::string> materials;
  const char* const suppliers[] = {"S0", "S1", "S2", "S3"};
  const char* const countries[] = {"CN", "US", "CN", "JP"};  // S0 and S2 in CN
  for (int k = 0; k < c.items; ++k) {
    const auto uk = static_cast<std::size_t>(k);
    if (!parent[uk] && !child[uk]) continue;  // not in the BOM
    if (!child[uk]) c.demand[uk] = demand_units(rng);
    c.stock[uk] = stock_units(rng) / 4.0;
    if (parent[uk]) continue;
    const std::string name = "i" + std::to_string(k);
    materials.push_back(name);
    // One or two sources, shares of quarters.
    const int first = small(rng);
    if (small(rng) < 2) {
      c.rows.push_back({name, suppliers[first], countries[first], 1.0, 0});
    } else {
      const int second = (first + 1 + small(rng) % 3) % 4;
      c.rows.push_back({name, suppliers[first], countries[first], 0.25 * (1 + small(rng) % 3), 0});
      c.rows.push_back({name, suppliers[second], countries[second], 1.0 - c.rows.back().volume, 0});
    }
  }
  // Controls: each scope sold by its target.
  const auto sells = [&](cut_target t, const std::string& who) {
    std::vector<std::string> out;
    for (const auto& r : c.rows)
      if ((t == cut_target::country ? r.country : r.supplier) == who &&
          std::find(out.begin(), out.end(), r.material) == out.end())
        out.push_back(r.material);
    return out;
  };
  const auto window_end = [&](double start) -> std::optional<double> {
    if (small(rng) == 0) return std::nullopt;
    return start + 0.25 * (1 + quarter_days(rng));
  };
  const int limits = 1 + small(rng);
  for (int l = 0; l < limits; ++l) {
    const bool country = small(rng) < 2;
    const int who = small(rng);
    const cut_target target = country ? cut_target::country : cut_target::supplier;
    const std::string name = country ? countries[who] : suppliers[who];
    std::vector<std::string> scope = sells(target, name);
    if (scope.empty()) continue;
    std::shuffle(scope.begin(), scope.end(), rng);
    scope.resize(1 + static_cast<std::size_t>(small(rng)) % scope.size());
    const double start = 0.25 * quarter_days(rng);
    const auto end = window_end(start);
    if (small(rng) < 2) {
      if (small(rng) == 0) scope.clear();  // every material of the target
      c.sc.add(cp::supply_cut<double>{target, name, 0.25 * (1 + small(rng)), start, end, scope});
    } else {
      c.sc.add(cp::supply_quota<double>{target, name, scope, 0.5 * small(rng), start, end});
    }
    if (small(rng) == 0 && c.sc.delay_of(target, name) == 0)
      c.sc.add(cp::shipping_delay<double>{target, name, 0.25 * (1 + small(rng) * 8)});
  }
  if (!materials.empty())
    for (int r = small(rng); r > 1; --r)
      c.sc.receive(materials[static_cast<std::size_t>(rng() % materials.size())], stock_units(rng) / 2.0,
                   0.25 * quarter_days(rng));
  return c;
}

/// The case in type T: the same scenario, converted.
template <class T>
cp::scenario<T> convert(const cp::scenario<double>& s) {
  cp::scenario<T> out;
  const auto end = [](const std::optional<double>& e) { return e ? std::optional<T>(T(*e)) : std::nullopt; };
  for (const auto& c : s.cuts())
    out.add(cp::supply_cut<T>{c.target, c.name, T(c.fraction), T(c.start), end(c.end), c.materials});
  for (const auto& q : s.quotas())
    out.add(cp::supply_quota<T>{q.target, q.name, q.materials, T(q.per_day), T(q.start), end(q.end)});
  for (const auto& d : s.delays()) out.add(cp::shipping_delay<T>{d.target, d.name, T(d.days)});
  for (const auto& r : s.receipts()) out.receive(r.material, T(r.quantity), T(r.arrival));
  return out;
}

template <class T>
void check_case(const control_case& c, const std::optional<double>& simulated, double dt, double horizon) {
  std::vector<cp::supply_row<T>> rows;
  for (const auto& r : c.rows) rows.push_back({r.material, r.supplier, r.country, T(r.volume), 0});
  const auto bom = ct::build_bom<T>(c.edges);
  const cp::supply_base<T> supply(rows);
  std::vector<T> demand(bom.item_count()), stock(bom.item_count());
  for (int k = 0; k < c.items; ++k)
    if (const auto i = bom.find("i" + std::to_string(k))) {
      demand[*i] = T(c.demand[static_cast<std::size_t>(k)]);
      stock[*i] = T(c.stock[static_cast<std::size_t>(k)]);
    }
  const cp::disruption_model<T> model(bom, supply, demand, stock);
  const cp::scenario<T> sc = convert<T>(c.sc);
  const cp::disruption_options<T> options{T(horizon), cp::cascade_policy::equal};
  const auto ev = model.evaluate(sc, options);
  const auto alone = model.time_to_survive(sc, T(horizon));
  REQUIRE(alone.time.has_value() == ev.system.time.has_value());
  if (simulated) {
    REQUIRE_MESSAGE(ev.system.time, "the simulation finds a shortage by day " << *simulated);
    const double t = static_cast<double>(*ev.system.time);
    CHECK_MESSAGE(t >= *simulated - dt - 1e-9, t << " not in the step ending " << *simulated);
    CHECK_MESSAGE(t <= *simulated + 1e-9, t << " not in the step ending " << *simulated);
    CHECK(static_cast<double>(*alone.time) == doctest::Approx(t).epsilon(1e-9));
  } else if (ev.system.time) {
    CHECK_MESSAGE(static_cast<double>(*ev.system.time) > horizon - dt,
                  "no shortage in the simulation, the library finds one at " << static_cast<double>(*ev.system.time));
  }
  // The batch that sweeps use gives the same answers.
  cp::disruption_result<T> batched;
  cp::detail::scenario_batch<T>(model.core(), std::span(&sc, 1), options)
      .run(1, [&](std::size_t, const cp::disruption_result<T>& r) { batched = r; });
  REQUIRE(batched.system.time.has_value() == ev.system.time.has_value());
  if (ev.system.time) CHECK_CLOSE(*batched.system.time, *ev.system.time);
  REQUIRE(batched.lines.size() == ev.lines.size());
  for (std::size_t l = 0; l < ev.lines.size(); ++l) {
    REQUIRE(batched.lines[l].time_to_failure.has_value() == ev.lines[l].time_to_failure.has_value());
    if (ev.lines[l].time_to_failure) CHECK_CLOSE(*batched.lines[l].time_to_failure, *ev.lines[l].time_to_failure);
    CHECK_CLOSE(batched.lines[l].lost_units, ev.lines[l].lost_units);
  }
}

}  // namespace

TEST_CASE("random networks with random controls against a time-stepped simulation") {
  std::mt19937_64 rng(ct::test_seed() + 17);
  const double horizon = 120, dt = 1.0 / 64;
  int shortages = 0, cases = 0;
  for (const auto& shape : ct::dag_shapes)
    for (int k = 0; k < 6; ++k) {
      const control_case c = random_control_case(rng, shape);
      if (c.rows.empty()) continue;
      CAPTURE(shape.items);
      CAPTURE(k);
      const auto simulated = simulated_tts(c, horizon, dt);
      check_case<double>(c, simulated, dt, horizon);
      check_case<ct::rational>(c, simulated, dt, horizon);
      shortages += simulated ? 1 : 0;
      ++cases;
    }
  MESSAGE(cases << " random cases, " << shortages << " with a shortage within the horizon");
  CHECK(shortages >= cases / 3);  // the property is not checked on empty cases alone
}

namespace {

/// The random case's network in type T, with its stock and demand times the factors.
template <class T>
struct case_model {
  cp::bill_of_materials<T> bom;
  cp::supply_base<T> supply;
  cp::disruption_model<T> model;

  case_model(const control_case& c, const T& stock_factor, const T& demand_factor)
      : bom(ct::build_bom<T>(c.edges)),
        supply(rows_of(c)),
        model(bom, supply, plan(c, c.demand, demand_factor), plan(c, c.stock, stock_factor)) {}

  static std::vector<cp::supply_row<T>> rows_of(const control_case& c) {
    std::vector<cp::supply_row<T>> rows;
    for (const auto& r : c.rows) rows.push_back({r.material, r.supplier, r.country, T(r.volume), 0});
    return rows;
  }
  std::vector<T> plan(const control_case& c, const std::vector<double>& by_index, const T& factor) const {
    std::vector<T> v(bom.item_count(), T(0));
    for (int k = 0; k < c.items; ++k)
      if (const auto i = bom.find("i" + std::to_string(k)))
        v[*i] = T(T(by_index[static_cast<std::size_t>(k)]) * factor);
    return v;
  }
};

/// The case's scenario, with an alternate (lead time and ramp) for its first material
/// when asked. A shortage inside a ramp is exact only to double precision (the root of
/// a quadratic), so with the alternate rational results agree to 1e-12.
template <class T>
void check_scaled_plans(const control_case& c, bool alternate) {
  const std::pair<T, T> factors[] = {
      {T(1) / T(2), T(1)}, {T(3) / T(2), T(5) / T(4)}, {T(3), T(1) / T(2)}, {T(1), T(2)}};
  const T horizon(120);
  cp::scenario<T> sc = convert<T>(c.sc);
  if (alternate) sc.add_alternate(c.rows.front().material, T(3), T(5) / T(2), T(10));
  const T rel = alternate && cp::scalar_traits<T>::is_exact ? T(1) / T(1000000000000) : ct::test_tolerance<T>();
  const case_model<T> base(c, T(1), T(1));
  // One batch on the model's plan, each scenario in its own units and to its own horizon.
  std::vector<cp::scenario<T>> scenarios;
  std::vector<T> horizons;
  std::vector<cp::detail::plan_scale<T>> scales;
  for (const auto& [s, mu] : factors) {
    scales.emplace_back(s, mu);
    scenarios.push_back(scales.back().on_model_plan(sc));
    horizons.push_back(scales.back().in_model_days(horizon));
  }
  std::vector<cp::disruption_result<T>> batched(scenarios.size());
  cp::detail::scenario_batch<T>(base.model.core(), scenarios,
                                cp::disruption_options<T>{horizon, cp::cascade_policy::equal}, horizons)
      .run(2, [&](std::size_t k, const cp::disruption_result<T>& r) { batched[k] = r; });
  for (std::size_t k = 0; k < scales.size(); ++k) {
    CAPTURE(k);
    const auto& to = scales[k];
    const case_model<T> scaled(c, factors[k].first, factors[k].second);
    const auto ev = scaled.model.evaluate(sc, cp::disruption_options<T>{horizon, cp::cascade_policy::equal});
    const auto& b = batched[k];
    REQUIRE(b.system.time.has_value() == ev.system.time.has_value());
    if (ev.system.time) CHECK_CLOSE(to.days(*b.system.time), *ev.system.time, rel);
    CHECK(b.system.binding == ev.system.binding);
    CHECK(b.exposed == ev.exposed);
    REQUIRE(b.lines.size() == ev.lines.size());
    for (std::size_t l = 0; l < ev.lines.size(); ++l) {
      REQUIRE(b.lines[l].time_to_failure.has_value() == ev.lines[l].time_to_failure.has_value());
      if (ev.lines[l].time_to_failure)
        CHECK_CLOSE(to.days(*b.lines[l].time_to_failure), *ev.lines[l].time_to_failure, rel);
      CHECK(b.lines[l].stopped_by == ev.lines[l].stopped_by);
      REQUIRE(b.lines[l].time_to_recover.has_value() == ev.lines[l].time_to_recover.has_value());
      if (ev.lines[l].time_to_recover)
        CHECK_CLOSE(to.days(*b.lines[l].time_to_recover), *ev.lines[l].time_to_recover, rel);
      CHECK_CLOSE(to.units(b.lines[l].lost_units), ev.lines[l].lost_units, rel);
    }
    CHECK_CLOSE(to.units(b.lost_units), ev.lost_units, rel);
    CHECK_CLOSE(to.units(b.lost_value), ev.lost_value, rel);
  }
}

}  // namespace

TEST_CASE("a plan with all stock times s and demand times mu is the model's plan in other units") {
  const auto seed = ct::test_seed() + 19;
  MESSAGE("seed " << seed);
  std::mt19937_64 rng(seed);
  int cases = 0;
  for (const auto& shape : ct::dag_shapes)
    for (int k = 0; k < 4; ++k) {
      const control_case c = random_control_case(rng, shape);
      if (c.rows.empty()) continue;
      CAPTURE(shape.items);
      CAPTURE(k);
      check_scaled_plans<double>(c, true);
      check_scaled_plans<ct::rational>(c, false);
      check_scaled_plans<ct::rational>(c, true);
      ++cases;
    }
  CHECK(cases > 0);
}

TEST_CASE_TEMPLATE("a sweep over all stock and demand equals a model of each scenario's own plan", T, double,
                   ct::rational) {
  std::mt19937_64 rng(ct::test_seed() + 23);
  int shortages = 0;
  for (int k = 0; k < 6; ++k) {
    const control_case c = random_control_case(rng, ct::dag_shapes[k % std::size(ct::dag_shapes)]);
    if (c.rows.empty()) continue;
    CAPTURE(k);
    const case_model<T> base(c, T(1), T(1));
    cp::sweep_spec<T> spec;
    cp::cut_spec<T> cut;
    cut.target = cut_target::supplier;
    cut.name = c.rows.front().supplier;
    cut.fraction_low = T(1) / T(2);
    cut.start = T(5);
    cut.end = T(60);
    spec.add_cut(cut);
    for (const auto& r : c.sc.receipts()) spec.receipts.push_back({r.material, T(r.quantity), T(r.arrival)});
    spec.stock_scales.push_back({{}, {T(1) / T(4), T(2)}});
    spec.stock_scales.push_back({{}, {T(1), T(3) / T(2)}});
    spec.demand_scale = cp::value_range<T>{T(1) / T(2), T(3) / T(2)};
    spec.method = cp::sampling::grid;
    spec.grid_points = 3;
    cp::sweep_options<T> options;
    options.horizon = T(150);
    options.threads = 2;
    const auto r = cp::sweep(base.model, spec, options);
    const auto scenarios = cp::sample_scenarios(spec);
    REQUIRE(scenarios.size() == r.scenarios);
    for (std::size_t s = 0; s < r.scenarios; ++s) {
      CAPTURE(s);
      const T stock = T(r.scenario_stock_scale[0][s] * r.scenario_stock_scale[1][s]);
      const case_model<T> own(c, stock, r.scenario_demand_scale[s]);
      const auto ev =
          own.model.evaluate(scenarios[s], cp::disruption_options<T>{options.horizon, cp::cascade_policy::equal});
      REQUIRE(r.scenario_time_to_survive[s].has_value() == ev.system.time.has_value());
      if (ev.system.time) CHECK_CLOSE(*r.scenario_time_to_survive[s], *ev.system.time);
      CHECK((r.scenario_exposed[s] != 0) == ev.exposed);
      CHECK_CLOSE(r.scenario_lost_units[s], ev.lost_units);
      CHECK_CLOSE(r.scenario_lost_value[s], ev.lost_value);
      for (std::size_t l = 0; l < ev.lines.size(); ++l) {
        const auto& ttf = ev.lines[l].time_to_failure;
        const T& swept = r.time_to_failure(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(s));
        if (ttf) CHECK_CLOSE(swept, *ttf);
        else CHECK(swept == cp::scalar_traits<T>::infinity());
        CHECK_CLOSE(r.lost_units(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(s)), ev.lines[l].lost_units);
      }
      shortages += ev.system.time ? 1 : 0;
    }
  }
  CHECK(shortages > 0);
}

TEST_CASE_TEMPLATE("a sweep over stock and demand runs each scenario on its own plan", T, double, ct::rational) {
  const chain<T> c;
  cp::sweep_spec<T> spec;
  cp::cut_spec<T> cut;
  cut.name = "CN";
  cut.materials = {"M"};
  spec.add_cut(cut);
  spec.stock_scales.push_back({{"M"}, {T(1) / T(2), T(2)}});
  spec.stock_scales.push_back({{}, {T(1), T(3) / T(2)}});
  spec.demand_scale = cp::value_range<T>{T(1) / T(2), T(1)};
  spec.method = cp::sampling::grid;
  spec.grid_points = 3;
  for (const unsigned threads : {1u, 2u}) {
    cp::sweep_options<T> options;
    options.threads = threads;
    const auto r = cp::sweep(c.model, spec, options);
    REQUIRE(r.scenarios == 27);
    REQUIRE(r.scenario_stock_scale.size() == 2);
    REQUIRE(r.scenario_demand_scale.size() == 27);
    for (std::size_t k = 0; k < r.scenarios; ++k) {
      // M's stock times both factors lasts stock / (10 * demand factor) days.
      const T m_stock = T(T(100) * r.scenario_stock_scale[0][k]) * r.scenario_stock_scale[1][k];
      const T expected = T(m_stock / T(T(10) * r.scenario_demand_scale[k]));
      REQUIRE(r.scenario_time_to_survive[k]);
      CHECK_CLOSE(*r.scenario_time_to_survive[k], expected);
    }
    CHECK(r.scenario_stock_scale[0][0] == T(1) / T(2));
    CHECK(r.scenario_stock_scale[0][26] == T(2));
  }
  spec.stock_scales.push_back({{"nosuch"}, {T(1), T(2)}});
  CHECK_THROWS_WITH_AS((void)cp::sweep(c.model, spec),
                       "chokepoint::sweep: stock scale of 'nosuch': not an item of the bill of materials",
                       cp::invalid_input);
  spec.stock_scales.pop_back();
  spec.demand_scale = cp::value_range<T>{T(0), T(1)};
  CHECK_THROWS_WITH_AS((void)cp::sweep(c.model, spec),
                       "chokepoint::sweep: demand scale: factor range must be finite, > 0 and not decrease, got 0..1",
                       cp::invalid_input);
}

TEST_CASE("a sweep over quota levels and delays draws them in order") {
  const chain<double> c;
  cp::sweep_spec<double> spec;
  cp::cut_spec<double> q;
  q.kind = limit_kind::quota;
  q.name = "CN";
  q.materials = {"M"};
  q.fraction_low = 0;
  q.fraction_high = 5;
  spec.add_cut(q);
  spec.delays.push_back({cp::shipping_delay<double>{cut_target::country, "CN", 0}, cp::value_range<double>{0, 10}});
  spec.method = cp::sampling::grid;
  spec.grid_points = 3;
  const auto r = cp::sweep(c.model, spec);
  const auto scenarios = cp::sample_scenarios(spec);
  REQUIRE(r.scenarios == 9);
  for (std::size_t k = 0; k < 9; ++k) {
    const double quota = scenarios[k].quotas()[0].per_day, delay = scenarios[k].delays()[0].days;
    CHECK(quota == 2.5 * static_cast<double>(k / 3));
    CHECK(delay == 5.0 * static_cast<double>(k % 3));
    REQUIRE(r.scenario_time_to_survive[k]);
    CHECK(*r.scenario_time_to_survive[k] == doctest::Approx(delay + 100 / (10 - quota)));
  }
  q.fraction_low = -1;
  cp::sweep_spec<double> bad;
  bad.add_cut(q);
  CHECK_THROWS_WITH_AS(
      (void)cp::sweep(c.model, bad),
      "chokepoint::sweep: quota of country 'CN': per day range must be finite, >= 0 and not decrease, got -1..5",
      cp::invalid_input);
}
