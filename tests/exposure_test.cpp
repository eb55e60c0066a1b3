// SPDX-License-Identifier: MIT
#include <chokepoint/exposure.hpp>

#include "random_bom.hpp"
#include "support.hpp"

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace chokepoint;
using chokepoint::testing::dec50;
using chokepoint::testing::rational;

namespace {

template <class T>
T frac(int num, int den) {
  return T(T(num) / T(den));
}

// ---- the hand-worked car -------------------------------------------------------------
//
//   car     -> motor 1, wiring 1          sensor  -> Dy 1/10
//   motor   -> magnet 2, wiring 1         toaster -> wiring 1
//   magnet  -> Nd 1/2, Dy 1/4             lamp    -> wiring 1, Ga 1/2
//   wiring  -> Cu 3
//
// Exploded (R): car: Nd 2*1/2 = 1, Dy 2*1/4 = 1/2, Cu 3 (via motor) + 3 (direct) = 6;
// sensor: Dy 1/10; toaster: Cu 3; lamp: Cu 3, Ga 1/2.
// Unit values: Nd 60, Dy 400, Cu 10, Ga 20.
// Supply: Nd Baotou CN 90, Lynas AU 10; Dy Ganzhou CN 60 + 40 (two rows, one source);
// Cu Codelco CL 40, Freeport US 40, Antofagasta CL 20 (CL 0.6, US 0.4); Co (not in the
// BOM, ignored); Ga has no source (unsourced).
template <class T>
bill_of_materials<T> car_bom() {
  bom_builder<T> b;
  b.add_edge("car", "motor", T(1));
  b.add_edge("car", "wiring", T(1));
  b.add_edge("motor", "magnet", T(2));
  b.add_edge("motor", "wiring", T(1));
  b.add_edge("magnet", "Nd", frac<T>(1, 2));
  b.add_edge("magnet", "Dy", frac<T>(1, 4));
  b.add_edge("wiring", "Cu", T(3));
  b.add_edge("sensor", "Dy", frac<T>(1, 10));
  b.add_edge("toaster", "wiring", T(1));
  b.add_edge("lamp", "wiring", T(1));
  b.add_edge("lamp", "Ga", frac<T>(1, 2));
  return std::move(b).build();
}

template <class T>
supply_base<T> car_supply() {
  return supply_base<T>({{"Nd", "Baotou", "CN", T(90)},
                         {"Nd", "Lynas", "AU", T(10)},
                         {"Dy", "Ganzhou", "CN", T(60)},
                         {"Dy", "Ganzhou", "CN", T(40)},
                         {"Cu", "Codelco", "CL", T(40)},
                         {"Cu", "Freeport", "US", T(40)},
                         {"Cu", "Antofagasta", "CL", T(20)},
                         {"Co", "Glencore", "CD", T(5)}});
}

template <class T>
exposure_report<T> car_report(const bill_of_materials<T>& bom, const supply_base<T>& supply) {
  exposure_options<T> o;
  o.unit_values = item_values<T>(bom, {{"Nd", T(60)}, {"Dy", T(400)}, {"Cu", T(10)}, {"Ga", T(20)}});
  o.demand = item_values<T>(bom, {{"car", T(2)}, {"sensor", T(10)}, {"toaster", T(5)}, {"lamp", T(4)}});
  return exposure(bom, supply, o);
}

template <class T>
T country_exposure(const exposure_report<T>& r, const product_exposure<T>& p, const char* country) {
  for (std::size_t c = 0; c < r.country_names.size(); ++c)
    if (r.country_names[c] == country) return p.country_exposure(static_cast<country_id>(c));
  return T(0);
}

}  // namespace

