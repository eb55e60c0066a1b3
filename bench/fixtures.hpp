// SPDX-License-Identifier: MIT
// Inputs shared by the benchmarks: generated once per size and kept for the whole run,
// so that no benchmark pays for generation, name interning or validation.
#pragma once

#include <chokepoint/bom.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/testing/generate.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace chokepoint::bench {

/// The seed of every benchmark input (the README's figures are for this seed).
inline constexpr std::uint64_t seed = 20260101;

struct bom_fixture {
  bill_of_materials<double> bom;
  std::vector<double> demand;  ///< by BOM item id: the generated product rates
  std::size_t items = 0;
  std::size_t edges = 0;
};

/// The generated BOM of `items` items, built once per size.
inline const bom_fixture& bom_of_size(std::size_t items) {
  static std::map<std::size_t, std::unique_ptr<bom_fixture>> cache;
  auto& slot = cache[items];
  if (!slot) {
    const auto g = testing::generate_supply_chain(items, seed);
    slot = std::make_unique<bom_fixture>();
    slot->bom = testing::make_bill_of_materials<double>(g);
    slot->demand.assign(slot->bom.item_count(), 0.0);
    for (std::size_t k = 0; k < g.products.size(); ++k)
      slot->demand[slot->bom.id(testing::item_name(g, g.products[k]))] = g.demand[k];
    slot->items = slot->bom.item_count();
    slot->edges = slot->bom.edge_count();
  }
  return *slot;
}

/// A supply base of about `rows` rows (generate_supply: 3.14 rows per material).
inline const supply_base<double>& supply_of_rows(std::size_t rows) {
  static std::map<std::size_t, std::unique_ptr<supply_base<double>>> cache;
  auto& slot = cache[rows];
  if (!slot) {
    const auto table = testing::generate_supply(rows * 100 / 314, seed);
    slot = std::make_unique<supply_base<double>>(testing::make_supply_base<double>(table));
  }
  return *slot;
}

/// Counters every BOM benchmark reports: its size and the frozen structure's footprint.
inline void report_bom(benchmark::State& state, const bom_fixture& f) {
  state.counters["items"] = static_cast<double>(f.items);
  state.counters["edges"] = static_cast<double>(f.edges);
  state.counters["bom_bytes_per_edge"] = static_cast<double>(f.bom.memory_bytes()) / static_cast<double>(f.edges);
}

}  // namespace chokepoint::bench
