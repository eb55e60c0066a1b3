// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Scenario sweeps (docs/model.md, Scenario sweeps): many scenarios over one disruption_model, and
// the distributions of their answers.
//
// A sweep_spec lists cuts whose fraction (cut_spec's fraction_low..fraction_high),
// start and duration may vary over ranges, and alternates whose lead time may vary. A
// sampler turns it into scenarios:
//
// - grid: every varying range takes `grid_points` evenly spaced values, both ends
//   included (one value when grid_points is 1 or the range is a single value), and
//   the scenarios are every combination, the first range varying slowest;
// - Monte Carlo: `samples` scenarios, each range drawn uniformly. The generator is
//   std::mt19937_64 seeded with `seed`, whose output the standard fixes, and a draw is
//   low + (high - low) * u with u = (x >> 11) * 2^-53 from one 64-bit output x (the
//   standard library's distributions differ between implementations; this does not).
//   Draws are taken scenario by scenario, and within a scenario in the order of the
//   spec: for each cut (or quota) its level, start and duration, then for each
//   alternate its lead time, each delay its days, each stock factor, the demand factor,
//   skipping what does not vary. The same spec gives the same scenarios on every
//   platform.
//
// Factors on all stock and on demand keep one batch on the model's plan, each scenario
// in units of its own (detail/plan_scale.hpp). Factors on some items' stock make each
// scenario run on a plan of its own: a copy of the model per thread, replanned
// (set_demand_and_stock) for every scenario and evaluated as a batch of one.
//
// sample_scenarios(spec) returns the scenarios themselves; sweep(model, spec, options)
// evaluates them all (detail/disruption/batch.hpp: the work that does not depend on the scenario
// is done once, and the scenarios are shared among threads) and summarises:
//
// - percentiles of the system TTS and of every line's TTF, by nearest rank (the
//   smallest sample with at least p% of the samples at or below it; p = 0 gives the
//   smallest). A TTS or TTF that does not fall within the horizon orders as +infinity,
//   and a percentile that lands there is reported empty ("not within the horizon");
// - the probability that some material runs short within the horizon, that TTS < TTR
//   (exposure: docs/model.md, Time-to-recover and exposure), and that each line stops;
// - expected lost production (units and value) per line and in all.
//
// The per-scenario answers are kept too (TTS, exposure, lost production, and every
// line's TTF and lost units as Eigen matrices with one column per scenario). The result
// is identical, bit for bit, for any number of threads, and each scenario's answers
// agree with disruption_model::evaluate() on sample_scenarios(spec)[k] (exactly for
// exact types, within rounding for floating ones).
//
// Errors (invalid_input):
//   "chokepoint::sweep: cut of country 'CN': fraction range must lie in [0, 1] and not decrease, got 0.9..0.5"
//   "chokepoint::sweep: cut of country 'CN': start range must be finite, >= 0 and not decrease, got 5..1"
//   "chokepoint::sweep: cut of country 'CN': duration range must be finite, > 0 and not decrease, got 0..10"
//   "chokepoint::sweep: cut of country 'CN': end 20 must be greater than every start, got start up to 30"
//   "chokepoint::sweep: alternate for 'Dy': lead time range must be finite, >= 0 and not decrease, got -1..5"
//   "chokepoint::sweep: quota of country 'CN': per day range must be finite, >= 0 and not decrease, got -1..5"
//   "chokepoint::sweep: stock scale of 'Dy': not an item of the bill of materials"
//   "chokepoint::sweep: demand scale: factor range must be finite, > 0 and not decrease, got 0..1"
//   "chokepoint::sweep: Monte Carlo needs at least one sample"
//   "chokepoint::sweep: Monte Carlo with more than 100000000 samples"
//   "chokepoint::sweep: a grid needs at least one point per range"
//   "chokepoint::sweep: the grid has more than 100000000 scenarios"
//   "chokepoint::sweep: percentile must be in [0, 100], got 120"
// plus those of scenario and of disruption_model::evaluate() (unknown names, horizon).
//
// Error (chokepoint::error), when the answers do not fit in memory:
//   "chokepoint::sweep: the answers of 100000000 scenarios for 1000 lines need 1.6e+12 bytes, more than this machine can allocate"
// The bytes (two significant digits) count the scenarios and every answer kept per
// scenario and line. sweep() allocates the answers before it samples or
// evaluates anything, so a sweep too large for the machine fails at once; it does not
// guess the memory available: where the allocation succeeds, the sweep runs. But an
// allocation may succeed beyond the physical memory (Linux overcommits) and the sweep be
// killed once it writes its answers: sweep_memory() estimates, before anything is
// sampled, what the whole sweep holds at its peak (the answers, the scenarios as they
// are evaluated, every thread's workspace), and with sweep_options::memory_limit set,
// sweep() refuses beyond it (chokepoint::error):
//   "chokepoint::sweep: 100000000 scenarios for 1000 lines need about 1.7e+12 bytes, more than the limit of 2.1e+09 bytes"

#include <chokepoint/cut_spec.hpp>
#include <chokepoint/detail/disruption/batch.hpp>
#include <chokepoint/detail/disruption/plan_scale.hpp>
#include <chokepoint/detail/eigen_scalar.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/from_count.hpp>
#include <chokepoint/detail/parallel.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <new>
#include <optional>
#include <random>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace chokepoint {

