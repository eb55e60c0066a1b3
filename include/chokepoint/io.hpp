// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Every CSV reader (target chokepoint::io, which adds fast-cpp-csv-parser). Not part of
// chokepoint.hpp: the core library needs only Eigen and Boost.

#include <chokepoint/io/alternates.hpp>
#include <chokepoint/io/bom.hpp>
#include <chokepoint/io/demand.hpp>
#include <chokepoint/io/load.hpp>
#include <chokepoint/io/network.hpp>
#include <chokepoint/io/records.hpp>
#include <chokepoint/io/recovery.hpp>
#include <chokepoint/io/schedule.hpp>
#include <chokepoint/io/stock.hpp>
#include <chokepoint/io/supply.hpp>
#include <chokepoint/io/values.hpp>
