// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A scenario on a supply network, resolved into what every method of solving it reads
// (docs/model.md, Multi-tier networks): the horizon split into intervals at every cut's
// start and end (moved by its target's shipping delay) and every receipt's arrival; on
// each interval, every node's and every site's capacity per day (constant there) and
// cumulative capacity at its start, and every item's stock (receipts count from their
// arrival on). Cumulative capacity is therefore linear on each interval.
//
// Cuts name a country, a source (cut_target::supplier) or a site, with an optional scope
// of items; a site's cut also cuts its shared capacity. Where limits overlap the largest
// fraction wins, as in the single-plant model. Quotas and alternates are refused with
// what to write instead, since on a network both are nodes or sites.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply_network.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chokepoint::detail {

template <scalar T>
struct capacity_curves {
  std::vector<T> bounds;  ///< interval k is [bounds[k], bounds[k + 1]]; from 0 to the horizon
  std::size_t nodes = 0, sites = 0;
  std::vector<T> node_rate, node_start;  ///< [k * nodes + n]: per day on k; cumulative at bounds[k]
  std::vector<T> site_rate, site_start;  ///< [k * sites + s]; only for sites with a capacity
  std::vector<T> stock;                  ///< [k * items + i]

  [[nodiscard]] std::size_t interval_count() const noexcept { return bounds.size() - 1; }
  /// Cumulative capacity of node n at t on interval k, and of site s.
  [[nodiscard]] T node_at(std::size_t k, node_id n, const T& t) const {
    const std::size_t x = k * nodes + n;
    return T(node_start[x] + node_rate[x] * T(t - bounds[k]));
  }
  [[nodiscard]] T site_at(std::size_t k, site_id s, const T& t) const {
    const std::size_t x = k * sites + s;
    return T(site_start[x] + site_rate[x] * T(t - bounds[k]));
  }
};

/// One cut resolved: the nodes it removes `fraction` of over [start, end), and the site
/// whose shared capacity it cuts too (no_site for a country or a source).
template <scalar T>
struct network_cut {
  std::vector<node_id> nodes;
  site_id site = no_site;
  T fraction, start;
  std::optional<T> end;
};

template <scalar T>
[[nodiscard]] std::vector<network_cut<T>> resolve_network_cuts(const supply_network<T>& net, const scenario<T>& sc) {
  static constexpr std::string_view where = "chokepoint::network_model";
  if (!sc.quotas().empty()) {
    const auto& q = sc.quotas().front();
    throw_invalid(where, concat("quota of ", to_string(q.target), " '", q.name,
                                "': a network has no planned flows to cap; lower the capacity of its nodes, or put "
                                "them in a site with a shared capacity"));
  }
  if (!sc.alternates().empty())
    throw_invalid(where, concat("alternate for '", sc.alternates().front().material,
                                "': on a network, add it as a source with its capacity, cut over [0, lead time)"));
  const auto& bom = net.bom();
  std::vector<network_cut<T>> out;
  for (const supply_cut<T>& c : sc.cuts()) {
    const std::string who = concat("cut of ", to_string(c.target), " '", c.name, "'");
    network_cut<T> r{{}, no_site, c.fraction, c.start, c.end};
    std::vector<node_id> targets;
    if (c.target == cut_target::site) {
      const auto s = net.find_site(c.name);
      if (!s) throw_invalid(where, concat(who, ": unknown site"));
      r.site = *s;
      const auto members = net.site_nodes(*s);
      targets.assign(members.begin(), members.end());
    } else {
      const bool by_country = c.target == cut_target::country;
      const auto id = by_country ? net.find_country(c.name) : net.find_source(c.name);
      if (!id) throw_invalid(where, concat(who, ": unknown ", to_string(c.target)));
      for (node_id n = 0; n < net.node_count(); ++n)
        if ((by_country ? net.country_of(n) : net.source_of(n)) == *id) targets.push_back(n);
    }
    if (c.materials.empty()) {
      r.nodes = std::move(targets);
    } else {
      if (c.target == cut_target::site) r.site = no_site;  // a scoped site cut leaves the shared capacity
      for (const std::string& name : c.materials) {
        const auto i = bom.find(name);
        if (!i) throw_invalid(where, concat(who, ": '", name, "' is not an item of the bill of materials"));
        const std::size_t before = r.nodes.size();
        for (const node_id n : targets)
          if (net.item(n) == *i) r.nodes.push_back(n);
        if (r.nodes.size() == before)
          throw_invalid(where, concat(who, ": ", to_string(c.target), " '", c.name, "' makes no '", name, "'"));
      }
    }
    const T delay = sc.delay_of(c.target, c.name);
    if (delay != T(0)) {
      r.start = T(r.start + delay);
      if (r.end) r.end = T(*r.end + delay);
    }
    out.push_back(std::move(r));
  }
  for (const shipping_delay<T>& d : sc.delays()) {
    const bool known = d.target == cut_target::site      ? net.find_site(d.name).has_value()
                       : d.target == cut_target::country ? net.find_country(d.name).has_value()
                                                         : net.find_source(d.name).has_value();
    if (!known) throw_invalid(where, concat("delay of unknown ", to_string(d.target), " '", d.name, "'"));
  }
  return out;
}

