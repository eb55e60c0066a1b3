// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// The 2025 rare-earth blockade replayed on a car maker's bill of materials (README.md):
// how concentrated each stage is (mining from the USGS table, separation and magnets
// from the plant's supply file), how exposed each line is, and a calibrated replay of
// the April 2025 controls: China's Dy and Tb oxides under the licence review and its
// approval ramp, its magnets scaled to the monthly customs figures, all after a
// shipping delay; the stock held on 4 April 2025, which nobody reported, swept over a
// range of weeks of cover, so the answer is a distribution of stop dates, set beside
// the stops reported in 2025. A second scenario puts the October 2025 extraterritorial
// rule (MOFCOM Ann. 61) in force as if it had not been suspended, from 1 December 2025
// and from the end of its suspension (10 November 2026). Writes report.txt (what it
// prints), summary.json, lines.svg and dependencies.dot.
//
//   rare_earth_blockade DATA_DIR OUT_DIR
//
// DATA_DIR holds the plant's files, the scenario's (parameters.csv, controls.csv,
// magnet_exports.csv) and, in DATA_DIR/public/, the public figures copied with their
// sources, so the example needs nothing outside the repository.

#include "../cli/common.hpp"

#include <chokepoint/bom.hpp>
#include <chokepoint/cut_spec.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/exposure.hpp>
#include <chokepoint/io/alternates.hpp>
#include <chokepoint/io/load.hpp>
#include <chokepoint/io/network.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/policy.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/sweep.hpp>

// fast-cpp-csv-parser reads the USGS table (its columns are not a supply file's). GCC
// warns about a bounded strncpy inside it once inlined here, outside its SYSTEM path.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#include <libfccp/csv.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

