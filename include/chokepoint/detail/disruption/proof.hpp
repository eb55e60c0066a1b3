// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The proof after a narrowed cascade (batch.hpp): no material the cascade did not follow
// can run short under the stops it found, so following fewer materials changed no
// result. Cheap bounds clear most unfollowed materials (the recorded requirement with
// every line running; the running lines' demand exploded without stock, which the stops
// lower); the few left get the exact check, their requirement under the stops at every
// stop time and supply change, by one pass over the items above them. Exact for exact
// types; for floating ones a margin of rounding errs on the unsafe side. The bounds and
// why they hold: docs/architecture.md ("Many scenarios: the batch", step 4).

#include <chokepoint/detail/disruption/cascade.hpp>
#include <chokepoint/detail/disruption/core.hpp>
#include <chokepoint/detail/disruption/crossing.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/detail/disruption/recording.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class unfollowed_proof {
 public:
  using line_stop = typename kinetic_cascade<T>::line_stop;

  /// A material outside the followed ones, checked piece by piece: from `since` on its
  /// requirement is bounded by `net` growing at ghat (context::rate), and before `from`
  /// by the requirement with every line running (found when first needed). A suspect
  /// gets the finer bound of clears_by_slopes().
  struct unfollowed_material {
    item_id material;
    std::uint32_t position;
    T from, since, net, margin;
    T at_tau;  ///< net_m(tau)
    bool from_known = false;
    bool done = false;  ///< cleared for good, or suspect
    bool suspect = false;
  };

  /// The items above the affected materials, in id order (parents first), as places
  /// 0, 1, ... with what the exact check reads: each one's stock, and its parents as
  /// places with their quantities.
  struct ancestor_items {
    std::vector<item_id> item;
    std::vector<std::uint32_t> place;  ///< per item id: its place, or no_index
    std::vector<T> stock;
    std::vector<std::size_t> first_parent{0};  ///< parents of place s: [first_parent[s], first_parent[s + 1])
    std::vector<std::uint32_t> parent;
    std::vector<T> quantity;
  };

  /// A thread's scratch space, and the scenario the proof is about.
  struct scratch {
    const supply_curves<T>* curves = nullptr;
    std::span<const line_stop> stops;
    std::span<const item_id> followed;  ///< sorted
    T horizon = T(0);
    std::vector<item_id> unsafe;     ///< what safe() could not clear, sorted
    std::vector<T> rate;             ///< per material position: ghat under the stops found
    std::vector<std::size_t> begun;  ///< per material position: see recorded_requirements::net_at()
    std::vector<unfollowed_material> unfollowed;
    std::vector<std::pair<T, std::uint32_t>> stop_order;
    std::vector<T> stop_times, rate_history;
    // check_under_stops(): the suspects (indices into unfollowed), the times, each
    // material's lineage once found, and the rows of gross requirements at the times.
    std::vector<std::size_t> suspects;
    std::vector<T> times, gross;
    std::map<item_id, std::vector<std::uint32_t>> lineage;  ///< per material: the places above it, in order
    std::vector<std::uint32_t> row, stamp;  ///< per place: its row of gross, valid when stamped this check
    std::vector<char> reached;              ///< per place, for lineage_of()
    std::uint32_t epoch = 0;

    /// Sized for `materials` material positions, before a thread's first scenario.
    void start(std::size_t materials) {
      rate.assign(materials, T(0));
      begun.assign(materials, 0);
    }
  };

  unfollowed_proof(const disruption_core<T>& core, const recorded_requirements<T>& recorded, const line_rows<T>& rows,
                   const std::vector<material_position>& row_position)
      : core_(&core), recorded_(&recorded), rows_(&rows), row_position_(&row_position) {}

  /// The affected materials of the batch, and the items above them (once per run, when
  /// cascades are narrowed).
  void find_ancestor_items(std::span<const item_id> affected) {
    affected_ = affected;
    const bill_of_materials<T>& bom = core_->bom();
    ancestor_items& r = ancestors_;
    r = ancestor_items{};
    r.place.assign(bom.item_count(), no_index);
    for (const item_id m : affected) {
      r.place[m] = 0;
      r.item.push_back(m);
    }
    for (std::size_t k = 0; k < r.item.size(); ++k)
      for (const item_id p : bom.parents(r.item[k]))
        if (r.place[p] == no_index) {
          r.place[p] = 0;
          r.item.push_back(p);
        }
    std::sort(r.item.begin(), r.item.end());
    for (std::size_t s = 0; s < r.item.size(); ++s) r.place[r.item[s]] = static_cast<std::uint32_t>(s);
    r.stock.reserve(r.item.size());
    for (const item_id i : r.item) {
      r.stock.push_back(core_->stock()[i]);
      const auto ps = bom.parents(i);
      const auto qs = bom.parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k) {
        r.parent.push_back(r.place[ps[k]]);
        r.quantity.push_back(qs[k]);
      }
      r.first_parent.push_back(r.parent.size());
    }
  }

  /// Whether no material outside `followed` can run short under `stops` after tau, the
  /// scenario's supply in `curves`; the ones that might go to c.unsafe.
  bool safe(scratch& c, const supply_curves<T>& curves, std::span<const line_stop> stops,
            std::span<const item_id> followed, const T& horizon, const T& tau) {
    c.curves = &curves;
    c.stops = stops;
    c.followed = followed;
    c.horizon = horizon;
    return safe_impl(c, tau);
  }

 private:
  /// Whether no material outside c.followed can run short under the stops in c.stops; the
  /// ones that might go to c.unsafe. Exact for exact types (a margin of rounding for
  /// floating ones makes it err on the unsafe side). For every such material m and t
  /// from the TTS on, net_m(t) <= net_m^run(t), the requirement with every line running
  /// (recorded), and net_m(t) <= net_m(tau) + the integral of ghat_m from tau to t, where
  /// ghat_m, the demand of the running lines exploded to m ignoring stock, falls as the
  /// lines stop. If neither bound reaches supply, m never binds, so the cascade that
  /// followed the others decided everything as the whole one would. The materials these
  /// bounds and clears_by_slopes() leave get check_under_stops().
  bool safe_impl(scratch& c, const T& tau) {
    const disruption_core<T>& model = *core_;
    const T& horizon = c.horizon;
    const T tol = scalar_traits<T>::tolerance();
    c.unfollowed.clear();
    for (const item_id m : affected_) {
      const material_position mp = model.material_positions()[m];
      if (!c.curves->affected(mp) || (*recorded_)[mp].empty() ||
          std::binary_search(c.followed.begin(), c.followed.end(), m))
        continue;
      const T net = recorded_->net_at(mp, tau, c.begun[mp]);
      const T& g = model.planned_rates()[mp];
      const T sl = T(tol * g);
      const T margin = T(T(64) * T(tol * T(net + T(T(2) * T(g * horizon)))));
      // net_m^run grows at most at g_m: where net_m^run(tau) + g_m (t - tau) stays short
      // of supply by the margin, so does m.
      unfollowed_material w{m, mp, tau, tau, net, margin, net, false, false, false};
      if (near_supply(c, w, tau)) w.from_known = true;
      else if (!first_crossing(*c.curves, mp, sl, tau, T(net + margin), g, horizon)) continue;
      c.unfollowed.push_back(std::move(w));
      c.rate[mp] = g;
    }
    c.unsafe.clear();
    if (c.unfollowed.empty()) return true;

    // Whether w's bound reaches supply on [since, t), from `from` on.
    const auto reaches = [&](const unfollowed_material& w, const T& t) {
      const T a = w.since < w.from ? w.from : w.since;
      const T& rate = c.rate[w.position];
      return a < t && may_reach_supply(*c.curves, w.position, T(tol * model.planned_rates()[w.position]), a,
                                       T(w.net + T(rate * T(a - w.since))), rate, t, w.margin);
    };
    // Until net_m^run comes within the margin of supply, m is safe: when it never does,
    // for good (near_supply() at tau was checked when it was unfollowed).
    const auto find_from = [&](unfollowed_material& w) {
      w.from_known = true;
      auto from = recorded_->crossing(*c.curves, w.position, tau, horizon, w.margin);
      if (!from) return false;
      w.from = std::move(*from);
      return true;
    };
    const auto check_until = [&](const T& t) {
      for (unfollowed_material& w : c.unfollowed) {
        if (w.done || !(w.since < t)) continue;
        T& rate = c.rate[w.position];
        if (rate < T(0)) rate = T(0);  // rounding
        if (reaches(w, t)) {
          if (!w.from_known && !find_from(w)) {  // cleared for good
            w.done = true;
            continue;
          }
          if (reaches(w, t)) {
            w.done = w.suspect = true;
            continue;
          }
        }
        w.net += T(rate * T(t - w.since));
        w.since = t;
      }
    };
    c.stop_order.clear();
    for (std::uint32_t l = 0; l < c.stops.size(); ++l)
      if (c.stops[l].time) c.stop_order.emplace_back(*c.stops[l].time, l);
    std::sort(c.stop_order.begin(), c.stop_order.end());
    c.stop_times.clear();
    c.rate_history.clear();  // ghat of every unfollowed material from each stop time on
    for (std::size_t s = 0; s < c.stop_order.size();) {
      const T t = c.stop_order[s].first;
      check_until(t);
      for (; s < c.stop_order.size() && c.stop_order[s].first == t; ++s) {
        const std::uint32_t l = c.stop_order[s].second;
        for (std::size_t e = rows_->offsets[l]; e < rows_->offsets[l + 1]; ++e)
          c.rate[(*row_position_)[e]] -= rows_->rate[e];
      }
      c.stop_times.push_back(t);
      for (const unfollowed_material& w : c.unfollowed) {
        const T& rate = c.rate[w.position];
        c.rate_history.push_back(rate < T(0) ? T(0) : rate);
      }
    }
    check_until(horizon);
    c.suspects.clear();
    for (std::size_t i = 0; i < c.unfollowed.size(); ++i)
      if (c.unfollowed[i].suspect && !clears_by_slopes(c, i, tau)) c.suspects.push_back(i);
    if (!c.suspects.empty()) check_under_stops(c, tau);
    std::sort(c.unsafe.begin(), c.unsafe.end());
    return c.unsafe.empty();
  }

  /// The exact check of the suspects no bound clears: their net requirement under the
  /// stops found, at the TTS, every stop time, every start of a supply interval and the
  /// horizon, by one pass over the items above them, parents first (G_i = D_i + the sum
  /// over parents p of q max(0, G_p - stock_p), at all those times at once). Between
  /// two such times every line's rate is constant, so net_m is convex there and lies
  /// under its chord, and supply grows linearly or ramps: a chord that stays short of
  /// supply by the margin proves m safe there. Where supply does not ramp this is
  /// exact, the gap of a convex requirement and a linear supply peaking at an end; where
  /// it ramps it errs on the unsafe side. The suspects that fail go to c.unsafe.
  void check_under_stops(scratch& c, const T& tau) {
    const disruption_core<T>& model = *core_;
    const T& horizon = c.horizon;
    c.times.assign(1, tau);
    for (const T& t : c.stop_times)
      if (tau < t && t < horizon) c.times.push_back(t);
    for (std::size_t j = c.curves->interval_of(tau) + 1; j < c.curves->interval_count(); ++j)
      if (c.curves->start_time(j) < horizon) c.times.push_back(c.curves->start_time(j));
    if (tau < horizon) c.times.push_back(horizon);
    std::sort(c.times.begin(), c.times.end());
    c.times.erase(std::unique(c.times.begin(), c.times.end()), c.times.end());
    const std::size_t width = c.times.size();

    // Rows of gross requirements at those times, one per place above a suspect, filled
    // parents first: each material's lineage is in order, and holds every parent of
    // its places (those of earlier lineages are filled already).
    const ancestor_items& r = ancestors_;
    if (c.stamp.size() != r.item.size()) {
      c.stamp.assign(r.item.size(), 0);
      c.row.assign(r.item.size(), 0);
    }
    if (++c.epoch == 0) {  // wrapped: no stamp may look current
      std::fill(c.stamp.begin(), c.stamp.end(), 0);
      c.epoch = 1;
    }
    std::size_t most = 0;  // rows, if no two lineages shared a place
    for (const std::size_t i : c.suspects) most += lineage_of(c, c.unfollowed[i].material).size();
    if (c.gross.size() < most * width) c.gross.resize(most * width);
    std::size_t rows = 0;
    const T* const times = c.times.data();
    for (const std::size_t i : c.suspects) {
      for (const std::uint32_t s : lineage_of(c, c.unfollowed[i].material)) {
        if (c.stamp[s] == c.epoch) continue;
        c.stamp[s] = c.epoch;
        c.row[s] = static_cast<std::uint32_t>(rows);
        T* const g = c.gross.data() + rows * width;
        ++rows;
        const item_id item = r.item[s];
        const std::uint32_t l = model.line_index()[item];
        if (l == no_index) {
          std::fill(g, g + width, T(0));
        } else {  // a line's cumulative demand, which stops growing when it stops
          const T& d = model.demand()[item];
          const std::optional<T>& stop = c.stops[l].time;
          for (std::size_t k = 0; k < width; ++k) g[k] = T(d * (stop && *stop < times[k] ? *stop : times[k]));
        }
        for (std::size_t e = r.first_parent[s]; e < r.first_parent[s + 1]; ++e) {
          const T* const above = c.gross.data() + c.row[r.parent[e]] * width;
          // Copies, and no branch: the compiler can see they do not change with g.
          const T stock = r.stock[r.parent[e]];
          const T q = r.quantity[e];
          for (std::size_t k = 0; k < width; ++k) {
            const T net = T(above[k] - stock);
            g[k] += T(q * (net > T(0) ? net : T(0)));
          }
        }
      }
    }

    const T tol = scalar_traits<T>::tolerance();
    for (const std::size_t i : c.suspects) {
      const unfollowed_material& w = c.unfollowed[i];
      const T sl = T(tol * model.planned_rates()[w.position]);
      const T* const g = c.gross.data() + c.row[r.place[w.material]] * width;
      const T& stock = model.stock()[w.material];
      const auto net = [&](std::size_t k) { return g[k] < stock ? T(0) : T(g[k] - stock); };
      for (std::size_t k = 0; k + 1 < width; ++k) {
        const T from = net(k);
        const T chord = T(T(net(k + 1) - from) / T(times[k + 1] - times[k]));
        if (may_reach_supply(*c.curves, w.position, sl, times[k], from, chord, times[k + 1], w.margin)) {
          c.unsafe.push_back(w.material);
          break;
        }
      }
    }
  }

  /// The places above material m (its own included), in order, found the first time a
  /// thread asks.
  const std::vector<std::uint32_t>& lineage_of(scratch& c, item_id m) const {
    auto [it, added] = c.lineage.try_emplace(m);
    std::vector<std::uint32_t>& list = it->second;
    if (!added) return list;
    const ancestor_items& r = ancestors_;
    c.reached.resize(r.item.size(), 0);
    list.push_back(r.place[m]);
    c.reached[r.place[m]] = 1;
    for (std::size_t k = 0; k < list.size(); ++k)
      for (std::size_t e = r.first_parent[list[k]]; e < r.first_parent[list[k] + 1]; ++e)
        if (!c.reached[r.parent[e]]) {
          c.reached[r.parent[e]] = 1;
          list.push_back(r.parent[e]);
        }
    for (const std::uint32_t s : list) c.reached[s] = 0;
    std::sort(list.begin(), list.end());
    return list;
  }

  /// The finer bound for unfollowed material i: the scenario's net_m grows no faster than
  /// net_m^run (every item it draws through is exhausted in the scenario only if it is
  /// with every line running, and fewer lines run) and no faster than ghat_m, so
  /// net_m(t) <= net_m(tau) + the integral from tau to t of min(slope of net_m^run,
  /// ghat_m), piece by piece over the recording and the stop times. Whether that stays
  /// short of supply by the margin up to the horizon.
  [[nodiscard]] bool clears_by_slopes(const scratch& c, std::size_t i, const T& tau) const {
    const unfollowed_material& w = c.unfollowed[i];
    const std::vector<net_segment<T>>& segs = (*recorded_)[w.position];
    const T& horizon = c.horizon;
    const T sl = shortage_slack(core_->planned_rates()[w.position]);
    std::size_t k = recorded_requirements<T>::piece_at(segs, tau);  // segs.size() before the first: net 0, slope 0
    std::size_t g = 0;                                              // the next stop time
    T rate = core_->planned_rates()[w.position];
    T t = tau;
    T net = w.at_tau;
    for (;;) {
      for (; g < c.stop_times.size() && !(t < c.stop_times[g]); ++g) rate = c.rate_history[g * c.unfollowed.size() + i];
      const std::size_t next_k = k == segs.size() ? 0 : k + 1;
      T end = horizon;
      if (next_k < segs.size() && segs[next_k].time < end) end = segs[next_k].time;
      if (g < c.stop_times.size() && c.stop_times[g] < end) end = c.stop_times[g];
      const T run = k == segs.size() ? T(0) : segs[k].slope;
      const T& slope = run < rate ? run : rate;
      if (t < end && may_reach_supply(*c.curves, w.position, sl, t, net, slope, end, w.margin)) return false;
      if (!(end < horizon)) return true;
      net += T(slope * T(end - t));
      t = end;
      if (next_k < segs.size() && !(t < segs[next_k].time)) k = next_k;
    }
  }

  /// Whether w's requirement with every line running is within its margin of supply at
  /// tau, or beyond.
  [[nodiscard]] bool near_supply(const scratch& c, const unfollowed_material& w, const T& tau) const {
    const material_position mp = w.position;
    const T sl = shortage_slack(core_->planned_rates()[mp]);
    const T supply = T(c.curves->cumulative(mp, c.curves->interval_of(tau), tau) + T(sl * tau));
    return T(T(w.net - supply) + w.margin) > T(0);
  }

  const disruption_core<T>* core_;
  const recorded_requirements<T>* recorded_;
  const line_rows<T>* rows_;
  const std::vector<material_position>* row_position_;
  std::span<const item_id> affected_;
  ancestor_items ancestors_;
};

}  // namespace chokepoint::detail
