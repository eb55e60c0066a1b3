// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Bad data throws one of these. Messages are stable and exact, because tools and
// tests match them: "<where>: <what is wrong>", where <where> names the function
// ("chokepoint::bom") or the place in a file ("supply.csv:14:3").

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace chokepoint {

/// Root of everything the library throws on purpose.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Data that breaks a rule: a cycle, a negative volume, a duplicate edge, an unknown item.
class invalid_input : public error {
 public:
  using error::error;
};

/// A file that cannot be read as what it claims to be; knows where.
class parse_error : public invalid_input {
 public:
  parse_error(std::string file, std::size_t line, std::size_t column, const std::string& what)
      : invalid_input(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what),
        file_(std::move(file)),
        line_(line),
        column_(column) {}

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// 1-based line; 0 when the problem is the file as a whole.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// 1-based column (field number); 0 when the problem is the line as a whole.
  [[nodiscard]] std::size_t column() const noexcept { return column_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_;
};

/// A well-formed question without an answer: a share of a material with no volume,
/// a bound that needs more sources than there are.
class domain_error : public error {
 public:
  using error::error;
};

}  // namespace chokepoint
