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
#include <chokepoint/detail/recovery_check.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
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
