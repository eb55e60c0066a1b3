// SPDX-License-Identifier: MIT
// The CSV readers: every valid file in tests/data/ read with its exact values, every bad
// one rejected with its exact message, decimal text converted exactly (checked against
// the C library and against fractions), and random tables written in every way the
// format allows read back unchanged. Paths are relative to tests/, where ctest runs us.

#include <chokepoint/io.hpp>
#include <chokepoint/network_model.hpp>

#include "support.hpp"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace cio = chokepoint::io;  // plain io:: is fast-cpp-csv-parser's
using chokepoint::parse_error;
using chokepoint::testing::rational;

namespace {

/// p/q rounded once: the value a correct reader gives for the decimal p/q.
template <class T>
T frac(long long p, long long q) {
  return T(T(p) / T(q));
}

template <class T>
T parsed(const std::string& text) {
  T value{};
  const auto status = cio::detail::parse_number(text.data(), text.data() + text.size(), value);
  REQUIRE_MESSAGE(status == cio::detail::number_status::ok, text);
  return value;
}

template <class T>
cio::detail::number_status status_of(const std::string& text) {
  T value{};
  return cio::detail::parse_number(text.data(), text.data() + text.size(), value);
}

/// Reads `path` with the reader for `kind` (the part of a bad file's name before '_').
template <class T>
void read_kind(const std::string& kind, const std::string& path) {
  if (kind == "bom") (void)cio::read_bom<T>(path);
  else if (kind == "supply") (void)cio::read_supply<T>(path);
  else if (kind == "demand") (void)cio::read_demand<T>(path);
  else if (kind == "stock") (void)cio::read_stock<T>(path);
  else if (kind == "alternates") (void)cio::read_alternates<T>(path);
  else if (kind == "values") (void)cio::read_values<T>(path);
  else if (kind == "recovery") (void)cio::read_recovery<T>(path);
  else FAIL("unknown kind " << kind);
}

}  // namespace

#define IO_TYPES float, double, chokepoint::testing::dec50, chokepoint::testing::rational

TEST_CASE_TEMPLATE("the toy car's files read with every value and line", T, IO_TYPES) {
  const auto bom = cio::read_bom<T>("data/small/bom.csv");
  const std::vector<cio::bom_record<T>> bom_expected{{"EV", "motor", T(2), T(0), 3},
                                                     {"EV", "Cu", T(12), T(0), 4},
                                                     {"ICE", "motor", T(1), T(0), 5},
                                                     {"ICE", "Cu", T(20), frac<T>(2, 100), 6},
                                                     {"motor", "magnet", T(1), frac<T>(5, 100), 7},
                                                     {"motor", "Cu", frac<T>(35, 10), T(0), 8},
                                                     {"magnet", "Nd", frac<T>(3, 10), frac<T>(1, 10), 9},
                                                     {"magnet", "Dy", frac<T>(5, 100), T(0), 10}};
  CHECK(bom == bom_expected);

  const auto supply = cio::read_supply<T>("data/small/supply.csv");
  const std::vector<cio::supply_record<T>> supply_expected{
      {"Nd", "Northern Rare Earth", "CN", T(900), 2}, {"Nd", "Shin-Etsu", "JP", T(100), 3},
      {"Dy", "Ganzhou Rare Earth", "CN", T(1000), 4}, {"Cu", "Aurubis", "DE", T(500), 5},
      {"Cu", "JX Metals", "JP", T(300), 6},           {"Cu", "Jiangxi Copper", "CN", T(200), 7}};
  CHECK(supply == supply_expected);

  const auto demand = cio::read_demand<T>("data/small/demand.csv");
  const std::vector<cio::demand_record<T>> demand_expected{{"EV", T(100), T(2), T(4500), 2},
                                                           {"ICE", T(250), T(1), std::nullopt, 3}};
  CHECK(demand == demand_expected);

  const auto stock = cio::read_stock<T>("data/small/stock.csv");
  const std::vector<cio::stock_record<T>> stock_expected{{"EV", T(50), 2, T(0), std::nullopt},
                                                         {"motor", T(150), 3, T(0), std::nullopt},
                                                         {"Nd", T(50), 4, T(0), std::nullopt},
                                                         {"Dy", T(3), 5, T(0), std::nullopt},
                                                         {"Cu", T(1000), 6, T(0), std::nullopt}};
  CHECK(stock == stock_expected);

  const auto alternates = cio::read_alternates<T>("data/small/alternates.csv");
  const std::vector<cio::alternate_record<T>> alternates_expected{
      {"Nd", "Vacuumschmelze", "DE", T(5), T(90), T(30), 2},
      {"Dy", "Shin-Etsu", "JP", frac<T>(5, 10), T(180), T(0), 3}};
  CHECK(alternates == alternates_expected);

  const auto values = cio::read_values<T>("data/small/values.csv");
  const std::vector<cio::value_record<T>> values_expected{
      {"Nd", frac<T>(1, 10), 2}, {"Dy", frac<T>(35, 100), 3}, {"Cu", frac<T>(95, 10000), 4}};
  CHECK(values == values_expected);
}

