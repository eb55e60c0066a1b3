// SPDX-License-Identifier: MIT
// The node outages of bench/network.cpp solved as linear programs with COIN-OR Clp, the
// solver of the tests (lp/network_program.hpp): per scenario, the capacity curves, the
// program of each interval built and solved until one ends short. Each takes tens of
// milliseconds on 1,000 nodes, so the row times every 10th node's outage only, the same
// 99 scenarios as network_node_outages/1000/10: per-scenario times of the two rows
// compare like with like.
//
// Before timing, the combinatorial and the LP answers must agree (relative 1e-6, absolute
// below one day) on those scenarios and on the first 10 of network_sweep, whose windows,
// receipts and site cuts make several intervals; otherwise the benchmark stops with the
// first difference, so that a fast wrong answer cannot pass.
#include "network_fixtures.hpp"

#include <chokepoint/lp/network_program.hpp>
#include <chokepoint/network_model.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace chokepoint;

bool agree(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::abs(*a - *b) <= 1e-6 * std::max({1.0, std::abs(*a), std::abs(*b)});
}

std::string days(const std::optional<double>& t) {
  char text[32];
  if (!t) return "no shortage";
  std::snprintf(text, sizeof text, "%.9g days", *t);
  return text;
}

// Compares network_model and the LP on `scenarios`, named `what` and k * step; exits
// with the first difference.
void check_agreement(const network_model<double>& model, const std::vector<scenario<double>>& scenarios,
                     const char* what, std::size_t step) {
  for (std::size_t k = 0; k < scenarios.size(); ++k) {
    const auto combinatorial = model.time_to_survive(scenarios[k]).time;
    const auto lp = lp::time_to_survive(model, scenarios[k]).time;
    if (!agree(combinatorial, lp)) {
      std::fprintf(stderr, "network_node_outages_lp: %s %zu: network_model %s, linear program %s\n", what, k * step,
                   days(combinatorial).c_str(), days(lp).c_str());
      std::exit(EXIT_FAILURE);
    }
  }
}

void network_node_outages_lp(benchmark::State& state) {
  static std::set<std::pair<std::int64_t, std::int64_t>> checked;
  if (checked.insert({state.range(0), state.range(1)}).second) {
    const auto& f = bench::network_of_size(static_cast<std::size_t>(state.range(0)));
    const auto stride = static_cast<std::size_t>(state.range(1));
    std::vector<scenario<double>> subset;
    for (std::size_t n = 0; n < f.outages.size(); n += stride) subset.push_back(f.outages[n]);
    check_agreement(*f.model, subset, "outage of node", stride);
    check_agreement(*f.model, bench::network_sweep(f, 10), "network_sweep scenario", 1);
  }
  bench::time_node_outages(state, [](const network_model<double>& model, const scenario<double>& sc) {
    return lp::time_to_survive(model, sc);
  });
}
BENCHMARK(network_node_outages_lp)->Args({1000, 10})->Unit(benchmark::kMillisecond);

}  // namespace
