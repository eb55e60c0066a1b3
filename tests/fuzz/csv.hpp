// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The CSV readers under arbitrary bytes. One input is read four ways: into a vector and
// record by record, with double and with exact rationals. What must hold:
// - nothing but chokepoint::parse_error escapes, and its text is "fuzz.csv:L:C: ..."
//   with L and C as the object says, L within the input, and the text short (a field is
//   quoted in a message cut to 40 bytes);
// - a read that succeeds gives rows with strictly increasing lines within the input,
//   non-empty names, and numbers that obey their column's rule;
// - the vector and the record-by-record reads agree;
// - whatever double accepts, rationals accept with the same names and lines (a rational
//   holds every decimal a double does), and each double is the correctly rounded value
//   of the exact decimal; where double fails for a reason that is not about a number's
//   range or rule, rationals fail with the very same message.

#include "fuzz.hpp"

#include <chokepoint/error.hpp>
#include <chokepoint/io/records.hpp>

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <cmath>
#include <istream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace chokepoint::fuzz {

using rational = boost::multiprecision::cpp_rational;

inline const std::string csv_name = "fuzz.csv";

/// `d` is the double nearest to the exact value `r` (ties either way).
inline bool correctly_rounded(double d, const rational& r) {
  if (!std::isfinite(d)) return false;
  const rational at(d);
  const rational error = abs(rational(r - at));
  for (const double neighbour : {std::nextafter(d, -HUGE_VAL), std::nextafter(d, HUGE_VAL)})
    if (std::isfinite(neighbour) && abs(rational(r - rational(neighbour))) < error) return false;
  return true;
}

inline void check_name(const std::string& name, const char* column) {
  FUZZ_CHECK(!name.empty(), std::string(column) + " is empty");
  FUZZ_CHECK(name.find('\0') == std::string::npos && name.find('\n') == std::string::npos,
             std::string(column) + " holds a NUL or a line break");
}

/// An optional name (the alternates' supplier and country): possibly empty, else clean.
inline void check_optional_name(const std::string& name, const char* column) {
  if (!name.empty()) check_name(name, column);
}

inline void check_number(double x, bool positive, bool below_one, const char* column) {
  FUZZ_CHECK(std::isfinite(x) && x >= 0 && (!positive || x > 0) && (!below_one || x < 1),
             std::string(column) + " breaks its rule: " + std::to_string(x));
  FUZZ_CHECK(!std::signbit(x), std::string(column) + " is -0");
}

inline void check_rounding(double d, const rational& r, const char* column) {
  FUZZ_CHECK(correctly_rounded(d, r),
             std::string(column) + ": double " + std::to_string(d) + " is not the nearest to " + r.str());
}

// Per record type: the rules of one row, and agreement of a double row with its rational row.

inline void check_record(const io::bom_record<double>& r) {
  check_name(r.parent, "parent");
  check_name(r.child, "child");
  check_number(r.quantity, true, false, "quantity");
  check_number(r.scrap, false, true, "scrap");
}
inline void check_agree(const io::bom_record<double>& d, const io::bom_record<rational>& r) {
  FUZZ_CHECK(d.parent == r.parent && d.child == r.child && d.line == r.line, "names or line differ");
  check_rounding(d.quantity, r.quantity, "quantity");
  check_rounding(d.scrap, r.scrap, "scrap");
}

inline void check_record(const io::supply_record<double>& r) {
  check_name(r.material, "material");
  check_name(r.supplier, "supplier");
  check_name(r.country, "country");
  check_number(r.volume, false, false, "volume");
}
inline void check_agree(const io::supply_record<double>& d, const io::supply_record<rational>& r) {
  FUZZ_CHECK(d.material == r.material && d.supplier == r.supplier && d.country == r.country && d.line == r.line,
             "names or line differ");
  check_rounding(d.volume, r.volume, "volume");
}

inline void check_record(const io::demand_record<double>& r) {
  check_name(r.product, "product");
  check_number(r.rate, false, false, "rate");
  FUZZ_CHECK(std::isfinite(r.priority), "priority is not finite");
  if (r.margin) check_number(*r.margin, false, false, "margin");
}
inline void check_agree(const io::demand_record<double>& d, const io::demand_record<rational>& r) {
  FUZZ_CHECK(d.product == r.product && d.line == r.line && d.margin.has_value() == r.margin.has_value(),
             "names, line or margin presence differ");
  check_rounding(d.rate, r.rate, "rate");
  check_rounding(d.priority, r.priority, "priority");
  if (d.margin) check_rounding(*d.margin, *r.margin, "margin");
}