TEST_CASE_TEMPLATE("exposure of the hand-worked car BOM", T, float, double, dec50, rational) {
  const auto bom = car_bom<T>();
  const auto supply = car_supply<T>();
  const auto r = car_report(bom, supply);
  const auto id = [&](const char* n) { return bom.id(n); };

  REQUIRE(r.products.size() == 4);
  REQUIRE(r.materials.size() == 4);
  CHECK(r.unsourced == std::vector<item_id>{id("Ga")});

  // car: values Nd 1*60 = 60, Dy 1/2*400 = 200, Cu 6*10 = 60; input value 320.
  // w: Nd 60/320 = 3/16, Dy 200/320 = 5/8, Cu 3/16.
  const auto& car = r.product("car");
  CHECK_CLOSE(car.input_value, T(320));
  CHECK_CLOSE(car.find(id("Nd"))->share, frac<T>(3, 16));
  CHECK_CLOSE(car.find(id("Dy"))->share, frac<T>(5, 8));
  CHECK_CLOSE(car.find(id("Cu"))->quantity, T(6));
  // E: CN = 3/16*9/10 + 5/8*1 = 27/160 + 100/160 = 127/160; AU = 3/16*1/10 = 3/160;
  // CL = 3/16*3/5 = 18/160; US = 3/16*2/5 = 12/160. Sum 160/160.
  CHECK_CLOSE(country_exposure(r, car, "CN"), frac<T>(127, 160));
  CHECK_CLOSE(country_exposure(r, car, "AU"), frac<T>(3, 160));
  CHECK_CLOSE(country_exposure(r, car, "CL"), frac<T>(18, 160));
  CHECK_CLOSE(country_exposure(r, car, "US"), frac<T>(12, 160));
  CHECK(r.country_names[car.countries.front().country] == "CN");
  // HHI = (127^2 + 3^2 + 18^2 + 12^2) / 160^2 = 16606/25600 = 0.648671875 -> 6486.71875 points.
  CHECK_CLOSE(car.hhi, frac<T>(16606, 25600));
  CHECK_CLOSE(car.hhi_points, frac<T>(648671875, 100000));
  CHECK_CLOSE(car.hhi_upper, car.hhi);
  CHECK(car.unknown_origin == T(0));
  // Single-source and single-country: Dy only (Nd has two suppliers, Cu three): 5/8.
  // Dominant (> 65%): Nd (CN 90%) and Dy (CN 100%), not Cu (CL 60%): 3/16 + 5/8 = 13/16.
  CHECK_CLOSE(car.single_source_share, frac<T>(5, 8));
  CHECK_CLOSE(car.single_country_share, frac<T>(5, 8));
  CHECK_CLOSE(car.dominant_country_share, frac<T>(13, 16));
  CHECK(car.single_source_materials == std::vector<item_id>{id("Dy")});
  CHECK(car.dominant_country_materials.size() == 2);

  // sensor: only Dy (single-sourced): every exposure is one.
  const auto& sensor = r.product("sensor");
  CHECK_CLOSE(country_exposure(r, sensor, "CN"), T(1));
  CHECK_CLOSE(sensor.hhi, T(1));
  CHECK_CLOSE(sensor.single_source_share, T(1));
  CHECK_CLOSE(sensor.single_country_share, T(1));
  CHECK_CLOSE(sensor.dominant_country_share, T(1));

  // toaster: only Cu (CL 0.6, US 0.4): no risky input; HHI 0.36 + 0.16 = 0.52.
  const auto& toaster = r.product("toaster");
  CHECK(toaster.single_source_share == T(0));
  CHECK(toaster.single_country_share == T(0));
  CHECK(toaster.dominant_country_share == T(0));
  CHECK_CLOSE(toaster.hhi, frac<T>(52, 100));

  // lamp: Cu 3*10 = 30, Ga 1/2*20 = 10 (unsourced): w Cu 3/4, Ga 1/4.
  // E: CL 3/4*0.6 = 0.45, US 0.3, unknown origin 0.25. HHI 0.2025 + 0.09 = 0.2925;
  // upper bound: the unknown 0.25 all from CL: 0.7^2 + 0.3^2 = 0.58.
  const auto& lamp = r.product("lamp");
  CHECK_CLOSE(country_exposure(r, lamp, "CL"), frac<T>(45, 100));
  CHECK_CLOSE(lamp.unknown_origin, frac<T>(1, 4));
  CHECK_CLOSE(lamp.unsourced_share, frac<T>(1, 4));
  CHECK(lamp.unsourced_materials == std::vector<item_id>{id("Ga")});
  CHECK_CLOSE(lamp.hhi, frac<T>(2925, 10000));
  CHECK_CLOSE(lamp.hhi_upper, frac<T>(58, 100));
  CHECK(lamp.single_source_share == T(0));

  // Demand 2 cars, 10 sensors, 5 toasters, 4 lamps: demand values 640 + 400 + 150 + 160 = 1350.
  // Dy: spent 2*1/2*400 + 10*1/10*400 = 800 -> 16/27; lines car + sensor 1040 -> 104/135.
  // Cu: spent 2*6*10 + 5*3*10 + 4*3*10 = 390 -> 13/45; lines 640 + 150 + 160 = 950 -> 19/27.
  CHECK_CLOSE(r.total_demand_value, T(1350));
  const auto& dy = r.material("Dy");
  CHECK(dy.single_source);
  CHECK(dy.used_by.size() == 2);
  CHECK_CLOSE(T(dy.used_by[0].quantity + dy.used_by[1].quantity), frac<T>(6, 10));
  CHECK_CLOSE(dy.value_share, frac<T>(16, 27));
  CHECK_CLOSE(dy.dependent_value_share, frac<T>(104, 135));
  const auto& cu = r.material("Cu");
  CHECK(!cu.dominated());
  CHECK_CLOSE(cu.value_share, frac<T>(13, 45));
  CHECK_CLOSE(cu.dependent_value_share, frac<T>(19, 27));
  CHECK(r.material("Ga").unsourced());

  // Explanations. The car's CN exposure 127/160 is Dy 100/160 then Nd 27/160.
  const auto cn = country_contributors(r, id("car"), supply.country("CN"), 5);
  REQUIRE(cn.size() == 2);
  CHECK(cn[0].material == id("Dy"));
  CHECK_CLOSE(cn[1].amount, frac<T>(27, 160));
  CHECK_CLOSE(cn[1].share, frac<T>(9, 10));
  const auto dom = figure_contributors(r, id("car"), exposure_figure::dominant_country, 1);
  REQUIRE(dom.size() == 1);
  CHECK(dom[0].material == id("Dy"));
  // Cu reaches the car through two chains of 3 units each: car -> motor -> wiring -> Cu
  // and car -> wiring -> Cu.
  const auto why = explain_dependency(bom, r, id("car"), id("Cu"), 10);
  CHECK_CLOSE(why.quantity, T(6));
  CHECK(why.paths.total == 2);
  REQUIRE(why.paths.paths.size() == 2);
  CHECK_CLOSE(why.paths.paths[0].quantity, T(3));
  CHECK_CLOSE(why.paths.paths[1].quantity, T(3));
  const auto none = explain_dependency(bom, r, id("toaster"), id("Dy"));
  CHECK(none.quantity == T(0));
  CHECK(none.paths.paths.empty());
}

