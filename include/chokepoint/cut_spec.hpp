// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Cuts, quotas and shipping delays written as text, as on the command line; the syntax
// in full, with its rules and errors, is in docs/formats.md ("Cuts, quotas and delays"):
//
//   [quota:]KIND:NAME[SCOPE]=LEVEL[..LEVEL][/day][@START[:END]]
//   country:CN[Dy oxide,Tb oxide]=1@0:60    a cut of these two materials over days [0, 60)
//   quota:CN[Dy oxide]=2.5/day@0:120        at most 2.5 units a day of Dy oxide from China
//   KIND:NAME=DAYS[..DAYS]                  a shipping delay (country:CN=40)
//
// NAME runs to the first '[' (the scope), or without a scope to the last '=' (so it may
// hold spaces, colons and '='); a name holding ',', '[', ']' or '"' is quoted as in a
// CSV field. Errors are invalid_input with the spec quoted, e.g.
//   "chokepoint::cut: 'country:CN=1.5': fraction must be in [0, 1], got 1.5"

#include <chokepoint/assert.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/detail/number.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint {

namespace detail {

/// A country or supplier and the materials it is limited in, as written.
struct written_target {
  cut_target target = cut_target::country;
  std::string name;
  std::vector<std::string> materials;
  bool scoped = false;  ///< a scope was written (it may still be refused as empty)
};

/// A double-quoted name starting at text[at] == '"', a doubled quote standing for one;
/// moves `at` past the closing quote. False when it is not closed.
[[nodiscard]] inline bool read_quoted(std::string_view text, std::size_t& at, std::string& out) {
  out.clear();
  for (std::size_t k = at + 1; k < text.size(); ++k) {
    if (text[k] != '"') {
      out += text[k];
    } else if (k + 1 < text.size() && text[k + 1] == '"') {
      out += '"';
      ++k;
    } else {
      at = k + 1;
      return true;
    }
  }
  return false;
}

/// Reads `[MATERIAL,...]` starting at text[at] == '['; moves `at` past the ']'.
/// Returns what is wrong, or nothing.
[[nodiscard]] inline std::string read_scope(std::string_view text, std::size_t& at,
                                            std::vector<std::string>& materials) {
  const auto blank = [&text](std::size_t k) { return k < text.size() && (text[k] == ' ' || text[k] == '\t'); };
  std::size_t k = at + 1;
  while (blank(k)) ++k;
  if (k < text.size() && text[k] == ']') return "the scope [] names no material";
  for (;;) {
    while (blank(k)) ++k;
    std::string name;
    if (k < text.size() && text[k] == '"') {
      if (!read_quoted(text, k, name)) return "a quoted material name is not closed";
    } else {
      const std::size_t from = k;
      while (k < text.size() && text[k] != ',' && text[k] != ']') {
        if (text[k] == '[' || text[k] == '"')
          return "a material name holding ',', '[', ']' or '\"' must be written in double quotes";
        ++k;
      }
      std::size_t to = k;
      while (to > from && (text[to - 1] == ' ' || text[to - 1] == '\t')) --to;
      name = std::string(text.substr(from, to - from));
    }
    while (blank(k)) ++k;
    if (name.empty()) return "a material name in the scope is empty";
    for (const std::string& m : materials)
      if (m == name) return "material '" + name + "' is named twice in the scope";
    materials.push_back(std::move(name));
    if (k >= text.size()) return "the scope is not closed with ']'";
    if (text[k] == ']') {
      at = k + 1;
      return {};
    }
    if (text[k] != ',') return "expected ',' or ']' after a material name in the scope";
    ++k;
  }
}

/// Reads `KIND:NAME[SCOPE]` from the start of `text` (see the header comment); when
/// `level_follows`, an '=' and a level follow, and `rest` is set to what follows the '='.
/// `shorthand`: the target of a name without `country:` or `supplier:` (quota:CN).
/// `form` names the whole in the message for a spec without a colon, `level` what
/// follows the '='. Returns what is wrong, or nothing.
[[nodiscard]] inline std::string read_target(std::string_view text, bool level_follows, std::string_view form,
                                             std::string_view level, std::optional<cut_target> shorthand,
                                             written_target& out, std::string_view& rest) {
  std::string_view body;
  const auto colon = text.find(':');
  const std::string_view kind = colon == std::string_view::npos ? std::string_view() : text.substr(0, colon);
  if (kind == "country" || kind == "supplier" || kind == "site") {
    out.target = kind == "country" ? cut_target::country : kind == "supplier" ? cut_target::supplier : cut_target::site;
    body = text.substr(colon + 1);
  } else if (shorthand) {
    out.target = *shorthand;
    body = text;
  } else if (colon == std::string_view::npos) {
    return "expected " + std::string(form) + ", with KIND country, supplier or site";
  } else {
    return "kind must be 'country', 'supplier' or 'site', got '" + std::string(kind) + "'";
  }
  const std::string what = "expected '=' and " + std::string(level) + " after the name";
  std::size_t at = 0;
  if (!body.empty() && body[0] == '"') {
    if (!read_quoted(body, at, out.name))
      return "the quoted " + std::string(to_string(out.target)) + " name is not closed";
    if (at < body.size() && body[at] != '[' && body[at] != '=')
      return "expected '[' or '=' after the quoted " + std::string(to_string(out.target)) + " name";
  } else {
    at = body.find('[');
    if (at == std::string_view::npos) at = level_follows ? body.rfind('=') : body.size();
    if (at == std::string_view::npos) return what;
    out.name = std::string(body.substr(0, at));
  }
  if (out.name.empty()) return "the " + std::string(to_string(out.target)) + " name is empty";
  out.materials.clear();
  out.scoped = at < body.size() && body[at] == '[';
  if (out.scoped)
    if (std::string e = read_scope(body, at, out.materials); !e.empty()) return e;
  if (!level_follows) {
    if (at != body.size()) return "expected nothing after the scope's ']', got '" + std::string(body.substr(at)) + "'";
    return {};
  }
  if (at >= body.size() || body[at] != '=') return out.scoped ? "expected '=' after the scope's ']'" : what;
  rest = body.substr(at + 1);
  return {};
}

/// A number of a spec, which must be finite: else `fail` names it (`what`) and its text.
template <scalar T, class Fail>
[[nodiscard]] T read_number(std::string_view field, std::string_view what, Fail fail) {
  T x{};
  if (parse_number(field.data(), field.data() + field.size(), x) != number_status::ok)
    fail(std::string(what) + " must be a finite number, got '" + std::string(field) + "'");
  return x;
}

/// A level written LOW[..HIGH]: fills low and high (equal for one value).
template <scalar T, class Fail>
void read_levels(std::string_view value, std::string_view what, Fail fail, T& low, T& high) {
  const written_range range = split_range(value);
  low = read_number<T>(range.low, what, fail);
  high = range.high ? read_number<T>(*range.high, what, fail) : low;
}

/// A name written so that read_target reads it back: quoted when it would not be.
[[nodiscard]] inline std::string written_name(std::string_view name, bool in_scope) {
  const bool quote =
      name.empty() || name.front() == '"' || name.find_first_of(in_scope ? ",[]\"" : "[\"") != std::string_view::npos ||
      (in_scope && (name.front() == ' ' || name.front() == '\t' || name.back() == ' ' || name.back() == '\t'));
  if (!quote) return std::string(name);
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

}  // namespace detail

/// A cut or quota as written: one level, or a range of them for sweeps. For a cut the
/// level is the fraction removed, for a quota the units per day allowed.
template <scalar T>
struct cut_spec {
  cut_target target = cut_target::country;
  std::string name;
  T fraction_low = T(1);  ///< the level; equal to fraction_high for a fixed one
  T fraction_high = T(1);
  T start = T(0);
  std::optional<T> end;  ///< empty: never ends
  limit_kind kind = limit_kind::cut;
  std::vector<std::string> materials = {};  ///< the scope; empty: every material (cuts only)

