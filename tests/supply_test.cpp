// SPDX-License-Identifier: MIT
#include <chokepoint/supply.hpp>

#include "support.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace chokepoint;
using chokepoint::testing::rational;

namespace {

template <class T>
T frac(long long p, long long q) {
  return T(T(p) / T(q));
}

/// A small base worked by hand. Dy: Baotou 50 + 0 (CN), Ganzhou 30 (CN), Lynas 15 (MY)
/// and 5 (AU); Nd: Lynas 40 (AU), MP 60 (US).
template <class T>
std::vector<supply_row<T>> hand_rows() {
  return {{"Dy", "Baotou", "CN", T(50)}, {"Dy", "Ganzhou", "CN", T(30)}, {"Dy", "Lynas", "MY", T(15)},
          {"Nd", "Lynas", "AU", T(40)},  {"Dy", "Lynas", "AU", T(5)},    {"Nd", "MP", "US", T(60)},
          {"Dy", "Baotou", "CN", T(0)}};
}

/// USGS Mineral Commodity Summaries 2025, Rare Earths, pp. 144-145 (January 2025),
/// world mine production 2024, t REO (rows of MCS2025 / 2024 in the project's
/// data/usgs_rare_earth_mine_production.csv). "World total (rounded)" 390,000 is left
/// out here: it is a total, not a producer.
const std::vector<std::pair<const char*, int>> usgs_2024 = {
    {"United States", 45000},   {"Australia", 13000}, {"Brazil", 20},
    {"Burma (Myanmar)", 31000}, {"Canada", 0},        {"China", 270000},
    {"Greenland", 0},           {"India", 2900},      {"Madagascar", 2000},
    {"Malaysia", 130},          {"Nigeria", 13000},   {"Russia", 2500},
    {"South Africa", 0},        {"Tanzania", 0},      {"Thailand", 13000},
    {"Vietnam", 300},           {"Other", 1100}};

template <class T>
supply_base<T> usgs_base(other_rows other) {
  supply_builder<T> rows(other);
  for (const auto& [country, tonnes] : usgs_2024) rows.add("rare earths", country, country, T(tonnes));
  return std::move(rows).build();
}

}  // namespace

TEST_CASE_TEMPLATE("a hand-worked supply base: ids, sources, groupings", T, double, rational) {
  const supply_base<T> base(hand_rows<T>());
  CHECK(base.material_count() == 2);
  CHECK(base.id("Dy") == 0);
  CHECK(base.id("Nd") == 1);
  CHECK(base.find("Tb") == std::nullopt);
  CHECK(base.name(1) == "Nd");
  CHECK(base.supplier("Lynas") == 2);
  CHECK(base.country("AU") == 2);
  CHECK(base.country_name(3) == "US");
  CHECK_THROWS_WITH_AS((void)base.id("Tb"), "chokepoint::supply_base: unknown material 'Tb'", invalid_input);
  CHECK_THROWS_WITH_AS((void)base.supplier("X"), "chokepoint::supply_base: unknown supplier 'X'", invalid_input);
  CHECK_THROWS_WITH_AS((void)base.country("XX"), "chokepoint::supply_base: unknown country 'XX'", invalid_input);

  // Sources of Dy: the duplicate (Dy, Baotou, CN) is summed, Lynas stays two sources.
  const material_id dy = base.id("Dy");
  CHECK(base.total_volume(dy) == T(100));
  CHECK(std::vector<supplier_id>(base.source_suppliers(dy).begin(), base.source_suppliers(dy).end()) ==
        std::vector<supplier_id>{0, 1, 2, 2});
  CHECK(std::vector<country_id>(base.source_countries(dy).begin(), base.source_countries(dy).end()) ==
        std::vector<country_id>{0, 0, 1, 2});
  CHECK(base.source_volumes(dy)[0] == T(50));
  CHECK_CLOSE(base.source_shares(dy)[2], frac<T>(15, 100));

  // By supplier: Baotou 0.5, Ganzhou 0.3, Lynas 0.2 -> 0.25 + 0.09 + 0.04 = 0.38.
  const auto s = base.measures(dy, grouping::supplier);
  CHECK(s.sources == 3);
  CHECK_CLOSE(s.hhi, frac<T>(38, 100));
  CHECK_CLOSE(s.hhi_points, T(3800));
  CHECK_CLOSE(s.normalized_hhi, frac<T>(3 * 38 - 100, 200));  // (3H - 1) / 2
  CHECK_CLOSE(s.effective_sources, frac<T>(100, 38));
  CHECK_CLOSE(s.cr1, frac<T>(1, 2));
  CHECK_CLOSE(s.cr3, T(1));
  CHECK(s.largest == "Baotou");
  CHECK(s.hhi_lower == s.hhi);
  CHECK(s.hhi_upper == s.hhi);
  CHECK(s.remainder == T(0));
  // By country (suppliers of a country summed first): CN 0.8, MY 0.15, AU 0.05.
  const auto c = base.measures(dy, grouping::country);
  CHECK_CLOSE(c.hhi, frac<T>(6650, 10000));
  CHECK(c.largest == "CN");
  CHECK_CLOSE(c.largest_share, frac<T>(8, 10));
  CHECK_CLOSE(base.concentration_ratio(dy, grouping::country, 2), frac<T>(95, 100));
  CHECK_CLOSE(base.hhi(base.id("Nd"), grouping::country), frac<T>(52, 100));

  const auto ids = base.group_ids(dy, grouping::country);
  CHECK(std::vector<std::uint32_t>(ids.begin(), ids.end()) == std::vector<std::uint32_t>{0, 1, 2});
  const auto dense = base.country_share_vector(dy);
  REQUIRE(dense.size() == 4);
  CHECK_CLOSE(dense[0], frac<T>(8, 10));
  CHECK(dense[3] == T(0));

  const auto report = base.report(grouping::supplier);
  REQUIRE(report.size() == 2);
  CHECK(report[1].material_name == "Nd");
  CHECK_CLOSE(report[1].hhi, frac<T>(52, 100));
  CHECK(report[1].largest == "MP");
}

