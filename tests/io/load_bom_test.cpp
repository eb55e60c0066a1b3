// SPDX-License-Identifier: MIT
// io::load_bom on files large enough for its two threads (one reads, one builds): the
// BOM is the one the same edges give through bom_builder, and an error is the one a
// sequential load gives, the first bad row in file order, whichever thread meets it.

#include <chokepoint/bom.hpp>
#include <chokepoint/io/load.hpp>
#include <chokepoint/testing/generate.hpp>

#include "support.hpp"

#include <unistd.h>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace cio = chokepoint::io;
using chokepoint::bill_of_materials;
using chokepoint::invalid_input;
using chokepoint::item_id;
using chokepoint::parse_error;

namespace {

// A file in the temporary directory, removed at the end of the test.
class temporary_csv {
 public:
  explicit temporary_csv(const std::string& tag)
      : path_((std::filesystem::temp_directory_path() /
               ("chokepoint_load_bom_" + tag + "_" + std::to_string(::getpid()) + ".csv"))
                  .string()) {}
  ~temporary_csv() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  temporary_csv(const temporary_csv&) = delete;
  temporary_csv& operator=(const temporary_csv&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// `rows` rows of a chain-shaped BOM (line k + 2 is the edge n<k> -> n<k+1>), with
// line_text(line) in place of the rows it returns non-empty text for.
void write_rows(const std::string& path, std::size_t rows, const std::function<std::string(std::size_t)>& line_text) {
  std::ofstream out(path, std::ios::binary);
  out << "parent,child,quantity,scrap\n";
  for (std::size_t k = 0; k < rows; ++k) {
    const std::size_t line = k + 2;
    const std::string special = line_text(line);
    if (!special.empty()) out << special << '\n';
    else out << 'n' << k << ",n" << k + 1 << ",1,\n";
  }
}

}  // namespace

TEST_CASE("load_bom: a generated BOM of 26,000 edges, read on two threads, is the one bom_builder gives") {
  const auto g = chokepoint::testing::generate_supply_chain(5000, chokepoint::testing::test_seed());
  temporary_csv file("generated");
  {
    std::ofstream out(file.path(), std::ios::binary);
    chokepoint::testing::write_bom_csv(out, g);
  }
  const auto loaded = cio::load_bom<double>(file.path());
  const auto built = chokepoint::testing::make_bill_of_materials<double>(g);
  REQUIRE(loaded.item_count() == built.item_count());
  REQUIRE(loaded.edge_count() == g.edges.size());
  for (item_id i = 0; i < loaded.item_count(); ++i) {
    CHECK(loaded.name(i) == built.name(i));
    CHECK(std::ranges::equal(loaded.children(i), built.children(i)));
    CHECK(std::ranges::equal(loaded.child_quantities(i), built.child_quantities(i)));
  }
}

TEST_CASE("load_bom: the first bad row in the file is the one reported") {
  constexpr std::size_t rows = 40000;            // ten batches of the pipeline
  const std::string overflow = "a,b,1e308,0.5";  // refused by the builder (second thread)
  const std::string negative = "c,d,-1,";        // refused by the reader (this thread)
  temporary_csv file("errors");

  write_rows(file.path(), rows, [&](std::size_t line) { return line == 30001 ? overflow : ""; });
  CHECK_THROWS_WITH_AS(
      (void)cio::load_bom<double>(file.path()),
      (file.path() + ":30001:0: chokepoint::bom: edge a -> b: quantity / (1 - scrap) overflows").c_str(), parse_error);

  // The builder's error first, the reader's later: the builder's, though the reader
  // may meet its own before the second thread reaches line 10001.
  write_rows(file.path(), rows, [&](std::size_t line) {
    return line == 10001 ? overflow : line == 10300 ? negative : "";
  });
  CHECK_THROWS_WITH_AS(
      (void)cio::load_bom<double>(file.path()),
      (file.path() + ":10001:0: chokepoint::bom: edge a -> b: quantity / (1 - scrap) overflows").c_str(), parse_error);

  // The reader's first: the reader's, and rows after it never reach the builder.
  write_rows(file.path(), rows, [&](std::size_t line) {
    return line == 9000 ? negative : line == 20000 ? overflow : "";
  });
  CHECK_THROWS_WITH_AS((void)cio::load_bom<double>(file.path()),
                       (file.path() + ":9000:3: quantity: must be positive and finite, got '-1'").c_str(), parse_error);

  // A bad row in the last, partial batch (handed over by finish()).
  write_rows(file.path(), rows, [&](std::size_t line) { return line == rows + 1 ? overflow : ""; });
  CHECK_THROWS_WITH_AS((void)cio::load_bom<double>(file.path()),
                       (file.path() + ":" + std::to_string(rows + 1) +
                        ":0: chokepoint::bom: edge a -> b: quantity / (1 - scrap) overflows")
                           .c_str(),
                       parse_error);

  // Whole-BOM rules after a clean read: a loop at the top of the 40,000-long chain.
  write_rows(file.path(), rows, [&](std::size_t line) { return line == rows + 1 ? "n5,n2,1," : ""; });
  CHECK_THROWS_WITH_AS((void)cio::load_bom<double>(file.path()),
                       (file.path() + ": chokepoint::bom: cycle n2 -> n3 -> n4 -> n5 -> n2").c_str(), invalid_input);
}
