// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Risk exposure index (docs/model.md, Risk exposure index; after Simchi-Levi, Schmidt
// and Wei, "From superstorms to factory fires", HBR 2014): cut each source (a supplier
// or a country that sells a material of the BOM; the others cannot cost anything) 100%
// over [0, TTR), one at a time, with one TTR for all or one per source
// (source_recovery.hpp; infinite: for good). Its lines restart when its materials
// recover, so lost production is d_p (min(horizon, TTR) - TTF_p) at the model's margins;
// the index is that loss over the largest among the sources (1: the most damaging; 0:
// the stock absorbs it). Entries are ranked by lost value, then lost units, then name.
// The scenarios run as one batch (detail/disruption/batch.hpp) on several threads; the
// result does not depend on their number.
//
// Errors (invalid_input; nothing listed is left out silently): a TTR that is not > 0, a
// listed name that is not a source (with the one probably meant), a name listed twice
// (messages in docs/model.md); and those of disruption_model::evaluate().

#include <chokepoint/detail/disruption/batch.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/matching.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/source_recovery.hpp>
#include <chokepoint/supply.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint {

/// The index's options: horizon, policy, threads and progress (batch_options; progress
/// counts two units per source).
template <scalar T>
struct risk_index_options : batch_options<T> {};

/// One source's exposure.
template <scalar T>
struct risk_exposure {
  std::string source;  ///< supplier or country name
  grouping kind = grouping::supplier;
  T lost_value = T(0);  ///< over the horizon, at the model's margins
  T lost_units = T(0);
  T index = T(0);                    ///< lost_value / the largest lost_value, in [0, 1]
  std::optional<T> time_to_survive;  ///< empty: no material runs short within the horizon
  std::size_t lines_hit = 0;         ///< lines that stop
  std::size_t materials = 0;         ///< materials of the BOM it supplies
  T recovery = T(0);                 ///< days it was cut, [0, recovery): its time to recover (infinite: for good)
};

/// What risk_exposure_index refuses in a source_recovery.
struct recovery_problem {
  std::optional<std::size_t> entry;  ///< in source_recovery::listed; empty: the fallback
  std::size_t row = 0;               ///< the entry's row (its 1-based position when it gives none); 0: the fallback
  std::string what;                  ///< e.g. "recovery time of unknown supplier 'acme' (did you mean 'Acme'?)"
};

namespace detail {

/// Per supplier (or country) id, the materials of the BOM it supplies with a positive
/// share; 0: not a source of the index.
template <scalar T>
[[nodiscard]] std::vector<std::size_t> index_source_materials(const bill_of_materials<T>& bom,
                                                              const supply_base<T>& supply, grouping kind) {
  const bool by_country = kind == grouping::country;
  const std::size_t ids = by_country ? supply.country_count() : supply.supplier_count();
  std::vector<std::size_t> supplies(ids, 0);
  std::vector<std::uint32_t> last(ids, no_index);
  const auto mats = bom.materials();
  for (std::uint32_t m = 0; m < mats.size(); ++m) {
    const auto sm = supply.find(bom.name(mats[m]));
    if (!sm) continue;
    const auto shares = supply.source_shares(*sm);
    const auto owners = by_country ? supply.source_countries(*sm) : supply.source_suppliers(*sm);
    for (std::size_t k = 0; k < shares.size(); ++k) {
      if (!(shares[k] > T(0)) || last[owners[k]] == m) continue;
      last[owners[k]] = m;
      ++supplies[owners[k]];
    }
  }
  return supplies;
}

/// The first problem of `recovery` (the fallback, then the entries in order), given
/// the sources' `supplies` (index_source_materials).
template <scalar T>
[[nodiscard]] std::optional<recovery_problem> find_recovery_problem(const supply_base<T>& supply, grouping kind,
                                                                    const std::vector<std::size_t>& supplies,
                                                                    const source_recovery<T>& recovery) {
  if (!(recovery.fallback > T(0)))
    return recovery_problem{std::nullopt, 0, "recovery time must be > 0, got " + format_scalar(recovery.fallback)};
  const bool by_country = kind == grouping::country;
  const std::string who = by_country ? "country '" : "supplier '";
  // " (did you mean 'X'?)" for a source whose name differs only in case, spacing or
  // punctuation; folded only once a name is refused.
  const auto probable = [&](const std::string& name) {
    const std::string folded = folded_name(name);
    for (std::uint32_t id = 0; id < supplies.size(); ++id) {
      const std::string& other = supply.group_name(kind, id);
      if (supplies[id] > 0 && other != name && folded_name(other) == folded) return " (did you mean '" + other + "'?)";
    }
    return std::string();
  };
  std::vector<std::size_t> seen_at(supplies.size(), 0);  // the row listing each id, 0 before it
  for (std::size_t k = 0; k < recovery.listed.size(); ++k) {
    const recovery_time<T>& e = recovery.listed[k];
    const std::size_t row = e.row != 0 ? e.row : k + 1;
    const auto fail = [&](std::string what) { return recovery_problem{k, row, std::move(what)}; };
    const auto id = by_country ? supply.find_country(e.source) : supply.find_supplier(e.source);
    if (!id) return fail("recovery time of unknown " + who + e.source + "'" + probable(e.source));
    if (supplies[*id] == 0)
      return fail("recovery time of " + who + e.source + "', which supplies no material of the bill of materials" +
                  probable(e.source));
    if (!(e.days > T(0)))
      return fail("recovery time of " + who + e.source + "' must be > 0, got " + format_scalar(e.days));
    if (seen_at[*id] != 0)
      return fail("recovery time of " + who + e.source + "' given twice (first at row " + std::to_string(seen_at[*id]) +
                  ")");
    seen_at[*id] = row;
  }
  return std::nullopt;
}

}  // namespace detail

