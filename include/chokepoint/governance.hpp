// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Supply risk after the EU critical-raw-materials method (docs/model.md, Concentration): the HHI
// of country shares weighted by how well each country is governed and by its trade
// policy, the import reliance of the importer, and the supply risk of each stage of the
// value chain (extraction, processing, ...), of which the highest counts (bottleneck).
//
// Governance scores and trade factors are inputs, never built in: the library only
// rescales the World Bank estimates. Choices written down here:
// - WGI_c = (2.5 - mean of the six estimates) * 2, so the estimate range [-2.5, 2.5]
//   maps to [10, 0], 10 the worst governed; estimates outside that range are refused.
// - Trade factor t_c > 0: 1 is the baseline, above 1 for export restrictions (taxes,
//   quotas, bans), 0.8 for a trade agreement with the importer. Missing means 1.
// - A net exporter (exports > imports) is not import-reliant: IR = 0, so that IR is in
//   [0, 1] as the method's formula assumes.
// - On a supply_base, the governance-weighted HHI uses the country grouping. Under
//   other_rows::unknown_remainder an "Other" country is the unknown remainder and, as
//   for the plain HHI's point value, contributes nothing; under other_rows::producer it
//   is a country like any other and needs a score.

#include <chokepoint/concentration.hpp>
#include <chokepoint/detail/eu_supply_risk.hpp>
#include <chokepoint/detail/message.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply.hpp>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace chokepoint {

/// Names of the two stages the EU assessment always looks at; any other name is a
/// further stage (refining, magnet making, ...).
inline constexpr std::string_view extraction_stage = "extraction";
inline constexpr std::string_view processing_stage = "processing";

/// The World Bank governance estimate (mean of the six WGI dimensions, about -2.5 to 2.5,
/// higher is better) on the EU scale 0..10, higher is worse: (2.5 - mean) * 2.
/// China's mean -0.245 gives 5.49.
template <scalar T>
[[nodiscard]] T wgi_rescale(const T& mean_estimate) {
  const T half_range = T(T(5) / T(2));
  if (!scalar_traits<T>::is_finite(mean_estimate) || mean_estimate < T(-half_range) || half_range < mean_estimate)
    detail::throw_invalid("chokepoint::wgi_rescale", "governance estimate outside [-2.5, 2.5]");
  return T(T(half_range - mean_estimate) * T(2));
}

/// sum_c s_c^2 * WGI_c * t_c over parallel ranges of country volumes (normalised to
/// shares), governance scores on the 0..10 scale and trade factors. Ranges of one
/// scalar type and one length.
template <scalar_range Shares, scalar_range Scores, scalar_range Factors>
requires std::same_as<range_scalar_t<Shares>, range_scalar_t<Scores>> &&
    std::same_as<range_scalar_t<Shares>, range_scalar_t<Factors>>
[[nodiscard]] range_scalar_t<Shares> governance_weighted_hhi(Shares&& volumes, Scores&& wgi_scaled,
                                                             Factors&& trade_factors) {
  using T = range_scalar_t<Shares>;
  constexpr std::string_view where = "chokepoint::governance_weighted_hhi";
  const auto [v, total] = detail::collect_volumes(where, std::forward<Shares>(volumes));
  std::vector<T> w(std::ranges::begin(wgi_scaled), std::ranges::end(wgi_scaled));
  std::vector<T> t(std::ranges::begin(trade_factors), std::ranges::end(trade_factors));
  if (w.size() != v.size())
    detail::throw_invalid(where, detail::concat(std::to_string(v.size()), " shares but ", std::to_string(w.size()),
                                                " governance scores"));
  if (t.size() != v.size())
    detail::throw_invalid(
        where, detail::concat(std::to_string(v.size()), " shares but ", std::to_string(t.size()), " trade factors"));
  detail::require_supply(where, v.size(), total);
  T sum(0);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!scalar_traits<T>::is_finite(w[i]) || w[i] < T(0) || T(10) < w[i])
      detail::throw_invalid(where, detail::concat("governance score at index ", std::to_string(i), " outside [0, 10]"));
    if (!scalar_traits<T>::is_finite(t[i]) || !(T(0) < t[i]))
      detail::throw_invalid(where, detail::concat("trade factor at index ", std::to_string(i), " is not positive"));
    detail::add_weighted_square(sum, T(v[i] / total), w[i], t[i]);
  }
  return sum;
}

