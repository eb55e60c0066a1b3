// SPDX-License-Identifier: MIT
// The supply curves of a scenario (detail/disruption/supply_curves.hpp) on their own:
// the rate S_m and the cumulative supply C_m against a direct computation from their
// definition (each source's largest removed fraction at t, alternates' ramps, receipts
// by their arrival), integrated piece by piece, on random source tables and scenarios,
// exactly in cpp_rational; and time-to-recover against a scan of S_m.

#include <chokepoint/detail/disruption/supply_curves.hpp>

#include "support.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace cp = chokepoint;
namespace ct = chokepoint::testing;
namespace cd = chokepoint::detail;
using cp::cut_target;

namespace {

using R = ct::rational;

struct source {
  std::uint32_t material, supplier, country;
  R share;
};

/// A source table from sources listed by material (shares of a material summing to 1).
cd::source_table<R> table_of(const std::vector<source>& sources, std::size_t materials, std::size_t suppliers,
                             std::size_t countries) {
  cd::source_table<R> t;
  for (std::uint32_t m = 0; m < materials; ++m) {
    for (const source& s : sources)
      if (s.material == m) {
        t.material.push_back(m);
        t.supplier.push_back(s.supplier);
        t.country.push_back(s.country);
        t.share.push_back(s.share);
      }
    t.offsets.push_back(t.share.size());
  }
  const auto invert = [&](const std::vector<std::uint32_t>& key, std::size_t buckets, std::vector<std::size_t>& off,
                          std::vector<std::uint32_t>& order) {
    off.assign(buckets + 1, 0);
    for (std::size_t b = 0; b < buckets; ++b)
      for (std::size_t s = 0; s < key.size(); ++s)
        if (key[s] == b) order.push_back(static_cast<std::uint32_t>(s));
    for (std::size_t b = 0; b < buckets; ++b)
      off[b + 1] = off[b] + static_cast<std::size_t>(std::count(key.begin(), key.end(), b));
  };
  invert(t.country, countries, t.country_offsets, t.by_country);
  invert(t.supplier, suppliers, t.supplier_offsets, t.by_supplier);
  return t;
}

/// S_m(t) from the definition: plan times one minus the shares removed (each source's
/// largest applicable fraction at t), plus every alternate's ramped capacity.
R rate_at(const cd::source_table<R>& t, const std::vector<R>& planned, const std::vector<cd::resolved_cut<R>>& cuts,
          const std::vector<cd::resolved_alternate<R>>& alternates, std::uint32_t m, const R& at) {
  R removed(0);
  for (std::size_t s = t.offsets[m]; s < t.offsets[m + 1]; ++s) {
    R a(0);
    for (const auto& c : cuts) {
      const std::uint32_t who = c.target == cut_target::country ? t.country[s] : t.supplier[s];
      const bool in_window = c.start <= at && (!c.end || at < *c.end);
      if (who == c.id && (c.material == cd::no_index || c.material == m) && in_window) a = std::max(a, c.fraction);
    }
    removed += t.share[s] * a;
  }
  R rate = planned[m] * (R(1) - removed);
  for (const auto& a : alternates) {
    if (a.material != m || at < a.lead_time) continue;
    rate += a.ramp > R(0) && at < a.lead_time + a.ramp ? a.capacity * (at - a.lead_time) / a.ramp : a.capacity;
  }
  return rate;
}

}  // namespace

