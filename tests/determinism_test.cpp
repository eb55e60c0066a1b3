// SPDX-License-Identifier: MIT
// Determinism: the same input gives bit-identical output, whatever the number of
// threads and from one run of the program to the next. One workload (a generated supply
// chain of 3,000 items: BOM, supply base, requirement matrix, exposure, ten disruption
// scenarios) is reduced to a 64-bit digest of every byte of every answer, then
// - built twice in one process: the same digest;
// - requirement_matrix on 1, 2, 3 and 8 threads: the same matrix, bit for bit;
// - the scenarios evaluated on one thread and on four, each with its own workspace:
//   the same results, bit for bit;
// - the same digest computed by a second process (this program run again, with a new
//   address-space layout), on Linux.

#include <chokepoint/bom.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/exposure.hpp>
#include <chokepoint/requirement_matrix.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/testing/digest.hpp>
#include <chokepoint/testing/generate.hpp>

#include "support.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <unistd.h>
#endif

using namespace chokepoint;
using chokepoint::testing::digest;

namespace {

struct workload {
  testing::generated_supply_chain chain = testing::generate_supply_chain(3000, 20261128);
  bill_of_materials<double> bom = testing::make_bill_of_materials(chain);
  supply_base<double> supply = testing::make_supply_base(chain);
  std::vector<double> demand, stock;
  std::vector<scenario<double>> scenarios;

  workload() {
    demand.assign(bom.item_count(), 0.0);
    stock.assign(bom.item_count(), 0.0);
    for (std::size_t k = 0; k < chain.products.size(); ++k)
      demand[bom.id(testing::item_name(chain, chain.products[k]))] = chain.demand[k];
    for (std::uint32_t i = 0; i < chain.item_count(); ++i) stock[bom.id(testing::item_name(chain, i))] = chain.stock[i];
    for (country_id c = 0; c < std::min<std::size_t>(supply.country_count(), 5); ++c) {
      scenarios.emplace_back().cut_country(supply.country_name(c), 1.0);
      scenarios.emplace_back().cut_country(supply.country_name(c), 0.5, 10.0, 60.0);
    }
  }
};

const workload& the_workload() {
  static const workload w;
  return w;
}

void add_matrix(digest& d, const Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t>& m) {
  d.add(m.rows());
  d.add(m.cols());
  d.add(std::span<const std::int32_t>(m.outerIndexPtr(), static_cast<std::size_t>(m.outerSize() + 1)));
  d.add(std::span<const std::int32_t>(m.innerIndexPtr(), static_cast<std::size_t>(m.nonZeros())));
  d.add(std::span<const double>(m.valuePtr(), static_cast<std::size_t>(m.nonZeros())));
}

/// Every answer of the workload, built from scratch.
std::uint64_t workload_digest() {
  const workload w;  // not the shared one: everything is recomputed
  digest d;
  for (item_id i = 0; i < w.bom.item_count(); ++i) {
    d.add(w.bom.name(i));
    d.add(w.bom.level(i));
    d.add(w.bom.children(i));
    d.add(w.bom.child_quantities(i));
  }
  const auto src = w.supply.sources();
  d.add(src.offsets);
  d.add(src.suppliers);
  d.add(src.countries);
  d.add(src.shares);
  for (material_id m = 0; m < w.supply.material_count(); ++m)
    for (const grouping g : {grouping::supplier, grouping::country}) {
      const auto c = w.supply.measures(m, g);
      d.add(c.hhi);
      d.add(c.hhi_upper);
      d.add(std::string_view(c.largest));
    }
  add_matrix(d, requirement_matrix(w.bom));
  const auto report = exposure(w.bom, w.supply);
  for (const auto& p : report.products) {
    d.add(p.hhi);
    d.add(p.input_value);
    d.add(p.single_source_share);
    for (const auto& c : p.countries) {
      d.add(c.country);
      d.add(c.share);
    }
  }
  const disruption_model<double> model(w.bom, w.supply, std::span<const double>(w.demand),
                                       std::span<const double>(w.stock));
  for (const auto& sc : w.scenarios) d.add(model.evaluate(sc));
  return d.value();
}

}  // namespace

TEST_CASE("determinism: the workload twice in one process gives the same digest") {
  CHECK(workload_digest() == workload_digest());
}

TEST_CASE("determinism: requirement_matrix is the same bit for bit on 1, 2, 3 and 8 threads") {
  const auto& w = the_workload();
  digest one;
  add_matrix(one, requirement_matrix(w.bom, 1));
  for (const unsigned threads : {2u, 3u, 8u}) {
    digest many;
    add_matrix(many, requirement_matrix(w.bom, threads));
    CHECK_MESSAGE(many.value() == one.value(), threads << " threads");
  }
}

TEST_CASE("determinism: scenarios evaluated on one thread and on four give the same results") {
  const auto& w = the_workload();
  const disruption_model<double> model(w.bom, w.supply, std::span<const double>(w.demand),
                                       std::span<const double>(w.stock));
  const std::size_t n = w.scenarios.size();
  std::vector<std::uint64_t> alone(n), shared(n);
  {
    disruption_model<double>::workspace ws;  // one workspace reused for every scenario
    for (std::size_t k = 0; k < n; ++k) {
      digest d;
      d.add(model.evaluate(w.scenarios[k], {}, ws));
      alone[k] = d.value();
    }
  }
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 0; t < 4; ++t)
      pool.emplace_back([&, t] {
        disruption_model<double>::workspace ws;
        for (std::size_t k = n; k-- > 0;)  // the other way round, interleaved
          if (k % 4 == t) {
            digest d;
            d.add(model.evaluate(w.scenarios[k], {}, ws));
            shared[k] = d.value();
          }
      });
  }
  for (std::size_t k = 0; k < n; ++k) CHECK_MESSAGE(alone[k] == shared[k], "scenario " << k);
}

TEST_CASE("determinism: digest") {
  // Run by the test below in a second process, which writes its digest to the file named
  // by CHOKEPOINT_DIGEST_OUT; on its own, it only computes it.
  const std::uint64_t value = workload_digest();
  if (const char* out = std::getenv("CHOKEPOINT_DIGEST_OUT")) {
    std::ofstream(out) << value << '\n';
  }
  CHECK(value != 0);
}

TEST_CASE("determinism: a second run of the program computes the same digest") {
#if defined(__linux__)
  if (std::getenv("CHOKEPOINT_DIGEST_OUT")) return;  // we are the second run
  const std::string file =
      (std::filesystem::temp_directory_path() / ("chokepoint-digest-" + std::to_string(::getpid()) + ".txt")).string();
  std::remove(file.c_str());
  // The path of this program, read here: in the shell, /proc/self/exe is the shell.
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string command = "CHOKEPOINT_DIGEST_OUT=" + file + " '" + self +
                              "' --test-case='determinism: digest' --no-intro=true >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  std::uint64_t other = 0;
  std::ifstream(file) >> other;
  std::remove(file.c_str());
  CHECK(other == workload_digest());
#else
  MESSAGE("a second process is started through /proc/self/exe, on Linux only");
#endif
}