namespace {

namespace cp = chokepoint;
using real = double;
using json = nlohmann::ordered_json;
using cp::cli::fixed;
using cp::cli::percent;
using cp::cli::text_table;
using date = std::chrono::sys_days;

// When a material runs short the least important line stops first (demand.csv).
constexpr cp::cascade_policy policy = cp::cascade_policy::priority;
// The percentiles of the stop dates reported.
const std::vector<double> percentiles{5, 25, 50, 75, 95};

// The USGS table to use, in DATA_DIR/public/: one vintage and year, because vintages
// disagree (MCS2026 revised the 2024 figures).
constexpr const char* public_dir = "public";
constexpr const char* usgs_file = "usgs_rare_earth_mine_production.csv";
constexpr const char* usgs_vintage = "MCS2025";
constexpr int usgs_year = 2024;
constexpr const char* mined = "rare-earth ores (t REO)";

std::string date_text(date d) {
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::year_month_day ymd{d};
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " + months[static_cast<unsigned>(ymd.month()) - 1] + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

/// The calendar day `day` days after `zero` falls in, to the nearest second: a stop at
/// day 55.99999999999999 and one at 56.00000000000676 are the same moment, not two dates.
std::string date_of(date zero, real day) {
  const auto whole = static_cast<std::chrono::days::rep>(std::floor(std::round(day * 86400.0) / 86400.0));
  return date_text(zero + std::chrono::days{whole});
}

std::string day_and_date(date zero, const std::optional<real>& day) {
  return day ? "day " + fixed(*day, 1) + " (" + date_of(zero, *day) + ")" : std::string("-");
}

/// 390000 -> "390,000".
std::string grouped(real x) {
  std::string digits = fixed(x, 0);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3;
       i > 0 && std::isdigit(digits[static_cast<std::size_t>(i - 1)]); i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

// ---------------------------------------------------------------------------------------
// Inputs

/// A small CSV file with '#' comment lines and a header: each row's fields by column
/// name, with its line number for errors. Fields may be double-quoted ("" for a quote).
struct table {
  std::string path;
  std::vector<std::string> header;
  struct row {
    std::size_t line;
    std::vector<std::string> fields;
  };
  std::vector<row> rows;

  [[nodiscard]] std::size_t column_of(const std::string& column) const {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), column) - header.begin());
  }
  [[nodiscard]] bool has(const std::string& column) const { return column_of(column) < header.size(); }
  [[nodiscard]] const std::string& at(const row& r, const std::string& column) const {
    return r.fields[column_of(column)];
  }
  /// A row that breaks a rule as a whole (file:line:0) or in one field (file:line:field).
  [[noreturn]] void fail(const row& r, const std::string& what) const { throw cp::parse_error(path, r.line, 0, what); }
  [[noreturn]] void fail(const row& r, const std::string& column, const std::string& what) const {
    throw cp::parse_error(path, r.line, column_of(column) + 1, what);
  }
};

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t k = 0; k < line.size(); ++k) {
    const char c = line[k];
    if (quoted) {
      if (c == '"' && k + 1 < line.size() && line[k + 1] == '"') fields.back() += '"', ++k;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

table read_table(const std::string& path, const std::vector<std::string>& columns) {
  std::ifstream in(path);
  if (!in) throw cp::parse_error(path, 0, 0, "cannot open file");
  table t{path, {}, {}};
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    auto fields = split_csv(line);
    if (t.header.empty()) {
      t.header = fields;
      for (const std::string& c : columns)
        if (std::find(t.header.begin(), t.header.end(), c) == t.header.end())
          throw cp::parse_error(path, n, 0, "no column '" + c + "' in the header");
      continue;
    }
    if (fields.size() != t.header.size())
      throw cp::parse_error(
          path, n, 0, std::to_string(fields.size()) + " fields, the header has " + std::to_string(t.header.size()));
    t.rows.push_back({n, std::move(fields)});
  }
  if (t.header.empty()) throw cp::parse_error(path, 0, 0, "no header");
  return t;
}

/// A finite number and nothing else: blank, "nan", "inf", spaces or trailing text are
/// not numbers (a blank is never read as 0).
std::optional<real> parse_number(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return std::nullopt;
  try {
    std::size_t used = 0;
    const real x = std::stod(text, &used);
    if (used == text.size() && std::isfinite(x)) return x;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

real number_of(const table& t, const table::row& r, const std::string& column) {
  const std::string& text = t.at(r, column);
  if (const auto x = parse_number(text)) return *x;
  t.fail(r, column, column + ": must be a finite number, got '" + text + "'");
}

/// "2025-04-04" exactly: zero-padded, and a day of the calendar.
std::optional<date> parse_date(const std::string& text) {
  const auto digits = [&text](std::size_t from, std::size_t n) {
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                       text.begin() + static_cast<std::ptrdiff_t>(from + n),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(0, 4) || !digits(5, 2) || !digits(8, 2))
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{std::stoi(text.substr(0, 4))},
                                        std::chrono::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                        std::chrono::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  return date{ymd};
}

date date_of_field(const table& t, const table::row& r, const std::string& column) {
  const std::string& text = t.at(r, column);
  if (const auto d = parse_date(text)) return *d;
  t.fail(r, column, column + ": expected a date YYYY-MM-DD, got '" + text + "'");
}

/// parameters.csv: one value per named parameter. Errors name the parameter, at its
/// line and value field.
struct parameters {
  table t;
  std::map<std::string, std::size_t> index;

  const table::row& row(const std::string& name) const {
    const auto it = index.find(name);
    if (it == index.end()) throw cp::parse_error(t.path, 0, 0, "no parameter '" + name + "'");
    return t.rows[it->second];
  }
  const std::string& text(const std::string& name) const { return t.at(row(name), "value"); }
  [[noreturn]] void fail(const std::string& name, const std::string& what) const {
    t.fail(row(name), "value", name + ": " + what + ", got '" + text(name) + "'");
  }
  real number(const std::string& name) const {
    if (const auto x = parse_number(text(name))) return *x;
    fail(name, "must be a finite number");
  }
  date day(const std::string& name) const {
    if (const auto d = parse_date(text(name))) return *d;
    fail(name, "expected a date YYYY-MM-DD");
  }
  /// A count: a whole number in [low, high].
  real whole(const std::string& name, real low, real high) const {
    const real x = number(name);
    if (!(x == std::floor(x) && x >= low && x <= high))
      fail(name, "must be a whole number in [" + fixed(low, 0) + ", " + fixed(high, 0) + "]");
    return x;
  }
};

/// Reads parameters.csv and checks every value against its rule, so that nothing runs
/// on a bad one (and no name outside this list goes unread).
parameters read_parameters(const std::string& path) {
  static const std::set<std::string> known{"day_zero",
                                           "horizon",
                                           "review_working_days",
                                           "approved_after_review",
                                           "approved_late_june",
                                           "late_june",
                                           "licence_cut_end",
                                           "transit_days",
                                           "cover_weeks_low",
                                           "cover_weeks_high",
                                           "samples",
                                           "seed",
                                           "rule61_effective",
                                           "rule61_suspension_ends",
                                           "maker_stock_non_chinese_low",
                                           "maker_stock_non_chinese_high"};
  parameters p{read_table(path, {"parameter", "value", "unit", "basis"}), {}};
  for (std::size_t k = 0; k < p.t.rows.size(); ++k) {
    const auto& r = p.t.rows[k];
    const std::string& name = p.t.at(r, "parameter");
    if (!known.count(name)) p.t.fail(r, "parameter", "unknown parameter '" + name + "'");
    if (const auto [it, fresh] = p.index.emplace(name, k); !fresh)
      p.t.fail(
          r, "parameter",
          "parameter '" + name + "' given twice (first on line " + std::to_string(p.t.rows[it->second].line) + ")");
  }
  for (const std::string& name : known) p.row(name);  // every one is given

  for (const char* name : {"day_zero", "late_june", "licence_cut_end", "rule61_effective"}) p.day(name);
  if (!(p.number("horizon") > 0)) p.fail("horizon", "must be a number of days > 0");
  if (!(p.number("transit_days") >= 0)) p.fail("transit_days", "must be a number of days >= 0");
  p.whole("review_working_days", 1, 366);
  for (const char* name : {"approved_after_review", "approved_late_june"})
    if (!(p.number(name) >= 0 && p.number(name) <= 1)) p.fail(name, "must be a share in [0, 1]");
  if (!(p.number("cover_weeks_low") >= 0)) p.fail("cover_weeks_low", "must be a number of weeks >= 0");
  if (!(p.number("cover_weeks_high") >= p.number("cover_weeks_low")))
    p.fail("cover_weeks_high", "must not be below cover_weeks_low (" + p.text("cover_weeks_low") + ")");
  p.whole("samples", 1, 1e6);
  p.whole("seed", 0, 9007199254740992.0);  // 2^53: every whole number up to it is exact
  if (!(p.day("rule61_suspension_ends") > p.day("rule61_effective")))
    p.fail("rule61_suspension_ends", "must come after rule61_effective (" + p.text("rule61_effective") + ")");
  for (const char* name : {"maker_stock_non_chinese_low", "maker_stock_non_chinese_high"})
    if (!(p.number(name) >= 0 && p.number(name) <= 1)) p.fail(name, "must be a share in [0, 1]");
  if (!(p.number("maker_stock_non_chinese_high") >= p.number("maker_stock_non_chinese_low")))
    p.fail("maker_stock_non_chinese_high",
           "must not be below maker_stock_non_chinese_low (" + p.text("maker_stock_non_chinese_low") + ")");
  return p;
}

struct plant {
  cp::bill_of_materials<real> bom;
  cp::supply_base<real> supply;
  cp::io::demand_plan<real> demand;
  std::vector<real> stock, values;  // stock: one week of cover (stock.csv)
  std::vector<cp::io::alternate_record<real>> alternates;
};

plant load_plant(const std::filesystem::path& dir) {
  const auto file = [&dir](const char* name) { return (dir / name).string(); };
  plant p;
  p.bom = cp::io::load_bom<real>(file("bom.csv"));
  p.supply = cp::io::load_supply<real>(file("supply.csv"));
  p.demand = cp::io::load_demand<real>(file("demand.csv"), p.bom);
  p.stock = cp::io::load_stock<real>(file("stock.csv"), p.bom);
  // The sweep scales the whole stock by the weeks of cover, and the shipping delay
  // already brings what China shipped before day 0: stock in transit would be counted
  // twice (and scaled), so the file holds the week on hand only.
  const table stock = read_table(file("stock.csv"), {"item", "on_hand"});
  if (stock.has("in_transit"))
    for (const auto& r : stock.rows)
      if (const std::string& x = stock.at(r, "in_transit"); !x.empty() && parse_number(x) != real(0))
        stock.fail(r, "in_transit",
                   "in_transit: must be 0, got '" + x +
                       "': the shipping delay (transit_days) "
                       "already brings what was at sea on day 0; give one week of cover as on_hand");
  p.values = cp::io::load_values<real>(file("values.csv"), p.bom);
  p.alternates = cp::io::read_alternates<real>(file("alternates.csv"));
  return p;
}

// ---------------------------------------------------------------------------------------
// The scenarios

/// One limit of a scenario: a cut of `level` of what `country` ships of `materials`
/// over [from, to), days from the scenario's day 0, and why.
struct limit {
  std::string country;
  std::vector<std::string> materials;
  std::string schedule;  // "licences" or "customs"
  real level, from, to;
  std::string why;
};

/// Day 0 plus `n` working days (Monday to Friday), the day after: when a review of n
/// working days started on day 0 has ended.
real review_end(date zero, int n) {
  date d = zero;
  for (int done = 0; done < n;) {
    d += std::chrono::days{1};
    const std::chrono::weekday w{d};
    if (w != std::chrono::Saturday && w != std::chrono::Sunday) ++done;
  }
  return static_cast<real>((d - zero).count() + 1);
}

/// The licence regime from `zero`: the review stops the flow, then 25% and later 60%
/// of applications are approved (a cut of 1 - approved); the approval steps keep the
/// lengths they had in 2025.
std::vector<limit> licence_steps(const parameters& p, date zero, const std::string& country,
                                 const std::vector<std::string>& materials) {
  const date april = p.day("day_zero");
  const real review = review_end(zero, static_cast<int>(p.number("review_working_days")));
  const real review_2025 = review_end(april, static_cast<int>(p.number("review_working_days")));
  const real late_june = static_cast<real>((p.day("late_june") - april).count());
  const real end = static_cast<real>((p.day("licence_cut_end") - april).count());
  if (!(review_2025 < late_june))
    p.fail("late_june", "must come after the review of " + p.text("review_working_days") + " working days from " +
                            p.text("day_zero") + " ends (day " + fixed(review_2025, 0) + ")");
  if (!(late_june < end)) p.fail("licence_cut_end", "must come after late_june (" + p.text("late_june") + ")");
  const real a1 = p.number("approved_after_review"), a2 = p.number("approved_late_june");
  const std::string n = fixed(p.number("review_working_days"), 0);
  return {{country, materials, "licences", 1, 0, review, "review of " + n + " working days: nothing approved"},
          {country, materials, "licences", 1 - a1, review, review + late_june - review_2025,
           percent(a1) + " of licences approved"},
          {country, materials, "licences", 1 - a2, review + late_june - review_2025, review + end - review_2025,
           percent(a2) + " of licences approved"}};
}

/// The first day of a row's month ("2025-04").
date month_of(const table& exports, const table::row& r) {
  const std::string& text = exports.at(r, "month");
  const auto d = text.size() == 7 ? parse_date(text + "-01") : std::nullopt;
  if (!d) exports.fail(r, "month", "month: expected a month YYYY-MM, got '" + text + "'");
  return *d;
}

/// magnet_exports.csv: one row a month, in order; tonnes >= 0 in 2025 and > 0 in 2024
/// (the divisor). Months not listed are not cut; a month listed twice would be two
/// overlapping steps of one schedule, so it is refused.
void check_exports(const table& exports) {
  for (std::size_t k = 0; k < exports.rows.size(); ++k) {
    const auto& r = exports.rows[k];
    const date month = month_of(exports, r);
    if (k > 0 && !(month > month_of(exports, exports.rows[k - 1])))
      exports.fail(r, "month",
                   "month: " + exports.at(r, "month") + " must come after " + exports.at(exports.rows[k - 1], "month") +
                       " (line " + std::to_string(exports.rows[k - 1].line) + "): one row a month, in order");
    if (!(number_of(exports, r, "exports_2025_t") >= 0))
      exports.fail(r, "exports_2025_t", "exports_2025_t: must be >= 0, got '" + exports.at(r, "exports_2025_t") + "'");
    if (!(number_of(exports, r, "exports_2024_t") > 0))
      exports.fail(r, "exports_2024_t",
                   "exports_2024_t: must be > 0 (the flow is scaled by 2025 / 2024), got '" +
                       exports.at(r, "exports_2024_t") + "'");
  }
}

/// The customs schedule: each month's flow is the plan times exports 2025 / 2024.
std::vector<limit> customs_steps(const table& exports, date zero, const std::string& country,
                                 const std::vector<std::string>& materials) {
  std::vector<limit> out;
  for (const auto& r : exports.rows) {
    const date first = month_of(exports, r);
    const std::chrono::year_month_day ymd{first};
    const date next{ymd + std::chrono::months{1}};
    const real e25 = number_of(exports, r, "exports_2025_t"), e24 = number_of(exports, r, "exports_2024_t");
    const real from = std::max(real(0), static_cast<real>((first - zero).count()));
    const real to = static_cast<real>((next - zero).count());
    if (!(to > from)) continue;  // a month before day 0
    out.push_back({country, materials, "customs", std::max(real(0), 1 - e25 / e24), from, to,
                   exports.at(r, "month") + ": exports " + grouped(e25) + " t against " + grouped(e24) + " t"});
  }
  return out;
}

std::vector<std::string> split_materials(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string m; std::getline(in, m, ';');) out.push_back(m);
  return out;
}

/// The scenarios controls.csv may name.
const std::vector<std::string> scenario_names{"april_2025", "rule61"};

/// controls.csv: each row names a known scenario and schedule, and materials of the
/// bill of materials that its country sells; no material of a country is limited
/// twice in one scenario (two schedules of one flow would silently take the tighter).
void check_controls(const table& controls, const cp::bill_of_materials<real>& bom,
                    const cp::supply_base<real>& supply) {
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> limited;  // scenario, country, material
  for (const auto& r : controls.rows) {
    const std::string& scenario = controls.at(r, "scenario");
    if (std::find(scenario_names.begin(), scenario_names.end(), scenario) == scenario_names.end())
      controls.fail(r, "scenario", "scenario: must be 'april_2025' or 'rule61', got '" + scenario + "'");
    const std::string& country = controls.at(r, "country");
    const auto country_id = supply.find_country(country);
    if (!country_id) controls.fail(r, "country", "country: unknown country '" + country + "' (not in supply.csv)");
    const auto materials = split_materials(controls.at(r, "materials"));
    if (materials.empty()) controls.fail(r, "materials", "materials: names no material");
    for (const std::string& m : materials) {
      if (std::count(materials.begin(), materials.end(), m) > 1)
        controls.fail(r, "materials", "materials: '" + m + "' is named twice");
      const auto item = bom.find(m);
      if (!item || bom.kind(*item) != cp::item_kind::material)
        controls.fail(r, "materials", "materials: '" + m + "' is not a material of the bill of materials");
      const auto sold = supply.find(m);
      const auto countries = sold ? supply.group_ids(*sold, cp::grouping::country) : std::span<const std::uint32_t>{};
      if (std::find(countries.begin(), countries.end(), *country_id) == countries.end())
        controls.fail(r, "materials", "materials: " + country + " sells no '" + m + "' (supply.csv)");
      if (const auto [it, fresh] = limited.emplace(std::tuple(scenario, country, m), r.line); !fresh)
        controls.fail(r, "materials",
                      "materials: '" + m + "' from " + country + " is already limited in " + scenario + " on line " +
                          std::to_string(it->second));
    }
    const std::string& kind = controls.at(r, "schedule");
    if (kind != "licences" && kind != "customs")
      controls.fail(r, "schedule", "schedule: must be 'licences' or 'customs', got '" + kind + "'");
  }
}

/// The limits of one scenario of controls.csv (checked by check_controls), from `zero`.
std::vector<limit> scenario_limits(const table& controls, const table& exports, const parameters& p,
                                   const std::string& name, date zero) {
  std::vector<limit> out;
  for (const auto& r : controls.rows) {
    if (controls.at(r, "scenario") != name) continue;
    const auto materials = split_materials(controls.at(r, "materials"));
    const std::string& kind = controls.at(r, "schedule");
    const auto steps = kind == "licences" ? licence_steps(p, zero, controls.at(r, "country"), materials)
                                          : customs_steps(exports, zero, controls.at(r, "country"), materials);
    out.insert(out.end(), steps.begin(), steps.end());
  }
  if (out.empty()) throw cp::parse_error(controls.path, 0, 0, "no limits of scenario '" + name + "'");
  return out;
}

/// A scenario as the library takes it: the limits as schedules of scoped country cuts,
/// the shipping delay of each country limited, and the alternates.
struct replay {
  std::string name;
  date zero;
  std::vector<limit> limits;
  real transit = 0;
  std::vector<cp::alternate_supply<real>> alternates;
  std::vector<cp::stock_scale<real>> stock_scales;  // beyond the weeks of cover

  [[nodiscard]] cp::scenario<real> scenario() const {
    cp::scenario<real> sc;
    std::set<std::string> countries;
    // Consecutive limits of one country and scope form one schedule.
    for (std::size_t k = 0; k < limits.size();) {
      std::vector<cp::schedule_step<real>> steps;
      std::size_t j = k;
      for (; j < limits.size() && limits[j].country == limits[k].country && limits[j].materials == limits[k].materials;
           ++j)
        steps.push_back({limits[j].from, limits[j].to, limits[j].level});
      sc.schedule(cp::limit_kind::cut, cp::cut_target::country, limits[k].country, limits[k].materials, steps);
      countries.insert(limits[k].country);
      k = j;
    }
    for (const std::string& c : countries) sc.delay_country(c, transit);
    for (const auto& a : alternates) sc.add(a);
    return sc;
  }

  /// The same as a sweep over the weeks of cover (and any further stock factors).
  [[nodiscard]] cp::sweep_spec<real> sweep(const parameters& p) const {
    cp::sweep_spec<real> spec;
    std::set<std::string> countries;
    for (const limit& l : limits) {
      cp::cut_spec<real> c;
      c.target = cp::cut_target::country;
      c.name = l.country;
      c.fraction_low = c.fraction_high = l.level;
      c.start = l.from;
      c.end = l.to;
      c.materials = l.materials;
      spec.add_cut(c);
      countries.insert(l.country);
    }
    for (const std::string& c : countries)
      spec.delays.push_back({cp::shipping_delay<real>{cp::cut_target::country, c, transit}, std::nullopt});
    for (const auto& a : alternates) spec.add_alternate(a);
    spec.stock_scales.push_back({{}, {p.number("cover_weeks_low"), p.number("cover_weeks_high")}});
    for (const auto& s : stock_scales) spec.stock_scales.push_back(s);
    spec.method = cp::sampling::monte_carlo;
    spec.samples = static_cast<std::size_t>(p.number("samples"));
    spec.seed = static_cast<std::uint64_t>(p.number("seed"));
    return spec;
  }
};

/// The plant's stock at `weeks` of cover (stock.csv holds one week) times `factor` for
/// the items of the replay's further stock scales.
std::vector<real> stock_at(const plant& p, const replay& r, real weeks, const std::vector<real>& factors = {}) {
  std::vector<real> s = p.stock;
  for (real& x : s) x *= weeks;
  for (std::size_t g = 0; g < r.stock_scales.size() && g < factors.size(); ++g)
    for (const std::string& item : r.stock_scales[g].items)
      if (const auto id = p.bom.find(item)) s[*id] *= factors[g];
  return s;
}

cp::disruption_model<real> model_for(const plant& p, const std::vector<real>& stock) {
  cp::disruption_model<real> model(p.bom, p.supply, std::span<const real>(p.demand.rate), std::span<const real>(stock));
  model.set_priorities(std::span<const real>(p.demand.priority));
  model.set_margins(std::span<const real>(p.demand.margin));
  return model;
}

/// World mine production of one USGS vintage and year, by country. The "World total"
/// row is an aggregate, never a producer: it is skipped (and counted); "Other" is an
/// unknown number of producers, each no larger than the smallest named one (so the
/// HHI gets Schmalensee bounds): our explicit choice.
struct mine_production {
  cp::supply_base<real> base;
  std::size_t rows = 0;     // rows of the vintage and year
  std::size_t totals = 0;   // aggregate rows skipped
  std::string total_names;  // their names
  real reported_total = 0;  // and what they say
  real sum = 0;             // sum of the country rows and Other
  real other = 0;
};

mine_production read_mine_production(const std::string& path) {
  ::io::CSVReader<4, ::io::trim_chars<' ', '\t'>, ::io::double_quote_escape<',', '"'>> in(path);
  in.read_header(::io::ignore_extra_column, "source_vintage", "year", "country", "production_t_REO");
  mine_production out;
  cp::supply_builder<real> base{cp::other_rows::unknown_remainder};
  // Numbers are read as text and parsed here: the parser would read a blank as 0. The
  // columns named in errors (2, 4) are those of the shipped table.
  std::string vintage, year_text, country, tonnes_text;
  while (in.read_row(vintage, year_text, country, tonnes_text)) {
    const auto line = static_cast<std::size_t>(in.get_file_line());
    const auto year = parse_number(year_text);
    if (!year || *year != std::floor(*year))
      throw cp::parse_error(path, line, 2, "year: must be a whole number, got '" + year_text + "'");
    if (vintage != usgs_vintage || *year != usgs_year) continue;
    const auto parsed = parse_number(tonnes_text);
    if (!parsed || *parsed < 0)
      throw cp::parse_error(path, line, 4, "production_t_REO: must be a number >= 0, got '" + tonnes_text + "'");
    const real tonnes = *parsed;
    ++out.rows;
    if (country.rfind("World total", 0) == 0) {
      ++out.totals;
      out.total_names += (out.total_names.empty() ? "" : ", ") + country;
      out.reported_total += tonnes;
      continue;
    }
    if (country == "Other") out.other += tonnes;
    out.sum += tonnes;
    base.add(mined, country, country, tonnes, line);
  }
  if (out.rows == 0)
    throw cp::parse_error(path, 0, 0,
                          std::string("no rows of vintage ") + usgs_vintage + ", year " + std::to_string(usgs_year));
  out.base = std::move(base).build();
  return out;
}

// ---------------------------------------------------------------------------------------
// Analyses

/// The stage of a bought item, by its name (this plant's naming: see README.md).
std::string stage_of(const std::string& material) {
  if (material.find("oxide") != std::string::npos) return "separation";
  if (material.find("magnet") != std::string::npos) return "magnets";
  return "components";
}

struct stage_row {
  std::string stage, data;
  cp::material_concentration<real> countries, suppliers;
};

std::vector<stage_row> stage_concentration(const mine_production& mines, const cp::supply_base<real>& supply) {
  std::vector<stage_row> rows;
  const cp::material_id m = mines.base.id(mined);
  rows.push_back({"mining", std::string("USGS ") + usgs_vintage + ", " + std::to_string(usgs_year),
                  mines.base.measures(m, cp::grouping::country), mines.base.measures(m, cp::grouping::supplier)});
  const auto by_country = supply.report(cp::grouping::country);
  const auto by_supplier = supply.report(cp::grouping::supplier);
  for (const char* stage : {"separation", "magnets", "components"})
    for (std::size_t k = 0; k < by_country.size(); ++k)
      if (stage_of(by_country[k].material_name) == stage)
        rows.push_back({stage, "supply.csv", by_country[k], by_supplier[k]});
  return rows;
}

struct line_row {
  cp::item_id line;
  std::string name;
  cp::line_outcome<real> outcome;
};

// ---------------------------------------------------------------------------------------
// Outputs

std::string xml_escaped(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

/// 0.31 -> "0.31", 25 -> "25".
std::string compact(real x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

std::string dot_quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '\n') {
      out += "\\n";  // a line break in a label
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

/// Cumulative supply of a material (its stock plus what arrives: the planned flow less
/// the limits of each source country, `transit` days after they act on shipments,
/// plus the alternates) against its cumulative requirement at plan, every `step` days
/// from 0 to `span`. The limits here are country cuts only (those of controls.csv).
struct cumulative {
  std::string material;
  real stock = 0, plan = 0;
  std::vector<real> t, supply, requirement;
};

cumulative cumulative_of(const plant& p, const replay& r, const std::vector<real>& stock, cp::item_id item, real plan,
                         real span) {
  cumulative c{std::string(p.bom.name(item)), stock[item], plan, {}, {}, {}};
  std::vector<std::pair<std::string, real>> shares;  // country, share of the material
  if (const auto m = p.supply.find(c.material)) {
    const auto ids = p.supply.group_ids(*m, cp::grouping::country);
    const auto s = p.supply.group_shares(*m, cp::grouping::country);
    for (std::size_t k = 0; k < ids.size(); ++k) shares.emplace_back(p.supply.country_name(ids[k]), s[k]);
  }
  const auto rate = [&](real t) {
    real flow = 0;
    for (const auto& [country, share] : shares) {
      real cut = 0;  // the tightest limit wins
      for (const limit& l : r.limits)
        if (l.country == country &&
            std::find(l.materials.begin(), l.materials.end(), c.material) != l.materials.end() &&
            t - r.transit >= l.from && t - r.transit < l.to)
          cut = std::max(cut, l.level);
      flow += plan * share * (1 - cut);
    }
    for (const auto& a : r.alternates)
      if (a.material == c.material && t >= a.lead_time)
        flow += a.capacity * (a.ramp > 0 ? std::min(real(1), (t - a.lead_time) / a.ramp) : real(1));
    return flow;
  };
  constexpr real step = 0.25;
  real total = c.stock;
  for (real t = 0; t <= span + 1e-9; t += step) {
    c.t.push_back(t);
    c.supply.push_back(total);
    c.requirement.push_back(plan * t);
    total += step * 0.5 * (rate(t) + rate(t + step));  // the trapezoid: exact for the linear ramps
  }
  return c;
}

/// Reported stops set beside the model (README.md, Calibration).
struct reported_event {
  std::string what, when;  // when: as reported
  real from, to;           // days from 4 April 2025: the stop fell in [from, to]
};

/// The chart: (1) each line running or stopped by day at the middle of the range of
/// cover, under the limits as they reach the plant and the new sources; (2) why the
/// first stop falls when it does: cumulative supply of the binding material against
/// its cumulative requirement; (3) the distribution of first-stop dates over the
/// sweep, with the stops reported in 2025.
std::string lines_svg(const std::vector<line_row>& lines, const replay& r, real weeks, const cumulative& cum,
                      const std::optional<real>& tts, const std::vector<std::optional<real>>& stop_days,
                      const std::vector<reported_event>& events, const cp::bill_of_materials<real>& bom) {
  const real span = 180;
  const real width = 980, left = 250, right = 30, plot = width - left - right;
  const auto at = [&](real day) { return left + plot * std::clamp(day, real(0), span) / span; };
  const auto x = [&](real day) { return fixed(at(day), 1); };
  const auto w = [&](real from, real to) { return fixed(at(to) - at(from), 1); };
  // The bands of limits: one per country and scope.
  std::vector<std::pair<std::string, std::vector<std::string>>> scopes;
  for (const limit& l : r.limits)
    if (std::find(scopes.begin(), scopes.end(), std::pair(l.country, l.materials)) == scopes.end())
      scopes.emplace_back(l.country, l.materials);
  const real band_h = 18, line_h = 30, gap = 10, top = 110;
  const real lines_top = top + static_cast<real>(scopes.size() + r.alternates.size()) * (band_h + 6) + 14;
  const real bottom = lines_top + static_cast<real>(lines.size()) * (line_h + gap);
  const real cum_top = bottom + 70, cum_h = 220, cum_bottom = cum_top + cum_h;
  const real hist_top = cum_bottom + 70, hist_h = 120, hist_bottom = hist_top + hist_h;
  const real height = hist_bottom + 80;

  std::ostringstream s;
  s << R"(<?xml version="1.0" encoding="UTF-8"?>)" << '\n'
    << R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" << width << R"(" height=")" << height
    << R"(" viewBox="0 0 )" << width << ' ' << height
    << R"(" font-family="Helvetica, Arial, sans-serif" font-size="12">)" << '\n'
    << "<title>A car maker's lines under the April 2025 rare-earth export controls</title>\n"
    << R"(<defs><linearGradient id="ramp"><stop offset="0" stop-color="#00897b" stop-opacity="0.1"/>)"
    << R"(<stop offset="1" stop-color="#00897b" stop-opacity="0.9"/></linearGradient></defs>)" << '\n'
    << R"(<rect x="0" y="0" width=")" << width << R"(" height=")" << height << R"(" fill="white"/>)" << '\n'
    << R"(<text x=")" << left << R"(" y="26" font-size="16" font-weight="bold">)"
    << "Car lines under the April 2025 rare-earth export controls</text>\n"
    << R"(<text x=")" << left << R"(" y="46" fill="#555">)"
    << xml_escaped("Day 0 = " + date_text(r.zero) + ". Stock " + fixed(weeks, 1) +
                   " weeks of cover (the middle of the swept range). Limits drawn as they reach the plant, " +
                   fixed(r.transit, 0) + " days after they act on China's shipments.")
    << "</text>\n"
    << R"(<text x=")" << left << R"(" y="62" fill="#555">)"
    << "Model of examples/rare_earth_blockade; the lowest priority stops first.</text>\n";

  real y = top;
  const auto label = [&](const std::string& text, real at_y) {
    s << R"(<text x=")" << left - 8 << R"(" y=")" << at_y << R"(" text-anchor="end">)" << xml_escaped(text)
      << "</text>\n";
  };
  for (const auto& [country, materials] : scopes) {
    std::string names;
    for (const auto& m : materials) names += (names.empty() ? "" : ", ") + m;
    s << "<g class=\"cut\"><title>" << xml_escaped("cut of " + country + ": " + names) << "</title>\n";
    const bool magnets = names.find("magnet") != std::string::npos, oxides = names.find("oxide") != std::string::npos;
    label("cut: " + country + " " +
              (magnets && oxides ? "Dy, Tb oxides, magnets"
               : magnets         ? "magnets"
                                 : "Dy, Tb oxides"),
          y + 13);
    for (const limit& l : r.limits) {
      if (l.country != country || l.materials != materials) continue;
      const real from = l.from + r.transit, to = l.to + r.transit;
      s << R"(<rect x=")" << x(from) << R"(" y=")" << y << R"(" width=")" << w(from, to) << R"(" height=")" << band_h
        << R"(" fill="#6a1b9a" fill-opacity=")" << fixed(0.1 + 0.8 * l.level, 2) << R"("><title>)" << xml_escaped(l.why)
        << "</title></rect>"
        << R"(<text x=")" << x(from) << R"(" y=")" << y + 13 << R"(" dx="3" fill=")"
        << (l.level > 0.5 ? "white" : "#333") << R"(" font-size="10">)" << fixed(100 * l.level, 0) << "%</text>\n";
    }
    s << "</g>\n";
    y += band_h + 6;
  }
  for (const auto& a : r.alternates) {
    s << "<g class=\"alternate\"><title>" << xml_escaped("alternate: " + a.material) << "</title>\n";
    label("new source: " + a.material, y + 13);
    const real full = a.lead_time + a.ramp;
    s << R"(<rect x=")" << x(a.lead_time) << R"(" y=")" << y << R"(" width=")" << w(a.lead_time, full)
      << R"(" height=")" << band_h << R"svg(" fill="url(#ramp)"/>)svg"
      << R"(<rect x=")" << x(full) << R"(" y=")" << y << R"(" width=")" << w(full, span) << R"(" height=")" << band_h
      << R"(" fill="#00897b" fill-opacity="0.9"/>)"
      << R"(<text x=")" << x(a.lead_time) << R"(" y=")" << y + 13 << R"(" dx="4" font-size="11">)"
      << xml_escaped(fixed(a.capacity, 1) + " kg/day from day " + fixed(a.lead_time, 0) + ", full from day " +
                     fixed(full, 0))
      << "</text>\n</g>\n";
    y += band_h + 6;
  }

  y = lines_top;
  for (const line_row& l : lines) {
    const auto& o = l.outcome;
    s << "<g class=\"line\"><title>" << xml_escaped(l.name) << "</title>\n"
      << R"(<text x=")" << left - 8 << R"(" y=")" << y + 19 << R"(" text-anchor="end" font-weight="bold">)"
      << xml_escaped(l.name) << "</text>\n";
    const auto bar = [&](real from, real to, const char* colour, const std::string& text) {
      if (!(to > from)) return;
      s << R"(<rect x=")" << x(from) << R"(" y=")" << y << R"(" width=")" << w(from, to) << R"(" height=")" << line_h
        << R"(" fill=")" << colour << R"("/>)";
      if (!text.empty())
        s << R"(<text x=")" << x(from) << R"(" y=")" << y + 19 << R"(" dx="5" fill="white">)" << xml_escaped(text)
          << "</text>";
      s << '\n';
    };
    if (!o.time_to_failure) {
      bar(0, span, "#2e7d32", "running");
    } else {
      const real stop = *o.time_to_failure;
      const real restart = o.time_to_recover ? std::min(*o.time_to_recover, span) : span;
      bar(0, stop, "#2e7d32", "running");
      bar(stop, restart, "#c62828",
          "stopped by " + std::string(bom.name(*o.stopped_by)) + ", days " + fixed(stop, 0) + "-" +
              (o.time_to_recover ? fixed(*o.time_to_recover, 0) : std::string("...")));
      bar(restart, span, "#2e7d32", "");
    }
    s << "</g>\n";
    y += line_h + gap;
  }

  const auto axis = [&](real base) {
    s << R"(<line x1=")" << left << R"(" y1=")" << base << R"(" x2=")" << left + plot << R"(" y2=")" << base
      << R"(" stroke="#333"/>)" << '\n';
    for (real d = 0; d <= span; d += 30) {
      const std::string day = date_of(r.zero, d);
      s << R"(<line x1=")" << x(d) << R"(" y1=")" << base << R"(" x2=")" << x(d) << R"(" y2=")" << base + 5
        << R"(" stroke="#333"/><text x=")" << x(d) << R"(" y=")" << base + 18 << R"(" text-anchor="middle">)"
        << fixed(d, 0) << R"(</text><text x=")" << x(d) << R"(" y=")" << base + 32
        << R"(" text-anchor="middle" fill="#777" font-size="10">)" << day.substr(0, day.size() - 5) << "</text>\n";
    }
  };
  axis(bottom);
  // The reported stops across all panels, and the model's first stop over the lines.
  for (const reported_event& e : events) {
    if (e.to > e.from)
      s << R"(<rect x=")" << x(e.from) << R"(" y=")" << top - 8 << R"(" width=")" << w(e.from, e.to) << R"(" height=")"
        << hist_bottom - top + 8 << R"(" fill="#9e9e9e" fill-opacity="0.15"/>)" << '\n';
    else
      s << R"(<line x1=")" << x(e.from) << R"(" y1=")" << top - 8 << R"(" x2=")" << x(e.from) << R"(" y2=")"
        << hist_bottom << R"(" stroke="#555" stroke-dasharray="2,3"/>)" << '\n';
  }
  for (std::size_t k = 0; k < events.size(); ++k)
    s << R"(<text x=")" << x(events[k].from) << R"(" y=")" << top - 40 + 12 * static_cast<real>(k)
      << R"(" dx="4" fill="#555" font-size="11">)"
      << xml_escaped("reported: " + events[k].what + " (" + events[k].when + ")") << "</text>\n";
  if (tts)
    s << R"(<line x1=")" << x(*tts) << R"(" y1=")" << top - 8 << R"(" x2=")" << x(*tts) << R"(" y2=")" << cum_bottom
      << R"(" stroke="#c62828" stroke-dasharray="6,3"/><text x=")" << x(*tts) << R"(" y=")" << lines_top - 4
      << R"(" dx="4" fill="#c62828" font-size="11">)"
      << xml_escaped("model: first stop day " + fixed(*tts, 1) + " (" + date_of(r.zero, *tts) + ")") << "</text>\n";

  // (2) Cumulative supply against requirement of the binding material.
  real top_value = 0;
  for (std::size_t k = 0; k < cum.t.size(); ++k) top_value = std::max({top_value, cum.supply[k], cum.requirement[k]});
  top_value = top_value > 0 ? top_value * 1.05 : 1;
  const auto yv = [&](real v) { return fixed(cum_bottom - cum_h * v / top_value, 1); };
  s << "<g class=\"cumulative\"><title>" << xml_escaped("cumulative supply and requirement of " + cum.material)
    << "</title>\n"
    << R"(<text x=")" << left << R"(" y=")" << cum_top - 14 << R"(" font-weight="bold">)"
    << xml_escaped("Why then: " + cum.material + ", cumulative kg (stock " + fixed(cum.stock, 1) + " kg, use at plan " +
                   fixed(cum.plan, 2) + " kg/day)")
    << "</text>\n";
  const auto polyline = [&](const std::vector<real>& v, const char* colour, const char* dash) {
    s << R"(<polyline fill="none" stroke=")" << colour << R"(" stroke-width="2" stroke-dasharray=")" << dash
      << R"(" points=")";
    for (std::size_t k = 0; k < cum.t.size(); k += 4) s << x(cum.t[k]) << ',' << yv(v[k]) << ' ';
    s << R"("/>)" << '\n';
  };
  polyline(cum.supply, "#1565c0", "none");
  polyline(cum.requirement, "#333", "5,3");
  s << R"(<text x=")" << left + plot - 4 << R"(" y=")" << cum_top + 14 << R"(" text-anchor="end" fill="#1565c0">)"
    << "stock + arrivals (China's flow after the cuts, new sources)</text>\n"
    << R"(<text x=")" << left + plot - 4 << R"(" y=")" << cum_top + 30 << R"(" text-anchor="end" fill="#333">)"
    << "requirement at plan: the first stop is where it overtakes supply</text>\n";
  for (int k = 0; k <= 4; ++k) {
    const real v = top_value * k / 4;
    s << R"(<text x=")" << left - 6 << R"(" y=")" << yv(v) << R"(" text-anchor="end" font-size="10">)" << grouped(v)
      << "</text>\n";
  }
  s << "</g>\n";
  axis(cum_bottom);

  // (3) The distribution of first stops over the sweep, by week.
  std::vector<real> bins(static_cast<std::size_t>(span / 7) + 1, 0);
  std::size_t beyond = 0;
  for (const auto& d : stop_days) {
    if (d && *d < span) bins[static_cast<std::size_t>(*d / 7)] += 1;
    else ++beyond;
  }
  const real most = std::max(real(1), *std::max_element(bins.begin(), bins.end()));
  s << "<g class=\"distribution\"><title>first stop over the sweep</title>\n"
    << R"(<text x=")" << left << R"(" y=")" << hist_top - 14 << R"(" font-weight="bold">)"
    << xml_escaped("First stop over " + std::to_string(stop_days.size()) +
                   " draws of the weeks of cover (scenarios per week" +
                   (beyond ? "; " + std::to_string(beyond) + " later than day " + fixed(span, 0) : std::string()) + ")")
    << "</text>\n";
  for (std::size_t k = 0; k < bins.size(); ++k) {
    if (bins[k] == 0) continue;
    const real h = hist_h * bins[k] / most;
    s << R"(<rect x=")" << x(7 * static_cast<real>(k)) << R"(" y=")" << fixed(hist_bottom - h, 1) << R"(" width=")"
      << w(7 * static_cast<real>(k), std::min(span, 7 * static_cast<real>(k + 1))) << R"(" height=")" << fixed(h, 1)
      << R"(" fill="#c62828" fill-opacity="0.7" stroke="white"/>)" << '\n';
  }
  s << "</g>\n";
  axis(hist_bottom);
  s << R"(<text x=")" << left + plot / 2 << R"(" y=")" << hist_bottom + 50 << R"(" text-anchor="middle">)"
    << "days after the controls (" << date_text(r.zero) << "); grey: reported stops</text>\n";

  const real ly = hist_bottom + 62;
  const auto key = [&](real dx, const char* fill, const char* text) {
    s << R"(<rect x=")" << left + dx << R"(" y=")" << ly << R"(" width="14" height="12" fill=")" << fill
      << R"("/><text x=")" << left + dx + 20 << R"(" y=")" << ly + 10 << R"(">)" << text << "</text>\n";
  };
  key(0, "#2e7d32", "running");
  key(90, "#c62828", "stopped");
  key(180, "#9c64b4", "cut of China's flow (darker: larger)");
  key(450, "#00897b", "new source (fading in: ramp-up)");
  s << "</svg>\n";
  return s.str();
}
/// The bill of materials as a graph: products, assemblies, bought materials and the
/// countries they come from; binding materials red, single-country materials orange.
std::string dependencies_dot(const plant& p, const cp::exposure_report<real>& exposure,
                             const std::set<cp::item_id>& binding, const std::vector<line_row>& lines) {
  const auto& bom = p.bom;
  std::ostringstream s;
  s << "// The car maker's dependencies (examples/rare_earth_blockade). Render: dot -Tsvg dependencies.dot\n"
    << "digraph dependencies {\n"
    << "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label="
    << dot_quoted(
           "Dependencies of the BEV, HEV and ICE lines. Red: binding in the April 2025 scenario; orange: bought "
           "from a single country; red dashed: a country with more than 65% of a material")
    << "];\n"
    << "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (cp::item_id i = 0; i < bom.item_count(); ++i) {
    const std::string name(bom.name(i));
    const auto kind = bom.kind(i);
    std::string label = name, attrs;
    if (kind == cp::item_kind::product) {
      attrs = "shape=box, style=\"filled,bold\", fillcolor=\"#90caf9\"";
      for (const auto& l : lines)
        if (l.line == i && l.outcome.time_to_failure)
          label += "\nstops day " + fixed(*l.outcome.time_to_failure, 1) + ", restarts " +
                   (l.outcome.time_to_recover ? "day " + fixed(*l.outcome.time_to_recover, 1) : std::string("never"));
    } else if (kind == cp::item_kind::assembly) {
      attrs = "shape=ellipse";
    } else {
      const auto* m = exposure.find_material(i);
      const bool single_country = m && m->single_country;
      if (single_country) label += "\nsingle country: " + exposure.country_names.at(m->countries.front().country);
      if (binding.count(i)) {
        std::string stops;
        for (const auto& l : lines)
          if (l.outcome.stopped_by == i)
            stops += (stops.empty() ? "" : ", ") + l.name + " (day " + fixed(*l.outcome.time_to_failure, 1) + ")";
        label += "\nCHOKEPOINT: binding" + (stops.empty() ? std::string() : "\nstops " + stops);
        attrs = "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#ef5350\", penwidth=3";
      } else if (single_country) {
        attrs = "shape=box, style=\"rounded,filled\", fillcolor=\"#ffb74d\"";
      } else {
        attrs = "shape=box, style=\"rounded,filled\", fillcolor=\"#e0e0e0\"";
      }
    }
    s << "  " << dot_quoted("item:" + name) << " [label=" << dot_quoted(label) << ", " << attrs << "];\n";
  }
  for (cp::item_id i = 0; i < bom.item_count(); ++i) {
    const auto children = bom.children(i);
    const auto quantities = bom.child_quantities(i);
    for (std::size_t k = 0; k < children.size(); ++k)
      s << "  " << dot_quoted("item:" + std::string(bom.name(i))) << " -> "
        << dot_quoted("item:" + std::string(bom.name(children[k]))) << " [label=" << dot_quoted(compact(quantities[k]))
        << "];\n";
  }
  std::set<std::string> countries;
  for (const auto& m : exposure.materials)
    for (const auto& c : m.countries) {
      const std::string& country = exposure.country_names.at(c.country);
      countries.insert(country);
      s << "  " << dot_quoted("item:" + m.name) << " -> " << dot_quoted("country:" + country)
        << " [style=dashed, label=" << dot_quoted(percent(c.share)) << (c.share > 0.65 ? ", color=\"#c62828\"" : "")
        << "];\n";
    }
  for (const std::string& c : countries)
    s << "  " << dot_quoted("country:" + c) << " [label=" << dot_quoted(c) << ", shape=hexagon, style=filled, "
      << "fillcolor=\"#fff9c4\"];\n";
  s << "}\n";
  return s.str();
}

