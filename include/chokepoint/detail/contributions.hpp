// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The explanations of an exposure report: the materials that contribute most to a
// product's figure, largest first with ties in material id order, so that the same
// report always explains itself the same way.

#include <chokepoint/assert.hpp>
#include <chokepoint/detail/share_statistics.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
std::vector<exposure_contribution<T>> largest_contributions(std::vector<exposure_contribution<T>> v,
                                                            std::size_t limit) {
  const auto by_amount = [](const exposure_contribution<T>& a, const exposure_contribution<T>& b) {
    return larger_share_first(a.amount, a.material, b.amount, b.material);
  };
  if (v.size() > limit) {
    std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(limit), v.end(), by_amount);
    v.resize(limit);
  } else {
    std::sort(v.begin(), v.end(), by_amount);
  }
  return v;
}

template <scalar T>
[[nodiscard]] const product_exposure<T>& product_of(const exposure_report<T>& report, item_id product) {
  const product_exposure<T>* p = report.find_product(product);
  CHOKEPOINT_ASSERT(p != nullptr, "exposure: item is not a product of the report");
  return *p;
}

/// The `limit` materials of a product's basket that contribute most to one of its
/// figures, each material's own part of the figure being share_of(its material_exposure)
/// (0: none), so that the contributions sum to the figure.
template <scalar T, class ShareOf>
[[nodiscard]] std::vector<exposure_contribution<T>> contributions(const exposure_report<T>& report, item_id product,
                                                                  std::size_t limit, ShareOf share_of) {
  std::vector<exposure_contribution<T>> out;
  for (const auto& b : product_of(report, product).basket) {
    const T share = share_of(*report.find_material(b.material));
    if (T(0) < share) out.push_back({b.material, b.share, share, T(b.share * share)});
  }
  return largest_contributions(std::move(out), limit);
}

}  // namespace chokepoint::detail
