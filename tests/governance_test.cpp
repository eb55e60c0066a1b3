// SPDX-License-Identifier: MIT
#include <chokepoint/governance.hpp>

#include "support.hpp"

#include <limits>
#include <random>
#include <vector>

using namespace chokepoint;
using chokepoint::testing::rational;

namespace {

template <class T>
T frac(long long p, long long q) {
  return T(T(p) / T(q));
}

/// World Bank WGI, mean of the six estimates, in thousandths, as in the project's
/// data/wgi_governance_scores.csv (a SECONDARY computation by
/// Varcolacus/critical-materials-atlas out/wgi.json; latest year per country 2015-2024).
struct wgi_row {
  const char* iso2;
  int mean_thousandths;
  int scaled_hundredths;  // the file's own 0..10 column, rounded to 2 decimals
};
const std::vector<wgi_row> wgi_table = {{"CN", -245, 549},  {"US", 925, 315},  {"MM", -1710, 842}, {"AU", 1527, 195},
                                        {"NG", -1082, 716}, {"TH", -271, 554}, {"IN", -148, 530},  {"RU", -960, 692},
                                        {"VN", -336, 567},  {"BR", -263, 553}, {"MG", -785, 657},  {"MY", 449, 410}};

/// USGS MCS 2025 rare earths, 2024 mine production (t REO), by ISO code; "Other" last.
const std::vector<std::pair<const char*, int>> usgs_2024 = {
    {"US", 45000}, {"AU", 13000}, {"BR", 20},    {"MM", 31000}, {"CA", 0},      {"CN", 270000},
    {"GL", 0},     {"IN", 2900},  {"MG", 2000},  {"MY", 130},   {"NG", 13000},  {"RU", 2500},
    {"ZA", 0},     {"TZ", 0},     {"TH", 13000}, {"VN", 300},   {"Other", 1100}};

}  // namespace

TEST_CASE_TEMPLATE("WGI rescaling: [-2.5, 2.5] onto [10, 0]", T, double, rational) {
  CHECK(wgi_rescale(frac<T>(-5, 2)) == T(10));
  CHECK(wgi_rescale(frac<T>(5, 2)) == T(0));
  CHECK(wgi_rescale(T(0)) == T(5));
  // Against the scaled column of the data file (rounded there to 2 decimals).
  for (const auto& row : wgi_table) {
    const T scaled = wgi_rescale(frac<T>(row.mean_thousandths, 1000));
    CHECK(std::abs(static_cast<double>(scaled) - row.scaled_hundredths / 100.0) <= 0.005 + 1e-12);
  }
  CHECK(wgi_rescale(frac<T>(-245, 1000)) == frac<T>(549, 100));  // China, exact
  CHECK_THROWS_WITH_AS((void)wgi_rescale(T(3)), "chokepoint::wgi_rescale: governance estimate outside [-2.5, 2.5]",
                       invalid_input);
}

TEST_CASE_TEMPLATE("governance-weighted HHI worked by hand", T, double, rational) {
  // CN 0.8 (WGI 5.49), MY 0.2 (WGI 4.1): 0.64 * 5.49 + 0.04 * 4.1 = 3.5136 + 0.164 = 3.6776.
  const std::vector<T> volumes{T(80), T(20)};
  const std::vector<T> scores{frac<T>(549, 100), frac<T>(41, 10)};
  CHECK_CLOSE(governance_weighted_hhi(volumes, scores, std::vector<T>{T(1), T(1)}), frac<T>(36776, 10000));
  // An export restriction on CN (t = 1.1): 3.5136 * 1.1 + 0.164 = 4.02896.
  CHECK_CLOSE(governance_weighted_hhi(volumes, scores, std::vector<T>{frac<T>(11, 10), T(1)}), frac<T>(402896, 100000));
  CHECK_THROWS_WITH_AS((void)governance_weighted_hhi(volumes, std::vector<T>{T(5)}, std::vector<T>{T(1), T(1)}),
                       "chokepoint::governance_weighted_hhi: 2 shares but 1 governance scores", invalid_input);
  CHECK_THROWS_WITH_AS((void)governance_weighted_hhi(volumes, std::vector<T>{T(5), T(11)}, std::vector<T>{T(1), T(1)}),
                       "chokepoint::governance_weighted_hhi: governance score at index 1 outside [0, 10]",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)governance_weighted_hhi(volumes, scores, std::vector<T>{T(0), T(1)}),
                       "chokepoint::governance_weighted_hhi: trade factor at index 0 is not positive", invalid_input);
}

