// SPDX-License-Identifier: MIT
#include <chokepoint/bom.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace chokepoint;

namespace {

// A car, written out: two products sharing a motor, a magnet two levels down.
template <class T>
bill_of_materials<T> car() {
  bom_builder<T> b;
  b.add_edge("EV", "traction motor", T(1));
  b.add_edge("EV", "seat", T(5));
  b.add_edge("ICE", "seat", T(5));
  b.add_edge("traction motor", "magnet", T(2));
  b.add_edge("seat", "seat motor", T(2));
  b.add_edge("seat motor", "magnet", T(1) / T(10));
  b.add_edge("magnet", "Nd", T(3) / T(10));
  b.add_edge("magnet", "Dy", T(1) / T(50), T(1) / T(5));  // 20% scrap
  b.add_edge("EV", "copper", T(80));
  return std::move(b).build();
}

}  // namespace

TEST_CASE_TEMPLATE("bom: structure, kinds, levels and lookup", T, double, chokepoint::testing::rational) {
  const auto bom = car<T>();
  CHECK(bom.item_count() == 9);
  CHECK(bom.edge_count() == 9);
  const item_id ev = bom.id("EV"), magnet = bom.id("magnet"), dy = bom.id("Dy");
  CHECK(bom.kind(ev) == item_kind::product);
  CHECK(bom.kind(magnet) == item_kind::assembly);
  CHECK(bom.kind(dy) == item_kind::material);
  CHECK(bom.products().size() == 2);
  CHECK(bom.materials().size() == 3);  // Nd, Dy, copper
  // magnet sits under the seat motor, three levels below the products
  CHECK(bom.level(ev) == 0);
  CHECK(bom.level(bom.id("seat")) == 1);
  CHECK(bom.level(bom.id("seat motor")) == 2);
  CHECK(bom.level(magnet) == 3);
  CHECK(bom.level(dy) == 4);
  CHECK(bom.level_count() == 5);
  // ids are topological: every edge goes to a larger id and a deeper level
  for (item_id i = 0; i < bom.item_count(); ++i) {
    for (const item_id c : bom.children(i)) {
      CHECK(c > i);
      CHECK(bom.level(c) > bom.level(i));
    }
    CHECK(bom.name(bom.id(bom.name(i))) == bom.name(i));
  }
  CHECK_FALSE(bom.find("Tb").has_value());
  CHECK_THROWS_WITH_AS((void)bom.id("Tb"), "chokepoint::bom: unknown item 'Tb'", invalid_input);
  // scrap: 0.02 / (1 - 0.2) = 0.025 units of Dy per magnet
  const auto parents_of_dy = bom.parents(dy);
  REQUIRE(parents_of_dy.size() == 1);
  CHECK(parents_of_dy[0] == magnet);
  CHECK_CLOSE(bom.parent_quantities(dy)[0], T(1) / T(40));
  // both CSR directions hold the same edges
  std::size_t edges_seen = 0;
  for (item_id c = 0; c < bom.item_count(); ++c)
    for (std::size_t k = 0; k < bom.parents(c).size(); ++k) {
      const item_id p = bom.parents(c)[k];
      const auto cs = bom.children(p);
      const auto at = std::find(cs.begin(), cs.end(), c) - cs.begin();
      CHECK(bom.child_quantities(p)[static_cast<std::size_t>(at)] == bom.parent_quantities(c)[k]);
      ++edges_seen;
    }
  CHECK(edges_seen == bom.edge_count());
  CHECK(bom.memory_bytes() > 0);
}

