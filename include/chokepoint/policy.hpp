// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Policy thresholds as data (docs/model.md, Policy thresholds), each with its name and year, and
// classify functions that say which band a value falls in and why, e.g.
// "highly concentrated: HHI 2600 > 1800 (DOJ/FTC 2023 Merger Guidelines)".
//
// HHI thresholds are in points (0..10000). Other thresholds are exact fractions, so that
// a cpp_rational value exactly on a threshold lands on the side the text says.
// Boundaries follow the texts: "above 1800" is > 1800, "between 1000 and 1800" includes
// both ends, "more than 100 points" is > 100, SR ">= 1", share "not more than 65%".
//
// Sources:
// - U.S. DOJ & FTC Merger Guidelines (18 Dec 2023), Guideline 1: HHI > 1800 is highly
//   concentrated; a change > 100 there is a significant increase (presumption); so is a
//   merged share > 30% with a change > 100. The 2023 text draws no other bands.
// - DOJ & FTC Horizontal Merger Guidelines (2010), 5.3: unconcentrated below 1500,
//   moderately concentrated 1500-2500, highly above 2500; changes > 100 in moderately and
//   100-200 in highly concentrated markets potentially raise significant concerns; > 200
//   in highly concentrated markets is presumed to enhance market power.
// - DOJ & FTC Horizontal Merger Guidelines (1992, rev. 1997), 1.51: below 1000, 1000-1800,
//   above 1800; changes > 100 (moderate) and > 50 (high) raise concerns; > 100 in a highly
//   concentrated market is presumed to create or enhance market power.
// - EU criticality assessment (methodology of 2017, lists of 2017, 2020, 2023): critical
//   when supply risk SR >= 1 and economic importance EI >= 2.8.
// - EU Critical Raw Materials Act, Regulation (EU) 2024/1252, Art. 5 benchmarks: by 2030
//   no single third country provides more than 65% of the Union's annual consumption of a
//   strategic raw material at any relevant stage of processing. The caller passes the
//   largest third-country share.
// - USGS 2021 List of Critical Minerals (method: Nassar & Fortier 2021): supply-risk
//   threshold 0.40.

#include <chokepoint/concentration.hpp>
#include <chokepoint/detail/classify.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/scalar.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace chokepoint {

/// An exact threshold numerator / denominator.
struct exact_threshold {
  std::int32_t numerator;
  std::int32_t denominator = 1;