/// The closed range [low, high] (low == high: a single value).
template <scalar T>
struct value_range {
  T low = T(0);
  T high = T(0);
};

/// A cut whose fraction, start and duration may vary. The fraction ranges over
/// cut.fraction_low..cut.fraction_high; `start` replaces cut.start and `duration`
/// (end = start + duration) replaces cut.end when given.
template <scalar T>
struct swept_cut {
  cut_spec<T> cut;
  std::optional<value_range<T>> start;
  std::optional<value_range<T>> duration;
};

/// An alternate whose lead time may vary (`lead_time` replaces alternate.lead_time).
template <scalar T>
struct swept_alternate {
  alternate_supply<T> alternate;
  std::optional<value_range<T>> lead_time;
};

/// A shipping delay whose days may vary (`days` replaces delay.days).
template <scalar T>
struct swept_delay {
  shipping_delay<T> delay;
  std::optional<value_range<T>> days;
};

/// A factor on the stock (on hand, at t = 0) of some items, or of every item when
/// `items` is empty. Where several apply to an item they multiply.
template <scalar T>
struct stock_scale {
  std::vector<std::string> items;
  value_range<T> factor{T(1), T(1)};
};

enum class sampling : std::uint8_t {
  grid,        ///< every combination of grid_points values per varying range
  monte_carlo  ///< `samples` scenarios drawn uniformly from the ranges
};

template <scalar T>
struct sweep_spec {
  std::vector<swept_cut<T>> cuts;
  std::vector<swept_alternate<T>> alternates;
  std::vector<swept_delay<T>> delays;
  /// Stock in transit, the same in every scenario.
  std::vector<scheduled_receipt<T>> receipts;
  /// Stock and demand as uncertain: each scenario runs on the model's stock and demand
  /// times the factors drawn. Factors on all stock and on demand cost nothing more (the
  /// model in other units, docs/model.md); a factor on some items' stock runs each
  /// scenario on a model of its own plan, about 100 times slower.
  std::vector<stock_scale<T>> stock_scales;
  std::optional<value_range<T>> demand_scale;
  sampling method = sampling::monte_carlo;
  std::size_t samples = 1000;     ///< Monte Carlo: number of scenarios
  std::size_t grid_points = 5;    ///< grid: values per varying range, ends included
  std::uint64_t seed = 20250404;  ///< Monte Carlo

  /// Adds a cut as written on the command line ("country:CN=0.5..1@0:90").
  sweep_spec& add_cut(cut_spec<T> c, std::optional<value_range<T>> start = std::nullopt,
                      std::optional<value_range<T>> duration = std::nullopt) {
    cuts.push_back({std::move(c), std::move(start), std::move(duration)});
    return *this;
  }
  sweep_spec& add_alternate(alternate_supply<T> a, std::optional<value_range<T>> lead_time = std::nullopt) {
    alternates.push_back({std::move(a), std::move(lead_time)});
    return *this;
  }
};

/// A sweep's options: horizon, policy, threads and progress (batch_options; progress
/// counts two units per scenario, one when its TTS is known and one when its cascade is
/// done), and what it reports and may use.
template <scalar T>
struct sweep_options : batch_options<T> {
  std::vector<double> percentiles{5, 50, 95};  ///< in [0, 100]
  /// Bytes the sweep may use (sweep_memory()); beyond it sweep() refuses before
  /// sampling. Empty: no limit but what can be allocated.
  std::optional<double> memory_limit;
};

/// The distribution of one line's answers.
template <scalar T>
struct line_distribution {
  item_id line = 0;
  /// TTF at each asked percentile; empty: not within the horizon at that percentile.
  std::vector<std::optional<T>> time_to_failure;
  T probability_of_stop = T(0);
  T expected_lost_units = T(0);
  T expected_lost_value = T(0);
};

template <scalar T>
struct sweep_result {
  CHOKEPOINT_REQUIRE_EIGEN_SUPPORT(T);
  using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

  std::size_t scenarios = 0;
  std::vector<double> percentiles;  ///< as asked
  /// System TTS at each percentile; empty: not within the horizon at that percentile.
  std::vector<std::optional<T>> time_to_survive;
  T probability_of_shortage = T(0);  ///< some material runs short within the horizon
  T probability_exposed = T(0);      ///< TTS < TTR of a binding material
  T expected_lost_units = T(0);
  T expected_lost_value = T(0);
  std::vector<line_distribution<T>> lines;  ///< every line of the model, in id order

  // Per scenario, in the order of sample_scenarios(spec):
  std::vector<std::optional<T>> scenario_time_to_survive;
  /// The factor of each of spec.stock_scales (outer index) drawn for each scenario.
  std::vector<std::vector<T>> scenario_stock_scale;
  /// The demand factor drawn for each scenario (empty without spec.demand_scale).
  std::vector<T> scenario_demand_scale;
  std::vector<char> scenario_exposed;
  std::vector<T> scenario_lost_units;
  std::vector<T> scenario_lost_value;
  /// lines x scenarios: TTF, or scalar_traits<T>::infinity() when the line runs through
  /// the horizon.
  matrix time_to_failure;
  /// lines x scenarios: lost units.
  matrix lost_units;
};

