// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The checks of a time to recover per source (source_recovery) against the sources the
// risk exposure index cuts: the suppliers or countries that sell a material of the bill
// of materials. Kept apart from risk_index.hpp so that the topic header reads as its API.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/probable_material.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/source_recovery.hpp>
#include <chokepoint/supply.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chokepoint::detail {

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
    const std::string folded = fold_name(name);
    for (std::uint32_t id = 0; id < supplies.size(); ++id) {
      const std::string& other = supply.group_name(kind, id);
      if (supplies[id] > 0 && other != name && fold_name(other) == folded) return " (did you mean '" + other + "'?)";
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

}  // namespace chokepoint::detail
