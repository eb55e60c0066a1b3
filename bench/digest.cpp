// SPDX-License-Identifier: MIT
// Digests of the disruption engine's answers, for changes that must not change a bit
// (a restructuring, a faster kernel): run it before and after and compare the lines.
// Each line is a 64-bit FNV-1a digest of every byte of every answer of one workload:
// - the benchmarks' scenarios on the generated 1e5-item chain (bench/disruption.cpp):
//   time_to_survive, cascade, and the sweeps sweep and sweep_controls (fewer scenarios
//   than the benchmarks run), on 1 and on 2 threads;
// - random networks (tests/random_bom.hpp's shapes) with random supply, stock and
//   scenarios, each scenario evaluated alone and all of them swept, in double and in
//   cpp_rational, on 1 and on 2 threads;
// - the supply-network benchmarks (bench/network.cpp): the time-to-survive and binding
//   items of every node's outage on 1,000 and 10,000 nodes, and of network_sweep's
//   scenarios on 1 and on 2 threads.
// Usage: chokepoint_digest [--quick | --network] (quick: the random networks only;
// network: the supply networks only).

#include "disruption_fixtures.hpp"
#include "network_fixtures.hpp"

#include <chokepoint/disruption.hpp>
#include <chokepoint/multiprecision.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/sweep.hpp>
#include <chokepoint/testing/digest.hpp>

#include "../tests/random_bom.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace chokepoint;
using rational = boost::multiprecision::cpp_rational;

using testing::digest;

/// Every answer of a sweep kept per scenario and per line.
template <class T>
void add(digest& d, const sweep_result<T>& r) {
  d.add(r.scenario_time_to_survive);
  d.add(r.scenario_exposed);
  d.add(r.scenario_lost_units);
  d.add(r.scenario_lost_value);
  for (Eigen::Index k = 0; k < r.time_to_failure.size(); ++k) d.add(r.time_to_failure.data()[k]);
  for (Eigen::Index k = 0; k < r.lost_units.size(); ++k) d.add(r.lost_units.data()[k]);
}

void print(const char* what, const digest& d) {
  std::printf("%016llx  %s\n", static_cast<unsigned long long>(d.value()), what);
}

template <class T>
sweep_result<T> swept(const disruption_model<T>& model, const sweep_spec<T>& spec, unsigned threads) {
  sweep_options<T> options;
  options.threads = threads;
  return sweep(model, spec, options);
}

void bench_workloads() {
  const auto& f = bench::fixture_of_size(100000);
  {
    digest d;
    const auto s = f.model->time_to_survive(bench::half_of_china(), 365.0);
    d.add(s.time);
    d.add(s.binding);
    d.add(f.model->evaluate(bench::half_of_china()));
    print("bench time_to_survive and cascade", d);
  }
  struct row {
    const char* name;
    sweep_spec<double> spec;
  };
  const row rows[] = {{"bench sweep (1000 scenarios)", bench::supplier_sweep(f, 1000)},
                      {"bench sweep_controls (1000)", bench::controls_sweep(f, 1000, 0)},
                      {"bench sweep_controls, all stock (1000)", bench::controls_sweep(f, 1000, 1)},
                      {"bench sweep_controls, materials' stock (10)", bench::controls_sweep(f, 10, 2)}};
  for (const row& r : rows)
    for (const unsigned threads : {1u, 2u}) {
      digest d;
      add(d, swept(*f.model, r.spec, threads));
      print((std::string(r.name) + (threads == 1 ? ", 1 thread" : ", 2 threads")).c_str(), d);
    }
}

void network_workloads() {
  for (const std::size_t nodes : {1000, 10000}) {
    const auto& f = bench::network_of_size(nodes);
    digest d;
    for (const scenario<double>& sc : f.outages) {
      const survival<double> s = f.model->time_to_survive(sc);
      d.add(s.time);
      d.add(s.binding);
    }
    print(("network node outages, " + std::to_string(nodes) + " nodes").c_str(), d);
  }
  const auto& f = bench::network_of_size(1000);
  const std::vector<scenario<double>> scenarios = bench::network_sweep(f, 1000);
  for (const unsigned threads : {1u, 2u}) {
    batch_options<double> options;
    options.threads = threads;
    digest d;
    for (const survival<double>& s : f.model->time_to_survive(std::span<const scenario<double>>(scenarios), options)) {
      d.add(s.time);
      d.add(s.binding);
    }
    print(threads == 1 ? "network sweep (1000), 1 thread" : "network sweep (1000), 2 threads", d);
  }
}

