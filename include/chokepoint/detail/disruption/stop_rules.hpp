// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Stop rules: which lines stop when a material binds (cascade_policy). At a shortage the
// cascade finds the drawers, the running lines that draw on a binding material through
// items whose stock is exhausted; a rule keeps those that stop now. A rule reads the
// network (priorities, demand) and may only remove drawers: it keeps at least one, and
// the cascade then stops them, passes their demand down and repeats the round at the
// same time while a material still binds, so every rule relieves every shortage.
// Adding a rule: a value of cascade_policy with its name (cascade_policy.hpp), a case
// in stopping_drawers(), and a test of its own (tests/stop_rules_test.cpp).

#include <chokepoint/cascade_policy.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/scalar.hpp>

#include <cstdint>
#include <vector>

namespace chokepoint::detail {

/// `stop_all`: every drawer stops.
template <scalar T>
void stop_all(const disruption_network<T>&, std::vector<std::uint32_t>&) {}

/// `stop_lowest_priority`: only the drawers of the lowest priority stop (ties together).
template <scalar T>
void stop_lowest_priority(const disruption_network<T>& net, std::vector<std::uint32_t>& drawers) {
  const auto priority = [&net](std::uint32_t l) -> const T& { return net.priority[net.lines[l]]; };
  T lowest = priority(drawers.front());
  for (const std::uint32_t l : drawers)
    if (priority(l) < lowest) lowest = priority(l);
  std::erase_if(drawers, [&](std::uint32_t l) { return priority(l) != lowest; });
}

/// Keeps, of `drawers` (positions in net.lines, not empty), those that stop under `policy`.
template <scalar T>
void stopping_drawers(cascade_policy policy, const disruption_network<T>& net, std::vector<std::uint32_t>& drawers) {
  switch (policy) {
    case cascade_policy::stop_all: return stop_all(net, drawers);
    case cascade_policy::stop_lowest_priority: return stop_lowest_priority(net, drawers);
  }
}

}  // namespace chokepoint::detail
