// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// The scenario arguments of the command line on arbitrary text: cut and quota specs
// (parse_cut_spec, [quota:]KIND:NAME[SCOPE]=LEVEL[..LEVEL][/day][@START[:END]]), and the scenarios
// they make evaluated on a small fixed model (the cascade and two-level reference values
// of docs/model.md side by side).
//
// Input: lines. "horizon=X" sets the horizon (X as the readers parse numbers, so
// negative, huge or "nan"), "policy=priority" the cascade policy,
// "alternate:NAME=CAPACITY@LEAD[:RAMP]" adds an alternate, any other line is a cut spec.
//
// What must hold:
// - parse_cut_spec throws only invalid_input "chokepoint::cut: '<spec>': ...";
//   what it accepts has levels in order (a cut's fractions in [0, 1], a quota's finite
//   and >= 0, with a scope), a finite start >= 0 and an end after it, reads back to
//   itself once written (write_cut_spec), and scenario::add takes it as it is; what
//   double accepts, exact rationals accept too;
// - scenario::add of an alternate throws exactly when a number is negative or not
//   finite, with its message;
// - evaluate() throws exactly for a bad horizon (negative, not finite, or so long that
//   the largest rate times it overflows), a name the supply base lacks, or a scope
//   naming a material the target does not supply, with those messages; otherwise TTS lies in [0, horizon], every time to failure in
//   [TTS, horizon], times to recover are finite and >= 0, losses finite and within
//   demand times horizon; and a second evaluation, in the same workspace, gives the
//   same answer bit for bit.

#include "fuzz.hpp"

#include <chokepoint/bom.hpp>
#include <chokepoint/cut_spec.hpp>
#include <chokepoint/detail/number.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>

#include <boost/multiprecision/cpp_int.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using chokepoint::invalid_input;
using chokepoint::fuzz::starts_with;
using rational = boost::multiprecision::cpp_rational;

struct model {
  chokepoint::bill_of_materials<double> bom;
  chokepoint::supply_base<double> supply;
  std::vector<double> demand, stock;
  std::optional<chokepoint::disruption_model<double>> engine;

  model() {
    chokepoint::bom_builder<double> b;
    b.add_edge("P1", "M", 1);
    b.add_edge("P2", "M", 1);
    b.add_edge("P", "A", 2);
    b.add_edge("A", "M2", 3);
    b.add_edge("Q", "A", 1);
    b.add_edge("Q", "M", 0.5);
    bom = std::move(b).build();
    supply = chokepoint::supply_base<double>(
        {{"M", "Sup CN", "CN", 1}, {"M", "Sup DE", "DE", 1}, {"M2", "Sup CN", "CN", 3}, {"M2", "Sup US", "US", 1}});
    demand.assign(bom.item_count(), 0.0);
    stock.assign(bom.item_count(), 0.0);
    const auto set = [this](std::vector<double>& v, const char* item, double x) { v[bom.id(item)] = x; };
    set(demand, "P1", 1);
    set(demand, "P2", 1);
    set(demand, "P", 1);
    set(demand, "Q", 2);
    set(stock, "P2", 10);
    set(stock, "M", 20);
    set(stock, "P", 10);
    set(stock, "A", 20);
    set(stock, "M2", 60);
    engine.emplace(bom, supply, std::span<const double>(demand), std::span<const double>(stock));
    std::vector<double> priority(bom.item_count(), 0.0);
    set(priority, "P1", 1);
    set(priority, "P2", 2);
    engine->set_priorities(std::span<const double>(priority));
  }
};

const model& the_model() {
  static const model m;
  return m;
}

std::optional<double> number(std::string_view text) { return chokepoint::detail::parse_finite<double>(text); }

/// Whether `target` supplies `material` in the model (see model() above).
bool supplies(chokepoint::cut_target target, const std::string& name, const std::string& material) {
  struct source {
    const char *material, *supplier, *country;
  };
  constexpr source sources[] = {
      {"M", "Sup CN", "CN"}, {"M", "Sup DE", "DE"}, {"M2", "Sup CN", "CN"}, {"M2", "Sup US", "US"}};
  for (const source& s : sources)
    if (material == s.material && name == (target == chokepoint::cut_target::country ? s.country : s.supplier))
      return true;
  return false;
}

