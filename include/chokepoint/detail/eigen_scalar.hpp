// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Whether Eigen may hold a scalar type. A Boost.Multiprecision number needs Boost's
// Eigen support (NumTraits, and the mixed types of its expression templates), which
// <chokepoint/multiprecision.hpp> brings. The headers that put T into Eigen (the
// requirement matrix, the sweeps) check this, so that a program which forgets that
// header gets one readable message instead of pages from inside Eigen. Every other
// header leaves Boost's Eigen support out: it is half the compile time of a program on
// double.

namespace chokepoint::detail {

/// Boost.Multiprecision's number<Backend, ET>, recognised without including Boost.
template <class T>
concept multiprecision_number = requires {
  typename T::backend_type;
};

/// True unless T is a multiprecision number and <chokepoint/multiprecision.hpp> is not
/// included (which specialises this).
template <class T>
inline constexpr bool eigen_ready = !multiprecision_number<T>;

}  // namespace chokepoint::detail

// The check, with one message for every place that makes it.
#define CHOKEPOINT_REQUIRE_EIGEN_SUPPORT(T)                                                     \
  static_assert(::chokepoint::detail::eigen_ready<T>,                                           \
                "a Boost.Multiprecision scalar needs #include <chokepoint/multiprecision.hpp> " \
                "(Boost's Eigen support for it)")
