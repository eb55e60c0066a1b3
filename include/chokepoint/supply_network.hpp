// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// supply_network<T>: a bill of materials whose items, at any level, are made or bought
// by sources with a capacity (docs/model.md, Multi-tier networks). A source of an item
// is a node: a supplier or site's name, its country and the units of the item it can
// deliver per day. An item without a source is made in-house without a limit (a BOM
// material without one is never short), as in the single-plant model.
//
// - Spare capacity: a node's capacity is what it can deliver, not what the plan takes
//   from it, so the surviving nodes of an item take over a failed one up to theirs.
// - Customer lists: a node may serve only some customers, each named as a source of a
//   parent item (that parent's node of that name) or as a parent made in-house (by its
//   item name). A node without a list serves every parent. The plant's own demand of an
//   item may be met by any of its nodes.
// - Sites: a site groups the nodes of one source (all its items or those named), is cut
//   as one (`site:Name` in a scenario), and may cap their joint output per day (shared
//   capacity: the sum over its items of the units delivered).
//
// network_builder checks every row as it comes and resolves the customers and sites in
// build(); `row` is the row number messages give (the line of a file; by default the
// rows are counted from 1 in the order of the calls):
//
//   "chokepoint::supply_network: row 2 (source 'Acme' of 'Magnet'): capacity must be finite and >= 0, got -1"
//   "chokepoint::supply_network: row 2 (source 'Acme' of 'Magnt'): 'Magnt' is not an item of the bill of materials"
//   "chokepoint::supply_network: row 3 (source 'Acme' of 'Magnet'): given twice (first at row 2)"
//   "chokepoint::supply_network: row 4 (source 'Lynas' of 'NdPr oxide'): unknown customer 'Acem'
//    (neither a source of a parent of 'NdPr oxide' nor a parent of it made in-house)"
//   "chokepoint::supply_network: site row 1 (site 'Ningbo'): unknown source 'Acem'"
//   "chokepoint::supply_network: site row 1 (site 'Ningbo'): source 'Acme' makes no 'Rotor'"
//   "chokepoint::supply_network: site row 2 (site 'B'): source 'Acme' of 'Magnet' is in site 'A' already (site row 1)"
//   "chokepoint::supply_network: site row 1 (site 'Ningbo'): item 'Rotor' listed twice"
//
// The network keeps a pointer to the bill of materials, which must outlive it.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/detail/name_index.hpp>
#include <chokepoint/detail/probable_material.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint {

using node_id = std::uint32_t;
using site_id = std::uint32_t;

/// A consumer node that is a parent made in-house (it has no nodes of its own), and a
/// node outside every site.
inline constexpr node_id in_house_node = std::numeric_limits<node_id>::max();
inline constexpr site_id no_site = std::numeric_limits<site_id>::max();

/// Who a node may deliver to: a parent item and its node (in_house_node when the parent
/// is made in-house).
struct network_customer {
  item_id parent = 0;
  node_id node = in_house_node;
  friend bool operator==(const network_customer&, const network_customer&) = default;
  friend auto operator<=>(const network_customer&, const network_customer&) = default;
};

template <scalar T>
class supply_network {
 public:
  supply_network() = default;

  [[nodiscard]] const bill_of_materials<T>& bom() const noexcept { return *bom_; }
  [[nodiscard]] std::size_t node_count() const noexcept { return item_.size(); }
  [[nodiscard]] std::size_t site_count() const noexcept { return site_names_.size(); }

