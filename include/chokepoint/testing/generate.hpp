// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Seeded generator of realistic bills of materials and supply bases, for benchmarks,
// load tests and property tests (ours and our users'). The shape follows published
// descriptions of manufacturing BOMs:
//
//   kind           share  role in chokepoint's graph terms
//   product         1%    root (item_kind::product); fan-out 2..26, median 14
//   assembly        5%    inner node (item_kind::assembly); fan-out 2..26, median 14
//   component      89%    made part: an inner node too (item_kind::assembly), whose
//                         children are raw materials and sometimes (15%) sub-components;
//                         fan-out 1..12, median 5
//   raw material    5%    leaf (item_kind::material): the only purchased items
//
// so a BOM built from it has 1% products, 94% assemblies and 5% materials, and every
// material is a raw material. The fan-outs give about 5.2 edges per item. Items carry a
// rank (products 0, assemblies 1..8, components 2..10, raw materials 11) and every edge
// goes to a higher rank, so the BOM has at most 12 levels. Fan-in to raw materials is
// heavy-tailed: the k-th most popular raw material is drawn with weight 1/(k + k0),
// k0 = raw materials / 1800, so the most used ones have tens of thousands of parents at
// 1e5 items and above. Every item except a product has at least one parent.
//
// Supply: each purchased item has 1..8 sources (25% single-sourced, mean about 3.1),
// from distinct suppliers; suppliers are drawn with a heavy-tailed popularity and sit in
// one of 30 countries (China the largest, as for the materials this library was written
// about), and 15% of sources ship from a plant outside the supplier's home country.
//
// Determinism: the same (items, seed) gives the same result on every platform. Only
// std::mt19937_64, whose output the standard fixes, is used from <random>; the
// distributions are written here with integer arithmetic (std:: distributions differ
// between standard libraries). Quantities are multiples of 1/4 and volumes, demand and
// stock are integers, so every scalar type, the rational one included, holds them exactly.
//
// Generation is linear in the size: 1e6 items take about a second; building the
// bill_of_materials from it (name interning, validation) takes several times longer.

#include <chokepoint/bom.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint::testing {

/// What an item is in the generator's (and a planner's) vocabulary.
enum class generated_kind : std::uint8_t { product, assembly, component, raw_material };

/// `quantity` units of `child` per unit of `parent` (a multiple of 1/4).
struct generated_edge {
  std::uint32_t parent;
  std::uint32_t child;
  double quantity;
};

/// One source of a purchased item: a row of the supply table. `material` is an item id
/// (generate_supply_chain) or a material number (generate_supply).
struct generated_source {
  std::uint32_t material;
  std::uint32_t supplier;
  std::uint32_t country;
  double volume;  ///< a positive integer
};

/// A supply table on its own, for concentration workloads of any size.
struct generated_supply {
  std::size_t material_count = 0;
  std::size_t supplier_count = 0;
  std::size_t country_count = 0;
  std::vector<generated_source> rows;  ///< grouped by material, in material order
};

/// A bill of materials with its supply base, demand and stock. Item ids are dense,
/// ordered by rank (so topologically); names say the kind: P17, A230, C4051, R99911.
struct generated_supply_chain {
  std::vector<generated_kind> kinds;         ///< per item
  std::vector<std::uint8_t> ranks;           ///< per item; every edge goes to a higher rank
  std::vector<generated_edge> edges;         ///< grouped by parent, in parent order
  std::vector<std::uint32_t> products;       ///< item ids, increasing
  std::vector<std::uint32_t> raw_materials;  ///< item ids, increasing (the purchased items)
  generated_supply supply;                   ///< materials are raw-material item ids
  std::vector<double> demand;                ///< units per day, per product (same order)
  std::vector<double> stock;                 ///< units on hand, per item (0 for many)

  [[nodiscard]] std::size_t item_count() const noexcept { return kinds.size(); }
};

namespace detail {
// A letter and a number, without the temporaries of "S" + std::to_string(n).
[[nodiscard]] inline std::string prefixed_number(char prefix, std::uint32_t n) {
  std::array<char, 16> buffer{};
  buffer[0] = prefix;
  const auto end = std::to_chars(buffer.data() + 1, buffer.data() + buffer.size(), n).ptr;
  return std::string(buffer.data(), end);
}
}  // namespace detail

