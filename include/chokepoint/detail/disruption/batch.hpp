// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Many scenarios over one model (sweeps, the risk exposure index), sharing what does not
// depend on the scenario: until the first shortage every line runs, so only supply
// differs. The batch records the cascade-free evolution once over the affected materials,
// finds each scenario's TTS and binding materials from those recordings, and runs each
// cascade from its TTS under a journal, following only a few materials and proving
// afterwards that the unfollowed ones cannot run short. Each result depends on the model
// and the scenario alone, so it is the same on any number of threads, and equals
// disruption_model::evaluate() exactly for exact types, within rounding for floating ones.
// The steps and their proofs: docs/architecture.md ("Many scenarios: the batch").

#include <chokepoint/detail/eigen_scalar.hpp>
#include <chokepoint/detail/disruption/cascade.hpp>
#include <chokepoint/detail/parallel.hpp>
#include <chokepoint/detail/disruption/core.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <numeric>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class scenario_batch {
 public:
  using line_stop = typename kinetic_cascade<T>::line_stop;

  /// Resolves every scenario against the model (the errors of evaluate(), in the
  /// calling thread, before any work). `horizons`, when given, holds each scenario's own
  /// horizon in place of options.horizon (a sweep over stock runs each scenario in its
  /// own unit of time: detail/plan_scale.hpp).
  scenario_batch(const disruption_core<T>& model, std::span<const scenario<T>> scenarios,
                 const disruption_options<T>& options, std::span<const T> horizons = {})
      : model_(&model), options_(options), count_(scenarios.size()), horizons_(horizons.begin(), horizons.end()) {
    CHOKEPOINT_ASSERT(horizons_.empty() || horizons_.size() == count_, "scenario_batch: one horizon per scenario");
    disruption_core<T>::check_horizon(options.horizon);
    for (const T& h : horizons_) {
      disruption_core<T>::check_horizon(h);
      if (options_.horizon < h) options_.horizon = h;  // the recording reaches the longest
    }
    cuts_.resize(count_);
    alternates_.resize(count_);
    receipts_.resize(count_);
    // The scale check once, with the most alternate capacity of any scenario: the
    // largest rate over the horizon is the largest of the whole batch.
    T most_capacity(0), most_received(0);
    for (std::size_t k = 0; k < count_; ++k) {
      model.resolve(scenarios[k], cuts_[k], alternates_[k], receipts_[k], horizon_of(k));
      const T capacity = disruption_core<T>::total_capacity(alternates_[k]);
      if (most_capacity < capacity) most_capacity = capacity;
      const T received = disruption_core<T>::total_receipts(receipts_[k]);
      if (most_received < received) most_received = received;
    }
    if (count_ > 0) model.check_horizon_scale(options_.horizon, most_capacity, most_received);

    // The materials any scenario touches (as supply_curves::assign decides).
    std::vector<char> hit(model.planned_rates().size(), 0);
    for (std::size_t k = 0; k < count_; ++k)
      for_each_affected<T>(model.sources(), cuts_[k], alternates_[k], receipts_[k],
                           [&hit](std::uint32_t m) { hit[m] = 1; });
    const auto mats = model.bom().materials();
    for (std::size_t m = 0; m < hit.size(); ++m)
      if (hit[m]) affected_.push_back(mats[m]);
  }

  [[nodiscard]] std::size_t size() const noexcept { return count_; }

  /// How the cascades of the last run() went (cascade_of): the tries that followed a
  /// few materials, those of them found unsafe and run again, and the cascades that
  /// followed everything.
  struct narrowing_counts {
    std::size_t narrowed = 0, unsafe = 0, whole = 0;
  };
  /// Whether cascades may follow only some materials (on by default; off, every cascade
  /// follows everything, as the tests compare).
  void narrow_cascades(bool on) noexcept { narrow_ = on; }
  [[nodiscard]] narrowing_counts narrowing() const {
    narrowing_counts total;
    for (const context& c : contexts_) {
      total.narrowed += c.counts.narrowed;
      total.unsafe += c.counts.unsafe;
      total.whole += c.counts.whole;
    }
    return total;
  }

  /// Evaluates every scenario. sink(k, result) is called once for each scenario k, from
  /// any worker thread, with a result that the sink must copy what it keeps from (each
  /// thread reuses one). progress(done, total) counts two units per scenario: one when
  /// its TTS is known, one when its cascade is done.
  template <class Sink>
  void run(unsigned threads, Sink&& sink, const progress_callback& progress = {}) {
    threads = std::max(1u, threads);
    const disruption_core<T>& model = *model_;
    const detail::disruption_network<T> net = model.network();
    contexts_.clear();
    contexts_.resize(threads);
    for (context& c : contexts_) c.options = options_;
    const std::size_t total = 2 * count_;
    std::size_t base = 0;
    const auto tick = [&](std::size_t done) {
      if (progress) progress(base + done, total);
    };

    // Each line's demand exploded to the materials followed, for the certificate.
    const bool with_rows = explode_lines(threads);
    if (with_rows && narrow_) find_ancestor_items();

    // 1. The cascade-free evolution, recorded.
    recorded_.assign(model.planned_rates().size(), {});
    {
      kinetic_cascade<T>& e = contexts_[0].engine;
      e.bind(net);
      e.follow_ancestors_of(affected_);
      e.record_into(&recorded_);
      e.start_at(T(0));
      e.advance(options_.horizon);
      e.record_into(nullptr);
    }
    if constexpr (!scalar_traits<T>::is_exact) find_chords();  // see survival_from_curves()

    // 2. TTS and binding materials of every scenario.
    tts_.assign(count_, std::nullopt);
    binding_.assign(count_, {});
    parallel_for(
        count_, threads,
        [&](unsigned w, std::size_t k) {
          context& c = contexts_[w];
          c.options.horizon = horizon_of(k);
          c.curves.assign(model.sources(), model.planned_rates(), cuts_[k], alternates_[k], receipts_[k]);
          tts_[k] = survival_from_curves(c, binding_[k]);
        },
        tick);
    base = count_;

    // 3. Cascades in order of TTS (scenarios that never run short last).
    std::vector<std::size_t> order(count_);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
      if (!tts_[a] || !tts_[b]) return tts_[a].has_value() && !tts_[b].has_value();
      return *tts_[a] < *tts_[b];
    });
    parallel_for(
        count_, threads,
        [&](unsigned w, std::size_t i) {
          const std::size_t k = order[i];
          context& c = contexts_[w];
          c.options.horizon = horizon_of(k);
          c.curves.assign(model.sources(), model.planned_rates(), cuts_[k], alternates_[k], receipts_[k]);
          model.begin_result(c.result, c.curves, c.recovery);
          if (tts_[k]) {
            if (!c.started) {
              c.engine.bind(net);
              c.engine.use_rows(with_rows ? &rows_ : nullptr);
              c.engine.follow_ancestors_of(affected_);
              c.engine.start_at(T(0));
              c.rate.assign(model.planned_rates().size(), T(0));
              c.begun.assign(model.planned_rates().size(), 0);
              c.started = true;
            }
            c.engine.advance(*tts_[k]);
            cascade_of(c, k, with_rows && narrow_);
          }
          model.finish_result(c.result, c.options.horizon);
          sink(k, static_cast<const disruption_result<T>&>(c.result));
        },
        tick);
  }

 private:
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

  /// What a thread has learnt to follow after one binding set, from its last
  /// hint_window scenarios with that set: the materials that stopped lines in any of
  /// them, and those found unsafe in two (some run short without stopping a line of
  /// their own). Scenarios come in order of TTS, so the last ones are the most alike;
  /// all of them since the start would make the followed set grow with every rare stopper.
  struct follow_hint {
    struct seen {
      std::vector<item_id> stoppers, unsafe;  // sorted
    };
    std::deque<seen> recent;  ///< oldest first
    std::map<item_id, unsigned> stopped, found_unsafe;  ///< in how many of them
    std::vector<item_id> materials;  ///< sorted

    void learn(const std::vector<item_id>& stoppers, const std::vector<item_id>& unsafe) {
      bool changed = false;
      for (const item_id m : stoppers) changed |= ++stopped[m] == 1;
      for (const item_id m : unsafe) changed |= ++found_unsafe[m] == 2;
      recent.push_back({stoppers, unsafe});
      if (recent.size() > hint_window) {
        for (const item_id m : recent.front().stoppers) changed |= forget(stopped, m) == 0;
        for (const item_id m : recent.front().unsafe) changed |= forget(found_unsafe, m) == 1;
        recent.pop_front();
      }
      if (!changed) return;
      materials.clear();
      for (const auto& [m, n] : stopped) materials.push_back(m);
      for (const auto& [m, n] : found_unsafe)
        if (n >= 2 && !stopped.contains(m)) materials.push_back(m);
      std::sort(materials.begin(), materials.end());
    }

   private:
    static unsigned forget(std::map<item_id, unsigned>& count, item_id m) {
      const auto it = count.find(m);
      const unsigned left = --it->second;
      if (left == 0) count.erase(it);
      return left;
    }
  };
  static constexpr std::size_t hint_window = 64;

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

  struct context {
    disruption_options<T> options;  ///< the batch's, with the current scenario's horizon
    supply_curves<T> curves;
    std::vector<std::optional<T>> recovery;
    kinetic_cascade<T> engine;
    bool started = false;
    std::vector<line_stop> stops;
    disruption_result<T> result;
    std::vector<std::pair<T, std::uint32_t>> candidates;
    std::vector<std::pair<T, std::uint32_t>> found;
    // Narrowed cascades (cascade_of): what to follow after each binding set, the
    // materials followed, and the check of the others.
    std::map<std::vector<item_id>, follow_hint> hints;
    std::vector<item_id> followed, unsafe, stoppers;
    std::vector<item_id> flagged;  ///< found unsafe in any try of the scenario
    std::vector<T> rate;         ///< per material position: ghat under the stops found
    std::vector<std::size_t> begun;  ///< per material position: see recorded_net()
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
    narrowing_counts counts;
  };

  /// Scenario k's cascade from its TTS (the engine is there). With rows, it first
  /// follows only the materials that bind at the TTS and those the thread has learnt to
  /// follow after them (follow_hint), then proves that no other material runs short
  /// under the stops found (safe_unfollowed); if one might, it runs again following
  /// those too, and at a second miss follows everything. Following fewer materials
  /// changes no result (see kinetic_cascade::begin_journal), only the work.
  void cascade_of(context& c, std::size_t k, bool narrow) {
    const disruption_core<T>& model = *model_;
    const T& tau = *tts_[k];
    const std::vector<item_id>& binding = binding_[k];
    follow_hint* hint = nullptr;
    c.flagged.clear();
    if (narrow) {
      hint = &c.hints[binding];
      c.followed.assign(binding.begin(), binding.end());
      merge_into(c.followed, hint->materials);
    }
    for (int attempt = 0;; ++attempt) {
      const bool narrowed = narrow && attempt < 2 && 2 * c.followed.size() <= affected_.size();
      c.engine.begin_journal(narrowed ? std::span<const item_id>(c.followed) : std::span<const item_id>());
      model.run_cascade(tau, binding, c.options, c.engine, c.curves, c.recovery, c.stops, c.result);
      c.engine.rollback();
      if (!narrowed) {
        ++c.counts.whole;
        break;
      }
      ++c.counts.narrowed;
      if (safe_unfollowed(c, tau)) break;
      ++c.counts.unsafe;
      merge_into(c.followed, c.unsafe);
      merge_into(c.flagged, c.unsafe);
      // The stops of this try are void.
      c.result.system = survival<T>{};
      for (line_outcome<T>& o : c.result.lines) {
        const item_id line = o.line;
        o = line_outcome<T>{};
        o.line = line;
      }
    }
    if (!narrow) return;
    c.stoppers.clear();
    for (std::size_t l = 0; l < c.stops.size(); ++l)
      if (c.stops[l].time) c.stoppers.push_back(c.stops[l].stopped_by);
    std::sort(c.stoppers.begin(), c.stoppers.end());
    c.stoppers.erase(std::unique(c.stoppers.begin(), c.stoppers.end()), c.stoppers.end());
    hint->learn(c.stoppers, c.flagged);
  }

  /// to = the sorted union of to (sorted) and from (sorted).
  static void merge_into(std::vector<item_id>& to, const std::vector<item_id>& from) {
    const std::size_t mid = to.size();
    to.insert(to.end(), from.begin(), from.end());
    std::inplace_merge(to.begin(), to.begin() + static_cast<std::ptrdiff_t>(mid), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
  }

  /// Whether no material outside c.followed can run short under the stops in c.stops; the
  /// ones that might go to c.unsafe. Exact for exact types (a margin of rounding for
  /// floating ones makes it err on the unsafe side). For every such material m and t
  /// from the TTS on, net_m(t) <= net_m^run(t), the requirement with every line running
  /// (recorded), and net_m(t) <= net_m(tau) + the integral of ghat_m from tau to t, where
  /// ghat_m, the demand of the running lines exploded to m ignoring stock, falls as the
  /// lines stop. If neither bound reaches supply, m never binds, so the cascade that
  /// followed the others decided everything as the whole one would. The materials these
  /// bounds and clears_by_slopes() leave get check_under_stops().
  bool safe_unfollowed(context& c, const T& tau) {
    const disruption_core<T>& model = *model_;
    const T& horizon = c.options.horizon;
    const T tol = scalar_traits<T>::tolerance();
    c.unfollowed.clear();
    for (const item_id m : affected_) {
      const material_position mp = model.material_positions()[m];
      if (!c.curves.affected(mp) || recorded_[mp].empty() || std::binary_search(c.followed.begin(), c.followed.end(), m))
        continue;
      const T net = recorded_net(mp, tau, c.begun[mp]);
      const T& g = model.planned_rates()[mp];
      const T sl = T(tol * g);
      const T margin = T(T(64) * T(tol * T(net + T(T(2) * T(g * horizon)))));
      // net_m^run grows at most at g_m: where net_m^run(tau) + g_m (t - tau) stays short
      // of supply by the margin, so does m.
      unfollowed_material w{m, mp, tau, tau, net, margin, net, false, false, false};
      if (near_supply(c, w, tau)) w.from_known = true;
      else if (!first_crossing(c.curves, mp, sl, tau, T(net + margin), g, horizon)) continue;
      c.unfollowed.push_back(std::move(w));
      c.rate[mp] = g;
    }
    c.unsafe.clear();
    if (c.unfollowed.empty()) return true;

    // Whether w's bound reaches supply on [since, t), from `from` on.
    const auto reaches = [&](const unfollowed_material& w, const T& t) {
      const T a = w.since < w.from ? w.from : w.since;
      const T& rate = c.rate[w.position];
      return a < t && may_reach_supply(c.curves, w.position, T(tol * model.planned_rates()[w.position]), a,
                                       T(w.net + T(rate * T(a - w.since))), rate, t, w.margin);
    };
    // Until net_m^run comes within the margin of supply, m is safe: when it never does,
    // for good (near_supply() at tau was checked when it was unfollowed).
    const auto find_from = [&](unfollowed_material& w) {
      w.from_known = true;
      auto from = crossing_on_curve(c.curves, w.position, tau, horizon, w.margin);
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
        for (std::size_t e = rows_.offsets[l]; e < rows_.offsets[l + 1]; ++e)
          c.rate[row_position_[e]] -= rows_.rate[e];
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
  void check_under_stops(context& c, const T& tau) {
    const disruption_core<T>& model = *model_;
    const T& horizon = c.options.horizon;
    c.times.assign(1, tau);
    for (const T& t : c.stop_times)
      if (tau < t && t < horizon) c.times.push_back(t);
    for (std::size_t j = c.curves.interval_of(tau) + 1; j < c.curves.interval_count(); ++j)
      if (c.curves.start_time(j) < horizon) c.times.push_back(c.curves.start_time(j));
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
        if (may_reach_supply(c.curves, w.position, sl, times[k], from, chord, times[k + 1], w.margin)) {
          c.unsafe.push_back(w.material);
          break;
        }
      }
    }
  }

  /// The places above material m (its own included), in order, found the first time a
  /// thread asks.
  const std::vector<std::uint32_t>& lineage_of(context& c, item_id m) const {
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

  /// ancestors_ for the affected materials (once per run, when cascades are narrowed).
  void find_ancestor_items() {
    const bill_of_materials<T>& bom = model_->bom();
    ancestor_items& r = ancestors_;
    r = ancestor_items{};
    r.place.assign(bom.item_count(), no_index);
    for (const item_id m : affected_) {
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
      r.stock.push_back(model_->stock()[i]);
      const auto ps = bom.parents(i);
      const auto qs = bom.parent_quantities(i);
      for (std::size_t k = 0; k < ps.size(); ++k) {
        r.parent.push_back(r.place[ps[k]]);
        r.quantity.push_back(qs[k]);
      }
      r.first_parent.push_back(r.parent.size());
    }
  }

  /// The finer bound for unfollowed material i: the scenario's net_m grows no faster than
  /// net_m^run (every item it draws through is exhausted in the scenario only if it is
  /// with every line running, and fewer lines run) and no faster than ghat_m, so
  /// net_m(t) <= net_m(tau) + the integral from tau to t of min(slope of net_m^run,
  /// ghat_m), piece by piece over the recording and the stop times. Whether that stays
  /// short of supply by the margin up to the horizon.
  [[nodiscard]] bool clears_by_slopes(const context& c, std::size_t i, const T& tau) const {
    const unfollowed_material& w = c.unfollowed[i];
    const std::vector<net_segment<T>>& segs = recorded_[w.position];
    const T& horizon = c.options.horizon;
    const T sl = T(scalar_traits<T>::tolerance() * model_->planned_rates()[w.position]);
    std::size_t k = piece_at(segs, tau);  // segs.size() before the first: net 0, slope 0
    std::size_t g = 0;  // the next stop time
    T rate = model_->planned_rates()[w.position];
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
      if (t < end && may_reach_supply(c.curves, w.position, sl, t, net, slope, end, w.margin)) return false;
      if (!(end < horizon)) return true;
      net += T(slope * T(end - t));
      t = end;
      if (next_k < segs.size() && !(t < segs[next_k].time)) k = next_k;
    }
  }

  /// Whether w's requirement with every line running is within its margin of supply at
  /// tau, or beyond.
  [[nodiscard]] bool near_supply(const context& c, const unfollowed_material& w, const T& tau) const {
    const material_position mp = w.position;
    const T sl = T(scalar_traits<T>::tolerance() * model_->planned_rates()[mp]);
    const T supply = T(c.curves.cumulative(mp, c.curves.interval_of(tau), tau) + T(sl * tau));
    return T(T(w.net - supply) + w.margin) > T(0);
  }

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
  [[nodiscard]] T recorded_net(std::uint32_t m, const T& t, std::size_t& begun) const {
    const std::vector<net_segment<T>>& segs = recorded_[m];
    if (begun > 0 && t < segs[begun - 1].time) begun = 0;  // earlier than last asked
    while (begun < segs.size() && !(t < segs[begun].time)) ++begun;
    if (begun == 0) return T(0);
    const net_segment<T>& s = segs[begun - 1];
    return T(s.value + T(s.slope * T(t - s.time)));
  }

  /// rows_: every line's demand exploded to the followed materials, by top-down passes
  /// over the bill of materials that carry `lanes` lines at once (Eigen vectorises the
  /// per-edge update of all lanes), the blocks of lines shared among the threads. Gives
  /// up, returning false, beyond 2^26 entries (the certificate then explodes the running
  /// demand itself).
  bool explode_lines(unsigned threads) {
    CHOKEPOINT_REQUIRE_EIGEN_SUPPORT(T);
    constexpr int lanes = 8;
    using lane_row = Eigen::Array<T, 1, lanes>;
    const disruption_core<T>& model = *model_;
    const bill_of_materials<T>& bom = model.bom();
    const std::size_t n = bom.item_count();
    std::vector<char> wanted(n, 0);
    for (const item_id m : affected_) wanted[m] = 1;
    const auto lines = model.lines();
    const std::size_t blocks = (lines.size() + lanes - 1) / lanes;
    std::vector<std::vector<std::pair<item_id, T>>> per_line(lines.size());
    struct scratch {
      std::vector<T> amount;  // n x lanes, row-major
      std::vector<char> reached;
    };
    std::vector<scratch> work(threads);
    constexpr std::size_t budget = std::size_t{1} << 26;
    std::atomic<std::size_t> entries{0};
    parallel_for(
        blocks, threads,
        [&](unsigned w, std::size_t b) {
          if (entries.load(std::memory_order_relaxed) > budget) return;
          scratch& sc = work[w];
          if (sc.reached.size() != n) {
            sc.amount.assign(n * lanes, T(0));
            sc.reached.assign(n, 0);
          }
          const std::size_t first = b * lanes;
          const std::size_t count = std::min<std::size_t>(lanes, lines.size() - first);
          item_id top = lines[first];
          for (std::size_t j = 0; j < count; ++j) {
            const item_id p = lines[first + j];
            sc.amount[p * lanes + j] = model.demand()[p];
            sc.reached[p] = 1;
            top = std::min(top, p);
          }
          for (item_id i = top; i < n; ++i) {  // ids are topological: parents first
            if (!sc.reached[i]) continue;
            const Eigen::Map<const lane_row> from(sc.amount.data() + i * lanes);
            const auto cs = bom.children(i);
            const auto qs = bom.child_quantities(i);
            for (std::size_t k = 0; k < cs.size(); ++k) {
              Eigen::Map<lane_row> to(sc.amount.data() + cs[k] * lanes);
              to += (from * qs[k]).eval();
              sc.reached[cs[k]] = 1;
            }
          }
          std::size_t added = 0;
          for (const item_id m : affected_) {
            if (!sc.reached[m]) continue;
            for (std::size_t j = 0; j < count; ++j) {
              const T& a = sc.amount[m * lanes + j];
              if (a > T(0)) {
                per_line[first + j].emplace_back(m, a);
                ++added;
              }
            }
          }
          for (item_id i = top; i < n; ++i) {
            if (!sc.reached[i]) continue;
            sc.reached[i] = 0;
            Eigen::Map<lane_row>(sc.amount.data() + i * lanes).setZero();
          }
          entries.fetch_add(added, std::memory_order_relaxed);
        },
        [](std::size_t) {});
    rows_ = line_rows<T>{};
    if (entries.load() > budget) return false;
    rows_.material.reserve(entries.load());
    rows_.rate.reserve(entries.load());
    row_position_.clear();
    row_position_.reserve(entries.load());
    for (auto& row : per_line) {
      for (auto& [m, rate] : row) {
        rows_.material.push_back(m);
        row_position_.push_back(model.material_positions()[m]);
        rows_.rate.push_back(std::move(rate));
      }
      rows_.offsets.push_back(rows_.material.size());
      row = {};
    }
    return true;
  }

  /// First crossing of material position m's recorded net requirement, raised by
  /// `offset`, with its supply in c.curves, in [from, bound) (from no earlier than the
  /// recording's first piece: before it the requirement is 0 and does not rise).
  [[nodiscard]] std::optional<T> crossing_on_curve(const supply_curves<T>& c, std::uint32_t m, const T& from,
                                                   const T& bound, const T& offset = T(0)) const {
    const std::vector<net_segment<T>>& segs = recorded_[m];
    if (segs.empty()) return std::nullopt;
    const T start = from < segs.front().time ? segs.front().time : from;
    const T sl = T(scalar_traits<T>::tolerance() * model_->planned_rates()[m]);
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

  /// chords_ from recorded_: the pieces from one chosen start of a recorded piece to the
  /// next (about chord_pieces of them), then the last piece to the horizon. Every line
  /// runs in the recording, so each gross requirement is a maximum of linear functions
  /// and net_m^run is convex: its chords lie above it.
  void find_chords() {
    chords_.assign(recorded_.size(), {});
    for (std::size_t m = 0; m < recorded_.size(); ++m) {
      const std::vector<net_segment<T>>& segs = recorded_[m];
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
  [[nodiscard]] bool chords_reach_supply(const supply_curves<T>& c, std::uint32_t m, const T& bound,
                                         const T& margin) const {
    const std::vector<net_segment<T>>& chords = chords_[m];
    const T sl = T(scalar_traits<T>::tolerance() * model_->planned_rates()[m]);
    for (std::size_t k = 0; k < chords.size() && chords[k].time < bound; ++k) {
      const T& end = k + 1 < chords.size() && chords[k + 1].time < bound ? chords[k + 1].time : bound;
      if (may_reach_supply(c, m, sl, chords[k].time, chords[k].value, chords[k].slope, end, margin)) return true;
    }
    return false;
  }

  /// TTS of the scenario in c.curves from the recorded curves, with its binding
  /// materials (item ids, sorted).
  std::optional<T> survival_from_curves(context& c, std::vector<item_id>& binding) const {
    const disruption_core<T>& model = *model_;
    const T& horizon = c.options.horizon;
    const T tol = scalar_traits<T>::tolerance();
    const auto mats = model.bom().materials();
    // Room for rounding in the bounds below (0 for exact types).
    const auto margin_of = [&](std::uint32_t m) {
      return T(T(64) * T(tol * T(model.stock()[mats[m]] + T(model.planned_rates()[m] * horizon))));
    };
    c.candidates.clear();
    for (const std::uint32_t m : c.curves.affected_materials()) {
      if (recorded_[m].empty()) continue;
      // net_m(t) <= max(0, g_m t - I_m): its crossing comes no later than net_m's.
      const T& g = model.planned_rates()[m];
      const T& stock = model.stock()[mats[m]];
      const T sl = T(tol * g);
      if (auto lb = first_crossing(c.curves, m, sl, T(0), T(margin_of(m) - stock), g, horizon))
        c.candidates.emplace_back(std::move(*lb), m);
    }
    std::sort(c.candidates.begin(), c.candidates.end());
    std::optional<T> best;
    T best_hi(0);
    c.found.clear();
    for (const auto& [lb, m] : c.candidates) {
      if (best && best_hi < lb) break;
      // Most candidates cross much later, or never: their chords tell, at a fraction of
      // the cost of the search over every recorded piece. Floating types only: the
      // margin covers a crossing at best_hi itself, which for exact types would need
      // the chords to count touching supply as reaching it.
      if constexpr (!scalar_traits<T>::is_exact)
        if (best && !chords_reach_supply(c.curves, m, best_hi, margin_of(m))) continue;
      auto r = crossing_on_curve(c.curves, m, T(0), horizon);
      if (!r) continue;
      if (!best || *r < *best) {
        best = *r;
        best_hi = tie_window(*r);
      }
      c.found.emplace_back(std::move(*r), m);
    }
    binding.clear();
    if (!best) return best;
    // What binds at the TTS: the materials that cross there, and those within rounding
    // of 0 there and growing (as disruption_model decides it).
    for (const auto& [r, m] : c.found) {
      if (best_hi < r) continue;
      bool binds = !(*best < r);
      if (!binds) {
        const std::vector<net_segment<T>>& segs = recorded_[m];
        const std::size_t k = piece_at(segs, *best);
        if (k < segs.size()) {
          const net_segment<T>& s = segs[k];
          const T net = T(s.value + T(s.slope * T(*best - s.time)));
          binds = binds_at(c.curves, m, model.planned_rates()[m], *best, net, s.slope);
        }
      }
      if (binds) binding.push_back(mats[m]);
    }
    std::sort(binding.begin(), binding.end());
    return best;
  }

  [[nodiscard]] const T& horizon_of(std::size_t k) const { return horizons_.empty() ? options_.horizon : horizons_[k]; }

  const disruption_core<T>* model_;
  disruption_options<T> options_;  ///< horizon: the longest of any scenario
  bool narrow_ = true;
  std::size_t count_;
  std::vector<T> horizons_;  ///< per scenario, or empty: options_.horizon for all
  std::vector<std::vector<resolved_cut<T>>> cuts_;
  std::vector<std::vector<resolved_alternate<T>>> alternates_;
  std::vector<std::vector<resolved_receipt<T>>> receipts_;
  std::vector<item_id> affected_;
  ancestor_items ancestors_;
  line_rows<T> rows_;
  std::vector<std::uint32_t> row_position_;  ///< rows_.material as material positions
  std::vector<std::vector<net_segment<T>>> recorded_;
  /// Per material position: chords of recorded_[m] (find_chords), each piece from its
  /// time to the next one's at its slope, the last to the horizon.
  std::vector<std::vector<net_segment<T>>> chords_;
  static constexpr std::size_t chord_pieces = 16;
  std::vector<std::optional<T>> tts_;
  std::vector<std::vector<item_id>> binding_;
  std::vector<context> contexts_;
};

}  // namespace chokepoint::detail
