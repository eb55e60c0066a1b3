// SPDX-License-Identifier: MIT
// The library's instantiations for double, compiled once for the programs built with
// CHOKEPOINT_SEPARATE_COMPILATION (chokepoint/instantiate.hpp).
#include <chokepoint/instantiate.hpp>
