// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads times to recover per source, for the risk exposure index, from CSV: columns
// source (a supplier or a country), days (its time to recover, finite and > 0) and
// optional kind (`supplier` or `country`: what the names are; when given, every row
// must be of the kind the index cuts). load_recovery turns the rows into a
// source_recovery whose entries carry their lines; risk_exposure_index (or
// find_recovery_problem, to name the line) refuses a name that is not a source and a
// name listed twice. The format's rules (comments, quoting, errors) are in
// docs/formats.md.
//
//   source,kind,days
//   Shin-Etsu,supplier,14
//   Northern Rare Earth,supplier,180

#include <chokepoint/io/detail/reader.hpp>
#include <chokepoint/io/detail/table.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/source_recovery.hpp>
#include <chokepoint/supply.hpp>

#include <array>
#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint::io {

/// One source's time to recover. Columns: source, days; optional kind.
template <scalar T = double>
struct recovery_record {
  std::string source;
  T days{};                      ///< finite, > 0
  std::optional<grouping> kind;  ///< empty if the column or the field is empty
  std::size_t line = 0;

  friend bool operator==(const recovery_record&, const recovery_record&) = default;
};

namespace detail {

struct recovery_format {
  template <scalar T>
  using record = recovery_record<T>;

  static constexpr std::array<column, 3> columns{{{"source", true}, {"days", true}, {"kind", false}}};
  enum : std::size_t { source, days, kind };  ///< the columns' positions

  template <scalar T>
  static void fill(const table<3>& t, recovery_record<T>& r) {
    r.source = t.name(source);
    r.days = t.template number<T>(days, rule::positive);
    const std::string_view k = t.text(kind);
    if (k.empty()) r.kind = std::nullopt;
    else if (k == "supplier") r.kind = grouping::supplier;
    else if (k == "country") r.kind = grouping::country;
    else t.fail(kind, "must be 'supplier' or 'country', got '" + shown(k) + "'");
  }
};

template <scalar T>
using recovery_reader = csv_reader<recovery_format, T>;

/// Collects the rows of one kind into a source_recovery, each entry's row its line;
/// a row of the other kind is an error at its kind field.
template <scalar T>
class recovery_builder {
 public:
  recovery_builder(grouping kind, const T& fallback) : kind_(kind) { out_.fallback = fallback; }

  void operator()(const recovery_record<T>& r, const table<3>& t) {
    if (r.kind && *r.kind != kind_) {
      const bool country = *r.kind == grouping::country;
      t.fail(recovery_format::kind,
             country ? "'country', but the sources are suppliers" : "'supplier', but the sources are countries");
    }
    out_.listed.push_back({r.source, r.days, r.line});
  }

  [[nodiscard]] source_recovery<T> take() { return std::move(out_); }

 private:
  grouping kind_;
  source_recovery<T> out_;
};

}  // namespace detail

// The file at `path` (errors name `path`) or the text read from `in`, such as std::cin
// or a string stream (errors name `name`): every row, or each row in turn to
// `on_record(const recovery_record<T>&)`, without storing them (the record is reused:
// copy what you keep). Errors are parse_error.

template <scalar T = double>
[[nodiscard]] std::vector<recovery_record<T>> read_recovery(const std::string& path) {
  return detail::recovery_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<recovery_record<T>> read_recovery(std::istream& in, const std::string& name) {
  return detail::recovery_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_recovery_record(const std::string& path, F&& on_record) {
  detail::recovery_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_recovery_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::recovery_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

/// The times to recover of the file at `path`, for an index of the sources of `kind`:
/// the rows in file order (each entry's row its line), `fallback` for the sources the
/// file does not list. A row whose kind is the other one is an error:
///   "recovery.csv:3:3: kind: 'country', but the sources are suppliers"
template <scalar T = double>
[[nodiscard]] source_recovery<T> load_recovery(const std::string& path, grouping kind, const T& fallback) {
  detail::recovery_builder<T> builder(kind, fallback);
  detail::recovery_reader<T>::visit(path, builder);
  return builder.take();
}

/// The same, read from `in`; errors name `name`.
template <scalar T = double>
[[nodiscard]] source_recovery<T> load_recovery(std::istream& in, const std::string& name, grouping kind,
                                               const T& fallback) {
  detail::recovery_builder<T> builder(kind, fallback);
  detail::recovery_reader<T>::visit(in, name, builder);
  return builder.take();
}

}  // namespace chokepoint::io
