// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// A progress bar on standard error for the subcommands that evaluate many scenarios
// (rank, sweep). It is drawn only when standard error is a terminal, so that pipes, log
// files and the tests see nothing; it is redrawn in place with '\r' at most 20 times a
// second, and erased when it goes out of scope (also when the run fails, so that the
// error message starts on a clean line).
//
//   progress_bar bar("sweep");
//   options.progress = bar.callback();   // empty when there is no terminal
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
  explicit progress_bar(std::string label) : label_(std::move(label)), active_(isatty(fileno(stderr)) == 1) {}
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
    if (drawn_ > 0 && now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    constexpr std::size_t width = 40;
    const std::size_t filled = total == 0 ? width : done * width / total;
    const std::size_t percent = total == 0 ? 100 : done * 100 / total;
    std::string line = label_ + " [" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
                       std::to_string(percent) + "%";
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

  std::string label_;
  bool active_;
  std::size_t drawn_ = 0;  ///< characters on the terminal's line, 0: nothing drawn
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace chokepoint::cli
