// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Seeded generator of multi-tier supply networks (supply_network.hpp), for benchmarks
// and property tests, with the conventions of generate.hpp (integer sampling on
// std::mt19937_64, the same answer on every platform, values exact in every scalar
// type). The shape:
//
// - tiers: the plant's products (tier 0, made in-house, with demand), then `tiers`
//   tiers of bought items, 20%, 35% and 45% of them for three tiers; an item of tier t
//   takes 2..4 distinct children of tier t + 1 at 1..3 units each, and every item below
//   the products has a parent;
// - sources: every bought item has 2 or 3 nodes, from distinct suppliers of its tier
//   (a supplier serves about four items), in countries drawn as in generate.hpp;
// - capacity: an item's planned flow (its demand exploded from the products) split over
//   its nodes by random weights 1..4, each node with 10% to 60% spare capacity, rounded
//   up to whole units, so the plan runs and a failed node is partly taken over;
// - sites: 30% of the suppliers with several items share one capacity over them, 5% to
//   30% above their planned flows together, below the sum of their nodes';
// - stock: half of the bought items hold 1..30 days of their planned flow;
// - customer lists (when asked): 30% of the nodes whose item has parents made by sources
//   serve only a random non-empty subset of the parents' nodes.
//
// About 2.5 nodes per bought item: `nodes` nodes take about nodes / 2.5 bought items.

#include <chokepoint/bom.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply_network.hpp>
#include <chokepoint/testing/generate.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace chokepoint::testing {

/// One node: `supplier` makes `item` in `country`, `capacity` units per day, for the
/// named customers only when `customers` is not empty (names of parents' sources).
struct generated_node {
  std::uint32_t item, supplier, country;
  double capacity;
  std::vector<std::string> customers;
};

/// A supplier's shared capacity over all of its nodes.
struct generated_site {
  std::uint32_t supplier;
  double capacity;
};

struct generated_network {
  std::vector<std::uint8_t> tiers;    ///< per item; ids in tier order (topological)
  std::vector<generated_edge> edges;  ///< grouped by parent
  std::vector<generated_node> nodes;  ///< grouped by item
  std::vector<generated_site> sites;
  std::vector<double> demand, stock;  ///< per item
  std::size_t supplier_count = 0;

  [[nodiscard]] std::size_t item_count() const noexcept { return tiers.size(); }
};

/// Item name: P (products) or I, and the id.
[[nodiscard]] inline std::string item_name(const generated_network& g, std::uint32_t item) {
  return detail::prefixed_number(g.tiers[item] == 0 ? 'P' : 'I', item);
}

