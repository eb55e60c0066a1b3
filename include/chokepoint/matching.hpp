// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// How a supply base meets a bill of materials: by the exact name of each material (a
// leaf of the BOM). A supply material that names no BOM material is not used by any
// analysis, and nothing else would show it: unmatched_supply_materials() lists those,
// with the row where each first appears, and, where the name differs from a BOM
// material only in case, spacing or punctuation ("Magnet-NdFeB" and "MAGNET-NDFEB",
// "Dy oxide" and "Dy_oxide"), the material it probably meant. Names are never matched
// loosely: a probable name is a hint for the user, who corrects the file.
//
// exposure() (exposure_report::unmatched) and disruption_model (unmatched_supply())
// report the same list; the chokepoint command warns with it, or refuses under
// --strict.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/probable_material.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

/// A material of a supply base that is not a material of the bill of materials: its
/// rows are not used.
struct unmatched_material {
  material_id material = 0;  ///< id in the supply base
  std::string name;
  std::size_t first_row = 0;  ///< as given to supply_base::add (a file's line); 0: not given
  std::size_t rows = 0;       ///< rows added for it (see supply_base::row_count)
  /// The kind of the BOM item of this exact name, when there is one (a product or an
  /// assembly: supply is matched to materials only).
  std::optional<item_kind> bom_kind;
  /// A BOM material whose name differs from `name` only in case, spacing or
  /// punctuation; the first in id order when several do.
  std::optional<item_id> probable;
};

/// `name` with ASCII letters in lower case and ASCII spaces and punctuation removed;
/// other bytes (UTF-8 text) are kept as they are. Two names that fold alike differ only
/// in case, spacing or punctuation.
[[nodiscard]] inline std::string folded_name(std::string_view name) { return detail::fold_name(name); }

/// The BOM material that `name` probably meant: the first (in id order) whose name
/// differs from it only in case, spacing or punctuation; nothing if none does (or if
/// `name` is one already).
template <scalar T>
[[nodiscard]] std::optional<item_id> probable_material(const bill_of_materials<T>& bom, std::string_view name) {
  if (const auto id = bom.find(name); id && bom.kind(*id) == item_kind::material) return std::nullopt;
  return detail::probable_materials(bom, {name}).front();
}

/// The materials of `supply` that are not materials of `bom`, in supply-base id order
/// (the order in which they first appear).
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

}  // namespace chokepoint
