// SPDX-License-Identifier: MIT
// Where-used of the most widely used raw material of the 1e6-item BOM, with scratch
// space reused across calls (where_used_workspace): the cost of a series of queries.
// explosion.cpp times the same query with fresh scratch space per call.
#include "fixtures.hpp"

#include <chokepoint/explosion.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>

namespace {

using namespace chokepoint;

void where_used_reusing_workspace(benchmark::State& state) {
  const auto& f = bench::bom_of_size(static_cast<std::size_t>(state.range(0)));
  const auto materials = f.bom.materials();
  const item_id item = *std::max_element(materials.begin(), materials.end(), [&](item_id a, item_id b) {
    return f.bom.parents(a).size() < f.bom.parents(b).size();
  });
  where_used_workspace<double> workspace;
  std::size_t products = 0;
  for (auto _ : state) {
    const auto used = chokepoint::where_used(f.bom, item, workspace);
    products = used.size();
    benchmark::DoNotOptimize(used.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(products));
  state.counters["direct_parents"] = static_cast<double>(f.bom.parents(item).size());
  state.counters["products_using_it"] = static_cast<double>(products);
  bench::report_bom(state, f);
}
BENCHMARK(where_used_reusing_workspace)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
