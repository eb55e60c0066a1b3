// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What the CSV readers return: one record per data row, in file order, each with the
// 1-based line it came from so that later checks (duplicates, unknown items, cycles)
// can point back into the file. Records are plain data; the readers only check what a
// single row can tell (numbers, ranges, empty names). Interning names and the rules
// that need the whole data set belong to the types built from these records.

#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace chokepoint::io {

/// Row of a bill of materials: `quantity` units of `child` per unit of `parent`.
/// Columns: parent, child, quantity; optional scrap.
template <scalar T = double>
struct bom_record {
  std::string parent;
  std::string child;
  T quantity{};  ///< finite, > 0
  /// Fraction of the child lost in making the parent, in [0, 1); 0 if the column or
  /// the field is empty. Left to the BOM to apply (usually quantity / (1 - scrap)).
  T scrap{};
  std::size_t line = 0;

  friend bool operator==(const bom_record&, const bom_record&) = default;
};

/// One source of a material. Columns: material, supplier, country, volume.
template <scalar T = double>
struct supply_record {
  std::string material;
  std::string supplier;
  std::string country;
  T volume{};  ///< finite, >= 0, any unit (shares are volumes over the material's total)
  std::size_t line = 0;

  friend bool operator==(const supply_record&, const supply_record&) = default;
};

/// Demand for a product. Columns: product, rate; optional priority, margin.
template <scalar T = double>
struct demand_record {
  std::string product;
  T rate{};                 ///< units per day, finite, >= 0
  T priority{};             ///< larger is more important; finite, any sign; 0 if absent
  std::optional<T> margin;  ///< value per unit, finite, >= 0; empty if not given
  std::size_t line = 0;

  friend bool operator==(const demand_record&, const demand_record&) = default;
};

/// Stock of an item. Columns: item, on_hand; optional in_transit, arrival.
template <scalar T = double>
struct stock_record {
  std::string item;
  T on_hand{};  ///< units at t = 0, including in_transit when it has no arrival day; finite, >= 0
  std::size_t line = 0;
  /// Units in transit that arrive on day `arrival` (a scheduled receipt); 0 without an
  /// arrival day (in_transit then counts in on_hand).
  T in_transit{};
  std::optional<T> arrival;  ///< days, finite, >= 0; empty if the column or the field is empty

  friend bool operator==(const stock_record&, const stock_record&) = default;
};

/// A new source a material can move to. Columns: material, capacity, lead_time;
/// optional ramp, supplier, country.
template <scalar T = double>
struct alternate_record {
  std::string material;
  std::string supplier;  ///< empty if the column or the field is empty
  std::string country;   ///< likewise
  T capacity{};          ///< units per day once ramped up; finite, >= 0
  T lead_time{};         ///< days until the first unit; finite, >= 0
  T ramp{};              ///< days of linear ramp after the lead time; finite, >= 0; 0 if absent
  std::size_t line = 0;

  friend bool operator==(const alternate_record&, const alternate_record&) = default;
};

/// Value of one unit of an item (for value baskets). Columns: item, unit_value.
template <scalar T = double>
struct value_record {
  std::string item;
  T unit_value{};  ///< finite, >= 0
  std::size_t line = 0;

  friend bool operator==(const value_record&, const value_record&) = default;
};

}  // namespace chokepoint::io