/// Governance scores per country and trade factors per (material, country), keyed by
/// the names used in a supply_base.
template <scalar T>
class governance_weights {
 public:
  /// Score of a country on the 0..10 scale (see wgi_rescale).
  /// Error: "chokepoint::governance_weights: score of 'CN' outside [0, 10]".
  void set_wgi(std::string_view country, const T& scaled) {
    if (!scalar_traits<T>::is_finite(scaled) || scaled < T(0) || T(10) < scaled)
      detail::throw_invalid(where, detail::concat("score of '", country, "' outside [0, 10]"));
    wgi_.insert_or_assign(std::string(country), scaled);
  }

  /// Trade factor of a country for one material (1 unless set).
  /// Error: "chokepoint::governance_weights: trade factor of ('Dy', 'CN') is not positive".
  void set_trade_factor(std::string_view material, std::string_view country, const T& factor) {
    if (!scalar_traits<T>::is_finite(factor) || !(T(0) < factor))
      detail::throw_invalid(where,
                            detail::concat("trade factor of ('", material, "', '", country, "') is not positive"));
    auto it = trade_.find(material);
    if (it == trade_.end()) it = trade_.emplace(std::string(material), by_country{}).first;
    it->second.insert_or_assign(std::string(country), factor);
  }

  [[nodiscard]] std::optional<T> wgi(std::string_view country) const {
    if (const auto it = wgi_.find(country); it != wgi_.end()) return it->second;
    return std::nullopt;
  }

  [[nodiscard]] T trade_factor(std::string_view material, std::string_view country) const {
    if (const auto it = trade_.find(material); it != trade_.end())
      if (const auto jt = it->second.find(country); jt != it->second.end()) return jt->second;
    return T(1);
  }

 private:
  static constexpr std::string_view where = "chokepoint::governance_weights";
  using by_country = std::map<std::string, T, std::less<>>;
  by_country wgi_;
  std::map<std::string, by_country, std::less<>> trade_;
};

/// Governance-weighted HHI of material m of a supply base, over its country shares.
/// Error: "chokepoint::governance_weighted_hhi: no governance score for country 'XX'
/// (material 'Dy')". Countries with zero share need no score.
template <scalar T>
[[nodiscard]] T governance_weighted_hhi(const supply_base<T>& base, material_id m,
                                        const governance_weights<T>& weights) {
  const auto ids = base.group_ids(m, grouping::country);
  const auto shares = base.group_shares(m, grouping::country);
  const std::string& material = base.name(m);
  T sum(0);
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (base.is_remainder(grouping::country, ids[k]) || !(T(0) < shares[k])) continue;
    const std::string& country = base.country_name(ids[k]);
    const std::optional<T> wgi = weights.wgi(country);
    if (!wgi)
      detail::throw_invalid(
          "chokepoint::governance_weighted_hhi",
          detail::concat("no governance score for country '", country, "' (material '", material, "')"));
    detail::add_weighted_square(sum, shares[k], *wgi, weights.trade_factor(material, country));
  }
  return sum;
}

