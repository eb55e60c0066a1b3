// SPDX-License-Identifier: MIT
// Writes the benchmark inputs as CSV files, so that other tools (SciPy, pandas, numpy,
// SQLite) can be run on exactly the data chokepoint_bench uses (same generator, same
// seed as bench/fixtures.hpp):
//
//   export_data DIR [--bom ITEMS]... [--supply-rows ROWS]...
//
//   --bom ITEMS         DIR/bom_ITEMS/{bom,supply,demand,stock}.csv: the generated
//                       supply chain of ITEMS items (testing::write_csv_files)
//   --supply-rows ROWS  DIR/supply_ROWS.csv: material,supplier,country,volume, the
//                       supply table of the concentration benchmark (about ROWS rows)
#include "../fixtures.hpp"

#include <chokepoint/testing/generate.hpp>

#include <charconv>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

namespace {

using namespace chokepoint;

std::size_t size_argument(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0)
    throw std::invalid_argument("export_data: not a size: '" + std::string(text) + "'");
  return value;
}

void write_supply_table(const testing::generated_supply& table, const std::filesystem::path& path) {
  std::ofstream file(path, std::ios::binary);
  {
    testing::detail::block_writer w(file);
    w.text() += "material,supplier,country,volume";
    w.line_done();
    for (const testing::generated_source& r : table.rows) {
      w.text() += testing::material_name(r.material);
      w.text() += ',';
      w.text() += testing::supplier_name(r.supplier);
      w.text() += ',';
      w.text() += testing::country_name(r.country);
      w.text() += ',';
      testing::detail::append_number(w.text(), r.volume);
      w.line_done();
    }
  }
  if (!file) throw std::runtime_error("export_data: cannot write '" + path.string() + "'");
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::cerr << "usage: export_data DIR [--bom ITEMS]... [--supply-rows ROWS]...\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  for (int k = 2; k < argc; ++k) {
    const std::string_view option = argv[k];
    if (k + 1 >= argc) throw std::invalid_argument("export_data: " + std::string(option) + " needs a size");
    const std::size_t size = size_argument(argv[++k]);
    if (option == "--bom") {
      const auto out = dir / ("bom_" + std::to_string(size));
      std::filesystem::create_directories(out);
      testing::write_csv_files(testing::generate_supply_chain(size, bench::seed), out);
      std::cout << out.string() << '\n';
    } else if (option == "--supply-rows") {
      // As bench::supply_of_rows: generate_supply makes about 3.14 rows per material.
      const auto out = dir / ("supply_" + std::to_string(size) + ".csv");
      write_supply_table(testing::generate_supply(size * 100 / 314, bench::seed), out);
      std::cout << out.string() << '\n';
    } else {
      throw std::invalid_argument("export_data: unknown option '" + std::string(option) + "'");
    }
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << e.what() << '\n';
  return 1;
}
