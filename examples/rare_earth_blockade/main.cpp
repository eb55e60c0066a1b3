// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// The 2025 rare-earth blockade replayed on a car maker's bill of materials (README.md):
// how concentrated each stage is (mining from the USGS table, separation and magnets
// from the plant's supply file), how exposed each line is, and, under the April 2025
// controls, when each line stops and restarts and what is lost. Writes report.txt (what
// it prints), summary.json, lines.svg (each line running or stopped over time) and
// dependencies.dot (the bill of materials with its chokepoints marked).
//
//   rare_earth_blockade DATA_DIR OUT_DIR
//
// DATA_DIR holds the plant's files and, in DATA_DIR/public/, the public figures it reads
// (the USGS mine-production table), so the example needs nothing outside the repository.

#include "../cli/common.hpp"

#include <chokepoint/bom.hpp>
#include <chokepoint/cut_spec.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/exposure.hpp>
#include <chokepoint/io/alternates.hpp>
#include <chokepoint/io/load.hpp>
#include <chokepoint/policy.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>

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
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace cp = chokepoint;
using real = double;
using json = nlohmann::ordered_json;
using cp::cli::fixed;
using cp::cli::percent;
using cp::cli::text_table;

// The scenario's frame: day 0 is the day of the controls; a year ahead; when a material
// runs short the least important line stops first (demand.csv's priorities).
constexpr real horizon = 365;
constexpr cp::cascade_policy policy = cp::cascade_policy::priority;
constexpr std::chrono::year_month_day day_zero{std::chrono::year{2025}, std::chrono::April, std::chrono::day{4}};
// Reported for comparison (README.md): Suzuki halted the Swift on 26 May 2025.
constexpr real reported_stop_day = 52;

// The USGS table to use, in DATA_DIR/public/: one vintage and year, because vintages
// disagree (MCS2026 revised the 2024 figures).
constexpr const char* public_dir = "public";
constexpr const char* usgs_file = "usgs_rare_earth_mine_production.csv";
constexpr const char* usgs_vintage = "MCS2025";
constexpr int usgs_year = 2024;
constexpr const char* mined = "rare-earth ores (t REO)";

std::string date_of(real day) {
  using namespace std::chrono;
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // The calendar day the time falls in, to the nearest second: a stop at day 55.99999999999999
  // and one at 56.00000000000676 are the same moment, not two dates.
  const auto whole = static_cast<days::rep>(std::floor(std::round(day * 86400.0) / 86400.0));
  const year_month_day d{sys_days{day_zero} + days{whole}};
  return std::to_string(static_cast<unsigned>(d.day())) + " " + months[static_cast<unsigned>(d.month()) - 1] + " " +
         std::to_string(static_cast<int>(d.year()));
}

std::string day_and_date(const std::optional<real>& day) {
  return day ? "day " + fixed(*day, 1) + " (" + date_of(*day) + ")" : std::string("-");
}

/// 390000 -> "390,000".
std::string grouped(real x) {
  std::string digits = fixed(x, 0);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0 && std::isdigit(digits[static_cast<std::size_t>(i - 1)]);
       i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

// ---------------------------------------------------------------------------------------
// Inputs

struct plant {
  cp::bill_of_materials<real> bom;
  cp::supply_base<real> supply;
  cp::io::demand_plan<real> demand;
  std::vector<real> stock, values;
  std::vector<cp::io::alternate_record<real>> alternates;
  std::vector<std::string> cuts;  // as written in cuts.txt
};

/// One cut spec per line; '#' starts a comment line; blank lines are skipped.
std::vector<std::string> read_cuts(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw cp::parse_error(path, 0, 0, "cannot open file");
  std::vector<std::string> cuts;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    cuts.push_back(line.substr(first, last - first + 1));
    try {
      (void)cp::parse_cut_spec<real>(cuts.back());
    } catch (const cp::invalid_input& e) {
      throw cp::parse_error(path, n, 0, e.what());
    }
  }
  return cuts;
}

