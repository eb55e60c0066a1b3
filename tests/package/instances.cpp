// SPDX-License-Identifier: MIT
// The consumer's one file that compiles chokepoint's instantiations for double
// (separate compilation, chokepoint/instantiate.hpp).
#include <chokepoint/instantiate.hpp>
