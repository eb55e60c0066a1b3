// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Interning of names for the builders (bom_builder, supply_builder): dense 32-bit ids in
// order of first appearance, every name's bytes in one text buffer (no std::string,
// hence no allocation, per name), and an open-addressing hash index with linear probing.
//
// Why not std::unordered_map<std::string, id>: at a million names it spends most of a
// BOM load chasing its node lists (one cache miss per node, another for the key's
// text). Here a lookup touches one 16-byte slot, which keeps the name's first 8 bytes
// and a tag made of the hash and the length: a name of at most 8 bytes is recognised
// from the slot alone, a longer one is compared with the text only when the slot's
// tag and first bytes both match.

#include <chokepoint/assert.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint::detail {

class name_index {
 public:
  /// Ids are below this; an id of this value marks a free slot.
  static constexpr std::uint32_t no_id = std::numeric_limits<std::uint32_t>::max();

  name_index() = default;

  /// Room for `names` names of `text_bytes` bytes in all, without growing.
  void reserve(std::size_t names, std::size_t text_bytes = 0) {
    ends_.reserve(names);
    if (text_bytes > 0) text_.reserve(text_bytes);
    if (2 * names > slots_.size()) rehash(slot_count_for(names));
  }

  [[nodiscard]] std::size_t size() const noexcept { return ends_.size(); }
  [[nodiscard]] std::size_t text_bytes() const noexcept { return text_.size(); }

  /// The name of id `i` (valid until the next insertion).
  [[nodiscard]] std::string_view operator[](std::uint32_t i) const noexcept {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return {text_.data() + begin, ends_[i] - begin};
  }

  /// The id of `name`, or no_id.
  [[nodiscard]] std::uint32_t find(std::string_view name) const noexcept {
    if (slots_.empty()) return no_id;
    const key k = key_of(name);
    for (std::size_t s = k.hash & mask();; s = (s + 1) & mask()) {
      const slot& at = slots_[s];
      if (at.id == no_id) return no_id;
      if (matches(at, k, name)) return at.id;
    }
  }

  /// What a lookup of a name needs: computed once, usable for a prefetch and then the
  /// lookup itself.
  struct key {
    std::uint64_t hash;
    std::uint64_t prefix;
    std::uint32_t tag;
  };

  [[nodiscard]] static key key_of(std::string_view name) noexcept {
    const std::size_t n = name.size();
    const std::uint64_t prefix = load(name.data(), n < 8 ? n : 8);
    std::uint64_t h = prefix ^ (n * 0x9e3779b97f4a7c15ULL);
    for (std::size_t at = 8; at < n; at += 8) h = mix(h) ^ load(name.data() + at, n - at < 8 ? n - at : 8);
    h = mix(h);
    const std::uint32_t length_class = n <= 8 ? static_cast<std::uint32_t>(n) : long_name;
    return {h, prefix, (static_cast<std::uint32_t>(h >> 32) & ~std::uint32_t{0xF}) | length_class};
  }

  /// Asks the processor to bring the slot where a lookup of `k` starts into cache, so
  /// that the lookups of a batch of names wait for memory together, not one by one.
  void prefetch(const key& k) const noexcept {
#if defined(__GNUC__) || defined(__clang__)
    if (!slots_.empty()) __builtin_prefetch(&slots_[k.hash & mask()]);
#else
    (void)k;
#endif
  }

  /// The id of `name`, and whether it was new. The caller checks that the table is
  /// not full (size() < no_id) before inserting.
  std::pair<std::uint32_t, bool> intern(std::string_view name) { return intern(name, key_of(name)); }

  /// The same with the key of `name` computed beforehand.
  std::pair<std::uint32_t, bool> intern(std::string_view name, const key& k) {
    if (2 * (ends_.size() + 1) > slots_.size()) rehash(slot_count_for(ends_.size() + 1));
    std::size_t s = k.hash & mask();
    for (;; s = (s + 1) & mask()) {
      const slot& at = slots_[s];
      if (at.id == no_id) break;
      if (matches(at, k, name)) return {at.id, false};
    }
    const auto id = static_cast<std::uint32_t>(ends_.size());
    text_.append(name);
    ends_.push_back(text_.size());
    slots_[s] = slot{k.prefix, id, k.tag};
    return {id, true};
  }

 private:
  struct slot {
    std::uint64_t prefix = 0;  // the first 8 bytes, zero-padded
    std::uint32_t id = no_id;
    std::uint32_t tag = 0;  // hash bits, and the length if it is at most 8
  };
  static constexpr std::uint32_t long_name = 0xF;  // length class of names over 8 bytes

  // The 64-bit finaliser of MurmurHash3: every input bit reaches every output bit.
  static constexpr std::uint64_t mix(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  }

  static std::uint64_t load(const char* p, std::size_t n) noexcept {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    return w;
  }

  bool matches(const slot& at, const key& k, std::string_view name) const noexcept {
    if (at.tag != k.tag || at.prefix != k.prefix) return false;
    // Equal first bytes and equal length (at most 8) mean equal names.
    return (k.tag & 0xF) != long_name || (*this)[at.id] == name;
  }

  [[nodiscard]] std::size_t mask() const noexcept { return slots_.size() - 1; }

  // A power of two at least twice the names (a load factor of at most one half).
  static std::size_t slot_count_for(std::size_t names) noexcept {
    return std::bit_ceil(std::max<std::size_t>(16, 2 * names));
  }

  void rehash(std::size_t count) {
    std::vector<slot> fresh(count);
    const std::size_t m = count - 1;
    for (std::uint32_t i = 0; i < ends_.size(); ++i) {
      const key k = key_of((*this)[i]);
      std::size_t s = k.hash & m;
      while (fresh[s].id != no_id) s = (s + 1) & m;
      fresh[s] = slot{k.prefix, i, k.tag};
    }
    slots_ = std::move(fresh);
  }

  std::string text_;               // every name, in id order
  std::vector<std::size_t> ends_;  // end of name i in text_
  std::vector<slot> slots_;        // a power of two in size, or empty
};

/// The names of a frozen table (supply_base's materials, suppliers, countries): the
/// builder's index, which finds an id by name, and every name as a std::string for the
/// accessors that return one by reference.
class name_list {
 public:
  name_list() = default;
  explicit name_list(name_index index) : index_(std::move(index)) {
    names_.reserve(index_.size());
    for (std::uint32_t i = 0; i < index_.size(); ++i) names_.emplace_back(index_[i]);
  }

  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view name) const {
    if (const std::uint32_t id = index_.find(name); id != name_index::no_id) return id;
    return std::nullopt;
  }

  [[nodiscard]] const std::string& name(std::uint32_t id) const {
    CHOKEPOINT_ASSERT(id < names_.size(), "name id out of range");
    return names_[id];
  }

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }

 private:
  name_index index_;
  std::vector<std::string> names_;
};

}  // namespace chokepoint::detail
