// SPDX-License-Identifier: MIT
// Supplier-level and country-level HHI of every material of a supply base of 1e7 rows
// (about 3.2 million materials). The supply base is built once; the loop asks the
// public hhi() for both groupings of every material.
#include "fixtures.hpp"

#include <chokepoint/supply.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace {

using namespace chokepoint;

void hhi_supplier_and_country(benchmark::State& state) {
  const auto& base = bench::supply_of_rows(static_cast<std::size_t>(state.range(0)));
  const std::size_t materials = base.material_count();
  std::vector<double> by_supplier(materials), by_country(materials);
  for (auto _ : state) {
    for (material_id m = 0; m < materials; ++m) {
      by_supplier[m] = base.hhi(m, grouping::supplier);
      by_country[m] = base.hhi(m, grouping::country);
    }
    benchmark::DoNotOptimize(by_supplier.data());
    benchmark::DoNotOptimize(by_country.data());
    benchmark::ClobberMemory();
  }
  // Streamed per iteration, per grouping: offsets (8 per material), ids (4) and shares
  // (8) per entry, and the result (8 per material).
  const auto rows = static_cast<std::int64_t>(base.sources().suppliers.size());
  std::int64_t streamed = 0;
  for (const grouping g : {grouping::supplier, grouping::country})
    streamed += static_cast<std::int64_t>(16 * materials + 12 * base.groups(g).ids.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * rows);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * streamed);
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["materials"] = static_cast<double>(materials);
  state.counters["bytes_per_iteration"] = static_cast<double>(streamed);
}
BENCHMARK(hhi_supplier_and_country)->Arg(10000000)->Unit(benchmark::kMillisecond);

}  // namespace
