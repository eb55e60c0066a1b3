// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// Time-to-survive, the line-down cascade, time-to-recover and lost production on cases
// worked by hand (docs/model.md, Reference values, and the comments below), in double
// and exactly in cpp_rational; scenario validation messages.

#include <chokepoint/disruption.hpp>

#include "support.hpp"

#include <limits>
#include <string>
#include <vector>

namespace {

using chokepoint::testing::rational;

template <class T>
struct fixture {
  chokepoint::bill_of_materials<T> bom;
  chokepoint::supply_base<T> supply;
  std::vector<T> demand, stock;

  fixture(std::initializer_list<std::tuple<const char*, const char*, int>> edges,
          std::initializer_list<chokepoint::supply_row<T>> rows)
      : supply(rows) {
    chokepoint::bom_builder<T> b;
    for (const auto& [p, c, q] : edges) b.add_edge(p, c, T(q));
    bom = std::move(b).build();
    demand.assign(bom.item_count(), T(0));
    stock.assign(bom.item_count(), T(0));
  }
  void set_demand(const char* item, const T& d) { demand[bom.id(item)] = d; }
  void set_stock(const char* item, const T& s) { stock[bom.id(item)] = s; }
  chokepoint::disruption_model<T> model() const { return {bom, supply, demand, stock}; }
  const chokepoint::line_outcome<T>& line(const chokepoint::disruption_result<T>& r, const char* name) const {
    for (const auto& o : r.lines)
      if (o.line == bom.id(name)) return o;
    FAIL("no line " << name);
    return r.lines.front();
  }
};

template <class T>
chokepoint::supply_row<T> row(const char* m, const char* s, const char* c, int v) {
  return {m, s, c, T(v), 0};
}

}  // namespace

TEST_CASE_TEMPLATE("closed form: stock 60, use 2/day, 90% cut from day 0", T, double, rational) {
  fixture<T> f({{"P", "M", 1}}, {row<T>("M", "S", "CN", 1)});
  f.set_demand("P", T(2));
  f.set_stock("M", T(60));
  const auto model = f.model();
  chokepoint::scenario<T> sc;
  sc.cut_country("CN", T(9) / T(10));
  const auto s = model.time_to_survive(sc);
  REQUIRE(s.time);
  CHECK_CLOSE(*s.time, T(100) / T(3));  // 60 / (2 - 0.2), exactly 100/3 for rational
  CHECK(s.binding == std::vector<chokepoint::item_id>{f.bom.id("M")});

  // Ten per cent less cut lasts 60 / (2 - 0.4) = 37.5 days; a horizon before it: none.
  chokepoint::scenario<T> less;
  less.cut_country("CN", T(8) / T(10));
  CHECK_CLOSE(*model.time_to_survive(less).time, T(75) / T(2));
  CHECK_FALSE(model.time_to_survive(less, T(37)).time);

  // A partial cut: 10% cut, 0.2/day short, 60 in stock last 300 days; 80 in stock
  // cover the whole year.
  chokepoint::scenario<T> small;
  small.cut_country("CN", T(1) / T(10));
  CHECK_CLOSE(*model.time_to_survive(small).time, T(300));
  CHECK_FALSE(model.time_to_survive(small, T(299)).time);
  f.set_stock("M", T(80));
  CHECK_FALSE(f.model().time_to_survive(small).time);
  CHECK_CLOSE(*f.model().time_to_survive(small, T(1000)).time, T(400));

  // A cut that an alternate covers: 50% cut (1/day short) for 10 days until an alternate
  // brings 1/day: 10 units short in all, 60 in stock.
  chokepoint::scenario<T> covered;
  covered.cut_country("CN", T(1) / T(2)).add_alternate("M", T(1), T(10));
  CHECK_FALSE(model.time_to_survive(covered).time);
  const auto r = model.evaluate(covered);
  CHECK_FALSE(r.system.time);
  CHECK_FALSE(r.exposed);
  CHECK(*r.material_recovery[0] == T(10));  // the alternate restores 2/day at day 10
  CHECK(r.lost_units == T(0));

  // No cut at all: supply equals the plan, never short (no stock anywhere either).
  fixture<T> bare({{"P", "M", 1}}, {row<T>("M", "S", "CN", 1)});
  bare.set_demand("P", T(2));
  CHECK_FALSE(bare.model().time_to_survive(chokepoint::scenario<T>{}).time);
}

