// SPDX-License-Identifier: MIT
#include <chokepoint/policy.hpp>

#include "support.hpp"

#include <string>
#include <vector>

using namespace chokepoint;
using chokepoint::testing::rational;

namespace {

template <class T>
T frac(long long p, long long q) {
  return T(T(p) / T(q));
}

std::string reason_of(const classification& c) { return c.reason; }

}  // namespace

TEST_CASE("presets carry their names, years and thresholds") {
  CHECK(merger_guidelines.size() == 3);
  CHECK(merger_guidelines[0].year == 2023);
  CHECK(merger_guidelines[1].name == "DOJ/FTC 2010 Horizontal Merger Guidelines");
  CHECK(doj_ftc_2023.highly_concentrated_above == 1800);
  CHECK(doj_ftc_2023.presumption_change == 100);
  CHECK(doj_ftc_2023.presumption_share_percent == 30);
  CHECK(doj_ftc_2010.unconcentrated_below == 1500);
  CHECK(doj_ftc_2010.highly_concentrated_above == 2500);
  CHECK(doj_ftc_2010.presumption_change == 200);
  CHECK(doj_ftc_1992.unconcentrated_below == 1000);
  CHECK(doj_ftc_1992.high_concern_change == 50);
  CHECK(eu_critical_2023.economic_importance.value() == doctest::Approx(2.8));
  CHECK(eu_crm_act_2024.year == 2024);
  CHECK(eu_crm_act_2024.max_share.as<rational>() == frac<rational>(65, 100));
  CHECK(usgs_2021.supply_risk.value() == doctest::Approx(0.40));
  static_assert(doj_ftc_1992.highly_concentrated_above == 1800, "presets are constexpr data");
}

TEST_CASE_TEMPLATE("DOJ example through the 2023 guidelines", T, double, rational) {
  const T points = hhi_points(std::vector<T>{T(30), T(30), T(20), T(20)});
  const auto c = classify(doj_ftc_2023, points);
  CHECK(c.band == "highly concentrated");
  CHECK(c.reason == "highly concentrated: HHI 2600 > 1800 (DOJ/FTC 2023 Merger Guidelines)");
  // The two 20% firms merge: change 2 * 20 * 20 = 800 points, post-merger 30/30/40 = 3400.
  const T change = to_points(merger_delta(frac<T>(2, 10), frac<T>(2, 10)));
  const T post = hhi_points(std::vector<T>{T(30), T(30), T(40)});
  CHECK_CLOSE(T(post - points), change);
  CHECK(reason_of(classify_merger(doj_ftc_2023, post, change)) ==
        "presumed anticompetitive: HHI 3400 > 1800 and change 800 > 100 (DOJ/FTC 2023 Merger "
        "Guidelines)");
}

TEST_CASE_TEMPLATE("market bands and their edges", T, double, rational) {
  CHECK(classify(doj_ftc_2023, T(1800)).reason ==
        "not highly concentrated: HHI 1800 <= 1800 (DOJ/FTC 2023 Merger Guidelines)");
  CHECK(classify(doj_ftc_2010, T(2600)).reason ==
        "highly concentrated: HHI 2600 > 2500 (DOJ/FTC 2010 Horizontal Merger Guidelines)");
  CHECK(classify(doj_ftc_2010, T(1500)).reason ==
        "moderately concentrated: HHI 1500 in [1500, 2500] (DOJ/FTC 2010 Horizontal Merger "
        "Guidelines)");
  CHECK(classify(doj_ftc_2010, T(2500)).band == "moderately concentrated");
  CHECK(classify(doj_ftc_2010, T(1499)).reason ==
        "unconcentrated: HHI 1499 < 1500 (DOJ/FTC 2010 Horizontal Merger Guidelines)");
  CHECK(classify(doj_ftc_1992, T(1000)).band == "moderately concentrated");
  CHECK(classify(doj_ftc_1992, T(1800)).band == "moderately concentrated");
  CHECK(classify(doj_ftc_1992, frac<T>(18001, 10)).band == "highly concentrated");
  CHECK(classify(doj_ftc_1992, frac<T>(9999, 10)).band == "unconcentrated");
}

TEST_CASE_TEMPLATE("merger rules of 2010 and 1992", T, double, rational) {
  const std::string g10 = " (DOJ/FTC 2010 Horizontal Merger Guidelines)";
  CHECK(classify_merger(doj_ftc_2010, T(2600), T(250)).reason ==
        "presumed anticompetitive: HHI 2600 > 2500 and change 250 > 200" + g10);
  CHECK(classify_merger(doj_ftc_2010, T(2600), T(150)).reason ==
        "significant concerns: HHI 2600 > 2500 and change 150 > 100" + g10);
  CHECK(classify_merger(doj_ftc_2010, T(2600), T(200)).band == "significant concerns");
  CHECK(classify_merger(doj_ftc_2010, T(2600), T(100)).reason ==
        "no structural concern: HHI 2600 > 2500 but change 100 <= 100" + g10);
  CHECK(classify_merger(doj_ftc_2010, T(2000), T(150)).reason ==
        "significant concerns: HHI 2000 in [1500, 2500] and change 150 > 100" + g10);
  CHECK(classify_merger(doj_ftc_2010, T(2000), T(80)).reason ==
        "no structural concern: HHI 2000 in [1500, 2500] but change 80 <= 100" + g10);
  CHECK(classify_merger(doj_ftc_2010, T(1200), T(500)).reason == "no structural concern: HHI 1200 < 1500" + g10);
  const std::string g92 = " (DOJ/FTC 1992 Horizontal Merger Guidelines)";
  CHECK(classify_merger(doj_ftc_1992, T(2000), T(60)).reason ==
        "significant concerns: HHI 2000 > 1800 and change 60 > 50" + g92);
  CHECK(classify_merger(doj_ftc_1992, T(2000), T(120)).band == "presumed anticompetitive");
  CHECK(classify_merger(doj_ftc_1992, T(2000), T(50)).reason ==
        "no structural concern: HHI 2000 > 1800 but change 50 <= 50" + g92);
  CHECK(classify_merger(doj_ftc_1992, T(1500), T(101)).band == "significant concerns");
}

