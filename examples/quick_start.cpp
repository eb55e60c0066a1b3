#include <chokepoint/concentration.hpp>
#include <chokepoint/disruption.hpp>
#include <iostream>

int main() {
  using namespace chokepoint;
  bom_builder<double> parts;  // an EV needs a motor, a motor 0.02 kg of Dy
  parts.add_edge("EV", "motor", 1.0);
  parts.add_edge("motor", "Dy", 0.02);
  const auto bom = std::move(parts).build();

  supply_builder<double> sources;  // Dy: 90% from China, 10% from Malaysia
  sources.add("Dy", "CN separators", "CN", 90);
  sources.add("Dy", "Lynas", "MY", 10);
  const auto supply = std::move(sources).build();
  const auto dy = supply.id("Dy");
  std::cout << "HHI by country: " << hhi_points(supply.group_shares(dy, grouping::country)) << "\n";

  std::vector<double> demand(bom.item_count()), stock(bom.item_count());
  demand[bom.id("EV")] = 100;  // 100 cars a day use 2 kg of Dy
  stock[bom.id("Dy")] = 60;    // 60 kg on hand
  const disruption_model<double> model(bom, supply, demand, stock);
  const auto tts = model.time_to_survive(scenario<double>().cut_country("CN", 1.0));
  std::cout << "China stops exporting Dy: the EV line survives " << *tts.time << " days\n";
}