// ---------------------------------------------------------------------------------------

// 5. The same lines as a multi-tier network (data/network/): each magnet made by any of
// three makers up to its capacity, the allocation chosen optimally also after a failure.
// A fire at the Japanese maker's plant is a site outage, beside the export controls.
constexpr const char* network_dir = "network";
constexpr real network_window = 150;  // days: through the controls' last step reaching the plant (119 + 30)
constexpr std::array<real, 3> network_cover_factors{0.5, 1, 2};  // of stock.csv's two weeks

json network_section(const std::filesystem::path& data_dir, date april_zero, std::ostream& report) {
  const std::filesystem::path dir = data_dir / network_dir;
  const auto bom = cp::io::load_bom<real>((dir / "bom.csv").string());
  const auto net = cp::io::load_network(bom, (dir / "sources.csv").string(), (dir / "sites.csv").string());
  const auto plan = cp::io::load_demand<real>((dir / "demand.csv").string(), bom);
  const auto stock = cp::io::load_stock<real>((dir / "stock.csv").string(), bom);
  cp::network_model<real> model(net, plan.rate, stock);
  model.set_margins(plan.margin);

  // Scenarios by name, in file order: one cut or delay spec a row.
  const table specs = read_table((dir / "scenarios.csv").string(), {"scenario", "kind", "spec"});
  std::vector<std::pair<std::string, cp::scenario<real>>> scenarios;
  for (const auto& row : specs.rows) {
    const std::string& name = specs.at(row, "scenario");
    auto it = std::find_if(scenarios.begin(), scenarios.end(), [&](const auto& s) { return s.first == name; });
    if (it == scenarios.end()) it = scenarios.insert(scenarios.end(), {name, cp::scenario<real>()});
    const std::string& kind = specs.at(row, "kind");
    try {
      if (kind == "cut") {
        const auto spec = cp::parse_cut_spec<real>(specs.at(row, "spec"));
        if (spec.kind != cp::limit_kind::cut || spec.is_range())
          specs.fail(row, "spec", "a network takes cuts of one fraction (no quotas, no ranges)");
        it->second.add(spec.at());
      } else if (kind == "delay") {
        it->second.add(cp::parse_delay_spec<real>(specs.at(row, "spec")).at());
      } else {
        specs.fail(row, "kind", "must be 'cut' or 'delay', got '" + kind + "'");
      }
    } catch (const cp::parse_error&) {
      throw;
    } catch (const cp::invalid_input& e) {
      specs.fail(row, "spec", e.what());
    }
  }

  report << "\n5. A magnet-plant fire beside the export controls, on the supply network (data/network/)\n\n"
         << "The lines as a multi-tier network: " << net.node_count() << " sources of " << bom.item_count()
         << " items; each magnet made by any of three makers up to its capacity (10-20% spare, assumed), the "
            "Japanese maker's two grades sharing one plant ("
         << fixed(*net.site_capacity(0), 0)
         << " kg/day); the allocation is chosen optimally, also after a failure (docs/model.md, Multi-tier "
            "networks). Lost production: lines slow down instead of stopping, supply shared in proportion to demand, "
            "over the first "
         << fixed(network_window, 0) << " days.\n\n";
  text_table t(
      {"scenario", "time to survive", "date", "short right after", "lost vehicles (BEV / HEV / ICE)", "lost margin"});
  json out = json::array();
  for (const auto& [name, sc] : scenarios) {
    const auto s = model.time_to_survive(sc);
    const auto r = model.ration_proportionally(sc, network_window);
    std::string short_items, lost;
    json binding = json::array(), lines = json::array();
    for (const cp::item_id i : s.binding) {
      short_items += (short_items.empty() ? "" : ", ") + std::string(bom.name(i));
      binding.push_back(std::string(bom.name(i)));
    }
    for (const auto& l : r.lines) {
      lost += (lost.empty() ? "" : " / ") + grouped(l.lost_units);
      lines.push_back(
          {{"line", std::string(bom.name(l.line))}, {"lost_units", l.lost_units}, {"lost_value", l.lost_value}});
    }
    const bool dated = name == "export controls";  // the fire has no date: its day 0 is the fire
    t.add({name, s.time ? "day " + fixed(*s.time, 1) : "none", s.time && dated ? date_of(april_zero, *s.time) : "-",
           short_items.empty() ? "-" : short_items, lost, "USD " + grouped(r.lost_value)});
    out.push_back({{"scenario", name},
                   {"tts", cp::cli::time_json(s.time)},
                   {"binding", binding},
                   {"window", network_window},
                   {"lost_units", r.lost_units},
                   {"lost_value", r.lost_value},
                   {"lines", lines}});
  }
  t.print(report);

  // The stock is what nobody reported (section 3): the same scenarios with half and
  // twice the two weeks of stock.csv.
  report << "\nWith 1 / 2 / 4 weeks of stock (stock.csv holds 2, assumed):";
  std::string sep = " ";
  for (const auto& [name, sc] : scenarios) {
    report << sep << name << " day";
    for (const real factor : network_cover_factors) {
      std::vector<real> scaled(stock);
      for (real& x : scaled) x *= factor;
      const auto s = cp::network_model<real>(net, plan.rate, scaled).time_to_survive(sc);
      report << (factor == network_cover_factors[0] ? " " : " / ") << (s.time ? fixed(*s.time, 1) : "none");
    }
    sep = "; ";
  }
  report << ".\n";
  return out;
}

