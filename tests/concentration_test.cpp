// SPDX-License-Identifier: MIT
#include <chokepoint/concentration.hpp>

#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

using namespace chokepoint;
using chokepoint::testing::rational;

namespace {

template <class T>
std::vector<T> values(std::initializer_list<int> xs) {
  std::vector<T> out;
  for (const int x : xs) out.push_back(T(x));
  return out;
}

/// T(p / q) without going through double.
template <class T>
T frac(int p, int q) {
  return T(T(p) / T(q));
}

/// Random volumes 0..1000 (some zero), at least one positive.
std::vector<int> random_volumes(std::mt19937_64& rng, std::size_t n) {
  std::uniform_int_distribution<int> volume(0, 1000);
  std::vector<int> v(n);
  for (auto& x : v) x = volume(rng) < 100 ? 0 : volume(rng);
  if (std::all_of(v.begin(), v.end(), [](int x) { return x == 0; })) v[0] = 7;
  return v;
}

template <class T>
std::vector<T> as(const std::vector<int>& v) {
  std::vector<T> out;
  for (const int x : v) out.push_back(T(x));
  return out;
}

}  // namespace

static_assert(scalar_range<std::vector<double>> && scalar_range<std::vector<rational>>);
static_assert(!scalar_range<std::vector<int>>, "integer shares would truncate");

TEST_CASE_TEMPLATE("DOJ example: shares 30/30/20/20 give HHI 2600", T, CHOKEPOINT_ALL_TYPES) {
  const auto shares = values<T>({30, 30, 20, 20});  // percent, as in the DOJ text
  CHECK_CLOSE(hhi_points(shares), T(2600));
  CHECK_CLOSE(hhi(shares), frac<T>(26, 100));
  // n = 4: (H - 1/4) / (3/4) = (0.26 - 0.25) / 0.75 = 1/75.
  CHECK_CLOSE(normalized_hhi(shares), frac<T>(1, 75));
  CHECK_CLOSE(effective_sources(shares), frac<T>(100, 26));
  CHECK(concentration_ratio(shares, 0) == T(0));
  CHECK_CLOSE(concentration_ratio(shares, 1), frac<T>(3, 10));
  CHECK_CLOSE(concentration_ratio(shares, 2), frac<T>(6, 10));
  CHECK_CLOSE(concentration_ratio(shares, 3), frac<T>(8, 10));
  CHECK(concentration_ratio(shares, 4) == T(1));
  CHECK(concentration_ratio(shares, 99) == T(1));
  // Merging a 30 and a 20: 2 * 30 * 20 = 1200 points.
  CHECK_CLOSE(to_points(merger_delta(frac<T>(3, 10), frac<T>(2, 10))), T(1200));
  if constexpr (scalar_traits<T>::is_exact) CHECK(hhi_points(shares) == T(2600));
}

TEST_CASE("a braced list of doubles works directly") {
  CHECK(hhi_points({30.0, 30.0, 20.0, 20.0}) == doctest::Approx(2600));
  CHECK(concentration_ratio({1.0, 3.0, 2.0}, 2) == doctest::Approx(5.0 / 6.0));
  const auto b = hhi_bounds({0.6, 0.2}, 10);
  CHECK(b.lower == doctest::Approx(0.405));
  CHECK(b.upper == doctest::Approx(0.44));
}

TEST_CASE_TEMPLATE("EU 2023 LREE processing shares give HHI 0.7325", T, double, rational) {
  // EU CRM 2023 assessment, light rare earths, processing stage (shares in percent as
  // quoted in issue 4): China 84.9, Malaysia 10.5, Russia 1.9, India 1.6, Vietnam 1.0,
  // Norway 0.1. By hand: 7208.01 + 110.25 + 3.61 + 2.56 + 1 + 0.01 = 7325.44 points.
  const auto permille = values<T>({849, 105, 19, 16, 10, 1});
  CHECK_CLOSE(hhi_points(permille), frac<T>(732544, 100));
  CHECK(std::abs(static_cast<double>(hhi(permille)) - 0.7325) < 5e-5);
  CHECK_CLOSE(concentration_ratio(permille, 1), frac<T>(849, 1000));
}

TEST_CASE_TEMPLATE("single source, zero volumes and scale", T, CHOKEPOINT_ALL_TYPES) {
  const auto one = values<T>({0, 5, 0});
  CHECK(hhi(one) == T(1));
  CHECK(normalized_hhi(one) == T(1));  // defined as 1 for a single source
  CHECK(effective_sources(one) == T(1));
  // A zero-volume source does not count in n: {1, 1, 0} is two equal sources.
  CHECK(normalized_hhi(values<T>({1, 1, 0})) == T(0));
  CHECK_CLOSE(effective_sources(values<T>({1, 1, 0})), T(2));
  // Volumes are normalised: any unit gives the same HHI.
  CHECK_CLOSE(hhi(values<T>({3, 1})), hhi(values<T>({300, 100})));
}

