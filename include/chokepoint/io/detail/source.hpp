// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
#pragma once

// Where fast-cpp-csv-parser's LineReader gets its bytes: a file or an std::istream.
// Ours rather than fccp's so that (1) a file that cannot be opened or read is a
// chokepoint::parse_error with our wording and the reason (no such file, permission
// denied, is a directory), and (2) a NUL byte is caught: fccp ends a line at NUL, which
// would silently drop the rest of that line. A source stops at the first NUL and
// remembers it; the table reports it once the text before it is used up.

#include <chokepoint/error.hpp>
#include <chokepoint/io/detail/fccp.hpp>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <ios>
#include <istream>
#include <memory>
#include <string>
#include <system_error>

namespace chokepoint::io::detail {

class checked_source : public fccp::ByteSourceBase {
 public:
  explicit checked_source(std::string file) : file_(std::move(file)) {}

  // Called by LineReader, possibly on its read-ahead thread.
  //
  // LineReader looks at the byte just after the data before it checks for the end (to
  // find the end of a last line without '\n'). That byte is never written by a read:
  // it is whatever the buffer held, and a stale '\n' there (from an earlier block of a
  // file over 48 MB, or from a recycled allocation) made it read past the end: phantom
  // rows of old data, then a wait for a read that never comes. So every short read ends
  // with a '\0' that LineReader can see, inside the range it asked for.
  int read(char* buffer, int size) final {
    const int n = stopped_ ? 0 : fill(buffer, size);
    if (n <= 0) {
      if (size > 0) buffer[0] = '\0';
      return 0;
    }
    if (n < size) buffer[n] = '\0';
    if (const void* nul = std::memchr(buffer, '\0', static_cast<std::size_t>(n))) {
      const int before = static_cast<int>(static_cast<const char*>(nul) - buffer);
      nul_starts_line_ = before > 0 ? buffer[before - 1] == '\n' : last_byte_ == '\n';
      stopped_ = true;
      nul_seen_.store(true, std::memory_order_release);
      return before;
    }
    last_byte_ = buffer[n - 1];
    return n;
  }

  /// True once the source has met a NUL byte; everything before it was delivered.
  [[nodiscard]] bool nul_seen() const noexcept { return nul_seen_.load(std::memory_order_acquire); }
  /// True when the NUL is the first byte of a line (so no partial line precedes it).
  [[nodiscard]] bool nul_starts_line() const noexcept { return nul_starts_line_; }

  /// Size in bytes when known beforehand (a regular file), else 0.
  [[nodiscard]] virtual std::size_t size() const noexcept { return 0; }

 protected:
  /// Reads up to `size` bytes; 0 at the end; throws parse_error when reading fails.
  virtual int fill(char* buffer, int size) = 0;

  [[noreturn]] void fail_read() const { throw parse_error(file_, 0, 0, "cannot read file"); }

 private:
  std::string file_;
  bool stopped_ = false;
  bool nul_starts_line_ = false;
  char last_byte_ = '\n';  // the start of the input counts as the start of a line
  std::atomic<bool> nul_seen_{false};
};

/// Why a file could not be opened, from the errno of the failed open, in the few words
/// that a message ends with: "no such file", "permission denied", "is a directory".
[[nodiscard]] inline std::string open_failure(int error) {
  switch (error) {
    case ENOENT: return "no such file";
    case EACCES:
    case EPERM: return "permission denied";
    case EISDIR: return "is a directory";
    case ENOTDIR: return "a part of the path is not a directory";
    default: {
      std::string reason = std::generic_category().message(error);  // "Too many open files"
      if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
      return reason;
    }
  }
}

/// `path` opened for reading; throws parse_error "PATH:0:0: cannot open: REASON". A
/// directory opens on Linux and fails only at the first read, so it is refused here.
[[nodiscard]] inline std::FILE* open_for_reading(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw parse_error(path, 0, 0, "cannot open: " + open_failure(EISDIR));
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw parse_error(path, 0, 0, "cannot open: " + open_failure(errno != 0 ? errno : EIO));
  return file;
}

class file_source final : public checked_source {
 public:
  explicit file_source(const std::string& path) : checked_source(path), file_(open_for_reading(path)) {
    // LineReader reads megabytes at a time into its own buffer.
    std::setvbuf(file_.get(), nullptr, _IONBF, 0);
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
      const auto bytes = std::filesystem::file_size(path, ec);
      if (!ec) size_ = static_cast<std::size_t>(bytes);
    }
  }

  [[nodiscard]] std::size_t size() const noexcept override { return size_; }

 protected:
  int fill(char* buffer, int size) override {
    const std::size_t n = std::fread(buffer, 1, static_cast<std::size_t>(size), file_.get());
    if (n < static_cast<std::size_t>(size) && std::ferror(file_.get())) fail_read();  // e.g. a directory
    return static_cast<int>(n);
  }

 private:
  struct closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, closer> file_;
  std::size_t size_ = 0;
};

class stream_source final : public checked_source {
 public:
  stream_source(std::istream& in, const std::string& name) : checked_source(name), in_(in) {}

 protected:
  int fill(char* buffer, int size) override {
    try {
      in_.read(buffer, size);
    } catch (const std::ios_base::failure&) {
      // A stream with exceptions() set throws at the end too; only badbit is an error.
    }
    if (in_.bad()) fail_read();
    return static_cast<int>(in_.gcount());
  }

 private:
  std::istream& in_;
};

}  // namespace chokepoint::io::detail