/// Item name: the kind's letter and the id.
[[nodiscard]] inline std::string item_name(const generated_supply_chain& g, std::uint32_t item) {
  static constexpr std::array<char, 4> letter{'P', 'A', 'C', 'R'};
  return detail::prefixed_number(letter[static_cast<std::size_t>(g.kinds[item])], item);
}
/// Supplier name: S and the id.
[[nodiscard]] inline std::string supplier_name(std::uint32_t supplier) {
  return detail::prefixed_number('S', supplier);
}
/// Country name: an ISO 3166 alpha-2 code for the first 30, then X and the id.
[[nodiscard]] inline std::string country_name(std::uint32_t country) {
  static constexpr std::array<std::string_view, 30> codes{"CN", "US", "DE", "JP", "KR", "IN", "TW", "VN", "MX", "TH",
                                                          "MY", "FR", "IT", "BR", "AU", "CA", "PL", "CZ", "ES", "GB",
                                                          "CL", "ID", "ZA", "TR", "PH", "NL", "SE", "RU", "MA", "AR"};
  if (country < codes.size()) return std::string(codes[country]);
  return detail::prefixed_number('X', country);
}
/// Material name of generate_supply's tables: M and the number.
[[nodiscard]] inline std::string material_name(std::uint32_t material) {
  return detail::prefixed_number('M', material);
}

namespace detail {

// Integer-only sampling on top of mt19937_64 (whose sequence the standard fixes).
class sampler {
 public:
  explicit sampler(std::uint64_t seed) : rng_(seed) {}

  /// Uniform in [0, n), n < 2^32: the top 32 bits scaled (bias below 2^-32 n).
  std::uint32_t below(std::uint64_t n) { return static_cast<std::uint32_t>(((rng_() >> 32) * n) >> 32); }
  /// True with probability per_mille / 1000.
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }
  std::uint64_t bits() { return rng_(); }

 private:
  std::mt19937_64 rng_;
};

// A discrete distribution over 0..k-1 from integer weights: cumulative sums and a
// binary search, exact and platform independent.
class weighted_choice {
 public:
  weighted_choice() = default;
  explicit weighted_choice(const std::vector<std::uint64_t>& weights) {
    cumulative_.reserve(weights.size());
    std::uint64_t sum = 0;
    for (const std::uint64_t w : weights) cumulative_.push_back(sum += w);
  }
  std::uint32_t operator()(sampler& s) const {
    const std::uint64_t x = s.bits() % cumulative_.back();
    return static_cast<std::uint32_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
                                      cumulative_.begin());
  }

 private:
  std::vector<std::uint64_t> cumulative_;
};

// Weights 2^40 / (k + k0) for k = 0..n-1: a Zipf law with offset, the heavy tail of
// real part commonality (a few materials in everything, most in a few parts).
inline weighted_choice zipf_choice(std::size_t n, std::uint64_t k0) {
  std::vector<std::uint64_t> w(n);
  for (std::size_t k = 0; k < n; ++k) w[k] = (std::uint64_t{1} << 40) / (k + k0);
  return weighted_choice(w);
}

inline void shuffle(std::vector<std::uint32_t>& v, sampler& s) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[s.below(i)]);
}

// Counts per rank for `total` items spread by integer weights (largest remainder).
inline std::vector<std::size_t> spread(std::size_t total, const std::vector<std::uint64_t>& weights) {
  std::uint64_t sum = 0;
  for (const std::uint64_t w : weights) sum += w;
  std::vector<std::size_t> out(weights.size());
  std::size_t given = 0;
  for (std::size_t r = 0; r < weights.size(); ++r) given += out[r] = static_cast<std::size_t>(total * weights[r] / sum);
  for (std::size_t r = 0; given < total; r = (r + 1) % weights.size(), ++given) ++out[r];
  return out;
}

