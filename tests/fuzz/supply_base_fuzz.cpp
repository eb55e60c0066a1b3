// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// supply_builder and supply_base on arbitrary rows, checked against sums kept here in
// long double.
//
// Input: a flags byte (what "Other" rows are: no choice, producer, unknown remainder;
// row numbers given or counted; after which row an intermediate build() runs), then rows
// of four bytes (material, supplier, country, volume code) for as long as the input
// lasts. Names come from pools with empty names, "Other", "other countries", "World
// total", "WORLD TOTAL (rounded)" and "Others" (a real producer); volumes from
// fuzz::input::number or small values.
//
// What must hold:
// - add() throws invalid_input exactly when a rule of its header applies, with that
//   rule's message (row number as given or counted);
// - build() throws exactly when some material's volumes are all zero or sum beyond
//   the largest double, naming such a material; the builder keeps its rows either way,
//   so more rows can follow and build() again;
// - a built base has, per material, the (supplier, country) sources with summed
//   volumes, the groupings by supplier and by country, shares that are volume over
//   the finite total and sum to 1, and measures inside their ranges (HHI in [0, 1],
//   bounds around it, CR1 <= CR3 <= 1) that agree with the shares;
// - an intermediate build() followed by more rows gives what one build() gives.

#include "fuzz.hpp"

#include <chokepoint/error.hpp>
#include <chokepoint/supply.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace {

using chokepoint::grouping;
using chokepoint::invalid_input;
using chokepoint::other_rows;
using chokepoint::supply_base;
using chokepoint::supply_builder;
using chokepoint::fuzz::close;
using chokepoint::fuzz::starts_with;

struct row {
  std::string material, supplier, country;
  double volume;
  std::size_t number;  // as given to add(), 0: counted
};

const std::string materials[] = {"Nd", "Dy", "Tb", "", "Cu", "Other"};
const std::string suppliers[] = {"S0", "S1", "S2", "S3", "Other", "", "World total", "other countries", "Others"};
const std::string countries[] = {"CN", "US", "JP", "AU", "Other", "", "WORLD TOTAL (rounded)", "Other Countries"};

bool is_other(const std::string& s) {
  std::string lower;
  for (const char c : s) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower == "other" || lower == "other countries";
}
bool is_total(const std::string& s) {
  std::string lower;
  for (const char c : s) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return starts_with(lower, "world total");
}

/// The messages add() may give for a row shown as `r`; empty if it must succeed.
std::vector<std::string> row_errors(const row& x, std::size_t r, bool has_policy) {
  const std::string where = "chokepoint::supply_base: row " + std::to_string(r);
  if (x.material.empty()) return {where + ": material is empty"};
  const std::string at = where + " (material '" + x.material + "'): ";
  std::vector<std::string> out;
  if (x.supplier.empty()) out.push_back(at + "supplier is empty");
  if (x.country.empty()) out.push_back(at + "country is empty");
  for (const std::string& name : {x.supplier, x.country}) {
    if (is_total(name)) out.push_back(at + "'" + name + "' is a total row, not a producer");
    if (!has_policy && is_other(name)) out.push_back(at + "'" + name + "' row needs an explicit other_rows choice");
  }
  if (!std::isfinite(x.volume)) out.push_back(at + "volume is not finite");
  else if (x.volume < 0) out.push_back(at + "volume is negative");
  return out;
}

/// What the rows accepted so far must build into.
struct oracle {
  std::vector<std::string> order;  // materials in order of first appearance
  std::map<std::string, std::map<std::pair<std::string, std::string>, long double>> sources;
  std::map<std::string, double> total_double;  // summed in double, in row order
  std::map<std::string, long double> total;

  void add(const row& x) {
    if (!sources.count(x.material)) order.push_back(x.material);
    sources[x.material][{x.supplier, x.country}] += x.volume;
    total[x.material] += x.volume;
    total_double[x.material] += x.volume;
  }

  /// The messages build() may give; `must` says whether it must give one.
  [[nodiscard]] std::vector<std::string> build_errors(bool& must) const {
    std::vector<std::string> out;
    must = false;
    constexpr long double largest = std::numeric_limits<double>::max();
    for (const auto& [m, t] : total) {
      const std::string at = "chokepoint::supply_base: material '" + m + "' (first row ";
      if (t == 0) {
        out.push_back(at + "|): all volumes are zero");
        must = true;
      }
      if (t > largest * (1 - 1e-12L)) {
        out.push_back(at + "|): total volume overflows");
        must = must || t > largest * (1 + 1e-12L);
      }
    }
    return out;
  }
};

