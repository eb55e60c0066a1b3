// SPDX-License-Identifier: MIT
// A program with a global namespace io of its own, using the parser's names for its own
// things: it compiles beside chokepoint::io, which declares nothing outside namespace
// chokepoint (its parser's `io` would clash here).

#include <chokepoint/io.hpp>

#include <cstddef>
#include <string>

namespace io {
struct LineReader {
  std::size_t rows = 0;
};
struct ByteSourceBase {};
template <unsigned columns>
struct CSVReader {};
namespace error {
struct base {};
}  // namespace error
}  // namespace io

std::size_t rows_beside_own_io(const std::string& path) {
  const io::LineReader mine{chokepoint::io::read_bom<double>(path).size()};
  [[maybe_unused]] const io::CSVReader<4> unused;
  return mine.rows;
}