int run(const std::filesystem::path& data_dir, const std::filesystem::path& out_dir) {
  const plant p = load_plant(data_dir);
  const auto& bom = p.bom;
  const std::filesystem::path public_figures = data_dir / public_dir;
  const mine_production mines = read_mine_production((public_figures / usgs_file).string());
  std::ostringstream report;

  report << "The 2025 rare-earth blockade on a car maker's lines (examples/rare_earth_blockade)\n"
         << "Plant data: " << data_dir.string() << "; public figures: " << public_figures.string() << "\n\n";

  // 1. Concentration per stage.
  report << "1. Concentration of supply per stage\n\n"
         << "Mining: USGS Mineral Commodity Summaries 2025, " << usgs_year << " mine production (t REO): " << mines.rows
         << " rows; skipped " << mines.totals << " aggregate row(s) (" << mines.total_names << ": "
         << grouped(mines.reported_total) << " t), never a producer; the " << mines.rows - mines.totals
         << " other rows sum to " << grouped(mines.sum) << " t.\n"
         << "\"Other\" (" << grouped(mines.other)
         << " t) is taken as an unknown number of producers, none larger than the smallest named one (our "
            "choice; the HHI then has bounds).\n";
  const cp::material_id ore = mines.base.id(mined);
  const auto china = mines.base.find_country("China");
  if (china) {
    real china_t = 0;
    const auto ids = mines.base.group_ids(ore, cp::grouping::country);
    const auto volumes = mines.base.group_volumes(ore, cp::grouping::country);
    for (std::size_t k = 0; k < ids.size(); ++k)
      if (ids[k] == *china) china_t += volumes[k];
    report << "China: " << grouped(china_t) << " t, " << percent(china_t / mines.sum) << " of the rows' sum ("
           << percent(china_t / mines.reported_total) << " of the rounded world total).\n";
  }
  const auto stages = stage_concentration(mines, p.supply);
  const auto& ore_hhi = stages.front().countries;
  report << "Mining HHI by country: " << fixed(10000 * ore_hhi.hhi_lower, 1) << " to "
         << fixed(10000 * ore_hhi.hhi_upper, 1) << " points however \"Other\" splits (" << percent(ore_hhi.remainder)
         << " of the sum).\n\n";
  text_table st({"stage", "material", "data", "countries", "HHI", "suppliers", "HHI", "largest country", "DOJ/FTC 2023",
                 "EU CRM Act 65%"});
  for (const stage_row& row : stages) {
    const auto& c = row.countries;
    st.add({row.stage, c.material_name, row.data, std::to_string(c.sources), fixed(c.hhi_points, 0),
            std::to_string(row.suppliers.sources), fixed(row.suppliers.hhi_points, 0),
            c.largest + " " + percent(c.largest_share), cp::classify(cp::doj_ftc_2023, c.hhi_points).band,
            cp::classify(cp::eu_crm_act_2024, c.largest_share).band});
  }
  st.print(report);
  report << "(separation and magnets: the plant's and its magnet makers' purchases in supply.csv; IEA: China "
            "~91% of separation and ~94% of magnet making in 2024)\n\n";

  // 2. Exposure of each line.
  cp::exposure_options<real> eo;
  eo.unit_values = p.values;
  eo.demand = p.demand.rate;
  const auto exposure = cp::exposure(bom, p.supply, eo);
  const auto cn = p.supply.find_country("CN");
  report << "2. Exposure of each line (basket weighted by unit values, values.csv)\n\n";
  text_table et({"line", "HHI", "CN share", "single-source", "single-country", "dominant country (>65%)",
                 "single-source materials"});
  for (const auto& e : exposure.products) {
    std::string materials;
    for (const cp::item_id m : e.single_source_materials)
      materials += (materials.empty() ? "" : ", ") + std::string(bom.name(m));
    et.add({e.name, fixed(e.hhi_points, 0), percent(cn ? e.country_exposure(*cn) : 0.0), percent(e.single_source_share),
            percent(e.single_country_share), percent(e.dominant_country_share), materials});
  }
  et.print(report);
  report << '\n';

  // 3. The April 2025 controls, replayed, and the October rule as if in force.
  const auto data_file = [&data_dir](const char* name) { return (data_dir / name).string(); };
  const parameters prm = read_parameters(data_file("parameters.csv"));
  const table controls =
      read_table(data_file("controls.csv"), {"scenario", "country", "materials", "schedule", "basis"});
  const table exports =
      read_table(data_file("magnet_exports.csv"), {"month", "exports_2025_t", "exports_2024_t", "basis"});
  const table stops = read_table(data_file("reported_stops.csv"), {"event", "kind", "first", "last", "source"});
  check_controls(controls, bom, p.supply);
  check_exports(exports);
  const real horizon = prm.number("horizon");
  const real transit = prm.number("transit_days");
  const real weeks_low = prm.number("cover_weeks_low"), weeks_high = prm.number("cover_weeks_high");
  const real weeks_mid = (weeks_low + weeks_high) / 2;
  const date april_zero = prm.day("day_zero");

  replay april{"april_2025", april_zero, scenario_limits(controls, exports, prm, "april_2025", april_zero),
               transit,      {},         {}};
  for (const auto& a : p.alternates) april.alternates.push_back({a.material, a.capacity, a.lead_time, a.ramp});

  std::vector<reported_event> events;
  std::map<std::string, std::size_t> event_lines;
  for (const auto& row : stops.rows) {
    const std::string& event = stops.at(row, "event");
    if (event.empty()) stops.fail(row, "event", "event: the stop needs a name");
    if (const auto [it, fresh] = event_lines.emplace(event, row.line); !fresh)
      stops.fail(row, "event",
                 "event: '" + event + "' is given twice (first on line " + std::to_string(it->second) + ")");
    const std::string& kind = stops.at(row, "kind");
    if (kind != "on" && kind != "within" && kind != "by")
      stops.fail(row, "kind", "kind: must be 'on', 'within' or 'by', got '" + kind + "'");
    const auto day = [&](const char* column) {
      return static_cast<real>((date_of_field(stops, row, column) - april_zero).count());
    };
    const real first = day("first"), last = day("last");
    if (!(first >= 0))
      stops.fail(row, "first", "first: " + stops.at(row, "first") + " is before day 0 (" + prm.text("day_zero") + ")");
    if (!(last >= first))
      stops.fail(row, "last", "last: " + stops.at(row, "last") + " is before first (" + stops.at(row, "first") + ")");
    // 'on' and 'by' name one day; a range there would be read as its first or last day only.
    if (kind != "within" && last != first)
      stops.fail(row, "last",
                 "last: an '" + kind + "' stop has one day: first and last must be equal, got " +
                     stops.at(row, "first") + " and " + stops.at(row, "last"));
    const std::string when = kind == "within"
                                 ? "in " + date_text(april_zero + std::chrono::days{static_cast<int>(first)}).substr(2)
                             : kind == "by" ? "by " + date_text(april_zero + std::chrono::days{static_cast<int>(last)})
                                            : date_text(april_zero + std::chrono::days{static_cast<int>(first)});
    events.push_back({stops.at(row, "event"), when, kind == "by" ? last : first, last});
  }

  cp::sweep_options<real> so;
  so.horizon = horizon;
  so.policy = policy;
  so.percentiles = percentiles;
  so.threads = 1;  // the answers do not depend on it; the demo stays polite on a shared machine
  const auto unit_model = model_for(p, p.stock);  // one week of cover: the sweep scales it
  const auto planned = unit_model.planned_rates();
  const auto mats = bom.materials();

  // The first stop at a given cover, for the calibration table (TTS does not fall as
  // the stock grows, so a bisection finds the cover that stops the plant on a day).
  const auto tts_at = [&](const replay& r, real weeks, const std::vector<real>& factors) {
    const auto stock = stock_at(p, r, weeks, factors);
    return model_for(p, stock).time_to_survive(r.scenario(), horizon).time;
  };
  const auto weeks_for = [&](const replay& r, real day) -> std::optional<real> {
    const auto stops_by = [&](real weeks) {
      const auto t = tts_at(r, weeks, {});
      return t && *t <= day;
    };
    if (!stops_by(0)) return std::nullopt;  // earlier than any stock allows
    real lo = 0, hi = 52;
    if (stops_by(hi)) return hi;
    for (int k = 0; k < 60; ++k) (stops_by((lo + hi) / 2) ? lo : hi) = (lo + hi) / 2;
    return lo;
  };

  report << "3. The April 2025 controls, replayed (controls.csv, parameters.csv, magnet_exports.csv)\n\n"
         << "Day 0 is " << date_text(april_zero) << ". China's limits act on what it ships; what it ships on day t "
         << "reaches the plant and the JP/DE magnet makers on day t + " << fixed(transit, 0)
         << " (transit_days, assumed). Policy priority; horizon " << fixed(horizon, 0) << " days.\n\n";
  const auto limits_table = [&](const replay& r) {
    text_table t(
        {"country", "materials", "schedule", "cut", "shipped (days)", "arrive (days)", "arrive (dates)", "basis"});
    for (const limit& l : r.limits) {
      std::string names;
      for (const auto& m : l.materials) names += (names.empty() ? "" : "; ") + m;
      t.add({l.country, names, l.schedule, percent(l.level), fixed(l.from, 0) + "-" + fixed(l.to, 0),
             fixed(l.from + r.transit, 0) + "-" + fixed(l.to + r.transit, 0),
             date_of(r.zero, l.from + r.transit) + " - " + date_of(r.zero, l.to + r.transit - 1), l.why});
    }
    t.print(report);
    for (const auto& a : r.alternates)
      report << "   new source of " << a.material << ": " << fixed(a.capacity, 1) << " kg/day from day "
             << fixed(a.lead_time, 0)
             << (a.ramp > 0 ? ", ramping over " + fixed(a.ramp, 0) + " days" : std::string(", at full capacity"))
             << " (alternates.csv)\n";
  };
  limits_table(april);

  const auto percentile_rows = [&](const cp::sweep_result<real>& sr, const std::vector<date>& zeros,
                                   const std::vector<std::string>& titles) {
    std::vector<std::string> header{"percentile", "first stop (day)"};
    for (const auto& t : titles) header.push_back(t);
    text_table t(header);
    for (std::size_t k = 0; k < sr.percentiles.size(); ++k) {
      const auto& d = sr.time_to_survive[k];
      std::vector<std::string> row{"P" + fixed(sr.percentiles[k], 0), d ? fixed(*d, 1) : std::string("beyond horizon")};
      for (const date z : zeros) row.push_back(d ? date_of(z, *d) : std::string("-"));
      t.add(row);
    }
    t.print(report);
  };

  const auto april_sweep = cp::sweep(unit_model, april.sweep(prm), so);
  report << "\nStock on 4 April 2025 is not reported: " << april_sweep.scenarios
         << " draws of the weeks of cover, uniform in " << fixed(weeks_low, 0) << ".." << fixed(weeks_high, 0)
         << " (stock.csv is one week; seed " << fixed(prm.number("seed"), 0) << "). The first stop of the plant:\n\n";
  percentile_rows(april_sweep, {april_zero}, {"date"});
  report << "Some material runs short within the horizon in " << percent(april_sweep.probability_of_shortage)
         << " of the draws.\n\n";

  // Calibration: the model beside what was reported.
  const auto share_stopped = [&](real from, real to) {
    std::size_t n = 0;
    for (const auto& t : april_sweep.scenario_time_to_survive)
      if (t && *t >= from && *t <= to + 1) ++n;  // a stop any time on the last day counts
    return static_cast<real>(n) / static_cast<real>(april_sweep.scenarios);
  };
  json calibration = json::array();
  text_table ct({"reported", "when", "days", "draws stopped then", "weeks of cover that give it"});
  for (const reported_event& e : events) {
    const bool by = e.when.rfind("by ", 0) == 0;
    const real from = by ? 0 : e.from, to = e.to;
    const auto w_from = weeks_for(april, from), w_to = weeks_for(april, to + 1);
    std::string weeks;
    // A stop on the days [from, to] takes between w_from and w_to weeks (w_to: a stop by
    // the end of day `to`); without w_from even no stock at all stops the plant later.
    if (!w_to) weeks = "none: earlier than China's cut reaches the plant";
    else if (by || !w_from) weeks = "at most " + fixed(*w_to, 1);
    else weeks = fixed(*w_from, 1) + " to " + fixed(*w_to, 1);
    const real share = share_stopped(from, to);
    ct.add({e.what, e.when,
            by              ? "<= " + fixed(to, 0)
            : e.to > e.from ? fixed(e.from, 0) + "-" + fixed(e.to, 0)
                            : fixed(e.from, 0),
            percent(share), weeks});
    calibration.push_back({{"event", e.what},
                           {"when", e.when},
                           {"first_day", from},
                           {"last_day", to},
                           {"share_of_draws", share},
                           {"weeks_from", w_from ? json(*w_from) : json(nullptr)},
                           {"weeks_to", w_to ? json(*w_to) : json(nullptr)}});
  }
  report << "Beside what was reported (reported_stops.csv; the weeks of cover are what the model needs to stop then, "
            "an output, not a fitted input):\n\n";
  ct.print(report);
  report << "Calibrated to data, not to stop dates: the licence stop (MOFCOM's 45 working days), the approval ramp "
            "(CLEPA's 25% and 60%), the magnet flow (China's monthly customs exports). Assumed and not calibrated: the "
            "transit time, the end of the licence cut, the stocks (swept), the bill of materials, the new sources. No "
            "input was set from a reported stop date.\n\n";

  // One run at the middle of the range, for the lines and the chart.
  const auto mid_stock = stock_at(p, april, weeks_mid);
  const auto mid_model = model_for(p, mid_stock);
  const auto r = mid_model.evaluate(april.scenario(), {horizon, policy});
  std::string binding_names;
  for (const cp::item_id m : r.system.binding)
    binding_names += (binding_names.empty() ? "" : ", ") + std::string(bom.name(m));
  report << "At " << fixed(weeks_mid, 1) << " weeks of cover (the middle of the range):\n";
  if (r.system.time)
    report << "Time to survive: " << day_and_date(april_zero, r.system.time) << ", " << fixed(*r.system.time / 7, 1)
           << " weeks after the controls; binding: " << binding_names
           << (r.exposed ? " (it recovers later: the plant is exposed)" : "") << "\n\n";
  else report << "Time to survive: beyond the horizon\n\n";

  std::vector<line_row> lines;
  for (const auto& o : r.lines) lines.push_back({o.line, std::string(bom.name(o.line)), o});
  text_table lt({"line", "vehicles/day", "priority", "stops", "stopped by", "restarts", "weeks down", "lost vehicles",
                 "lost margin (USD)"});
  for (const line_row& l : lines) {
    const auto& o = l.outcome;
    const real down = o.time_to_failure
                          ? (o.time_to_recover ? std::min(*o.time_to_recover, horizon) : horizon) - *o.time_to_failure
                          : 0;
    lt.add({l.name, fixed(p.demand.rate[l.line], 0), fixed(p.demand.priority[l.line], 0),
            day_and_date(april_zero, o.time_to_failure),
            o.stopped_by ? std::string(bom.name(*o.stopped_by)) : std::string("-"),
            day_and_date(april_zero, o.time_to_recover), fixed(down / 7, 1), grouped(o.lost_units),
            grouped(o.lost_value)});
  }
  lt.add({"total", "", "", "", "", "", "", grouped(r.lost_units), grouped(r.lost_value)});
  lt.print(report);
  report << '\n';
  text_table mt({"material", "use (kg/day)", "stock (kg)", "recovers"});
  for (std::size_t m = 0; m < mats.size(); ++m)
    mt.add({std::string(bom.name(mats[m])), fixed(planned[m], 2), fixed(mid_stock[mats[m]], 1),
            r.material_recovery[m] && *r.material_recovery[m] == 0 ? std::string("never cut")
                                                                   : day_and_date(april_zero, r.material_recovery[m])});
  mt.print(report);

  // Why the first stop falls when it does: the binding material's cumulative curves.
  const real span = 180;
  std::optional<cumulative> cum;
  if (!r.system.binding.empty()) {
    const cp::item_id b = r.system.binding.front();
    const auto pos = static_cast<std::size_t>(std::find(mats.begin(), mats.end(), b) - mats.begin());
    cum = cumulative_of(p, april, mid_stock, b, planned[pos], span);
    report << "\nWhy then: " << cum->material << " had " << fixed(cum->stock, 1) << " kg in stock and is used at "
           << fixed(cum->plan, 2) << " kg/day; the cumulative requirement overtakes stock plus arrivals on day "
           << fixed(*r.system.time, 1) << " (lines.svg, middle panel).\n";
  }

  // 4. The October 2025 rule as if it had not been suspended.
  const date rule_zero = prm.day("rule61_effective"), rule_late = prm.day("rule61_suspension_ends");
  replay rule{"rule61",
              rule_zero,
              scenario_limits(controls, exports, prm, "rule61", rule_zero),
              transit,
              {},
              {{{"Dy oxide", "Tb oxide"},
                {prm.number("maker_stock_non_chinese_low"), prm.number("maker_stock_non_chinese_high")}}}};
  for (const auto& a : p.alternates) rule.alternates.push_back({a.material, a.capacity, 0, 0});  // on line by then
  const auto rule_sweep = cp::sweep(unit_model, rule.sweep(prm), so);
  report
      << "\n4. The October 2025 extraterritorial rule (MOFCOM Ann. 61) as if it had not been suspended\n\n"
      << "From " << date_text(rule_zero) << " (its effective date) or from " << date_text(rule_late)
      << " (when its suspension ends, if it is not renewed). Magnets made outside China with Chinese-origin Dy or Tb "
         "need a Chinese licence: the JP/DE magnet makers can use only the share of their oxide stock that is not "
         "Chinese ("
      << percent(prm.number("maker_stock_non_chinese_low")) << ".."
      << percent(prm.number("maker_stock_non_chinese_high"))
      << ", swept, assumed); China's own Dy, Tb and magnets go through the review again (controls.csv); Lynas at "
         "full capacity. The model holds nothing that differs between the two start dates, so only the calendar "
         "moves.\n\n";
  limits_table(rule);
  report << '\n';
  percentile_rows(rule_sweep, {rule_zero, rule_late}, {"from " + date_text(rule_zero), "from " + date_text(rule_late)});
  report << "Some material runs short within the horizon in " << percent(rule_sweep.probability_of_shortage)
         << " of the draws.\n";

  const json network = network_section(data_dir, april_zero, report);

  // Outputs.
  if (std::error_code ec; std::filesystem::create_directories(out_dir, ec), ec)
    throw cp::error("cannot create the output directory " + out_dir.string() + ": " + ec.message());
  std::set<cp::item_id> binding(r.system.binding.begin(), r.system.binding.end());
  for (const auto& o : r.lines)
    if (o.stopped_by) binding.insert(*o.stopped_by);
  const auto write = [&out_dir](const char* name, const std::string& text) {
    const auto path = out_dir / name;
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw cp::error("cannot write " + path.string());
  };
  report << "\nWrote " << (out_dir / "report.txt").string() << ", summary.json, lines.svg and dependencies.dot\n";
  write("report.txt", report.str());
  write("lines.svg", lines_svg(lines, april, weeks_mid, cum ? *cum : cumulative{}, r.system.time,
                               april_sweep.scenario_time_to_survive, events, bom));
  write("dependencies.dot", dependencies_dot(p, exposure, binding, lines));

  const auto limits_json = [](const replay& rp) {
    json out = json::array();
    for (const limit& l : rp.limits)
      out.push_back({{"country", l.country},
                     {"materials", l.materials},
                     {"schedule", l.schedule},
                     {"level", l.level},
                     {"from", l.from},
                     {"to", l.to}});
    return out;
  };
  const auto sweep_json = [&](const cp::sweep_result<real>& sr, const replay& rp) {
    json pct = json::array();
    for (std::size_t k = 0; k < sr.percentiles.size(); ++k)
      pct.push_back({{"p", sr.percentiles[k]},
                     {"day", cp::cli::time_json(sr.time_to_survive[k])},
                     {"date", sr.time_to_survive[k] ? json(date_of(rp.zero, *sr.time_to_survive[k])) : json(nullptr)}});
    json draws = json::array();
    for (std::size_t k = 0; k < sr.scenarios; ++k) {
      json factors = json::array();
      for (const auto& g : sr.scenario_stock_scale) factors.push_back(g[k]);
      draws.push_back({{"stock_factors", factors}, {"tts", cp::cli::time_json(sr.scenario_time_to_survive[k])}});
    }
    json alts = json::array();
    for (const auto& a : rp.alternates)
      alts.push_back(
          {{"material", a.material}, {"capacity", a.capacity}, {"lead_time", a.lead_time}, {"ramp", a.ramp}});
    return json{{"day_zero", date_text(rp.zero)},
                {"limits", limits_json(rp)},
                {"transit_days", rp.transit},
                {"alternates", alts},
                {"percentiles", pct},
                {"probability_of_shortage", sr.probability_of_shortage},
                {"draws", draws}};
  };
  json summary{{"day_zero", "2025-04-04"},
               {"horizon", horizon},
               {"policy", "priority"},
               {"cover_weeks", {weeks_low, weeks_high}},
               {"middle_weeks", weeks_mid},
               {"tts", cp::cli::time_json(r.system.time)},
               {"binding", json::array()},
               {"lines", json::array()},
               {"lost_units", r.lost_units},
               {"lost_value", r.lost_value},
               {"april", sweep_json(april_sweep, april)},
               {"calibration", calibration},
               {"rule61", sweep_json(rule_sweep, rule)},
               {"stages", json::array()},
               {"network", network}};
  summary["rule61"]["late_day_zero"] = date_text(rule_late);
  for (const cp::item_id m : r.system.binding) summary["binding"].push_back(std::string(bom.name(m)));
  for (const line_row& l : lines)
    summary["lines"].push_back(
        {{"line", l.name},
         {"ttf", cp::cli::time_json(l.outcome.time_to_failure)},
         {"stopped_by", l.outcome.stopped_by ? json(std::string(bom.name(*l.outcome.stopped_by))) : json(nullptr)},
         {"ttr", cp::cli::time_json(l.outcome.time_to_recover)},
         {"lost_units", l.outcome.lost_units},
         {"lost_value", l.outcome.lost_value}});
  for (const stage_row& row : stages)
    summary["stages"].push_back({{"stage", row.stage},
                                 {"material", row.countries.material_name},
                                 {"hhi_countries", row.countries.hhi_points},
                                 {"hhi_upper", 10000 * row.countries.hhi_upper},
                                 {"largest", row.countries.largest},
                                 {"largest_share", row.countries.largest_share}});
  write("summary.json", summary.dump(2) + "\n");

  std::cout << report.str();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The 2025 rare-earth blockade replayed on a car maker's bill of materials", "rare_earth_blockade"};
  std::string data_dir, out_dir;
  app.add_option(
         "data", data_dir,
         "the plant's and the scenario's data and, in public/, the public figures (examples/rare_earth_blockade/data)")
      ->required();
  app.add_option("out", out_dir, "where to write report.txt, summary.json, lines.svg, dependencies.dot")->required();
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("rare_earth_blockade: ") + e.what() + " (see --help)\n";
  });
  try {
    app.parse(argc, argv);
    return run(data_dir, out_dir);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "rare_earth_blockade: " << e.what() << '\n';
    return 1;
  }
}
