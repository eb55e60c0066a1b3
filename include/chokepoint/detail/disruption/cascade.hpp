// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The line-down cascade as an event-driven ("kinetic") computation. Between events every
// gross requirement is linear in time, so an item's state is its requirement at a time,
// its growth, and whether its stock is exhausted. Events are stock exhaustions, shortages
// (an exhausted material's requirement overtaking its supply) and line stops at a
// shortage (stop_rules.hpp), each passed down the exhausted items below it in level
// order. Only what can still matter is followed: a certificate drops the materials that
// can no longer run short before the horizon, and the items that lead only to them.
// Batches also use it to record the cascade-free evolution and to run a scenario's
// cascade under a journal that undoes it. How and why: docs/architecture.md ("The
// cascade, event by event").

#include <chokepoint/detail/disruption/crossing.hpp>
#include <chokepoint/detail/disruption/events.hpp>
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
    narrowed_valid_ = false;
    const std::size_t n = net.bom->item_count();
    if (st_.size() != n) {
      st_.assign(n, item_state{});
      hot_.assign(n, hot_state{});
      ghat_.assign(n, T(0));
      short_version_.assign(n, 0);
      followed_children_.assign(n, {0, 0});
      narrowed_children_.assign(n, {0, 0});
      narrowed_scratch_.assign(n, 0);
      followed_list_.clear();
      followed_count_ = 0;
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
    narrowed_valid_ = false;
  }

  /// Follows exactly the given materials and everything above them. Later, as materials
  /// stop being at risk, what leads only to them is let go of one item at a time: each
  /// followed item counts its reasons to be followed (its followed children, and being
  /// one of these materials), and goes when the count falls to 0. The children that are
  /// followed now are listed apart, so that slope waves never walk the rest of the BOM.
  void follow_ancestors_of(std::span<const item_id> materials) {
    narrowed_valid_ = false;
    for (const item_id i : followed_list_) {
      hot_[i].followed = 0;
      hot_[i].anchored = 0;
      hot_[i].anchors = 0;
    }
    followed_list_.clear();
    for (const item_id m : materials)
      if (!hot_[m].followed) {
        hot_[m].followed = 1;
        hot_[m].anchored = 1;
        hot_[m].anchors = 1;
        followed_list_.push_back(m);
      }
    for (std::size_t k = 0; k < followed_list_.size(); ++k)
      for (const item_id p : net_.bom->parents(followed_list_[k]))
        if (!hot_[p].followed) {
          hot_[p].followed = 1;
          followed_list_.push_back(p);
        }
    // In id order (topological): a scan of the flags beats sorting a large list.
    const std::size_t n = hot_.size();
    if (followed_list_.size() * 16 > n) {
      followed_list_.clear();
      for (item_id i = 0; i < n; ++i)
        if (hot_[i].followed) followed_list_.push_back(i);
    } else {
      std::sort(followed_list_.begin(), followed_list_.end());
    }
    // An item's count: its followed children, plus one for the materials given.
    edges_followed_ = 0;
    followed_count_ = followed_list_.size();
    followed_child_.clear();
    followed_quantity_.clear();
    for (const item_id i : followed_list_) {
      edges_followed_ += net_.bom->parents(i).size() + 1;
      const auto cs = net_.bom->children(i);
      const auto qs = net_.bom->child_quantities(i);
      const auto first = static_cast<std::uint32_t>(followed_child_.size());
      for (std::size_t k = 0; k < cs.size(); ++k)
        if (hot_[cs[k]].followed) {
          followed_child_.push_back(cs[k]);
          followed_quantity_.push_back(qs[k]);
        }
      const auto last = static_cast<std::uint32_t>(followed_child_.size());
      followed_children_[i] = {first, last};
      hot_[i].anchors += last - first;
    }
  }

  /// The state at time t with every line running, by one pass over the followed items
  /// in topological order (stock within rounding of the requirement counts as exhausted).
  void start_at(const T& t) {
    heap_.clear();
    short_heap_.clear();
    running_count_ = 0;
    const T tol = scalar_traits<T>::tolerance();
    for (const item_id i : followed_list_) {
      if (!hot_[i].followed) continue;
      item_state& x = st_[i];
      const T& d = net_.demand[i];
      x.running = d > T(0) ? 1 : 0;
      if (x.running) ++running_count_;
      T g = x.running ? T(d * t) : T(0);
      T s = d;
      const auto ps = net_.bom->parents(i);
      const auto qs = net_.bom->parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k) {
        const item_state& p = st_[ps[k]];
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
    journaling_ = true;
    ++epoch_;
    journal_.clear();
    unanchored_.clear();
    saved_heap_ = heap_;
    saved_edges_ = edges_followed_;
    saved_followed_count_ = followed_count_;
    saved_running_ = running_count_;
    if (!materials.empty()) {
      narrow_to(materials);
      return;
    }
    // The counts of what is followed, given back as a whole by rollback(): one pass in
    // id order instead of undoing each count a cascade took away, one edge at a time.
    saved_anchors_.resize(followed_list_.size());
    for (std::size_t k = 0; k < followed_list_.size(); ++k) saved_anchors_[k] = hot_[followed_list_[k]].anchors;
  }

  void rollback() {
    for (std::size_t k = journal_.size(); k-- > 0;) st_[journal_[k].first] = std::move(journal_[k].second);
    journal_.clear();
    journaling_ = false;
    heap_.swap(saved_heap_);
    short_heap_.clear();
    // The list was left as it was (it may hold items no longer followed, with no reason
    // left to follow them): an item is followed exactly when its count is not 0.
    const std::vector<item_id>& list = followed_list();
    for (std::size_t k = 0; k < list.size(); ++k) {
      const item_id i = list[k];
      hot_[i].anchors = saved_anchors_[k];
      hot_[i].followed = saved_anchors_[k] > 0 ? 1 : 0;
    }
    narrowed_ = false;
    follow_mark_ = 1;
    for (const item_id m : unanchored_) hot_[m].anchored = 1;
    unanchored_.clear();
    followed_count_ = saved_followed_count_;
    edges_followed_ = saved_edges_;
    running_count_ = saved_running_;
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
    at_risk_list_.clear();
    for (const item_id i : narrowed_ ? narrowed_anchored_ : followed_list_) {
      if (!followed(i)) continue;
      if (is_material(i) && view.curves->affected(net_.material_positions[i])) {
        hot_[i].at_risk = 1;
        at_risk_list_.push_back(i);
        if (rows_) ghat_[i] = net_.planned[net_.material_positions[i]];  // every line runs
      } else if (hot_[i].anchored) {
        unanchor(i);
      }
    }
    for (const item_id i : at_risk_list_)
      if (st_[i].out) predict_shortage(i, tau0);

    if (!binding.empty()) {
      first.emplace(tau0, std::vector<item_id>(binding.begin(), binding.end()));
      batch_.assign(binding.begin(), binding.end());
      for (const item_id m : batch_) ++short_version_[m];  // consumed by this round
      round(tau0);
    }
    // Only a material at risk can stop a line: once none is, nothing else changes.
    while (running_count_ > 0 && followed_count_ > 0 && !at_risk_list_.empty()) {
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
    for (const item_id i : at_risk_list_) hot_[i].at_risk = 0;
    short_heap_.clear();
    return first;
  }

 private:
  /// The kinetic state of an item (journaled as a whole).
  struct item_state {
    T value = T(0);  ///< gross requirement at `since`
    T slope = T(0);  ///< its growth per day
    T since = T(0);
    std::uint32_t version = 0;  ///< invalidates older exhaustion predictions
    char out = 0;               ///< stock exhausted: gross >= stock
    char running = 0;           ///< a line that still runs
  };
  /// What a slope wave reads and writes for each child, and what says whether the item
  /// is followed, kept together because they are read together (not journaled).
  struct hot_state {
    T pending = T(0);
    std::uint32_t level = 0;
    std::uint32_t stamp = 0;    ///< the journal's epoch when last journaled
    std::uint32_t anchors = 0;  ///< reasons to follow it
    char followed = 0;          ///< followed: 1, or in a narrowed journal 2 (see followed())
    char anchored = 0;          ///< one of the materials followed for their own sake
    char queued = 0;
    char at_risk = 0;  ///< a material that may still bind
    char mark = 0;     ///< scratch for searches
  };

  /// Whether item i is followed: in a narrowed journal the items of the narrowed set carry
  /// mark 2 and the others keep the 1 they have outside it.
  [[nodiscard]] bool followed(item_id i) const { return hot_[i].followed == follow_mark_; }

  /// The list of what is followed: the narrowed set in a narrowed journal (both may hold items
  /// let go of since).
  [[nodiscard]] const std::vector<item_id>& followed_list() const {
    return narrowed_ ? narrowed_list_ : followed_list_;
  }

  /// begin_journal() with materials: the narrowed set (those materials and the items above
  /// them, marked 2) with its counts as follow_ancestors_of makes them (each item's own
  /// count saved for rollback()), its own lists of followed children, and the heap
  /// without the exhaustions of the other items. The narrowed set's list, counts and children
  /// depend on the materials alone, so the last ones are kept and reused while the
  /// followed items stay the same: the narrowed set of a batch changes seldom. In id order
  /// only without rows, where the certificate explodes demand over it.
  void narrow_to(std::span<const item_id> materials) {
    narrowed_ = true;
    follow_mark_ = 2;
    if (!narrowed_valid_ || !std::ranges::equal(materials, narrowed_materials_)) build_narrowed(materials);
    saved_anchors_.resize(narrowed_list_.size());
    for (std::size_t k = 0; k < narrowed_list_.size(); ++k) {
      const item_id i = narrowed_list_[k];
      hot_[i].followed = 2;
      saved_anchors_[k] = hot_[i].anchors;
      hot_[i].anchors = narrowed_anchors_[k];
    }
    followed_count_ = narrowed_list_.size();
    edges_followed_ = narrowed_edges_;
    // Predicted exhaustions of the others would only be popped and dropped one by one.
    std::erase_if(heap_, [this](const timed_event<T>& e) { return !followed(e.item); });
    std::make_heap(heap_.begin(), heap_.end(), later_event<T>{});
  }

  /// The narrowed set of narrow_to(), built with the items of the narrowed set marked 2 (as they stay).
  void build_narrowed(std::span<const item_id> materials) {
    narrowed_materials_.assign(materials.begin(), materials.end());
    // Counts as they are reached: one for a material given, one for each child in the
    // narrowed set (every parent of an item of the narrowed set is in it).
    narrowed_list_.clear();
    const auto reach = [this](item_id i) {
      hot_[i].followed = 2;
      narrowed_scratch_[i] = hot_[i].anchored ? 1 : 0;
      narrowed_list_.push_back(i);
    };
    for (const item_id m : materials)
      if (hot_[m].followed == 1) reach(m);
    narrowed_edges_ = 0;
    for (std::size_t k = 0; k < narrowed_list_.size(); ++k) {
      const auto ps = net_.bom->parents(narrowed_list_[k]);
      narrowed_edges_ += ps.size() + 1;
      for (const item_id p : ps) {
        if (hot_[p].followed == 1) reach(p);
        ++narrowed_scratch_[p];
      }
    }
    if (!rows_) std::sort(narrowed_list_.begin(), narrowed_list_.end());
    narrowed_anchors_.resize(narrowed_list_.size());
    for (std::size_t k = 0; k < narrowed_list_.size(); ++k) narrowed_anchors_[k] = narrowed_scratch_[narrowed_list_[k]];
    narrowed_anchored_.clear();
    for (const item_id i : narrowed_list_)
      if (hot_[i].anchored || is_material(i)) narrowed_anchored_.push_back(i);
    narrowed_child_.clear();
    narrowed_quantity_.clear();
    for (const item_id i : narrowed_list_) {
      const auto [first, last] = followed_children_[i];
      const auto from = static_cast<std::uint32_t>(narrowed_child_.size());
      for (std::uint32_t k = first; k < last; ++k)
        if (followed(followed_child_[k])) {
          narrowed_child_.push_back(followed_child_[k]);
          narrowed_quantity_.push_back(followed_quantity_[k]);
        }
      narrowed_children_[i] = {from, static_cast<std::uint32_t>(narrowed_child_.size())};
    }
    // The rows over the narrowed set's materials: the others are never at risk in it.
    if (rows_) {
      narrowed_rows_.offsets.assign(1, 0);
      narrowed_rows_.material.clear();
      narrowed_rows_.rate.clear();
      for (std::size_t l = 0; l + 1 < rows_->offsets.size(); ++l) {
        for (std::size_t k = rows_->offsets[l]; k < rows_->offsets[l + 1]; ++k)
          if (followed(rows_->material[k])) {
            narrowed_rows_.material.push_back(rows_->material[k]);
            narrowed_rows_.rate.push_back(rows_->rate[k]);
          }
        narrowed_rows_.offsets.push_back(narrowed_rows_.material.size());
      }
    }
    narrowed_valid_ = true;
  }

  [[nodiscard]] bool is_material(item_id i) const { return net_.material_positions[i] != no_index; }

  void touch(item_id i) {
    if (!journaling_ || hot_[i].stamp == epoch_) return;
    hot_[i].stamp = epoch_;
    journal_.emplace_back(i, st_[i]);
  }

  /// Rounding never leaves a negative or vanishing growth behind (floating types).
  void snap(item_id i) {
    T& slope = st_[i].slope;
    if (slope < T(0)) slope = T(0);
    const T tol = scalar_traits<T>::tolerance();
    if (tol > T(0) && slope > T(0) && slope < T(tol * net_.planned_gross[i])) slope = T(0);
  }

  void schedule_exhaustion(item_id i) {
    const item_state& x = st_[i];
    if (!(x.slope > T(0))) return;
    const T when = T(x.since + T(T(net_.stock[i] - x.value) / x.slope));
    heap_.push_back({when < x.since ? x.since : when, i, x.version});
    std::push_heap(heap_.begin(), heap_.end(), later_event<T>{});
  }

  const timed_event<T>* next_exhaustion() {
    while (!heap_.empty()) {
      const timed_event<T>& e = heap_.front();
      const item_state& x = st_[e.item];
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
    item_state& x = st_[i];
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
    const auto [first, last] = narrowed_ ? narrowed_children_[i] : followed_children_[i];
    const item_id* const child = narrowed_ ? narrowed_child_.data() : followed_child_.data();
    const T* const quantity = narrowed_ ? narrowed_quantity_.data() : followed_quantity_.data();
    work_ += last - first;
    for (std::uint32_t k = first; k < last; ++k) {
      const item_id c = child[k];
      hot_state& h = hot_[c];
      if (h.followed != follow_mark_) continue;
      if (h.queued) {
        h.pending += T(quantity[k] * change);
        continue;
      }
      h.queued = 1;
      h.pending = T(quantity[k] * change);
      enqueue(c, h.level);
    }
  }

  /// Material m is no longer followed for its own sake (see follow_ancestors_of).
  std::size_t unanchor(item_id m) {
    hot_[m].anchored = 0;
    if (journaling_) unanchored_.push_back(m);
    return release(m);
  }

  /// Takes one reason to follow i away; an item left with none is no longer followed,
  /// which takes one away from each of its parents. Returns the edges visited.
  std::size_t release(item_id i) {
    if (--hot_[i].anchors > 0) return 1;
    std::size_t cost = 0;
    release_stack_.assign(1, i);
    while (!release_stack_.empty()) {
      const item_id x = release_stack_.back();
      release_stack_.pop_back();
      hot_[x].followed = 0;
      --followed_count_;
      const auto ps = net_.bom->parents(x);
      edges_followed_ -= ps.size() + 1;
      cost += ps.size() + 1;
      for (const item_id p : ps)
        if (--hot_[p].anchors == 0) release_stack_.push_back(p);
    }
    return cost;
  }

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
    hot_state& h = hot_[c];
    h.queued = 0;
    if (h.followed != follow_mark_) return;  // dropped by a certificate since it was queued
    ++work_;
    touch(c);
    item_state& x = st_[c];
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
      const item_state& x = st_[m];
      auto& curve = (*record_)[net_.material_positions[m]];
      T net = T(x.value - net_.stock[m]);
      if (net < T(0)) net = T(0);
      if (!curve.empty() && curve.back().time == t) curve.back() = {t, std::move(net), x.slope};
      else curve.push_back({t, std::move(net), x.slope});
    }
    if (in_cascade_) predict_shortage(m, t);
  }

  [[nodiscard]] T slack(item_id m) const {
    return T(scalar_traits<T>::tolerance() * net_.planned[net_.material_positions[m]]);
  }

  /// net_m(t) from the state (0 until its stock is exhausted).
  [[nodiscard]] T net_at(item_id m, const T& t) const {
    const item_state& x = st_[m];
    if (!x.out) return T(0);
    T net = T(T(x.value - net_.stock[m]) + T(x.slope * T(t - x.since)));
    if (net < T(0)) net = T(0);
    return net;
  }

  void predict_shortage(item_id m, const T& t) {
    ++short_version_[m];
    const item_state& x = st_[m];
    if (!hot_[m].at_risk || !x.out) return;
    const auto r =
        first_crossing(*view_.curves, net_.material_positions[m], slack(m), t, net_at(m, t), x.slope, view_.horizon);
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
          const item_state& y = st_[p];
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
      hot_state& h = hot_[p];
      if (h.queued) {
        h.pending -= net_.demand[p];
      } else {
        h.queued = 1;
        h.pending = T(-net_.demand[p]);
        enqueue(p, h.level);
      }
      if (rows_) {
        const line_rows<T>& rows = narrowed_ ? narrowed_rows_ : *rows_;
        for (std::size_t k = rows.offsets[l]; k < rows.offsets[l + 1]; ++k) ghat_[rows.material[k]] -= rows.rate[k];
      }
    }
    if (rows_ || work_ >= next_certificate_) certify(tau);
    propagate(tau);
    for (const item_id m : batch_) predict_shortage(m, tau);  // still binding: a new round at tau
  }

  /// Recomputes which materials are still at risk after time t and drops what leads to
  /// none of them; the next certificate is due once the work since reaches the cost of
  /// this one (items and edges visited), or with rows the number of items followed.
  void certify(const T& t) {
    const T tol = scalar_traits<T>::tolerance();
    std::size_t cost = at_risk_list_.size();
    if (!rows_) {  // ghat by exploding the running demand over the followed items
      for (const item_id i : followed_list()) {
        if (!followed(i)) continue;
        T g = st_[i].running ? net_.demand[i] : T(0);
        const auto ps = net_.bom->parents(i);
        const auto qs = net_.bom->parent_quantities(i);
        for (std::size_t k = 0; k < ps.size(); ++k)
          if (ghat_[ps[k]] > T(0)) g += T(qs[k] * ghat_[ps[k]]);
        ghat_[i] = std::move(g);
      }
      cost += edges_followed_;
    }
    std::size_t kept = 0;
    dropped_.clear();
    for (const item_id m : at_risk_list_) {
      if (may_bind(m, t, tol)) {
        at_risk_list_[kept++] = m;
      } else {
        hot_[m].at_risk = 0;
        ++short_version_[m];
        dropped_.push_back(m);
      }
    }
    at_risk_list_.resize(kept);
    // With nothing left at risk the cascade is over (see cascade()), and letting go of
    // what leads to the dropped materials would be work for nothing.
    if (kept > 0)
      for (const item_id m : dropped_)
        if (hot_[m].anchored) cost += unanchor(m);
    if (!rows_)
      for (const item_id i : followed_list()) ghat_[i] = T(0);
    // Outside a journal the list may shed what is no longer followed.
    if (!journaling_ && 2 * followed_count_ < followed_list_.size())
      std::erase_if(followed_list_, [this](item_id i) { return !hot_[i].followed; });
    next_certificate_ = work_ + (rows_ ? followed_count_ : cost);
  }

  /// Whether net_m(t0) + ghat_m (t - t0) can overtake C_m(t) + slack t on [t0, horizon]
  /// (with a margin for rounding: a material is dropped only with room to spare).
  [[nodiscard]] bool may_bind(item_id m, const T& t0, const T& tol) const {
    const material_position mp = net_.material_positions[m];
    const T net0 = net_at(m, t0);
    const T& rate = ghat_[m];
    const T& horizon = view_.horizon;
    if (!(t0 < horizon)) return false;
    T margin(0);
    if (tol > T(0)) margin = T(T(64) * T(tol * T(net0 + T(T(rate + net_.planned[mp]) * horizon))));
    return may_reach_supply(*view_.curves, mp, slack(m), t0, net0, rate, horizon, margin);
  }

  disruption_network<T> net_{};
  scenario_view view_{};
  std::span<line_stop> stops_;

  std::vector<item_state> st_;
  std::vector<hot_state> hot_;
  std::vector<T> ghat_;
  std::vector<std::uint32_t> short_version_;
  std::vector<item_id> followed_list_;  ///< in id order; may hold items no longer followed
  std::vector<item_id> at_risk_list_;
  std::vector<item_id> dropped_;  ///< by the last certificate
  std::size_t edges_followed_ = 0;
  std::size_t followed_count_ = 0;  ///< items followed (followed_list_ may hold others)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> followed_children_;  ///< per item: range in followed_child_
  std::vector<item_id> followed_child_;
  std::vector<T> followed_quantity_;
  std::vector<item_id> release_stack_;
  // A narrowed journal (narrow_to): the mark of what is followed, the narrowed set (in id order
  // without rows) with what build_narrowed() found for it, and its followed children.
  bool narrowed_ = false;
  char follow_mark_ = 1;
  std::vector<item_id> narrowed_list_;
  std::vector<item_id> narrowed_materials_;      ///< the materials narrowed_list_ was built for
  std::vector<item_id> narrowed_anchored_;       ///< the materials (and anchored items) of narrowed_list_
  std::vector<std::uint32_t> narrowed_anchors_;  ///< the counts of narrowed_list_ in the narrowed set
  std::vector<std::uint32_t> narrowed_scratch_;  ///< per item, for build_narrowed()
  std::size_t narrowed_edges_ = 0;
  bool narrowed_valid_ = false;  ///< narrowed_list_ and what goes with it are for the items followed now
  std::vector<std::pair<std::uint32_t, std::uint32_t>> narrowed_children_;
  std::vector<item_id> narrowed_child_;
  std::vector<T> narrowed_quantity_;
  line_rows<T> narrowed_rows_;  ///< with rows: *rows_ over the narrowed set's materials
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

  bool journaling_ = false;
  std::uint32_t epoch_ = 0;
  std::vector<std::pair<item_id, item_state>> journal_;
  std::vector<timed_event<T>> saved_heap_;
  std::vector<item_id> unanchored_;           ///< since begin_journal(), for rollback()
  std::vector<std::uint32_t> saved_anchors_;  ///< per entry of followed_list_ (or narrowed_list_) at begin_journal()
  std::size_t saved_edges_ = 0, saved_followed_count_ = 0, saved_running_ = 0;
};

}  // namespace chokepoint::detail
