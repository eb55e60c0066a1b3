// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Stable counting sort by a small integer key (a parent, child, level or material id):
// how the builders group their input in O(elements + keys), without comparisons. It is
// stable, because the orders the library documents ("in order of first appearance",
// "the first of equals") are the order of insertion within a key. The steps are apart so
// that a caller can see, from the counting pass, that its input is already grouped and
// use it in place, or place whole records instead of indices.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chokepoint::detail {

/// offsets[k] .. offsets[k + 1] is where the elements of key k go in sorted order
/// (buckets + 1 entries), for `count` elements with key_of(e) in [0, buckets). Returns
/// whether the keys already come in non-decreasing order.
template <class Offset, class KeyOf>
bool bucket_offsets(std::size_t count, std::size_t buckets, KeyOf key_of, std::vector<Offset>& offsets) {
  offsets.assign(buckets + 1, 0);
  bool in_order = true;
  std::size_t last = 0;
  for (std::size_t e = 0; e < count; ++e) {
    const std::size_t key = key_of(e);
    ++offsets[key + 1];
    if (key < last) in_order = false;
    last = key;
  }
  for (std::size_t k = 0; k < buckets; ++k) offsets[k + 1] += offsets[k];
  return in_order;
}

/// place(position, e) for every element e in increasing order, position being e's place
/// in the stable order given by bucket_offsets.
template <class Offset, class KeyOf, class Place>
void scatter_by_key(std::size_t count, KeyOf key_of, const std::vector<Offset>& offsets, Place place) {
  std::vector<Offset> next(offsets.begin(), offsets.end() - 1);
  for (std::size_t e = 0; e < count; ++e) place(next[key_of(e)]++, e);
}

/// Both steps: the offsets, and for each position of the sorted order the index of the
/// element placed there (an inverted index: order[offsets[k] .. offsets[k + 1]) are the
/// elements of key k, in increasing index).
template <class Offset, class KeyOf>
void counting_sort(std::size_t count, std::size_t buckets, KeyOf key_of, std::vector<Offset>& offsets,
                   std::vector<std::uint32_t>& order) {
  bucket_offsets(count, buckets, key_of, offsets);
  order.resize(count);
  scatter_by_key(count, key_of, offsets,
                 [&order](std::size_t at, std::size_t e) { order[at] = static_cast<std::uint32_t>(e); });
}

}  // namespace chokepoint::detail