TEST_CASE_TEMPLATE("randomised: equal scores and factors scale the plain HHI", T, double, rational) {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  std::uniform_int_distribution<int> volume(1, 500);
  std::uniform_int_distribution<int> score(0, 100);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<T> v(static_cast<std::size_t>(1 + trial % 9));
    for (auto& x : v) x = T(volume(rng));
    const T w = frac<T>(score(rng), 10);
    const T t = frac<T>(8 + trial % 5, 10);
    const std::vector<T> scores(v.size(), w);
    const std::vector<T> factors(v.size(), t);
    CHECK_CLOSE(governance_weighted_hhi(v, scores, factors), T(T(hhi(v) * w) * t));
  }
}

TEST_CASE_TEMPLATE("governance-weighted HHI of USGS 2024 rare-earth mine production", T, double, rational) {
  supply_builder<T> rows(other_rows::unknown_remainder);
  for (const auto& [country, tonnes] : usgs_2024) rows.add("rare earths", country, country, T(tonnes));
  const auto base = std::move(rows).build();
  governance_weights<T> weights;
  for (const auto& row : wgi_table) weights.set_wgi(row.iso2, wgi_rescale(frac<T>(row.mean_thousandths, 1000)));
  // Independent computation (exact fractions over the 12 named producers; the 1,100 t
  // "Other" remainder contributes nothing; CA, GL, ZA, TZ produced 0 and need no score):
  // sum (v_c / 393950)^2 * (2.5 - mean_c) * 2 = 2086411046871 / 775983012500 = 2.68873.
  const T g = governance_weighted_hhi(base, 0, weights);
  CHECK_CLOSE(g, frac<T>(2086411046871LL, 775983012500LL));
  // A trade factor applies to its (material, country) only.
  weights.set_trade_factor("rare earths", "CN", frac<T>(12, 10));
  weights.set_trade_factor("gallium", "MM", T(2));
  const T cn = frac<T>(270000, 393950);
  CHECK_CLOSE(governance_weighted_hhi(base, 0, weights), T(g + T(T(T(cn * cn) * frac<T>(549, 100)) * frac<T>(2, 10))));

  supply_builder<T> producer_rows(other_rows::producer);
  for (const auto& [country, tonnes] : usgs_2024) producer_rows.add("rare earths", country, country, T(tonnes));
  const auto as_producer = std::move(producer_rows).build();
  CHECK_THROWS_WITH_AS((void)governance_weighted_hhi(as_producer, 0, weights),
                       "chokepoint::governance_weighted_hhi: no governance score for country "
                       "'Other' (material 'rare earths')",
                       invalid_input);
  CHECK_THROWS_WITH_AS(weights.set_wgi("CN", T(-1)), "chokepoint::governance_weights: score of 'CN' outside [0, 10]",
                       invalid_input);
  CHECK_THROWS_WITH_AS(weights.set_trade_factor("Dy", "CN", T(0)),
                       "chokepoint::governance_weights: trade factor of ('Dy', 'CN') is not "
                       "positive",
                       invalid_input);
}

TEST_CASE_TEMPLATE("import reliance", T, double, rational) {
  // Production 10, imports 30, exports 10: net imports 20 of apparent consumption 30.
  CHECK_CLOSE(import_reliance(T(10), T(30), T(10)), frac<T>(2, 3));
  CHECK(import_reliance(T(0), T(5), T(1)) == T(1));    // no production: all imported
  CHECK(import_reliance(T(50), T(5), T(20)) == T(0));  // a net exporter
  CHECK_THROWS_WITH_AS((void)import_reliance(T(0), T(5), T(5)),
                       "chokepoint::import_reliance: apparent consumption (production + imports "
                       "- exports) is not positive",
                       domain_error);
  CHECK_THROWS_WITH_AS((void)import_reliance(T(1), T(-5), T(0)), "chokepoint::import_reliance: imports is negative",
                       invalid_input);
}

