// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What every CSV reader does, written once: read a file or a stream into records, or
// hand the records over row by row. A reader is its record format, a small struct
//
//   struct supply_format {
//     template <scalar T> using record = supply_record<T>;
//     static constexpr std::array<column, 4> columns{...};   // names; required or not
//     template <scalar T> static void fill(const table<4>& t, supply_record<T>& r);  // a row
//   };
//
// and csv_reader<supply_format, T> does the rest, so that io::read_supply and the other
// public functions only forward to it. Errors name a file's path or a stream's name.

#include <chokepoint/io/detail/source.hpp>
#include <chokepoint/io/detail/table.hpp>
#include <chokepoint/scalar.hpp>

#include <algorithm>
#include <cstddef>
#include <istream>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace chokepoint::io::detail {

/// The most rows read() reserves ahead of reading them. Its guess comes from the size
/// of the file, which may be anything (a sparse file of a terabyte, a device), and a
/// reservation is only a hint: past this many rows the vector grows as usual, and a
/// reservation the system refuses is skipped.
inline constexpr std::size_t max_reserved_rows = std::size_t{1} << 22;

template <class Format, scalar T>
class csv_reader {
 public:
  using record = typename Format::template record<T>;
  using table_type = table<Format::columns.size()>;

  /// Every row of the file at `path`.
  [[nodiscard]] static std::vector<record> read(const std::string& path) {
    return collect(path, std::make_unique<file_source>(path));
  }
  /// Every row read from `in`.
  [[nodiscard]] static std::vector<record> read(std::istream& in, const std::string& name) {
    return collect(name, std::make_unique<stream_source>(in, name));
  }

  /// Calls `on_record(const record&)` for each row of the file at `path`, in order.
  template <class F>
  static void for_each(const std::string& path, F&& on_record) {
    visit(path, [&on_record](const record& r, const table_type&) { on_record(r); });
  }
  /// Calls `on_record(const record&)` for each row read from `in`, in order.
  template <class F>
  static void for_each(std::istream& in, const std::string& name, F&& on_record) {
    visit(in, name, [&on_record](const record& r, const table_type&) { on_record(r); });
  }

  /// Calls `on_row(const record&, const table_type&)` for each row of the file at
  /// `path`: the table reports an error at the row's field (table::fail) or guesses the
  /// number of rows (table::expected_rows).
  template <class F>
  static void visit(const std::string& path, F&& on_row) {
    visit_source(path, std::make_unique<file_source>(path), on_row);
  }
  template <class F>
  static void visit(std::istream& in, const std::string& name, F&& on_row) {
    visit_source(name, std::make_unique<stream_source>(in, name), on_row);
  }

 private:
  // One record is reused, so that its strings keep their capacity and a row costs no
  // allocation.
  template <class F>
  static void visit_source(const std::string& name, std::unique_ptr<checked_source> source, F&& on_row) {
    table_type t(name, std::move(source), Format::columns);
    record r;
    while (t.next()) {
      Format::fill(t, r);
      r.line = t.line();
      on_row(static_cast<const record&>(r), static_cast<const table_type&>(t));
    }
  }

  static std::vector<record> collect(const std::string& name, std::unique_ptr<checked_source> source) {
    std::vector<record> rows;
    visit_source(name, std::move(source), [&rows](const record& r, const table_type& t) {
      // Growing a vector of millions of records costs more than parsing them: reserve
      // once a few rows tell the average row length.
      if (rows.size() == 256) {
        try {
          rows.reserve(std::min(t.expected_rows(), max_reserved_rows));
        } catch (const std::bad_alloc&) {
          // only a hint
        }
      }
      rows.push_back(r);
    });
    return rows;
  }
};

}  // namespace chokepoint::io::detail
