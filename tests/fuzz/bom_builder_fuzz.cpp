// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// bom_builder on arbitrary edge lists, then every computation on what it builds, each
// checked against an independent one written here (plain maps, long double, Kahn's
// algorithm of its own).
//
// Input: a flags byte (duplicates summed or rejected; items declared; hostile names:
// empty, spaces, UTF-8, 300 bytes, an embedded NUL; how many names), the declared items,
// then edges of four bytes (parent, child, quantity code, scrap code) for as long as the
// input lasts. Quantities come from fuzz::input::number (NaN, infinities, 0, -0, the
// extremes of double) or from small values.
//
// What must hold:
// - add_edge throws invalid_input exactly when the quantity or scrap is bad, the
//   effective quantity overflows, or a name is empty, with the message of that rule;
// - build() throws invalid_input exactly when some edge names an undeclared item, an
//   edge is duplicated (reject), there is a cycle, or a quantity overflows, with the
//   message of one of the rules that apply; a named cycle is a real cycle of the edges;
// - a built BOM has every item and edge given (summed duplicates), CSR rows sorted and
//   mirrored, levels that are longest paths from a root, kinds from the graph;
// - explode, unit_requirements, where_used and requirement_matrix (1 and 3 threads,
//   bit for bit) agree with a long double computation over the edges, and are finite:
//   a result that overflowed is a finding, not an answer.

#include "fuzz.hpp"

#include <chokepoint/bom.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/requirement_matrix.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace {

using chokepoint::bill_of_materials;
using chokepoint::bom_builder;
using chokepoint::duplicate_edges;
using chokepoint::invalid_input;
using chokepoint::item_id;
using chokepoint::fuzz::close;
using chokepoint::fuzz::starts_with;

struct edge {
  std::string parent, child;
  double quantity;  // effective: quantity / (1 - scrap)
};

std::string pool_name(std::size_t k, bool hostile) {
  static const std::string hostile_names[] = {
      "", "a b", "\xce\xa9-\xe7\xa3\x81", std::string(300, 'x'), std::string("x\0y", 3), " "};
  if (hostile && k < std::size(hostile_names)) return hostile_names[k];
  return "n" + std::to_string(k);
}

/// The messages add_edge may give for an edge, empty if it must succeed.
std::vector<std::pair<std::string, bool>> edge_errors(const std::string& p, const std::string& c, double q, double s) {
  const std::string prefix = "chokepoint::bom: edge " + p + " -> " + c + ": ";
  std::vector<std::pair<std::string, bool>> out;  // (text, whole message or only its start)
  if (!(q > 0) || !std::isfinite(q)) out.emplace_back(prefix + "quantity must be positive and finite, got ", false);
  else if (!(s >= 0) || !(s < 1)) out.emplace_back(prefix + "scrap must be in [0, 1), got ", false);
  else if (!std::isfinite(s == 0 ? q : q / (1 - s)))
    out.emplace_back(prefix + "quantity / (1 - scrap) overflows", true);
  if (p.empty() || c.empty()) out.emplace_back("chokepoint::bom: empty item name", true);
  return out;
}

/// what() is a C string: a name with a NUL byte (possible through the API, never from a
/// CSV file) cuts the message there, so the expected texts are cut the same way.
bool matches(const std::string& what, const std::vector<std::pair<std::string, bool>>& allowed) {
  for (const auto& [full, whole] : allowed) {
    const std::string text = full.substr(0, full.find('\0'));
    const bool cut = text.size() < full.size();
    if ((whole && !cut) ? what == text : starts_with(what, text)) return true;
  }
  return false;
}

std::string describe(const std::vector<std::pair<std::string, bool>>& allowed) {
  std::string s;
  for (const auto& a : allowed) s += "\n    " + a.first;
  return s.empty() ? " (none)" : s;
}

/// The graph as the oracle sees it: names in first-appearance order, summed edges.
struct graph {
  std::vector<std::string> names;
  std::map<std::string, std::size_t> id;
  std::map<std::pair<std::size_t, std::size_t>, long double> quantity;    // summed in long double
  std::map<std::pair<std::size_t, std::size_t>, double> quantity_double;  // summed as build() does
  std::map<std::pair<std::size_t, std::size_t>, int> count;
  std::vector<std::vector<std::size_t>> children, parents;

