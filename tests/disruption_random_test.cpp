// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// The disruption engine on random networks against an independent brute force: a
// time-stepped simulation (step 1e-3 days, bisected where a material runs short) that
// keeps real stock levels, draws on them top-down each step and applies the cascade
// rules when a material runs short. Plus properties: more cut or less stock never lengthens TTS, a product that uses
// no cut material never fails, and the priority policy never stops a more important line
// before a less important one that draws on the same material.

#include <chokepoint/disruption.hpp>
#include <chokepoint/explosion.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using chokepoint::item_id;
namespace ct = chokepoint::testing;

const char* const countries[] = {"CN", "US", "AU"};
const char* const suppliers[] = {"s0", "s1", "s2", "s3"};

struct random_case {
  chokepoint::bill_of_materials<double> bom;
  std::vector<chokepoint::supply_row<double>> rows;
  std::vector<double> demand, stock, priority;
  double cn_fraction = 1.0, cn_start = 0.0;
  std::optional<double> cn_end;
  bool cut_s0 = false;
  std::optional<item_id> alternate_material;
  double alt_capacity = 0.0, alt_lead = 10.0, alt_ramp = 0.0;

  [[nodiscard]] chokepoint::scenario<double> make_scenario(double extra_cut = 0.0) const {
    chokepoint::scenario<double> sc;
    sc.cut_country("CN", std::min(1.0, cn_fraction + extra_cut), cn_start, cn_end);
    if (cut_s0) sc.cut_supplier("s0", 1.0, 5.0, 15.0);
    if (alternate_material) sc.add_alternate(bom.name(*alternate_material), alt_capacity, alt_lead, alt_ramp);
    return sc;
  }
};

random_case make_case(std::mt19937_64& rng, const std::vector<ct::random_edge>& edges, bool stock_on_materials_only,
                      bool with_alternate) {
  random_case c;
  c.bom = ct::build_bom<double>(edges);
  const std::size_t n = c.bom.item_count();
  c.demand.assign(n, 0.0);
  c.stock.assign(n, 0.0);
  c.priority.assign(n, 0.0);
  std::uniform_int_distribution<int> small(1, 3), stock(0, 40), pick(0, 2), vol(1, 4);
  std::bernoulli_distribution coin(0.5), some(0.4);
  for (const item_id p : c.bom.products()) {
    c.demand[p] = small(rng);
    c.priority[p] = small(rng);
  }
  for (item_id i = 0; i < n; ++i) {
    const bool material = c.bom.kind(i) == chokepoint::item_kind::material;
    if ((material || !stock_on_materials_only) && some(rng)) c.stock[i] = stock(rng) / 2.0;
  }
  for (const item_id m : c.bom.materials()) {
    const int sources = small(rng);
    for (int k = 0; k < sources; ++k)
      c.rows.push_back(
          {std::string(c.bom.name(m)), suppliers[(k + pick(rng)) % 4], countries[pick(rng)], double(vol(rng)), 0});
  }
  // Every case knows the names its scenarios cut.
  c.rows.push_back({std::string(c.bom.name(c.bom.materials().front())), "s0", "CN", 1.0, 0});
  const double fractions[] = {0.5, 0.75, 1.0};
  c.cn_fraction = fractions[pick(rng)];
  c.cn_start = coin(rng) ? 0.0 : 3.0;
  if (coin(rng)) c.cn_end = 40.0;
  c.cut_s0 = coin(rng);
  if (with_alternate) {
    const auto mats = c.bom.materials();
    c.alternate_material = mats[std::uniform_int_distribution<std::size_t>(0, mats.size() - 1)(rng)];
    c.alt_capacity = small(rng);
    c.alt_lead = 8.0;
    c.alt_ramp = coin(rng) ? 0.0 : 6.0;
  }
  return c;
}

random_case make_case(std::mt19937_64& rng, const ct::dag_shape& shape, bool stock_on_materials_only,
                      bool with_alternate) {
  return make_case(rng, ct::random_dag(rng, shape), stock_on_materials_only, with_alternate);
}

struct brute_result {
  std::optional<double> tts;
  std::vector<std::optional<double>> ttf;  // per item
};