plant load_plant(const std::filesystem::path& dir) {
  const auto file = [&dir](const char* name) { return (dir / name).string(); };
  plant p;
  p.bom = cp::io::load_bom<real>(file("bom.csv"));
  p.supply = cp::io::load_supply<real>(file("supply.csv"));
  p.demand = cp::io::load_demand<real>(file("demand.csv"), p.bom);
  p.stock = cp::io::load_stock<real>(file("stock.csv"), p.bom);
  p.values = cp::io::load_values<real>(file("values.csv"), p.bom);
  p.alternates = cp::io::read_alternates<real>(file("alternates.csv"));
  p.cuts = read_cuts(file("cuts.txt"));
  return p;
}

/// World mine production of one USGS vintage and year, by country. The "World total"
/// row is an aggregate, never a producer: it is skipped (and counted); "Other" is an
/// unknown number of producers, each no larger than the smallest named one (so the
/// HHI gets Schmalensee bounds): our explicit choice.
struct mine_production {
  cp::supply_base<real> base{cp::other_rows::unknown_remainder};
  std::size_t rows = 0;          // rows of the vintage and year
  std::size_t totals = 0;        // aggregate rows skipped
  std::string total_names;       // their names
  real reported_total = 0;       // and what they say
  real sum = 0;                  // sum of the country rows and Other
  real other = 0;
};