  std::size_t intern(const std::string& n) {
    const auto [it, added] = id.emplace(n, names.size());
    if (added) {
      names.push_back(n);
      children.emplace_back();
      parents.emplace_back();
    }
    return it->second;
  }

  void add(const edge& e) {
    const std::size_t p = intern(e.parent), c = intern(e.child);
    if (count[{p, c}]++ == 0) {
      children[p].push_back(c);
      parents[c].push_back(p);
      quantity_double[{p, c}] = e.quantity;
    } else {
      quantity_double[{p, c}] += e.quantity;
    }
    quantity[{p, c}] += e.quantity;
  }

  /// Kahn's algorithm: a topological order, or nothing if there is a cycle.
  [[nodiscard]] std::optional<std::vector<std::size_t>> order() const {
    std::vector<std::size_t> indegree(names.size(), 0), out;
    for (std::size_t i = 0; i < names.size(); ++i) indegree[i] = parents[i].size();
    for (std::size_t i = 0; i < names.size(); ++i)
      if (indegree[i] == 0) out.push_back(i);
    for (std::size_t head = 0; head < out.size(); ++head)
      for (const std::size_t c : children[out[head]])
        if (--indegree[c] == 0) out.push_back(c);
    if (out.size() != names.size()) return std::nullopt;
    return out;
  }
};

/// A cycle message names a real cycle of the graph: a -> b -> ... -> a, each step an edge.
void check_cycle(const std::string& what, const graph& g) {
  for (const std::string& n : g.names)
    if (n.find('\0') != std::string::npos) return;  // the message may be cut at that name
  const std::string prefix = "chokepoint::bom: cycle ";
  std::vector<std::string> items;
  for (std::size_t at = prefix.size();;) {
    const std::size_t arrow = what.find(" -> ", at);
    items.push_back(what.substr(at, arrow == std::string::npos ? std::string::npos : arrow - at));
    if (arrow == std::string::npos) break;
    at = arrow + 4;
  }
  FUZZ_CHECK(items.size() >= 2 && items.front() == items.back(), "not a closed cycle: " + what);
  std::set<std::string> distinct(items.begin(), items.end() - 1);
  FUZZ_CHECK(distinct.size() == items.size() - 1, "the cycle repeats an item: " + what);
  for (std::size_t k = 0; k + 1 < items.size(); ++k) {
    const auto p = g.id.find(items[k]), c = g.id.find(items[k + 1]);
    FUZZ_CHECK(p != g.id.end() && c != g.id.end() && g.count.count({p->second, c->second}),
               "no edge " + items[k] + " -> " + items[k + 1] + " in " + what);
  }
}

/// Units of every item per unit of `root`, over the graph, in long double.
std::vector<long double> requirements_from(const graph& g, const std::vector<std::size_t>& order, std::size_t root) {
  std::vector<long double> amount(g.names.size(), 0.0L);
  amount[root] = 1.0L;
  for (const std::size_t i : order)
    for (const std::size_t c : g.children[i]) amount[c] += g.quantity.at({i, c}) * amount[i];
  return amount;
}

constexpr long double tolerance = 1e-12L;

