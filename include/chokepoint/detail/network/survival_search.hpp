// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The time-to-survive of a supply network without customer lists, exactly and without
// a linear program (docs/model.md, Multi-tier networks; the argument in full there).
//
// Every feasible plan makes at least the net requirement P_i(t) of every item (netting
// top-down, stock first), and making exactly that is feasible as soon as some
// allocation of the P_i to the item's nodes fits their capacities and the sites' shared
// capacities. So the plan is feasible at t when
//   - every item whose nodes share no capacity has P_i(t) <= sum of its nodes' C_n(t);
//   - the items whose nodes sit in capacity-sharing sites route their P_i through their
//     nodes and sites: a maximum flow equals sum P_i (max_flow.hpp).
// On an interval of the capacity curves the shortfall, the largest of P_i - C_i and of
// the flow's deficiency (the maximum over cuts R of sum_{i in R} P_i minus the cut's
// capacities), is convex: P is convex piecewise linear and the capacities linear. Its
// first positive point is found by Newton's method from the interval's end with left
// derivatives, each violated constraint giving a step that cannot pass it; the steps
// are one netting pass (and one flow) each, and finitely many.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/network/capacity_curves.hpp>
#include <chokepoint/detail/network/max_flow.hpp>
#include <chokepoint/disruption_result.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply_network.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace chokepoint::detail {

/// The allocation graph of the items whose nodes share a site's capacity: source ->
/// item (its requirement) -> node (its capacity) -> site (its shared capacity) -> sink;
/// a node of such an item outside every capacity-sharing site goes to the sink.
template <scalar T>
struct shared_allocation {
  std::vector<item_id> items;
  std::vector<node_id> nodes;
  std::vector<site_id> sites;
  std::vector<std::uint32_t> item_arc, node_arc, site_arc;  ///< aligned with the above
  std::vector<std::uint32_t> node_out_arc;                  ///< per node: to its site or the sink
  std::vector<std::uint32_t> item_vertex, node_vertex, site_vertex;
  std::vector<std::uint32_t> node_site;  ///< per node: its index in `sites`, or outside_sites
  std::vector<bool> coupled;             ///< per item
  max_flow<T> graph;

  static constexpr std::uint32_t source = 0, sink = 1;
  static constexpr std::uint32_t outside_sites = std::numeric_limits<std::uint32_t>::max();

  explicit shared_allocation(const supply_network<T>& net) {
    const std::size_t n_items = net.bom().item_count();
    coupled.assign(n_items, false);
    for (node_id n = 0; n < net.node_count(); ++n)
      if (net.site(n) != no_site && net.site_capacity(net.site(n))) coupled[net.item(n)] = true;
    std::uint32_t v = 2;
    std::vector<std::uint32_t> vertex_of_site(net.site_count(), 0), index_of_site(net.site_count(), outside_sites);
    for (item_id i = 0; i < n_items; ++i) {
      if (!coupled[i]) continue;
      items.push_back(i);
      item_vertex.push_back(v++);
      for (const node_id n : net.nodes(i)) {
        nodes.push_back(n);
        node_vertex.push_back(v++);
        const site_id s = net.site(n);
        const bool shared = s != no_site && net.site_capacity(s).has_value();
        if (shared && vertex_of_site[s] == 0) {
          index_of_site[s] = static_cast<std::uint32_t>(sites.size());
          sites.push_back(s);
          site_vertex.push_back(v);
          vertex_of_site[s] = v++;
        }
        node_site.push_back(shared ? index_of_site[s] : outside_sites);
      }
    }
    graph = max_flow<T>(v);
    std::size_t x = 0;
    for (std::size_t k = 0; k < items.size(); ++k) {
      item_arc.push_back(graph.add_arc(source, item_vertex[k]));
      for (; x < nodes.size() && net.item(nodes[x]) == items[k]; ++x) {
        node_arc.push_back(graph.add_arc(item_vertex[k], node_vertex[x]));
        const site_id s = net.site(nodes[x]);
        const bool shared = s != no_site && net.site_capacity(s).has_value();
        node_out_arc.push_back(graph.add_arc(node_vertex[x], shared ? vertex_of_site[s] : sink));
        graph.set_capacity(node_out_arc.back(), max_flow<T>::infinite());
      }
    }
    for (std::size_t k = 0; k < sites.size(); ++k) site_arc.push_back(graph.add_arc(site_vertex[k], sink));
  }
};