mine_production read_mine_production(const std::string& path) {
  ::io::CSVReader<4, ::io::trim_chars<' ', '\t'>, ::io::double_quote_escape<',', '"'>> in(path);
  in.read_header(::io::ignore_extra_column, "source_vintage", "year", "country", "production_t_REO");
  mine_production out;
  std::string vintage, country;
  int year = 0;
  real tonnes = 0;
  while (in.read_row(vintage, year, country, tonnes)) {
    if (vintage != usgs_vintage || year != usgs_year) continue;
    ++out.rows;
    if (country.rfind("World total", 0) == 0) {
      ++out.totals;
      out.total_names += (out.total_names.empty() ? "" : ", ") + country;
      out.reported_total += tonnes;
      continue;
    }
    if (country == "Other") out.other += tonnes;
    out.sum += tonnes;
    out.base.add(mined, country, country, tonnes, static_cast<std::size_t>(in.get_file_line()));
  }
  if (out.rows == 0)
    throw cp::parse_error(path, 0, 0, std::string("no rows of vintage ") + usgs_vintage + ", year " +
                                          std::to_string(usgs_year));
  out.base.build();
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

/// Each line running (green) or stopped (red), under the cut windows (purple, darker
/// for a larger fraction) and the alternates (teal, fading in over the ramp), with the
/// model's TTS and the first reported stop. The chart spans the events and a month after
/// them (at most the horizon): after that every line runs.
std::string lines_svg(const std::vector<line_row>& lines, const cp::scenario<real>& sc,
                      const std::vector<cp::io::alternate_record<real>>& alternates,
                      const cp::disruption_result<real>& r, const cp::bill_of_materials<real>& bom) {
  real last = 0;
  for (const auto& c : sc.cuts()) last = std::max(last, c.end ? *c.end : horizon);
  for (const auto& a : alternates) last = std::max(last, a.lead_time + a.ramp);
  for (const auto& l : lines)
    if (l.outcome.time_to_failure) last = std::max(last, l.outcome.time_to_recover.value_or(horizon));
  const real span = std::min(horizon, 30 * std::ceil((last + 20) / 30));

  const real width = 980, left = 220, right = 30, plot = width - left - right;
  const auto at = [&](real day) { return left + plot * std::clamp(day, real(0), span) / span; };
  const auto x = [&](real day) { return fixed(at(day), 1); };
  const auto w = [&](real from, real to) { return fixed(at(to) - at(from), 1); };
  std::vector<std::string> cut_names;
  for (const auto& c : sc.cuts())
    if (std::find(cut_names.begin(), cut_names.end(), c.name) == cut_names.end()) cut_names.push_back(c.name);
  const real band_h = 18, line_h = 30, gap = 10, top = 104;
  const real lines_top = top + static_cast<real>(cut_names.size() + alternates.size()) * (band_h + 6) + 14;
  const real bottom = lines_top + static_cast<real>(lines.size()) * (line_h + gap);
  const real height = bottom + 90;

  std::ostringstream s;
  s << R"(<?xml version="1.0" encoding="UTF-8"?>)" << '\n'
    << R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" << width << R"(" height=")" << height
    << R"(" viewBox="0 0 )" << width << ' ' << height << R"(" font-family="Helvetica, Arial, sans-serif" font-size="12">)"
    << '\n'
    << "<title>Lines running and stopped after the April 2025 rare-earth export controls</title>\n"
    << R"(<defs><linearGradient id="ramp"><stop offset="0" stop-color="#00897b" stop-opacity="0.1"/>)"
    << R"(<stop offset="1" stop-color="#00897b" stop-opacity="0.9"/></linearGradient></defs>)" << '\n'
    << R"(<rect x="0" y="0" width=")" << width << R"(" height=")" << height << R"(" fill="white"/>)" << '\n'
    << R"(<text x=")" << left << R"(" y="26" font-size="16" font-weight="bold">)"
    << "Car lines under the April 2025 rare-earth export controls</text>\n"
    << R"(<text x=")" << left << R"(" y="46" fill="#555">)"
    << xml_escaped("Day 0 = " + date_of(0) + ". The lowest priority stops first; a stopped line restarts when "
                   "the material that stopped it recovers.")
    << "</text>\n"
    << R"(<text x=")" << left << R"(" y="62" fill="#555">)"
    << xml_escaped("Model of examples/rare_earth_blockade (assumed stocks)." +
                   (span < horizon ? " Nothing changes from day " + fixed(span, 0) + " to the horizon, day " +
                                         fixed(horizon, 0) + "."
                                   : std::string()))
    << "</text>\n";

  // Cut windows, then alternates.
  real y = top;
  const auto label = [&](const std::string& text) {
    s << R"(<text x=")" << left - 8 << R"(" y=")" << y + 13 << R"(" text-anchor="end">)" << xml_escaped(text)
      << "</text>\n";
  };
  for (const std::string& name : cut_names) {
    s << "<g class=\"cut\"><title>" << xml_escaped("cut of " + name) << "</title>\n";
    label("cut: " + name);
    for (const auto& c : sc.cuts()) {
      if (c.name != name) continue;
      const real end = c.end ? *c.end : horizon;
      s << R"(<rect x=")" << x(c.start) << R"(" y=")" << y << R"(" width=")" << w(c.start, end) << R"(" height=")"
        << band_h << R"(" fill="#6a1b9a" fill-opacity=")" << fixed(0.15 + 0.75 * c.fraction, 2) << R"("/>)"
        << R"(<text x=")" << x(c.start) << R"(" y=")" << y + 13 << R"(" dx="4" fill="white" font-size="11">)"
        << fixed(100 * c.fraction, 0) << "%</text>\n";
    }
    s << "</g>\n";
    y += band_h + 6;
  }
  for (const auto& a : alternates) {
    s << "<g class=\"alternate\"><title>" << xml_escaped("alternate: " + a.supplier + " " + a.material) << "</title>\n";
    label("new source: " + a.material);
    const real full = a.lead_time + a.ramp;
    s << R"(<rect x=")" << x(a.lead_time) << R"(" y=")" << y << R"(" width=")" << w(a.lead_time, full)
      << R"(" height=")" << band_h << R"svg(" fill="url(#ramp)"/>)svg" << R"(<rect x=")" << x(full) << R"(" y=")" << y
      << R"(" width=")" << w(full, span) << R"(" height=")" << band_h << R"(" fill="#00897b" fill-opacity="0.9"/>)"
      << R"(<text x=")" << x(a.lead_time) << R"(" y=")" << y + 13 << R"(" dx="4" font-size="11">)"
      << xml_escaped(a.supplier + ": " + fixed(a.capacity, 1) + " kg/day from day " + fixed(a.lead_time, 0) + ", full from day " +
                     fixed(full, 0))
      << "</text>\n</g>\n";
    y += band_h + 6;
  }

  // Lines.
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

  // Time axis: a tick every 30 days with the date.
  s << R"(<line x1=")" << left << R"(" y1=")" << bottom << R"(" x2=")" << left + plot << R"(" y2=")" << bottom
    << R"(" stroke="#333"/>)" << '\n';
  for (real d = 0; d <= span; d += 30) {
    const std::string date = date_of(d);
    s << R"(<line x1=")" << x(d) << R"(" y1=")" << bottom << R"(" x2=")" << x(d) << R"(" y2=")" << bottom + 5
      << R"(" stroke="#333"/><text x=")" << x(d) << R"(" y=")" << bottom + 18 << R"(" text-anchor="middle">)"
      << fixed(d, 0) << R"(</text><text x=")" << x(d) << R"(" y=")" << bottom + 32
      << R"(" text-anchor="middle" fill="#777" font-size="10">)" << date.substr(0, date.size() - 5) << "</text>\n";
  }
  s << R"(<text x=")" << left + plot / 2 << R"(" y=")" << bottom + 50 << R"(" text-anchor="middle">)"
    << "days after the controls (" << date_of(0) << ")</text>\n";

  // Markers (the reported stop is labelled left of its line, the TTS right of its own).
  const auto marker = [&](real day, const char* colour, const char* dash, const std::string& text, bool left_side) {
    s << R"(<line x1=")" << x(day) << R"(" y1=")" << top - 8 << R"(" x2=")" << x(day) << R"(" y2=")" << bottom
      << R"(" stroke=")" << colour << R"(" stroke-dasharray=")" << dash << R"("/><text x=")" << x(day) << R"(" y=")"
      << top - 12 << (left_side ? R"(" dx="-4" text-anchor="end)" : R"(" dx="4)") << R"(" fill=")" << colour
      << R"(" font-size="11">)" << xml_escaped(text) << "</text>\n";
  };
  marker(reported_stop_day, "#555", "2,3", "reported: Suzuki halts the Swift (" + date_of(reported_stop_day) + ")",
         true);
  if (r.system.time) marker(*r.system.time, "#c62828", "6,3", "model: TTS day " + fixed(*r.system.time, 1), false);

  // Legend.
  const real ly = bottom + 66;
  const auto key = [&](real dx, const char* fill, const char* text) {
    s << R"(<rect x=")" << left + dx << R"(" y=")" << ly << R"(" width="14" height="12" fill=")" << fill
      << R"("/><text x=")" << left + dx + 20 << R"(" y=")" << ly + 10 << R"(">)" << text << "</text>\n";
  };
  key(0, "#2e7d32", "running");
  key(90, "#c62828", "stopped");
  key(180, "#9c64b4", "cut of a supplier's flow (darker: larger)");
  key(460, "#00897b", "new source (fading in: ramp-up)");
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
    << "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=" << dot_quoted(
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
         << "Mining: USGS Mineral Commodity Summaries 2025, " << usgs_year << " mine production (t REO): "
         << mines.rows << " rows; skipped " << mines.totals << " aggregate row(s) (" << mines.total_names << ": "
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
  report << "Mining HHI by country: " << fixed(10000 * ore_hhi.hhi_lower, 1) << " to " << fixed(10000 * ore_hhi.hhi_upper, 1)
         << " points however \"Other\" splits (" << percent(ore_hhi.remainder) << " of the sum).\n\n";
  text_table st({"stage", "material", "data", "countries", "HHI", "suppliers", "HHI", "largest country",
                 "DOJ/FTC 2023", "EU CRM Act 65%"});
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

  // 3. The April 2025 controls.
  cp::disruption_model<real> model(bom, p.supply, std::span<const real>(p.demand.rate),
                                   std::span<const real>(p.stock));
  model.set_priorities(std::span<const real>(p.demand.priority));
  model.set_margins(std::span<const real>(p.demand.margin));
  cp::scenario<real> sc;
  for (const std::string& text : p.cuts) sc.add(cp::parse_cut_spec<real>(text).at());
  for (const auto& a : p.alternates) sc.add_alternate(a.material, a.capacity, a.lead_time, a.ramp);
  const auto r = model.evaluate(sc, {horizon, policy});

  report << "3. The April 2025 controls (cuts.txt), with the alternates of alternates.csv; policy priority; "
         << fixed(horizon, 0) << " days from " << date_of(0) << "\n\n";
  for (const auto& c : sc.cuts())
    report << "   cut " << percent(c.fraction) << " of supplier '" << c.name << "' over days " << fixed(c.start, 0)
           << "-" << (c.end ? fixed(*c.end, 0) : std::string("...")) << '\n';
  for (const auto& a : p.alternates)
    report << "   alternate: " << a.supplier << " (" << a.country << ") " << a.material << ", " << a.capacity
           << " kg/day from day " << a.lead_time << ", ramping over " << a.ramp << " days\n";
  report << '\n';
  std::string binding_names;
  for (const cp::item_id m : r.system.binding) binding_names += (binding_names.empty() ? "" : ", ") + std::string(bom.name(m));
  if (r.system.time)
    report << "Time to survive: " << day_and_date(r.system.time) << ", " << fixed(*r.system.time / 7, 1)
           << " weeks after the controls; binding: " << binding_names
           << (r.exposed ? " (it recovers later: the plant is exposed)" : "") << '\n';
  else
    report << "Time to survive: beyond the horizon\n";
  report << "Reported in 2025: Suzuki halted the Swift on 26 May (day 52); Ford idled its Chicago plant for a week in May; "
            "European suppliers shut lines in June (days 58-87).\n\n";

  std::vector<line_row> lines;
  for (const auto& o : r.lines) lines.push_back({o.line, std::string(bom.name(o.line)), o});
  text_table lt({"line", "vehicles/day", "priority", "stops", "stopped by", "restarts", "weeks down", "lost vehicles",
                 "lost margin (USD)"});
  for (const line_row& l : lines) {
    const auto& o = l.outcome;
    const real down = o.time_to_failure ? (o.time_to_recover ? std::min(*o.time_to_recover, horizon) : horizon) -
                                              *o.time_to_failure
                                        : 0;
    lt.add({l.name, fixed(p.demand.rate[l.line], 0), fixed(p.demand.priority[l.line], 0),
            day_and_date(o.time_to_failure), o.stopped_by ? std::string(bom.name(*o.stopped_by)) : std::string("-"),
            day_and_date(o.time_to_recover), fixed(down / 7, 1), grouped(o.lost_units), grouped(o.lost_value)});
  }
  lt.add({"total", "", "", "", "", "", "", grouped(r.lost_units), grouped(r.lost_value)});
  lt.print(report);
  report << '\n';

  text_table mt({"material", "use (kg/day)", "stock (days of cover)", "recovers"});
  const auto mats = bom.materials();
  for (std::size_t m = 0; m < mats.size(); ++m) {
    const real plan = model.planned_rates()[m];
    mt.add({std::string(bom.name(mats[m])), fixed(plan, 2),
            plan > 0 ? fixed(p.stock[mats[m]] / plan, 1) : std::string("-"),
            r.material_recovery[m] && *r.material_recovery[m] == 0 ? std::string("never cut")
                                                                   : day_and_date(r.material_recovery[m])});
  }
  mt.print(report);

  // Outputs.
  std::filesystem::create_directories(out_dir);
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
  write("lines.svg", lines_svg(lines, sc, p.alternates, r, bom));
  write("dependencies.dot", dependencies_dot(p, exposure, binding, lines));

  json summary{{"day_zero", "2025-04-04"},
               {"horizon", horizon},
               {"policy", "priority"},
               {"cuts", p.cuts},
               {"tts", cp::cli::time_json(r.system.time)},
               {"binding", json::array()},
               {"lines", json::array()},
               {"lost_units", r.lost_units},
               {"lost_value", r.lost_value},
               {"stages", json::array()}};
  for (const cp::item_id m : r.system.binding) summary["binding"].push_back(std::string(bom.name(m)));
  for (const line_row& l : lines)
    summary["lines"].push_back({{"line", l.name},
                                {"ttf", cp::cli::time_json(l.outcome.time_to_failure)},
                                {"stopped_by", l.outcome.stopped_by ? json(std::string(bom.name(*l.outcome.stopped_by)))
                                                                    : json(nullptr)},
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
  app.add_option("data", data_dir,
                 "the plant's data and, in public/, the public figures (examples/rare_earth_blockade/data)")
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
