// SPDX-License-Identifier: MIT
// The README's quick start: compiled and run as a test so that it stays true.
#include <chokepoint/chokepoint.hpp>

#include <iostream>

int main() {
  std::cout << "chokepoint " << chokepoint::version_string << "\n";
}
