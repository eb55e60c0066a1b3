// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The line-down cascade as an event-driven ("kinetic") computation: the event loop.
// Between events every gross requirement is linear in time, so an item's state is its
// requirement at a time, its growth, and whether its stock is exhausted (kinetic_state.hpp).
// Events are stock exhaustions, shortages (an exhausted material's requirement overtaking
// its supply) and line stops at a shortage (stop_rules.hpp), each passed down the
// exhausted items below it in level order. Only what can still matter is followed
// (followed_set.hpp): a certificate (certificate.hpp) drops the materials that can no
// longer run short before the horizon, and the items that lead only to them. Batches also
// use it to record the cascade-free evolution and to run a scenario's cascade under a
// journal that undoes it (journal.hpp). How and why: docs/architecture.md ("The cascade,
// event by event").

#include <chokepoint/detail/disruption/certificate.hpp>
#include <chokepoint/detail/disruption/crossing.hpp>
#include <chokepoint/detail/disruption/events.hpp>
#include <chokepoint/detail/disruption/followed_set.hpp>
#include <chokepoint/detail/disruption/journal.hpp>
#include <chokepoint/detail/disruption/kinetic_state.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/detail/disruption/stop_rules.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class kinetic_cascade {
 public:
  /// How one line ends: empty time when it runs through the horizon.
  struct line_stop {
    std::optional<T> time;
    item_id stopped_by = 0;
  };

  /// What one cascade needs besides the network.
  struct scenario_view {
    const supply_curves<T>* curves = nullptr;
    std::span<const std::optional<T>> recovery;  ///< TTR per material position
    T horizon = T(0);
    cascade_policy policy = cascade_policy::stop_all;  ///< which drawers stop (stop_rules.hpp)
  };

  /// Sizes the engine for a network (again only when the network changes size) and
  /// reads its levels (a caller's workspace may go from one model to another).
  void bind(const disruption_network<T>& net) {
    net_ = net;
    followed_.forget_narrowed();
    const std::size_t n = net.bom->item_count();
    if (st_.size() != n) {
      st_.assign(n, item_state<T>{});
      hot_.assign(n, hot_state<T>{});
      certificate_.resize(n);
      short_version_.assign(n, 0);
      followed_.resize(n);
    }
    for (item_id i = 0; i < n; ++i) hot_[i].level = net.bom->level(i);
    const std::size_t levels = net.bom->level_count();
    if (buckets_.size() < levels) buckets_.resize(levels);
    const std::size_t nl = net.lines.size();
    draws_.assign(nl, 0);
    drawn_from_.assign(nl, 0);
  }

  /// With rows covering every followed material, the certificate keeps ghat up to date
  /// as lines stop (a few operations per stop) and runs after every round; without, it
  /// explodes the running demand over the followed items, amortised against the work.
  void use_rows(const line_rows<T>* rows) {
    rows_ = rows;
    followed_.forget_narrowed();
  }

  /// Follows exactly the given materials and everything above them. Later, as materials
  /// stop being at risk, what leads only to them is let go of (followed_set.hpp).
  void follow_ancestors_of(std::span<const item_id> materials) {
    followed_.follow_ancestors_of(hot_, *net_.bom, materials);
  }

  /// The state at time t with every line running, by one pass over the followed items
  /// in topological order (stock within rounding of the requirement counts as exhausted).
  void start_at(const T& t) {
    heap_.clear();
    short_heap_.clear();
    running_count_ = 0;
    const T tol = scalar_traits<T>::tolerance();
    for (const item_id i : followed_.list()) {
      if (!hot_[i].followed) continue;
      item_state<T>& x = st_[i];
      const T& d = net_.demand[i];
      x.running = d > T(0) ? 1 : 0;
      if (x.running) ++running_count_;
      T g = x.running ? T(d * t) : T(0);
      T s = d;
      const auto ps = net_.bom->parents(i);
      const auto qs = net_.bom->parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k) {
        const item_state<T>& p = st_[ps[k]];
        if (!p.out) continue;
        g += T(qs[k] * T(p.value - net_.stock[ps[k]]));
        s += T(qs[k] * p.slope);
      }
      const T& stock = net_.stock[i];
      bool out = !(g < stock);
      if (!out && tol > T(0) && s > T(0)) {
        const T gap = T(stock - g);
        if (!(gap > T(tol * stock))) {
          out = true;
          g = stock;
        }
      }
      x.value = std::move(g);
      x.slope = std::move(s);
      snap(i);
      x.since = t;
      x.out = out ? 1 : 0;
      ++x.version;
      if (!out) {
        schedule_exhaustion(i);
      } else if (is_material(i)) {
        material_changed(i, t);
      }
    }
  }

  /// Records the net requirement of every followed material into `curves` (indexed by
  /// material position) from now on; nullptr stops recording.
  void record_into(std::vector<std::vector<net_segment<T>>>* curves) { record_ = curves; }

  /// Processes every exhaustion up to and including time `until`, all lines running.
  void advance(const T& until) {
    for (;;) {
      const timed_event<T>* e = next_exhaustion();
      if (!e || until < e->time) return;
      exhaust();
    }
  }

  /// Undo log for batches: every change until rollback() is journaled. With
  /// `materials` (followed now), only they and the items above them are followed until
  /// rollback(), in the state the evolution has reached. The items above a material are
  /// all followed with it, so what is followed sees every change that reaches it and
  /// computes exactly what it would with the others followed too; the cost is a pass
  /// over the edges above these materials instead of one over everything followed.
  void begin_journal(std::span<const item_id> materials = {}) {
    journal_.begin(heap_, running_count_);
    followed_.begin_journal(hot_, net_, rows_, materials);
    if (!followed_.narrowed()) return;
    // Predicted exhaustions of the others would only be popped and dropped one by one.
    std::erase_if(heap_, [this](const timed_event<T>& e) { return !followed(e.item); });
    std::make_heap(heap_.begin(), heap_.end(), later_event<T>{});
  }

  void rollback() {
    journal_.rollback(st_, heap_, running_count_);
    short_heap_.clear();
    followed_.rollback(hot_);
  }

  /// The cascade from time tau0 in the current state (every line running), to the
  /// horizon. `binding` (item ids, sorted) is the set that binds at tau0 when the caller
  /// knows it; otherwise the first shortage is found here. Fills one entry per line;
  /// returns the first shortage (time and binding materials), if any.
  std::optional<std::pair<T, std::vector<item_id>>> cascade(const T& tau0, std::span<const item_id> binding,
                                                            const scenario_view& view, std::span<line_stop> stops) {
    view_ = view;
    stops_ = stops;
    for (line_stop& s : stops) s = line_stop{};
    in_cascade_ = true;
    work_ = 0;
    next_certificate_ = 0;  // certify at the first round
    now_ = tau0;
    std::optional<std::pair<T, std::vector<item_id>>> first;

    // Materials at risk to begin with: the followed ones that the scenario touches; the
    // others are let go of at once.
    certificate_.at_risk.clear();
    for (const item_id i : followed_.materials_and_anchored()) {
      if (!followed(i)) continue;
      if (is_material(i) && view.curves->affected(net_.material_positions[i])) {
        certificate_.start(i, hot_[i]);
        if (rows_) certificate_.ghat[i] = net_.planned[net_.material_positions[i]];  // every line runs
      } else if (hot_[i].anchored) {
        unanchor(i);
      }
    }
    for (const item_id i : certificate_.at_risk)
      if (st_[i].out) predict_shortage(i, tau0);

    if (!binding.empty()) {
      first.emplace(tau0, std::vector<item_id>(binding.begin(), binding.end()));
      batch_.assign(binding.begin(), binding.end());
      for (const item_id m : batch_) ++short_version_[m];  // consumed by this round
      round(tau0);
    }
    // Only a material at risk can stop a line: once none is, nothing else changes.
    while (running_count_ > 0 && followed_.count() > 0 && !certificate_.at_risk.empty()) {
      // With rows the certificate is cheap: it also runs between rounds, once the work
      // since the last one reaches the number of items followed.
      if (rows_ && work_ >= next_certificate_) {
        certify(now_);
        continue;
      }
      const timed_event<T>* e = next_exhaustion();
      const timed_event<T>* s = next_shortage();
      if (!s) {
        if (!e || !(e->time < view.horizon)) break;
        exhaust();
        continue;
      }
      if (e && !(s->time < e->time)) {
        exhaust();
        continue;
      }
      const T tau = s->time;
      const T hi = tie_window(tau);
      // What binds at tau: the shortages predicted there, and those predicted just after
      // that are 0 at tau within rounding (the others wait for their turn).
      batch_.clear();
      later_.clear();
      while (const timed_event<T>* b = next_shortage()) {
        if (hi < b->time) break;
        const timed_event<T> next = *b;
        std::pop_heap(short_heap_.begin(), short_heap_.end(), later_event<T>{});
        short_heap_.pop_back();
        const item_id m = next.item;
        if (!(tau < next.time) || binds_at(*view_.curves, net_.material_positions[m],
                                           net_.planned[net_.material_positions[m]], tau, net_at(m, tau), st_[m].slope))
          batch_.push_back(m);
        else later_.push_back(next);
      }
      for (timed_event<T>& w : later_) {
        short_heap_.push_back(std::move(w));
        std::push_heap(short_heap_.begin(), short_heap_.end(), later_event<T>{});
      }
      std::sort(batch_.begin(), batch_.end());
      batch_.erase(std::unique(batch_.begin(), batch_.end()), batch_.end());
      for (const item_id m : batch_) ++short_version_[m];
      if (!first) first.emplace(tau, batch_);
      round(tau);
    }
    in_cascade_ = false;
    for (const item_id i : certificate_.at_risk) hot_[i].at_risk = 0;
    short_heap_.clear();
    return first;
  }

 private:
  [[nodiscard]] bool followed(item_id i) const { return followed_.follows(hot_[i]); }

  [[nodiscard]] bool is_material(item_id i) const { return net_.material_positions[i] != no_index; }

  void touch(item_id i) { journal_.touch(i, hot_[i], st_[i]); }

  /// Rounding never leaves a negative or vanishing growth behind (floating types).
  void snap(item_id i) {
    T& slope = st_[i].slope;
    if (slope < T(0)) slope = T(0);
    const T tol = scalar_traits<T>::tolerance();
    if (tol > T(0) && slope > T(0) && slope < T(tol * net_.planned_gross[i])) slope = T(0);
  }

  void schedule_exhaustion(item_id i) {
    const item_state<T>& x = st_[i];
    if (!(x.slope > T(0))) return;
    const T when = T(x.since + T(T(net_.stock[i] - x.value) / x.slope));
    heap_.push_back({when < x.since ? x.since : when, i, x.version});
    std::push_heap(heap_.begin(), heap_.end(), later_event<T>{});
  }

  const timed_event<T>* next_exhaustion() {
    while (!heap_.empty()) {
      const timed_event<T>& e = heap_.front();
      const item_state<T>& x = st_[e.item];
      if (followed(e.item) && e.version == x.version && !x.out) return &e;
      std::pop_heap(heap_.begin(), heap_.end(), later_event<T>{});
      heap_.pop_back();
    }
    return nullptr;
  }

  const timed_event<T>* next_shortage() {
    while (!short_heap_.empty()) {
      const timed_event<T>& e = short_heap_.front();
      if (hot_[e.item].at_risk && e.version == short_version_[e.item]) return &e;
      std::pop_heap(short_heap_.begin(), short_heap_.end(), later_event<T>{});
      short_heap_.pop_back();
    }
    return nullptr;
  }

  /// The item on top of the exhaustion heap runs out of stock.
  void exhaust() {
    std::pop_heap(heap_.begin(), heap_.end(), later_event<T>{});
    const timed_event<T> e = std::move(heap_.back());
    heap_.pop_back();
    const item_id i = e.item;
    touch(i);
    item_state<T>& x = st_[i];
    x.value = net_.stock[i];
    x.since = e.time;
    now_ = e.time;
    x.out = 1;
    ++x.version;
    ++work_;
    if (is_material(i)) {
      material_changed(i, e.time);
      return;
    }
    pass_on(i, x.slope);
    propagate(e.time);
  }

  void pass_on(item_id i, const T& change) {
    const typename followed_set<T>::child_lists& lists = followed_.children();
    const auto [first, last] = lists.range[i];
    const item_id* const child = lists.child.data();
    const T* const quantity = lists.quantity.data();
    work_ += last - first;
    for (std::uint32_t k = first; k < last; ++k) {
      const item_id c = child[k];
      hot_state<T>& h = hot_[c];
      if (!followed_.follows(h)) continue;
      if (h.queued) {
        h.pending += T(quantity[k] * change);
        continue;
      }
      h.queued = 1;
      h.pending = T(quantity[k] * change);
      enqueue(c, h.level);
    }
  }

  /// Material m is no longer followed for its own sake. Returns the edges visited.
  std::size_t unanchor(item_id m) { return followed_.unanchor(hot_, *net_.bom, m); }

  void enqueue(item_id c, std::uint32_t level) {
    if (buckets_[level].empty()) {
      levels_.push_back(level);
      std::push_heap(levels_.begin(), levels_.end(), std::greater<>{});
    }
    buckets_[level].push_back(c);
  }

  /// Applies the queued slope changes at time t, level by level.
  void propagate(const T& t) {
    while (!levels_.empty()) {
      std::pop_heap(levels_.begin(), levels_.end(), std::greater<>{});
      const std::uint32_t level = levels_.back();
      levels_.pop_back();
      std::vector<item_id>& bucket = buckets_[level];
      for (std::size_t k = 0; k < bucket.size(); ++k) apply(bucket[k], t);
      bucket.clear();
    }
  }

  void apply(item_id c, const T& t) {
    hot_state<T>& h = hot_[c];
    h.queued = 0;
    if (!followed_.follows(h)) return;  // dropped by a certificate since it was queued
    ++work_;
    touch(c);
    item_state<T>& x = st_[c];
    if (x.since != t) {
      x.value += T(x.slope * T(t - x.since));
      x.since = t;
    }
    const T before = x.slope;
    x.slope += h.pending;
    h.pending = T(0);
    snap(c);
    if (!x.out) {
      ++x.version;
      if (x.value < net_.stock[c]) {
        schedule_exhaustion(c);
        return;
      }
      x.out = 1;  // reached its stock right now (rounding): from now on its slope passes on
      if (is_material(c)) material_changed(c, t);
      else pass_on(c, x.slope);
      return;
    }
    const T change = T(x.slope - before);
    if (change == T(0)) return;
    if (is_material(c)) material_changed(c, t);
    else pass_on(c, change);
  }

  void material_changed(item_id m, const T& t) {
    if (record_) {
      const item_state<T>& x = st_[m];
      auto& curve = (*record_)[net_.material_positions[m]];
      T net = T(x.value - net_.stock[m]);
      if (net < T(0)) net = T(0);
      if (!curve.empty() && curve.back().time == t) curve.back() = {t, std::move(net), x.slope};
      else curve.push_back({t, std::move(net), x.slope});
    }
    if (in_cascade_) predict_shortage(m, t);
  }

  /// net_m(t) from the state (0 until its stock is exhausted).
  [[nodiscard]] T net_at(item_id m, const T& t) const { return st_[m].net_at(net_.stock[m], t); }

  void predict_shortage(item_id m, const T& t) {
    ++short_version_[m];
    const item_state<T>& x = st_[m];
    if (!hot_[m].at_risk || !x.out) return;
    const auto r = first_crossing(*view_.curves, net_.material_positions[m], shortage_slack(net_, m), t, net_at(m, t),
                                  x.slope, view_.horizon);
    if (!r) return;
    short_heap_.push_back({*r, m, short_version_[m]});
    std::push_heap(short_heap_.begin(), short_heap_.end(), later_event<T>{});
  }

  /// Material a recovers strictly later than b (never counts as latest; ties: lower id).
  [[nodiscard]] bool recovers_later(item_id a, item_id b) const {
    const auto& ra = view_.recovery[net_.material_positions[a]];
    const auto& rb = view_.recovery[net_.material_positions[b]];
    if (!rb) return false;
    if (!ra) return true;
    return *rb < *ra;
  }

  /// One round at tau over the materials in batch_: their running drawers (or the
  /// lowest-priority ones) stop. A material without drawers binds only by rounding: it
  /// is left alone until its growth changes. The certificate runs between the stops and
  /// the wave they send down, so that the wave only reaches what still matters.
  void round(const T& tau) {
    now_ = tau;
    drawers_.clear();
    for (const item_id m : batch_) {
      if (!(st_[m].out && st_[m].slope > T(0))) continue;
      stack_.assign(1, m);
      seen_.assign(1, m);
      hot_[m].mark = 1;
      while (!stack_.empty()) {
        const item_id x = stack_.back();
        stack_.pop_back();
        ++work_;
        const std::uint32_t l = net_.line_index[x];
        if (l != no_index && st_[x].running) {
          if (!draws_[l]) {
            draws_[l] = 1;
            drawn_from_[l] = m;
            drawers_.push_back(l);
          } else if (recovers_later(m, drawn_from_[l])) {
            drawn_from_[l] = m;
          }
        }
        const auto ps = net_.bom->parents(x);
        work_ += ps.size();
        for (const item_id p : ps) {
          const item_state<T>& y = st_[p];
          if (!hot_[p].mark && y.out && y.slope > T(0)) {
            hot_[p].mark = 1;
            seen_.push_back(p);
            stack_.push_back(p);
          }
        }
      }
      for (const item_id x : seen_) hot_[x].mark = 0;
    }
    for (const std::uint32_t l : drawers_) draws_[l] = 0;
    if (drawers_.empty()) return;
    stopping_drawers(view_.policy, net_, drawers_);
    std::sort(drawers_.begin(), drawers_.end());
    for (const std::uint32_t l : drawers_) {
      const item_id p = net_.lines[l];
      stops_[l].time = tau;
      stops_[l].stopped_by = drawn_from_[l];
      touch(p);
      st_[p].running = 0;
      --running_count_;
      hot_state<T>& h = hot_[p];
      if (h.queued) {
        h.pending -= net_.demand[p];
      } else {
        h.queued = 1;
        h.pending = T(-net_.demand[p]);
        enqueue(p, h.level);
      }
      if (rows_) certificate_.line_stops(followed_.narrowed() ? followed_.narrowed_rows() : *rows_, l);
    }
    if (rows_ || work_ >= next_certificate_) certify(tau);
    propagate(tau);
    for (const item_id m : batch_) predict_shortage(m, tau);  // still binding: a new round at tau
  }

  /// The certificate after time t (certificate.hpp): what leads only to the materials no
  /// longer at risk is let go of. The next one is due once the work since reaches the cost
  /// of this one (items and edges visited), or with rows the number of items followed.
  void certify(const T& t) {
    std::size_t cost = certificate_.at_risk.size();
    if (!rows_) cost += certificate_.explode(followed_, hot_, st_, net_);
    certificate_.sift(t, hot_, st_, net_, *view_.curves, view_.horizon);
    for (const item_id m : certificate_.dropped) ++short_version_[m];  // their predictions are void
    // With nothing left at risk the cascade is over (see cascade()), and letting go of
    // what leads to the dropped materials would be work for nothing.
    if (!certificate_.at_risk.empty())
      for (const item_id m : certificate_.dropped)
        if (hot_[m].anchored) cost += unanchor(m);
    if (!rows_) certificate_.clear(followed_);
    followed_.shed(hot_);
    next_certificate_ = work_ + (rows_ ? followed_.count() : cost);
  }

  disruption_network<T> net_{};
  scenario_view view_{};
  std::span<line_stop> stops_;

  std::vector<item_state<T>> st_;
  std::vector<hot_state<T>> hot_;
  std::vector<std::uint32_t> short_version_;
  followed_set<T> followed_;
  certificate<T> certificate_;
  std::size_t running_count_ = 0;
  const line_rows<T>* rows_ = nullptr;

  std::vector<timed_event<T>> heap_, short_heap_, later_;
  std::vector<std::vector<item_id>> buckets_;
  std::vector<std::uint32_t> levels_;

  std::vector<item_id> batch_, stack_, seen_;
  std::vector<std::uint32_t> drawers_;
  std::vector<char> draws_;
  std::vector<item_id> drawn_from_;

  std::vector<std::vector<net_segment<T>>>* record_ = nullptr;
  bool in_cascade_ = false;
  T now_ = T(0);  ///< time of the last event of the cascade
  std::size_t work_ = 0;
  std::size_t next_certificate_ = 0;

  journal<T> journal_;
};

}  // namespace chokepoint::detail
