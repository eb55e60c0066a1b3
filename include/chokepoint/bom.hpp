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

#include <chokepoint/detail/counting_sort.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/name_index.hpp>
#include <chokepoint/detail/name_order.hpp>
#include <chokepoint/detail/sort_row.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace chokepoint {

/// A parameter holding one entry per item id (demand, stock, gross requirements): a
/// std::vector, std::array, C array or span of E converts to it. The element type is
/// never deduced from the argument (T comes from the bill of materials), which is what
/// lets `explode(bom, std::vector<double>{...})` compile.
template <class E>
using item_span = std::span<std::type_identity_t<E>>;

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

/// One edge for bom_builder::add_edges: `quantity` units of `child` per unit of
/// `parent`, with a scrap rate. The names are read during the call only.
template <scalar T>
struct bom_edge {
  std::string_view parent;
  std::string_view child;
  T quantity = T(1);
  T scrap = T(0);
};

/// Collects items and edges; build() validates and freezes them.
template <scalar T>
class bom_builder {
 public:
  bom_builder() = default;

  /// Room for `items` items and `edges` edges, so that adding them does not reallocate
  /// (a hint: more may be added). Counts that 32-bit ids and offsets cannot number are
  /// refused before anything is allocated; counts that fit but whose room cannot be
  /// allocated leave the builder as it was (with room for what it held) and say so.
  /// Errors:
  ///   invalid_input "chokepoint::bom: cannot reserve 4294967295 items: more than 4294967294 items"
  ///   invalid_input "chokepoint::bom: cannot reserve 4294967295 edges: more than 4294967294 edges"
  ///   error "chokepoint::bom: cannot reserve 1000 items and 4294967294 edges: more than this machine can allocate"
  void reserve(std::size_t items, std::size_t edges) {
    // The same limits as intern() and build(): ids and CSR offsets are 32-bit, and the
    // largest value of each marks "none".
    constexpr std::size_t most = std::numeric_limits<std::uint32_t>::max() - 1;
    if (items > most)
      throw invalid_input("chokepoint::bom: cannot reserve " + std::to_string(items) + " items: more than " +
                          std::to_string(most) + " items");
    if (edges > most)
      throw invalid_input("chokepoint::bom: cannot reserve " + std::to_string(edges) + " edges: more than " +
                          std::to_string(most) + " edges");
    const auto no_room = [&] {
      return error("chokepoint::bom: cannot reserve " + std::to_string(items) + " items and " + std::to_string(edges) +
                   " edges: more than this machine can allocate");
    };
    try {
      names_.reserve(items);
      edges_.reserve(edges);
    } catch (const std::bad_alloc&) {
      throw no_room();
    } catch (const std::length_error&) {
      throw no_room();
    }
  }

  /// Declares an item. Once any item is declared, every edge must name declared items
  /// only (an edge to an unknown item is then an error at build time).
  void declare_item(std::string_view name) {
    const std::uint32_t id = intern(name);
    if (declared_.size() <= id) declared_.resize(names_.size(), false);
    if (!declared_[id]) {
      declared_[id] = true;
      ++declared_count_;
    }
  }

  /// `quantity` units of `child` go into one unit of `parent`; with scrap rate s, the
  /// effective quantity is quantity / (1 - s). Throws invalid_input on a quantity that
  /// is not positive and finite, a scrap rate outside [0, 1), or an empty name.
  void add_edge(std::string_view parent, std::string_view child, const T& quantity, const T& scrap = T(0)) {
    T effective = effective_quantity(parent, child, quantity, scrap);
    // Files list a parent's children together: its name is usually the last parent's.
    std::uint32_t p = last_parent_;
    if (p == detail::name_index::no_id || names_[p] != parent) p = last_parent_ = intern(parent);
    const std::uint32_t c = intern(child);
    edges_.push_back({p, c, std::move(effective)});
  }