TEST_CASE_TEMPLATE("unknown remainder: the reference bounds [0.405, 0.44] of docs/model.md", T, CHOKEPOINT_ALL_TYPES) {
  const std::vector<T> top{frac<T>(6, 10), frac<T>(2, 10)};
  const auto with_n = hhi_bounds(top, 10);
  CHECK_CLOSE(with_n.lower, frac<T>(405, 1000));
  CHECK_CLOSE(with_n.upper, frac<T>(44, 100));
  // Without N the lower bound is the known sum of squares, 0.36 + 0.04.
  const auto without_n = hhi_bounds(top);
  CHECK_CLOSE(without_n.lower, frac<T>(40, 100));
  CHECK_CLOSE(without_n.upper, frac<T>(44, 100));
  // Order does not matter; all shares known means no uncertainty.
  CHECK_CLOSE(hhi_bounds(std::vector<T>{frac<T>(2, 10), frac<T>(6, 10)}, 10).lower, frac<T>(405, 1000));
  const auto exact = hhi_bounds(std::vector<T>{frac<T>(1, 2), frac<T>(1, 2)}, 2);
  CHECK_CLOSE(exact.lower, frac<T>(1, 2));
  CHECK_CLOSE(exact.upper, frac<T>(1, 2));
  // Nothing known: one unknown source may hold everything; N equal ones the least.
  const auto nothing = hhi_bounds(std::vector<T>{}, 4);
  CHECK_CLOSE(nothing.lower, frac<T>(1, 4));
  CHECK_CLOSE(nothing.upper, T(1));
  if constexpr (scalar_traits<T>::is_exact) {
    CHECK(with_n.lower == frac<T>(81, 200));
    CHECK(with_n.upper == frac<T>(11, 25));
  }
}

TEST_CASE_TEMPLATE("randomised properties of the HHI", T, double, rational) {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  std::uniform_int_distribution<std::size_t> size(1, 12);
  for (int trial = 0; trial < 200; ++trial) {
    const auto ints = random_volumes(rng, size(rng));
    const auto v = as<T>(ints);
    const T total = std::accumulate(v.begin(), v.end(), T(0));
    const auto n = static_cast<int>(std::count_if(ints.begin(), ints.end(), [](int x) { return x > 0; }));
    const T h = hhi(v);
    // Independent computation: percent shares squared, in points.
    T points(0);
    for (const T& x : v) points += T(T(100) * x / total) * T(T(100) * x / total);
    CHECK_CLOSE(hhi_points(v), points);
    // 1/n <= H <= 1.
    CHECK((frac<T>(1, n) <= h || approximately_equal(frac<T>(1, n), h)));
    CHECK((h <= T(1) || approximately_equal(h, T(1))));
    CHECK_CLOSE(T(h * effective_sources(v)), T(1));
    if (v.size() < 2) continue;
    // Merging sources 0 and 1 raises H by 2ab; splitting it back lowers it by as much.
    const T a = T(v[0] / total);
    const T b = T(v[1] / total);
    std::vector<T> merged(v.begin() + 1, v.end());
    merged[0] += v[0];
    CHECK_CLOSE(T(hhi(merged) - h), merger_delta(a, b));
    CHECK((h <= hhi(merged)));
    // CR_k grows with k up to 1 and the top k never exceed the k-fold largest share.
    T previous(0);
    for (std::size_t k = 0; k <= v.size(); ++k) {
      const T cr = concentration_ratio(v, k);
      CHECK((previous <= cr));
      CHECK((cr <= T(T(static_cast<int>(k)) * concentration_ratio(v, 1)) ||
             approximately_equal(cr, T(T(static_cast<int>(k)) * concentration_ratio(v, 1)))));
      previous = cr;
    }
    CHECK(previous == T(1));
  }
}