  [[nodiscard]] bool is_range() const { return fraction_low != fraction_high; }

  /// The cut with a given fraction (the low end of the range by default); for a cut
  /// only (a quota is added with add_to).
  [[nodiscard]] supply_cut<T> at(const T& fraction) const {
    CHOKEPOINT_ASSERT(kind == limit_kind::cut, "cut_spec::at: a quota is no cut (use add_to)");
    return {target, name, fraction, start, end, materials};
  }
  [[nodiscard]] supply_cut<T> at() const { return at(fraction_low); }
  /// Adds the cut or quota at a given level, over [start, end), to a scenario.
  void add_to(scenario<T>& sc, const T& level, const T& from, const std::optional<T>& to) const {
    if (kind == limit_kind::cut) sc.add(supply_cut<T>{target, name, level, from, to, materials});
    else sc.add(supply_quota<T>{target, name, materials, level, from, to});
  }
  /// Adds the cut or quota at its low level and its own window.
  void add_to(scenario<T>& sc) const { add_to(sc, fraction_low, start, end); }
};

/// `KIND:NAME[SCOPE]`, as the scope column of a schedule file writes a target: the
/// target, its name and the materials named (see the header comment). Throws
/// invalid_input "chokepoint::cut: 'TEXT': ...".
[[nodiscard]] inline detail::written_target parse_limit_target(std::string_view text) {
  detail::written_target out;
  std::string_view rest;
  if (std::string e = detail::read_target(text, false, "KIND:NAME[MATERIAL,...]", "", std::nullopt, out, rest);
      !e.empty())
    throw invalid_input("chokepoint::cut: '" + std::string(text) + "': " + e);
  return out;
}

/// Parses [quota:]KIND:NAME[SCOPE]=LEVEL[..LEVEL][/day][@START[:END]] (see the header
/// comment).
template <scalar T>
[[nodiscard]] cut_spec<T> parse_cut_spec(std::string_view text) {
  const auto fail = [text](const std::string& what) -> void {
    throw invalid_input("chokepoint::cut: '" + std::string(text) + "': " + what);
  };

  cut_spec<T> spec;
  std::string_view limit = text;
  constexpr std::string_view quota_prefix = "quota:";
  if (limit.substr(0, quota_prefix.size()) == quota_prefix) {
    spec.kind = limit_kind::quota;
    limit.remove_prefix(quota_prefix.size());
  }
  const bool quota = spec.kind == limit_kind::quota;
  detail::written_target who;
  std::string_view value;
  if (std::string e =
          detail::read_target(limit, true, "KIND:NAME=FRACTION", quota ? "units per day" : "a fraction",
                              quota ? std::optional<cut_target>(cut_target::country) : std::nullopt, who, value);
      !e.empty())
    fail(e);
  spec.target = who.target;
  spec.name = std::move(who.name);
  spec.materials = std::move(who.materials);
  if (quota && spec.materials.empty())
    fail("a quota needs the materials it caps, in brackets after the name, e.g. quota:CN[Dy oxide]=2.5/day");

  std::string_view window;
  if (const auto at = value.find('@'); at != std::string_view::npos) {
    window = value.substr(at + 1);
    value = value.substr(0, at);
    if (window.empty()) fail("expected START[:END] after '@'");
  }
  constexpr std::string_view per_day = "/day";
  const bool daily = value.size() >= per_day.size() && value.substr(value.size() - per_day.size()) == per_day;
  if (quota && !daily) fail("a quota is in units per day: write its level as N/day, e.g. 2.5/day");
  if (!quota && daily) fail("a cut removes a fraction of the flow, not units per day (a cap per day is a quota:...)");
  if (daily) value.remove_suffix(per_day.size());
  detail::read_levels<T>(value, quota ? "per day" : "fraction", fail, spec.fraction_low, spec.fraction_high);
  if (quota) {
    for (const T& q : {spec.fraction_low, spec.fraction_high})
      if (!(q >= T(0))) fail("per day must be >= 0, got " + detail::format_scalar(q));
    if (spec.fraction_high < spec.fraction_low)
      fail("per-day range must not decrease, got " + detail::format_scalar(spec.fraction_low) + ".." +
           detail::format_scalar(spec.fraction_high));
  } else {
    for (const T& f : {spec.fraction_low, spec.fraction_high})
      if (!(f >= T(0) && f <= T(1))) fail("fraction must be in [0, 1], got " + detail::format_scalar(f));
    if (spec.fraction_high < spec.fraction_low)
      fail("fraction range must not decrease, got " + detail::format_scalar(spec.fraction_low) + ".." +
           detail::format_scalar(spec.fraction_high));
  }

  if (!window.empty()) {
    const auto sep = window.find(':');
    spec.start = detail::read_number<T>(window.substr(0, sep), "start", fail);
    if (spec.start < T(0)) fail("start must be >= 0, got " + detail::format_scalar(spec.start));
    if (sep != std::string_view::npos && sep + 1 < window.size()) {
      const T end = detail::read_number<T>(window.substr(sep + 1), "end", fail);
      if (!(end > spec.start))
        fail("end must be greater than start, got " + detail::format_scalar(end) +
             " <= " + detail::format_scalar(spec.start));
      spec.end = end;
    }
  }
  return spec;
}

/// A target and its scope as parse_limit_target reads them back: `country:CN[Dy oxide]`.
[[nodiscard]] inline std::string write_limit_target(cut_target target, std::string_view name,
                                                    const std::vector<std::string>& materials) {
  std::string out = std::string(to_string(target)) + ":" + detail::written_name(name, false);
  if (!materials.empty()) {
    out += '[';
    for (std::size_t k = 0; k < materials.size(); ++k) out += (k ? "," : "") + detail::written_name(materials[k], true);
    out += ']';
  }
  return out;
}

/// A spec as parse_cut_spec reads it back (the same target, scope, levels and window):
/// `country:CN[Dy oxide]=1@0:60`, `quota:country:CN[Dy oxide]=2.5/day`. Numbers as
/// detail::format_scalar writes them: decimals that read back exactly for binary
/// floating types (a rational prints as 1/3, which the parser does not read).
template <scalar T>
[[nodiscard]] std::string write_cut_spec(const cut_spec<T>& spec) {
  std::string out = spec.kind == limit_kind::quota ? "quota:" : "";
  out += write_limit_target(spec.target, spec.name, spec.materials) + "=" + detail::format_scalar(spec.fraction_low);
  if (spec.is_range()) out += ".." + detail::format_scalar(spec.fraction_high);
  if (spec.kind == limit_kind::quota) out += "/day";
  if (spec.start != T(0) || spec.end) out += "@" + detail::format_scalar(spec.start);
  if (spec.end) out += ":" + detail::format_scalar(*spec.end);
  return out;
}

/// A shipping delay as written: KIND:NAME=DAYS[..DAYS], a range for sweeps.
template <scalar T>
struct delay_spec {
  cut_target target = cut_target::country;
  std::string name;
  T days_low = T(0);
  T days_high = T(0);

