// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint survive: in a scenario of cuts, quotas, schedules, shipping delays, receipts
// and alternates, how long until a material runs short (time-to-survive), when each
// line stops and restarts, and what is lost (docs/model.md, Disruption). --json echoes
// the scenario as resolved (a schedule's steps as the cuts and quotas they add), so
// that a result can be reproduced from its output.
//
// With --sources the supply is a multi-tier network (supply_network.hpp) and the answer
// its time-to-survive with the best allocation and the items short right after it
// (network_model.hpp); customer lists make the allocation a linear program, solved with
// Clp when the command is built with it (CHOKEPOINT_HAVE_CLP). The per-line cascade is
// not modelled on networks yet, so what only it reads (--policy, the demand file's
// priorities and margins) is refused rather than left out.

#include "common.hpp"
#include "inputs.hpp"

#include <chokepoint/cut_spec.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/rationing.hpp>
#include <chokepoint/supply_network.hpp>
#ifdef CHOKEPOINT_HAVE_CLP
#include <chokepoint/lp/network_program.hpp>
#endif

#include <algorithm>
#include <memory>
#include <optional>

namespace chokepoint::cli {

namespace {

struct survive_options {
  model_files files;
  network_files network;
  std::optional<real> ration;              ///< --ration DAYS: lines slow down over [0, DAYS]
  std::string ration_by = "proportional";  ///< --ration-by
  scenario_options scenario;
  evaluation_options evaluation;
  bool policy_given = false;  ///< --policy was on the command line (not its default)
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

/// A demand file's priorities (other than 0) and margins rank and value the lines of the
/// cascade: with a network they would be left out, so the first is refused at its line.
/// Priorities choose which lines stop in the cascade, which --sources does not model;
/// margins value what --ration loses, and are refused without it: nothing is ignored.
void refuse_cascade_columns(const std::string& path, const io::demand_plan<real>& plan, bool rationing) {
  if ((!plan.has_margin || rationing) &&
      std::all_of(plan.priority.begin(), plan.priority.end(), [](real p) { return p == 0; }))
    return;
  io::for_each_demand_record<real>(path, [&](const io::demand_record<real>& r) {
    if (r.priority != 0)
      throw parse_error(path, r.line, 0,
                        "priority of '" + r.product +
                            "': priorities choose which lines stop in the cascade, which --sources does not model yet "
                            "(leave the column empty)");
    if (r.margin && !rationing)
      throw parse_error(path, r.line, 0,
                        "margin of '" + r.product +
                            "': margins value the production lost when lines slow down, which needs --ration DAYS "
                            "(or leave the column empty)");
  });
}

/// --ration: each line's production over [0, window] when lines slow down instead of
/// stopping, supply shared in proportion to demand or by margin (with Clp).
rationing_result<real> network_rationing(const network_model<real>& model, const scenario<real>& sc, real window,
                                         const std::string& by) {
  if (by == "margin") {
#ifdef CHOKEPOINT_HAVE_CLP
    return lp::ration_by_margin(model, sc, window);
#else
    throw usage_error(
        "--ration-by margin: needs the linear program, and this chokepoint was built without COIN-OR "
        "Clp (coinor-libclp-dev)");
#endif
  }
  if (model.network().has_customer_lists())
    throw usage_error(
        "--ration-by proportional: customer lists make the sharing a linear program; use --ration-by "
        "margin");
  return model.ration_proportionally(sc, window);
}

/// The time-to-survive of a network: by netting, or with customer lists by the linear
/// program when the command has Clp (its result names no binding items).
survival<real> network_survival(const network_model<real>& model, const scenario<real>& sc,
                                const disruption_options<real>& options, const std::string& sources) {
  const supply_network<real>& net = model.network();
  if (!net.has_customer_lists()) return model.time_to_survive(sc, options);
#ifdef CHOKEPOINT_HAVE_CLP
  (void)sources;
  return lp::time_to_survive(model, sc, options);
#else
  node_id n = 0;
  while (net.customers(n).empty()) ++n;
  throw parse_error(sources, net.row(n), 0,
                    "source '" + std::string(net.source(n)) + "' of '" + std::string(net.bom().name(net.item(n))) +
                        "' serves only some customers, which makes the allocation a linear program, and this "
                        "chokepoint was built without COIN-OR Clp (coinor-libclp-dev): build it with Clp, or leave "
                        "the customers empty");
#endif
}

json rationing_json(const bill_of_materials<real>& bom, const rationing_result<real>& r, const std::string& by) {
  json lines = json::array();
  for (const auto& l : r.lines)
    lines.push_back({{"product", std::string(bom.name(l.line))},
                     {"demand", l.demand},
                     {"delivered", l.produced},
                     {"lost_units", l.lost_units},
                     {"lost_value", l.lost_value}});
  return {{"window", r.window},
          {"by", by},
          {"lines", std::move(lines)},
          {"lost_units", r.lost_units},
          {"lost_value", r.lost_value}};
}

/// survive --sources: the time-to-survive of the network and the items short after it.
void run_network(const survive_options& o) {
  if (o.policy_given)
    throw usage_error("--policy: chooses which lines stop in the cascade, which --sources does not model yet");
  const auto options = make_options<disruption_options<real>>(o.evaluation);
  model_inputs in;
  in.bom = load_bom_option(o.files.bom);
  load_plan(o.files, in, io::receipt_items::any);  // a network's stock of any item may arrive later
  refuse_cascade_columns(o.files.demand, in.demand, o.ration.has_value());
  const supply_network<real> net = load_network_option(in.bom, o.network);
  const scenario<real> sc = make_scenario(o.scenario, in, &net);
  network_model<real> model(net, std::span<const real>(in.demand.rate), std::span<const real>(in.stock));
  if (in.demand.has_margin) model.set_margins(std::span<const real>(in.demand.margin));
  const survival<real> r = network_survival(model, sc, options, o.network.sources);
  std::optional<rationing_result<real>> rationed;
  if (o.ration) rationed = network_rationing(model, sc, *o.ration, o.ration_by);
  const bool by_program = net.has_customer_lists();
  const auto& bom = in.bom;
  std::vector<item_id> unsourced;
  for (const item_id m : bom.materials())
    if (net.nodes(m).empty()) unsourced.push_back(m);

  if (o.json) {
    std::cout << json{{"model", "network"},
                      {"method", by_program ? "linear_program" : "netting"},
                      {"horizon", options.horizon},
                      {"sources", o.network.sources},
                      {"sites", o.network.sites.empty() ? json(nullptr) : json(o.network.sites)},
                      {"network",
                       {{"nodes", net.node_count()},
                        {"sites", net.site_count()},
                        {"customer_lists", net.has_customer_lists()}}},
                      {"scenario", scenario_json(sc)},
                      {"tts", time_json(r.time)},
                      {"binding", by_program ? json(nullptr) : names(bom, r.binding)},
                      {"unsourced", names(bom, unsourced)},
                      {"rationing", rationed ? rationing_json(bom, *rationed, o.ration_by) : json(nullptr)}}
                     .dump(2)
              << '\n';
    return;
  }

  std::cout << "Scenario:" << limits_text(o.scenario) << "; " << receipts_text(in) << "network of " << net.node_count()
            << " source(s) (" << o.network.sources << ")";
  if (!o.network.sites.empty()) std::cout << " and " << net.site_count() << " site(s) (" << o.network.sites << ")";
  std::cout << "; horizon " << fixed(options.horizon, 0) << " days\n";
  std::cout << "Time to survive: ";
  if (!r.time) std::cout << "beyond the horizon (nothing runs short)";
  else std::cout << fixed(*r.time, 1) << " days";
  if (by_program)
    std::cout << " (customer lists make the allocation a linear program, solved with COIN-OR Clp; it names no "
                 "binding items)";
  else if (r.time) std::cout << " (binding: " << joined(bom, r.binding) << ")";
  std::cout << '\n';
  if (!unsourced.empty())
    std::cout << "Never short (no source in " << o.network.sources
              << ", made in-house without a limit): " << joined(bom, unsourced) << '\n';
  std::cout << "(the best allocation of every source's capacity and of the stock; the per-line cascade (when each "
               "line stops and restarts) is not modelled on networks yet; --ration gives what is lost)\n";
  if (!rationed) return;
  std::cout << "\nLines slow down instead of stopping over the first " << fixed(*o.ration, 0) << " days, supply shared "
            << (o.ration_by == "margin" ? "where it loses the least value (the linear program)"
                                        : "in proportion to demand")
            << ":\n";
  text_table t({"product", "demand", "delivered", "lost units", lost_value_header(in)});
  for (const auto& l : rationed->lines)
    t.add({std::string(bom.name(l.line)), fixed(l.demand, 1), fixed(l.produced, 1), fixed(l.lost_units, 1),
           fixed(l.lost_value, 2)});
  t.add({"total", "", "", fixed(rationed->lost_units, 1), fixed(rationed->lost_value, 2)});
  t.print(std::cout);
}

void run(const survive_options& o) {
  if (o.files.supply.empty() && o.network.sources.empty()) throw usage_error("--supply or --sources is required");
  require_limits(o.scenario);
  if (!o.network.sources.empty()) {
    run_network(o);
    return;
  }
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
      "time-to-survive, and when each line stops and restarts, under cuts and quotas of countries or suppliers; "
      "with --sources, the time-to-survive of a multi-tier network (no per-line cascade yet)");
  add_model_options(*cmd, o->files);
  CLI::Option* sources = add_network_options(*cmd, o->network);
  // --supply or --sources (checked in run): the supply file's options go with it.
  CLI::Option* supply = cmd->get_option("--supply");
  supply->required(false)->excludes(sources);
  cmd->get_option("--other")->needs(supply);
  cmd->get_option("--strict")->needs(supply);
  add_scenario_options(*cmd, o->scenario);
  add_evaluation_options(*cmd, o->evaluation, many_scenarios::no);
  CLI::Option* ration =
      cmd->add_option("--ration", o->ration,
                      "with --sources: lines slow down instead of stopping over the first DAYS days; prints what each "
                      "line delivers and loses (the demand file's margin values it)")
          ->type_name("DAYS")
          ->check(CLI::NonNegativeNumber)
          ->needs(sources);
  cmd->add_option("--ration-by", o->ration_by,
                  "how --ration shares supply: proportional (to demand, max-min fair) or margin (the least value lost, "
                  "by the linear program; needs Clp)")
      ->check(CLI::IsMember({"proportional", "margin"}))
      ->capture_default_str()
      ->needs(ration);
  add_json_flag(*cmd, o->json);
  cmd->callback([o, cmd] {
    o->policy_given = cmd->get_option("--policy")->count() > 0;
    run(*o);
  });
}

}  // namespace chokepoint::cli
