// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Boost.Multiprecision scalars. A program that uses chokepoint with cpp_dec_float_50,
// cpp_bin_float_quad, cpp_rational or another Boost.Multiprecision number includes this
// header (before or after the others, ahead of its own code). It brings the three number
// families and Boost's Eigen support for them, which the requirement matrix and the
// sweeps need. Not part of chokepoint.hpp: Boost's Eigen support alone is half the
// compile time of a program on double.

#include <chokepoint/detail/eigen_scalar.hpp>

#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/cpp_dec_float.hpp>
#include <boost/multiprecision/cpp_int.hpp>
#include <boost/multiprecision/eigen.hpp>

namespace chokepoint::detail {

template <class Backend, boost::multiprecision::expression_template_option ExpressionTemplates>
inline constexpr bool eigen_ready<boost::multiprecision::number<Backend, ExpressionTemplates>> = true;

}  // namespace chokepoint::detail