inline void check_record(const io::stock_record<double>& r) {
  check_name(r.item, "item");
  check_number(r.on_hand, false, false, "on_hand");
  check_number(r.in_transit, false, false, "in_transit");
  if (r.arrival) check_number(*r.arrival, false, false, "arrival");
  FUZZ_CHECK(r.arrival || r.in_transit == 0, "stock in transit without an arrival day not counted on hand");
}
inline void check_agree(const io::stock_record<double>& d, const io::stock_record<rational>& r) {
  FUZZ_CHECK(d.item == r.item && d.line == r.line && d.arrival.has_value() == r.arrival.has_value(),
             "names, line or arrival presence differ");
  check_rounding(d.in_transit, r.in_transit, "in_transit");
  if (d.arrival) check_rounding(*d.arrival, *r.arrival, "arrival");
  // on_hand + in_transit is rounded twice in double (each field, then the sum).
  const double exact = static_cast<double>(r.on_hand);
  FUZZ_CHECK(close(d.on_hand, exact, 4 * std::numeric_limits<double>::epsilon()),
             "on_hand " + std::to_string(d.on_hand) + " vs exact " + r.on_hand.str());
}

inline void check_record(const io::alternate_record<double>& r) {
  check_name(r.material, "material");
  check_optional_name(r.supplier, "supplier");
  check_optional_name(r.country, "country");
  check_number(r.capacity, false, false, "capacity");
  check_number(r.lead_time, false, false, "lead_time");
  check_number(r.ramp, false, false, "ramp");
}
inline void check_agree(const io::alternate_record<double>& d, const io::alternate_record<rational>& r) {
  FUZZ_CHECK(d.material == r.material && d.supplier == r.supplier && d.country == r.country && d.line == r.line,
             "names or line differ");
  check_rounding(d.capacity, r.capacity, "capacity");
  check_rounding(d.lead_time, r.lead_time, "lead_time");
  check_rounding(d.ramp, r.ramp, "ramp");
}

inline void check_record(const io::value_record<double>& r) {
  check_name(r.item, "item");
  check_number(r.unit_value, false, false, "unit_value");
}
inline void check_agree(const io::value_record<double>& d, const io::value_record<rational>& r) {
  FUZZ_CHECK(d.item == r.item && d.line == r.line, "names or line differ");
  check_rounding(d.unit_value, r.unit_value, "unit_value");
}

/// 1-based number of the last line of `text` (a final line without '\n' counts).
inline std::size_t line_count(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

inline void check_error(const parse_error& e, std::size_t lines) {
  const std::string what = e.what();
  const std::string where = csv_name + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": ";
  FUZZ_CHECK(starts_with(what, where) && what.size() > where.size(), "malformed message: " + what);
  FUZZ_CHECK(e.file() == csv_name, "file is " + e.file());
  FUZZ_CHECK(e.line() <= lines, "line " + std::to_string(e.line()) + " of " + std::to_string(lines) + ": " + what);
  FUZZ_CHECK(what.size() < 400, "message of " + std::to_string(what.size()) + " bytes");
}

/// A message that double may give where rationals do not: about a number's range or rule.
inline bool about_a_number(const std::string& what) {
  return what.find(": number out of range, got '") != std::string::npos ||
         what.find(": must be ") != std::string::npos || what.find(" overflows, got '") != std::string::npos;
}

template <class T, class Read>
auto read_or_error(std::string_view text, Read read, std::optional<std::string>& error) {
  using records = decltype(read(std::declval<std::istream&>(), csv_name));
  std::istringstream in{std::string(text)};
  try {
    return std::optional<records>(read(in, csv_name));
  } catch (const parse_error& e) {
    check_error(e, line_count(text));
    error = e.what();
  }
  return std::optional<records>();
}

/// `read<T>(stream, name)` and `for_each<T>(stream, name, f)` as generic lambdas.
template <class ReadDouble, class ReadRational, class ForEachDouble>
int csv_target(const std::uint8_t* data, std::size_t size, ReadDouble read_double, ReadRational read_rational,
               ForEachDouble for_each_double) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t lines = line_count(text);

  std::optional<std::string> error_d, error_r;
  const auto rows = read_or_error<double>(text, read_double, error_d);
  if (rows) {
    std::size_t last = 1;
    for (const auto& r : *rows) {
      check_record(r);
      FUZZ_CHECK(r.line > last && r.line <= lines,
                 "line " + std::to_string(r.line) + " after " + std::to_string(last) + " of " + std::to_string(lines));
      last = r.line;
    }
    // Record by record: the same rows, or the same error.
    std::decay_t<decltype(*rows)> seen;
    std::istringstream in{std::string(text)};
    for_each_double(in, csv_name, [&seen](const auto& r) { seen.push_back(r); });
    FUZZ_CHECK(seen == *rows, "for_each and read disagree");
  }

  const auto exact = read_or_error<rational>(text, read_rational, error_r);
  if (rows) {
    FUZZ_CHECK(exact.has_value(), "double reads it, rational fails: " + error_r.value_or(""));
    FUZZ_CHECK(exact->size() == rows->size(), "row counts differ");
    for (std::size_t k = 0; k < rows->size(); ++k) check_agree((*rows)[k], (*exact)[k]);
  } else if (!about_a_number(*error_d)) {
    FUZZ_CHECK(error_r == error_d, "double: " + *error_d + "\n  rational: " + error_r.value_or("(no error)"));
  }
  return 0;
}

}  // namespace chokepoint::fuzz
