// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Work shared out over threads, for the routines that use both cores (scenario batches,
// the requirement matrix). Whatever a worker throws (bad data, std::bad_alloc, the
// caller's progress callback cancelling) stops the others at their next item and is
// rethrown in the calling thread after every worker has joined: an exception never
// escapes a thread, which would end the process. A thread that cannot be started
// leaves its share to the others.

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

namespace chokepoint::detail {

/// Work units done so far and in all: called from the calling thread only.
using progress_callback = std::function<void(std::size_t done, std::size_t total)>;

/// The number of threads to use: `asked`, or every hardware thread when 0.
[[nodiscard]] inline unsigned thread_count(unsigned asked) {
  if (asked > 0) return asked;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

/// body(worker, k) for every k in [0, count), handed out in increasing order to
/// `threads` workers (the caller is worker 0); after each item the caller finishes,
/// tick(items done so far).
template <class Body, class Tick>
void parallel_for(std::size_t count, unsigned threads, Body&& body, Tick&& tick) {
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  const auto work = [&](unsigned worker) {
    try {
      while (!failed.load(std::memory_order_relaxed)) {
        const std::size_t k = next.fetch_add(1);
        if (k >= count) break;
        body(worker, k);
        const std::size_t now = done.fetch_add(1) + 1;
        if (worker == 0) tick(now);
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> pool;
  try {
    pool.reserve(threads);
    for (unsigned w = 1; w < threads && w < count; ++w) pool.emplace_back(work, w);
  } catch (const std::system_error&) {  // no more threads: those started share the work
  } catch (const std::bad_alloc&) {
  }
  work(0);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  tick(done.load());
}

/// body(k) for every k in [0, count) over `threads` workers, no progress reports.
template <class Body>
void parallel_for(std::size_t count, unsigned threads, Body&& body) {
  parallel_for(
      count, threads, [&body](unsigned, std::size_t k) { body(k); }, [](std::size_t) {});
}

}  // namespace chokepoint::detail
