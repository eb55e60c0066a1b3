// SPDX-License-Identifier: MIT
// Disruption engine on generated supply chains (fixtures.hpp): time-to-survive on 1e5
// and 1e6 items, the full line-down cascade on 1e5, and a sweep of 10,000 scenarios on
// 1e5. The model (planned rates, sources) is built outside the timed loops, as a user
// builds it once for many scenarios.
//
// Scenarios: time_to_survive and cascade cut 50% of the largest country (CN, about a
// fifth of all sources) for good; the sweep draws 10,000 scenarios in which the
// supplier of the most materials (232 of the 5,000) loses 50..100% of its flow from day
// 0..30 for 30..180 days while an alternate for its largest material, at half its
// planned rate, comes on line after 20..90 days (ramping up over 10). sweep_controls
// writes those scenarios as export controls (scoped cut, quota, delay), without a range
// on the stock, with one on all stock, or with one on the raw materials' stock.
#include "disruption_fixtures.hpp"

#include <chokepoint/disruption.hpp>
#include <chokepoint/sweep.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <ctime>

namespace {

using namespace chokepoint;
using bench::fixture_of_size;
using bench::half_of_china;
using bench::thread_seconds;

// System TTS (Newton steps over the whole BOM). explosion_passes: its CPU time over
// that of one explosion of all demand on the same BOM.
void time_to_survive(benchmark::State& state) {
  const auto& f = fixture_of_size(static_cast<std::size_t>(state.range(0)));
  const scenario<double> sc = half_of_china();
  disruption_model<double>::workspace ws;
  double tts = 0.0;
  const double start = thread_seconds();
  for (auto _ : state) {
    const survival<double> s = f.model->time_to_survive(sc, 365.0, ws);
    tts = s.time.value_or(-1.0);
    benchmark::DoNotOptimize(tts);
  }
  const double seconds = thread_seconds() - start;
  state.counters["tts_days"] = tts;
  state.counters["explosion_passes"] = seconds / static_cast<double>(state.iterations()) / f.explode_seconds;
  bench::report_bom(state, *f.bom);
}
BENCHMARK(time_to_survive)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

// TTS, the line-down cascade, TTR and lost production of every line.
void cascade(benchmark::State& state) {
  const auto& f = fixture_of_size(static_cast<std::size_t>(state.range(0)));
  const scenario<double> sc = half_of_china();
  disruption_model<double>::workspace ws;
  std::size_t stopped = 0;
  const double start = thread_seconds();
  for (auto _ : state) {
    const disruption_result<double> r = f.model->evaluate(sc, {365.0, cascade_policy::equal}, ws);
    stopped = static_cast<std::size_t>(
        std::count_if(r.lines.begin(), r.lines.end(), [](const line_outcome<double>& l) { return l.time_to_failure; }));
    benchmark::DoNotOptimize(stopped);
  }
  const double seconds = thread_seconds() - start;
  state.counters["lines"] = static_cast<double>(f.model->lines().size());
  state.counters["lines_stopped"] = static_cast<double>(stopped);
  state.counters["explosion_passes"] = seconds / static_cast<double>(state.iterations()) / f.explode_seconds;
  bench::report_bom(state, *f.bom);
}
BENCHMARK(cascade)->Arg(100000)->Unit(benchmark::kMillisecond);

// The counters of a sweep row: CPU time of the whole process per sweep (every thread),
// scenarios, their rate, and the median TTS.
void report_sweep(benchmark::State& state, std::clock_t cpu_start, double p50) {
  state.counters["process_cpu_seconds"] = static_cast<double>(std::clock() - cpu_start) /
                                          static_cast<double>(CLOCKS_PER_SEC) / static_cast<double>(state.iterations());
  state.counters["scenarios"] = static_cast<double>(state.range(0));
  state.counters["scenarios_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(state.range(0)), benchmark::Counter::kIsRate);
  state.counters["tts_p50_days"] = p50;
}

// 10,000 Monte Carlo scenarios over the 1e5 BOM on every hardware thread. "Time" is
// wall time; the CPU column is the calling thread's only, so the CPU time of the whole
// process (every thread) is a counter, per sweep.
void sweep(benchmark::State& state) {
  const auto& f = fixture_of_size(100000);
  const sweep_spec<double> spec = supplier_sweep(f, static_cast<std::size_t>(state.range(0)));
  sweep_options<double> options;
  options.threads = 0;
  double p50 = 0.0, exposed = 0.0;
  const std::clock_t cpu_start = std::clock();
  for (auto _ : state) {
    const sweep_result<double> r = chokepoint::sweep(*f.model, spec, options);
    p50 = r.time_to_survive[1].value_or(-1.0);
    exposed = r.probability_exposed;
    benchmark::DoNotOptimize(r.time_to_failure.data());
  }
  report_sweep(state, cpu_start, p50);
  state.counters["probability_exposed"] = exposed;
  state.counters["threads"] = static_cast<double>(detail::thread_count(0));
  bench::report_bom(state, *f.bom);
}
BENCHMARK(sweep)->Arg(10000)->Unit(benchmark::kSecond);

// As sweep/N, on controls_sweep's scenarios (second argument: controls_sweep's `stock`).
void sweep_controls(benchmark::State& state) {
  const auto& f = fixture_of_size(100000);
  const sweep_spec<double> spec =
      controls_sweep(f, static_cast<std::size_t>(state.range(0)), static_cast<int>(state.range(1)));
  sweep_options<double> options;
  options.threads = 0;
  double p50 = 0.0;
  const std::clock_t cpu_start = std::clock();
  for (auto _ : state) {
    const sweep_result<double> r = chokepoint::sweep(*f.model, spec, options);
    p50 = r.time_to_survive[1].value_or(-1.0);
    benchmark::DoNotOptimize(r.time_to_failure.data());
  }
  report_sweep(state, cpu_start, p50);
  bench::report_bom(state, *f.bom);
}
BENCHMARK(sweep_controls)->Args({10000, 0})->Args({10000, 1})->Args({100, 2})->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