TEST_CASE("the bulk CSR views agree with the per-material spans") {
  const supply_base<double> base(hand_rows<double>());
  const auto src = base.sources();
  REQUIRE(src.offsets.size() == base.material_count() + 1);
  CHECK(src.offsets.back() == src.suppliers.size());
  for (const grouping g : {grouping::supplier, grouping::country}) {
    const auto view = base.groups(g);
    for (material_id m = 0; m < base.material_count(); ++m) {
      const auto shares = base.group_shares(m, g);
      CHECK(shares.data() == view.shares.data() + view.offsets[m]);
      double sum = 0;
      for (const double x : shares) sum += x;
      CHECK(sum == doctest::Approx(1.0));
    }
  }
}

TEST_CASE_TEMPLATE("randomised: grouping agrees with brute force; coarser grouping, larger HHI", T, double, rational) {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  std::uniform_int_distribution<int> pick(0, 5);
  std::uniform_int_distribution<int> volume(0, 100);
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<supply_row<T>> rows;
    for (int i = 0; i < 40; ++i)
      rows.push_back({"M" + std::to_string(pick(rng) % 3), "S" + std::to_string(pick(rng)),
                      "C" + std::to_string(pick(rng) % 4), T(volume(rng) + (i < 3 ? 1 : 0))});
    // Every material gets a positive row.
    for (int m = 0; m < 3; ++m) rows.push_back({"M" + std::to_string(m), "S0", "C0", T(1)});
    const supply_base<T> base(rows);
    // Brute force: ordered maps of summed volumes.
    std::map<std::string, std::map<std::string, T>> by_supplier, by_country, by_source;
    for (const auto& r : rows) {
      by_supplier[r.material][r.supplier] += r.volume;
      by_country[r.material][r.country] += r.volume;
      by_source[r.material][r.supplier + "|" + r.country] += r.volume;
    }
    for (const auto& [material, groups] : by_supplier) {
      const auto volumes = [](const std::map<std::string, T>& g) {
        std::vector<T> v;
        for (const auto& [name, x] : g) v.push_back(x);
        return v;
      };
      const material_id m = base.id(material);
      const T hs = base.hhi(m, grouping::supplier);
      const T hc = base.hhi(m, grouping::country);
      CHECK_CLOSE(hs, hhi(volumes(groups)));
      CHECK_CLOSE(hc, hhi(volumes(by_country[material])));
      CHECK(base.source_volumes(m).size() == by_source[material].size());
      const auto sv = base.source_volumes(m);
      const T h_source = hhi(std::vector<T>(sv.begin(), sv.end()));
      CHECK((h_source <= hs || approximately_equal(h_source, hs)));
      CHECK((h_source <= hc || approximately_equal(h_source, hc)));
      CHECK_CLOSE(base.concentration_ratio(m, grouping::country, 2),
                  concentration_ratio(volumes(by_country[material]), 2));
    }
    // Adding the second half after a build gives the same base as adding all at once.
    supply_builder<T> halves;
    for (std::size_t i = 0; i < rows.size() / 2; ++i) halves.add(rows[i]);
    (void)halves.build();
    for (std::size_t i = rows.size() / 2; i < rows.size(); ++i) halves.add(rows[i]);
    const supply_base<T> split = halves.build();
    for (material_id m = 0; m < base.material_count(); ++m) {
      const material_id ms = split.id(base.name(m));
      for (const grouping g : {grouping::supplier, grouping::country}) CHECK_CLOSE(split.hhi(ms, g), base.hhi(m, g));
      CHECK(split.source_volumes(ms).size() == base.source_volumes(m).size());
    }
  }
}

