// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The frozen BOM's index of ids sorted by name, for lookup by binary search. Most names
// differ in their first 8 bytes, so those are compared as one integer and whole names
// only where they are equal. On a large BOM this runs on a second thread while build()
// does the rest.

#include <chokepoint/fwd.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace chokepoint::detail {

// The first 8 bytes of a name as a big-endian number, zero-padded: if a's key is below
// b's then a < b as strings (bytes compare as unsigned char, as char_traits<char> does).
inline std::uint64_t order_key(std::string_view name) noexcept {
  std::uint64_t key = 0;
  const std::size_t n = name.size() < 8 ? name.size() : 8;
  for (std::size_t k = 0; k < n; ++k) key |= std::uint64_t{static_cast<unsigned char>(name[k])} << (56 - 8 * k);
  return key;
}

// Ids sorted by name: by the first 8 bytes as one integer, and by the whole names only
// where those are equal (names sharing a long prefix).
template <class Bom>
void sort_by_name(const Bom& bom, std::vector<item_id>& order) {
  struct keyed {
    std::uint64_t key;
    item_id id;
  };
  const auto n = static_cast<std::uint32_t>(bom.item_count());
  std::vector<keyed> keys(n);
  for (std::uint32_t i = 0; i < n; ++i) keys[i] = {order_key(bom.name(i)), i};
  std::sort(keys.begin(), keys.end(), [&bom](const keyed& a, const keyed& b) {
    return a.key != b.key ? a.key < b.key : bom.name(a.id) < bom.name(b.id);
  });
  order.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = keys[i].id;
}

// From this many items on, build() freezes the names on a second thread.
inline constexpr std::size_t parallel_build_items = std::size_t{1} << 16;

}  // namespace chokepoint::detail
