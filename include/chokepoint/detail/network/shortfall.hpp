// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What runs short on a supply network without customer lists at one point of a
// parameter x (time, for the time-to-survive; a level of the demand, for rationing),
// and the first point after which something does (docs/model.md, Multi-tier networks).
//
// At x the net requirement P_i (netting top-down, stock first) is what every feasible
// plan makes at least, and making exactly that is feasible when every item whose nodes
// share no capacity has P_i <= the sum of its nodes' capacities, and the items whose
// nodes sit in capacity-sharing sites route their P_i through nodes and sites with a
// maximum flow of sum P_i (max_flow.hpp). Each violated constraint is reported with its
// shortfall, its left derivative in x and its items. Where demand and capacities are
// linear in x every constraint is convex in x, so Newton's method from the right
// (first_shortage) finds the first point after which one is violated, exactly in an
// exact type: no step passes it.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/network/max_flow.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply_network.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace chokepoint::detail {

/// A quantity at the current point and its derivative in the parameter.
template <scalar T>
struct affine {
  T value, slope;
};

/// A constraint violated at the current point: shortfall g, its left derivative, and
/// the items that run short ([first, last) of the item list filled beside it).
template <scalar T>
struct violation {
  T shortfall, slope;
  std::size_t first, last;
};

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

/// The violated constraints of a network at one point.
template <scalar T>
class shortfall {
 public:
  shortfall(const supply_network<T>& net, const shared_allocation<T>& shared)
      : net_(&net), shared_(&shared), graph_(shared.graph) {}

  /// The violated constraints, with their items; true when there is one. `demand(i)`
  /// gives item i's cumulative demand, `node(n)` and `site(s)` the cumulative
  /// capacities, each with its derivative; `stock` is per item.
  template <class Demand, class Node, class Site>
  bool evaluate(const T* stock, Demand&& demand, Node&& node, Site&& site, std::vector<violation<T>>& out,
                std::vector<item_id>& items) {
    out.clear();
    items.clear();
    const auto& bom = net_->bom();
    const std::size_t n = bom.item_count();
    const T tol = scalar_traits<T>::tolerance();
    rate_.resize(n);
    excess_.resize(n);
    for (item_id i = 0; i < n; ++i) {
      const affine<T> d = demand(i);
      T h = d.value, dh = d.slope;
      const auto parents = bom.parents(i);
      const auto q = bom.parent_quantities(i);
      for (std::size_t e = 0; e < parents.size(); ++e) {
        if (!(excess_[parents[e]] > T(0))) continue;  // its stock covers it: it needs nothing made
        h += q[e] * excess_[parents[e]];
        dh += q[e] * rate_[parents[e]];
      }
      h -= stock[i];
      excess_[i] = h;
      rate_[i] = h > T(0) ? dh : T(0);
      const auto nodes = net_->nodes(i);
      if (nodes.empty() || !(h > T(0)) || shared_->coupled[i]) continue;
      T cap(0), dcap(0);
      for (const node_id v : nodes) {
        const affine<T> c = node(v);
        cap += c.value;
        dcap += c.slope;
      }
      if (h - cap > tol * h) {
        out.push_back({T(h - cap), T(rate_[i] - dcap), items.size(), items.size() + 1});
        items.push_back(i);
      }
    }
    if (!shared_->items.empty()) shared_shortfall(node, site, out, items);
    return !out.empty();
  }

  /// After evaluate(): item i's net requirement and its left derivative, and its gross
  /// requirement less its stock (negative while the stock covers it).
  [[nodiscard]] T need(item_id i) const { return excess_[i] > T(0) ? excess_[i] : T(0); }
  [[nodiscard]] const T& rate(item_id i) const { return rate_[i]; }
  [[nodiscard]] const T& excess(item_id i) const { return excess_[i]; }

