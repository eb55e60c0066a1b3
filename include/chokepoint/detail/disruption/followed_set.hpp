// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What the cascade follows, and why. Every item above a followed material is followed
// with it; an anchored material is followed for its own sake. Each followed item counts
// its reasons to be followed (its followed children, and being anchored) and is let go of
// when the count falls to 0, so that the certificate can drop what leads only to materials
// no longer at risk. The followed children of each item are listed apart, so that slope
// waves never walk the rest of the BOM. In a journal the set may be narrowed to a few
// materials and the items above them (marked 2, with counts of their own); rollback()
// gives back the counts as they were. The event loop (cascade.hpp) reads the lists
// through inline accessors. Why narrowing changes no result: docs/architecture.md.

#include <chokepoint/detail/disruption/kinetic_state.hpp>
#include <chokepoint/detail/disruption/network.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
class followed_set {
 public:
  /// The followed children of item i are child[range[i].first, range[i].second), with
  /// their quantities.
  struct child_lists {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> range;  ///< per item
    std::vector<item_id> child;
    std::vector<T> quantity;
  };

  /// Sizes the per-item lists for n items, with nothing followed.
  void resize(std::size_t n) {
    whole_.range.assign(n, {0, 0});
    narrowed_children_.range.assign(n, {0, 0});
    narrowed_scratch_.assign(n, 0);
    list_.clear();
    count_ = 0;
  }

  /// What the narrowed set was built for no longer holds (another network, other rows).
  void forget_narrowed() { narrowed_valid_ = false; }

  /// Follows exactly the given materials (anchored) and everything above them.
  void follow_ancestors_of(std::span<hot_state<T>> hot, const bill_of_materials<T>& bom,
                           std::span<const item_id> materials) {
    narrowed_valid_ = false;
    for (const item_id i : list_) {
      hot[i].followed = 0;
      hot[i].anchored = 0;
      hot[i].anchors = 0;
    }
    list_.clear();
    for (const item_id m : materials)
      if (!hot[m].followed) {
        hot[m].followed = 1;
        hot[m].anchored = 1;
        hot[m].anchors = 1;
        list_.push_back(m);
      }
    for (std::size_t k = 0; k < list_.size(); ++k)
      for (const item_id p : bom.parents(list_[k]))
        if (!hot[p].followed) {
          hot[p].followed = 1;
          list_.push_back(p);
        }
    // In id order (topological): a scan of the flags beats sorting a large list.
    const std::size_t n = hot.size();
    if (list_.size() * 16 > n) {
      list_.clear();
      for (item_id i = 0; i < n; ++i)
        if (hot[i].followed) list_.push_back(i);
    } else {
      std::sort(list_.begin(), list_.end());
    }
    // An item's count: its followed children, plus one for the materials given.
    edges_ = 0;
    count_ = list_.size();
    whole_.child.clear();
    whole_.quantity.clear();
    for (const item_id i : list_) {
      edges_ += bom.parents(i).size() + 1;
      const auto cs = bom.children(i);
      const auto qs = bom.child_quantities(i);
      const auto first = static_cast<std::uint32_t>(whole_.child.size());
      for (std::size_t k = 0; k < cs.size(); ++k)
        if (hot[cs[k]].followed) {
          whole_.child.push_back(cs[k]);
          whole_.quantity.push_back(qs[k]);
        }
      const auto last = static_cast<std::uint32_t>(whole_.child.size());
      whole_.range[i] = {first, last};
      hot[i].anchors += last - first;
    }
  }

  /// Whether the item is followed: in a narrowed journal the items of the narrowed set
  /// carry mark 2 and the others keep the 1 they have outside it.
  [[nodiscard]] bool follows(const hot_state<T>& h) const { return h.followed == mark_; }
  [[nodiscard]] bool narrowed() const { return narrowed_; }
  /// Items followed (the list may hold others, let go of since).
  [[nodiscard]] std::size_t count() const { return count_; }
  /// Edges above the items followed, plus one per item: the cost of a pass over them.
  [[nodiscard]] std::size_t edges() const { return edges_; }
  /// What is followed, in id order (only without rows when narrowed): the narrowed set in
  /// a narrowed journal. It may hold items let go of since.
  [[nodiscard]] const std::vector<item_id>& list() const { return narrowed_ ? narrowed_list_ : list_; }
  /// A list that holds every followed material and anchored item (and maybe others).
  [[nodiscard]] const std::vector<item_id>& materials_and_anchored() const {
    return narrowed_ ? narrowed_anchored_ : list_;
  }
  [[nodiscard]] const child_lists& children() const { return narrowed_ ? narrowed_children_ : whole_; }
  /// The rows (see use_rows in cascade.hpp) over the narrowed set's materials.
  [[nodiscard]] const line_rows<T>& narrowed_rows() const { return narrowed_rows_; }