TEST_CASE("bom: bad edges are refused with the edge named") {
  bom_builder<double> b;
  CHECK_THROWS_WITH_AS(b.add_edge("A", "B", -1.0),
                       "chokepoint::bom: edge A -> B: quantity must be positive and finite, got -1", invalid_input);
  CHECK_THROWS_WITH_AS(b.add_edge("A", "B", 0.0),
                       "chokepoint::bom: edge A -> B: quantity must be positive and finite, got 0", invalid_input);
  CHECK_THROWS_WITH_AS(b.add_edge("A", "B", std::numeric_limits<double>::quiet_NaN()),
                       "chokepoint::bom: edge A -> B: quantity must be positive and finite, got nan", invalid_input);
  CHECK_THROWS_WITH_AS(b.add_edge("A", "B", std::numeric_limits<double>::infinity()),
                       "chokepoint::bom: edge A -> B: quantity must be positive and finite, got inf", invalid_input);
  CHECK_THROWS_WITH_AS(b.add_edge("A", "B", 1.0, 1.0), "chokepoint::bom: edge A -> B: scrap must be in [0, 1), got 1",
                       invalid_input);
  CHECK_THROWS_WITH_AS(b.add_edge("A", "B", 1.0, -0.1),
                       "chokepoint::bom: edge A -> B: scrap must be in [0, 1), got -0.1", invalid_input);
  CHECK_THROWS_WITH_AS(b.add_edge("A", "B", 1e308, 0.5),
                       "chokepoint::bom: edge A -> B: quantity / (1 - scrap) overflows", invalid_input);
  CHECK_THROWS_WITH_AS(b.add_edge("", "B", 1.0), "chokepoint::bom: empty item name", invalid_input);
  CHECK(b.edge_count() == 0);  // nothing half-added
}

TEST_CASE("bom: cycles are named in order, from their first-named item") {
  {
    bom_builder<double> b;
    b.add_edge("A", "A", 1.0);
    CHECK_THROWS_WITH_AS((void)std::move(b).build(), "chokepoint::bom: cycle A -> A", invalid_input);
  }
  {
    bom_builder<double> b;
    b.add_edge("P", "A", 1.0);
    b.add_edge("A", "B", 1.0);
    b.add_edge("B", "C", 1.0);
    b.add_edge("C", "A", 1.0);
    b.add_edge("C", "M", 1.0);
    CHECK_THROWS_WITH_AS((void)std::move(b).build(), "chokepoint::bom: cycle A -> B -> C -> A", invalid_input);
  }
  {  // a long cycle below a long chain: no recursion, the loop alone is named
    bom_builder<double> b;
    for (int i = 0; i < 100000; ++i) b.add_edge("n" + std::to_string(i), "n" + std::to_string(i + 1), 1.0);
    b.add_edge("n100000", "n99998", 1.0);
    CHECK_THROWS_WITH_AS((void)std::move(b).build(), "chokepoint::bom: cycle n99998 -> n99999 -> n100000 -> n99998",
                         invalid_input);
  }
}

TEST_CASE("bom: duplicate edges are an error unless summing is asked for") {
  bom_builder<double> b;
  b.add_edge("P", "M", 1.0);
  b.add_edge("P", "X", 1.0);
  b.add_edge("P", "M", 2.5);
  CHECK_THROWS_WITH_AS((void)b.build(), "chokepoint::bom: duplicate edge P -> M", invalid_input);
  const auto bom = b.build(duplicate_edges::sum);
  CHECK(bom.edge_count() == 2);
  CHECK(bom.parent_quantities(bom.id("M"))[0] == 3.5);
}

TEST_CASE("bom: declared items make unknown ones an error") {
  bom_builder<double> b;
  b.declare_item("P");
  b.declare_item("M");
  b.declare_item("unused");
  b.add_edge("P", "M", 1.0);
  {
    const auto bom = b.build();
    CHECK(bom.item_count() == 3);
    CHECK(bom.kind(bom.id("unused")) == item_kind::material);  // bought as it is
  }
  b.add_edge("P", "Dy", 1.0);
  CHECK_THROWS_WITH_AS((void)b.build(), "chokepoint::bom: edge P -> Dy: unknown item 'Dy'", invalid_input);
}

TEST_CASE("bom: empty and single-item BOMs") {
  const auto empty = bom_builder<double>().build();
  CHECK(empty.item_count() == 0);
  CHECK(empty.level_count() == 0);
  CHECK(empty.products().empty());
  bom_builder<double> b;
  b.declare_item("bolt");
  const auto one = std::move(b).build();
  CHECK(one.item_count() == 1);
  CHECK(one.materials().size() == 1);
}