/// What risk_exposure_index(model, kind, recovery) would refuse in `recovery`, or
/// nothing: the first problem, the fallback first, then the entries in order. A reader
/// of a file names the entry's line with it (as the chokepoint command does).
template <scalar T>
[[nodiscard]] std::optional<recovery_problem> find_recovery_problem(const disruption_model<T>& model, grouping kind,
                                                                    const source_recovery<T>& recovery) {
  return detail::find_recovery_problem(model.supply(), kind,
                                       detail::index_source_materials(model.bom(), model.supply(), kind), recovery);
}

/// Cuts every supplier (or country) of the model's materials in turn, each for its own
/// time to recover, and ranks them by lost value (see the header comment).
template <scalar T>
[[nodiscard]] std::vector<risk_exposure<T>> risk_exposure_index(const disruption_model<T>& model, grouping kind,
                                                                const source_recovery<T>& recovery,
                                                                const risk_index_options<T>& options = {}) {
  const supply_base<T>& supply = model.supply();
  const bool by_country = kind == grouping::country;
  // The sources of the model's materials, with the number of materials each supplies.
  const std::vector<std::size_t> supplies = detail::index_source_materials(model.bom(), supply, kind);
  if (const auto p = detail::find_recovery_problem(supply, kind, supplies, recovery))
    throw invalid_input("chokepoint::risk_exposure_index: " +
                        (p->entry ? "row " + std::to_string(p->row) + ": " : std::string()) + p->what);
  std::vector<const T*> days(supplies.size(), &recovery.fallback);
  for (const recovery_time<T>& e : recovery.listed)
    days[by_country ? *supply.find_country(e.source) : *supply.find_supplier(e.source)] = &e.days;

  std::vector<std::uint32_t> sources;
  for (std::uint32_t id = 0; id < supplies.size(); ++id)
    if (supplies[id] > 0) sources.push_back(id);

  std::vector<scenario<T>> scenarios(sources.size());
  for (std::size_t k = 0; k < sources.size(); ++k) {
    const std::string& name = supply.group_name(kind, sources[k]);
    const T& ttr = *days[sources[k]];
    std::optional<T> end;
    if (!scalar_traits<T>::is_infinite(ttr)) end = ttr;
    if (by_country) scenarios[k].cut_country(name, T(1), T(0), end);
    else scenarios[k].cut_supplier(name, T(1), T(0), end);
  }

  std::vector<risk_exposure<T>> out(sources.size());
  detail::scenario_batch<T> batch(model.core(), scenarios, options);
  batch.run(
      detail::thread_count(options.threads),
      [&](std::size_t k, const disruption_result<T>& r) {
        risk_exposure<T>& e = out[k];
        e.source = supply.group_name(kind, sources[k]);
        e.kind = kind;
        e.lost_value = r.lost_value;
        e.lost_units = r.lost_units;
        e.time_to_survive = r.system.time;
        e.materials = supplies[sources[k]];
        e.recovery = *days[sources[k]];
        for (const line_outcome<T>& l : r.lines) e.lines_hit += l.time_to_failure ? 1 : 0;
      },
      options.progress);

  T largest(0);
  for (const risk_exposure<T>& e : out)
    if (largest < e.lost_value) largest = e.lost_value;
  if (largest > T(0))
    for (risk_exposure<T>& e : out) e.index = T(e.lost_value / largest);
  std::sort(out.begin(), out.end(), [](const risk_exposure<T>& a, const risk_exposure<T>& b) {
    if (a.lost_value != b.lost_value) return b.lost_value < a.lost_value;
    if (a.lost_units != b.lost_units) return b.lost_units < a.lost_units;
    return a.source < b.source;
  });
  return out;
}

/// The same with one time to recover for every source: `recovery_days`, > 0 (infinite:
/// cut for good).
template <scalar T>
[[nodiscard]] std::vector<risk_exposure<T>> risk_exposure_index(const disruption_model<T>& model, grouping kind,
                                                                const T& recovery_days,
                                                                const risk_index_options<T>& options = {}) {
  return risk_exposure_index(model, kind, source_recovery<T>{recovery_days, {}}, options);
}

#ifdef CHOKEPOINT_SEPARATE_COMPILATION
// Compiled once, in the file that includes <chokepoint/instantiate.hpp>.
extern template std::vector<risk_exposure<double>> risk_exposure_index(const disruption_model<double>&, grouping,
                                                                       const source_recovery<double>&,
                                                                       const risk_index_options<double>&);
extern template std::vector<risk_exposure<double>> risk_exposure_index(const disruption_model<double>&, grouping,
                                                                       const double&,
                                                                       const risk_index_options<double>&);
#endif

}  // namespace chokepoint
