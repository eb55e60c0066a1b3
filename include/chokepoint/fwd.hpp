// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Declarations of chokepoint's class templates with their default scalar, double.
// Include this instead of the full headers where only the names are needed. The
// definitions live in the topic headers and must not repeat the defaults.

#include <cstdint>

#include <chokepoint/scalar.hpp>

namespace chokepoint {

// One declaration a line, grouped by header.
// clang-format off

/// Dense id of an item in a bill of materials (interned name).
using item_id = std::uint32_t;

// bom.hpp
template <scalar T = double> class bom_builder;
template <scalar T = double> struct bom_edge;
template <scalar T = double> class bill_of_materials;

// paths.hpp
template <scalar T = double> struct dependency_path;
template <scalar T = double> struct dependency_paths_result;

// explosion.hpp
template <scalar T = double> struct requirement;
template <scalar T = double> struct netting;
template <scalar T = double> class where_used_workspace;

// concentration.hpp
template <scalar T = double> struct hhi_interval;

// supply.hpp
template <scalar T = double> class supply_builder;
template <scalar T = double> class supply_base;
template <scalar T = double> struct supply_row;
template <scalar T = double> struct material_concentration;

// governance.hpp
template <scalar T = double> class governance_weights;
template <scalar T = double> struct supply_stage;
template <scalar T = double> struct supply_risk_assessment;

// exposure.hpp
template <scalar T = double> struct exposure_options;
template <scalar T = double> struct product_exposure;
template <scalar T = double> struct material_exposure;
template <scalar T = double> struct exposure_report;
template <scalar T = double> struct country_share;
template <scalar T = double> struct basket_entry;
template <scalar T = double> struct exposure_contribution;
template <scalar T = double> struct dependency_explanation;

// scenario.hpp
template <scalar T = double> struct supply_cut;
template <scalar T = double> struct supply_quota;
template <scalar T = double> struct schedule_step;
template <scalar T = double> struct shipping_delay;
template <scalar T = double> struct scheduled_receipt;
template <scalar T = double> struct alternate_supply;
template <scalar T = double> class scenario;

// cut_spec.hpp
template <scalar T = double> struct cut_spec;
template <scalar T = double> struct delay_spec;

// disruption_result.hpp
template <scalar T = double> struct disruption_options;
template <scalar T = double> struct batch_options;
template <scalar T = double> struct survival;
template <scalar T = double> struct line_outcome;
template <scalar T = double> struct disruption_result;

// disruption.hpp
template <scalar T = double> class disruption_model;

// sweep.hpp
template <scalar T = double> struct value_range;
template <scalar T = double> struct swept_cut;
template <scalar T = double> struct swept_alternate;
template <scalar T = double> struct swept_delay;
template <scalar T = double> struct stock_scale;
template <scalar T = double> struct sweep_spec;
template <scalar T = double> struct sweep_options;
template <scalar T = double> struct line_distribution;
template <scalar T = double> struct sweep_result;

// source_recovery.hpp
template <scalar T = double> struct recovery_time;
template <scalar T = double> struct source_recovery;

// risk_index.hpp
template <scalar T = double> struct risk_index_options;
template <scalar T = double> struct risk_exposure;

// supply_network.hpp, network_model.hpp, rationing.hpp
template <scalar T = double> class network_builder;
template <scalar T = double> class supply_network;
template <scalar T = double> class network_model;
template <scalar T = double> struct rationed_line;
template <scalar T = double> struct rationing_result;

// clang-format on

}  // namespace chokepoint
