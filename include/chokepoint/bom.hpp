// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The bill of materials: items by name, edges parent -> child with a quantity per
// parent unit. A bom_builder collects names and edges; build() validates them and
// freezes a compact, immutable bill_of_materials:
//
// - item ids are dense 32-bit numbers in topological order (parents before children,
//   sorted by low-level code, then by first appearance), so that every pass over the
//   graph is one sweep over contiguous arrays;
// - children and parents are both stored in CSR form (offsets + ids + quantities), so
//   explosion (top-down) and where-used (bottom-up) read memory in order;
// - names live in one buffer, with a sorted index for lookup by name.
//
// Item kinds come from the graph alone: an item with no parent and some children is a
// product, one with parents and children an assembly, one without children a material
// (it is bought; an item with neither parents nor children is a bought item too).

#include <chokepoint/detail/format.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <functional>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chokepoint {

enum class item_kind : std::uint8_t { product, assembly, material };

/// What build() does with two edges between the same parent and child.
enum class duplicate_edges : std::uint8_t {
  reject,  ///< an error naming the edge (the default: a BOM rarely means it)
  sum      ///< one edge whose quantity is the sum (e.g. a part used at two positions)
};

[[nodiscard]] constexpr std::string_view to_string(item_kind k) noexcept {
  switch (k) {
    case item_kind::product: return "product";
    case item_kind::assembly: return "assembly";
    case item_kind::material: return "material";
  }
  return "?";
}

/// Collects items and edges; build() validates and freezes them.
template <scalar T>
class bom_builder {
 public:
  bom_builder() = default;

  /// Declares an item. Once any item is declared, every edge must name declared items
  /// only (an edge to an unknown item is then an error at build time).
  void declare_item(std::string_view name) {
    const std::uint32_t id = intern(name);
    if (!declared_[id]) {
      declared_[id] = true;
      ++declared_count_;
    }
  }

  /// `quantity` units of `child` go into one unit of `parent`; with scrap rate s, the
  /// effective quantity is quantity / (1 - s). Throws invalid_input on a quantity that
  /// is not positive and finite, a scrap rate outside [0, 1), or an empty name.
  void add_edge(std::string_view parent, std::string_view child, const T& quantity,
                const T& scrap = T(0)) {
    if (!(quantity > T(0)) || !scalar_traits<T>::is_finite(quantity))
      throw invalid_input(edge_prefix(parent, child) + "quantity must be positive and finite, got " +
                          detail::format_scalar(quantity));
    if (!(scrap >= T(0)) || !(scrap < T(1)))
      throw invalid_input(edge_prefix(parent, child) + "scrap must be in [0, 1), got " +
                          detail::format_scalar(scrap));
    const T effective = scrap == T(0) ? quantity : T(quantity / T(T(1) - scrap));
    if (!scalar_traits<T>::is_finite(effective))
      throw invalid_input(edge_prefix(parent, child) + "quantity / (1 - scrap) overflows");
    const std::uint32_t p = intern(parent);
    const std::uint32_t c = intern(child);
    edges_.push_back({p, c, effective});
  }

  [[nodiscard]] std::size_t item_count() const noexcept { return names_.size(); }
  [[nodiscard]] std::size_t edge_count() const noexcept { return edges_.size(); }

  /// Validates and freezes. Errors (invalid_input, exact text):
  ///   "chokepoint::bom: cycle A -> B -> A"
  ///   "chokepoint::bom: duplicate edge A -> B"
  ///   "chokepoint::bom: edge A -> B: unknown item 'B'"
  [[nodiscard]] bill_of_materials<T> build(duplicate_edges duplicates = duplicate_edges::reject) &&;
  [[nodiscard]] bill_of_materials<T> build(duplicate_edges duplicates = duplicate_edges::reject) const& {
    return bom_builder(*this).build(duplicates);
  }

 private:
  friend class bill_of_materials<T>;
  struct edge {
    std::uint32_t parent;
    std::uint32_t child;
    T quantity;
  };

  static std::string edge_prefix(std::string_view parent, std::string_view child) {
    return "chokepoint::bom: edge " + std::string(parent) + " -> " + std::string(child) + ": ";
  }

  std::uint32_t intern(std::string_view name) {
    if (name.empty()) throw invalid_input("chokepoint::bom: empty item name");
    if (const auto it = index_.find(name); it != index_.end()) return it->second;
    if (names_.size() >= std::numeric_limits<std::uint32_t>::max() - 1)
      throw invalid_input("chokepoint::bom: more than 4294967294 items");
    const auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(name);
    declared_.push_back(false);
    index_.emplace(names_.back(), id);
    return id;
  }

