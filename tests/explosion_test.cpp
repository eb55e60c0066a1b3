// SPDX-License-Identifier: MIT
#include <chokepoint/explosion.hpp>
#include <chokepoint/paths.hpp>
#include <chokepoint/requirement_matrix.hpp>
#include <chokepoint/testing/generate.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace chokepoint;
using chokepoint::testing::rational;

namespace {

template <class T>
using dense = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

// (I - N) in the BOM's id space, N(c, p) = units of c per unit of p.
template <class T>
dense<T> leontief(const bill_of_materials<T>& bom) {
  const auto n = static_cast<Eigen::Index>(bom.item_count());
  dense<T> a = dense<T>::Identity(n, n);
  for (item_id p = 0; p < bom.item_count(); ++p)
    for (std::size_t k = 0; k < bom.children(p).size(); ++k) a(bom.children(p)[k], p) -= bom.child_quantities(p)[k];
  return a;
}

// Netting by Jacobi iteration of its defining equations, in no particular order: an
// independent route to the fixed point the level-by-level pass reaches in one sweep.
template <class T>
std::vector<T> net_by_iteration(const bill_of_materials<T>& bom, const std::vector<T>& d, const std::vector<T>& stock) {
  const std::size_t n = bom.item_count();
  std::vector<T> net(n, T(0));
  for (std::size_t round = 0; round <= bom.level_count(); ++round) {
    std::vector<T> next(n);
    for (std::size_t i = n; i-- > 0;) {
      T g = d[i];
      for (std::size_t k = 0; k < bom.parents(static_cast<item_id>(i)).size(); ++k)
        g += bom.parent_quantities(static_cast<item_id>(i))[k] * net[bom.parents(static_cast<item_id>(i))[k]];
      next[i] = g > stock[i] ? T(g - stock[i]) : T(0);
    }
    net = next;
  }
  return net;
}

// (I - N)^-1 by a dense solve in exact rational arithmetic (Gauss-Jordan on the full
// matrix): the reference for every scalar type. Deep random BOMs make (I - N) badly
// conditioned, so a floating-point LU would be the less accurate side of the comparison.
dense<rational> exact_inverse(const dense<rational>& a) {
  const auto n = static_cast<std::size_t>(a.rows());
  std::vector<std::vector<rational>> m(n, std::vector<rational>(2 * n, rational(0)));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) m[i][j] = a(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    m[i][n + i] = rational(1);
  }
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    while (m[pivot][col] == 0) ++pivot;
    std::swap(m[pivot], m[col]);
    const rational inv = rational(1) / m[col][col];
    for (auto& x : m[col]) x *= inv;
    for (std::size_t r = 0; r < n; ++r)
      if (r != col && m[r][col] != 0) {
        const rational f = m[r][col];
        for (std::size_t j = 0; j < 2 * n; ++j) m[r][j] -= f * m[col][j];
      }
  }
  dense<rational> out(a.rows(), a.cols());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = m[i][n + j];
  return out;
}

template <class T>
T from_rational(const rational& r) {
  if constexpr (std::is_same_v<T, rational>) return r;
  else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(r);
  else return T(T(numerator(r).str()) / T(denominator(r).str()));
}

}  // namespace

