// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// What the disruption engine answers for one scenario (docs/model.md, Disruption): the
// system time-to-survive with its binding materials, and for every line its
// time-to-failure, the material that stopped it, its time-to-recover and its lost
// production; and the options a scenario, or a batch of them, is evaluated under.

#include <chokepoint/cascade_policy.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace chokepoint {

template <scalar T>
struct disruption_options {
  T horizon = T(365);  ///< days, finite and >= 0
  cascade_policy policy = cascade_policy::equal;
};

/// Options of the functions that evaluate many scenarios at once (sweep,
/// risk_exposure_index): each scenario's options, the threads and a progress report.
template <scalar T>
struct batch_options : disruption_options<T> {
  unsigned threads = 0;  ///< 0: every hardware thread; the answers do not depend on it
  /// Called from the calling thread with (work done, total work). It may throw to cancel
  /// (the exception reaches the caller).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// System time-to-survive: empty `time` when no material runs short within the horizon.
template <scalar T>
struct survival {
  std::optional<T> time;
  std::vector<item_id> binding;  ///< materials that bind at `time`, in id order
};

/// What happens to one line (an item with demand) in a scenario.
template <scalar T>
struct line_outcome {
  item_id line = 0;
  std::optional<T> time_to_failure;   ///< empty: runs through the horizon
  std::optional<item_id> stopped_by;  ///< the binding material that stopped it
  std::optional<T> time_to_recover;   ///< TTR of stopped_by; empty: never recovers (or not stopped)
  T lost_units = T(0);
  T lost_value = T(0);
};

template <scalar T>
struct disruption_result {
  survival<T> system;  ///< TTS and its binding materials
  /// TTS < TTR of a binding material (a binding material that never recovers counts).
  bool exposed = false;
  std::vector<line_outcome<T>> lines;  ///< every item with demand, in id order
  /// TTR of every material of the BOM, aligned with bill_of_materials::materials();
  /// empty: never recovers.
  std::vector<std::optional<T>> material_recovery;
  std::vector<item_id> unsourced;  ///< BOM materials without sources in the supply base
  T lost_units = T(0);
  T lost_value = T(0);
};

}  // namespace chokepoint