// Independent reference: real stock levels, stepped by h, with steps cut at the supply
// breakpoints and a step that runs short bisected to where the shortage starts.
brute_result simulate(const random_case& c, chokepoint::cascade_policy policy, double horizon, double h) {
  const auto& bom = c.bom;
  const std::size_t n = bom.item_count();
  std::vector<double> planned(n, 0.0);
  for (item_id i = 0; i < n; ++i) {
    double g = c.demand[i];
    const auto ps = bom.parents(i);
    const auto qs = bom.parent_quantities(i);
    for (std::size_t k = 0; k < ps.size(); ++k) g += qs[k] * planned[ps[k]];
    planned[i] = g;
  }
  std::vector<std::vector<const chokepoint::supply_row<double>*>> rows_of(n);
  for (const auto& r : c.rows) rows_of[bom.id(r.material)].push_back(&r);
  auto supply_rate = [&](item_id m, double t) {
    double total = 0.0, kept = 0.0;
    for (const auto* row : rows_of[m]) {
      const auto& r = *row;
      total += r.volume;
      double a = 0.0;
      if (r.country == "CN" && t >= c.cn_start && (!c.cn_end || t < *c.cn_end)) a = c.cn_fraction;
      if (c.cut_s0 && r.supplier == "s0" && t >= 5.0 && t < 15.0) a = std::max(a, 1.0);
      kept += r.volume * (1.0 - a);
    }
    double s = total > 0.0 ? planned[m] * kept / total : planned[m];
    if (c.alternate_material == m && t >= c.alt_lead)
      s += c.alt_ramp > 0.0 ? c.alt_capacity * std::min(1.0, (t - c.alt_lead) / c.alt_ramp) : c.alt_capacity;
    return s;
  };

  // Breakpoints of the supply, so that no step straddles one (the midpoint rule is then
  // exact: supply is linear within a step).
  std::vector<double> breaks = {c.cn_start, 5.0, 15.0, c.alt_lead, c.alt_lead + c.alt_ramp, horizon};
  if (c.cn_end) breaks.push_back(*c.cn_end);
  std::sort(breaks.begin(), breaks.end());

  brute_result out;
  out.ttf.assign(n, std::nullopt);
  std::vector<double> stock = c.stock, req(n), pass(n), supply(n);
  std::vector<char> running(n, 0), reach(n);
  for (item_id i = 0; i < n; ++i) running[i] = c.demand[i] > 0.0;

  // One step of length dt from t: requirements drawn top-down on the stock; returns the
  // materials that run short in it (more required than stock plus supply).
  std::vector<item_id> short_now;
  auto step = [&](double t, double dt) {
    short_now.clear();
    for (const item_id m : bom.materials()) supply[m] = supply_rate(m, t + dt / 2) * dt;
    for (item_id i = 0; i < n; ++i) {
      double r = running[i] ? c.demand[i] * dt : 0.0;
      const auto ps = bom.parents(i);
      const auto qs = bom.parent_quantities(i);
      for (std::size_t e = 0; e < ps.size(); ++e) r += qs[e] * pass[ps[e]];
      req[i] = r;
      if (bom.kind(i) == chokepoint::item_kind::material) {
        pass[i] = r;
        // 1e-11: the stock levels drift by rounding over thousands of steps, which a
        // probe step of 1e-7 days must not take for a shortage.
        if (r - (stock[i] + supply[i]) > 1e-9 * r + 1e-11) short_now.push_back(i);
      } else {
        pass[i] = std::max(0.0, r - stock[i]);
      }
    }
    return !short_now.empty();
  };
  auto apply = [&] {
    for (item_id i = 0; i < n; ++i) {
      if (bom.kind(i) == chokepoint::item_kind::material) stock[i] += supply[i] - req[i];
      else stock[i] -= req[i] - pass[i];
    }
  };

  double t = 0.0;
  while (t < horizon) {
    double dt = h;
    for (const double b : breaks)
      if (b > t) {
        dt = std::min(dt, b - t);
        break;
      }
    if (!step(t, dt)) {
      apply();
      t += dt;
      continue;
    }
    // A shortage inside the step: find where it starts by bisection, run up to there.
    double lo = 0.0, hi = 1.0;
    for (int k = 0; k < 50; ++k) {
      const double mid = (lo + hi) / 2;
      (step(t, mid * dt) ? hi : lo) = mid;
    }
    step(t, lo * dt);
    apply();
    t += lo * dt;
    // The cascade at t: which lines draw on what runs short right after t.
    const double probe = 1e-7;
    bool stopped = false;
    while (step(t, probe)) {
      if (!out.tts) out.tts = t;
      std::vector<item_id> drawers;
      for (const item_id m : short_now) {
        std::fill(reach.begin(), reach.end(), 0);
        reach[m] = 1;
        for (item_id i = m; i-- > 0;) {
          if (!(pass[i] > 0.0)) continue;
          for (const item_id ch : bom.children(i))
            if (reach[ch]) reach[i] = 1;
        }
        for (item_id p = 0; p < n; ++p)
          if (running[p] && reach[p] && std::find(drawers.begin(), drawers.end(), p) == drawers.end())
            drawers.push_back(p);
      }
      if (drawers.empty()) break;
      if (policy == chokepoint::cascade_policy::priority) {
        double lowest = c.priority[drawers.front()];
        for (const item_id p : drawers) lowest = std::min(lowest, c.priority[p]);
        std::erase_if(drawers, [&](item_id p) { return c.priority[p] != lowest; });
      }
      for (const item_id p : drawers) {
        running[p] = 0;
        out.ttf[p] = t;
      }
      stopped = true;
    }
    if (!stopped) {  // nothing to stop (only rounding): take the step as it is
      step(t, dt);
      apply();
      t += dt;
    }
  }
  return out;
}

