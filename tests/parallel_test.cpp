// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// detail/parallel.hpp: every item runs exactly once on any number of threads, and what a
// worker throws reaches the caller (a thrown exception escaping a thread would end the
// process). sweep_test checks that a sweep's throwing progress callback cancels it.
#include <chokepoint/detail/parallel.hpp>

#include "support.hpp"

#include <atomic>
#include <chrono>
#include <new>
#include <stdexcept>
#include <thread>
#include <vector>

TEST_CASE("parallel_for: each item once, ticks counted, on 1 to 8 threads") {
  for (unsigned threads = 1; threads <= 8; ++threads) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> runs(1000);
    std::size_t last_tick = 0;
    chokepoint::detail::parallel_for(
        runs.size(), threads, [&](unsigned, std::size_t k) { ++runs[k]; },
        [&](std::size_t done) {
          CHECK(done >= last_tick);
          last_tick = done;
        });
    CHECK(last_tick == runs.size());
    for (const auto& r : runs) CHECK(r.load() == 1);
  }
}

TEST_CASE("parallel_for: a worker's std::bad_alloc reaches the caller after every worker joined") {
  // The calling thread (worker 0) holds on to its first item until the other worker has
  // taken one; that one fails as an allocation would.
  std::atomic<bool> other_started{false};
  std::atomic<int> finished{0};
  const auto body = [&](unsigned worker, std::size_t) {
    if (worker != 0) {
      other_started = true;
      throw std::bad_alloc();
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!other_started && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    ++finished;
  };
  CHECK_THROWS_AS(chokepoint::detail::parallel_for(100, 2, body, [](std::size_t) {}), std::bad_alloc);
  CHECK(other_started.load());
  CHECK(finished.load() < 100);  // the others stopped early
}

TEST_CASE("parallel_for: the caller's own exception, and no items at all") {
  CHECK_THROWS_WITH_AS(chokepoint::detail::parallel_for(10, 2,
                                                        [](std::size_t k) {
                                                          if (k == 3) throw std::runtime_error("item 3");
                                                        }),
                       "item 3", std::runtime_error);
  int calls = 0;
  chokepoint::detail::parallel_for(0, 4, [&calls](std::size_t) { ++calls; });
  CHECK(calls == 0);
}
