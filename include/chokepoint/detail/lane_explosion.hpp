// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Several demand vectors exploded in one pass over the bill of materials: every item
// carries `lanes` amounts, one per vector, so each edge is read once for all of them
// and the loop over the lanes vectorises. The requirement matrix explodes its products
// this way, a block of them per pass; the scenario batch can do the same with its lines.
//
// Only the items the tops reach are visited: a sweep over every id from the first top
// would cost O(n) per pass, quadratic on wide BOMs. They are found by a search down the
// children, then visited in id (topological) order: by a sweep of the range skipping
// unmarked items when they are a large part of it, else sorted. Either way an item's
// amounts are final when it is visited and every child receives its parents' shares in
// increasing parent id, so a lane's result does not depend on the other lanes.

#include <chokepoint/assert.hpp>
#include <chokepoint/bom.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chokepoint::detail {

/// The scratch space of lane explosions over BOMs of one size, reused pass after pass
/// (one per thread): amounts, n x lanes row-major and all zero between passes, and a
/// mark per item saying which pass reached it.
template <scalar T, std::size_t lanes>
class lane_explosion {
 public:
  lane_explosion() = default;
  explicit lane_explosion(std::size_t items) { fit(items); }

  /// Explodes tops.size() <= lanes demand vectors: lane b starts with seeds[b] units of
  /// tops[b]. Then leaf(i, a) is called for every reached item i without children (a
  /// material) of which some lane holds a nonzero amount, in increasing id, with a[0 ..
  /// lanes) the units of i in each lane (0 in lanes beyond tops.size()).
  template <class Leaf>
  void run(const bill_of_materials<T>& bom, std::span<const item_id> tops, std::span<const T> seeds, Leaf&& leaf) {
    CHOKEPOINT_ASSERT(!tops.empty() && tops.size() <= lanes && seeds.size() == tops.size(),
                      "lane_explosion: one seed for each of 1 to `lanes` tops");
    const std::size_t n = bom.item_count();
    fit(n);
    if (++stamp_ == 0) {  // wrapped around: no mark may equal a new stamp
      std::fill(mark_.begin(), mark_.end(), 0);
      stamp_ = 1;
    }
    reach_.clear();
    std::size_t begin = n;
    for (std::size_t b = 0; b < tops.size(); ++b) {
      const item_id p = tops[b];
      amount_[p * lanes + b] = seeds[b];
      if (mark_[p] != stamp_) {
        mark_[p] = stamp_;
        reach_.push_back(p);
      }
      begin = std::min<std::size_t>(begin, p);
    }
    for (std::size_t head = 0; head < reach_.size(); ++head)
      for (const item_id c : bom.children(reach_[head]))
        if (mark_[c] != stamp_) {
          mark_[c] = stamp_;
          reach_.push_back(c);
        }
    const bool sweep_range = reach_.size() * 8 >= n - begin;
    if (!sweep_range) std::sort(reach_.begin(), reach_.end());
    // Locals, not members: the leaf may write anywhere, and the compiler would reload
    // members after every call of it.
    T* const amount = amount_.data();
    const std::uint32_t* const mark = mark_.data();
    const std::uint32_t stamp = stamp_;
    const auto visit = [&](std::size_t i) {
      T* const a = amount + i * lanes;
      bool any = false;
      for (std::size_t b = 0; b < lanes; ++b) any = any || a[b] != T(0);
      if (!any) return;
      const auto cs = bom.children(static_cast<item_id>(i));
      if (cs.empty()) {
        leaf(static_cast<item_id>(i), static_cast<const T*>(a));
      } else {
        const auto qs = bom.child_quantities(static_cast<item_id>(i));
        for (std::size_t k = 0; k < cs.size(); ++k) {
          T* const to = amount + std::size_t{cs[k]} * lanes;
          const T q = qs[k];
          for (std::size_t b = 0; b < lanes; ++b) to[b] += q * a[b];
        }
      }
      for (std::size_t b = 0; b < lanes; ++b) a[b] = T(0);
    };
    try {
      if (sweep_range) {
        for (std::size_t i = begin; i < n; ++i)
          if (mark[i] == stamp) visit(i);
      } else {
        for (const item_id i : reach_) visit(i);
      }
    } catch (...) {  // e.g. the leaf out of memory: leave the amounts zero for the next pass
      std::fill(amount_.begin(), amount_.end(), T(0));
      throw;
    }
  }

 private:
  void fit(std::size_t n) {
    if (mark_.size() == n && amount_.size() == n * lanes) return;
    amount_.assign(n * lanes, T(0));
    mark_.assign(n, 0);
    stamp_ = 0;
  }

  std::vector<T> amount_;
  std::vector<std::uint32_t> mark_;
  std::uint32_t stamp_ = 0;
  std::vector<item_id> reach_;
};

}  // namespace chokepoint::detail
