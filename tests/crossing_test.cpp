// SPDX-License-Identifier: MIT
// The crossing kernel (detail/disruption/crossing.hpp) on its own, against a brute-force
// scan of G(t) = net0 + sigma (t - t0) - C(t) with C written out by hand for one supply
// curve that has every kind of piece: a cut, a receipt (a jump), an alternate's ramp
// (quadratic) and its full capacity. Exact in cpp_rational away from the ramp, where the
// root needs a square root (taken in double, documented).

#include <chokepoint/detail/disruption/crossing.hpp>

#include "support.hpp"

#include <optional>
#include <random>
#include <vector>

namespace cp = chokepoint;
namespace ct = chokepoint::testing;
namespace cd = chokepoint::detail;

namespace {

template <class T>
struct one_material {
  // Plan 10 a day from one source; half cut over [5, 20); 30 units arrive on day 12; an
  // alternate of 4 a day from day 25, ramping up over 10 days.
  cd::source_table<T> table;
  std::vector<T> planned{T(10)};
  cd::supply_curves<T> curves;

  one_material() {
    table.offsets = {0, 1};
    table.material = {0};
    table.supplier = {0};
    table.country = {0};
    table.share = {T(1)};
    table.country_offsets = {0, 1};
    table.by_country = {0};
    table.supplier_offsets = {0, 1};
    table.by_supplier = {0};
    const std::vector<cd::resolved_cut<T>> cuts{{cp::cut_target::country, 0, T(1) / T(2), T(5), T(20)}};
    const std::vector<cd::resolved_alternate<T>> alternates{{0, T(4), T(25), T(10)}};
    const std::vector<cd::resolved_receipt<T>> receipts{{0, T(30), T(12)}};
    curves.assign(table, planned, cuts, alternates, receipts);
  }

  /// C(t) by hand (the receipt counts from day 12 on).
  static T supply(const T& t) {
    T c;
    if (t < T(5)) c = T(10) * t;
    else if (t < T(20)) c = T(50) + T(5) * (t - T(5));
    else if (t < T(25)) c = T(125) + T(10) * (t - T(20));
    else if (t < T(35)) c = T(175) + T(10) * (t - T(25)) + (t - T(25)) * (t - T(25)) / T(5);
    else c = T(295) + T(14) * (t - T(35));
    return t < T(12) ? c : T(c + T(30));
  }
};

template <class T>
T gap(const T& t0, const T& net0, const T& sigma, const T& t) {
  return T(T(net0 + T(sigma * T(t - t0))) - one_material<T>::supply(t));
}

}  // namespace

TEST_CASE_TEMPLATE("first_crossing finds the first shortage a scan finds", T, double, ct::rational) {
  const one_material<T> m;
  const auto seed = ct::test_seed() + 37;
  MESSAGE("seed " << seed);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> quarter(0, 4 * 40), rates(0, 64);
  const T step = T(1) / T(64), bound(60);
  int crossings = 0;
  for (int k = 0; k < 300; ++k) {
    const T t0 = T(quarter(rng)) / T(4);
    const T sigma = T(rates(rng)) / T(4);
    const T net0 = T(one_material<T>::supply(t0) - T(1 + quarter(rng) % 40));  // short of supply at t0
    CAPTURE(t0);
    CAPTURE(sigma);
    CAPTURE(net0);
    const auto r = cd::first_crossing(m.curves, 0, T(0), t0, net0, sigma, bound);
    std::optional<T> scanned;  // the first grid time with G > 0
    for (T t = t0; t < bound; t += step)
      if (gap(t0, net0, sigma, t) > T(0)) {
        scanned = t;
        break;
      }
    if (!r) {
      CHECK_FALSE(scanned.has_value());
      continue;
    }
    ++crossings;
    const bool in_ramp = T(25) <= *r && *r < T(35);
    const T rel = in_ramp && cp::scalar_traits<T>::is_exact ? T(1) / T(1000000000000) : ct::test_tolerance<T>();
    CHECK(*r < bound);
    CHECK_CLOSE(T(net0 + T(sigma * T(*r - t0))), one_material<T>::supply(*r), rel);  // G(r) = 0
    REQUIRE(scanned);
    CHECK(*r <= T(*scanned + T(1e-9)));
    CHECK(T(*scanned - step) <= T(*r + T(1e-9)));
    // It binds there (where the root is exact), and not a day before.
    if (!(in_ramp && cp::scalar_traits<T>::is_exact))
      CHECK(cd::binds_at(m.curves, 0, m.planned[0], *r, T(net0 + T(sigma * T(*r - t0))), sigma));
    if (T(*r - T(1)) >= t0 && gap(t0, net0, sigma, T(*r - T(1))) < T(-1))
      CHECK_FALSE(cd::binds_at(m.curves, 0, m.planned[0], T(*r - T(1)), T(net0 + T(sigma * T(*r - T(1) - t0))), sigma));
  }
  CHECK(crossings > 50);
}

TEST_CASE_TEMPLATE("may_reach_supply agrees with a scan that includes the ramp's top", T, double, ct::rational) {
  const one_material<T> m;
  std::mt19937_64 rng(ct::test_seed() + 41);
  std::uniform_int_distribution<int> quarter(0, 4 * 40), rates(0, 64), margins(0, 8);
  const T step = T(1) / T(64);
  for (int k = 0; k < 200; ++k) {
    const T t0 = T(quarter(rng)) / T(4), t1 = T(t0 + T(quarter(rng)) / T(8));
    const T sigma = T(rates(rng)) / T(4);
    const T net0 = T(one_material<T>::supply(t0) - T(1 + quarter(rng) % 40));
    const T margin = T(margins(rng));
    std::vector<T> times;
    for (T t = t0; t < t1; t += step) times.push_back(t);
    times.push_back(t1);
    const T top = T(T(25) + T(T(sigma - T(10)) * T(10) / T(4)));  // where the ramp's rate meets sigma
    if (t0 < top && top < t1 && T(25) < top && top < T(35)) times.push_back(top);
    bool scanned = false;
    for (const T& t : times) scanned = scanned || gap(t0, net0, sigma, t) > T(-margin);
    CAPTURE(t0);
    CAPTURE(t1);
    CAPTURE(sigma);
    CHECK(cd::may_reach_supply(m.curves, 0, T(0), t0, net0, sigma, t1, margin) == scanned);
  }
}

TEST_CASE("tie_window: none for exact types, a millionth of the scale for floating ones") {
  CHECK(cd::tie_window(ct::rational(7)) == ct::rational(7));
  CHECK(cd::tie_window(100.0) == 100.0 + 1e-4);
  CHECK(cd::tie_window(0.5) == 0.5 + 1e-6);
}
