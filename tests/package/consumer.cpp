// SPDX-License-Identifier: MIT
// A program that embeds chokepoint the way a user's tool does: a motor needs 0.02 kg of
// Dy a unit, 100 units a day, 60 kg on hand; China (90% of Dy) stops: 60 / 1.8 days.
#include <chokepoint/chokepoint.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

int main() {
  using namespace chokepoint;
  bom_builder<double> parts;
  parts.add_edge("motor", "Dy", 0.02);
  const auto bom = std::move(parts).build();
  supply_builder<double> sources;
  sources.add("Dy", "CN separators", "CN", 90);
  sources.add("Dy", "Lynas", "MY", 10);
  const auto supply = std::move(sources).build();
  std::vector<double> demand(bom.item_count()), stock(bom.item_count());
  demand[bom.id("motor")] = 100;
  stock[bom.id("Dy")] = 60;
  const disruption_model<double> model(bom, supply, demand, stock);
  const auto tts = model.time_to_survive(scenario<double>().cut_country("CN", 1.0));
  const bool ok = std::strlen(version_string) > 0 && tts.time && std::abs(*tts.time - 60.0 / 1.8) < 1e-9;
  std::printf("chokepoint %s %s\n", version_string, ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