/// The scenario's capacity curves up to `horizon` (errors as in the header comment).
template <scalar T>
void build_capacity_curves(const supply_network<T>& net, std::span<const T> stock, const scenario<T>& sc,
                           const T& horizon, capacity_curves<T>& out) {
  const auto cuts = resolve_network_cuts(net, sc);
  const auto& bom = net.bom();
  const std::size_t items = bom.item_count();
  struct arrival {
    item_id item;
    T quantity, day;
  };
  std::vector<arrival> receipts;
  for (const scheduled_receipt<T>& r : sc.receipts()) {
    const auto i = bom.find(r.material);
    if (!i)
      throw_invalid("chokepoint::network_model",
                    concat("receipt of '", r.material, "': not an item of the bill of materials"));
    receipts.push_back({*i, r.quantity, r.arrival});
  }

  auto& b = out.bounds;
  b.assign({T(0), horizon});
  const auto inside = [&](const T& t) {
    if (t > T(0) && t < horizon) b.push_back(t);
  };
  for (const network_cut<T>& c : cuts) {
    inside(c.start);
    if (c.end) inside(*c.end);
  }
  for (const arrival& r : receipts) inside(r.day);
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  if (b.size() == 1) b.push_back(horizon);  // a horizon of 0: one empty interval

  const std::size_t K = b.size() - 1, N = net.node_count(), S = net.site_count();
  out.nodes = N;
  out.sites = S;
  out.node_rate.resize(K * N);
  out.site_rate.assign(K * S, T(0));
  for (std::size_t k = 0; k < K; ++k) {
    for (node_id n = 0; n < N; ++n) out.node_rate[k * N + n] = net.capacity(n);
    for (site_id s = 0; s < S; ++s)
      if (const auto& c = net.site_capacity(s)) out.site_rate[k * S + s] = *c;
  }
  // The fraction left of each node and site on each interval: the tightest cap wins.
  std::vector<T> left_node(K * N, T(1)), left_site(K * S, T(1));
  for (const network_cut<T>& c : cuts) {
    const T left = T(T(1) - c.fraction);
    for (std::size_t k = 0; k < K; ++k) {
      if (b[k] < c.start || (c.end && !(b[k] < *c.end))) continue;
      for (const node_id n : c.nodes) left_node[k * N + n] = std::min(left_node[k * N + n], left);
      if (c.site != no_site) left_site[k * S + c.site] = std::min(left_site[k * S + c.site], left);
    }
  }
  for (std::size_t x = 0; x < K * N; ++x)
    if (left_node[x] != T(1)) out.node_rate[x] = T(out.node_rate[x] * left_node[x]);
  for (std::size_t x = 0; x < K * S; ++x)
    if (left_site[x] != T(1)) out.site_rate[x] = T(out.site_rate[x] * left_site[x]);

  out.node_start.assign(K * N, T(0));
  out.site_start.assign(K * S, T(0));
  for (std::size_t k = 1; k < K; ++k) {
    const T length = T(b[k] - b[k - 1]);
    for (node_id n = 0; n < N; ++n)
      out.node_start[k * N + n] = T(out.node_start[(k - 1) * N + n] + out.node_rate[(k - 1) * N + n] * length);
    for (site_id s = 0; s < S; ++s)
      out.site_start[k * S + s] = T(out.site_start[(k - 1) * S + s] + out.site_rate[(k - 1) * S + s] * length);
  }
  out.stock.resize(K * items);
  for (std::size_t k = 0; k < K; ++k) {
    std::copy(stock.begin(), stock.end(), out.stock.begin() + static_cast<std::ptrdiff_t>(k * items));
    for (const arrival& r : receipts)
      if (!(b[k] < r.day)) out.stock[k * items + r.item] += r.quantity;
  }
}

}  // namespace chokepoint::detail
