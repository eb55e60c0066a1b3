// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// Runs a command and checks what it did, for the chokepoint command's tests:
//
//   cli_check json EXPECTED.json -- COMMAND ARGS...
//     the command exits 0, prints nothing on standard error, and prints JSON on
//     standard output that contains EXPECTED: every key of an expected object must be
//     there with a matching value (the output may have more keys), arrays match element
//     by element and in length, numbers within a relative 1e-9, null only null.
//
//   cli_check fails MESSAGE -- COMMAND ARGS...
//   cli_check fails:STATUS MESSAGE -- COMMAND ARGS...
//     the command exits non-zero (or exactly STATUS), prints nothing on standard output,
//     and standard error is exactly MESSAGE and one newline.
//
//   cli_check text EXPECTED.txt -- COMMAND ARGS...
//     the command exits 0, prints nothing on standard error, and prints exactly the
//     text of EXPECTED.txt on standard output (a table, byte for byte).
//
//   cli_check terminal TEXT -- COMMAND ARGS...
//     the command runs with standard error on a pseudo-terminal, exits 0, and the
//     terminal shows TEXT somewhere (a progress bar); an empty TEXT: nothing at all.
//
//   cli_check same -- COMMAND ARGS... -- COMMAND ARGS...
//     both commands exit 0, print nothing on standard error, and print the same
//     standard output, byte for byte (a seeded sweep run twice, or on other threads).
//
//   cli_check fails-like REGEX -- COMMAND ARGS...
//     as fails, with standard error (its newline included) matching the ECMAScript
//     REGEX as a whole: for messages that carry a measured figure.
//
//   cli_check warns MESSAGE -- COMMAND ARGS...
//     the command exits 0, prints something on standard output, and standard error is
//     exactly MESSAGE and one newline (a warning about input it did not use).
//
//   cli_check warns-json EXPECTED.json MESSAGE -- COMMAND ARGS...
//     as warns, and standard output is JSON containing EXPECTED (as json does).
//
//   cli_check ordered POINTER[,POINTER...] -- COMMAND ARGS...
//     the command exits 0 and prints JSON in which each POINTER names arrays that do not
//     decrease, null (not within the horizon) ordering after every number. A segment
//     `*` stands for every element of an array, e.g. /products/*/ttf.
//
// Mismatches are listed with the JSON pointer of each. Before the mode, `--stdout PATH`
// sends the command's standard output to PATH (e.g. /dev/full) instead of a file read
// afterwards.

#include <nlohmann/json.hpp>

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace {

using json = nlohmann::ordered_json;

struct outcome {
  int status = -1;  // exit status, or -1 when the command did not exit normally
  std::string out, err;
};

// Where the command's standard output goes instead of a temporary file (--stdout).
std::string stdout_path;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/cli_check.XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) {
    std::perror("cli_check: mkstemp");
    std::exit(2);
  }
  close(fd);
  return path;
}

// Standard output and error go to files, so that neither pipe can fill up and block;
// with `terminal`, standard error goes to that pseudo-terminal's device instead.
outcome run(const std::vector<std::string>& command, const std::string& terminal = "") {
  const std::string out_path = stdout_path.empty() ? temp_file() : stdout_path, err_path = temp_file();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_TRUNC, 0);
  if (terminal.empty()) posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_TRUNC, 0);
  else posix_spawn_file_actions_addopen(&actions, 2, terminal.c_str(), O_RDWR | O_NOCTTY, 0);
  std::vector<char*> argv;
  for (const std::string& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::cerr << "cli_check: cannot run " << command[0] << '\n';
    std::exit(2);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  outcome o;
  o.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (stdout_path.empty()) {
    o.out = slurp(out_path);
    std::remove(out_path.c_str());
  }
  if (terminal.empty()) o.err = slurp(err_path);
  std::remove(err_path.c_str());
  return o;
}

// Runs the command with standard error on a new pseudo-terminal; `err` is what the
// terminal received. This process keeps the terminal's device open too, so that what
// the command wrote stays readable after it exits (the output of a progress bar is far
// below what the terminal buffers).
outcome run_on_terminal(const std::vector<std::string>& command) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    std::perror("cli_check: pseudo-terminal");
    std::exit(2);
  }
  const std::string device = ptsname(master);
  const int held = open(device.c_str(), O_RDWR | O_NOCTTY);
  outcome o = run(command, device);
  std::string shown;
  char buffer[4096];
  // The terminal hands on what was written a moment later: read until it stays quiet.
  for (pollfd p{master, POLLIN, 0}; poll(&p, 1, 200) > 0 && (p.revents & POLLIN);) {
    const ssize_t n = read(master, buffer, sizeof buffer);
    if (n <= 0) break;
    shown.append(buffer, static_cast<std::size_t>(n));
  }
  close(held);
  close(master);
  o.err = shown;
  return o;
}

