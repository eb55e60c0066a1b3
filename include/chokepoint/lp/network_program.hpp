// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Supply networks as linear programs (Simchi-Levi et al.'s models; docs/model.md,
// Multi-tier networks and Rationing), solved with COIN-OR Clp. This header is the
// optional part of the library: it needs Clp (Debian coinor-libclp-dev; CMake target
// chokepoint::clp). It solves every network, customer lists included, in double.
//
// The constraints model the allocation by flows, one per pair of producers that the
// customer lists allow, rather than through net requirements: an independent
// computation of what network_model finds without a program. With x_n a producer's
// output, f its shipments, z draws on stock and U_i what line i delivers:
//
//   x_n <= C_n                              each node (its cumulative capacity)
//   sum over n in s of x_n <= C_s          each site with a shared capacity
//   sum_m f_{n,m} <= x_n                    what a producer ships it makes
//   sum_u f_{u,m} + z_{i,m} >= q_pi x_m     each producer m of a parent p, child i
//   sum_u f_{u,D} + z_{i,D} >= U_i          the demand of each line i
//   sum_m z_{i,m} <= I_i                    the stock of item i
//
// where an item without nodes has one producer without a limit (made in-house).
// - time_to_survive: on each interval [a, b] of the capacity curves, in time order,
//   maximise t over a <= t <= b with U_i = d_i t and C_n, C_s linear in t; the first
//   interval whose optimum ends before b holds the time-to-survive (binding items are
//   not reported);
// - best_production: over [0, W], one copy of the constraints at the end of every
//   interval of the capacity curves, U_i^k what line i delivered by the end of interval
//   k, growing by at most d_i times its length (a line never runs above plan);
//   maximise sum c_i U_i^K with U_i^K >= low_i. ration_by_margin takes the margins for
//   c (the objective of the time-to-recover program: the least value lost).

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/network/capacity_curves.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/rationing.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply_network.hpp>

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace chokepoint::lp {

/// A network as a linear program, built as triplets: over time on one interval of its
/// capacity curves (survival), or at the end of every interval (production).
class network_program {
 public:
  /// Maximise t on interval k; t is column 0.
  static network_program survival(const network_model<double>& model, const detail::capacity_curves<double>& curves,
                                  std::size_t k) {
    network_program p;
    p.add_column(curves.bounds[k], curves.bounds[k + 1], 1.0);  // t
    p.add_block(model, curves, k, true);
    return p;
  }
  /// Maximise sum objective_i U_i by the end of the curves, U_i >= low_i (per item id),
  /// with the constraints at the end of every interval.
  static network_program production(const network_model<double>& model, const detail::capacity_curves<double>& curves,
                                    std::span<const double> objective, std::span<const double> low) {
    network_program p;
    const std::size_t n_items = model.demand().size();
    std::vector<int> before(n_items, -1);
    for (std::size_t k = 0; k < curves.interval_count(); ++k) {
      const bool last = k + 1 == curves.interval_count();
      p.add_block(model, curves, k, false);
      const double length = curves.bounds[k + 1] - curves.bounds[k];
      for (item_id i = 0; i < n_items; ++i) {
        const int u = p.line_column_[i];
        if (u < 0) continue;
        if (last) {
          p.column_low_[static_cast<std::size_t>(u)] = low[i];
          p.objective_[static_cast<std::size_t>(u)] = objective[i];
        }
        // 0 <= U^k - U^(k-1) <= d_i (length of k)
        const int row = p.add_row(0.0, model.demand()[i] * length);
        p.entry(row, u, 1.0);
        if (before[i] >= 0) p.entry(row, before[i], -1.0);
        before[i] = u;
      }
    }
    return p;
  }

  /// The optimal columns; empty when the program is infeasible.
  [[nodiscard]] std::optional<std::vector<double>> solve() const {
    ClpSimplex solver;
    solver.setLogLevel(0);
    const CoinPackedMatrix matrix(true, rows_.data(), columns_.data(), values_.data(),
                                  static_cast<CoinBigIndex>(values_.size()));
    solver.loadProblem(matrix, column_low_.data(), column_high_.data(), objective_.data(), row_low_.data(),
                       row_high_.data());
    solver.setOptimizationDirection(-1.0);  // maximise
    solver.dual();
    if (!solver.isProvenOptimal()) return std::nullopt;
    const double* x = solver.primalColumnSolution();
    return std::vector<double>(x, x + column_low_.size());
  }

  /// A production program's U_i by the end, by item id (0 for an item without demand).
  [[nodiscard]] std::vector<double> production(const std::vector<double>& columns) const {
    std::vector<double> out(line_column_.size(), 0.0);
    for (std::size_t i = 0; i < out.size(); ++i)
      if (line_column_[i] >= 0) out[i] = columns[static_cast<std::size_t>(line_column_[i])];
    return out;
  }

 private:
  static constexpr item_id no_parent = static_cast<item_id>(-1);

  network_program() = default;

  /// The constraints on interval k: over time (linear in column 0, t), or at its end
  /// with a column U_i per line (line_column_).
  void add_block(const network_model<double>& model, const detail::capacity_curves<double>& curves, std::size_t k,
                 bool over_time) {
    const auto& net = model.network();
    const auto& bom = net.bom();
    const std::size_t n_items = bom.item_count();
    const double a = curves.bounds[k], b = curves.bounds[k + 1];
    producer_node_.clear();
    producer_column_.clear();
    // A capacity start + rate (t - a): linear in t over time, its value at b otherwise.
    const auto capacity_row = [&](double start, double rate, const std::vector<int>& members) {
      const int row = add_row(-COIN_DBL_MAX, over_time ? start - rate * a : start + rate * (b - a));
      if (over_time) entry(row, 0, -rate);
      for (const int x : members) entry(row, x, 1.0);
    };

    // Producers: an item's nodes, or one in-house producer without a limit.
    producer_offsets_.assign(n_items + 1, 0);
    std::vector<int> node_column(net.node_count(), -1);
    for (item_id i = 0; i < n_items; ++i) {
      const auto nodes = net.nodes(i);
      if (nodes.empty()) {
        producer_node_.push_back(in_house_node);
        producer_column_.push_back(add_column(0.0, COIN_DBL_MAX));
      }
      for (const node_id n : nodes) {
        producer_node_.push_back(n);
        producer_column_.push_back(node_column[n] = add_column(0.0, COIN_DBL_MAX));
        const std::size_t x = k * curves.nodes + n;
        capacity_row(curves.node_start[x], curves.node_rate[x], {node_column[n]});
      }
      producer_offsets_[i + 1] = producer_node_.size();
    }
    for (site_id s = 0; s < net.site_count(); ++s) {
      if (!net.site_capacity(s)) continue;
      std::vector<int> members;
      for (const node_id n : net.site_nodes(s)) members.push_back(node_column[n]);
      const std::size_t x = k * curves.sites + s;
      capacity_row(curves.site_start[x], curves.site_rate[x], members);
    }

    // Shipments: every producer's out-row, then per consumer its requirement row.
    line_column_.assign(n_items, -1);
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
        if (over_time) {
          entry(row, 0, -model.demand()[i]);
        } else {
          line_column_[i] = add_column(0.0, model.demand()[i] * b);
          entry(row, line_column_[i], -1.0);
        }
        consumer(no_parent, in_house_node, row);
      }
    }
  }

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

  std::vector<std::size_t> producer_offsets_;
  std::vector<node_id> producer_node_;
  std::vector<int> producer_column_, line_column_;
  std::vector<double> column_low_, column_high_, objective_, row_low_, row_high_;
  std::vector<int> rows_, columns_;
  std::vector<double> values_;
};

