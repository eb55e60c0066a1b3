// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Exposure of products to their supply base through the bill of materials (docs/model.md,
// Exposure). With R[p,m] the exploded units of material m per unit of product p and a
// unit value v_m (default 1):
//
//   value basket      w[p,m] = R[p,m] v_m / sum_m R[p,m] v_m
//   country exposure  E[p,c] = sum_m w[p,m] * (share of m from country c)
//   product HHI       sum_c E[p,c]^2, on the fraction and the points scale
//   single-source     basket share of materials bought from exactly one supplier
//   single-country    basket share of materials whose sources all lie in one country
//   dominant-country  basket share of materials of which one country supplies more than
//                     the threshold (65% by default, the EU CRM Act benchmark; strictly
//                     more, as the Act caps dependence at 65%)
//
// The whole portfolio is computed in one pass: requirement_matrix() explodes every
// product once, the supply facts of each material are read once, and the work per
// product is proportional to the nonzeros of its requirement row (times the few
// countries each material comes from). Explanations (paths, contributors) are computed
// on demand from the report.
//
// Choices written down here:
// - BOM materials (leaves) are matched to supply-base materials by name. Supply-base
//   materials that the BOM does not use, and sources given for items that are not
//   leaves of the BOM, are not used; the report lists them (exposure_report::unmatched,
//   matching.hpp), with the BOM material each probably meant.
// - A BOM material with no source is *unsourced*: it is listed (exposure_report::
//   unsourced, product_exposure::unsourced_materials) and its basket share goes to an
//   explicit "unknown origin" bucket. It counts as neither single-source, nor
//   single-country, nor dominant-country, nor any country: we do not guess where it
//   comes from. Hence sum_c E[p,c] + unknown_origin = 1 for every product.
// - Under other_rows::unknown_remainder, an "Other" supplier or country of the supply
//   base is an unknown number of producers: its share also goes to unknown origin, it
//   is not a country in E, and a material that has such a remainder is not single-source
//   (supplier "Other") or single-country (country "Other"). Under other_rows::producer,
//   "Other" is one supplier / one country like any other.
// - Sources with zero volume supply nothing and are not counted (as in supply_base).
// - The product HHI is taken over the known countries only: the unknown-origin mass is
//   treated as spread over ever smaller producers (the lower bound, as supply_base does
//   for a remainder). hhi_upper is the largest HHI the unknown mass allows: all of it
//   from the product's largest known country. Both are equal when nothing is unknown.
// - The demand value of a product is demand x its input value per unit (sum_m R v):
//   products carry no price of their own here. A material's dependent_value_share is the
//   share of total demand value in products that use it ("which lines does Dy touch?");
//   its value_share is the share of total demand value spent on it. With zero total
//   demand value both are 0.

#include <chokepoint/assert.hpp>
#include <chokepoint/bom.hpp>
#include <chokepoint/concentration.hpp>
#include <chokepoint/detail/contributions.hpp>
#include <chokepoint/detail/exposure_inputs.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/material_supply_facts.hpp>
#include <chokepoint/detail/share_statistics.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/matching.hpp>
#include <chokepoint/paths.hpp>
#include <chokepoint/requirement_matrix.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint {

/// Inputs of exposure() besides the BOM and the supply base.
template <scalar T>
struct exposure_options {
  /// Value of one unit of each item, indexed by item id (only materials are read);
  /// empty: 1 for every material. item_values() builds it from names.
  std::vector<T> unit_values;
  /// Units per day of each item, indexed by item id (only products are read); empty: 1
  /// for every product. Used only for the value shares of materials.
  std::vector<T> demand;
  /// A country supplying strictly more than this share of a material dominates it.
  T dominant_threshold = T(T(13) / T(20));
};

/// A per-item-id vector for exposure_options from (name, value) pairs; items not named
/// get `fallback`. An unknown name throws "chokepoint::bom: unknown item 'X'".
template <scalar T>
[[nodiscard]] std::vector<T> item_values(const bill_of_materials<T>& bom,
                                         const std::vector<std::pair<std::string, T>>& named,
                                         const T& fallback = T(1)) {
  std::vector<T> out(bom.item_count(), fallback);
  for (const auto& [name, value] : named) out[bom.id(name)] = value;
  return out;
}

/// A country (supply-base id) and a share of something.
template <scalar T>
struct country_share {
  country_id country;
  T share;
  friend bool operator==(const country_share&, const country_share&) = default;
};

/// One material in a product's value basket.
template <scalar T>
struct basket_entry {
  item_id material;
  T quantity;  ///< R[p,m]: units per unit of the product
  T share;     ///< w[p,m]: share of the product's input value
};

