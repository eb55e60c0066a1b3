// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// The chokepoint command: the library's analyses on CSV files, as tables or JSON.
// Every failure is one line on standard error and a non-zero exit status.

#include "common.hpp"

#include <chokepoint/error.hpp>
#include <chokepoint/version.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"chokepoint: supply-chain dependency risk from a bill of materials and supplier data",
               "chokepoint"};
  app.set_version_flag("--version", chokepoint::version_string);
  app.require_subcommand(1);
  // Argument errors on one line, like every other failure.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("chokepoint: ") + e.what() + " (see --help)\n";
  });
  chokepoint::cli::add_concentration(app);
  chokepoint::cli::add_explode(app);
  chokepoint::cli::add_exposure(app);
  chokepoint::cli::add_survive(app);
  chokepoint::cli::add_rank(app);
  chokepoint::cli::add_sweep(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const chokepoint::error& e) {
    std::cerr << "chokepoint: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "chokepoint: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
