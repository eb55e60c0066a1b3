// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint concentration: HHI and friends per material, by supplier or by country,
// with the DOJ/FTC 2023 band of each.

#include "common.hpp"
#include "files.hpp"

#include <chokepoint/policy.hpp>
#include <chokepoint/supply.hpp>

#include <map>

namespace chokepoint::cli {

namespace {

struct concentration_options {
  std::string supply;
  std::string by = "country";
  std::string other;
  bool json = false;
};

void run(const concentration_options& o) {
  const auto supply = load_supply_option(o.supply, o.other);
  const grouping g = o.by == "supplier" ? grouping::supplier : grouping::country;
  const auto report = supply.report(g);

  if (o.json) {
    json out{{"grouping", o.by}, {"materials", json::array()}};
    for (const auto& m : report) {
      json row{{"material", m.material_name},
               {"sources", m.sources},
               {"hhi", m.hhi_points},
               {"hhi_fraction", m.hhi},
               {"hhi_normalized", m.normalized_hhi},
               {"effective_sources", m.effective_sources},
               {"cr1", m.cr1},
               {"cr3", m.cr3},
               {"largest", m.largest},
               {"largest_share", m.largest_share},
               {"band", classify(doj_ftc_2023, m.hhi_points).band}};
      if (m.remainder > 0) {
        row["unknown_remainder"] = m.remainder;
        row["hhi_bounds"] = {to_points(m.hhi_lower), to_points(m.hhi_upper)};  // points, like "hhi"
        row["hhi_fraction_bounds"] = {m.hhi_lower, m.hhi_upper};
      }
      out["materials"].push_back(std::move(row));
    }
    std::cout << out.dump(2) << '\n';
    return;
  }
  text_table t({"material", "sources", "HHI", "N_eff", "CR1", "CR3", "largest", "band (DOJ/FTC 2023)"});
  for (const auto& m : report)
    t.add({m.material_name, std::to_string(m.sources), fixed(m.hhi_points, 0), fixed(m.effective_sources),
           percent(m.cr1), percent(m.cr3), m.largest + " " + percent(m.largest_share),
           classify(doj_ftc_2023, m.hhi_points).band});
  std::cout << "Concentration by " << o.by << " (" << o.supply << ")\n";
  t.print(std::cout);
}

}  // namespace

void add_concentration(CLI::App& app) {
  auto o = std::make_shared<concentration_options>();
  auto* cmd = app.add_subcommand("concentration", "HHI, effective number of sources and CR-k per material");
  add_supply_option(*cmd, o->supply);
  cmd->add_option("--by", o->by, "group sources by supplier or by country")
      ->check(CLI::IsMember({"supplier", "country"}))
      ->capture_default_str();
  cmd->add_option("--other", o->other,
                  "treat rows named Other as one producer, or as an unknown remainder with HHI bounds")
      ->check(CLI::IsMember({"producer", "unknown"}));
  add_json_flag(*cmd, o->json);
  cmd->callback([o] { run(*o); });
}

}  // namespace chokepoint::cli