TEST_CASE_TEMPLATE("the reference cascade of docs/model.md worked by hand", T, double, rational) {
  // P1 (priority 1) and P2 (priority 2) each use 1 M per unit at 1/day; P2 holds 10
  // finished units; M holds 20 and has two equal suppliers, one in CN. Cut CN 100%:
  // net_M(t) = t + max(0, t - 10) against 20 + t: TTS = 30.
  fixture<T> f({{"P1", "M", 1}, {"P2", "M", 1}}, {row<T>("M", "S1", "CN", 1), row<T>("M", "S2", "US", 1)});
  f.set_demand("P1", T(1));
  f.set_demand("P2", T(1));
  f.set_stock("P2", T(10));
  f.set_stock("M", T(20));
  auto model = f.model();
  std::vector<T> priority(f.bom.item_count(), T(0));
  priority[f.bom.id("P1")] = T(1);
  priority[f.bom.id("P2")] = T(2);
  model.set_priorities(priority);
  chokepoint::scenario<T> sc;
  sc.cut_country("CN", T(1));

  const auto tts = model.time_to_survive(sc);
  REQUIRE(tts.time);
  CHECK_CLOSE(*tts.time, T(30));
  CHECK(tts.binding == std::vector<chokepoint::item_id>{f.bom.id("M")});

  const auto equal = model.evaluate(sc);
  CHECK_CLOSE(*equal.system.time, T(30));
  CHECK(equal.exposed);  // the cut never ends
  CHECK_CLOSE(*f.line(equal, "P1").time_to_failure, T(30));
  CHECK_CLOSE(*f.line(equal, "P2").time_to_failure, T(30));
  CHECK(*f.line(equal, "P1").stopped_by == f.bom.id("M"));
  CHECK_FALSE(f.line(equal, "P1").time_to_recover);
  CHECK_CLOSE(f.line(equal, "P1").lost_units, T(335));  // 1/day from 30 to 365
  CHECK_CLOSE(equal.lost_units, T(670));

  const auto prio = model.evaluate(sc, {T(365), chokepoint::cascade_policy::priority});
  CHECK_CLOSE(*f.line(prio, "P1").time_to_failure, T(30));
  CHECK_FALSE(f.line(prio, "P2").time_to_failure);  // runs for good on 1/day
  CHECK_CLOSE(prio.lost_units, T(335));
}

TEST_CASE_TEMPLATE("two levels: P's stock, then A's, then M's: TTS 30", T, double, rational) {
  fixture<T> f({{"P", "A", 2}, {"A", "M", 3}}, {row<T>("M", "S", "CN", 1)});
  f.set_demand("P", T(1));
  f.set_stock("P", T(10));
  f.set_stock("A", T(20));
  f.set_stock("M", T(60));
  chokepoint::scenario<T> sc;
  sc.cut_country("CN", T(1));
  const auto r = f.model().evaluate(sc);
  REQUIRE(r.system.time);
  CHECK_CLOSE(*r.system.time, T(30));
  CHECK_CLOSE(*f.line(r, "P").time_to_failure, T(30));
}

