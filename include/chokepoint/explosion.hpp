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
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/parallel.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
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

namespace detail {

// Demand, stock and the requirements that follow from them must be finite: a NaN or an
// infinity would spread to every item below without a word. Checked as the sweep goes,
// one comparison per item (none for exact types).
template <scalar T>
[[noreturn]] void throw_not_finite_input(const bill_of_materials<T>& bom, const char* where, const char* what,
                                         item_id i, const T& x) {
  throw invalid_input(std::string(where) + ": " + what + " of '" + std::string(bom.name(i)) +
                      "' must be finite, got " + detail::format_scalar(x));
}

template <scalar T>
[[noreturn]] void throw_requirement_overflow(const bill_of_materials<T>& bom, const char* where, item_id i) {
  throw invalid_input(std::string(where) + ": gross requirement of '" + std::string(bom.name(i)) + "' overflows");
}

}  // namespace detail

namespace detail {

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
    return i == n ? n + bom.edge_count() : i + static_cast<std::size_t>(bom.parents(static_cast<item_id>(i)).data() - first_parent);
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

}  // namespace detail

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
  const std::size_t n = bom.item_count();
  CHOKEPOINT_ASSERT(demand.size() == n && gross.size() == n, "explode: spans must have one entry per item");
  constexpr const char* where = "chokepoint::explode";
  std::atomic<bool> finite{true};
  const auto pass = [&](item_id first, item_id last) {
    bool ok = true;
    for (item_id i = first; i < last; ++i) {
      T g = demand[i];
      ok = ok && scalar_traits<T>::is_finite(g);
      const auto ps = bom.parents(i);
      const auto qs = bom.parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k) g += qs[k] * gross[ps[k]];
      ok = ok && scalar_traits<T>::is_finite(g);
      gross[i] = std::move(g);
    }
    if (!ok) finite.store(false, std::memory_order_relaxed);
  };
  const unsigned workers = detail::explosion_workers(n, bom.level_count(), threads);
  if (workers < 2 || !detail::by_levels(bom, workers, pass)) pass(0, static_cast<item_id>(n));
  if (finite.load()) return;
  // Name the first offender in id order: gross holds every requirement before it.
  for (item_id i = 0; i < n; ++i) {
    if (!scalar_traits<T>::is_finite(demand[i])) detail::throw_not_finite_input(bom, where, "demand", i, demand[i]);
    if (!scalar_traits<T>::is_finite(gross[i])) detail::throw_requirement_overflow(bom, where, i);
  }
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

namespace detail {

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

}  // namespace detail

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

namespace detail {

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

}  // namespace detail

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
