// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What a supply network makes over a window when supply runs short and lines slow down
// instead of stopping (docs/model.md, Rationing): each line's production over [0, W]
// and what it loses against its demand, in units and in value (its margin per unit). A
// line never runs above its plan, so what a shortage costs is not caught up later.
//
// - proportional (network_model::ration_proportionally): supply shared in proportion to
//   demand, as max-min fairness: every line gets the same fraction of its demand until
//   a supply it draws on runs out, and the lines that do not draw on it go on growing;
//   one scarce supply is shared in proportion to its users' demand;
// - by margin (chokepoint::lp::ration_by_margin, with COIN-OR Clp): the production that
//   loses the least value, the objective of Simchi-Levi's time-to-recover program.

#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <vector>

namespace chokepoint {

template <scalar T>
struct rationed_line {
  item_id line = 0;
  T demand = T(0);    ///< units over the window: d_j W
  T produced = T(0);  ///< units over the window
  T lost_units = T(0);
  T lost_value = T(0);
};

template <scalar T>
struct rationing_result {
  T window = T(0);                         ///< days
  std::vector<rationed_line<T>> lines;     ///< every item with demand, in id order
  T lost_units = T(0), lost_value = T(0);  ///< over all lines
};

}  // namespace chokepoint