TEST_CASE("supply curves equal their definition on random scenarios, exactly") {
  const auto seed = ct::test_seed() + 31;
  MESSAGE("seed " << seed);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> small(0, 3), days(0, 40);
  int checked = 0;
  for (int round = 0; round < 60; ++round) {
    const std::size_t nm = 3;
    std::vector<source> sources;
    for (std::uint32_t m = 0; m < nm; ++m) {
      const int first = small(rng);
      if (small(rng) < 2) {
        sources.push_back({m, static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(first % 2), R(1)});
      } else {
        const R part = R(1 + small(rng) % 3, 4);
        const int second = (first + 1) % 4;
        sources.push_back({m, static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(first % 2), part});
        sources.push_back({m, static_cast<std::uint32_t>(second), static_cast<std::uint32_t>(second % 2), R(1) - part});
      }
    }
    const auto table = table_of(sources, nm, 4, 2);
    const std::vector<R> planned{R(10), R(3), R(7, 2)};
    std::vector<cd::resolved_cut<R>> cuts;
    for (int k = small(rng); k >= 0; --k) {
      const bool country = small(rng) < 2;
      const R start(days(rng));
      std::optional<R> end;
      if (small(rng) > 0) end = start + R(1 + days(rng));
      const std::uint32_t material = small(rng) == 0 ? static_cast<std::uint32_t>(small(rng) % nm) : cd::no_index;
      cuts.push_back({country ? cut_target::country : cut_target::supplier,
                      static_cast<std::uint32_t>(country ? small(rng) % 2 : small(rng)), R(1 + small(rng), 4), start,
                      end, material});
    }
    std::vector<cd::resolved_alternate<R>> alternates;
    if (small(rng) < 2)
      alternates.push_back({static_cast<std::uint32_t>(small(rng) % nm), R(2), R(days(rng)), R(small(rng) * 5)});
    std::vector<cd::resolved_receipt<R>> receipts;
    if (small(rng) < 2) receipts.push_back({static_cast<std::uint32_t>(small(rng) % nm), R(25), R(days(rng))});

    cd::supply_curves<R> curves;
    curves.assign(table, planned, cuts, alternates, receipts);
    // Every breakpoint of every element, in order: the rate is linear between them.
    std::vector<R> breaks{R(0), R(100)};
    for (const auto& c : cuts) {
      breaks.push_back(c.start);
      if (c.end) breaks.push_back(*c.end);
    }
    for (const auto& a : alternates) {
      breaks.push_back(a.lead_time);
      breaks.push_back(a.lead_time + a.ramp);
    }
    for (const auto& r : receipts) breaks.push_back(r.arrival);
    std::sort(breaks.begin(), breaks.end());
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    for (std::uint32_t m = 0; m < nm; ++m) {
      // C_m(t) = the integral of S_m, exact piece by piece (S_m is linear on each), plus
      // the receipts that arrived by the start of the piece (a receipt opens an interval).
      R integral(0);
      for (std::size_t b = 0; b + 1 < breaks.size(); ++b) {
        const R a = breaks[b], z = breaks[b + 1], mid = (a + z) / 2;
        const R sa = rate_at(table, planned, cuts, alternates, m, a);
        const R slope = (rate_at(table, planned, cuts, alternates, m, mid) - sa) / (mid - a);
        R received(0);
        for (const auto& r : receipts)
          if (r.material == m && r.arrival <= a) received += r.quantity;
        const std::size_t j = curves.interval_of(a);
        for (const R& t : std::vector<R>{a, R(a + (z - a) / 3), mid, z}) {
          CAPTURE(round);
          CAPTURE(m);
          const R st = sa + slope * (t - a);
          CHECK(curves.cumulative(m, j, t) == integral + (t - a) * (sa + st) / 2 + received);
          if (t < z) CHECK(curves.rate(m, j, t) == rate_at(table, planned, cuts, alternates, m, t));
          ++checked;
        }
        integral += (z - a) * (sa + sa + slope * (z - a)) / 2;
      }
      // Time-to-recover: S_m >= g_m from then on, and not just before.
      const auto ttr = curves.time_to_recover(m);
      const R last = rate_at(table, planned, cuts, alternates, m, R(1000));
      if (!ttr) {
        CHECK(last < planned[m]);
        continue;
      }
      for (std::size_t b = 0; b < breaks.size(); ++b)
        if (*ttr <= breaks[b]) CHECK(rate_at(table, planned, cuts, alternates, m, breaks[b]) >= planned[m]);
      if (*ttr > R(0)) CHECK(rate_at(table, planned, cuts, alternates, m, *ttr - R(1, 1000)) < planned[m]);
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("a material no scenario element touches keeps its plan") {
  const auto table = table_of({{0, 0, 0, R(1)}, {1, 1, 1, R(1)}}, 2, 2, 2);
  const std::vector<R> planned{R(4), R(9)};
  cd::supply_curves<R> curves;
  const std::vector<cd::resolved_cut<R>> cuts{{cut_target::country, 0, R(1), R(5), R(10)}};
  curves.assign(table, planned, cuts, {});
  CHECK(curves.affected(0));
  CHECK(!curves.affected(1));
  CHECK(curves.cumulative(1, curves.interval_of(R(7)), R(7)) == R(63));
  CHECK(curves.cumulative(0, curves.interval_of(R(7)), R(7)) == R(20));  // 4 a day for 5 days, then nothing
  CHECK(curves.cumulative(0, curves.interval_of(R(12)), R(12)) == R(28));
  CHECK(curves.time_to_recover(0) == R(10));
  CHECK(curves.time_to_recover(1) == R(0));
}
