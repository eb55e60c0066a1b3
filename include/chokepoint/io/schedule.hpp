// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads schedules of cuts and quotas (a licence regime whose level changes over time)
// from CSV: columns scope (KIND:NAME[MATERIAL,...], cut_spec.hpp's syntax), kind (`cut`
// or `quota`), from, optional to (the step's window [from, to) in days; empty: for
// good) and value (a cut's fraction in [0, 1], or a quota's units a day). The rows of
// one scope and kind form one schedule, its steps in file order: a step starts no
// earlier than the one before it ends, and only the last may be open. The columns,
// rules and errors in full are in docs/formats.md ("Schedules").
//
//   scope,kind,from,to,value
//   "country:CN[Dy oxide,Tb oxide]",quota,0,90,5
//   country:CN,cut,30,60,0.5

#include <chokepoint/cut_spec.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/io/detail/reader.hpp>
#include <chokepoint/io/detail/table.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint::io {

/// One row of a schedule file: one step of a cut or quota.
template <scalar T = double>
struct schedule_record {
  cut_target target = cut_target::country;
  std::string name;
  std::vector<std::string> materials;  ///< as written; empty: every material (cuts only)
  limit_kind kind = limit_kind::cut;
  T from{};             ///< days, finite, >= 0
  std::optional<T> to;  ///< days, > from; empty: for good
  T level{};            ///< a cut's fraction in [0, 1], or a quota's units per day
  std::size_t line = 0;

  friend bool operator==(const schedule_record&, const schedule_record&) = default;
};

/// A cut or quota whose level changes over time: the steps of the rows of one scope and
/// kind, in file order, with the line of each.
template <scalar T = double>
struct limit_schedule {
  limit_kind kind = limit_kind::cut;
  cut_target target = cut_target::country;
  std::string name;
  std::vector<std::string> materials;
  std::vector<schedule_step<T>> steps;
  std::vector<std::size_t> lines;  ///< of each step

  /// Adds the schedule to a scenario (scenario::schedule: one cut or quota a step).
  void add_to(scenario<T>& sc) const {
    sc.schedule(kind, target, name, materials, std::span<const schedule_step<T>>(steps));
  }
};

namespace detail {

struct schedule_format {
  template <scalar T>
  using record = schedule_record<T>;

  static constexpr std::array<column, 5> columns{
      {{"scope", true}, {"kind", true}, {"from", true}, {"to", false}, {"value", true}}};

  template <scalar T>
  static void fill(const table<5>& t, schedule_record<T>& r) {
    enum : std::size_t { scope, kind, from, to, value };
    chokepoint::detail::written_target who;
    std::string_view rest;
    if (std::string e = chokepoint::detail::read_target(t.name(scope), false, "KIND:NAME[MATERIAL,...]", "",
                                                        std::nullopt, who, rest);
        !e.empty())
      t.fail(scope, e);
    r.target = who.target;
    r.name = std::move(who.name);
    r.materials = std::move(who.materials);
    const std::string_view k = t.name(kind);
    if (k == "cut") r.kind = limit_kind::cut;
    else if (k == "quota") r.kind = limit_kind::quota;
    else t.fail(kind, "must be 'cut' or 'quota', got '" + shown(k) + "'");
    if (r.kind == limit_kind::quota && r.materials.empty())
      t.fail(scope, "a quota needs the materials it caps, in brackets after the name, e.g. country:CN[Dy oxide]");
    r.from = t.template number<T>(from, rule::non_negative);
    r.to = t.template optional_number<T>(to, rule::non_negative);
    if (r.to && !(*r.to > r.from))
      t.fail(to, "must be greater than from, got '" + shown(t.text(to)) + "' <= '" + shown(t.text(from)) + "'");
    r.level = t.template number<T>(value, rule::non_negative);
    if (r.kind == limit_kind::cut && r.level > T(1))
      t.fail(value, "a cut's fraction must be in [0, 1], got '" + shown(t.text(value)) + "'");
  }
};

template <scalar T>
using schedule_reader = csv_reader<schedule_format, T>;

/// Groups rows into schedules and checks the order of their steps (at the row that
/// breaks it): the function a schedule_reader hands each row to.
template <scalar T>
class schedule_builder {
 public:
  void operator()(const schedule_record<T>& r, const table<5>& t) {
    std::vector<std::string> set = r.materials;
    std::sort(set.begin(), set.end());
    std::size_t k = 0;
    while (k < out_.size() &&
           !(out_[k].kind == r.kind && out_[k].target == r.target && out_[k].name == r.name && sets_[k] == set))
      ++k;
    if (k == out_.size()) {
      out_.push_back({r.kind, r.target, r.name, r.materials, {}, {}});
      sets_.push_back(std::move(set));
    }
    limit_schedule<T>& s = out_[k];
    if (!s.steps.empty()) {
      enum : std::size_t { from = 2 };
      const schedule_step<T>& before = s.steps.back();
      const std::string line = std::to_string(s.lines.back());
      if (!before.to)
        t.fail(from, "the step of line " + line + " before it never ends (its to is empty): only the last step of " +
                         "a schedule may be open");
      if (r.from < *before.to)
        t.fail(from, "starts at " + chokepoint::detail::format_scalar(r.from) + ", before the step of line " + line +
                         " ends at " + chokepoint::detail::format_scalar(*before.to));
    }
    s.steps.push_back({r.from, r.to, r.level});
    s.lines.push_back(r.line);
  }

  [[nodiscard]] std::vector<limit_schedule<T>> take() { return std::move(out_); }

 private:
  std::vector<limit_schedule<T>> out_;
  std::vector<std::vector<std::string>> sets_;  // each schedule's materials, sorted
};

}  // namespace detail

/// Reads the rows of the schedule file at `path`; errors name `path`. Throws parse_error.
template <scalar T = double>
[[nodiscard]] std::vector<schedule_record<T>> read_schedule(const std::string& path) {
  return detail::schedule_reader<T>::read(path);
}

/// Reads the rows of a schedule from `in`; errors name `name`.
template <scalar T = double>
[[nodiscard]] std::vector<schedule_record<T>> read_schedule(std::istream& in, const std::string& name) {
  return detail::schedule_reader<T>::read(in, name);
}

/// The schedules of the file at `path`, in order of their first row, their steps
/// checked for order (see the header comment). Add each to a scenario with add_to.
template <scalar T = double>
[[nodiscard]] std::vector<limit_schedule<T>> load_schedules(const std::string& path) {
  detail::schedule_builder<T> builder;
  detail::schedule_reader<T>::visit(path, builder);
  return builder.take();
}

/// The schedules read from `in`; errors name `name`.
template <scalar T = double>
[[nodiscard]] std::vector<limit_schedule<T>> load_schedules(std::istream& in, const std::string& name) {
  detail::schedule_builder<T> builder;
  detail::schedule_reader<T>::visit(in, name, builder);
  return builder.take();
}

}  // namespace chokepoint::io
