// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The inputs of the disruption subcommands (survive, rank and sweep), in one place:
// the options that name a model's files and a scenario are registered on a subcommand
// with one call each, and the files are loaded and checked here, so that every
// subcommand spells its options and reports bad input the same way.
//
//   add_model_options(*cmd, o->files);        // --bom --supply --demand --stock --alternates
//   add_scenario_options(*cmd, o->scenario);  // --cut --delay --schedule (rank: none)
//   add_evaluation_options(*cmd, o->evaluation, many_scenarios::no);  // --policy --horizon
//   ...                                       // (rank, sweep: also --threads --no-progress)
//   const model_inputs in = load_model(o->files);
//   const disruption_model<real> model = make_model(in);   // `in` must outlive `model`
//
// A multi-tier network (survive --sources) has no supply file: its BOM, then
// load_plan(o->files, in), load_network_option (files.hpp) and make_scenario(..., &net),
// which checks a schedule's scopes against the network.
//
// Argument errors are usage_error with the option's name first, e.g.
// "--horizon: must be a finite number >= 0, got -1"; main() prints them on one line.
// Each option's value is also checked while the command line is read (checked_as),
// so that --help shows its type and a bad value is refused before any file is loaded.

#include "common.hpp"
#include "files.hpp"

#include <chokepoint/bom.hpp>
#include <chokepoint/cascade_policy.hpp>
#include <chokepoint/cut_spec.hpp>
#include <chokepoint/detail/network/capacity_curves.hpp>
#include <chokepoint/detail/number.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/io/alternates.hpp>
#include <chokepoint/io/load.hpp>
#include <chokepoint/io/schedule.hpp>
#include <chokepoint/matching.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/supply_network.hpp>

#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chokepoint::cli {

// Every number of the command line is read as the library reads the numbers of its files.
using chokepoint::detail::parse_finite;
using chokepoint::detail::split_range;
using chokepoint::detail::written_range;

/// The files of a supply network. Empty: not given (stock: none; alternates: none).
struct model_files {
  std::string bom, supply, demand, stock, alternates;
  std::string other;    ///< "producer" or "unknown": what a supply row named "Other" is
  bool strict = false;  ///< supply rows that cannot be used are an error, not a warning
};

/// A model's data, loaded and checked, every per-item vector indexed by item id.
struct model_inputs {
  bill_of_materials<real> bom;
  supply_base<real> supply;
  io::demand_plan<real> demand;
  std::vector<real> stock;  ///< zeros without a stock file
  /// Stock in transit with an arrival day (the stock file's in_transit and arrival).
  std::vector<scheduled_receipt<real>> receipts;
  std::vector<std::size_t> receipt_lines;  ///< the stock file's line of each receipt
  std::vector<alternate_supply<real>> alternates;
  std::vector<unmatched_material> unmatched;  ///< supply materials not in the BOM: not used
};

/// Whether a subcommand reads alternates (rank does not: it cuts one source at a time
/// with nothing to replace it).
enum class alternates_option : bool { no, yes };

/// --bom, --supply, --demand (required), --stock, --alternates, --other.
inline void add_model_options(CLI::App& cmd, model_files& f, alternates_option alternates = alternates_option::yes) {
  add_bom_option(cmd, f.bom);
  add_supply_option(cmd, f.supply);
  add_demand_option(cmd, f.demand);
  cmd.add_option("--stock", f.stock,
                 "stock CSV: item,on_hand[,in_transit][,arrival] (no stock if omitted); in_transit with an arrival "
                 "day arrives that day, without one it counts on hand");
  if (alternates == alternates_option::yes)
    cmd.add_option("--alternates", f.alternates,
                   "alternates CSV: material,supplier,country,capacity,lead_time[,ramp] (new sources; never cut)");
  add_other_option(cmd, f.other);
  add_strict_option(cmd, f.strict);
}