TEST_CASE("rows added by interned ids equal rows added by name") {
  supply_builder<double> rows;
  const auto dy = rows.intern_material("Dy");
  const auto cn = rows.intern_country("CN");
  const auto a = rows.intern_supplier("A");
  const auto b = rows.intern_supplier("B");
  rows.add(dy, a, cn, 3.0);
  rows.add(dy, b, cn, 1.0);
  rows.add(dy, a, cn, 1.0);
  const auto by_id = rows.build();
  const supply_base<double> by_name({{"Dy", "A", "CN", 3.0}, {"Dy", "B", "CN", 1.0}, {"Dy", "A", "CN", 1.0}});
  CHECK(by_id.hhi(0, grouping::supplier) == doctest::Approx(by_name.hhi(0, grouping::supplier)));
  CHECK(by_id.hhi(0, grouping::supplier) == doctest::Approx(0.68));  // 0.8^2 + 0.2^2
  CHECK(by_id.hhi(0, grouping::country) == 1.0);
  CHECK_THROWS_WITH_AS((void)rows.intern_supplier("World total"),
                       "chokepoint::supply_base: 'World total' is a total row, not a producer", invalid_input);
  const auto other = rows.intern_supplier("other");
  CHECK(rows.build().is_other_supplier(other));
  CHECK_THROWS_WITH_AS(rows.add(dy, other, cn, 1.0),
                       "chokepoint::supply_base: row 4 (material 'Dy'): 'other' row needs an "
                       "explicit other_rows choice",
                       invalid_input);
}

TEST_CASE_TEMPLATE("USGS MCS 2025: country HHI of 2024 rare-earth mine production", T, double, rational) {
  // "Other" as one producer. Independent computation (exact fractions, by hand over the
  // 17 rows): sum 393,950 t; HHI = sum v^2 / 393950^2 = 764129773 / 1551966025
  // = 0.492362 (4923.6 points); China's share 270000 / 393950 = 68.5%.
  const auto base = usgs_base<T>(other_rows::producer);
  const auto r = base.measures(0, grouping::country);
  CHECK_CLOSE(r.hhi, frac<T>(764129773, 1551966025));
  CHECK(std::abs(static_cast<double>(r.hhi_points) - 4923.624362) < 1e-5);
  CHECK(r.sources == 13);  // Canada, Greenland, South Africa and Tanzania produced 0
  CHECK(r.largest == "China");
  CHECK_CLOSE(r.largest_share, frac<T>(270000, 393950));
  CHECK_CLOSE(r.cr3, frac<T>(6920, 7879));  // China + United States + Burma
  CHECK(r.hhi_lower == r.hhi);

  // "Other" as an unknown remainder R = 1100 / 393950, no source larger than Brazil's
  // 20 t: lower = named sum of squares = 764117673 / 1551966025; upper packs R into
  // floor(1100 / 20) = 55 sources of 20 t: 764117893 / 1551966025.
  const auto unknown = usgs_base<T>(other_rows::unknown_remainder);
  const auto u = unknown.measures(0, grouping::country);
  CHECK(u.sources == 12);
  CHECK_CLOSE(u.remainder, frac<T>(1100, 393950));
  CHECK_CLOSE(u.hhi_lower, frac<T>(764117673, 1551966025));
  CHECK_CLOSE(u.hhi_upper, frac<T>(764117893, 1551966025));
  CHECK(u.hhi == u.hhi_lower);  // the documented point value
  CHECK(unknown.hhi(0, grouping::country) == u.hhi);
  CHECK(base.hhi(0, grouping::country) == r.hhi);
  CHECK(u.normalized_hhi == u.hhi);
  // The remainder stays a source: a disruption model still gets that supply.
  CHECK(unknown.source_volumes(0).size() == usgs_2024.size());
  // Knowing there are 72 producers in all (60 unknown, none above 20 t) raises the
  // lower bound by R^2 / 60; fewer than 12 + 55 cannot hold the remainder.
  const auto b = unknown.hhi_bounds(0, grouping::country, 72);
  CHECK_CLOSE(b.lower, T(u.hhi_lower + T(u.remainder * u.remainder) / T(60)));
  CHECK_CLOSE(b.upper, u.hhi_upper);
  CHECK_THROWS_AS((void)unknown.hhi_bounds(0, grouping::country, 66), domain_error);
  CHECK_NOTHROW((void)unknown.hhi_bounds(0, grouping::country, 67));
}