void compare(const json& expected, const json& actual, const std::string& where, std::vector<std::string>& errors) {
  const std::string at = where.empty() ? "/" : where;
  if (expected.is_object()) {
    if (!actual.is_object()) {
      errors.push_back(at + ": expected an object, got " + actual.dump());
      return;
    }
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        errors.push_back(where + "/" + key + ": missing");
        continue;
      }
      compare(value, actual.at(key), where + "/" + key, errors);
    }
  } else if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      errors.push_back(at + ": expected " + expected.dump() + ", got " + actual.dump());
      return;
    }
    for (std::size_t k = 0; k < expected.size(); ++k)
      compare(expected[k], actual[k], where + "/" + std::to_string(k), errors);
  } else if (expected.is_number()) {
    const double e = expected.get<double>();
    if (!actual.is_number() || !(std::fabs(actual.get<double>() - e) <= 1e-9 * std::max(1.0, std::fabs(e))))
      errors.push_back(at + ": expected " + expected.dump() + ", got " + actual.dump());
  } else if (expected != actual) {
    errors.push_back(at + ": expected " + expected.dump() + ", got " + actual.dump());
  }
}

// The arrays that `segments` name in `doc`, with their paths; `*` matches every element.
void find_arrays(const json& doc, const std::vector<std::string>& segments, std::size_t next, const std::string& at,
                 std::vector<std::pair<std::string, json>>& found) {
  if (next == segments.size()) {
    if (doc.is_array()) found.emplace_back(at, doc);
    return;
  }
  const std::string& s = segments[next];
  if (s == "*" && doc.is_array()) {
    for (std::size_t k = 0; k < doc.size(); ++k)
      find_arrays(doc[k], segments, next + 1, at + "/" + std::to_string(k), found);
  } else if (doc.is_object() && doc.contains(s)) {
    find_arrays(doc.at(s), segments, next + 1, at + "/" + s, found);
  }
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::string piece;
  std::istringstream in(text);
  while (std::getline(in, piece, separator)) out.push_back(piece);
  return out;
}

// Every array that `pointers` name does not decrease (null after every number).
int check_ordered(const std::string& pointers, const json& doc) {
  int failures = 0;
  for (const std::string& pointer : split(pointers, ',')) {
    std::vector<std::string> segments = split(pointer, '/');
    if (!segments.empty() && segments.front().empty()) segments.erase(segments.begin());
    std::vector<std::pair<std::string, json>> arrays;
    find_arrays(doc, segments, 0, "", arrays);
    if (arrays.empty()) {
      std::cerr << "FAIL: " << pointer << ": no array there\n";
      ++failures;
    }
    for (const auto& [at, values] : arrays) {
      bool seen_null = false;
      double previous = -HUGE_VAL;
      for (const json& v : values) {
        const bool ok = v.is_null() || (v.is_number() && !seen_null && v.get<double>() >= previous);
        if (!ok) {
          std::cerr << "FAIL: " << at << " decreases: " << values.dump() << '\n';
          ++failures;
          break;
        }
        if (v.is_null()) seen_null = true;
        else previous = v.get<double>();
      }
    }
  }
  return failures;
}

int usage() {
  std::cerr << "usage: cli_check [--stdout PATH] json EXPECTED.json -- COMMAND ARGS...\n"
               "       cli_check [--stdout PATH] fails[:STATUS] MESSAGE -- COMMAND ARGS...\n"
               "       cli_check text EXPECTED.txt -- COMMAND ARGS...\n"
               "       cli_check terminal TEXT -- COMMAND ARGS...\n"
               "       cli_check same -- COMMAND ARGS... -- COMMAND ARGS...\n"
               "       cli_check fails-like REGEX -- COMMAND ARGS...\n"
               "       cli_check warns MESSAGE -- COMMAND ARGS...\n"
               "       cli_check warns-json EXPECTED.json MESSAGE -- COMMAND ARGS...\n"
               "       cli_check ordered POINTER[,POINTER...] -- COMMAND ARGS...\n";
  return 2;
}

// Exit 0 with nothing on standard error, as every successful run must.
bool succeeded(const outcome& o) {
  if (o.status == 0 && o.err.empty()) return true;
  std::cerr << "FAIL: exit status " << o.status << ", standard error: " << o.err;
  return false;
}

int check_same(const std::vector<std::string>& args) {
  const auto second = std::find(args.begin(), args.end(), "--");
  if (args.empty() || second == args.begin() || second + 1 == args.end()) return usage();
  const outcome a = run({args.begin(), second}), b = run({second + 1, args.end()});
  if (!succeeded(a) || !succeeded(b)) return 1;
  if (a.out.empty() || a.out != b.out) {
    std::cerr << "FAIL: the outputs differ\n--- first:\n" << a.out << "--- second:\n" << b.out;
    return 1;
  }
  std::cout << "ok: the same " << a.out.size() << " bytes\n";
  return 0;
}

