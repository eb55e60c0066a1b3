// SPDX-License-Identifier: MIT
// The catalogue of hostile and broken inputs (tests/data/bad/ and inputs too large to
// keep as files): each is rejected with its exact message, or read exactly when it is
// valid, and none crashes or hangs. tests/io/io_test.cpp has the readers' own catalogue
// (one bad field of each kind); this one covers what a whole file, a whole BOM or supply
// base, a scenario and the limits can get wrong. Paths are relative to tests/.

#include <chokepoint/concentration.hpp>
#include <chokepoint/cut_spec.hpp>
#include <chokepoint/disruption.hpp>
#include <chokepoint/explosion.hpp>
#include <chokepoint/io.hpp>
#include <chokepoint/requirement_matrix.hpp>
#include <chokepoint/scenario.hpp>

#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <span>
#include <sstream>
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
  const fs::path path =
      fs::temp_directory_path() / ("chokepoint-sparse-" + std::to_string(chokepoint::testing::test_seed()) + ".csv");
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
  CHECK_THROWS_WITH_AS(
      (void)chokepoint::net_requirements(bom, std::span<const double>(demand), std::span<const double>(infinite_stock)),
      "chokepoint::net_requirements: stock of 'motor' must be finite, got inf", invalid_input);
  // The same rates are exact in rationals.
  const auto exact_bom = cio::load_bom<rational>("data/small/bom.csv");
  const auto exact_plan = cio::load_demand<rational>("data/bad/demand_overflow.csv", exact_bom);
  const auto gross = chokepoint::explode(exact_bom, std::span<const rational>(exact_plan.rate));
  const boost::multiprecision::cpp_int expected =
      boost::multiprecision::pow(boost::multiprecision::cpp_int(10), 307) * 19;
  CHECK(gross[exact_bom.id("Cu")] == rational(expected));
}

TEST_CASE("a subnormal share beside an unknown remainder: finite HHI bounds, not NaN") {
  // Found by the supply_base fuzz target: R / s_m overflowed, and infinity times the
  // squared share (0 after underflow) made the upper bound NaN.
  chokepoint::supply_builder<double> rows(chokepoint::other_rows::unknown_remainder);
  rows.add("Cu", "S3", "Other Countries", 0.1);
  rows.add("Cu", "S2", "CN", 8.2887926e-317);
  const auto base = std::move(rows).build();
  const auto c = base.measures(base.id("Cu"), chokepoint::grouping::country);
  CHECK(c.sources == 1);
  CHECK(std::isfinite(c.hhi_upper));
  CHECK(c.hhi_lower <= c.hhi);
  CHECK(c.hhi <= c.hhi_upper);
  const auto bounds = chokepoint::hhi_bounds(std::vector<double>{std::numeric_limits<double>::denorm_min()});
  CHECK(std::isfinite(bounds.upper));
  CHECK(bounds.lower <= bounds.upper);
}

namespace {

/// Loads `path` as its kind says: a BOM, a supply base, or demand / stock / unit values
/// against the toy car's BOM (tests/data/small/bom.csv).
template <class T>
void load_kind(const std::string& kind, const std::string& path) {
  if (kind == "bom") {
    (void)cio::load_bom<T>(path);
  } else if (kind == "supply") {
    (void)cio::load_supply<T>(path);
  } else {
    const auto bom = cio::load_bom<T>("data/small/bom.csv");
    if (kind == "demand") (void)cio::load_demand<T>(path, bom);
    else if (kind == "stock") (void)cio::load_stock<T>(path, bom);
    else if (kind == "values") (void)cio::load_values<T>(path, bom);
    else FAIL("unknown kind " << kind);
  }
}

/// The loop of data/bad/bom_long_cycle.csv as the message names it.
std::string long_cycle() {
  std::string text = "chokepoint::bom: cycle ";
  for (int i = 0; i < 500; ++i) text += "l" + std::to_string(i) + " -> ";
  return text + "l0";
}

}  // namespace