TEST_CASE_TEMPLATE("explosion and where-used agree with a dense solve of (I - N)", T, CHOKEPOINT_ALL_TYPES) {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  for (const auto& shape : chokepoint::testing::dag_shapes) {
    CAPTURE(shape.items);
    const auto edges = chokepoint::testing::random_dag(rng, shape);
    const auto bom = chokepoint::testing::build_bom<T>(edges);
    const auto n = static_cast<Eigen::Index>(bom.item_count());
    const dense<rational> exact = exact_inverse(leontief(chokepoint::testing::build_bom<rational>(edges)));
    // the rational BOM numbers its items exactly as this one does (same insertion order)
    dense<T> total(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < n; ++j) total(i, j) = from_rational<T>(exact(i, j));
    std::vector<T> demand(bom.item_count(), T(0));
    std::uniform_int_distribution<int> units(0, 9);
    for (auto& d : demand) d = T(units(rng));  // demand on every item, service parts too
    const auto gross = explode(bom, std::span<const T>(demand));
    for (Eigen::Index i = 0; i < n; ++i) {
      T expected(0);
      for (Eigen::Index j = 0; j < n; ++j) expected += total(i, j) * demand[static_cast<std::size_t>(j)];
      CHECK_CLOSE(gross[static_cast<std::size_t>(i)], expected);
    }

    // Columns of (I - N)^-1: unit requirements down, where-used up.
    for (const item_id p : bom.products()) {
      std::vector<T> column(bom.item_count(), T(0));
      for (const auto& r : unit_requirements(bom, p)) column[r.item] = r.quantity;
      for (item_id i = 0; i < bom.item_count(); ++i)
        if (i != p) CHECK_CLOSE(column[i], T(total(i, p)));
    }
    for (const item_id m : bom.materials()) {
      const auto used = where_used(bom, m);
      std::size_t products_using = 0;  // products whose explosion reaches m
      for (const item_id p : bom.products())
        for (const auto& r : unit_requirements(bom, p)) products_using += r.item == m ? 1 : 0;
      CHECK(used.size() == (bom.parents(m).empty() ? 1 : products_using));
      for (const auto& u : used)
        if (u.item != m) CHECK_CLOSE(u.quantity, T(total(m, u.item)));
    }
    // The products x materials matrix holds the same numbers.
    const auto r = requirement_matrix(bom);
    CHECK(static_cast<std::size_t>(r.rows()) == bom.products().size());
    CHECK(static_cast<std::size_t>(r.cols()) == bom.materials().size());
    for (Eigen::Index row = 0; row < r.rows(); ++row)
      for (Eigen::Index col = 0; col < r.cols(); ++col)
        CHECK_CLOSE(T(r.coeff(row, col)), T(total(bom.materials()[static_cast<std::size_t>(col)],
                                                  bom.products()[static_cast<std::size_t>(row)])));
  }
}

TEST_CASE("explosion agrees with Eigen's dense LU solve of (I - N) g = d") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 2);
  for (const auto& shape : chokepoint::testing::dag_shapes) {
    const auto bom = chokepoint::testing::build_bom<double>(chokepoint::testing::random_dag(rng, shape));
    const auto n = static_cast<Eigen::Index>(bom.item_count());
    std::vector<double> demand(bom.item_count());
    std::uniform_real_distribution<double> units(0.0, 10.0);
    for (auto& d : demand) d = units(rng);
    const Eigen::VectorXd expected =
        leontief(bom).partialPivLu().solve(Eigen::Map<const Eigen::VectorXd>(demand.data(), n));
    const auto gross = explode(bom, std::span<const double>(demand));
    // LU loses accuracy with the condition number of deep BOMs; 1e-7 covers these shapes
    for (Eigen::Index i = 0; i < n; ++i) CHECK_CLOSE(gross[static_cast<std::size_t>(i)], expected(i), 1e-7);
  }
}

TEST_CASE_TEMPLATE("netting: a multi-level case worked by hand", T, CHOKEPOINT_ALL_TYPES) {
  // P needs 2 A and 1 M; A needs 3 M. Demand 10 P; stock P 3, A 4, M 5.
  // net P = 7; gross A = 14, net A = 10; gross M = 7 + 30 = 37, net M = 32.
  bom_builder<T> b;
  b.add_edge("P", "A", T(2));
  b.add_edge("P", "M", T(1));
  b.add_edge("A", "M", T(3));
  const auto bom = std::move(b).build();
  std::vector<T> d(3, T(0)), stock(3, T(0));
  d[bom.id("P")] = T(10);
  stock[bom.id("P")] = T(3);
  stock[bom.id("A")] = T(4);
  stock[bom.id("M")] = T(5);
  const auto r = net_requirements(bom, std::span<const T>(d), std::span<const T>(stock));
  CHECK(r.net[bom.id("P")] == T(7));
  CHECK(r.gross[bom.id("A")] == T(14));
  CHECK(r.net[bom.id("A")] == T(10));
  CHECK(r.gross[bom.id("M")] == T(37));
  CHECK(r.net[bom.id("M")] == T(32));
  // stock beyond need: nothing to buy below
  stock[bom.id("P")] = T(50);
  const auto covered = net_requirements(bom, std::span<const T>(d), std::span<const T>(stock));
  CHECK(covered.net[bom.id("M")] == T(0));
}

