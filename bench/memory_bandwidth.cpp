// SPDX-License-Identifier: MIT
// A STREAM-like triad, a[i] = b[i] + s * c[i], to measure this machine's memory
// bandwidth: the bound every memory-bound benchmark in this suite is compared with.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <thread>
#include <vector>

namespace {

// 3 x 2^24 doubles = 384 MiB: far beyond any cache, so the triad streams from memory.
constexpr std::size_t triad_length = std::size_t{1} << 24;

void triad(double* a, const double* b, const double* c, double s, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) a[i] = b[i] + s * c[i];
}

void stream_triad(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  std::vector<double> a(triad_length, 0.0), b(triad_length, 1.0), c(triad_length, 2.0);
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (auto _ : state) {
    const std::size_t chunk = triad_length / threads;
    for (std::size_t t = 1; t < threads; ++t)
      pool.emplace_back(triad, a.data(), b.data(), c.data(), 3.0, t * chunk,
                        t + 1 == threads ? triad_length : (t + 1) * chunk);
    triad(a.data(), b.data(), c.data(), 3.0, 0, chunk);
    for (auto& th : pool) th.join();
    pool.clear();
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  // Triad moves three arrays (read b and c, write a); write-allocate traffic not counted,
  // as in STREAM.
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(3 * triad_length * sizeof(double)));
}
BENCHMARK(stream_triad)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