chokepoint::supply_base<double> supply_of(const random_case& c) { return chokepoint::supply_base<double>(c.rows); }

// The exact answers against the simulation's: the TTS to 1e-6, each line's TTF to
// `tolerance` (away from the horizon, where a stop may fall on either side of it in the
// two models). Returns the lines compared and those of them stopped after the TTS.
std::pair<int, int> check_against_simulation(const random_case& c, const chokepoint::disruption_result<double>& exact,
                                             const brute_result& brute, double horizon, double tolerance) {
  REQUIRE(exact.system.time.has_value() == brute.tts.has_value());
  if (exact.system.time) CHECK(std::abs(*exact.system.time - *brute.tts) <= 1e-6);
  int compared = 0, with_cascade = 0;
  for (const auto& line : exact.lines) {
    const auto& b = brute.ttf[line.line];
    CAPTURE(c.bom.name(line.line));
    const double te = line.time_to_failure.value_or(horizon), tb = b.value_or(horizon);
    if (std::min(te, tb) > horizon - 0.05) continue;
    CHECK(line.time_to_failure.has_value() == b.has_value());
    CHECK(std::abs(te - tb) <= tolerance);
    ++compared;
    if (line.time_to_failure && *line.time_to_failure > *exact.system.time) ++with_cascade;
  }
  return {compared, with_cascade};
}

}  // namespace

TEST_CASE("random networks against a time-stepped simulation") {
  std::mt19937_64 rng(ct::test_seed());
  const ct::dag_shape shapes[] = {{12, 3, 4, 0.6}, {24, 5, 3, 0.5}};
  const double horizon = 60.0, h = 1e-3;
  int compared = 0, with_cascade = 0;
  for (int trial = 0; trial < 16; ++trial) {
    const random_case c = make_case(rng, shapes[trial % 2], false, trial % 4 == 3);
    const auto supply = supply_of(c);
    auto model = chokepoint::disruption_model<double>(c.bom, supply, c.demand, c.stock);
    model.set_priorities(c.priority);
    const auto sc = c.make_scenario();
    for (const auto policy : {chokepoint::cascade_policy::equal, chokepoint::cascade_policy::priority}) {
      const auto exact = model.evaluate(sc, {horizon, policy});
      const auto brute = simulate(c, policy, horizon, h);
      CAPTURE(trial);
      CAPTURE(static_cast<int>(policy));
      // Stock running out inside a step: within the step.
      const auto [lines, cascaded] = check_against_simulation(c, exact, brute, horizon, h);
      compared += lines;
      with_cascade += cascaded;
    }
  }
  MESSAGE("lines compared: " << compared << ", stopped after the TTS: " << with_cascade);
  CHECK(with_cascade > 0);
}

