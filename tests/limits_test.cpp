// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors

// Requests too large for memory fail with a chokepoint error, not a crash: a Monte
// Carlo sweep beyond the scenario limit, a sweep whose answers no machine can hold
// (refused before any scenario is sampled), and bom_builder::reserve beyond what 32-bit
// ids and offsets number, or within it but beyond memory. The sizes are chosen beyond
// the 128 TiB a 64-bit process can address, so that the allocation fails at once even
// where the kernel overcommits memory. Under AddressSanitizer (allocator_may_return_null=1)
// a failed malloc returns null, from which Eigen throws std::bad_alloc, but a failed
// operator new ends the process: the case that needs operator new to throw is skipped
// there.

#include <chokepoint/bom.hpp>
#include <chokepoint/sweep.hpp>

#include "support.hpp"

#include <boost/multiprecision/cpp_bin_float.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define CHOKEPOINT_LIMITS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHOKEPOINT_LIMITS_ASAN 1
#endif
#endif

namespace {

using chokepoint::invalid_input;

#if defined(CHOKEPOINT_LIMITS_ASAN)
constexpr bool operator_new_aborts = true;  // ASan reports a failed new and ends the process
#else
constexpr bool operator_new_aborts = false;
#endif

// `lines` products P0, P1, ... each made of one unit of M (bought from S in CN), each
// demanded at 1 a day: a model with as many lines as wanted, built in milliseconds.
struct many_lines {
  chokepoint::bill_of_materials<double> bom;
  chokepoint::supply_base<double> supply{{chokepoint::supply_row<double>{"M", "S", "CN", 1.0, 0}}};
  std::vector<double> demand, stock;
  explicit many_lines(std::size_t lines) {
    chokepoint::bom_builder<double> b;
    b.reserve(lines + 1, lines);
    for (std::size_t p = 0; p < lines; ++p) b.add_edge("P" + std::to_string(p), "M", 1.0);
    bom = std::move(b).build();
    demand.assign(bom.item_count(), 1.0);
    stock.assign(bom.item_count(), 0.0);
    demand[bom.id("M")] = 0.0;
    stock[bom.id("M")] = 100.0;
  }
  chokepoint::disruption_model<double> model() const { return {bom, supply, demand, stock}; }
};

chokepoint::sweep_spec<double> cut_of_china(std::size_t samples) {
  chokepoint::cut_spec<double> c;
  c.name = "CN";
  c.fraction_low = 0.5;
  c.fraction_high = 1.0;
  chokepoint::sweep_spec<double> spec;
  spec.add_cut(c);
  spec.samples = samples;
  return spec;
}

}  // namespace

TEST_CASE("a Monte Carlo sweep of more than 100000000 samples is refused like a grid of as many") {
  const many_lines net(1);
  const auto model = net.model();
  CHECK_THROWS_WITH_AS((void)chokepoint::sample_scenarios(cut_of_china(100000001)),
                       "chokepoint::sweep: Monte Carlo with more than 100000000 samples", invalid_input);
  CHECK_THROWS_WITH_AS((void)chokepoint::sweep(model, cut_of_china(100000001)),
                       "chokepoint::sweep: Monte Carlo with more than 100000000 samples", invalid_input);
  CHECK_THROWS_WITH_AS((void)chokepoint::sweep(model, cut_of_china(std::numeric_limits<std::size_t>::max())),
                       "chokepoint::sweep: Monte Carlo with more than 100000000 samples", invalid_input);
  // Below the limit a sweep runs (100000000 itself passes the check: the next case
  // fails for memory only).
  chokepoint::sweep_options<double> options;
  options.threads = 1;
  const auto r = chokepoint::sweep(model, cut_of_china(3), options);
  CHECK(r.scenarios == 3);
}

TEST_CASE("a sweep whose answers cannot be allocated fails at once, before sampling a scenario") {
  // 200,000 lines x 100,000,000 scenarios: each lines x scenarios matrix of doubles is
  // 1.6e14 bytes, beyond the address space, while sampling the scenarios alone would
  // take minutes and tens of GB.
  const std::size_t lines = 200000;
  const many_lines net(lines);
  const auto model = net.model();
  REQUIRE(model.lines().size() == lines);
  const std::string message =
      "chokepoint::sweep: the answers of 100000000 scenarios for 200000 lines need 3.2e+14 bytes, more than this "
      "machine can allocate";

  std::size_t progress_calls = 0;
  chokepoint::sweep_options<double> options;
  options.threads = 1;
  options.progress = [&progress_calls](std::size_t, std::size_t) { ++progress_calls; };

  SUBCASE("Monte Carlo") {
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH_AS((void)chokepoint::sweep(model, cut_of_china(100000000), options), message.c_str(),
                         chokepoint::error);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    CHECK(progress_calls == 0);
    // Sampling 1e8 scenarios alone takes far longer than this, on any machine.
    CHECK(took.count() < 5.0);
  }
  SUBCASE("grid: counted without sampling") {
    chokepoint::sweep_spec<double> grid = cut_of_china(1);
    grid.method = chokepoint::sampling::grid;
    grid.grid_points = 10000;  // two varying ranges: 1e8 scenarios
    grid.cuts[0].start = chokepoint::value_range<double>{0.0, 30.0};
    CHECK_THROWS_WITH_AS((void)chokepoint::sweep(model, grid, options), message.c_str(), chokepoint::error);
    CHECK(progress_calls == 0);
  }
}

