// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Decimal text to a scalar, exactly: the nearest value of the type for floating-point
// types and the exact value for rationals ("0.1" is 1/10, not the double nearest 0.1).
// One parser for every number the library and its command read as text (CSV fields,
// cut specs, command-line values), so that all accept the same numbers.
//
// Accepted: an optional sign, digits with an optional decimal point (at least one
// digit), an optional exponent (e or E, optional sign, digits); and inf, infinity, nan
// in any case, which are reported as not finite so that each caller's rule rejects them
// with its own message. No hexadecimal, no thousands separators, no spaces, no decimal
// comma (a quoted "0,5" is not a number). The CSV readers take fields as text and
// convert them here: fast-cpp-csv-parser's own parser rounds at every digit.

#include <chokepoint/scalar.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace chokepoint::detail {

enum class number_status {
  ok,
  not_a_number,
  /// Too large or too small for the type (or more than max_number_length characters).
  out_of_range,
  /// inf or nan: syntactically a number, rejected by every column's rule.
  not_finite,
};

/// Longer fields are refused before conversion: no real quantity needs them, and an
/// exact rational of a megabyte of digits would take minutes.
inline constexpr std::size_t max_number_length = 1000;

/// Largest |decimal exponent| of an exact rational (10^4096 is a 13,600-bit integer).
inline constexpr long max_rational_exponent = 4096;

/// The parts of a decimal number, as positions in the text.
struct decimal_text {
  bool negative = false;
  bool special = false;  ///< inf, infinity or nan
  const char* int_begin = nullptr;
  const char* int_end = nullptr;
  const char* frac_begin = nullptr;
  const char* frac_end = nullptr;
  long exponent = 0;     ///< saturated at +-2^30
  bool nonzero = false;  ///< some mantissa digit is not 0
};

[[nodiscard]] inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

[[nodiscard]] inline bool equals_ignoring_case(const char* begin, const char* end, const char* word) noexcept {
  for (; begin != end; ++begin, ++word) {
    if (*word == '\0') return false;
    const char c = (*begin >= 'A' && *begin <= 'Z') ? static_cast<char>(*begin - 'A' + 'a') : *begin;
    if (c != *word) return false;
  }
  return *word == '\0';
}

