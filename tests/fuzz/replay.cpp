// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// fuzz_replay TARGET PATH...: runs fuzz target TARGET once on every file under each PATH
// (a file or a directory, read recursively in name order; a missing PATH is skipped),
// the way libFuzzer would, without libFuzzer. ctest runs each target's corpus and
// regression inputs with it, so that every build, sanitized or not, replays them.
// A finding aborts; a run with no input at all fails. `fuzz_replay --list` names the
// targets.

#include "fuzz.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const auto& targets = chokepoint::fuzz::targets();
  if (argc == 2 && std::string(argv[1]) == "--list") {
    for (const auto& [name, f] : targets) std::cout << name << '\n';
    return 0;
  }
  if (argc < 3) {
    std::cerr << "usage: fuzz_replay TARGET PATH... | --list\n";
    return 2;
  }
  const auto target = targets.find(argv[1]);
  if (target == targets.end()) {
    std::cerr << "fuzz_replay: no target '" << argv[1] << "'\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    const fs::path path(argv[i]);
    if (fs::is_regular_file(path)) files.push_back(path);
    else if (fs::is_directory(path))
      for (const auto& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cerr << "fuzz_replay: no inputs for " << argv[1] << '\n';
    return 1;
  }
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.eof() && in.fail()) {
      std::cerr << "fuzz_replay: cannot read " << file << '\n';
      return 1;
    }
    std::cerr << "replaying " << file.string() << '\n';
    target->second(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::cout << argv[1] << ": " << files.size() << " inputs replayed\n";
  return 0;
}
