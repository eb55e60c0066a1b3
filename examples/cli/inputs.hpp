// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The inputs of the disruption subcommands (survive, and rank and sweep next), in one
// place: the options that name a model's files and a scenario are registered on a
// subcommand with one call each, and the files are loaded and checked here, so that
// every subcommand spells its options and reports bad input the same way.
//
//   auto files = std::make_shared<model_files>();
//   add_model_options(*cmd, *files);          // --bom --supply --demand --stock --alternates
//   add_scenario_options(*cmd, *scenario);    // --cut ... --policy --horizon
//   ...
//   const model_inputs in = load_model(*files);
//   const disruption_model<real> model = make_model(in);   // `in` must outlive `model`
//
// Argument errors are invalid_input with the option's name first, e.g.
// "--horizon: must be a finite number >= 0, got -1"; main() prints them on one line.

#include "common.hpp"

#include <chokepoint/bom.hpp>
#include <chokepoint/cut_spec.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/io/alternates.hpp>
#include <chokepoint/io/load.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chokepoint::cli {

/// The files of a supply network. Empty: not given (stock: none; alternates: none).
struct model_files {
  std::string bom, supply, demand, stock, alternates;
  std::string other;  ///< "producer" or "unknown": what a supply row named "Other" is
};

/// A model's data, loaded and checked, every per-item vector indexed by item id.
struct model_inputs {
  bill_of_materials<real> bom;
  supply_base<real> supply;
  io::demand_plan<real> demand;
  std::vector<real> stock;  ///< zeros without a stock file
  std::vector<alternate_supply<real>> alternates;
};

/// --other: what a supply row named "Other" (a published table's remainder) is.
inline void add_other_option(CLI::App& cmd, std::string& other) {
  cmd.add_option("--other", other,
                 "treat supply rows named Other as one producer, or as an unknown remainder with HHI bounds")
      ->check(CLI::IsMember({"producer", "unknown"}));
}

/// --bom, --supply, --demand (required), --stock, --alternates, --other.
inline void add_model_options(CLI::App& cmd, model_files& f) {
  cmd.add_option("--bom", f.bom, "BOM CSV: parent,child,quantity[,scrap]")->required();
  cmd.add_option("--supply", f.supply, "supply CSV: material,supplier,country,volume")->required();
  cmd.add_option("--demand", f.demand, "demand CSV: product,rate[,priority][,margin]")->required();
  cmd.add_option("--stock", f.stock, "stock CSV: item,on_hand[,in_transit] (no stock if omitted)");
  cmd.add_option("--alternates", f.alternates,
                 "alternates CSV: material,supplier,country,capacity,lead_time[,ramp] (new sources; never cut)");
  add_other_option(cmd, f.other);
}

inline std::optional<other_rows> other_choice(const std::string& other) {
  if (other == "producer") return other_rows::producer;
  if (other == "unknown") return other_rows::unknown_remainder;
  return std::nullopt;
}

/// Alternates read from `path`, each for a material (a leaf) of the BOM; an unknown
/// name is an error naming the file and line, as io::load_* do for items.
inline std::vector<alternate_supply<real>> load_alternates(const std::string& path,
                                                           const bill_of_materials<real>& bom) {
  std::vector<alternate_supply<real>> out;
  io::for_each_alternate_record<real>(path, [&](const io::alternate_record<real>& r) {
    const auto id = bom.find(r.material);
    if (!id || bom.kind(*id) != item_kind::material)
      throw parse_error(path, r.line, 0,
                        "unknown material '" + r.material + "' (not a material of the bill of materials)");
    out.push_back({r.material, r.capacity, r.lead_time, r.ramp});
  });
  return out;
}

/// Loads every file of `f` (the BOM first: the other files name its items).
inline model_inputs load_model(const model_files& f) {
  model_inputs in;
  in.bom = io::load_bom<real>(f.bom);
  in.supply = io::load_supply<real>(f.supply, other_choice(f.other));
  in.demand = io::load_demand<real>(f.demand, in.bom);
  in.stock = f.stock.empty() ? std::vector<real>(in.bom.item_count(), real(0)) : io::load_stock<real>(f.stock, in.bom);
  if (!f.alternates.empty()) in.alternates = load_alternates(f.alternates, in.bom);
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
  std::vector<std::string> cuts;
  std::string policy = "equal";
  std::string horizon = "365";
};

/// --cut (required, repeatable), --policy, --horizon.
inline void add_scenario_options(CLI::App& cmd, scenario_options& s) {
  cmd.add_option("--cut", s.cuts,
                 "a cut KIND:NAME=FRACTION[@START[:END]], KIND country or supplier, days from the start "
                 "(e.g. country:CN=0.9, 'supplier:Acme=1@30:120'); repeat for more")
      ->required()
      ->allow_extra_args(false);
  cmd.add_option("--policy", s.policy,
                 "which lines stop when a material runs short: equal (every line drawing on it) or priority "
                 "(the lowest priority first)")
      ->check(CLI::IsMember({"equal", "priority"}));
  cmd.add_option("--horizon", s.horizon, "days to look ahead (default 365)");
}

/// A number of days: finite and >= 0, written in C's decimal notation.
inline real parse_days(const std::string& option, const std::string& text) {
  const auto fail = [&]() -> real {
    throw invalid_input(option + ": must be a finite number >= 0, got " + (text.empty() ? "nothing" : text));
  };
  // Plain decimal notation only (strtod would also take hexadecimal and leading spaces).
  if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string::npos) return fail();
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value) || !(value >= 0))
    return fail();
  return value;
}

inline cascade_policy parse_policy(const std::string& text) {
  return text == "priority" ? cascade_policy::priority : cascade_policy::equal;
}

/// The fixed cuts of --cut (a range of fractions is for sweeps) and the alternates.
inline scenario<real> make_scenario(const scenario_options& s, const model_inputs& in) {
  scenario<real> sc;
  for (const std::string& text : s.cuts) {
    const cut_spec<real> spec = parse_cut_spec<real>(text);
    if (spec.is_range())
      throw invalid_input("--cut '" + text + "': a range of fractions is for sweeps; give one fraction");
    sc.add(spec.at());
  }
  for (const alternate_supply<real>& a : in.alternates) sc.add(a);
  return sc;
}

inline disruption_options<real> make_options(const scenario_options& s) {
  disruption_options<real> o;
  o.horizon = parse_days("--horizon", s.horizon);
  o.policy = parse_policy(s.policy);
  return o;
}

}  // namespace chokepoint::cli