 private:
  template <class Node, class Site>
  void shared_shortfall(Node&& node, Site&& site, std::vector<violation<T>>& out, std::vector<item_id>& items) {
    const shared_allocation<T>& sh = *shared_;
    T total(0);
    for (std::size_t x = 0; x < sh.items.size(); ++x) {
      const T need_x = need(sh.items[x]);
      graph_.set_capacity(sh.item_arc[x], need_x);
      total += need_x;
    }
    if (total == T(0)) return;
    node_capacity_.resize(sh.nodes.size());
    for (std::size_t x = 0; x < sh.nodes.size(); ++x) {
      node_capacity_[x] = node(sh.nodes[x]).value;
      graph_.set_capacity(sh.node_arc[x], node_capacity_[x]);
    }
    site_left_.resize(sh.sites.size());
    for (std::size_t x = 0; x < sh.sites.size(); ++x) {
      site_left_[x] = site(sh.sites[x]).value;
      graph_.set_capacity(sh.site_arc[x], site_left_[x]);
    }
    graph_.clear_flow();
    const T placed = place_greedily();
    const T zero = T(scalar_traits<T>::tolerance() * total);
    const T flow = T(placed + graph_.augment(sh.source, sh.sink, zero));
    if (!(total - flow > zero)) return;
    // The minimum cut's source side R: its items' requirements exceed the capacities
    // that leave R, by the flow's deficiency.
    T g(0), dg(0);
    const std::size_t first = items.size();
    std::size_t x = 0;
    for (std::size_t y = 0; y < sh.items.size(); ++y) {
      const item_id i = sh.items[y];
      const bool in = graph_.reachable(sh.item_vertex[y]);
      for (; x < sh.nodes.size() && net_->item(sh.nodes[x]) == i; ++x)
        if (in && !graph_.reachable(sh.node_vertex[x])) {
          g -= node_capacity_[x];
          dg -= node(sh.nodes[x]).slope;
        }
      if (!in) continue;
      g += need(i);
      dg += rate_[i];
      if (excess_[i] > T(0)) items.push_back(i);
    }
    for (std::size_t y = 0; y < sh.sites.size(); ++y)
      if (graph_.reachable(sh.site_vertex[y])) {
        const affine<T> c = site(sh.sites[y]);
        g -= c.value;
        dg -= c.slope;
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
    const shared_allocation<T>& sh = *shared_;
    T placed(0);
    std::size_t x = 0;
    for (std::size_t y = 0; y < sh.items.size(); ++y) {
      const item_id i = sh.items[y];
      const std::size_t first = x;
      while (x < sh.nodes.size() && net_->item(sh.nodes[x]) == i) ++x;
      T left = need(i);
      for (const bool in_site : {false, true})
        for (std::size_t z = first; z < x && left > T(0); ++z) {
          const std::uint32_t s = sh.node_site[z];
          if ((s != shared_allocation<T>::outside_sites) != in_site) continue;
          T f = std::min(left, node_capacity_[z]);
          if (in_site) f = std::min(f, site_left_[s]);
          if (!(f > T(0))) continue;
          if (in_site) {
            site_left_[s] -= f;
            graph_.add_flow(sh.site_arc[s], f);
          }
          graph_.add_flow(sh.item_arc[y], f);
          graph_.add_flow(sh.node_arc[z], f);
          graph_.add_flow(sh.node_out_arc[z], f);
          left -= f;
          placed += f;
        }
    }
    return placed;
  }

  const supply_network<T>* net_;
  const shared_allocation<T>* shared_;
  max_flow<T> graph_;
  std::vector<T> rate_, excess_;              ///< per item: gross requirement less stock (need() is its positive part)
  std::vector<T> node_capacity_, site_left_;  ///< per node and site of the allocation graph, at the point
};

/// Where first_shortage ends: the first point after which a constraint is violated, and
/// the items of the constraints violated right after it, in id order.
template <scalar T>
struct first_shortage_at {
  T at;
  std::vector<item_id> binding;
};

/// The workspace of first_shortage, kept between calls.
template <scalar T>
struct newton_workspace {
  std::vector<violation<T>> now, after;
  std::vector<item_id> items_now, items_after;
};

/// The first point in [lo, hi] after which `evaluate(x, violations, items)` reports a
/// violation, given none at lo (nothing when none at hi either): Newton's method from
/// hi with each violated constraint's tangent. The last evaluation is at the point
/// returned, so what `evaluate` leaves behind (the shortfall's netting) is that point's.
template <scalar T, class Evaluate>
[[nodiscard]] std::optional<first_shortage_at<T>> first_shortage(const T& lo, const T& hi, Evaluate&& evaluate,
                                                                 newton_workspace<T>& w) {
  static constexpr std::size_t max_steps = 100000;  // floating types: steps rounding keeps from ending
  const auto zero_of = [](const violation<T>& v, const T& x) {
    return v.slope > T(0) ? T(x - v.shortfall / v.slope) : x;
  };
  T x = hi;
  if (!evaluate(x, w.now, w.items_now)) return std::nullopt;
  for (std::size_t step = 0;; ++step) {
    T next = x;
    for (const violation<T>& v : w.now) next = std::min(next, zero_of(v, x));
    if (next < lo) next = lo;
    const bool progress = next < x && step < max_steps;
    if (progress && evaluate(next, w.after, w.items_after)) {
      std::swap(w.now, w.after);
      w.items_now.swap(w.items_after);
      x = next;
      continue;
    }
    first_shortage_at<T> out{progress ? next : x, {}};
    // The constraints whose tangent ends at the answer are those short right after it.
    const T slack = T(scalar_traits<T>::tolerance() * std::max(T(1), out.at));
    for (const violation<T>& v : w.now)
      if (!progress || !(zero_of(v, x) > out.at + slack))
        out.binding.insert(out.binding.end(), w.items_now.begin() + static_cast<std::ptrdiff_t>(v.first),
                           w.items_now.begin() + static_cast<std::ptrdiff_t>(v.last));
    std::sort(out.binding.begin(), out.binding.end());
    out.binding.erase(std::unique(out.binding.begin(), out.binding.end()), out.binding.end());
    return out;
  }
}

}  // namespace chokepoint::detail
