// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A 64-bit digest of answers, for checking that two runs (two thread counts, two
// processes, the library before and after a change that must not change a bit) agree
// bit for bit. FNV-1a over bytes: numbers by their bits, so that -0 and 0, or two NaNs,
// differ; a multiprecision number by its exact text. Not a cryptographic hash.

#include <chokepoint/disruption_result.hpp>
#include <chokepoint/scalar.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace chokepoint::testing {

class digest {
 public:
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ b[i]) * 0x100000001b3ULL;
  }
  template <class T>
  requires std::is_trivially_copyable_v<T>
  void add(const T& x) { bytes(&x, sizeof x); }
  void add(std::string_view s) {
    add(s.size());
    bytes(s.data(), s.size());
  }
  /// A number that is not plain bits (cpp_rational, cpp_dec_float): its exact text.
  template <class T>
  requires(!std::is_trivially_copyable_v<T>) && requires(const T& x) {
    { x.str() } -> std::convertible_to<std::string>;
  }
  void add(const T& x) {
    const std::string text = x.str();
    add(std::string_view(text));
  }
  template <class T>
  void add(const std::optional<T>& x) {
    add(x.has_value());
    if (x) add(*x);
  }
  template <class T>
  void add(std::span<const T> v) {
    add(v.size());
    for (const T& x : v) add(x);
  }
  template <class T>
  void add(const std::vector<T>& v) {
    add(std::span<const T>(v));
  }
  /// Every answer of a scenario: the system's, each line's, each material's.
  template <scalar T>
  void add(const disruption_result<T>& r) {
    add(r.system.time);
    add(r.system.binding);
    add(r.exposed);
    for (const line_outcome<T>& o : r.lines) {
      add(o.line);
      add(o.time_to_failure);
      add(o.stopped_by);
      add(o.time_to_recover);
      add(o.lost_units);
      add(o.lost_value);
    }
    add(r.material_recovery);
    add(r.unsourced);
    add(r.lost_units);
    add(r.lost_value);
  }
  [[nodiscard]] std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace chokepoint::testing