TEST_CASE_TEMPLATE("netting agrees with a brute-force fixed point on random DAGs", T, double, rational) {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 1);
  for (const auto& shape : chokepoint::testing::dag_shapes) {
    const auto bom = chokepoint::testing::build_bom<T>(chokepoint::testing::random_dag(rng, shape));
    std::vector<T> d(bom.item_count(), T(0)), stock(bom.item_count(), T(0));
    std::uniform_int_distribution<int> units(0, 20);
    for (const item_id p : bom.products()) d[p] = T(units(rng));
    for (auto& s : stock) s = T(units(rng));
    const auto r = net_requirements(bom, std::span<const T>(d), std::span<const T>(stock));
    const auto expected = net_by_iteration(bom, d, stock);
    for (item_id i = 0; i < bom.item_count(); ++i) CHECK_CLOSE(r.net[i], expected[i]);
    // with no stock, netting is explosion
    std::vector<T> none(bom.item_count(), T(0));
    const auto plain = net_requirements(bom, std::span<const T>(d), std::span<const T>(none));
    const auto gross = explode(bom, std::span<const T>(d));
    for (item_id i = 0; i < bom.item_count(); ++i) CHECK_CLOSE(plain.net[i], gross[i]);
  }
}

TEST_CASE_TEMPLATE("dependency paths: listed, bounded, and summing to the requirement", T, double, rational) {
  // EV -> motor -> magnet -> Dy, EV -> seat -> seat motor -> magnet -> Dy, EV -> Dy (sensor)
  bom_builder<T> b;
  b.add_edge("EV", "motor", T(1));
  b.add_edge("EV", "seat", T(4));
  b.add_edge("seat", "seat motor", T(2));
  b.add_edge("motor", "magnet", T(2));
  b.add_edge("seat motor", "magnet", T(1) / T(4));
  b.add_edge("magnet", "Dy", T(1) / T(8));
  b.add_edge("EV", "Dy", T(1) / T(2));
  b.add_edge("EV", "Cu", T(20));
  const auto bom = std::move(b).build();
  const item_id ev = bom.id("EV"), dy = bom.id("Dy");
  const auto all = dependency_paths(bom, ev, dy, 10);
  CHECK(all.total == 3);
  CHECK(all.complete());
  REQUIRE(all.paths.size() == 3);
  T sum(0);
  for (const auto& path : all.paths) {
    CHECK(path.items.front() == ev);
    CHECK(path.items.back() == dy);
    sum += path.quantity;
  }
  T expected(0);
  for (const auto& r : unit_requirements(bom, ev))
    if (r.item == dy) expected = r.quantity;
  CHECK(sum == expected);  // 2/8 + 4*2/4/8 + 1/2 = 1
  CHECK(expected == T(1));
  const auto one = dependency_paths(bom, ev, dy, 1);
  CHECK(one.paths.size() == 1);
  CHECK(one.total == 3);
  CHECK_FALSE(one.complete());
  CHECK(dependency_paths(bom, dy, ev, 5).total == 0);  // no chain upwards
  CHECK(dependency_paths(bom, bom.id("Cu"), dy, 5).total == 0);
}

