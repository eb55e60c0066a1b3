// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// The chokepoint command: the library's analyses on CSV files, as tables or JSON.
// Every failure is one line on standard error and a non-zero exit status, which says
// what failed (exit_status below; --help and the README list them).

#include "common.hpp"

#include <chokepoint/error.hpp>
#include <chokepoint/version.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

enum exit_status : int {
  done = 0,
  input_refused = 1,    ///< a file cannot be read, its data break a rule, or the question has no answer
  usage_refused = 2,    ///< the command line: an unknown command or option, a bad option value
  output_failed = 3,    ///< standard output could not be written (a full disk, a closed pipe)
  internal_failure = 4  ///< anything else: out of memory, a bug
};

constexpr const char* exit_status_help =
    "Exit status:\n"
    "  0  done\n"
    "  1  an input refused: a file that cannot be read, or data that break a rule (the message names the\n"
    "     file, line and column, or the rule)\n"
    "  2  the command line refused: an unknown command or option, a bad option value\n"
    "  3  the output could not be written\n"
    "  4  anything else (out of memory, an internal error)";

/// Edits (insertions, deletions, substitutions, swaps of neighbours) from `a` to `b`,
/// ignoring case: how far a mistyped command is from each real one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

/// The message for a first argument that is not a command, with the nearest commands
/// (at most two edits away, or the only one it begins), or empty when `word` is one.
std::string unknown_command(CLI::App& app, const std::string& word) {
  const std::vector<CLI::App*> commands = app.get_subcommands([](CLI::App*) { return true; });
  std::vector<std::string> nearest, names;
  std::size_t best = 2;  // edits
  for (const CLI::App* c : commands) {
    const std::string& name = c->get_name();
    if (name == word) return {};
    names.push_back(name);
    std::size_t d = edit_distance(word, name);
    if (word.size() >= 3 && name.compare(0, word.size(), word) == 0) d = std::min<std::size_t>(d, 1);
    if (d > best || d * 2 >= name.size()) continue;
    if (d < best) nearest.clear();
    best = d;
    nearest.push_back(name);
  }
  std::string out = "unknown command '" + word + "'; ";
  if (nearest.empty()) {
    out += "the commands are";
    for (std::size_t k = 0; k < names.size(); ++k) out += (k ? ", " : " ") + names[k];
    return out + " (see --help)";
  }
  out += "did you mean";
  for (std::size_t k = 0; k < nearest.size(); ++k) out += (k ? " or '" : " '") + nearest[k] + "'";
  return out + "?";
}

/// A problem with a whole file (cannot open, cannot read, empty), told as the option
/// that named the file: "--bom nosuch.csv: cannot open: no such file". Other problems
/// keep the library's "file:line:column: what".
std::string file_message(const CLI::App& app, const chokepoint::parse_error& e) {
  const std::string what = e.what();
  const std::string where = e.file() + ":0:0";
  if (e.line() != 0 || what.compare(0, where.size(), where) != 0) return what;
  for (const CLI::App* command : app.get_subcommands())
    for (const CLI::Option* option : command->get_options()) {
      const std::vector<std::string>& given = option->results();
      if (std::find(given.begin(), given.end(), e.file()) != given.end())
        return option->get_name() + " " + e.file() + what.substr(where.size());
    }
  return what;
}

int run(CLI::App& app, int argc, char** argv) {
  if (argc > 1 && argv[1][0] != '-') {
    const std::string message = unknown_command(app, argv[1]);
    if (!message.empty()) {
      std::cerr << "chokepoint: " << message << '\n';
      return usage_refused;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? done : usage_refused;  // --help and --version exit 0
  } catch (const chokepoint::cli::usage_error& e) {
    std::cerr << "chokepoint: " << e.what() << " (see --help)\n";
    return usage_refused;
  } catch (const chokepoint::parse_error& e) {
    std::cerr << "chokepoint: " << file_message(app, e) << '\n';
    return input_refused;
  } catch (const chokepoint::error& e) {
    std::cerr << "chokepoint: " << e.what() << '\n';
    return input_refused;
  } catch (const std::exception& e) {
    std::cerr << "chokepoint: " << e.what() << '\n';
    return internal_failure;
  }
  return done;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"chokepoint: supply-chain dependency risk from a bill of materials and supplier data", "chokepoint"};
  app.set_version_flag("--version", chokepoint::version_string);
  app.require_subcommand(1);
  app.footer(exit_status_help);  // before the subcommands, which inherit it
  // Argument errors on one line, like every other failure.
  app.failure_message(
      [](const CLI::App*, const CLI::Error& e) { return std::string("chokepoint: ") + e.what() + " (see --help)\n"; });
  chokepoint::cli::add_concentration(app);
  chokepoint::cli::add_explode(app);
  chokepoint::cli::add_exposure(app);
  chokepoint::cli::add_survive(app);
  chokepoint::cli::add_rank(app);
  chokepoint::cli::add_sweep(app);
  const int status = run(app, argc, argv);

  // Output that did not reach its file is a failure, not a success with a short file
  // (e.g. `chokepoint ... > /dev/full`): the buffered rest is written now, and checked.
  // A stream that failed earlier writes nothing more, but stdio still holds what it could
  // not write: flushing that again gives the reason.
  errno = 0;
  std::cout.flush();
  const bool written = std::fflush(stdout) == 0 && std::cout && std::ferror(stdout) == 0;
  if (!written) {
    std::string reason = errno != 0 ? std::generic_category().message(errno) : std::string("write error");
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    std::cerr << "chokepoint: standard output: cannot write: " << reason << '\n';
    return status != done ? status : output_failed;
  }
  return status;
}
