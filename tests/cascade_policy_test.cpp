// SPDX-License-Identifier: MIT
#include <chokepoint/cascade_policy.hpp>

#include <doctest/doctest.h>

using chokepoint::cascade_policy;
using chokepoint::parse_cascade_policy;

TEST_CASE("cascade policies: names that say what they stop, and the earlier names as aliases") {
  CHECK(to_string(cascade_policy::stop_all) == "stop-all");
  CHECK(to_string(cascade_policy::stop_lowest_priority) == "stop-lowest-priority");
  // The earlier enumerators are the same policies, named by the new names.
  static_assert(cascade_policy::equal == cascade_policy::stop_all);
  static_assert(cascade_policy::priority == cascade_policy::stop_lowest_priority);
  CHECK(to_string(cascade_policy::equal) == "stop-all");

  CHECK(parse_cascade_policy("stop-all") == cascade_policy::stop_all);
  CHECK(parse_cascade_policy("stop-lowest-priority") == cascade_policy::stop_lowest_priority);
  CHECK(parse_cascade_policy("equal") == cascade_policy::stop_all);
  CHECK(parse_cascade_policy("priority") == cascade_policy::stop_lowest_priority);
  CHECK_FALSE(parse_cascade_policy("fair").has_value());
  CHECK_FALSE(parse_cascade_policy("Stop-All").has_value());
  CHECK_FALSE(parse_cascade_policy("").has_value());
  static_assert(parse_cascade_policy("stop-all") == cascade_policy::stop_all);  // usable at compile time
}