// Exit 0, some standard output, and exactly `message` and a newline on standard error.
bool warned(const outcome& o, const std::string& message) {
  bool ok = true;
  if (o.status != 0) {
    std::cerr << "FAIL: exit status " << o.status << '\n';
    ok = false;
  }
  if (o.err != message + "\n") {
    std::cerr << "FAIL: standard error\n  expected: " << message << "\n  got:      " << o.err;
    ok = false;
  }
  if (o.out.empty()) {
    std::cerr << "FAIL: nothing on standard output\n";
    ok = false;
  }
  return ok;
}

// Standard output is JSON that contains the JSON in the file `expected_path`.
int check_json(const std::string& expected_path, const std::string& out) {
  json actual, expected;
  try {
    actual = json::parse(out);
  } catch (const std::exception& e) {
    std::cerr << "FAIL: output is not JSON (" << e.what() << "):\n" << out;
    return 1;
  }
  try {
    std::ifstream in(expected_path);
    if (!in) throw std::runtime_error("cannot open " + expected_path);
    expected = json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "cli_check: expected JSON: " << e.what() << '\n';
    return 2;
  }
  std::vector<std::string> errors;
  compare(expected, actual, "", errors);
  for (const std::string& e : errors) std::cerr << "FAIL: " << e << '\n';
  if (!errors.empty()) {
    std::cerr << "output was:\n" << actual.dump(2) << '\n';
    return 1;
  }
  std::cout << "ok: " << expected_path << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--stdout") {
    stdout_path = argv[2];
    argv += 2;
    argc -= 2;
  }
  if (argc >= 3 && std::string(argv[1]) == "same" && std::string(argv[2]) == "--")
    return check_same(std::vector<std::string>(argv + 3, argv + argc));
  if (argc >= 6 && std::string(argv[1]) == "warns-json" && std::string(argv[4]) == "--") {
    const outcome o = run(std::vector<std::string>(argv + 5, argv + argc));
    return warned(o, argv[3]) ? check_json(argv[2], o.out) : 1;
  }
  if (argc < 5 || std::string(argv[3]) != "--") return usage();
  const std::string mode = argv[1], what = argv[2];
  const std::vector<std::string> command(argv + 4, argv + argc);

  if (mode == "terminal") {
    const outcome o = run_on_terminal(command);
    if (o.status != 0) {
      std::cerr << "FAIL: exit status " << o.status << ", the terminal showed: " << o.err << '\n';
      return 1;
    }
    if (what.empty() ? !o.err.empty() : o.err.find(what) == std::string::npos) {
      std::cerr << "FAIL: the terminal showed\n  " << o.err << "\nexpected " << (what.empty() ? "nothing" : what)
                << '\n';
      return 1;
    }
    std::cout << "ok: the terminal showed " << (what.empty() ? "nothing" : what) << '\n';
    return 0;
  }
  const outcome o = run(command);

  if (mode == "text") {
    if (!succeeded(o)) return 1;
    std::ifstream in(what, std::ios::binary);
    if (!in) {
      std::cerr << "cli_check: cannot open " << what << '\n';
      return 2;
    }
    const std::string expected = slurp(what);
    if (o.out != expected) {
      std::cerr << "FAIL: standard output differs from " << what << "\n--- expected:\n"
                << expected << "--- got:\n"
                << o.out;
      return 1;
    }
    std::cout << "ok: " << what << '\n';
    return 0;
  }
  if (mode == "fails" || mode.rfind("fails:", 0) == 0) {
    const std::string expected = what + "\n";
    bool ok = true;
    if (o.status == 0) {
      std::cerr << "FAIL: exit status 0, expected a failure\n";
      ok = false;
    } else if (mode != "fails" && std::to_string(o.status) != mode.substr(6)) {
      std::cerr << "FAIL: exit status " << o.status << ", expected " << mode.substr(6) << '\n';
      ok = false;
    }
    if (o.err != expected) {
      std::cerr << "FAIL: standard error\n  expected: " << expected << "  got:      " << o.err;
      ok = false;
    }
    if (!o.out.empty()) {
      std::cerr << "FAIL: standard output not empty:\n" << o.out;
      ok = false;
    }
    if (ok) std::cout << "ok: " << o.err;
    return ok ? 0 : 1;
  }
  if (mode == "fails-like") {
    const bool ok = o.status != 0 && o.out.empty() && std::regex_match(o.err, std::regex(what));
    if (ok) std::cout << "ok: " << o.err;
    else
      std::cerr << "FAIL: exit status " << o.status << ", standard output:\n" << o.out << "standard error:\n" << o.err;
    return ok ? 0 : 1;
  }
  if (mode == "warns") {
    if (!warned(o, what)) return 1;
    std::cout << "ok: " << o.err;
    return 0;
  }
  if (mode != "json" && mode != "ordered") return usage();
  if (!succeeded(o)) return 1;
  json actual;
  try {
    actual = json::parse(o.out);
  } catch (const std::exception& e) {
    std::cerr << "FAIL: output is not JSON (" << e.what() << "):\n" << o.out;
    return 1;
  }
  if (mode == "ordered") {
    if (check_ordered(what, actual) > 0) return 1;
    std::cout << "ok: ordered " << what << '\n';
    return 0;
  }
  return check_json(what, o.out);
}
