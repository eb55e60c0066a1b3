// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Which BOM material a supply material's name probably meant (matching.hpp): names that
// differ only in case, spacing or punctuation fold to the same text. The BOM's
// materials are folded once for all the names asked about.

#include <chokepoint/bom.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chokepoint::detail {

/// `name` with ASCII letters in lower case and ASCII spaces and punctuation removed;
/// other bytes (UTF-8 text) are kept as they are.
[[nodiscard]] inline std::string fold_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) out += ch;
  }
  return out;
}

/// For each name of `names`, the first BOM material (in id order) other than the name
/// itself whose name folds alike. One pass over the BOM's materials.
template <scalar T>
[[nodiscard]] std::vector<std::optional<item_id>> probable_materials(const bill_of_materials<T>& bom,
                                                                     const std::vector<std::string_view>& names) {
  std::vector<std::optional<item_id>> out(names.size());
  if (names.empty()) return out;
  std::unordered_multimap<std::string, std::size_t> wanted;
  for (std::size_t k = 0; k < names.size(); ++k) wanted.emplace(fold_name(names[k]), k);
  for (const item_id m : bom.materials()) {
    const std::string_view name = bom.name(m);
    const auto [first, last] = wanted.equal_range(fold_name(name));
    for (auto it = first; it != last; ++it)
      if (!out[it->second] && names[it->second] != name) out[it->second] = m;
  }
  return out;
}

/// probable_material(bom, name) (see matching.hpp): nothing when `name` is a BOM
/// material already.
template <scalar T>
[[nodiscard]] std::optional<item_id> probable_material(const bill_of_materials<T>& bom, std::string_view name) {
  if (const auto id = bom.find(name); id && bom.kind(*id) == item_kind::material) return std::nullopt;
  return probable_materials(bom, {name}).front();
}

}  // namespace chokepoint::detail