inline constexpr std::uint32_t max_rank = 11;
inline constexpr std::uint32_t first_assembly_rank = 1;
inline constexpr std::uint32_t first_component_rank = 2;
// Items per rank (relative), assemblies at ranks 1..8 and components at ranks 2..10.
inline const std::vector<std::uint64_t> assembly_rank_weights{60, 52, 38, 24, 14, 8, 3, 1};
inline const std::vector<std::uint64_t> component_rank_weights{10, 16, 18, 17, 14, 10, 7, 5, 3};
// Fan-out of a component, 1..12: median 5, mean 4.9.
inline const std::vector<std::uint64_t> component_fan_out_weights{7, 11, 13, 16, 16, 13, 9, 6, 4, 3, 1, 1};
// Sources per purchased item, 1..8: 25% single-sourced, mean 3.14.
inline const std::vector<std::uint64_t> source_count_weights{25, 22, 17, 12, 9, 7, 5, 3};
// Where suppliers sit (per cent, summing to 100), in country_name order.
inline const std::vector<std::uint64_t> country_weights{22, 10, 7, 7, 5, 5, 4, 3, 3, 3, 3, 3, 2, 2, 2,
                                                        2,  2,  2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

// Sources for the materials `materials` (ids as given), appended to `out.rows`.
inline void generate_sources(const std::vector<std::uint32_t>& materials, sampler& s, generated_supply& out) {
  const std::size_t countries = country_weights.size();
  const std::size_t suppliers = std::max<std::size_t>(16, materials.size() / 2);
  const weighted_choice country_of(country_weights);
  std::vector<std::uint32_t> home(suppliers);
  for (auto& c : home) c = country_of(s);
  // Popularity rank -> supplier id, so that big suppliers are spread over the ids.
  std::vector<std::uint32_t> by_popularity(suppliers);
  for (std::uint32_t i = 0; i < suppliers; ++i) by_popularity[i] = i;
  shuffle(by_popularity, s);
  const weighted_choice supplier_of = zipf_choice(suppliers, suppliers / 200 + 1);
  const weighted_choice source_count(source_count_weights);

  out.supplier_count = suppliers;
  out.country_count = countries;
  out.material_count = materials.size();
  out.rows.reserve(out.rows.size() + materials.size() * 16 / 5);
  std::array<std::uint32_t, 8> chosen{};
  for (const std::uint32_t m : materials) {
    const std::uint32_t want = source_count(s) + 1;
    std::uint32_t have = 0;
    for (std::uint32_t tries = 0; have < want && tries < 4 * want; ++tries) {
      const std::uint32_t sup = by_popularity[supplier_of(s)];
      if (std::find(chosen.begin(), chosen.begin() + have, sup) != chosen.begin() + have) continue;
      chosen[have++] = sup;
      const std::uint32_t country = s.chance(150) ? country_of(s) : home[sup];
      const double volume = static_cast<double>((1 + s.below(100)) << s.below(8));
      out.rows.push_back({m, sup, country, volume});
    }
  }
}

}  // namespace detail

/// A supply table of `materials` materials (numbered 0..materials-1, named M0, M1, ...)
/// with the source-count, supplier and country laws of generate_supply_chain: about
/// 3.14 rows per material. Throws invalid_input
/// "chokepoint::generate_supply: materials must be between 1 and 1000000000".
[[nodiscard]] inline generated_supply generate_supply(std::size_t materials, std::uint64_t seed) {
  if (materials < 1 || materials > 1000000000)
    throw invalid_input("chokepoint::generate_supply: materials must be between 1 and 1000000000");
  detail::sampler s(seed);
  std::vector<std::uint32_t> ids(materials);
  for (std::uint32_t m = 0; m < materials; ++m) ids[m] = m;
  generated_supply out;
  detail::generate_sources(ids, s, out);
  return out;
}

