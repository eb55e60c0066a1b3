// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Risk exposure index (docs/model.md, Risk exposure index; after Simchi-Levi, Schmidt
// and Wei, "From superstorms to factory fires", HBR 2014): cut each source, a supplier
// or a country, 100% for a given recovery time, one at a time; its impact is the value
// of production lost over the horizon; the index is that loss divided by the largest
// loss among the sources, so the most damaging source scores 1 and one whose loss the
// stock absorbs scores 0.
//
// The sources are the suppliers (or countries) of the supply base that sell at least
// one material of the model's bill of materials; the others cannot cost anything and
// are left out. Each scenario cuts its source by 1 over [0, recovery_days) (for good
// when recovery_days is infinite), so the materials it supplies recover at
// recovery_days, and the stopped lines with them: lost production is
// d_p (min(horizon, recovery) - TTF_p) at the model's margins (disruption.hpp). All the
// scenarios are evaluated as one batch (detail/disruption/batch.hpp), on several threads;
// the result does not depend on their number.
//
// Entries are ranked by lost value, largest first; ties by lost units, then by name.
// When no source loses anything every index is 0.
//
// Errors (invalid_input): "chokepoint::risk_exposure_index: recovery time must be > 0,
// got 0", and those of disruption_model::evaluate() (horizon).

#include <chokepoint/detail/disruption/batch.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
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
};

/// Cuts every supplier (or country) of the model's materials in turn and ranks them by
/// lost value (see the header comment).
template <scalar T>
[[nodiscard]] std::vector<risk_exposure<T>> risk_exposure_index(const disruption_model<T>& model, grouping kind,
                                                                const T& recovery_days,
                                                                const risk_index_options<T>& options = {}) {
  if (!(recovery_days > T(0)))
    throw invalid_input("chokepoint::risk_exposure_index: recovery time must be > 0, got " +
                        detail::format_scalar(recovery_days));
  const supply_base<T>& supply = model.supply();
  const bill_of_materials<T>& bom = model.bom();
  const bool by_country = kind == grouping::country;

  // The sources of the model's materials, with the number of materials each supplies.
  const std::size_t ids = by_country ? supply.country_count() : supply.supplier_count();
  std::vector<std::size_t> supplies(ids, 0);
  std::vector<std::uint32_t> last(ids, detail::no_index);
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
  std::vector<std::uint32_t> sources;
  for (std::uint32_t id = 0; id < ids; ++id)
    if (supplies[id] > 0) sources.push_back(id);

  std::vector<scenario<T>> scenarios(sources.size());
  std::optional<T> end;
  if (!scalar_traits<T>::is_infinite(recovery_days)) end = recovery_days;
  for (std::size_t k = 0; k < sources.size(); ++k) {
    const std::string& name = by_country ? supply.country_name(sources[k]) : supply.supplier_name(sources[k]);
    if (by_country) scenarios[k].cut_country(name, T(1), T(0), end);
    else scenarios[k].cut_supplier(name, T(1), T(0), end);
  }

  std::vector<risk_exposure<T>> out(sources.size());
  detail::scenario_batch<T> batch(model.core(), scenarios, options);
  batch.run(
      detail::thread_count(options.threads),
      [&](std::size_t k, const disruption_result<T>& r) {
        risk_exposure<T>& e = out[k];
        e.source = by_country ? supply.country_name(sources[k]) : supply.supplier_name(sources[k]);
        e.kind = kind;
        e.lost_value = r.lost_value;
        e.lost_units = r.lost_units;
        e.time_to_survive = r.system.time;
        e.materials = supplies[sources[k]];
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

#ifdef CHOKEPOINT_SEPARATE_COMPILATION
// Compiled once, in the file that includes <chokepoint/instantiate.hpp>.
extern template std::vector<risk_exposure<double>> risk_exposure_index(const disruption_model<double>&, grouping,
                                                                       const double&,
                                                                       const risk_index_options<double>&);
#endif

}  // namespace chokepoint