TEST_CASE("a rational reads decimals exactly: ten times 0.1 is 1") {
  const auto values = cio::read_values<rational>("data/small/values.csv");
  REQUIRE(values.size() == 3);
  CHECK(values[0].unit_value == rational(1, 10));
  rational sum(0);
  for (int i = 0; i < 10; ++i) sum += values[0].unit_value;
  CHECK(sum == rational(1));
  CHECK(values[2].unit_value == rational(95, 10000));
  CHECK(parsed<rational>("-1.25e-3") == rational(-125, 100000));
  CHECK(parsed<rational>("12.5E+2") == rational(1250));
  CHECK(parsed<rational>("0.000000000000000000000000000001") ==
        rational(1) / rational(boost::multiprecision::pow(boost::multiprecision::cpp_int(10), 30)));
  CHECK(parsed<rational>("123456789012345678901234567890.5") ==
        rational(boost::multiprecision::cpp_int("1234567890123456789012345678905"), 10));
  CHECK(parsed<rational>("0123") == rational(123));  // leading zeros are decimal, not octal
  CHECK(parsed<rational>("0e999999") == rational(0));
}

TEST_CASE_TEMPLATE("decimal text: what is a number and what is not", T, CHOKEPOINT_ALL_TYPES) {
  using cio::detail::number_status;
  CHECK(parsed<T>("0.1") == frac<T>(1, 10));
  CHECK(parsed<T>("+2.5") == frac<T>(5, 2));
  CHECK(parsed<T>(".5") == frac<T>(1, 2));
  CHECK(parsed<T>("5.") == T(5));
  CHECK(parsed<T>("-7E-1") == frac<T>(-7, 10));
  CHECK(parsed<T>("1e3") == T(1000));
  for (const char* text : {"", "+", "-", ".", "e5", "1e", "1e+", "abc", "1.2.3", "0x10", "1,5", " 1", "1 ", "+-1",
                           "--1", "1e5x", "nan(", "infinit", "½"})
    CHECK_MESSAGE(status_of<T>(text) == number_status::not_a_number, "'" << text << "'");
  for (const char* text : {"inf", "-INF", "Infinity", "nan", "NaN", "-nan", "nan(0x1)"})
    CHECK_MESSAGE(status_of<T>(text) == number_status::not_finite, text);
  CHECK(status_of<T>("1e99999999999") == number_status::out_of_range);
  CHECK(status_of<T>("-1e99999999999") == number_status::out_of_range);
  CHECK(status_of<T>("1e-99999999999") == number_status::out_of_range);
  CHECK(status_of<T>(std::string(1001, '1')) == number_status::out_of_range);
  CHECK(status_of<T>(std::string(1000, '0')) == number_status::ok);
}

/// The reader's value is the C library's; where that overflows or underflows (ERANGE),
/// the reader says out of range (subnormal results, which glibc also flags, may be
/// returned: then they must agree).
template <class T, class Strto>
void check_like_c(const std::string& text, Strto strto) {
  errno = 0;
  const T expected = strto(text.c_str());
  const bool range_error = errno == ERANGE;
  if (status_of<T>(text) == cio::detail::number_status::ok) CHECK(parsed<T>(text) == expected);
  else CHECK((range_error && status_of<T>(text) == cio::detail::number_status::out_of_range));
}

TEST_CASE("float, double and long double round like the C library's strtof, strtod, strtold") {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  std::uniform_int_distribution<int> digit(0, 9), length(1, 25), exponent(-60, 60), coin(0, 1);
  for (int i = 0; i < 20000; ++i) {
    std::string text = coin(rng) ? "-" : "";
    const int n = length(rng);
    const int point = std::uniform_int_distribution<int>(0, n)(rng);
    for (int k = 0; k < n; ++k) {
      if (k == point) text += '.';
      text += static_cast<char>('0' + digit(rng));
    }
    if (coin(rng)) text += "e" + std::to_string(exponent(rng));
    CAPTURE(text);
    check_like_c<float>(text, [](const char* s) { return std::strtof(s, nullptr); });
    check_like_c<double>(text, [](const char* s) { return std::strtod(s, nullptr); });
    check_like_c<long double>(text, [](const char* s) { return std::strtold(s, nullptr); });
  }
}

TEST_CASE("edge files: header only, BOM + CRLF + quoting + reordered and extra columns") {
  CHECK(cio::read_bom("data/edge/header_only.csv").empty());
  const auto rows = cio::read_bom("data/edge/bom_crlf_quoted.csv");
  const std::vector<cio::bom_record<>> expected{{"EV \xe2\x80\x93 \xce\xa9", "motor", 2, 0, 4},
                                                {"motor", "magnet \"N52\"", 0.5, 0, 5},
                                                {"magnet", "Nd, sintered", 0.1, 0, 7}};
  CHECK(rows == expected);
}

