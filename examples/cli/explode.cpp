// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// chokepoint explode: gross requirements of every item for the demand, and with stock
// the net requirements (MRP netting).

#include "common.hpp"
#include "files.hpp"

#include <chokepoint/explosion.hpp>
#include <chokepoint/io/load.hpp>

namespace chokepoint::cli {

namespace {

struct explode_options {
  std::string bom, demand, stock;
  bool json = false;
};

void run(const explode_options& o) {
  const auto bom = load_bom_option(o.bom);
  const auto plan = io::load_demand<real>(o.demand, bom);
  const auto gross = explode(bom, std::span<const real>(plan.rate));
  std::optional<netting<real>> net;
  if (!o.stock.empty()) {
    // All the stock, what is in transit included, whenever it arrives.
    io::stock_plan<real> stock = io::load_stock_plan<real>(o.stock, bom);
    for (const scheduled_receipt<real>& r : stock.receipts) {
      real& held = stock.on_hand[bom.id(r.material)];
      held = held + r.quantity;
    }
    net = net_requirements(bom, std::span<const real>(plan.rate), std::span<const real>(stock.on_hand));
  }
  if (o.json) {
    json items = json::array();
    for (item_id i = 0; i < bom.item_count(); ++i) {
      json row{{"item", bom.name(i)}, {"kind", to_string(bom.kind(i))}, {"level", bom.level(i)}, {"gross", gross[i]}};
      if (net) row["net"] = net->net[i];
      items.push_back(std::move(row));
    }
    json units{{"gross", "units of the item per day of demand"}};
    if (net) units["net"] = "units: one day's gross requirement less all stock, netted from the top down";
    std::cout << json{{"units", std::move(units)}, {"items", std::move(items)}}.dump(2) << '\n';
    return;
  }
  std::vector<std::string> header{"item", "kind", "level", "gross/day"};
  if (net) header.emplace_back("net of stock, 1 day");
  text_table t(header);
  for (item_id i = 0; i < bom.item_count(); ++i) {
    std::vector<std::string> row{std::string(bom.name(i)), std::string(to_string(bom.kind(i))),
                                 std::to_string(bom.level(i)), fixed(gross[i], 3)};
    if (net) row.push_back(fixed(net->net[i], 3));
    t.add(std::move(row));
  }
  t.print(std::cout);
  std::cout << "(quantities in each item's own unit, as the BOM counts it; gross/day: units a day for the demand"
            << (net ? "; net of stock: one day's gross requirement less all stock (on hand and in transit), "
                      "netted from the top down)\n"
                    : ")\n");
}

}  // namespace

void add_explode(CLI::App& app) {
  auto o = std::make_shared<explode_options>();
  auto* cmd = app.add_subcommand("explode", "gross (and net) requirements of every item for the demand");
  add_bom_option(*cmd, o->bom);
  add_demand_option(*cmd, o->demand);
  cmd->add_option("--stock", o->stock,
                  "stock CSV: item,on_hand[,in_transit][,arrival]; adds net requirements (against all the stock, in "
                  "transit included)");
  add_json_flag(*cmd, o->json);
  cmd->callback([o] { run(*o); });
}

}  // namespace chokepoint::cli