TEST_CASE_TEMPLATE("whole-file rules: every bad file is refused with its exact message", T, double, rational) {
  // Files of one kind (the part of the name before '_'); what a single field can get
  // wrong is in io_test. A message that starts with ':' follows the path.
  struct bad {
    const char* file;
    std::string message;
  };
  const bad cases[] = {
      {"bom_cycle", ": chokepoint::bom: cycle motor -> magnet -> rotor -> motor"},
      {"bom_self_loop", ": chokepoint::bom: cycle motor -> motor"},
      {"bom_long_cycle", ": " + long_cycle()},
      {"bom_duplicate_edge", ": chokepoint::bom: duplicate edge EV -> motor"},
      {"bom_nan_quantity", ":3:3: quantity: must be positive and finite, got 'NaN'"},
      {"bom_inf_quantity", ":2:3: quantity: must be positive and finite, got '-inf'"},
      {"demand_unknown_item", ":3:0: unknown item 'Tesla' (not in the bill of materials)"},
      {"stock_listed_twice", ":4:0: item 'Dy' listed twice (first at line 2)"},
      {"values_unknown_item", ":3:0: unknown item 'unobtainium' (not in the bill of materials)"},
      {"supply_all_zero", ": chokepoint::supply_base: material 'Dy' (first row 3): all volumes are zero"},
      {"supply_world_total",
       ":5:0: chokepoint::supply_base: row 5 (material 'REO'): 'World total (rounded)' is a total row, not a "
       "producer"},
      {"supply_negative_volume", ":2:4: volume: must be non-negative and finite, got '-100'"},
  };
  for (const bad& c : cases) {
    const std::string name(c.file);
    const std::string path = "data/bad/" + name + ".csv";
    const std::string message = c.message[0] == ':' ? path + c.message : c.message;
    CAPTURE(path);
    CHECK_THROWS_WITH_AS(load_kind<T>(name.substr(0, name.find('_')), path), message.c_str(), invalid_input);
  }
}

TEST_CASE("limits of double: a quantity beyond it, or one that scrap pushes beyond it") {
  CHECK_THROWS_WITH_AS((void)cio::load_bom<double>("data/bad/bom_double_overflow.csv"),
                       "data/bad/bom_double_overflow.csv:2:3: quantity: number out of range, got '1e309'", parse_error);
  CHECK_THROWS_WITH_AS((void)cio::load_bom<double>("data/bad/bom_scrap_overflow.csv"),
                       "data/bad/bom_scrap_overflow.csv:3:0: chokepoint::bom: edge EV -> motor: quantity / (1 - scrap) "
                       "overflows",
                       parse_error);
  // Exact numbers have no such limit.
  const auto bom = cio::load_bom<rational>("data/bad/bom_double_overflow.csv");
  CHECK(bom.child_quantities(bom.id("EV"))[0] ==
        rational(boost::multiprecision::pow(boost::multiprecision::cpp_int(10), 309)));
  const auto scrapped = cio::load_bom<rational>("data/bad/bom_scrap_overflow.csv");
  CHECK(scrapped.child_quantities(scrapped.id("EV"))[0] ==
        rational(boost::multiprecision::pow(boost::multiprecision::cpp_int(10), 308) * 2));
}

TEST_CASE("duplicate edges: refused by default, summed when asked") {
  const auto bom = cio::load_bom<double>("data/bad/bom_duplicate_edge.csv", chokepoint::duplicate_edges::sum);
  const auto children = bom.children(bom.id("EV"));
  const auto quantities = bom.child_quantities(bom.id("EV"));
  const auto at = std::find(children.begin(), children.end(), bom.id("motor"));
  REQUIRE(at != children.end());
  CHECK(quantities[static_cast<std::size_t>(at - children.begin())] == 3.0);
}

