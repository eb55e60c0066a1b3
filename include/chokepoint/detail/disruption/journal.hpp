// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The journal: in a batch, each scenario's cascade runs on a per-thread copy of the
// cascade-free evolution, which only moves forward in time, and every change the cascade
// makes is undone afterwards, so that the next scenario starts from the evolution again.
// An item's kinetic state is saved whole the first time a cascade touches it (its stamp
// in hot_state tells, one epoch per journal); the exhaustion heap and the count of running
// lines are saved as they were. The followed set gives back its own counts
// (followed_set.hpp).

#include <chokepoint/detail/disruption/events.hpp>
#include <chokepoint/detail/disruption/kinetic_state.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class journal {
 public:
  [[nodiscard]] bool active() const { return active_; }

  void begin(const std::vector<timed_event<T>>& heap, std::size_t running) {
    active_ = true;
    ++epoch_;
    entries_.clear();
    saved_heap_ = heap;
    saved_running_ = running;
  }

  /// Item i is about to change: saved, the first time in this journal.
  void touch(item_id i, hot_state<T>& h, const item_state<T>& x) {
    if (!active_ || h.stamp == epoch_) return;
    h.stamp = epoch_;
    entries_.emplace_back(i, x);
  }

  /// Gives back every item touched, the heap and the running count.
  void rollback(std::span<item_state<T>> st, std::vector<timed_event<T>>& heap, std::size_t& running) {
    for (std::size_t k = entries_.size(); k-- > 0;) st[entries_[k].first] = std::move(entries_[k].second);
    entries_.clear();
    active_ = false;
    heap.swap(saved_heap_);
    running = saved_running_;
  }

 private:
  bool active_ = false;
  std::uint32_t epoch_ = 0;
  std::vector<std::pair<item_id, item_state<T>>> entries_;
  std::vector<timed_event<T>> saved_heap_;
  std::size_t saved_running_ = 0;
};

}  // namespace chokepoint::detail
