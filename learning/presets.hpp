// Named starting points for TrainRunOptions; any option given after the preset overrides it.
//
//   quickstart : ~70x70 models, data [5, 1000/4, 70]; trains a few hundred samples in minutes
//                on a 2-core CPU (small channels, one convolution per stage).
//   openfwi    : OpenFWI geometry (70x70 models, data [5, 1000, 70] kept every 4th sample:
//                [5, 250, 70]), wider networks, for GPUs.
//   tiny       : seconds-long runs for tests and smoke tests.
#pragma once

#include <string>
#include <vector>

#include "learning/options.hpp"

namespace pairinv::learning {

/// The preset's options; InputError listing the names for an unknown one.
TrainRunOptions trainPreset(const std::string& name);
std::vector<std::string> trainPresetNames();

}  // namespace pairinv::learning
