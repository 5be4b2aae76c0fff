// Named starting points for TrainRunOptions; any option given after the preset overrides it.
//
//   quickstart : 40x40 to 70x70 models, data [5, 1000/8, nr] compressed by log_peak 500, the
//                pathway b -> q weighted 30x, 120 epochs; trains ~1000 samples in about 5
//                minutes on a 2-core CPU (small channels, one convolution per stage).
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