TEST_CASE("exposure: \"Other\" rows as a producer or an unknown remainder") {
  bom_builder<double> b;
  b.add_edge("P", "X", 1.0);  // X: Alpha CN 60, Other 40
  b.add_edge("Q", "Y", 1.0);  // Y: Other only
  const auto bom = std::move(b).build();
  const std::vector<supply_row<double>> rows{
      {"X", "Alpha", "CN", 60.0}, {"X", "Other", "Other", 40.0}, {"Y", "Other", "Other", 5.0}};

  // One more producer: "Other" is a country and a supplier like any other.
  const auto as_producer = exposure(bom, supply_base<double>(rows, other_rows::producer));
  const auto& p1 = as_producer.product("P");
  CHECK(p1.countries.size() == 2);
  CHECK(p1.unknown_origin == 0.0);
  CHECK_CLOSE(p1.hhi, 0.36 + 0.16);
  CHECK(as_producer.product("Q").single_source_share == 1.0);
  CHECK(as_producer.product("Q").single_country_share == 1.0);

  // An unknown remainder: not a country, not one supplier; its share is of unknown origin.
  const auto as_remainder = exposure(bom, supply_base<double>(rows, other_rows::unknown_remainder));
  const auto& p2 = as_remainder.product("P");
  CHECK(p2.countries.size() == 1);
  CHECK_CLOSE(p2.unknown_origin, 0.4);
  CHECK_CLOSE(p2.hhi, 0.36);
  CHECK_CLOSE(p2.hhi_upper, 1.0);
  CHECK(p2.single_source_share == 0.0);
  CHECK(p2.single_country_share == 0.0);
  CHECK(p2.dominant_country_share == 0.0);
  const auto& q2 = as_remainder.product("Q");
  CHECK(q2.countries.empty());
  CHECK(q2.unknown_origin == 1.0);
  CHECK(q2.single_source_share == 0.0);
  CHECK(q2.unsourced_share == 0.0);  // it has a source, of unknown origin
}

