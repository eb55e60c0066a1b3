// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// From files to the library's types: a bill of materials, a supply base, and vectors
// indexed by item id (demand, priority, margin, stock, unit value). The readers check
// each field; these functions check what only the whole can show, and name the file
// and line:
//
//   "demand.csv:4:0: unknown item 'Tesla' (not in the bill of materials)"
//   "stock.csv:9:0: item 'Dy oxide' listed twice (first at line 5)"
//   "stock.csv:3:0: 'motor' is an assembly in the bill of materials: stock in transit with an arrival day is for materials only"
//   "bom.csv: chokepoint::bom: cycle A -> B -> A"   (whole-file rules have no line)
//   "alternates.csv:3:0: 'motor' is an assembly in the bill of materials, not a material"
//
// Nothing is skipped: every row lands in the result or raises an error.

#include <chokepoint/bom.hpp>
#include <chokepoint/detail/format.hpp>
#include <chokepoint/error.hpp>
#include <chokepoint/io/alternates.hpp>
#include <chokepoint/io/bom.hpp>
#include <chokepoint/io/demand.hpp>
#include <chokepoint/io/stock.hpp>
#include <chokepoint/io/supply.hpp>
#include <chokepoint/io/values.hpp>
#include <chokepoint/scenario.hpp>
#include <chokepoint/supply.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace chokepoint::io {

namespace detail {

// A batch of rows of a BOM file on their way into a bom_builder: copied (the reader
// reuses its record) and handed over together through add_edges, which overlaps the
// name lookups of neighbouring rows.
template <scalar T>
class bom_batch {
 public:
  static constexpr std::size_t capacity = 4096;

  bom_batch() {
    rows_.reserve(capacity);
    edges_.reserve(capacity);
  }

  [[nodiscard]] bool full() const noexcept { return rows_.size() == capacity; }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }

  void add(const bom_record<T>& r) {
    const std::size_t at = text_.size();
    text_ += r.parent;
    text_ += r.child;
    rows_.push_back({at, r.parent.size(), r.child.size(), r.quantity, r.scrap, r.line});
  }

  /// Adds the rows to `builder` and empties the batch. An edge the builder refuses is
  /// a parse_error at its line.
  void add_to(bom_builder<T>& builder, const std::string& path) {
    edges_.clear();
    const std::string_view text(text_);
    for (const row& r : rows_)
      edges_.push_back(
          {text.substr(r.at, r.parent_size), text.substr(r.at + r.parent_size, r.child_size), r.quantity, r.scrap});
    const std::size_t before = builder.edge_count();
    try {
      builder.add_edges(edges_);
    } catch (const invalid_input& e) {
      // The edges before the bad one were added: their count says which row it is.
      throw parse_error(path, rows_[builder.edge_count() - before].line, 0, e.what());
    }
    rows_.clear();
    text_.clear();
  }

 private:
  struct row {
    std::size_t at, parent_size, child_size;
    T quantity, scrap;
    std::size_t line;
  };
  std::string text_;
  std::vector<row> rows_;
  std::vector<bom_edge<T>> edges_;
};

// Reading and building overlap: the calling thread reads rows into batches, and a
// second thread, started once the first batch is full, adds them to the builder,
// which only it touches until finish(). At most `depth` batches wait, so memory stays
// bounded whatever the file size. Errors come out as a sequential load would give
// them: the first bad row in file order.
template <scalar T>
class bom_pipeline {
 public:
  bom_pipeline(bom_builder<T>& builder, const std::string& path) : builder_(builder), path_(path) {}
  bom_pipeline(const bom_pipeline&) = delete;
  bom_pipeline& operator=(const bom_pipeline&) = delete;
  ~bom_pipeline() { stop(); }

  /// A hint for the builder: about this many edges in all.
  void expect_edges(std::size_t edges) { expected_edges_ = edges; }

  void add(const bom_record<T>& r) {
    current_.add(r);
    if (current_.full()) hand_over();
  }

  /// Adds what is left and waits until every row is in the builder.
  void finish() {
    if (!worker_.joinable()) {
      reserve();
      current_.add_to(builder_, path_);
      return;
    }
    if (!current_.empty()) hand_over();
    stop();
    if (failed_) std::rethrow_exception(failed_);
  }

  /// After a read error: adds the rows read before it, so that the builder's error
  /// comes out if one of them is bad (it came first in the file), else the read error.
  [[noreturn]] void fail(std::exception_ptr read_error) {
    finish();
    std::rethrow_exception(read_error);
  }

 private:
  static constexpr std::size_t depth = 4;

  void reserve() {
    if (expected_edges_ > 0) builder_.reserve(0, expected_edges_);
  }