/// What is wrong with an unmatched supply material, e.g. "'Magnet-NdFeB' is not in the
/// bill of materials (did you mean 'MAGNET-NDFEB'?)".
inline std::string unmatched_text(const bill_of_materials<real>& bom, const unmatched_material& u) {
  std::string out = "'" + u.name + "' is ";
  if (!u.bom_kind) out += "not in the bill of materials";
  else if (*u.bom_kind == item_kind::assembly) out += "an assembly of the bill of materials, not a material";
  else out += "a product of the bill of materials, not a material";
  if (u.probable) out += " (did you mean '" + std::string(bom.name(*u.probable)) + "'?)";
  return out;
}

/// Says which rows of the supply file at `path` are not used: on standard error, the
/// count and the first few materials with their lines and what each probably meant;
/// under --strict, an error naming the first.
inline void report_unmatched(const std::string& path, const bill_of_materials<real>& bom,
                             std::span<const unmatched_material> unmatched, bool strict) {
  if (unmatched.empty()) return;
  std::size_t rows = 0;
  for (const unmatched_material& u : unmatched) rows += u.rows;
  const auto plural = [](std::size_t n, const std::string& one) {
    return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
  };
  const std::string count = plural(rows, "row") + " of " + plural(unmatched.size(), "material");
  const std::string materials = unmatched.size() == 1
                                    ? "1 material that is not a material"
                                    : plural(unmatched.size(), "material") + " that are not materials";
  if (strict)
    throw parse_error(path, unmatched.front().first_row, 0,
                      unmatched_text(bom, unmatched.front()) + "; --strict: " + count + " would not be used");
  constexpr std::size_t shown = 5;
  std::cerr << "chokepoint: warning: " << path << ": " << plural(rows, "row") << " not used, for " << materials
            << " of the bill of materials (--strict refuses them):\n";
  for (std::size_t k = 0; k < unmatched.size() && k < shown; ++k)
    std::cerr << "  " << path << ':' << unmatched[k].first_row << ": " << unmatched_text(bom, unmatched[k]) << ", "
              << plural(unmatched[k].rows, "row") << '\n';
  if (unmatched.size() > shown) std::cerr << "  and " << plural(unmatched.size() - shown, "more material") << '\n';
}

/// The unmatched supply materials of `path`, for --json.
inline json unmatched_json(const std::string& path, const bill_of_materials<real>& bom,
                           std::span<const unmatched_material> unmatched) {
  json out = json::array();
  for (const unmatched_material& u : unmatched)
    out.push_back({{"material", u.name},
                   {"file", path},
                   {"line", u.first_row},
                   {"rows", u.rows},
                   {"bom_kind", u.bom_kind ? json(std::string(to_string(*u.bom_kind))) : json(nullptr)},
                   {"probable", u.probable ? json(std::string(bom.name(*u.probable))) : json(nullptr)}});
  return out;
}

/// BOM materials that no supply row names, which no cut reaches, as a table's footer
/// says them: "Never cut (no source in supply.csv): Dy, Nd"; nothing when there are none.
inline std::string never_cut_note(const std::string& path, const bill_of_materials<real>& bom,
                                  std::span<const item_id> unsourced) {
  if (unsourced.empty()) return {};
  std::string out = "Never cut (no source in " + path + "):";
  for (std::size_t k = 0; k < unsourced.size(); ++k) out += (k ? ", " : " ") + std::string(bom.name(unsourced[k]));
  return out + '\n';
}

/// The names of `ids`, for --json.
inline json item_names_json(const bill_of_materials<real>& bom, std::span<const item_id> ids) {
  json out = json::array();
  for (const item_id i : ids) out.push_back(std::string(bom.name(i)));
  return out;
}

/// Alternates read from `path`, each for a material (a leaf) of the BOM; an unknown
/// name is an error naming the file and line, as io::load_* do for items.
inline std::vector<alternate_supply<real>> load_alternates(const std::string& path,
                                                           const bill_of_materials<real>& bom) {
  std::vector<alternate_supply<real>> out;
  io::for_each_alternate_record<real>(path, [&](const io::alternate_record<real>& r) {
    const auto id = bom.find(r.material);
    if (!id || bom.kind(*id) != item_kind::material) {
      const auto probable = probable_material(bom, r.material);
      throw parse_error(path, r.line, 0,
                        "unknown material '" + r.material + "' (not a material of the bill of materials" +
                            (probable ? "; did you mean '" + std::string(bom.name(*probable)) + "'?)" : ")"));
    }
    out.push_back({r.material, r.capacity, r.lead_time, r.ramp});
  });
  return out;
}