TEST_CASE("exposure: a country at exactly the threshold does not dominate") {
  bom_builder<rational> b;
  b.add_edge("P", "Z", rational(1));
  const auto bom = std::move(b).build();
  const supply_base<rational> supply({{"Z", "A", "CN", rational(65)}, {"Z", "B", "US", rational(35)}});
  CHECK(exposure(bom, supply).product("P").dominant_country_share == 0);  // 65% is not > 65%
  exposure_options<rational> o;
  o.dominant_threshold = rational(64, 100);
  CHECK(exposure(bom, supply, o).product("P").dominant_country_share == 1);
}

TEST_CASE("exposure: bad input") {
  const auto bom = car_bom<double>();
  const auto supply = car_supply<double>();
  exposure_options<double> o;
  o.unit_values = {1.0, 2.0, 3.0};
  CHECK_THROWS_WITH_AS(exposure(bom, supply, o), "chokepoint::exposure: 3 unit values for 11 items", invalid_input);
  o.unit_values = item_values(bom, {{"Dy", -1.0}});
  CHECK_THROWS_WITH_AS(exposure(bom, supply, o), "chokepoint::exposure: unit value of 'Dy' is negative", invalid_input);
  o.unit_values = item_values(bom, {{"Nd", std::nan("")}});
  CHECK_THROWS_WITH_AS(exposure(bom, supply, o), "chokepoint::exposure: unit value of 'Nd' is not finite",
                       invalid_input);
  o.unit_values = item_values(bom, {{"Dy", 0.0}});
  CHECK_THROWS_WITH_AS(exposure(bom, supply, o), "chokepoint::exposure: product 'sensor' has input value 0",
                       domain_error);
  o.unit_values.clear();
  o.demand = item_values(bom, {{"lamp", -2.0}});
  CHECK_THROWS_WITH_AS(exposure(bom, supply, o), "chokepoint::exposure: demand of 'lamp' is negative", invalid_input);
  o.demand.clear();
  o.dominant_threshold = 1.5;
  CHECK_THROWS_WITH_AS(exposure(bom, supply, o), "chokepoint::exposure: dominant threshold must be in [0, 1), got 1.5",
                       invalid_input);
  CHECK_THROWS_WITH_AS(item_values(bom, {{"Xx", 1.0}}), "chokepoint::bom: unknown item 'Xx'", invalid_input);
  const auto r = exposure(bom, supply);
  CHECK_THROWS_WITH_AS((void)r.product("bike"), "chokepoint::exposure_report: no product 'bike'", invalid_input);
  CHECK_THROWS_WITH_AS((void)r.material("Tb"), "chokepoint::exposure_report: no material 'Tb'", invalid_input);
}

// ---- brute force on random BOMs and supply bases ---------------------------------------

