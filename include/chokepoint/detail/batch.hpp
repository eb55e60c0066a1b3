// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Many scenarios over one disruption_model (sweeps, the risk exposure index), sharing
// what does not depend on the scenario. Until the first shortage every line runs, so
// the net requirement of every material is the same in every scenario; only supply
// differs. The batch therefore:
//
// 1. runs the cascade-free evolution once (detail/kinetic.hpp), from t = 0 to the
//    horizon, over the materials any scenario touches and the items above them, and
//    records each such material's net requirement as an exact piecewise-linear curve;
// 2. finds each scenario's TTS and binding materials from those curves: within a supply
//    interval net_m - C_m is convex, so the first crossing is a binary search over the
//    curve's pieces (a scan where an alternate ramps up); materials whose bound
//    max(0, g_m t - I_m) >= net_m(t) cannot cross before the best time found so far
//    are skipped;
// 3. sorts the scenarios by TTS and runs each one's cascade from its TTS, on a
//    per-thread copy of the cascade-free evolution that only moves forward in time,
//    under a journal that undoes the scenario's changes afterwards. Every line's demand
//    exploded to those materials (computed once, eight lines per pass) lets the
//    cascade's certificate follow the running demand as lines stop at a few operations
//    per stop, so it runs after every round and between rounds.
//
// Costs on the generated 1e5-item chain: steps 1-2 and the per-thread evolutions take
// seconds for a country-wide cut (a fifth of all sources) and 0.2 s for one supplier; a
// cascade then costs about 4.5 ms of CPU per scenario when the supplier of 232 materials
// loses half or more of its flow (bench/ sweep: 690 of the 1,000 lines stop, in about
// five rounds), and 25-35 ms when a whole country is cut. Most of it is the slope waves
// of the stops and of 220 exhaustions over the items above the materials still at risk
// (37,000 updates over 102,000 followed edges per scenario) and letting go of what
// leads to none of them (39,000 items, 84,000 parent edges).
//
// Every scenario's result is a function of the model and the scenario alone: the
// evolution reaches a time through the same events in the same order whatever the
// thread and whatever was evaluated before, so results are identical for any number of
// threads. They agree with disruption_model::evaluate() exactly for exact types and
// within rounding for floating ones (evaluate() finds the TTS by Newton steps and the
// state there by one pass; the arithmetic differs, the mathematics does not).
//
// Threads: detail/parallel.hpp hands out scenarios in order from an atomic counter; the
// calling thread works too and is the only one that calls `progress`. An exception in
// any thread (the progress callback may throw to cancel) stops the others and is
// rethrown in the caller.

#include <chokepoint/detail/kinetic.hpp>
#include <chokepoint/detail/parallel.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply_curve.hpp>