/// A bill of materials of `items` items with supply, demand and stock (see the header
/// comment for the shape). Throws invalid_input
/// "chokepoint::generate_supply_chain: items must be between 1000 and 100000000".
[[nodiscard]] inline generated_supply_chain generate_supply_chain(std::size_t items, std::uint64_t seed) {
  if (items < 1000 || items > 100000000)
    throw invalid_input("chokepoint::generate_supply_chain: items must be between 1000 and 100000000");
  using detail::max_rank;
  detail::sampler s(seed);
  generated_supply_chain g;

  const std::size_t n_products = items / 100;
  const std::size_t n_assemblies = items / 20;
  const std::size_t n_raw = items / 20;
  const std::size_t n_components = items - n_products - n_assemblies - n_raw;
  const auto assemblies_at = detail::spread(n_assemblies, detail::assembly_rank_weights);
  const auto components_at = detail::spread(n_components, detail::component_rank_weights);

  // Ids in rank order: products, then per rank its assemblies and its components, then
  // the raw materials. by_kind[k] lists the ids of kind k (increasing, so by rank);
  // rank_begin[k][r] is the position in by_kind[k] of its first item of rank >= r.
  g.kinds.reserve(items);
  g.ranks.reserve(items);
  std::array<std::vector<std::uint32_t>, 4> by_kind;
  std::array<std::array<std::size_t, max_rank + 2>, 4> rank_begin{};
  const auto add = [&](generated_kind k, std::uint32_t rank) {
    by_kind[static_cast<std::size_t>(k)].push_back(static_cast<std::uint32_t>(g.kinds.size()));
    g.kinds.push_back(k);
    g.ranks.push_back(static_cast<std::uint8_t>(rank));
  };
  std::array<std::uint32_t, max_rank + 1> rank_first_id{};
  for (std::uint32_t r = 0; r <= max_rank; ++r) {
    rank_first_id[r] = static_cast<std::uint32_t>(g.kinds.size());
    for (std::size_t k = 0; k < 4; ++k) rank_begin[k][r] = by_kind[k].size();
    if (r == 0)
      for (std::size_t i = 0; i < n_products; ++i) add(generated_kind::product, r);
    if (r >= detail::first_assembly_rank && r - detail::first_assembly_rank < assemblies_at.size())
      for (std::size_t i = 0; i < assemblies_at[r - detail::first_assembly_rank]; ++i) add(generated_kind::assembly, r);
    if (r >= detail::first_component_rank && r - detail::first_component_rank < components_at.size())
      for (std::size_t i = 0; i < components_at[r - detail::first_component_rank]; ++i)
        add(generated_kind::component, r);
    if (r == max_rank)
      for (std::size_t i = 0; i < n_raw; ++i) add(generated_kind::raw_material, r);
  }
  for (std::size_t k = 0; k < 4; ++k) rank_begin[k][max_rank + 1] = by_kind[k].size();
  g.products = by_kind[0];
  g.raw_materials = by_kind[3];

  // Raw materials by popularity: a random order, drawn with Zipf weights.
  std::vector<std::uint32_t> raw_by_popularity = g.raw_materials;
  detail::shuffle(raw_by_popularity, s);
  const detail::weighted_choice raw_choice = detail::zipf_choice(n_raw, std::max<std::uint64_t>(1, n_raw / 1800));
  const detail::weighted_choice component_fan_out(detail::component_fan_out_weights);

  // Children of inner kinds (assembly, component) are taken first from a cursor over
  // the items not yet used, in rank order, so that nearly every item gets a parent;
  // otherwise shared with other parents (see below).
  std::array<std::size_t, 4> cursor{};
  std::vector<std::uint8_t> has_parent(items, 0);
  const auto pick = [&](std::size_t k, std::uint32_t parent, std::uint32_t new_per_mille) -> std::uint32_t {
    const std::uint32_t parent_rank = g.ranks[parent];
    const auto& list = by_kind[k];
    const std::size_t lo = rank_begin[k][parent_rank + 1];
    if (lo == list.size()) return 0;  // nothing of this kind below: caller falls back
    cursor[k] = std::max(cursor[k], lo);
    if (cursor[k] < list.size() && s.chance(new_per_mille)) return list[cursor[k]++];
    std::size_t hi = rank_begin[k][std::min<std::uint32_t>(parent_rank + 4, max_rank + 1)];
    if (hi <= lo) hi = list.size();
    // Shared parts come from the parent's neighbourhood (a product family), a window of
    // 2% of the candidates around the parent's relative position: with uniform sharing
    // every product would reach nearly every part.
    const std::size_t span = hi - lo;
    const std::size_t window = std::min(span, std::max<std::size_t>(16, span / 50));
    const std::size_t centre = lo + static_cast<std::size_t>(static_cast<std::uint64_t>(parent) * span / items);
    const std::size_t first = std::clamp(centre, lo + window / 2, hi - (window - window / 2)) - window / 2;
    return list[first + s.below(window)];
  };

  g.edges.reserve(items * 27 / 5);
  std::vector<std::uint32_t> row;
  const auto push_child = [&](std::uint32_t parent, std::uint32_t child, double quantity) {
    if (std::find(row.begin(), row.end(), child) != row.end()) return;  // duplicates are dropped
    row.push_back(child);
    has_parent[child] = 1;
    g.edges.push_back({parent, child, quantity});
  };
  const auto raw_child = [&] { return raw_by_popularity[raw_choice(s)]; };
  const auto whole_quantity = [&] {  // 1 (60%), 2 (20%), 3 or 4
    const std::uint32_t u = s.below(10);
    return u < 6 ? 1.0 : u < 8 ? 2.0 : u < 9 ? 3.0 : 4.0;
  };

  const auto n_inner = static_cast<std::uint32_t>(items - n_raw);
  for (std::uint32_t p = 0; p < n_inner; ++p) {
    row.clear();
    const std::uint32_t r = g.ranks[p];
    if (g.kinds[p] != generated_kind::component) {
      const std::uint32_t fan_out = 2 + s.below(13) + s.below(13);
      for (std::uint32_t j = 0; j < fan_out; ++j) {
        std::uint32_t c = s.chance(200) ? pick(1, p, 400) : 0;
        if (c == 0) c = pick(2, p, 600);
        if (c == 0) c = raw_child();  // nothing made below this rank: a raw material
        push_child(p, c, whole_quantity());
      }
    } else {
      const std::uint32_t fan_out = component_fan_out(s) + 1;
      for (std::uint32_t j = 0; j < fan_out; ++j) {
        std::uint32_t c = 0;
        if (r + 1 < max_rank && s.chance(150)) c = pick(2, p, 600);
        if (c == 0) push_child(p, raw_child(), static_cast<double>(1 + s.below(16)) / 4.0);
        else push_child(p, c, whole_quantity());
      }
    }
  }

  // Items left without a parent get one at random from the ranks above; raw materials
  // from any component. A stable merge keeps the edges grouped by parent.
  const std::size_t before_fallback = g.edges.size();
  for (std::uint32_t i = static_cast<std::uint32_t>(n_products); i < items; ++i) {
    if (has_parent[i]) continue;
    std::uint32_t parent = 0;
    switch (g.kinds[i]) {
      case generated_kind::assembly: {  // a product or an assembly of a lower rank
        const std::size_t below = n_products + rank_begin[1][g.ranks[i]];
        const std::uint32_t u = s.below(below);
        parent = u < n_products ? by_kind[0][u] : by_kind[1][u - n_products];
        break;
      }
      case generated_kind::component: parent = s.below(rank_first_id[g.ranks[i]]); break;
      default: parent = by_kind[2][s.below(by_kind[2].size())]; break;
    }
    g.edges.push_back({parent, i, g.kinds[i] == generated_kind::raw_material ? 1.0 : whole_quantity()});
  }
  const auto by_parent = [](const generated_edge& a, const generated_edge& b) { return a.parent < b.parent; };
  const auto middle = g.edges.begin() + static_cast<std::ptrdiff_t>(before_fallback);
  std::stable_sort(middle, g.edges.end(), by_parent);
  std::inplace_merge(g.edges.begin(), middle, g.edges.end(), by_parent);

  detail::generate_sources(g.raw_materials, s, g.supply);
  g.demand.resize(n_products);
  for (double& d : g.demand) d = static_cast<double>(1 + s.below(20));
  g.stock.assign(items, 0.0);
  for (std::uint32_t i = 0; i < items; ++i) {
    switch (g.kinds[i]) {
      case generated_kind::product: g.stock[i] = static_cast<double>(s.below(51)); break;
      case generated_kind::raw_material: g.stock[i] = static_cast<double>(s.below(5001)); break;
      default:
        if (s.chance(500)) g.stock[i] = static_cast<double>(s.below(201));
        break;
    }
  }
  return g;
}

