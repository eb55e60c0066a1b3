// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What every subcommand of the chokepoint command shares: the scalar type, how numbers
// print in tables and in JSON, and a plain aligned table.

#include "display_width.hpp"

#include <chokepoint/error.hpp>
#include <chokepoint/scalar.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace chokepoint::cli {

using real = double;
using json = nlohmann::ordered_json;

/// A command line that cannot be run as given, found after CLI11's own checks (a bad
/// option value, two options that contradict each other): exit status 2, like CLI11's.
class usage_error : public invalid_input {
 public:
  using invalid_input::invalid_input;
};

/// A time that did not happen within the horizon is null in JSON and "-" in tables.
inline json time_json(const std::optional<real>& t) { return t ? json(*t) : json(nullptr); }

inline std::string fixed(real x, int digits = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
  return buffer;
}
inline std::string percent(real share) { return fixed(100 * share, 1) + "%"; }
inline std::string days(const std::optional<real>& t) { return t ? fixed(*t, 1) : std::string("-"); }

/// Columns aligned to their widest cell, measured in terminal columns (display_width);
/// numbers right-aligned, text left-aligned.
class text_table {
 public:
  explicit text_table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  void print(std::ostream& out) const {
    std::vector<std::size_t> width;
    for (const auto& row : rows_)
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (width.size() <= c) width.push_back(0);
        width[c] = std::max(width[c], display_width(row[c]));
      }
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      for (std::size_t c = 0; c < rows_[r].size(); ++c) {
        const std::string& cell = rows_[r][c];
        const bool numeric = !cell.empty() && (std::isdigit(static_cast<unsigned char>(cell[0])) || cell[0] == '-');
        const std::string pad(width[c] - display_width(cell), ' ');
        out << (c ? "  " : "") << (numeric && r > 0 ? pad + cell : cell + (c + 1 < rows_[r].size() ? pad : ""));
      }
      out << '\n';
    }
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

/// --json, in every subcommand.
inline void add_json_flag(CLI::App& cmd, bool& as_json) {
  cmd.add_flag("--json", as_json, "print JSON instead of a table");
}

// Each subcommand registers itself on the app.
void add_concentration(CLI::App& app);
void add_explode(CLI::App& app);
void add_exposure(CLI::App& app);
void add_survive(CLI::App& app);
void add_rank(CLI::App& app);
void add_sweep(CLI::App& app);

}  // namespace chokepoint::cli