/// One random network in type T: supply from four suppliers in three countries, stock,
/// demand, priorities; its scenarios and a sweep over cuts, an alternate and stock.
template <class T>
void random_network(std::uint64_t seed, const testing::dag_shape& shape, digest& alone, digest& one, digest& two) {
  std::mt19937_64 rng(seed);
  const auto edges = testing::random_dag(rng, shape);
  const bill_of_materials<T> bom = testing::build_bom<T>(edges);
  std::uniform_int_distribution<int> pick(0, 3), units(0, 400);
  const char* const suppliers[] = {"S0", "S1", "S2", "S3"};
  const char* const countries[] = {"CN", "US", "CN", "JP"};
  std::vector<supply_row<T>> rows;
  for (const item_id m : bom.materials()) {
    const int a = pick(rng), b = (a + 1 + pick(rng) % 3) % 4;
    rows.push_back({std::string(bom.name(m)), suppliers[a], countries[a], T(1 + pick(rng)), 0});
    if (pick(rng) < 2) rows.push_back({std::string(bom.name(m)), suppliers[b], countries[b], T(1 + pick(rng)), 0});
  }
  const supply_base<T> supply(rows);
  std::vector<T> demand(bom.item_count(), T(0)), stock(bom.item_count(), T(0)), priority(bom.item_count(), T(0));
  for (item_id i = 0; i < bom.item_count(); ++i) {
    if (bom.parents(i).empty()) demand[i] = T(1 + pick(rng));
    stock[i] = T(units(rng)) / T(4);
    priority[i] = T(pick(rng));
  }
  disruption_model<T> model(bom, supply, demand, stock);
  model.set_priorities(priority);
  std::vector<scenario<T>> scenarios(4);
  const supply_row<T>& first = rows.front();
  const supply_row<T>& last = rows.back();
  scenarios[0].cut_country(first.country, T(1));
  scenarios[1].cut_supplier(last.supplier, T(3) / T(4), T(5), T(40)).cut_country(last.country, T(1) / T(2), T(10));
  scenarios[2].cut_country(first.country, T(1), T(0), T(30), {first.material});
  scenarios[3].cut_supplier(first.supplier, T(1)).add_alternate(first.material, T(2), T(3), T(5));
  for (const cascade_policy policy : {cascade_policy::equal, cascade_policy::priority})
    for (const scenario<T>& sc : scenarios) alone.add(model.evaluate(sc, {T(120), policy}));
  sweep_spec<T> spec;
  cut_spec<T> cut;
  cut.name = first.country;
  cut.fraction_low = T(1) / T(2);
  spec.add_cut(cut, value_range<T>{T(0), T(20)}, value_range<T>{T(10), T(60)});
  spec.add_alternate({std::string(bom.name(bom.materials().back())), T(1), T(0), T(4)}, value_range<T>{T(5), T(30)});
  spec.method = sampling::grid;
  spec.grid_points = 3;
  add(one, swept(model, spec, 1));
  add(two, swept(model, spec, 2));
  spec.stock_scales.push_back({{}, value_range<T>{T(1) / T(2), T(3) / T(2)}});
  add(one, swept(model, spec, 1));
  add(two, swept(model, spec, 2));
}

template <class T>
void random_networks(const char* type) {
  digest alone, one, two;
  std::uint64_t seed = 20261206;
  for (const auto& shape : testing::dag_shapes)
    for (int k = 0; k < 4; ++k) random_network<T>(seed++, shape, alone, one, two);
  print((std::string("random networks, each scenario alone, ") + type).c_str(), alone);
  print((std::string("random networks, swept on 1 thread, ") + type).c_str(), one);
  print((std::string("random networks, swept on 2 threads, ") + type).c_str(), two);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "--network") {
    network_workloads();
    return 0;
  }
  random_networks<double>("double");
  random_networks<rational>("cpp_rational");
  if (mode != "--quick") {
    bench_workloads();
    network_workloads();
  }
}