/// A constraint violated at the current point: shortfall g, its left derivative, and
/// the items that run short ([first, last) of the list evaluate() fills beside it).
template <scalar T>
struct violation {
  T shortfall, slope;
  std::size_t first, last;
};

template <scalar T>
class survival_search {
 public:
  survival_search(const supply_network<T>& net, std::span<const T> demand, std::span<const T> stock,
                  const shared_allocation<T>& shared)
      : net_(&net), demand_(demand), stock_(stock), shared_(shared), graph_(shared.graph) {}

  /// TTS and binding items of a scenario up to `horizon`.
  survival<T> run(const scenario<T>& sc, const T& horizon) {
    build_capacity_curves(*net_, stock_, sc, horizon, curves_);
    survival<T> out;
    const auto& b = curves_.bounds;
    for (std::size_t k = 0; k + 1 < b.size(); ++k) {
      T t = b[k + 1];
      if (!evaluate(k, t, now_, items_now_)) continue;
      // Newton from the right: every violated constraint is convex on the interval and
      // its tangent's zero cannot lie before the first shortage.
      for (std::size_t step = 0;; ++step) {
        T next = t;
        for (const violation<T>& v : now_) next = std::min(next, zero_of(v, t));
        if (next < b[k]) next = b[k];
        const bool progress = next < t && step < max_steps;
        if (progress && evaluate(k, next, after_, items_after_)) {
          std::swap(now_, after_);
          items_now_.swap(items_after_);
          t = next;
          continue;
        }
        out.time = progress ? next : t;
        // The constraints whose tangent ends at the answer are those short right after it.
        for (const violation<T>& v : now_)
          if (!progress || !(zero_of(v, t) > *out.time + tolerance_at(*out.time)))
            out.binding.insert(out.binding.end(), items_now_.begin() + static_cast<std::ptrdiff_t>(v.first),
                               items_now_.begin() + static_cast<std::ptrdiff_t>(v.last));
        std::sort(out.binding.begin(), out.binding.end());
        out.binding.erase(std::unique(out.binding.begin(), out.binding.end()), out.binding.end());
        return out;
      }
    }
    return out;
  }

  [[nodiscard]] const capacity_curves<T>& curves() const noexcept { return curves_; }

 private:
  // Floating types only: a guard against steps that rounding keeps from ending.
  static constexpr std::size_t max_steps = 100000;

  static T zero_of(const violation<T>& v, const T& t) { return v.slope > T(0) ? T(t - v.shortfall / v.slope) : t; }
  static T tolerance_at(const T& t) { return T(scalar_traits<T>::tolerance() * std::max(T(1), t)); }

  /// The violated constraints at t on interval k, with their items; true when there is one.
  bool evaluate(std::size_t k, const T& t, std::vector<violation<T>>& out, std::vector<item_id>& items) {
    out.clear();
    items.clear();
    const auto& bom = net_->bom();
    const std::size_t n = bom.item_count();
    const T tol = scalar_traits<T>::tolerance();
    need_.resize(n);
    rate_.resize(n);
    const T* stock = curves_.stock.data() + k * n;
    for (item_id i = 0; i < n; ++i) {
      T h = T(demand_[i] * t), dh = demand_[i];
      const auto parents = bom.parents(i);
      const auto q = bom.parent_quantities(i);
      for (std::size_t e = 0; e < parents.size(); ++e) {
        if (need_[parents[e]] == T(0)) continue;
        h += q[e] * need_[parents[e]];
        dh += q[e] * rate_[parents[e]];
      }
      h -= stock[i];
      if (h > T(0)) {
        need_[i] = h;
        rate_[i] = dh;
      } else {
        need_[i] = T(0);
        rate_[i] = T(0);
      }
      const auto nodes = net_->nodes(i);
      if (nodes.empty() || need_[i] == T(0) || shared_.coupled[i]) continue;
      T cap(0), dcap(0);
      for (const node_id v : nodes) {
        cap += curves_.node_at(k, v, t);
        dcap += curves_.node_rate[k * curves_.nodes + v];
      }
      if (need_[i] - cap > tol * need_[i]) {
        out.push_back({T(need_[i] - cap), T(rate_[i] - dcap), items.size(), items.size() + 1});
        items.push_back(i);
      }
    }
    if (!shared_.items.empty()) shared_shortfall(k, t, out, items);
    return !out.empty();
  }