/// The generated BOM through bom_builder (names from item_name), validated and frozen.
template <scalar T = double>
[[nodiscard]] bill_of_materials<T> make_bill_of_materials(const generated_supply_chain& g) {
  bom_builder<T> b;
  for (const generated_edge& e : g.edges)  // quarters: exact in every scalar type
    b.add_edge(item_name(g, e.parent), item_name(g, e.child), T(T(static_cast<int>(e.quantity * 4)) / T(4)));
  return std::move(b).build();
}

namespace detail {

template <scalar T, class NameOf>
supply_base<T> make_supply_base(const generated_supply& supply, NameOf name_of) {
  supply_builder<T> base;
  base.reserve(supply.rows.size());
  std::vector<supplier_id> suppliers(supply.supplier_count);
  for (std::uint32_t i = 0; i < suppliers.size(); ++i) suppliers[i] = base.intern_supplier(supplier_name(i));
  std::vector<country_id> countries(supply.country_count);
  for (std::uint32_t i = 0; i < countries.size(); ++i) countries[i] = base.intern_country(country_name(i));
  std::uint32_t last = 0;
  material_id m = 0;
  bool first = true;
  for (const generated_source& r : supply.rows) {
    if (first || r.material != last) m = base.intern_material(name_of(r.material));
    first = false;
    last = r.material;
    base.add(m, suppliers[r.supplier], countries[r.country], T(static_cast<int>(r.volume)));
  }
  return std::move(base).build();
}

}  // namespace detail