  /// A journal begins (journal.hpp). With `materials` (followed now), only they and the
  /// items above them are followed until rollback(). The counts of what is followed are
  /// saved either way, and given back as a whole by rollback(): one pass in id order
  /// instead of undoing each count a cascade took away, one edge at a time.
  void begin_journal(std::span<hot_state<T>> hot, const disruption_network<T>& net, const line_rows<T>* rows,
                     std::span<const item_id> materials) {
    journaling_ = true;
    unanchored_.clear();
    saved_edges_ = edges_;
    saved_count_ = count_;
    if (!materials.empty()) {
      narrow_to(hot, net, rows, materials);
      return;
    }
    saved_anchors_.resize(list_.size());
    for (std::size_t k = 0; k < list_.size(); ++k) saved_anchors_[k] = hot[list_[k]].anchors;
  }

  void rollback(std::span<hot_state<T>> hot) {
    // The list was left as it was (it may hold items no longer followed, with no reason
    // left to follow them): an item is followed exactly when its count is not 0.
    const std::vector<item_id>& followed = list();
    for (std::size_t k = 0; k < followed.size(); ++k) {
      const item_id i = followed[k];
      hot[i].anchors = saved_anchors_[k];
      hot[i].followed = saved_anchors_[k] > 0 ? 1 : 0;
    }
    narrowed_ = false;
    mark_ = 1;
    for (const item_id m : unanchored_) hot[m].anchored = 1;
    unanchored_.clear();
    count_ = saved_count_;
    edges_ = saved_edges_;
    journaling_ = false;
  }

  /// Material m is no longer followed for its own sake. Returns the edges visited.
  std::size_t unanchor(std::span<hot_state<T>> hot, const bill_of_materials<T>& bom, item_id m) {
    hot[m].anchored = 0;
    if (journaling_) unanchored_.push_back(m);
    return release(hot, bom, m);
  }

  /// Outside a journal the list may shed what is no longer followed.
  void shed(std::span<const hot_state<T>> hot) {
    if (!journaling_ && 2 * count_ < list_.size()) std::erase_if(list_, [hot](item_id i) { return !hot[i].followed; });
  }

 private:
  /// Takes one reason to follow i away; an item left with none is no longer followed,
  /// which takes one away from each of its parents. Returns the edges visited.
  std::size_t release(std::span<hot_state<T>> hot, const bill_of_materials<T>& bom, item_id i) {
    if (--hot[i].anchors > 0) return 1;
    std::size_t cost = 0;
    release_stack_.assign(1, i);
    while (!release_stack_.empty()) {
      const item_id x = release_stack_.back();
      release_stack_.pop_back();
      hot[x].followed = 0;
      --count_;
      const auto ps = bom.parents(x);
      edges_ -= ps.size() + 1;
      cost += ps.size() + 1;
      for (const item_id p : ps)
        if (--hot[p].anchors == 0) release_stack_.push_back(p);
    }
    return cost;
  }

  /// The narrowed set (the materials and the items above them, marked 2) with its counts
  /// as follow_ancestors_of makes them (each item's own count saved for rollback()) and its
  /// own lists of followed children. The narrowed set's list, counts and children depend
  /// on the materials alone, so the last ones are kept and reused while the followed items
  /// stay the same: the narrowed set of a batch changes seldom. In id order only without
  /// rows, where the certificate explodes demand over it.
  void narrow_to(std::span<hot_state<T>> hot, const disruption_network<T>& net, const line_rows<T>* rows,
                 std::span<const item_id> materials) {
    narrowed_ = true;
    mark_ = 2;
    if (!narrowed_valid_ || !std::ranges::equal(materials, narrowed_materials_))
      build_narrowed(hot, net, rows, materials);
    saved_anchors_.resize(narrowed_list_.size());
    for (std::size_t k = 0; k < narrowed_list_.size(); ++k) {
      const item_id i = narrowed_list_[k];
      hot[i].followed = 2;
      saved_anchors_[k] = hot[i].anchors;
      hot[i].anchors = narrowed_anchors_[k];
    }
    count_ = narrowed_list_.size();
    edges_ = narrowed_edges_;
  }

