// SPDX-License-Identifier: MIT
// Time-to-survive on generated multi-tier supply networks (network_fixtures.hpp): the
// outage of every node, one at a time, on 1,000 and 10,000 nodes, and a sweep of 1,000
// random scenarios on 1,000 nodes through the batch overload on 1 and 2 threads. The
// model is built outside the timed loops, as a user builds it once for many scenarios.
//
// network_node_outages/N/K times every K-th node's outage only: /1000/10 is the subset
// that network_node_outages_lp/1000/10 (network_lp.cpp) solves as linear programs, so
// that the two rows' per-scenario times are for the same 99 scenarios.
#include "network_fixtures.hpp"

#include <chokepoint/network_model.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <ctime>
#include <span>
#include <vector>

namespace {

using namespace chokepoint;

// Every K-th node of an N-node network cut for good, one scenario at a time.
void network_node_outages(benchmark::State& state) {
  bench::time_node_outages(
      state, [](const network_model<double>& model, const scenario<double>& sc) { return model.time_to_survive(sc); });
}
BENCHMARK(network_node_outages)->Args({1000, 1})->Args({1000, 10})->Args({10000, 1})->Unit(benchmark::kMillisecond);

// network_sweep(f, N) through the batch overload on T threads: wall time, with the CPU
// time of the whole process (every thread) per sweep as a counter.
void network_sweep(benchmark::State& state) {
  const auto& f = bench::network_of_size(1000);
  const std::vector<scenario<double>> scenarios = bench::network_sweep(f, static_cast<std::size_t>(state.range(0)));
  batch_options<double> options;
  options.threads = static_cast<unsigned>(state.range(1));
  std::size_t short_count = 0;
  double earliest = -1.0;
  const std::clock_t cpu_start = std::clock();
  for (auto _ : state) {
    const std::vector<survival<double>> r =
        f.model->time_to_survive(std::span<const scenario<double>>(scenarios), options);
    benchmark::DoNotOptimize(r.data());
    short_count = 0;
    earliest = options.horizon;
    for (const survival<double>& s : r)
      if (s.time) {
        ++short_count;
        earliest = std::min(earliest, *s.time);
      }
  }
  bench::report_scenarios(state, scenarios.size(), short_count, earliest);
  state.counters["process_cpu_seconds"] = static_cast<double>(std::clock() - cpu_start) /
                                          static_cast<double>(CLOCKS_PER_SEC) / static_cast<double>(state.iterations());
  state.counters["threads"] = static_cast<double>(options.threads);
}
BENCHMARK(network_sweep)->Args({1000, 1})->Args({1000, 2})->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