TEST_CASE("import reliance refuses non-finite inputs") {
  CHECK_THROWS_WITH_AS((void)import_reliance(std::numeric_limits<double>::quiet_NaN(), 1.0, 0.0),
                       "chokepoint::import_reliance: production is not finite", invalid_input);
}

TEST_CASE_TEMPLATE("EU supply risk worked by hand, per stage, bottleneck", T, double, rational) {
  // H_global 3, H_sourcing 2, IR 0.5, EoL-RIR 0.1, SI 0.9:
  // (3 * 0.25 + 2 * 0.75) * 0.9 * 0.9 = 2.25 * 0.81 = 1.8225.
  const T sr = eu_supply_risk(T(3), T(2), frac<T>(1, 2), frac<T>(1, 10), frac<T>(9, 10));
  CHECK_CLOSE(sr, frac<T>(18225, 10000));
  // IR = 0: only the importer's own sourcing counts; IR = 1: both halves.
  CHECK(eu_supply_risk(T(3), T(2), T(0), T(0), T(1)) == T(2));
  CHECK_CLOSE(eu_supply_risk(T(3), T(2), T(1), T(0), T(1)), frac<T>(5, 2));

  // Extraction 1.8225; processing (H 6 and 5, IR 1, no recycling, SI 1) = 5.5; magnets
  // (H 4 and 4, IR 0.2, SI 0.5) = 2. Bottleneck: processing.
  const std::vector<supply_stage<T>> stages{
      {std::string(extraction_stage), T(3), T(2), frac<T>(1, 2), frac<T>(1, 10), frac<T>(9, 10)},
      {std::string(processing_stage), T(6), T(5), T(1), T(0), T(1)},
      {"magnet making", T(4), T(4), frac<T>(2, 10), T(0), frac<T>(1, 2)}};
  const auto a = eu_supply_risk(stages);
  REQUIRE(a.stage_risk.size() == 3);
  CHECK_CLOSE(a.stage_risk[0], frac<T>(18225, 10000));
  CHECK_CLOSE(a.stage_risk[1], frac<T>(11, 2));
  CHECK_CLOSE(a.stage_risk[2], T(2));
  CHECK(a.bottleneck == 1);
  CHECK(a.bottleneck_stage == "processing");
  CHECK_CLOSE(a.supply_risk, frac<T>(11, 2));
  // Ties go to the first stage.
  const std::vector<supply_stage<T>> tied{{"a", T(1), T(1), T(0), T(0), T(1)}, {"b", T(1), T(1), T(0), T(0), T(1)}};
  CHECK(eu_supply_risk(tied).bottleneck_stage == "a");
}

TEST_CASE("EU supply risk: exact errors") {
  CHECK_THROWS_WITH_AS((void)eu_supply_risk(1.0, 1.0, 1.5, 0.0, 1.0),
                       "chokepoint::eu_supply_risk: import reliance outside [0, 1]", invalid_input);
  CHECK_THROWS_WITH_AS((void)eu_supply_risk(-1.0, 1.0, 0.5, 0.0, 1.0),
                       "chokepoint::eu_supply_risk: HHI of global supply is negative or not finite", invalid_input);
  CHECK_THROWS_WITH_AS((void)eu_supply_risk(1.0, 1.0, 0.5, 0.0, 2.0),
                       "chokepoint::eu_supply_risk: substitution index outside [0, 1]", invalid_input);
  const std::vector<supply_stage<double>> stages{{"processing", 1.0, 1.0, 0.5, -0.1, 1.0}};
  CHECK_THROWS_WITH_AS((void)eu_supply_risk(stages),
                       "chokepoint::eu_supply_risk: stage 'processing': end-of-life recycling "
                       "input rate outside [0, 1]",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)eu_supply_risk(std::vector<supply_stage<double>>{}),
                       "chokepoint::eu_supply_risk: no stages", invalid_input);
  const auto a = eu_supply_risk({supply_stage<double>{"extraction", 2.0, 1.0, 0.0, 0.0, 1.0}});
  CHECK(a.supply_risk == 1.0);
}
