// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A progress bar on standard error for the subcommands that evaluate many scenarios
// (rank, sweep): how many are done of how many, and an estimate of the time left from
// the pace so far. It is drawn only when standard error is a terminal, so that pipes,
// log files and the tests see nothing, and not at all with --no-progress; it is redrawn
// in place with '\r' at most 20 times a second (and once more when the work is done),
// and erased when it goes out of scope (also when the run fails, so that the error
// message starts on a clean line).
//
//   progress_bar bar("sweep", "scenarios", 2, !no_progress);  // the library's 2 units of work a scenario
//   options.progress = bar.callback();   // empty when nothing is drawn
//
// The library calls the callback from the calling thread only, so it needs no lock.

#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>

namespace chokepoint::cli {

class progress_bar {
 public:
  /// Counts `unit` (e.g. scenarios), each `work` units of the library's progress.
  progress_bar(std::string label, std::string unit, std::size_t work, bool enabled)
      : label_(std::move(label)),
        unit_(std::move(unit)),
        work_(work),
        active_(enabled && isatty(fileno(stderr)) == 1) {}
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;
  ~progress_bar() { erase(); }

  /// The callback for the library's `progress` option; empty when nothing is drawn.
  [[nodiscard]] std::function<void(std::size_t, std::size_t)> callback() {
    if (!active_) return {};
    return [this](std::size_t done, std::size_t total) { update(done, total); };
  }

  void update(std::size_t done, std::size_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ > 0 && done < total && now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    constexpr std::size_t width = 20;
    const std::size_t filled = total == 0 ? width : done * width / total;
    const std::size_t percent = total == 0 ? 100 : done * 100 / total;
    std::string line = label_ + " [" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
                       std::to_string(percent) + "% " + std::to_string(done / work_) + "/" +
                       std::to_string(total / work_) + " " + unit_ + ", " + time_left(now, done, total);
    const std::size_t length = line.size();
    if (length < drawn_) line += std::string(drawn_ - length, ' ');
    std::fputs(("\r" + line).c_str(), stderr);
    std::fflush(stderr);
    drawn_ = length;
  }

 private:
  void erase() {
    if (drawn_ == 0) return;
    std::fputs(("\r" + std::string(drawn_, ' ') + "\r").c_str(), stderr);
    std::fflush(stderr);
    drawn_ = 0;
  }

  /// The time left at the pace so far, e.g. "2 min 5 s left"; "estimating" before the first is done.
  [[nodiscard]] std::string time_left(std::chrono::steady_clock::time_point now, std::size_t done,
                                      std::size_t total) const {
    if (done >= total) return "done";
    if (done == 0) return "estimating";
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const auto seconds =
        static_cast<long long>(elapsed / static_cast<double>(done) * static_cast<double>(total - done) + 0.5);
    if (seconds < 60) return std::to_string(seconds) + " s left";
    if (seconds < 3600) return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s left";
    return std::to_string(seconds / 3600) + " h " + std::to_string(seconds / 60 % 60) + " min left";
  }

  std::string label_, unit_;
  std::size_t work_;
  bool active_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::size_t drawn_ = 0;  ///< characters on the terminal's line, 0: nothing drawn
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace chokepoint::cli
