// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The two errors of every top-down sweep (explode, net_requirements, the disruption
// model's passes): an input that is not finite, and a requirement that overflows.
// Checked as the sweep goes, one comparison per item (none for exact types), because a
// NaN or an infinity would otherwise spread to every item below without a word.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <string>

namespace chokepoint::detail {

template <scalar T>
[[noreturn]] void throw_not_finite_input(const bill_of_materials<T>& bom, const char* where, const char* what,
                                         item_id i, const T& x) {
  throw invalid_input(std::string(where) + ": " + what + " of '" + std::string(bom.name(i)) + "' must be finite, got " +
                      detail::format_scalar(x));
}

template <scalar T>
[[noreturn]] void throw_requirement_overflow(const bill_of_materials<T>& bom, const char* where, item_id i) {
  throw invalid_input(std::string(where) + ": gross requirement of '" + std::string(bom.name(i)) + "' overflows");
}

}  // namespace chokepoint::detail