/// Splits [begin, end) into a decimal_text; false if it is not a number in the grammar
/// above.
[[nodiscard]] inline bool lex_decimal(const char* begin, const char* end, decimal_text& out) noexcept {
  out = decimal_text{};
  const char* p = begin;
  if (p != end && (*p == '+' || *p == '-')) out.negative = (*p++ == '-');
  if (p != end && !is_digit(*p) && *p != '.') {
    // inf, infinity, nan, nan(chars) as std::from_chars accepts them.
    if (equals_ignoring_case(p, end, "inf") || equals_ignoring_case(p, end, "infinity") ||
        equals_ignoring_case(p, end, "nan")) {
      out.special = true;
      return true;
    }
    if (end - p >= 5 && equals_ignoring_case(p, p + 4, "nan(") && end[-1] == ')') {
      for (const char* q = p + 4; q != end - 1; ++q)
        if (!(is_digit(*q) || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_')) return false;
      out.special = true;
      return true;
    }
    return false;
  }
  out.int_begin = p;
  while (p != end && is_digit(*p)) out.nonzero |= (*p++ != '0');
  out.int_end = p;
  out.frac_begin = out.frac_end = p;
  if (p != end && *p == '.') {
    out.frac_begin = ++p;
    while (p != end && is_digit(*p)) out.nonzero |= (*p++ != '0');
    out.frac_end = p;
  }
  if (out.int_begin == out.int_end && out.frac_begin == out.frac_end) return false;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool negative_exponent = false;
    if (p != end && (*p == '+' || *p == '-')) negative_exponent = (*p++ == '-');
    if (p == end || !is_digit(*p)) return false;
    constexpr long saturation = 1L << 30;
    long e = 0;
    while (p != end && is_digit(*p)) {
      if (e < saturation) e = e * 10 + (*p - '0');
      ++p;
    }
    out.exponent = negative_exponent ? -e : e;
  }
  return p == end;
}

/// An exact fraction type such as Boost.Multiprecision's cpp_rational, with numerator()
/// and denominator() found by argument-dependent lookup (so that this header need not
/// include Boost.Multiprecision, which a program on double does not use).
template <class T>
concept exact_rational = std::numeric_limits<T>::is_exact && requires(const T& x) {
  numerator(x);
  denominator(x);
};

/// Exact value of a decimal for a rational type: the digits as an integer over a power
/// of ten.
template <exact_rational T>
[[nodiscard]] number_status decimal_to_rational(const decimal_text& d, T& out) {
  using integer = std::remove_cvref_t<decltype(numerator(out))>;
  if (!d.nonzero) {
    out = T(0);
    return number_status::ok;
  }
  // Read the digits in chunks of up to 18 into a machine word, then into the integer.
  integer digits(0);
  std::uint64_t chunk = 0;
  std::uint64_t chunk_scale = 1;
  auto add_digit = [&](char c) {
    chunk = chunk * 10 + static_cast<std::uint64_t>(c - '0');
    chunk_scale *= 10;
    if (chunk_scale == 1'000'000'000'000'000'000ULL) {
      digits *= integer(chunk_scale);
      digits += integer(chunk);
      chunk = 0;
      chunk_scale = 1;
    }
  };
  for (const char* p = d.int_begin; p != d.int_end; ++p) add_digit(*p);
  for (const char* p = d.frac_begin; p != d.frac_end; ++p) add_digit(*p);
  if (chunk_scale != 1) {
    digits *= integer(chunk_scale);
    digits += integer(chunk);
  }
  // value = digits * 10^(exponent - number of fraction digits)
  const long scale = d.exponent - static_cast<long>(d.frac_end - d.frac_begin);
  if (scale > max_rational_exponent || scale < -max_rational_exponent) return number_status::out_of_range;
  const integer power = pow(integer(10), static_cast<unsigned>(scale < 0 ? -scale : scale));
  T value(digits);
  if (scale < 0) value /= T(power);
  else value *= T(power);
  if (d.negative) value = T(-value);
  out = value;
  return number_status::ok;
}

/// Converts the text [begin, end) to T; `out` is written only when the result is ok.
template <scalar T>
[[nodiscard]] number_status parse_number(const char* begin, const char* end, T& out) {
  if (static_cast<std::size_t>(end - begin) > max_number_length) return number_status::out_of_range;
  if constexpr (std::is_floating_point_v<T>) {
    // std::from_chars rounds correctly and ignores the locale; it only lacks the
    // leading '+' that spreadsheets sometimes write.
    const char* p = begin;
    if (p != end && *p == '+') {
      ++p;
      if (p != end && *p == '-') return number_status::not_a_number;
    }
    T value{};
    const auto [ptr, ec] = std::from_chars(p, end, value, std::chars_format::general);
    if (ec == std::errc::invalid_argument || ptr != end || p == end) return number_status::not_a_number;
    if (ec == std::errc::result_out_of_range) return number_status::out_of_range;
    if (!std::isfinite(value)) return number_status::not_finite;
    out = value;
    return number_status::ok;
  } else {
    decimal_text d;
    if (!lex_decimal(begin, end, d)) return number_status::not_a_number;
    if (d.special) return number_status::not_finite;
    if constexpr (exact_rational<T>) {
      return decimal_to_rational(d, out);
    } else if constexpr (std::is_constructible_v<T, std::string>) {
      // Boost.Multiprecision floats (and user types) read decimal text themselves,
      // rounding once; the grammar was checked above.
      T value;
      try {
        value = T(std::string(begin, end));
      } catch (const std::exception&) {
        return number_status::out_of_range;  // e.g. an exponent the type cannot hold
      }
      if (!scalar_traits<T>::is_finite(value)) return number_status::out_of_range;
      if (d.nonzero && value == T(0)) return number_status::out_of_range;  // underflow
      out = value;
      return number_status::ok;
    } else {
      static_assert(std::is_constructible_v<T, std::string>,
                    "chokepoint: the scalar type must be a floating-point type, a "
                    "rational (such as Boost.Multiprecision's), or constructible from decimal text");
      return number_status::not_a_number;
    }
  }
}

/// The value of `text` if it is a finite number, else nothing.
template <scalar T>
[[nodiscard]] std::optional<T> parse_finite(std::string_view text) {
  T value{};
  if (parse_number(text.data(), text.data() + text.size(), value) != number_status::ok) return std::nullopt;
  return value;
}

/// A range as written, LOW..HIGH: the text of its ends. `high` is empty when there is
/// no "..": whether one number is a range is for the caller to say.
struct written_range {
  std::string_view low;
  std::optional<std::string_view> high;
};

[[nodiscard]] inline written_range split_range(std::string_view text) noexcept {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) return {text, std::nullopt};
  return {text.substr(0, dots), text.substr(dots + 2)};
}

}  // namespace chokepoint::detail