TEST_CASE_TEMPLATE("randomised: bounds contain the true HHI and are attained", T, double, rational) {
  std::mt19937_64 rng(chokepoint::testing::test_seed() + 1);
  std::uniform_int_distribution<std::size_t> size(2, 12);
  for (int trial = 0; trial < 200; ++trial) {
    auto ints = random_volumes(rng, size(rng));
    std::sort(ints.begin(), ints.end(), std::greater<int>());
    ints.erase(std::find(ints.begin(), ints.end(), 0), ints.end());  // producers only
    const auto v = as<T>(ints);
    const T total = std::accumulate(v.begin(), v.end(), T(0));
    std::uniform_int_distribution<std::size_t> known(0, v.size());
    const std::size_t m = known(rng);
    std::vector<T> top;
    for (std::size_t i = 0; i < m; ++i) top.push_back(T(v[i] / total));
    const T truth = hhi(v);
    for (const bool with_n : {false, true}) {
      const auto b = with_n ? hhi_bounds(top, v.size()) : hhi_bounds(top);
      CHECK((b.lower <= b.upper));
      CHECK((b.contains(truth) || approximately_equal(truth, b.lower) || approximately_equal(truth, b.upper)));
    }
    if (m == 0 || m == v.size()) continue;
    // The bounds are attained: N - m equal remainder sources give the lower bound, and
    // remainder sources packed at the smallest known share give the upper one.
    const T remainder = T(T(1) - std::accumulate(top.begin(), top.end(), T(0)));
    std::vector<T> spread = top;
    for (std::size_t i = m; i < v.size(); ++i) spread.push_back(T(remainder / T(static_cast<int>(v.size() - m))));
    CHECK_CLOSE(hhi(spread), hhi_bounds(top, v.size()).lower);
    std::vector<T> packed = top;
    T left = remainder;
    const T smallest = top.back();
    while (smallest < left) {
      packed.push_back(smallest);
      left -= smallest;
    }
    if (T(0) < left) packed.push_back(left);
    CHECK_CLOSE(hhi(packed), hhi_bounds(top).upper);
  }
}

TEST_CASE("bad volumes get exact errors") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS((void)hhi({1.0, -2.0}), "chokepoint::hhi: volume at index 1 is negative", invalid_input);
  CHECK_THROWS_WITH_AS((void)hhi({nan}), "chokepoint::hhi: volume at index 0 is not finite", invalid_input);
  CHECK_THROWS_WITH_AS((void)hhi_points({1.0, inf}), "chokepoint::hhi_points: volume at index 1 is not finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)hhi(std::vector<double>{}), "chokepoint::hhi: no volumes", domain_error);
  CHECK_THROWS_WITH_AS((void)normalized_hhi({0.0, 0.0}), "chokepoint::normalized_hhi: volumes sum to zero",
                       domain_error);
  CHECK_THROWS_WITH_AS((void)effective_sources({0.0}), "chokepoint::effective_sources: volumes sum to zero",
                       domain_error);
  CHECK_THROWS_WITH_AS((void)concentration_ratio({2.0, -1.0}, 1),
                       "chokepoint::concentration_ratio: volume at index 1 is negative", invalid_input);
  CHECK_THROWS_WITH_AS((void)concentration_ratio(std::vector<double>{}, 1),
                       "chokepoint::concentration_ratio: no volumes", domain_error);
  CHECK_THROWS_WITH_AS((void)merger_delta(0.7, 0.6), "chokepoint::merger_delta: shares sum to more than 1",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)merger_delta(-0.1, 0.2), "chokepoint::merger_delta: share outside [0, 1]", invalid_input);
}

TEST_CASE_TEMPLATE("bounds on impossible remainders are refused", T, double, rational) {
  const std::vector<T> top{frac<T>(6, 10), frac<T>(2, 10)};
  CHECK_THROWS_WITH_AS((void)hhi_bounds(top, 1),
                       "chokepoint::hhi_bounds: total number of sources 1 is less than the 2 "
                       "known shares",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)hhi_bounds(top, 2),
                       "chokepoint::hhi_bounds: known shares sum to less than 1 but no other "
                       "source exists",
                       domain_error);
  // 0.2 left, N = 3: one more source of 0.2 fits; with shares {0.6, 0.1} (0.3 left) it
  // does not, as no unknown source may exceed the smallest known one.
  CHECK_NOTHROW((void)hhi_bounds(top, 3));
  CHECK_THROWS_WITH_AS((void)hhi_bounds(std::vector<T>{frac<T>(6, 10), frac<T>(1, 10)}, 4),
                       "chokepoint::hhi_bounds: the remainder does not fit in 2 sources no "
                       "larger than the smallest known share",
                       domain_error);
  CHECK_THROWS_WITH_AS((void)hhi_bounds(std::vector<T>{frac<T>(6, 10), frac<T>(6, 10)}),
                       "chokepoint::hhi_bounds: known shares sum to more than 1", invalid_input);
  CHECK_THROWS_WITH_AS((void)hhi_bounds(std::vector<T>{T(2)}),
                       "chokepoint::hhi_bounds: share at index 0 outside [0, 1]", invalid_input);
}
