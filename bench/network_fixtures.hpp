// SPDX-License-Identifier: MIT
// The supply-network benchmarks' inputs (testing/generate_network.hpp) and scenarios,
// shared by bench/network.cpp, bench/network_lp.cpp and the digest of bench/digest.cpp.
#pragma once

#include "fixtures.hpp"

#include <chokepoint/disruption_result.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply_network.hpp>
#include <chokepoint/testing/generate_network.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chokepoint::bench {

// A generated network of about `nodes` nodes (no customer lists, so that network_model
// takes it), its model, and the outage of each node; built once per size.
struct network_fixture {
  testing::built_network<double> built;
  std::unique_ptr<network_model<double>> model;
  std::vector<scenario<double>> outages;  ///< by node id: that node cut for good from day 0
};

inline scenario<double> node_outage(const supply_network<double>& net, node_id n) {
  return scenario<double>().cut_supplier(net.source(n), 1.0, 0.0, std::nullopt,
                                         {std::string(net.bom().name(net.item(n)))});
}

inline const network_fixture& network_of_size(std::size_t nodes) {
  static std::map<std::size_t, std::unique_ptr<network_fixture>> cache;
  auto& slot = cache[nodes];
  if (slot) return *slot;
  slot = std::make_unique<network_fixture>();
  network_fixture& f = *slot;
  f.built = testing::make_network<double>(testing::generate_network(nodes, seed));
  f.model = std::make_unique<network_model<double>>(f.built.network, f.built.demand, f.built.stock);
  const supply_network<double>& net = f.built.network;
  for (node_id n = 0; n < net.node_count(); ++n) f.outages.push_back(node_outage(net, n));
  return f;
}

// The scenarios of network_sweep: 1 to 3 cuts each of a site, a source or a country
// (the last two those of a random node, so that large ones come up as often as they
// hold nodes), 30% to 100% of their capacity from day 0..30, for 30..180 days or (one
// in five) for good; and 0 to 2 receipts of a bought item, 5..30 days of its nodes'
// capacity arriving on day 1..90. Windows and arrivals split the horizon into several
// intervals.
inline std::vector<scenario<double>> network_sweep(const network_fixture& f, std::size_t count) {
  const supply_network<double>& net = f.built.network;
  testing::detail::sampler s(seed);
  std::vector<scenario<double>> out(count);
  for (scenario<double>& sc : out) {
    for (std::uint32_t c = 1 + s.below(3); c > 0; --c) {
      const double fraction = 0.1 * (3 + s.below(8));
      const double start = s.below(31);
      std::optional<double> end;
      if (!s.chance(200)) end = start + 30 + s.below(151);
      const auto n = static_cast<node_id>(s.below(net.node_count()));
      switch (net.site_count() > 0 ? s.below(3) : 1 + s.below(2)) {
        case 0:
          sc.cut_site(net.site_name(static_cast<site_id>(s.below(net.site_count()))), fraction, start, end);
          break;
        case 1: sc.cut_supplier(net.source(n), fraction, start, end); break;
        default: sc.cut_country(net.country(n), fraction, start, end); break;
      }
    }
    for (std::uint32_t r = s.below(3); r > 0; --r) {
      const item_id i = net.item(static_cast<node_id>(s.below(net.node_count())));
      double capacity = 0.0;
      for (const node_id n : net.nodes(i)) capacity += net.capacity(n);
      sc.receive(net.bom().name(i), capacity * (5 + s.below(26)), 1 + s.below(90));
    }
  }
  return out;
}

// Counters of a row of `scenarios` scenarios an iteration: the time per scenario (CPU
// time of the calling thread, or wall time with UseRealTime), how many run short within
// the horizon and the earliest shortage, so that the work is visibly done.
inline void report_scenarios(benchmark::State& state, std::size_t scenarios, std::size_t short_count, double earliest) {
  const auto done = static_cast<double>(state.iterations()) * static_cast<double>(scenarios);
  state.SetItemsProcessed(static_cast<std::int64_t>(done));
  state.counters["per_scenario"] = benchmark::Counter(done, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["scenarios"] = static_cast<double>(scenarios);
  state.counters["with_shortage"] = static_cast<double>(short_count);
  state.counters["tts_min_days"] = earliest;
}

// The body of a node-outage row (arguments: nodes N, stride K): every K-th node of the
// N-node network cut for good, one scenario at a time, through `solve(model, scenario)`.
template <class Solve>
void time_node_outages(benchmark::State& state, Solve solve) {
  const auto& f = network_of_size(static_cast<std::size_t>(state.range(0)));
  const auto stride = static_cast<std::size_t>(state.range(1));
  std::size_t scenarios = 0, short_count = 0;
  double earliest = -1.0;
  for (auto _ : state) {
    scenarios = short_count = 0;
    earliest = disruption_options<double>{}.horizon;
    for (std::size_t n = 0; n < f.outages.size(); n += stride) {
      const survival<double> s = solve(*f.model, f.outages[n]);
      benchmark::DoNotOptimize(s.time);
      ++scenarios;
      if (s.time) {
        ++short_count;
        earliest = std::min(earliest, *s.time);
      }
    }
  }
  report_scenarios(state, scenarios, short_count, earliest);
  state.counters["nodes"] = static_cast<double>(f.built.network.node_count());
}

}  // namespace chokepoint::bench
