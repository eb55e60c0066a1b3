// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Random bills of materials for property tests: DAGs of several shapes whose edge
// quantities are multiples of 1/4 (exact in every scalar type), with names given in a
// shuffled order so that insertion order is not topological order.

#include <chokepoint/bom.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace chokepoint::testing {

struct dag_shape {
  int items;
  int levels;          // items are spread over this many ranks; edges go down in rank
  int max_children;    // per parent
  double edge_chance;  // chance that a candidate child is used
};

inline const dag_shape dag_shapes[] = {
    {12, 3, 4, 0.6},   // small and dense
    {40, 8, 3, 0.5},   // deep
    {60, 2, 8, 0.4},   // wide and shallow
    {80, 12, 5, 0.3},  // deep and sparse
};

struct random_edge {
  std::string parent, child;
  int quarters;  // quantity = quarters / 4
};

/// Edges of a random DAG; item k is named "i<k>" and has rank k * levels / items.
inline std::vector<random_edge> random_dag(std::mt19937_64& rng, const dag_shape& shape) {
  std::vector<random_edge> edges;
  std::uniform_int_distribution<int> quarters(1, 12);
  std::bernoulli_distribution use(shape.edge_chance);
  auto rank = [&](int k) { return k * shape.levels / shape.items; };
  for (int p = 0; p < shape.items; ++p) {
    int children = 0;
    for (int c = p + 1; c < shape.items && children < shape.max_children; ++c)
      if (rank(c) > rank(p) && use(rng)) {
        edges.push_back({"i" + std::to_string(p), "i" + std::to_string(c), quarters(rng)});
        ++children;
      }
  }
  std::shuffle(edges.begin(), edges.end(), rng);
  return edges;
}

/// Edges of a wide two-level DAG: each of `products` items uses `per_parent` distinct
/// random ones of `assemblies` sub-assemblies, each of those `per_parent` distinct random
/// ones of `materials` raw materials (named p<k>, s<k> and m<k>; unused ones do not exist).
inline std::vector<random_edge> two_level_dag(std::mt19937_64& rng, int products, int assemblies, int materials,
                                              int per_parent) {
  std::vector<random_edge> edges;
  std::uniform_int_distribution<int> quarters(1, 12);
  std::vector<int> picked;
  const auto add_children = [&](const std::string& parent, char kind, int of) {
    picked.clear();
    while (static_cast<int>(picked.size()) < per_parent) {
      const int child = std::uniform_int_distribution<int>(0, of - 1)(rng);
      if (std::find(picked.begin(), picked.end(), child) != picked.end()) continue;
      picked.push_back(child);
      edges.push_back({parent, kind + std::to_string(child), quarters(rng)});
    }
  };
  for (int p = 0; p < products; ++p) add_children("p" + std::to_string(p), 's', assemblies);
  for (int a = 0; a < assemblies; ++a) add_children("s" + std::to_string(a), 'm', materials);
  return edges;
}

template <class T>
bill_of_materials<T> build_bom(const std::vector<random_edge>& edges) {
  bom_builder<T> b;
  for (const auto& e : edges) b.add_edge(e.parent, e.child, T(e.quarters) / T(4));
  return std::move(b).build();
}

}  // namespace chokepoint::testing