TEST_CASE_TEMPLATE("the 2023 share presumption", T, double, rational) {
  const std::string g23 = " (DOJ/FTC 2023 Merger Guidelines)";
  const T share = frac<T>(35, 100);
  CHECK(classify_merger(doj_ftc_2023, T(1500), T(150), std::optional<T>(share)).reason ==
        "presumed anticompetitive: merged share 35% > 30% and change 150 > 100" + g23);
  CHECK(classify_merger(doj_ftc_2023, T(1500), T(80), std::optional<T>(share)).reason ==
        "no structural concern: merged share 35% > 30% but change 80 <= 100" + g23);
  CHECK(classify_merger(doj_ftc_2023, T(1500), T(150), std::optional<T>(frac<T>(2, 10))).reason ==
        "no structural concern: HHI 1500 <= 1800 and merged share 20% <= 30%" + g23);
  CHECK(classify_merger(doj_ftc_2023, T(1500), T(150)).reason == "no structural concern: HHI 1500 <= 1800" + g23);
  CHECK(classify_merger(doj_ftc_2023, T(1900), T(100)).reason ==
        "no structural concern: HHI 1900 > 1800 but change 100 <= 100" + g23);
  // A merged share of exactly 30% is not "more than 30%".
  CHECK(classify_merger(doj_ftc_2023, T(1500), T(150), std::optional<T>(frac<T>(3, 10))).band ==
        "no structural concern");
}

TEST_CASE_TEMPLATE("EU criticality, CRM Act and USGS thresholds", T, double, rational) {
  const std::string eu = " (EU CRM criticality assessment 2023)";
  CHECK(classify(eu_critical_2023, frac<T>(12, 10), frac<T>(31, 10)).reason ==
        "critical: SR 1.2 >= 1 and EI 3.1 >= 2.8" + eu);
  CHECK(classify(eu_critical_2023, T(1), frac<T>(28, 10)).band == "critical");  // both edges
  CHECK(classify(eu_critical_2023, frac<T>(8, 10), frac<T>(25, 10)).reason ==
        "not critical: SR 0.8 < 1 and EI 2.5 < 2.8" + eu);
  CHECK(classify(eu_critical_2023, frac<T>(8, 10), T(5)).reason == "not critical: SR 0.8 < 1" + eu);
  CHECK(classify(eu_critical_2023, T(3), frac<T>(27, 10)).reason == "not critical: EI 2.7 < 2.8" + eu);

  // EU 2023 LREE processing: China 84.9% of supply.
  const std::string act = " (EU Critical Raw Materials Act, Regulation (EU) 2024/1252)";
  CHECK(classify(eu_crm_act_2024, frac<T>(849, 1000)).reason ==
        "above benchmark: single-country share 84.9% > 65%" + act);
  CHECK(classify(eu_crm_act_2024, frac<T>(65, 100)).reason ==
        "within benchmark: single-country share 65% <= 65%" + act);

  const std::string usgs = " (USGS 2021 List of Critical Minerals)";
  CHECK(classify(usgs_2021, frac<T>(40, 100)).reason == "critical: supply risk 0.4 >= 0.4" + usgs);
  CHECK(classify(usgs_2021, frac<T>(39, 100)).reason == "not critical: supply risk 0.39 < 0.4" + usgs);
}

TEST_CASE("classification inputs out of range get exact errors") {
  CHECK_THROWS_WITH_AS((void)classify(doj_ftc_2023, -1.0), "chokepoint::classify: HHI outside [0, 10000] points",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)classify(doj_ftc_2023, 10001.0), "chokepoint::classify: HHI outside [0, 10000] points",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)classify_merger(doj_ftc_2010, 2000.0, -5.0),
                       "chokepoint::classify_merger: change in HHI outside [0, 10000] points", invalid_input);
  CHECK_THROWS_WITH_AS((void)classify_merger(doj_ftc_2023, 2000.0, 5.0, std::optional<double>(1.5)),
                       "chokepoint::classify_merger: merged share outside [0, 1]", invalid_input);
  CHECK_THROWS_WITH_AS((void)classify(eu_crm_act_2024, 1.2), "chokepoint::classify: share outside [0, 1]",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)classify(usgs_2021, -0.1), "chokepoint::classify: supply risk is negative or not finite",
                       invalid_input);
  CHECK_THROWS_WITH_AS((void)classify(eu_critical_2023, 1.0, -2.0),
                       "chokepoint::classify: economic importance is negative or not finite", invalid_input);
}