  std::vector<std::string> names_;
  std::vector<bool> declared_;
  std::size_t declared_count_ = 0;
  struct name_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, name_hash, std::equal_to<>> index_;
  std::vector<edge> edges_;
};

/// An immutable, validated bill of materials. Item ids are in topological order.
template <scalar T>
class bill_of_materials {
 public:
  bill_of_materials() = default;

  [[nodiscard]] std::size_t item_count() const noexcept { return level_.size(); }
  [[nodiscard]] std::size_t edge_count() const noexcept { return child_ids_.size(); }

  [[nodiscard]] std::string_view name(item_id i) const {
    return std::string_view(names_).substr(name_offsets_[i], name_offsets_[i + 1] - name_offsets_[i]);
  }
  /// The id of a name, or nothing.
  [[nodiscard]] std::optional<item_id> find(std::string_view name) const {
    const auto it = std::lower_bound(name_order_.begin(), name_order_.end(), name,
                                     [this](item_id a, std::string_view b) { return this->name(a) < b; });
    if (it == name_order_.end() || this->name(*it) != name) return std::nullopt;
    return *it;
  }
  /// The id of a name; throws invalid_input "chokepoint::bom: unknown item 'X'".
  [[nodiscard]] item_id id(std::string_view name) const {
    if (const auto i = find(name)) return *i;
    throw invalid_input("chokepoint::bom: unknown item '" + std::string(name) + "'");
  }

  /// Children of i in increasing id order, and the effective quantity of each per unit of i.
  [[nodiscard]] std::span<const item_id> children(item_id i) const {
    return {child_ids_.data() + child_offsets_[i], child_ids_.data() + child_offsets_[i + 1]};
  }
  [[nodiscard]] std::span<const T> child_quantities(item_id i) const {
    return {child_qty_.data() + child_offsets_[i], child_qty_.data() + child_offsets_[i + 1]};
  }
  /// Parents of i in increasing id order, and the quantity of i per unit of each.
  [[nodiscard]] std::span<const item_id> parents(item_id i) const {
    return {parent_ids_.data() + parent_offsets_[i], parent_ids_.data() + parent_offsets_[i + 1]};
  }
  [[nodiscard]] std::span<const T> parent_quantities(item_id i) const {
    return {parent_qty_.data() + parent_offsets_[i], parent_qty_.data() + parent_offsets_[i + 1]};
  }

  [[nodiscard]] item_kind kind(item_id i) const {
    if (child_offsets_[i] == child_offsets_[i + 1]) return item_kind::material;
    return parent_offsets_[i] == parent_offsets_[i + 1] ? item_kind::product : item_kind::assembly;
  }
  /// Products (roots with children), in id order.
  [[nodiscard]] std::span<const item_id> products() const noexcept { return products_; }
  /// Materials (leaves, bought), in id order.
  [[nodiscard]] std::span<const item_id> materials() const noexcept { return materials_; }

  /// Low-level code: the length of the longest path from a root to i (roots are 0).
  /// Every edge goes from a lower to a higher level; ids are sorted by level.
  [[nodiscard]] std::uint32_t level(item_id i) const { return level_[i]; }
  /// Number of levels (0 for an empty BOM).
  [[nodiscard]] std::uint32_t level_count() const noexcept {
    return level_.empty() ? 0 : level_.back() + 1;
  }

  /// Bytes held by the frozen structure (what the benchmarks report per edge).
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return names_.capacity() + sizeof(std::uint32_t) * (name_offsets_.capacity() + name_order_.capacity() +
                                                        child_offsets_.capacity() + child_ids_.capacity() +
                                                        parent_offsets_.capacity() + parent_ids_.capacity() +
                                                        level_.capacity() + products_.capacity() +
                                                        materials_.capacity()) +
           sizeof(T) * (child_qty_.capacity() + parent_qty_.capacity());
  }

 private:
  friend class bom_builder<T>;

  std::string names_;                       // all names, in id order
  std::vector<std::uint32_t> name_offsets_;  // n + 1
  std::vector<item_id> name_order_;         // ids sorted by name
  std::vector<std::uint32_t> child_offsets_, parent_offsets_;  // n + 1 each
  std::vector<item_id> child_ids_, parent_ids_;               // E each
  std::vector<T> child_qty_, parent_qty_;                     // E each
  std::vector<std::uint32_t> level_;                          // n, non-decreasing
  std::vector<item_id> products_, materials_;
};