namespace detail {

/// The most scenarios a sweep evaluates, grid or Monte Carlo.
inline constexpr std::size_t max_sweep_scenarios = 100000000;

[[noreturn]] inline void sweep_error(const std::string& what) { throw invalid_input("chokepoint::sweep: " + what); }

template <scalar T>
[[nodiscard]] std::string range_text(const value_range<T>& r) {
  return format_scalar(r.low) + ".." + format_scalar(r.high);
}

template <scalar T>
void check_range(const value_range<T>& r, const std::string& who, const char* what, bool positive) {
  const bool finite = scalar_traits<T>::is_finite(r.low) && scalar_traits<T>::is_finite(r.high);
  const bool low_ok = positive ? r.low > T(0) : r.low >= T(0);
  if (!finite || !low_ok || !(r.low <= r.high))
    sweep_error(who + ": " + what + " range must be finite, " + (positive ? "> 0" : ">= 0") +
                " and not decrease, got " + range_text(r));
}

template <scalar T>
void check_spec(const sweep_spec<T>& spec) {
  for (const swept_cut<T>& s : spec.cuts) {
    const cut_spec<T>& c = s.cut;
    const std::string who =
        std::string(to_string(c.kind)) + " of " + std::string(to_string(c.target)) + " '" + c.name + "'";
    if (c.kind == limit_kind::quota)
      check_range(value_range<T>{c.fraction_low, c.fraction_high}, who, "per day", false);
    else if (!(c.fraction_low >= T(0) && c.fraction_high <= T(1) && c.fraction_low <= c.fraction_high))
      sweep_error(who + ": fraction range must lie in [0, 1] and not decrease, got " +
                  range_text(value_range<T>{c.fraction_low, c.fraction_high}));
    if (s.start) check_range(*s.start, who, "start", false);
    if (s.duration) check_range(*s.duration, who, "duration", true);
    if (!s.duration && c.end) {
      const T& last_start = s.start ? s.start->high : c.start;
      if (!(*c.end > last_start))
        sweep_error(who + ": end " + format_scalar(*c.end) + " must be greater than every start, got start up to " +
                    format_scalar(last_start));
    }
  }
  for (const swept_alternate<T>& a : spec.alternates)
    if (a.lead_time) check_range(*a.lead_time, "alternate for '" + a.alternate.material + "'", "lead time", false);
  for (const swept_delay<T>& d : spec.delays)
    if (d.days)
      check_range(*d.days, "delay of " + std::string(to_string(d.delay.target)) + " '" + d.delay.name + "'", "days",
                  false);
  for (const stock_scale<T>& g : spec.stock_scales)
    check_range(g.factor, g.items.empty() ? std::string("stock scale") : "stock scale of '" + g.items.front() + "'",
                "factor", false);
  if (spec.demand_scale) check_range(*spec.demand_scale, "demand scale", "factor", true);
  if (spec.method == sampling::monte_carlo && spec.samples == 0) sweep_error("Monte Carlo needs at least one sample");
  if (spec.method == sampling::monte_carlo && spec.samples > max_sweep_scenarios)
    sweep_error("Monte Carlo with more than 100000000 samples");
  if (spec.method == sampling::grid && spec.grid_points == 0) sweep_error("a grid needs at least one point per range");
}

/// The ranges that vary (low != high), in draw order: a value for each fills a scenario.
template <scalar T>
[[nodiscard]] std::vector<value_range<T>> varying_ranges(const sweep_spec<T>& spec) {
  std::vector<value_range<T>> ranges;
  const auto add_range = [&ranges](const value_range<T>& r) {
    if (r.low != r.high) ranges.push_back(r);
  };
  for (const swept_cut<T>& s : spec.cuts) {
    add_range({s.cut.fraction_low, s.cut.fraction_high});
    if (s.start) add_range(*s.start);
    if (s.duration) add_range(*s.duration);
  }
  for (const swept_alternate<T>& a : spec.alternates)
    if (a.lead_time) add_range(*a.lead_time);
  for (const swept_delay<T>& d : spec.delays)
    if (d.days) add_range(*d.days);
  for (const stock_scale<T>& g : spec.stock_scales) add_range(g.factor);
  if (spec.demand_scale) add_range(*spec.demand_scale);
  return ranges;
}

/// The number of scenarios of a checked spec with `varying` varying ranges, without
/// sampling them; refuses a grid of more than max_sweep_scenarios.
template <scalar T>
[[nodiscard]] std::size_t scenario_count(const sweep_spec<T>& spec, std::size_t varying) {
  if (spec.method == sampling::monte_carlo) return spec.samples;
  std::size_t total = 1;
  for (std::size_t d = 0; d < varying; ++d) {
    if (spec.grid_points > max_sweep_scenarios / total) sweep_error("the grid has more than 100000000 scenarios");
    total *= spec.grid_points;
  }
  return total;
}

/// The rows of TTF that each thread copies out at once to select their percentiles.
inline constexpr std::size_t summary_block = 8;

/// What the answers of a sweep hold in memory, in bytes: the scenarios (with their cuts
/// and alternates), the per-scenario vectors of sweep_result and its two lines x
/// scenarios matrices, and the samples the percentiles select from (`sample_rows` per
/// scenario). A double, since the count may exceed std::size_t; it is exact up to 2^53
/// bytes.
template <scalar T>
[[nodiscard]] double sweep_answer_bytes(std::size_t scenarios, std::size_t lines, std::size_t cuts,
                                        std::size_t alternates, std::size_t sample_rows = 1) {
  // Per scenario: the scenario itself; TTS, exposed, lost units and value.
  constexpr std::size_t fixed = sizeof(scenario<T>) + sizeof(std::optional<T>) + sizeof(char) + 2 * sizeof(T);
  const auto real = [](std::size_t x) { return static_cast<double>(x); };
  return real(scenarios) *
         (real(fixed) + real(sample_rows) * real(sizeof(T)) + real(cuts) * real(sizeof(supply_cut<T>)) +
          real(alternates) * real(sizeof(alternate_supply<T>)) +
          real(lines) * real(2 * sizeof(T)));  // TTF and lost units
}

/// Bytes of one heap block of `n` bytes as glibc's malloc hands it out (a header of 8
/// bytes, 16-byte granules, 32 at least); 0 for nothing.
[[nodiscard]] constexpr double heap_block_bytes(std::size_t n) noexcept {
  if (n == 0) return 0.0;
  const std::size_t block = (n + 8 + 15) / 16 * 16;
  return static_cast<double>(block < 32 ? 32 : block);
}

/// The answers of a sweep do not fit: chokepoint::error with the bytes they need.
[[noreturn]] inline void sweep_memory_error(std::size_t scenarios, std::size_t lines, double bytes) {
  std::ostringstream text;
  text.precision(2);
  text << "chokepoint::sweep: the answers of " << scenarios << " scenarios for " << lines << " lines need " << bytes
       << " bytes, more than this machine can allocate";
  throw error(text.str());
}

/// u in [0, 1) from one output of the generator: its top 53 bits, (x >> 11) * 2^-53,
/// which every type that holds a double holds exactly.
template <scalar T>
[[nodiscard]] T unit_interval(std::uint64_t x) {
  if constexpr (std::is_constructible_v<T, double>) {
    return T(static_cast<double>(x >> 11) * 0x1.0p-53);
  } else {                                                      // the same number from two integer halves
    const T high = T(static_cast<int>(x >> 38));                // 26 bits
    const T low = T(static_cast<int>((x >> 11) & 0x7ffffffu));  // 27 bits
    const T two26 = T(1 << 26);
    return T(T(high / two26) + T(T(low / two26) / T(1 << 27)));
  }
}

/// The `total` scenarios of a checked spec whose varying ranges are `ranges`. With
/// `factors`, each scenario's stock factors (one per spec.stock_scales) and then its
/// demand factor (when spec.demand_scale is set) are appended to it, scenario by scenario.
template <scalar T>
[[nodiscard]] std::vector<scenario<T>> sample_checked(const sweep_spec<T>& spec,
                                                      const std::vector<value_range<T>>& ranges, std::size_t total,
                                                      std::vector<T>* factors = nullptr) {
  // values[d] is the value of range d; the scenario takes fixed values elsewhere.
  const auto build = [&spec, factors](const std::vector<T>& values) {
    scenario<T> sc;
    std::size_t d = 0;
    const auto take = [&values, &d](const value_range<T>& r) -> T { return r.low == r.high ? r.low : values[d++]; };
    for (const swept_cut<T>& s : spec.cuts) {
      const T level = take({s.cut.fraction_low, s.cut.fraction_high});
      const T start = s.start ? take(*s.start) : s.cut.start;
      std::optional<T> end = s.cut.end;
      if (s.duration) end = T(start + take(*s.duration));
      s.cut.add_to(sc, level, start, end);
    }
    for (const swept_alternate<T>& a : spec.alternates) {
      alternate_supply<T> alt = a.alternate;
      if (a.lead_time) alt.lead_time = take(*a.lead_time);
      sc.add(std::move(alt));
    }
    for (const swept_delay<T>& s : spec.delays) {
      shipping_delay<T> delay = s.delay;
      if (s.days) delay.days = take(*s.days);
      sc.add(std::move(delay));
    }
    for (const scheduled_receipt<T>& r : spec.receipts) sc.add(r);
    for (const stock_scale<T>& g : spec.stock_scales) {
      const T factor = take(g.factor);
      if (factors) factors->push_back(factor);
    }
    if (spec.demand_scale) {
      const T factor = take(*spec.demand_scale);
      if (factors) factors->push_back(factor);
    }
    return sc;
  };

  std::vector<scenario<T>> out;
  out.reserve(total);
  std::vector<T> values(ranges.size());
  if (spec.method == sampling::monte_carlo) {
    std::mt19937_64 rng(spec.seed);
    for (std::size_t k = 0; k < total; ++k) {
      for (std::size_t d = 0; d < ranges.size(); ++d) {
        const T u = unit_interval<T>(rng());
        values[d] = T(ranges[d].low + T(T(ranges[d].high - ranges[d].low) * u));
      }
      out.push_back(build(values));
    }
    return out;
  }
  const std::size_t points = spec.grid_points;
  std::vector<std::size_t> at(ranges.size(), 0);
  const auto grid_value = [points](const value_range<T>& r, std::size_t k) {
    if (points == 1) return r.low;
    if (k + 1 == points) return r.high;  // the end exactly, whatever the rounding
    return T(r.low + T(T(r.high - r.low) * T(T(static_cast<int>(k)) / T(static_cast<int>(points - 1)))));
  };
  for (std::size_t k = 0; k < total; ++k) {
    for (std::size_t d = 0; d < ranges.size(); ++d) values[d] = grid_value(ranges[d], at[d]);
    out.push_back(build(values));
    for (std::size_t d = ranges.size(); d-- > 0;) {  // the last range varies fastest
      if (++at[d] < points) break;
      at[d] = 0;
    }
  }
  return out;
}

/// The item ids of each of spec.stock_scales (empty: every item), checked against the
/// model's bill of materials.
template <scalar T>
[[nodiscard]] std::vector<std::vector<item_id>> stock_scale_items(const disruption_model<T>& model,
                                                                  const sweep_spec<T>& spec) {
  std::vector<std::vector<item_id>> out;
  for (const stock_scale<T>& g : spec.stock_scales) {
    std::vector<item_id>& ids = out.emplace_back();
    for (const std::string& name : g.items) {
      const auto i = model.bom().find(name);
      if (!i) sweep_error("stock scale of '" + name + "': not an item of the bill of materials");
      ids.push_back(*i);
    }
  }
  return out;
}

/// Each scenario's factor on all stock (the product of its stock factors) and on demand,
/// from `factors` as sample_checked() lays them out.
template <scalar T>
[[nodiscard]] std::vector<plan_scale<T>> plan_scales(const sweep_spec<T>& spec, std::span<const T> factors,
                                                     std::size_t ns) {
  const std::size_t per = spec.stock_scales.size() + (spec.demand_scale ? 1 : 0);
  std::vector<plan_scale<T>> out;
  out.reserve(ns);
  for (std::size_t k = 0; k < ns; ++k) {
    T stock(1);
    for (std::size_t g = 0; g < spec.stock_scales.size(); ++g) stock *= factors[k * per + g];
    out.emplace_back(stock, spec.demand_scale ? factors[k * per + per - 1] : T(1));
  }
  return out;
}

/// Every scenario on the model's plan with its stock and demand factors applied, one
/// model per thread (two units of progress per scenario, as the batch reports).
template <scalar T, class Sink>
void sweep_replanned(const disruption_model<T>& model, std::span<const scenario<T>> scenarios,
                     const std::vector<std::vector<T>>& stock_factors, std::span<const T> demand_factors,
                     const std::vector<std::vector<item_id>>& items, const disruption_options<T>& options,
                     unsigned threads, Sink&& sink, const progress_callback& progress) {
  threads = std::max(1u, threads);
  const std::size_t n = model.bom().item_count();
  struct worker {
    disruption_model<T> model;
    std::vector<T> demand, stock;
  };
  std::vector<std::optional<worker>> workers(threads);
  const std::size_t total = 2 * scenarios.size();
  parallel_for(
      scenarios.size(), threads,
      [&](unsigned w, std::size_t k) {
        if (!workers[w]) workers[w].emplace(worker{model, std::vector<T>(n), std::vector<T>(n)});
        worker& me = *workers[w];
        const auto base_stock = model.stock();
        const auto base_demand = model.demand();
        std::copy(base_stock.begin(), base_stock.end(), me.stock.begin());
        for (std::size_t g = 0; g < items.size(); ++g) {
          const T& f = stock_factors[g][k];
          if (items[g].empty()) {
            for (T& v : me.stock) v *= f;
          } else {
            for (const item_id i : items[g]) me.stock[i] *= f;
          }
        }
        if (demand_factors.empty()) {
          std::copy(base_demand.begin(), base_demand.end(), me.demand.begin());
        } else {
          for (std::size_t i = 0; i < n; ++i) me.demand[i] = T(base_demand[i] * demand_factors[k]);
        }
        me.model.set_demand_and_stock(me.demand, me.stock, 1);
        // A batch of one rather than evaluate(): it follows the plan event by event
        // once, where evaluate()'s search steps through a ramping alternate one stock
        // exhaustion at a time (a pass over the BOM each).
        scenario_batch<T>(me.model.core(), scenarios.subspan(k, 1), options)
            .run(1, [&sink, k](std::size_t, const disruption_result<T>& res) { sink(k, res); });
      },
      [&](std::size_t done) {
        if (progress) progress(2 * done, total);
      });
}

}  // namespace detail

