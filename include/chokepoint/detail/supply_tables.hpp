// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The storage of a supply base (supply.hpp): its names, its compressed tables, and how
// its rows become those tables in O(rows): the rows are counting-sorted by material (used in place when they already
// come grouped, the usual file layout), then each material's rows are summed into its
// sources and its two groupings through scratch arrays indexed by supplier and country
// id, so that no map is consulted. Entries keep their order of first appearance, which
// makes "the first of equals" well defined for the measures.

#include <chokepoint/detail/counting_sort.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/detail/name_index.hpp>
#include <chokepoint/scalar.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint::detail {

/// Offsets, ids, volumes and shares of one compressed table (sources or a grouping):
/// the entries of material m are [offsets[m], offsets[m + 1]).
template <scalar T>
struct csr_table {
  std::vector<std::size_t> offsets = std::vector<std::size_t>(1, 0);
  std::vector<std::uint32_t> ids;
  std::vector<T> volumes;
  std::vector<T> shares;
};

/// Rows as added, by interned ids: entry i of each array is row i.
template <scalar T>
struct supply_rows {
  std::vector<std::uint32_t> material;
  std::vector<std::uint32_t> supplier;
  std::vector<std::uint32_t> country;
  std::vector<T> volume;

  [[nodiscard]] std::size_t size() const noexcept { return material.size(); }
  void reserve(std::size_t rows) {
    material.reserve(rows);
    supplier.reserve(rows);
    country.reserve(rows);
    volume.reserve(rows);
  }
  void push(std::uint32_t m, std::uint32_t s, std::uint32_t c, const T& v) {
    material.push_back(m);
    supplier.push_back(s);
    country.push_back(c);
    volume.push_back(v);
  }
};

/// A supply base's tables: the sources (ids are supplier ids, with their countries
/// alongside), the two groupings (0: by supplier, 1: by country) and each material's
/// total volume.
template <scalar T>
struct supply_tables {
  csr_table<T> sources;
  std::vector<std::uint32_t> source_country;
  std::array<csr_table<T>, 2> groups;
  std::vector<T> total;
};

/// What a supply base knows besides its tables, kept alike by the builder (Names: the
/// interning index) and the frozen base (the names as strings too): the names, which
/// supplier and country names are "Other", and each material's first row and row count.
template <class Names>
struct supply_names {
  Names materials;
  Names suppliers;
  Names countries;
  std::vector<char> supplier_other;
  std::vector<char> country_other;
  std::vector<std::size_t> first_row;  // per material, for error messages
  std::vector<std::size_t> row_count;  // per material: rows added
};

/// The builder's names frozen for the base (copied from an lvalue, moved from an rvalue).
template <class Names>
[[nodiscard]] supply_names<name_list> frozen(Names&& names) {
  return {name_list(std::forward<Names>(names).materials),
          name_list(std::forward<Names>(names).suppliers),
          name_list(std::forward<Names>(names).countries),
          std::forward<Names>(names).supplier_other,
          std::forward<Names>(names).country_other,
          std::forward<Names>(names).first_row,
          std::forward<Names>(names).row_count};
}