  void hand_over() {
    if (!worker_.joinable()) worker_ = std::jthread([this] { work(); });
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return waiting_.size() < depth || failed_; });
    if (failed_) {
      lock.unlock();
      stop();
      std::rethrow_exception(failed_);
    }
    waiting_.push_back(std::move(current_));
    if (!spare_.empty()) {
      current_ = std::move(spare_.back());
      spare_.pop_back();
    } else {
      current_ = bom_batch<T>();
    }
    changed_.notify_all();
  }

  // Any failure here (a bad row, the reservation, memory) ends the load: it is handed to
  // the reading thread, which rethrows it; nothing escapes this thread.
  void work() {
    try {
      reserve();
      for (;;) {
        bom_batch<T> batch;
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [this] { return !waiting_.empty() || done_; });
          if (waiting_.empty()) return;
          batch = std::move(waiting_.front());
          waiting_.pop_front();
        }
        batch.add_to(builder_, path_);
        const std::lock_guard lock(mutex_);
        spare_.push_back(std::move(batch));
        changed_.notify_all();
      }
    } catch (...) {
      const std::lock_guard lock(mutex_);
      failed_ = std::current_exception();
      waiting_.clear();
      changed_.notify_all();
    }
  }

  void stop() {
    if (!worker_.joinable()) return;
    {
      const std::lock_guard lock(mutex_);
      done_ = true;
      changed_.notify_all();
    }
    worker_.join();
  }

  bom_builder<T>& builder_;
  const std::string& path_;
  std::size_t expected_edges_ = 0;
  bom_batch<T> current_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<bom_batch<T>> waiting_;
  std::vector<bom_batch<T>> spare_;
  bool done_ = false;
  std::exception_ptr failed_;
  std::jthread worker_;  // last: joined (by stop) before the members it uses go away
};

}  // namespace detail

/// Reads and builds a bill of materials. On a large file, reading and adding the edges
/// to the builder run on two threads.
template <scalar T = double>
[[nodiscard]] bill_of_materials<T> load_bom(const std::string& path,
                                            duplicate_edges duplicates = duplicate_edges::reject) {
  bom_builder<T> builder;
  {
    detail::bom_pipeline<T> pipeline(builder, path);
    try {
      bool hinted = false;
      detail::bom_reader<T>::visit(path, [&](const bom_record<T>& r, const auto& table) {
        // Once a few rows tell the average row length: room for every edge (the file's
        // size over it).
        if (!hinted && r.line > 256) {
          pipeline.expect_edges(table.expected_rows());
          hinted = true;
        }
        pipeline.add(r);
      });
    } catch (...) {
      pipeline.fail(std::current_exception());
    }
    pipeline.finish();
  }
  try {
    return std::move(builder).build(duplicates);
  } catch (const invalid_input& e) {
    throw invalid_input(path + ": " + e.what());
  }
}

/// Reads and builds a supply base; `other` says what a row named "Other" is.
template <scalar T = double>
[[nodiscard]] supply_base<T> load_supply(const std::string& path, std::optional<other_rows> other = std::nullopt) {
  supply_builder<T> supply(other);
  for_each_supply_record<T>(path, [&](const supply_record<T>& r) {
    try {
      supply.add(r.material, r.supplier, r.country, r.volume, r.line);
    } catch (const invalid_input& e) {
      throw parse_error(path, r.line, 0, e.what());
    }
  });
  try {
    return std::move(supply).build();
  } catch (const invalid_input& e) {
    throw invalid_input(path + ": " + e.what());
  }
}

/// Demand per item: rate (units per day), priority (larger is more important) and
/// margin per unit (0 where not given). Indexed by the BOM's item ids.
template <scalar T = double>
struct demand_plan {
  std::vector<T> rate;
  std::vector<T> priority;
  std::vector<T> margin;
  bool has_margin = false;  ///< some row gave a margin
};

namespace detail {

/// A file that lists each item of a BOM at most once: the id of a row's item, or a
/// parse_error at the row for an unknown item or one listed before.
template <class T>
class item_rows {
 public:
  item_rows(const bill_of_materials<T>& bom, const std::string& path)
      : bom_(bom), path_(path), seen_at_(bom.item_count(), 0) {}

  item_id operator()(const std::string& item, std::size_t line) {
    const auto id = bom_.find(item);
    if (!id) throw parse_error(path_, line, 0, "unknown item '" + item + "' (not in the bill of materials)");
    if (seen_at_[*id] != 0)
      throw parse_error(path_, line, 0,
                        "item '" + item + "' listed twice (first at line " + std::to_string(seen_at_[*id]) + ")");
    seen_at_[*id] = line;
    return *id;
  }

 private:
  const bill_of_materials<T>& bom_;
  const std::string& path_;
  std::vector<std::size_t> seen_at_;  // the line of each item's row, 0 before it
};

}  // namespace detail

template <scalar T = double>
[[nodiscard]] demand_plan<T> load_demand(const std::string& path, const bill_of_materials<T>& bom) {
  const std::size_t n = bom.item_count();
  demand_plan<T> plan{std::vector<T>(n, T(0)), std::vector<T>(n, T(0)), std::vector<T>(n, T(0)), false};
  detail::item_rows items(bom, path);
  for_each_demand_record<T>(path, [&](const demand_record<T>& r) {
    const item_id i = items(r.product, r.line);
    plan.rate[i] = r.rate;
    plan.priority[i] = r.priority;
    if (r.margin) {
      plan.margin[i] = *r.margin;
      plan.has_margin = true;
    }
  });
  return plan;
}

