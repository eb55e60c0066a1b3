// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Shared by the tests: the scalar types every templated routine is checked with, a
// tolerance comparison that works for all of them (doctest's Approx is double only),
// and the seed for randomised properties, printed so that a failure can be replayed.

#include <chokepoint/multiprecision.hpp>
#include <chokepoint/scalar.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

namespace chokepoint::testing {

using dec50 = boost::multiprecision::cpp_dec_float_50;
using quad = boost::multiprecision::cpp_bin_float_quad;
using rational = boost::multiprecision::cpp_rational;

/// Relative tolerance for checking computed values of T against an independent
/// computation: looser than scalar_traits<T>::tolerance because the reference is
/// itself computed (a dense solve, a time-stepped simulation).
template <class T>
T test_tolerance() {
  if constexpr (scalar_traits<T>::is_exact) return T(0);
  else if constexpr (sizeof(T) == sizeof(float) && std::is_floating_point_v<T>) return T(1e-4f);
  else if constexpr (std::is_same_v<T, double>) return T(1e-10);
  else if constexpr (std::is_floating_point_v<T>) return T(1e-12L);
  else return T(1e-25);
}

template <class T>
std::string to_string(const T& x) {
  std::ostringstream out;
  out.precision(std::numeric_limits<double>::max_digits10);
  if constexpr (std::is_floating_point_v<T>) out << x;
  else out << x.str();
  return out.str();
}

/// CHECK that a and b agree within rel (default test_tolerance<T>()), printing both.
#define CHECK_CLOSE(a, b, ...)                                                      \
  CHECK_MESSAGE(::chokepoint::testing::close_impl(a, b __VA_OPT__(, ) __VA_ARGS__), \
                ::chokepoint::testing::to_string(a) << " vs " << ::chokepoint::testing::to_string(b))

template <class T>
bool close_impl(const T& a, const T& b, const T& rel = test_tolerance<T>()) {
  return approximately_equal(a, b, rel);
}

/// Seed of randomised properties: CHOKEPOINT_TEST_SEED in the environment, or a fixed
/// default; printed once so that any failure can be replayed.
inline std::uint64_t test_seed() {
  static const std::uint64_t seed = [] {
    const char* env = std::getenv("CHOKEPOINT_TEST_SEED");
    const std::uint64_t s = env ? std::strtoull(env, nullptr, 10) : 20250404u;
    std::cout << "[chokepoint tests] random seed " << s << " (set CHOKEPOINT_TEST_SEED to replay another)\n";
    return s;
  }();
  return seed;
}

}  // namespace chokepoint::testing

TYPE_TO_STRING(chokepoint::testing::dec50);
TYPE_TO_STRING(chokepoint::testing::quad);
TYPE_TO_STRING(chokepoint::testing::rational);

/// The scalar types every templated routine is tested with.
#define CHOKEPOINT_FLOAT_TYPES float, double, long double, chokepoint::testing::dec50, chokepoint::testing::quad
/// ... plus the rational type, for computations that are rational (HHI, explosion, TTS).
#define CHOKEPOINT_ALL_TYPES CHOKEPOINT_FLOAT_TYPES, chokepoint::testing::rational