void check_built(const bill_of_materials<double>& bom, const graph& g, const std::set<std::string>& extras) {
  const auto order = g.order();
  FUZZ_CHECK(order.has_value(), "built a BOM with a cycle");
  const std::size_t n = bom.item_count();
  FUZZ_CHECK(n >= g.names.size() && n <= g.names.size() + extras.size(), "item count " + std::to_string(n));
  FUZZ_CHECK(bom.edge_count() == g.count.size(), "edge count " + std::to_string(bom.edge_count()));

  // Names, ids and levels; ids sorted by level.
  std::vector<std::size_t> oracle_of(n);
  for (item_id i = 0; i < n; ++i) {
    const std::string name(bom.name(i));
    FUZZ_CHECK(bom.find(name) == i, "find(name(" + std::to_string(i) + ")) is another id");
    const auto it = g.id.find(name);
    FUZZ_CHECK(it != g.id.end() || extras.count(name), "unknown item " + name);
    oracle_of[i] = it != g.id.end() ? it->second : g.names.size();
    if (i > 0) FUZZ_CHECK(bom.level(i - 1) <= bom.level(i), "ids not sorted by level");
  }
  for (const std::string& name : g.names) FUZZ_CHECK(bom.find(name).has_value(), "lost item " + name);
  FUZZ_CHECK(!bom.find("\x01never").has_value(), "found a name never given");

  std::vector<std::size_t> level(g.names.size(), 0);
  for (const std::size_t i : *order)
    for (const std::size_t c : g.children[i]) level[c] = std::max(level[c], level[i] + 1);

  std::size_t products = 0, materials = 0;
  for (item_id i = 0; i < n; ++i) {
    const auto cs = bom.children(i);
    const auto cq = bom.child_quantities(i);
    const auto ps = bom.parents(i);
    const auto pq = bom.parent_quantities(i);
    FUZZ_CHECK(cs.size() == cq.size() && ps.size() == pq.size(), "CSR spans of different lengths");
    for (std::size_t k = 0; k < cs.size(); ++k) {
      if (k > 0) FUZZ_CHECK(cs[k - 1] < cs[k], "children not strictly increasing");
      FUZZ_CHECK(bom.level(i) < bom.level(cs[k]), "edge does not go down a level");
      const auto key = std::make_pair(oracle_of[i], oracle_of[cs[k]]);
      FUZZ_CHECK(g.count.count(key),
                 "edge not given: " + std::string(bom.name(i)) + " -> " + std::string(bom.name(cs[k])));
      FUZZ_CHECK(close(cq[k], g.quantity_double.at(key), 4 * g.count.at(key) * 1e-16L),
                 "quantity of " + std::string(bom.name(i)) + " -> " + std::string(bom.name(cs[k])));
      const auto back = bom.parents(cs[k]);
      const auto at = std::find(back.begin(), back.end(), i);
      FUZZ_CHECK(at != back.end() && bom.parent_quantities(cs[k])[static_cast<std::size_t>(at - back.begin())] == cq[k],
                 "parents do not mirror children");
    }
    for (std::size_t k = 1; k < ps.size(); ++k) FUZZ_CHECK(ps[k - 1] < ps[k], "parents not strictly increasing");
    if (oracle_of[i] < g.names.size()) {
      FUZZ_CHECK(bom.level(i) == level[oracle_of[i]], "level of " + std::string(bom.name(i)));
      FUZZ_CHECK(cs.size() == g.children[oracle_of[i]].size() && ps.size() == g.parents[oracle_of[i]].size(),
                 "degree of " + std::string(bom.name(i)));
    }
    const auto kind = cs.empty()   ? chokepoint::item_kind::material
                      : ps.empty() ? chokepoint::item_kind::product
                                   : chokepoint::item_kind::assembly;
    FUZZ_CHECK(bom.kind(i) == kind, "kind of " + std::string(bom.name(i)));
    if (kind == chokepoint::item_kind::product) FUZZ_CHECK(bom.products()[products++] == i, "products()");
    if (kind == chokepoint::item_kind::material) FUZZ_CHECK(bom.materials()[materials++] == i, "materials()");
  }
  FUZZ_CHECK(products == bom.products().size() && materials == bom.materials().size(), "products()/materials() sizes");

  // Requirements: every column of (I - N)^-1, against the oracle; finite.
  std::vector<std::vector<long double>> unit(n);
  for (item_id i = 0; i < n; ++i) {
    if (oracle_of[i] < g.names.size()) unit[i] = requirements_from(g, *order, oracle_of[i]);
    const auto reqs = chokepoint::unit_requirements(bom, i);
    for (const auto& r : reqs) {
      FUZZ_CHECK(std::isfinite(r.quantity), "unit requirement of " + std::string(bom.name(r.item)) + " per " +
                                                std::string(bom.name(i)) + " is not finite");
      if (!unit[i].empty())
        FUZZ_CHECK(close(r.quantity, unit[i][oracle_of[r.item]], tolerance),
                   "unit requirement of " + std::string(bom.name(r.item)) + " per " + std::string(bom.name(i)));
    }
    for (const auto& u : chokepoint::where_used(bom, i)) {
      FUZZ_CHECK(std::isfinite(u.quantity), "where-used quantity is not finite");
      if (oracle_of[u.item] < g.names.size() && oracle_of[i] < g.names.size()) {
        const auto from = requirements_from(g, *order, oracle_of[u.item]);
        FUZZ_CHECK(close(u.quantity, from[oracle_of[i]], tolerance),
                   "where-used quantity of " + std::string(bom.name(i)));
      }
    }
  }

  // Gross requirements for one unit of every product.
  std::vector<double> demand(n, 0.0);
  for (const item_id p : bom.products()) demand[p] = 1.0;
  const auto gross = chokepoint::explode(bom, std::span<const double>(demand));
  for (item_id i = 0; i < n; ++i) {
    FUZZ_CHECK(std::isfinite(gross[i]), "gross requirement of " + std::string(bom.name(i)) + " is not finite");
    if (oracle_of[i] >= g.names.size()) continue;
    long double expected = 0;
    for (const item_id p : bom.products())
      if (!unit[p].empty()) expected += unit[p][oracle_of[i]];
    FUZZ_CHECK(close(gross[i], expected, tolerance), "gross requirement of " + std::string(bom.name(i)));
  }

  // The requirement matrix, on one thread and on three: bit for bit the same.
  const auto one = chokepoint::requirement_matrix(bom, 1);
  const auto three = chokepoint::requirement_matrix(bom, 3);
  FUZZ_CHECK(one.nonZeros() == three.nonZeros(), "requirement_matrix depends on the thread count");
  for (Eigen::Index k = 0; k < one.nonZeros(); ++k)
    FUZZ_CHECK(one.valuePtr()[k] == three.valuePtr()[k] && one.innerIndexPtr()[k] == three.innerIndexPtr()[k],
               "requirement_matrix depends on the thread count");
  for (Eigen::Index r = 0; r < one.outerSize(); ++r)
    for (decltype(one)::InnerIterator it(one, r); it; ++it) {
      const item_id p = bom.products()[static_cast<std::size_t>(r)];
      const item_id m = bom.materials()[static_cast<std::size_t>(it.col())];
      FUZZ_CHECK(std::isfinite(it.value()), "requirement matrix entry is not finite");
      if (!unit[p].empty() && oracle_of[m] < g.names.size())
        FUZZ_CHECK(close(it.value(), unit[p][oracle_of[m]], tolerance), "requirement matrix entry");
    }
}

}  // namespace