TEST_CASE(
    "sweep_memory counts the answers and what the evaluation keeps; past memory_limit a sweep is refused "
    "before sampling") {
  // 1e8 scenarios of 1,000 lines: an allocation of 1.6e12 bytes that may succeed where
  // the kernel overcommits, and the sweep then be killed once it writes its answers.
  const many_lines net(1000);
  const auto model = net.model();
  chokepoint::sweep_options<double> options;
  options.threads = 1;
  const double answers = chokepoint::detail::sweep_answer_bytes<double>(100000000, 1000, 1, 0, 8);
  const double estimate = chokepoint::sweep_memory(model, cut_of_china(100000000), options);
  CHECK(estimate > answers);
  CHECK(estimate < 1.1 * answers);  // at 1,000 lines the answers are nearly all of it
  // Each scenario costs the same: its answers and at least its scenario again.
  const double per_scenario = chokepoint::sweep_memory(model, cut_of_china(2000), options) -
                              chokepoint::sweep_memory(model, cut_of_china(1000), options);
  CHECK(per_scenario / 1000 >
        static_cast<double>(1000 * 2 * sizeof(double) + 2 * sizeof(chokepoint::scenario<double>)));

  std::size_t progress_calls = 0;
  options.progress = [&progress_calls](std::size_t, std::size_t) { ++progress_calls; };
  options.memory_limit = 2.0 * 1024 * 1024 * 1024;
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH_AS((void)chokepoint::sweep(model, cut_of_china(100000000), options),
                       "chokepoint::sweep: 100000000 scenarios for 1000 lines need about 1.7e+12 bytes, more than "
                       "the limit of 2.1e+09 bytes",
                       chokepoint::error);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  CHECK(progress_calls == 0);
  CHECK(took.count() < 5.0);
  // Within the limit the sweep runs.
  CHECK(chokepoint::sweep(model, cut_of_china(10), options).scenarios == 10);
}

TEST_CASE("the bytes of a sweep's answers: lines x scenarios matrices, and no overflow") {
  using chokepoint::detail::sweep_answer_bytes;
  const double small = sweep_answer_bytes<double>(10, 3, 1, 2);
  const double more_lines = sweep_answer_bytes<double>(10, 4, 1, 2);
  // One more line costs a TTF and a lost-units entry per scenario.
  CHECK(more_lines - small == static_cast<double>(10 * 2 * sizeof(double)));
  CHECK(small >= static_cast<double>(10 * (sizeof(chokepoint::scenario<double>) + 3 * 2 * sizeof(double))));

  // Beyond std::size_t the count is still right, where a std::size_t product would wrap.
  const std::size_t most = std::numeric_limits<std::size_t>::max();
  const double huge = sweep_answer_bytes<double>(100000000, most / 1000, 1, 0);
  CHECK(huge > 1e8 * static_cast<double>(most / 1000) * 16.0);
  CHECK(sweep_answer_bytes<double>(2, 0, most / 2, 0) > static_cast<double>(most));
}

TEST_CASE("bom_builder::reserve refuses counts beyond 32-bit ids before allocating") {
  chokepoint::bom_builder<double> b;
  CHECK_THROWS_WITH_AS(b.reserve(4294967295u, 0),
                       "chokepoint::bom: cannot reserve 4294967295 items: more than 4294967294 items", invalid_input);
  CHECK_THROWS_WITH_AS(b.reserve(0, 4294967295u),
                       "chokepoint::bom: cannot reserve 4294967295 edges: more than 4294967294 edges", invalid_input);
  CHECK_THROWS_WITH_AS(b.reserve(std::numeric_limits<std::size_t>::max(), 1),
                       "chokepoint::bom: cannot reserve 18446744073709551615 items: more than 4294967294 items",
                       invalid_input);
  // Nothing was reserved or added: the builder still builds what it is given.
  b.add_edge("P", "M", 2.0);
  const auto bom = std::move(b).build();
  CHECK(bom.item_count() == 2);
  CHECK(bom.edge_count() == 1);
}

TEST_CASE("bom_builder::reserve of a count in range but beyond memory names the request" *
          doctest::skip(operator_new_aborts)) {
  // 4294967294 edges fit the 32-bit offsets; with a 41 KB scalar (100,000 digits) they
  // need 1.8e14 bytes, beyond the address space, so the failure does not depend on the
  // machine. (With double the most is 69 GB, which some machines do have.)
  using wide = boost::multiprecision::number<boost::multiprecision::cpp_bin_float<100000>>;
  chokepoint::bom_builder<wide> b;
  b.add_edge("P", "A", wide(3));
  CHECK_THROWS_WITH_AS(b.reserve(10, 4294967294u),
                       "chokepoint::bom: cannot reserve 10 items and 4294967294 edges: more than this machine can "
                       "allocate",
                       chokepoint::error);
  // The builder is as it was: its edge is kept and more can be added.
  CHECK(b.edge_count() == 1);
  b.add_edge("A", "M", wide(2));
  const auto bom = std::move(b).build();
  CHECK(bom.item_count() == 3);
  CHECK(bom.child_quantities(bom.id("A"))[0] == wide(2));
}