TEST_CASE("a world-total row is never a producer") {
  supply_builder<double> builder(other_rows::producer);
  builder.add("rare earths", "China", "China", 270000, 12);
  CHECK_THROWS_WITH_AS(builder.add("rare earths", "World total (rounded)", "World total (rounded)", 390000, 18),
                       "chokepoint::supply_base: row 18 (material 'rare earths'): 'World total (rounded)' is a "
                       "total row, not a producer",
                       invalid_input);
  CHECK_THROWS_WITH_AS(builder.add("rare earths", "Acme", "WORLD TOTAL", 1),
                       "chokepoint::supply_base: row 3 (material 'rare earths'): 'WORLD TOTAL' is "
                       "a total row, not a producer",
                       invalid_input);
}

TEST_CASE("bad rows get exact errors naming the row") {
  using rows = std::vector<supply_row<double>>;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "A", "CN", 1}, {"", "A", "CN", 1}}),
                       "chokepoint::supply_base: row 2: material is empty", invalid_input);
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "A", "CN", 1}, {"Dy", "A", "CN", -2}}),
                       "chokepoint::supply_base: row 2 (material 'Dy'): volume is negative", invalid_input);
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "A", "CN", nan, 14}}),
                       "chokepoint::supply_base: row 14 (material 'Dy'): volume is not finite", invalid_input);
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "A", "CN", std::numeric_limits<double>::infinity()}}),
                       "chokepoint::supply_base: row 1 (material 'Dy'): volume is not finite", invalid_input);
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "", "CN", 1}}),
                       "chokepoint::supply_base: row 1 (material 'Dy'): supplier is empty", invalid_input);
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "A", "", 1}}),
                       "chokepoint::supply_base: row 1 (material 'Dy'): country is empty", invalid_input);
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "A", "CN", 1}, {"Tb", "A", "CN", 0}, {"Tb", "B", "MM", 0}}),
                       "chokepoint::supply_base: material 'Tb' (first row 2): all volumes are zero", invalid_input);
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "Other", "Other", 5, 7}}),
                       "chokepoint::supply_base: row 7 (material 'Dy'): 'Other' row needs an "
                       "explicit other_rows choice",
                       invalid_input);
  CHECK_THROWS_WITH_AS(supply_base<double>(rows{{"Dy", "A", "Other countries", 5}}),
                       "chokepoint::supply_base: row 1 (material 'Dy'): 'Other countries' row "
                       "needs an explicit other_rows choice",
                       invalid_input);
  supply_builder<double> unused;
  (void)unused.intern_material("Ho");
  CHECK_THROWS_WITH_AS((void)unused.build(), "chokepoint::supply_base: material 'Ho' has no rows", invalid_input);
}

TEST_CASE_TEMPLATE("unknown remainder only in the grouping where the name is Other", T, double, rational) {
  // A remainder of Chinese producers (supplier Other, country CN) is known by country.
  const supply_base<T> base({{"Tb", "Baotou", "CN", T(60)}, {"Tb", "Other", "CN", T(20)}, {"Tb", "Lynas", "MY", T(20)}},
                            other_rows::unknown_remainder);
  const auto s = base.measures(0, grouping::supplier);
  CHECK(s.sources == 2);
  CHECK_CLOSE(s.remainder, frac<T>(2, 10));
  CHECK_CLOSE(s.hhi_lower, frac<T>(40, 100));
  CHECK_CLOSE(s.hhi_upper, frac<T>(44, 100));  // the reference bounds of docs/model.md, from rows
  CHECK_CLOSE(base.hhi_bounds(0, grouping::supplier, 10).lower, frac<T>(405, 1000));
  CHECK(base.hhi(0, grouping::supplier) == s.hhi);  // the lean path agrees
  const auto c = base.measures(0, grouping::country);
  CHECK(c.remainder == T(0));
  CHECK_CLOSE(c.hhi, frac<T>(68, 100));  // CN 0.8, MY 0.2
  // Nothing named: no sources, HHI in [0, 1].
  const supply_base<T> blind({{"Tb", "Other", "Other", T(5)}}, other_rows::unknown_remainder);
  const auto b = blind.measures(0, grouping::country);
  CHECK(b.sources == 0);
  CHECK(b.hhi_lower == T(0));
  CHECK(b.hhi_upper == T(1));
  CHECK(b.largest.empty());
}
