// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// supply_base<T>: who supplies each material, from where, how much (docs/model.md,
// Concentration). Built from rows {material, supplier, country, volume}; per material it keeps its
// sources with volumes and shares, and the same volumes grouped by supplier and by
// country (two suppliers in one country are one point of failure for an export ban).
//
// Storage is compressed (CSR): per material an offset into flat arrays of ids, volumes
// and shares, for the sources and for each grouping, so that exposure and disruption
// code can walk every material without a map lookup. Names are interned once: materials,
// suppliers and countries get dense std::uint32_t ids in order of first appearance.
// Building is O(rows): names are hashed, rows are counting-sorted by material and summed
// through id-indexed scratch arrays.
//
// Choices written down here:
// - Rows with the same (material, supplier, country) are summed into one source.
// - A row with zero volume is kept as a source with share 0; it supplies nothing and does
//   not count among a material's sources in the measures.
// - Supplier and country are required; for country-level data (USGS tables) pass the
//   country as the supplier too. Countries are kept as given (codes or names).
// - Aggregate rows: a supplier or country starting with "world total" (any case) is a
//   total, never a producer, and is rejected. "Other" or "Other countries" (any case) is
//   a real but anonymous volume; the caller must say what it is (other_rows), or such a
//   row is rejected:
//     other_rows::producer           - it is one more producer, like any other;
//     other_rows::unknown_remainder  - it is an unknown number of producers, each no
//                                      larger than the smallest named one (Schmalensee).
//   With unknown_remainder the "Other" volume still counts in the total (the named
//   shares are shares of everything) and stays a source (a disruption model still gets
//   that supply), but in the measures of the grouping where the name is "Other" it is
//   the remainder R: the HHI comes with bounds [sum s_i^2, sum s_i^2 + floor(R/s_m) s_m^2
//   + (R - floor(R/s_m) s_m)^2], and the point value of every measure is that of a
//   remainder split into ever smaller producers: HHI = the lower bound, normalised HHI =
//   HHI (n unbounded), effective sources = 1/HHI, CR_k and the largest source from the
//   named sources only, `sources` = the named sources.
// - supply_builder collects rows and checks each as it comes; build() sums and freezes
//   them into a supply_base, which is read-only: any number of threads may query it at
//   once. The builder keeps its rows, so rows added after a build() and a second
//   build() give the base of all the rows, as if they had been added at once.
//   supply_base(rows) does both in one step.
// - The largest entry of a material is the first of equals in order of appearance.

#include <chokepoint/assert.hpp>
#include <chokepoint/concentration.hpp>
#include <chokepoint/detail/aggregate_names.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/detail/name_index.hpp>
#include <chokepoint/detail/share_statistics.hpp>
#include <chokepoint/detail/supply_tables.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace chokepoint {

/// Dense id of a material in a supply_base, in order of first appearance.
using material_id = std::uint32_t;
/// Dense id of a supplier name in a supply_base.
using supplier_id = std::uint32_t;
/// Dense id of a country (code as given) in a supply_base.
using country_id = std::uint32_t;

/// Which sources are taken together when measuring concentration.
enum class grouping {
  supplier,  ///< one entry per supplier (its volumes in all countries summed)
  country,   ///< one entry per country (the suppliers of one country summed first)
};

/// What an "Other" row of a published table is.
enum class other_rows {
  producer,           ///< one producer like any other
  unknown_remainder,  ///< an unknown number of producers: the HHI gets bounds
};

/// One input row. `row` is the number shown in error messages (a line number, say);
/// 0 means the row's 1-based position among the rows added.
template <scalar T>
struct supply_row {
  std::string material;
  std::string supplier;
  std::string country;
  T volume = T(0);
  std::size_t row = 0;
};

