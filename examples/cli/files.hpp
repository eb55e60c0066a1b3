// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The input files that several subcommands read (the BOM, the supply, the demand, a
// network's sources and sites): each option registered by one function, so that its
// name, its help (the file's columns) and its being required are the same everywhere,
// and the BOM, the supply and the network loaded and refused when empty by one function
// each.

#include "common.hpp"

#include <chokepoint/bom.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/io/load.hpp>
#include <chokepoint/io/network.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/supply_network.hpp>

#include <CLI/CLI.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace chokepoint::cli {

inline void add_bom_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--bom", path, "BOM CSV: parent,child,quantity[,scrap]")->required();
}

inline void add_supply_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--supply", path, "supply CSV: material,supplier,country,volume")->required();
}

inline void add_demand_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--demand", path, "demand CSV: product,rate[,priority][,margin]")->required();
}

/// --other: what a supply row named "Other" (a published table's remainder) is.
inline void add_other_option(CLI::App& cmd, std::string& other) {
  cmd.add_option("--other", other,
                 "treat supply rows named Other as one producer, or as an unknown remainder with HHI bounds")
      ->check(CLI::IsMember({"producer", "unknown"}));
}

/// --strict: a supply row that no analysis can use (its material is not a material of
/// the BOM) is an error instead of a warning.
inline void add_strict_option(CLI::App& cmd, bool& strict) {
  cmd.add_flag("--strict", strict,
               "refuse supply rows whose material is not a material of the BOM (default: warn and leave them out)");
}

/// The files of a multi-tier network; empty: not given.
struct network_files {
  std::string sources, sites;
};

/// --sources and --sites (which needs --sources); returns --sources.
inline CLI::Option* add_network_options(CLI::App& cmd, network_files& f) {
  CLI::Option* sources =
      cmd.add_option("--sources", f.sources,
                     "sources CSV: item,source,country,capacity[,customers]: a multi-tier network instead of "
                     "--supply, a source with a capacity (units of the item a day) at any item of the BOM, serving "
                     "only the customers listed (;-separated) when given; the time-to-survive and the binding items "
                     "only, the per-line cascade is not modelled on networks yet")
          ->type_name("FILE");
  cmd.add_option("--sites", f.sites,
                 "sites CSV: site,source[,capacity[,items]]: nodes of one source cut as one (site:NAME in --cut), "
                 "sharing a capacity a day when given (items ;-separated; empty: all the source's)")
      ->type_name("FILE")
      ->needs(sources);
  return sources;
}

/// A required file that holds a header and no rows is refused: every table would be
/// empty or zero, which reads as "nothing is at risk" (e.g. an export that matched
/// nothing). Optional files (stock, alternates, values) may be empty: none of them.
inline void require_rows(const std::string& option, const std::string& path, std::size_t rows) {
  if (rows == 0) throw invalid_input(option + " " + path + ": no rows, only a header");
}

/// The BOM of --bom.
inline bill_of_materials<real> load_bom_option(const std::string& path) {
  bill_of_materials<real> bom = io::load_bom<real>(path);
  require_rows("--bom", path, bom.item_count());
  return bom;
}

/// The supply of --supply, its rows named "Other" as --other says (`other`, empty: a
/// supplier like any other).
inline supply_base<real> load_supply_option(const std::string& path, const std::string& other) {
  std::optional<other_rows> rows;
  if (other == "producer") rows = other_rows::producer;
  else if (other == "unknown") rows = other_rows::unknown_remainder;
  supply_base<real> supply = io::load_supply<real>(path, rows);
  require_rows("--supply", path, supply.material_count());
  return supply;
}

/// The network of --sources and --sites on `bom`, which must outlive it.
inline supply_network<real> load_network_option(const bill_of_materials<real>& bom, const network_files& f) {
  supply_network<real> net =
      f.sites.empty() ? io::load_network<real>(bom, f.sources) : io::load_network<real>(bom, f.sources, f.sites);
  require_rows("--sources", f.sources, net.node_count());
  return net;
}

}  // namespace chokepoint::cli