/// Time-to-survive of a scenario on a network by the linear program (header comment):
/// the time only, up to `options.horizon`; empty when nothing runs short.
[[nodiscard]] inline survival<double> time_to_survive(const network_model<double>& model, const scenario<double>& sc,
                                                      const disruption_options<double>& options = {}) {
  detail::capacity_curves<double> curves;
  model.capacity_curves(sc, options.horizon, curves);
  survival<double> out;
  for (std::size_t k = 0; k < curves.interval_count(); ++k) {
    const double a = curves.bounds[k], b = curves.bounds[k + 1];
    const auto solution = network_program::survival(model, curves, k).solve();
    if (!solution) {  // infeasible at a: rounding at the interval's start
      out.time = a;
      return out;
    }
    const double t = solution->front();
    if (t < b - 1e-9 * std::max(1.0, b)) {
      out.time = std::max(a, t);
      return out;
    }
  }
  return out;
}

/// The production over [0, window] that maximises sum objective_i U_i with
/// low_i <= U_i <= d_i window (per item id); empty when the lower bounds cannot be met.
[[nodiscard]] inline std::optional<std::vector<double>> best_production(const network_model<double>& model,
                                                                        const scenario<double>& sc, double window,
                                                                        std::span<const double> objective,
                                                                        std::span<const double> low) {
  detail::capacity_curves<double> curves;
  model.capacity_curves(sc, window, curves);
  const auto program = network_program::production(model, curves, objective, low);
  const auto solution = program.solve();
  if (!solution) return std::nullopt;
  return program.production(*solution);
}

/// Production over [0, window] when lines slow down instead of stopping and the supply
/// goes where it loses the least value (margins from network_model::set_margins).
[[nodiscard]] inline rationing_result<double> ration_by_margin(const network_model<double>& model,
                                                               const scenario<double>& sc, double window) {
  const std::vector<double> low(model.demand().size(), 0.0);
  const auto made = best_production(model, sc, window, model.margins(), low);
  if (!made) throw error("chokepoint::lp::ration_by_margin: Clp found no optimum");
  rationing_result<double> out;
  out.window = window;
  for (item_id i = 0; i < model.demand().size(); ++i) {
    if (!(model.demand()[i] > 0.0)) continue;
    rationed_line<double> r{i, model.demand()[i] * window, (*made)[i], 0.0, 0.0};
    r.lost_units = std::max(0.0, r.demand - r.produced);
    r.lost_value = r.lost_units * model.margins()[i];
    out.lost_units += r.lost_units;
    out.lost_value += r.lost_value;
    out.lines.push_back(r);
  }
  return out;
}

}  // namespace chokepoint::lp
