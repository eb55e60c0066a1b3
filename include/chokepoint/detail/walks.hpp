// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Walks over the part of a bill of materials below or above one item, for the
// questions about a single item (unit_requirements, where_used): they touch only the
// items reached, never the whole BOM, and rely on ids being in topological order.

#include <chokepoint/bom.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace chokepoint::detail {

// Items reachable from `root` going down (children), sorted by id, i.e. topologically.
// `mark` is a scratch array of n entries, all different from `stamp` on entry.
template <scalar T>
void reachable_below(const bill_of_materials<T>& bom, item_id root, std::vector<std::uint32_t>& mark,
                     std::uint32_t stamp, std::vector<item_id>& out) {
  out.clear();
  out.push_back(root);
  mark[root] = stamp;
  for (std::size_t head = 0; head < out.size(); ++head)
    for (const item_id c : bom.children(out[head]))
      if (mark[c] != stamp) {
        mark[c] = stamp;
        out.push_back(c);
      }
  std::sort(out.begin(), out.end());
}

// Where-used over scratch space given by the caller: `reached`, a bitmap over ids
// 0..item, all zero on entry (and on exit: each bit is cleared as it is taken), and
// `amount`, at least item + 1 entries of any value (an entry is set when its item is
// first reached, so nothing needs clearing).
//
// Ancestors of `item` have smaller ids (ids are topological), so one scan of the
// bitmap from `item` down to 0 takes the reached items in decreasing id order: when
// an item is taken, all its reached children (larger ids) were taken before and its
// amount is final, and each parent gets its children's contributions in decreasing
// child id order. No queue, no sort, no pass over the whole BOM.
template <scalar T>
std::vector<requirement<T>> where_used_over(const bill_of_materials<T>& bom, item_id item, std::uint64_t* reached,
                                            T* amount) {
  reached[item / 64] |= std::uint64_t{1} << (item % 64);
  amount[item] = T(1);
  std::vector<requirement<T>> out;
  for (std::size_t word = item / 64 + 1; word-- > 0;) {
    while (reached[word] != 0) {
      const auto bit = static_cast<unsigned>(63 - std::countl_zero(reached[word]));
      reached[word] &= ~(std::uint64_t{1} << bit);
      const auto i = static_cast<item_id>(word * 64 + bit);
      const auto ps = bom.parents(i);
      if (ps.empty()) {
        if (bom.kind(i) == item_kind::product || i == item) out.push_back({i, amount[i]});
        continue;
      }
      const auto qs = bom.parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k) {
        const item_id p = ps[k];
        std::uint64_t& w = reached[p / 64];
        const std::uint64_t mask = std::uint64_t{1} << (p % 64);
        if ((w & mask) == 0) {
          w |= mask;
          amount[p] = T(0);
        }
        amount[p] += qs[k] * amount[i];
      }
    }
  }
  std::reverse(out.begin(), out.end());  // increasing id
  return out;
}

}  // namespace chokepoint::detail
