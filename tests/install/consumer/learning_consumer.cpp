// Built against the installed pairinv::learning: the named training presets and an unknown
// name refused with pairinv's InputError. Exit 0 when both hold.
#include <cstdio>

#include "core/error.hpp"
#include "learning/presets.hpp"

int main() {
  using namespace pairinv;
  const auto names = learning::trainPresetNames();
  bool refused = false;
  try {
    learning::trainPreset("no_such_preset");
  } catch (const InputError& e) {
    refused = true;
    std::printf("learning_consumer: %zu presets; an unknown one: %s\n", names.size(), e.what());
  }
  bool tiny = false;
  for (const auto& n : names) tiny = tiny || n == "tiny";
  return refused && tiny ? 0 : 1;
}