/// Exposure of one product.
template <scalar T>
struct product_exposure {
  item_id product = 0;
  std::string name;
  T demand = T(0);                          ///< units per day (1 when no demand was given)
  T input_value = T(0);                     ///< sum_m R[p,m] v_m, value of the inputs of one unit
  std::vector<basket_entry<T>> basket;      ///< in material id order
  std::vector<country_share<T>> countries;  ///< E[p,.], known countries, largest first
  T unknown_origin = T(0);                  ///< unsourced materials plus unknown remainders
  T hhi = T(0);                             ///< over the known countries, fraction scale
  T hhi_points = T(0);
  T hhi_upper = T(0);  ///< all unknown mass from the largest known country
  T single_source_share = T(0);
  T single_country_share = T(0);
  T dominant_country_share = T(0);
  T unsourced_share = T(0);
  std::vector<item_id> single_source_materials;  ///< each list in material id order
  std::vector<item_id> single_country_materials;
  std::vector<item_id> dominant_country_materials;
  std::vector<item_id> unsourced_materials;

  /// E[p,c]; 0 for a country the product does not draw on.
  [[nodiscard]] T country_exposure(country_id c) const {
    for (const auto& e : countries)
      if (e.country == c) return e.share;
    return T(0);
  }
  /// The basket entry of material m, if the product uses it.
  [[nodiscard]] const basket_entry<T>* find(item_id m) const {
    const auto it = std::lower_bound(basket.begin(), basket.end(), m,
                                     [](const basket_entry<T>& e, item_id x) { return e.material < x; });
    return it != basket.end() && it->material == m ? &*it : nullptr;
  }
};

/// Supply facts and demand reach of one BOM material.
template <scalar T>
struct material_exposure {
  item_id material = 0;
  std::string name;
  std::optional<material_id> supply;  ///< id in the supply base; nothing: unsourced
  T unit_value = T(1);
  std::vector<country_share<T>> countries;  ///< known countries with positive share, largest first
  T unknown_share = T(0);                   ///< 1 when unsourced; else the unknown-remainder share
  std::size_t suppliers = 0;                ///< named suppliers with positive share
  bool single_source = false;
  bool single_country = false;
  std::optional<country_id> dominant_country;  ///< the country above the threshold, if any
  std::vector<requirement<T>> used_by;         ///< products and units per product unit, id order
  T value_share = T(0);                        ///< share of total demand value spent on it
  T dependent_value_share = T(0);              ///< share of total demand value in products using it

  [[nodiscard]] bool unsourced() const noexcept { return !supply.has_value(); }
  [[nodiscard]] bool dominated() const noexcept { return dominant_country.has_value(); }
};

/// Exposure of a whole portfolio: every product and every material of one BOM against
/// one supply base. Self-contained (names copied), for printing and serialising.
template <scalar T>
struct exposure_report {
  T dominant_threshold = T(0);
  T total_demand_value = T(0);                  ///< sum_p demand_p * input_value_p
  std::vector<product_exposure<T>> products;    ///< in product id order
  std::vector<material_exposure<T>> materials;  ///< in material id order
  std::vector<std::string> country_names;       ///< by supply-base country id
  std::vector<item_id> unsourced;               ///< BOM materials without a source
  std::vector<unmatched_material> unmatched;    ///< supply materials not in the BOM: not used

  [[nodiscard]] const product_exposure<T>* find_product(item_id p) const {
    return find_in(products, p, [](const product_exposure<T>& e) { return e.product; });
  }
  [[nodiscard]] const material_exposure<T>* find_material(item_id m) const {
    return find_in(materials, m, [](const material_exposure<T>& e) { return e.material; });
  }
  /// By name (a linear scan); throws invalid_input
  /// "chokepoint::exposure_report: no product 'X'" / "... no material 'X'".
  [[nodiscard]] const product_exposure<T>& product(std::string_view name) const {
    return by_name(products, name, "product");
  }
  [[nodiscard]] const material_exposure<T>& material(std::string_view name) const {
    return by_name(materials, name, "material");
  }

 private:
  template <class E, class Key>
  static const E* find_in(const std::vector<E>& v, item_id id, Key key) {
    const auto it = std::lower_bound(v.begin(), v.end(), id, [&](const E& e, item_id x) { return key(e) < x; });
    return it != v.end() && key(*it) == id ? &*it : nullptr;
  }
  template <class E>
  static const E& by_name(const std::vector<E>& v, std::string_view name, std::string_view what) {
    for (const E& e : v)
      if (e.name == name) return e;
    throw invalid_input("chokepoint::exposure_report: no " + std::string(what) + " '" + std::string(name) + "'");
  }
};