/// The scenarios a sweep evaluates, in order (see the header comment for the sampling).
template <scalar T>
[[nodiscard]] std::vector<scenario<T>> sample_scenarios(const sweep_spec<T>& spec) {
  detail::check_spec(spec);
  const std::vector<value_range<T>> ranges = detail::varying_ranges(spec);
  return detail::sample_checked(spec, ranges, detail::scenario_count(spec, ranges.size()));
}

namespace detail {

/// The place of the nearest-rank p-th percentile among n > 0 samples in ascending
/// order: the smallest sample with at least p% of the samples at or below it.
[[nodiscard]] inline std::size_t nearest_rank_index(std::size_t n, double p) {
  const double count = static_cast<double>(n);
  const double x = p / 100.0 * count;
  // ceil(x), forgiving the rounding of p / 100 * n (5% of 100 samples is rank 5, not 6)
  double rank = std::ceil(x - 1e-9 * (x < 1.0 ? 1.0 : x));
  if (rank < 1.0) rank = 1.0;
  if (rank > count) rank = count;
  return static_cast<std::size_t>(rank) - 1;
}

/// A percentile's value: empty for +infinity ("not within the horizon").
template <scalar T>
[[nodiscard]] std::optional<T> within_horizon(const T& v) {
  if (scalar_traits<T>::is_infinite(v)) return std::nullopt;
  return v;
}

/// Nearest-rank percentile of `sorted` (ascending; +infinity for "not within the
/// horizon").
template <scalar T>
[[nodiscard]] std::optional<T> nearest_rank(const std::vector<T>& sorted, double p) {
  return within_horizon(sorted[nearest_rank_index(sorted.size(), p)]);
}

/// The nearest-rank percentiles of samples (n > 0), reordered in place: each rank is
/// selected (std::nth_element) from what lies above the one below it, so a few
/// percentiles of many samples cost a few passes instead of a sort.
template <scalar T>
[[nodiscard]] std::vector<std::optional<T>> percentiles_of(std::span<T> samples, std::span<const double> ps) {
  std::vector<std::size_t> ranks;
  ranks.reserve(ps.size());
  for (const double p : ps) ranks.push_back(nearest_rank_index(samples.size(), p));
  std::vector<std::size_t> ascending = ranks;
  std::sort(ascending.begin(), ascending.end());
  ascending.erase(std::unique(ascending.begin(), ascending.end()), ascending.end());
  const auto at = [&samples](std::size_t i) { return samples.begin() + static_cast<std::ptrdiff_t>(i); };
  std::size_t from = 0;
  for (const std::size_t k : ascending) {
    std::nth_element(at(from), at(k), samples.end());
    from = k + 1;
  }
  std::vector<std::optional<T>> out;
  out.reserve(ps.size());
  for (const std::size_t k : ranks) out.push_back(within_horizon(samples[k]));
  return out;
}

}  // namespace detail

