// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A top-down sweep over a bill of materials shared among threads level by level: the
// items of one level do not depend on each other, so each level is cut into ranges of
// about equal work, one per thread, and the threads meet after each level. What the
// sweep computes for an item does not depend on the cut, so the result is the same on
// any number of threads.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/parallel.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace chokepoint::detail {

/// BOMs from this many items on, with levels this wide on average, are exploded on
/// several threads: below that, starting them and meeting after each level costs more
/// than it saves (a 100,000-deep chain would meet 100,000 times for one item a level).
inline constexpr std::size_t parallel_explosion_items = std::size_t{1} << 16;
inline constexpr std::size_t parallel_explosion_level_width = 1024;

[[nodiscard]] inline unsigned explosion_workers(std::size_t items, std::size_t levels, unsigned threads) {
  if (items < parallel_explosion_items || items < levels * parallel_explosion_level_width) return 1;
  return thread_count(threads);
}

/// pass(first, last) over ranges of items that together cover the BOM once, each item
/// after all its parents: level by level (the items of one level do not depend on each
/// other), each level cut into `workers` ranges of about equal work (parent edges plus
/// one per item), the threads meeting at a barrier after each level. What pass computes
/// for an item does not depend on the cut. An exception from pass is rethrown here once
/// every thread has finished. Returns false, having run nothing, when the threads
/// cannot be started.
template <scalar T, class Pass>
bool by_levels(const bill_of_materials<T>& bom, unsigned workers, Pass&& pass) {
  const std::size_t n = bom.item_count();
  const std::uint32_t levels = bom.level_count();
  if (n == 0) return true;
  // Work before item i: its id plus the parent edges of the items before it.
  const item_id* first_parent = bom.parents(0).data();
  const auto work_before = [&](std::size_t i) -> std::size_t {
    return i == n ? n + bom.edge_count()
                  : i + static_cast<std::size_t>(bom.parents(static_cast<item_id>(i)).data() - first_parent);
  };
  const auto first_where = [n](std::size_t lo, std::size_t hi, auto&& below) {  // first i in [lo, hi) not below
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (below(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  std::vector<std::size_t> level_start(levels + 1, n);
  for (std::uint32_t l = 0; l < levels; ++l)
    level_start[l] = first_where(l == 0 ? 0 : level_start[l - 1], n,
                                 [&](std::size_t i) { return bom.level(static_cast<item_id>(i)) < l; });

  // The threads meet after each level by spinning on a counter (a level of a 1e5-item
  // BOM takes tens of microseconds; sleeping in the kernel and waking costs as much),
  // yielding the core after a while, so that a busy machine loses little.
  std::atomic<std::size_t> arrived{0};
  const auto level_done = [&arrived, workers](std::size_t level) {
    const std::size_t all = (level + 1) * workers;
    arrived.fetch_add(1, std::memory_order_acq_rel);
    for (unsigned spins = 0; arrived.load(std::memory_order_acquire) < all; ++spins)
      if (spins >= 4096) std::this_thread::yield();
  };
  std::atomic<int> gate{0};  // 0: wait, 1: go, 2: give up
  std::exception_ptr error;
  std::mutex error_mutex;
  const auto work = [&](unsigned w) {
    bool failed = false;
    for (std::uint32_t l = 0; l < levels; ++l) {
      const std::size_t lo = level_start[l], hi = level_start[l + 1];
      const std::size_t from = work_before(lo), span = work_before(hi) - from;
      const auto cut = [&](unsigned k) {
        const std::size_t target = from + span / workers * k + span % workers * k / workers;
        return first_where(lo, hi, [&](std::size_t i) { return work_before(i) < target; });
      };
      const std::size_t a = w == 0 ? lo : cut(w), b = w + 1 == workers ? hi : cut(w + 1);
      if (!failed && a < b) {
        try {
          pass(static_cast<item_id>(a), static_cast<item_id>(b));
        } catch (...) {
          const std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          failed = true;  // still meets the others at every level
        }
      }
      level_done(l);
    }
  };
  std::vector<std::thread> pool;
  try {
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w)
      pool.emplace_back([&gate, &work, w] {
        gate.wait(0);
        if (gate.load() == 1) work(w);
      });
  } catch (...) {  // no thread, or no room for one: nothing has run
    gate = 2;
    gate.notify_all();
    for (std::thread& t : pool) t.join();
    return false;
  }
  gate = 1;
  gate.notify_all();
  work(0);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  return true;
}

}  // namespace chokepoint::detail