  /// The same as add_edge for each edge in order (an error leaves the edges before the
  /// bad one added, as a loop would), but faster on large inputs: the hash slots of
  /// the names a few edges ahead are fetched from memory while the current edge is
  /// added, so that those cache misses overlap instead of coming one after another.
  void add_edges(std::span<const bom_edge<T>> edges) {
    using key = detail::name_index::key;
    constexpr std::size_t ahead = 8;  // enough to hide a miss behind the work of the others
    std::array<key, ahead> parent_keys{}, child_keys{};
    const auto look_ahead = [&](std::size_t i) {
      const bom_edge<T>& e = edges[i];
      if (i == 0 || e.parent != edges[i - 1].parent) {
        parent_keys[i % ahead] = detail::name_index::key_of(e.parent);
        names_.prefetch(parent_keys[i % ahead]);
      }
      child_keys[i % ahead] = detail::name_index::key_of(e.child);
      names_.prefetch(child_keys[i % ahead]);
    };
    const std::size_t count = edges.size();
    for (std::size_t i = 0; i < ahead && i < count; ++i) look_ahead(i);
    std::optional<key> parent_key;  // of the current run of one parent
    for (std::size_t i = 0; i < count; ++i) {
      const bom_edge<T>& e = edges[i];
      if (i == 0 || e.parent != edges[i - 1].parent) parent_key = parent_keys[i % ahead];
      const key child_key = child_keys[i % ahead];
      if (i + ahead < count) look_ahead(i + ahead);
      T effective = effective_quantity(e.parent, e.child, e.quantity, e.scrap);
      std::uint32_t p = last_parent_;
      if (p == detail::name_index::no_id || names_[p] != e.parent) p = last_parent_ = intern(e.parent, *parent_key);
      const std::uint32_t c = intern(e.child, child_key);
      edges_.push_back({p, c, std::move(effective)});
    }
  }

  [[nodiscard]] std::size_t item_count() const noexcept { return names_.size(); }
  [[nodiscard]] std::size_t edge_count() const noexcept { return edges_.size(); }

  /// Validates and freezes; on a BOM of detail::parallel_build_items (65,536) items or
  /// more, the names and their sorted index are built on a second thread meanwhile.
  /// Errors (invalid_input, exact text):
  ///   "chokepoint::bom: cycle A -> B -> A"
  ///   "chokepoint::bom: duplicate edge A -> B"
  ///   "chokepoint::bom: duplicate edge A -> B: summed quantity overflows" (duplicate_edges::sum)
  ///   "chokepoint::bom: edge A -> B: unknown item 'B'"
  ///   "chokepoint::bom: requirement of 'M' per unit of 'P' overflows" (floating types:
  ///     units of M per unit of P, or summed over every item above M, pass the largest T)
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
    std::string text = "chokepoint::bom: edge ";
    text.append(parent).append(" -> ").append(child).append(": ");
    return text;
  }

  static T effective_quantity(std::string_view parent, std::string_view child, const T& quantity, const T& scrap) {
    if (!(quantity > T(0)) || !scalar_traits<T>::is_finite(quantity))
      throw invalid_input(edge_prefix(parent, child) + "quantity must be positive and finite, got " +
                          detail::format_scalar(quantity));
    if (!(scrap >= T(0)) || !(scrap < T(1)))
      throw invalid_input(edge_prefix(parent, child) + "scrap must be in [0, 1), got " + detail::format_scalar(scrap));
    T effective = scrap == T(0) ? quantity : T(quantity / T(T(1) - scrap));
    if (!scalar_traits<T>::is_finite(effective))
      throw invalid_input(edge_prefix(parent, child) + "quantity / (1 - scrap) overflows");
    return effective;
  }

  std::uint32_t intern(std::string_view name) { return intern(name, detail::name_index::key_of(name)); }

  std::uint32_t intern(std::string_view name, const detail::name_index::key& key) {
    if (name.empty()) throw invalid_input("chokepoint::bom: empty item name");
    if (names_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
      if (const std::uint32_t id = names_.find(name); id != detail::name_index::no_id) return id;
      throw invalid_input("chokepoint::bom: more than 4294967294 items");
    }
    return names_.intern(name, key).first;
  }

  detail::name_index names_;    // ids in order of first appearance
  std::vector<bool> declared_;  // by id; shorter than names_ for items never declared
  std::size_t declared_count_ = 0;
  std::uint32_t last_parent_ = detail::name_index::no_id;
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
  [[nodiscard]] std::uint32_t level_count() const noexcept { return level_.empty() ? 0 : level_.back() + 1; }

  /// Bytes held by the frozen structure (what the benchmarks report per edge).
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return names_.capacity() +
           sizeof(std::uint32_t) * (name_offsets_.capacity() + name_order_.capacity() + child_offsets_.capacity() +
                                    child_ids_.capacity() + parent_offsets_.capacity() + parent_ids_.capacity() +
                                    level_.capacity() + products_.capacity() + materials_.capacity()) +
           sizeof(T) * (child_qty_.capacity() + parent_qty_.capacity());
  }

 private:
  friend class bom_builder<T>;

  std::string names_;                                          // all names, in id order
  std::vector<std::uint32_t> name_offsets_;                    // n + 1
  std::vector<item_id> name_order_;                            // ids sorted by name
  std::vector<std::uint32_t> child_offsets_, parent_offsets_;  // n + 1 each
  std::vector<item_id> child_ids_, parent_ids_;                // E each
  std::vector<T> child_qty_, parent_qty_;                      // E each
  std::vector<std::uint32_t> level_;                           // n, non-decreasing
  std::vector<item_id> products_, materials_;
};

