// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Separate compilation, for programs that want shorter builds (optional; the library
// stays header-only). The bill of materials, the supply base, scenarios, the disruption
// engine, exposure, sweeps and the risk index for `double` are most of what a program
// compiles. To compile them once rather than in every file:
// - define CHOKEPOINT_SEPARATE_COMPILATION in every file of the program, so that the
//   topic headers declare those instantiations `extern`;
// - include this header in exactly one file, which defines them.
// CMake: target_compile_definitions(tool PRIVATE CHOKEPOINT_SEPARATE_COMPILATION) and a
// source file holding `#include <chokepoint/instantiate.hpp>`. Every file must see the
// same configuration (the same CHOKEPOINT_ASSERT, the same flags), as for any template
// compiled apart. ctest's separate_compilation_lists keeps this list and the headers'
// `extern` declarations equal.

#include <chokepoint/bom.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/exposure.hpp>
#include <chokepoint/risk_index.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/sweep.hpp>

#include <vector>

namespace chokepoint {

template class bom_builder<double>;
template class bill_of_materials<double>;
template class supply_builder<double>;
template class supply_base<double>;
template class scenario<double>;
template class disruption_model<double>;
template exposure_report<double> exposure(const bill_of_materials<double>&, const supply_base<double>&,
                                          const exposure_options<double>&);
template sweep_result<double> sweep(const disruption_model<double>&, const sweep_spec<double>&,
                                    const sweep_options<double>&);
template std::vector<risk_exposure<double>> risk_exposure_index(const disruption_model<double>&, grouping,
                                                                const source_recovery<double>&,
                                                                const risk_index_options<double>&);
template std::vector<risk_exposure<double>> risk_exposure_index(const disruption_model<double>&, grouping,
                                                                const double&, const risk_index_options<double>&);

}  // namespace chokepoint
