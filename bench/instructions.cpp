// SPDX-License-Identifier: MIT
// One benchmark workload, run once, for counting its instructions under callgrind:
//   valgrind --tool=callgrind --collect-atstart=no chokepoint_instructions cascade
// Wall time on a shared machine moves by 15% from run to run; an instruction count is the
// same on every run of the same binary, so two versions of the library compare to well
// under 1%. Only the workload is counted (its inputs are built before collecting starts).
// It is a proxy: it does not see cache misses or threads (the sweeps run on one thread).
#include "disruption_fixtures.hpp"
#include "fixtures.hpp"
#include "network_fixtures.hpp"

#include <chokepoint/disruption.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/requirement_matrix.hpp>
#include <chokepoint/sweep.hpp>

#include <benchmark/benchmark.h>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_TOGGLE_COLLECT
#endif

#include <chrono>
#include <cstdio>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace {

using namespace chokepoint;

/// Runs `work` once between two toggles of callgrind's collection, and prints its wall time.
void counted(const char* name, const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  CALLGRIND_TOGGLE_COLLECT;
  work();
  CALLGRIND_TOGGLE_COLLECT;
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::printf("%s: %.3f s\n", name, took.count());
}

sweep_options<double> one_thread() {
  sweep_options<double> options;
  options.threads = 1;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view which = argc > 1 ? argv[1] : "";
  if (which == "time_to_survive" || which == "cascade") {
    const auto& f = bench::fixture_of_size(100000);
    const scenario<double> sc = bench::half_of_china();
    if (which == "time_to_survive")
      counted("time_to_survive/100000", [&] { benchmark::DoNotOptimize(f.model->time_to_survive(sc, 365.0).time); });
    else
      counted("cascade/100000", [&] {
        benchmark::DoNotOptimize(f.model->evaluate(sc, {365.0, cascade_policy::equal}).lines.data());
      });
  } else if (which == "sweep" || which == "sweep_controls") {
    const auto& f = bench::fixture_of_size(100000);
    const sweep_spec<double> spec =
        which == "sweep" ? bench::supplier_sweep(f, 1000) : bench::controls_sweep(f, 1000, 1);
    counted(which == "sweep" ? "sweep/1000, 1 thread" : "sweep_controls/1000/1, 1 thread",
            [&] { benchmark::DoNotOptimize(sweep(*f.model, spec, one_thread()).time_to_failure.data()); });
  } else if (which == "explode_all_demand") {
    const auto& f = bench::bom_of_size(1000000);
    std::vector<double> gross(f.items);
    counted("explode_all_demand/1000000", [&] {
      explode(f.bom, std::span<const double>(f.demand), std::span<double>(gross));
      benchmark::DoNotOptimize(gross.data());
    });
  } else if (which == "requirement_matrix") {
    const auto& f = bench::bom_of_size(100000);
    counted("requirement_matrix/100000",
            [&] { benchmark::DoNotOptimize(chokepoint::requirement_matrix(f.bom).valuePtr()); });
  } else if (which == "network_node_outages" || which == "network_sweep") {
    const auto& f = bench::network_of_size(1000);
    if (which == "network_node_outages")
      counted("network_node_outages/1000/1", [&] {
        for (const scenario<double>& sc : f.outages) benchmark::DoNotOptimize(f.model->time_to_survive(sc).time);
      });
    else {
      const std::vector<scenario<double>> scenarios = bench::network_sweep(f, 1000);
      batch_options<double> options;
      options.threads = 1;
      counted("network_sweep/1000, 1 thread", [&] {
        benchmark::DoNotOptimize(
            f.model->time_to_survive(std::span<const scenario<double>>(scenarios), options).data());
      });
    }
  } else {
    std::fprintf(stderr,
                 "usage: chokepoint_instructions time_to_survive|cascade|sweep|sweep_controls|"
                 "explode_all_demand|requirement_matrix|network_node_outages|network_sweep\n");
    return 2;
  }
}