namespace {

// Sources of one material, straight from the rows, keyed by name.
template <class T>
struct reference_material {
  bool sourced = false;
  T total = T(0);
  std::map<std::string, T> by_country, by_supplier;
};

template <class T>
void check_against_brute_force(std::mt19937_64& rng, const testing::dag_shape& shape, int mode) {
  const auto bom = testing::build_bom<T>(testing::random_dag(rng, shape));
  const std::size_t n = bom.item_count();
  const std::optional<other_rows> other =
      mode == 0 ? std::nullopt
                : std::optional<other_rows>(mode == 1 ? other_rows::producer : other_rows::unknown_remainder);
  const bool remainder = mode == 2;

  // Random supply: 3 of 4 materials sourced from 1..4 rows over few suppliers and countries.
  const std::vector<std::string> countries{"CN", "AU", "US", "MY"};
  const std::vector<std::string> suppliers{"s0", "s1", "s2", "s3", "s4", "s5"};
  std::vector<supply_row<T>> rows;
  std::map<std::string, reference_material<T>> ref;
  for (const item_id m : bom.materials()) {
    if (rng() % 4 == 0) continue;
    const std::string name(bom.name(m));
    const std::size_t count = 1 + rng() % 4;
    for (std::size_t k = 0; k < count; ++k) {
      const bool is_other = mode != 0 && rng() % 5 == 0;
      const std::string s = is_other ? "Other" : suppliers[rng() % suppliers.size()];
      const std::string c = is_other ? "Other" : countries[rng() % countries.size()];
      const int volume = k == 0 ? 1 + static_cast<int>(rng() % 10) : static_cast<int>(rng() % 11);
      rows.push_back({name, s, c, T(volume)});
      auto& rm = ref[name];
      rm.sourced = true;
      rm.total += T(volume);
      rm.by_country[c] += T(volume);
      rm.by_supplier[s] += T(volume);
    }
  }
  rows.push_back({"unused", "s0", "CN", T(3)});  // a supply-base material the BOM lacks
  const supply_base<T> supply(rows, other);

  exposure_options<T> o;
  o.unit_values.assign(n, T(0));
  o.demand.assign(n, T(0));
  for (const item_id m : bom.materials()) o.unit_values[m] = T(1 + static_cast<int>(rng() % 5));
  for (const item_id p : bom.products()) o.demand[p] = T(static_cast<int>(rng() % 4));
  // Half the time a threshold of 1/2, which small integer volumes hit exactly (strictly
  // more is dominant), otherwise the EU CRM Act's default of 65%.
  if (rng() % 2 == 0) o.dominant_threshold = frac<T>(1, 2);
  const T threshold = T(o.dominant_threshold);
  const auto report = exposure(bom, supply, o);

  // Per-material flags from the rows.
  const auto named = [&](const std::string& s) { return !(remainder && s == "Other"); };
  struct flags {
    bool single_source = false, single_country = false, dominant = false;
    T unknown = T(1);
  };
  std::map<std::string, flags> fl;
  for (auto& [name, rm] : ref) {
    flags f;
    f.unknown = T(0);
    std::size_t named_suppliers = 0, named_countries = 0;
    bool supplier_rest = false, country_rest = false;
    for (const auto& [s, v] : rm.by_supplier)
      if (T(0) < v) (named(s) ? (void)++named_suppliers : (void)(supplier_rest = true));
    for (const auto& [c, v] : rm.by_country) {
      if (!(T(0) < v)) continue;
      if (!named(c)) {
        country_rest = true;
        f.unknown += T(v / rm.total);
        continue;
      }
      ++named_countries;
      if (threshold < T(v / rm.total)) f.dominant = true;
    }
    f.single_source = named_suppliers == 1 && !supplier_rest;
    f.single_country = named_countries == 1 && !country_rest;
    fl[name] = f;
  }

  T total_value(0);
  std::vector<T> product_value(n, T(0));
  std::vector<std::vector<T>> req(n);  // dense R rows by product id
  for (const item_id p : bom.products()) {
    std::vector<T> d(n, T(0));
    d[p] = T(1);
    req[p] = explode(bom, std::span<const T>(d));
    T value(0);
    for (const item_id m : bom.materials()) value += req[p][m] * o.unit_values[m];
    product_value[p] = value;
    total_value += o.demand[p] * value;
  }
  CHECK_CLOSE(report.total_demand_value, total_value);

  REQUIRE(report.products.size() == bom.products().size());
  for (const auto& pe : report.products) {
    const item_id p = pe.product;
    const T value = product_value[p];
    CHECK_CLOSE(pe.input_value, value);
    std::map<std::string, T> e;
    T unknown(0), single_source(0), single_country(0), dominant(0), unsourced(0);
    std::size_t used = 0;
    for (const item_id m : bom.materials()) {
      if (req[p][m] == T(0)) continue;
      ++used;
      const T w = T(req[p][m] * o.unit_values[m] / value);
      const basket_entry<T>* b = pe.find(m);
      REQUIRE(b != nullptr);
      CHECK_CLOSE(b->quantity, req[p][m]);
      CHECK_CLOSE(b->share, w);
      const std::string name(bom.name(m));
      const auto it = ref.find(name);
      if (it == ref.end()) {
        unknown += w;
        unsourced += w;
        continue;
      }
      for (const auto& [c, v] : it->second.by_country)
        if (named(c)) e[c] += T(w * T(v / it->second.total));
      const flags& f = fl[name];
      unknown += T(w * f.unknown);
      if (f.single_source) single_source += w;
      if (f.single_country) single_country += w;
      if (f.dominant) dominant += w;
    }
    CHECK(pe.basket.size() == used);
    T hhi(0), sum(pe.unknown_origin);
    for (const auto& [c, x] : e) {
      CHECK_CLOSE(pe.country_exposure(supply.country(c)), x);
      hhi += x * x;
    }
    for (const auto& cs : pe.countries) sum += cs.share;
    CHECK_CLOSE(sum, T(1));  // the country vector and unknown origin sum to one
    CHECK_CLOSE(pe.unknown_origin, unknown);
    CHECK_CLOSE(pe.unsourced_share, unsourced);
    CHECK_CLOSE(pe.hhi, hhi);
    CHECK_CLOSE(pe.hhi_points, T(hhi * T(10000)));
    CHECK(!(pe.hhi_upper < pe.hhi));
    CHECK_CLOSE(pe.single_source_share, single_source);
    CHECK_CLOSE(pe.single_country_share, single_country);
    CHECK_CLOSE(pe.dominant_country_share, dominant);

    // Contributors add up to their figures.
    T parts(0);
    for (const auto& c : figure_contributors(report, p, exposure_figure::single_source, n)) parts += c.amount;
    CHECK_CLOSE(parts, single_source);
    if (!pe.countries.empty()) {
      parts = T(0);
      const auto top = country_contributors(report, p, pe.countries.front().country, n);
      for (std::size_t k = 0; k < top.size(); ++k) {
        parts += top[k].amount;
        if (k > 0) CHECK(!(top[k - 1].amount < top[k].amount));
      }
      CHECK_CLOSE(parts, pe.countries.front().share);
    }
    // Paths carry the exploded quantity.
    const auto why = explain_dependency(bom, report, p, pe.basket.back().material, 1000000);
    if (why.paths.complete()) {
      T along(0);
      for (const auto& path : why.paths.paths) along += path.quantity;
      CHECK_CLOSE(along, why.quantity);
    }
  }

  REQUIRE(report.materials.size() == bom.materials().size());
  for (const auto& me : report.materials) {
    const item_id m = me.material;
    CHECK(me.unsourced() == (ref.count(me.name) == 0));
    T spent(0), dependent(0);
    std::size_t users = 0;
    for (const item_id p : bom.products()) {
      if (req[p][m] == T(0)) continue;
      REQUIRE(users < me.used_by.size());
      CHECK(me.used_by[users].item == p);
      CHECK_CLOSE(me.used_by[users].quantity, req[p][m]);
      ++users;
      spent += o.demand[p] * req[p][m] * o.unit_values[m];
      dependent += o.demand[p] * product_value[p];
    }
    CHECK(me.used_by.size() == users);
    const T vs = T(0) < total_value ? T(spent / total_value) : T(0);
    const T ds = T(0) < total_value ? T(dependent / total_value) : T(0);
    CHECK_CLOSE(me.value_share, vs);
    CHECK_CLOSE(me.dependent_value_share, ds);
  }
}

}  // namespace

TEST_CASE_TEMPLATE("exposure agrees with a brute-force computation on random BOMs", T, double, rational) {
  std::mt19937_64 rng(chokepoint::testing::test_seed());
  for (int round = 0; round < 3; ++round)
    for (const auto& shape : testing::dag_shapes)
      for (int mode = 0; mode < 3; ++mode) {
        CAPTURE(round);
        CAPTURE(shape.items);
        CAPTURE(mode);
        check_against_brute_force<T>(rng, shape, mode);
      }
}
