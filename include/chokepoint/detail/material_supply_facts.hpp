// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What exposure() needs to know of one BOM material's supply, read once per material
// from the supply base (docs/model.md, Exposure): its known countries largest first, the
// share of unknown origin, its named suppliers, and the single-source, single-country
// and dominant-country flags. The product figures are sums of these over the basket.

#include <chokepoint/detail/share_statistics.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
void sort_largest_first(std::vector<country_share<T>>& v) {
  std::sort(v.begin(), v.end(), [](const country_share<T>& a, const country_share<T>& b) {
    return larger_share_first(a.share, a.country, b.share, b.country);
  });
}

// The supply facts of one BOM material (everything but its demand reach).
template <scalar T>
material_exposure<T> material_supply_facts(const supply_base<T>& supply, std::string_view name, const T& threshold) {
  material_exposure<T> out;
  out.name = std::string(name);
  out.supply = supply.find(name);
  if (!out.supply) {
    out.unknown_share = T(1);
    return out;
  }
  const material_id m = *out.supply;
  const auto ids = supply.group_ids(m, grouping::country);
  const auto shares = supply.group_shares(m, grouping::country);
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (!(T(0) < shares[k])) continue;
    if (supply.is_remainder(grouping::country, ids[k])) out.unknown_share += shares[k];
    else out.countries.push_back({ids[k], shares[k]});
  }
  sort_largest_first(out.countries);
  bool supplier_remainder = false;
  const auto sids = supply.group_ids(m, grouping::supplier);
  const auto sshares = supply.group_shares(m, grouping::supplier);
  for (std::size_t k = 0; k < sids.size(); ++k) {
    if (!(T(0) < sshares[k])) continue;
    if (supply.is_remainder(grouping::supplier, sids[k])) supplier_remainder = true;
    else ++out.suppliers;
  }
  out.single_source = out.suppliers == 1 && !supplier_remainder;
  out.single_country = out.countries.size() == 1 && !(T(0) < out.unknown_share);
  if (!out.countries.empty() && threshold < out.countries.front().share)
    out.dominant_country = out.countries.front().country;
  return out;
}

}  // namespace chokepoint::detail
