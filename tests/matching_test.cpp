// SPDX-License-Identifier: MIT
// How a supply base meets a bill of materials: the supply materials no analysis can
// use are listed, with their rows and the BOM material each probably meant.
#include <chokepoint/disruption.hpp>
#include <chokepoint/exposure.hpp>
#include <chokepoint/matching.hpp>

#include "support.hpp"

#include <string>
#include <vector>

using namespace chokepoint;

namespace {

/// EV needs a motor; a motor needs MAGNET-NDFEB and Cu. The supply rows spell the
/// magnet otherwise (rows 4 and 6) and give one for the motor (row 7), an assembly.
template <class T>
bill_of_materials<T> motor_bom() {
  bom_builder<T> b;
  b.add_edge("EV", "motor", T(1));
  b.add_edge("motor", "MAGNET-NDFEB", T(1));
  b.add_edge("motor", "Cu", T(2));
  return std::move(b).build();
}

template <class T>
supply_base<T> erp_supply() {
  supply_builder<T> s;
  s.add("Magnet-NdFeB", "JL Mag", "CN", T(80), 4);
  s.add("Cu", "Codelco", "CL", T(100), 5);
  s.add("Magnet-NdFeB", "Shin-Etsu", "JP", T(20), 6);
  s.add("motor", "Nidec", "JP", T(1), 7);
  return std::move(s).build();
}

}  // namespace

TEST_CASE("folded_name drops case, spacing and punctuation, and keeps UTF-8") {
  CHECK(folded_name("Magnet-NdFeB") == "magnetndfeb");
  CHECK(folded_name("MAGNET NDFEB") == folded_name("magnet_ndfeb"));
  CHECK(folded_name(" Dy oxide (99.5%) ") == "dyoxide995");
  CHECK(folded_name("北方稀土") == "北方稀土");
  CHECK(folded_name("Société Générale") == "sociétégénérale");
}

TEST_CASE_TEMPLATE("unmatched supply materials: their rows, their kind and the name they probably meant", T, float,
                   double, long double) {
  const auto bom = motor_bom<T>();
  const auto supply = erp_supply<T>();
  const std::vector<unmatched_material> u = unmatched_supply_materials(bom, supply);
  REQUIRE(u.size() == 2);
  CHECK(u[0].name == "Magnet-NdFeB");
  CHECK(u[0].material == *supply.find("Magnet-NdFeB"));
  CHECK(u[0].first_row == 4);
  CHECK(u[0].rows == 2);
  CHECK_FALSE(u[0].bom_kind.has_value());
  REQUIRE(u[0].probable.has_value());
  CHECK(bom.name(*u[0].probable) == "MAGNET-NDFEB");
  CHECK(u[1].name == "motor");
  CHECK(u[1].first_row == 7);
  CHECK(u[1].rows == 1);
  CHECK(u[1].bom_kind == item_kind::assembly);
  CHECK_FALSE(u[1].probable.has_value());

  CHECK(probable_material(bom, "cu") == bom.find("Cu"));
  CHECK_FALSE(probable_material(bom, "Cu").has_value());  // a material already
  CHECK_FALSE(probable_material(bom, "Copper").has_value());

  SUBCASE("the disruption model and the exposure report list them, and the magnet as unsourced") {
    std::vector<T> demand(bom.item_count(), T(0)), stock(bom.item_count(), T(0));
    demand[*bom.find("EV")] = T(10);
    const disruption_model<T> model(bom, supply, demand, stock);
    REQUIRE(model.unmatched_supply().size() == 2);
    CHECK(model.unmatched_supply()[0].name == "Magnet-NdFeB");
    CHECK(model.unmatched_supply()[1].name == "motor");
    REQUIRE(model.unsourced().size() == 1);
    CHECK(bom.name(model.unsourced()[0]) == "MAGNET-NDFEB");

    const exposure_report<T> report = exposure(bom, supply);
    REQUIRE(report.unmatched.size() == 2);
    CHECK(report.unmatched[0].probable == bom.find("MAGNET-NDFEB"));
    CHECK(report.unmatched[1].bom_kind == item_kind::assembly);
  }

  SUBCASE("an alternate for a misspelt material names the one it probably meant") {
    std::vector<T> demand(bom.item_count(), T(0)), stock(bom.item_count(), T(0));
    const disruption_model<T> model(bom, supply, demand, stock);
    scenario<T> sc;
    sc.add(alternate_supply<T>{"magnet ndfeb", T(1), T(10), T(0)});
    CHECK_THROWS_WITH_AS(
        (void)model.time_to_survive(sc, T(365)),
        "chokepoint::disruption_model: alternate for unknown material 'magnet ndfeb' (did you mean 'MAGNET-NDFEB'?)",
        invalid_input);
  }
}

TEST_CASE("a supply base that matches the BOM leaves nothing unmatched; rows without numbers count by position") {
  const auto bom = motor_bom<double>();
  supply_builder<double> rows;
  rows.add("MAGNET-NDFEB", "JL Mag", "CN", 80);
  rows.add("Cu", "Codelco", "CL", 100);
  rows.add("Cu", "Codelco", "CL", 50);  // a duplicate source counts as a row of its own
  const auto s = std::move(rows).build();
  CHECK(unmatched_supply_materials(bom, s).empty());
  CHECK(s.first_row(*s.find("Cu")) == 2);
  CHECK(s.row_count(*s.find("Cu")) == 2);
  CHECK(s.row_count(*s.find("MAGNET-NDFEB")) == 1);
}
