// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Explosion (gozinto), where-used (implosion) and MRP netting over a frozen
// bill_of_materials. With N[c, p] the quantity of child c per unit of parent p, the
// total requirement matrix is T = (I - N)^-1; no matrix is inverted: because item ids
// are in topological order, one sweep over the parents CSR computes T d for a demand
// vector d, and one sweep over the reachable part of the graph gives a column of T.

#include <chokepoint/assert.hpp>
#include <chokepoint/bom.hpp>
#include <chokepoint/detail/explode.hpp>
#include <chokepoint/detail/explosion_errors.hpp>
#include <chokepoint/detail/walks.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace chokepoint {

/// An item and a quantity of it per unit of something else.
template <scalar T>
struct requirement {
  item_id item;
  T quantity;
  friend bool operator==(const requirement&, const requirement&) = default;
};

/// Gross requirements g = (I - N)^-1 d for a demand vector indexed by item id (demand
/// may sit on any item: products, service parts). Writes into `gross` (size n).
/// Large BOMs (detail::explosion_workers) are shared level by level among `threads`
/// threads (0: one per hardware thread; pass 1 from inside a thread pool of your own);
/// each item sums its parents in the same order on any number of threads, so the result
/// is the same, bit for bit.
/// Errors (invalid_input): "chokepoint::explode: demand of 'P' must be finite, got nan",
/// "chokepoint::explode: gross requirement of 'M' overflows" (the first item in id order).
template <scalar T>
void explode(const bill_of_materials<T>& bom, item_span<const T> demand, item_span<T> gross, unsigned threads = 0) {
  detail::explode(bom, demand, gross, threads);
}

template <scalar T>
[[nodiscard]] std::vector<T> explode(const bill_of_materials<T>& bom, item_span<const T> demand, unsigned threads = 0) {
  std::vector<T> gross(bom.item_count());
  explode(bom, demand, std::span<T>(gross), threads);
  return gross;
}

/// MRP netting: walking down the levels, gross_i = d_i + sum over parents p of
/// q_pi * net_p and net_i = max(0, gross_i - stock_i). The stock of an item is pooled
/// across all its parents, and stock high in the BOM is used before stock below it.
template <scalar T>
struct netting {
  std::vector<T> gross;
  std::vector<T> net;
};

/// Errors (invalid_input): "chokepoint::net_requirements: demand of 'P' must be finite,
/// got inf" (stock likewise), "chokepoint::net_requirements: gross requirement of 'M'
/// overflows".
template <scalar T>
[[nodiscard]] netting<T> net_requirements(const bill_of_materials<T>& bom, item_span<const T> demand,
                                          item_span<const T> stock) {
  const std::size_t n = bom.item_count();
  CHOKEPOINT_ASSERT(demand.size() == n && stock.size() == n, "net_requirements: one entry per item");
  constexpr const char* where = "chokepoint::net_requirements";
  netting<T> r{std::vector<T>(n), std::vector<T>(n)};
  for (item_id i = 0; i < n; ++i) {
    T g = demand[i];
    if (!scalar_traits<T>::is_finite(g)) [[unlikely]]
      detail::throw_not_finite_input(bom, where, "demand", i, g);
    if (!scalar_traits<T>::is_finite(stock[i])) [[unlikely]]
      detail::throw_not_finite_input(bom, where, "stock", i, stock[i]);
    const auto ps = bom.parents(i);
    const auto qs = bom.parent_quantities(i);
    for (std::size_t k = 0; k < ps.size(); ++k) g += qs[k] * r.net[ps[k]];
    if (!scalar_traits<T>::is_finite(g)) [[unlikely]]
      detail::throw_requirement_overflow(bom, where, i);
    const T excess = T(g - stock[i]);
    r.net[i] = excess > T(0) ? excess : T(0);
    r.gross[i] = std::move(g);
  }
  return r;
}

/// Units of every item below `item` (itself excluded) per unit of `item`, in id order:
/// one column of (I - N)^-1, computed over the reachable part only.
template <scalar T>
[[nodiscard]] std::vector<requirement<T>> unit_requirements(const bill_of_materials<T>& bom, item_id item) {
  CHOKEPOINT_ASSERT(item < bom.item_count(), "unit_requirements: item id out of range");
  std::vector<std::uint32_t> mark(bom.item_count(), 0);
  std::vector<item_id> order;
  detail::reachable_below(bom, item, mark, 1, order);
  std::vector<T> amount(bom.item_count(), T(0));
  amount[item] = T(1);
  for (const item_id i : order) {
    const auto cs = bom.children(i);
    const auto qs = bom.child_quantities(i);
    for (std::size_t k = 0; k < cs.size(); ++k) amount[cs[k]] += qs[k] * amount[i];
  }
  std::vector<requirement<T>> out;
  out.reserve(order.size() - 1);
  for (const item_id i : order)
    if (i != item) out.push_back({i, amount[i]});
  return out;
}

/// Where-used (implosion): every product that contains `item`, with the units of `item`
/// in one unit of the product (a product asked about itself gives quantity 1), in id
/// order. Scratch space: a bitmap of item / 8 bytes, and an array of amounts of which
/// only the entries of the items above `item` are ever touched.
template <scalar T>
[[nodiscard]] std::vector<requirement<T>> where_used(const bill_of_materials<T>& bom, item_id item) {
  CHOKEPOINT_ASSERT(item < bom.item_count(), "where_used: item id out of range");
  std::vector<std::uint64_t> reached(item / 64 + 1, 0);
  // Default-initialised: for double, memory the call never touches is never written.
  const std::unique_ptr<T[]> amount(new T[std::size_t{item} + 1]);
  return detail::where_used_over(bom, item, reached.data(), amount.get());
}

/// Scratch space for where_used, reused across calls on BOMs of any size, so that a
/// series of where-used queries allocates nothing but the results. One per thread.
template <scalar T>
class where_used_workspace {
 public:
  where_used_workspace() = default;

 private:
  template <scalar U>
  friend std::vector<requirement<U>> where_used(const bill_of_materials<U>&, item_id, where_used_workspace<U>&);

  std::vector<std::uint64_t> reached_;  // all zero between calls
  std::vector<T> amount_;
};

/// The same, with scratch space reused from earlier calls (for many queries in a row).
template <scalar T>
[[nodiscard]] std::vector<requirement<T>> where_used(const bill_of_materials<T>& bom, item_id item,
                                                     where_used_workspace<T>& workspace) {
  CHOKEPOINT_ASSERT(item < bom.item_count(), "where_used: item id out of range");
  const std::size_t n = bom.item_count();
  if (workspace.amount_.size() < n) {
    workspace.amount_.resize(n);
    workspace.reached_.resize(n / 64 + 1, 0);
  }
  try {
    return detail::where_used_over(bom, item, workspace.reached_.data(), workspace.amount_.data());
  } catch (...) {  // e.g. no memory for the result: leave the bitmap clear for the next call
    std::fill(workspace.reached_.begin(), workspace.reached_.end(), 0);
    throw;
  }
}

}  // namespace chokepoint