  /// The narrowed set of narrow_to(), built with the items of the narrowed set marked 2 (as they stay).
  void build_narrowed(std::span<hot_state<T>> hot, const disruption_network<T>& net, const line_rows<T>* rows,
                      std::span<const item_id> materials) {
    narrowed_materials_.assign(materials.begin(), materials.end());
    // Counts as they are reached: one for a material given, one for each child in the
    // narrowed set (every parent of an item of the narrowed set is in it).
    narrowed_list_.clear();
    const auto reach = [&](item_id i) {
      hot[i].followed = 2;
      narrowed_scratch_[i] = hot[i].anchored ? 1 : 0;
      narrowed_list_.push_back(i);
    };
    for (const item_id m : materials)
      if (hot[m].followed == 1) reach(m);
    narrowed_edges_ = 0;
    for (std::size_t k = 0; k < narrowed_list_.size(); ++k) {
      const auto ps = net.bom->parents(narrowed_list_[k]);
      narrowed_edges_ += ps.size() + 1;
      for (const item_id p : ps) {
        if (hot[p].followed == 1) reach(p);
        ++narrowed_scratch_[p];
      }
    }
    if (!rows) std::sort(narrowed_list_.begin(), narrowed_list_.end());
    narrowed_anchors_.resize(narrowed_list_.size());
    for (std::size_t k = 0; k < narrowed_list_.size(); ++k) narrowed_anchors_[k] = narrowed_scratch_[narrowed_list_[k]];
    narrowed_anchored_.clear();
    for (const item_id i : narrowed_list_)
      if (hot[i].anchored || net.material_positions[i] != no_index) narrowed_anchored_.push_back(i);
    narrowed_children_.child.clear();
    narrowed_children_.quantity.clear();
    for (const item_id i : narrowed_list_) {
      const auto [first, last] = whole_.range[i];
      const auto from = static_cast<std::uint32_t>(narrowed_children_.child.size());
      for (std::uint32_t k = first; k < last; ++k)
        if (follows(hot[whole_.child[k]])) {
          narrowed_children_.child.push_back(whole_.child[k]);
          narrowed_children_.quantity.push_back(whole_.quantity[k]);
        }
      narrowed_children_.range[i] = {from, static_cast<std::uint32_t>(narrowed_children_.child.size())};
    }
    // The rows over the narrowed set's materials: the others are never at risk in it.
    if (rows) {
      narrowed_rows_.offsets.assign(1, 0);
      narrowed_rows_.material.clear();
      narrowed_rows_.rate.clear();
      for (std::size_t l = 0; l + 1 < rows->offsets.size(); ++l) {
        for (std::size_t k = rows->offsets[l]; k < rows->offsets[l + 1]; ++k)
          if (follows(hot[rows->material[k]])) {
            narrowed_rows_.material.push_back(rows->material[k]);
            narrowed_rows_.rate.push_back(rows->rate[k]);
          }
        narrowed_rows_.offsets.push_back(narrowed_rows_.material.size());
      }
    }
    narrowed_valid_ = true;
  }

  std::vector<item_id> list_;  ///< in id order; may hold items no longer followed
  std::size_t count_ = 0;      ///< items followed (list_ may hold others)
  std::size_t edges_ = 0;
  child_lists whole_;
  std::vector<item_id> release_stack_;
  // A narrowed journal (narrow_to): the mark of what is followed, the narrowed set (in id order
  // without rows) with what build_narrowed() found for it, and its followed children.
  bool narrowed_ = false;
  char mark_ = 1;
  std::vector<item_id> narrowed_list_;
  std::vector<item_id> narrowed_materials_;      ///< the materials narrowed_list_ was built for
  std::vector<item_id> narrowed_anchored_;       ///< the materials (and anchored items) of narrowed_list_
  std::vector<std::uint32_t> narrowed_anchors_;  ///< the counts of narrowed_list_ in the narrowed set
  std::vector<std::uint32_t> narrowed_scratch_;  ///< per item, for build_narrowed()
  std::size_t narrowed_edges_ = 0;
  bool narrowed_valid_ = false;  ///< narrowed_list_ and what goes with it are for the items followed now
  child_lists narrowed_children_;
  line_rows<T> narrowed_rows_;  ///< with rows: the rows over the narrowed set's materials
  // In a journal: what rollback() gives back.
  bool journaling_ = false;
  std::vector<item_id> unanchored_;           ///< since begin_journal()
  std::vector<std::uint32_t> saved_anchors_;  ///< per entry of list() at begin_journal()
  std::size_t saved_edges_ = 0, saved_count_ = 0;
};

}  // namespace chokepoint::detail