/// Exposure of every product and material of `bom` to `supply`, in one pass.
/// Errors (invalid_input unless said):
///   "chokepoint::exposure: 3 unit values for 5 items" (likewise "demands")
///   "chokepoint::exposure: unit value of 'Dy' is negative" / "... is not finite"
///   "chokepoint::exposure: demand of 'car' is negative" / "... is not finite"
///   "chokepoint::exposure: dominant threshold must be in [0, 1), got 1.5"
///   domain_error "chokepoint::exposure: product 'car' has input value 0"
///     (every material below it has unit value 0: its basket is undefined)
template <scalar T>
[[nodiscard]] exposure_report<T> exposure(const bill_of_materials<T>& bom, const supply_base<T>& supply,
                                          const exposure_options<T>& options = {}) {
  const auto products = bom.products();
  const auto materials = bom.materials();
  detail::check_item_vector(bom, options.unit_values, materials, "unit value");
  detail::check_item_vector(bom, options.demand, products, "demand");
  const T& threshold = options.dominant_threshold;
  if (!(threshold >= T(0)) || !(threshold < T(1)))
    detail::throw_invalid(detail::exposure_where,
                          "dominant threshold must be in [0, 1), got " + detail::format_scalar(threshold));

  exposure_report<T> report;
  report.dominant_threshold = threshold;
  report.country_names.reserve(supply.country_count());
  for (std::size_t c = 0; c < supply.country_count(); ++c)
    report.country_names.push_back(supply.country_name(static_cast<country_id>(c)));

  // Materials: supply facts once each.
  report.materials.reserve(materials.size());
  for (const item_id m : materials) {
    material_exposure<T> e = detail::material_supply_facts(supply, bom.name(m), threshold);
    e.material = m;
    if (!options.unit_values.empty()) e.unit_value = options.unit_values[m];
    if (e.unsourced()) report.unsourced.push_back(m);
    report.materials.push_back(std::move(e));
  }
  report.unmatched = unmatched_supply_materials(bom, supply);

  const auto r = requirement_matrix(bom);
  const std::int32_t* outer = r.outerIndexPtr();
  const std::int32_t* inner = r.innerIndexPtr();
  const T* quantity = r.valuePtr();
  CHOKEPOINT_ASSERT(r.isCompressed(), "exposure: requirement matrix must be compressed");

  // Products: one sweep over each requirement row. Country exposure is gathered in a
  // dense scratch array indexed by country id; only the touched entries are reset.
  std::vector<T> acc(supply.country_count(), T(0));
  std::vector<char> touched(supply.country_count(), 0);
  std::vector<country_id> touched_ids;
  std::vector<T> product_value(products.size());
  report.products.reserve(products.size());
  for (std::size_t row = 0; row < products.size(); ++row) {
    product_exposure<T> pe;
    pe.product = products[row];
    pe.name = std::string(bom.name(pe.product));
    pe.demand = options.demand.empty() ? T(1) : options.demand[pe.product];
    const auto begin = static_cast<std::size_t>(outer[row]);
    const auto end = static_cast<std::size_t>(outer[row + 1]);
    pe.basket.reserve(end - begin);
    T value(0);
    for (std::size_t k = begin; k < end; ++k) {
      const material_exposure<T>& me = report.materials[static_cast<std::size_t>(inner[k])];
      const T v = T(quantity[k] * me.unit_value);
      value += v;
      pe.basket.push_back({me.material, quantity[k], v});  // share filled below
    }
    if (!(T(0) < value))
      throw domain_error(std::string(detail::exposure_where) + ": product '" + pe.name + "' has input value 0");
    pe.input_value = value;
    touched_ids.clear();
    for (std::size_t k = begin; k < end; ++k) {
      basket_entry<T>& b = pe.basket[k - begin];
      b.share = T(b.share / value);
      const T& w = b.share;
      const material_exposure<T>& me = report.materials[static_cast<std::size_t>(inner[k])];
      for (const auto& cs : me.countries) {
        if (!touched[cs.country]) {
          touched[cs.country] = 1;
          touched_ids.push_back(cs.country);
        }
        acc[cs.country] += w * cs.share;
      }
      if (T(0) < me.unknown_share) pe.unknown_origin += w * me.unknown_share;
      if (me.unsourced()) {
        pe.unsourced_share += w;
        pe.unsourced_materials.push_back(me.material);
      }
      if (me.single_source) {
        pe.single_source_share += w;
        pe.single_source_materials.push_back(me.material);
      }
      if (me.single_country) {
        pe.single_country_share += w;
        pe.single_country_materials.push_back(me.material);
      }
      if (me.dominated()) {
        pe.dominant_country_share += w;
        pe.dominant_country_materials.push_back(me.material);
      }
    }
    pe.countries.reserve(touched_ids.size());
    for (const country_id c : touched_ids) {
      pe.countries.push_back({c, acc[c]});
      pe.hhi += acc[c] * acc[c];
      acc[c] = T(0);
      touched[c] = 0;
    }
    detail::sort_largest_first(pe.countries);
    pe.hhi_points = to_points(pe.hhi);
    const T largest = pe.countries.empty() ? T(0) : pe.countries.front().share;
    pe.hhi_upper = detail::hhi_with_unknown_upper(pe.hhi, largest, pe.unknown_origin);
    product_value[row] = T(pe.demand * value);
    report.total_demand_value += product_value[row];
    report.products.push_back(std::move(pe));
  }

  // Materials: the columns of R (products that use each), and their value shares, in
  // the same sweep over the nonzeros.
  std::vector<T> spent(materials.size(), T(0));
  std::vector<T> dependent(materials.size(), T(0));
  for (std::size_t row = 0; row < products.size(); ++row)
    for (auto k = static_cast<std::size_t>(outer[row]); k < static_cast<std::size_t>(outer[row + 1]); ++k) {
      const auto col = static_cast<std::size_t>(inner[k]);
      material_exposure<T>& me = report.materials[col];
      me.used_by.push_back({products[row], quantity[k]});
      spent[col] += T(report.products[row].demand * quantity[k]) * me.unit_value;
      dependent[col] += product_value[row];
    }
  if (T(0) < report.total_demand_value) {
    for (std::size_t col = 0; col < materials.size(); ++col) {
      report.materials[col].value_share = T(spent[col] / report.total_demand_value);
      report.materials[col].dependent_value_share = T(dependent[col] / report.total_demand_value);
    }
  }
  return report;
}

