// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The body of unmatched_supply_materials() (matching.hpp): the supply materials that
// name no BOM material, each with the material it probably meant. Here so that
// disruption_core lists them with the same code without including a public header.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/probable_material.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/unmatched_material.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint::detail {

/// unmatched_supply_materials(bom, supply) (see matching.hpp).
template <scalar T>
[[nodiscard]] std::vector<unmatched_material> unmatched_supply_materials(const bill_of_materials<T>& bom,
                                                                         const supply_base<T>& supply) {
  std::vector<unmatched_material> out;
  for (material_id m = 0; m < supply.material_count(); ++m) {
    const std::string& name = supply.name(m);
    const auto id = bom.find(name);
    if (id && bom.kind(*id) == item_kind::material) continue;
    unmatched_material u;
    u.material = m;
    u.name = name;
    u.first_row = supply.first_row(m);
    u.rows = supply.row_count(m);
    if (id) u.bom_kind = bom.kind(*id);
    out.push_back(std::move(u));
  }
  std::vector<std::string_view> names;
  names.reserve(out.size());
  for (const unmatched_material& u : out) names.push_back(u.name);
  const std::vector<std::optional<item_id>> probable = detail::probable_materials(bom, names);
  for (std::size_t k = 0; k < out.size(); ++k) out[k].probable = probable[k];
  return out;
}

}  // namespace chokepoint::detail