void check_spec(std::string_view text, chokepoint::scenario<double>& sc, bool& unknown_name, bool& bad_scope) {
  std::optional<chokepoint::cut_spec<double>> spec;
  try {
    spec = chokepoint::parse_cut_spec<double>(text);
  } catch (const invalid_input& e) {
    // what() is a C string: a spec with a NUL byte cuts the message there.
    const std::string expected = "chokepoint::cut: '" + std::string(text) + "': ";
    FUZZ_CHECK(starts_with(e.what(), expected.substr(0, expected.find('\0'))), e.what());
  }
  std::optional<chokepoint::cut_spec<rational>> exact;
  try {
    exact = chokepoint::parse_cut_spec<rational>(text);
  } catch (const invalid_input& e) {
    FUZZ_CHECK(!spec, "double accepts, rational refuses: " + std::string(e.what()));
  }
  if (!spec) return;
  const auto& s = *spec;
  const bool quota = s.kind == chokepoint::limit_kind::quota;
  FUZZ_CHECK(std::isfinite(s.fraction_low) && std::isfinite(s.fraction_high) && s.fraction_low >= 0 &&
                 s.fraction_low <= s.fraction_high && (quota || s.fraction_high <= 1),
             "levels");
  FUZZ_CHECK(!quota || !s.materials.empty(), "a quota without a scope");
  FUZZ_CHECK(std::isfinite(s.start) && s.start >= 0, "start " + std::to_string(s.start));
  FUZZ_CHECK(!s.end || (std::isfinite(*s.end) && *s.end > s.start), "end");
  FUZZ_CHECK(!s.name.empty() && s.name == exact->name && s.target == exact->target && s.kind == exact->kind &&
                 s.materials == exact->materials,
             "name, kind or scope");
  FUZZ_CHECK(s.end.has_value() == exact->end.has_value(), "end given in one type only");
  // Written back, it reads back to itself.
  const std::string written = chokepoint::write_cut_spec(s);
  try {
    const auto again = chokepoint::parse_cut_spec<double>(written);
    FUZZ_CHECK(again.kind == s.kind && again.target == s.target && again.name == s.name &&
                   again.materials == s.materials && again.fraction_low == s.fraction_low &&
                   again.fraction_high == s.fraction_high && again.start == s.start && again.end == s.end,
               "written back as '" + written + "', it reads back differently");
  } catch (const invalid_input& e) {
    FUZZ_CHECK(false, "written back as '" + written + "', it is refused: " + e.what());
  }
  for (const double f : {s.fraction_low, s.fraction_high}) {
    try {
      s.add_to(sc, f, s.start, s.end);
    } catch (const invalid_input& e) {
      FUZZ_CHECK(false, std::string("scenario refuses a parsed limit: ") + e.what());
    }
  }
  const auto& supply = the_model().supply;
  const bool known = s.target == chokepoint::cut_target::country ? supply.find_country(s.name).has_value()
                                                                 : supply.find_supplier(s.name).has_value();
  unknown_name = unknown_name || !known;
  for (const std::string& m : s.materials) bad_scope = bad_scope || (known && !supplies(s.target, s.name, m));
}

void check_alternate(std::string_view text, chokepoint::scenario<double>& sc, bool& unknown_name,
                     long double& capacity) {
  const auto eq = text.find('=');
  const auto at = text.find('@', eq == std::string_view::npos ? 0 : eq);
  if (eq == std::string_view::npos || at == std::string_view::npos) return;
  const std::string name(text.substr(10, eq - 10));
  const std::string_view times = text.substr(at + 1);
  const auto colon = times.find(':');
  const auto cap = number(text.substr(eq + 1, at - eq - 1));
  const auto lead = number(times.substr(0, colon));
  const auto ramp = colon == std::string_view::npos ? std::optional<double>(0.0) : number(times.substr(colon + 1));
  if (!cap || !lead || !ramp) return;
  std::optional<std::string> expected;
  const auto check = [&](double v, const char* what) {
    if (!expected && !(v >= 0 && std::isfinite(v)))
      expected = "chokepoint::scenario: alternate for '" + name + "': " + what + " must be finite and >= 0, got ";
  };
  if (name.empty()) expected = "chokepoint::scenario: alternate needs a material name";
  check(*cap, "capacity");
  check(*lead, "lead time");
  check(*ramp, "ramp");
  try {
    sc.add_alternate(name, *cap, *lead, *ramp);
    FUZZ_CHECK(!expected, "add_alternate accepted: " + *expected);
    unknown_name = unknown_name || (name != "M" && name != "M2");
    capacity += *cap;
  } catch (const invalid_input& e) {
    FUZZ_CHECK(expected && starts_with(e.what(), expected->substr(0, expected->find('\0'))),
               std::string("add_alternate: ") + e.what());
  }
}

bool same(const chokepoint::disruption_result<double>& a, const chokepoint::disruption_result<double>& b) {
  if (a.system.time != b.system.time || a.system.binding != b.system.binding || a.exposed != b.exposed ||
      a.lines.size() != b.lines.size() || a.material_recovery != b.material_recovery || a.unsourced != b.unsourced ||
      !(a.lost_units == b.lost_units) || !(a.lost_value == b.lost_value))
    return false;
  for (std::size_t k = 0; k < a.lines.size(); ++k) {
    const auto &x = a.lines[k], &y = b.lines[k];
    if (x.line != y.line || x.time_to_failure != y.time_to_failure || x.stopped_by != y.stopped_by ||
        x.time_to_recover != y.time_to_recover || !(x.lost_units == y.lost_units) || !(x.lost_value == y.lost_value))
      return false;
  }
  return true;
}

}  // namespace