/// How many scenarios the spec gives (after its checks, whose errors it throws).
template <scalar T>
[[nodiscard]] std::size_t sweep_scenario_count(const sweep_spec<T>& spec) {
  detail::check_spec(spec);
  return detail::scenario_count(spec, detail::varying_ranges(spec).size());
}

/// An estimate of the bytes that sweep(model, spec, options) holds at its peak, made
/// before anything is sampled (see the header comment): its answers
/// (detail::sweep_answer_bytes), what the evaluation keeps per scenario (each one's
/// cuts and alternates, the heap blocks of both copies, its TTS and binding material,
/// its place in the order of TTS) and each thread's workspace (arrays over the items
/// and edges of the bill of materials). Throws the errors of the spec's checks.
template <scalar T>
[[nodiscard]] double sweep_memory(const disruption_model<T>& model, const sweep_spec<T>& spec,
                                  const sweep_options<T>& options = {}) {
  const std::size_t ns = sweep_scenario_count(spec);
  const std::size_t nl = model.lines().size();
  const unsigned threads = detail::thread_count(options.threads);
  const std::size_t blocks = (nl + detail::summary_block - 1) / detail::summary_block;
  const std::size_t sample_rows = std::max<std::size_t>(1, std::min(detail::summary_block, nl));
  const std::size_t sample_buffers = std::max<std::size_t>(1, std::min<std::size_t>(threads, blocks));
  const std::size_t nc = spec.cuts.size(), na = spec.alternates.size();
  const double answers = detail::sweep_answer_bytes<T>(ns, nl, nc, na, sample_buffers * sample_rows);

  // Per scenario, beyond the answers: the heap blocks of its cuts and alternates (and of
  // names too long to sit in a string), and the batch's resolved copies, TTS, binding
  // material (in a block of its own) and place in the order.
  double per_scenario = detail::heap_block_bytes(nc * sizeof(supply_cut<T>)) +
                        detail::heap_block_bytes(na * sizeof(alternate_supply<T>)) +
                        2.0 * static_cast<double>(sizeof(std::vector<char>)) +
                        detail::heap_block_bytes(nc * sizeof(detail::resolved_cut<T>)) +
                        detail::heap_block_bytes(na * sizeof(detail::resolved_alternate<T>)) +
                        static_cast<double>(sizeof(std::optional<T>) + sizeof(std::vector<item_id>)) +
                        detail::heap_block_bytes(sizeof(item_id)) + static_cast<double>(sizeof(std::size_t));
  for (const swept_cut<T>& c : spec.cuts)
    if (c.cut.name.size() > 15) per_scenario += detail::heap_block_bytes(c.cut.name.size() + 1);
  for (const swept_alternate<T>& a : spec.alternates)
    if (a.alternate.material.size() > 15) per_scenario += detail::heap_block_bytes(a.alternate.material.size() + 1);
  // Delays and receipts, and the resolved receipts.
  per_scenario += detail::heap_block_bytes(spec.delays.size() * sizeof(shipping_delay<T>)) +
                  2.0 * detail::heap_block_bytes(spec.receipts.size() * sizeof(scheduled_receipt<T>));

  // Sweeps over all stock or demand: each scenario's factors and horizon.
  if (!spec.stock_scales.empty() || spec.demand_scale) per_scenario += 4.0 * static_cast<double>(sizeof(T));

  // Each thread: about a dozen arrays of T over the items and a few over the edges.
  const auto& bom = model.bom();
  double per_item = 12.0;
  if (std::any_of(spec.stock_scales.begin(), spec.stock_scales.end(), [](const auto& g) { return !g.items.empty(); }))
    per_item += 7.0;  // each thread's model of its own plan
  const double workspace =
      static_cast<double>(threads) * static_cast<double>(sizeof(T)) *
      (per_item * static_cast<double>(bom.item_count()) + 4.0 * static_cast<double>(bom.edge_count()));
  return answers + static_cast<double>(ns) * per_scenario + workspace;
}