namespace detail {

// Counting sort of `count` keys in [0, buckets): offsets (buckets + 1) and, for each
// position of the sorted order, the index of the element placed there. Stable.
template <class KeyOf>
void counting_sort(std::size_t count, std::size_t buckets, KeyOf key_of,
                   std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& order) {
  offsets.assign(buckets + 1, 0);
  for (std::size_t e = 0; e < count; ++e) ++offsets[key_of(e) + 1];
  for (std::size_t b = 0; b < buckets; ++b) offsets[b + 1] += offsets[b];
  std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
  order.resize(count);
  for (std::size_t e = 0; e < count; ++e) order[next[key_of(e)]++] = static_cast<std::uint32_t>(e);
}

}  // namespace detail

template <scalar T>
bill_of_materials<T> bom_builder<T>::build(duplicate_edges duplicates) && {
  const std::size_t n = names_.size();
  if (edges_.size() >= std::numeric_limits<std::uint32_t>::max())
    throw invalid_input("chokepoint::bom: more than 4294967294 edges");

  if (declared_count_ > 0) {
    for (const edge& e : edges_) {
      for (const std::uint32_t end : {e.parent, e.child})
        if (!declared_[end])
          throw invalid_input(edge_prefix(names_[e.parent], names_[e.child]) + "unknown item '" +
                              names_[end] + "'");
    }
  }

  // Group edges by parent (stable: insertion order within a parent), then order each
  // parent's children by insertion id to find duplicates.
  std::vector<std::uint32_t> out_offsets, by_parent;
  detail::counting_sort(edges_.size(), n, [&](std::size_t e) { return edges_[e].parent; }, out_offsets, by_parent);
  std::vector<edge> grouped;
  grouped.reserve(edges_.size());
  for (std::size_t p = 0, begin = 0; p < n; ++p) {
    const std::size_t first = grouped.size();
    const std::size_t end = out_offsets[p + 1];  // read before it is rewritten below
    for (std::size_t k = begin; k < end; ++k) grouped.push_back(edges_[by_parent[k]]);
    begin = end;
    std::stable_sort(grouped.begin() + static_cast<std::ptrdiff_t>(first), grouped.end(),
                     [](const edge& a, const edge& b) { return a.child < b.child; });
    std::size_t write = first;
    for (std::size_t k = first; k < grouped.size(); ++k) {
      if (write > first && grouped[write - 1].child == grouped[k].child) {
        if (duplicates == duplicate_edges::reject)
          throw invalid_input("chokepoint::bom: duplicate edge " + names_[p] + " -> " + names_[grouped[k].child]);
        grouped[write - 1].quantity = T(grouped[write - 1].quantity + grouped[k].quantity);
      } else {
        grouped[write++] = grouped[k];
      }
    }
    grouped.resize(write);
    out_offsets[p + 1] = static_cast<std::uint32_t>(grouped.size());
  }
  std::vector<edge>().swap(edges_);
  // out_offsets[0] is 0 and out_offsets[p + 1] was rewritten above: CSR over `grouped`.

  // Kahn's algorithm level by level gives each item its low-level code (longest path
  // from a root). Items never reached lie on or below a cycle.
  std::vector<std::uint32_t> indegree(n, 0), level(n, 0);
  for (const edge& e : grouped) ++indegree[e.child];
  std::vector<std::uint32_t> frontier;
  for (std::uint32_t i = 0; i < n; ++i)
    if (indegree[i] == 0) frontier.push_back(i);
  std::size_t processed = 0;
  for (std::size_t head = 0; head < frontier.size(); ++head) {
    const std::uint32_t p = frontier[head];
    ++processed;
    for (std::uint32_t k = out_offsets[p]; k < out_offsets[p + 1]; ++k) {
      const std::uint32_t c = grouped[k].child;
      level[c] = std::max(level[c], level[p] + 1);
      if (--indegree[c] == 0) frontier.push_back(c);
    }
  }
  if (processed != n) {
    // Every unprocessed item has an unprocessed parent: walk parents until one repeats,
    // then print the loop in parent -> child order, starting at its first-named item.
    std::vector<std::uint32_t> in_offsets, by_child;
    detail::counting_sort(grouped.size(), n, [&](std::size_t e) { return grouped[e].child; }, in_offsets, by_child);
    std::uint32_t start = 0;
    while (indegree[start] == 0) ++start;
    std::vector<std::uint32_t> seen_at(n, std::numeric_limits<std::uint32_t>::max());
    std::vector<std::uint32_t> walk;
    std::uint32_t at = start;
    while (seen_at[at] == std::numeric_limits<std::uint32_t>::max()) {
      seen_at[at] = static_cast<std::uint32_t>(walk.size());
      walk.push_back(at);
      std::uint32_t next = std::numeric_limits<std::uint32_t>::max();
      for (std::uint32_t k = in_offsets[at]; k < in_offsets[at + 1]; ++k) {
        const std::uint32_t p = grouped[by_child[k]].parent;
        if (indegree[p] != 0 && p < next) next = p;
      }
      at = next;
    }
    std::vector<std::uint32_t> cycle(walk.begin() + seen_at[at], walk.end());
    std::reverse(cycle.begin(), cycle.end());  // now parent -> child
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    std::string text = "chokepoint::bom: cycle ";
    for (const std::uint32_t i : cycle) text += names_[i] + " -> ";
    text += names_[cycle.front()];
    throw invalid_input(text);
  }

  // Ids of the frozen BOM: sorted by level, then by first appearance (stable).
  bill_of_materials<T> bom;
  const std::uint32_t levels = n == 0 ? 0 : *std::max_element(level.begin(), level.end()) + 1;
  std::vector<std::uint32_t> level_offsets, old_of_new;
  detail::counting_sort(n, levels, [&](std::size_t i) { return level[i]; }, level_offsets, old_of_new);
  std::vector<std::uint32_t> new_of_old(n);
  for (std::uint32_t i = 0; i < n; ++i) new_of_old[old_of_new[i]] = i;

  bom.level_.resize(n);
  bom.name_offsets_.resize(n + 1);
  std::size_t name_bytes = 0;
  for (const std::string& s : names_) name_bytes += s.size();
  if (name_bytes >= std::numeric_limits<std::uint32_t>::max())
    throw invalid_input("chokepoint::bom: item names exceed 4 GiB");
  bom.names_.reserve(name_bytes);
  bom.name_offsets_[0] = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    bom.level_[i] = level[old_of_new[i]];
    bom.names_ += names_[old_of_new[i]];
    bom.name_offsets_[i + 1] = static_cast<std::uint32_t>(bom.names_.size());
  }

  // Children CSR in new ids, each row sorted by child id.
  const std::size_t m = grouped.size();
  bom.child_offsets_.resize(n + 1);
  bom.child_ids_.resize(m);
  bom.child_qty_.resize(m);
  bom.child_offsets_[0] = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> row;  // (new child id, edge index)
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t old = old_of_new[i];
    row.clear();
    for (std::uint32_t k = out_offsets[old]; k < out_offsets[old + 1]; ++k)
      row.emplace_back(new_of_old[grouped[k].child], k);
    std::sort(row.begin(), row.end());
    std::uint32_t at = bom.child_offsets_[i];
    for (const auto& [c, k] : row) {
      bom.child_ids_[at] = c;
      bom.child_qty_[at] = grouped[k].quantity;
      ++at;
    }
    bom.child_offsets_[i + 1] = at;
  }
  std::vector<edge>().swap(grouped);

  // Parents CSR: counting sort of the (already parent-sorted) edges by child keeps each
  // row sorted by parent id.
  std::vector<std::uint32_t> by_child;
  std::vector<item_id> parent_of(m);
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t k = bom.child_offsets_[i]; k < bom.child_offsets_[i + 1]; ++k) parent_of[k] = i;
  detail::counting_sort(m, n, [&](std::size_t e) { return bom.child_ids_[e]; }, bom.parent_offsets_, by_child);
  bom.parent_ids_.resize(m);
  bom.parent_qty_.resize(m);
  for (std::size_t k = 0; k < m; ++k) {
    bom.parent_ids_[k] = parent_of[by_child[k]];
    bom.parent_qty_[k] = bom.child_qty_[by_child[k]];
  }

  for (std::uint32_t i = 0; i < n; ++i) {
    const item_kind k = bom.kind(i);
    if (k == item_kind::product) bom.products_.push_back(i);
    else if (k == item_kind::material) bom.materials_.push_back(i);
  }
  bom.name_order_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) bom.name_order_[i] = i;
  std::sort(bom.name_order_.begin(), bom.name_order_.end(),
            [&bom](item_id a, item_id b) { return bom.name(a) < bom.name(b); });
  bom.products_.shrink_to_fit();
  bom.materials_.shrink_to_fit();
  return bom;
}

}  // namespace chokepoint
