// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The body of explode() (explosion.hpp): gross requirements g = (I - N)^-1 d in one
// top-down sweep, on several threads level by level for large BOMs, with its checks.
// Here so that the disruption engine computes its planned rates with the same code, and
// the same messages, without including a public header.

#include <chokepoint/assert.hpp>
#include <chokepoint/bom.hpp>
#include <chokepoint/detail/by_levels.hpp>
#include <chokepoint/detail/explosion_errors.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <atomic>
#include <cstddef>
#include <utility>

namespace chokepoint::detail {

/// explode(bom, demand, gross, threads), errors and all (see explosion.hpp).
template <scalar T>
void explode(const bill_of_materials<T>& bom, item_span<const T> demand, item_span<T> gross, unsigned threads) {
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

}  // namespace chokepoint::detail