// ---- explanations ------------------------------------------------------------------

/// One material's part in an exposure figure of a product.
template <scalar T>
struct exposure_contribution {
  item_id material;
  T basket_share;  ///< w[p,m]
  T share;         ///< the material's own figure: its share from the country, or 1 for a flag
  T amount;        ///< basket_share * share; the amounts of all materials sum to the figure
};

/// The product figures made of flagged materials.
enum class exposure_figure {
  single_source,
  single_country,
  dominant_country,
  unsourced,
  unknown_origin,  ///< unsourced materials and unknown remainders
};

/// The `limit` materials that contribute most to E[product, country], largest first
/// (ties by material id), each with w[p,m], its share from the country and the product.
template <scalar T>
[[nodiscard]] std::vector<exposure_contribution<T>> country_contributors(const exposure_report<T>& report,
                                                                         item_id product, country_id country,
                                                                         std::size_t limit) {
  return detail::contributions(report, product, limit, [country](const material_exposure<T>& m) {
    for (const auto& cs : m.countries)  // only countries with a positive share
      if (cs.country == country) return cs.share;
    return T(0);
  });
}

/// The `limit` materials that contribute most to one of the flag figures of a product.
template <scalar T>
[[nodiscard]] std::vector<exposure_contribution<T>> figure_contributors(const exposure_report<T>& report,
                                                                        item_id product, exposure_figure figure,
                                                                        std::size_t limit) {
  return detail::contributions(report, product, limit, [figure](const material_exposure<T>& m) {
    switch (figure) {
      case exposure_figure::single_source: return m.single_source ? T(1) : T(0);
      case exposure_figure::single_country: return m.single_country ? T(1) : T(0);
      case exposure_figure::dominant_country: return m.dominated() ? T(1) : T(0);
      case exposure_figure::unsourced: return m.unsourced() ? T(1) : T(0);
      case exposure_figure::unknown_origin: return m.unknown_share;
    }
    return T(0);
  });
}

/// Why a product depends on a material: the exploded quantity, its basket share, and the
/// first `limit` chains product -> ... -> material with their quantities (the chains'
/// quantities sum to `quantity` when paths.complete()).
template <scalar T>
struct dependency_explanation {
  item_id product;
  item_id material;
  T quantity;      ///< R[p,m]; 0 when the product does not use the material
  T basket_share;  ///< w[p,m]
  dependency_paths_result<T> paths;
};

template <scalar T>
[[nodiscard]] dependency_explanation<T> explain_dependency(const bill_of_materials<T>& bom,
                                                           const exposure_report<T>& report, item_id product,
                                                           item_id material, std::size_t limit = 10) {
  const product_exposure<T>& p = detail::product_of(report, product);
  dependency_explanation<T> out{product, material, T(0), T(0), {}};
  if (const basket_entry<T>* b = p.find(material)) {
    out.quantity = b->quantity;
    out.basket_share = b->share;
    out.paths = dependency_paths(bom, product, material, limit);
  }
  return out;
}

#ifdef CHOKEPOINT_SEPARATE_COMPILATION
// Compiled once, in the file that includes <chokepoint/instantiate.hpp>.
extern template exposure_report<double> exposure(const bill_of_materials<double>&, const supply_base<double>&,
                                                 const exposure_options<double>&);
#endif

}  // namespace chokepoint