TEST_CASE("header-only files are valid and empty: nothing to read is not an error") {
  CHECK(cio::load_bom<double>("data/edge/header_only.csv").item_count() == 0);
  for (const char* header : {"material,supplier,country,volume\n", "product,rate\n", "item,on_hand\n",
                             "item,unit_value\n", "material,supplier,country,capacity,lead_time\n"}) {
    std::istringstream in(header);
    CAPTURE(header);
    const std::string h(header);
    if (h[0] == 'm' && h.find("volume") != std::string::npos) CHECK(cio::read_supply(in, "h.csv").empty());
    else if (h[0] == 'p') CHECK(cio::read_demand(in, "h.csv").empty());
    else if (h.find("on_hand") != std::string::npos) CHECK(cio::read_stock(in, "h.csv").empty());
    else if (h.find("unit_value") != std::string::npos) CHECK(cio::read_values(in, "h.csv").empty());
    else CHECK(cio::read_alternates(in, "h.csv").empty());
  }
}

TEST_CASE("a 100 MB line is refused at the 16 MiB limit, without reading the rest") {
  generated_csv text("parent,child,quantity\nEV,", "m", 100'000'000, false);
  std::istream in(&text);
  CHECK_THROWS_WITH_AS((void)cio::read_bom(in, "huge.csv"), "huge.csv:2:0: line longer than 16777215 bytes",
                       parse_error);
}

TEST_CASE("cut specs of tests/data/bad/cuts.txt: each refused with its exact message") {
  std::ifstream in("data/bad/cuts.txt");
  REQUIRE(in);
  std::size_t count = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string spec = line.substr(0, tab);
    const std::string message = "chokepoint::cut: '" + spec + "': " + line.substr(tab + 1);
    CAPTURE(spec);
    CHECK_THROWS_WITH_AS((void)chokepoint::parse_cut_spec<double>(spec), message.c_str(), invalid_input);
    ++count;
  }
  CHECK(count >= 15);
}

TEST_CASE("scenarios built in code: fractions outside [0, 1], windows that end before they start") {
  chokepoint::scenario<double> sc;
  CHECK_THROWS_WITH_AS(sc.cut_country("CN", 1.5),
                       "chokepoint::scenario: cut of country 'CN': fraction must be in [0, 1], got 1.5", invalid_input);
  CHECK_THROWS_WITH_AS(sc.cut_country("CN", std::numeric_limits<double>::quiet_NaN()),
                       "chokepoint::scenario: cut of country 'CN': fraction must be in [0, 1], got nan", invalid_input);
  CHECK_THROWS_WITH_AS(
      sc.cut_supplier("Acme", 1, 30, 10.0),
      "chokepoint::scenario: cut of supplier 'Acme': end must be greater than start, got end 10 <= start "
      "30",
      invalid_input);
  CHECK_THROWS_WITH_AS(sc.cut_supplier("Acme", 1, std::numeric_limits<double>::infinity()),
                       "chokepoint::scenario: cut of supplier 'Acme': start must be finite and >= 0, got inf",
                       invalid_input);
  CHECK_THROWS_WITH_AS(sc.add_alternate("Dy", std::numeric_limits<double>::infinity(), 10),
                       "chokepoint::scenario: alternate for 'Dy': capacity must be finite and >= 0, got inf",
                       invalid_input);
  CHECK(sc.empty());  // nothing refused was kept
}

