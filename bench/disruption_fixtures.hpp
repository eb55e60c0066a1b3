// SPDX-License-Identifier: MIT
// The disruption benchmarks' inputs (a model over the generated chain of bom_of_size)
// and scenarios, shared by bench/disruption.cpp and the digest of bench/digest.cpp.
#pragma once

#include "fixtures.hpp"

#include <chokepoint/disruption.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/sweep.hpp>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace chokepoint::bench {

// CPU time of the calling thread: the ratios below compare work, which the other
// processes of a shared machine do not distort as they do wall time.
inline double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The bill of materials of bom_of_size with the supply base and stock generated with
// it, and a model over them; built once per size.
struct disruption_fixture {
  const bench::bom_fixture* bom = nullptr;
  supply_base<double> supply;
  std::vector<double> stock;
  std::unique_ptr<disruption_model<double>> model;
  double explode_seconds = 0.0;  // CPU time of one explosion of all demand on one thread (mean of five)
};

inline const disruption_fixture& fixture_of_size(std::size_t items) {
  static std::map<std::size_t, std::unique_ptr<disruption_fixture>> cache;
  auto& slot = cache[items];
  if (slot) return *slot;
  slot = std::make_unique<disruption_fixture>();
  disruption_fixture& f = *slot;
  f.bom = &bom_of_size(items);
  const auto g = testing::generate_supply_chain(items, seed);
  f.supply = testing::make_supply_base<double>(g);
  f.stock.assign(f.bom->items, 0.0);
  for (std::uint32_t i = 0; i < g.item_count(); ++i) f.stock[f.bom->bom.id(testing::item_name(g, i))] = g.stock[i];
  f.model = std::make_unique<disruption_model<double>>(f.bom->bom, f.supply, f.bom->demand, f.stock);
  std::vector<double> gross(f.bom->items);
  const double start = thread_seconds();
  for (int k = 0; k < 5; ++k) {
    explode(f.bom->bom, std::span<const double>(f.bom->demand), std::span<double>(gross), 1);
    benchmark::DoNotOptimize(gross.data());
  }
  f.explode_seconds = (thread_seconds() - start) / 5;
  return f;
}

inline scenario<double> half_of_china() {
  scenario<double> sc;
  sc.cut_country("CN", 0.5);
  return sc;
}

// The scenarios of sweep/N: the most popular supplier (most materials) cut, and an
// alternate for its material with the largest planned rate at half that rate.
inline sweep_spec<double> supplier_sweep(const disruption_fixture& f, std::size_t samples) {
  const supply_base<double>& s = f.supply;
  std::vector<std::size_t> materials(s.supplier_count(), 0);
  const auto& bom = f.bom->bom;
  const auto mats = bom.materials();
  for (const item_id m : mats)
    if (const auto sm = s.find(bom.name(m)))
      for (const supplier_id k : s.source_suppliers(*sm)) ++materials[k];
  const auto top = static_cast<supplier_id>(std::max_element(materials.begin(), materials.end()) - materials.begin());
  std::string largest;
  double rate = -1.0;
  const auto planned = f.model->planned_rates();
  for (std::size_t m = 0; m < mats.size(); ++m) {
    const auto sm = s.find(bom.name(mats[m]));
    if (!sm) continue;
    const auto sup = s.source_suppliers(*sm);
    if (std::find(sup.begin(), sup.end(), top) != sup.end() && planned[m] > rate) {
      rate = planned[m];
      largest = std::string(bom.name(mats[m]));
    }
  }
  sweep_spec<double> spec;
  spec.samples = samples;
  spec.seed = seed;
  cut_spec<double> cut;
  cut.target = cut_target::supplier;
  cut.name = s.supplier_name(top);
  cut.fraction_low = 0.5;
  cut.fraction_high = 1.0;
  spec.add_cut(cut, value_range<double>{0.0, 30.0}, value_range<double>{30.0, 180.0});
  spec.add_alternate({largest, rate / 2, 0.0, 10.0}, value_range<double>{20.0, 90.0});
  return spec;
}

// sweep/N's spec as export controls: the supplier's cut scoped to half the materials it
// sells (every other one, by name), a quota of half the plan on its largest material
// from day 0 to 90 at a level drawn from 0..rate/2, and a shipping delay of 0..40 days.
// With `stock` 1, also all stock times 0.5..1.5 (one model in each scenario's units);
// with 2, the stock of the raw materials only (a model of each scenario's own plan).
inline sweep_spec<double> controls_sweep(const disruption_fixture& f, std::size_t samples, int stock) {
  sweep_spec<double> spec = supplier_sweep(f, samples);
  const supply_base<double>& s = f.supply;
  const auto& bom = f.bom->bom;
  const std::string supplier = spec.cuts.front().cut.name;
  const auto top = *s.find_supplier(supplier);
  std::vector<std::string> sold;
  for (const item_id m : bom.materials())
    if (const auto sm = s.find(bom.name(m))) {
      const auto sup = s.source_suppliers(*sm);
      if (std::find(sup.begin(), sup.end(), top) != sup.end()) sold.emplace_back(bom.name(m));
    }
  std::sort(sold.begin(), sold.end());
  for (std::size_t k = 0; k < sold.size(); k += 2) spec.cuts.front().cut.materials.push_back(sold[k]);
  const alternate_supply<double> alt = spec.alternates.front().alternate;
  cut_spec<double> quota;
  quota.kind = limit_kind::quota;
  quota.target = cut_target::supplier;
  quota.name = supplier;
  quota.materials = {alt.material};
  quota.fraction_low = 0.0;
  quota.fraction_high = alt.capacity;
  quota.end = 90.0;
  spec.add_cut(quota);
  spec.delays.push_back({shipping_delay<double>{cut_target::supplier, supplier, 0.0}, value_range<double>{0.0, 40.0}});
  if (stock == 1) spec.stock_scales.push_back({{}, value_range<double>{0.5, 1.5}});
  if (stock == 2) {
    std::vector<std::string> materials;
    for (const item_id m : bom.materials()) materials.emplace_back(bom.name(m));
    spec.stock_scales.push_back({std::move(materials), value_range<double>{0.5, 1.5}});
  }
  return spec;
}

}  // namespace chokepoint::bench
