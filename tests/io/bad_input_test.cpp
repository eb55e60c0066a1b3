// SPDX-License-Identifier: MIT
// The catalogue of hostile and broken inputs (tests/data/bad/ and inputs too large to
// keep as files): each is rejected with its exact message, or read exactly when it is
// valid, and none crashes or hangs. tests/io/io_test.cpp has the readers' own catalogue
// (one bad field of each kind); this one covers what a whole file, a whole BOM or supply
// base, a scenario and the limits can get wrong. Paths are relative to tests/.

#include <chokepoint/concentration.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/io/bom.hpp>
#include <chokepoint/io/load.hpp>

#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <span>
#include <streambuf>
#include <string>
#include <system_error>
#include <vector>

namespace cio = chokepoint::io;  // plain io:: is fast-cpp-csv-parser's
using chokepoint::invalid_input;
using chokepoint::parse_error;
using chokepoint::testing::rational;

namespace {

/// A CSV text of `count` copies of `row` after `header`, generated as it is read, so that
/// inputs of hundreds of megabytes cost no memory; the last row loses its '\n' if asked.
class generated_csv : public std::streambuf {
 public:
  generated_csv(std::string header, std::string row, std::size_t count, bool final_newline = true)
      : header_(std::move(header)), row_(std::move(row)), count_(count), final_newline_(final_newline) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    block_.clear();
    if (!header_done_) {
      block_ = header_;
      header_done_ = true;
    }
    while (block_.size() < 65536 && made_ < count_) {
      block_ += row_;
      if (++made_ == count_ && !final_newline_) block_.pop_back();
    }
    if (block_.empty()) return traits_type::eof();
    setg(block_.data(), block_.data(), block_.data() + block_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string header_, row_, block_;
  std::size_t count_, made_ = 0;
  bool final_newline_, header_done_ = false;
};

}  // namespace

TEST_CASE("a last line without a newline after 48 MB: no phantom rows from old buffer bytes, no hang") {
  // fccp reads in 16 MiB blocks and looks at the byte after the data before it checks
  // for the end. With 16-byte rows the byte 16 MiB back is a '\n' exactly where the
  // missing one would be: before the fix the reader went on into old data, then waited
  // for a read that never came. 3,146,000 rows make the fourth block the short one.
  constexpr std::size_t rows = 3'146'000;
  generated_csv text("parent,child,quantity\n", "aaaa,bbbb,1.250\n", rows, false);
  std::istream in(&text);
  std::size_t n = 0, last_line = 0;
  bool same = true;
  cio::for_each_bom_record(in, "big.csv", [&](const cio::bom_record<>& r) {
    ++n;
    last_line = r.line;
    same = same && r.parent == "aaaa" && r.child == "bbbb" && r.quantity == 1.25;
  });
  CHECK(n == rows);
  CHECK(last_line == rows + 1);
  CHECK(same);
}

TEST_CASE("volumes whose sum overflows: an error, not shares of 0") {
  // Each volume is a finite double; before the check the total was inf and every share 0.
  CHECK_THROWS_WITH_AS((void)cio::load_supply<double>("data/bad/supply_total_overflow.csv"),
                       "data/bad/supply_total_overflow.csv: chokepoint::supply_base: material 'Nd' (first row 3): "
                       "total volume overflows",
                       invalid_input);
  // Exactly, the same file is two equal sources.
  const auto exact = cio::load_supply<rational>("data/bad/supply_total_overflow.csv");
  const auto shares = exact.source_shares(exact.id("Nd"));
  REQUIRE(shares.size() == 2);
  CHECK(shares[0] == rational(1, 2));
  CHECK(shares[1] == rational(1, 2));
}

TEST_CASE("a file that claims a terabyte: the reader reserves what it can use, and finds the NUL") {
  // The readers reserve room for as many rows as the file's size suggests. A sparse file
  // of 1 TiB (300 rows, then zeros) asked for terabytes: std::bad_alloc, or an abort under
  // AddressSanitizer, instead of the error in the data.
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / ("chokepoint-sparse-" + std::to_string(chokepoint::testing::test_seed()) + ".csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "parent,child,quantity\n";
    for (int i = 0; i < 300; ++i) out << "p" << i << ",c,1\n";
  }
  std::error_code ec;
  fs::resize_file(path, std::uintmax_t{1} << 40, ec);
  if (ec) {
    MESSAGE("no sparse 1 TiB file here (" << ec.message() << "): skipped");
  } else {
    CHECK_THROWS_WITH_AS((void)cio::read_bom(path.string()),
                         (path.string() + ":302:0: NUL byte (binary data, not CSV text)").c_str(), parse_error);
  }
  fs::remove(path, ec);
}

TEST_CASE("a finite demand whose requirements overflow: an error, not inf") {
  const auto bom = cio::load_bom<double>("data/small/bom.csv");
  const auto plan = cio::load_demand<double>("data/bad/demand_overflow.csv", bom);  // EV at 1e307 a day
  // Cu: 12 + 3.5 * 2 per EV, 1.9e308 in all.
  CHECK_THROWS_WITH_AS((void)chokepoint::explode(bom, std::span<const double>(plan.rate)),
                       "chokepoint::explode: gross requirement of 'Cu' overflows", invalid_input);
  const std::vector<double> stock(bom.item_count(), 0.0);
  CHECK_THROWS_WITH_AS(
      (void)chokepoint::net_requirements(bom, std::span<const double>(plan.rate), std::span<const double>(stock)),
      "chokepoint::net_requirements: gross requirement of 'Cu' overflows", invalid_input);
  // A NaN or an infinity given as demand or stock is named, not spread.
  std::vector<double> demand(bom.item_count(), 0.0);
  demand[bom.id("ICE")] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS((void)chokepoint::explode(bom, std::span<const double>(demand)),
                       "chokepoint::explode: demand of 'ICE' must be finite, got nan", invalid_input);
  demand[bom.id("ICE")] = 1;
  std::vector<double> infinite_stock(bom.item_count(), 0.0);
  infinite_stock[bom.id("motor")] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS((void)chokepoint::net_requirements(bom, std::span<const double>(demand),
                                                          std::span<const double>(infinite_stock)),
                       "chokepoint::net_requirements: stock of 'motor' must be finite, got inf", invalid_input);
  // The same rates are exact in rationals.
  const auto exact_bom = cio::load_bom<rational>("data/small/bom.csv");
  const auto exact_plan = cio::load_demand<rational>("data/bad/demand_overflow.csv", exact_bom);
  const auto gross = chokepoint::explode(exact_bom, std::span<const rational>(exact_plan.rate));
  const boost::multiprecision::cpp_int expected = boost::multiprecision::pow(boost::multiprecision::cpp_int(10), 307) * 19;
  CHECK(gross[exact_bom.id("Cu")] == rational(expected));
}

TEST_CASE("a subnormal share beside an unknown remainder: finite HHI bounds, not NaN") {
  // Found by the supply_base fuzz target: R / s_m overflowed, and infinity times the
  // squared share (0 after underflow) made the upper bound NaN.
  chokepoint::supply_base<double> base(chokepoint::other_rows::unknown_remainder);
  base.add("Cu", "S3", "Other Countries", 0.1);
  base.add("Cu", "S2", "CN", 8.2887926e-317);
  base.build();
  const auto c = base.measures(base.id("Cu"), chokepoint::grouping::country);
  CHECK(c.sources == 1);
  CHECK(std::isfinite(c.hhi_upper));
  CHECK(c.hhi_lower <= c.hhi);
  CHECK(c.hhi <= c.hhi_upper);
  const auto bounds = chokepoint::hhi_bounds(std::vector<double>{std::numeric_limits<double>::denorm_min()});
  CHECK(std::isfinite(bounds.upper));
  CHECK(bounds.lower <= bounds.upper);
}
