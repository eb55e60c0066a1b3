// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The time-to-survive of a supply network as a linear program (Simchi-Levi et al.'s
// model, docs/model.md, Multi-tier networks), solved with COIN-OR Clp. This header is
// the optional part of the library: it needs Clp (Debian coinor-libclp-dev; CMake target
// chokepoint::clp). It solves every network, customer lists included, in double.
//
// On each interval [a, b] of the scenario's capacity curves, in time order, it solves
//
//   maximise t over a <= t <= b, x, f, z >= 0 subject to
//     x_n <= C_n(t)                          each node n (cumulative capacity, linear in t)
//     sum over n in s of x_n <= C_s(t)      each site s with a shared capacity
//     sum_m f_{n,m} <= x_n                   what a producer ships is what it makes
//     sum_u f_{u,m} + z_{i,m} >= q_pi x_m    each producer m of parent p, child i
//     sum_u f_{u,D} + z_{i,D} >= d_i t       the demand of each line i
//     sum_m z_{i,m} <= I_i                   the stock of item i
//
// with f_{u,m} only where producer u may serve m (its customer list); an item without
// nodes has one producer without a limit (made in-house). The first interval whose
// optimum ends before b holds the time-to-survive. The program has one flow per allowed
// pair of producers, so it models the allocation directly rather than through net
// requirements: an independent computation of what network_model::time_to_survive
// finds without it. Binding items are not reported (the result's list is empty).

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/network/capacity_curves.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply_network.hpp>

#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

namespace chokepoint::lp {

/// The program of one interval, built row by row as triplets.
class survival_program {
 public:
  /// Builds the program of interval k of `curves` for `model`.
  survival_program(const network_model<double>& model, const detail::capacity_curves<double>& curves, std::size_t k) {
    const auto& net = model.network();
    const auto& bom = net.bom();
    const std::size_t n_items = bom.item_count();
    const double a = curves.bounds[k], b = curves.bounds[k + 1];
    add_column(a, b, 1.0);  // t

    // Producers: an item's nodes, or one in-house producer without a limit.
    producer_offsets_.assign(n_items + 1, 0);
    for (item_id i = 0; i < n_items; ++i) {
      const auto nodes = net.nodes(i);
      if (nodes.empty()) {
        producer_node_.push_back(in_house_node);
        producer_column_.push_back(add_column(0.0, COIN_DBL_MAX));
      }
      for (const node_id n : nodes) {
        producer_node_.push_back(n);
        const int x = add_column(0.0, COIN_DBL_MAX);
        producer_column_.push_back(x);
        const int row = add_row(-COIN_DBL_MAX,
                                curves.node_start[k * curves.nodes + n] - curves.node_rate[k * curves.nodes + n] * a);
        entry(row, x, 1.0);
        entry(row, 0, -curves.node_rate[k * curves.nodes + n]);
      }
      producer_offsets_[i + 1] = producer_node_.size();
    }
    for (site_id s = 0; s < net.site_count(); ++s) {
      if (!net.site_capacity(s)) continue;
      const double rate = curves.site_rate[k * curves.sites + s];
      const int row = add_row(-COIN_DBL_MAX, curves.site_start[k * curves.sites + s] - rate * a);
      entry(row, 0, -rate);
      for (const node_id n : net.site_nodes(s)) entry(row, column_of_node(net, n), 1.0);
    }

    // Shipments: every producer's out-row, then per consumer its requirement row.
    std::vector<int> ship_row(producer_node_.size());
    for (std::size_t u = 0; u < producer_node_.size(); ++u) {
      ship_row[u] = add_row(-COIN_DBL_MAX, 0.0);
      entry(ship_row[u], producer_column_[u], -1.0);
    }
    for (item_id i = 0; i < n_items; ++i) {
      const auto parents = bom.parents(i);
      const auto q = bom.parent_quantities(i);
      const bool line = model.demand()[i] > 0.0;
      if (parents.empty() && !line) continue;
      const int stock_row = add_row(-COIN_DBL_MAX, curves.stock[k * n_items + i]);
      const auto consumer = [&](item_id parent, node_id consumer_node, int requirement_row) {
        const int z = add_column(0.0, COIN_DBL_MAX);
        entry(stock_row, z, 1.0);
        entry(requirement_row, z, 1.0);
        for (std::size_t u = producer_offsets_[i]; u < producer_offsets_[i + 1]; ++u) {
          const node_id n = producer_node_[u];
          if (n != in_house_node && parent != no_parent && !net.serves(n, parent, consumer_node)) continue;
          const int f = add_column(0.0, COIN_DBL_MAX);
          entry(ship_row[u], f, 1.0);
          entry(requirement_row, f, 1.0);
        }
      };
      for (std::size_t e = 0; e < parents.size(); ++e)
        for (std::size_t m = producer_offsets_[parents[e]]; m < producer_offsets_[parents[e] + 1]; ++m) {
          const int row = add_row(0.0, COIN_DBL_MAX);
          entry(row, producer_column_[m], -q[e]);
          consumer(parents[e], producer_node_[m], row);
        }
      if (line) {
        const int row = add_row(0.0, COIN_DBL_MAX);
        entry(row, 0, -model.demand()[i]);
        consumer(no_parent, in_house_node, row);
      }
    }
  }