/// Loads the plan of `f` on the BOM of `in`: the demand, the stock (and its receipts, of
/// the items `receipts` allows) and the alternates.
inline void load_plan(const model_files& f, model_inputs& in,
                      io::receipt_items receipts = io::receipt_items::materials) {
  in.demand = io::load_demand<real>(f.demand, in.bom);
  if (f.stock.empty()) {
    in.stock.assign(in.bom.item_count(), real(0));
  } else {
    io::stock_plan<real> plan = io::load_stock_plan<real>(f.stock, in.bom, receipts);
    in.stock = std::move(plan.on_hand);
    in.receipts = std::move(plan.receipts);
    in.receipt_lines = std::move(plan.receipt_lines);
  }
  if (!f.alternates.empty()) in.alternates = load_alternates(f.alternates, in.bom);
}

/// Loads every file of `f` (the BOM first: the other files name its items).
inline model_inputs load_model(const model_files& f) {
  model_inputs in;
  in.bom = load_bom_option(f.bom);
  in.supply = load_supply_option(f.supply, f.other);
  in.unmatched = unmatched_supply_materials(in.bom, in.supply);
  report_unmatched(f.supply, in.bom, in.unmatched, f.strict);
  load_plan(f, in);
  return in;
}

/// The disruption model of `in`, with the demand file's priorities and, where it gives
/// any, its margins (else each lost unit is worth 1). Refers to `in`: keep it alive.
inline disruption_model<real> make_model(const model_inputs& in) {
  disruption_model<real> model(in.bom, in.supply, std::span<const real>(in.demand.rate),
                               std::span<const real>(in.stock));
  model.set_priorities(std::span<const real>(in.demand.priority));
  if (in.demand.has_margin) model.set_margins(std::span<const real>(in.demand.margin));
  return model;
}

/// A scenario as given on the command line.
struct scenario_options {
  std::vector<std::string> cuts;    ///< cuts and quotas
  std::vector<std::string> delays;  ///< shipping delays
  std::string schedule;             ///< a schedule file; empty: none
};

/// How scenarios are evaluated, as given on the command line; threads and no_progress
/// only for the subcommands that evaluate many scenarios at once.
struct evaluation_options {
  std::string policy = "stop-all";
  std::string horizon = "365";
  std::string threads = "0";
  bool no_progress = false;
};

/// Whether a subcommand evaluates many scenarios at once (rank, sweep): then it takes
/// --threads and draws a progress bar.
enum class many_scenarios : bool { no, yes };

// Below: the checks of the options' values, which the options above them use.
inline real parse_days(const std::string& option, const std::string& text);
inline unsigned parse_threads(const std::string& text);
inline cut_spec<real> parse_fixed_cut(const std::string& text);
inline delay_spec<real> parse_delay(const std::string& text, bool ranges);

/// A CLI11 check that runs `parse` (one of the parse_* functions here, which throw
/// "OPTION: rule, got TEXT") on an option's text while the command line is read;
/// `description` follows the option's type in --help (e.g. FLOAT:NONNEGATIVE).
template <class Parse>
CLI::Validator checked_as(std::string description, Parse parse) {
  return CLI::Validator(
      [parse](std::string& text) {
        try {
          (void)parse(text);
        } catch (const invalid_input& e) {
          const std::string what = e.what();  // CLI11 puts the option's name in front
          const std::size_t colon = what.find(": ");
          return colon == std::string::npos ? what : what.substr(colon + 2);
        }
        return std::string();
      },
      std::move(description));
}

