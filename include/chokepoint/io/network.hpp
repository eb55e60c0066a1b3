// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Reads a multi-tier supply network (supply_network.hpp) from two CSV files:
//
// - sources: columns item, source, country, capacity (units of the item per day, finite,
//   >= 0) and optional customers (names separated by ';': each a source of a parent of
//   the item, or a parent made in-house; empty: every parent). One row per node.
// - sites: columns site, source, optional capacity (the site's shared capacity per day;
//   empty: the site only groups its nodes) and optional items (';'-separated; empty: all
//   the items of the source). One row per site.
//
//   item,source,country,capacity,customers        site,source,capacity,items
//   Magnet,Acme,JP,8,                             Ningbo,Acme,12,Magnet;Rotor
//   NdPr oxide,Lynas,AU,12,Acme
//
// The readers check each field (a list's names are trimmed; an empty one or one given
// twice is an error at the field). io::load_network adds the rows to a network_builder
// with their lines as rows, so every error names its file: a row the builder refuses at
// once at its line ("sources.csv:3:0: chokepoint::supply_network: row 3 (source 'Acme'
// of 'Magnet'): given twice (first at row 2)"), and what only the whole network shows
// (an unknown customer, a site's unknown source) the file with the row in the builder's
// message ("sites.csv: chokepoint::supply_network: site row 2 (site 'Ningbo'): unknown
// source 'Acem'"). The columns, rules and errors in full are in docs/formats.md.

#include <chokepoint/bom.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/io/detail/reader.hpp>
#include <chokepoint/io/detail/table.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/supply_network.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chokepoint::io {

/// One node of a network: `source` delivers `capacity` units of `item` per day.
/// Columns: item, source, country, capacity; optional customers.
template <scalar T = double>
struct source_record {
  std::string item;
  std::string source;
  std::string country;
  T capacity{};                        ///< units of the item per day; finite, >= 0
  std::vector<std::string> customers;  ///< as written; empty: every parent
  std::size_t line = 0;

  friend bool operator==(const source_record&, const source_record&) = default;
};

/// One site: nodes of `source` cut as one, with a shared capacity when given.
/// Columns: site, source; optional capacity, items.
template <scalar T = double>
struct site_record {
  std::string site;
  std::string source;
  std::optional<T> capacity;       ///< units per day over the site's items; empty: grouping only
  std::vector<std::string> items;  ///< as written; empty: every item of the source
  std::size_t line = 0;

  friend bool operator==(const site_record&, const site_record&) = default;
};

namespace detail {

/// The names of the ';'-separated list in column k (none when the field is empty), each
/// trimmed of spaces and tabs; an empty name or one given twice is an error at the field.
template <std::size_t N>
void read_name_list(const table<N>& t, std::size_t k, std::vector<std::string>& out) {
  out.clear();
  const std::string_view text = t.text(k);
  for (std::size_t at = 0; !text.empty() && at <= text.size();) {
    const std::size_t end = std::min(text.find(';', at), text.size());
    std::string_view name = text.substr(at, end - at);
    const std::size_t first = name.find_first_not_of(" \t");
    name = first == std::string_view::npos ? std::string_view()
                                           : name.substr(first, name.find_last_not_of(" \t") + 1 - first);
    if (name.empty()) t.fail(k, "empty name in the list '" + shown(text) + "' (names are separated by ';')");
    if (std::find(out.begin(), out.end(), name) != out.end()) t.fail(k, "'" + shown(name) + "' listed twice");
    out.emplace_back(name);
    at = end + 1;
  }
}

struct source_format {
  template <scalar T>
  using record = source_record<T>;

  static constexpr std::array<column, 5> columns{
      {{"item", true}, {"source", true}, {"country", true}, {"capacity", true}, {"customers", false}}};

