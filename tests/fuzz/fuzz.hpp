// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What every fuzz target shares. A target is written once, with
// CHOKEPOINT_FUZZ_TARGET(name) { ... data, size ... }, and built two ways:
// - as a libFuzzer program <name>_fuzz (CHOKEPOINT_BUILD_FUZZERS=ON, clang only), which
//   tests/fuzz/run.sh runs for a set time;
// - into fuzz_replay, which every build has: it runs the committed corpus and the
//   regression inputs of each target as a ctest test (sanitized in the sanitizer build).
//
// A finding is an abort: a crash, a sanitizer report, an exception other than the
// library's documented error, or a broken invariant (FUZZ_CHECK prints what and why).

#include <chokepoint/scalar.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <string_view>

namespace chokepoint::fuzz {

using target_function = int (*)(const std::uint8_t*, std::size_t);

/// Targets by name, for fuzz_replay.
inline std::map<std::string, target_function>& targets() {
  static std::map<std::string, target_function> all;
  return all;
}

inline bool register_target(const char* name, target_function f) {
  targets()[name] = f;
  return true;
}

[[noreturn]] inline void finding(const char* file, int line, const char* condition, const std::string& detail) {
  std::fprintf(stderr, "%s:%d: fuzz finding: %s\n  %s\n", file, line, condition, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

/// Reads an input byte by byte; past the end every byte is 0, so that any input decodes.
class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  [[nodiscard]] bool empty() const noexcept { return at_ >= size_; }
  [[nodiscard]] std::uint8_t byte() noexcept { return at_ < size_ ? data_[at_++] : 0; }

  /// A double: mostly from a table of values that break things (0, -0, NaN, infinities,
  /// the largest and smallest doubles, values whose products overflow), else 8 raw bytes.
  [[nodiscard]] double number() noexcept {
    static constexpr double table[] = {1,
                                       2,
                                       0.5,
                                       3,
                                       10,
                                       0.1,
                                       1e-3,
                                       1e3,
                                       7.25,
                                       1.5,
                                       0.25,
                                       100,
                                       0,
                                       -0.0,
                                       -1,
                                       -1e-300,
                                       std::numeric_limits<double>::quiet_NaN(),
                                       std::numeric_limits<double>::infinity(),
                                       -std::numeric_limits<double>::infinity(),
                                       std::numeric_limits<double>::max(),
                                       std::numeric_limits<double>::min(),
                                       std::numeric_limits<double>::denorm_min(),
                                       1e308,
                                       1e300,
                                       1e200,
                                       1e154,
                                       1e100,
                                       1e10,
                                       1e-10,
                                       1e-100,
                                       1e-300,
                                       0.999999999,
                                       1 - std::numeric_limits<double>::epsilon() / 2,
                                       1.7976931348623155e308};
    constexpr std::size_t n = sizeof table / sizeof table[0];
    const std::uint8_t b = byte();
    if (b < 4 * n) return table[b % n];
    double x = 0;
    std::uint8_t raw[sizeof x];
    for (std::uint8_t& r : raw) r = byte();
    std::memcpy(&x, raw, sizeof x);
    return x;
  }

  /// The bytes not read yet, as text.
  [[nodiscard]] std::string_view rest() noexcept {
    const std::string_view s(reinterpret_cast<const char*>(data_ + (at_ < size_ ? at_ : size_)),
                             at_ < size_ ? size_ - at_ : 0);
    at_ = size_;
    return s;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

/// Relative agreement for computed values checked against an independent computation.
[[nodiscard]] inline bool close(long double a, long double b, long double rel) {
  if (a == b) return true;
  const long double scale = std::fmax(1.0L, std::fmax(std::fabs(a), std::fabs(b)));
  return std::fabs(a - b) <= rel * scale;
}

[[nodiscard]] inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace chokepoint::fuzz

/// Aborts with the condition and `detail` (a std::string expression, evaluated only then).
#define FUZZ_CHECK(condition, detail) \
  ((condition) ? static_cast<void>(0) : ::chokepoint::fuzz::finding(__FILE__, __LINE__, #condition, (detail)))

#if defined(CHOKEPOINT_FUZZ_REPLAY)
#define CHOKEPOINT_FUZZ_TARGET(name)                                             \
  static int chokepoint_fuzz_##name(const std::uint8_t* data, std::size_t size); \
  [[maybe_unused]] static const bool chokepoint_fuzz_registered_##name =         \
      ::chokepoint::fuzz::register_target(#name, chokepoint_fuzz_##name);        \
  static int chokepoint_fuzz_##name(const std::uint8_t* data, std::size_t size)
#else
#define CHOKEPOINT_FUZZ_TARGET(name) extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
#endif
