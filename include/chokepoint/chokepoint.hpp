// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Everything in the core library. Embedders who want less include the topic headers.

#include <chokepoint/assert.hpp>
#include <chokepoint/bom.hpp>
#include <chokepoint/cascade_policy.hpp>
#include <chokepoint/concentration.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/exposure.hpp>
#include <chokepoint/fwd.hpp>
#include <chokepoint/governance.hpp>
#include <chokepoint/matching.hpp>
#include <chokepoint/network_model.hpp>
#include <chokepoint/paths.hpp>
#include <chokepoint/policy.hpp>
#include <chokepoint/rationing.hpp>
#include <chokepoint/requirement_matrix.hpp>
#include <chokepoint/risk_index.hpp>
#include <chokepoint/scalar.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>
#include <chokepoint/supply_network.hpp>
#include <chokepoint/sweep.hpp>
#include <chokepoint/version.hpp>