/// Evaluates every scenario of the spec over the model and summarises the answers
/// (see the header comment). The model's priorities and margins apply.
template <scalar T>
[[nodiscard]] sweep_result<T> sweep(const disruption_model<T>& model, const sweep_spec<T>& spec,
                                    const sweep_options<T>& options = {}) {
  for (const double p : options.percentiles)
    if (!(p >= 0.0 && p <= 100.0))
      detail::sweep_error("percentile must be in [0, 100], got " + detail::format_scalar(p));
  detail::check_spec(spec);
  const std::vector<value_range<T>> ranges = detail::varying_ranges(spec);
  const std::size_t ns = detail::scenario_count(spec, ranges.size());
  const std::size_t nl = model.lines().size();
  const unsigned threads = detail::thread_count(options.threads);
  // The samples: a buffer of up to summary_block rows (the TTS's too) for each thread
  // that has a block of lines to summarise.
  const std::size_t blocks = (nl + detail::summary_block - 1) / detail::summary_block;
  const std::size_t sample_rows = std::max<std::size_t>(1, std::min(detail::summary_block, nl));
  const std::size_t sample_buffers = std::max<std::size_t>(1, std::min<std::size_t>(threads, blocks));
  // Beyond 2^63 bytes no allocation can succeed (nor every size computation be made).
  const double need =
      detail::sweep_answer_bytes<T>(ns, nl, spec.cuts.size(), spec.alternates.size(), sample_buffers * sample_rows);
  if (!(need < 0x1p63)) detail::sweep_memory_error(ns, nl, need);
  if (options.memory_limit) {
    const double estimate = sweep_memory(model, spec, options);
    if (estimate > *options.memory_limit) {
      std::ostringstream text;
      text.precision(2);
      text << "chokepoint::sweep: " << ns << " scenarios for " << nl << " lines need about " << estimate
           << " bytes, more than the limit of " << *options.memory_limit << " bytes";
      throw error(text.str());
    }
  }

  // The answers first (the matrices first), then the scenarios and their resolution:
  // when memory runs out it does so before any scenario is sampled or evaluated, and
  // what was allocated is freed as the exception leaves (the matrices start empty, so
  // a failed resize leaves nothing behind).
  const T never = scalar_traits<T>::infinity();
  sweep_result<T> r;
  std::vector<std::vector<T>> samples;  // per thread, what the percentiles select from
  std::vector<scenario<T>> scenarios;
  std::optional<detail::scenario_batch<T>> batch;
  // Sweeps over stock or demand: factors on all stock and on demand keep the model, in
  // other units of time and quantity (detail/plan_scale.hpp); factors on the stock of
  // some items run each scenario on a model of its own plan.
  const std::vector<std::vector<item_id>> scaled_items = detail::stock_scale_items(model, spec);
  const bool rescaled = (!spec.stock_scales.empty() || spec.demand_scale.has_value()) &&
                        std::all_of(scaled_items.begin(), scaled_items.end(), [](const auto& g) { return g.empty(); });
  const bool replanned = (!spec.stock_scales.empty() || spec.demand_scale.has_value()) && !rescaled;
  std::vector<T> factors;                     // per scenario: its stock factors, then its demand factor
  std::vector<detail::plan_scale<T>> scales;  // per scenario, when rescaled
  try {
    r.time_to_failure.resize(static_cast<Eigen::Index>(nl), static_cast<Eigen::Index>(ns));
    r.lost_units.resize(static_cast<Eigen::Index>(nl), static_cast<Eigen::Index>(ns));
    r.scenario_time_to_survive.reserve(ns);
    r.scenario_exposed.reserve(ns);
    r.scenario_lost_units.reserve(ns);
    r.scenario_lost_value.reserve(ns);
    samples.assign(sample_buffers, std::vector<T>(sample_rows * ns));
    scenarios = detail::sample_checked(spec, ranges, ns, replanned || rescaled ? &factors : nullptr);
    const disruption_options<T>& on_model = options;
    if (rescaled) {
      // Every scenario checked as given (the errors of evaluate(), in days and units),
      // then run on the model's plan, each to its own horizon.
      (void)detail::scenario_batch<T>(model.core(), scenarios, on_model);
      scales = detail::plan_scales<T>(spec, factors, ns);
      std::vector<T> horizons(ns);
      for (std::size_t k = 0; k < ns; ++k) {
        scenarios[k] = scales[k].on_model_plan(scenarios[k]);
        horizons[k] = scales[k].in_model_days(options.horizon);
      }
      batch.emplace(model.core(), scenarios, on_model, horizons);
    } else if (!replanned) {
      batch.emplace(model.core(), scenarios, on_model);
    }
  } catch (const std::bad_alloc&) {
    detail::sweep_memory_error(ns, nl, need);
  } catch (const std::length_error&) {
    detail::sweep_memory_error(ns, nl, need);
  }
  r.scenarios = ns;
  r.percentiles = options.percentiles;
  r.scenario_time_to_survive.assign(ns, std::nullopt);
  r.scenario_exposed.assign(ns, 0);
  r.scenario_lost_units.assign(ns, T(0));
  r.scenario_lost_value.assign(ns, T(0));
  r.time_to_failure.setConstant(never);
  r.lost_units.setZero();

  // Each scenario writes its own column and entries: no two threads share any. A
  // rescaled scenario's times and quantities come back in days and units.
  const auto record = [&r, &scales, &options](std::size_t k, const disruption_result<T>& res) {
    const detail::plan_scale<T>* to = scales.empty() ? nullptr : &scales[k];
    const auto days = [to](const T& t) { return to ? to->days(t) : t; };
    const auto units = [to](const T& q) { return to ? to->units(q) : q; };
    const auto col = static_cast<Eigen::Index>(k);
    r.scenario_time_to_survive[k] = res.system.time ? std::optional<T>(days(*res.system.time)) : std::nullopt;
    r.scenario_exposed[k] = res.exposed ? 1 : 0;
    r.scenario_lost_units[k] = units(res.lost_units);
    r.scenario_lost_value[k] = units(res.lost_value);
    if (!scalar_traits<T>::is_finite(r.scenario_lost_value[k]))  // finite on the model's plan, not when scaled
      throw invalid_input("chokepoint::disruption_model: quantities over a horizon of " +
                          detail::format_scalar(options.horizon) + " days overflow");
    for (std::size_t l = 0; l < res.lines.size(); ++l) {
      const auto row = static_cast<Eigen::Index>(l);
      if (res.lines[l].time_to_failure) r.time_to_failure(row, col) = days(*res.lines[l].time_to_failure);
      r.lost_units(row, col) = units(res.lines[l].lost_units);
    }
  };
  if (replanned || rescaled) {
    const std::size_t per = spec.stock_scales.size() + (spec.demand_scale ? 1 : 0);
    r.scenario_stock_scale.assign(spec.stock_scales.size(), std::vector<T>(ns));
    for (std::size_t k = 0; k < ns; ++k) {
      for (std::size_t g = 0; g < spec.stock_scales.size(); ++g) r.scenario_stock_scale[g][k] = factors[k * per + g];
      if (spec.demand_scale) r.scenario_demand_scale.push_back(factors[k * per + per - 1]);
    }
  }
  if (replanned) {
    detail::sweep_replanned<T>(model, scenarios, r.scenario_stock_scale, r.scenario_demand_scale, scaled_items, options,
                               threads, record, options.progress);
  } else {
    batch->run(threads, record, options.progress);
  }

  // Summaries, in a fixed order after every scenario is done.
  const T count = detail::from_count<T>(ns);
  for (std::size_t k = 0; k < ns; ++k) samples[0][k] = r.scenario_time_to_survive[k].value_or(never);
  r.time_to_survive = detail::percentiles_of(std::span<T>(samples[0].data(), ns), r.percentiles);
  std::size_t short_count = 0, exposed_count = 0;
  for (std::size_t k = 0; k < ns; ++k) {
    short_count += r.scenario_time_to_survive[k].has_value() ? 1 : 0;
    exposed_count += r.scenario_exposed[k] ? 1 : 0;
    r.expected_lost_units += r.scenario_lost_units[k];
    r.expected_lost_value += r.scenario_lost_value[k];
  }
  if (ns > 0) {
    r.probability_of_shortage = T(detail::from_count<T>(short_count) / count);
    r.probability_exposed = T(detail::from_count<T>(exposed_count) / count);
    r.expected_lost_units = T(r.expected_lost_units / count);
    r.expected_lost_value = T(r.expected_lost_value / count);
  }
  // Per line, eight lines at a time on the sweep's threads: their rows are read
  // together (eight consecutive entries of a column share a cache line) to count the
  // stops, sum the lost units in scenario order and copy out the TTFs whose
  // percentiles are then selected.
  const auto lines = model.lines();
  const auto margins = model.margins();
  r.lines.resize(nl);
  if (nl > 0 && ns > 0) {
    constexpr std::size_t block = detail::summary_block;
    detail::parallel_for(
        blocks, static_cast<unsigned>(sample_buffers),
        [&](unsigned w, std::size_t b) {
          const std::size_t first = b * block;
          const std::size_t height = std::min(block, nl - first);
          T* const rows = samples[w].data();
          std::array<std::size_t, block> stops{};
          std::array<T, block> lost;
          lost.fill(T(0));
          for (std::size_t k = 0; k < ns; ++k) {
            const auto col = static_cast<Eigen::Index>(k);
            for (std::size_t j = 0; j < height; ++j) {
              const auto row = static_cast<Eigen::Index>(first + j);
              const T& ttf = r.time_to_failure(row, col);
              rows[j * ns + k] = ttf;
              if (ttf < never) ++stops[j];
              lost[j] += r.lost_units(row, col);
            }
          }
          for (std::size_t j = 0; j < height; ++j) {
            line_distribution<T>& d = r.lines[first + j];
            d.line = lines[first + j];
            d.probability_of_stop = T(detail::from_count<T>(stops[j]) / count);
            d.expected_lost_units = T(lost[j] / count);
            d.expected_lost_value = T(d.expected_lost_units * margins[d.line]);
            d.time_to_failure = detail::percentiles_of(std::span<T>(rows + j * ns, ns), r.percentiles);
          }
        },
        [](std::size_t) {});
  } else {
    for (std::size_t l = 0; l < nl; ++l) {
      r.lines[l].line = lines[l];
      r.lines[l].time_to_failure.assign(r.percentiles.size(), std::nullopt);
    }
  }
  return r;
}

#ifdef CHOKEPOINT_SEPARATE_COMPILATION
// Compiled once, in the file that includes <chokepoint/instantiate.hpp>.
extern template sweep_result<double> sweep(const disruption_model<double>&, const sweep_spec<double>&,
                                           const sweep_options<double>&);
#endif

}  // namespace chokepoint