CHOKEPOINT_FUZZ_TARGET(cut_spec) {
  const model& m = the_model();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  chokepoint::scenario<double> sc;
  chokepoint::disruption_options<double> options;
  bool unknown_name = false;
  bool bad_scope = false;    // a limit scoped to a material its target does not supply
  long double capacity = 0;  // of the alternates accepted
  std::size_t lines = 0;
  for (std::size_t at = 0; at <= text.size() && lines < 16; ++lines) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (starts_with(line, "horizon=")) {
      if (const auto h = number(line.substr(8))) options.horizon = *h;
    } else if (line == "policy=priority") {
      options.policy = chokepoint::cascade_policy::priority;
    } else if (starts_with(line, "alternate:")) {
      check_alternate(line, sc, unknown_name, capacity);
    } else {
      check_spec(line, sc, unknown_name, bad_scope);
    }
  }

  const double horizon = options.horizon;
  const bool bad_horizon = !(horizon >= 0) || !std::isfinite(horizon);
  // What accumulates over the horizon: at most the largest rate (M2's plan, 12 a day, plus
  // every alternate) times the horizon. Beyond double it must be refused, near it may be.
  constexpr long double largest = std::numeric_limits<double>::max();
  const long double scale = (12 + capacity) * static_cast<long double>(horizon);
  const bool fast_alternates = 12 + capacity > largest * (1 - 1e-12L);  // may be refused
  const bool long_horizon = !bad_horizon && (fast_alternates || scale > largest * (1 - 1e-12L));
  const bool too_long = !bad_horizon && scale > largest * (1 + 1e-12L);
  chokepoint::disruption_model<double>::workspace ws;
  std::optional<chokepoint::disruption_result<double>> result;
  try {
    result = m.engine->evaluate(sc, options, ws);
    FUZZ_CHECK(!bad_horizon && !unknown_name && !too_long && !bad_scope,
               "evaluate() accepted a bad horizon, an unknown name or a bad scope");
  } catch (const invalid_input& e) {
    const std::string what = e.what();
    FUZZ_CHECK(
        (bad_horizon && starts_with(what, "chokepoint::disruption_model: horizon must be finite and >= 0, got ")) ||
            (long_horizon && starts_with(what, "chokepoint::disruption_model: quantities over a horizon of ")) ||
            (fast_alternates &&
             what == "chokepoint::disruption_model: supply rates with the scenario's alternates overflow") ||
            (bad_scope && (what.find("' is not a material of the bill of materials") != std::string::npos ||
                           what.find("' supplies no '") != std::string::npos)) ||
            (unknown_name && (starts_with(what, "chokepoint::disruption_model: cut of unknown ") ||
                              starts_with(what, "chokepoint::disruption_model: quota of unknown ") ||
                              starts_with(what, "chokepoint::disruption_model: alternate for unknown material '"))),
        "evaluate(): " + what);
    return 0;
  }

  const auto& r = *result;
  if (r.system.time) {
    FUZZ_CHECK(*r.system.time >= 0 && *r.system.time <= horizon, "TTS " + std::to_string(*r.system.time));
    FUZZ_CHECK(!r.system.binding.empty(), "a TTS without a binding material");
    for (const auto b : r.system.binding)
      FUZZ_CHECK(m.bom.kind(b) == chokepoint::item_kind::material, "a binding item that is not a material");
  }
  double lost = 0;
  for (const auto& o : r.lines) {
    if (o.time_to_failure) {
      FUZZ_CHECK(r.system.time && *o.time_to_failure >= *r.system.time && *o.time_to_failure <= horizon,
                 "TTF " + std::to_string(*o.time_to_failure) + " outside [TTS, horizon]");
      FUZZ_CHECK(o.stopped_by.has_value(), "a stopped line without the material that stopped it");
    } else {
      FUZZ_CHECK(o.lost_units == 0 && !o.stopped_by, "a running line with losses");
    }
    if (o.time_to_recover) FUZZ_CHECK(std::isfinite(*o.time_to_recover) && *o.time_to_recover >= 0, "TTR");
    FUZZ_CHECK(
        std::isfinite(o.lost_units) && o.lost_units >= 0 && o.lost_units <= m.demand[o.line] * horizon * (1 + 1e-12),
        "lost units " + std::to_string(o.lost_units));
    lost += o.lost_units;
  }
  FUZZ_CHECK(chokepoint::fuzz::close(lost, r.lost_units, 1e-12L), "total lost units");
  for (const auto& t : r.material_recovery)
    if (t) FUZZ_CHECK(std::isfinite(*t) && *t >= 0, "material TTR " + std::to_string(*t));

  FUZZ_CHECK(same(r, m.engine->evaluate(sc, options, ws)), "a second evaluation in the same workspace differs");
  return 0;
}