TEST_CASE("bom: random DAGs keep every edge, in topological order") {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  for (const auto& shape : chokepoint::testing::dag_shapes) {
    const auto edges = chokepoint::testing::random_dag(rng, shape);
    const auto bom = chokepoint::testing::build_bom<double>(edges);
    CHECK(bom.edge_count() == edges.size());
    std::set<std::pair<std::string, std::string>> expected, seen;
    for (const auto& e : edges) expected.emplace(e.parent, e.child);
    for (item_id p = 0; p < bom.item_count(); ++p)
      for (const item_id c : bom.children(p)) {
        CHECK(c > p);
        seen.emplace(std::string(bom.name(p)), std::string(bom.name(c)));
      }
    CHECK(seen == expected);
    for (item_id i = 0; i < bom.item_count(); ++i) {
      std::uint32_t expected_level = 0;
      for (const item_id p : bom.parents(i)) expected_level = std::max(expected_level, bom.level(p) + 1);
      CHECK(bom.level(i) == expected_level);
    }
  }
}

namespace {

// Everything a frozen BOM exposes, for comparing two builds.
template <class T>
void check_same_bom(const bill_of_materials<T>& a, const bill_of_materials<T>& b) {
  REQUIRE(a.item_count() == b.item_count());
  REQUIRE(a.edge_count() == b.edge_count());
  for (item_id i = 0; i < a.item_count(); ++i) {
    CHECK(a.name(i) == b.name(i));
    CHECK(a.level(i) == b.level(i));
    CHECK(std::ranges::equal(a.children(i), b.children(i)));
    CHECK(std::ranges::equal(a.child_quantities(i), b.child_quantities(i)));
    CHECK(std::ranges::equal(a.parents(i), b.parents(i)));
    CHECK(std::ranges::equal(a.parent_quantities(i), b.parent_quantities(i)));
  }
}

}  // namespace

TEST_CASE("bom: add_edges, reserve and the order of the rows give the same BOM as add_edge") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 11);
  for (const auto& shape : chokepoint::testing::dag_shapes) {
    auto edges = chokepoint::testing::random_dag(rng, shape);
    // A few duplicates (summed) and both row orders: shuffled, and grouped by parent
    // as files list them (build() then leaves the rows where they are).
    for (std::size_t k = 0; k < edges.size(); k += 7) edges.push_back(edges[k]);
    std::shuffle(edges.begin(), edges.end(), rng);
    auto grouped = edges;
    std::stable_sort(grouped.begin(), grouped.end(), [](const auto& a, const auto& b) { return a.parent < b.parent; });
    for (const auto* order : {&edges, &grouped}) {
      bom_builder<double> one_by_one;
      for (const auto& e : *order) one_by_one.add_edge(e.parent, e.child, e.quarters / 4.0);
      bom_builder<double> in_batches;
      in_batches.reserve(shape.items, order->size());
      std::vector<bom_edge<double>> batch;
      for (std::size_t k = 0; k < order->size(); ++k) {
        const auto& e = (*order)[k];
        batch.push_back({e.parent, e.child, e.quarters / 4.0});
        if (batch.size() == 5 || k + 1 == order->size()) {  // batches shorter and longer than the look-ahead
          in_batches.add_edges(batch);
          batch.clear();
        }
      }
      CHECK(in_batches.item_count() == one_by_one.item_count());
      CHECK(in_batches.edge_count() == order->size());
      const auto a = std::move(one_by_one).build(duplicate_edges::sum);
      const auto b = std::move(in_batches).build(duplicate_edges::sum);
      check_same_bom(a, b);
      // Against the edge list itself: every (parent, child) once, duplicates summed.
      std::map<std::pair<std::string, std::string>, double> expected;
      for (const auto& e : *order) expected[{e.parent, e.child}] += e.quarters / 4.0;
      std::map<std::pair<std::string, std::string>, double> seen;
      for (item_id p = 0; p < b.item_count(); ++p)
        for (std::size_t k = 0; k < b.children(p).size(); ++k)
          seen[{std::string(b.name(p)), std::string(b.name(b.children(p)[k]))}] = b.child_quantities(p)[k];
      CHECK(seen == expected);
    }
  }
}