/// Concentration of one material under one grouping (see the header comment for the
/// point values under other_rows::unknown_remainder).
template <scalar T>
struct material_concentration {
  material_id material = 0;
  std::string material_name;
  std::size_t sources = 0;  ///< entries with positive share (named ones)
  T hhi = T(0);             ///< fraction scale, [1/n, 1]
  T hhi_points = T(0);      ///< 0..10000
  T normalized_hhi = T(0);  ///< (H - 1/n) / (1 - 1/n); 1 for one source
  T effective_sources = T(0);
  T cr1 = T(0);
  T cr3 = T(0);
  std::string largest;  ///< supplier or country name of the largest entry
  T largest_share = T(0);
  T remainder = T(0);  ///< share of the unknown remainder; 0 unless unknown_remainder
  T hhi_lower = T(0);  ///< equal to hhi when there is no unknown remainder
  T hhi_upper = T(0);
};

/// Collects supply rows, checking each as it comes; build() sums and freezes them.
template <scalar T>
class supply_builder {
 public:
  /// Without `other`, rows named "Other" are rejected.
  explicit supply_builder(std::optional<other_rows> other = std::nullopt) : other_(other) {}

  /// How "Other" rows are treated, if the caller said.
  [[nodiscard]] std::optional<other_rows> other_policy() const noexcept { return other_; }

  /// Room for `rows` rows without reallocating (a hint: more may be added).
  void reserve(std::size_t rows) { rows_.reserve(rows); }

  /// Adds one row. Errors (invalid_input), checked in this order:
  ///   "chokepoint::supply_base: row 3: material is empty"
  ///   "chokepoint::supply_base: row 3 (material 'Dy'): supplier is empty" (country too)
  ///   "chokepoint::supply_base: row 3 (material 'Dy'): 'World total' is a total row, not a producer"
  ///   "chokepoint::supply_base: row 3 (material 'Dy'): 'Other' row needs an explicit other_rows choice"
  ///   "chokepoint::supply_base: row 3 (material 'Dy'): volume is not finite"
  ///   "chokepoint::supply_base: row 3 (material 'Dy'): volume is negative"
  void add(std::string_view material, std::string_view supplier, std::string_view country, const T& volume,
           std::size_t row = 0) {
    const std::size_t r = next_row(row);
    if (material.empty()) fail_row(r, "material is empty");
    if (supplier.empty()) fail_row(r, material, "supplier is empty");
    if (country.empty()) fail_row(r, material, "country is empty");
    for (const std::string_view name : {supplier, country})
      if (detail::is_total_name(name))
        fail_row(r, material, detail::concat("'", name, "' is a total row, not a producer"));
    if (!other_) {
      for (const std::string_view name : {supplier, country})
        if (detail::is_other_name(name))
          fail_row(r, material, detail::concat("'", name, "' row needs an explicit other_rows choice"));
    }
    check_volume(r, material, volume);
    const material_id m = intern_material_at(material, r);
    ++names_.row_count[m];
    rows_.push(m, intern_name(names_.suppliers, names_.supplier_other, supplier),
               intern_name(names_.countries, names_.country_other, country), volume);
  }

  void add(const supply_row<T>& r) { add(r.material, r.supplier, r.country, r.volume, r.row); }

  /// Interns a name without adding a row, for callers that add rows by id (the fast
  /// path for tables already encoded as integers).
  material_id intern_material(std::string_view material) {
    if (material.empty()) detail::throw_invalid(where, "material is empty");
    const auto [id, is_new] = intern(names_.materials, material);
    if (is_new) {
      names_.first_row.push_back(0);
      names_.row_count.push_back(0);
    }
    return id;
  }
  supplier_id intern_supplier(std::string_view supplier) {
    check_name(supplier, "supplier");
    return intern_name(names_.suppliers, names_.supplier_other, supplier);
  }
  country_id intern_country(std::string_view country) {
    check_name(country, "country");
    return intern_name(names_.countries, names_.country_other, country);
  }