  template <scalar T>
  static void fill(const table<5>& t, source_record<T>& r) {
    enum : std::size_t { item, source, country, capacity, customers };
    r.item = t.name(item);
    r.source = t.name(source);
    r.country = t.name(country);
    r.capacity = t.template number<T>(capacity, rule::non_negative);
    read_name_list(t, customers, r.customers);
  }
};

struct site_format {
  template <scalar T>
  using record = site_record<T>;

  static constexpr std::array<column, 4> columns{
      {{"site", true}, {"source", true}, {"capacity", false}, {"items", false}}};

  template <scalar T>
  static void fill(const table<4>& t, site_record<T>& r) {
    enum : std::size_t { site, source, capacity, items };
    r.site = t.name(site);
    r.source = t.name(source);
    r.capacity = t.template optional_number<T>(capacity, rule::non_negative);
    read_name_list(t, items, r.items);
  }
};

template <scalar T>
using source_reader = csv_reader<source_format, T>;
template <scalar T>
using site_reader = csv_reader<site_format, T>;

/// The network of `builder`; what it refuses is an error of the file at `path`.
template <scalar T>
[[nodiscard]] supply_network<T> build_network(const network_builder<T>& builder, const std::string& path) {
  try {
    return builder.build();
  } catch (const invalid_input& e) {
    throw invalid_input(path + ": " + e.what());
  }
}

}  // namespace detail

// The file at `path` (errors name `path`) or the text read from `in`, such as std::cin
// or a string stream (errors name `name`): every row, or each row in turn to
// `on_record(const source_record<T>&)` (or site_record), without storing them (the
// record is reused: copy what you keep). Errors are parse_error.

template <scalar T = double>
[[nodiscard]] std::vector<source_record<T>> read_sources(const std::string& path) {
  return detail::source_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<source_record<T>> read_sources(std::istream& in, const std::string& name) {
  return detail::source_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_source_record(const std::string& path, F&& on_record) {
  detail::source_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_source_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::source_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

template <scalar T = double>
[[nodiscard]] std::vector<site_record<T>> read_sites(const std::string& path) {
  return detail::site_reader<T>::read(path);
}

template <scalar T = double>
[[nodiscard]] std::vector<site_record<T>> read_sites(std::istream& in, const std::string& name) {
  return detail::site_reader<T>::read(in, name);
}

template <scalar T = double, class F>
void for_each_site_record(const std::string& path, F&& on_record) {
  detail::site_reader<T>::for_each(path, std::forward<F>(on_record));
}

template <scalar T = double, class F>
void for_each_site_record(std::istream& in, const std::string& name, F&& on_record) {
  detail::site_reader<T>::for_each(in, name, std::forward<F>(on_record));
}

/// The supply network of `bom` whose nodes are the rows of the sources file at
/// `sources_path` and whose sites, when `sites_path` is given, are the rows of that
/// file; each node's and site's row is its line. The network refers to `bom`, which
/// must outlive it. Errors as in the header comment.
template <scalar T = double>
[[nodiscard]] supply_network<T> load_network(const bill_of_materials<T>& bom, const std::string& sources_path,
                                             const std::optional<std::string>& sites_path = std::nullopt) {
  network_builder<T> builder(bom);
  for_each_source_record<T>(sources_path, [&](const source_record<T>& r) {
    try {
      builder.add_source(r.item, r.source, r.country, r.capacity, r.customers, r.line);
    } catch (const invalid_input& e) {
      throw parse_error(sources_path, r.line, 0, e.what());
    }
  });
  if (!sites_path) return detail::build_network(builder, sources_path);
  // The builder resolves the customers before the sites: built once without the sites,
  // an error there is the sources file's, and any later one the sites file's.
  (void)detail::build_network(builder, sources_path);
  for_each_site_record<T>(*sites_path, [&](const site_record<T>& r) {
    try {
      builder.add_site(r.site, r.source, r.capacity, r.items, r.line);
    } catch (const invalid_input& e) {
      throw parse_error(*sites_path, r.line, 0, e.what());
    }
  });
  return detail::build_network(builder, *sites_path);
}

}  // namespace chokepoint::io