TEST_CASE("many cut materials against a time-stepped simulation") {
  // Hundreds of materials at risk at once, most of them let go of as lines stop, with
  // stock on every level: the cascade must find the stops the simulation finds.
  std::mt19937_64 rng(ct::test_seed() + 1);
  const double horizon = 40.0, h = 1e-3;
  // 60 products of 4 of 300 sub-assemblies each, each of those made of 4 of 1000
  // materials: about 700 materials, half of them with a source in CN.
  const random_case c = make_case(rng, ct::two_level_dag(rng, 60, 300, 1000, 4), false, false);
  const auto supply = supply_of(c);
  const auto model = chokepoint::disruption_model<double>(c.bom, supply, c.demand, c.stock);
  const auto exact = model.evaluate(c.make_scenario(), {horizon, chokepoint::cascade_policy::equal});
  std::vector<char> in_cn(c.bom.item_count(), 0);
  for (const auto& r : c.rows)
    if (r.country == "CN") in_cn[c.bom.id(r.material)] = 1;
  const auto cut = static_cast<std::size_t>(std::count(in_cn.begin(), in_cn.end(), 1));
  MESSAGE("materials: " << c.bom.materials().size() << ", cut: " << cut);
  REQUIRE(cut > 300);
  REQUIRE(exact.system.time.has_value());
  const auto brute = simulate(c, chokepoint::cascade_policy::equal, horizon, h);
  // Some stops here follow long chains of earlier ones whose step errors add up (the
  // gap shrinks in proportion to the step: about 11 steps for the worst line of one
  // seed at steps of 2e-3, 5e-4 and 1e-4 days); a wrong stop is days off.
  const auto [compared, with_cascade] = check_against_simulation(c, exact, brute, horizon, 25 * h);
  MESSAGE("lines: " << exact.lines.size() << ", compared: " << compared << ", stopped after the TTS: " << with_cascade);
  CHECK(with_cascade > 0);
}

TEST_CASE("properties on random networks") {
  std::mt19937_64 rng(ct::test_seed() + 1);
  const double inf = std::numeric_limits<double>::infinity();
  for (int trial = 0; trial < 40; ++trial) {
    const bool materials_only = trial % 2 == 0;
    const random_case c = make_case(rng, ct::dag_shapes[trial % 4], materials_only, trial % 3 == 0);
    const auto supply = supply_of(c);
    auto model = chokepoint::disruption_model<double>(c.bom, supply, c.demand, c.stock);
    model.set_priorities(c.priority);
    CAPTURE(trial);

    // More cut, or less stock, never lengthens TTS.
    const double tts = model.time_to_survive(c.make_scenario()).time.value_or(inf);
    CHECK(model.time_to_survive(c.make_scenario(0.25)).time.value_or(inf) <= tts * (1 + 1e-12));
    std::vector<double> half = c.stock;
    for (double& s : half) s /= 2;
    const auto less = chokepoint::disruption_model<double>(c.bom, supply, c.demand, half);
    CHECK(less.time_to_survive(c.make_scenario()).time.value_or(inf) <= tts * (1 + 1e-12));

    // TTS from evaluate() is the same as from time_to_survive().
    const auto eq = model.evaluate(c.make_scenario());
    CHECK(eq.system.time.value_or(inf) == tts);

    // A product that uses no cut material never fails: cut materials are those with a
    // source in CN (or of s0, cut on [5, 15)).
    std::vector<char> cut_material(c.bom.item_count(), 0);
    for (const auto& r : c.rows)
      if (r.country == "CN" || (c.cut_s0 && r.supplier == "s0")) cut_material[c.bom.id(r.material)] = 1;
    const auto pr = model.evaluate(c.make_scenario(), {365.0, chokepoint::cascade_policy::priority});
    for (const auto& r : {eq, pr})
      for (const auto& line : r.lines) {
        bool uses_cut = false;
        for (const auto& q : chokepoint::unit_requirements(c.bom, line.line)) uses_cut |= cut_material[q.item] != 0;
        if (!uses_cut) CHECK_FALSE(line.time_to_failure);
        if (line.time_to_failure) CHECK(cut_material[*line.stopped_by]);
      }

    // Priority: with stock on materials only, every line that contains a binding material
    // draws on it; a line stopped by m at t has no less important line containing m still
    // running at t.
    if (materials_only) {
      for (const auto& p : pr.lines) {
        if (!p.time_to_failure) continue;
        for (const auto& q : pr.lines) {
          if (!(c.priority[q.line] < c.priority[p.line])) continue;
          bool contains = false;
          for (const auto& u : chokepoint::unit_requirements(c.bom, q.line)) contains |= u.item == *p.stopped_by;
          if (contains) CHECK(q.time_to_failure.value_or(inf) <= *p.time_to_failure);
        }
      }
    }
  }
}