  /// Adds one row by interned ids; same volume and "Other" checks and messages as the
  /// named add().
  void add(material_id m, supplier_id s, country_id c, const T& volume, std::size_t row = 0) {
    CHOKEPOINT_ASSERT(m < names_.materials.size() && s < names_.suppliers.size() && c < names_.countries.size(),
                      "supply_builder::add: id out of range");
    const std::size_t r = next_row(row);
    if (!other_) {
      if (names_.supplier_other[s] != 0)
        fail_row(r, names_.materials[m],
                 detail::concat("'", names_.suppliers[s], "' row needs an explicit other_rows choice"));
      if (names_.country_other[c] != 0)
        fail_row(r, names_.materials[m],
                 detail::concat("'", names_.countries[c], "' row needs an explicit other_rows choice"));
    }
    check_volume(r, names_.materials[m], volume);
    if (names_.first_row[m] == 0) names_.first_row[m] = r;
    ++names_.row_count[m];
    rows_.push(m, s, c, volume);
  }

  /// Sums duplicate sources, groups by supplier and by country, computes shares and
  /// freezes the result; the builder keeps its rows (the rvalue overload gives them up).
  /// Errors: "chokepoint::supply_base: material 'Dy' (first row 3): all volumes are zero",
  /// "chokepoint::supply_base: material 'Dy' (first row 3): total volume overflows",
  /// "chokepoint::supply_base: material 'Dy' has no rows".
  [[nodiscard]] supply_base<T> build() const& { return freeze(*this); }
  [[nodiscard]] supply_base<T> build() && { return freeze(std::move(*this)); }

 private:
  static constexpr std::string_view where = "chokepoint::supply_base";

  template <class Self>
  static supply_base<T> freeze(Self&& self);

  std::size_t next_row(std::size_t row) {
    ++rows_seen_;
    return row != 0 ? row : rows_seen_;
  }

  [[noreturn]] static void fail_row(std::size_t row, std::string_view what) {
    detail::throw_invalid(where, detail::concat("row ", std::to_string(row), ": ", what));
  }
  [[noreturn]] static void fail_row(std::size_t row, std::string_view material, std::string_view what) {
    detail::throw_invalid(where, detail::concat("row ", std::to_string(row), " (material '", material, "'): ", what));
  }

  static void check_volume(std::size_t row, std::string_view material, const T& volume) {
    if (!scalar_traits<T>::is_finite(volume)) fail_row(row, material, "volume is not finite");
    if (volume < T(0)) fail_row(row, material, "volume is negative");
  }

  static void check_name(std::string_view name, std::string_view kind) {
    if (name.empty()) detail::throw_invalid(where, detail::concat(kind, " is empty"));
    if (detail::is_total_name(name))
      detail::throw_invalid(where, detail::concat("'", name, "' is a total row, not a producer"));
  }

  static std::pair<std::uint32_t, bool> intern(detail::name_index& names, std::string_view name) {
    CHOKEPOINT_ASSERT(names.size() < detail::name_index::no_id, "more than 2^32 - 1 names");
    return names.intern(name);
  }

  static std::uint32_t intern_name(detail::name_index& names, std::vector<char>& other, std::string_view name) {
    const auto [id, is_new] = intern(names, name);
    if (is_new) other.push_back(detail::is_other_name(name) ? 1 : 0);
    return id;
  }

  material_id intern_material_at(std::string_view material, std::size_t row) {
    const auto [id, is_new] = intern(names_.materials, material);
    if (is_new) {
      names_.first_row.push_back(row);
      names_.row_count.push_back(0);
    } else if (names_.first_row[id] == 0) {
      names_.first_row[id] = row;
    }
    return id;
  }

  std::optional<other_rows> other_;
  detail::supply_names<detail::name_index> names_;
  std::size_t rows_seen_ = 0;
  detail::supply_rows<T> rows_;
};

/// Who supplies each material, from where, how much: built by supply_builder (or from
/// rows at once), then read-only.
template <scalar T>
class supply_base {
 public:
  using scalar_type = T;

  /// The sources of every material in compressed form: the sources of material m are
  /// [offsets[m], offsets[m + 1]) in the other arrays.
  struct sources_view {
    std::span<const std::size_t> offsets;
    std::span<const supplier_id> suppliers;
    std::span<const country_id> countries;
    std::span<const T> volumes;
    std::span<const T> shares;
  };

  /// One grouping of every material in compressed form; ids are supplier ids or
  /// country ids.
  struct groups_view {
    std::span<const std::size_t> offsets;
    std::span<const std::uint32_t> ids;
    std::span<const T> volumes;
    std::span<const T> shares;
  };

