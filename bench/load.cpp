// SPDX-License-Identifier: MIT
// Loading the generated 1e6-item BOM from CSV: the whole of io::load_bom (read, intern
// names, validate, freeze) and, separately, the reading alone (for_each_bom_record), so
// that parse and build can be told apart. The file is written once, outside the timed
// loops, into the temporary directory, and removed at exit.
#include "fixtures.hpp"

#include <chokepoint/io/bom.hpp>
#include <chokepoint/io/load.hpp>

#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

namespace {

namespace cp = chokepoint;

class bom_csv_file {
 public:
  explicit bom_csv_file(std::size_t items) {
    path_ = (std::filesystem::temp_directory_path() /
             ("chokepoint_bench_bom_" + std::to_string(items) + "_" + std::to_string(::getpid()) + ".csv"))
                .string();
    const auto g = cp::testing::generate_supply_chain(items, cp::bench::seed);
    {
      std::ofstream out(path_, std::ios::binary);
      cp::testing::write_bom_csv(out, g);
      if (!out) throw std::runtime_error("cannot write " + path_);
    }
    bytes_ = static_cast<std::size_t>(std::filesystem::file_size(path_));
    edges_ = g.edges.size();
  }
  ~bom_csv_file() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  bom_csv_file(const bom_csv_file&) = delete;
  bom_csv_file& operator=(const bom_csv_file&) = delete;

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
  [[nodiscard]] std::size_t edges() const noexcept { return edges_; }

 private:
  std::string path_;
  std::size_t bytes_ = 0;
  std::size_t edges_ = 0;
};

const bom_csv_file& bom_csv_of_size(std::size_t items) {
  static std::map<std::size_t, std::unique_ptr<bom_csv_file>> cache;
  auto& slot = cache[items];
  if (!slot) slot = std::make_unique<bom_csv_file>(items);
  return *slot;
}

void report_file(benchmark::State& state, const bom_csv_file& file) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(file.bytes()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(file.edges()));
  state.counters["file_bytes"] = static_cast<double>(file.bytes());
  state.counters["rows"] = static_cast<double>(file.edges());
}

// File to frozen bill_of_materials: what a user of the library waits for.
void load_bom_csv(benchmark::State& state) {
  const auto& file = bom_csv_of_size(static_cast<std::size_t>(state.range(0)));
  std::size_t items = 0;
  for (auto _ : state) {
    const auto bom = cp::io::load_bom<double>(file.path());
    items = bom.item_count();
    benchmark::DoNotOptimize(bom.edge_count());
  }
  report_file(state, file);
  state.counters["items"] = static_cast<double>(items);
}
BENCHMARK(load_bom_csv)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The reading alone: split, unquote, check and convert every row into the reused record.
void read_bom_csv(benchmark::State& state) {
  const auto& file = bom_csv_of_size(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    double total = 0;
    std::size_t name_bytes = 0;
    cp::io::for_each_bom_record<double>(file.path(), [&](const cp::io::bom_record<double>& r) {
      total += r.quantity;
      name_bytes += r.parent.size() + r.child.size();
    });
    benchmark::DoNotOptimize(total);
    benchmark::DoNotOptimize(name_bytes);
  }
  report_file(state, file);
}
BENCHMARK(read_bom_csv)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
