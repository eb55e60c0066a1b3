// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Predicted events of the cascade (an exhaustion or a shortage of an item at a time),
// kept in heaps ordered by (time, item id) and invalidated by version numbers, so that
// the order of events, and with it every rounding, is a function of the inputs alone.

#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstdint>

namespace chokepoint::detail {

template <scalar T>
struct timed_event {
  T time;
  item_id item;
  std::uint32_t version;
};

/// Heap order: the earliest time first, then the smallest item id.
template <scalar T>
struct later_event {
  bool operator()(const timed_event<T>& a, const timed_event<T>& b) const {
    return b.time < a.time || (!(a.time < b.time) && b.item < a.item);
  }
};

}  // namespace chokepoint::detail
