// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Which lines stop when a material runs short, and the names that a command line or a
// file gives the policies, in one place. The first names were `equal` and `priority`;
// `equal` read as "share the supply equally", which it does not do, so the policies are
// now named for what they stop. The old names stay as aliases, in the enum and in text.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chokepoint {

/// Which lines stop when a material binds (see disruption.hpp for the cascade).
enum class cascade_policy : std::uint8_t {
  stop_all,                         ///< every running line that draws on the binding material stops
  stop_lowest_priority,             ///< only the running drawers of lowest priority stop, repeated while still short
  equal = stop_all,                 ///< the earlier name of stop_all
  priority = stop_lowest_priority,  ///< the earlier name of stop_lowest_priority
};

/// A policy's name in text, and whether it is an earlier name kept as an alias.
struct cascade_policy_name {
  std::string_view name;
  cascade_policy policy;
  bool alias;
};

/// Every accepted name, the current ones first.
inline constexpr std::array<cascade_policy_name, 4> cascade_policy_names{{
    {"stop-all", cascade_policy::stop_all, false},
    {"stop-lowest-priority", cascade_policy::stop_lowest_priority, false},
    {"equal", cascade_policy::stop_all, true},
    {"priority", cascade_policy::stop_lowest_priority, true},
}};

/// The current name of `p`: "stop-all" or "stop-lowest-priority".
[[nodiscard]] constexpr std::string_view to_string(cascade_policy p) noexcept {
  for (const cascade_policy_name& n : cascade_policy_names)
    if (n.policy == p && !n.alias) return n.name;
  return "?";
}

/// The policy named `text` (a current name or an alias); empty for any other text.
[[nodiscard]] constexpr std::optional<cascade_policy> parse_cascade_policy(std::string_view text) noexcept {
  for (const cascade_policy_name& n : cascade_policy_names)
    if (n.name == text) return n.policy;
  return std::nullopt;
}

}  // namespace chokepoint
