// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The network the disruption engine runs on: the items and lines of the bill of
// materials, the sources of every material in flat arrays, and the one sentinel for
// "no position". Materials are addressed by their position in
// bill_of_materials::materials() (material_position), items by their id.

#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace chokepoint::detail {

inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

/// A material's position in bill_of_materials::materials() (the index of every
/// per-material array of the engine), as against its item id.
using material_position = std::uint32_t;

/// The sources of the materials of a disruption model in flat form: the sources of
/// material position m are [offsets[m], offsets[m + 1]); by_country lists the sources of
/// each country id (CSR over country_offsets), by_supplier likewise.
template <scalar T>
struct source_table {
  std::vector<std::size_t> offsets{0};
  std::vector<std::uint32_t> material;  ///< material position of each source
  std::vector<std::uint32_t> supplier;
  std::vector<std::uint32_t> country;
  std::vector<T> share;
  std::vector<std::size_t> country_offsets{0}, supplier_offsets{0};
  std::vector<std::uint32_t> by_country, by_supplier;
};

/// What the cascade reads from a disruption_model: spans into its arrays.
template <scalar T>
struct disruption_network {
  const bill_of_materials<T>* bom = nullptr;
  std::span<const T> demand, stock, priority;             ///< per item
  std::span<const T> planned_gross;                       ///< per item: gross requirement per day, no stock
  std::span<const item_id> lines;                         ///< items with demand, in id order
  std::span<const std::uint32_t> line_index;              ///< per item: position in `lines`, or no_index
  std::span<const material_position> material_positions;  ///< per item, or no_index
  std::span<const T> planned;                             ///< g_m per material position
};

/// d_p R[p, m] for every line p over chosen materials m, in compressed rows (one per
/// line, in line order): the demand of line p exploded to m ignoring stock.
template <scalar T>
struct line_rows {
  std::vector<std::size_t> offsets{0};
  std::vector<item_id> material;
  std::vector<T> rate;
};

}  // namespace chokepoint::detail
