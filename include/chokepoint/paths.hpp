// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The chains that explain a dependency: product -> ... -> material, with the quantity
// each chain carries (the product of its edge quantities; the chains' quantities sum to
// the exploded requirement). A product can reach a material by millions of chains, so
// the listing is bounded and says how many there are in all.

#include <chokepoint/assert.hpp>
#include <chokepoint/bom.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace chokepoint {

template <scalar T>
struct dependency_path {
  std::vector<item_id> items;  ///< from the upper item to the lower one, both included
  T quantity;                  ///< units of the lower item per unit of the upper along this chain
};

template <scalar T>
struct dependency_paths_result {
  std::vector<dependency_path<T>> paths;  ///< at most the limit asked for, in child-id order
  /// Number of chains in all, saturating at 2^64 - 1.
  std::uint64_t total = 0;
  [[nodiscard]] bool complete() const noexcept { return total == paths.size(); }
};

/// The first `limit` chains from `from` down to `to` (depth-first, children in id
/// order), and their total number. No recursion: deep BOMs cannot overflow the stack.
template <scalar T>
[[nodiscard]] dependency_paths_result<T> dependency_paths(const bill_of_materials<T>& bom, item_id from, item_id to,
                                                          std::size_t limit) {
  CHOKEPOINT_ASSERT(from < bom.item_count() && to < bom.item_count(), "dependency_paths: id out of range");
  dependency_paths_result<T> result;
  if (to < from) return result;  // ids are topological: no chain goes upwards

  // Items in [from, to] that lie on some chain to `to` (ancestors of `to`), and the
  // number of chains from each to `to`, counted children first.
  const std::size_t span = to - from + 1;
  std::vector<std::uint64_t> chains(span, 0);
  chains[span - 1] = 1;
  for (std::size_t k = span - 1; k-- > 0;) {
    const item_id i = static_cast<item_id>(from + k);
    std::uint64_t sum = 0;
    for (const item_id c : bom.children(i)) {
      if (c > to) break;  // children are sorted by id
      const std::uint64_t add = chains[c - from];
      sum =
          add > std::numeric_limits<std::uint64_t>::max() - sum ? std::numeric_limits<std::uint64_t>::max() : sum + add;
    }
    chains[k] = sum;
  }
  result.total = chains[0];
  if (from == to) {
    if (limit > 0) result.paths.push_back({{from}, T(1)});
    return result;
  }

  // Depth-first walk over the items that lead to `to`, with an explicit stack.
  struct frame {
    item_id item;
    std::size_t next;  // index of the next child to try
    T quantity;        // along the chain down to this item
  };
  std::vector<frame> stack{{from, 0, T(1)}};
  while (!stack.empty() && result.paths.size() < limit) {
    frame& top = stack.back();
    const auto cs = bom.children(top.item);
    if (top.next == cs.size() || cs[top.next] > to) {
      stack.pop_back();
      continue;
    }
    const std::size_t k = top.next++;
    const item_id c = cs[k];
    if (chains[c - from] == 0) continue;
    const T q = T(top.quantity * bom.child_quantities(top.item)[k]);
    if (c == to) {
      dependency_path<T> path{{}, q};
      path.items.reserve(stack.size() + 1);
      for (const frame& f : stack) path.items.push_back(f.item);
      path.items.push_back(to);
      result.paths.push_back(std::move(path));
    } else {
      stack.push_back({c, 0, q});
    }
  }
  return result;
}

}  // namespace chokepoint