/// A policy named by its name or an earlier one, turned into its name (a transform).
inline CLI::Validator policy_check() {
  std::string names, aliases;
  for (const cascade_policy_name& n : cascade_policy_names) {
    std::string& list = n.alias ? aliases : names;
    list += (list.empty() ? "" : ",") + std::string(n.name);
  }
  return CLI::Validator(
      [names, aliases](std::string& text) {
        const std::optional<cascade_policy> p = parse_cascade_policy(text);
        if (!p) return text + " not in {" + names + "} (or their earlier names {" + aliases + "})";
        text = std::string(to_string(*p));
        return std::string();
      },
      "{" + names + "}");
}

/// The syntax of --cut, for the help of every subcommand that takes it.
inline const std::string cut_syntax =
    "a cut KIND:NAME=FRACTION[@START[:END]] or a quota quota:KIND:NAME[MATERIAL,...]=PER_DAY/day[@START[:END]]; "
    "KIND country or supplier (quota:NAME[...] is a country's); brackets right after NAME, as in "
    "country:CN[Dy oxide,Tb oxide]=1, limit a cut to those materials (a quota needs them; a name holding , [ ] or "
    "\" goes in double quotes); days from the start";

/// --cut (repeatable; with --schedule, at least one of them), --delay (repeatable) and
/// --schedule, described by `cut_help` and `delay_help`, each checked by its `check`.
inline void add_limit_options(CLI::App& cmd, scenario_options& s, const std::string& cut_help,
                              const CLI::Validator& cut_check, const std::string& delay_help,
                              const CLI::Validator& delay_check) {
  cmd.add_option("--cut", s.cuts, cut_help)->allow_extra_args(false)->type_name("CUT")->check(cut_check);
  cmd.add_option("--delay", s.delays, delay_help)
      ->allow_extra_args(false)
      ->type_name("KIND:NAME=DAYS")
      ->check(delay_check);
  cmd.add_option("--schedule", s.schedule,
                 "schedule CSV: scope,kind,from,to,value: a cut or quota whose level changes over time, one row a "
                 "step (scope KIND:NAME[MATERIALS], kind cut or quota, to empty: for good)")
      ->type_name("FILE");
}

/// A scenario needs a limit: a --cut or a --schedule.
inline void require_limits(const scenario_options& s) {
  if (s.cuts.empty() && s.schedule.empty()) throw usage_error("--cut or --schedule is required");
}

/// --cut, --delay and --schedule of a single scenario.
inline void add_scenario_options(CLI::App& cmd, scenario_options& s) {
  add_limit_options(cmd, s,
                    cut_syntax +
                        " (e.g. country:CN=0.9, 'supplier:Acme=1@30:120', 'country:CN[Dy oxide]=1@0:60', "
                        "'quota:CN[Dy oxide]=2.5/day@0:120'); on a network (--sources) supplier:NAME cuts a source "
                        "and site:NAME a site of --sites ('site:Ningbo=1@0:90'); repeat for more",
                    checked_as("", [](const std::string& t) { return parse_fixed_cut(t); }),
                    "shipping delay: what KIND:NAME ships on day t arrives on day t + DAYS, so its cuts and quotas "
                    "reach the plant DAYS later (e.g. country:CN=40; KIND site too on a network); repeat for more",
                    checked_as("", [](const std::string& t) { return parse_delay(t, false); }));
}

/// --policy and --horizon; with many scenarios, --threads and --no-progress too.
inline void add_evaluation_options(CLI::App& cmd, evaluation_options& e, many_scenarios many) {
  cmd.add_option("--policy", e.policy,
                 "which lines stop when a material runs short: stop-all stops every line that draws on it "
                 "(the earlier name: equal); stop-lowest-priority stops the running lines of lowest priority "
                 "(the demand file's priority: larger is more important), then the next lowest, while it is "
                 "still short (the earlier name: priority)")
      ->transform(policy_check())
      ->capture_default_str();
  cmd.add_option("--horizon", e.horizon, "days to look ahead")
      ->type_name("FLOAT")
      ->check(checked_as("NONNEGATIVE", [](const std::string& t) { return parse_days("--horizon", t); }))
      ->capture_default_str();
  if (many == many_scenarios::no) return;
  cmd.add_option("--threads", e.threads, "threads to use (0: every hardware thread); the answers do not depend on it")
      ->type_name("UINT")
      ->check(checked_as("[0 - 1024]", [](const std::string& t) { return parse_threads(t); }))
      ->capture_default_str();
  cmd.add_flag("--no-progress", e.no_progress,
               "draw no progress bar (it is drawn only when standard error is a terminal)");
}