  /// The largest feasible t of the interval; empty when none is (rounding at its start).
  [[nodiscard]] std::optional<double> solve() const {
    ClpSimplex solver;
    solver.setLogLevel(0);
    const CoinPackedMatrix matrix(true, rows_.data(), columns_.data(), values_.data(),
                                  static_cast<CoinBigIndex>(values_.size()));
    solver.loadProblem(matrix, column_low_.data(), column_high_.data(), objective_.data(), row_low_.data(),
                       row_high_.data());
    solver.setOptimizationDirection(-1.0);  // maximise
    solver.dual();
    if (!solver.isProvenOptimal()) return std::nullopt;
    return solver.primalColumnSolution()[0];
  }

  [[nodiscard]] std::size_t column_count() const noexcept { return column_low_.size(); }
  [[nodiscard]] std::size_t row_count() const noexcept { return row_low_.size(); }

 private:
  static constexpr item_id no_parent = static_cast<item_id>(-1);

  int add_column(double low, double high, double objective = 0.0) {
    column_low_.push_back(low);
    column_high_.push_back(high);
    objective_.push_back(objective);
    return static_cast<int>(column_low_.size() - 1);
  }
  int add_row(double low, double high) {
    row_low_.push_back(low);
    row_high_.push_back(high);
    return static_cast<int>(row_low_.size() - 1);
  }
  void entry(int row, int column, double value) {
    rows_.push_back(row);
    columns_.push_back(column);
    values_.push_back(value);
  }
  [[nodiscard]] int column_of_node(const supply_network<double>& net, node_id n) const {
    const item_id i = net.item(n);
    for (std::size_t u = producer_offsets_[i]; u < producer_offsets_[i + 1]; ++u)
      if (producer_node_[u] == n) return producer_column_[u];
    return -1;
  }

  std::vector<std::size_t> producer_offsets_;
  std::vector<node_id> producer_node_;
  std::vector<int> producer_column_;
  std::vector<double> column_low_, column_high_, objective_, row_low_, row_high_;
  std::vector<int> rows_, columns_;
  std::vector<double> values_;
};

/// Time-to-survive of a scenario on a network by linear programming (header comment):
/// the time only, up to `options.horizon`; empty when nothing runs short.
[[nodiscard]] inline survival<double> time_to_survive(const network_model<double>& model, const scenario<double>& sc,
                                                      const disruption_options<double>& options = {}) {
  detail::capacity_curves<double> curves;
  model.capacity_curves(sc, options.horizon, curves);
  survival<double> out;
  for (std::size_t k = 0; k < curves.interval_count(); ++k) {
    const double a = curves.bounds[k], b = curves.bounds[k + 1];
    const auto t = survival_program(model, curves, k).solve();
    if (!t) {
      out.time = a;
      return out;
    }
    if (*t < b - 1e-9 * std::max(1.0, b)) {
      out.time = std::max(a, *t);
      return out;
    }
  }
  return out;
}

}  // namespace chokepoint::lp
