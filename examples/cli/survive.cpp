// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint survive: in a scenario of cuts, quotas, schedules, shipping delays, receipts
// and alternates, how long until a material runs short (time-to-survive), when each
// line stops and restarts, and what is lost (docs/model.md, Disruption). --json echoes
// the scenario as resolved (a schedule's steps as the cuts and quotas they add), so
// that a result can be reproduced from its output.

#include "common.hpp"
#include "inputs.hpp"

#include <chokepoint/cut_spec.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/disruption.hpp>

#include <algorithm>
#include <memory>

namespace chokepoint::cli {

namespace {

struct survive_options {
  model_files files;
  scenario_options scenario;
  evaluation_options evaluation;
  bool json = false;
};

json names(const bill_of_materials<real>& bom, std::span<const item_id> ids) {
  json out = json::array();
  for (const item_id i : ids) out.push_back(std::string(bom.name(i)));
  return out;
}

std::string joined(const bill_of_materials<real>& bom, std::span<const item_id> ids) {
  std::string out;
  for (const item_id i : ids) out += (out.empty() ? "" : ", ") + std::string(bom.name(i));
  return out;
}

/// Why a scenario is exposed (TTS < TTR): the binding material that recovers last, and
/// when, or that one never recovers within the horizon.
std::string late_recovery(const bill_of_materials<real>& bom, const disruption_result<real>& r) {
  const auto mats = bom.materials();
  std::optional<item_id> last;
  std::optional<real> when;
  for (const item_id m : r.system.binding) {
    const auto at = std::lower_bound(mats.begin(), mats.end(), m);
    const std::optional<real>& ttr = r.material_recovery[static_cast<std::size_t>(at - mats.begin())];
    if (!ttr) return std::string(bom.name(m)) + " does not recover within the horizon";
    if (!last || *when < *ttr) {
      last = m;
      when = ttr;
    }
  }
  return std::string(bom.name(*last)) + " recovers later, at day " + fixed(*when, 1);
}

/// A cut or quota of a scenario: its target, scope, level (named `level`), window, and
/// the spec --cut writes it as.
json limit_json(const cut_spec<real>& spec, const char* level) {
  return json{{"target", std::string(to_string(spec.target))},
              {"name", spec.name},
              {"materials", spec.materials},
              {level, spec.fraction_low},
              {"start", spec.start},
              {"end", spec.end ? json(*spec.end) : json(nullptr)},
              {"spec", write_cut_spec(spec)}};
}

/// The scenario as evaluated: every cut and quota (with its scope and window, and as
/// --cut writes it), delay, receipt and alternate.
json scenario_json(const scenario<real>& sc) {
  json cuts = json::array(), quotas = json::array(), delays = json::array(), receipts = json::array(),
       alternates = json::array();
  for (const supply_cut<real>& c : sc.cuts())
    cuts.push_back(limit_json({c.target, c.name, c.fraction, c.fraction, c.start, c.end, limit_kind::cut, c.materials},
                              "fraction"));
  for (const supply_quota<real>& q : sc.quotas())
    quotas.push_back(limit_json(
        {q.target, q.name, q.per_day, q.per_day, q.start, q.end, limit_kind::quota, q.materials}, "per_day"));
  for (const shipping_delay<real>& d : sc.delays())
    delays.push_back(
        {{"target", std::string(to_string(d.target))},
         {"name", d.name},
         {"days", d.days},
         {"spec", write_limit_target(d.target, d.name, {}) + "=" + chokepoint::detail::format_scalar(d.days)}});
  for (const scheduled_receipt<real>& r : sc.receipts())
    receipts.push_back({{"material", r.material}, {"quantity", r.quantity}, {"arrival", r.arrival}});
  for (const alternate_supply<real>& a : sc.alternates())
    alternates.push_back(
        {{"material", a.material}, {"capacity", a.capacity}, {"lead_time", a.lead_time}, {"ramp", a.ramp}});
  return json{{"cuts", std::move(cuts)},
              {"quotas", std::move(quotas)},
              {"delays", std::move(delays)},
              {"receipts", std::move(receipts)},
              {"alternates", std::move(alternates)}};
}

void run(const survive_options& o) {
  require_limits(o.scenario);
  const auto options = make_options<disruption_options<real>>(o.evaluation);
  const model_inputs in = load_model(o.files);
  const scenario<real> sc = make_scenario(o.scenario, in);
  const disruption_model<real> model = make_model(in);
  const disruption_result<real> r = model.evaluate(sc, options);
  const auto& bom = in.bom;
  const auto name_of = [&bom](const std::optional<item_id>& i) {
    return i ? json(std::string(bom.name(*i))) : json(nullptr);
  };

  if (o.json) {
    json products = json::array();
    for (const auto& l : r.lines)
      products.push_back({{"product", std::string(bom.name(l.line))},
                          {"rate", in.demand.rate[l.line]},
                          {"priority", in.demand.priority[l.line]},
                          {"ttf", time_json(l.time_to_failure)},
                          {"stopped_by", name_of(l.stopped_by)},
                          {"ttr", time_json(l.time_to_recover)},
                          {"lost_units", l.lost_units},
                          {"lost_value", l.lost_value}});
    json materials = json::array();
    const auto mats = bom.materials();
    for (std::size_t m = 0; m < mats.size(); ++m)
      materials.push_back({{"material", std::string(bom.name(mats[m]))},
                           {"planned_rate", model.planned_rates()[m]},
                           {"ttr", time_json(r.material_recovery[m])}});
    std::cout << json{{"horizon", options.horizon},
                      {"policy", o.evaluation.policy},
                      {"scenario", scenario_json(sc)},
                      {"tts", time_json(r.system.time)},
                      {"binding", names(bom, r.system.binding)},
                      {"exposed", r.exposed},
                      {"products", std::move(products)},
                      {"materials", std::move(materials)},
                      {"unsourced", names(bom, r.unsourced)},
                      {"unmatched", unmatched_json(o.files.supply, bom, in.unmatched)},
                      {"lost_units", r.lost_units},
                      {"lost_value", r.lost_value}}
                     .dump(2)
              << '\n';
    return;
  }

  std::cout << "Scenario:" << scenario_text(o.scenario, o.evaluation, "", in, options.horizon) << '\n';
  if (r.system.time)
    std::cout << "Time to survive: " << fixed(*r.system.time, 1) << " days (binding: " << joined(bom, r.system.binding)
              << (r.exposed ? "; " + late_recovery(bom, r) + ": exposed" : "") << ")\n\n";
  else std::cout << "Time to survive: beyond the horizon (no material runs short)\n\n";
  text_table t({"product", "TTF (days)", "stopped by", "TTR (days)", "lost units", lost_value_header(in)});
  for (const auto& l : r.lines)
    t.add({std::string(bom.name(l.line)), days(l.time_to_failure),
           l.stopped_by ? std::string(bom.name(*l.stopped_by)) : std::string("-"), days(l.time_to_recover),
           fixed(l.lost_units, 1), fixed(l.lost_value, 2)});
  t.add({"total", "", "", "", fixed(r.lost_units, 1), fixed(r.lost_value, 2)});
  t.print(std::cout);
  std::cout << "(- : does not happen within the horizon)\n";
  if (!r.unsourced.empty())
    std::cout << "Never cut (no source in " << o.files.supply << "): " << joined(bom, r.unsourced) << '\n';
}

}  // namespace

void add_survive(CLI::App& app) {
  auto o = std::make_shared<survive_options>();
  auto* cmd = app.add_subcommand(
      "survive",
      "time-to-survive, and when each line stops and restarts, under cuts and quotas of countries or suppliers");
  add_model_options(*cmd, o->files);
  add_scenario_options(*cmd, o->scenario);
  add_evaluation_options(*cmd, o->evaluation, many_scenarios::no);
  add_json_flag(*cmd, o->json);
  cmd->callback([o] { run(*o); });
}

}  // namespace chokepoint::cli