/// Import reliance IR = (imports - exports) / (production + imports - exports), the
/// share of apparent consumption that is net imported; 0 for a net exporter.
/// Errors: "chokepoint::import_reliance: production is negative" (imports, exports alike;
/// "is not finite" likewise), and domain_error "chokepoint::import_reliance: apparent
/// consumption (production + imports - exports) is not positive".
template <scalar T>
[[nodiscard]] T import_reliance(const T& production, const T& imports, const T& exports) {
  constexpr std::string_view where = "chokepoint::import_reliance";
  const std::pair<const T*, const char*> inputs[] = {
      {&production, "production"}, {&imports, "imports"}, {&exports, "exports"}};
  for (const auto& [value, what] : inputs) {
    if (!scalar_traits<T>::is_finite(*value)) detail::throw_invalid(where, detail::concat(what, " is not finite"));
    if (*value < T(0)) detail::throw_invalid(where, detail::concat(what, " is negative"));
  }
  const T net_imports = T(imports - exports);
  const T consumption = T(production + net_imports);
  if (!(T(0) < consumption))
    detail::throw_domain(where, "apparent consumption (production + imports - exports) is not positive");
  if (net_imports < T(0)) return T(0);
  return T(net_imports / consumption);
}

/// One stage of a value chain for the EU supply-risk formula.
template <scalar T>
struct supply_stage {
  std::string name;                ///< extraction_stage, processing_stage, or any further
  T hhi_global = T(0);             ///< governance-weighted HHI of global supply
  T hhi_sourcing = T(0);           ///< governance-weighted HHI of the importer's sourcing
  T import_reliance = T(0);        ///< IR in [0, 1]
  T end_of_life_recycling = T(0);  ///< EoL recycling input rate in [0, 1]
  T substitution = T(1);           ///< substitution index SI_SR in [0, 1], 1 = no substitute
};

/// Supply risk per stage and the bottleneck stage, whose risk is the material's.
template <scalar T>
struct supply_risk_assessment {
  std::vector<T> stage_risk;   ///< in the order of the stages given
  std::size_t bottleneck = 0;  ///< index of the riskiest stage (the first on ties)
  std::string bottleneck_stage;
  T supply_risk = T(0);  ///< stage_risk[bottleneck]
};

/// SR = [HHI_global * IR/2 + HHI_sourcing * (1 - IR/2)] * (1 - EoL_RIR) * SI_SR, with the
/// HHIs governance-weighted (0..10 scale). Errors: "chokepoint::eu_supply_risk: import
/// reliance outside [0, 1]" (likewise the recycling rate and substitution index),
/// "chokepoint::eu_supply_risk: HHI of global supply is negative or not finite".
template <scalar T>
[[nodiscard]] T eu_supply_risk(const T& hhi_global, const T& hhi_sourcing, const T& import_reliance,
                               const T& end_of_life_recycling, const T& substitution) {
  return detail::eu_supply_risk_checked(std::string(), hhi_global, hhi_sourcing, import_reliance, end_of_life_recycling,
                                        substitution);
}

/// The supply risk of every stage and the bottleneck rule: the material's supply risk is
/// that of its riskiest stage. Errors name the stage: "chokepoint::eu_supply_risk: stage
/// 'processing': import reliance outside [0, 1]"; no stage: "chokepoint::eu_supply_risk:
/// no stages".
template <std::ranges::input_range Stages = std::initializer_list<supply_stage<double>>>
requires detail::is_supply_stage<std::ranges::range_value_t<Stages>>::value [[nodiscard]] auto eu_supply_risk(
    const Stages& stages) {
  using stage = std::ranges::range_value_t<Stages>;
  using T = typename detail::is_supply_stage<stage>::scalar_type;
  supply_risk_assessment<T> out;
  for (const stage& s : stages) {
    const T risk =
        detail::eu_supply_risk_checked(detail::concat("stage '", s.name, "': "), s.hhi_global, s.hhi_sourcing,
                                       s.import_reliance, s.end_of_life_recycling, s.substitution);
    if (out.stage_risk.empty() || out.supply_risk < risk) {
      out.bottleneck = out.stage_risk.size();
      out.bottleneck_stage = s.name;
      out.supply_risk = risk;
    }
    out.stage_risk.push_back(risk);
  }
  if (out.stage_risk.empty()) detail::throw_invalid("chokepoint::eu_supply_risk", "no stages");
  return out;
}

}  // namespace chokepoint
