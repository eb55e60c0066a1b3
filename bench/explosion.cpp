// SPDX-License-Identifier: MIT
// Explosion, where-used and the requirement matrix on generated BOMs (1e3 to 1e6 items,
// about 5.2 edges per item). Inputs are built once (fixtures.hpp); the timed loops
// allocate nothing except inside library calls that return containers.
#include "fixtures.hpp"

#include <chokepoint/explosion.hpp>
#include <chokepoint/requirement_matrix.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace {

using namespace chokepoint;

// Gross requirements of every product's daily demand: one sweep over the parents CSR
// in topological order, level by level on every core from 65,536 items on (wall time;
// `threads` says how many). Bytes streamed per sweep: demand and gross (8 + 8 per item),
// parent offsets (4 per item), parent ids and quantities (4 + 8 per edge); the reads of
// gross[parent] are gathers that the counter does not count, so bytes_per_second is a
// lower bound on the memory traffic, to compare with stream_triad.
void explode_all_demand(benchmark::State& state) {
  const auto& f = bench::bom_of_size(static_cast<std::size_t>(state.range(0)));
  std::vector<double> gross(f.items);
  const std::span<const double> demand(f.demand);
  for (auto _ : state) {
    explode(f.bom, demand, std::span<double>(gross));
    benchmark::DoNotOptimize(gross.data());
    benchmark::ClobberMemory();
  }
  const auto streamed = static_cast<std::int64_t>(20 * f.items + 12 * f.edges);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(f.items));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * streamed);
  state.counters["bytes_per_iteration"] = static_cast<double>(streamed);
  state.counters["edges_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(f.edges), benchmark::Counter::kIsRate);
  state.counters["threads"] =
      static_cast<double>(detail::explosion_workers(f.bom.item_count(), f.bom.level_count(), 0));
  bench::report_bom(state, f);
}
BENCHMARK(explode_all_demand)->Arg(1000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Where-used of the most widely used raw material: the heaviest implosion in the BOM.
// query(bom, item) runs it once: with scratch space made per call (where_used), or
// reused across calls (where_used_reusing_workspace), the cost of a series of queries.
template <class Query>
void time_where_used(benchmark::State& state, Query&& query) {
  const auto& f = bench::bom_of_size(static_cast<std::size_t>(state.range(0)));
  const auto materials = f.bom.materials();
  const item_id item = *std::max_element(materials.begin(), materials.end(), [&](item_id a, item_id b) {
    return f.bom.parents(a).size() < f.bom.parents(b).size();
  });
  std::size_t products = 0;
  for (auto _ : state) {
    const auto used = query(f.bom, item);
    products = used.size();
    benchmark::DoNotOptimize(used.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(products));
  state.counters["direct_parents"] = static_cast<double>(f.bom.parents(item).size());
  state.counters["products_using_it"] = static_cast<double>(products);
  bench::report_bom(state, f);
}

void where_used(benchmark::State& state) {
  time_where_used(state,
                  [](const bill_of_materials<double>& bom, item_id item) { return chokepoint::where_used(bom, item); });
}
BENCHMARK(where_used)->Arg(1000000)->Unit(benchmark::kMillisecond);

void where_used_reusing_workspace(benchmark::State& state) {
  where_used_workspace<double> workspace;
  time_where_used(state, [&workspace](const bill_of_materials<double>& bom, item_id item) {
    return chokepoint::where_used(bom, item, workspace);
  });
}
BENCHMARK(where_used_reusing_workspace)->Arg(1000000)->Unit(benchmark::kMillisecond);

// The products x materials matrix of exploded quantities (a column of (I - N)^-1 per
// product, restricted to materials), built as an Eigen sparse matrix.
void requirement_matrix(benchmark::State& state) {
  const auto& f = bench::bom_of_size(static_cast<std::size_t>(state.range(0)));
  std::int64_t nonzeros = 0;
  for (auto _ : state) {
    const auto r = chokepoint::requirement_matrix(f.bom);
    nonzeros = r.nonZeros();
    benchmark::DoNotOptimize(r.valuePtr());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(f.bom.products().size()));
  state.counters["products"] = static_cast<double>(f.bom.products().size());
  state.counters["nonzeros"] = static_cast<double>(nonzeros);
  bench::report_bom(state, f);
}
BENCHMARK(requirement_matrix)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
