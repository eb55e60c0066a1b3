// SPDX-License-Identifier: MIT
// The generator is checked through the library's own view of its output: the built
// bill_of_materials decides what is a product, an assembly or a material, so the
// proportions, depth and fan-in below are what benchmarks and users actually get.
#include <chokepoint/explosion.hpp>
#include <chokepoint/testing/generate.hpp>

#include "support.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace chokepoint;
using namespace chokepoint::testing;

namespace {

std::size_t median(std::vector<std::size_t> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// FNV-1a over the integer content (quantities in quarters): equal on every platform.
std::uint64_t fingerprint(const generated_supply_chain& g) {
  std::uint64_t h = 1469598103934665603u;
  const auto mix = [&h](std::uint64_t x) {
    for (int b = 0; b < 8; ++b) {
      h ^= (x >> (8 * b)) & 0xffu;
      h *= 1099511628211u;
    }
  };
  for (const generated_edge& e : g.edges) {
    mix(e.parent);
    mix(e.child);
    mix(static_cast<std::uint64_t>(e.quantity * 4));
  }
  for (const generated_source& r : g.supply.rows) {
    mix(r.material);
    mix(r.supplier);
    mix(r.country);
    mix(static_cast<std::uint64_t>(r.volume));
  }
  for (const double d : g.demand) mix(static_cast<std::uint64_t>(d));
  for (const double s : g.stock) mix(static_cast<std::uint64_t>(s));
  return h;
}

struct shape_facts {
  std::size_t products = 0, assemblies = 0, materials = 0;
  std::uint32_t levels = 0;
  double edges_per_item = 0;
  std::size_t component_fan_out_median = 0, upper_fan_out_median = 0;
  std::size_t max_fan_in = 0, median_fan_in = 0;
  double top_percent_fan_in_share = 0;  // edges into the 1% most used materials
};

shape_facts facts(const generated_supply_chain& g, const bill_of_materials<double>& bom) {
  shape_facts f;
  for (item_id i = 0; i < bom.item_count(); ++i) {
    switch (bom.kind(i)) {
      case item_kind::product: ++f.products; break;
      case item_kind::assembly: ++f.assemblies; break;
      case item_kind::material: ++f.materials; break;
    }
  }
  f.levels = bom.level_count();
  f.edges_per_item = static_cast<double>(bom.edge_count()) / static_cast<double>(bom.item_count());
  std::vector<std::size_t> component, upper;
  for (std::uint32_t i = 0; i < g.item_count(); ++i) {
    const std::size_t fan_out = bom.children(bom.id(item_name(g, i))).size();
    if (g.kinds[i] == generated_kind::component) component.push_back(fan_out);
    else if (g.kinds[i] != generated_kind::raw_material) upper.push_back(fan_out);
  }
  f.component_fan_out_median = median(component);
  f.upper_fan_out_median = median(upper);
  std::vector<std::size_t> fan_in;
  std::size_t into_materials = 0;
  for (const item_id m : bom.materials()) {
    fan_in.push_back(bom.parents(m).size());
    into_materials += fan_in.back();
  }
  std::sort(fan_in.begin(), fan_in.end(), std::greater<>());
  f.max_fan_in = fan_in.front();
  f.median_fan_in = fan_in[fan_in.size() / 2];
  std::size_t top = 0;
  for (std::size_t k = 0; k < std::max<std::size_t>(1, fan_in.size() / 100); ++k) top += fan_in[k];
  f.top_percent_fan_in_share = static_cast<double>(top) / static_cast<double>(into_materials);
  return f;
}

}  // namespace

TEST_CASE("generate_supply_chain: 1e5 items have the published shape") {
  const std::uint64_t seed = test_seed();
  const auto g = generate_supply_chain(100000, seed);
  const auto bom = make_bill_of_materials(g);
  REQUIRE(bom.item_count() == 100000);
  const shape_facts f = facts(g, bom);
  // 1% products and 5% raw materials exactly; components have children, so they join
  // the assemblies in graph terms (5% + 89%).
  CHECK(f.products == 1000);
  CHECK(f.materials == 5000);
  CHECK(f.assemblies == 94000);
  CHECK(std::all_of(bom.materials().begin(), bom.materials().end(),
                    [&](item_id m) { return bom.name(m).front() == 'R'; }));
  CHECK(f.levels <= 12);
  CHECK(f.levels >= 10);
  CHECK(f.edges_per_item > 5.0);
  CHECK(f.edges_per_item < 5.4);
  CHECK(f.component_fan_out_median == 5);
  CHECK(f.upper_fan_out_median >= 12);
  CHECK(f.upper_fan_out_median <= 16);
  // Heavy tail: the most used raw materials sit in 10,000+ parts, the typical one in a
  // few dozen, and the top 1% carry a third or more of all raw-material edges.
  CHECK(f.max_fan_in >= 10000);
  CHECK(f.median_fan_in <= 50);
  CHECK(f.top_percent_fan_in_share > 0.3);
}

TEST_CASE("generate_supply_chain: 1e3 items keep the proportions and stay shallow enough") {
  const auto g = generate_supply_chain(1000, test_seed());
  const auto bom = make_bill_of_materials(g);
  const shape_facts f = facts(g, bom);
  CHECK(f.products == 10);
  CHECK(f.materials == 50);
  CHECK(f.assemblies == 940);
  CHECK(f.levels <= 12);
  CHECK(f.edges_per_item > 4.0);
  CHECK(f.edges_per_item < 5.6);
  CHECK(f.max_fan_in >= 5 * f.median_fan_in);
  // Every edge goes to a higher rank, the generator's promise that bounds the depth.
  for (const generated_edge& e : g.edges) REQUIRE(g.ranks[e.parent] < g.ranks[e.child]);
}

TEST_CASE("generate_supply_chain: purchased items have 1-8 distinct sources, a quarter single-sourced") {
  const auto g = generate_supply_chain(100000, test_seed());
  std::vector<std::size_t> count(g.item_count(), 0);
  std::set<std::uint32_t> countries;
  for (std::size_t k = 0; k < g.supply.rows.size(); ++k) {
    const generated_source& r = g.supply.rows[k];
    REQUIRE(g.kinds[r.material] == generated_kind::raw_material);
    REQUIRE(r.volume >= 1);
    REQUIRE(r.volume == static_cast<double>(static_cast<std::uint64_t>(r.volume)));
    if (k > 0 && g.supply.rows[k - 1].material == r.material)
      for (std::size_t j = k; j-- > 0 && g.supply.rows[j].material == r.material;)
        if (j != k) REQUIRE(g.supply.rows[j].supplier != r.supplier);
    ++count[r.material];
    countries.insert(r.country);
  }
  std::size_t single = 0;
  for (const std::uint32_t m : g.raw_materials) {
    REQUIRE(count[m] >= 1);
    REQUIRE(count[m] <= 8);
    single += count[m] == 1;
  }
  const double single_share = static_cast<double>(single) / static_cast<double>(g.raw_materials.size());
  CHECK(single_share > 0.22);
  CHECK(single_share < 0.28);
  CHECK(countries.size() == 30);
  CHECK(g.supply.country_count == 30);

  const auto base = make_supply_base(g);
  CHECK(base.material_count() == g.raw_materials.size());
  const auto bom = make_bill_of_materials(g);
  for (const item_id m : bom.materials()) REQUIRE(base.find(bom.name(m)).has_value());
  // A single-sourced material has HHI 1 in the supply base too.
  const std::uint32_t first = g.supply.rows.front().material;
  const bool first_single = g.supply.rows.size() < 2 || g.supply.rows[1].material != first;
  if (first_single) CHECK(base.hhi(base.id(item_name(g, first)), grouping::supplier) == 1.0);
}

TEST_CASE("generate_supply: rows per material and names") {
  const auto s = generate_supply(20000, test_seed());
  CHECK(s.material_count == 20000);
  const double per = static_cast<double>(s.rows.size()) / 20000.0;
  CHECK(per > 2.9);
  CHECK(per < 3.4);
  const auto base = make_supply_base(s);
  CHECK(base.material_count() == 20000);
  CHECK(base.find("M19999").has_value());
  CHECK(country_name(0) == "CN");
  CHECK(country_name(31) == "X31");
  CHECK_THROWS_WITH_AS((void)generate_supply(0, 1),
                       "chokepoint::generate_supply: materials must be between 1 and 1000000000", invalid_input);
}

TEST_CASE("generate_supply_chain: deterministic for a seed, on every platform") {
  const auto a = generate_supply_chain(1000, 7);
  const auto b = generate_supply_chain(1000, 7);
  const auto c = generate_supply_chain(1000, 8);
  CHECK(fingerprint(a) == fingerprint(b));
  CHECK(fingerprint(a) != fingerprint(c));
  // Pinned: the generator uses only mt19937_64 and integer arithmetic, so this value is
  // the same with every compiler and standard library. A change here changes every
  // published benchmark input.
  CHECK(fingerprint(a) == 2885334983086810785u);
  const auto d = generate_supply_chain(100000, test_seed());
  const auto e = generate_supply_chain(100000, test_seed());
  CHECK(fingerprint(d) == fingerprint(e));
  CHECK_THROWS_WITH_AS((void)generate_supply_chain(999, 1),
                       "chokepoint::generate_supply_chain: items must be between 1000 and 100000000", invalid_input);
}

TEST_CASE("make_bill_of_materials: exact in the rational type, same explosion as double") {
  const auto g = generate_supply_chain(1000, test_seed());
  const auto bd = make_bill_of_materials<double>(g);
  const auto br = make_bill_of_materials<rational>(g);
  REQUIRE(bd.item_count() == br.item_count());
  REQUIRE(bd.edge_count() == br.edge_count());
  std::vector<double> dd(bd.item_count(), 0.0);
  std::vector<rational> dr(br.item_count(), rational(0));
  for (std::size_t k = 0; k < g.products.size(); ++k) {
    dd[bd.id(item_name(g, g.products[k]))] = g.demand[k];
    dr[br.id(item_name(g, g.products[k]))] = rational(static_cast<int>(g.demand[k]));
  }
  const auto gd = explode(bd, std::span<const double>(dd));
  const auto gr = explode(br, std::span<const rational>(dr));
  for (item_id i = 0; i < bd.item_count(); ++i) CHECK_CLOSE(gd[i], static_cast<double>(gr[i]));
}

TEST_CASE("write_csv_files: the four tables the command-line tool reads") {
  const auto g = generate_supply_chain(1000, test_seed());
  std::ostringstream bom, supply, demand, stock;
  write_bom_csv(bom, g);
  write_supply_csv(supply, g);
  write_demand_csv(demand, g);
  write_stock_csv(stock, g);
  const auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  const auto b = lines(bom.str());
  REQUIRE(b.size() == g.edges.size() + 1);
  CHECK(b[0] == "parent,child,quantity");
  const generated_edge& e = g.edges[0];
  std::ostringstream first;
  first << item_name(g, e.parent) << ',' << item_name(g, e.child) << ',' << e.quantity;
  CHECK(b[1] == first.str());
  const auto s = lines(supply.str());
  REQUIRE(s.size() == g.supply.rows.size() + 1);
  CHECK(s[0] == "material,supplier,country,volume");
  const auto d = lines(demand.str());
  REQUIRE(d.size() == g.products.size() + 1);
  CHECK(d[0] == "product,rate");
  const auto t = lines(stock.str());
  CHECK(t[0] == "item,on_hand");
  CHECK(t.size() ==
        1 + static_cast<std::size_t>(std::count_if(g.stock.begin(), g.stock.end(), [](double x) { return x != 0.0; })));

  const auto dir = std::filesystem::temp_directory_path() / ("chokepoint_generate_" + std::to_string(test_seed()));
  std::filesystem::create_directories(dir);
  write_csv_files(g, dir);
  CHECK(std::filesystem::file_size(dir / "bom.csv") == bom.str().size());
  CHECK(std::filesystem::file_size(dir / "stock.csv") == stock.str().size());
  std::filesystem::remove_all(dir);
  CHECK_THROWS_WITH_AS(
      write_csv_files(g, dir / "missing"),
      ("chokepoint::write_csv_files: cannot write '" + (dir / "missing" / "bom.csv").string() + "'").c_str(), error);
}
