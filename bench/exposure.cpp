// SPDX-License-Identifier: MIT
// Exposure of every product and material of the generated 1e5-item supply chain: the
// requirement matrix, value baskets, country exposure, product HHI and the single /
// dominant shares, with the chain's own demand. The BOM and supply base are built once.
#include "fixtures.hpp"

#include <chokepoint/exposure.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace {

using namespace chokepoint;

struct exposure_fixture {
  supply_base<double> supply;
  exposure_options<double> options;
};

// The supply base of the same generated chain as bench::bom_of_size (same seed), and
// the products' demand by item id.
const exposure_fixture& exposure_inputs(std::size_t items) {
  static std::map<std::size_t, std::unique_ptr<exposure_fixture>> cache;
  auto& slot = cache[items];
  if (!slot) {
    const auto g = testing::generate_supply_chain(items, bench::seed);
    slot = std::make_unique<exposure_fixture>();
    slot->supply = testing::make_supply_base<double>(g);
    const auto& f = bench::bom_of_size(items);
    slot->options.demand = f.demand;
  }
  return *slot;
}

void exposure_all_products(benchmark::State& state) {
  const auto items = static_cast<std::size_t>(state.range(0));
  const auto& f = bench::bom_of_size(items);
  const auto& in = exposure_inputs(items);
  std::size_t basket_entries = 0;
  for (auto _ : state) {
    const auto report = exposure(f.bom, in.supply, in.options);
    basket_entries = 0;
    for (const auto& p : report.products) basket_entries += p.basket.size();
    benchmark::DoNotOptimize(report.total_demand_value);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(f.bom.products().size()));
  state.counters["products"] = static_cast<double>(f.bom.products().size());
  state.counters["materials"] = static_cast<double>(f.bom.materials().size());
  state.counters["basket_entries"] = static_cast<double>(basket_entries);
  bench::report_bom(state, f);
}
BENCHMARK(exposure_all_products)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
