// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A time to recover per source, for the risk exposure index (risk_index.hpp): how long
// each supplier or country stays cut, as Simchi-Levi's index gives every node its own
// TTR. The sources it lists by name get their own days, every other source the
// fallback. Plain data, kept apart from risk_index.hpp so that a reader of recovery
// files (io/recovery.hpp) does not pull in the disruption engine; the index checks it
// (find_recovery_problem).
//
//   chokepoint::source_recovery<double> ttr{30.0, {{"Acme", 90.0}, {"Shin-Etsu", 14.0}}};

#include <chokepoint/fwd.hpp>
#include <chokepoint/scalar.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chokepoint {

/// One source's time to recover.
template <scalar T>
struct recovery_time {
  std::string source;  ///< a supplier or a country, as the index groups the sources
  T days = T(0);       ///< > 0; infinite: the source never recovers
  /// The number shown in error messages (a file's line, say); 0: the entry's 1-based
  /// position in source_recovery::listed.
  std::size_t row = 0;
};

/// The time to recover of every source: `listed` for the sources it names (each at most
/// once), `fallback` for the others.
template <scalar T>
struct source_recovery {
  T fallback = T(0);  ///< > 0; infinite: the sources not listed never recover
  std::vector<recovery_time<T>> listed;
};

/// What risk_exposure_index refuses in a source_recovery.
struct recovery_problem {
  std::optional<std::size_t> entry;  ///< in source_recovery::listed; empty: the fallback
  std::size_t row = 0;               ///< the entry's row (its 1-based position when it gives none); 0: the fallback
  std::string what;                  ///< e.g. "recovery time of unknown supplier 'acme' (did you mean 'Acme'?)"
};

}  // namespace chokepoint