TEST_CASE("dependency paths: millions of chains are counted, not listed") {
  // 40 diamonds in a row: 2^40 chains from top to bottom.
  bom_builder<double> b;
  for (int k = 0; k < 40; ++k) {
    const std::string top = "n" + std::to_string(k), bottom = "n" + std::to_string(k + 1);
    b.add_edge(top, top + "a", 1.0);
    b.add_edge(top, top + "b", 1.0);
    b.add_edge(top + "a", bottom, 1.0);
    b.add_edge(top + "b", bottom, 1.0);
  }
  const auto bom = std::move(b).build();
  const auto r = dependency_paths(bom, bom.id("n0"), bom.id("n40"), 5);
  CHECK(r.total == (std::uint64_t{1} << 40));
  CHECK(r.paths.size() == 5);
  CHECK(r.paths[0].items.size() == 81);
}

TEST_CASE("explosion: a 100000-deep chain needs no recursion") {
  bom_builder<double> b;
  for (int i = 0; i < 100000; ++i) b.add_edge("n" + std::to_string(i), "n" + std::to_string(i + 1), 1.0);
  const auto bom = std::move(b).build();
  CHECK(bom.level_count() == 100001);
  std::vector<double> d(bom.item_count(), 0.0);
  d[bom.id("n0")] = 2.0;
  CHECK(explode(bom, std::span<const double>(d))[bom.id("n100000")] == 2.0);
  CHECK(where_used(bom, bom.id("n100000")).size() == 1);
  CHECK(dependency_paths(bom, bom.id("n0"), bom.id("n100000"), 1).paths[0].items.size() == 100001);
}

TEST_CASE("requirement matrix: the same bits on one thread or several") {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 3);
  for (const auto& shape : chokepoint::testing::dag_shapes) {
    const auto bom = chokepoint::testing::build_bom<double>(chokepoint::testing::random_dag(rng, shape));
    const auto one = requirement_matrix(bom, 1);
    for (const unsigned threads : {2u, 3u, 16u}) {
      const auto many = requirement_matrix(bom, threads);
      REQUIRE(many.nonZeros() == one.nonZeros());
      for (Eigen::Index k = 0; k < one.nonZeros(); ++k) {
        CHECK(many.valuePtr()[k] == one.valuePtr()[k]);
        CHECK(many.innerIndexPtr()[k] == one.innerIndexPtr()[k]);
      }
      for (Eigen::Index row = 0; row <= one.rows(); ++row) CHECK(many.outerIndexPtr()[row] == one.outerIndexPtr()[row]);
    }
  }
}

TEST_CASE_TEMPLATE("where-used: a reused workspace gives the same answers as fresh scratch space", T, double,
                   chokepoint::testing::rational) {
  // One workspace across BOMs of different sizes (it grows and is reused) and across
  // every item, against the plain call, and against the columns of unit_requirements.
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 4);
  where_used_workspace<T> workspace;
  for (const auto& shape : chokepoint::testing::dag_shapes) {
    const auto bom = chokepoint::testing::build_bom<T>(chokepoint::testing::random_dag(rng, shape));
    std::vector<std::vector<T>> down(bom.item_count());  // down[p][i]: units of i per unit of p
    for (item_id p = 0; p < bom.item_count(); ++p) {
      down[p].assign(bom.item_count(), T(0));
      for (const auto& r : unit_requirements(bom, p)) down[p][r.item] = r.quantity;
    }
    for (item_id i = 0; i < bom.item_count(); ++i) {
      const auto fresh = where_used(bom, i);
      const auto reused = where_used(bom, i, workspace);
      CHECK(fresh == reused);
      std::vector<requirement<T>> expected;
      for (item_id p = 0; p < bom.item_count(); ++p) {
        if (p == i && (bom.kind(p) == item_kind::product || bom.parents(p).empty())) expected.push_back({p, T(1)});
        else if (bom.kind(p) == item_kind::product && down[p][i] != T(0)) expected.push_back({p, down[p][i]});
      }
      CHECK(reused == expected);
    }
  }
}

