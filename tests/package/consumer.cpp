// SPDX-License-Identifier: MIT
// A program that embeds chokepoint the way a user's tool does.
#include <chokepoint/chokepoint.hpp>

#include <cstdio>
#include <cstring>

int main() {
  const bool ok = std::strlen(chokepoint::version_string) > 0 && chokepoint::approximately_equal(0.1 + 0.2, 0.3);
  std::printf("chokepoint %s %s\n", chokepoint::version_string, ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