  [[nodiscard]] bool is_range() const { return days_low != days_high; }
  [[nodiscard]] shipping_delay<T> at(const T& days) const { return {target, name, days}; }
  [[nodiscard]] shipping_delay<T> at() const { return at(days_low); }
};

/// Parses KIND:NAME=DAYS[..DAYS]; errors "chokepoint::delay: 'TEXT': ...".
template <scalar T>
[[nodiscard]] delay_spec<T> parse_delay_spec(std::string_view text) {
  const auto fail = [text](const std::string& what) -> void {
    throw invalid_input("chokepoint::delay: '" + std::string(text) + "': " + what);
  };
  detail::written_target who;
  std::string_view value;
  if (std::string e = detail::read_target(text, true, "KIND:NAME=DAYS", "days", std::nullopt, who, value); !e.empty())
    fail(e);
  if (who.scoped) fail("a delay holds up everything a country or supplier ships: it takes no [materials]");
  delay_spec<T> spec{who.target, std::move(who.name)};
  detail::read_levels<T>(value, "days", fail, spec.days_low, spec.days_high);
  for (const T& d : {spec.days_low, spec.days_high})
    if (!(d >= T(0))) fail("days must be >= 0, got " + detail::format_scalar(d));
  if (spec.days_high < spec.days_low)
    fail("days range must not decrease, got " + detail::format_scalar(spec.days_low) + ".." +
         detail::format_scalar(spec.days_high));
  return spec;
}

}  // namespace chokepoint