bool matches_build_error(const std::string& what, const std::vector<std::string>& allowed) {
  for (const std::string& a : allowed) {
    const auto bar = a.find('|');
    const std::string head = a.substr(0, bar), tail = a.substr(bar + 1);
    if (starts_with(what, head) && what.size() >= head.size() + tail.size() &&
        what.compare(what.size() - tail.size(), tail.size(), tail) == 0)
      return true;
  }
  return false;
}

void check_built(const supply_base<double>& base, const oracle& o, std::optional<other_rows> policy) {
  FUZZ_CHECK(base.material_count() == o.order.size(), "material count");
  const auto src = base.sources();
  for (std::size_t m = 0; m < o.order.size(); ++m) {
    const std::string& name = o.order[m];
    FUZZ_CHECK(base.find(name) == m && base.name(static_cast<chokepoint::material_id>(m)) == name,
               "material ids are not in order of first appearance: " + name);
    const auto mid = static_cast<chokepoint::material_id>(m);
    const auto& expected = o.sources.at(name);
    const double total = base.total_volume(mid);
    FUZZ_CHECK(std::isfinite(total) && total > 0, "total of " + name + " is " + std::to_string(total));
    FUZZ_CHECK(close(total, o.total.at(name), 1e-12L), "total of " + name);

    // Sources: the distinct (supplier, country) pairs with their summed volumes.
    FUZZ_CHECK(src.offsets[m + 1] - src.offsets[m] == expected.size(), "source count of " + name);
    long double share_sum = 0;
    for (std::size_t k = src.offsets[m]; k < src.offsets[m + 1]; ++k) {
      const auto key = std::make_pair(base.supplier_name(src.suppliers[k]), base.country_name(src.countries[k]));
      const auto it = expected.find(key);
      FUZZ_CHECK(it != expected.end(), "source not given: " + key.first + "/" + key.second);
      FUZZ_CHECK(close(src.volumes[k], it->second, 1e-12L), "volume of " + key.first + "/" + key.second);
      FUZZ_CHECK(src.shares[k] >= 0 && src.shares[k] <= 1 && close(src.shares[k], src.volumes[k] / total, 1e-15L),
                 "share of " + key.first + "/" + key.second + ": " + std::to_string(src.shares[k]));
      share_sum += src.shares[k];
    }
    FUZZ_CHECK(close(share_sum, 1, 1e-12L),
               "shares of " + name + " sum to " + std::to_string(static_cast<double>(share_sum)));

    for (const grouping g : {grouping::supplier, grouping::country}) {
      std::map<std::string, long double> group;
      for (const auto& [key, v] : expected) group[g == grouping::supplier ? key.first : key.second] += v;
      const auto ids = base.group_ids(mid, g);
      const auto volumes = base.group_volumes(mid, g);
      const auto shares = base.group_shares(mid, g);
      FUZZ_CHECK(ids.size() == group.size(), "group count of " + name);
      std::set<std::string> seen;
      long double sum_squares = 0;
      std::size_t positive = 0;
      for (std::size_t k = 0; k < ids.size(); ++k) {
        const std::string& gname = base.group_name(g, ids[k]);
        FUZZ_CHECK(group.count(gname) && seen.insert(gname).second, "group " + gname + " of " + name);
        FUZZ_CHECK(close(volumes[k], group[gname], 1e-12L), "group volume of " + gname);
        FUZZ_CHECK(shares[k] >= 0 && shares[k] <= 1, "group share of " + gname);
        const bool remainder = policy == other_rows::unknown_remainder && is_other(gname);
        if (!remainder && shares[k] > 0) {
          sum_squares += static_cast<long double>(shares[k]) * shares[k];
          ++positive;
        }
      }
      const auto c = base.measures(mid, g);
      FUZZ_CHECK(c.sources == positive, "measures().sources of " + name);
      FUZZ_CHECK(std::isfinite(c.hhi) && c.hhi >= 0 && c.hhi <= 1 + 1e-12 && close(c.hhi, sum_squares, 1e-12L),
                 "hhi of " + name + ": " + std::to_string(c.hhi));
      FUZZ_CHECK(close(c.hhi_points, 10000 * c.hhi, 1e-12L), "hhi points");
      FUZZ_CHECK(std::isfinite(c.hhi_lower) && std::isfinite(c.hhi_upper) && c.hhi_lower <= c.hhi * (1 + 1e-12) &&
                     c.hhi <= c.hhi_upper * (1 + 1e-12) + 1e-300 && c.hhi_upper <= 1 + 1e-12,
                 "hhi bounds of " + name + ": " + std::to_string(c.hhi_lower) + " <= " + std::to_string(c.hhi) +
                     " <= " + std::to_string(c.hhi_upper));
      FUZZ_CHECK(std::isfinite(c.cr1) && std::isfinite(c.cr3) && c.cr1 >= 0 && c.cr1 <= c.cr3 * (1 + 1e-12) &&
                     c.cr3 <= 1 + 1e-12 && c.largest_share == c.cr1,
                 "CR1/CR3 of " + name);
      FUZZ_CHECK(std::isfinite(c.normalized_hhi) && c.normalized_hhi >= -1e-12 && c.normalized_hhi <= 1 + 1e-12,
                 "normalised hhi of " + name + ": " + std::to_string(c.normalized_hhi));
      FUZZ_CHECK(c.hhi > 0 ? close(c.effective_sources, 1 / static_cast<long double>(c.hhi), 1e-12L)
                           : std::isinf(c.effective_sources),
                 "effective sources of " + name);
      FUZZ_CHECK(c.remainder >= 0 && c.remainder <= 1 + 1e-12, "remainder of " + name);
    }
  }
}

}  // namespace