  template <scalar T>
  [[nodiscard]] T as() const {
    return T(T(static_cast<int>(numerator)) / T(static_cast<int>(denominator)));
  }
  [[nodiscard]] constexpr double value() const {
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
};

/// HHI bands and change thresholds of a merger guideline, in HHI points. A zero means
/// the guideline draws no such line.
struct merger_guideline {
  std::string_view name;
  int year;
  int unconcentrated_below;       ///< HHI below this is unconcentrated
  int highly_concentrated_above;  ///< HHI above this is highly concentrated
  int moderate_concern_change;    ///< change above this in a moderate market: concerns
  int high_concern_change;        ///< change above this in a highly concentrated market: concerns
  int presumption_change;         ///< change above this in a highly concentrated market: presumption
  int presumption_share_percent;  ///< merged share above this with such a change: presumption
};

inline constexpr merger_guideline doj_ftc_2023{"DOJ/FTC 2023 Merger Guidelines", 2023, 0, 1800, 0, 0, 100, 30};
inline constexpr merger_guideline doj_ftc_2010{
    "DOJ/FTC 2010 Horizontal Merger Guidelines", 2010, 1500, 2500, 100, 100, 200, 0};
inline constexpr merger_guideline doj_ftc_1992{
    "DOJ/FTC 1992 Horizontal Merger Guidelines", 1992, 1000, 1800, 100, 50, 100, 0};
/// Newest first.
inline constexpr std::array<merger_guideline, 3> merger_guidelines{doj_ftc_2023, doj_ftc_2010, doj_ftc_1992};

/// Critical when supply risk >= one threshold and economic importance >= another.
struct criticality_thresholds {
  std::string_view name;
  int year;
  exact_threshold supply_risk;
  exact_threshold economic_importance;
};
inline constexpr criticality_thresholds eu_critical_2023{"EU CRM criticality assessment 2023", 2023, {1, 1}, {28, 10}};

/// The largest share a single (third) country may have.
struct single_country_limit {
  std::string_view name;
  int year;
  exact_threshold max_share;  ///< fraction; a share above it breaches the benchmark
};
inline constexpr single_country_limit eu_crm_act_2024{
    "EU Critical Raw Materials Act, Regulation (EU) 2024/1252", 2024, {65, 100}};

/// Critical when supply risk >= a threshold.
struct supply_risk_threshold {
  std::string_view name;
  int year;
  exact_threshold supply_risk;
};
inline constexpr supply_risk_threshold usgs_2021{"USGS 2021 List of Critical Minerals", 2021, {40, 100}};

/// Which band a value falls in, and why (the rule, the numbers, the source).
struct classification {
  std::string band;
  std::string reason;
};

/// The concentration band of a market with this HHI (points) under a merger guideline:
/// "unconcentrated", "moderately concentrated", "highly concentrated", or for the 2023
/// guidelines, which draw one line only, "not highly concentrated".
/// Error: "chokepoint::classify: HHI outside [0, 10000] points".
template <scalar T>
[[nodiscard]] classification classify(const merger_guideline& guideline, const T& hhi_points) {
  detail::check_points("chokepoint::classify", hhi_points, "HHI");
  const auto b = detail::band_of(guideline.unconcentrated_below, guideline.highly_concentrated_above, hhi_points);
  return detail::classified(b.name, b.why, guideline.name);
}

/// How a merger leading to a post-merger HHI with this change in HHI (both in points;
/// the change of merging shares a and b is to_points(merger_delta(a, b))) stands under a
/// guideline: "presumed anticompetitive", "significant concerns" or "no structural
/// concern". `merged_share` (a fraction) is used by guidelines with a share presumption
/// (2023: above 30% with a change above 100).
/// Errors: "chokepoint::classify_merger: HHI outside [0, 10000] points", likewise "change
/// in HHI", and "chokepoint::classify_merger: merged share outside [0, 1]".
template <scalar T>
[[nodiscard]] classification classify_merger(const merger_guideline& g, const T& post_merger_hhi_points,
                                             const T& change_points,
                                             const std::optional<T>& merged_share = std::nullopt) {
  using detail::classified;
  using detail::concat;
  constexpr std::string_view where = "chokepoint::classify_merger";
  detail::check_points(where, post_merger_hhi_points, "HHI");
  detail::check_points(where, change_points, "change in HHI");
  if (merged_share && (!scalar_traits<T>::is_finite(*merged_share) || *merged_share < T(0) || T(1) < *merged_share))
    detail::throw_invalid(where, "merged share outside [0, 1]");
  const auto b = detail::band_of(g.unconcentrated_below, g.highly_concentrated_above, post_merger_hhi_points);
  const std::string change = concat("change ", detail::format_number(change_points));
  const auto above = [&](int threshold) { return threshold > 0 && T(threshold) < change_points; };
  constexpr std::string_view presumed = "presumed anticompetitive";
  constexpr std::string_view concerns = "significant concerns";
  constexpr std::string_view none = "no structural concern";

  const bool share_rule = g.presumption_share_percent > 0 && merged_share.has_value();
  const bool share_above = share_rule && T(g.presumption_share_percent) < T(*merged_share * T(100));
  const std::string share_text =
      share_rule ? concat("merged share ", detail::format_percent(*merged_share),
                          share_above ? " > " : " <= ", std::to_string(g.presumption_share_percent), "%")
                 : std::string();
  const std::string presumption = std::to_string(g.presumption_change);
  const std::string high_concern = std::to_string(g.high_concern_change);
  const std::string moderate_concern = std::to_string(g.moderate_concern_change);

  if (b.kind == detail::market_band::high && above(g.presumption_change))
    return classified(presumed, concat(b.why, " and ", change, " > ", presumption), g.name);
  if (share_above && above(g.presumption_change))
    return classified(presumed, concat(share_text, " and ", change, " > ", presumption), g.name);
  if (b.kind == detail::market_band::high && above(g.high_concern_change))
    return classified(concerns, concat(b.why, " and ", change, " > ", high_concern), g.name);
  if (b.kind == detail::market_band::moderate && above(g.moderate_concern_change))
    return classified(concerns, concat(b.why, " and ", change, " > ", moderate_concern), g.name);

  // No rule fires: say which condition is missing.
  switch (b.kind) {
    case detail::market_band::unconcentrated: return classified(none, b.why, g.name);
    case detail::market_band::high:
      return classified(
          none, concat(b.why, " but ", change, " <= ", g.high_concern_change > 0 ? high_concern : presumption), g.name);
    case detail::market_band::moderate:
      return classified(none, concat(b.why, " but ", change, " <= ", moderate_concern), g.name);
    case detail::market_band::not_high: break;
  }
  if (share_above) return classified(none, concat(share_text, " but ", change, " <= ", presumption), g.name);
  return classified(none, share_rule ? concat(b.why, " and ", share_text) : b.why, g.name);
}

/// "critical" when SR >= and EI >= their thresholds, else "not critical" naming what
/// falls short. Error: "chokepoint::classify: supply risk is negative or not finite"
/// (economic importance likewise).
template <scalar T>
[[nodiscard]] classification classify(const criticality_thresholds& t, const T& supply_risk,
                                      const T& economic_importance) {
  using detail::concat;
  detail::check_nonnegative("chokepoint::classify", supply_risk, "supply risk");
  detail::check_nonnegative("chokepoint::classify", economic_importance, "economic importance");
  const std::string sr = concat("SR ", detail::format_number(supply_risk));
  const std::string ei = concat("EI ", detail::format_number(economic_importance));
  const std::string sr_t = detail::format_number(t.supply_risk.value());
  const std::string ei_t = detail::format_number(t.economic_importance.value());
  const bool sr_ok = !(supply_risk < t.supply_risk.template as<T>());
  const bool ei_ok = !(economic_importance < t.economic_importance.template as<T>());
  if (sr_ok && ei_ok)
    return detail::classified("critical", concat(sr, " >= ", sr_t, " and ", ei, " >= ", ei_t), t.name);
  const std::string sr_short = sr_ok ? std::string() : concat(sr, " < ", sr_t);
  const std::string ei_short = ei_ok ? std::string() : concat(ei, " < ", ei_t);
  const std::string_view joint = (!sr_ok && !ei_ok) ? " and " : "";
  return detail::classified("not critical", concat(sr_short, joint, ei_short), t.name);
}

/// "above benchmark" when the largest single-country share (a fraction) exceeds the
/// limit, else "within benchmark". Error: "chokepoint::classify: share outside [0, 1]".
template <scalar T>
[[nodiscard]] classification classify(const single_country_limit& limit, const T& largest_share) {
  using detail::concat;
  if (!scalar_traits<T>::is_finite(largest_share) || largest_share < T(0) || T(1) < largest_share)
    detail::throw_invalid("chokepoint::classify", "share outside [0, 1]");
  const std::string share = concat("single-country share ", detail::format_percent(largest_share));
  const std::string max = concat(detail::format_number(limit.max_share.value() * 100.0), "%");
  if (limit.max_share.template as<T>() < largest_share)
    return detail::classified("above benchmark", concat(share, " > ", max), limit.name);
  return detail::classified("within benchmark", concat(share, " <= ", max), limit.name);
}

/// "critical" when the supply risk reaches the threshold, else "not critical".
/// Error: "chokepoint::classify: supply risk is negative or not finite".
template <scalar T>
[[nodiscard]] classification classify(const supply_risk_threshold& t, const T& supply_risk) {
  using detail::concat;
  detail::check_nonnegative("chokepoint::classify", supply_risk, "supply risk");
  const std::string sr = concat("supply risk ", detail::format_number(supply_risk));
  const std::string threshold = detail::format_number(t.supply_risk.value());
  if (!(supply_risk < t.supply_risk.template as<T>()))
    return detail::classified("critical", concat(sr, " >= ", threshold), t.name);
  return detail::classified("not critical", concat(sr, " < ", threshold), t.name);
}

}  // namespace chokepoint
