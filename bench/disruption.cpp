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
#include "fixtures.hpp"

#include <chokepoint/disruption.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/sweep.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace {

using namespace chokepoint;

// The bill of materials of bom_of_size with the supply base and stock generated with
// it, and a model over them; built once per size.
struct disruption_fixture {
  const bench::bom_fixture* bom = nullptr;
  supply_base<double> supply;
  std::vector<double> stock;
  std::unique_ptr<disruption_model<double>> model;
  double explode_seconds = 0.0;  // CPU time of one explosion of all demand on one thread (mean of five)
};

// CPU time of the calling thread: the ratios below compare work, which the other
// processes of a shared machine do not distort as they do wall time.
double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

const disruption_fixture& fixture_of_size(std::size_t items) {
  static std::map<std::size_t, std::unique_ptr<disruption_fixture>> cache;
  auto& slot = cache[items];
  if (slot) return *slot;
  slot = std::make_unique<disruption_fixture>();
  disruption_fixture& f = *slot;
  f.bom = &bench::bom_of_size(items);
  const auto g = testing::generate_supply_chain(items, bench::seed);
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

scenario<double> half_of_china() {
  scenario<double> sc;
  sc.cut_country("CN", 0.5);
  return sc;
}

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

// The scenarios of sweep/N: the most popular supplier (most materials) cut, and an
// alternate for its material with the largest planned rate at half that rate.
sweep_spec<double> supplier_sweep(const disruption_fixture& f, std::size_t samples) {
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
  spec.seed = bench::seed;
  cut_spec<double> cut;
  cut.target = cut_target::supplier;
  cut.name = s.supplier_name(top);
  cut.fraction_low = 0.5;
  cut.fraction_high = 1.0;
  spec.add_cut(cut, value_range<double>{0.0, 30.0}, value_range<double>{30.0, 180.0});
  spec.add_alternate({largest, rate / 2, 0.0, 10.0}, value_range<double>{20.0, 90.0});
  return spec;
}

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

// sweep/N's spec as export controls: the supplier's cut scoped to half the materials it
// sells (every other one, by name), a quota of half the plan on its largest material
// from day 0 to 90 at a level drawn from 0..rate/2, and a shipping delay of 0..40 days.
// With `stock` 1, also all stock times 0.5..1.5 (one model in each scenario's units);
// with 2, the stock of the raw materials only (a model of each scenario's own plan).
sweep_spec<double> controls_sweep(const disruption_fixture& f, std::size_t samples, int stock) {
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

// As sweep/N, on controls_sweep's scenarios (second argument: controls_sweep's `stock`).
void sweep_controls(benchmark::State& state) {
  const auto& f = fixture_of_size(100000);
  const sweep_spec<double> spec = controls_sweep(f, static_cast<std::size_t>(state.range(0)), static_cast<int>(state.range(1)));
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