  void shared_shortfall(std::size_t k, const T& t, std::vector<violation<T>>& out, std::vector<item_id>& items) {
    T total(0);
    for (std::size_t x = 0; x < shared_.items.size(); ++x) {
      graph_.set_capacity(shared_.item_arc[x], need_[shared_.items[x]]);
      total += need_[shared_.items[x]];
    }
    if (total == T(0)) return;
    node_capacity_.resize(shared_.nodes.size());
    for (std::size_t x = 0; x < shared_.nodes.size(); ++x) {
      node_capacity_[x] = curves_.node_at(k, shared_.nodes[x], t);
      graph_.set_capacity(shared_.node_arc[x], node_capacity_[x]);
    }
    site_left_.resize(shared_.sites.size());
    for (std::size_t x = 0; x < shared_.sites.size(); ++x) {
      site_left_[x] = curves_.site_at(k, shared_.sites[x], t);
      graph_.set_capacity(shared_.site_arc[x], site_left_[x]);
    }
    graph_.clear_flow();
    const T placed = place_greedily();
    const T zero = T(scalar_traits<T>::tolerance() * total);
    const T flow = T(placed + graph_.augment(shared_.source, shared_.sink, zero));
    if (!(total - flow > zero)) return;
    // The minimum cut's source side R: its items' requirements exceed the capacities
    // that leave R, by the flow's deficiency.
    T g(0), dg(0);
    const std::size_t first = items.size();
    std::size_t x = 0;
    for (std::size_t y = 0; y < shared_.items.size(); ++y) {
      const item_id i = shared_.items[y];
      const bool in = graph_.reachable(shared_.item_vertex[y]);
      for (; x < shared_.nodes.size() && net_->item(shared_.nodes[x]) == i; ++x)
        if (in && !graph_.reachable(shared_.node_vertex[x])) {
          g -= node_capacity_[x];
          dg -= curves_.node_rate[k * curves_.nodes + shared_.nodes[x]];
        }
      if (!in) continue;
      g += need_[i];
      dg += rate_[i];
      if (need_[i] > T(0)) items.push_back(i);
    }
    for (std::size_t y = 0; y < shared_.sites.size(); ++y)
      if (graph_.reachable(shared_.site_vertex[y])) {
        g -= curves_.site_at(k, shared_.sites[y], t);
        dg -= curves_.site_rate[k * curves_.sites + shared_.sites[y]];
      }
    out.push_back({g, dg, first, items.size()});
  }

  // A flow to start the maximum flow from, which places nearly everything: each item
  // draws on its nodes outside shared sites, then on those in them while their sites
  // have capacity left (site_left_, used up). Returns what it places. Augmenting it
  // reroutes only what its order placed badly (one or two items of hundreds on the
  // generated networks), so that the flow's phases search a small part of the graph
  // instead of all of it; the minimum cut it ends with is the one a flow from nothing
  // finds (the vertices a maximum flow leaves reachable do not depend on the flow).
  T place_greedily() {
    T placed(0);
    std::size_t x = 0;
    for (std::size_t y = 0; y < shared_.items.size(); ++y) {
      const item_id i = shared_.items[y];
      const std::size_t first = x;
      while (x < shared_.nodes.size() && net_->item(shared_.nodes[x]) == i) ++x;
      T left = need_[i];
      for (const bool in_site : {false, true})
        for (std::size_t z = first; z < x && left > T(0); ++z) {
          const std::uint32_t s = shared_.node_site[z];
          if ((s != shared_allocation<T>::outside_sites) != in_site) continue;
          T f = std::min(left, node_capacity_[z]);
          if (in_site) f = std::min(f, site_left_[s]);
          if (!(f > T(0))) continue;
          if (in_site) {
            site_left_[s] -= f;
            graph_.add_flow(shared_.site_arc[s], f);
          }
          graph_.add_flow(shared_.item_arc[y], f);
          graph_.add_flow(shared_.node_arc[z], f);
          graph_.add_flow(shared_.node_out_arc[z], f);
          left -= f;
          placed += f;
        }
    }
    return placed;
  }

  const supply_network<T>* net_;
  std::span<const T> demand_, stock_;
  const shared_allocation<T>& shared_;
  max_flow<T> graph_;
  capacity_curves<T> curves_;
  std::vector<T> need_, rate_;
  std::vector<T> node_capacity_, site_left_;  ///< per node and site of shared_, at the t evaluated
  std::vector<violation<T>> now_, after_;
  std::vector<item_id> items_now_, items_after_;
};

}  // namespace chokepoint::detail