#include <Eigen/Core>
#include <boost/multiprecision/eigen.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
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
  /// calling thread, before any work).
  scenario_batch(const disruption_model<T>& model, std::span<const scenario<T>> scenarios,
                 const disruption_options<T>& options)
      : model_(&model), options_(options), count_(scenarios.size()) {
    disruption_model<T>::check_horizon(options.horizon);
    cuts_.resize(count_);
    alternates_.resize(count_);
    // The scale check once, with the most alternate capacity of any scenario: the
    // largest rate over the horizon is the largest of the whole batch.
    T most_capacity(0);
    for (std::size_t k = 0; k < count_; ++k) {
      model.resolve(scenarios[k], cuts_[k], alternates_[k]);
      const T capacity = disruption_model<T>::total_capacity(alternates_[k]);
      if (most_capacity < capacity) most_capacity = capacity;
    }
    if (count_ > 0) model.check_horizon_scale(options.horizon, most_capacity);

    // The materials any scenario touches (as supply_curves::assign decides).
    const auto& src = model.sources_;
    std::vector<char> hit(model.planned_.size(), 0);
    for (std::size_t k = 0; k < count_; ++k) {
      for (const resolved_cut<T>& c : cuts_[k]) {
        if (c.fraction == T(0)) continue;
        const bool by_country = c.target == cut_target::country;
        const auto& off = by_country ? src.country_offsets : src.supplier_offsets;
        const auto& list = by_country ? src.by_country : src.by_supplier;
        if (c.id + 1 >= off.size()) continue;
        for (std::size_t s = off[c.id]; s < off[c.id + 1]; ++s) hit[src.material[list[s]]] = 1;
      }
      for (const resolved_alternate<T>& a : alternates_[k])
        if (a.capacity > T(0)) hit[a.material] = 1;
    }
    const auto mats = model.bom().materials();
    for (std::size_t m = 0; m < hit.size(); ++m)
      if (hit[m]) region_.push_back(mats[m]);
  }

  [[nodiscard]] std::size_t size() const noexcept { return count_; }

  /// Evaluates every scenario. sink(k, result) is called once for each scenario k, from
  /// any worker thread, with a result that the sink must copy what it keeps from (each
  /// thread reuses one). progress(done, total) counts two units per scenario: one when
  /// its TTS is known, one when its cascade is done.
  template <class Sink>
  void run(unsigned threads, Sink&& sink, const progress_callback& progress = {}) {
    threads = std::max(1u, threads);
    const disruption_model<T>& model = *model_;
    const detail::disruption_network<T> net = model.network();
    contexts_.clear();
    contexts_.resize(threads);
    const std::size_t total = 2 * count_;
    std::size_t base = 0;
    const auto tick = [&](std::size_t done) {
      if (progress) progress(base + done, total);
    };

    // Each line's demand exploded to the materials followed, for the certificate.
    const bool with_rows = explode_lines(threads);

    // 1. The cascade-free evolution, recorded.
    curves_.assign(model.planned_.size(), {});
    {
      kinetic_cascade<T>& e = contexts_[0].engine;
      e.bind(net);
      e.track_ancestors_of(region_);
      e.record_into(&curves_);
      e.start_at(T(0));
      e.advance(options_.horizon);
      e.record_into(nullptr);
    }

    // 2. TTS and binding materials of every scenario.
    tts_.assign(count_, std::nullopt);
    binding_.assign(count_, {});
    parallel_for(
        count_, threads,
        [&](unsigned w, std::size_t k) {
          context& c = contexts_[w];
          c.curves.assign(model.sources_, model.planned_, cuts_[k], alternates_[k]);
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
          c.curves.assign(model.sources_, model.planned_, cuts_[k], alternates_[k]);
          model.begin_result(c.result, c.curves, c.recovery);
          if (tts_[k]) {
            if (!c.started) {
              c.engine.bind(net);
              c.engine.use_rows(with_rows ? &rows_ : nullptr);
              c.engine.track_ancestors_of(region_);
              c.engine.start_at(T(0));
              c.started = true;
            }
            c.engine.advance(*tts_[k]);
            c.engine.begin_journal();
            model.run_cascade(*tts_[k], binding_[k], options_, c.engine, c.curves, c.recovery, c.stops, c.result);
            c.engine.rollback();
          }
          model.finish_result(c.result, options_.horizon);
          sink(k, static_cast<const disruption_result<T>&>(c.result));
        },
        tick);
  }

 private:
  struct context {
    supply_curves<T> curves;
    std::vector<std::optional<T>> recovery;
    kinetic_cascade<T> engine;
    bool started = false;
    std::vector<line_stop> stops;
    disruption_result<T> result;
    std::vector<std::pair<T, std::uint32_t>> candidates;
    std::vector<std::pair<T, std::uint32_t>> found;
  };

  /// rows_: every line's demand exploded to the followed materials, by top-down passes
  /// over the bill of materials that carry `lanes` lines at once (Eigen vectorises the
  /// per-edge update of all lanes), the blocks of lines shared among the threads. Gives
  /// up, returning false, beyond 2^26 entries (the certificate then explodes the running
  /// demand itself).
  bool explode_lines(unsigned threads) {
    constexpr int lanes = 8;
    using lane_row = Eigen::Array<T, 1, lanes>;
    const disruption_model<T>& model = *model_;
    const bill_of_materials<T>& bom = model.bom();
    const std::size_t n = bom.item_count();
    std::vector<char> wanted(n, 0);
    for (const item_id m : region_) wanted[m] = 1;
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
            sc.amount[p * lanes + j] = model.demand_[p];
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
          for (const item_id m : region_) {
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
    for (auto& row : per_line) {
      for (auto& [m, rate] : row) {
        rows_.material.push_back(m);
        rows_.rate.push_back(std::move(rate));
      }
      rows_.offsets.push_back(rows_.material.size());
      row = {};
    }
    return true;
  }

  /// First crossing of material position m's recorded net requirement with its supply
  /// in c.curves, before `bound`.
  [[nodiscard]] std::optional<T> crossing_on_curve(const supply_curves<T>& c, std::uint32_t m,
                                                   const T& bound) const {
    const std::vector<net_segment<T>>& segs = curves_[m];
    if (segs.empty()) return std::nullopt;
    const T sl = T(scalar_traits<T>::tolerance() * model_->planned_[m]);
    const auto by_time = [](const net_segment<T>& s, const T& t) { return s.time < t; };
    const auto piece_end = [&](std::size_t k, const T& b) {
      return k + 1 < segs.size() && segs[k + 1].time < b ? segs[k + 1].time : b;
    };
    const std::size_t nj = c.interval_count();
    for (std::size_t j = c.interval_of(segs.front().time); j < nj; ++j) {
      const T a = c.start_time(j) < segs.front().time ? segs.front().time : c.start_time(j);
      if (!(a < bound)) break;
      const T b = j + 1 < nj && c.start_time(j + 1) < bound ? c.start_time(j + 1) : bound;
      // Pieces over [a, b): from the last that starts at or before a to the last that
      // starts before b.
      const std::size_t lo =
          static_cast<std::size_t>(std::upper_bound(segs.begin(), segs.end(), a,
                                                    [](const T& t, const net_segment<T>& s) { return t < s.time; }) -
                                   segs.begin()) -
          1;
      const std::size_t hi =
          static_cast<std::size_t>(std::lower_bound(segs.begin(), segs.end(), b, by_time) - segs.begin()) - 1;
      const auto on_piece = [&](std::size_t k) {
        const net_segment<T>& s = segs[k];
        const T from = s.time < a ? a : s.time;
        return crossing_on_piece(c, m, sl, j, s.time, s.value, s.slope, from, piece_end(k, b));
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
        const T g = T(T(s.value + T(s.slope * T(e - s.time))) - T(c.cumulative(m, j, e) + T(sl * e)));
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

  /// TTS of the scenario in c.curves from the recorded curves, with its binding
  /// materials (item ids, sorted).
  std::optional<T> survival_from_curves(context& c, std::vector<item_id>& binding) const {
    const disruption_model<T>& model = *model_;
    const T& horizon = options_.horizon;
    const T tol = scalar_traits<T>::tolerance();
    const auto mats = model.bom().materials();
    c.candidates.clear();
    for (const std::uint32_t m : c.curves.affected_materials()) {
      if (curves_[m].empty()) continue;
      // net_m(t) <= max(0, g_m t - I_m): its crossing comes no later than net_m's.
      const T& g = model.planned_[m];
      const T& stock = model.stock_[mats[m]];
      const T margin = T(T(64) * T(tol * T(stock + T(g * horizon))));
      const T sl = T(tol * g);
      if (auto lb = first_crossing(c.curves, m, sl, T(0), T(margin - stock), g, horizon))
        c.candidates.emplace_back(std::move(*lb), m);
    }
    std::sort(c.candidates.begin(), c.candidates.end());
    std::optional<T> best;
    T best_hi(0);
    c.found.clear();
    for (const auto& [lb, m] : c.candidates) {
      if (best && best_hi < lb) break;
      auto r = crossing_on_curve(c.curves, m, horizon);
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
        const std::vector<net_segment<T>>& segs = curves_[m];
        const auto it = std::upper_bound(segs.begin(), segs.end(), *best,
                                         [](const T& t, const net_segment<T>& s) { return t < s.time; });
        if (it != segs.begin()) {
          const net_segment<T>& s = *(it - 1);
          const T net = T(s.value + T(s.slope * T(*best - s.time)));
          binds = binds_at(c.curves, m, model.planned_[m], *best, net, s.slope);
        }
      }
      if (binds) binding.push_back(mats[m]);
    }
    std::sort(binding.begin(), binding.end());
    return best;
  }

  const disruption_model<T>* model_;
  disruption_options<T> options_;
  std::size_t count_;
  std::vector<std::vector<resolved_cut<T>>> cuts_;
  std::vector<std::vector<resolved_alternate<T>>> alternates_;
  std::vector<item_id> region_;
  line_rows<T> rows_;
  std::vector<std::vector<net_segment<T>>> curves_;
  std::vector<std::optional<T>> tts_;
  std::vector<std::vector<item_id>> binding_;
  std::vector<context> contexts_;
};

}  // namespace chokepoint::detail