  /// The nodes of item i (empty: made in-house without a limit), in the order added:
  /// nodes are numbered by item, so an item's are one run of ids.
  [[nodiscard]] auto nodes(item_id i) const {
    return std::views::iota(static_cast<node_id>(node_offsets_[i]), static_cast<node_id>(node_offsets_[i + 1]));
  }
  [[nodiscard]] item_id item(node_id n) const { return item_[n]; }
  [[nodiscard]] std::string_view source(node_id n) const { return source_names_[source_[n]]; }
  [[nodiscard]] std::string_view country(node_id n) const { return country_names_[country_[n]]; }
  /// Units of item(n) per day.
  [[nodiscard]] const T& capacity(node_id n) const { return capacity_[n]; }
  [[nodiscard]] site_id site(node_id n) const { return site_[n]; }
  [[nodiscard]] std::size_t row(node_id n) const { return row_[n]; }
  /// The consumers node n may deliver to, sorted; empty: every parent (also when its
  /// list names every consumer there is).
  [[nodiscard]] std::span<const network_customer> customers(node_id n) const {
    return std::span<const network_customer>(customers_)
        .subspan(customer_offsets_[n], customer_offsets_[n + 1] - customer_offsets_[n]);
  }
  /// Whether node n may deliver to node `consumer` of item `parent`.
  [[nodiscard]] bool serves(node_id n, item_id parent, node_id consumer) const {
    const auto c = customers(n);
    return c.empty() || std::binary_search(c.begin(), c.end(), network_customer{parent, consumer});
  }
  /// True when some node's customer list leaves a consumer out.
  [[nodiscard]] bool has_customer_lists() const noexcept { return !customers_.empty(); }

  [[nodiscard]] std::string_view site_name(site_id s) const { return site_names_[s]; }
  /// The site's shared capacity in units per day; empty: the site only groups its nodes.
  [[nodiscard]] const std::optional<T>& site_capacity(site_id s) const { return site_capacity_[s]; }
  [[nodiscard]] std::span<const node_id> site_nodes(site_id s) const {
    return std::span<const node_id>(site_nodes_).subspan(site_offsets_[s], site_offsets_[s + 1] - site_offsets_[s]);
  }

  [[nodiscard]] std::size_t source_count() const noexcept { return source_names_.size(); }
  [[nodiscard]] std::size_t country_count() const noexcept { return country_names_.size(); }
  [[nodiscard]] std::uint32_t source_of(node_id n) const { return source_[n]; }
  [[nodiscard]] std::uint32_t country_of(node_id n) const { return country_[n]; }
  [[nodiscard]] std::string_view source_name(std::uint32_t s) const { return source_names_[s]; }
  [[nodiscard]] std::string_view country_name(std::uint32_t c) const { return country_names_[c]; }
  [[nodiscard]] std::optional<std::uint32_t> find_source(std::string_view name) const {
    return find(source_names_, name);
  }
  [[nodiscard]] std::optional<std::uint32_t> find_country(std::string_view name) const {
    return find(country_names_, name);
  }
  [[nodiscard]] std::optional<site_id> find_site(std::string_view name) const { return find(site_names_, name); }

 private:
  friend class network_builder<T>;

  static std::optional<std::uint32_t> find(const detail::name_index& names, std::string_view name) {
    const std::uint32_t id = names.find(name);
    if (id == detail::name_index::no_id) return std::nullopt;
    return id;
  }

  const bill_of_materials<T>* bom_ = nullptr;
  std::vector<item_id> item_;
  std::vector<std::uint32_t> source_, country_;
  std::vector<T> capacity_;
  std::vector<site_id> site_;
  std::vector<std::size_t> row_;
  std::vector<std::size_t> node_offsets_{0};  ///< per item: its first node id
  std::vector<std::size_t> customer_offsets_{0};
  std::vector<network_customer> customers_;
  detail::name_index source_names_, country_names_, site_names_;
  std::vector<std::optional<T>> site_capacity_;
  std::vector<std::size_t> site_offsets_{0};
  std::vector<node_id> site_nodes_;
};

template <scalar T>
class network_builder {
 public:
  explicit network_builder(const bill_of_materials<T>& bom) : bom_(&bom) {}