/// The tables of `in`, for `nm` materials and the given numbers of supplier and country
/// ids. Duplicate (material, supplier, country) rows are summed into one source. Errors
/// (invalid_input, "<where>: ..."), naming materials through material_name(m) and
/// first_row[m]: "material 'Dy' has no rows", "material 'Dy' (first row 3): all volumes
/// are zero", "material 'Dy' (first row 3): total volume overflows".
template <scalar T, class MaterialName>
[[nodiscard]] supply_tables<T> aggregate_supply(const supply_rows<T>& in, std::size_t nm, std::size_t suppliers,
                                                std::size_t countries, std::string_view where,
                                                MaterialName material_name, std::span<const std::size_t> first_row) {
  const std::size_t rows = in.size();
  // Counting sort of the rows by material, stable, into contiguous runs so that the
  // aggregation below reads sequentially. Rows that already come grouped by material
  // (the usual file layout) are used in place.
  const auto material_of = [&in](std::size_t i) { return in.material[i]; };
  std::vector<std::size_t> start;
  const bool grouped = bucket_offsets(rows, nm, material_of, start);
  for (std::size_t m = 0; m < nm; ++m)
    if (start[m + 1] == start[m])
      throw_invalid(where, concat("material '", material_name(static_cast<std::uint32_t>(m)), "' has no rows"));
  // One array of small records, not three: a third of the write streams.
  struct sorted_row {
    std::uint32_t supplier;
    std::uint32_t country;
    T volume;
  };
  std::unique_ptr<sorted_row[]> sorted;
  if (!grouped) {
    sorted = std::make_unique_for_overwrite<sorted_row[]>(rows);
    scatter_by_key(rows, material_of, start, [&](std::size_t at, std::size_t i) {
      sorted[at] = sorted_row{in.supplier[i], in.country[i], in.volume[i]};
    });
  }

  supply_tables<T> out;
  csr_table<T>& src = out.sources;
  std::vector<std::uint32_t>& src_country = out.source_country;
  std::array<csr_table<T>, 2>& grp = out.groups;
  std::vector<T>& total = out.total;
  total.assign(nm, T(0));
  src.offsets.reserve(nm + 1);
  src.ids.reserve(rows);
  src_country.reserve(rows);
  src.volumes.reserve(rows);
  for (auto& g : grp) {
    // Capacity only: untouched pages of a large reservation cost nothing, and the
    // tables never move while they grow.
    g.offsets.reserve(nm + 1);
    g.ids.reserve(rows);
    g.volumes.reserve(rows);
  }

  // Scratch indexed by supplier / country id: the material that last touched it, and
  // its entry in the output. A supplier's sources are chained so that (supplier,
  // country) duplicates are found by walking its few countries.
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> sup_mark(suppliers, none);
  std::vector<std::size_t> sup_entry(suppliers);
  std::vector<std::size_t> sup_first_source(suppliers);
  std::vector<std::uint32_t> cty_mark(countries, none);
  std::vector<std::size_t> cty_entry(countries);
  std::vector<std::size_t> next_source;
  next_source.reserve(rows);
  constexpr std::size_t end_of_chain = std::numeric_limits<std::size_t>::max();

  for (std::size_t mi = 0; mi < nm; ++mi) {
    const auto m = static_cast<std::uint32_t>(mi);
    T sum(0);
    for (std::size_t k = start[mi]; k < start[mi + 1]; ++k) {
      const std::uint32_t s = grouped ? in.supplier[k] : sorted[k].supplier;
      const std::uint32_t c = grouped ? in.country[k] : sorted[k].country;
      const T& v = grouped ? in.volume[k] : sorted[k].volume;
      sum += v;
      if (sup_mark[s] != m) {
        sup_mark[s] = m;
        sup_entry[s] = grp[0].ids.size();
        sup_first_source[s] = end_of_chain;
        grp[0].ids.push_back(s);
        grp[0].volumes.push_back(T(0));
      }
      grp[0].volumes[sup_entry[s]] += v;
      if (cty_mark[c] != m) {
        cty_mark[c] = m;
        cty_entry[c] = grp[1].ids.size();
        grp[1].ids.push_back(c);
        grp[1].volumes.push_back(T(0));
      }
      grp[1].volumes[cty_entry[c]] += v;
      std::size_t j = sup_first_source[s];
      while (j != end_of_chain && src_country[j] != c) j = next_source[j];
      if (j == end_of_chain) {
        next_source.push_back(sup_first_source[s]);
        sup_first_source[s] = src.ids.size();
        src.ids.push_back(s);
        src_country.push_back(c);
        src.volumes.push_back(v);
      } else {
        src.volumes[j] += v;
      }
    }
    if (!(T(0) < sum))
      throw_invalid(where, concat("material '", material_name(m), "' (first row ", std::to_string(first_row[mi]),
                                  "): all volumes are zero"));
    // Every volume is finite, their sum need not be: shares of an infinite total would
    // all be 0 (an HHI of 0, infinitely many effective sources), a quiet wrong answer.
    if (!scalar_traits<T>::is_finite(sum))
      throw_invalid(where, concat("material '", material_name(m), "' (first row ", std::to_string(first_row[mi]),
                                  "): total volume overflows"));
    total[mi] = sum;
    src.offsets.push_back(src.ids.size());
    for (auto& g : grp) g.offsets.push_back(g.ids.size());
  }

  // Shares: volume over the material's total, computed once per entry.
  const auto fill_shares = [&](csr_table<T>& t) {
    t.shares.reserve(t.volumes.size());
    for (std::size_t mi = 0; mi < nm; ++mi)
      for (std::size_t k = t.offsets[mi]; k < t.offsets[mi + 1]; ++k) t.shares.push_back(T(t.volumes[k] / total[mi]));
  };
  fill_shares(src);
  for (auto& g : grp) fill_shares(g);
  return out;
}

}  // namespace chokepoint::detail