TEST_CASE_TEMPLATE("every bad file is rejected with its exact message", T, double, rational) {
  struct bad {
    const char* file;
    const char* message;
  };
  const bad cases[] = {
      {"empty", ":0:0: empty file (expected a header row)"},
      {"comments_only", ":0:0: empty file (expected a header row)"},
      {"bom_missing_column", ":1:0: missing column 'quantity'"},
      {"bom_negative_quantity", ":3:3: quantity: must be positive and finite, got '-1'"},
      {"bom_zero_quantity", ":2:3: quantity: must be positive and finite, got '0'"},
      {"bom_not_a_number", ":3:3: quantity: expected a number, got 'abc'"},
      {"bom_comma_decimal", ":2:3: quantity: expected a number, got '0,5'"},
      {"bom_unterminated_quote", ":2:2: unterminated quoted field"},
      {"bom_empty_name", ":2:1: parent: empty name"},
      {"bom_scrap_out_of_range", ":2:4: scrap: must be in [0, 1), got '1'"},
      {"bom_too_few_fields", ":3:0: too few fields: expected 3, got 2"},
      {"bom_too_many_fields", ":2:0: too many fields: expected 3, got 4"},
      {"bom_duplicate_column", ":1:4: duplicate column 'quantity'"},
      {"bom_out_of_range", ":2:3: quantity: number out of range, got '1e5000'"},
      {"bom_reordered_columns", ":3:1: quantity: expected a number, got '2kg'"},
      {"supply_nan_volume", ":3:4: volume: must be non-negative and finite, got 'nan'"},
      {"supply_missing_column", ":1:0: missing column 'volume'"},
      {"supply_empty_country", ":2:3: country: empty name"},
      {"demand_negative_rate", ":2:2: rate: must be non-negative and finite, got '-5'"},
      {"demand_bad_priority", ":2:3: priority: expected a number, got 'high'"},
      {"demand_inf_margin", ":2:3: margin: must be non-negative and finite, got 'inf'"},
      {"stock_negative_in_transit", ":2:3: in_transit: must be non-negative and finite, got '-1'"},
      {"alternates_negative_lead_time", ":2:5: lead_time: must be non-negative and finite, got '-30'"},
      {"values_not_a_number", ":2:2: unit_value: expected a number, got '$5'"},
      {"recovery_zero_days", ":4:2: days: must be positive and finite, got '0'"},
      {"recovery_empty_days", ":4:3: days: expected a number, got ''"},
      {"binary_garbage", ":1:0: NUL byte (binary data, not CSV text)"},
      {"nul_in_row", ":3:0: NUL byte (binary data, not CSV text)"},
  };
  for (const bad& c : cases) {
    const std::string name(c.file);
    const std::string kind = name.substr(0, name.find('_'));
    const std::string path = "data/bad/" + name + ".csv";
    const std::string message = path + c.message;
    CAPTURE(path);
    // Files named for no reader are read as a BOM.
    const bool known = kind == "bom" || kind == "supply" || kind == "demand" || kind == "stock" ||
                       kind == "alternates" || kind == "values" || kind == "recovery";
    CHECK_THROWS_WITH_AS(read_kind<T>(known ? kind : "bom", path), message.c_str(), parse_error);
  }
}

TEST_CASE("files that cannot be opened or read") {
  // Each says why, as the system told it (a file that exists but may not be read cannot
  // be made for a test run as root, so that reason is checked from its errno).
  CHECK_THROWS_WITH_AS((void)cio::read_bom("data/bad/nosuch.csv"), "data/bad/nosuch.csv:0:0: cannot open: no such file",
                       parse_error);
  CHECK_THROWS_WITH_AS((void)cio::read_supply("data/bad"), "data/bad:0:0: cannot open: is a directory", parse_error);
  CHECK_THROWS_WITH_AS((void)cio::read_supply("data/bad/empty.csv/x.csv"),
                       "data/bad/empty.csv/x.csv:0:0: cannot open: a part of the path is not a directory", parse_error);
  CHECK(chokepoint::io::detail::open_failure(EACCES) == "permission denied");
  CHECK(chokepoint::io::detail::open_failure(EMFILE) == "too many open files");
  std::istringstream broken("parent,child,quantity\n");
  broken.setstate(std::ios_base::badbit);
  CHECK_THROWS_WITH_AS((void)cio::read_bom(broken, "<stdin>"), "<stdin>:0:0: cannot read file", parse_error);
}