CHOKEPOINT_FUZZ_TARGET(bom_builder) {
  chokepoint::fuzz::input in(data, size);
  const std::uint8_t flags = in.byte();
  const auto duplicates = (flags & 1) ? duplicate_edges::sum : duplicate_edges::reject;
  const bool declare = (flags & 2) != 0;
  const bool hostile = (flags & 4) != 0;
  const std::size_t names = 2 + (flags >> 3) % 31;

  bom_builder<double> builder;
  std::set<std::string> declared, extras;
  if (declare) {
    for (std::size_t k = 0, count = 1 + in.byte() % names; k < count; ++k) {
      const std::string name = pool_name(in.byte() % names, hostile);
      try {
        builder.declare_item(name);
        declared.insert(name);
      } catch (const invalid_input& e) {
        FUZZ_CHECK(name.empty() && std::string(e.what()) == "chokepoint::bom: empty item name",
                   std::string("declare_item: ") + e.what());
      }
    }
  }

  std::vector<edge> edges;
  while (!in.empty() && edges.size() < 256) {
    const std::string p = pool_name(in.byte() % names, hostile);
    const std::string c = pool_name(in.byte() % names, hostile);
    const std::uint8_t q_code = in.byte();
    const double q = q_code < 128 ? (q_code % 16 + 1) / 4.0 : in.number();
    const std::uint8_t s_code = in.byte();
    static constexpr double scraps[] = {0.5, 0.25, 0.999999, 1.0, -0.1, 1e-300, 0.9};
    const double s = s_code < 192 ? 0.0 : s_code < 224 ? scraps[s_code % std::size(scraps)] : in.number();
    const auto allowed = edge_errors(p, c, q, s);
    try {
      builder.add_edge(p, c, q, s);
      FUZZ_CHECK(allowed.empty(), "add_edge accepted an edge it must refuse:" + describe(allowed));
      edges.push_back({p, c, s == 0 ? q : q / (1 - s)});
    } catch (const invalid_input& e) {
      FUZZ_CHECK(matches(e.what(), allowed), std::string("add_edge: ") + e.what() + "\n  allowed:" + describe(allowed));
      // A refused edge may leave its other, valid name behind as an isolated item.
      if (!p.empty()) extras.insert(p);
      if (!c.empty()) extras.insert(c);
    }
  }

  graph g;
  for (const std::string& d : declared) g.intern(d);
  for (const edge& e : edges) g.add(e);
  for (const std::string& n : g.names) extras.erase(n);

  // The messages build() may give.
  std::vector<std::pair<std::string, bool>> allowed;
  if (!declared.empty())
    for (const edge& e : edges)
      for (const std::string& end : {e.parent, e.child})
        if (!declared.count(end))
          allowed.emplace_back("chokepoint::bom: edge " + e.parent + " -> " + e.child + ": unknown item '" + end + "'",
                               true);
  for (const auto& [key, count] : g.count) {
    const std::string pair = g.names[key.first] + " -> " + g.names[key.second];
    if (count > 1 && duplicates == duplicate_edges::reject)
      allowed.emplace_back("chokepoint::bom: duplicate edge " + pair, true);
    if (count > 1 && duplicates == duplicate_edges::sum && !std::isfinite(g.quantity_double.at(key)))
      allowed.emplace_back("chokepoint::bom: duplicate edge " + pair + ": summed quantity overflows", true);
  }
  const bool cyclic = !g.order().has_value();
  if (cyclic) allowed.emplace_back("chokepoint::bom: cycle ", false);
  // Requirements beyond double: build() must refuse a BOM where some item needs more
  // than the largest double per unit of another, and may refuse one where the sum over
  // all items above it gets there (its check is that sum, in one pass).
  std::vector<std::pair<std::string, bool>> overflow;
  bool must_overflow = false;
  if (!cyclic) {
    const auto order = *g.order();
    constexpr long double largest = std::numeric_limits<double>::max();
    std::vector<long double> total(g.names.size(), 0.0L);
    for (std::size_t root = 0; root < g.names.size(); ++root) {
      const auto amount = requirements_from(g, order, root);
      for (std::size_t i = 0; i < amount.size(); ++i) {
        total[i] += amount[i];
        must_overflow = must_overflow || amount[i] > largest * (1 + 1e-12L);
      }
    }
    for (std::size_t i = 0; i < total.size(); ++i)
      if (total[i] > largest * (1 - 1e-12L))
        overflow.emplace_back("chokepoint::bom: requirement of '" + g.names[i] + "' per unit of '", false);
  }
  const bool must_fail = !allowed.empty() || must_overflow;
  allowed.insert(allowed.end(), overflow.begin(), overflow.end());

  for (const bool copy : {true, false}) {
    try {
      const auto bom = copy ? builder.build(duplicates) : std::move(builder).build(duplicates);
      FUZZ_CHECK(!must_fail, "build() accepted what it must refuse:" + describe(allowed));
      check_built(bom, g, extras);
    } catch (const invalid_input& e) {
      const std::string what = e.what();
      FUZZ_CHECK(matches(what, allowed), "build(): " + what + "\n  allowed:" + describe(allowed));
      if (starts_with(what, "chokepoint::bom: cycle ")) check_cycle(what, g);
    }
  }
  return 0;
}