/// A number of days: finite and >= 0, written as the library reads numbers (decimal
/// notation, chokepoint/detail/number.hpp).
inline real parse_days(const std::string& option, const std::string& text) {
  const std::optional<real> value = parse_finite<real>(text);
  if (!value || !(*value >= 0))
    throw usage_error(option + ": must be a finite number >= 0, got " + (text.empty() ? "nothing" : text));
  return *value;
}

/// A whole number in [low, high], in decimal digits.
inline std::uint64_t parse_whole(const std::string& option, const std::string& text, std::uint64_t low,
                                 std::uint64_t high) {
  std::uint64_t value = 0;
  const char* const last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data(), last, value);
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits && (ec == std::errc::result_out_of_range || value > high))
    throw usage_error(option + ": must be at most " + std::to_string(high) + ", got " + text);
  if (!digits || ec != std::errc() || end != last || value < low)
    throw usage_error(option + ": must be a whole number >= " + std::to_string(low) + ", got " +
                      (text.empty() ? "nothing" : text));
  return value;
}

/// --threads: 0 (every hardware thread) up to 1024.
inline unsigned parse_threads(const std::string& text) {
  return static_cast<unsigned>(parse_whole("--threads", text, 0, 1024));
}

/// The limits of a scenario as given: " --cut '...' --delay '...' --schedule FILE".
inline std::string limits_text(const scenario_options& s) {
  std::string out;
  for (const std::string& c : s.cuts) out += " --cut '" + c + "'";
  for (const std::string& d : s.delays) out += " --delay '" + d + "'";
  if (!s.schedule.empty()) out += " --schedule " + s.schedule;
  return out;
}

/// "N receipt(s) in transit; ", or nothing without receipts.
inline std::string receipts_text(const model_inputs& in) {
  return in.receipts.empty() ? std::string() : std::to_string(in.receipts.size()) + " receipt(s) in transit; ";
}

/// A scenario as a table's heading says it: the cuts, then `more` (e.g. a sweep's
/// ranges), the alternates, the policy and the horizon.
inline std::string scenario_text(const scenario_options& s, const evaluation_options& e, const std::string& more,
                                 const model_inputs& in, real horizon) {
  return limits_text(s) + more + "; " + std::to_string(in.alternates.size()) + " alternate source(s); " +
         receipts_text(in) + "policy " + e.policy + "; horizon " + fixed(horizon, 0) + " days";
}

/// The header of a lost-value column: lost units are worth 1 each without margins.
inline std::string lost_value_header(const model_inputs& in, const std::string& header = "lost value") {
  return in.demand.has_margin ? header : header + " (margin 1)";
}

inline cascade_policy parse_policy(const std::string& text) {
  const std::optional<cascade_policy> p = parse_cascade_policy(text);
  if (!p) throw usage_error("--policy: " + text + " is not a policy");
  return *p;
}

/// A cut of --cut with one fraction (a range of fractions is for sweeps).
inline cut_spec<real> parse_fixed_cut(const std::string& text) {
  cut_spec<real> spec;
  try {
    spec = parse_cut_spec<real>(text);
  } catch (const invalid_input& e) {
    throw usage_error(e.what());
  }
  if (spec.is_range())
    throw usage_error("--cut: '" + text + "': a range of " + (spec.kind == limit_kind::cut ? "fractions" : "quotas") +
                      " is for sweeps; give one " + (spec.kind == limit_kind::cut ? "fraction" : "quota"));
  return spec;
}

/// A delay of --delay; a range of days only where `ranges` (sweeps).
inline delay_spec<real> parse_delay(const std::string& text, bool ranges) {
  delay_spec<real> spec;
  try {
    spec = parse_delay_spec<real>(text);
  } catch (const invalid_input& e) {
    throw usage_error(e.what());
  }
  if (spec.is_range() && !ranges)
    throw usage_error("--delay: '" + text + "': a range of days is for sweeps; give one number of days");
  return spec;
}