TEST_CASE_TEMPLATE("multi-level with stock at assemblies, worked by hand", T, double, rational) {
  // P (1/day, 5 in stock) -> 2 A (4 in stock) -> 1 M; P -> 1 B -> 3 M; M holds 30, all
  // from CN, cut 100%. net_P = max(0, t - 5); net_A = max(0, 2(t - 5) - 4), exhausted at
  // 7; net_B = net_P; gross_M = net_A + 3 net_B = 5t - 29 from day 7 on; 5t - 29 = 30
  // at t = 59/5.
  fixture<T> f({{"P", "A", 2}, {"A", "M", 1}, {"P", "B", 1}, {"B", "M", 3}}, {row<T>("M", "S", "CN", 1)});
  f.set_demand("P", T(1));
  f.set_stock("P", T(5));
  f.set_stock("A", T(4));
  f.set_stock("M", T(30));
  chokepoint::scenario<T> sc;
  sc.cut_country("CN", T(1));
  const auto s = f.model().time_to_survive(sc);
  REQUIRE(s.time);
  CHECK_CLOSE(*s.time, T(59) / T(5));

  // Two lines, one covered by its own stock at the TTS. P1 (2/day) -> 1 M; P2 (1/day,
  // 10 in stock) -> 1 A (5 in stock) -> 2 M. M holds 12, CN 75% / AU 25%; cut CN 100%:
  // supply 1/day. g_M = 4. Until day 15 only P1 draws: net_M = 2t - 12 against t: short
  // at 12. P2's own stock covers it then (A lasts until 15): P1 alone stops at 12, under
  // both policies. From 12, net_M = 12 + 2 max(0, t - 15) against t: short at 18, P2 stops.
  fixture<T> g({{"P1", "M", 1}, {"P2", "A", 1}, {"A", "M", 2}},
               {row<T>("M", "S1", "CN", 3), row<T>("M", "S2", "AU", 1)});
  g.set_demand("P1", T(2));
  g.set_demand("P2", T(1));
  g.set_stock("P2", T(10));
  g.set_stock("A", T(5));
  g.set_stock("M", T(12));
  auto model = g.model();
  std::vector<T> priority(g.bom.item_count(), T(0));
  priority[g.bom.id("P1")] = T(2);
  model.set_priorities(priority);
  std::vector<T> margin(g.bom.item_count(), T(0));
  margin[g.bom.id("P1")] = T(3);
  margin[g.bom.id("P2")] = T(10);
  model.set_margins(margin);
  chokepoint::scenario<T> open;
  open.cut_country("CN", T(1));
  for (const auto policy : {chokepoint::cascade_policy::equal, chokepoint::cascade_policy::priority}) {
    const auto r = model.evaluate(open, {T(365), policy});
    CHECK_CLOSE(*r.system.time, T(12));
    CHECK_CLOSE(*g.line(r, "P1").time_to_failure, T(12));
    CHECK_CLOSE(*g.line(r, "P2").time_to_failure, T(18));
    CHECK_CLOSE(g.line(r, "P1").lost_units, T(2 * (365 - 12)));
    CHECK_CLOSE(g.line(r, "P2").lost_value, T(10 * (365 - 18)));
  }
  // The cut ends at day 100: TTR 100 for M, lost production until then only.
  chokepoint::scenario<T> ends;
  ends.cut_country("CN", T(1), T(0), T(100));
  const auto r = model.evaluate(ends);
  CHECK(r.exposed);
  CHECK(*r.material_recovery[0] == T(100));
  CHECK(*g.line(r, "P2").time_to_recover == T(100));
  CHECK_CLOSE(g.line(r, "P1").lost_units, T(2 * 88));
  CHECK_CLOSE(g.line(r, "P2").lost_units, T(82));
  CHECK_CLOSE(r.lost_value, T(3 * 2 * 88 + 10 * 82));

  // With more supply (CN 50% / AU 50%: 2/day) both draw at the TTS of 21 (net_M = 2t +
  // 2 max(0, t - 15) - 12 against 2t): equal stops both; priority stops the less
  // important one, and the other runs on exactly its supply for good.
  fixture<T> h({{"P1", "M", 1}, {"P2", "A", 1}, {"A", "M", 2}},
               {row<T>("M", "S1", "CN", 1), row<T>("M", "S2", "AU", 1)});
  h.set_demand("P1", T(2));
  h.set_demand("P2", T(1));
  h.set_stock("P2", T(10));
  h.set_stock("A", T(5));
  h.set_stock("M", T(12));
  auto hm = h.model();
  hm.set_priorities(priority);  // P1 2, P2 0
  const auto eq = hm.evaluate(open);
  CHECK_CLOSE(*h.line(eq, "P1").time_to_failure, T(21));
  CHECK_CLOSE(*h.line(eq, "P2").time_to_failure, T(21));
  const auto pr = hm.evaluate(open, {T(365), chokepoint::cascade_policy::priority});
  CHECK_FALSE(h.line(pr, "P1").time_to_failure);
  CHECK_CLOSE(*h.line(pr, "P2").time_to_failure, T(21));
}

