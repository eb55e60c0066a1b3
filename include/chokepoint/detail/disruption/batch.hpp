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

#include <chokepoint/detail/disruption/cascade.hpp>
#include <chokepoint/detail/disruption/core.hpp>
#include <chokepoint/detail/disruption/proof.hpp>
#include <chokepoint/detail/disruption/recording.hpp>
#include <chokepoint/detail/disruption/supply_curves.hpp>
#include <chokepoint/detail/lane_explosion.hpp>
#include <chokepoint/detail/parallel.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>

#include <algorithm>
#include <array>
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

  // The proof refers to the batch's own recording and rows.
  scenario_batch(const scenario_batch&) = delete;
  scenario_batch& operator=(const scenario_batch&) = delete;

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
    if (with_rows && narrow_) proof_.find_ancestor_items(affected_);

    // 1. The cascade-free evolution, recorded.
    recorded_.reset(model.planned_rates());
    {
      kinetic_cascade<T>& e = contexts_[0].engine;
      e.bind(net);
      e.follow_ancestors_of(affected_);
      e.record_into(recorded_.target());
      e.start_at(T(0));
      e.advance(options_.horizon);
      e.record_into(nullptr);
    }
    if constexpr (!scalar_traits<T>::is_exact) recorded_.find_chords();  // see survival_from_curves()

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
              c.proof.start(model.planned_rates().size());
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
  /// What a thread has learnt to follow after one binding set, from its last
  /// hint_window scenarios with that set: the materials that stopped lines in any of
  /// them, and those found unsafe in two (some run short without stopping a line of
  /// their own). Scenarios come in order of TTS, so the last ones are the most alike;
  /// all of them since the start would make the followed set grow with every rare stopper.
  struct follow_hint {
    struct seen {
      std::vector<item_id> stoppers, unsafe;  // sorted
    };
    std::deque<seen> recent;                            ///< oldest first
    std::map<item_id, unsigned> stopped, found_unsafe;  ///< in how many of them
    std::vector<item_id> materials;                     ///< sorted

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
    // materials followed, and the proof for the others.
    std::map<std::vector<item_id>, follow_hint> hints;
    std::vector<item_id> followed, stoppers;
    std::vector<item_id> flagged;  ///< found unsafe in any try of the scenario
    typename unfollowed_proof<T>::scratch proof;
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
      if (proof_.safe(c.proof, c.curves, c.stops, c.followed, c.options.horizon, tau)) break;
      ++c.counts.unsafe;
      merge_into(c.followed, c.proof.unsafe);
      merge_into(c.flagged, c.proof.unsafe);
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

  /// rows_: every line's demand exploded to the followed materials, by top-down passes
  /// over the bill of materials that carry `lanes` lines at once (lane_explosion.hpp, the
  /// requirement matrix's kernel), the blocks of lines shared among the threads. Gives
  /// up, returning false, beyond 2^26 entries (the certificate then explodes the running
  /// demand itself).
  bool explode_lines(unsigned threads) {
    constexpr std::size_t lanes = 8;
    const disruption_core<T>& model = *model_;
    const bill_of_materials<T>& bom = model.bom();
    std::vector<char> wanted(bom.item_count(), 0);
    for (const item_id m : affected_) wanted[m] = 1;
    const auto lines = model.lines();
    const std::size_t blocks = (lines.size() + lanes - 1) / lanes;
    std::vector<std::vector<std::pair<item_id, T>>> per_line(lines.size());
    std::vector<lane_explosion<T, lanes>> work(threads);
    constexpr std::size_t budget = std::size_t{1} << 26;
    std::atomic<std::size_t> entries{0};
    parallel_for(
        blocks, threads,
        [&](unsigned w, std::size_t b) {
          if (entries.load(std::memory_order_relaxed) > budget) return;
          const std::size_t first = b * lanes;
          const std::size_t count = std::min<std::size_t>(lanes, lines.size() - first);
          std::array<T, lanes> seed{};
          for (std::size_t j = 0; j < count; ++j) seed[j] = model.demand()[lines[first + j]];
          std::size_t added = 0;
          work[w].run(bom, lines.subspan(first, count), std::span<const T>(seed).first(count),
                      [&](item_id m, const T* a) {
                        if (!wanted[m]) return;
                        for (std::size_t j = 0; j < count; ++j)
                          if (a[j] > T(0)) {
                            per_line[first + j].emplace_back(m, a[j]);
                            ++added;
                          }
                      });
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
        if (best && !recorded_.chords_reach_supply(c.curves, m, best_hi, margin_of(m))) continue;
      auto r = recorded_.crossing(c.curves, m, T(0), horizon);
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
        const std::size_t k = recorded_requirements<T>::piece_at(segs, *best);
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
  line_rows<T> rows_;
  std::vector<material_position> row_position_;  ///< rows_.material as material positions
  recorded_requirements<T> recorded_;
  unfollowed_proof<T> proof_{*model_, recorded_, rows_, row_position_};
  std::vector<std::optional<T>> tts_;
  std::vector<std::vector<item_id>> binding_;
  std::vector<context> contexts_;
};

}  // namespace chokepoint::detail
