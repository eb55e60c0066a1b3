// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The products x materials requirement matrix, as an Eigen sparse matrix: a header of
// its own so that programs that only explode, net or simulate do not parse Eigen's
// sparse module (about two seconds of every compile).

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/eigen_scalar.hpp>
#include <chokepoint/detail/lane_explosion.hpp>
#include <chokepoint/detail/parallel.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/scalar.hpp>

#include <Eigen/SparseCore>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace chokepoint {

/// The products x materials requirement matrix R: R(r, c) is the units of material
/// materials()[c] in one unit of product products()[r]. Row-major, 32-bit indices.
///
/// Products are exploded in blocks of `requirement_block` at once: one sweep over the
/// items in id (topological) order pushes all lanes of a block through each edge, so
/// the CSR rows are read once per block instead of once per product, the lanes
/// vectorise, and no per-product traversal or sort is needed. Blocks are shared out
/// over `threads` threads (0: one per hardware thread); the result does not depend on
/// the number of threads.
inline constexpr std::size_t requirement_block = 8;

template <scalar T>
[[nodiscard]] Eigen::SparseMatrix<T, Eigen::RowMajor, std::int32_t> requirement_matrix(const bill_of_materials<T>& bom,
                                                                                       unsigned threads = 0) {
  CHOKEPOINT_REQUIRE_EIGEN_SUPPORT(T);
  constexpr std::size_t lanes = requirement_block;
  const std::size_t n = bom.item_count();
  const auto products = bom.products();
  const auto materials = bom.materials();
  std::vector<std::int32_t> column(n, -1);
  for (std::size_t c = 0; c < materials.size(); ++c) column[materials[c]] = static_cast<std::int32_t>(c);

  const std::size_t blocks = (products.size() + lanes - 1) / lanes;
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(detail::thread_count(threads), blocks));
  // Part w holds blocks [w * blocks / workers, (w + 1) * blocks / workers): contiguous
  // rows, so the parts concatenate in order.
  using row_list = std::vector<std::vector<std::pair<std::int32_t, T>>>;
  std::vector<row_list> parts(workers);
  std::array<T, lanes> ones;
  ones.fill(T(1));
  const auto work = [&](std::size_t w) {
    detail::lane_explosion<T, lanes> pass(n);
    row_list& rows = parts[w];
    for (std::size_t block = w * blocks / workers; block < (w + 1) * blocks / workers; ++block) {
      const std::size_t first = block * lanes;
      const std::size_t width = std::min(lanes, products.size() - first);
      const std::size_t row0 = rows.size();
      rows.resize(row0 + width);
      // Materials come in increasing id, hence each row sorted by column. The leaf
      // takes its numbers by value: by reference they would be reloaded after each
      // emplace_back.
      auto* const block_rows = rows.data() + row0;
      const std::int32_t* const columns = column.data();
      pass.run(bom, products.subspan(first, width), std::span<const T>(ones).first(width),
               [block_rows, columns, width](item_id m, const T* a) {
                 for (std::size_t b = 0; b < width; ++b)
                   if (a[b] != T(0)) block_rows[b].emplace_back(columns[m], a[b]);
               });
    }
  };
  detail::parallel_for(workers, static_cast<unsigned>(workers), work);

  Eigen::SparseMatrix<T, Eigen::RowMajor, std::int32_t> r(static_cast<Eigen::Index>(products.size()),
                                                          static_cast<Eigen::Index>(materials.size()));
  std::size_t nonzeros = 0;
  for (const auto& part : parts)
    for (const auto& row : part) nonzeros += row.size();
  r.reserve(static_cast<Eigen::Index>(nonzeros));
  Eigen::Index row = 0;
  for (auto& part : parts)
    for (auto& entries : part) {
      r.startVec(row);
      for (const auto& [c, v] : entries) r.insertBack(row, c) = v;
      ++row;
      std::vector<std::pair<std::int32_t, T>>().swap(entries);
    }
  r.finalize();
  return r;
}

}  // namespace chokepoint