/// What is wrong with a limit of `target` `name` on `materials` in the model's data
/// (an unknown target, a material that is not one of the BOM or that the target does
/// not supply), or nothing.
inline std::string scope_problem(const model_inputs& in, cut_target target, const std::string& name,
                                 const std::vector<std::string>& materials) {
  if (target == cut_target::site) return "a supply file has no sites (sites come with --sources and --sites)";
  const auto id = target == cut_target::country ? in.supply.find_country(name) : in.supply.find_supplier(name);
  const std::string who = std::string(to_string(target)) + " '" + name + "'";
  if (!id) return "unknown " + who + " (not in the supply file)";
  const grouping g = target == cut_target::country ? grouping::country : grouping::supplier;
  for (const std::string& m : materials) {
    const auto item = in.bom.find(m);
    if (!item || in.bom.kind(*item) != item_kind::material) {
      const auto probable = probable_material(in.bom, m);
      return "'" + m + "' is not a material of the bill of materials" +
             (probable ? " (did you mean '" + std::string(in.bom.name(*probable)) + "'?)" : std::string());
    }
    const auto sm = in.supply.find(m);
    bool supplies = false;
    if (sm) {
      const auto ids = in.supply.group_ids(*sm, g);
      const auto shares = in.supply.group_shares(*sm, g);
      for (std::size_t k = 0; k < ids.size(); ++k) supplies = supplies || (ids[k] == *id && shares[k] > real(0));
    }
    if (!supplies) return who + " supplies no '" + m + "'";
  }
  return {};
}

/// What a network refuses in schedule `s` (an unknown target, an item the target does
/// not make, a quota), in the network model's words, or nothing.
inline std::string network_scope_problem(const supply_network<real>& network, const io::limit_schedule<real>& s) {
  scenario<real> alone;
  s.add_to(alone);
  try {
    (void)chokepoint::detail::resolve_network_cuts(network, alone);
  } catch (const invalid_input& e) {
    return e.what();
  }
  return {};
}

/// The schedules of --schedule, each target and material checked against the model's
/// data (the network's, when given) at the line of its first step.
inline std::vector<io::limit_schedule<real>> load_schedules(const std::string& path, const model_inputs& in,
                                                            const supply_network<real>* network = nullptr) {
  std::vector<io::limit_schedule<real>> out = io::load_schedules<real>(path);
  for (const io::limit_schedule<real>& s : out)
    if (const std::string problem =
            network ? network_scope_problem(*network, s) : scope_problem(in, s.target, s.name, s.materials);
        !problem.empty())
      throw parse_error(path, s.lines.front(), 0, "scope: " + problem);
  return out;
}

/// The fixed cuts and quotas of --cut, the delays of --delay, the schedules of
/// --schedule, the receipts of the stock file and the alternates; the schedules checked
/// against `network` when given, else against the supply.
inline scenario<real> make_scenario(const scenario_options& s, const model_inputs& in,
                                    const supply_network<real>* network = nullptr) {
  scenario<real> sc;
  for (const std::string& text : s.cuts) parse_fixed_cut(text).add_to(sc);
  if (!s.schedule.empty())
    for (const io::limit_schedule<real>& schedule : load_schedules(s.schedule, in, network)) schedule.add_to(sc);
  for (const std::string& text : s.delays) sc.add(parse_delay(text, false).at());
  for (const scheduled_receipt<real>& r : in.receipts) sc.add(r);
  for (const alternate_supply<real>& a : in.alternates) sc.add(a);
  return sc;
}

/// The library's options (disruption_options, risk_index_options, sweep_options) with
/// the horizon, the policy and, where they have them, the threads of `e`.
template <class Options>
[[nodiscard]] Options make_options(const evaluation_options& e) {
  Options o;
  o.horizon = parse_days("--horizon", e.horizon);
  o.policy = parse_policy(e.policy);
  if constexpr (requires { o.threads; }) o.threads = parse_threads(e.threads);
  return o;
}

}  // namespace chokepoint::cli