TEST_CASE_TEMPLATE("windows, overlapping cuts, supplier cuts and TTR", T, double, rational) {
  // M: S1 in CN 50%, S2 in US 50%; P uses 1 M at 4/day; M holds 10. Supply 4/day planned.
  fixture<T> f({{"P", "M", 1}}, {row<T>("M", "S1", "CN", 1), row<T>("M", "S2", "US", 1)});
  f.set_demand("P", T(4));
  f.set_stock("M", T(10));
  const auto model = f.model();

  // CN cut 50% on [0, 100) and S1 cut 100% on [5, 8): the larger applies to S1.
  // Short 1/day until 5 (5 used), 2/day on [5, 8) (6 more: 11 > 10): TTS = 5 + 5/2.
  chokepoint::scenario<T> a;
  a.cut_country("CN", T(1) / T(2), T(0), T(100)).cut_supplier("S1", T(1), T(5), T(8));
  const auto r = model.evaluate(a);
  CHECK_CLOSE(*r.system.time, T(15) / T(2));
  CHECK(*r.material_recovery[0] == T(100));

  // A cut that starts later: US 100% from day 20: short 2/day from 20: TTS 25.
  chokepoint::scenario<T> b;
  b.cut_country("US", T(1), T(20));
  CHECK_CLOSE(*model.time_to_survive(b).time, T(25));
  CHECK_FALSE(model.evaluate(b).material_recovery[0]);  // never recovers

  // An alternate of 1/day after 30 days with a 10-day ramp cannot replace 2/day lost:
  // never recovers; one of 3/day recovers when the ramp reaches 2/day: 30 + 10 * 2/3.
  chokepoint::scenario<T> c;
  c.cut_country("CN", T(1)).add_alternate("M", T(1), T(30), T(10));
  CHECK_FALSE(model.evaluate(c).material_recovery[0]);
  chokepoint::scenario<T> d;
  d.cut_country("CN", T(1)).add_alternate("M", T(3), T(30), T(10));
  CHECK_CLOSE(*model.evaluate(d).material_recovery[0], T(30) + T(20) / T(3));
}