  /// An empty supply base: no material.
  supply_base() = default;

  /// Built from rows at once (supply_builder::add, then build(); its checks and messages).
  template <std::ranges::input_range Rows = std::initializer_list<supply_row<T>>>
  requires std::same_as<std::ranges::range_value_t<Rows>, supply_row<T>>
  explicit supply_base(const Rows& rows, std::optional<other_rows> other = std::nullopt) {
    supply_builder<T> builder(other);
    if constexpr (std::ranges::sized_range<Rows>) builder.reserve(std::ranges::size(rows));
    for (const supply_row<T>& r : rows) builder.add(r);
    *this = std::move(builder).build();
  }

  /// How "Other" rows are treated, if the caller said.
  [[nodiscard]] std::optional<other_rows> other_policy() const noexcept { return other_; }

  // ---- names -------------------------------------------------------------------------

  [[nodiscard]] std::size_t material_count() const noexcept { return names_.materials.size(); }
  [[nodiscard]] std::size_t supplier_count() const noexcept { return names_.suppliers.size(); }
  [[nodiscard]] std::size_t country_count() const noexcept { return names_.countries.size(); }

  [[nodiscard]] std::optional<material_id> find(std::string_view material) const {
    return names_.materials.find(material);
  }
  /// Throws invalid_input "chokepoint::supply_base: unknown material 'Xx'".
  [[nodiscard]] material_id id(std::string_view material) const {
    return known(names_.materials.find(material), "material", material);
  }
  [[nodiscard]] const std::string& name(material_id m) const { return names_.materials.name(m); }
  /// The row number of m's first row as given to add() (a file's line), or its 1-based
  /// position among the rows added when none was given; 0 for a name interned without rows.
  [[nodiscard]] std::size_t first_row(material_id m) const { return names_.first_row.at(m); }
  /// How many rows were added for m (duplicates of a source count each).
  [[nodiscard]] std::size_t row_count(material_id m) const { return names_.row_count.at(m); }

  [[nodiscard]] std::optional<supplier_id> find_supplier(std::string_view s) const { return names_.suppliers.find(s); }
  /// Throws invalid_input "chokepoint::supply_base: unknown supplier 'X'".
  [[nodiscard]] supplier_id supplier(std::string_view s) const {
    return known(names_.suppliers.find(s), "supplier", s);
  }
  [[nodiscard]] const std::string& supplier_name(supplier_id s) const { return names_.suppliers.name(s); }

  [[nodiscard]] std::optional<country_id> find_country(std::string_view c) const { return names_.countries.find(c); }
  /// Throws invalid_input "chokepoint::supply_base: unknown country 'X'".
  [[nodiscard]] country_id country(std::string_view c) const { return known(names_.countries.find(c), "country", c); }
  [[nodiscard]] const std::string& country_name(country_id c) const { return names_.countries.name(c); }

  /// The name of a supplier id or a country id, by grouping.
  [[nodiscard]] const std::string& group_name(grouping g, std::uint32_t id) const {
    return g == grouping::supplier ? names_.suppliers.name(id) : names_.countries.name(id);
  }

  /// Whether a supplier / country name is an "Other" aggregate.
  [[nodiscard]] bool is_other_supplier(supplier_id s) const { return names_.supplier_other.at(s) != 0; }
  [[nodiscard]] bool is_other_country(country_id c) const { return names_.country_other.at(c) != 0; }
  /// Whether entry `id` of grouping g is an unknown remainder in the measures.
  [[nodiscard]] bool is_remainder(grouping g, std::uint32_t id) const {
    if (other_ != other_rows::unknown_remainder) return false;
    return (g == grouping::supplier ? names_.supplier_other : names_.country_other)[id] != 0;
  }

  // ---- data, per material and in bulk --------------------------------------------------

  [[nodiscard]] T total_volume(material_id m) const {
    require_material(m);
    return tables_.total[m];
  }