/// A network of about `nodes` nodes over `tiers` tiers below the products (1..3).
/// Throws invalid_input "chokepoint::generate_network: nodes must be between 10 and
/// 10000000".
[[nodiscard]] inline generated_network generate_network(std::size_t nodes, std::uint64_t seed,
                                                        bool customer_lists = false, std::uint32_t tiers = 3) {
  if (nodes < 10 || nodes > 10000000)
    throw invalid_input("chokepoint::generate_network: nodes must be between 10 and 10000000");
  if (tiers < 1 || tiers > 3) throw invalid_input("chokepoint::generate_network: tiers must be 1, 2 or 3");
  detail::sampler s(seed);
  generated_network g;
  const std::size_t bought = std::max<std::size_t>(tiers, nodes * 2 / 5);
  const std::vector<std::uint64_t> tier_weights = tiers == 1   ? std::vector<std::uint64_t>{1}
                                                  : tiers == 2 ? std::vector<std::uint64_t>{2, 3}
                                                               : std::vector<std::uint64_t>{20, 35, 45};
  std::vector<std::size_t> per_tier{std::max<std::size_t>(2, bought / 50)};
  for (const std::size_t c : detail::spread(bought, tier_weights)) per_tier.push_back(std::max<std::size_t>(1, c));
  std::vector<std::uint32_t> first{0};
  for (std::size_t t = 0; t < per_tier.size(); ++t) {
    first.push_back(first.back() + static_cast<std::uint32_t>(per_tier[t]));
    g.tiers.insert(g.tiers.end(), per_tier[t], static_cast<std::uint8_t>(t));
  }
  const std::uint32_t n = first.back();

  // Edges: 2..4 children a parent, then a parent for every orphan.
  std::vector<bool> has_parent(n, false);
  std::vector<std::vector<std::pair<std::uint32_t, double>>> children(n);
  for (std::size_t t = 0; t + 1 < per_tier.size(); ++t) {
    const std::uint32_t lo = first[t + 1], width = first[t + 2] - first[t + 1];
    for (std::uint32_t p = first[t]; p < first[t + 1]; ++p) {
      const std::uint32_t want = std::min<std::uint32_t>(width, 2 + s.below(3));
      while (children[p].size() < want) {
        const std::uint32_t c = lo + s.below(width);
        if (std::any_of(children[p].begin(), children[p].end(), [c](const auto& e) { return e.first == c; })) continue;
        children[p].push_back({c, static_cast<double>(1 + s.below(3))});
        has_parent[c] = true;
      }
    }
    for (std::uint32_t c = lo; c < lo + width; ++c)
      if (!has_parent[c]) {
        children[first[t] + s.below(first[t + 1] - first[t])].push_back({c, static_cast<double>(1 + s.below(3))});
        has_parent[c] = true;
      }
  }
  for (std::uint32_t p = 0; p < n; ++p)
    for (const auto& [c, q] : children[p]) g.edges.push_back({p, c, q});

  // Demand on the products and the planned flow of every item (ids are topological).
  g.demand.assign(n, 0.0);
  std::vector<double> planned(n, 0.0);
  for (std::uint32_t p = first[0]; p < first[1]; ++p) planned[p] = g.demand[p] = 10.0 * (1 + s.below(10));
  for (std::uint32_t p = 0; p < n; ++p)
    for (const auto& [c, q] : children[p]) planned[c] += q * planned[p];

  // Suppliers per tier, each in a home country; 2 or 3 nodes per bought item.
  const detail::weighted_choice country_of(detail::country_weights);
  std::vector<std::uint32_t> home;
  std::vector<std::uint32_t> items_of_supplier;
  g.stock.assign(n, 0.0);
  for (std::size_t t = 1; t < per_tier.size(); ++t) {
    const auto base = static_cast<std::uint32_t>(home.size());
    const auto count = static_cast<std::uint32_t>(std::max<std::size_t>(3, per_tier[t] * 5 / 8));
    for (std::uint32_t k = 0; k < count; ++k) home.push_back(country_of(s));
    items_of_supplier.resize(home.size(), 0);
    for (std::uint32_t i = first[t]; i < first[t + 1]; ++i) {
      const std::uint32_t want = 2 + s.below(2);
      std::vector<std::uint32_t> chosen;
      std::vector<double> weight;
      while (chosen.size() < std::min(want, count)) {
        const std::uint32_t sup = base + s.below(count);
        if (std::find(chosen.begin(), chosen.end(), sup) != chosen.end()) continue;
        chosen.push_back(sup);
        weight.push_back(static_cast<double>(1 + s.below(4)));
      }
      double total = 0;
      for (const double w : weight) total += w;
      for (std::size_t k = 0; k < chosen.size(); ++k) {
        const double spare = 1.1 + 0.1 * s.below(6);
        g.nodes.push_back({i, chosen[k], home[chosen[k]], std::ceil(planned[i] * weight[k] / total * spare), {}});
        ++items_of_supplier[chosen[k]];
      }
      if (s.chance(500)) g.stock[i] = planned[i] * (1 + s.below(30));
    }
  }
  g.supplier_count = home.size();

  // Sites: a shared capacity over all the nodes of some suppliers.
  std::vector<double> supplier_planned(home.size(), 0.0), supplier_capacity(home.size(), 0.0), item_capacity(n, 0.0);
  for (const generated_node& v : g.nodes) item_capacity[v.item] += v.capacity;
  for (const generated_node& v : g.nodes) {
    supplier_capacity[v.supplier] += v.capacity;
    supplier_planned[v.supplier] += planned[v.item] * v.capacity / item_capacity[v.item];
  }
  for (std::uint32_t sup = 0; sup < home.size(); ++sup)
    if (items_of_supplier[sup] >= 2 && s.chance(300)) {
      const double cap = std::ceil(supplier_planned[sup] * (1.05 + 0.05 * s.below(6)));
      g.sites.push_back({sup, std::min(cap, supplier_capacity[sup])});
    }

  if (customer_lists) {
    std::vector<std::vector<std::uint32_t>> parents(n), suppliers_of(n);
    for (std::uint32_t p = 0; p < n; ++p)
      for (const auto& [c, q] : children[p]) parents[c].push_back(p);
    for (const generated_node& v : g.nodes) suppliers_of[v.item].push_back(v.supplier);
    for (generated_node& v : g.nodes) {
      std::vector<std::string> candidates;
      for (const std::uint32_t p : parents[v.item])
        for (const std::uint32_t sup : suppliers_of[p]) candidates.push_back(supplier_name(sup));
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      if (candidates.empty() || !s.chance(300)) continue;
      for (const std::string& name : candidates)
        if (s.chance(500)) v.customers.push_back(name);
      if (v.customers.empty()) v.customers.push_back(candidates[s.below(candidates.size())]);
    }
  }
  return g;
}

/// A generated network built: the BOM (held by pointer, since the network points to
/// it), the network, demand and stock.
template <scalar T = double>
struct built_network {
  std::unique_ptr<bill_of_materials<T>> bom;
  supply_network<T> network;
  std::vector<T> demand, stock;
};

/// The generated network through bom_builder and network_builder (names from
/// item_name and supplier_name).
template <scalar T = double>
[[nodiscard]] built_network<T> make_network(const generated_network& g) {
  built_network<T> out;
  bom_builder<T> b;
  for (const generated_edge& e : g.edges)
    b.add_edge(item_name(g, e.parent), item_name(g, e.child), T(static_cast<int>(e.quantity)));
  out.bom = std::make_unique<bill_of_materials<T>>(std::move(b).build());
  network_builder<T> nb(*out.bom);
  for (const generated_node& v : g.nodes)
    nb.add_source(item_name(g, v.item), supplier_name(v.supplier), country_name(v.country),
                  T(static_cast<long long>(v.capacity)), v.customers);
  for (const generated_site& site : g.sites)
    nb.add_site("site of " + supplier_name(site.supplier), supplier_name(site.supplier),
                T(static_cast<long long>(site.capacity)));
  out.network = nb.build();
  // The BOM renumbers items: demand and stock follow the names.
  out.demand.assign(g.item_count(), T(0));
  out.stock.assign(g.item_count(), T(0));
  for (std::uint32_t i = 0; i < g.item_count(); ++i) {
    const item_id id = out.bom->id(item_name(g, i));
    out.demand[id] = T(static_cast<long long>(g.demand[i]));
    out.stock[id] = T(static_cast<long long>(g.stock[i]));
  }
  return out;
}

}  // namespace chokepoint::testing
