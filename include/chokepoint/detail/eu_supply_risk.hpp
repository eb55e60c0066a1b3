// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The EU supply-risk formula of one value-chain stage with the checks of its inputs,
// shared by eu_supply_risk() on one stage and on a list of stages (whose messages name
// the stage through `prefix`), and the trait that recognises a list of stages.

#include <chokepoint/detail/message.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace chokepoint::detail {

template <class S>
struct is_supply_stage : std::false_type {};
template <scalar T>
struct is_supply_stage<supply_stage<T>> : std::true_type {
  using scalar_type = T;
};

template <scalar T>
void check_unit_interval(std::string_view where, const std::string& prefix, const T& x, const char* what) {
  if (!scalar_traits<T>::is_finite(x) || x < T(0) || T(1) < x)
    throw_invalid(where, concat(prefix, what, " outside [0, 1]"));
}
template <scalar T>
T eu_supply_risk_checked(const std::string& prefix, const T& hhi_global, const T& hhi_sourcing, const T& ir,
                         const T& eol_rir, const T& substitution) {
  constexpr std::string_view where = "chokepoint::eu_supply_risk";
  if (!scalar_traits<T>::is_finite(hhi_global) || hhi_global < T(0))
    throw_invalid(where, concat(prefix, "HHI of global supply is negative or not finite"));
  if (!scalar_traits<T>::is_finite(hhi_sourcing) || hhi_sourcing < T(0))
    throw_invalid(where, concat(prefix, "HHI of sourcing is negative or not finite"));
  check_unit_interval(where, prefix, ir, "import reliance");
  check_unit_interval(where, prefix, eol_rir, "end-of-life recycling input rate");
  check_unit_interval(where, prefix, substitution, "substitution index");
  const T half_ir = T(ir / T(2));
  const T blend = T(T(hhi_global * half_ir) + T(hhi_sourcing * T(T(1) - half_ir)));
  return T(T(blend * T(T(1) - eol_rir)) * substitution);
}

}  // namespace chokepoint::detail
