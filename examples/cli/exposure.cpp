// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint exposure: how each product's inputs depend on countries and on single
// sources, through the bill of materials (docs/model.md, Exposure), weighted by unit values.

#include "common.hpp"
#include "files.hpp"
#include "inputs.hpp"

#include <chokepoint/exposure.hpp>
#include <chokepoint/io/load.hpp>

#include <memory>

namespace chokepoint::cli {

namespace {

struct exposure_files {
  std::string bom, supply, values, other;
  bool strict = false;
  bool json = false;
};

json material_names(const bill_of_materials<real>& bom, const std::vector<item_id>& ids) {
  json out = json::array();
  for (const item_id m : ids) out.push_back(std::string(bom.name(m)));
  return out;
}

std::string name_list(const bill_of_materials<real>& bom, const std::vector<item_id>& ids) {
  std::string out;
  for (const item_id m : ids) out += (out.empty() ? "" : ", ") + std::string(bom.name(m));
  return out.empty() ? "-" : out;
}

/// Without unit values every unit is worth 1, and a basket of several materials adds
/// their quantities (kilograms to pieces): a warning names the products that do.
void warn_unvalued(const exposure_report<real>& report) {
  std::vector<std::string> mixed;
  for (const auto& p : report.products)
    if (p.basket.size() > 1) mixed.push_back(p.name);
  if (mixed.empty()) return;
  constexpr std::size_t shown = 5;
  std::string names;
  for (std::size_t k = 0; k < mixed.size() && k < shown; ++k) names += (k ? ", " : "") + mixed[k];
  if (mixed.size() > shown) names += ", ...";
  std::cerr << "chokepoint: warning: without --values every unit is worth 1: the shares of " << mixed.size()
            << (mixed.size() == 1 ? " product (" : " products (") << names
            << ") add quantities of different materials, whatever their units; give unit values with --values\n";
}

void run(const exposure_files& o) {
  const auto bom = load_bom_option(o.bom);
  const auto supply = load_supply_option(o.supply, o.other);
  exposure_options<real> options;
  if (!o.values.empty()) options.unit_values = io::load_values<real>(o.values, bom);
  const auto report = exposure(bom, supply, options);
  report_unmatched(o.supply, bom, report.unmatched, o.strict);
  if (o.values.empty()) warn_unvalued(report);
  const auto country = [&report](country_id c) { return report.country_names.at(c); };

  if (o.json) {
    json products = json::array();
    for (const auto& p : report.products) {
      json countries = json::object();
      for (const auto& e : p.countries) countries[country(e.country)] = e.share;
      products.push_back({{"product", p.name},
                          {"country_exposure", std::move(countries)},
                          {"unknown_origin", p.unknown_origin},
                          {"hhi", p.hhi_points},
                          {"hhi_upper", 10000 * p.hhi_upper},
                          {"single_source_share", p.single_source_share},
                          {"single_source_materials", material_names(bom, p.single_source_materials)},
                          {"single_country_share", p.single_country_share},
                          {"single_country_materials", material_names(bom, p.single_country_materials)},
                          {"dominant_country_share", p.dominant_country_share},
                          {"dominant_country_materials", material_names(bom, p.dominant_country_materials)},
                          {"unsourced_materials", material_names(bom, p.unsourced_materials)},
                          {"input_value", p.input_value}});
    }
    json materials = json::array();
    for (const auto& m : report.materials) {
      json countries = json::object();
      for (const auto& e : m.countries) countries[country(e.country)] = e.share;
      materials.push_back({{"material", m.name},
                           {"unit_value", m.unit_value},
                           {"countries", std::move(countries)},
                           {"unknown_share", m.unknown_share},
                           {"suppliers", m.suppliers},
                           {"single_source", m.single_source},
                           {"single_country", m.single_country},
                           {"dominant_country", m.dominant_country ? json(country(*m.dominant_country)) : json()},
                           {"unsourced", m.unsourced()}});
    }
    std::cout << json{{"dominant_threshold", report.dominant_threshold},
                      {"products", std::move(products)},
                      {"materials", std::move(materials)},
                      {"unmatched", unmatched_json(o.supply, bom, report.unmatched)}}
                     .dump(2)
              << '\n';
    return;
  }

  std::cout << "Exposure of each product through its bill of materials (" << o.bom << ", " << o.supply
            << (o.values.empty() ? ", every unit valued 1" : ", values " + o.values) << ")\n";
  text_table t({"product", "HHI", "largest country", "single-source", "single-country",
                "dominant (>" + percent(report.dominant_threshold) + ")", "unknown origin"});
  for (const auto& p : report.products) {
    const std::string largest =
        p.countries.empty() ? "-" : country(p.countries.front().country) + " " + percent(p.countries.front().share);
    t.add({p.name, fixed(p.hhi_points, 0), largest, percent(p.single_source_share), percent(p.single_country_share),
           percent(p.dominant_country_share), percent(p.unknown_origin)});
  }
  t.print(std::cout);
  std::cout << (o.values.empty()
                    ? "(shares of each product's inputs per unit, their quantities added as they are)\n\n"
                    : "(shares of the value of each product's inputs per unit: quantity x unit value)\n\n");
  text_table lists({"product", "single-source materials", "single-country materials"});
  for (const auto& p : report.products)
    lists.add({p.name, name_list(bom, p.single_source_materials), name_list(bom, p.single_country_materials)});
  lists.print(std::cout);
  if (!report.unsourced.empty())
    std::cout << "\nNo source in " << o.supply << " (unknown origin): " << name_list(bom, report.unsourced) << '\n';
}

}  // namespace

void add_exposure(CLI::App& app) {
  auto o = std::make_shared<exposure_files>();
  auto* cmd = app.add_subcommand("exposure", "country exposure, HHI and single-source shares of every product");
  add_bom_option(*cmd, o->bom);
  add_supply_option(*cmd, o->supply);
  cmd->add_option("--values", o->values, "unit values CSV: item,unit_value (every material 1 if omitted)");
  add_other_option(*cmd, o->other);
  add_strict_option(*cmd, o->strict);
  add_json_flag(*cmd, o->json);
  cmd->callback([o] { run(*o); });
}

}  // namespace chokepoint::cli