  /// Adds the node `source` of `item`: `capacity` units per day from `country`,
  /// delivered to `customers` only when given (errors in the header comment).
  void add_source(std::string_view item, std::string_view source, std::string_view country, const T& capacity,
                  std::vector<std::string> customers = {}, std::size_t row = 0) {
    const std::size_t r = row == 0 ? rows_.size() + 1 : row;
    const auto fail = [&](std::string_view what) {
      detail::throw_invalid(
          where, detail::concat("row ", std::to_string(r), " (source '", source, "' of '", item, "'): ", what));
    };
    if (item.empty()) detail::throw_invalid(where, detail::concat("row ", std::to_string(r), ": item is empty"));
    if (source.empty()) detail::throw_invalid(where, detail::concat("row ", std::to_string(r), ": source is empty"));
    if (country.empty()) fail("country is empty");
    const auto i = bom_->find(item);
    if (!i) fail(detail::concat("'", item, "' is not an item of the bill of materials", probable_item(item)));
    if (!(capacity >= T(0)) || !scalar_traits<T>::is_finite(capacity))
      fail("capacity must be finite and >= 0, got " + detail::format_scalar(capacity));
    for (std::size_t a = 0; a < customers.size(); ++a)
      for (std::size_t b = 0; b < a; ++b)
        if (customers[a] == customers[b]) fail(detail::concat("customer '", customers[a], "' listed twice"));
    const auto [seen, fresh] = first_row_.try_emplace({*i, std::string(source)}, r);
    if (!fresh) fail(detail::concat("given twice (first at row ", std::to_string(seen->second), ")"));
    rows_.push_back({*i, std::string(source), std::string(country), capacity, std::move(customers), r});
  }

  /// Groups the nodes of `source` (of `items`, or all of its items when empty) into
  /// `site`, with a shared `capacity` per day when given.
  void add_site(std::string_view site, std::string_view source, std::optional<T> capacity = std::nullopt,
                std::vector<std::string> items = {}, std::size_t row = 0) {
    const std::size_t r = row == 0 ? sites_.size() + 1 : row;
    if (site.empty()) detail::throw_invalid(where, detail::concat("site row ", std::to_string(r), ": site is empty"));
    const auto fail = [&](std::string_view what) { fail_site(r, site, what); };
    if (source.empty()) fail("source is empty");
    if (capacity && (!(*capacity >= T(0)) || !scalar_traits<T>::is_finite(*capacity)))
      fail("capacity must be finite and >= 0, got " + detail::format_scalar(*capacity));
    for (const site_row& o : sites_)
      if (o.site == site) fail(detail::concat("given twice (first at site row ", std::to_string(o.row), ")"));
    for (std::size_t a = 0; a < items.size(); ++a)
      for (std::size_t b = 0; b < a; ++b)
        if (items[a] == items[b]) fail(detail::concat("item '", items[a], "' listed twice"));
    sites_.push_back({std::string(site), std::string(source), std::move(capacity), std::move(items), r});
  }

  [[nodiscard]] supply_network<T> build() const;

 private:
  static constexpr std::string_view where = "chokepoint::supply_network";

  struct source_row {
    item_id item;
    std::string source, country;
    T capacity;
    std::vector<std::string> customers;
    std::size_t row;
  };
  struct site_row {
    std::string site, source;
    std::optional<T> capacity;
    std::vector<std::string> items;
    std::size_t row;
  };

  [[noreturn]] static void fail_site(std::size_t r, std::string_view site, std::string_view what) {
    detail::throw_invalid(where, detail::concat("site row ", std::to_string(r), " (site '", site, "'): ", what));
  }

  /// " (did you mean 'X'?)" for an item whose name differs only in case, spacing or
  /// punctuation; built only for an error.
  [[nodiscard]] std::string probable_item(std::string_view name) const {
    const std::string folded = detail::fold_name(name);
    for (item_id i = 0; i < bom_->item_count(); ++i)
      if (detail::fold_name(bom_->name(i)) == folded) return detail::concat(" (did you mean '", bom_->name(i), "'?)");
    return {};
  }

  const bill_of_materials<T>* bom_;
  std::vector<source_row> rows_;
  std::map<std::pair<item_id, std::string>, std::size_t> first_row_;  ///< (item, source) -> row
  std::vector<site_row> sites_;
};