template <scalar T>
bill_of_materials<T> bom_builder<T>::build(duplicate_edges duplicates) && {
  const std::size_t n = names_.size();
  if (edges_.size() >= std::numeric_limits<std::uint32_t>::max())
    throw invalid_input("chokepoint::bom: more than 4294967294 edges");
  const auto name_of = [this](std::uint32_t i) { return std::string(names_[i]); };

  if (declared_count_ > 0) {
    for (const edge& e : edges_) {
      for (const std::uint32_t end : {e.parent, e.child})
        if (end >= declared_.size() || !declared_[end])
          throw invalid_input(edge_prefix(names_[e.parent], names_[e.child]) + "unknown item '" + name_of(end) + "'");
    }
  }

  // Rows: the edges of one parent, contiguous, in insertion order. Files list them so
  // already, and then the edges stay where they are; otherwise a stable counting sort
  // by parent groups them. `rows` lists the parents in storage order.
  std::vector<std::uint32_t> rows;
  {
    std::vector<std::uint8_t> has_row(n, 0);
    bool contiguous = true;
    for (std::size_t k = 0; k < edges_.size() && contiguous; ++k) {
      const std::uint32_t p = edges_[k].parent;
      if (k > 0 && p == edges_[k - 1].parent) continue;
      if (has_row[p]) contiguous = false;
      has_row[p] = 1;
      rows.push_back(p);
    }
    if (!contiguous) {
      const auto parent_of = [this](std::size_t k) { return edges_[k].parent; };
      std::vector<std::uint32_t> offsets;
      detail::bucket_offsets(edges_.size(), n, parent_of, offsets);
      std::vector<edge> grouped(edges_.size(), edge{0, 0, T(0)});
      detail::scatter_by_key(edges_.size(), parent_of, offsets,
                             [&](std::uint32_t at, std::size_t k) { grouped[at] = std::move(edges_[k]); });
      edges_.swap(grouped);
      rows.clear();
      for (std::uint32_t p = 0; p < n; ++p)
        if (offsets[p] != offsets[p + 1]) rows.push_back(p);
    }
  }

  // Each row sorted by child (insertion id) to find duplicates, and compacted; then
  // row_begin/row_end give the row of each parent (empty for leaves).
  std::vector<std::uint32_t> row_begin(n, 0), row_end(n, 0);
  {
    std::size_t write = 0;
    for (std::size_t k = 0, r = 0; k < edges_.size(); ++r) {
      const std::uint32_t p = rows[r];
      std::size_t end = k + 1;
      while (end < edges_.size() && edges_[end].parent == p) ++end;
      detail::sort_row(edges_.begin() + static_cast<std::ptrdiff_t>(k),
                       edges_.begin() + static_cast<std::ptrdiff_t>(end),
                       [](const edge& a, const edge& b) { return a.child < b.child; });
      const std::size_t first = write;
      for (; k < end; ++k) {
        if (write > first && edges_[write - 1].child == edges_[k].child) {
          if (duplicates == duplicate_edges::reject)
            throw invalid_input("chokepoint::bom: duplicate edge " + name_of(p) + " -> " + name_of(edges_[k].child));
          edges_[write - 1].quantity = T(edges_[write - 1].quantity + edges_[k].quantity);
          if (!scalar_traits<T>::is_finite(edges_[write - 1].quantity))
            throw invalid_input("chokepoint::bom: duplicate edge " + name_of(p) + " -> " + name_of(edges_[k].child) +
                                ": summed quantity overflows");
        } else {
          if (write != k) edges_[write] = std::move(edges_[k]);
          ++write;
        }
      }
      row_begin[p] = static_cast<std::uint32_t>(first);
      row_end[p] = static_cast<std::uint32_t>(write);
    }
    edges_.resize(write, edge{0, 0, T(0)});
  }
  std::vector<std::uint32_t>().swap(rows);
  const std::size_t m = edges_.size();

  // Kahn's algorithm level by level gives each item its low-level code (longest path
  // from a root). Items never reached lie on or below a cycle. The in-degrees are kept
  // (parent_count) for the parents CSR.
  std::vector<std::uint32_t> parent_count(n, 0), indegree, level(n, 0);
  for (const edge& e : edges_) ++parent_count[e.child];
  indegree = parent_count;
  std::vector<std::uint32_t> frontier;
  frontier.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i)
    if (indegree[i] == 0) frontier.push_back(i);
  for (std::size_t head = 0; head < frontier.size(); ++head) {
    const std::uint32_t p = frontier[head];
    const std::uint32_t next_level = level[p] + 1;
    for (std::uint32_t k = row_begin[p]; k < row_end[p]; ++k) {
      const std::uint32_t c = edges_[k].child;
      if (level[c] < next_level) level[c] = next_level;
      if (--indegree[c] == 0) frontier.push_back(c);
    }
  }
  if (frontier.size() != n) {
    // Every unprocessed item has an unprocessed parent: walk parents until one repeats,
    // then print the loop in parent -> child order, starting at its first-named item.
    std::vector<std::uint32_t> in_offsets, by_child;
    detail::counting_sort(
        m, n, [&](std::size_t e) { return edges_[e].child; }, in_offsets, by_child);
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
        const std::uint32_t p = edges_[by_child[k]].parent;
        if (indegree[p] != 0 && p < next) next = p;
      }
      at = next;
    }
    std::vector<std::uint32_t> cycle(walk.begin() + seen_at[at], walk.end());
    std::reverse(cycle.begin(), cycle.end());  // now parent -> child
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    std::string text = "chokepoint::bom: cycle ";
    for (const std::uint32_t i : cycle) text.append(names_[i]).append(" -> ");
    text.append(names_[cycle.front()]);
    throw invalid_input(text);
  }

  // Requirements beyond the range of T. total_i = 1 + sum over parents p of q_pi total_p
  // is the sum, over every item a, of the units of i in one unit of a: no entry of
  // (I - N)^-1 exceeds it, so when every total is finite, so is every unit requirement,
  // where-used quantity and requirement matrix entry (a product of quantities along a
  // deep BOM, or a sum over many paths, would otherwise come out as inf). One pass in
  // topological order; exact types cannot overflow and skip it. The message names the
  // first item in that order whose total overflows and the root of its heaviest path.
  if constexpr (!scalar_traits<T>::is_exact) {
    std::vector<T> total(n, T(1));
    const auto overflow = [&](std::uint32_t item) {
      std::vector<std::uint32_t> in_offsets, by_child;
      detail::counting_sort(
          m, n, [&](std::size_t e) { return edges_[e].child; }, in_offsets, by_child);
      std::uint32_t at = item;
      while (in_offsets[at] != in_offsets[at + 1]) {  // up the heaviest parent to a root
        std::uint32_t heaviest = edges_[by_child[in_offsets[at]]].parent;
        T most(0);
        for (std::uint32_t k = in_offsets[at]; k < in_offsets[at + 1]; ++k) {
          const edge& e = edges_[by_child[k]];
          const T w = T(e.quantity * total[e.parent]);
          if (most < w) {
            most = w;
            heaviest = e.parent;
          }
        }
        at = heaviest;
      }
      throw invalid_input("chokepoint::bom: requirement of '" + name_of(item) + "' per unit of '" + name_of(at) +
                          "' overflows");
    };
    for (const std::uint32_t p : frontier) {
      if (!scalar_traits<T>::is_finite(total[p])) [[unlikely]]
        overflow(p);
      for (std::uint32_t k = row_begin[p]; k < row_end[p]; ++k) total[edges_[k].child] += edges_[k].quantity * total[p];
    }
  }
  std::vector<std::uint32_t>().swap(frontier);
  std::vector<std::uint32_t>().swap(indegree);

  // Ids of the frozen BOM: sorted by level, then by first appearance (stable).
  bill_of_materials<T> bom;
  const std::uint32_t levels = n == 0 ? 0 : *std::max_element(level.begin(), level.end()) + 1;
  std::vector<std::uint32_t> level_offsets, old_of_new;
  detail::counting_sort(
      n, levels, [&](std::size_t i) { return level[i]; }, level_offsets, old_of_new);
  std::vector<std::uint32_t> new_of_old(n);
  for (std::uint32_t i = 0; i < n; ++i) new_of_old[old_of_new[i]] = i;
  bom.level_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) bom.level_[i] = level[old_of_new[i]];
  std::vector<std::uint32_t>().swap(level);
  if (names_.text_bytes() >= std::numeric_limits<std::uint32_t>::max())
    throw invalid_input("chokepoint::bom: item names exceed 4 GiB");

  // The names and their sorted index need nothing below: on a large BOM another thread
  // builds them meanwhile. (It is joined before anything it reads goes away.)
  std::exception_ptr names_failed;
  const auto freeze_names = [&] {
    try {
      bom.names_.reserve(names_.text_bytes());
      bom.name_offsets_.resize(n + 1);
      bom.name_offsets_[0] = 0;
      for (std::uint32_t i = 0; i < n; ++i) {
        bom.names_.append(names_[old_of_new[i]]);
        bom.name_offsets_[i + 1] = static_cast<std::uint32_t>(bom.names_.size());
      }
      detail::sort_by_name(bom, bom.name_order_);
    } catch (...) {
      names_failed = std::current_exception();
    }
  };
  {
    std::jthread names_thread;
    if (n >= detail::parallel_build_items) names_thread = std::jthread(freeze_names);
    else freeze_names();

    // Children CSR in new ids, each row sorted by child id.
    bom.child_offsets_.resize(n + 1);
    bom.child_ids_.resize(m);
    bom.child_qty_.resize(m);
    bom.child_offsets_[0] = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> row;  // (new child id, edge index)
    std::uint32_t at = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t old = old_of_new[i];
      row.clear();
      for (std::uint32_t k = row_begin[old]; k < row_end[old]; ++k) row.emplace_back(new_of_old[edges_[k].child], k);
      detail::sort_row(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [c, k] : row) {
        bom.child_ids_[at] = c;
        bom.child_qty_[at] = std::move(edges_[k].quantity);
        ++at;
      }
      bom.child_offsets_[i + 1] = at;
    }
    std::vector<edge>().swap(edges_);

    // Parents CSR: placing the edges in parent order, each by its child, keeps every
    // row sorted by parent id.
    std::vector<std::uint32_t>& offsets = bom.parent_offsets_;
    offsets.resize(n + 1);
    offsets[0] = 0;
    for (std::uint32_t i = 0; i < n; ++i) offsets[i + 1] = offsets[i] + parent_count[old_of_new[i]];
    std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
    bom.parent_ids_.resize(m);
    bom.parent_qty_.resize(m);
    for (std::uint32_t i = 0; i < n; ++i)
      for (std::uint32_t k = bom.child_offsets_[i]; k < bom.child_offsets_[i + 1]; ++k) {
        const std::uint32_t to = next[bom.child_ids_[k]]++;
        bom.parent_ids_[to] = i;
        bom.parent_qty_[to] = bom.child_qty_[k];
      }

    for (std::uint32_t i = 0; i < n; ++i) {
      const item_kind k = bom.kind(i);
      if (k == item_kind::product) bom.products_.push_back(i);
      else if (k == item_kind::material) bom.materials_.push_back(i);
    }
    bom.products_.shrink_to_fit();
    bom.materials_.shrink_to_fit();
  }
  if (names_failed) std::rethrow_exception(names_failed);
  return bom;
}

#ifdef CHOKEPOINT_SEPARATE_COMPILATION
// Compiled once, in the file that includes <chokepoint/instantiate.hpp>.
extern template class bom_builder<double>;
extern template class bill_of_materials<double>;
#endif

}  // namespace chokepoint
