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
#include <chokepoint/detail/unmatched_supply.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/unmatched_material.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

/// `name` with ASCII letters in lower case and ASCII spaces and punctuation removed;
/// other bytes (UTF-8 text) are kept as they are. Two names that fold alike differ only
/// in case, spacing or punctuation.
[[nodiscard]] inline std::string folded_name(std::string_view name) { return detail::fold_name(name); }

/// The BOM material that `name` probably meant: the first (in id order) whose name
/// differs from it only in case, spacing or punctuation; nothing if none does (or if
/// `name` is one already).
template <scalar T>
[[nodiscard]] std::optional<item_id> probable_material(const bill_of_materials<T>& bom, std::string_view name) {
  return detail::probable_material(bom, name);
}

/// The materials of `supply` that are not materials of `bom` (unmatched_material.hpp), in supply-base id order
/// (the order in which they first appear).
template <scalar T>
[[nodiscard]] std::vector<unmatched_material> unmatched_supply_materials(const bill_of_materials<T>& bom,
                                                                         const supply_base<T>& supply) {
  return detail::unmatched_supply_materials(bom, supply);
}

}  // namespace chokepoint