TEST_CASE("streams: errors carry the display name; NUL bytes are never skipped") {
  std::istringstream in("parent,child,quantity\nEV,motor,x\n");
  CHECK_THROWS_WITH_AS((void)cio::read_bom(in, "<stdin>"), "<stdin>:2:3: quantity: expected a number, got 'x'",
                       parse_error);
  auto read = [](const std::string& text) {
    std::istringstream s(text);
    return cio::read_bom(s, "m.csv");
  };
  using namespace std::string_literals;
  // A valid-looking row cut by a NUL is still an error, on the NUL's line.
  CHECK_THROWS_WITH_AS(read("parent,child,quantity\nEV,motor,1\0tail\n"s),
                       "m.csv:2:0: NUL byte (binary data, not CSV text)", parse_error);
  CHECK_THROWS_WITH_AS(read("parent,child,quantity\nEV,motor,1\n\0"s),
                       "m.csv:3:0: NUL byte (binary data, not CSV text)", parse_error);
  CHECK_THROWS_WITH_AS(read("\xef\xbb\xbf\0"s), "m.csv:1:0: NUL byte (binary data, not CSV text)", parse_error);
  // An error on a whole line before a NUL is that line's own.
  CHECK_THROWS_WITH_AS(read("parent,child,quantity\nEV,motor\n\0"s), "m.csv:2:0: too few fields: expected 3, got 2",
                       parse_error);
  // A long text field is cut in the message.
  CHECK_THROWS_WITH_AS(read("parent,child,quantity\nEV,motor," + std::string(100, '7') + "x\n"),
                       ("m.csv:2:3: quantity: expected a number, got '" + std::string(40, '7') + "...'").c_str(),
                       parse_error);
}

TEST_CASE("a line beyond fccp's 16 MiB limit is a clean error") {
  std::string text = "parent,child,quantity\nEV,motor,1\nEV,";
  text.append(std::size_t{1} << 24, 'm');
  text += ",1\n";
  std::istringstream in(text);
  CHECK_THROWS_WITH_AS((void)cio::read_bom(in, "long.csv"), "long.csv:3:0: line longer than 16777215 bytes",
                       parse_error);
}

TEST_CASE("inputs beyond 32 MB go through the read-ahead thread with exact line numbers") {
  // fccp reads the first 32 MB at once and the rest on a second thread.
  constexpr std::size_t rows = 2'000'000;
  std::string text = "parent,child,quantity\n";
  text.reserve(rows * 24);
  for (std::size_t i = 0; i < rows; ++i) text += "p" + std::to_string(i) + ",c" + std::to_string(i % 977) + ",1.5\n";
  REQUIRE(text.size() > (std::size_t{1} << 25));
  {
    std::istringstream in(text);
    std::size_t n = 0;
    bool in_order = true;
    cio::for_each_bom_record(in, "big.csv", [&](const cio::bom_record<>& r) {
      ++n;
      in_order = in_order && r.line == n + 1 && r.parent == "p" + std::to_string(n - 1) && r.quantity == 1.5;
    });
    CHECK(n == rows);
    CHECK(in_order);
  }
  const std::string last_line = std::to_string(rows + 2);
  std::istringstream negative(text + "p,c,-2\n");
  CHECK_THROWS_WITH_AS((void)cio::read_bom(negative, "big.csv"),
                       ("big.csv:" + last_line + ":3: quantity: must be positive and finite, got '-2'").c_str(),
                       parse_error);
  // The NUL is found by the read-ahead thread, long before the rows before it are read.
  using namespace std::string_literals;
  std::istringstream nul(text + "p,c,1\0\n"s);
  CHECK_THROWS_WITH_AS((void)cio::read_bom(nul, "big.csv"),
                       ("big.csv:" + last_line + ":0: NUL byte (binary data, not CSV text)").c_str(), parse_error);
}

TEST_CASE("for_each_* sees the same records as read_*") {
  std::vector<cio::supply_record<>> seen;
  cio::for_each_supply_record("data/small/supply.csv", [&](const cio::supply_record<>& r) { seen.push_back(r); });
  CHECK(seen == cio::read_supply("data/small/supply.csv"));
}

namespace {

/// A name as a CSV field: quoted (with doubled quotes) when it has to be, or at random;
/// padded outside the quotes with spaces or tabs that the reader trims.
std::string as_field(const std::string& name, std::mt19937_64& rng) {
  const bool must_quote = name.find_first_of(",\"") != std::string::npos || name.front() == ' ' || name.back() == ' ' ||
                          name.front() == '#';
  std::string field = name;
  if (must_quote || rng() % 4 == 0) {
    field = "\"";
    for (char c : name) field += c == '"' ? std::string("\"\"") : std::string(1, c);
    field += "\"";
  }
  const char* pads[] = {"", "", " ", "\t", "  "};
  return pads[rng() % 5] + field + pads[rng() % 5];
}

std::string random_name(std::mt19937_64& rng) {
  static const std::vector<std::string> pieces{"a", "B", "z9", " ",        ",",           "\"",
                                               "#", "-", "Nd", "\xce\xa9", "\xe7\xa3\x81"};
  std::string name;
  const std::size_t n = 1 + rng() % 5;
  for (std::size_t i = 0; i < n; ++i) name += pieces[rng() % pieces.size()];
  if (name.find_first_not_of(' ') == std::string::npos) name = "x" + name;  // never blank
  return name;
}

}  // namespace

