// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The per-item records that the rooms of the cascade share (cascade.hpp, followed_set.hpp,
// certificate.hpp, journal.hpp). An item's kinetic state is three numbers and two flags,
// saved and given back whole by the journal. What a slope wave reads and writes for each
// child, and what says whether the item is followed and at risk, are kept apart in one
// small record, because they are read together and never journaled.

#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstdint>

namespace chokepoint::detail {

/// The kinetic state of an item: between events its gross requirement is
/// value + slope (t - since).
template <scalar T>
struct item_state {
  T value = T(0);  ///< gross requirement at `since`
  T slope = T(0);  ///< its growth per day
  T since = T(0);
  std::uint32_t version = 0;  ///< invalidates older exhaustion predictions
  char out = 0;               ///< stock exhausted: gross >= stock
  char running = 0;           ///< a line that still runs

  /// The net requirement at t (0 until the stock is exhausted).
  [[nodiscard]] T net_at(const T& stock, const T& t) const {
    if (!out) return T(0);
    T net = T(T(value - stock) + T(slope * T(t - since)));
    if (net < T(0)) net = T(0);
    return net;
  }
};

/// The fields of one item that the rooms read together: the event loop's (cascade.hpp)
/// unless noted.
template <scalar T>
struct hot_state {
  T pending = T(0);  ///< the slope change queued for the next wave
  std::uint32_t level = 0;
  std::uint32_t stamp = 0;    ///< the journal's epoch when last journaled (journal.hpp)
  std::uint32_t anchors = 0;  ///< reasons to follow it (followed_set.hpp)
  char followed = 0;          ///< followed: 1, or in a narrowed journal 2 (followed_set.hpp)
  char anchored = 0;          ///< followed for its own sake (followed_set.hpp)
  char queued = 0;
  char at_risk = 0;  ///< a material that may still bind (certificate.hpp)
  char mark = 0;     ///< scratch for searches
};

}  // namespace chokepoint::detail
