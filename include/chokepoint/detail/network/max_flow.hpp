// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Maximum flow (Dinic's blocking flows) on a small graph whose arcs are fixed and whose
// capacities change from call to call: the allocation of items' requirements to nodes
// and shared-capacity sites (shortfall.hpp), augmented from a flow the caller places.
// It works in any scalar type: in an exact one the flow and the minimum cut are exact;
// in a floating one a residual capacity at or below `zero` counts as none, so that
// rounding cannot reach past a saturated arc.

#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class max_flow {
 public:
  explicit max_flow(std::uint32_t vertices = 0) : first_(vertices, none) {}

  /// Adds an arc u -> v (and its reverse); returns its index for set_capacity.
  std::uint32_t add_arc(std::uint32_t u, std::uint32_t v) {
    const auto a = static_cast<std::uint32_t>(head_.size());
    for (const auto& [from, to] : {std::pair{u, v}, std::pair{v, u}}) {
      head_.push_back(to);
      next_.push_back(first_[from]);
      first_[from] = static_cast<std::uint32_t>(head_.size() - 1);
    }
    capacity_.resize(head_.size(), T(0));
    residual_.resize(head_.size(), T(0));
    return a;
  }
  void set_capacity(std::uint32_t arc, const T& c) { capacity_[arc] = c; }

  /// No flow on any arc (a start for add_flow and augment).
  void clear_flow() {
    for (std::size_t a = 0; a < head_.size(); a += 2) {
      residual_[a] = capacity_[a];
      residual_[a + 1] = T(0);
    }
  }
  /// Sends `f` more along an arc, at most its residual capacity: part of a flow to start from.
  void add_flow(std::uint32_t arc, const T& f) {
    if (!(residual_[arc] < T(0))) residual_[arc] -= f;
    residual_[arc ^ 1] += f;
  }
  /// Augments the current flow (clear_flow(), then any add_flow()) to a maximum from s to
  /// t; returns what it adds. Afterwards reachable(v) tells the source side of a minimum
  /// cut.
  T augment(std::uint32_t s, std::uint32_t t, const T& zero) {
    zero_ = zero;
    T total(0);
    while (levels(s, t)) {
      cursor_ = first_;
      for (;;) {
        const T pushed = push(s, t, infinite());
        if (!(pushed > zero_)) break;
        total += pushed;
      }
    }
    return total;
  }
  /// After augment(): v is on the source side of the minimum cut.
  [[nodiscard]] bool reachable(std::uint32_t v) const { return level_[v] != none; }

  /// The capacity of an arc without a limit (any negative value stands for none, so that
  /// types without an infinity need no special value).
  [[nodiscard]] static T infinite() { return T(-1); }

 private:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  [[nodiscard]] bool positive(std::uint32_t a) const {
    return residual_[a] < T(0) || residual_[a] > zero_;  // negative: unlimited
  }
  [[nodiscard]] static T least(const T& a, const T& b) {
    if (a < T(0)) return b;
    if (b < T(0)) return a;
    return std::min(a, b);
  }

  bool levels(std::uint32_t s, std::uint32_t t) {
    level_.assign(first_.size(), none);
    queue_.clear();
    level_[s] = 0;
    queue_.push_back(s);
    for (std::size_t h = 0; h < queue_.size(); ++h) {
      const std::uint32_t u = queue_[h];
      // Past t's level no vertex lies on a shortest path to t: push() would only walk
      // into dead ends there. (A search that misses t still labels all it reaches.)
      if (level_[t] != none && level_[u] >= level_[t]) break;
      for (std::uint32_t a = first_[u]; a != none; a = next_[a])
        if (positive(a) && level_[head_[a]] == none) {
          level_[head_[a]] = level_[u] + 1;
          queue_.push_back(head_[a]);
        }
    }
    return level_[t] != none;
  }

  T push(std::uint32_t u, std::uint32_t t, const T& limit) {
    if (u == t) return limit;
    for (std::uint32_t& a = cursor_[u]; a != none; a = next_[a]) {
      const std::uint32_t v = head_[a];
      if (!positive(a) || level_[v] != level_[u] + 1) continue;
      const T got = push(v, t, least(limit, residual_[a]));
      if (got > zero_) {
        if (!(residual_[a] < T(0))) residual_[a] -= got;
        if (!(residual_[a ^ 1] < T(0))) residual_[a ^ 1] += got;
        return got;
      }
    }
    return T(0);
  }

  std::vector<std::uint32_t> first_, head_, next_, cursor_, level_, queue_;
  std::vector<T> capacity_, residual_;
  T zero_ = T(0);
};

}  // namespace chokepoint::detail