TEST_CASE_TEMPLATE("random BOM tables, written every way the format allows, read back unchanged", T, double, rational) {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  for (int round = 0; round < 30; ++round) {
    // A random column order with unknown columns mixed in; scrap present or not.
    std::vector<std::string> header{"parent", "child", "quantity"};
    const bool with_scrap = rng() % 2 == 0;
    if (with_scrap) header.push_back("scrap");
    for (std::size_t i = 0, extra = rng() % 3; i < extra; ++i) header.push_back("note" + std::to_string(i));
    std::shuffle(header.begin(), header.end(), rng);
    const std::string eol = rng() % 2 ? "\r\n" : "\n";

    std::string text = rng() % 2 ? "\xef\xbb\xbf" : "";
    std::size_t line = 0;
    auto put_line = [&](const std::string& s) {
      text += s + eol;
      ++line;
    };
    auto maybe_noise = [&] {
      if (rng() % 5 == 0) put_line("# comment, \"with\" anything");
      if (rng() % 7 == 0) put_line(rng() % 2 ? "" : " \t ");
    };
    maybe_noise();
    std::string header_line;
    for (std::size_t i = 0; i < header.size(); ++i) header_line += (i ? "," : "") + header[i];
    put_line(header_line);

    std::vector<cio::bom_record<T>> expected;
    for (std::size_t r = 0, n = rng() % 40; r < n; ++r) {
      maybe_noise();
      cio::bom_record<T> rec;
      rec.parent = random_name(rng);
      rec.child = random_name(rng);
      // quantity = m / 10^k with m > 0; scrap = s / 1000 with s < 1000; both as decimals
      // written independently of the reader.
      const long long m = 1 + static_cast<long long>(rng() % 10'000'000);
      const int k = static_cast<int>(rng() % 7);
      const long long s = with_scrap ? static_cast<long long>(rng() % 1000) : 0;
      long long ten_k = 1;
      for (int i = 0; i < k; ++i) ten_k *= 10;
      rec.quantity = frac<T>(m, ten_k);
      rec.scrap = frac<T>(s, 1000);
      std::string quantity_text = std::to_string(m / ten_k);
      if (k > 0) {
        std::string fraction = std::to_string(m % ten_k);
        quantity_text += "." + std::string(static_cast<std::size_t>(k) - fraction.size(), '0') + fraction;
      }
      if (rng() % 3 == 0) quantity_text = std::to_string(m) + "e-" + std::to_string(k);
      const std::string scrap_text = s == 0 && rng() % 2 ? std::string()
                                                         : "0." +
                                                               std::string(s < 10    ? 2
                                                                           : s < 100 ? 1
                                                                                     : 0,
                                                                           '0') +
                                                               std::to_string(s);
      std::string row;
      for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string& h = header[i];
        const std::string field = h == "parent"     ? as_field(rec.parent, rng)
                                  : h == "child"    ? as_field(rec.child, rng)
                                  : h == "quantity" ? quantity_text
                                  : h == "scrap"    ? scrap_text
                                                    : as_field(random_name(rng), rng);
        row += (i ? "," : "") + field;
      }
      put_line(row);
      rec.line = line;
      expected.push_back(rec);
    }
    maybe_noise();
    if (rng() % 2 && text.size() >= eol.size()) text.resize(text.size() - eol.size());  // no final newline

    CAPTURE(text);
    std::istringstream in(text);
    const auto rows = cio::read_bom<T>(in, "random.csv");
    CHECK(rows == expected);
  }
}

TEST_CASE_TEMPLATE("stock in transit: without an arrival day on hand, with one a receipt", T, double, rational) {
  std::istringstream in("item,on_hand,in_transit,arrival\nmotor,120,30,\nDy,3,40,30\nNd,5,,\n");
  const auto stock = cio::read_stock<T>(in, "s.csv");
  REQUIRE(stock.size() == 3);
  CHECK(stock[0].on_hand == T(150));  // 120 + 30, at t = 0
  CHECK(stock[0].in_transit == T(0));
  CHECK_FALSE(stock[0].arrival.has_value());
  CHECK(stock[1].on_hand == T(3));  // the 40 in transit arrive on day 30
  CHECK(stock[1].in_transit == T(40));
  CHECK(*stock[1].arrival == T(30));
  CHECK(stock[2].on_hand == T(5));

  std::istringstream alone("item,on_hand,in_transit,arrival\nDy,3,,30\n");
  CHECK_THROWS_WITH_AS((void)cio::read_stock<T>(alone, "s.csv"),
                       "s.csv:2:4: arrival: an arrival day needs an in_transit quantity, got none", parse_error);
  std::istringstream negative("item,on_hand,in_transit,arrival\nDy,3,1,-2\n");
  CHECK_THROWS_WITH_AS((void)cio::read_stock<T>(negative, "s.csv"),
                       "s.csv:2:4: arrival: must be non-negative and finite, got '-2'", parse_error);
}