/// The supply base of a generated supply chain (materials named as in the BOM).
template <scalar T = double>
[[nodiscard]] supply_base<T> make_supply_base(const generated_supply_chain& g) {
  return detail::make_supply_base<T>(g.supply, [&g](std::uint32_t m) { return item_name(g, m); });
}
/// The supply base of a table from generate_supply (materials named M0, M1, ...).
template <scalar T = double>
[[nodiscard]] supply_base<T> make_supply_base(const generated_supply& supply) {
  return detail::make_supply_base<T>(supply, [](std::uint32_t m) { return material_name(m); });
}

namespace detail {

inline void append_number(std::string& out, double x) {
  std::array<char, 32> buffer{};
  const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x).ptr;
  out.append(buffer.data(), end);
}

// Writes in blocks: a std::string per line would dominate the time at 1e6 items.
class block_writer {
 public:
  explicit block_writer(std::ostream& out) : out_(out) { text_.reserve(block + 256); }
  ~block_writer() { flush(); }
  block_writer(const block_writer&) = delete;
  block_writer& operator=(const block_writer&) = delete;
  std::string& text() { return text_; }
  void line_done() {
    text_ += '\n';
    if (text_.size() >= block) flush();
  }
  void flush() {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

 private:
  static constexpr std::size_t block = std::size_t{1} << 16;
  std::ostream& out_;
  std::string text_;
};

}  // namespace detail

/// BOM CSV as the command-line tool reads it: `parent,child,quantity`.
inline void write_bom_csv(std::ostream& out, const generated_supply_chain& g) {
  detail::block_writer w(out);
  w.text() += "parent,child,quantity";
  w.line_done();
  for (const generated_edge& e : g.edges) {
    w.text() += item_name(g, e.parent);
    w.text() += ',';
    w.text() += item_name(g, e.child);
    w.text() += ',';
    detail::append_number(w.text(), e.quantity);
    w.line_done();
  }
}

/// Supply CSV: `material,supplier,country,volume`.
inline void write_supply_csv(std::ostream& out, const generated_supply_chain& g) {
  detail::block_writer w(out);
  w.text() += "material,supplier,country,volume";
  w.line_done();
  for (const generated_source& r : g.supply.rows) {
    w.text() += item_name(g, r.material);
    w.text() += ',';
    w.text() += supplier_name(r.supplier);
    w.text() += ',';
    w.text() += country_name(r.country);
    w.text() += ',';
    detail::append_number(w.text(), r.volume);
    w.line_done();
  }
}

/// Demand CSV: `product,rate` (units per day).
inline void write_demand_csv(std::ostream& out, const generated_supply_chain& g) {
  detail::block_writer w(out);
  w.text() += "product,rate";
  w.line_done();
  for (std::size_t k = 0; k < g.products.size(); ++k) {
    w.text() += item_name(g, g.products[k]);
    w.text() += ',';
    detail::append_number(w.text(), g.demand[k]);
    w.line_done();
  }
}

/// Stock CSV: `item,on_hand`, one row per item with stock (missing means 0).
inline void write_stock_csv(std::ostream& out, const generated_supply_chain& g) {
  detail::block_writer w(out);
  w.text() += "item,on_hand";
  w.line_done();
  for (std::uint32_t i = 0; i < g.item_count(); ++i) {
    if (g.stock[i] == 0.0) continue;
    w.text() += item_name(g, i);
    w.text() += ',';
    detail::append_number(w.text(), g.stock[i]);
    w.line_done();
  }
}

/// Writes bom.csv, supply.csv, demand.csv and stock.csv into `directory` (which must
/// exist). Throws chokepoint::error "chokepoint::write_csv_files: cannot write 'PATH'".
inline void write_csv_files(const generated_supply_chain& g, const std::filesystem::path& directory) {
  const auto write = [&](const char* file, void (*writer)(std::ostream&, const generated_supply_chain&)) {
    const std::filesystem::path path = directory / file;
    std::ofstream out(path, std::ios::binary);
    if (out) writer(out, g);
    if (!out) throw error("chokepoint::write_csv_files: cannot write '" + path.string() + "'");
  };
  write("bom.csv", write_bom_csv);
  write("supply.csv", write_supply_csv);
  write("demand.csv", write_demand_csv);
  write("stock.csv", write_stock_csv);
}

}  // namespace chokepoint::testing
