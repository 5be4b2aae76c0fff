// The EM side of a survey's data degradations (apps/data_degradation.hpp): relative noise,
// static shifts of the TM mode and a missing frequency band, applied to one sample's complex
// data before their real form. The shifts, then the noise, draw from SampleRng(seed, index,
// Degradation) (the Noise stream is -survey_noise_snr's), so sample i is degraded the same way on
// any rank.
#pragma once

#include <cstdint>

#include "apps/data_degradation.hpp"
#include "solvers/em/em_config.hpp"
#include "solvers/em/em_data.hpp"

namespace pairinv::apps {

/// InputError naming the -survey_ option for settings that do not apply to `config`: acoustic
/// degradations, relative noise outside [0, 1], a static shift without TM impedances or outside
/// [0, 2] decades, a missing band with fmin >= fmax or one that holds none or all of the
/// frequencies (nothing to interpolate from).
void validateEmDegradation(const DataDegradation& d, const em::EmConfig& config);

/// Degrades `data` (the configuration's datum, [frequency][source][receiver]) in place: static
/// shift, then relative noise, then the missing band's interpolation.
void degradeEmData(em::EmData& data, const em::EmConfig& config, const DataDegradation& d, std::uint64_t seed,
                   std::uint64_t index);

}  // namespace pairinv::apps
