// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The chokepoint authors
//
// Linked into the CSV fuzz targets and fuzz_replay: fast-cpp-csv-parser's LineReader
// allocates a 48 MiB buffer for every table it reads, with new char[3 << 24].
//
// 1. Speed: under AddressSanitizer each such allocation and release rewrites 6 MiB of
//    shadow memory on fresh pages; the targets ran at about 50 inputs a second. The
//    buffer is kept and handed out again (its first MiB poisoned while unused, so that
//    a use after release is still reported).
// 2. Hostility: whatever a reader finds in the buffer beyond what it was given is
//    garbage it must not look at. Every hand-out fills the first MiB with '\n', the
//    worst garbage for a line reader, so that reading it changes the outcome at once
//    and the finding replays from its input alone (a fresh mmap'd buffer is zeros,
//    which hide such reads). This is how the stale-byte bug in
//    include/chokepoint/io/detail/source.hpp was found.
//
// Inputs are far smaller than a MiB (run.sh sets -max_len), so the first MiB is all a
// reader may touch. Every other new[] / delete[] is a plain malloc / free, so that
// AddressSanitizer still checks them (and reports new[] paired with scalar delete).

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHOKEPOINT_FUZZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CHOKEPOINT_FUZZ_ASAN 1
#endif

#if defined(CHOKEPOINT_FUZZ_ASAN)
#include <sanitizer/asan_interface.h>
#define CHOKEPOINT_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define CHOKEPOINT_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define CHOKEPOINT_POISON(p, n) static_cast<void>(0)
#define CHOKEPOINT_UNPOISON(p, n) static_cast<void>(0)
#endif

namespace {

constexpr std::size_t line_buffer_bytes = std::size_t{3} << 24;  // fccp's 3 * block_len
constexpr std::size_t watched_bytes = std::size_t{1} << 20;

std::atomic<void*> spare{nullptr};
// Line buffers handed out and not yet returned to malloc; a few tables may be open at once.
std::atomic<void*> line_buffers[8] = {};

bool is_line_buffer(void* p) noexcept {
  for (auto& b : line_buffers)
    if (b.load() == p) return true;
  return false;
}

void remember(void* p) noexcept {
  for (auto& b : line_buffers) {
    void* expected = nullptr;
    if (b.compare_exchange_strong(expected, p)) return;
  }
}

void forget(void* p) noexcept {
  for (auto& b : line_buffers) {
    void* expected = p;
    if (b.compare_exchange_strong(expected, nullptr)) return;
  }
}

void* allocate(std::size_t n) {
  if (n == line_buffer_bytes) {
    void* p = spare.exchange(nullptr);
    if (!p) {
      p = std::malloc(n);
      if (!p) throw std::bad_alloc();
      remember(p);
    }
    CHOKEPOINT_UNPOISON(p, watched_bytes);
    std::memset(p, '\n', watched_bytes);
    return p;
  }
  void* p = std::malloc(n == 0 ? 1 : n);
  if (!p) throw std::bad_alloc();
  return p;
}

void release(void* p) noexcept {
  if (!p) return;
  if (is_line_buffer(p)) {
    CHOKEPOINT_POISON(p, watched_bytes);
    void* expected = nullptr;
    if (spare.compare_exchange_strong(expected, p)) return;
    CHOKEPOINT_UNPOISON(p, watched_bytes);
    forget(p);
  }
  std::free(p);
}

}  // namespace

void* operator new[](std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete[](void* p) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