TEST_CASE("horizons that are negative or not a number: the disruption model names them") {
  const auto bom = cio::load_bom<double>("data/small/bom.csv");
  const auto supply = cio::load_supply<double>("data/small/supply.csv");
  const auto plan = cio::load_demand<double>("data/small/demand.csv", bom);
  const auto stock = cio::load_stock<double>("data/small/stock.csv", bom);
  const chokepoint::disruption_model<double> model(bom, supply, std::span<const double>(plan.rate),
                                                   std::span<const double>(stock));
  chokepoint::scenario<double> sc;
  sc.cut_country("CN", 1);
  for (const double h : {-1.0, -1e-300, std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    const std::string message =
        "chokepoint::disruption_model: horizon must be finite and >= 0, got " + chokepoint::detail::format_scalar(h);
    CAPTURE(h);
    chokepoint::disruption_options<double> options;
    options.horizon = h;
    CHECK_THROWS_WITH_AS((void)model.evaluate(sc, options), message.c_str(), invalid_input);
    CHECK_THROWS_WITH_AS((void)model.time_to_survive(sc, h), message.c_str(), invalid_input);
  }
  // A finite horizon so long that what accumulates over it overflows (losses came out inf).
  chokepoint::disruption_options<double> too_long;
  too_long.horizon = 1e308;
  CHECK_THROWS_WITH_AS((void)model.evaluate(sc, too_long),
                       "chokepoint::disruption_model: quantities over a horizon of 1e+308 days overflow",
                       invalid_input);
  // Alternates whose capacities, each finite, sum beyond double.
  chokepoint::scenario<double> fast = sc;
  fast.add_alternate("Nd", 1e308, 0).add_alternate("Dy", 1e308, 5, 1);
  CHECK_THROWS_WITH_AS((void)model.evaluate(fast),
                       "chokepoint::disruption_model: supply rates with the scenario's alternates overflow",
                       invalid_input);
  // A horizon of 0 is a question with an answer: nothing runs short in no time.
  chokepoint::disruption_options<double> zero;
  zero.horizon = 0;
  CHECK_FALSE(model.evaluate(sc, zero).system.time.has_value());
}

TEST_CASE("huge fan-in and fan-out: 200,000 products on one material, one product on 200,000 materials") {
  constexpr int n = 200'000;
  {
    chokepoint::bom_builder<double> b;
    for (int i = 0; i < n; ++i) b.add_edge("P" + std::to_string(i), "Dy", 0.5);
    const auto bom = std::move(b).build();
    const std::vector<double> demand(bom.item_count(), 1.0);  // Dy's own demand counts too
    CHECK(chokepoint::explode(bom, std::span<const double>(demand))[bom.id("Dy")] == 0.5 * n + 1);
    CHECK(chokepoint::where_used(bom, bom.id("Dy")).size() == std::size_t{n});
    CHECK(chokepoint::requirement_matrix(bom).nonZeros() == n);
  }
  {
    chokepoint::bom_builder<double> b;
    for (int i = 0; i < n; ++i) b.add_edge("P", "M" + std::to_string(i), 2);
    const auto bom = std::move(b).build();
    const auto reqs = chokepoint::unit_requirements(bom, bom.id("P"));
    CHECK(reqs.size() == std::size_t{n});
    CHECK(std::all_of(reqs.begin(), reqs.end(), [](const auto& r) { return r.quantity == 2.0; }));
  }
}

TEST_CASE("quantities whose products or sums pass the largest double: an error at load, not inf later") {
  // 3,000 levels, every 400th step 1e50 units: seven of them make 1e350 units of n2800 per
  // unit of n0. Exact numbers hold it.
  CHECK_THROWS_WITH_AS((void)cio::load_bom<double>("data/bad/bom_deep_overflow.csv"),
                       "data/bad/bom_deep_overflow.csv: chokepoint::bom: requirement of 'n2800' per unit of 'n0' "
                       "overflows",
                       invalid_input);
  const auto exact = cio::load_bom<rational>("data/bad/bom_deep_overflow.csv");
  const auto reqs = chokepoint::unit_requirements(exact, exact.id("n0"));
  const auto n2800 = std::find_if(reqs.begin(), reqs.end(), [&](const auto& r) { return r.item == exact.id("n2800"); });
  REQUIRE(n2800 != reqs.end());
  CHECK(n2800->quantity == rational(boost::multiprecision::pow(boost::multiprecision::cpp_int(10), 350)));

  // Two finite quantities of one edge, summed when duplicates are summed.
  CHECK_THROWS_WITH_AS((void)cio::load_bom<double>("data/bad/bom_duplicate_overflow.csv"),
                       "data/bad/bom_duplicate_overflow.csv: chokepoint::bom: duplicate edge EV -> motor",
                       invalid_input);
  CHECK_THROWS_WITH_AS(
      (void)cio::load_bom<double>("data/bad/bom_duplicate_overflow.csv", chokepoint::duplicate_edges::sum),
      "data/bad/bom_duplicate_overflow.csv: chokepoint::bom: duplicate edge EV -> motor: summed quantity overflows",
      invalid_input);
}
