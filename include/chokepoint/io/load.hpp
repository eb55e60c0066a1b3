// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// From files to the library's types: a bill of materials, a supply base, and vectors
// indexed by item id (demand, priority, margin, stock, unit value). The readers check
// each field; these functions check what only the whole can show, and name the file
// and line:
//
//   "demand.csv:4:0: unknown item 'Tesla' (not in the bill of materials)"
//   "stock.csv:9:0: item 'Dy oxide' listed twice (first at line 5)"
//   "bom.csv: chokepoint::bom: cycle A -> B -> A"   (whole-file rules have no line)
//
// Nothing is skipped: every row lands in the result or raises an error.

#include <chokepoint/bom.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/io/bom.hpp>
#include <chokepoint/io/demand.hpp>
#include <chokepoint/io/stock.hpp>
#include <chokepoint/io/supply.hpp>
#include <chokepoint/io/values.hpp>
#include <chokepoint/supply.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chokepoint::io {

/// Reads and builds a bill of materials.
template <scalar T = double>
[[nodiscard]] bill_of_materials<T> load_bom(const std::string& path,
                                            duplicate_edges duplicates = duplicate_edges::reject) {
  bom_builder<T> builder;
  for_each_bom_record<T>(path, [&](const bom_record<T>& r) {
    try {
      builder.add_edge(r.parent, r.child, r.quantity, r.scrap);
    } catch (const invalid_input& e) {
      throw parse_error(path, r.line, 0, e.what());
    }
  });
  try {
    return std::move(builder).build(duplicates);
  } catch (const invalid_input& e) {
    throw invalid_input(path + ": " + e.what());
  }
}

/// Reads and builds a supply base; `other` says what a row named "Other" is.
template <scalar T = double>
[[nodiscard]] supply_base<T> load_supply(const std::string& path, std::optional<other_rows> other = std::nullopt) {
  supply_base<T> supply(other);
  for_each_supply_record<T>(path, [&](const supply_record<T>& r) {
    try {
      supply.add(r.material, r.supplier, r.country, r.volume, r.line);
    } catch (const invalid_input& e) {
      throw parse_error(path, r.line, 0, e.what());
    }
  });
  try {
    supply.build();
  } catch (const invalid_input& e) {
    throw invalid_input(path + ": " + e.what());
  }
  return supply;
}

/// Demand per item: rate (units per day), priority (larger is more important) and
/// margin per unit (0 where not given). Indexed by the BOM's item ids.
template <scalar T = double>
struct demand_plan {
  std::vector<T> rate;
  std::vector<T> priority;
  std::vector<T> margin;
  bool has_margin = false;  ///< some row gave a margin
};

namespace detail {

// One row per item: the line where each item was first seen, to name duplicates.
template <class T>
item_id item_of_row(const bill_of_materials<T>& bom, const std::string& path, std::size_t line,
                    const std::string& item, std::vector<std::size_t>& seen_at) {
  const auto id = bom.find(item);
  if (!id) throw parse_error(path, line, 0, "unknown item '" + item + "' (not in the bill of materials)");
  if (seen_at[*id] != 0)
    throw parse_error(path, line, 0,
                      "item '" + item + "' listed twice (first at line " + std::to_string(seen_at[*id]) + ")");
  seen_at[*id] = line;
  return *id;
}

}  // namespace detail

template <scalar T = double>
[[nodiscard]] demand_plan<T> load_demand(const std::string& path, const bill_of_materials<T>& bom) {
  const std::size_t n = bom.item_count();
  demand_plan<T> plan{std::vector<T>(n, T(0)), std::vector<T>(n, T(0)), std::vector<T>(n, T(0)), false};
  std::vector<std::size_t> seen_at(n, 0);
  for_each_demand_record<T>(path, [&](const demand_record<T>& r) {
    const item_id i = detail::item_of_row(bom, path, r.line, r.product, seen_at);
    plan.rate[i] = r.rate;
    plan.priority[i] = r.priority;
    if (r.margin) {
      plan.margin[i] = *r.margin;
      plan.has_margin = true;
    }
  });
  return plan;
}

/// Stock on hand (plus in transit) per item; 0 for items the file does not list.
template <scalar T = double>
[[nodiscard]] std::vector<T> load_stock(const std::string& path, const bill_of_materials<T>& bom) {
  std::vector<T> stock(bom.item_count(), T(0));
  std::vector<std::size_t> seen_at(bom.item_count(), 0);
  for_each_stock_record<T>(path, [&](const stock_record<T>& r) {
    stock[detail::item_of_row(bom, path, r.line, r.item, seen_at)] = r.on_hand;
  });
  return stock;
}

/// Unit value per item; `fallback` (1 by default) for items the file does not list.
template <scalar T = double>
[[nodiscard]] std::vector<T> load_values(const std::string& path, const bill_of_materials<T>& bom,
                                         const T& fallback = T(1)) {
  std::vector<T> values(bom.item_count(), fallback);
  std::vector<std::size_t> seen_at(bom.item_count(), 0);
  for_each_value_record<T>(path, [&](const value_record<T>& r) {
    values[detail::item_of_row(bom, path, r.line, r.item, seen_at)] = r.unit_value;
  });
  return values;
}

}  // namespace chokepoint::io