  [[nodiscard]] sources_view sources() const {
    const auto& t = tables_.sources;
    return {t.offsets, t.ids, tables_.source_country, t.volumes, t.shares};
  }
  [[nodiscard]] groups_view groups(grouping g) const {
    const auto& t = table(g);
    return {t.offsets, t.ids, t.volumes, t.shares};
  }

  [[nodiscard]] std::span<const supplier_id> source_suppliers(material_id m) const {
    return slice(tables_.sources, std::span<const supplier_id>(tables_.sources.ids), m);
  }
  [[nodiscard]] std::span<const country_id> source_countries(material_id m) const {
    return slice(tables_.sources, std::span<const country_id>(tables_.source_country), m);
  }
  [[nodiscard]] std::span<const T> source_volumes(material_id m) const {
    return slice(tables_.sources, std::span<const T>(tables_.sources.volumes), m);
  }
  [[nodiscard]] std::span<const T> source_shares(material_id m) const {
    return slice(tables_.sources, std::span<const T>(tables_.sources.shares), m);
  }

  /// Supplier ids (grouping::supplier) or country ids (grouping::country) of material m,
  /// in order of first appearance, each once.
  [[nodiscard]] std::span<const std::uint32_t> group_ids(material_id m, grouping g) const {
    return slice(table(g), std::span<const std::uint32_t>(table(g).ids), m);
  }
  [[nodiscard]] std::span<const T> group_volumes(material_id m, grouping g) const {
    return slice(table(g), std::span<const T>(table(g).volumes), m);
  }
  [[nodiscard]] std::span<const T> group_shares(material_id m, grouping g) const {
    return slice(table(g), std::span<const T>(table(g).shares), m);
  }

  /// The share of every country (dense, indexed by country id; 0 where m has none).
  [[nodiscard]] std::vector<T> country_share_vector(material_id m) const {
    std::vector<T> out(names_.countries.size(), T(0));
    const auto ids = group_ids(m, grouping::country);
    const auto shares = group_shares(m, grouping::country);
    for (std::size_t k = 0; k < ids.size(); ++k) out[ids[k]] = shares[k];
    return out;
  }

  // ---- measures ------------------------------------------------------------------------

  /// All concentration measures of material m under grouping g.
  [[nodiscard]] material_concentration<T> measures(material_id m, grouping g) const {
    require_material(m);
    const auto& t = table(g);
    material_concentration<T> out;
    out.material = m;
    out.material_name = names_.materials.name(m);
    detail::positive_sums<T> named;
    detail::largest_shares<T, 3> top;
    std::optional<std::uint32_t> largest;
    for (std::size_t k = t.offsets[m]; k < t.offsets[m + 1]; ++k) {
      const T& s = t.shares[k];
      if (is_remainder(g, t.ids[k])) {
        out.remainder += s;
        continue;
      }
      if (!(T(0) < s)) continue;
      named.add(s);
      if (top.add(s)) largest = t.ids[k];
    }
    const T& sum_squares = named.sum_squares;
    out.sources = named.count;
    out.hhi = sum_squares;
    out.hhi_points = to_points(sum_squares);
    const bool has_remainder = T(0) < out.remainder;
    out.normalized_hhi = has_remainder ? sum_squares : detail::normalize_hhi(sum_squares, out.sources);
    out.effective_sources = detail::effective_number(sum_squares);
    out.cr1 = top.top[0];
    out.cr3 = T(T(top.top[0] + top.top[1]) + top.top[2]);
    if (largest) out.largest = group_name(g, *largest);
    out.largest_share = top.top[0];
    const auto bounds = detail::remainder_bounds(sum_squares, out.sources, named.smallest, out.remainder, std::nullopt);
    out.hhi_lower = bounds.lower;
    out.hhi_upper = bounds.upper;
    return out;
  }

  /// measures() of every material, in id order.
  [[nodiscard]] std::vector<material_concentration<T>> report(grouping g) const {
    std::vector<material_concentration<T>> out;
    out.reserve(names_.materials.size());
    for (std::size_t m = 0; m < names_.materials.size(); ++m) out.push_back(measures(static_cast<material_id>(m), g));
    return out;
  }

