// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What unmatched_supply_materials() (matching.hpp) lists for each supply material that
// names no material of the bill of materials. A header of its own because the
// disruption engine's detail headers hold such a list too (disruption_model::
// unmatched_supply()), and detail headers include no public topic header.

#include <chokepoint/bom.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/supply.hpp>

#include <cstddef>
#include <optional>
#include <string>

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

}  // namespace chokepoint
