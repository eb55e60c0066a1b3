// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// The one source of the version: CMakeLists.txt reads these three lines.
#define CHOKEPOINT_VERSION_MAJOR 0
#define CHOKEPOINT_VERSION_MINOR 1
#define CHOKEPOINT_VERSION_PATCH 0

#define CHOKEPOINT_DETAIL_STR2(x) #x
#define CHOKEPOINT_DETAIL_STR(x) CHOKEPOINT_DETAIL_STR2(x)
#define CHOKEPOINT_VERSION_STRING                 \
  CHOKEPOINT_DETAIL_STR(CHOKEPOINT_VERSION_MAJOR) \
  "." CHOKEPOINT_DETAIL_STR(CHOKEPOINT_VERSION_MINOR) "." CHOKEPOINT_DETAIL_STR(CHOKEPOINT_VERSION_PATCH)

namespace chokepoint {
inline constexpr int version_major = CHOKEPOINT_VERSION_MAJOR;
inline constexpr int version_minor = CHOKEPOINT_VERSION_MINOR;
inline constexpr int version_patch = CHOKEPOINT_VERSION_PATCH;
inline constexpr const char* version_string = CHOKEPOINT_VERSION_STRING;
}  // namespace chokepoint
