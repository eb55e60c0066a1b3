// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The checks of exposure()'s per-item inputs (unit values, demand): one entry per item
// when given, and every entry that is read finite and not negative.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint::detail {

inline constexpr std::string_view exposure_where = "chokepoint::exposure";

template <scalar T>
void check_item_vector(const bill_of_materials<T>& bom, const std::vector<T>& values, std::span<const item_id> read,
                       std::string_view what) {
  if (values.empty()) return;
  if (values.size() != bom.item_count())
    throw_invalid(exposure_where, std::to_string(values.size()) + " " + std::string(what) + "s for " +
                                      std::to_string(bom.item_count()) + " items");
  for (const item_id i : read) {
    if (!scalar_traits<T>::is_finite(values[i]))
      throw_invalid(exposure_where, std::string(what) + " of '" + std::string(bom.name(i)) + "' is not finite");
    if (values[i] < T(0))
      throw_invalid(exposure_where, std::string(what) + " of '" + std::string(bom.name(i)) + "' is negative");
  }
}

}  // namespace chokepoint::detail