template <scalar T>
supply_network<T> network_builder<T>::build() const {
  supply_network<T> net;
  net.bom_ = bom_;
  const std::size_t n_items = bom_->item_count();
  const std::size_t n = rows_.size();

  // Nodes numbered by item, then in the order added, so that an item's nodes are one run.
  std::vector<std::size_t> order(n);
  for (std::size_t k = 0; k < n; ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rows_[a].item < rows_[b].item; });
  net.node_offsets_.assign(n_items + 1, 0);
  for (const std::size_t k : order) {
    const source_row& r = rows_[k];
    net.item_.push_back(r.item);
    net.source_.push_back(net.source_names_.intern(r.source).first);
    net.country_.push_back(net.country_names_.intern(r.country).first);
    net.capacity_.push_back(r.capacity);
    net.row_.push_back(r.row);
    ++net.node_offsets_[r.item + 1];
  }
  for (std::size_t i = 0; i < n_items; ++i) net.node_offsets_[i + 1] += net.node_offsets_[i];
  net.site_.assign(n, no_site);

  // Customers: a source name of a parent's node, or the name of a parent made in-house.
  for (node_id v = 0; v < n; ++v) {
    const source_row& r = rows_[order[v]];
    std::vector<network_customer> list;
    for (const std::string& name : r.customers) {
      const std::size_t before = list.size();
      for (const item_id p : bom_->parents(r.item)) {
        const auto pn = net.nodes(p);
        if (pn.empty() && bom_->name(p) == name) list.push_back({p, in_house_node});
        for (const node_id u : pn)
          if (net.source(u) == name) list.push_back({p, u});
      }
      if (list.size() == before)
        detail::throw_invalid(
            where, detail::concat("row ", std::to_string(r.row), " (source '", r.source, "' of '", bom_->name(r.item),
                                  "'): unknown customer '", name, "' (neither a source of a parent of '",
                                  bom_->name(r.item), "' nor a parent of it made in-house)"));
    }
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    std::size_t consumers = 0;  // a list of every consumer restricts nothing: kept as none
    for (const item_id p : bom_->parents(r.item)) consumers += std::max<std::size_t>(1, net.nodes(p).size());
    if (list.size() == consumers) list.clear();
    net.customers_.insert(net.customers_.end(), list.begin(), list.end());
    net.customer_offsets_.push_back(net.customers_.size());
  }

  // Sites: the nodes of one source, all of its items or those named.
  std::vector<std::size_t> site_row_of(n, 0);
  for (const site_row& s : sites_) {
    const site_id id = static_cast<site_id>(net.site_names_.size());
    const auto src = net.find_source(s.source);
    if (!src) fail_site(s.row, s.site, detail::concat("unknown source '", s.source, "'"));
    std::vector<node_id> members;
    if (s.items.empty()) {
      for (node_id v = 0; v < n; ++v)
        if (net.source_[v] == *src) members.push_back(v);
    }
    for (const std::string& name : s.items) {
      std::optional<node_id> found;
      if (const auto i = bom_->find(name))
        for (const node_id v : net.nodes(*i))
          if (net.source_[v] == *src) found = v;
      if (!found) fail_site(s.row, s.site, detail::concat("source '", s.source, "' makes no '", name, "'"));
      members.push_back(*found);
    }
    for (const node_id v : members) {
      if (net.site_[v] != no_site)
        fail_site(
            s.row, s.site,
            detail::concat("source '", s.source, "' of '", bom_->name(net.item_[v]), "' is in site '",
                           net.site_names_[net.site_[v]], "' already (site row ", std::to_string(site_row_of[v]), ")"));
      net.site_[v] = id;
      site_row_of[v] = s.row;
    }
    (void)net.site_names_.intern(s.site);  // a new name: add_site refuses a site given twice
    net.site_capacity_.push_back(s.capacity);
    net.site_nodes_.insert(net.site_nodes_.end(), members.begin(), members.end());
    net.site_offsets_.push_back(net.site_nodes_.size());
  }
  return net;
}

}  // namespace chokepoint