TEST_CASE("schedules: rows of one scope and kind are one schedule, its steps in order") {
  std::istringstream in(
      "scope,kind,from,to,value\n"
      "\"country:CN[Dy oxide,Tb oxide]\",quota,0,90,5\n"
      "country:CN,cut,30,60,0.5\n"
      "\"country:CN[Tb oxide, Dy oxide]\",quota,90,,2\n"  // the same set of materials
      "\"country:CN[Dy oxide]\",quota,0,,1\n");
  const auto schedules = cio::load_schedules<double>(in, "s.csv");
  REQUIRE(schedules.size() == 3);
  const auto& q = schedules[0];
  CHECK(q.kind == chokepoint::limit_kind::quota);
  CHECK(q.target == chokepoint::cut_target::country);
  CHECK(q.name == "CN");
  CHECK(q.materials == std::vector<std::string>{"Dy oxide", "Tb oxide"});
  REQUIRE(q.steps.size() == 2);
  CHECK(q.steps[0].from == 0);
  CHECK(*q.steps[0].to == 90);
  CHECK(q.steps[0].level == 5);
  CHECK(q.steps[1].from == 90);
  CHECK_FALSE(q.steps[1].to.has_value());
  CHECK(q.steps[1].level == 2);
  CHECK(q.lines == std::vector<std::size_t>{2, 4});
  CHECK(schedules[1].kind == chokepoint::limit_kind::cut);
  CHECK(schedules[1].materials.empty());
  CHECK(schedules[2].materials == std::vector<std::string>{"Dy oxide"});

  chokepoint::scenario<double> sc;
  for (const auto& s : schedules) s.add_to(sc);
  CHECK(sc.quotas().size() == 3);
  REQUIRE(sc.cuts().size() == 1);
  CHECK(sc.cuts()[0].fraction == 0.5);
  CHECK(*sc.cuts()[0].end == 60);

  const auto message = [](const std::string& rows) {
    std::istringstream bad("scope,kind,from,to,value\n" + rows);
    try {
      (void)cio::load_schedules<double>(bad, "s.csv");
    } catch (const parse_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("country:CN,ban,0,1,1\n") == "s.csv:2:2: kind: must be 'cut' or 'quota', got 'ban'");
  CHECK(message("country:CN,cut,0,45,1\ncountry:CN,cut,40,,1\n") ==
        "s.csv:3:3: from: starts at 40, before the step of line 2 ends at 45");
  CHECK(message("country:CN,cut,0,,1\ncountry:CN,cut,40,,1\n") ==
        "s.csv:3:3: from: the step of line 2 before it never ends (its to is empty): only the last step of a "
        "schedule may be open");
  CHECK(message("country:CN,cut,5,5,1\n") == "s.csv:2:4: to: must be greater than from, got '5' <= '5'");
  CHECK(message("country:CN,cut,0,1,2\n") == "s.csv:2:5: value: a cut's fraction must be in [0, 1], got '2'");
  CHECK(message("\"country:CN[Dy]\",quota,0,1,-2\n") == "s.csv:2:5: value: must be non-negative and finite, got '-2'");
  CHECK(message("country:CN,quota,0,1,2\n") ==
        "s.csv:2:1: scope: a quota needs the materials it caps, in brackets after the name, e.g. country:CN[Dy oxide]");
  CHECK(message("CN,cut,0,1,1\n") ==
        "s.csv:2:1: scope: expected KIND:NAME[MATERIAL,...], with KIND country, supplier or site");
  CHECK(message("\"country:CN[Dy,Dy]\",cut,0,1,1\n") == "s.csv:2:1: scope: material 'Dy' is named twice in the scope");
  CHECK(message(",cut,0,1,1\n") == "s.csv:2:1: scope: empty name");
}

TEST_CASE_TEMPLATE("recovery: a time to recover per source, each entry at its line", T, double, rational) {
  using chokepoint::grouping;
  std::istringstream in(
      "# times to recover\n"
      "source,days,kind\n"
      "Shin-Etsu,14,supplier\n"
      "\"Northern Rare Earth\",180.5,\n");
  const auto rows = cio::read_recovery<T>(in, "r.csv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].source == "Shin-Etsu");
  CHECK(rows[0].days == T(14));
  CHECK(rows[0].kind == std::optional<grouping>(grouping::supplier));
  CHECK(rows[0].line == 3);
  CHECK(rows[1].source == "Northern Rare Earth");
  CHECK(rows[1].days == frac<T>(361, 2));
  CHECK_FALSE(rows[1].kind.has_value());

  // load_recovery: the entries in file order, their rows the lines, the fallback for the rest.
  std::istringstream file("source,days\nCN,180\n\nJP,0.1\n");
  const chokepoint::source_recovery<T> r = cio::load_recovery<T>(file, "r.csv", grouping::country, T(30));
  CHECK(r.fallback == T(30));
  REQUIRE(r.listed.size() == 2);
  CHECK(r.listed[0].source == "CN");
  CHECK(r.listed[0].days == T(180));
  CHECK(r.listed[0].row == 2);
  CHECK(r.listed[1].source == "JP");
  CHECK(r.listed[1].days == frac<T>(1, 10));
  CHECK(r.listed[1].row == 4);

  const auto message = [](const std::string& text, grouping kind) {
    std::istringstream bad(text);
    try {
      (void)cio::load_recovery<T>(bad, "r.csv", kind, T(30));
    } catch (const parse_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("source,days\nCN,-5\n", grouping::country) == "r.csv:2:2: days: must be positive and finite, got '-5'");
  CHECK(message("source,days\nCN,nan\n", grouping::country) ==
        "r.csv:2:2: days: must be positive and finite, got 'nan'");
  CHECK(message("source,days\nCN,inf\n", grouping::country) ==
        "r.csv:2:2: days: must be positive and finite, got 'inf'");
  CHECK(message("source,days\n,5\n", grouping::country) == "r.csv:2:1: source: empty name");
  CHECK(message("source,kind,days\nCN,site,5\n", grouping::country) ==
        "r.csv:2:2: kind: must be 'supplier' or 'country', got 'site'");
  CHECK(message("source,kind,days\nAcme,supplier,5\nCN,country,5\n", grouping::supplier) ==
        "r.csv:3:2: kind: 'country', but the sources are suppliers");
  CHECK(message("days,kind,source\n5,supplier,Acme\n", grouping::country) ==
        "r.csv:2:2: kind: 'supplier', but the sources are countries");
  CHECK(message("source,kind\nCN,country\n", grouping::country) == "r.csv:1:0: missing column 'days'");
  // Names are not checked here (the reader knows no supply base): that is the index's.
  CHECK(message("source,days\nAtlantis,5\nAtlantis,6\n", grouping::country) == "no error");
}

TEST_CASE_TEMPLATE("networks: the sources and sites files read with every value and line", T, double, rational) {
  const auto sources = cio::read_sources<T>("data/network/sources_customers.csv");
  const std::vector<cio::source_record<T>> sources_expected{{"Magnet", "A", "JP", T(8), {}, 3},
                                                            {"Magnet", "B", "CN", T(6), {}, 4},
                                                            {"Rotor", "B", "CN", T(10), {}, 5},
                                                            {"NdPr", "L", "AU", T(12), {"A"}, 6},
                                                            {"NdPr", "M", "MY", T(100), {"B"}, 7}};
  CHECK(sources == sources_expected);
  const auto sites = cio::read_sites<T>("data/network/sites.csv");
  const std::vector<cio::site_record<T>> sites_expected{{"Ningbo", "B", T(12), {}, 3}};
  CHECK(sites == sites_expected);

  // Lists: names trimmed, a quoted field may hold commas; the optional columns may be
  // missing, and an empty capacity only groups.
  std::istringstream in(
      "customers,capacity,country,source,item\n"
      "\" Acme, Ltd ; Car\",0.5,JP,A,Magnet\n");
  const auto listed = cio::read_sources<T>(in, "s.csv");
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].customers == std::vector<std::string>{"Acme, Ltd", "Car"});
  CHECK(listed[0].capacity == frac<T>(1, 2));
  std::istringstream grouping("source,site,items\nB,Ningbo,Rotor;\tMagnet\nA,Tokyo,\n");
  const auto grouped = cio::read_sites<T>(grouping, "t.csv");
  const std::vector<cio::site_record<T>> grouped_expected{{"Ningbo", "B", std::nullopt, {"Rotor", "Magnet"}, 2},
                                                          {"Tokyo", "A", std::nullopt, {}, 3}};
  CHECK(grouped == grouped_expected);
}

TEST_CASE_TEMPLATE("load_network: every row a node or a site at its line, ready to evaluate", T, double, rational) {
  using chokepoint::node_id;
  const auto bom = cio::load_bom<T>("data/network/bom.csv");
  const auto net = cio::load_network<T>(bom, "data/network/sources_customers.csv");
  REQUIRE(net.node_count() == 5);
  CHECK(net.site_count() == 0);
  CHECK(net.has_customer_lists());
  const auto node = [&](std::string_view item, std::string_view source) {
    for (const node_id n : net.nodes(*bom.find(item)))
      if (net.source(n) == source) return n;
    FAIL("no node " << source << " of " << item);
    return node_id(0);
  };
  const node_id l = node("NdPr", "L");
  CHECK(net.row(l) == 6);
  CHECK(net.country(l) == "AU");
  CHECK(net.capacity(l) == T(12));
  const chokepoint::network_customer a{*bom.find("Magnet"), node("Magnet", "A")};
  CHECK(std::vector<chokepoint::network_customer>(net.customers(l).begin(), net.customers(l).end()) ==
        std::vector<chokepoint::network_customer>{a});
  CHECK(net.customers(node("Magnet", "A")).empty());

  // The car of tests/cli/CMakeLists.txt: without A, B's 12 a day at Ningbo go to 10
  // rotors and 2 magnets, so the 100 magnets in stock last 100 / (10 - 2) = 12.5 days.
  const auto shared = cio::load_network<T>(bom, "data/network/sources.csv", "data/network/sites.csv");
  REQUIRE(shared.site_count() == 1);
  CHECK(shared.site_name(0) == "Ningbo");
  CHECK(shared.site_capacity(0) == std::optional<T>(T(12)));
  CHECK(shared.site_nodes(0).size() == 2);
  std::vector<T> demand(bom.item_count(), T(0)), stock(bom.item_count(), T(0));
  demand[*bom.find("Car")] = T(10);
  stock[*bom.find("Magnet")] = T(100);
  const chokepoint::network_model<T> model(shared, demand, stock);
  chokepoint::scenario<T> sc;
  sc.cut_supplier("A", T(1));
  const auto r = model.time_to_survive(sc);
  CHECK(r.time == std::optional<T>(frac<T>(25, 2)));
  CHECK(r.binding == std::vector<chokepoint::item_id>{*bom.find("Magnet"), *bom.find("Rotor")});
}

TEST_CASE_TEMPLATE("networks: every bad sources or sites file is refused with its exact message", T, double, rational) {
  struct bad {
    const char* file;
    const char* message;
  };
  const bad cases[] = {
      {"sources_negative_capacity", ":2:4: capacity: must be non-negative and finite, got '-8'"},
      {"sources_capacity_not_a_number", ":3:4: capacity: expected a number, got '6/day'"},
      {"sources_empty_capacity", ":3:4: capacity: expected a number, got ''"},
      {"sources_inf_capacity", ":2:4: capacity: must be non-negative and finite, got 'inf'"},
      {"sources_empty_country", ":2:3: country: empty name"},
      {"sources_empty_source", ":2:2: source: empty name"},
      {"sources_empty_item", ":2:1: item: empty name"},
      {"sources_missing_column", ":1:0: missing column 'capacity'"},
      {"sources_customer_twice", ":3:5: customers: 'A' listed twice"},
      {"sources_customer_empty", ":3:5: customers: empty name in the list 'A;;B' (names are separated by ';')"},
      {"sources_unknown_item",
       ":3:0: chokepoint::supply_network: row 3 (source 'B' of 'Motor'): 'Motor' is not an item of the bill of "
       "materials"},
      {"sources_probable_item",
       ":2:0: chokepoint::supply_network: row 2 (source 'A' of 'magnet'): 'magnet' is not an item of the bill of "
       "materials (did you mean 'Magnet'?)"},
      {"sources_given_twice",
       ":4:0: chokepoint::supply_network: row 4 (source 'A' of 'Magnet'): given twice (first "
       "at row 2)"},
      {"sources_unknown_customer",
       ": chokepoint::supply_network: row 3 (source 'L' of 'NdPr'): unknown customer 'Acem' (neither a source of a "
       "parent of 'NdPr' nor a parent of it made in-house)"},
      {"sites_negative_capacity", ":2:3: capacity: must be non-negative and finite, got '-12'"},
      {"sites_capacity_not_a_number", ":2:3: capacity: expected a number, got 'twelve'"},
      {"sites_item_twice", ":2:4: items: 'Magnet' listed twice"},
      {"sites_empty_site", ":2:1: site: empty name"},
      {"sites_missing_column", ":1:0: missing column 'source'"},
      {"sites_given_twice",
       ":3:0: chokepoint::supply_network: site row 3 (site 'Ningbo'): given twice (first at site row 2)"},
      {"sites_unknown_source", ": chokepoint::supply_network: site row 2 (site 'Ningbo'): unknown source 'Acem'"},
      {"sites_unknown_item", ": chokepoint::supply_network: site row 2 (site 'Tokyo'): source 'A' makes no 'Rotor'"},
      {"sites_node_twice",
       ": chokepoint::supply_network: site row 3 (site 'Hangzhou'): source 'B' of 'Rotor' is in site 'Ningbo' "
       "already (site row 2)"},
  };
  const auto bom = cio::load_bom<T>("data/network/bom.csv");
  for (const bad& c : cases) {
    const std::string name(c.file);
    const std::string path = "data/bad/" + name + ".csv";
    const std::string message = path + c.message;
    CAPTURE(path);
    const bool sites = name.starts_with("sites_");
    const auto load = [&] {
      if (sites) (void)cio::load_network<T>(bom, "data/network/sources.csv", path);
      else (void)cio::load_network<T>(bom, path);
    };
    // A row's own fault is a parse_error at its line; the whole network's names the file.
    if (c.message[1] != ' ') CHECK_THROWS_WITH_AS(load(), message.c_str(), parse_error);
    else CHECK_THROWS_WITH_AS(load(), message.c_str(), chokepoint::invalid_input);
  }
}

TEST_CASE("stock plans: receipts of materials only, or of any item for a network") {
  const auto bom = cio::load_bom<double>("data/network/bom.csv");
  const std::string path = "data/network/stock_transit.csv";
  CHECK_THROWS_WITH_AS((void)cio::load_stock_plan<double>(path, bom),
                       "data/network/stock_transit.csv:3:0: 'Magnet' is an assembly in the bill of materials: stock "
                       "in transit with an arrival day is for materials only",
                       parse_error);
  const auto plan = cio::load_stock_plan<double>(path, bom, cio::receipt_items::any);
  CHECK(plan.on_hand[*bom.find("Magnet")] == 100);
  REQUIRE(plan.receipts.size() == 1);
  CHECK(plan.receipts[0].material == "Magnet");
  CHECK(plan.receipts[0].quantity == 50);
  CHECK(plan.receipts[0].arrival == 5);
  CHECK(plan.receipt_lines == std::vector<std::size_t>{3});
}