/// Stock on hand (plus in transit without an arrival day) per item; 0 for items the
/// file does not list. Stock in transit with an arrival day is a receipt, which this
/// vector cannot hold: it is an error naming the row (read such a file with
/// load_stock_plan).
template <scalar T = double>
[[nodiscard]] std::vector<T> load_stock(const std::string& path, const bill_of_materials<T>& bom) {
  std::vector<T> stock(bom.item_count(), T(0));
  detail::item_rows items(bom, path);
  for_each_stock_record<T>(path, [&](const stock_record<T>& r) {
    if (r.arrival)
      throw parse_error(path, r.line, 0,
                        "'" + r.item + "' has stock in transit arriving on day " +
                            chokepoint::detail::format_scalar(*r.arrival) +
                            ", a receipt: read the file with load_stock_plan");
    stock[items(r.item, r.line)] = r.on_hand;
  });
  return stock;
}

/// The stock of a stock file: on hand per item (with what is in transit without an
/// arrival day), and what arrives later, as a scenario's receipts.
template <scalar T = double>
struct stock_plan {
  std::vector<T> on_hand;  ///< per item id; 0 for items the file does not list
  /// In file order; add them to a scenario (`sc.add(r)`) or to a sweep's scenarios.
  std::vector<scheduled_receipt<T>> receipts;
  std::vector<std::size_t> receipt_lines;  ///< the line of each receipt
};

/// Which items may have stock in transit with an arrival day: materials, whose receipts
/// arrive as their supply does (disruption_model), or any item (network_model, where
/// every item's stock counts from its arrival on).
enum class receipt_items : bool { materials, any };

/// Reads a stock file with its receipts. For the single-plant model only a material may
/// have one (`receipts` receipt_items::any lifts that, for a network):
///   "stock.csv:3:0: 'motor' is an assembly in the bill of materials: stock in transit
///    with an arrival day is for materials only"
template <scalar T = double>
[[nodiscard]] stock_plan<T> load_stock_plan(const std::string& path, const bill_of_materials<T>& bom,
                                            receipt_items receipts = receipt_items::materials) {
  stock_plan<T> plan{std::vector<T>(bom.item_count(), T(0)), {}, {}};
  detail::item_rows items(bom, path);
  for_each_stock_record<T>(path, [&](const stock_record<T>& r) {
    const item_id i = items(r.item, r.line);
    plan.on_hand[i] = r.on_hand;
    if (!r.arrival) return;
    if (const item_kind kind = bom.kind(i); receipts == receipt_items::materials && kind != item_kind::material)
      throw parse_error(path, r.line, 0,
                        "'" + r.item + "' is " + (kind == item_kind::assembly ? "an " : "a ") +
                            std::string(to_string(kind)) +
                            " in the bill of materials: stock in transit with an arrival day is for materials only");
    plan.receipts.push_back({r.item, r.in_transit, *r.arrival});
    plan.receipt_lines.push_back(r.line);
  });
  return plan;
}

/// Unit value per item; `fallback` (1 by default) for items the file does not list.
template <scalar T = double>
[[nodiscard]] std::vector<T> load_values(const std::string& path, const bill_of_materials<T>& bom,
                                         const T& fallback = T(1)) {
  std::vector<T> values(bom.item_count(), fallback);
  detail::item_rows items(bom, path);
  for_each_value_record<T>(path, [&](const value_record<T>& r) { values[items(r.item, r.line)] = r.unit_value; });
  return values;
}

/// Alternate sources, in file order, each for a material (an item without inputs) of the
/// bill of materials; a material may have several. Add them to a scenario
/// (`scenario.add(a)`) or to a sweep_spec. The supplier and country columns are not
/// used: an alternate is never cut.
/// Errors: "alternates.csv:3:0: unknown material 'Nd2' (not in the bill of materials)",
/// "alternates.csv:4:0: 'motor' is an assembly in the bill of materials, not a material".
template <scalar T = double>
[[nodiscard]] std::vector<alternate_supply<T>> load_alternates(const std::string& path,
                                                               const bill_of_materials<T>& bom) {
  std::vector<alternate_supply<T>> alternates;
  for_each_alternate_record<T>(path, [&](const alternate_record<T>& r) {
    const auto id = bom.find(r.material);
    if (!id) throw parse_error(path, r.line, 0, "unknown material '" + r.material + "' (not in the bill of materials)");
    if (const item_kind kind = bom.kind(*id); kind != item_kind::material)
      throw parse_error(path, r.line, 0,
                        "'" + r.material + "' is " + (kind == item_kind::assembly ? "an " : "a ") +
                            std::string(to_string(kind)) + " in the bill of materials, not a material");
    alternates.push_back({r.material, r.capacity, r.lead_time, r.ramp});
  });
  return alternates;
}

}  // namespace chokepoint::io
