// SPDX-License-Identifier: MIT
#include <chokepoint/chokepoint.hpp>

#include "support.hpp"

using namespace chokepoint;
using chokepoint::testing::rational;

static_assert(scalar<float> && scalar<double> && scalar<long double>);
static_assert(scalar<chokepoint::testing::dec50> && scalar<chokepoint::testing::quad> && scalar<rational>);
static_assert(!scalar<int*>, "a pointer is not a quantity");
static_assert(!scalar<std::string>);
static_assert(!scalar<int> && !scalar<long>, "integers would truncate shares");
static_assert(!scalar<boost::multiprecision::cpp_int>);

TEST_CASE_TEMPLATE("scalar_traits: epsilon, tolerance and infinity", T, CHOKEPOINT_ALL_TYPES) {
  using traits = scalar_traits<T>;
  const T inf = traits::infinity();
  CHECK(traits::is_infinite(inf));
  CHECK_FALSE(traits::is_infinite(T(1e6)));
  CHECK(T(1e20) < inf);  // the rational stand-in is beyond any horizon in days
  CHECK(traits::is_finite(T(3)));
  if constexpr (traits::is_exact) {
    CHECK(traits::epsilon() == T(0));
    CHECK(traits::tolerance() == T(0));
  } else {
    CHECK(traits::epsilon() > T(0));
    CHECK(traits::tolerance() > traits::epsilon());
    CHECK(traits::tolerance() < T(1e-3));
  }
  if constexpr (traits::has_infinity) CHECK_FALSE(traits::is_finite(inf));
}

TEST_CASE_TEMPLATE("approximately_equal is relative, with an absolute floor at 1", T, CHOKEPOINT_ALL_TYPES) {
  const T third = T(1) / T(3);
  CHECK(approximately_equal(T(third * T(3)), T(1)));
  CHECK(approximately_equal(T(1e6), T(1e6)));
  CHECK_FALSE(approximately_equal(T(1), T(1.001)));
  CHECK(approximately_equal(T(1), T(1.001), T(0.01)));
  if constexpr (scalar_traits<T>::is_exact) {
    CHECK_FALSE(approximately_equal(T(1), T(T(1) + T(1) / T(1000000000))));
  }
}

TEST_CASE("NaN is not finite") {
  CHECK_FALSE(scalar_traits<double>::is_finite(std::numeric_limits<double>::quiet_NaN()));
  CHECK_FALSE(scalar_traits<chokepoint::testing::dec50>::is_finite(
      std::numeric_limits<chokepoint::testing::dec50>::quiet_NaN()));
}

TEST_CASE("version: one source, three numbers and a string") {
  CHECK(std::string(CHOKEPOINT_VERSION_STRING) ==
        std::to_string(version_major) + "." + std::to_string(version_minor) + "." + std::to_string(version_patch));
}