TEST_CASE_TEMPLATE("one workspace for models of the same size answers as a fresh one", T, double, rational) {
  // Two four-item networks of different depth (levels 0, 0, 1, 2 and 0, 1, 2, 3), where
  // the engine keeps its arrays and must take everything else from the new model, and
  // a five-item one, where it grows them. (Ids are sorted by level, so levels kept from
  // the other four-item model would still put parents first: this pins the contract of
  // a reused workspace rather than a case that the old bind() got wrong.)
  fixture<T> wide({{"P1", "A", 1}, {"A", "M", 2}, {"P2", "M", 1}}, {row<T>("M", "S", "CN", 1)});
  wide.set_demand("P1", T(1));
  wide.set_demand("P2", T(1));
  wide.set_stock("A", T(5));
  wide.set_stock("M", T(12));
  fixture<T> deep({{"P", "S1", 1}, {"S1", "S2", 1}, {"S2", "M", 3}}, {row<T>("M", "S", "CN", 1)});
  deep.set_demand("P", T(2));
  deep.set_stock("S1", T(4));
  deep.set_stock("M", T(30));
  REQUIRE(wide.bom.item_count() == deep.bom.item_count());
  fixture<T> larger({{"P", "A", 1}, {"A", "M", 1}, {"P", "N", 1}, {"Q", "M", 1}},
                    {row<T>("M", "S", "CN", 1), row<T>("N", "S", "CN", 1)});
  larger.set_demand("P", T(1));
  larger.set_demand("Q", T(1));
  larger.set_stock("M", T(8));
  larger.set_stock("N", T(20));
  chokepoint::scenario<T> sc;
  sc.cut_country("CN", T(3) / T(4), T(0), T(60));
  const chokepoint::disruption_options<T> options{T(120), chokepoint::cascade_policy::equal};
  typename chokepoint::disruption_model<T>::workspace reused;
  for (const fixture<T>* f : {&wide, &deep, &larger, &wide}) {
    const auto model = f->model();
    typename chokepoint::disruption_model<T>::workspace fresh;
    const auto a = model.evaluate(sc, options, reused);
    const auto b = model.evaluate(sc, options, fresh);
    REQUIRE(b.system.time);
    CHECK(a.system.time == b.system.time);
    CHECK(a.system.binding == b.system.binding);
    REQUIRE(a.lines.size() == b.lines.size());
    for (std::size_t l = 0; l < a.lines.size(); ++l) {
      CHECK(a.lines[l].time_to_failure == b.lines[l].time_to_failure);
      CHECK(a.lines[l].stopped_by == b.lines[l].stopped_by);
      CHECK(a.lines[l].lost_units == b.lines[l].lost_units);
    }
  }
}

TEST_CASE("a shortage inside a ramp: the quadratic's root") {
  // P uses 2 M/day; M holds 5, fully cut; an alternate ramps to 2/day over days 0..10:
  // C(t) = t^2 / 10, net_M = 2t - 5: first crossing at t = 10 - 5 sqrt(2).
  fixture<double> f({{"P", "M", 1}}, {row<double>("M", "S", "CN", 1)});
  f.set_demand("P", 2.0);
  f.set_stock("M", 5.0);
  chokepoint::scenario<double> sc;
  sc.cut_country("CN", 1.0).add_alternate("M", 2.0, 0.0, 10.0);
  const auto s = f.model().time_to_survive(sc);
  REQUIRE(s.time);
  CHECK_CLOSE(*s.time, 10.0 - 5.0 * std::sqrt(2.0));
  // With 10 in stock the ramp is tangent to the need at day 10: never short.
  f.set_stock("M", 10.0);
  CHECK_FALSE(f.model().time_to_survive(sc).time);
  // Rational: the root is the nearest double (documented).
  fixture<rational> g({{"P", "M", 1}}, {row<rational>("M", "S", "CN", 1)});
  g.set_demand("P", rational(2));
  g.set_stock("M", rational(5));
  chokepoint::scenario<rational> rs;
  rs.cut_country("CN", rational(1)).add_alternate("M", rational(2), rational(0), rational(10));
  const auto rr = g.model().evaluate(rs);
  REQUIRE(rr.system.time);
  CHECK(std::abs(static_cast<double>(*rr.system.time) - (10.0 - 5.0 * std::sqrt(2.0))) < 1e-12);
  CHECK(rr.lines.front().time_to_failure);
}

TEST_CASE("unsourced materials are never cut and are reported") {
  fixture<double> f({{"P", "M", 1}, {"P", "X", 1}}, {row<double>("M", "S", "CN", 1)});
  f.set_demand("P", 1.0);
  f.set_stock("M", 5.0);
  const auto model = f.model();
  CHECK(std::vector<chokepoint::item_id>(model.unsourced().begin(), model.unsourced().end()) ==
        std::vector<chokepoint::item_id>{f.bom.id("X")});
  chokepoint::scenario<double> sc;
  sc.cut_country("CN", 1.0);
  const auto r = model.evaluate(sc);
  CHECK(r.unsourced == std::vector<chokepoint::item_id>{f.bom.id("X")});
  CHECK_CLOSE(*r.system.time, 5.0);
  CHECK(r.system.binding == std::vector<chokepoint::item_id>{f.bom.id("M")});
}

