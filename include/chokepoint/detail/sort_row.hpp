// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Stable sort of one row of a CSR table (a parent's children). Rows are short, a few
// dozen entries: insertion sort neither allocates nor recurses, as std::stable_sort would
// for every row of a million-row BOM; a long row still gets std::stable_sort.

#include <algorithm>
#include <utility>

namespace chokepoint::detail {

template <class It, class Less>
void sort_row(It first, It last, Less less) {
  if (last - first > 32) {
    std::stable_sort(first, last, less);
    return;
  }
  for (It i = first; i != last; ++i) {
    if (i == first || !less(*i, *(i - 1))) continue;
    auto moving = std::move(*i);
    It j = i;
    do {
      *j = std::move(*(j - 1));
      --j;
    } while (j != first && less(moving, *(j - 1)));
    *j = std::move(moving);
  }
}

}  // namespace chokepoint::detail
