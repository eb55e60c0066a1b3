// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The net requirement of each affected material with every line running, as the batch
// records it once (cascade.hpp, record_into) as exact piecewise-linear curves: where each
// scenario's first shortage is found, and the bound the proof of a narrowed cascade
// starts from. While every line runs each requirement is convex, so a few chords bound
// a curve from above and rule out most materials before the search over every piece.

#include <chokepoint/detail/disruption/crossing.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class recorded_requirements {
 public:
  /// Empty curves for `planned` (g_m per material position), to be recorded into.
  void reset(std::span<const T> planned) {
    planned_ = planned;
    curves_.assign(planned.size(), {});
    chords_.clear();
  }
  /// Where the cascade-free evolution records (cascade.hpp, record_into).
  [[nodiscard]] std::vector<std::vector<net_segment<T>>>* target() noexcept { return &curves_; }
  /// Material position m's pieces, in time order (empty: not recorded).
  [[nodiscard]] const std::vector<net_segment<T>>& operator[](material_position m) const { return curves_[m]; }

  /// The recorded piece in force at t: the last that starts at or before t, or
  /// segs.size() before the first (where the requirement is 0 and does not grow).
  [[nodiscard]] static std::size_t piece_at(const std::vector<net_segment<T>>& segs, const T& t) {
    const auto k = static_cast<std::size_t>(
        std::upper_bound(segs.begin(), segs.end(), t, [](const T& x, const net_segment<T>& s) { return x < s.time; }) -
        segs.begin());
    return k == 0 ? segs.size() : k - 1;
  }

  /// net_m^run(t) from the recording. `begun`: how many pieces start at or before the
  /// time last asked (a thread's scenarios come in order of TTS), from where the piece
  /// in force is found by stepping forward.
  [[nodiscard]] T net_at(material_position m, const T& t, std::size_t& begun) const {
    const std::vector<net_segment<T>>& segs = curves_[m];
    if (begun > 0 && t < segs[begun - 1].time) begun = 0;  // earlier than last asked
    while (begun < segs.size() && !(t < segs[begun].time)) ++begun;
    if (begun == 0) return T(0);
    const net_segment<T>& s = segs[begun - 1];
    return T(s.value + T(s.slope * T(t - s.time)));
  }

  /// First crossing of material position m's recorded net requirement, raised by
  /// `offset`, with its supply in c.curves, in [from, bound) (from no earlier than the
  /// recording's first piece: before it the requirement is 0 and does not rise).
  [[nodiscard]] std::optional<T> crossing(const supply_curves<T>& c, material_position m, const T& from, const T& bound,
                                          const T& offset = T(0)) const {
    const std::vector<net_segment<T>>& segs = curves_[m];
    if (segs.empty()) return std::nullopt;
    const T start = from < segs.front().time ? segs.front().time : from;
    const T sl = shortage_slack(planned_[m]);
    const auto by_time = [](const net_segment<T>& s, const T& t) { return s.time < t; };
    const auto piece_end = [&](std::size_t k, const T& b) {
      return k + 1 < segs.size() && segs[k + 1].time < b ? segs[k + 1].time : b;
    };
    const std::size_t nj = c.interval_count();
    for (std::size_t j = c.interval_of(start); j < nj; ++j) {
      const T a = c.start_time(j) < start ? start : c.start_time(j);
      if (!(a < bound)) break;
      const T b = j + 1 < nj && c.start_time(j + 1) < bound ? c.start_time(j + 1) : bound;
      // Pieces over [a, b): from the last that starts at or before a to the last that
      // starts before b.
      const std::size_t lo = piece_at(segs, a);  // a is no earlier than the first piece
      const std::size_t hi =
          static_cast<std::size_t>(std::lower_bound(segs.begin(), segs.end(), b, by_time) - segs.begin()) - 1;
      const auto on_piece = [&](std::size_t k) {
        const net_segment<T>& s = segs[k];
        return crossing_on_piece(c, m, sl, j, s.time, T(s.value + offset), s.slope, s.time < a ? a : s.time,
                                 piece_end(k, b));
      };
      if (c.ramp_slope(m, j) > T(0)) {  // not convex here: every piece in turn
        for (std::size_t k = lo; k <= hi; ++k)
          if (auto r = on_piece(k)) return r;
        continue;
      }
      // Convex: G at the end of piece k is positive from the first crossing on.
      const auto positive_at_end = [&](std::size_t k) {
        const net_segment<T>& s = segs[k];
        const T e = piece_end(k, b);
        const T g = T(T(T(s.value + offset) + T(s.slope * T(e - s.time))) - T(c.cumulative(m, j, e) + T(sl * e)));
        return g > T(0);
      };
      if (!positive_at_end(hi)) continue;
      std::size_t first = lo, last = hi;
      while (first < last) {
        const std::size_t mid = first + (last - first) / 2;
        if (positive_at_end(mid)) last = mid;
        else first = mid + 1;
      }
      for (std::size_t k = first; k <= hi; ++k)  // the first one, unless rounding says otherwise
        if (auto r = on_piece(k)) return r;
    }
    return std::nullopt;
  }

  /// chords_ from curves_: the pieces from one chosen start of a recorded piece to the
  /// next (about chord_pieces of them), then the last piece to the horizon. Every line
  /// runs in the recording, so each gross requirement is a maximum of linear functions
  /// and net_m^run is convex: its chords lie above it.
  void find_chords() {
    chords_.assign(curves_.size(), {});
    for (std::size_t m = 0; m < curves_.size(); ++m) {
      const std::vector<net_segment<T>>& segs = curves_[m];
      if (segs.empty()) continue;
      std::vector<net_segment<T>>& chords = chords_[m];
      const std::size_t stride = std::max<std::size_t>(1, segs.size() / chord_pieces);
      for (std::size_t k = 0; k + 1 < segs.size();) {
        const std::size_t next = std::min(k + stride, segs.size() - 1);
        const T rate = T(T(segs[next].value - segs[k].value) / T(segs[next].time - segs[k].time));
        chords.push_back({segs[k].time, segs[k].value, rate});
        k = next;
      }
      chords.push_back(segs.back());
    }
  }

  /// Whether material position m's chords (an upper bound of net_m^run) come within
  /// `margin` (> 0) of supply up to `bound`. When they do not, m cannot run short by
  /// then, nor within rounding of it (the margin also covers the rounding of the
  /// recording, which keeps it convex only to a few roundings per piece).
  [[nodiscard]] bool chords_reach_supply(const supply_curves<T>& c, material_position m, const T& bound,
                                         const T& margin) const {
    const std::vector<net_segment<T>>& chords = chords_[m];
    const T sl = shortage_slack(planned_[m]);
    for (std::size_t k = 0; k < chords.size() && chords[k].time < bound; ++k) {
      const T& end = k + 1 < chords.size() && chords[k + 1].time < bound ? chords[k + 1].time : bound;
      if (may_reach_supply(c, m, sl, chords[k].time, chords[k].value, chords[k].slope, end, margin)) return true;
    }
    return false;
  }

 private:
  std::span<const T> planned_;
  std::vector<std::vector<net_segment<T>>> curves_;
  /// Per material position: chords of curves_[m] (find_chords), each piece from its
  /// time to the next one's at its slope, the last to the horizon.
  std::vector<std::vector<net_segment<T>>> chords_;
  static constexpr std::size_t chord_pieces = 16;
};

}  // namespace chokepoint::detail