TEST_CASE("validation messages") {
  using S = chokepoint::scenario<double>;
  using chokepoint::invalid_input;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(S().cut_country("CN", 1.5),
                       "chokepoint::scenario: cut of country 'CN': fraction must be in [0, 1], got 1.5", invalid_input);
  CHECK_THROWS_WITH_AS(S().cut_supplier("X", nan),
                       "chokepoint::scenario: cut of supplier 'X': fraction must be in [0, 1], got nan", invalid_input);
  CHECK_THROWS_WITH_AS(S().cut_country("CN", 0.5, -1.0),
                       "chokepoint::scenario: cut of country 'CN': start must be finite and >= 0, got -1",
                       invalid_input);
  CHECK_THROWS_WITH_AS(
      S().cut_country("CN", 0.5, 5.0, 5.0),
      "chokepoint::scenario: cut of country 'CN': end must be greater than start, got end 5 <= start 5", invalid_input);
  CHECK_THROWS_WITH_AS(S().cut_country("", 0.5), "chokepoint::scenario: cut needs a country name", invalid_input);
  CHECK_THROWS_WITH_AS(S().add_alternate("Dy", -1.0, 0.0),
                       "chokepoint::scenario: alternate for 'Dy': capacity must be finite and >= 0, got -1",
                       invalid_input);
  CHECK_THROWS_WITH_AS(S().add_alternate("Dy", 1.0, nan),
                       "chokepoint::scenario: alternate for 'Dy': lead time must be finite and >= 0, got nan",
                       invalid_input);
  CHECK_THROWS_WITH_AS(S().add_alternate("Dy", 1.0, 0.0, -2.0),
                       "chokepoint::scenario: alternate for 'Dy': ramp must be finite and >= 0, got -2", invalid_input);
  CHECK_THROWS_WITH_AS(S().add_alternate("", 1.0, 0.0), "chokepoint::scenario: alternate needs a material name",
                       invalid_input);
  CHECK_FALSE(S().cut_country("CN", 1.0, 0.0, std::numeric_limits<double>::infinity()).cuts().front().end);

  fixture<double> f({{"P", "M", 1}}, {row<double>("M", "S", "CN", 1)});
  f.set_demand("P", -1.0);
  CHECK_THROWS_WITH_AS(f.model(), "chokepoint::disruption_model: demand of 'P' must be finite and >= 0, got -1",
                       invalid_input);
  f.set_demand("P", 1.0);
  f.set_stock("M", nan);
  CHECK_THROWS_WITH_AS(f.model(), "chokepoint::disruption_model: stock of 'M' must be finite and >= 0, got nan",
                       invalid_input);
  f.set_stock("M", 0.0);
  const auto model = f.model();
  CHECK_THROWS_WITH_AS((void)model.evaluate(S().cut_country("XX", 1.0)),
                       "chokepoint::disruption_model: cut of unknown country 'XX'", invalid_input);
  CHECK_THROWS_WITH_AS((void)model.evaluate(S().cut_supplier("Y", 1.0)),
                       "chokepoint::disruption_model: cut of unknown supplier 'Y'", invalid_input);
  CHECK_THROWS_WITH_AS((void)model.evaluate(S().add_alternate("P", 1.0, 0.0)),
                       "chokepoint::disruption_model: alternate for unknown material 'P'", invalid_input);
  CHECK_THROWS_WITH_AS((void)model.time_to_survive(S(), -1.0),
                       "chokepoint::disruption_model: horizon must be finite and >= 0, got -1", invalid_input);
  auto m2 = f.model();
  std::vector<double> margin(f.bom.item_count(), -1.0);
  CHECK_THROWS_WITH_AS(m2.set_margins(margin),
                       "chokepoint::disruption_model: margin of 'P' must be finite and >= 0, got -1", invalid_input);
}