TEST_CASE("where-used: the same bits as summing the contributions in decreasing child order") {
  // Quantities that are not exact in binary make the order of the sums visible: the
  // answer must be the one of the reference order (children before parents, by
  // decreasing id; each parent's row in increasing id), bit for bit.
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 5);
  for (const auto& shape : chokepoint::testing::dag_shapes) {
    bom_builder<double> b;
    for (const auto& e : chokepoint::testing::random_dag(rng, shape))
      b.add_edge(e.parent, e.child, e.quarters / 3.0 + 0.1);
    const auto bom = std::move(b).build();
    where_used_workspace<double> workspace;
    for (item_id item = 0; item < bom.item_count(); ++item) {
      std::vector<double> amount(bom.item_count(), 0.0);
      std::vector<bool> reached(bom.item_count(), false);
      amount[item] = 1.0;
      reached[item] = true;
      std::vector<requirement<double>> expected;
      for (item_id i = item + 1; i-- > 0;) {
        if (!reached[i]) continue;
        const auto ps = bom.parents(i);
        if (ps.empty() && (bom.kind(i) == item_kind::product || i == item)) expected.push_back({i, amount[i]});
        for (std::size_t k = 0; k < ps.size(); ++k) {
          reached[ps[k]] = true;
          amount[ps[k]] += bom.parent_quantities(i)[k] * amount[i];
        }
      }
      std::reverse(expected.begin(), expected.end());
      CHECK(where_used(bom, item) == expected);
      CHECK(where_used(bom, item, workspace) == expected);
    }
  }
}

TEST_CASE("explosion on several threads: the same bits as one, and the first bad item named") {
  // 70,000 generated items: above the size from which explode() shares levels out.
  const auto g = chokepoint::testing::generate_supply_chain(70000, chokepoint::testing::test_seed());
  const auto bom = chokepoint::testing::make_bill_of_materials<double>(g);
  REQUIRE(chokepoint::detail::explosion_workers(bom.item_count(), bom.level_count(), 2) == 2);
  std::vector<double> d(bom.item_count(), 0.0);
  for (std::size_t p = 0; p < g.demand.size(); ++p) d[bom.products()[p]] = g.demand[p];
  const auto one = explode(bom, std::span<const double>(d), 1);
  for (const unsigned threads : {2u, 3u, 7u}) {
    CAPTURE(threads);
    const auto many = explode(bom, std::span<const double>(d), threads);
    CHECK(std::equal(one.begin(), one.end(), many.begin()));
  }
  // Independently: pushed down the children lists, a different order of the same sums.
  std::vector<double> pushed(d);
  for (item_id i = 0; i < bom.item_count(); ++i) {
    const auto cs = bom.children(i);
    const auto qs = bom.child_quantities(i);
    for (std::size_t k = 0; k < cs.size(); ++k) pushed[cs[k]] += qs[k] * pushed[i];
  }
  for (item_id i = 0; i < bom.item_count(); ++i) CHECK_CLOSE(one[i], pushed[i], 1e-12);

  // Two bad demands: the one with the smaller id is named, whichever thread meets it.
  const item_id later = std::max(bom.products()[10], bom.products()[3]);
  const item_id earlier = std::min(bom.products()[10], bom.products()[3]);
  std::vector<double> bad(d);
  bad[later] = std::nan("");
  bad[earlier] = -std::numeric_limits<double>::infinity();
  const std::string named(bom.name(earlier));
  CHECK_THROWS_WITH_AS(explode(bom, std::span<const double>(bad), 2),
                       ("chokepoint::explode: demand of '" + named + "' must be finite, got -inf").c_str(),
                       chokepoint::invalid_input);
  // Finite demands whose requirements overflow below them: the same item named as on
  // one thread, where the items are met in id order.
  std::vector<double> huge(d);
  for (const item_id p : bom.products()) huge[p] = std::numeric_limits<double>::max();
  std::string alone;
  try {
    (void)explode(bom, std::span<const double>(huge), 1);
  } catch (const chokepoint::invalid_input& e) {
    alone = e.what();
  }
  CHECK(alone.find("gross requirement of") != std::string::npos);
  CHECK_THROWS_WITH_AS(explode(bom, std::span<const double>(huge), 2), alone.c_str(), chokepoint::invalid_input);
}