  /// HHI (fraction scale) of material m under grouping g; the point value under an
  /// unknown remainder (as measures(m, g).hhi). Reads only the shares (and, under
  /// other_rows::unknown_remainder, the ids): cheap enough to call for every material.
  [[nodiscard]] T hhi(material_id m, grouping g) const {
    require_material(m);
    const auto& t = table(g);
    const T* share = t.shares.data();
    T sum(0);
    if (other_ == other_rows::unknown_remainder) {
      const auto& other = g == grouping::supplier ? names_.supplier_other : names_.country_other;
      for (std::size_t k = t.offsets[m]; k < t.offsets[m + 1]; ++k)
        if (other[t.ids[k]] == 0) sum += share[k] * share[k];
    } else {
      for (std::size_t k = t.offsets[m]; k < t.offsets[m + 1]; ++k) sum += share[k] * share[k];
    }
    return sum;
  }

  /// CR_k of material m under grouping g, over the named entries.
  [[nodiscard]] T concentration_ratio(material_id m, grouping g, std::size_t k) const {
    std::vector<T> named = named_shares(m, g);
    if (k == 0 || named.empty()) return T(0);
    return detail::sum_of_largest(named, std::min(k, named.size()));
  }

  /// HHI bounds of material m under grouping g, optionally knowing the total number of
  /// sources N (named plus unknown); exact (lower = upper) without an unknown remainder.
  /// Errors are those of chokepoint::hhi_bounds.
  [[nodiscard]] hhi_interval<T> hhi_bounds(material_id m, grouping g,
                                           std::optional<std::size_t> total_sources = std::nullopt) const {
    return chokepoint::hhi_bounds(named_shares(m, g), total_sources);
  }

 private:
  friend class supply_builder<T>;
  static constexpr std::string_view where = "chokepoint::supply_base";

  static std::uint32_t known(std::optional<std::uint32_t> id, std::string_view kind, std::string_view name) {
    if (!id) detail::throw_invalid(where, detail::concat("unknown ", kind, " '", name, "'"));
    return *id;
  }

  void require_material(material_id m) const {
    CHOKEPOINT_ASSERT(m < names_.materials.size(), "supply_base: material id out of range");
  }

  [[nodiscard]] const detail::csr_table<T>& table(grouping g) const {
    return tables_.groups[g == grouping::supplier ? 0 : 1];
  }

  template <class U>
  [[nodiscard]] std::span<const U> slice(const detail::csr_table<T>& t, std::span<const U> all, material_id m) const {
    require_material(m);
    return all.subspan(t.offsets[m], t.offsets[m + 1] - t.offsets[m]);
  }

  /// The positive shares of m under g that are not an unknown remainder.
  [[nodiscard]] std::vector<T> named_shares(material_id m, grouping g) const {
    require_material(m);
    const auto& t = table(g);
    std::vector<T> out;
    for (std::size_t k = t.offsets[m]; k < t.offsets[m + 1]; ++k)
      if (!is_remainder(g, t.ids[k]) && T(0) < t.shares[k]) out.push_back(t.shares[k]);
    return out;
  }

  std::optional<other_rows> other_;
  detail::supply_names<detail::name_list> names_;
  detail::supply_tables<T> tables_;
};

template <scalar T>
template <class Self>
supply_base<T> supply_builder<T>::freeze(Self&& self) {
  const auto& names = self.names_;
  supply_base<T> out;
  out.tables_ = detail::aggregate_supply(
      self.rows_, names.materials.size(), names.suppliers.size(), names.countries.size(), where,
      [&names](std::uint32_t m) { return names.materials[m]; }, std::span<const std::size_t>(names.first_row));
  if constexpr (!std::is_lvalue_reference_v<Self>) self.rows_ = {};
  out.other_ = self.other_;
  out.names_ = detail::frozen(std::forward<Self>(self).names_);
  return out;
}

#ifdef CHOKEPOINT_SEPARATE_COMPILATION
// Compiled once, in the file that includes <chokepoint/instantiate.hpp>.
extern template class supply_builder<double>;
extern template class supply_base<double>;
#endif

}  // namespace chokepoint