TEST_CASE("bom: add_edges stops at a bad edge with the edges before it added") {
  bom_builder<double> b;
  const std::vector<bom_edge<double>> edges{{"P", "A", 1.0}, {"P", "B", 2.0}, {"A", "M", 1e308, 0.5}, {"B", "M", 1.0}};
  CHECK_THROWS_WITH_AS(b.add_edges(edges), "chokepoint::bom: edge A -> M: quantity / (1 - scrap) overflows",
                       invalid_input);
  CHECK(b.edge_count() == 2);
  CHECK(b.item_count() == 3);  // P, A, B: M was never interned
  CHECK_THROWS_WITH_AS(b.add_edges(std::vector<bom_edge<double>>{{"P", "", 1.0}}), "chokepoint::bom: empty item name",
                       invalid_input);
  const auto bom = std::move(b).build();
  CHECK(bom.edge_count() == 2);
  CHECK_FALSE(bom.find("M").has_value());
}

TEST_CASE("bom: names are told apart by every byte, and found by name") {
  // Names around the 8 bytes kept in a hash slot, sharing long prefixes, with NUL and
  // high bytes, and differing only in length: each is one item of its own.
  using namespace std::string_literals;
  const std::vector<std::string> names{"a",
                                       "ab",
                                       "abcdefg",
                                       "abcdefgh",
                                       "abcdefghi",
                                       "abcdefgh\0"s,
                                       "abcdefg\0"s,
                                       "\0"s,
                                       "\0\0"s,
                                       "part-000000000001",
                                       "part-000000000002",
                                       "part-0000000000010",
                                       "part-00000000001",
                                       "\xff",
                                       "\xff\xfe",
                                       "\x7f",
                                       "Z",
                                       "z",
                                       "abcdefgh\xff",
                                       "abcdefgh\x01"};
  bom_builder<double> b;
  for (std::size_t k = 0; k < names.size(); ++k) b.add_edge("root", names[k], static_cast<double>(k + 1));
  CHECK(b.item_count() == names.size() + 1);
  const auto bom = std::move(b).build();
  const item_id root = bom.id("root");
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto id = bom.find(names[k]);
    REQUIRE(id.has_value());
    CHECK(bom.name(*id) == names[k]);
    const auto children = bom.children(root);
    const auto at = std::find(children.begin(), children.end(), *id) - children.begin();
    CHECK(bom.child_quantities(root)[static_cast<std::size_t>(at)] == static_cast<double>(k + 1));
  }
  CHECK_FALSE(bom.find("abcdefgh\0\0"s).has_value());
  CHECK_FALSE(bom.find("part-0000000000").has_value());
  CHECK_FALSE(bom.find("").has_value());
}

TEST_CASE("bom: a hundred thousand names, interned and found") {
  // Enough names for the hash index to grow many times, and long ones sharing their
  // first 8 bytes, so that lookups fall through to the text.
  bom_builder<double> b;
  const int n = 100000;
  for (int k = 0; k < n; ++k) {
    b.add_edge("assembly-" + std::to_string(k / 10), "component-" + std::to_string(k), 1.0);
    b.add_edge("component-" + std::to_string(k), "m" + std::to_string(k % 977), 0.25);
  }
  CHECK(b.item_count() == static_cast<std::size_t>(n / 10 + n + 977));
  const auto bom = std::move(b).build();
  CHECK(bom.edge_count() == static_cast<std::size_t>(2 * n));
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 12);
  std::uniform_int_distribution<int> pick(0, n - 1);
  for (int t = 0; t < 2000; ++t) {
    const int k = pick(rng);
    const std::string name = "component-" + std::to_string(k);
    const auto id = bom.find(name);
    REQUIRE(id.has_value());
    CHECK(bom.name(*id) == name);
    REQUIRE(bom.parents(*id).size() == 1);
    CHECK(bom.name(bom.parents(*id)[0]) == "assembly-" + std::to_string(k / 10));
    CHECK(bom.name(bom.children(*id)[0]) == "m" + std::to_string(k % 977));
  }
  CHECK_FALSE(bom.find("component-" + std::to_string(n)).has_value());
}