CHOKEPOINT_FUZZ_TARGET(supply_base) {
  chokepoint::fuzz::input in(data, size);
  const std::uint8_t flags = in.byte();
  const std::optional<other_rows> policy = flags % 3 == 0   ? std::nullopt
                                           : flags % 3 == 1 ? std::optional(other_rows::producer)
                                                            : std::optional(other_rows::unknown_remainder);
  const bool counted = (flags & 4) != 0;
  const std::size_t build_after = in.byte();

  std::vector<row> rows;
  while (!in.empty() && rows.size() < 256) {
    row x;
    x.material = materials[in.byte() % std::size(materials)];
    x.supplier = suppliers[in.byte() % std::size(suppliers)];
    x.country = countries[in.byte() % std::size(countries)];
    const std::uint8_t code = in.byte();
    x.volume = code < 128 ? code % 32 : in.number();
    x.number = counted ? 0 : rows.size() + 2;  // as if line numbers of a file with a header
    rows.push_back(x);
  }

  supply_builder<double> base(policy), once(policy);
  oracle accepted;
  std::size_t added = 0;  // rows given to add(), accepted or not
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const row& x = rows[k];
    ++added;
    const auto allowed = row_errors(x, counted ? added : x.number, policy.has_value());
    bool ok = true;
    try {
      base.add(x.material, x.supplier, x.country, x.volume, x.number);
    } catch (const invalid_input& e) {
      ok = false;
      bool listed = false;
      for (const std::string& a : allowed) listed = listed || a == e.what();
      FUZZ_CHECK(listed, std::string("add(): ") + e.what());
    }
    FUZZ_CHECK(!ok || allowed.empty(), "add() accepted a row it must refuse: " + allowed.front());
    if (ok) {
      accepted.add(x);
      once.add(x.material, x.supplier, x.country, x.volume, x.number);
    }
    if (k == build_after) {
      bool must = false;
      const auto errors = accepted.build_errors(must);
      try {
        const supply_base<double> built = base.build();
        FUZZ_CHECK(!must, "intermediate build() accepted what it must refuse");
        check_built(built, accepted, policy);
      } catch (const invalid_input& e) {
        FUZZ_CHECK(matches_build_error(e.what(), errors), std::string("intermediate build(): ") + e.what());
      }
    }
  }

  bool must = false;
  const auto errors = accepted.build_errors(must);
  for (const supply_builder<double>* b : {&base, &once}) {
    try {
      const supply_base<double> built = b->build();
      FUZZ_CHECK(!must, "build() accepted what it must refuse");
      check_built(built, accepted, policy);
    } catch (const invalid_input& e) {
      FUZZ_CHECK(matches_build_error(e.what(), errors), std::string("build(): ") + e.what());
    }
  }
  return 0;
}
